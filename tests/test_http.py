"""Tests of borderkit._http against a real local HTTP server."""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import importlib
import json
import logging
import os
import socket
import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import requests

from borderkit import _http, settings
from borderkit.errors import OfflineError, ResponseError, SourceUnavailableError

SOURCE = "geoBoundaries gbOpen API"
HINT = (
    "Download the file yourself and pass its path: load_admin_units(level=2, source='path/to/file.geojson')"
)
BODY = b'{"boundaryISO": "AFG", "boundaryType": "ADM2"}'
JSON_HEADERS = {"Content-Type": "application/json"}


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the backoff waits instead of sleeping."""
    waits: list[float] = []
    monkeypatch.setattr(_http, "_sleep", waits.append)
    return waits


def cache_files() -> list[str]:
    folder = Path(settings.cache_folder)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def cached_paths(url: str, params: dict | None = None) -> tuple[Path, Path]:
    key = _http.cache_key(url, params)
    folder = Path(settings.cache_folder)
    return folder / f"{key}.body", folder / f"{key}.json"


# --------------------------------------------------------------------------- cache_key


def test_cache_key_sorts_params_and_hashes_the_full_url() -> None:
    url = "https://www.geoboundaries.org/api/current/gbOpen/AFG/ADM2/"
    expected = hashlib.sha256(f"{url}?a=2&b=x+y".encode()).hexdigest()
    assert _http.cache_key(url, {"b": "x y", "a": 2}) == expected
    assert _http.cache_key(url, {"a": 2, "b": "x y"}) == expected
    assert _http.cache_key(url) == hashlib.sha256(url.encode()).hexdigest()
    assert _http.cache_key(url, {"a": 3, "b": "x y"}) != expected
    assert _http.cache_key(f"{url}?z=1", {"a": 1}) == hashlib.sha256(f"{url}?z=1&a=1".encode()).hexdigest()


# --------------------------------------------------------------------------- requests


def test_user_agent_and_timeout_are_applied(http_server, monkeypatch) -> None:
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    seen: list[float | None] = []
    real_request = requests.Session.request

    def spy(self, method, url, *args, **kwargs):
        seen.append(kwargs.get("timeout"))
        return real_request(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", spy)
    settings.timeout = 12.5
    assert _http.get(http_server.url("/meta"), source=SOURCE, use_cache=False) == BODY
    assert _http.get(http_server.url("/meta"), source=SOURCE, timeout=2.0, use_cache=False) == BODY
    assert seen == [12.5, 2.0]
    user_agents = [r.headers["User-Agent"] for r in http_server.requests]
    assert user_agents == [settings.user_agent] * 2
    assert user_agents[0].startswith("borderkit/")


def test_settings_timeout_makes_a_stalled_server_fail(http_server, sleeps) -> None:
    http_server.route("/stall", ["timeout"])
    settings.timeout = 0.3
    settings.max_retries = 0
    url = http_server.url("/stall")
    with pytest.raises(SourceUnavailableError) as info:
        _http.get(url, source=SOURCE, local_hint=HINT)
    message = str(info.value)
    assert not isinstance(info.value, ResponseError)
    assert url in message
    assert "after 1 attempt(s)" in message
    assert "no answer within 0.3 s" in message
    assert message.endswith(HINT)
    assert isinstance(info.value.__cause__, requests.Timeout)
    assert http_server.count("/stall") == 1
    assert sleeps == []


def test_timeout_then_success_is_retried(http_server, sleeps, caplog) -> None:
    http_server.route("/slow", ["timeout", (200, JSON_HEADERS, BODY)])
    assert _http.get(http_server.url("/slow"), source=SOURCE, timeout=0.3) == BODY
    assert http_server.count("/slow") == 2
    assert sleeps == [0.01]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "attempt 1 of 4" in warnings[0].getMessage()
    assert "timeout" in warnings[0].getMessage()


def test_500_then_success_returns_and_caches(http_server, sleeps) -> None:
    http_server.route("/flaky", [(500, {}, "Internal Server Error"), (200, JSON_HEADERS, BODY)])
    url = http_server.url("/flaky")
    assert _http.get(url, source=SOURCE) == BODY
    assert http_server.count("/flaky") == 2
    assert sleeps == [0.01]

    body_path, record_path = cached_paths(url)
    assert body_path.read_bytes() == BODY
    record = json.loads(record_path.read_text())
    assert record["url"] == url
    assert record["source"] == SOURCE
    assert record["sha256"] == hashlib.sha256(BODY).hexdigest()
    assert record["bytes"] == len(BODY)
    assert record["content_type"] == "application/json"
    assert record["retrieved_at"].endswith("Z")

    assert _http.get(url, source=SOURCE) == BODY  # served from the cache
    assert http_server.count("/flaky") == 2


def test_persistent_500_raises_after_all_attempts_and_caches_nothing(http_server, sleeps) -> None:
    http_server.route("/down", [(500, {}, "Internal Server Error: database is down")])
    settings.max_retries = 2
    url = http_server.url("/down")
    with pytest.raises(SourceUnavailableError) as info:
        _http.get(url, source=SOURCE, local_hint=HINT)
    message = str(info.value)
    assert not isinstance(info.value, ResponseError)
    assert message.startswith(f"{SOURCE}: could not get {url} after 3 attempt(s)")
    assert "HTTP 500" in message
    assert "database is down" in message
    assert HINT in message
    assert http_server.count("/down") == 3
    assert sleeps == [0.01, 0.02]
    assert cache_files() == []


def test_404_is_not_retried(http_server, sleeps) -> None:
    http_server.route("/missing", [(404, {}, "boundary ADM9 not found"), (200, {}, BODY)])
    url = http_server.url("/missing")
    with pytest.raises(SourceUnavailableError) as info:
        _http.get(url, source=SOURCE, local_hint=HINT)
    message = str(info.value)
    assert "HTTP 404" in message
    assert url in message
    assert "boundary ADM9 not found" in message
    assert HINT in message
    assert http_server.count("/missing") == 1
    assert sleeps == []
    assert cache_files() == []


@pytest.mark.parametrize(
    ("retry_after", "expected_wait"),
    # An HTTP date in the past means "now" (urllib3's Retry reads the date); garbage means backoff.
    [("7", 7.0), ("120", 60.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("soon", 0.01)],
)
def test_429_is_retried_honouring_retry_after(http_server, sleeps, retry_after, expected_wait) -> None:
    http_server.route("/busy", [(429, {"Retry-After": retry_after}, "slow down"), (200, JSON_HEADERS, BODY)])
    assert _http.get(http_server.url("/busy"), source=SOURCE) == BODY
    assert http_server.count("/busy") == 2
    assert sleeps == [expected_wait]


def test_retry_after_as_a_future_http_date_is_honoured(http_server, sleeps) -> None:
    when = email.utils.formatdate(time.time() + 40, usegmt=True)
    http_server.route("/busy", [(503, {"Retry-After": when}, "maintenance"), (200, JSON_HEADERS, BODY)])
    assert _http.get(http_server.url("/busy"), source=SOURCE) == BODY
    assert len(sleeps) == 1
    assert 30 <= sleeps[0] <= 40  # the date's distance from now, in whole seconds


def test_truncated_body_is_retried(http_server, sleeps) -> None:
    http_server.route("/cut", ["truncate", (200, JSON_HEADERS, BODY)])
    url = http_server.url("/cut")
    assert _http.get(url, source=SOURCE) == BODY
    assert http_server.count("/cut") == 2
    assert sleeps == [0.01]
    assert cached_paths(url)[0].read_bytes() == BODY


def test_always_truncated_body_raises_response_error_and_caches_nothing(http_server, sleeps) -> None:
    http_server.route("/cut", [("truncate", b'{"type": "FeatureCollection", "feat')])
    settings.max_retries = 1
    url = http_server.url("/cut")
    with pytest.raises(ResponseError) as info:
        _http.download(url, source=SOURCE, suffix=".geojson", local_hint=HINT)
    message = str(info.value)
    assert url in message
    assert "after 2 attempt(s)" in message
    assert "before the body was complete" in message
    assert http_server.count("/cut") == 2
    assert cache_files() == []


def test_connection_refused_is_retried_then_reported(sleeps) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.max_retries = 1
    url = f"http://127.0.0.1:{port}/nothing-listens-here"
    with pytest.raises(SourceUnavailableError) as info:
        _http.get(url, source=SOURCE)
    assert "after 2 attempt(s)" in str(info.value)
    assert "connection failed" in str(info.value)
    assert sleeps == [0.01]


# --------------------------------------------------------------------------- the cache


def _flip_bytes(body: Path, record: Path) -> None:
    data = bytearray(body.read_bytes())
    data[5:10] = b"XXXXX"
    body.write_bytes(bytes(data))


def _truncate(body: Path, record: Path) -> None:
    body.write_bytes(body.read_bytes()[:10])


def _drop_sidecar(body: Path, record: Path) -> None:
    record.unlink()


def _garble_sidecar(body: Path, record: Path) -> None:
    record.write_text("{not json")


@pytest.mark.parametrize(
    ("corrupt", "reason"),
    [
        (_flip_bytes, "sha256"),
        (_truncate, "bytes, its record says"),
        (_drop_sidecar, "is missing"),
        (_garble_sidecar, "unreadable"),
    ],
)
def test_corrupt_cache_is_detected_and_refetched(http_server, caplog, corrupt, reason) -> None:
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    url = http_server.url("/meta")
    assert _http.get(url, source=SOURCE) == BODY
    body_path, record_path = cached_paths(url)
    corrupt(body_path, record_path)

    assert _http.get(url, source=SOURCE) == BODY
    assert http_server.count("/meta") == 2
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "corrupt" in warnings[0]
    assert reason in warnings[0]
    assert body_path.read_bytes() == BODY
    assert json.loads(record_path.read_text())["sha256"] == hashlib.sha256(BODY).hexdigest()

    assert _http.get(url, source=SOURCE) == BODY  # the repaired copy is served
    assert http_server.count("/meta") == 2


def test_cached_body_that_does_not_parse_is_corrupt_for_get_json(http_server, caplog) -> None:
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    url = http_server.url("/meta")
    assert _http.get_json(url, source=SOURCE) == json.loads(BODY)
    body_path, record_path = cached_paths(url)
    bad = b"<html>captive portal</html>"
    body_path.write_bytes(bad)  # consistent with its record, but not JSON
    record = json.loads(record_path.read_text())
    record.update(sha256=hashlib.sha256(bad).hexdigest(), bytes=len(bad))
    record_path.write_text(json.dumps(record))

    assert _http.get_json(url, source=SOURCE) == json.loads(BODY)
    assert http_server.count("/meta") == 2
    assert any("does not parse" in r.getMessage() for r in caplog.records)


def test_get_json_on_invalid_json_raises_and_does_not_cache(http_server, sleeps) -> None:
    http_server.route("/meta", [(200, {"Content-Type": "text/html"}, "<html>maintenance</html>")])
    url = http_server.url("/meta")
    with pytest.raises(ResponseError) as info:
        _http.get_json(url, source=SOURCE, local_hint=HINT)
    message = str(info.value)
    assert "not valid JSON" in message
    assert url in message
    assert "<html>maintenance</html>" in message
    assert HINT in message
    assert isinstance(info.value.__cause__, json.JSONDecodeError)
    assert http_server.count("/meta") == 1
    assert sleeps == []
    assert cache_files() == []


def test_use_cache_false_neither_reads_nor_writes(http_server) -> None:
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    url = http_server.url("/meta")
    assert _http.get(url, source=SOURCE, use_cache=False) == BODY
    assert cache_files() == []
    settings.use_cache = False
    assert _http.get(url, source=SOURCE) == BODY
    assert http_server.count("/meta") == 2
    assert cache_files() == []


def test_atomic_writes_leave_no_temporary_files(http_server) -> None:
    http_server.route("/a", [(200, JSON_HEADERS, BODY)])
    http_server.route("/b", [(200, {}, b"\x00\x01binary")])
    url_a, url_b = http_server.url("/a"), http_server.url("/b")
    _http.get(url_a, source=SOURCE)
    _http.get_json(url_a, source=SOURCE)
    path = _http.download(url_b, source=SOURCE, suffix=".shp.zip")
    _http.download(url_b, source=SOURCE, suffix=".shp.zip", use_cache=False)

    key_a, key_b = _http.cache_key(url_a), _http.cache_key(url_b)
    assert path == Path(settings.cache_folder) / f"{key_b}.body.shp.zip"
    assert path.read_bytes() == b"\x00\x01binary"
    assert cache_files() == sorted(
        [f"{key_a}.body", f"{key_a}.json", f"{key_b}.body.shp.zip", f"{key_b}.json"]
    )


def test_failed_cache_write_leaves_no_temporary_files(http_server, monkeypatch, caplog) -> None:
    http_server.route("/a", [(200, JSON_HEADERS, BODY)])
    url = http_server.url("/a")

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    assert _http.get(url, source=SOURCE) == BODY  # the cache is an optimisation for get()
    assert any("could not cache" in r.getMessage() for r in caplog.records)
    with pytest.raises(OSError, match="No space left on device") as info:
        _http.download(url, source=SOURCE, suffix=".geojson")  # download() needs the file
    assert "settings.cache_folder" in str(info.value)
    assert cache_files() == []


def test_clear_cache_removes_only_borderkit_files(http_server) -> None:
    http_server.route("/a", [(200, JSON_HEADERS, BODY)])
    _http.get(http_server.url("/a"), source=SOURCE)
    _http.download(http_server.url("/a"), source=SOURCE, suffix=".json")
    folder = Path(settings.cache_folder)
    (folder / f".{'0' * 64}.body.abc123.tmp").write_bytes(b"left over")
    (folder / "notes.txt").write_text("not ours")

    assert _http.clear_cache() == 4  # .body, .body.json, .json and the temp file
    assert cache_files() == ["notes.txt"]
    assert _http.clear_cache() == 0


def test_download_rejects_a_bad_suffix(http_server) -> None:
    with pytest.raises(ValueError, match="not a file extension"):
        _http.download(http_server.url("/a"), source=SOURCE, suffix="../evil")
    assert http_server.count() == 0


# --------------------------------------------------------------------------- offline


def forbid_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything tries to open a connection from now on."""

    def refuse(self, address):
        pytest.fail(f"a socket connection to {address} was attempted while offline")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_sockets(monkeypatch)


def test_offline_serves_a_cache_hit(http_server, monkeypatch) -> None:
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    url = http_server.url("/meta")
    _http.get(url, source=SOURCE)
    settings.offline = True
    forbid_sockets(monkeypatch)
    assert _http.get(url, source=SOURCE) == BODY
    assert _http.get_json(url, source=SOURCE) == json.loads(BODY)
    assert http_server.count() == 1


def test_offline_without_cache_raises_and_opens_no_socket(http_server, no_sockets) -> None:
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    settings.offline = True
    url = http_server.url("/meta")
    for call in (_http.get, _http.get_json, _http.download):
        with pytest.raises(OfflineError) as info:
            call(url, source=SOURCE, local_hint=HINT)
        message = str(info.value)
        assert message.startswith(SOURCE)
        assert url in message
        assert "offline (settings.offline = True or BORDERKIT_OFFLINE=1)" in message
        assert "no cached copy" in message
        assert message.endswith(HINT)
    assert isinstance(info.value, SourceUnavailableError)
    assert http_server.count() == 0
    assert cache_files() == []


def test_offline_with_corrupt_cache_says_so(http_server, monkeypatch) -> None:
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    url = http_server.url("/meta")
    _http.get(url, source=SOURCE)
    body_path, _ = cached_paths(url)
    _flip_bytes(body_path, body_path)
    settings.offline = True
    with pytest.raises(OfflineError, match=r"cached copy .* was corrupt") as info:
        _http.get(url, source=SOURCE, local_hint=HINT)
    assert HINT in str(info.value)
    assert not body_path.exists()
    assert http_server.count() == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), (" YES ", True), ("0", False), ("", False), ("no", False)],
)
def test_borderkit_offline_env_flag(monkeypatch, value, expected) -> None:
    monkeypatch.setenv("BORDERKIT_OFFLINE", value)
    assert settings._env_flag("BORDERKIT_OFFLINE") is expected


def test_borderkit_offline_env_var_is_honoured_by_settings(http_server, monkeypatch, no_sockets) -> None:
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    monkeypatch.setenv("BORDERKIT_OFFLINE", "1")
    cache = settings.cache_folder
    importlib.reload(settings)  # the autouse fixture restores every setting afterwards
    settings.cache_folder = cache
    assert settings.offline is True
    with pytest.raises(OfflineError, match="BORDERKIT_OFFLINE=1"):
        _http.get(http_server.url("/meta"), source=SOURCE)
    assert http_server.count() == 0


# --------------------------------------------------------------------------- credentials


def test_credentials_never_reach_the_sidecar_or_the_log(http_server, sleeps, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="borderkit")
    http_server.route("/acled", [(503, {}, "busy"), (200, JSON_HEADERS, BODY)])
    secrets = ["Bearer s3cr3t-bearer", "apikey-4242", "tok-777", "paramkey-999"]
    headers = {
        "Authorization": secrets[0],
        "X-API-Key": secrets[1],
        "X-Auth-Token": secrets[2],
        "Accept": "application/json",
    }
    params = {"key": secrets[3], "email": "analyst@example.org"}
    url = http_server.url("/acled")

    assert _http.get(url, source="ACLED API", params=params, headers=headers) == BODY
    received = http_server.requests[-1]
    assert received.headers["Authorization"] == secrets[0]  # sent, as it must be
    assert "key=paramkey-999" in received.path

    _, record_path = cached_paths(url, params)
    sidecar = record_path.read_text()
    record = json.loads(sidecar)
    assert record["url"] == f"{url}?email=analyst%40example.org&key=REDACTED"
    assert record["request_headers"]["Accept"] == "application/json"
    assert "User-Agent" in record["request_headers"]
    for name in ("Authorization", "X-API-Key", "X-Auth-Token"):
        assert name.lower() not in sidecar.lower()
    logged = caplog.text
    assert "attempt 1 of 4" in logged  # the retry was logged
    for secret in secrets:
        assert secret not in sidecar
        assert secret not in logged

    http_server.route("/acled", [(401, {}, f"bad key {secrets[3]}")])
    with pytest.raises(SourceUnavailableError) as info:
        _http.get(url, source="ACLED API", params=params, headers=headers, use_cache=False)
    assert "HTTP 401" in str(info.value)
    assert all(secret not in str(info.value) for secret in secrets)


# --------------------------------------------------------------------------- status, check, cached_json


def test_http_errors_carry_their_status(http_server, sleeps) -> None:
    http_server.route("/gone", [(404, {}, "Not Found")])
    http_server.route("/busy", [(503, {}, "Service Unavailable")])
    settings.max_retries = 1
    with pytest.raises(_http.HTTPStatusError) as info:
        _http.get(http_server.url("/gone"), source=SOURCE)
    assert info.value.status == 404
    assert isinstance(info.value, SourceUnavailableError)
    with pytest.raises(_http.HTTPStatusError) as info:
        _http.get(http_server.url("/busy"), source=SOURCE)
    assert info.value.status == 503
    assert "after 2 attempt(s)" in str(info.value)


def test_get_json_check_refuses_a_body_before_it_is_cached(http_server) -> None:
    http_server.route(
        "/page",
        [
            (200, JSON_HEADERS, '{"success": false, "error": "denied"}'),
            (200, JSON_HEADERS, '{"success": true}'),
        ],
    )
    url = http_server.url("/page")

    def check(value) -> None:
        if value.get("success") is not True:
            msg = f"refused: {value}"
            raise ResponseError(msg)

    with pytest.raises(ResponseError, match="refused"):
        _http.get_json(url, source=SOURCE, check=check)
    assert cache_files() == []
    assert _http.get_json(url, source=SOURCE, check=check) == {"success": True}
    assert len(cache_files()) == 2
    assert _http.get_json(url, source=SOURCE, check=check) == {"success": True}  # from the cache
    assert http_server.count("/page") == 2


def test_cached_json_never_touches_the_network(http_server, monkeypatch) -> None:
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    url = http_server.url("/meta")
    params = {"page": 2}
    assert _http.cached_json(url, source=SOURCE, params=params) == (False, None)
    assert http_server.count() == 0
    _http.get_json(url, source=SOURCE, params=params)
    forbid_sockets(monkeypatch)
    assert _http.cached_json(url, source=SOURCE, params=params) == (True, json.loads(BODY))
    assert _http.cached_json(url, source=SOURCE, params={"page": 3}) == (False, None)
    settings.use_cache = False
    assert _http.cached_json(url, source=SOURCE, params=params) == (False, None)
    settings.use_cache = True
    body_path, _ = cached_paths(url, params)
    _flip_bytes(body_path, body_path)
    assert _http.cached_json(url, source=SOURCE, params=params) == (False, None)  # corrupt: a miss
    assert http_server.count() == 1


# --------------------------------------------------------------------------- post


def accept_posts(server) -> list[tuple[str, str]]:
    """Let the local server answer POST like GET (scripted answers); return the bodies it gets."""
    bodies: list[tuple[str, str]] = []
    handler = server._httpd.RequestHandlerClass

    def do_POST(self) -> None:  # noqa: N802 - the name http.server looks up
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        with server._lock:
            bodies.append((self.path, body))
        answer = server._next_response(self.path, dict(self.headers.items()), "POST")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(answer)

    handler.do_POST = do_POST
    return bodies


def test_post_sends_a_form_is_retried_and_never_cached(http_server, sleeps, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="borderkit")
    bodies = accept_posts(http_server)
    answer = {
        "token_type": "Bearer",
        "expires_in": 86400,
        "access_token": "tok-a1b2c3",
        "refresh_token": "ref-9z",
    }
    http_server.route("/oauth/token", [(503, {}, "busy"), (200, JSON_HEADERS, json.dumps(answer))])
    form = {"username": "analyst@example.org", "password": "hunter2-pw", "grant_type": "password"}
    url = http_server.url("/oauth/token")

    assert _http.post(url, source="ACLED OAuth", data=form, timeout=3.0) == answer

    assert [r.method for r in http_server.requests] == ["POST", "POST"]
    assert sleeps == [0.01]
    received = http_server.requests[-1]
    assert received.headers["User-Agent"] == settings.user_agent
    assert received.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert {k: v[0] for k, v in parse_qs(bodies[-1][1]).items()} == form
    assert cache_files() == []
    assert "POST" in caplog.text
    for secret in ("hunter2-pw", "tok-a1b2c3", "ref-9z"):
        assert secret not in caplog.text


def test_post_errors_redact_secret_fields(http_server) -> None:
    bodies = accept_posts(http_server)
    echo = {"error": "invalid_client", "echo": "client_secret=s3cret-xyz password=hunter2-pw"}
    http_server.route("/oauth/token", [(400, JSON_HEADERS, json.dumps(echo))])
    url = http_server.url("/oauth/token")
    with pytest.raises(_http.HTTPStatusError) as info:
        _http.post(url, source="OAuth", json={"client_secret": "s3cret-xyz", "client_id": "borderkit"})
    message = str(info.value)
    assert info.value.status == 400
    assert "HTTP 400" in message
    assert "invalid_client" in message
    assert "s3cret-xyz" not in message
    assert "REDACTED" in message
    assert json.loads(bodies[0][1]) == {"client_secret": "s3cret-xyz", "client_id": "borderkit"}

    with pytest.raises(_http.HTTPStatusError) as info:
        _http.post(url, source="OAuth", data={"password": "hunter2-pw"})
    assert "hunter2-pw" not in str(info.value)
    assert http_server.count() == 2  # 400 is not retried


def test_post_answer_that_is_not_json(http_server) -> None:
    accept_posts(http_server)
    http_server.route("/oauth/token", [(200, {"Content-Type": "text/html"}, "<html>login</html>")])
    with pytest.raises(ResponseError, match="not valid JSON"):
        _http.post(http_server.url("/oauth/token"), source="OAuth", data={"a": "b"})
    assert cache_files() == []


def test_post_offline_raises_without_a_socket(http_server, no_sockets) -> None:
    settings.offline = True
    with pytest.raises(OfflineError, match="never cached") as info:
        _http.post(
            http_server.url("/oauth/token"), source="ACLED OAuth", data={"password": "x"}, local_hint=HINT
        )
    assert str(info.value).startswith("ACLED OAuth")
    assert str(info.value).endswith(HINT)
    assert http_server.count() == 0


# --------------------------------------------------------------------------- geoBoundaries


def test_geoboundaries_metadata_then_geojson_download(http_server, shared_real) -> None:
    real = shared_real / "geoboundaries_afg_adm1_adm0" / "geoBoundaries-AFG-ADM1.geojson"
    geojson = real.read_bytes()
    gj_url = http_server.url("/data/geoBoundaries-AFG-ADM1.geojson")
    meta = {
        "boundaryID": "AFG-ADM1-12653393",
        "boundaryName": "Afghanistan",
        "boundaryISO": "AFG",
        "boundaryType": "ADM1",
        "boundaryLicense": "CC BY 4.0",
        "gjDownloadURL": gj_url,
    }
    http_server.route("/api/current/gbOpen/AFG/ADM1/", [(200, JSON_HEADERS, json.dumps(meta))])
    http_server.route(
        "/data/geoBoundaries-AFG-ADM1.geojson",
        [(500, {}, "upstream error"), (200, {"Content-Type": "application/geo+json"}, geojson)],
    )

    api = http_server.url("/api/current/gbOpen/AFG/ADM1/")
    for _ in range(2):
        got = _http.get_json(api, source=SOURCE)
        assert got == meta
        path = _http.download(got["gjDownloadURL"], source=SOURCE, suffix=".geojson")
        assert path.suffix == ".geojson"
        assert path.read_bytes() == geojson
        assert hashlib.sha256(path.read_bytes()).hexdigest() == hashlib.sha256(geojson).hexdigest()
        collection = json.loads(path.read_bytes())
        assert len(collection["features"]) == 34
    assert http_server.count("/api/current/gbOpen/AFG/ADM1/") == 1
    assert http_server.count("/data/geoBoundaries-AFG-ADM1.geojson") == 2  # 500, then 200
