"""Fault injection: servers on 127.0.0.1 that misbehave, and what borderkit._http guarantees.

Each test is bounded in time by small limits set through settings (a few
seconds at most); none asserts a wall-clock duration.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import multiprocessing
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from borderkit import _http, settings
from borderkit.errors import HTTPStatusError, ResponseError, SourceUnavailableError

SOURCE = "fault test"
JSON_HEADERS = {"Content-Type": "application/json"}
BODY = b'{"ok": true}'

Handler = Callable[[BaseHTTPRequestHandler], None]


def raw_route(server, path: str, handler: Handler) -> None:
    """Let ``handler`` write the whole answer to GET ``path`` (status line, headers, body)."""
    cls = server._httpd.RequestHandlerClass
    routes: dict[str, Handler] = cls.__dict__.get("raw_routes") or {}
    cls.raw_routes = routes
    routes[path] = handler
    if "do_GET_scripted" not in cls.__dict__:
        cls.do_GET_scripted = cls.do_GET

        def do_GET(self) -> None:  # noqa: N802 - the name http.server looks up
            own = self.raw_routes.get(self.path.split("?")[0])
            if own is None:
                self.do_GET_scripted()
                return
            server._next_response(self.path, dict(self.headers.items()), "GET")  # record it
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                own(self)

        cls.do_GET = do_GET


def accept_posts(server) -> list[str]:
    """Let the server answer POST like GET (scripted answers); return the bodies it received."""
    bodies: list[str] = []
    cls = server._httpd.RequestHandlerClass

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        bodies.append(body)
        answer = server._next_response(self.path, dict(self.headers.items()), "POST")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(answer)

    cls.do_POST = do_POST
    return bodies


@pytest.fixture
def other_server():
    """A second local server: another origin (same host, another port)."""
    from conftest import LocalServer

    server = LocalServer()
    try:
        yield server
    finally:
        server.close()


def cache_files() -> list[str]:
    folder = Path(settings.cache_folder)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --------------------------------------------------------------------------- credentials and redirects


def test_credentials_do_not_follow_a_redirect_to_another_origin(http_server, other_server) -> None:
    secrets = {
        "x-ucdp-access-token": "ucdp-tok-123",
        "Authorization": "Bearer acled-abc",
        "X-Api-Key": "key-999",
        "Cookie": "session=cookie-777",
    }
    other_server.route("/landing", [(200, JSON_HEADERS, BODY)])
    http_server.route("/api", [(302, {"Location": other_server.url("/landing")}, "")])
    got = _http.get_json(http_server.url("/api"), source=SOURCE, headers={**secrets, "Accept": "x/y"})
    assert got == {"ok": True}
    sent = http_server.requests[0].headers
    assert {name: sent.get(name) for name in secrets} == secrets  # the first origin gets them
    received = {k.lower(): v for k, v in other_server.requests[0].headers.items()}
    assert received["accept"] == "x/y"  # harmless headers follow
    for name, value in secrets.items():
        assert name.lower() not in received
        assert all(value not in v for v in received.values())


def test_credentials_follow_a_redirect_within_the_origin(http_server) -> None:
    http_server.route("/old", [(301, {"Location": "/new"}, "")])
    http_server.route("/new", [(200, JSON_HEADERS, BODY)])
    headers = {"x-ucdp-access-token": "ucdp-tok-123"}
    assert _http.get_json(http_server.url("/old"), source=SOURCE, headers=headers) == {"ok": True}
    assert http_server.requests[1].headers["x-ucdp-access-token"] == "ucdp-tok-123"


def test_a_post_with_a_password_is_not_resent_to_another_origin(http_server, other_server) -> None:
    accept_posts(http_server)
    elsewhere = accept_posts(other_server)
    other_server.route("/steal", [(200, JSON_HEADERS, '{"access_token": "x"}')])
    http_server.route("/oauth/token", [(307, {"Location": other_server.url("/steal")}, "")])
    form = {"username": "me@example.org", "password": "hunter2-pw", "grant_type": "password"}
    with pytest.raises(SourceUnavailableError, match="another origin") as info:
        _http.post(http_server.url("/oauth/token"), source="ACLED OAuth", data=form)
    assert "hunter2-pw" not in str(info.value)
    assert other_server.count() == 0
    assert elsewhere == []


def test_a_post_redirected_with_303_becomes_a_get_without_its_body(http_server, other_server) -> None:
    accept_posts(http_server)
    other_server.route("/done", [(200, JSON_HEADERS, BODY)])
    http_server.route("/oauth/token", [(303, {"Location": other_server.url("/done")}, "")])
    form = {"password": "hunter2-pw"}
    assert _http.post(http_server.url("/oauth/token"), source="OAuth", data=form) == {"ok": True}
    assert [r.method for r in other_server.requests] == ["GET"]


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"])
def test_redirects_go_to_http_or_https_only(http_server, target) -> None:
    http_server.route("/api", [(302, {"Location": target}, "")])
    with pytest.raises(SourceUnavailableError, match="not http or https"):
        _http.get(http_server.url("/api"), source=SOURCE)
    assert cache_files() == []


def test_a_redirect_loop_stops(http_server) -> None:
    settings.max_redirects = 3
    http_server.route("/loop", [(302, {"Location": "/loop"}, "")])
    with pytest.raises(SourceUnavailableError, match=r"settings\.max_redirects"):
        _http.get(http_server.url("/loop"), source=SOURCE)
    assert http_server.count("/loop") == 4


def test_a_port_or_scheme_change_is_another_origin() -> None:
    from borderkit._http_fetch import origin

    assert origin("https://a.example/x") == origin("https://A.example:443/y")
    assert origin("https://a.example/x") != origin("http://a.example/x")
    assert origin("http://a.example/x") != origin("http://a.example:8080/x")
    assert origin("http://a.example/x") != origin("http://b.example/x")


# --------------------------------------------------------------------------- bounded responses


def test_a_gzip_bomb_stops_at_the_limit_counted_after_decompression(http_server) -> None:
    inflated = 20 * 1024 * 1024
    bomb = gzip.compress(b"\0" * inflated, compresslevel=9)
    assert len(bomb) < 100_000
    http_server.route("/bomb", [(200, {"Content-Encoding": "gzip"}, bomb)])
    settings.max_response_bytes = 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ResponseError, match="after decompression") as info:
            _http.get(http_server.url("/bomb"), source=SOURCE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "settings.max_response_bytes" in str(info.value)
    assert peak < 8 * 1024 * 1024  # far below the 20 MB the body inflates to
    assert http_server.count("/bomb") == 1  # not retried
    assert cache_files() == []


def test_json_has_its_own_lower_limit(http_server) -> None:
    big = json.dumps({"rows": ["x" * 100] * 2000}).encode()
    http_server.route("/page", [(200, JSON_HEADERS, big)])
    settings.max_json_bytes = 50_000
    with pytest.raises(ResponseError, match=r"settings\.max_json_bytes"):
        _http.get_json(http_server.url("/page"), source=SOURCE)
    assert len(_http.get(http_server.url("/page"), source=SOURCE)) == len(big)  # bytes: the general limit


def test_a_declared_length_over_the_limit_is_refused_before_reading(http_server) -> None:
    settings.max_response_bytes = 1000
    http_server.route("/big", [(200, {}, b"x" * 5000)])
    with pytest.raises(ResponseError, match="announces 5000 bytes"):
        _http.download(http_server.url("/big"), source=SOURCE, suffix=".bin")
    assert cache_files() == []


def _endless(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/octet-stream")
    handler.send_header("Connection", "close")
    handler.end_headers()
    chunk = b"A" * 65536
    for _ in range(100_000):  # about 6.5 GB: ends when the client hangs up
        handler.wfile.write(chunk)
    handler.close_connection = True


def test_an_endless_body_stops_at_the_limit_and_leaves_no_file(http_server) -> None:
    raw_route(http_server, "/endless", _endless)
    settings.max_response_bytes = 2 * 1024 * 1024
    with pytest.raises(ResponseError, match="more than 2097152 bytes"):
        _http.download(http_server.url("/endless"), source=SOURCE, suffix=".geojson")
    assert cache_files() == []  # the temporary file is gone too


# --------------------------------------------------------------------------- one deadline


def _drip_body(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    for _ in range(100_000):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.1)  # well under the read timeout: only a total deadline stops it


def _drip_headers(handler: BaseHTTPRequestHandler) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"y" * 100_000:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.1)


@pytest.mark.parametrize("drip", [_drip_body, _drip_headers])
def test_a_slow_drip_ends_at_the_total_deadline(http_server, drip) -> None:
    raw_route(http_server, "/drip", drip)
    settings.timeout = 1.0
    settings.total_timeout = 1.5
    settings.max_retries = 3
    with pytest.raises(SourceUnavailableError, match=r"deadline of 1.5 s \(settings.total_timeout\)") as info:
        _http.get(http_server.url("/drip"), source=SOURCE)
    assert not isinstance(info.value, ResponseError)
    assert http_server.count("/drip") == 1  # the deadline covers the retries too
    assert cache_files() == []


def test_a_long_retry_after_is_not_waited_past_the_deadline(http_server) -> None:
    # No fake sleep here: borderkit must give up at once rather than wait an hour.
    http_server.route("/busy", [(429, {"Retry-After": "3600"}, "slow down"), (200, JSON_HEADERS, BODY)])
    settings.total_timeout = 3.0
    with pytest.raises(HTTPStatusError) as info:
        _http.get(http_server.url("/busy"), source=SOURCE)
    assert info.value.status == 429
    assert "Retry-After: 3600" in str(info.value)
    assert "settings.total_timeout" in str(info.value)
    assert http_server.count("/busy") == 1


# --------------------------------------------------------------------------- validate before caching


def _is_feature_collection(path: Path) -> None:
    value = json.loads(path.read_bytes())
    if not (isinstance(value, dict) and value.get("type") == "FeatureCollection"):
        msg = "not a GeoJSON FeatureCollection"
        raise ValueError(msg)


GEOJSON = json.dumps({"type": "FeatureCollection", "features": []}).encode()


def test_html_answered_200_is_not_cached_and_the_next_call_recovers(http_server) -> None:
    http_server.route(
        "/file.geojson",
        [(200, {"Content-Type": "text/html"}, "<html>Maintenance</html>"), (200, {}, GEOJSON)],
    )
    url = http_server.url("/file.geojson")
    with pytest.raises(ResponseError, match=r"not what was expected .*it was not cached") as info:
        _http.download(url, source=SOURCE, suffix=".geojson", validate=_is_feature_collection)
    assert "<html>Maintenance</html>" in str(info.value)
    assert cache_files() == []
    path = _http.download(url, source=SOURCE, suffix=".geojson", validate=_is_feature_collection)
    assert path.read_bytes() == GEOJSON


def test_a_poisoned_cache_entry_is_evicted_and_fetched_once_more(http_server, caplog) -> None:
    url = http_server.url("/file.geojson")
    http_server.route("/file.geojson", [(200, {}, b"<html>captive portal</html>"), (200, {}, GEOJSON)])
    poisoned = _http.download(url, source=SOURCE, suffix=".geojson")  # no validation: cached as is
    assert poisoned.read_bytes().startswith(b"<html>")
    path = _http.download(url, source=SOURCE, suffix=".geojson", validate=_is_feature_collection)
    assert path == poisoned
    assert path.read_bytes() == GEOJSON
    warned = [r.getMessage() for r in caplog.records if "corrupt" in r.getMessage()]
    assert len(warned) == 1
    assert str(poisoned) in warned[0]  # the message names the cache file
    assert http_server.count("/file.geojson") == 2


def test_a_poisoned_entry_whose_refetch_fails_names_the_cache_file(http_server) -> None:
    url = http_server.url("/file.geojson")
    http_server.route("/file.geojson", [(200, {}, b"<html>still broken</html>")])
    poisoned = _http.download(url, source=SOURCE, suffix=".geojson")
    with pytest.raises(ResponseError) as info:
        _http.download(url, source=SOURCE, suffix=".geojson", validate=_is_feature_collection)
    assert f"The cached copy {poisoned} was refused too" in str(info.value)
    assert cache_files() == []


# --------------------------------------------------------------------------- concurrent processes


def _fetch_in_child(url: str, folder: str, barrier, results) -> None:
    settings.cache_folder = Path(folder)
    barrier.wait(timeout=30)
    path = _http.download(url, source=SOURCE, suffix=".bin")
    results.put(hashlib.sha256(path.read_bytes()).hexdigest())


def _slow_answer(body: bytes) -> Handler:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(0.3)  # all processes are waiting by now
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def test_eight_processes_on_one_url_fetch_once_and_agree(http_server) -> None:
    body = bytes(range(256)) * 4096  # 1 MiB
    raw_route(http_server, "/shared.bin", _slow_answer(body))
    ctx = multiprocessing.get_context("fork")  # the children inherit the imported modules
    barrier, results = ctx.Barrier(8), ctx.Queue()
    url, folder = http_server.url("/shared.bin"), str(settings.cache_folder)
    children = [ctx.Process(target=_fetch_in_child, args=(url, folder, barrier, results)) for _ in range(8)]
    for child in children:
        child.start()
    digests = [results.get(timeout=60) for _ in children]
    for child in children:
        child.join(timeout=30)
    assert [child.exitcode for child in children] == [0] * 8
    expected = hashlib.sha256(body).hexdigest()
    assert digests == [expected] * 8
    assert http_server.count("/shared.bin") == 1  # one fetched; the others read the cache
    key = _http.cache_key(url)
    assert cache_files() == [f"{key}.body.bin", f"{key}.json"]
    record = json.loads((Path(folder) / f"{key}.json").read_text())
    assert record["sha256"] == expected
    assert record["bytes"] == len(body)


@pytest.fixture
def tls_dripper():
    """A TCP server that answers a TLS ClientHello with the start of a record, then drips zeros."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn, contextlib.suppress(OSError):
                conn.recv(4096)  # the ClientHello
                conn.sendall(b"\x16\x03\x03\x40\x00")  # a handshake record of 16 kB ...
                while not stop.wait(0.1):
                    conn.sendall(b"\x00")  # ... sent one byte at a time

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{listener.getsockname()[1]}/file.geojson"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def test_a_tls_handshake_that_drips_ends_at_the_total_deadline(tls_dripper) -> None:
    settings.timeout = 1.0
    settings.total_timeout = 1.5
    with pytest.raises(SourceUnavailableError, match=r"deadline of 1.5 s \(settings.total_timeout\)"):
        _http.get(tls_dripper, source=SOURCE)
