"""Conflict events from the ACLED API, normalised to the events schema.

ACLED (Armed Conflict Location & Event Data)
    An OAuth token from ``POST {settings.acled_api}/oauth/token`` (form:
    ``username``, ``password``, ``grant_type=password``, ``client_id=acled``;
    answer ``access_token``, ``refresh_token``, ``expires_in``), then
    ``GET {settings.acled_api}/api/acled/read?_format=json&...&limit=..&page=..``
    with ``Authorization: Bearer <token>``; every page is a JSON object
    ``{"status": 200, "success": true, "count": n, "data": [...]}``, pages
    are numbered from 1. An expired token is renewed with
    ``grant_type=refresh_token``.

Credentials (the ACLED password, access and refresh tokens) travel only in
request headers and POST bodies: they are never part of a cache key, a cached
file, a log record or an error message. Cached pages are served without asking
for a token, so a repeated call needs no network and works offline.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ... import _http, settings
from ..._log import log
from ...errors import ResponseError, SourceUnavailableError
from ._fetch import _date_range, _fetch_page, _normalised, _positive_int

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["fetch_acled"]

ACLED_SOURCE = "ACLED API"
ACLED_AUTH_SOURCE = "ACLED OAuth"

#: Environment variables read by :func:`fetch_acled` when no credentials are passed.
ACLED_USERNAME_ENV = "ACLED_USERNAME"
ACLED_PASSWORD_ENV = "ACLED_PASSWORD"
#: Accepted in place of ``ACLED_USERNAME`` (the ACLED account name is an e-mail address).
ACLED_EMAIL_ENV = "ACLED_EMAIL"
#: ACLED's OAuth client id for the password and refresh-token grants.
ACLED_CLIENT_ID = "acled"
#: ACLED country names of the ISO3 codes borderkit maps; others are passed by name.
ACLED_COUNTRY_NAMES = {"AFG": "Afghanistan", "PAK": "Pakistan"}

# One record of the API, normalised and emptied to give the schema when a query matches nothing.
_ACLED_SAMPLE = {
    "event_id_cnty": "X0",
    "event_date": "2000-01-01",
    "event_type": "",
    "sub_event_type": "",
    "actor1": "",
    "actor2": "",
    "location": "",
    "latitude": "34.0",
    "longitude": "71.0",
    "geo_precision": "1",
    "fatalities": "0",
    "notes": "",
}

_ACLED_HINT = (
    "Instead, export the events as CSV with ACLED's Data Export Tool "
    "(https://acleddata.com/data-export-tool/) and load them with "
    "borderkit.load_events('export.csv')."
)


# --------------------------------------------------------------------------- ACLED


def fetch_acled(
    *,
    country: str | Iterable[str] | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    email: str | None = None,
    username: str | None = None,
    password: str | None = None,
    limit: int = 5000,
    max_pages: int | None = None,
    refresh: bool = False,
) -> gpd.GeoDataFrame:
    """Fetch ACLED events from ACLED's API, normalised to the events schema.

    An OAuth access token is obtained from ``{settings.acled_api}/oauth/token``
    with the account's e-mail and password (never cached, never logged),
    then pages of ``{settings.acled_api}/api/acled/read`` are read with
    ``Authorization: Bearer <token>`` until a page holds fewer than
    ``limit`` events. Pages are cached under their URL, which holds no
    credential (the Authorization header is kept out of the cache), so a
    repeated call is served from the cache without logging in. When a page
    is refused with HTTP 401 (the token expired) the token is renewed once,
    with the refresh token or, failing that, by logging in again, and the
    page is asked again.

    ACLED is a living database: events are revised and deleted. Cached pages
    keep the state of the day they were read; set
    ``borderkit.settings.use_cache = False`` to read every page afresh.

    Parameters
    ----------
    country : str or sequence of str, optional
        ACLED country names (e.g. ``"Afghanistan"``), or the ISO3 codes
        ``"AFG"`` and ``"PAK"`` (mapped to ACLED's names). Default: every
        country your account may read.
    start, end : str or datetime.date, optional
        First and last event date (``"YYYY-MM-DD"``); sent as ``event_date``
        with ``event_date_where`` ``BETWEEN`` (or ``>=`` / ``<=`` when only one
        is given).
    email, username : str, optional
        The myACLED account (an e-mail address); pass either. Default the
        environment variable ``ACLED_USERNAME`` (or ``ACLED_EMAIL``).
    password : str, optional
        The myACLED password; default the environment variable
        ``ACLED_PASSWORD``. Credentials are needed only when a page is not
        cached.
    limit : int, default 5000
        Events per page.
    max_pages : int, optional
        Stop after this many pages; default all of them.
    refresh : bool, default False
        Read every page afresh, even when cached (cached ACLED pages also
        expire after ``settings.cache_expiry``, 7 days by default).

    Returns
    -------
    geopandas.GeoDataFrame
        The events of every page, in page order, normalised by
        :func:`borderkit.geo.events.normalise_acled` (EPSG:4326 points).

    Raises
    ------
    ValueError
        A parameter is out of range, or ``email`` and ``username`` differ.
    SourceUnavailableError
        Credentials are missing; the login or the token renewal was refused;
        a renewed token was refused again (HTTP 401); access was denied
        (HTTP 403); or a page could not be fetched (the message names its URL).
    OfflineError
        ``settings.offline`` is True and a page is not cached.
    ResponseError
        A page or the token answer is not what ACLED documents.

    Examples
    --------
    >>> import borderkit as bk
    >>> events = bk.fetch_acled(country=["AFG", "PAK"], start="2024-01-01",
    ...                         end="2024-03-31")  # doctest: +SKIP
    """
    func = "fetch_acled"
    if email is not None and username is not None and email.strip() != username.strip():
        msg = f"{func}: email and username name the same account; pass only one of them."
        raise ValueError(msg)
    limit = _positive_int(limit, "limit", func)
    max_pages = None if max_pages is None else _positive_int(max_pages, "max_pages", func)
    start_s, end_s = _date_range(start, end, func)
    base = f"{settings.acled_api.rstrip('/')}/api/acled/read"
    first: dict[str, Any] = {
        "_format": "json",
        "country": _acled_countries(country, func),
        "limit": limit,
        "page": 1,
    }
    if start_s and end_s:
        first.update(event_date=f"{start_s}|{end_s}", event_date_where="BETWEEN")
    elif start_s:
        first.update(event_date=start_s, event_date_where=">=")
    elif end_s:
        first.update(event_date=end_s, event_date_where="<=")
    auth = _AcledAuth(username if username is not None else email, password)

    records: list[Any] = []
    pages = 0
    while True:
        params = {**first, "page": pages + 1}
        shown = _http.full_url(base, params)
        context = f"page {pages + 1} of the ACLED events"
        page = _fetch_page(
            base,
            params,
            source=ACLED_SOURCE,
            headers=auth.headers,
            check=_acled_check(shown),
            hint=_ACLED_HINT,
            context=context,
            on_status=_acled_status_message,
            renew=auth.renew,
            refresh=refresh,
        )
        data = page["data"]
        records.extend(data)
        pages += 1
        log(f"{ACLED_SOURCE}: page {pages}: {len(data)} event(s), {len(records)} so far")
        if len(data) < limit:
            break
        if max_pages is not None and pages >= max_pages:
            log(f"{ACLED_SOURCE}: stopped after max_pages={max_pages}; more pages may exist")
            break
    from . import normalise_acled

    where = f"{ACLED_SOURCE} {_http.full_url(base, first)}"
    return _normalised(records, normalise_acled, where=where, sample=_ACLED_SAMPLE, source=ACLED_SOURCE)


class _AcledAuth:
    """Obtains, holds and renews ACLED OAuth tokens; logs in only when asked to."""

    def __init__(self, username: str | None, password: str | None) -> None:
        self._username = username
        self._password = password
        self._access = ""
        self._refresh = ""

    def headers(self) -> dict[str, str]:
        if not self._access:
            self._login()
        return {"Authorization": f"Bearer {self._access}", "Accept": "application/json"}

    def renew(self) -> None:
        """Replace a refused access token: refresh it, or log in again if that is refused."""
        if self._refresh:
            try:
                self._grant({"grant_type": "refresh_token", "refresh_token": self._refresh}, "renew")
                return
            except _http.HTTPStatusError as exc:
                log(
                    f"{ACLED_AUTH_SOURCE}: the refresh token was refused (HTTP {exc.status}); "
                    "logging in again",
                    level=logging.WARNING,
                )
        self._login(what="log in again")

    def _login(self, what: str = "log in") -> None:
        username, password = self._credentials()
        self._grant({"grant_type": "password", "username": username, "password": password}, what)

    def _credentials(self) -> tuple[str, str]:
        username = (
            self._username
            if self._username is not None
            else os.environ.get(ACLED_USERNAME_ENV) or os.environ.get(ACLED_EMAIL_ENV, "")
        ).strip()
        password = self._password if self._password is not None else os.environ.get(ACLED_PASSWORD_ENV, "")
        if not username or not password:
            missing = " and ".join(
                name
                for name, value in (("the account e-mail", username), ("the password", password))
                if not value
            )
            msg = (
                f"{ACLED_SOURCE}: {missing} of a myACLED account are needed to obtain an "
                f"access token. Register at https://acleddata.com/register/, then set the "
                f"environment variables {ACLED_USERNAME_ENV} and {ACLED_PASSWORD_ENV} or pass "
                f"fetch_acled(username=..., password=...). {_ACLED_HINT}"
            )
            raise SourceUnavailableError(msg)
        return username, password

    def _grant(self, fields: Mapping[str, str], what: str) -> None:
        url = f"{settings.acled_api.rstrip('/')}/oauth/token"
        try:
            answer = _http.post(
                url,
                source=ACLED_AUTH_SOURCE,
                data={**fields, "client_id": ACLED_CLIENT_ID},
                headers={"Accept": "application/json"},
                local_hint=_ACLED_HINT,
            )
        except _http.HTTPStatusError as exc:
            if exc.status is None or exc.status >= 500 or what == "renew":
                raise
            msg = (
                f"{ACLED_AUTH_SOURCE}: could not {what}: {url} refused the account's "
                f"credentials (HTTP {exc.status}). Check {ACLED_USERNAME_ENV} and "
                f"{ACLED_PASSWORD_ENV} (or the username/password passed to fetch_acled), and "
                f"that the account's e-mail is verified and API access is enabled. {_ACLED_HINT}"
            )
            raise _http.HTTPStatusError(msg, status=exc.status) from exc
        access = answer.get("access_token") if isinstance(answer, dict) else None
        if not isinstance(access, str) or not access.strip():
            fields_seen = sorted(answer)[:10] if isinstance(answer, dict) else type(answer).__name__
            msg = (
                f"{ACLED_AUTH_SOURCE}: {url} answered without an access_token (got "
                f"{fields_seen}); the OAuth service may have changed. {_ACLED_HINT}"
            )
            raise ResponseError(msg)
        self._access = access.strip()
        refresh = answer.get("refresh_token")
        self._refresh = refresh.strip() if isinstance(refresh, str) else ""
        log(f"{ACLED_AUTH_SOURCE}: obtained an access token (valid {answer.get('expires_in', '?')} s)")


def _acled_check(shown: str) -> Callable[[Any], None]:
    def check(page: Any) -> None:
        if isinstance(page, dict) and page.get("success") is not False and isinstance(page.get("data"), list):
            return
        if isinstance(page, dict):
            detail = {k: page[k] for k in ("status", "success", "error", "messages") if k in page}
            got = str(detail or sorted(page)[:10])[:300]
        else:
            got = type(page).__name__
        msg = (
            f"{ACLED_SOURCE} answered {shown} without event data ({got}); it was not cached. "
            f"Check the query and the account's access level. {_ACLED_HINT}"
        )
        raise ResponseError(msg)

    return check


def _acled_status_message(status: int | None, context: str) -> str:
    if status == 401:
        return (
            f"{ACLED_SOURCE} refused a freshly renewed access token for {context} (HTTP 401). "
            "The account may lack API access: accept ACLED's terms of use, complete the "
            "myACLED profile, or ask ACLED (access@acleddata.com) to enable the API. "
        )
    if status == 403:
        return (
            f"{ACLED_SOURCE} denied access to {context} (HTTP 403): the account's access level "
            "does not cover this query (e.g. the dates or countries asked for). "
        )
    return ""


def _acled_countries(country: str | Iterable[str] | None, func: str) -> str | None:
    if country is None:
        return None
    items = [country] if isinstance(country, str) else list(country)
    names: list[str] = []
    for item in items:
        text = str(item).strip()
        if not text or text.isdigit():
            msg = (
                f"{func}(country={country!r}): {item!r} is not a country name; pass ACLED "
                "country names such as 'Afghanistan', or the ISO3 codes 'AFG' and 'PAK'."
            )
            raise ValueError(msg)
        name = ACLED_COUNTRY_NAMES.get(text.upper(), text)
        if name not in names:
            names.append(name)
    if not names:
        msg = f"{func}(country={country!r}) names no country; pass None for every country."
        raise ValueError(msg)
    return ":OR:".join(names)
