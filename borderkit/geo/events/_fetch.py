"""What the events API clients share: one page through :mod:`borderkit._http`, and argument checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pandas as pd

from ... import _http, settings
from ..._log import log
from ...errors import OfflineError, ResponseError, SourceUnavailableError

if TYPE_CHECKING:
    import geopandas as gpd


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
