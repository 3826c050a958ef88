"""The events schema: its columns and dtypes, the sources' column names, and the checks every row passes.

:func:`_assemble` is the one core every source funnels into: it puts the
fields a source normaliser mapped into the events schema, keeps the original
columns, reports repeated event ids and builds the points (EPSG:4326).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ...errors import DuplicateEventsWarning, EmptyDataError, SchemaError
from .._validate import drop_rows
from ..crossings import _CANDIDATES as _CROSSING_CANDIDATES
from ..crossings import _check_ranges, _parse_numbers, _shown, _text

EVENT_COLUMNS = [
    "event_id",
    "date",
    "event_type",
    "sub_type",
    "actors",
    "fatalities",
    "location",
    "precision",
    "notes",
    "source_dataset",
    "source_url",
]

#: The ``precision`` codes: how exactly an event's point locates it (UCDP GED's ``where_prec`` scale).
PRECISION_CODES = {
    1: "exact place (village, town, named site)",
    2: "near a place (within about 25 km of a known point)",
    3: "second-order administrative unit (district)",
    4: "first-order administrative unit (province) or a larger region",
    5: "a linear feature or large area (e.g. along a border or a road)",
    6: "country",
    7: "international waters or airspace",
}

#: ACLED ``geo_precision`` (1-3) on the ``precision`` scale: 3 ("a larger region") becomes 4.
ACLED_PRECISION = {1: 1, 2: 2, 3: 4}

#: UCDP GED ``type_of_violence`` codes.
UCDP_VIOLENCE_TYPES = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}

ACLED_DATASET = "ACLED"
ACLED_URL = "https://acleddata.com"
UCDP_DATASET = "UCDP GED"
# UCDP publishes no documented per-event web page; the event is found by its id (event_id, extra["id"]).
UCDP_URL = "https://ucdp.uu.se/"

# Columns a source must have (lower case); the others it uses are optional.
_ACLED_REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude", "fatalities")
_ACLED_OPTIONAL = ("sub_event_type", "actor1", "actor2", "location", "geo_precision", "notes")
_UCDP_REQUIRED = ("id", "date_start", "type_of_violence", "latitude", "longitude", "best")
_UCDP_OPTIONAL = ("date_end", "side_a", "side_b", "where_prec", "where_coordinates", "source_headline")

# Columns that mark a file as ACLED or UCDP GED (format="auto").
_ACLED_SIGNATURE = {"event_id_cnty", "event_date"}
_UCDP_SIGNATURE = {"type_of_violence", "date_start"}

# Fields columns= may map for format="csv", and the names tried (any case) when it does not.
_CSV_FIELDS = [*EVENT_COLUMNS, "date_end", "lat", "lon"]
_CSV_CANDIDATES: dict[str, tuple[str, ...]] = {
    **{field: (field,) for field in _CSV_FIELDS},
    "date": ("date", "event_date", "date_start"),
    "date_end": ("date_end",),
    "lat": _CROSSING_CANDIDATES["lat"],
    "lon": _CROSSING_CANDIDATES["lon"],
}
_CSV_REQUIRED = ("date", "lat", "lon")

_FORMATS = ("auto", "acled", "ucdp", "csv")
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d/%b/%Y", "%B %d, %Y", "%b %d, %Y")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T].*)?$")
_DATE_DTYPE = "datetime64[ns]"
_SHOWN_DUPLICATES = 5


def _labels(n: int) -> list[str]:
    return [f"row {i + 1}" for i in range(n)]


def _rows_text(labels: Sequence[str], idx: Iterable[int], values: pd.Series | None = None) -> str:
    items = []
    for i in idx:
        if values is None:
            items.append(labels[i])
        else:
            v = values.iloc[i]
            items.append(f"{labels[i]} ({'empty' if v is None or v == '' or pd.isna(v) else repr(str(v))})")
    return _shown(items)


def _parse_dates(
    values: pd.Series, *, column: str, labels: list[str], where: str, required: bool = True
) -> pd.Series:
    """Parse dates written ``2023-02-16`` (time of day ignored) or ``16 May 2025``, row by row.

    Returns a day-precision ``datetime64[ns]`` Series on ``values``' index;
    empty cells are NaT when not ``required``.

    Raises
    ------
    SchemaError
        Naming the rows whose dates are empty (when ``required``) or in no known form.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = pd.Series(values).dt.tz_localize(None) if values.dt.tz is not None else pd.Series(values)
        out = parsed.dt.normalize().astype(_DATE_DTYPE)
        text = pd.Series(["" if pd.isna(v) else "x" for v in values], index=values.index)
    else:
        text = _text(values)
        out = pd.Series(pd.NaT, index=values.index, dtype=_DATE_DTYPE)
        iso = text.str.match(_ISO_DATE)
        if iso.any():
            out[iso] = pd.to_datetime(text[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
        for fmt in _DATE_FORMATS:
            todo = out.isna() & (text != "")
            if not todo.any():
                break
            out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    bad = np.flatnonzero((out.isna() & (text != "")).to_numpy())
    if len(bad):
        msg = (
            f"{where}: column {column!r} holds dates that do not parse at {_rows_text(labels, bad, values)} "
            "(rows counted from 1 after the header). Write dates as 2023-02-16 or 16 May 2023"
        )
        raise SchemaError(msg)
    empty = np.flatnonzero(out.isna().to_numpy())
    if required and len(empty):
        msg = (
            f"{where}: column {column!r} has no date at {_rows_text(labels, empty)} (rows counted from 1 "
            "after the header). Every event needs a date (e.g. 2023-02-16)"
        )
        raise SchemaError(msg)
    return out


def _parse_ints(
    values: pd.Series,
    *,
    column: str,
    labels: list[str],
    where: str,
    what: str,
    allowed: Iterable[int] | None = None,
) -> pd.Series:
    """Parse whole numbers (empty cells: <NA>) into a nullable ``Int64`` Series.

    Raises
    ------
    SchemaError
        Naming the rows that hold text, fractions, negative numbers or (with
        ``allowed``) codes outside it.
    """
    text = _text(values)
    numbers = pd.to_numeric(text.where(text != "", None), errors="coerce").astype("float64")
    wrong = (numbers.isna() & (text != "")) | (numbers.notna() & ((numbers % 1 != 0) | (numbers < 0)))
    if allowed is not None:
        allowed = sorted(allowed)
        wrong |= numbers.notna() & ~numbers.isin(allowed)
    bad = np.flatnonzero(wrong.to_numpy())
    if len(bad):
        expected = f"one of {allowed}" if allowed is not None else "a whole number of 0 or more"
        msg = (
            f"{where}: column {column!r} ({what}) must be empty or {expected}; it is not at "
            f"{_rows_text(labels, bad, values)} (rows counted from 1 after the header)"
        )
        raise SchemaError(msg)
    return numbers.astype("Int64")


def _coordinates(
    frame: pd.DataFrame, lat_col: str, lon_col: str, *, labels: list[str], where: str
) -> tuple[np.ndarray, np.ndarray]:
    lat = _parse_numbers(frame[lat_col], column=lat_col, labels=labels, where=where)
    lon = _parse_numbers(frame[lon_col], column=lon_col, labels=labels, where=where)
    _check_ranges(lat, lon, lat_col=lat_col, lon_col=lon_col, labels=labels, where=where)
    return lon, lat


def _join_actors(*parts: pd.Series) -> pd.Series:
    """Join the non-empty actor names of each row with "; "."""
    texts = [_text(p) for p in parts]
    joined = ["; ".join(name for name in names if name) for names in zip(*texts, strict=True)]
    return pd.Series(joined, index=texts[0].index, dtype="str")


def _lookup(frame: pd.DataFrame) -> dict[str, str]:
    """Map each column's stripped, lower-case name to the column."""
    return {str(c).strip().lower(): c for c in frame.columns}


def _require(
    frame: pd.DataFrame, required: Sequence[str], *, where: str, dataset: str, hint: str = ""
) -> dict[str, str]:
    """Return the lower-case lookup of ``frame``'s columns, or fail listing the missing ones."""
    lookup = _lookup(frame)
    missing = [c for c in required if c not in lookup]
    if missing:
        msg = (
            f"{where} lacks the {dataset} column(s) {missing} (any case); its columns are "
            f"{[str(c) for c in frame.columns]}. Pass a complete {dataset} export{hint}"
        )
        raise SchemaError(msg)
    return lookup


def _optional(frame: pd.DataFrame, lookup: Mapping[str, str], name: str) -> pd.Series:
    """Return column ``name`` (lower case) of ``frame``, or an empty column when it has none."""
    if name in lookup:
        return frame[lookup[name]]
    return pd.Series(None, index=frame.index, dtype="object")


# --------------------------------------------------------------------------- the core


def _extra(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return each row of ``frame`` as a dict of its original columns (missing values are None)."""
    plain = frame.astype(object)
    plain = plain.where(frame.notna(), None)
    plain.columns = [str(c) for c in plain.columns]
    return plain.to_dict(orient="records")


def _report_duplicates(out: pd.DataFrame, *, labels: list[str], where: str, drop: bool) -> pd.DataFrame:
    """Warn about repeated event ids (kept, and listed in attrs) or drop them with ``drop_rows``."""
    ids = out["event_id"]
    repeated = ids.duplicated(keep="first").to_numpy()
    if not repeated.any():
        out.attrs["duplicates"] = []
        return out
    values = list(dict.fromkeys(ids[repeated]))
    positions = {
        v: [labels[i] for i in np.flatnonzero((ids == v).to_numpy())] for v in values[:_SHOWN_DUPLICATES]
    }
    shown = "; ".join(f"{v!r} at {', '.join(rows)}" for v, rows in positions.items())
    more = f" ... ({len(values)} ids in all)" if len(values) > _SHOWN_DUPLICATES else ""
    n = int(repeated.sum())
    if drop:
        out = drop_rows(
            out,
            pd.Series(repeated, index=out.index),
            reason=f"event_id repeats an earlier row, first kept: {shown}{more}",
            where=where,
        )
        out.attrs["duplicates"] = values
        return out
    warnings.warn(
        f"{where}: {n} row(s) repeat the event_id of an earlier row ({shown}{more}). They are kept "
        "(attrs['duplicates'] lists the ids); pass drop_duplicates=True to keep only the first of each",
        DuplicateEventsWarning,
        stacklevel=4,
    )
    out.attrs["duplicates"] = values
    return out


def _assemble(
    raw: pd.DataFrame,
    fields: dict[str, Any],
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    labels: list[str],
    where: str,
    keep_extra: bool,
    drop_duplicates: bool,
) -> gpd.GeoDataFrame:
    """Build the events frame from a source's mapped ``fields`` (the one core).

    ``fields`` holds every schema column plus ``date_end`` (Series on
    ``raw``'s index, or a scalar for a constant).
    """
    empty_ids = np.flatnonzero((fields["event_id"] == "").to_numpy())
    if len(empty_ids):
        msg = (
            f"{where}: {_rows_text(labels, empty_ids)} ha{'s' if len(empty_ids) == 1 else 've'} no event id "
            "(rows counted from 1 after the header); give every event an id"
        )
        raise SchemaError(msg)
    out = pd.DataFrame(index=raw.index)
    for column in [*EVENT_COLUMNS, "date_end"]:
        value = fields[column]
        out[column] = value if isinstance(value, pd.Series) else pd.Series(value, index=raw.index)
    for column in ("event_type", "sub_type", "actors", "location", "notes", "source_dataset", "source_url"):
        out[column] = out[column].astype("str")
    out["event_id"] = out["event_id"].astype("str")
    out["fatalities"] = out["fatalities"].astype("Int64")
    out["precision"] = out["precision"].astype("Int64")
    out["date"] = out["date"].astype(_DATE_DTYPE)
    out["date_end"] = out["date_end"].astype(_DATE_DTYPE)
    if keep_extra:
        out["extra"] = pd.Series(_extra(raw), index=raw.index, dtype="object")
    result = gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    return _report_duplicates(result, labels=labels, where=where, drop=drop_duplicates)


def _check_raw(df: pd.DataFrame, *, where: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        msg = f"{where}: expected a pandas DataFrame of raw records, not {type(df).__name__}"
        raise SchemaError(msg)
    if len(df) == 0:
        msg = f"{where} holds no events"
        raise EmptyDataError(msg)
    return df
