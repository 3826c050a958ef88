"""The response cache of :mod:`borderkit._http`: files, sidecars, locks, expiry, status.

For a cache key ``K`` the cache folder (``settings.cache_folder``) holds the
body ``K.body`` (or ``K.body<suffix>``) and its sidecar record ``K.json``.
Both are written atomically (:mod:`borderkit._atomic`) while the process
holds the key's lock, ``<cache folder>.locks/K.lock`` (a :mod:`filelock`
lock, released by the system if the process dies): a reader holding the
lock never sees a body and a sidecar written by different processes, and
of several processes that want the same URL one fetches it and the others
are then served from the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock

from . import settings
from ._atomic import write_bytes
from ._log import log

CACHE_FILE_RE = re.compile(r"[0-9a-f]{64}\.(json|body(\.[A-Za-z0-9_-]+)*)")
# Left-over temporary files: from borderkit._atomic (".K.body.x1y2.tmp.geojson", ".K.x1y2.tmp.json")
# and from earlier versions (".K.body.geojson.x1y2.tmp").
TEMP_FILE_RE = re.compile(
    r"\.[0-9a-f]{64}(\.body)?\.[A-Za-z0-9_]+\.tmp(\.[A-Za-z0-9_-]+)*"
    r"|\.[0-9a-f]{64}\.(json|body(\.[A-Za-z0-9_-]+)*)\.[A-Za-z0-9_]+\.tmp"
)


def folder() -> Path:
    """Return the cache folder, read from settings at call time."""
    return Path(settings.cache_folder)


def lock_path(key: str) -> Path:
    """Return the lock file of cache key ``key`` (beside the cache folder, not in it)."""
    base = folder()
    return base.with_name(f"{base.name}.locks") / f"{key}.lock"


@contextlib.contextmanager
def locked(key: str, *, wait_s: float) -> Iterator[bool]:
    """Hold the lock of ``key`` for the block; yield False if no lock can be made there.

    Raises
    ------
    filelock.Timeout
        Another process held the lock for more than ``wait_s`` seconds.
    """
    path = lock_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(path, timeout=wait_s)
        lock.acquire()
    except filelock.Timeout:
        raise
    except OSError as exc:
        log(f"could not lock {path} ({exc}); using the cache without a lock")
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


def expiry_s(source: str) -> float | None:
    """Seconds a cached answer of ``source`` stays fresh (None: it never expires).

    ``settings.cache_expiry`` is a number of seconds, None, or a mapping from
    source names to either: the longest key that begins ``source`` (any case)
    applies, else the key ``"*"``.
    """
    value: Any = settings.cache_expiry
    if isinstance(value, Mapping):
        lowered = source.lower()
        keys = [k for k in value if k != "*" and lowered.startswith(str(k).lower())]
        value = value[max(keys, key=len)] if keys else value.get("*")
    return None if value is None else float(value)


def age_s(record: Mapping[str, Any]) -> float | None:
    """Seconds since the record's ``retrieved_at``, or None if it has none."""
    try:
        text = str(record["retrieved_at"]).replace("Z", "+00:00")
        when = datetime.fromisoformat(text)
    except (KeyError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (datetime.now(UTC) - when).total_seconds()


def is_expired(record: Mapping[str, Any], source: str) -> bool:
    """Return whether the cached answer is older than the expiry of ``source`` (else its recorded one)."""
    limit = expiry_s(source or str(record.get("source") or ""))
    if limit is None:
        return False
    age = age_s(record)
    return age is None or age > limit


def read(
    body_path: Path,
    record_path: Path,
    *,
    parse: Callable[[bytes], Any] | None,
    validate: Callable[[Path], None] | None,
    want_body: bool,
) -> tuple[tuple[bytes, Any, dict[str, Any]] | None, str]:
    """Return ``((body, parsed, record), "")`` on a valid hit, ``(None, reason)`` if corrupt.

    A miss is ``(None, "")``. With ``want_body`` False the body is hashed in
    chunks and ``b""`` is returned in its place. ``validate`` is called with
    the body's path; a ``ValueError`` (or ``OSError``) from it or from
    ``parse`` makes the copy corrupt.
    """
    if not body_path.is_file():
        return None, ""
    try:
        record = json.loads(record_path.read_bytes())
        expected_sha = str(record["sha256"])
        expected_len = int(record["bytes"])
    except FileNotFoundError:
        return None, f"its sidecar record {record_path.name} is missing"
    except (OSError, ValueError, TypeError, KeyError) as exc:
        return None, f"its sidecar record {record_path.name} is unreadable: {exc!r}"
    try:
        size = body_path.stat().st_size
        if size != expected_len:
            return None, f"it has {size} bytes, its record says {expected_len}"
        if want_body or parse is not None:
            body = body_path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()
        else:
            body = b""
            with body_path.open("rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        return None, f"it could not be read: {exc}"
    if digest != expected_sha:
        return None, f"its sha256 {digest[:12]}… differs from the recorded {expected_sha[:12]}…"
    parsed = None
    try:
        if parse is not None:
            parsed = parse(body)
        if validate is not None:
            validate(body_path)
    except (ValueError, OSError) as exc:
        return None, f"it does not parse ({exc})"
    return (body, parsed, record), ""


def evict(*paths: Path) -> None:
    """Delete cached files, ignoring those already gone."""
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def write_record(record_path: Path, record: Mapping[str, Any]) -> None:
    """Write a sidecar record atomically."""
    write_bytes(record_path, json.dumps(record, indent=2).encode("utf-8"))


def make_record(
    *, shown: str, source: str, sha256: str, size: int, content_type: str | None, headers: Mapping[str, str]
) -> dict[str, Any]:
    """Return the sidecar record of a body fetched now."""
    return {
        "url": shown,
        "source": source,
        "retrieved_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "sha256": sha256,
        "bytes": size,
        "content_type": content_type,
        "request_headers": dict(headers),
    }


# --------------------------------------------------------------------------- status and clearing


def _body_of(key: str, record: Mapping[str, Any] | None) -> Path | None:
    base = folder()
    named = record.get("file") if record else None
    if isinstance(named, str) and CACHE_FILE_RE.fullmatch(named) and named.startswith(key):
        return base / named
    bodies = sorted(base.glob(f"{key}.body*"))
    return bodies[0] if bodies else None


def status_of_key(key: str, *, url: str, source: str = "") -> dict[str, Any]:
    """Describe the cached answer of ``key`` (see :func:`borderkit._http.cache_status`)."""
    record_path = folder() / f"{key}.json"
    record: dict[str, Any] | None = None
    with contextlib.suppress(OSError, ValueError):
        loaded = json.loads(record_path.read_bytes())
        record = loaded if isinstance(loaded, dict) else None
    body = _body_of(key, record)
    size = body.stat().st_size if body is not None and body.is_file() else None
    cached = record is not None and size is not None and size == record.get("bytes")
    src = str((record or {}).get("source") or source)
    age = age_s(record) if record else None
    limit = expiry_s(src) if src else None
    return {
        "url": str((record or {}).get("url") or url),
        "key": key,
        "cached": bool(cached),
        "path": str(body) if body is not None and size is not None else None,
        "sidecar": str(record_path) if record is not None else None,
        "source": src or None,
        "retrieved_at": (record or {}).get("retrieved_at"),
        "bytes": size,
        "age_s": age,
        "expires_after_s": limit,
        "expired": bool(cached and record is not None and is_expired(record, src)),
    }


def entries(*, url_prefix: str | None = None, source: str | None = None) -> list[dict[str, Any]]:
    """Status of every cached answer whose URL starts with ``url_prefix`` / whose source matches."""
    base = folder()
    if not base.is_dir():
        return []
    out = []
    for record_path in sorted(base.glob("*.json")):
        key = record_path.name[:-5]
        if not re.fullmatch(r"[0-9a-f]{64}", key):
            continue
        item = status_of_key(key, url="")
        if url_prefix is not None and not item["url"].startswith(url_prefix):
            continue
        if source is not None and not _source_matches(item["source"] or "", source):
            continue
        out.append(item)
    return out


def _source_matches(recorded: str, wanted: str) -> bool:
    return recorded.lower().startswith(wanted.strip().lower())


def clear(source: str | None = None, *, url_prefix: str | None = None) -> int:
    """Delete cached files (all of borderkit's, or those of ``source`` / ``url_prefix``); return how many."""
    base = folder()
    if not base.is_dir():
        return 0
    count = 0
    if source is None and url_prefix is None:
        doomed = [
            p
            for p in base.iterdir()
            if (CACHE_FILE_RE.fullmatch(p.name) or TEMP_FILE_RE.fullmatch(p.name)) and p.is_file()
        ]
    else:
        doomed = []
        for item in entries(source=source, url_prefix=url_prefix):
            doomed += [base / f"{item['key']}.json", *base.glob(f"{item['key']}.body*")]
    for path in doomed:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        count += 1
    what = "cached file(s)"
    if source is not None:
        what += f" of {source!r}"
    if url_prefix is not None:
        what += f" from {url_prefix}"
    log(f"Deleted {count} {what} from {base}")
    return count
