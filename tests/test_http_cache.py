"""Cache expiry, refresh, progress on a terminal, cache_status and clear_cache (issues 10 and 15)."""

from __future__ import annotations

import io
import json
import logging
import os
import pty
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from borderkit import _http, _progress, settings

SOURCE = "geoBoundaries gbOpen API"
JSON_HEADERS = {"Content-Type": "application/json"}
BODY = b'{"boundaryISO": "AFG"}'


def age(url: str, *, days: float, params: dict | None = None) -> None:
    """Make the cached answer of ``url`` look ``days`` old (its sidecar's retrieved_at)."""
    record_path = Path(settings.cache_folder) / f"{_http.cache_key(url, params)}.json"
    record = json.loads(record_path.read_text())
    when = datetime.now(UTC) - timedelta(days=days)
    record["retrieved_at"] = when.isoformat(timespec="seconds").replace("+00:00", "Z")
    record_path.write_text(json.dumps(record))


# --------------------------------------------------------------------------- expiry and refresh


def test_an_expired_answer_is_fetched_again(http_server, monkeypatch) -> None:
    monkeypatch.setattr(settings, "cache_expiry", {"geoBoundaries": 30 * 86400.0, "*": None})
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    url = http_server.url("/meta")
    _http.get_json(url, source=SOURCE)
    age(url, days=29)
    _http.get_json(url, source=SOURCE)
    assert http_server.count("/meta") == 1  # still fresh
    age(url, days=31)
    _http.get_json(url, source=SOURCE)
    assert http_server.count("/meta") == 2  # expired: fetched again
    _http.get_json(url, source=SOURCE)
    assert http_server.count("/meta") == 2  # and the new copy is fresh
    age(url, days=400)
    _http.get_json(url, source="UCDP GED API")  # "*": None, never expires
    assert http_server.count("/meta") == 2


def test_offline_an_expired_answer_is_served_with_a_warning(http_server, monkeypatch, caplog) -> None:
    monkeypatch.setattr(settings, "cache_expiry", 60.0)
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    url = http_server.url("/meta")
    _http.get_json(url, source=SOURCE)
    age(url, days=1)
    settings.offline = True
    assert _http.get_json(url, source=SOURCE) == json.loads(BODY)
    assert _http.cached_json(url, source=SOURCE) == (True, json.loads(BODY))
    assert any("expired" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    settings.offline = False
    assert _http.cached_json(url, source=SOURCE) == (False, None)  # online, expired is a miss
    assert http_server.count("/meta") == 1


@pytest.mark.parametrize(
    ("expiry", "source", "expected"),
    [
        (None, "anything", None),
        (3600, "anything", 3600.0),
        ({"geoBoundaries": 10, "geoBoundaries AFG": 5, "*": 1}, "geoBoundaries AFG ADM2", 5.0),
        ({"geoBoundaries": 10, "geoBoundaries AFG": 5, "*": 1}, "GEOBOUNDARIES PAK ADM2", 10.0),
        ({"geoBoundaries": 10, "*": 1}, "ACLED API", 1.0),
        ({"geoBoundaries": 10}, "ACLED API", None),
    ],
)
def test_cache_expiry_by_source(monkeypatch, expiry, source, expected) -> None:
    from borderkit import _http_cache

    monkeypatch.setattr(settings, "cache_expiry", expiry)
    assert _http_cache.expiry_s(source) == expected


def test_refresh_fetches_afresh_and_replaces_the_cached_copy(http_server) -> None:
    http_server.route("/meta", [(200, JSON_HEADERS, BODY), (200, JSON_HEADERS, b'{"v": 2}')])
    url = http_server.url("/meta")
    assert _http.get_json(url, source=SOURCE) == json.loads(BODY)
    assert _http.get_json(url, source=SOURCE, refresh=True) == {"v": 2}
    assert _http.get_json(url, source=SOURCE) == {"v": 2}
    assert http_server.count("/meta") == 2
    path = _http.download(url, source=SOURCE, suffix=".json")
    assert http_server.count("/meta") == 3  # another file name, another fetch
    _http.download(url, source=SOURCE, suffix=".json", refresh=True)
    assert http_server.count("/meta") == 4
    assert path.read_bytes() == b'{"v": 2}'


# --------------------------------------------------------------------------- progress


def test_progress_is_shown_on_a_terminal_only(http_server, monkeypatch) -> None:
    body = b"x" * 300_000
    http_server.route("/big.bin", [(200, {}, body)])
    url = http_server.url("/big.bin")

    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    _http.download(url, source="Test download", suffix=".bin")
    assert pipe.getvalue() == ""  # not a terminal: nothing

    leader, follower = pty.openpty()
    with os.fdopen(follower, "w", encoding="utf-8", closefd=True) as terminal:
        monkeypatch.setattr("sys.stderr", terminal)
        _http.download(url, source="Test download", suffix=".bin", refresh=True)
        terminal.flush()
        shown = os.read(leader, 65536).decode()
    os.close(leader)
    assert "Test download: 300.0 kB of 300.0 kB (100%) at " in shown
    assert shown.rstrip().endswith("/s")

    settings.progress = False
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w", encoding="utf-8", closefd=True) as terminal:
        monkeypatch.setattr("sys.stderr", terminal)
        _http.download(url, source="Test download", suffix=".bin", refresh=True)
    os.set_blocking(leader, False)
    try:
        silent = os.read(leader, 100)
    except OSError:  # EIO or EAGAIN: the terminal received nothing
        silent = b""
    os.close(leader)
    assert silent == b""


def test_human_bytes() -> None:
    assert [_progress.human_bytes(n) for n in (0, 999, 1000, 1_234_567, 5e12)] == [
        "0 B",
        "999 B",
        "1.0 kB",
        "1.2 MB",
        "5.0 TB",
    ]


# --------------------------------------------------------------------------- cache_status, entries, clear


def test_cache_status_describes_one_request(http_server, monkeypatch) -> None:
    monkeypatch.setattr(settings, "cache_expiry", {"geoBoundaries": 86400.0})
    http_server.route("/meta", [(200, JSON_HEADERS, BODY)])
    url = http_server.url("/meta")
    params = {"token": "s3cret-tok", "page": 1}
    before = _http.cache_status(url, params, source=SOURCE)
    assert before["cached"] is False
    assert before["path"] is None
    assert before["retrieved_at"] is None
    assert before["expired"] is False
    assert "s3cret-tok" not in before["url"]

    _http.get_json(url, source=SOURCE, params=params)
    status = _http.cache_status(url, params)
    key = _http.cache_key(url, params)
    assert status["cached"] is True
    assert status["key"] == key
    assert status["path"] == str(Path(settings.cache_folder) / f"{key}.body")
    assert status["sidecar"] == str(Path(settings.cache_folder) / f"{key}.json")
    assert status["bytes"] == len(BODY)
    assert status["source"] == SOURCE
    assert status["retrieved_at"].endswith("Z")
    assert status["expires_after_s"] == 86400.0
    assert status["expired"] is False
    assert "token=REDACTED" in status["url"]
    age(url, days=2, params=params)
    assert _http.cache_status(url, params)["expired"] is True


def test_cache_entries_and_clear_cache_by_source(http_server) -> None:
    for path in ("/a", "/b", "/c"):
        http_server.route(path, [(200, JSON_HEADERS, BODY)])
    _http.get(http_server.url("/a"), source="geoBoundaries gbOpen API")
    _http.download(http_server.url("/b"), source="geoBoundaries AFG ADM2", suffix=".geojson")
    _http.get(http_server.url("/c"), source="UCDP GED API")
    folder = Path(settings.cache_folder)
    (folder / "notes.txt").write_text("not ours")

    assert len(_http.cache_entries()) == 3
    assert sorted(e["source"] for e in _http.cache_entries(source="geoboundaries")) == [
        "geoBoundaries AFG ADM2",
        "geoBoundaries gbOpen API",
    ]
    prefix = http_server.url("/b")
    assert [e["path"].endswith(".body.geojson") for e in _http.cache_entries(url_prefix=prefix)] == [True]

    assert _http.clear_cache(url_prefix=http_server.url("/a")) == 2
    assert _http.clear_cache(source="geoBoundaries") == 2  # the other body and its sidecar
    assert [e["source"] for e in _http.cache_entries()] == ["UCDP GED API"]
    assert _http.clear_cache(source="geoBoundaries") == 0
    assert _http.clear_cache() == 2
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
