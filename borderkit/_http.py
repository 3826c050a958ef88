"""The only module of borderkit that touches the network.

Every request goes through :func:`get` (or :func:`get_json` and
:func:`download`, which funnel into it), or through :func:`post`. A request
(the transport is :mod:`borderkit._http_fetch`; the cache, :mod:`borderkit._http_retrieve`
and :mod:`borderkit._http_cache`)

- carries ``User-Agent: settings.user_agent``; each connect and read waits
  at most ``settings.timeout`` seconds (unless the call gives one), and the
  whole call at most ``settings.total_timeout`` seconds, retries included;
- is streamed: the answer's bytes are counted after decompression and the
  call stops at ``settings.max_json_bytes`` (JSON, held in memory) or
  ``settings.max_response_bytes`` (:func:`get`, and :func:`download`, which
  writes to a temporary file, never to memory);
- follows at most ``settings.max_redirects`` redirects, to http(s) only,
  and drops every credential (``Authorization``, cookies, headers naming a
  token, key, secret or password) when a redirect changes scheme, host or
  port; a POST body is never re-sent to another origin;
- is retried up to ``settings.max_retries`` times after a timeout, a
  connection error, a truncated body, HTTP 429 or HTTP 5xx (urllib3's
  ``Retry`` decides and reads ``Retry-After``, in seconds or as an HTTP
  date), waiting ``settings.backoff_factor * 2 ** (n - 1)`` seconds before
  retry *n*, or the server's ``Retry-After`` (at most 60 s);
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

Body and sidecar are written atomically (a temporary file in the same
folder, fsync, then rename) while the process holds the key's lock
(``<cache folder>.locks/K.lock``), so concurrent processes never mix them
and only one of them fetches. A body is validated *before* it is cached:
JSON must parse and pass the caller's ``check``; a download must pass the
caller's ``validate``. A cached body is served only when its length and
sha256 match the sidecar, it still parses / validates, and it has not
expired (``settings.cache_expiry``); otherwise it is logged as a warning
naming its file, deleted and fetched once more. Failed responses are never
cached. ``refresh=True`` fetches afresh. :func:`cached_json` reads a valid
cached JSON body without ever touching the network; :func:`cache_status`,
:func:`cache_entries` and :func:`clear_cache` inspect and empty the cache.

Credentials never leave the request: headers named ``Authorization`` or whose
name contains ``auth``, ``token``, ``key``, ``secret``, ``password`` or
``cookie`` (any case), the values of query parameters and of :func:`post`
form or JSON fields with such names and any password in the URL are kept out
of the sidecar, the log and error messages. Request bodies are never logged.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from . import _http_cache as _cache
from . import settings
from ._http_fetch import RETRY_AFTER_CAP_S, Request, fetch, redact_url, redactor, snippet
from ._http_retrieve import retrieve
from ._log import log
from .errors import HTTPStatusError, OfflineError, ResponseError

__all__ = [
    "RETRY_AFTER_CAP_S",
    "HTTPStatusError",
    "cache_entries",
    "cache_key",
    "cache_status",
    "cached_json",
    "clear_cache",
    "download",
    "full_url",
    "get",
    "get_json",
    "post",
]

# Tests replace this name to avoid real waits.
_sleep: Callable[[float], None] = time.sleep

_SUFFIX_RE = re.compile(r"(\.[A-Za-z0-9_-]+)+")


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
    return hashlib.sha256(full_url(url, params).encode("utf-8")).hexdigest()


def full_url(url: str, params: Mapping[str, Any] | None = None) -> str:
    """Return ``url`` with ``params`` appended in sorted order of their names.

    Parameters whose value is None are left out. This is the URL that
    :func:`cache_key` hashes.

    Examples
    --------
    >>> full_url("https://example.org/a", {"b": 1, "a": None, "c": "x y"})
    'https://example.org/a?b=1&c=x+y'
    """
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


def get(
    url: str,
    *,
    source: str,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float | None = None,
    use_cache: bool | None = None,
    refresh: bool = False,
    local_hint: str = "",
) -> bytes:
    """Fetch ``url`` and return its body, from the cache when possible.

    Parameters
    ----------
    url : str
        The address to GET.
    source : str
        Human name of the data source, e.g. ``"geoBoundaries gbOpen API"``;
        used in messages and to look up ``settings.cache_expiry``.
    params : mapping, optional
        Query parameters, appended to ``url`` in sorted order.
    headers : mapping, optional
        Extra request headers. Credentials among them are sent but never
        cached or logged, and never follow a redirect to another origin.
    timeout : float, optional
        Seconds to wait for each connect and read; default ``settings.timeout``.
    use_cache : bool, optional
        Read and write the cache; default ``settings.use_cache``.
    refresh : bool, default False
        Fetch afresh even when a valid cached copy exists (and cache the answer).
    local_hint : str, optional
        Appended to error messages; says how to pass a local file instead,
        e.g. ``"Download the file yourself and pass its path: ..."``.

    Returns
    -------
    bytes
        The response body (at most ``settings.max_response_bytes``).

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
        retries or within ``settings.total_timeout``, or redirected to a
        scheme other than http(s).
    ResponseError
        The body was still truncated after the last retry, or is larger
        than ``settings.max_response_bytes``.

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
        refresh=refresh,
        local_hint=local_hint,
        suffix="",
        parse=None,
        keep_file=False,
        limit_name="max_response_bytes",
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
    refresh: bool = False,
    local_hint: str = "",
    check: Callable[[Any], None] | None = None,
) -> Any:
    """Fetch ``url`` and return its body parsed as JSON.

    The body is parsed and checked before it is cached, so JSON that does
    not parse (or that ``check`` refuses) is never cached; a cached body
    that no longer parses or passes ``check`` is treated as corrupt,
    deleted and fetched again.

    Parameters
    ----------
    url, source, params, headers, timeout, use_cache, refresh, local_hint
        As for :func:`get`.
    check : callable, optional
        Called with the parsed value before it is cached (and with a cached
        value before it is served). It raises (e.g.
        :class:`~borderkit.errors.ResponseError` or ``ValueError``) to refuse
        the value, which is then not cached; for a fresh answer what it
        raises propagates. Use it for a JSON error object sent with HTTP 200.

    Returns
    -------
    Any
        The parsed JSON value (usually a dict or a list).

    Raises
    ------
    ResponseError
        The body is not valid JSON (it is not retried and not cached), or is
        larger than ``settings.max_json_bytes``.
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
        refresh=refresh,
        local_hint=local_hint,
        suffix="",
        parse=_parse_json,
        keep_file=False,
        check=check,
        limit_name="max_json_bytes",
    )
    return parsed


def cached_json(
    url: str,
    *,
    source: str,
    params: Mapping[str, Any] | None = None,
) -> tuple[bool, Any]:
    """Return ``(True, value)`` if a valid, fresh cached JSON body of ``url`` exists.

    Never touches the network, even when online. Use it to skip work a
    fetch would need (e.g. obtaining a token) when everything is cached.
    A cache hit needs the body to match its sidecar and to parse, exactly
    as for :func:`get_json`, and, when online, not to have expired
    (``settings.cache_expiry``); anything else, or ``settings.use_cache``
    False, gives ``(False, None)`` (a corrupt copy is left for
    :func:`get_json` to replace).

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
    folder = _cache.folder()
    body_path = folder / f"{key}.body"
    hit, _ = _cache.read(body_path, folder / f"{key}.json", parse=_parse_json, validate=None, want_body=True)
    if hit is None:
        return False, None
    if _cache.is_expired(hit[2], source) and not settings.offline:
        return False, None
    log(f"{source}: served {redact_url(full_url(url, params))} from the cache file {body_path}")
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
    timeouts, size limit (``settings.max_json_bytes``) and retries (after a
    timeout, a connection error, HTTP 429 or 5xx) as :func:`get_json`;
    nothing of it or of its answer is written to the cache folder. Form and
    JSON fields whose names look like credentials (``password``,
    ``refresh_token``, ``client_secret`` ...) are redacted from logs and
    messages, request bodies are never logged, and a redirect that would
    re-send the body to another scheme, host or port is refused.

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
        Seconds to wait for each connect and read; default ``settings.timeout``.
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
        The service could not be reached after ``settings.max_retries`` retries,
        or redirected the POST to another origin.
    ResponseError
        The answer was truncated, too large or is not valid JSON.

    Examples
    --------
    >>> answer = post("https://acleddata.com/oauth/token", source="ACLED OAuth",
    ...               data={"grant_type": "password", "client_id": "acled",
    ...                     "username": "me@example.org", "password": "..."})  # doctest: +SKIP
    >>> answer["access_token"]  # doctest: +SKIP
    """
    redact = redactor(url, headers, body=data if data is not None else json)
    shown = redact_url(url)
    hint = f" {local_hint}" if local_hint else ""
    if settings.offline:
        msg = (
            f"{source} is needed to POST to {shown}, but borderkit is offline "
            "(settings.offline = True or BORDERKIT_OFFLINE=1) and POST requests are never "
            "cached. Set borderkit.settings.offline = False and unset BORDERKIT_OFFLINE to "
            f"allow the network.{hint}"
        )
        raise OfflineError(msg)
    request = Request(
        "POST",
        url,
        source=source,
        shown=shown,
        hint=hint,
        redact=redact,
        headers=dict(headers or {}),
        data=data,
        json_body=json if data is None else None,
    )
    fetched = _send(request, timeout=timeout, limit_name="max_json_bytes")
    try:
        return _parse_json(fetched.body)
    except ValueError as exc:
        msg = (
            f"{source} answered the POST to {shown} with a body that is not valid JSON "
            f"({exc}). It begins: {snippet(fetched.body, redact)!r}. The service may be "
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
    refresh: bool = False,
    local_hint: str = "",
    suffix: str = "",
    validate: Callable[[Path], None] | None = None,
) -> Path:
    """Fetch ``url`` into the cache folder and return the path of the file.

    Use it for files that a reader opens by path (GDAL, pyogrio, rasterio).
    The body streams to a temporary file beside the cached one (never into
    memory), with a progress line on a terminal, and replaces the cached
    file only once complete and validated.

    Parameters
    ----------
    url, source, params, headers, timeout, refresh, local_hint
        As for :func:`get`.
    use_cache : bool, optional
        Serve a valid cached file when there is one; default
        ``settings.use_cache``. With False the file is always fetched again,
        and still written to the cache folder, since a path is returned.
    suffix : str, optional
        File extension(s) for the saved file, e.g. ``".geojson"`` or
        ``".shp.zip"``, so that readers recognise the format.
    validate : callable, optional
        Called with the path of the complete download (a temporary file with
        the same suffix) before it is cached, and with the cached file before
        it is served. It raises ``ValueError`` (or ``OSError``) to refuse the
        file: a fresh download is then not cached and
        :class:`~borderkit.errors.ResponseError` is raised; a cached file is
        deleted and fetched once more.

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
    ResponseError
        The file is larger than ``settings.max_response_bytes``, truncated,
        or refused by ``validate``.
    OfflineError, SourceUnavailableError
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
        refresh=refresh,
        local_hint=local_hint,
        suffix=suffix,
        parse=None,
        keep_file=True,
        validate=validate,
        limit_name="max_response_bytes",
    )
    if path is None:  # pragma: no cover - keep_file=True writes the file or raises
        msg = f"download() of {redact_url(url)} ({source}) did not save a file."
        raise RuntimeError(msg)
    return path


def cache_status(url: str, params: Mapping[str, Any] | None = None, *, source: str = "") -> dict[str, Any]:
    """Describe the cached answer of one request, without touching the network.

    Parameters
    ----------
    url, params
        The request, as given to :func:`get`, :func:`get_json` or :func:`download`.
    source : str, optional
        The source name, used for the expiry when the cache holds no record.

    Returns
    -------
    dict
        ``url`` (credentials redacted), ``key``, ``cached`` (a body and its
        sidecar are there and agree in size), ``path`` (the body's file or
        None), ``sidecar``, ``source``, ``retrieved_at`` (ISO 8601 UTC or
        None), ``bytes``, ``age_s``, ``expires_after_s`` (None: never) and
        ``expired``.

    Examples
    --------
    >>> status = cache_status("https://example.org/never-fetched")
    >>> status["cached"], status["path"]
    (False, None)
    """
    key = cache_key(url, params)
    return _cache.status_of_key(key, url=redact_url(full_url(url, params)), source=source)


def cache_entries(*, url_prefix: str | None = None, source: str | None = None) -> list[dict[str, Any]]:
    """List the cached answers, as :func:`cache_status` describes them.

    Parameters
    ----------
    url_prefix : str, optional
        Keep the answers whose (redacted) URL starts with it, e.g. a source's
        home address.
    source : str, optional
        Keep the answers whose source name starts with it (any case), e.g.
        ``"geoBoundaries"``.

    Returns
    -------
    list of dict
        One dict per cached answer, sorted by cache key.

    Examples
    --------
    >>> n = len(cache_entries(source="geoBoundaries"))
    """
    return _cache.entries(url_prefix=url_prefix, source=source)


def clear_cache(source: str | None = None, *, url_prefix: str | None = None) -> int:
    """Delete borderkit's files from ``settings.cache_folder``.

    Only files that borderkit wrote there are removed (bodies, sidecars and
    left-over temporary files, all named after a cache key); anything else in
    the folder is left alone.

    Parameters
    ----------
    source : str, optional
        Delete only the answers of this source: those whose recorded source
        name starts with it (any case), e.g. ``"geoBoundaries"`` or
        ``"UCDP"``. Default: every cached answer.
    url_prefix : str, optional
        Delete only the answers whose (redacted) URL starts with it, e.g. a
        source's home address. With both, an answer must match both.

    Returns
    -------
    int
        How many files were deleted.

    Examples
    --------
    >>> clear_cache("geoBoundaries")  # doctest: +SKIP
    4
    """
    return _cache.clear(source, url_prefix=url_prefix)


# --------------------------------------------------------------------------- the core


def _send(request: Request, *, timeout: float | None, limit_name: str, **kwargs: Any) -> Any:
    """Run the transport with borderkit's settings (the sleep is looked up here, for tests)."""
    return fetch(
        request,
        timeout=timeout,
        limit_bytes=int(getattr(settings, limit_name)),
        limit_name=limit_name,
        sleep=_sleep,
        **kwargs,
    )


def _retrieve(url: str, *, params: Mapping[str, Any] | None, **kwargs: Any) -> tuple[bytes, Any, Path | None]:
    """Serve from the cache or fetch (see :func:`borderkit._http_retrieve.retrieve`)."""
    return retrieve(full_url(url, params), key=cache_key(url, params), send=_send, **kwargs)


def _parse_json(body: bytes) -> Any:
    return json.loads(body)
