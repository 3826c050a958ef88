"""Serving from the cache or fetching, for :mod:`borderkit._http` (see its docstring for the rules).

:func:`retrieve` holds the cache entry's lock while it reads the cache,
fetches through the transport it is given, validates the answer and writes
body and sidecar.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import filelock

from . import _http_cache as _cache
from . import settings
from ._atomic import atomic_path, write_bytes
from ._http_fetch import Request, is_secret, redact_url, redactor, snippet
from ._log import log
from ._progress import Progress
from .errors import BorderkitError, OfflineError, ResponseError, SourceUnavailableError


def retrieve(
    full: str,
    *,
    key: str,
    send: Callable[..., Any],
    source: str,
    headers: Mapping[str, str] | None,
    timeout: float | None,
    use_cache: bool | None,
    refresh: bool,
    local_hint: str,
    suffix: str,
    parse: Callable[[bytes], Any] | None,
    keep_file: bool,
    limit_name: str,
    check: Callable[[Any], None] | None = None,
    validate: Callable[[Path], None] | None = None,
) -> tuple[bytes, Any, Path | None]:
    """Serve ``full`` (a URL with its query) from the cache or fetch it.

    Returns (body, parsed body, cached file path). ``key`` is its cache key;
    ``send`` runs the transport (:func:`borderkit._http._send`). The other
    parameters are those of :func:`borderkit._http.get_json` and
    :func:`borderkit._http.download`.
    """
    request = Request(
        "GET",
        full,
        source=source,
        shown=redact_url(full),
        hint=f" {local_hint}" if local_hint else "",
        redact=redactor(full, headers),
        headers=dict(headers or {}),
    )
    use_cache = settings.use_cache if use_cache is None else use_cache
    if not (use_cache or keep_file):
        if settings.offline:
            _offline(request, "use_cache=False forbids serving a cached copy", _cache.folder())
        fetched = send(request, timeout=timeout, limit_name=limit_name)
        return fetched.body, _parsed(request, fetched.body, parse, check, ""), None
    wait_s = float(settings.total_timeout) + float(settings.timeout)
    try:
        with _cache.locked(key, wait_s=wait_s):
            return _retrieve_locked(
                request,
                send=send,
                key=key,
                timeout=timeout,
                use_cache=use_cache,
                refresh=refresh,
                suffix=suffix,
                parse=parse,
                check=check,
                validate=validate,
                keep_file=keep_file,
                limit_name=limit_name,
            )
    except filelock.Timeout as exc:
        msg = (
            f"{source}: another borderkit process has been fetching {request.shown} for more than "
            f"{wait_s:g} s (it holds the lock {_cache.lock_path(key)}); try again when it has "
            f"finished.{request.hint}"
        )
        raise SourceUnavailableError(msg) from exc


def _retrieve_locked(
    request: Request,
    *,
    send: Callable[..., Any],
    key: str,
    timeout: float | None,
    use_cache: bool,
    refresh: bool,
    suffix: str,
    parse: Callable[[bytes], Any] | None,
    check: Callable[[Any], None] | None,
    validate: Callable[[Path], None] | None,
    keep_file: bool,
    limit_name: str,
) -> tuple[bytes, Any, Path | None]:
    source, shown = request.source, request.shown
    folder = _cache.folder()
    body_path = folder / f"{key}.body{suffix}"
    record_path = folder / f"{key}.json"

    corrupt = ""
    if use_cache and not refresh:
        hit, corrupt = _cache.read(
            body_path, record_path, parse=parse, validate=validate, want_body=not keep_file
        )
        if hit is not None and check is not None:
            try:
                check(hit[1])
            except (ValueError, ResponseError) as exc:
                hit, corrupt = None, f"it does not pass the source's check ({exc})"
        if hit is not None:
            body, parsed, record = hit
            if not _cache.is_expired(record, source):
                log(f"{source}: served {shown} from the cache file {body_path}")
                return body, parsed, body_path
            retrieved = record.get("retrieved_at", "?")
            if settings.offline:
                log(
                    f"{source}: the cached copy of {shown} in {body_path} (retrieved {retrieved}) has "
                    "expired (settings.cache_expiry), but borderkit is offline: serving it",
                    level=logging.WARNING,
                )
                return body, parsed, body_path
            log(
                f"{source}: the cached copy of {shown} in {body_path} (retrieved {retrieved}) has "
                "expired (settings.cache_expiry); fetching it again"
            )
        elif corrupt:
            log(
                f"{source}: the cached copy of {shown} in {body_path} is corrupt ({corrupt}); "
                "deleted it, fetching it again",
                level=logging.WARNING,
            )
            _cache.evict(body_path, record_path)

    if settings.offline:
        if corrupt:
            why = f"the cached copy {body_path} was corrupt ({corrupt}) and has been deleted"
        elif use_cache and not refresh:
            why = f"there is no cached copy in {folder}"
        elif refresh:
            why = "refresh=True asks for a fresh copy"
        else:
            why = "use_cache=False forbids serving a cached copy"
        _offline(request, why, folder)

    was = f" The cached copy {body_path} was refused too ({corrupt}) and deleted." if corrupt else ""
    if keep_file:
        return _download_to(
            request, body_path, record_path, send=send, timeout=timeout, validate=validate, was=was
        )
    fetched = send(request, timeout=timeout, limit_name=limit_name)
    parsed = _parsed(request, fetched.body, parse, check, was)
    if not use_cache:
        return fetched.body, parsed, None
    record = _cache.make_record(
        shown=shown,
        source=source,
        sha256=hashlib.sha256(fetched.body).hexdigest(),
        size=len(fetched.body),
        content_type=fetched.content_type,
        headers=_safe_headers(request.headers),
    )
    try:
        # Body first: a crash in between leaves a body whose sidecar is stale
        # or missing, which the next read detects and fetches again.
        write_bytes(body_path, fetched.body)
        _cache.write_record(record_path, record)
    except OSError as exc:
        log(
            f"{source}: could not cache {shown} in {folder} ({exc}); continuing without the "
            "cache. Set borderkit.settings.cache_folder to a writable folder to cache.",
            level=logging.WARNING,
        )
        return fetched.body, parsed, None
    log(f"{source}: cached {shown} ({len(fetched.body)} bytes) in {body_path}")
    return fetched.body, parsed, body_path


def _download_to(
    request: Request,
    body_path: Path,
    record_path: Path,
    *,
    send: Callable[..., Any],
    timeout: float | None,
    validate: Callable[[Path], None] | None,
    was: str,
) -> tuple[bytes, Any, Path]:
    """Stream the body to a temporary file, validate it, then rename it over ``body_path``."""
    source, shown = request.source, request.shown
    progress = Progress(source)
    try:
        with atomic_path(body_path) as tmp:
            try:
                with tmp.open("wb") as sink:
                    fetched = send(
                        request,
                        timeout=timeout,
                        limit_name="max_response_bytes",
                        sink=sink,
                        progress=progress,
                    )
            finally:
                progress.close()
            if validate is not None:
                try:
                    validate(tmp)
                except (ValueError, OSError) as exc:
                    with tmp.open("rb") as fh:
                        head = fh.read(800)
                    msg = (
                        f"{source} answered {shown} with a file that is not what was expected "
                        f"({exc}); it was not cached. It begins: {snippet(head, request.redact)!r}. "
                        f"The source may be down or have changed its format; try again later.{was}"
                        f"{request.hint}"
                    )
                    raise ResponseError(msg) from exc
            with tmp.open("rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
        record = _cache.make_record(
            shown=shown,
            source=source,
            sha256=digest,
            size=fetched.size,
            content_type=fetched.content_type,
            headers=_safe_headers(request.headers),
        )
        record["file"] = body_path.name
        _cache.write_record(record_path, record)
    except BorderkitError:
        raise
    except OSError as exc:
        msg = (
            f"Could not save {shown} ({source}) to {body_path}: {exc}. Set "
            "borderkit.settings.cache_folder (or BORDERKIT_CACHE_DIR) to a writable "
            "folder."
        )
        raise OSError(msg) from exc
    log(f"{source}: cached {shown} ({fetched.size} bytes) in {body_path}")
    return b"", None, body_path


def _parsed(
    request: Request,
    body: bytes,
    parse: Callable[[bytes], Any] | None,
    check: Callable[[Any], None] | None,
    was: str,
) -> Any:
    """Parse and check a fresh body; raise before anything is cached."""
    if parse is None:
        return None
    try:
        parsed = parse(body)
    except ValueError as exc:
        msg = (
            f"{request.source} answered {request.shown} with a body that is not valid JSON ({exc}); it "
            f"was not cached. It begins: {snippet(body, request.redact)!r}. The source may be down "
            f"or have changed its format; try again later.{was}{request.hint}"
        )
        raise ResponseError(msg) from exc
    if check is not None:
        check(parsed)  # raises to refuse the value; nothing is cached then
    return parsed


def _offline(request: Request, why: str, folder: Path) -> None:
    msg = (
        f"{request.source} is needed to get {request.shown}, but borderkit is offline "
        f"(settings.offline = True or BORDERKIT_OFFLINE=1) and {why}. Set "
        "borderkit.settings.offline = False and unset BORDERKIT_OFFLINE to allow the "
        f"network.{request.hint}"
    )
    raise OfflineError(msg)


def _safe_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    safe = {"User-Agent": settings.user_agent}
    safe.update({str(n): str(v) for n, v in (headers or {}).items() if not is_secret(str(n))})
    return safe
