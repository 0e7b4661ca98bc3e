"""Static files served by the production server itself, through WhiteNoise.

``collectstatic`` (WhiteNoise's compressed manifest storage, settings ``STORAGES``) writes
every file under a name carrying its content hash, with gzip and brotli copies beside it; this
middleware serves the copy the browser asks for (``Accept-Encoding``), answers HEAD and
conditional requests, and lets browsers keep a hashed name for a year: a changed file gets a
new name, so nothing stale is ever shown.

**Looked up when first asked for.** WhiteNoise's production mode reads the whole folder when
the process starts and keeps a response for every name: ~370 names (the admin's files,
every file hashed and unhashed), 1.8 MB of every web process's 80 (issue 16), when a page
names a dozen. Here the folder is only remembered; a name's response is made at its first
request, by WhiteNoise's own lookup (canonical paths inside the folder only, no compressed copy
served by its own name), and kept: at most one per file collected. A miss is not kept (a
visitor's invented names must not fill the memory) and costs a few ``stat`` calls. The files
are read as they are on the first request, as WhiteNoise reads them at start-up:
``collectstatic`` runs before the server starts (``manage.py prepare``).
"""

from __future__ import annotations

import os
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.string_utils import ensure_leading_trailing_slash

YEAR = 365 * 24 * 60 * 60


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    FOREVER = YEAR  # WhiteNoise's own default is ten years; a year is what RFC 9111 advises

    def add_files(self, root: str, prefix: str | None = None) -> None:
        # Remembered, not read: see the module's docstring.
        if self.autorefresh:
            super().add_files(root, prefix)
            return
        root = os.path.abspath(root).rstrip(os.path.sep) + os.path.sep
        self.directories.insert(0, (root, ensure_leading_trailing_slash(prefix)))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.autorefresh:  # DEBUG: WhiteNoise's own lookup at every request
            return super().__call__(request)
        static_file = self._static_file(request.path_info)
        if static_file is None:
            return self.get_response(request)
        return self.serve(static_file, request)

    def _static_file(self, url: str) -> Any:
        if not any(url.startswith(prefix) for _, prefix in self.directories):
            return None  # every page, feed and file of a site: no lookup at all
        found = self.files.get(url)
        if found is None:
            found = self.find_file(url)
            if found is not None:
                self.files[url] = found  # at most one per file collected
        return found
