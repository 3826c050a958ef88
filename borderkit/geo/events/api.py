"""Conflict events from the UCDP and ACLED APIs, normalised to the events schema.

Two network sources of events, each read page by page through
:mod:`borderkit._http` (so with its cache, retries, offline mode and
credential redaction) and handed to the normalisers of
:mod:`borderkit.geo.events`:

UCDP GED (Uppsala Conflict Data Program, Georeferenced Event Dataset)
    ``GET {settings.ucdp_api}/gedevents/{version}?pagesize=..&page=..`` with
    the header ``x-ucdp-access-token``. Every page is a JSON object
    ``{"TotalCount", "TotalPages", "PreviousPageUrl", "NextPageUrl",
    "Result": [...]}``; pages are numbered from 0 and followed through
    ``NextPageUrl``. Filters: ``Country`` (Gleditsch-Ward codes, comma
    separated), ``StartDate`` and ``EndDate`` (``YYYY-MM-DD``).
ACLED (Armed Conflict Location & Event Data)
    An OAuth token from ``POST {settings.acled_api}/oauth/token`` (form:
    ``username``, ``password``, ``grant_type=password``, ``client_id=acled``;
    answer ``access_token``, ``refresh_token``, ``expires_in``), then
    ``GET {settings.acled_api}/api/acled/read?_format=json&...&limit=..&page=..``
    with ``Authorization: Bearer <token>``; every page is a JSON object
    ``{"status": 200, "success": true, "count": n, "data": [...]}``, pages
    are numbered from 1. An expired token is renewed with
    ``grant_type=refresh_token``.

Credentials (the UCDP token, the ACLED password, access and refresh tokens)
travel only in request headers and POST bodies: they are never part of a
cache key, a cached file, a log record or an error message. Cached pages are
served without asking for a token, so a repeated call needs no network and
works offline.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pandas as pd

from ... import _http, settings
from ..._log import log
from ...errors import OfflineError, ResponseError, SourceUnavailableError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["fetch_acled", "fetch_ucdp"]

UCDP_SOURCE = "UCDP GED API"
ACLED_SOURCE = "ACLED API"
ACLED_AUTH_SOURCE = "ACLED OAuth"

#: Environment variable read by :func:`fetch_ucdp` when no ``token`` is passed.
UCDP_TOKEN_ENV = "UCDP_ACCESS_TOKEN"
#: Environment variables read by :func:`fetch_acled` when no credentials are passed.
ACLED_USERNAME_ENV = "ACLED_USERNAME"
ACLED_PASSWORD_ENV = "ACLED_PASSWORD"
#: Accepted in place of ``ACLED_USERNAME`` (the ACLED account name is an e-mail address).
ACLED_EMAIL_ENV = "ACLED_EMAIL"

#: The header that carries the UCDP API access token.
UCDP_TOKEN_HEADER = "x-ucdp-access-token"
#: The largest page the UCDP API serves.
UCDP_MAX_PAGESIZE = 1000
#: ACLED's OAuth client id for the password and refresh-token grants.
ACLED_CLIENT_ID = "acled"

#: Gleditsch-Ward country codes (as used by UCDP) of the countries borderkit
#: maps from ISO 3166-1 alpha-3; any other country is passed by its number.
GLEDITSCH_WARD = {"AFG": 700, "PAK": 770}
#: ACLED country names of the ISO3 codes borderkit maps; others are passed by name.
ACLED_COUNTRY_NAMES = {"AFG": "Afghanistan", "PAK": "Pakistan"}

# One record of each API, normalised and emptied to give the schema when a query matches nothing.
_UCDP_SAMPLE = {
    "id": 0,
    "date_start": "2000-01-01T00:00:00",
    "date_end": "2000-01-01T00:00:00",
    "type_of_violence": 1,
    "side_a": "",
    "side_b": "",
    "best": 0,
    "where_prec": 1,
    "where_coordinates": "",
    "latitude": 34.0,
    "longitude": 71.0,
}
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
_VERSION_RE = re.compile(r"\d+\.\d+(\.\d+)*")

_UCDP_HINT = (
    "Instead, download the UCDP GED events as CSV from https://ucdp.uu.se/downloads/ and "
    "load them with borderkit.load_events('export.csv')."
)
_ACLED_HINT = (
    "Instead, export the events as CSV with ACLED's Data Export Tool "
    "(https://acleddata.com/data-export-tool/) and load them with "
    "borderkit.load_events('export.csv')."
)


# --------------------------------------------------------------------------- UCDP


def fetch_ucdp(
    *,
    version: str = "25.1",
    country: str | int | Iterable[str | int] | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    token: str | None = None,
    pagesize: int = 1000,
    max_pages: int | None = None,
    refresh: bool = False,
) -> gpd.GeoDataFrame:
    """Fetch UCDP GED events from the UCDP API, normalised to the events schema.

    Pages of ``{settings.ucdp_api}/gedevents/{version}`` are read in turn,
    following each page's ``NextPageUrl``, through the cache: each page is
    cached under its URL (the token travels in a header and is never part
    of the key or of the cached files), so a repeated call reads no page
    twice and needs no token. A page that fails is not cached; the pages
    before it stay cached, so calling again resumes there.

    Parameters
    ----------
    version : str, default "25.1"
        GED release, e.g. ``"25.1"`` (yearly) or a candidate release such as
        ``"25.0.12"``.
    country : str, int or sequence of them, optional
        Countries to keep, as UCDP's Gleditsch-Ward numeric codes (e.g.
        ``700``) or, for the two countries of the Afghanistan-Pakistan
        border only, ISO3 codes: ``"AFG"`` is mapped to 700 and ``"PAK"`` to
        770. Other ISO3 codes are refused: pass their Gleditsch-Ward number.
        Default: every country.
    start, end : str or datetime.date, optional
        First and last day (``"YYYY-MM-DD"``), sent as UCDP's ``StartDate``
        and ``EndDate`` filters.
    token : str, optional
        UCDP API access token; default the environment variable
        ``UCDP_ACCESS_TOKEN``. Needed only when a page is not cached.
    pagesize : int, default 1000
        Events per page, 1 to 1000 (the API's maximum).
    max_pages : int, optional
        Stop after this many pages; default all of them.
    refresh : bool, default False
        Read every page afresh, even when cached (the new pages are cached).

    Returns
    -------
    geopandas.GeoDataFrame
        The events of every page, in page order, normalised by
        :func:`borderkit.geo.events.normalise_ucdp` (EPSG:4326 points).

    Raises
    ------
    ValueError
        A parameter is out of range or not understood (e.g. an ISO3 code
        other than AFG or PAK, a date that is not ``YYYY-MM-DD``).
    SourceUnavailableError
        No token is available for a page that is not cached; the API refused
        the token (HTTP 401/403); or a page could not be fetched (the message
        names its URL).
    OfflineError
        ``settings.offline`` is True and a page is not cached.
    ResponseError
        A page is not a page of GED events.

    Examples
    --------
    >>> import borderkit as bk
    >>> events = bk.fetch_ucdp(country=["AFG", "PAK"], start="2024-01-01",
    ...                        end="2024-12-31")  # doctest: +SKIP
    """
    func = "fetch_ucdp"
    if not isinstance(version, str) or not _VERSION_RE.fullmatch(version.strip()):
        msg = (
            f"{func}(version={version!r}) is not a UCDP GED release; pass one like '25.1' "
            "(yearly) or '25.0.12' (candidate)."
        )
        raise ValueError(msg)
    pagesize = _positive_int(pagesize, "pagesize", func, maximum=UCDP_MAX_PAGESIZE)
    max_pages = None if max_pages is None else _positive_int(max_pages, "max_pages", func)
    start_s, end_s = _date_range(start, end, func)
    base = f"{settings.ucdp_api.rstrip('/')}/gedevents/{version.strip()}"
    first: dict[str, Any] = {
        "pagesize": pagesize,
        "page": 0,
        "Country": _gleditsch_ward(country, func),
        "StartDate": start_s,
        "EndDate": end_s,
    }

    def headers() -> dict[str, str]:
        return {UCDP_TOKEN_HEADER: _ucdp_token(token), "Accept": "application/json"}

    records: list[Any] = []
    url, params = base, dict(first)
    seen: set[str] = set()
    pages = 0
    total_count: int | None = None
    while True:
        shown = _http.full_url(url, params)
        seen.add(shown)
        page = _fetch_page(
            url,
            params,
            source=UCDP_SOURCE,
            headers=headers,
            check=_ucdp_check(shown),
            hint=_UCDP_HINT,
            context=f"page {pages + 1} of the UCDP GED events",
            on_status=_ucdp_status_message,
            refresh=refresh,
        )
        result = page["Result"]
        records.extend(result)
        pages += 1
        total_pages = _int_or_none(page.get("TotalPages"))
        total_count = _int_or_none(page.get("TotalCount"))
        log(
            f"{UCDP_SOURCE}: page {pages}{'' if total_pages is None else f' of {total_pages}'}: "
            f"{len(result)} event(s), {len(records)} so far"
        )
        next_url = str(page.get("NextPageUrl") or "").strip()
        more = bool(result) and bool(next_url) and (total_pages is None or pages < total_pages)
        if not more:
            break
        if max_pages is not None and pages >= max_pages:
            log(f"{UCDP_SOURCE}: stopped after max_pages={max_pages}; more pages exist")
            break
        if _same_origin(next_url, base):
            url, params = next_url, {}
        else:
            # Never send the token to another host (or over a downgraded scheme):
            # ask our own base URL for the next page by number instead.
            log(
                f"{UCDP_SOURCE}: NextPageUrl {next_url} is not on {base}; asking for page "
                f"{pages} by number instead"
            )
            url, params = base, {**first, "page": pages}
        if _http.full_url(url, params) in seen:
            msg = (
                f"{UCDP_SOURCE}: page {pages} ({shown}) gives NextPageUrl {next_url}, which was "
                "already read; the API's paging is inconsistent. Try again later, or pass "
                f"max_pages. {_UCDP_HINT}"
            )
            raise ResponseError(msg)
    if max_pages is None and total_count is not None and total_count != len(records):
        log(
            f"{UCDP_SOURCE}: the API announced {total_count} event(s) but its pages held "
            f"{len(records)}; the data may have changed while paging (cached pages are older). "
            "Set borderkit.settings.use_cache = False to read every page afresh.",
            level=logging.WARNING,
        )
    from . import normalise_ucdp

    where = f"{UCDP_SOURCE} {_http.full_url(base, first)}"
    return _normalised(records, normalise_ucdp, where=where, sample=_UCDP_SAMPLE, source=UCDP_SOURCE)


def _ucdp_token(token: str | None) -> str:
    value = (token if token is not None else os.environ.get(UCDP_TOKEN_ENV, "")).strip()
    if not value:
        msg = (
            f"{UCDP_SOURCE}: an access token is needed (the API answers HTTP 401 without "
            f"one). Request a free token from the UCDP API maintainers (see "
            f"https://ucdp.uu.se/apidocs/), then set the environment variable "
            f"{UCDP_TOKEN_ENV} or pass fetch_ucdp(token=...). {_UCDP_HINT}"
        )
        raise SourceUnavailableError(msg)
    return value


def _ucdp_check(shown: str) -> Callable[[Any], None]:
    def check(page: Any) -> None:
        if isinstance(page, dict) and isinstance(page.get("Result"), list):
            return
        keys = sorted(page)[:10] if isinstance(page, dict) else type(page).__name__
        msg = (
            f"{UCDP_SOURCE} answered {shown} with JSON that is not a page of GED events (no "
            f"'Result' list; got {keys}); it was not cached. The API may have changed; try "
            f"again later. {_UCDP_HINT}"
        )
        raise ResponseError(msg)

    return check


def _ucdp_status_message(status: int | None, context: str) -> str:
    if status in (401, 403):
        return (
            f"{UCDP_SOURCE} refused the access token for {context} (HTTP {status}). Check "
            f"the token in {UCDP_TOKEN_ENV} or fetch_ucdp(token=...); request a new one "
            "from the UCDP API maintainers (https://ucdp.uu.se/apidocs/) if it expired. "
        )
    return ""


def _gleditsch_ward(country: str | int | Iterable[str | int] | None, func: str) -> str | None:
    if country is None:
        return None
    items = [country] if isinstance(country, str | int) else list(country)
    codes: list[int] = []
    for item in items:
        if isinstance(item, bool):
            code = None
        elif isinstance(item, int):
            code = item
        else:
            text = str(item).strip()
            code = int(text) if text.isdigit() else GLEDITSCH_WARD.get(text.upper())
        if code is None or code <= 0:
            msg = (
                f"{func}(country={country!r}): {item!r} is not understood. UCDP filters by "
                "Gleditsch-Ward country code; borderkit maps only the ISO3 codes AFG (700) and "
                "PAK (770). Pass other countries by their Gleditsch-Ward number, e.g. 750 for "
                "India (see the UCDP GED codebook)."
            )
            raise ValueError(msg)
        if code not in codes:
            codes.append(code)
    if not codes:
        msg = f"{func}(country={country!r}) names no country; pass None for every country."
        raise ValueError(msg)
    return ",".join(str(code) for code in codes)


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


# --------------------------------------------------------------------------- shared


def _fetch_page(
    url: str,
    params: Mapping[str, Any],
    *,
    source: str,
    headers: Callable[[], dict[str, str]],
    check: Callable[[Any], None],
    hint: str,
    context: str,
    on_status: Callable[[int | None, str], str],
    renew: Callable[[], None] | None = None,
    refresh: bool = False,
) -> Any:
    """Return one page: from the cache if there, else fetched with credentials.

    Credentials (``headers()``) are asked for only when the page is not
    cached (or ``refresh`` is True) and borderkit is online. With ``renew``,
    one HTTP 401 renews the credentials and asks again. The page is bounded
    by ``settings.max_json_bytes`` and the credentials never follow a
    redirect to another origin (see :mod:`borderkit._http`).
    """
    if not refresh:
        found, page = _http.cached_json(url, source=source, params=params)
        if found:
            return page
    if settings.offline:
        # No request is made: _http raises OfflineError naming the source, the URL and the hint.
        return _http.get_json(
            url, source=source, params=params, local_hint=hint, check=check, refresh=refresh
        )
    attempts = 2 if renew is not None else 1
    for attempt in range(1, attempts + 1):
        sent = headers()  # outside the try: a refused login is not an expired token
        try:
            return _http.get_json(
                url,
                source=source,
                params=params,
                headers=sent,
                local_hint=hint,
                check=check,
                refresh=refresh,
            )
        except _http.HTTPStatusError as exc:
            if exc.status == 401 and renew is not None and attempt < attempts:
                log(f"{source}: {context} was refused with HTTP 401 (token expired?); renewing it")
                renew()
                continue
            raise _in_context(exc, context, on_status(exc.status, context)) from exc
        except OfflineError:
            raise
        except SourceUnavailableError as exc:
            raise _in_context(exc, context, "") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _in_context(exc: SourceUnavailableError, context: str, advice: str) -> SourceUnavailableError:
    """Return a copy of ``exc`` (same type) whose message starts with where it happened."""
    msg = (
        f"{advice}Could not read {context}: {exc} The pages read before it are cached "
        "(unless settings.use_cache is False), so calling again resumes there."
    )
    if isinstance(exc, _http.HTTPStatusError):
        return _http.HTTPStatusError(msg, status=exc.status)
    if isinstance(exc, ResponseError):
        return ResponseError(msg)
    return SourceUnavailableError(msg)


def _normalised(
    records: list[Any],
    normalise: Callable[..., gpd.GeoDataFrame],
    *,
    where: str,
    sample: Mapping[str, Any],
    source: str,
) -> gpd.GeoDataFrame:
    """Normalise ``records``; no records give an empty frame with the events schema.

    The normalisers refuse an empty frame (an empty file is an error), but a
    query that matches no event is an answer: the empty frame is the
    normalised ``sample`` record with its row removed, so it has exactly the
    schema's columns and dtypes.
    """
    if records:
        return normalise(pd.DataFrame.from_records(records), where=where)
    log(f"{source}: no event matches {where}")
    return normalise(pd.DataFrame([dict(sample)]), where=f"{where} (schema sample)").iloc[:0]


def _same_origin(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme.lower(), a.netloc.lower()) == (b.scheme.lower(), b.netloc.lower())


def _int_or_none(value: Any) -> int | None:
    try:
        return None if value is None or isinstance(value, bool) else int(value)
    except (TypeError, ValueError):
        return None


def _positive_int(value: Any, name: str, func: str, maximum: int | None = None) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
    if not ok or (maximum is not None and value > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        msg = f"{func}({name}={value!r}) must be a whole number of at least 1{upper}."
        raise ValueError(msg)
    return int(value)


def _iso_date(value: str | dt.date | None, name: str, func: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        msg = f"{func}({name}={value!r}) is not a date; pass 'YYYY-MM-DD' or a datetime.date."
        raise ValueError(msg) from None


def _date_range(
    start: str | dt.date | None, end: str | dt.date | None, func: str
) -> tuple[str | None, str | None]:
    start_s, end_s = _iso_date(start, "start", func), _iso_date(end, "end", func)
    if start_s and end_s and start_s > end_s:
        msg = f"{func}(start={start_s!r}, end={end_s!r}): start is after end; swap them."
        raise ValueError(msg)
    return start_s, end_s
