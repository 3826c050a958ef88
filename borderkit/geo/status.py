"""Open and closed, by date: the status history of border crossings.

The history is a table of intervals, one row per crossing and status
(see ``borderkit/data/crossing_status.csv``)::

    crossing_id,status,start,end,reason,source,source_url,source_date,citation,notes

``start`` is the first day in that status (inclusive), ``end`` the first day
of the next status (exclusive), empty while current. Intervals of one crossing
never overlap; days covered by none have an unknown status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import DataReadError, SchemaError
from . import _data
from ._points import shown, text
from ._validate import read_csv_table

STATUS_COLUMNS = [
    "crossing_id",
    "status",
    "start",
    "end",
    "reason",
    "source",
    "source_url",
    "source_date",
    "citation",
    "notes",
]
_REQUIRED = ("crossing_id", "status", "start", "end")

BUNDLED_FILE = "crossing_status.csv"
CROSSINGS_FILE = "crossings.csv"

#: Status of a day no interval covers.
UNKNOWN = "unknown"
#: Statuses that mean a crossing cannot be used at all that day.
CLOSED = "closed"

_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"

History: TypeAlias = pd.DataFrame | str | Path | None
DateLike: TypeAlias = str | dt.date | dt.datetime | pd.Timestamp | np.datetime64


# --------------------------------------------------------------------------- dates


def to_date(value: Any, *, what: str = "date") -> pd.Timestamp:
    """Return ``value`` (ISO string, date, datetime, Timestamp) as a day (a midnight Timestamp).

    Raises
    ------
    SchemaError
        If it is not a date.
    """
    if isinstance(value, str):
        if not pd.Series([value.strip()]).str.fullmatch(_ISO_DATE).iloc[0]:
            msg = f"{what}={value!r} is not a date; write it as YYYY-MM-DD, e.g. '2024-01-20'"
            raise SchemaError(msg)
    elif not isinstance(value, dt.date | pd.Timestamp | np.datetime64):
        msg = f"{what}= must be a date (YYYY-MM-DD, datetime.date or pandas.Timestamp), not {value!r}"
        raise SchemaError(msg)
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as exc:
        msg = f"{what}={value!r} is not a date pandas can hold (years 1678-2261); write it as YYYY-MM-DD"
        raise SchemaError(msg) from exc
    if stamp is pd.NaT or pd.isna(stamp):
        msg = f"{what}= is missing (NaT); give a date such as '2024-01-20'"
        raise SchemaError(msg)
    return stamp.tz_localize(None).normalize() if stamp.tzinfo is not None else stamp.normalize()


def _dates_arg(dates: DateLike | Iterable[DateLike]) -> list[pd.Timestamp]:
    if isinstance(dates, str | dt.date | pd.Timestamp | np.datetime64):
        return [to_date(dates, what="dates")]
    try:
        values = list(dates)
    except TypeError:
        msg = f"dates= must be a date or a sequence of dates, not {type(dates).__name__}"
        raise SchemaError(msg) from None
    if not values:
        msg = "dates= is empty; give at least one date"
        raise SchemaError(msg)
    return [to_date(v, what="dates") for v in values]


def _parse_dates(
    values: pd.Series, *, column: str, labels: list[str], where: str, empty_ok: bool
) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        # Already dates (e.g. a frame from load_crossing_status): midnight values, written back as text.
        values = values.dt.strftime("%Y-%m-%d").fillna("")
    raw = text(values)
    good_form = raw.str.fullmatch(_ISO_DATE)
    parsed = pd.to_datetime(raw.where(good_form), format="%Y-%m-%d", errors="coerce")
    bad = (raw != "") & parsed.isna()
    if not empty_ok:
        bad |= raw == ""
    if bad.any():
        items = [f"{labels[i]} ({raw.iloc[i]!r})" for i in np.flatnonzero(bad.to_numpy())]
        msg = (
            f"{where}: column {column!r} holds {'missing or ' if not empty_ok else ''}invalid dates at "
            f"{shown(items)}. Write dates as YYYY-MM-DD"
            + (" (leave 'end' empty while the status is current)" if empty_ok else "")
        )
        raise SchemaError(msg)
    return parsed


# --------------------------------------------------------------------------- loading


def _bundled_path(name: str, *, what: str) -> Path:
    if name not in _data.manifest()["files"]:
        msg = (
            f"the {what} ({name}) is not bundled with this version of borderkit; pass history= (or "
            f"source=) the path of a CSV with the columns {', '.join(STATUS_COLUMNS)}, or a DataFrame "
            "of them"
        )
        raise DataReadError(msg)
    return _data.data_path(name)


def _bundled_crossing_ids() -> list[str]:
    """Return every crossing id of the bundled crossings.csv, located or not."""
    path = _data.data_path(CROSSINGS_FILE)
    frame = pd.read_csv(path, usecols=["crossing_id"], dtype=str, keep_default_na=False)
    return [s.strip() for s in frame["crossing_id"]]


def _known_ids(crossings: Any) -> list[str] | None:
    if crossings is None:
        return _bundled_crossing_ids()
    if crossings is False:
        return None
    if isinstance(crossings, pd.DataFrame):
        if "crossing_id" not in crossings.columns:
            msg = "crossings= must have a crossing_id column (as from bk.load_crossings())"
            raise SchemaError(msg)
        return [str(v) for v in crossings["crossing_id"]]
    if isinstance(crossings, str):
        return [crossings]
    return [str(v) for v in crossings]


def validate_history(
    frame: pd.DataFrame, *, where: str, known_ids: Sequence[str] | None, labels: list[str] | None = None
) -> pd.DataFrame:
    """Check a status history and return it normalised (dates as Timestamps, status lower case).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, with at least ``crossing_id``, ``status``, ``start`` and ``end``.
    where : str
        The file or "history=", for messages.
    known_ids : sequence of str or None
        The crossing ids a row may name; None skips the check.
    labels : list of str, optional
        How each row is named in messages (default ``row 1`` ... after the header).

    Raises
    ------
    SchemaError
        Naming the rows: missing columns, empty ids or statuses, bad dates,
        an ``end`` not after its ``start``, overlapping intervals of one
        crossing, or ids of no known crossing.
    """
    if not isinstance(frame, pd.DataFrame):
        msg = (
            f"history= must be a DataFrame, a path or None (the bundled history), not {type(frame).__name__}"
        )
        raise SchemaError(msg)
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        msg = (
            f"{where} lacks the column(s) {missing}; a status history has the columns "
            f"{', '.join(STATUS_COLUMNS)} (start inclusive, end exclusive and empty while current)"
        )
        raise SchemaError(msg)
    frame = frame.reset_index(drop=True)
    labels = labels or [f"row {i + 1}" for i in range(len(frame))]
    out = pd.DataFrame(index=frame.index)
    out["crossing_id"] = text(frame["crossing_id"])
    out["status"] = text(frame["status"]).str.lower()
    empty = np.flatnonzero(((out["crossing_id"] == "") | (out["status"] == "")).to_numpy())
    if len(empty):
        msg = (
            f"{where}: {shown([labels[i] for i in empty])} lack a crossing_id or a status; give every "
            "interval both (status: open, closed, or a restriction such as 'trade only')"
        )
        raise SchemaError(msg)
    out["start"] = _parse_dates(frame["start"], column="start", labels=labels, where=where, empty_ok=False)
    out["end"] = _parse_dates(frame["end"], column="end", labels=labels, where=where, empty_ok=True)
    backwards = np.flatnonzero((out["end"].notna() & (out["end"] <= out["start"])).to_numpy())
    if len(backwards):
        items = [
            f"{labels[i]} ({out['start'].iloc[i]:%Y-%m-%d} to {out['end'].iloc[i]:%Y-%m-%d})"
            for i in backwards
        ]
        msg = (
            f"{where}: the end is not after the start at {shown(items)}; 'end' is the first day of the "
            "next status (exclusive), so it must come after 'start'"
        )
        raise SchemaError(msg)
    if known_ids is not None:
        known = set(known_ids)
        unknown = np.flatnonzero(~out["crossing_id"].isin(known).to_numpy())
        if len(unknown):
            items = [f"{labels[i]} ({out['crossing_id'].iloc[i]!r})" for i in unknown]
            msg = (
                f"{where}: crossing ids of no known crossing at {shown(items)}; use the crossing_id of a "
                "crossing (bk.load_crossings(include_unlocated=True).crossing_id lists them), or pass "
                "crossings= with yours"
            )
            raise SchemaError(msg)
    overlaps = []
    for cid, group in out.groupby("crossing_id", sort=False):
        group = group.sort_values("start", kind="stable")
        ends = group["end"].to_numpy()
        starts = group["start"].to_numpy()
        idx = group.index.to_numpy()
        for k in range(1, len(group)):
            if np.isnat(ends[k - 1]) or starts[k] < ends[k - 1]:
                overlaps.append(f"{cid!r}: {labels[idx[k - 1]]} and {labels[idx[k]]}")
    if overlaps:
        msg = (
            f"{where}: intervals of one crossing overlap: {shown(overlaps)}. A crossing has one status a "
            "day: end an interval (exclusive) on or before the start of the next"
        )
        raise SchemaError(msg)
    for col in frame.columns:
        if col not in out.columns:
            values = frame[col]
            out[col] = (
                text(values) if values.dtype == object or pd.api.types.is_string_dtype(values) else values
            )
    return out


def load_crossing_status(source: str | Path = "bundled", *, crossings: Any = None) -> pd.DataFrame:
    """Load a status history of crossings: one row per interval in one status.

    Parameters
    ----------
    source : str or pathlib.Path
        ``"bundled"`` (the cited history shipped with borderkit,
        ``crossing_status.csv``) or the path of a CSV with the columns
        ``crossing_id, status, start, end`` (and optionally ``reason, source,
        source_url, source_date, citation, notes``).
    crossings : GeoDataFrame, sequence of str, False or None
        The crossings whose ids the rows may name; None: every crossing of
        the bundled crossings.csv (located or not); False: no check.

    Returns
    -------
    pandas.DataFrame
        ``crossing_id``, ``status`` (lower case), ``start`` and ``end``
        (Timestamps; ``end`` exclusive, NaT while current), then the other
        columns as text, in the order of the file.

    Raises
    ------
    DataReadError
        If the file is missing (or the history is not bundled).
    SchemaError
        Naming the rows: bad or missing dates, ``end`` not after ``start``,
        overlapping intervals of one crossing, unknown crossing ids.
    """
    if isinstance(source, str) and source == "bundled":
        path = _bundled_path(BUNDLED_FILE, what="crossing status history")
        where = f"bundled {BUNDLED_FILE} ({path})"
    else:
        path = Path(source)
        where = str(path)
    frame = read_csv_table(path, what="crossing status file", one_row_per="interval")
    out = validate_history(frame, where=where, known_ids=_known_ids(crossings))
    out.attrs["source"] = where
    return out


def _history(history: History, *, crossings: Any = None) -> pd.DataFrame:
    if history is None:
        return load_crossing_status("bundled", crossings=crossings)
    if isinstance(history, str | Path):
        return load_crossing_status(history, crossings=crossings)
    if isinstance(history, pd.DataFrame):
        return validate_history(history, where="history=", known_ids=None)
    msg = f"history= must be a DataFrame, a path or None (the bundled history), not {type(history).__name__}"
    raise SchemaError(msg)


# --------------------------------------------------------------------------- queries


def _ids_arg(crossings: Any) -> list[str]:
    if isinstance(crossings, pd.DataFrame):
        if "crossing_id" not in crossings.columns:
            msg = "crossings must have a crossing_id column (as from bk.load_crossings())"
            raise SchemaError(msg)
        ids = [str(v) for v in crossings["crossing_id"]]
    elif isinstance(crossings, str):
        ids = [crossings]
    else:
        try:
            ids = [str(v) for v in crossings]
        except TypeError:
            msg = (
                "crossings must be a frame with crossing_id or a sequence of ids, "
                f"not {type(crossings).__name__}"
            )
            raise SchemaError(msg) from None
    return ids


def status_on(history: pd.DataFrame, ids: Sequence[str], day: pd.Timestamp) -> list[str]:
    """Return the status of each crossing of ``ids`` on ``day`` from a validated history."""
    covering = history[(history["start"] <= day) & (history["end"].isna() | (history["end"] > day))]
    by_id = dict(zip(covering["crossing_id"], covering["status"], strict=True))
    return [by_id.get(cid, UNKNOWN) for cid in ids]


def crossing_status(
    crossings: Any, dates: DateLike | Iterable[DateLike], *, history: History = None
) -> pd.DataFrame:
    """Return the status of each crossing on each date.

    Parameters
    ----------
    crossings : GeoDataFrame, sequence of str or str
        The crossings (a frame with ``crossing_id``, as from
        :func:`borderkit.load_crossings`) or their ids.
    dates : date or sequence of dates
        ``"YYYY-MM-DD"`` strings, ``datetime.date`` or ``pandas.Timestamp``.
    history : DataFrame, path or None
        The status history; default the bundled one (``crossing_status.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per crossing (index ``crossing_id``, in the order given), one
        column per date (midnight Timestamps); each cell the status that day:
        ``"open"``, ``"closed"``, a restriction (``"trade only"``, ...) or
        ``"unknown"`` when no interval of the history covers the day.

    Raises
    ------
    SchemaError
        If a date is not a date, or the history is malformed (naming rows).
    DataReadError
        If ``history`` is None and the history is not bundled.
    """
    ids = _ids_arg(crossings)
    days = _dates_arg(dates)
    table = _history(history, crossings=False)
    data = {day: status_on(table, ids, day) for day in days}
    out = pd.DataFrame(data, index=pd.Index(ids, name="crossing_id"))
    out.columns.name = "date"
    return out


def open_crossings(
    date: DateLike,
    crossings: gpd.GeoDataFrame | None = None,
    *,
    history: History = None,
    include_restricted: bool = True,
) -> gpd.GeoDataFrame:
    """Return the crossings open on ``date``, with that day's ``status`` and ``as_of``.

    Parameters
    ----------
    date : date
        The day (``"YYYY-MM-DD"``, ``datetime.date`` or ``pandas.Timestamp``).
    crossings : geopandas.GeoDataFrame, optional
        Default :func:`borderkit.load_crossings`.
    history : DataFrame, path or None
        The status history; default the bundled one.
    include_restricted : bool
        Keep crossings open with a restriction (``"trade only"``,
        ``"returnees only"``, ...); False keeps only ``"open"``.

    Returns
    -------
    geopandas.GeoDataFrame
        The rows of ``crossings`` open that day (index kept), ``status`` set
        to that day's and ``as_of`` to the date. Crossings closed or of
        unknown status that day are left out (``attrs["not_open"]`` maps
        their ids to their status).
    """
    day = to_date(date)
    if crossings is None:
        from .crossings import load_crossings

        crossings = load_crossings()
    ids = _ids_arg(crossings)
    status = np.array(status_on(_history(history, crossings=False), ids, day), dtype=object)
    keep = status == "open" if not include_restricted else (status != CLOSED) & (status != UNKNOWN)
    out = crossings.copy()
    out["status"] = status
    out["as_of"] = f"{day:%Y-%m-%d}"
    result = out.loc[keep]
    result.attrs["not_open"] = {cid: s for cid, s, k in zip(ids, status, keep, strict=True) if not k}
    return result
