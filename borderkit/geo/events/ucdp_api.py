"""Conflict events from the UCDP GED API, normalised to the events schema.

UCDP GED (Uppsala Conflict Data Program, Georeferenced Event Dataset)
    ``GET {settings.ucdp_api}/gedevents/{version}?pagesize=..&page=..`` with
    the header ``x-ucdp-access-token``. Every page is a JSON object
    ``{"TotalCount", "TotalPages", "PreviousPageUrl", "NextPageUrl",
    "Result": [...]}``; pages are numbered from 0 and followed through
    ``NextPageUrl``. Filters: ``Country`` (Gleditsch-Ward codes, comma
    separated), ``StartDate`` and ``EndDate`` (``YYYY-MM-DD``).

Credentials (the UCDP token) travel only in request headers and POST bodies:
they are never part of a cache key, a cached file, a log record or an error
message. Cached pages are served without asking for a token, so a repeated
call needs no network and works offline.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ... import _http, settings
from ..._log import log
from ...errors import ResponseError, SourceUnavailableError
from ._fetch import _date_range, _fetch_page, _int_or_none, _normalised, _positive_int, _same_origin

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["fetch_ucdp"]

UCDP_SOURCE = "UCDP GED API"

#: Environment variable read by :func:`fetch_ucdp` when no ``token`` is passed.
UCDP_TOKEN_ENV = "UCDP_ACCESS_TOKEN"

#: The header that carries the UCDP API access token.
UCDP_TOKEN_HEADER = "x-ucdp-access-token"
#: The largest page the UCDP API serves.
UCDP_MAX_PAGESIZE = 1000

#: Gleditsch-Ward country codes (as used by UCDP) of the countries borderkit
#: maps from ISO 3166-1 alpha-3; any other country is passed by its number.
GLEDITSCH_WARD = {"AFG": 700, "PAK": 770}

# One record of the API, normalised and emptied to give the schema when a query matches nothing.
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
_VERSION_RE = re.compile(r"\d+\.\d+(\.\d+)*")

_UCDP_HINT = (
    "Instead, download the UCDP GED events as CSV from https://ucdp.uu.se/downloads/ and "
    "load them with borderkit.load_events('export.csv')."
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
