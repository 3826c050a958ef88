"""Shared fixtures: isolated settings, a local HTTP server, the real reference data."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from borderkit import settings

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_REAL = REPO_ROOT.parent / "shared" / "data" / "real"


# --------------------------------------------------------------------------- settings


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> Iterator[None]:
    """Give each test its own cache folder, online mode and quick backoff.

    Every public setting is restored afterwards, even if the test reloaded
    :mod:`borderkit.settings`.
    """
    saved = {
        name: (dict(value) if isinstance(value, dict) else value)
        for name, value in vars(settings).items()
        if not name.startswith("_") and isinstance(value, bool | int | float | str | Path | dict)
    }
    settings.cache_folder = tmp_path / "borderkit-cache"
    settings.offline = False
    settings.use_cache = True
    settings.backoff_factor = 0.01
    settings.timeout = 5.0  # a bound on any hang; tests that need a timeout pass their own
    yield
    for name, value in saved.items():
        setattr(settings, name, value)


# --------------------------------------------------------------------------- local server


@dataclass(frozen=True)
class Recorded:
    """One request the local server received."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]


Response = tuple[int, dict[str, str], bytes | str] | str | tuple[str, bytes]


class LocalServer:
    """A real HTTP server on 127.0.0.1 with scripted answers.

    ``route(path, responses)`` registers the answers to successive requests
    for ``path`` (the query string is ignored when matching); the last answer
    repeats once the list is used up. An answer is

    - ``(status, headers, body)``: sent with a correct Content-Length. If
      ``headers`` hold ``Accept-Ranges: bytes`` and the status is 200, a
      request with a ``Range: bytes=a-b`` header gets ``206 Partial Content``
      with that slice of ``body`` (as GDAL's ``/vsicurl/`` needs); other
      routes ignore ``Range``;
    - ``"timeout"``: the server stalls (until shutdown) without answering, so
      the client's timeout fires;
    - ``"truncate"`` or ``("truncate", body)``: status 200 with a
      Content-Length 100 bytes larger than the body it sends, then the
      connection is closed.

    Unknown paths answer 404. ``HEAD`` requests are answered like ``GET``
    (and use up an answer) without the body. ``requests`` lists what was
    received.
    """

    def __init__(self) -> None:
        self._routes: dict[str, list[Response]] = {}
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.requests: list[Recorded] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = False  # server_close() joins the handler threads
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    # The test-facing API --------------------------------------------------

    def route(self, path: str, responses: Sequence[Response]) -> None:
        """Answer requests for ``path`` with ``responses`` in turn."""
        if not responses:
            msg = f"route({path!r}, []) needs at least one response"
            raise ValueError(msg)
        with self._lock:
            self._routes[path] = list(responses)
            self._served[path] = 0

    def url(self, path: str) -> str:
        """Return the full URL of ``path`` on this server."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def count(self, path: str | None = None) -> int:
        """Return how many requests were received (for ``path`` only, if given)."""
        with self._lock:
            if path is None:
                return len(self.requests)
            return sum(1 for r in self.requests if urlsplit(r.path).path == path)

    def close(self) -> None:
        """Release stalled handlers, stop serving and join every thread."""
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)

    # Internals ------------------------------------------------------------

    def _next_response(self, raw_path: str, headers: dict[str, str], method: str) -> Response:
        path = urlsplit(raw_path).path
        with self._lock:
            self.requests.append(Recorded(method, raw_path, headers))
            responses = self._routes.get(path)
            if responses is None:
                return (404, {"Content-Type": "text/plain"}, f"no route for {path}")
            index = min(self._served[path], len(responses) - 1)
            self._served[path] += 1
            return responses[index]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                answer = server._next_response(self.path, dict(self.headers.items()), "GET")
                # The client may have given up already (e.g. after its timeout).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._answer(answer)

            def do_HEAD(self) -> None:
                answer = server._next_response(self.path, dict(self.headers.items()), "HEAD")
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._answer(answer, head=True)

            def _byte_range(
                self, status: int, headers: dict[str, str], data: bytes
            ) -> tuple[int, bytes, str | None]:
                """Apply a ``Range: bytes=a-b`` request header to routes that accept ranges.

                Returns the status, the body and the Content-Range header (None if not ranged).
                """
                accepts = any(k.lower() == "accept-ranges" and v == "bytes" for k, v in headers.items())
                match = re.fullmatch(r"bytes=(\d+)-(\d*)", (self.headers.get("Range") or "").strip())
                if status != 200 or not accepts or match is None:
                    return status, data, None
                start = int(match.group(1))
                end = min(int(match.group(2)) if match.group(2) else len(data) - 1, len(data) - 1)
                if start >= len(data):
                    return 416, b"", f"bytes */{len(data)}"
                return 206, data[start : end + 1], f"bytes {start}-{end}/{len(data)}"

            def _answer(self, answer: Any, *, head: bool = False) -> None:
                if answer == "timeout":
                    server._stop.wait(60)
                    self.close_connection = True
                    return
                if answer == "truncate" or (isinstance(answer, tuple) and answer[0] == "truncate"):
                    body = answer[1] if isinstance(answer, tuple) else b'{"partial": tr'
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(len(body) + 100))
                    self.end_headers()
                    if not head:
                        self.wfile.write(body)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                status, headers, body = answer
                data = body.encode("utf-8") if isinstance(body, str) else body
                status, data, content_range = self._byte_range(status, headers, data)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if content_range is not None:
                    self.send_header("Content-Range", content_range)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if not head:
                    self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A :class:`LocalServer` on 127.0.0.1, shut down after the test."""
    server = LocalServer()
    try:
        yield server
    finally:
        server.close()


# --------------------------------------------------------------------------- real data


@pytest.fixture
def shared_real() -> Path:
    """Path to ``../shared/data/real``; skips the test when it is absent."""
    if not SHARED_REAL.is_dir():
        pytest.skip(
            f"../shared/data/real is absent ({SHARED_REAL} does not exist): the real "
            "reference data lives outside the repository and is not copied into it; "
            "check it out beside the repository to run this test."
        )
    return SHARED_REAL
