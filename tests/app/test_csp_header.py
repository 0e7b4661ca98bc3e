"""The Content-Security-Policy header (:mod:`tayang.http.csp`): the text Django's middleware
gives, its policy made once when the response used no nonce."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware as Djangos
from django.test.utils import override_settings
from django.utils.csp import CSP

from tayang.http.csp import ContentSecurityPolicyMiddleware as Ours

ENFORCE, REPORT_ONLY = str(CSP.HEADER_ENFORCE), str(CSP.HEADER_REPORT_ONLY)


def _answer(middleware_class: type, *, use_nonce: bool = False,
            response: HttpResponse | None = None) -> tuple[HttpResponse, str]:
    """The response through the middleware, and the nonce its page used ("" for none)."""
    used: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        if use_nonce:
            used.append(str(request._csp_nonce))  # type: ignore[attr-defined]
        return response or HttpResponse("ok")

    return middleware_class(view)(HttpRequest()), (used[0] if used else "")


def test_a_response_without_a_nonce_gets_djangos_header_every_time():
    ours = Ours(lambda request: HttpResponse("ok"))
    djangos, _ = _answer(Djangos)
    for _ in range(3):
        assert ours(HttpRequest())[ENFORCE] == djangos[ENFORCE]
    assert "'nonce-" not in djangos[ENFORCE] and "script-src 'self'" in djangos[ENFORCE]


def test_a_page_that_used_its_nonce_names_it_as_djangos_would():
    ours = Ours(lambda request: HttpResponse("ok"))
    ours(HttpRequest())  # the text without a nonce, kept
    response, nonce = _answer(Ours, use_nonce=True)
    assert nonce and f"'nonce-{nonce}'" in response[ENFORCE]
    assert response[ENFORCE] == _answer(Djangos)[0][ENFORCE].replace(
        "script-src 'self'", f"script-src 'self' 'nonce-{nonce}'")
    assert f"'nonce-{nonce}'" not in ours(HttpRequest())[ENFORCE]


def test_a_changed_setting_changes_the_header():
    ours = Ours(lambda request: HttpResponse("ok"))
    before = ours(HttpRequest())[ENFORCE]
    with override_settings(SECURE_CSP={"default-src": [CSP.NONE]},
                           SECURE_CSP_REPORT_ONLY={"img-src": [CSP.SELF]}):
        response = ours(HttpRequest())
        assert response[ENFORCE] == "default-src 'none'"
        assert response[REPORT_ONLY] == "img-src 'self'"
        with override_settings(SECURE_CSP={}):
            assert ENFORCE not in ours(HttpRequest())
    assert ours(HttpRequest())[ENFORCE] == before


def test_a_views_own_policy_and_header_are_kept():
    own = HttpResponse("ok")
    own._csp_config = {"default-src": [CSP.SELF], "frame-ancestors": True}  # type: ignore[attr-defined]
    assert _answer(Ours, response=own)[0][ENFORCE] == "default-src 'self'; frame-ancestors"
    set_by_view = HttpResponse("ok")
    set_by_view[ENFORCE] = "default-src 'none'"
    assert _answer(Ours, response=set_by_view)[0][ENFORCE] == "default-src 'none'"


def test_the_projects_pages_get_it(client, db):
    """Through the whole stack (MIDDLEWARE names this one): the policy of the settings, with
    the nonce the page's scripts carry when it has any."""
    import re

    from django.conf import settings
    from django.utils.csp import build_policy

    for _ in range(2):
        response = client.get("/masuk/")
        used = re.search(r'nonce="([^"]+)"', response.content.decode())
        assert response[ENFORCE] == build_policy(settings.SECURE_CSP,
                                                 used.group(1) if used else None)
