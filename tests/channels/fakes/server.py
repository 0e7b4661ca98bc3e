"""A small real HTTP server to stand in for a platform's API in tests.

Each fake platform (``tests/channels/fakes/<platform>.py``) subclasses :class:`FakeApi`, adds
routes that follow the platform's documented endpoints and answers, and keeps what was
posted, so a test can assert what the connector sent and that nothing was posted twice.

Faults are queued per route: ``api.fail("POST", r"/feed$", status=429, body={...})`` makes the
next matching request fail that way; ``api.hang(...)`` makes it record the post and then never
answer (the worker-kill test kills the worker while it waits). A body that is an iterator of
bytes is sent chunked as it is produced (``tests/channels/fakes/floods.py``: replies too large
to read); a ``Content-Length`` among the headers replaces the real one (a server that lies).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    match: re.Match[str] | None = None

    @property
    def json(self) -> Any:
        return json.loads(self.body or b"null")

    @property
    def form(self) -> dict[str, str]:
        """URL-encoded or multipart fields (files as their bytes under ``files``)."""
        content_type = self.headers.get("content-type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            fields = parse_qs(self.body.decode(), keep_blank_values=True)
            return {key: values[-1] for key, values in fields.items()}
        if content_type.startswith("multipart/form-data"):
            return {name: value for name, value in self.parts().items() if isinstance(value, str)}
        return {}

    def parts(self) -> dict[str, str | Part]:
        """Multipart fields: text fields as ``str``, files as :class:`Part`."""
        content_type = self.headers.get("content-type", "")
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + self.body
        )
        found: dict[str, str | Part] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename is not None:
                found[name] = Part(filename, part.get_content_type(), payload)
            else:
                found[name] = payload.decode()
        return found


@dataclass
class Part:
    filename: str
    content_type: str
    data: bytes


@dataclass
class Answer:
    status: int = 200
    body: Any = None  # dict/list as JSON, bytes as they are, an iterator of bytes chunked
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Fault:
    method: str
    pattern: re.Pattern[str]
    answer: Answer | None  # None: hang (never answer)
    times: int
    after_handler: bool  # run the real handler first (the post exists), then fail


Handler = Callable[[Request], Answer]


class FakeApi:
    """Routes + recorded requests + queued faults, served on 127.0.0.1 at a free port."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.requests: list[Request] = []
        self.faults: list[_Fault] = []
        self.lock = threading.RLock()
        self.release = threading.Event()  # set to let hanging requests go (at shutdown)
        self._server: ThreadingHTTPServer | None = None

    # -- set-up -----------------------------------------------------------------------------
    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self.routes.append((method.upper(), re.compile(pattern), handler))

    def fail(self, method: str, pattern: str, status: int, body: Any = None, *,
             times: int = 1, headers: dict[str, str] | None = None,
             after_handler: bool = False) -> None:
        with self.lock:
            self.faults.append(_Fault(method.upper(), re.compile(pattern),
                                      Answer(status, body, headers or {}), times, after_handler))

    def hang(self, method: str, pattern: str, *, times: int = 1,
             after_handler: bool = True) -> None:
        """The next matching request is carried out (``after_handler``) but never answered."""
        with self.lock:
            self.faults.append(_Fault(method.upper(), re.compile(pattern), None, times,
                                      after_handler))

    # -- serving ----------------------------------------------------------------------------
    def start(self) -> FakeApi:
        api = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body in separate writes: no 40 ms wait

            def log_message(self, *args: object) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                answer = api.handle(self.command, self.path, dict(self.headers.items()), body)
                if answer is None:
                    api.release.wait(60)
                    self.close_connection = True
                    return
                if isinstance(answer.body, Iterator):
                    self._stream(answer)
                    return
                payload = (answer.body if isinstance(answer.body, bytes)
                           else b"" if answer.body is None else json.dumps(answer.body).encode())
                self.send_response(answer.status)
                headers = {"Content-Type": "application/json",
                           "Content-Length": str(len(payload)), **answer.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def _stream(self, answer: Answer) -> None:
                """A chunked body from an iterator, until it ends or the client hangs up."""
                self.send_response(answer.status)
                headers = {"Content-Type": "application/json", "Transfer-Encoding": "chunked",
                           **answer.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.close_connection = True
                try:
                    for piece in answer.body:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:  # the client closed the connection: what a limit does
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def handle(self, method: str, raw_path: str, headers: dict[str, str],
               body: bytes) -> Answer | None:
        parts = urlsplit(raw_path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        request = Request(method, parts.path, query, {k.lower(): v for k, v in headers.items()},
                          body)
        with self.lock:
            self.requests.append(request)
            fault = self._take_fault(method, parts.path)
        if fault is not None and not fault.after_handler:
            return fault.answer
        answer = self._dispatch(request)
        if fault is not None:
            return fault.answer
        return answer

    def _take_fault(self, method: str, path: str) -> _Fault | None:
        for fault in self.faults:
            if fault.method == method and fault.pattern.search(path):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def _dispatch(self, request: Request) -> Answer:
        for method, pattern, handler in self.routes:
            if method == request.method and (match := pattern.fullmatch(request.path)):
                request.match = match
                with self.lock:
                    return handler(request)
        return Answer(404, {"error": f"no route for {request.method} {request.path}"})

    def calls(self, method: str, pattern: str) -> list[Request]:
        regex = re.compile(pattern)
        return [r for r in self.requests if r.method == method and regex.search(r.path)]
