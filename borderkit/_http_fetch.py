"""The transport under :mod:`borderkit._http`: one bounded, redirect-safe request with retries.

:func:`fetch` sends one request and returns its complete 2xx body, or
raises. It guarantees, whatever the server does:

- **one deadline**: the whole call (every attempt, redirect and wait)
  ends within ``total_timeout`` seconds. A watchdog thread shuts down the
  call's sockets when the deadline passes, so a server that drips bytes
  just under the read timeout (in the headers or the body) cannot keep it
  alive; ``timeout`` still bounds each connect and each read;
- **bounded bodies**: the body is streamed in chunks, content-decoded
  (gzip, deflate) as it arrives, and the *decoded* bytes are counted; the
  call stops at ``limit_bytes``. A body goes to a temporary file (``sink``)
  or to memory, never to ``response.content``;
- **safe redirects**: redirects are followed by hand, at most
  ``settings.max_redirects`` of them and only to ``http`` or ``https``. On
  a change of scheme, host or port every credential is dropped (headers
  named ``Authorization`` or ``Cookie`` or whose name contains ``auth``,
  ``token``, ``key``, ``secret``, ``password``), and a POST whose body
  would be re-sent to the other origin (HTTP 307/308) is refused;
- **retries through urllib3's** :class:`~urllib3.util.Retry`: it decides
  which failures are retried (timeouts, broken connections, truncated
  bodies, HTTP 429 and 5xx, and 413/503 with ``Retry-After``), counts them
  and reads ``Retry-After`` (seconds or an HTTP date); borderkit sleeps
  ``backoff_factor * 2 ** (n - 1)`` before retry *n*, or the server's
  ``Retry-After`` (at most :data:`RETRY_AFTER_CAP_S`), and gives up at once
  when the wait would pass the deadline.

Credentials are redacted from every message by a :class:`Redactor`.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    InvalidHeader,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from . import settings
from ._log import log
from .errors import HTTPStatusError, ResponseError, SourceUnavailableError

#: Longest wait honoured from a ``Retry-After`` header, in seconds.
RETRY_AFTER_CAP_S = 60.0
#: Bytes read per chunk of a streamed body.
CHUNK_BYTES = 64 * 1024

_SECRET_WORDS = ("auth", "token", "key", "secret", "password", "passwd", "cookie")
_REDACTED = "REDACTED"
_SNIPPET_CHARS = 200
_REDIRECT_STATUSES = (301, 302, 303, 307, 308)


# --------------------------------------------------------------------------- redaction


@dataclass
class Redactor:
    """Keeps credentials out of text that is logged, stored or raised."""

    secrets: tuple[str, ...]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, _REDACTED)
        return text


def is_secret(name: str) -> bool:
    """Return whether a header, parameter or form field named ``name`` carries a credential."""
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def redact_url(url: str) -> str:
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
        if any(is_secret(name) for name, _ in pairs):
            query = urlencode([(name, _REDACTED if is_secret(name) else value) for name, value in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redactor(full_url: str, headers: Mapping[str, str] | None, *, body: Any = None) -> Redactor:
    """Return a :class:`Redactor` of the credentials in a URL, its headers and a form body."""
    secrets: list[str] = []
    parts = urlsplit(full_url)
    if parts.password:
        secrets.append(parts.password)
    secrets += [v for n, v in parse_qsl(parts.query, keep_blank_values=True) if is_secret(n)]
    secrets += [str(v) for n, v in (headers or {}).items() if is_secret(n)]
    if isinstance(body, Mapping):
        secrets += [str(v) for n, v in body.items() if is_secret(str(n)) and v is not None]
    # Longest first so that a secret containing another is replaced whole;
    # also cover the percent-encoded spellings that appear in URLs.
    expanded = _with_encoded(s for s in secrets if len(s) >= 3)
    return Redactor(tuple(sorted(expanded, key=len, reverse=True)))


def _with_encoded(secrets: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for secret in secrets:
        out.add(secret)
        out.add(urlencode({"": secret})[1:])
    return out


def snippet(body: bytes, redact: Redactor) -> str:
    """Return the start of ``body`` as one short, redacted line of text."""
    text = " ".join(body[: _SNIPPET_CHARS * 4].decode("utf-8", errors="replace").split())
    if len(text) > _SNIPPET_CHARS:
        text = text[:_SNIPPET_CHARS] + "…"
    return redact(text)


def origin(url: str) -> tuple[str, str, int | None]:
    """Return the (scheme, host, port) of ``url``, with the scheme's default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        port = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


# --------------------------------------------------------------------------- the deadline


class Deadline:
    """The end of a call; at that time a watchdog shuts down the sockets of the call's connections.

    Connections are tracked from their creation, and their ``sock`` attribute
    is read when the deadline passes: urllib3 sets it as soon as the TCP
    connection exists, before the TLS handshake, so a server that drips its
    handshake, its headers or its body is cut off alike.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = float(seconds)
        self.end = time.monotonic() + self.seconds
        self.expired = False
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(self.seconds, 0.0), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._connections.clear()

    def remaining(self) -> float:
        """Seconds left (never below 0)."""
        return max(0.0, self.end - time.monotonic())

    def track(self, connection: Any) -> None:
        """Shut the socket of ``connection`` down when the deadline passes (at once if it has passed).

        Called when a connection is made (its ``sock`` appears during connect)
        and again with its socket once connected (http.client forgets
        ``sock`` when the server will close the connection, while the answer
        is still being read from it).
        """
        with self._lock:
            if not self.expired:
                self._connections.append(connection)
                return
        _shutdown(_socket_of(connection))

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            connections, self._connections = self._connections, []
        for connection in connections:
            _shutdown(_socket_of(connection))


def _socket_of(item: Any) -> socket.socket | None:
    if isinstance(item, socket.socket):
        return item
    sock = getattr(item, "sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _shutdown(sock: socket.socket | None) -> None:
    if sock is None:
        return
    with contextlib.suppress(OSError):
        # The plain socket's shutdown, also for a TLS socket: ssl.SSLSocket.shutdown would drop
        # its SSL object under the feet of the thread that is reading.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _session(deadline: Deadline) -> requests.Session:
    """Return a Session whose connections register their sockets with ``deadline``."""

    class Connection(urllib3.connection.HTTPConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            deadline.track(self)

        def connect(self) -> None:
            super().connect()
            deadline.track(self.sock)  # shut at once if connected after the watchdog ran

    class HTTPSConnection(urllib3.connection.HTTPSConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            deadline.track(self)

        def connect(self) -> None:
            super().connect()
            deadline.track(self.sock)

    class Pool(urllib3.HTTPConnectionPool):
        ConnectionCls = Connection

    class HTTPSPool(urllib3.HTTPSConnectionPool):
        ConnectionCls = HTTPSConnection

    pools = {"http": Pool, "https": HTTPSPool}

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
            manager = super().proxy_manager_for(proxy, **kwargs)
            manager.pool_classes_by_scheme = pools
            return manager

    session = requests.Session()
    session.headers["User-Agent"] = settings.user_agent
    adapter = Adapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# --------------------------------------------------------------------------- one call


@dataclass
class Fetched:
    """A complete 2xx answer: its body (or the bytes count when it went to a sink)."""

    body: bytes
    size: int
    content_type: str | None


@dataclass
class Request:
    """What to send, and how to describe it in messages."""

    method: str
    url: str
    source: str
    shown: str
    hint: str
    redact: Redactor
    headers: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, Any] | None = None
    json_body: Any = None


class _AttemptFailedError(Exception):
    """One attempt failed in a way Retry may retry; ``error`` is the urllib3 error for Retry."""

    def __init__(
        self,
        cause: str,
        error: Exception | None = None,
        *,
        response: Any = None,
        original: BaseException | None = None,
    ) -> None:
        super().__init__(cause)
        self.cause = cause
        self.error = error
        self.response = response
        self.original = original


class _FatalError(Exception):
    """Not retried: ``exc`` is raised as it is."""

    def __init__(self, exc: Exception) -> None:
        super().__init__(str(exc))
        self.exc = exc


def fetch(
    request: Request,
    *,
    timeout: float | None,
    limit_bytes: int,
    limit_name: str,
    sink: IO[bytes] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Fetched:
    """Send ``request`` with retries; return the complete 2xx body, bounded in size and time.

    With ``sink`` the decoded body is written there (and ``Fetched.body``
    is empty); ``sink`` is truncated before each attempt. ``progress`` is
    called with (bytes so far, expected bytes or None) as chunks arrive.
    """
    timeout_s = float(settings.timeout if timeout is None else timeout)
    total_s = float(settings.total_timeout)
    retries = max(0, int(settings.max_retries))
    retry = retry_policy(retries)
    attempts = retries + 1
    last = _AttemptFailedError("no attempt was made")
    with Deadline(total_s) as deadline, _session(deadline) as session:
        for attempt in range(1, attempts + 1):
            log(f"{request.source}: {request.method} {request.shown} (attempt {attempt} of {attempts})")
            try:
                return _attempt(
                    session,
                    request,
                    deadline=deadline,
                    timeout_s=timeout_s,
                    limit_bytes=limit_bytes,
                    limit_name=limit_name,
                    sink=sink,
                    progress=progress,
                )
            except _FatalError as fatal:
                raise fatal.exc from fatal.__cause__
            except _AttemptFailedError as failed:
                last = failed
                if last.original is None:
                    last.original = failed.__cause__
            if deadline.expired:
                break
            try:
                retry = retry.increment(request.method, request.url, response=last.response, error=last.error)
            except MaxRetryError:
                break
            except Exception:  # Retry re-raises errors it does not retry (e.g. a 4xx is never here)
                break
            wait_s = _wait(retry, last, attempt)
            if wait_s is None:
                break
            if wait_s >= deadline.remaining():
                asked = _header(last.response, "Retry-After")
                told = f" (the server sent Retry-After: {asked})" if asked else ""
                cause = (
                    f"{last.cause}; the next try would wait {wait_s:.2f} s{told}, past the deadline "
                    f"of {total_s:g} s (settings.total_timeout)"
                )
                last = _AttemptFailedError(cause, last.error, response=last.response, original=last.original)
                break
            log(
                f"{request.source}: attempt {attempt} of {attempts} for {request.shown} failed "
                f"({last.cause}); retrying in {wait_s:.2f} s",
                level=logging.WARNING,
            )
            sleep(wait_s)
        expired = deadline.expired or deadline.remaining() <= 0
    return _give_up(request, last, attempt, attempts, total_s=total_s, expired=expired)


def retry_policy(retries: int) -> Retry:
    """Return the urllib3 ``Retry`` that decides which failures borderkit retries, and counts them.

    Timeouts, broken connections and truncated bodies (read errors), HTTP 429
    and 5xx, and 413/503 with ``Retry-After``; every method, POST included.
    """
    return Retry(
        total=retries,
        redirect=False,
        status_forcelist={429, *range(500, 600)},
        allowed_methods=None,
        respect_retry_after_header=True,
        raise_on_status=False,
        backoff_factor=settings.backoff_factor,
    )


def _wait(retry: Retry, failed: _AttemptFailedError, attempt: int) -> float | None:
    """Seconds to wait before the next attempt (Retry-After first), None to stop."""
    response = failed.response
    if response is not None:
        try:
            after = retry.get_retry_after(response)
        except InvalidHeader:
            after = None
        if after is not None:
            return min(float(after), RETRY_AFTER_CAP_S)
    return float(settings.backoff_factor) * 2 ** (attempt - 1)


def _give_up(
    request: Request, last: _AttemptFailedError, attempt: int, attempts: int, *, total_s: float, expired: bool
) -> Fetched:
    verb = "get" if request.method == "GET" else f"{request.method} to"
    cause = last.cause
    if expired and "deadline" not in cause:
        cause = f"{cause}; the whole call passed its deadline of {total_s:g} s (settings.total_timeout)"
    msg = (
        f"{request.source}: could not {verb} {request.shown} after {attempt} attempt(s); last cause: "
        f"{cause}. Check the network and the source's status, or raise "
        f"borderkit.settings.max_retries, settings.timeout or settings.total_timeout and try again "
        f"later.{request.hint}"
    )
    status = getattr(last.response, "status", None)
    cause_exc = last.original if last.original is not None else last.error
    if isinstance(last.error, ProtocolError) and status is None:
        raise ResponseError(msg) from cause_exc
    if status is not None:
        raise HTTPStatusError(msg, status=status) from cause_exc
    raise SourceUnavailableError(msg) from cause_exc


def _attempt(
    session: requests.Session,
    request: Request,
    *,
    deadline: Deadline,
    timeout_s: float,
    limit_bytes: int,
    limit_name: str,
    sink: IO[bytes] | None,
    progress: Callable[[int, int | None], None] | None,
) -> Fetched:
    response = _send(session, request, deadline=deadline, timeout_s=timeout_s)
    with response:
        status = response.status_code
        if not 200 <= status < 300:
            _judge_error(response, request, deadline=deadline)
        return _read_body(
            response,
            request,
            deadline=deadline,
            limit_bytes=limit_bytes,
            limit_name=limit_name,
            sink=sink,
            progress=progress,
        )


def _send(
    session: requests.Session, request: Request, *, deadline: Deadline, timeout_s: float
) -> requests.Response:
    """Send the request and follow redirects safely; return the final (non-redirect) response."""
    method, url = request.method, request.url
    headers = dict(request.headers)
    data, json_body = request.data, request.json_body
    start = origin(url)
    for hop in range(int(settings.max_redirects) + 1):
        per_read = min(timeout_s, max(deadline.remaining(), 0.001))
        try:
            response = session.request(
                method,
                url,
                headers=headers,
                data=None if data is None else dict(data),
                json=json_body,
                timeout=per_read,
                stream=True,
                allow_redirects=False,
            )
        except requests.exceptions.SSLError as exc:
            if deadline.expired:
                raise _deadline_failure(exc) from exc
            msg = (
                f"{request.source}: TLS/SSL error for {request.shown}: {request.redact(str(exc))}. "
                f"Check the system's certificates or any proxy that intercepts HTTPS.{request.hint}"
            )
            raise _FatalError(SourceUnavailableError(msg)) from exc
        except requests.Timeout as exc:
            if deadline.expired:
                raise _deadline_failure(exc) from exc
            connect = isinstance(exc, requests.ConnectTimeout)
            error: Exception = (
                ConnectTimeoutError(str(exc)) if connect else ReadTimeoutError(None, url, str(exc))  # type: ignore[arg-type]
            )
            raise _AttemptFailedError(f"no answer within {timeout_s:g} s (timeout)", error) from exc
        except requests.ConnectionError as exc:
            if deadline.expired:
                raise _deadline_failure(exc) from exc
            error = NewConnectionError(None, str(exc))  # type: ignore[arg-type]
            raise _AttemptFailedError(f"connection failed: {request.redact(str(exc))}", error) from exc
        except requests.RequestException as exc:
            msg = (
                f"{request.source}: could not request {request.shown}: {request.redact(str(exc))}. "
                f"Check that the URL is complete and well formed.{request.hint}"
            )
            raise _FatalError(SourceUnavailableError(msg)) from exc
        location = response.headers.get("Location")
        if response.status_code not in _REDIRECT_STATUSES or not location:
            return response
        response.close()
        target = urljoin(url, location)
        status = response.status_code
        if hop == int(settings.max_redirects):
            msg = (
                f"{request.source}: {request.shown} redirected more than {settings.max_redirects} "
                f"times (settings.max_redirects); the last hop went to {redact_url(target)}. The "
                f"source may be misconfigured; try again later.{request.hint}"
            )
            raise _FatalError(SourceUnavailableError(msg))
        scheme = urlsplit(target).scheme.lower()
        if scheme not in ("http", "https"):
            msg = (
                f"{request.source}: {request.shown} redirected to {redact_url(target)!r}, whose "
                f"scheme {scheme or '(none)'!r} is not http or https; borderkit follows redirects "
                f"to http(s) only.{request.hint}"
            )
            raise _FatalError(SourceUnavailableError(msg))
        crossing = origin(target) != start
        if status == 303 or (status in (301, 302) and method == "POST"):
            method, data, json_body = "GET", None, None
            headers = {n: v for n, v in headers.items() if n.lower() != "content-type"}
        if crossing:
            if method != "GET" and (data is not None or json_body is not None):
                msg = (
                    f"{request.source}: {request.shown} answered HTTP {status}, redirecting the "
                    f"{method} and its body to another origin ({redact_url(target)}); borderkit "
                    "never re-sends a request body (it may hold credentials) to another scheme, "
                    f"host or port. Check the service's address in borderkit.settings.{request.hint}"
                )
                raise _FatalError(SourceUnavailableError(msg))
            dropped = sorted(n for n in headers if is_secret(n))
            headers = {n: v for n, v in headers.items() if not is_secret(n)}
            session.cookies.clear()
            if dropped:
                log(
                    f"{request.source}: {request.shown} redirected to another origin "
                    f"({redact_url(target)}); not sending {', '.join(dropped)} there"
                )
        url = target
    raise AssertionError("unreachable")  # pragma: no cover


def _header(response: Any, name: str) -> str:
    headers = getattr(response, "headers", None)
    return str(headers.get(name, "")).strip() if headers is not None else ""


def _deadline_failure(exc: Exception) -> _AttemptFailedError:
    total = settings.total_timeout
    cause = f"the whole call passed its deadline of {total:g} s (settings.total_timeout)"
    return _AttemptFailedError(cause, None, original=exc)


def _judge_error(response: requests.Response, request: Request, *, deadline: Deadline) -> None:
    """Raise for a non-2xx answer: an :class:`_AttemptFailedError` when retryable, else a fatal error."""
    status = response.status_code
    reason = response.reason or ""
    head = _read_some(response, _SNIPPET_CHARS * 4)
    text = snippet(head, request.redact)
    has_retry_after = bool(response.headers.get("Retry-After"))
    if retry_policy(1).is_retry(request.method, status, has_retry_after):
        raise _AttemptFailedError(f"HTTP {status} {reason}: {text!r}", None, response=response.raw)
    msg = (
        f"{request.source} answered HTTP {status} {reason} for {request.shown}: {text!r}. The address "
        "or its parameters are wrong, access is refused, or the resource was removed; check them "
        f"(HTTP {status} is not retried).{request.hint}"
    )
    raise _FatalError(HTTPStatusError(msg, status=status))


def _read_some(response: requests.Response, n_bytes: int) -> bytes:
    """Read at most ``n_bytes`` decoded bytes of an error body (never the whole of it)."""
    try:
        return response.raw.read(n_bytes, decode_content=True) or b""
    except (urllib3.exceptions.HTTPError, OSError, requests.RequestException):
        return b""


def _read_body(
    response: requests.Response,
    request: Request,
    *,
    deadline: Deadline,
    limit_bytes: int,
    limit_name: str,
    sink: IO[bytes] | None,
    progress: Callable[[int, int | None], None] | None,
) -> Fetched:
    """Stream a 2xx body in chunks, counting decoded bytes, within the size limit and the deadline."""
    declared = response.headers.get("Content-Length", "").strip()
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    expected = int(declared) if declared.isdigit() and encoding in ("", "identity") else None
    if expected is not None and expected > limit_bytes:
        raise _FatalError(
            ResponseError(_too_big(request, f"announces {expected} bytes", limit_bytes, limit_name))
        )
    if sink is not None:
        sink.seek(0)
        sink.truncate()
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(chunk_size=CHUNK_BYTES):
            size += len(chunk)
            if size > limit_bytes:
                reason = f"sent more than {limit_bytes} bytes (after decompression)"
                raise _FatalError(ResponseError(_too_big(request, reason, limit_bytes, limit_name)))
            if sink is None:
                parts.append(chunk)
            else:
                sink.write(chunk)
            if progress is not None:
                progress(size, expected)
    except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
        if deadline.expired:
            raise _deadline_failure(exc) from exc
        cause = f"the connection broke before the body was complete ({type(exc).__name__})"
        raise _AttemptFailedError(cause, ProtocolError(str(exc))) from exc
    except requests.ConnectionError as exc:
        if deadline.expired:
            raise _deadline_failure(exc) from exc
        raise _AttemptFailedError(
            f"the connection broke: {request.redact(str(exc))}", ProtocolError(str(exc))
        ) from exc
    if deadline.expired:
        # The watchdog shut the socket: what arrived may look complete but is not.
        raise _deadline_failure(TimeoutError())
    return Fetched(b"".join(parts), size, response.headers.get("Content-Type"))


def _too_big(request: Request, what: str, limit_bytes: int, limit_name: str) -> str:
    return (
        f"{request.source}: {request.shown} {what}, more than the limit of {limit_bytes} bytes "
        f"(settings.{limit_name}); it was not kept. If the file is really that large, raise "
        f"borderkit.settings.{limit_name}.{request.hint}"
    )
