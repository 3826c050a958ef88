"""The only module of borderkit that touches the network.

Every request goes through :func:`get` (or :func:`get_json` and
:func:`download`, which funnel into it), or through :func:`post`. A request

- carries ``User-Agent: settings.user_agent`` and a timeout
  (``settings.timeout`` seconds unless the call gives one);
- is retried up to ``settings.max_retries`` times after a timeout, a
  connection error, a truncated body, HTTP 429 or HTTP 5xx, waiting
  ``settings.backoff_factor * 2 ** (n - 1)`` seconds before retry *n*, or the
  server's integer ``Retry-After`` (at most 60 s) when it sends one;
- is never made when ``settings.offline`` is True: a cached copy is served,
  otherwise :class:`~borderkit.errors.OfflineError` is raised.

An answer with a non-retryable HTTP status (e.g. 401, 404), or a retryable one
that persists after the last retry, raises :class:`HTTPStatusError`, a
:class:`~borderkit.errors.SourceUnavailableError` that carries the status.
:func:`post` (e.g. to obtain an OAuth token) follows the same rules but is
never cached, so offline it always raises
:class:`~borderkit.errors.OfflineError`.

The cache
---------
Responses are cached under ``settings.cache_folder`` (read at call time),
keyed by :func:`cache_key`, the sha256 of the URL with its parameters encoded
in sorted order. For a key ``K`` the folder holds

``K.body``
    the body fetched by :func:`get` and :func:`get_json`;
``K.body<suffix>``
    the body saved by :func:`download` (e.g. ``K.body.geojson``) so that
    GDAL and pyogrio recognise the format from the file name;
``K.json``
    the sidecar record: ``url`` (credentials redacted), ``source``,
    ``retrieved_at`` (UTC, ISO 8601), ``sha256`` and ``bytes`` of the body,
    ``content_type`` and the request headers that carry no credentials.

Files are written atomically (a temporary file in the same folder, fsync,
then :func:`os.replace`). A cached body is served only when its length and
sha256 match the sidecar (and, for :func:`get_json`, when it parses);
otherwise it is logged as a warning, deleted and fetched again. Failed
responses (non-2xx, truncated, JSON that does not parse, JSON that the
caller's ``check`` refuses) are never cached. :func:`cached_json` reads a
valid cached JSON body without ever touching the network.

Credentials never leave the request: headers named ``Authorization`` or whose
name contains ``auth``, ``token``, ``key``, ``secret``, ``password`` or
``cookie`` (any case), the values of query parameters and of :func:`post`
form or JSON fields with such names and any password in the URL are kept out
of the sidecar, the log and error messages. Request bodies are never logged.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

from . import settings
from .errors import HTTPStatusError, OfflineError, ResponseError, SourceUnavailableError
from ._log import log

__all__ = [
    "HTTPStatusError",
    "cache_key",
    "cached_json",
    "clear_cache",
    "download",
    "get",
    "get_json",
    "post",
]

# Tests replace this name to avoid real waits.
_sleep: Callable[[float], None] = time.sleep

#: Longest wait honoured from a ``Retry-After`` header, in seconds.
RETRY_AFTER_CAP_S = 60.0

_SECRET_WORDS = ("auth", "token", "key", "secret", "password", "passwd", "cookie")
_REDACTED = "REDACTED"
_SNIPPET_CHARS = 200
_SUFFIX_RE = re.compile(r"(\.[A-Za-z0-9_-]+)+")
_CACHE_FILE_RE = re.compile(r"[0-9a-f]{64}\.(json|body(\.[A-Za-z0-9_-]+)*)")
_TEMP_FILE_RE = re.compile(r"\.[0-9a-f]{64}\.(json|body(\.[A-Za-z0-9_-]+)*)\.[A-Za-z0-9_]+\.tmp")


# --------------------------------------------------------------------------- public API


def cache_key(url: str, params: Mapping[str, Any] | None = None) -> str:
    """Return the cache key of a request: the sha256 hex digest of its full URL.

    Parameters
    ----------
    url : str
        The URL, possibly with a query string already.
    params : mapping, optional
        Query parameters. They are appended to ``url`` in sorted order of
        their names, so the key does not depend on the order they were given
        in. Parameters whose value is None are left out (as requests does).

    Returns
    -------
    str
        64 lowercase hexadecimal digits.

    Examples
    --------
    >>> cache_key("https://example.org/a", {"b": 1, "a": 2}) == cache_key(
    ...     "https://example.org/a?a=2&b=1"
    ... )
    True
    """
    return hashlib.sha256(_full_url(url, params).encode("utf-8")).hexdigest()


def get(
    url: str,
    *,
    source: str,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float | None = None,
    use_cache: bool | None = None,
    local_hint: str = "",
) -> bytes:
    """Fetch ``url`` and return its body, from the cache when possible.

    Parameters
    ----------
    url : str
        The address to GET.
    source : str
        Human name of the data source, e.g. ``"geoBoundaries gbOpen API"``;
        used in messages.
    params : mapping, optional
        Query parameters, appended to ``url`` in sorted order.
    headers : mapping, optional
        Extra request headers. Credentials among them are sent but never
        cached or logged.
    timeout : float, optional
        Seconds to wait for the server; default ``settings.timeout``.
    use_cache : bool, optional
        Read and write the cache; default ``settings.use_cache``.
    local_hint : str, optional
        Appended to error messages; says how to pass a local file instead,
        e.g. ``"Download the file yourself and pass its path: ..."``.

    Returns
    -------
    bytes
        The response body.

    Raises
    ------
    OfflineError
        ``settings.offline`` is True and no valid cached copy exists.
    HTTPStatusError
        The source answered with an HTTP error status (not retried for 4xx
        other than 429; after the last retry for 429 and 5xx); a
        :class:`~borderkit.errors.SourceUnavailableError` whose ``status``
        holds the code.
    SourceUnavailableError
        The source could not be reached after ``settings.max_retries``
        retries.
    ResponseError
        The body was still truncated after the last retry.

    Examples
    --------
    >>> body = get("https://www.geoboundaries.org/api/current/gbOpen/AFG/ADM1/",
    ...            source="geoBoundaries gbOpen API")  # doctest: +SKIP
    """
    body, _, _ = _retrieve(
        url,
        source=source,
        params=params,
        headers=headers,
        timeout=timeout,
        use_cache=use_cache,
        local_hint=local_hint,
        suffix="",
        parse=None,
        keep_file=False,
    )
    return body


def get_json(
    url: str,
    *,
    source: str,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float | None = None,
    use_cache: bool | None = None,
    local_hint: str = "",
    check: Callable[[Any], None] | None = None,
) -> Any:
    """Fetch ``url`` and return its body parsed as JSON.

    The body is parsed before it is cached, so JSON that does not parse is
    never cached; a cached body that does not parse is treated as corrupt,
    deleted and fetched again.

    Parameters
    ----------
    url, source, params, headers, timeout, use_cache, local_hint
        As for :func:`get`.
    check : callable, optional
        Called with the parsed value of a freshly fetched body before it is
        cached. It raises (e.g. :class:`~borderkit.errors.ResponseError`)
        to refuse the value, which is then not cached; what it raises
        propagates. Use it for a JSON error object sent with HTTP 200.

    Returns
    -------
    Any
        The parsed JSON value (usually a dict or a list).

    Raises
    ------
    ResponseError
        The body is not valid JSON (it is not retried and not cached).
    OfflineError, SourceUnavailableError
        As for :func:`get`.
    Exception
        Whatever ``check`` raises.

    Examples
    --------
    >>> meta = get_json("https://www.geoboundaries.org/api/current/gbOpen/AFG/ADM1/",
    ...                 source="geoBoundaries gbOpen API")  # doctest: +SKIP
    >>> meta["gjDownloadURL"]  # doctest: +SKIP
    """
    _, parsed, _ = _retrieve(
        url,
        source=source,
        params=params,
        headers=headers,
        timeout=timeout,
        use_cache=use_cache,
        local_hint=local_hint,
        suffix="",
        parse=_parse_json,
        keep_file=False,
        check=check,
    )
    return parsed


def cached_json(
    url: str,
    *,
    source: str,
    params: Mapping[str, Any] | None = None,
) -> tuple[bool, Any]:
    """Return ``(True, value)`` if a valid cached JSON body of ``url`` exists.

    Never touches the network, even when online. Use it to skip work a
    fetch would need (e.g. obtaining a token) when everything is cached.
    A cache hit needs the body to match its sidecar and to parse, exactly
    as for :func:`get_json`; anything else, or ``settings.use_cache`` False,
    gives ``(False, None)`` (a corrupt copy is left for :func:`get_json` to
    replace).

    Parameters
    ----------
    url, source, params
        As for :func:`get_json`.

    Returns
    -------
    tuple of (bool, Any)
        Whether a valid cached copy exists, and its parsed value (or None).

    Examples
    --------
    >>> found, page = cached_json("https://ucdpapi.pcr.uu.se/api/gedevents/25.1",
    ...                           source="UCDP GED API", params={"page": 0})  # doctest: +SKIP
    """
    if not settings.use_cache:
        return False, None
    key = cache_key(url, params)
    folder = Path(settings.cache_folder)
    body_path = folder / f"{key}.body"
    hit, _ = _read_cache(body_path, folder / f"{key}.json", parse=_parse_json, want_body=True)
    if hit is None:
        return False, None
    log(f"{source}: served {_redact_url(_full_url(url, params))} from the cache file {body_path}")
    return True, hit[1]


def post(
    url: str,
    *,
    source: str,
    data: Mapping[str, Any] | None = None,
    json: Any = None,
    headers: Mapping[str, str] | None = None,
    timeout: float | None = None,
    local_hint: str = "",
) -> Any:
    """POST to ``url`` and return the answer parsed as JSON; never cached.

    For requests that change state or carry credentials in their body, such
    as obtaining an OAuth token. The request has the same User-Agent,
    timeout and retries (after a timeout, a connection error, HTTP 429 or
    5xx) as :func:`get`; nothing of it or of its answer is written to the
    cache folder. Form and JSON fields whose names look like credentials
    (``password``, ``refresh_token``, ``client_secret`` ...) are redacted
    from logs and messages, and request bodies are never logged.

    Parameters
    ----------
    url : str
        The address to POST to.
    source : str
        Human name of the service, used in messages.
    data : mapping, optional
        Form fields, sent as ``application/x-www-form-urlencoded``.
    json : Any, optional
        A JSON body (used only when ``data`` is None).
    headers : mapping, optional
        Extra request headers; credentials among them are never logged.
    timeout : float, optional
        Seconds to wait for the server; default ``settings.timeout``.
    local_hint : str, optional
        Appended to error messages.

    Returns
    -------
    Any
        The parsed JSON answer.

    Raises
    ------
    OfflineError
        ``settings.offline`` is True (a POST is never served from the cache).
    HTTPStatusError
        The service answered with an HTTP error status; ``status`` holds it.
    SourceUnavailableError
        The service could not be reached after ``settings.max_retries`` retries.
    ResponseError
        The answer was truncated or is not valid JSON.

    Examples
    --------
    >>> answer = post("https://acleddata.com/oauth/token", source="ACLED OAuth",
    ...               data={"grant_type": "password", "client_id": "acled",
    ...                     "username": "me@example.org", "password": "..."})  # doctest: +SKIP
    >>> answer["access_token"]  # doctest: +SKIP
    """
    redact = _redactor(url, headers, body=data if data is not None else json)
    shown = _redact_url(url)
    hint = f" {local_hint}" if local_hint else ""
    if settings.offline:
        msg = (
            f"{source} is needed to POST to {shown}, but borderkit is offline "
            "(settings.offline = True or BORDERKIT_OFFLINE=1) and POST requests are never "
            "cached. Set borderkit.settings.offline = False and unset BORDERKIT_OFFLINE to "
            f"allow the network.{hint}"
        )
        raise OfflineError(msg)
    fetched = _fetch(
        url,
        source=source,
        headers=headers,
        timeout=timeout,
        hint=hint,
        redact=redact,
        shown=shown,
        method="POST",
        data=data,
        json_body=json if data is None else None,
    )
    try:
        return _parse_json(fetched.body)
    except ValueError as exc:
        msg = (
            f"{source} answered the POST to {shown} with a body that is not valid JSON "
            f"({exc}). It begins: {_snippet(fetched.body, redact)!r}. The service may be "
            f"down or have changed its format; try again later.{hint}"
        )
        raise ResponseError(msg) from exc


def download(
    url: str,
    *,
    source: str,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float | None = None,
    use_cache: bool | None = None,
    local_hint: str = "",
    suffix: str = "",
) -> Path:
    """Fetch ``url`` into the cache folder and return the path of the file.

    Use it for files that a reader opens by path (GDAL, pyogrio, rasterio).

    Parameters
    ----------
    url, source, params, headers, timeout, local_hint
        As for :func:`get`.
    use_cache : bool, optional
        Serve a valid cached file when there is one; default
        ``settings.use_cache``. With False the file is always fetched again,
        and still written to the cache folder, since a path is returned.
    suffix : str, optional
        File extension(s) for the saved file, e.g. ``".geojson"`` or
        ``".shp.zip"``, so that readers recognise the format.

    Returns
    -------
    pathlib.Path
        ``settings.cache_folder / f"{cache_key(url, params)}.body{suffix}"``.

    Raises
    ------
    ValueError
        ``suffix`` is not a dot followed by letters, digits, ``_`` or ``-``.
    OSError
        The file could not be written to ``settings.cache_folder``.
    OfflineError, SourceUnavailableError, ResponseError
        As for :func:`get`.

    Examples
    --------
    >>> path = download(meta["gjDownloadURL"], source="geoBoundaries gbOpen",
    ...                 suffix=".geojson")  # doctest: +SKIP
    """
    if suffix and not _SUFFIX_RE.fullmatch(suffix):
        msg = (
            f"download(suffix={suffix!r}) is not a file extension; pass one like "
            "'.geojson' or '.zip' (a dot, then letters, digits, '_' or '-'), or ''."
        )
        raise ValueError(msg)
    _, _, path = _retrieve(
        url,
        source=source,
        params=params,
        headers=headers,
        timeout=timeout,
        use_cache=use_cache,
        local_hint=local_hint,
        suffix=suffix,
        parse=None,
        keep_file=True,
    )
    if path is None:  # pragma: no cover - keep_file=True writes the file or raises
        msg = f"download() of {_redact_url(url)} ({source}) did not save a file."
        raise RuntimeError(msg)
    return path


def clear_cache() -> int:
    """Delete borderkit's files from ``settings.cache_folder``.

    Only files that borderkit wrote there are removed (bodies, sidecars and
    left-over temporary files, all named after a cache key); anything else in
    the folder is left alone.

    Returns
    -------
    int
        How many files were deleted.

    Examples
    --------
    >>> clear_cache()  # doctest: +SKIP
    3
    """
    folder = Path(settings.cache_folder)
    if not folder.is_dir():
        return 0
    count = 0
    for path in folder.iterdir():
        if not (_CACHE_FILE_RE.fullmatch(path.name) or _TEMP_FILE_RE.fullmatch(path.name)):
            continue
        if not path.is_file():
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            count += 1
    log(f"Deleted {count} cached file(s) from {folder}")
    return count


# --------------------------------------------------------------------------- the core


@dataclass
class _Redactor:
    """Keeps credentials out of text that is logged, stored or raised."""

    secrets: tuple[str, ...]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, _REDACTED)
        return text


@dataclass
class _Failure:
    """Why one attempt failed, when it may be retried."""

    cause: str
    exc: BaseException | None = None
    truncated: bool = False
    retry_after: float | None = None
    status: int | None = None


@dataclass
class _Fetched:
    body: bytes
    content_type: str | None


def _retrieve(
    url: str,
    *,
    source: str,
    params: Mapping[str, Any] | None,
    headers: Mapping[str, str] | None,
    timeout: float | None,
    use_cache: bool | None,
    local_hint: str,
    suffix: str,
    parse: Callable[[bytes], Any] | None,
    keep_file: bool,
    check: Callable[[Any], None] | None = None,
) -> tuple[bytes, Any, Path | None]:
    """Serve from the cache or fetch; return (body, parsed body, cached file path)."""
    full_url = _full_url(url, params)
    redact = _redactor(full_url, headers)
    shown = _redact_url(full_url)
    hint = f" {local_hint}" if local_hint else ""
    use_cache = settings.use_cache if use_cache is None else use_cache
    folder = Path(settings.cache_folder)
    key = cache_key(url, params)
    body_path = folder / f"{key}.body{suffix}"
    record_path = folder / f"{key}.json"

    corrupt = ""
    if use_cache:
        hit, corrupt = _read_cache(body_path, record_path, parse=parse, want_body=not keep_file)
        if hit is not None:
            log(f"{source}: served {shown} from the cache file {body_path}")
            body, parsed = hit
            return body, parsed, body_path
        if corrupt:
            log(
                f"{source}: the cached copy of {shown} in {body_path} is corrupt ({corrupt}); "
                "deleted it, fetching it again",
                level=logging.WARNING,
            )
            for stale in (body_path, record_path):
                with contextlib.suppress(FileNotFoundError):
                    stale.unlink()

    if settings.offline:
        if corrupt:
            why = f"the cached copy in {folder} was corrupt ({corrupt}) and has been deleted"
        elif use_cache:
            why = f"there is no cached copy in {folder}"
        else:
            why = "use_cache=False forbids serving a cached copy"
        msg = (
            f"{source} is needed to get {shown}, but borderkit is offline "
            f"(settings.offline = True or BORDERKIT_OFFLINE=1) and {why}. Set "
            "borderkit.settings.offline = False and unset BORDERKIT_OFFLINE to allow the "
            f"network.{hint}"
        )
        raise OfflineError(msg)

    fetched = _fetch(
        full_url,
        source=source,
        headers=headers,
        timeout=timeout,
        hint=hint,
        redact=redact,
        shown=shown,
    )
    parsed = None
    if parse is not None:
        try:
            parsed = parse(fetched.body)
        except ValueError as exc:
            msg = (
                f"{source} answered {shown} with a body that is not valid JSON ({exc}); it "
                f"was not cached. It begins: {_snippet(fetched.body, redact)!r}. The source "
                f"may be down or have changed its format; try again later.{hint}"
            )
            raise ResponseError(msg) from exc
        if check is not None:
            check(parsed)  # raises to refuse the value; nothing is cached then

    if not (use_cache or keep_file):
        return fetched.body, parsed, None
    record = {
        "url": shown,
        "source": source,
        "retrieved_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "sha256": hashlib.sha256(fetched.body).hexdigest(),
        "bytes": len(fetched.body),
        "content_type": fetched.content_type,
        "request_headers": _safe_headers(headers),
    }
    try:
        # Body first: a crash in between leaves a body whose sidecar is stale
        # or missing, which the next read detects and fetches again.
        _write_atomic(body_path, fetched.body)
        _write_atomic(record_path, json.dumps(record, indent=2).encode("utf-8"))
    except OSError as exc:
        if keep_file:
            msg = (
                f"Could not save {shown} ({source}) to {body_path}: {exc}. Set "
                "borderkit.settings.cache_folder (or BORDERKIT_CACHE_DIR) to a writable "
                "folder."
            )
            raise OSError(msg) from exc
        log(
            f"{source}: could not cache {shown} in {folder} ({exc}); continuing without the "
            "cache. Set borderkit.settings.cache_folder to a writable folder to cache.",
            level=logging.WARNING,
        )
        return fetched.body, parsed, None
    log(f"{source}: cached {shown} ({len(fetched.body)} bytes) in {body_path}")
    return fetched.body, parsed, body_path


def _fetch(
    full_url: str,
    *,
    source: str,
    headers: Mapping[str, str] | None,
    timeout: float | None,
    hint: str,
    redact: _Redactor,
    shown: str,
    method: str = "GET",
    data: Mapping[str, Any] | None = None,
    json_body: Any = None,
) -> _Fetched:
    """Send ``method`` to ``full_url`` with retries and backoff; return the complete 2xx body."""
    timeout_s = settings.timeout if timeout is None else timeout
    attempts = max(0, int(settings.max_retries)) + 1
    failure = _Failure("no attempt was made")
    with requests.Session() as session:
        session.headers["User-Agent"] = settings.user_agent
        for attempt in range(1, attempts + 1):
            log(f"{source}: {method} {shown} (attempt {attempt} of {attempts})")
            try:
                response = session.request(
                    method,
                    full_url,
                    headers=dict(headers or {}),
                    data=None if data is None else dict(data),
                    json=json_body,
                    timeout=timeout_s,
                )
            except requests.Timeout as exc:
                failure = _Failure(f"no answer within {timeout_s:g} s (timeout)", exc)
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:
                failure = _Failure(
                    f"the connection broke before the body was complete ({type(exc).__name__})",
                    exc,
                    truncated=True,
                )
            except requests.exceptions.SSLError as exc:
                msg = (
                    f"{source}: TLS/SSL error for {shown}: {redact(str(exc))}. Check the "
                    f"system's certificates or any proxy that intercepts HTTPS.{hint}"
                )
                raise SourceUnavailableError(msg) from exc
            except requests.ConnectionError as exc:
                failure = _Failure(f"connection failed: {redact(str(exc))}", exc)
            except requests.RequestException as exc:
                msg = (
                    f"{source}: could not request {shown}: {redact(str(exc))}. Check that the "
                    f"URL is complete and well formed.{hint}"
                )
                raise SourceUnavailableError(msg) from exc
            else:
                with response:
                    result = _judge(response, source=source, shown=shown, hint=hint, redact=redact)
                if isinstance(result, _Fetched):
                    return result
                failure = result
            if attempt < attempts:
                wait_s = (
                    failure.retry_after
                    if failure.retry_after is not None
                    else settings.backoff_factor * 2 ** (attempt - 1)
                )
                log(
                    f"{source}: attempt {attempt} of {attempts} for {shown} failed "
                    f"({failure.cause}); retrying in {wait_s:.2f} s",
                    level=logging.WARNING,
                )
                _sleep(wait_s)

    verb = "get" if method == "GET" else f"{method} to"
    msg = (
        f"{source}: could not {verb} {shown} after {attempts} attempt(s); last cause: "
        f"{failure.cause}. Check the network and the source's status, or raise "
        f"borderkit.settings.max_retries or settings.timeout and try again later.{hint}"
    )
    if failure.truncated:
        raise ResponseError(msg) from failure.exc
    if failure.status is not None:
        raise HTTPStatusError(msg, status=failure.status) from failure.exc
    raise SourceUnavailableError(msg) from failure.exc


def _judge(
    response: requests.Response,
    *,
    source: str,
    shown: str,
    hint: str,
    redact: _Redactor,
) -> _Fetched | _Failure:
    """Classify one response: a usable body, a retryable failure, or raise."""
    status = response.status_code
    reason = response.reason or ""
    if 200 <= status < 300:
        short = _short_body(response)
        if short is None:
            return _Fetched(response.content, response.headers.get("Content-Type"))
        got, expected = short
        return _Failure(f"truncated body: {got} of the {expected} bytes in Content-Length", truncated=True)
    snippet = _snippet(response.content, redact)
    if status == 429 or status >= 500:
        return _Failure(
            f"HTTP {status} {reason}: {snippet!r}",
            retry_after=_retry_after(response.headers.get("Retry-After")),
            status=status,
        )
    msg = (
        f"{source} answered HTTP {status} {reason} for {shown}: {snippet!r}. The address or "
        "its parameters are wrong, access is refused, or the resource was removed; check "
        f"them (HTTP {status} is not retried).{hint}"
    )
    raise HTTPStatusError(msg, status=status)


# --------------------------------------------------------------------------- the cache


def _read_cache(
    body_path: Path,
    record_path: Path,
    *,
    parse: Callable[[bytes], Any] | None,
    want_body: bool,
) -> tuple[tuple[bytes, Any] | None, str]:
    """Return ``((body, parsed), "")`` on a valid hit, ``(None, reason)`` if corrupt.

    A miss is ``(None, "")``. With ``want_body`` False the body is hashed in
    chunks and ``b""`` is returned in its place.
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
    if parse is not None:
        try:
            parsed = parse(body)
        except ValueError as exc:
            return None, f"it does not parse ({exc})"
    return (body, parsed), ""


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable where the platform allows it (not on Windows)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- helpers


def _parse_json(body: bytes) -> Any:
    return json.loads(body)


def _full_url(url: str, params: Mapping[str, Any] | None) -> str:
    """Append ``params`` to ``url`` in sorted order of their names."""
    if not params:
        return url
    items = sorted(
        ((str(name), value) for name, value in params.items() if value is not None),
        key=lambda item: item[0],
    )
    if not items:
        return url
    query = urlencode(items, doseq=True)
    if url.endswith(("?", "&")):
        sep = ""
    elif "?" in url:
        sep = "&"
    else:
        sep = "?"
    return f"{url}{sep}{query}"


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def _redact_url(url: str) -> str:
    """Return ``url`` with secret query values and any password replaced."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{_REDACTED}@{host}" if ":" in userinfo else f"{user}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(_is_secret(name) for name, _ in pairs):
            query = urlencode([(name, _REDACTED if _is_secret(name) else value) for name, value in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _redactor(full_url: str, headers: Mapping[str, str] | None, *, body: Any = None) -> _Redactor:
    secrets: list[str] = []
    parts = urlsplit(full_url)
    if parts.password:
        secrets.append(parts.password)
    secrets += [v for n, v in parse_qsl(parts.query, keep_blank_values=True) if _is_secret(n)]
    secrets += [str(v) for n, v in (headers or {}).items() if _is_secret(n)]
    if isinstance(body, Mapping):
        secrets += [str(v) for n, v in body.items() if _is_secret(str(n)) and v is not None]
    # Longest first so that a secret containing another is replaced whole;
    # also cover the percent-encoded spellings that appear in URLs.
    expanded = _with_encoded(s for s in secrets if len(s) >= 3)
    return _Redactor(tuple(sorted(expanded, key=len, reverse=True)))


def _with_encoded(secrets: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for secret in secrets:
        out.add(secret)
        out.add(urlencode({"": secret})[1:])
    return out


def _safe_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    safe = {"User-Agent": settings.user_agent}
    safe.update({str(n): str(v) for n, v in (headers or {}).items() if not _is_secret(str(n))})
    return safe


def _snippet(body: bytes, redact: _Redactor) -> str:
    text = " ".join(body[: _SNIPPET_CHARS * 4].decode("utf-8", errors="replace").split())
    if len(text) > _SNIPPET_CHARS:
        text = text[:_SNIPPET_CHARS] + "…"
    return redact(text)


def _retry_after(value: str | None) -> float | None:
    """Seconds from an integer ``Retry-After`` header, capped; None otherwise."""
    if value is None or not value.strip().isdigit():
        return None
    return min(float(value.strip()), RETRY_AFTER_CAP_S)


def _short_body(response: requests.Response) -> tuple[int, int] | None:
    """Return (received, declared) when the body is shorter than Content-Length."""
    declared = response.headers.get("Content-Length", "").strip()
    if not declared.isdigit() or response.status_code in (204, 304):
        return None
    expected = int(declared)
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        received = len(response.content)
    else:
        # Content-Length counts the encoded bytes; ask urllib3 how many it read.
        response.content  # noqa: B018 - make sure the body has been read
        try:
            received = int(response.raw.tell())
        except (AttributeError, TypeError, ValueError, OSError):
            return None
    return (received, expected) if received < expected else None
