"""Django's Content-Security-Policy middleware, with a policy's header text made once.

Django's builds the header from ``SECURE_CSP`` for every response — a pass over the
directives, the nonce looked for in each — though the text is the same every time a response
used no nonce (every redirect after a form, JSON answers, files): 0.5–0.7 % of a workspace
POST's CPU (issue 16, ``docs/performance.md``). Here the text of a policy without a nonce is
kept per configuration object — ``override_settings``, the ``settings`` fixture and
``csp_override`` each give a new one, and none is changed in place — and a response whose
nonce was used gets Django's own ``build_policy`` with it. Everything else is Django's.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware import csp
from django.utils.csp import CSP, build_policy

_KEPT = 16  # configurations whose text is kept (the settings' two and a few views' own)


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._texts: dict[int, tuple[object, str]] = {}

    def process_response(self, request: HttpRequest,
                         response: HttpResponseBase) -> HttpResponseBase:
        # As Django's (django/middleware/csp.py), the header's text made by ``_policy``.
        nonce = csp.get_nonce(request)
        sentinel = object()
        if (csp_config := getattr(response, "_csp_config", sentinel)) is sentinel:
            csp_config = settings.SECURE_CSP
        if (csp_ro_config := getattr(response, "_csp_ro_config", sentinel)) is sentinel:
            csp_ro_config = settings.SECURE_CSP_REPORT_ONLY
        for header, config in ((CSP.HEADER_ENFORCE, csp_config),
                               (CSP.HEADER_REPORT_ONLY, csp_ro_config)):
            # A header the view set is kept; an empty configuration adds none.
            if config and header not in response:
                response.headers[str(header)] = self._policy(config, nonce)
        return response

    def _policy(self, config: Any, nonce: Any) -> str:
        if nonce:  # made for this response (a page's script used it)
            return build_policy(config, nonce)
        kept = self._texts.get(id(config))
        if kept is not None and kept[0] is config:
            return kept[1]
        text = build_policy(config, None)
        if len(self._texts) >= _KEPT:
            self._texts.clear()
        # The configuration is kept with its text: its id is not given to another meanwhile.
        self._texts[id(config)] = (config, text)
        return text
