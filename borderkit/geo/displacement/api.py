"""Clients of UNHCR's Refugee Population Statistics API and IOM DTM's API, through borderkit's ``_http``.

UNHCR (``https://api.unhcr.org/population/v1/``, open, no key) answers pages
``{"page": 1, "maxPages": 3, "total": [...], "items": [{...}, ...]}``; a value
UNHCR does not publish is ``"-"``. :func:`fetch_unhcr` fetches every page of
an endpoint (``population``, ``solutions``, ``demographics``, ...);
:func:`unhcr_stocks` and :func:`unhcr_flows` turn the ``population`` and
``solutions`` records into stocks and flows frames.

IOM DTM (``https://dtmapi.iom.int/v3/displacement/admin0|admin1|admin2``)
needs a subscription key (sent as ``Ocp-Apim-Subscription-Key``; from
``key=`` or the environment variable ``DTM_SUBSCRIPTION_KEY``) and answers
``{"isSuccess": true, "message": ..., "result": [{...}, ...]}``.
:func:`fetch_dtm` calls it through ``_http`` rather than through IOM's own
``dtmapi`` package: the package fetches with ``requests`` directly, so its
answers would bypass borderkit's cache, offline mode, retries, size bounds and
credential redaction, and it would add a dependency for three GET requests.
The API serves internal displacement (IDP) figures, not cross-border returns;
DTM's flow-monitoring figures come as CSV/XLSX exports, which
:func:`~borderkit.geo.displacement.load_flows` reads.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from ... import _http
from ...errors import ResponseError, SchemaError, SourceUnavailableError
from .schema import FLOWS, STOCKS, normalise

UNHCR_API = "https://api.unhcr.org/population/v1/"
UNHCR_SOURCE = "UNHCR Refugee Population Statistics API"
UNHCR_ENDPOINTS = ("population", "solutions", "demographics", "asylum-applications", "asylum-decisions")
UNHCR_CITATION = 'UNHCR, "Refugee Data Finder / Refugee Population Statistics Database", {year}, {url}'
DTM_API = "https://dtmapi.iom.int/v3/displacement/"
DTM_SOURCE = "IOM DTM API"
DTM_KEY_ENV = "DTM_SUBSCRIPTION_KEY"
DTM_LEVELS = ("admin0", "admin1", "admin2")

#: UNHCR ``population`` columns -> stocks ``population_type``.
UNHCR_STOCK_TYPES = {
    "refugees": "refugees",
    "asylum_seekers": "asylum-seekers",
    "oip": "other people in need of international protection",
    "idps": "IDPs",
    "stateless": "stateless",
    "ooc": "other",
}
_UNHCR_HINT = (
    "Download the table from https://www.unhcr.org/refugee-statistics/download/ yourself and pass its "
    "path to bk.load_stocks(path, columns=...)"
)
_DTM_HINT = (
    "Download the export from https://dtm.iom.int yourself and pass its path to bk.load_flows(path) or "
    "bk.load_stocks(path, columns=...)"
)
_MAX_PAGES = 200


def _shown(url: str, params: Mapping[str, Any]) -> str:
    """Return the URL with its (credential-free) query, parameters sorted, for messages."""
    query = urlencode(sorted((k, v) for k, v in params.items() if v is not None))
    return f"{url}?{query}" if query else url


def _years(year: int | Iterable[int] | None) -> str | None:
    if year is None:
        return None
    values = [year] if isinstance(year, int) else list(year)
    if not values or not all(isinstance(v, int) and 1951 <= v <= 2100 for v in values):
        msg = f"year must be a year from 1951 to 2100 or a list of them, not {year!r}"
        raise ValueError(msg)
    return ",".join(str(v) for v in values)


def _unhcr_check(shown: str) -> Callable[[Any], None]:
    def check(page: Any) -> None:
        if isinstance(page, dict) and isinstance(page.get("items"), list):
            bad = [i for i, item in enumerate(page["items"]) if not isinstance(item, dict)]
            if not bad:
                return
            msg = f"{UNHCR_SOURCE} answered {shown} with items that are not records (items {bad[:5]})"
            raise ResponseError(msg)
        keys = sorted(page)[:10] if isinstance(page, dict) else type(page).__name__
        msg = (
            f"{UNHCR_SOURCE} answered {shown} with JSON that is not a page of records (no 'items' list; got "
            f"{keys}); it was not cached. The API may have changed or refused the query. {_UNHCR_HINT}"
        )
        raise ResponseError(msg)

    return check


def fetch_unhcr(
    endpoint: str = "population",
    *,
    coo: str | None = None,
    coa: str | None = None,
    year: int | Iterable[int] | None = None,
    coo_all: bool = False,
    coa_all: bool = False,
    limit: int = 1000,
    base_url: str = UNHCR_API,
) -> pd.DataFrame:
    """Fetch every page of a UNHCR Refugee Population Statistics API endpoint as raw records.

    Parameters
    ----------
    endpoint : str
        ``"population"`` (refugees, asylum-seekers, IDPs, ... by year,
        origin and asylum), ``"solutions"`` (returned refugees, resettlement,
        naturalisation), ``"demographics"``, ...
    coo, coa : str, optional
        Country of origin / of asylum, ISO3 (e.g. ``coo="AFG", coa="PAK"``).
    year : int or iterable of int, optional
        Year(s); default: the API's default (the latest year).
    coo_all, coa_all : bool
        Break the figures down by every origin / asylum country.
    limit : int
        Records per page (1 to 10,000).
    base_url : str
        The API root (tests point it at a local server).

    Returns
    -------
    pandas.DataFrame
        The records of all pages, with the API's own columns; ``"-"`` (not
        published) becomes missing. ``attrs`` holds ``source``, ``url`` and
        ``pages``.

    Raises
    ------
    ResponseError
        The API answered something that is not JSON pages of records (e.g. an
        HTML page with status 200); nothing is cached.
    OfflineError, SourceUnavailableError, HTTPStatusError
        As :mod:`borderkit._http` raises them; the message says how to pass a
        downloaded file instead.

    Examples
    --------
    >>> raw = fetch_unhcr("population", coo="AFG", coa="PAK", year=range(2015, 2025))  # doctest: +SKIP
    """
    if endpoint not in UNHCR_ENDPOINTS:
        msg = f"endpoint must be one of {list(UNHCR_ENDPOINTS)}, not {endpoint!r}"
        raise ValueError(msg)
    if not isinstance(limit, int) or not 1 <= limit <= 10_000:
        msg = f"limit must be a whole number from 1 to 10,000, not {limit!r}"
        raise ValueError(msg)
    url = f"{base_url.rstrip('/')}/{endpoint}/"
    params: dict[str, Any] = {"limit": limit, "coo": coo, "coa": coa, "year": _years(year)}
    if coo_all:
        params["coo_all"] = "true"
    if coa_all:
        params["coa_all"] = "true"
    items: list[dict[str, Any]] = []
    page, max_pages = 1, 1
    while page <= max_pages:
        query = {**params, "page": page}
        shown = _shown(url, query)
        body = _http.get_json(
            url, source=UNHCR_SOURCE, params=query, local_hint=_UNHCR_HINT, check=_unhcr_check(shown)
        )
        items.extend(body["items"])
        reported = body.get("maxPages", 1)
        if not isinstance(reported, int) or isinstance(reported, bool) or not 0 <= reported <= _MAX_PAGES:
            msg = (
                f"{UNHCR_SOURCE} answered {shown} with maxPages={reported!r}, not a count up to {_MAX_PAGES}"
            )
            raise ResponseError(msg)
        max_pages = reported
        page += 1
    frame = pd.DataFrame.from_records(items) if items else pd.DataFrame()
    frame = frame.replace({"-": None})
    frame.attrs.update({"source": UNHCR_SOURCE, "url": _shown(url, params), "pages": page - 1})
    return frame


def _unhcr_long(raw: pd.DataFrame, kinds: dict[str, str], *, where: str) -> pd.DataFrame:
    """Return one row per (record, figure column); figures not published are left out."""
    need = [c for c in ("year", "coo_iso", "coa_iso") if c not in raw.columns]
    if need:
        got = list(raw.columns)[:9]
        msg = f"{where}: the records lack the field(s) {need}; the API may have changed (got {got})"
        raise SchemaError(msg)
    present = [c for c in kinds if c in raw.columns]
    if not present:
        msg = f"{where}: the records hold none of the figures {list(kinds)}; got {list(raw.columns)[:12]}"
        raise SchemaError(msg)
    rows = []
    for i, rec in raw.reset_index(drop=True).iterrows():
        for col in present:
            value = rec[col]
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            rows.append(
                {
                    "record": i,
                    "year": rec["year"],
                    "coo_iso": rec["coo_iso"],
                    "coa_iso": rec["coa_iso"],
                    "figure": col,
                    "population_type": kinds[col],
                    "value": value,
                }
            )
    return pd.DataFrame(
        rows, columns=["record", "year", "coo_iso", "coa_iso", "figure", "population_type", "value"]
    )


def _blank_dash(values: pd.Series) -> pd.Series:
    return values.astype(object).where(~values.astype(str).isin(["-", "None", "nan"]), "")


def unhcr_stocks(
    coo: str = "AFG",
    coa: str | None = "PAK",
    *,
    year: int | Iterable[int] | None = None,
    on_bad: str = "raise",
    base_url: str = UNHCR_API,
) -> pd.DataFrame:
    """Fetch UNHCR's end-year populations (refugees, asylum-seekers, ...) of an origin, as stocks.

    Each published figure of a ``population`` record becomes one row dated
    31 December of its year: ``country`` = the country of asylum,
    ``population_type`` from :data:`UNHCR_STOCK_TYPES`, ``precision`` exact,
    ``citation`` naming the API query.

    Parameters
    ----------
    coo, coa : str
        Country of origin and of asylum (ISO3); ``coa=None`` breaks the figures
        down by every country of asylum.
    year : int or iterable of int, optional
        Year(s); default the API's latest.
    on_bad : {"raise", "drop"}
        As for :func:`~borderkit.geo.displacement.load_stocks`: records with
        counts that are not whole numbers (or above 10 billion) fail or are
        dropped with a warning.
    base_url : str
        The API root.

    Returns
    -------
    pandas.DataFrame
        The stocks schema; ``extra`` keeps the record's year, origin, asylum
        and the API column (``figure``).
    """
    raw = fetch_unhcr("population", coo=coo, coa=coa, year=year, coa_all=coa is None, base_url=base_url)
    where = f"{UNHCR_SOURCE} {raw.attrs['url']}"
    if len(raw) == 0:
        return _empty(STOCKS)
    long = _unhcr_long(raw, UNHCR_STOCK_TYPES, where=where)
    long["date"] = [f"{y}-12-31" if str(y).isdigit() else y for y in long["year"]]
    long["country"] = _blank_dash(long["coa_iso"])
    long["count"] = long["value"]
    notes = "UNHCR end-year figure (Refugee Population Statistics Database)"
    return _unhcr_frame(long, STOCKS, url=raw.attrs["url"], where=where, notes=notes, on_bad=on_bad)


def unhcr_flows(
    coo: str = "AFG",
    coa: str | None = "PAK",
    *,
    year: int | Iterable[int] | None = None,
    on_bad: str = "raise",
    base_url: str = UNHCR_API,
) -> pd.DataFrame:
    """Fetch UNHCR's yearly returned refugees (``solutions`` endpoint), as flows from asylum to origin.

    Each published ``returned_refugees`` figure becomes one row from 1
    January to 31 December of its year, ``from_country`` = the country of
    asylum, ``to_country`` = the country of origin, no crossing,
    ``population_type`` ``"other"`` (UNHCR counts refugees who returned in
    the year, assisted or not; ``notes`` says so).

    Parameters
    ----------
    coo, coa, year, on_bad, base_url
        As for :func:`unhcr_stocks`.

    Returns
    -------
    pandas.DataFrame
        The flows schema.
    """
    raw = fetch_unhcr("solutions", coo=coo, coa=coa, year=year, coa_all=coa is None, base_url=base_url)
    where = f"{UNHCR_SOURCE} {raw.attrs['url']}"
    if len(raw) == 0:
        return _empty(FLOWS)
    long = _unhcr_long(raw, {"returned_refugees": "other"}, where=where)
    if len(long) == 0:
        return _empty(FLOWS)
    years = [str(y) for y in long["year"]]
    long["period_start"] = [f"{y}-01-01" if y.isdigit() else y for y in years]
    long["period_end"] = [f"{y}-12-31" if y.isdigit() else y for y in years]
    long["from_country"] = _blank_dash(long["coa_iso"])
    long["to_country"] = _blank_dash(long["coo_iso"])
    long["count"] = long["value"]
    notes = "UNHCR returned_refugees: refugees who returned to their country of origin during the year"
    return _unhcr_frame(long, FLOWS, url=raw.attrs["url"], where=where, notes=notes, on_bad=on_bad)


def _unhcr_frame(
    long: pd.DataFrame, spec: Any, *, url: str, where: str, notes: str, on_bad: str
) -> pd.DataFrame:
    """Normalise UNHCR's long table to ``spec`` (flows or stocks), cited to ``url`` as read today."""
    defaults = {
        "source": "UNHCR",
        "source_url": url,
        "precision": "exact",
        "citation": UNHCR_CITATION.format(year=dt.date.today().isoformat(), url=url),
        "notes": notes,
    }
    out = normalise(
        long,
        spec,
        where=where,
        columns={"population_type": "population_type"},
        defaults=defaults,
        on_bad=on_bad,
    )
    out.attrs.update({"format": "unhcr", "url": url})
    return out


def _empty(spec: Any) -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="str") for c in spec.columns})
    for c in spec.dates:
        out[c] = pd.Series(dtype="datetime64[ns]")
    out["count"] = pd.Series(dtype="Int64")
    out["extra"] = pd.Series(dtype="object")
    return out


def _dtm_key(key: str | None) -> str:
    value = (key if key is not None else os.environ.get(DTM_KEY_ENV, "")).strip()
    if not value:
        msg = (
            f"{DTM_SOURCE}: a subscription key is needed. Create one (free) at "
            "https://dtm-apim-portal.iom.int, "
            f"then set the environment variable {DTM_KEY_ENV} or pass fetch_dtm(key=...). {_DTM_HINT}"
        )
        raise SourceUnavailableError(msg)
    return value


def _dtm_check(shown: str) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        good = (
            isinstance(body, dict) and body.get("isSuccess") is True and isinstance(body.get("result"), list)
        )
        if good and all(isinstance(r, dict) for r in body["result"]):
            return
        if isinstance(body, dict) and body.get("isSuccess") is False:
            message = str(body.get("message") or "no message")[:200]
            msg = f"{DTM_SOURCE} refused {shown}: {message!r}; check the query (country name, dates, rounds)"
            raise ResponseError(msg)
        keys = sorted(body)[:10] if isinstance(body, dict) else type(body).__name__
        msg = (
            f"{DTM_SOURCE} answered {shown} with JSON that is not a list of records (no 'isSuccess' and "
            "'result'; "
            f"got {keys}); it was not cached. {_DTM_HINT}"
        )
        raise ResponseError(msg)

    return check


def fetch_dtm(
    level: str = "admin1",
    *,
    country: str | None = None,
    admin0_pcode: str | None = None,
    from_date: str | None = None,
    to_date: str | None = None,
    from_round: int | None = None,
    to_round: int | None = None,
    key: str | None = None,
    base_url: str = DTM_API,
) -> pd.DataFrame:
    """Fetch IDP figures of IOM DTM's API (v3) at one admin level as raw records.

    Parameters
    ----------
    level : {"admin0", "admin1", "admin2"}
        The admin level the figures are aggregated to.
    country : str, optional
        Country name as DTM spells it (``"Afghanistan"``).
    admin0_pcode : str, optional
        ISO3 code, instead of ``country``.
    from_date, to_date : str, optional
        Reporting dates, ``YYYY-MM-DD``.
    from_round, to_round : int, optional
        Assessment round numbers.
    key : str, optional
        The subscription key; default the environment variable
        ``DTM_SUBSCRIPTION_KEY``. It is sent as a header and never cached,
        logged or shown in messages.
    base_url : str
        The API root (tests point it at a local server).

    Returns
    -------
    pandas.DataFrame
        The ``result`` records with DTM's columns (``admin0Name``,
        ``admin1Name``, ``numPresentIdpInd``, ``reportingDate``,
        ``roundNumber``, ...). Turn them into stocks with
        :func:`dtm_stocks`.

    Raises
    ------
    SourceUnavailableError
        No key (the message says where to get one).
    ResponseError
        ``isSuccess`` false (DTM's message is shown), or JSON of another
        shape, or HTML; nothing is cached.
    """
    if level not in DTM_LEVELS:
        msg = f"level must be one of {list(DTM_LEVELS)}, not {level!r}"
        raise ValueError(msg)
    if country is None and admin0_pcode is None:
        msg = "fetch_dtm needs country= (e.g. 'Afghanistan') or admin0_pcode= (e.g. 'AFG')"
        raise ValueError(msg)
    headers = {"Ocp-Apim-Subscription-Key": _dtm_key(key)}
    url = f"{base_url.rstrip('/')}/{level}"
    params = {
        "CountryName": country,
        "Admin0Pcode": admin0_pcode,
        "FromReportingDate": from_date,
        "ToReportingDate": to_date,
        "FromRoundNumber": from_round,
        "ToRoundNumber": to_round,
    }
    shown = _shown(url, params)
    body = _http.get_json(
        url, source=DTM_SOURCE, params=params, headers=headers, local_hint=_DTM_HINT, check=_dtm_check(shown)
    )
    frame = pd.DataFrame.from_records(body["result"]) if body["result"] else pd.DataFrame()
    frame.attrs.update({"source": DTM_SOURCE, "url": shown, "level": level})
    return frame


def dtm_stocks(raw: pd.DataFrame, *, on_bad: str = "raise") -> pd.DataFrame:
    """Turn DTM API records (:func:`fetch_dtm`) into stocks: IDPs present by unit at each reporting date.

    Parameters
    ----------
    raw : pandas.DataFrame
        Records with ``reportingDate``, ``admin0Pcode`` and
        ``numPresentIdpInd`` (and ``admin1Name``/``admin2Name`` below admin0).
    on_bad : {"raise", "drop"}
        As for :func:`~borderkit.geo.displacement.load_stocks`.

    Returns
    -------
    pandas.DataFrame
        The stocks schema, ``population_type`` ``"IDPs"``.
    """
    where = f"{DTM_SOURCE} {raw.attrs.get('url', 'records')}"
    if len(raw) == 0:
        return _empty(STOCKS)
    columns = {"date": "reportingDate", "country": "admin0Pcode", "count": "numPresentIdpInd"}
    if "admin1Name" in raw.columns:
        columns["province"] = "admin1Name"
    if "admin2Name" in raw.columns:
        columns["district"] = "admin2Name"
    defaults = {
        "population_type": "IDPs",
        "source": "IOM DTM",
        "source_url": raw.attrs.get("url", ""),
        "precision": "estimate",
        "notes": "IDPs present (DTM baseline assessment)",
    }
    out = normalise(raw, STOCKS, where=where, columns=columns, defaults=defaults, on_bad=on_bad)
    out.attrs.update({"format": "dtm"})
    return out
