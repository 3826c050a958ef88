"""Events (armed clashes, attacks, incidents): ACLED and UCDP GED exports, any CSV, and analysis.

Every source funnels into one core, :func:`_assemble`, which puts the fields a
source normaliser mapped into the events schema (``event_id``, ``date``,
``event_type``, ``sub_type``, ``actors``, ``fatalities``, ``location``,
``precision``, ``notes``, ``source_dataset``, ``source_url``), adds
``date_end``, keeps every original column in ``extra`` (one dict per row),
reports repeated event ids and builds the points (EPSG:4326).

The source normalisers, :func:`normalise_acled` and :func:`normalise_ucdp`,
take raw frames with the datasets' own column names, as read from their CSV
exports or from their APIs' JSON records; :func:`load_events` reads a file and
picks one of them (or maps any CSV with ``columns=``).

Bad input is never silently dropped: missing required columns are listed,
unparseable dates, coordinates, fatalities and precision codes fail with the
rows named, repeated event ids are reported (and dropped with a count only
when asked), and a file that is not UTF-8 is refused with the offset of the
first bad byte unless ``encoding=`` says how to read it.

The analysis functions count events along a border's corridors
(:func:`events_by_segment`), per administrative unit (:func:`events_by_unit`)
and per period (:func:`events_by_period`); events that fit nowhere are counted
as unassigned and warned about, never left out quietly.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..._log import log
from ...errors import (
    DataReadError,
    DuplicateEventsWarning,
    EmptyDataError,
    SchemaError,
    UnassignedEventsWarning,
)
from .._validate import drop_rows, require_frame
from ..crossings import _CANDIDATES as _CROSSING_CANDIDATES
from ..crossings import _check_ranges, _parse_numbers, _shown, _text
from ..proximity import check_points, distance_to_line_m
from ..proximity import within as _within
from .api import fetch_acled as fetch_acled
from .api import fetch_ucdp as fetch_ucdp

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


# --------------------------------------------------------------------------- source normalisers


def normalise_acled(
    df: pd.DataFrame, *, where: str, keep_extra: bool = True, drop_duplicates: bool = False
) -> gpd.GeoDataFrame:
    """Normalise raw ACLED records (CSV export or API JSON, same column names) to the events schema.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per event with ACLED's columns (any case): required
        ``event_id_cnty``, ``event_date``, ``event_type``, ``latitude``,
        ``longitude``, ``fatalities``; used when present ``sub_event_type``,
        ``actor1``, ``actor2``, ``location``, ``geo_precision``, ``notes``.
        ``event_date`` may be written ``2023-02-16`` or ``16 May 2025``
        (per row).
    where : str
        The file or request the records came from, used in messages.
    keep_extra : bool
        Keep every original column in ``extra`` (one dict per row).
    drop_duplicates : bool
        Drop rows repeating an earlier ``event_id_cnty`` (counted and
        warned, see :func:`borderkit.geo._validate.drop_rows`) instead of
        keeping them with a warning.

    Returns
    -------
    geopandas.GeoDataFrame
        The events schema on ``df``'s index (see :func:`load_events`):
        ``actors`` is ``actor1; actor2`` (``actor2`` when present),
        ``precision`` is ``geo_precision`` on the :data:`PRECISION_CODES`
        scale (1 -> 1, 2 -> 2, 3 -> 4), ``source_dataset`` is ``"ACLED"`` and
        ``source_url`` ``"https://acleddata.com"`` (ACLED has no per-event
        page; its ``source`` column, the reporting outlets, stays in
        ``extra``).

    Raises
    ------
    SchemaError
        If required columns are missing (all are listed), or dates,
        coordinates, fatalities or ``geo_precision`` do not parse (the rows
        are named).
    EmptyDataError
        If ``df`` has no rows.

    Warns
    -----
    DuplicateEventsWarning
        When event ids repeat (rows kept).
    """
    df = _check_raw(df, where=where)
    c = _require(df, _ACLED_REQUIRED, where=where, dataset="ACLED")
    labels = _labels(len(df))
    lon, lat = _coordinates(df, c["latitude"], c["longitude"], labels=labels, where=where)
    precision = _parse_ints(
        _optional(df, c, "geo_precision"),
        column=c.get("geo_precision", "geo_precision"),
        labels=labels,
        where=where,
        what="ACLED geo_precision",
        allowed=ACLED_PRECISION,
    )
    fields = {
        "event_id": _text(df[c["event_id_cnty"]]),
        "date": _parse_dates(df[c["event_date"]], column=c["event_date"], labels=labels, where=where),
        "event_type": _text(df[c["event_type"]]),
        "sub_type": _text(_optional(df, c, "sub_event_type")),
        "actors": _join_actors(_optional(df, c, "actor1"), _optional(df, c, "actor2")),
        "fatalities": _parse_ints(
            df[c["fatalities"]], column=c["fatalities"], labels=labels, where=where, what="fatalities"
        ),
        "location": _text(_optional(df, c, "location")),
        "precision": precision.map(ACLED_PRECISION, na_action="ignore").astype("Int64"),
        "notes": _text(_optional(df, c, "notes")),
        "source_dataset": ACLED_DATASET,
        "source_url": ACLED_URL,
        "date_end": pd.NaT,
    }
    return _assemble(
        df,
        fields,
        lon,
        lat,
        labels=labels,
        where=where,
        keep_extra=keep_extra,
        drop_duplicates=drop_duplicates,
    )


def normalise_ucdp(
    df: pd.DataFrame, *, where: str, keep_extra: bool = True, drop_duplicates: bool = False
) -> gpd.GeoDataFrame:
    """Normalise raw UCDP GED records (CSV or API ``gedevents`` JSON, same names) to the events schema.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per event with GED's columns (any case): required ``id``,
        ``date_start``, ``type_of_violence`` (1, 2 or 3), ``latitude``,
        ``longitude``, ``best``; used when present ``date_end``, ``side_a``,
        ``side_b``, ``where_prec``, ``where_coordinates``,
        ``source_headline``. An HDX hashtag row must be removed first
        (:func:`load_events` does).
    where : str
        The file or request the records came from, used in messages.
    keep_extra : bool
        Keep every original column in ``extra`` (one dict per row).
    drop_duplicates : bool
        Drop rows repeating an earlier ``id`` (counted and warned).

    Returns
    -------
    geopandas.GeoDataFrame
        The events schema on ``df``'s index (see :func:`load_events`):
        ``event_id`` is GED's ``id``; ``date``/``date_end`` are
        ``date_start``/``date_end``; ``event_type`` names
        ``type_of_violence`` ("state-based conflict", "non-state conflict",
        "one-sided violence"); ``sub_type`` is empty (GED has none);
        ``actors`` is ``side_a; side_b``; ``fatalities`` is ``best``;
        ``location`` is ``where_coordinates``; ``precision`` is
        ``where_prec`` (1-7, the :data:`PRECISION_CODES` scale); ``notes`` is
        ``source_headline``; ``source_dataset`` is ``"UCDP GED"`` and
        ``source_url`` ``"https://ucdp.uu.se/"`` (UCDP documents no
        per-event page; the id finds the event in its downloads and API).

    Raises
    ------
    SchemaError
        If required columns are missing (all are listed), or dates,
        coordinates, ``best``, ``where_prec`` or ``type_of_violence`` do not
        parse (the rows are named).
    EmptyDataError
        If ``df`` has no rows.

    Warns
    -----
    DuplicateEventsWarning
        When ids repeat (rows kept).
    """
    df = _check_raw(df, where=where)
    c = _require(df, _UCDP_REQUIRED, where=where, dataset="UCDP GED")
    labels = _labels(len(df))
    lon, lat = _coordinates(df, c["latitude"], c["longitude"], labels=labels, where=where)
    kind = _parse_ints(
        df[c["type_of_violence"]],
        column=c["type_of_violence"],
        labels=labels,
        where=where,
        what="UCDP type_of_violence",
        allowed=UCDP_VIOLENCE_TYPES,
    )
    missing_kind = np.flatnonzero(kind.isna().to_numpy())
    if len(missing_kind):
        msg = (
            f"{where}: column {c['type_of_violence']!r} is empty at {_rows_text(labels, missing_kind)} "
            "(rows counted from 1 after the header); every GED event has a type_of_violence of 1, 2 or 3"
        )
        raise SchemaError(msg)
    fields = {
        "event_id": _text(df[c["id"]]),
        "date": _parse_dates(df[c["date_start"]], column=c["date_start"], labels=labels, where=where),
        "event_type": kind.map(UCDP_VIOLENCE_TYPES).astype("str"),
        "sub_type": "",
        "actors": _join_actors(_optional(df, c, "side_a"), _optional(df, c, "side_b")),
        "fatalities": _parse_ints(df[c["best"]], column=c["best"], labels=labels, where=where, what="best"),
        "location": _text(_optional(df, c, "where_coordinates")),
        "precision": _parse_ints(
            _optional(df, c, "where_prec"),
            column=c.get("where_prec", "where_prec"),
            labels=labels,
            where=where,
            what="UCDP where_prec",
            allowed=PRECISION_CODES,
        ),
        "notes": _text(_optional(df, c, "source_headline")),
        "source_dataset": UCDP_DATASET,
        "source_url": UCDP_URL,
        "date_end": _parse_dates(
            _optional(df, c, "date_end"),
            column=c.get("date_end", "date_end"),
            labels=labels,
            where=where,
            required=False,
        ),
    }
    return _assemble(
        df,
        fields,
        lon,
        lat,
        labels=labels,
        where=where,
        keep_extra=keep_extra,
        drop_duplicates=drop_duplicates,
    )


def _csv_mapping(frame: pd.DataFrame, columns: Mapping[str, str] | None, *, where: str) -> dict[str, str]:
    """Map the fields of ``format="csv"`` to ``frame``'s columns: ``columns=``, else by name (any case)."""
    columns = dict(columns or {})
    unknown = sorted(set(columns) - set(_CSV_FIELDS))
    if unknown:
        msg = f"columns= maps unknown fields {unknown}; use some of {_CSV_FIELDS}"
        raise SchemaError(msg)
    found = [str(c) for c in frame.columns]
    for key, col in columns.items():
        if col not in frame.columns:
            msg = f"columns= maps {key!r} to {col!r}, which {where} does not have; its columns are {found}"
            raise SchemaError(msg)
    lookup = _lookup(frame)
    mapping: dict[str, str] = {}
    for field in _CSV_FIELDS:
        if field in columns:
            mapping[field] = columns[field]
        else:
            hit = next((lookup[c] for c in _CSV_CANDIDATES[field] if c in lookup), None)
            if hit is not None:
                mapping[field] = hit
    missing = [f for f in _CSV_REQUIRED if f not in mapping]
    if missing:
        example = ", ".join(f"{f!r}: '<your {f} column>'" for f in missing)
        msg = (
            f"{where} lacks the column(s) {missing} (looked for "
            f"{'; '.join(f'{f}: ' + ', '.join(_CSV_CANDIDATES[f]) for f in missing)}, in any case); its "
            f"columns are {found}. Pass columns={{{example}}} to name the columns that hold them"
        )
        raise SchemaError(msg)
    return mapping


def _normalise_csv(
    df: pd.DataFrame,
    *,
    where: str,
    columns: Mapping[str, str] | None,
    dataset: str,
    keep_extra: bool,
    drop_duplicates: bool,
) -> gpd.GeoDataFrame:
    """Normalise any table whose columns ``columns=`` (or their names) map onto the events schema."""
    df = _check_raw(df, where=where)
    m = _csv_mapping(df, columns, where=where)
    labels = _labels(len(df))
    lon, lat = _coordinates(df, m["lat"], m["lon"], labels=labels, where=where)

    def text(field: str, default: str = "") -> pd.Series | str:
        if field not in m:
            return default
        values = _text(df[m[field]])
        return values.where(values != "", default) if default else values

    ids = text("event_id")
    derived = pd.Series([f"row-{i + 1}" for i in range(len(df))], index=df.index, dtype="str")
    fields = {
        "event_id": derived if isinstance(ids, str) else ids.where(ids != "", derived),
        "date": _parse_dates(df[m["date"]], column=m["date"], labels=labels, where=where),
        "event_type": text("event_type"),
        "sub_type": text("sub_type"),
        "actors": text("actors"),
        "fatalities": (
            _parse_ints(
                df[m["fatalities"]], column=m["fatalities"], labels=labels, where=where, what="fatalities"
            )
            if "fatalities" in m
            else pd.NA
        ),
        "location": text("location"),
        "precision": (
            _parse_ints(
                df[m["precision"]],
                column=m["precision"],
                labels=labels,
                where=where,
                what="precision",
                allowed=PRECISION_CODES,
            )
            if "precision" in m
            else pd.NA
        ),
        "notes": text("notes"),
        "source_dataset": text("source_dataset", dataset),
        "source_url": text("source_url"),
        "date_end": (
            _parse_dates(df[m["date_end"]], column=m["date_end"], labels=labels, where=where, required=False)
            if "date_end" in m
            else pd.NaT
        ),
    }
    return _assemble(
        df,
        fields,
        lon,
        lat,
        labels=labels,
        where=where,
        keep_extra=keep_extra,
        drop_duplicates=drop_duplicates,
    )


# --------------------------------------------------------------------------- reading files


def _decode(data: bytes, *, path: Path, encoding: str | None) -> tuple[str, str]:
    """Return the text of ``data`` and the encoding used: UTF-8 (with or without BOM) unless told."""
    if encoding is None:
        try:
            return data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            near = data[max(0, exc.start - 24) : exc.start + 16]
            msg = (
                f"{path} is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}, "
                f"near {near!r}) is not valid UTF-8. borderkit reads UTF-8 unless told otherwise; if the "
                "file was saved by Excel or another Windows program pass encoding='cp1252' (or the encoding "
                "it was written in, e.g. 'latin-1'), or re-save it as UTF-8"
            )
            raise DataReadError(msg) from None
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        msg = (
            f"encoding={encoding!r} is not an encoding Python knows; use e.g. 'utf-8', 'cp1252' or 'latin-1'"
        )
        raise DataReadError(msg) from None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = (
            f"{path} cannot be read as {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            f"(line {line}) is not valid in it; pass the encoding the file was written in"
        )
        raise DataReadError(msg) from None
    return text.removeprefix("\ufeff"), codec


def _hxl_row(text: str, sep: str) -> list[str] | None:
    """Return the second record of ``text`` if it is an HXL hashtag row (every filled cell starts with #)."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    try:
        next(reader)
        second = next(reader)
    except (StopIteration, csv.Error):
        return None
    cells = [cell.strip() for cell in second if cell.strip()]
    return second if cells and all(cell.startswith("#") for cell in cells) else None


def _read_table(source: Path, *, encoding: str | None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Read a CSV of events into a raw frame; return it with what was noted (encoding, skipped rows)."""
    if not source.exists():
        msg = f"events file {source} does not exist; check the path (the working folder is {Path.cwd()})"
        raise DataReadError(msg)
    if source.is_dir():
        msg = f"{source} is a folder; pass the path of a CSV of events (an ACLED or UCDP GED export)"
        raise DataReadError(msg)
    data = source.read_bytes()
    if not data.strip():
        msg = f"events file {source} is empty; pass a CSV with a header line and one row per event"
        raise EmptyDataError(msg)
    text, used = _decode(data, path=source, encoding=encoding)
    sep = "\t" if source.suffix.lower() in {".tsv", ".tab"} else ","
    notes: dict[str, Any] = {"encoding": used, "skipped_lines": []}
    skip = None
    hxl = _hxl_row(text, sep)
    if hxl is not None:
        skip = [1]
        tags = ", ".join(cell for cell in hxl if cell.strip())
        notes["skipped_lines"] = [{"line": 2, "reason": f"HXL hashtag row ({_shown(tags.split(', '), 6)})"}]
        log(f"{source}: skipped line 2, an HXL hashtag row ({tags[:80]})")
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, skiprows=skip, keep_default_na=False, na_values=[""], low_memory=False
        )
    except pd.errors.EmptyDataError as exc:
        msg = f"events file {source} is empty; pass a CSV with a header line and one row per event"
        raise EmptyDataError(msg) from exc
    except (pd.errors.ParserError, ValueError) as exc:
        msg = f"cannot read events file {source} as CSV ({exc}); pass a CSV with a header line"
        raise DataReadError(msg) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(frame) == 0:
        msg = f"{source} holds no rows (only a header); pass a file with one row per event"
        raise EmptyDataError(msg)
    return frame, notes


def _detect(frame: pd.DataFrame, *, where: str) -> str:
    names = set(_lookup(frame))
    if names >= _ACLED_SIGNATURE:
        return "acled"
    if names >= _UCDP_SIGNATURE:
        return "ucdp"
    msg = (
        f"{where} is neither an ACLED export (columns {', '.join(_ACLED_REQUIRED)}, ...) nor UCDP GED "
        f"(columns {', '.join(_UCDP_REQUIRED)}, ...); its columns are {[str(c) for c in frame.columns]}. "
        "For another CSV pass format='csv' and columns= naming its columns, e.g. "
        "columns={'date': 'Date', 'lat': 'Latitude', 'lon': 'Longitude', 'event_type': 'Type'}"
    )
    raise SchemaError(msg)


# place_precision of the bundled timeline -> UCDP where_prec code (PRECISION_CODES).
_TIMELINE_PRECISION = {"crossing": 1, "town": 2, "district": 3, "province": 4, "national": 6}


def _load_timeline(*, keep_extra: bool) -> gpd.GeoDataFrame:
    """Load the bundled, cited border timeline (border_timeline.csv) in the events schema.

    Rows whose place is not a point (a district, a province, the whole
    country) have no geometry; ``precision`` says how exact the place is and
    ``extra`` keeps ``date_precision``, ``place_precision`` and the citation.
    """
    from .. import _data

    path = _data.data_path("border_timeline.csv")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    where = f"bundled timeline {path.name}"
    lat = pd.to_numeric(raw["lat"].replace("", np.nan)).to_numpy(dtype=float)
    lon = pd.to_numeric(raw["lon"].replace("", np.nan)).to_numpy(dtype=float)
    fields: dict[str, Any] = {
        "event_id": raw["event_id"],
        "date": pd.to_datetime(raw["date"], format="%Y-%m-%d"),
        "event_type": raw["event_type"],
        "sub_type": raw["sub_type"],
        "actors": raw["actors"],
        "fatalities": pd.to_numeric(raw["fatalities"].replace("", np.nan)).astype("Int64"),
        "location": raw["location"],
        "precision": raw["place_precision"].map(_TIMELINE_PRECISION).astype("Int64"),
        "notes": raw["notes"],
        "source_dataset": raw["source_dataset"],
        "source_url": raw["source_url"],
        "date_end": pd.NaT,
    }
    events = _assemble(
        raw,
        fields,
        lon,
        lat,
        labels=_labels(len(raw)),
        where=where,
        keep_extra=keep_extra,
        drop_duplicates=False,
    )
    no_point = np.isnan(lat) | np.isnan(lon)
    events.loc[no_point, "geometry"] = None
    events.attrs.update({"format": "timeline", "source": str(path), "without_point": int(no_point.sum())})
    return events


def load_events(
    source: str | Path,
    *,
    format: str = "auto",
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    keep_extra: bool = True,
    drop_duplicates: bool = False,
) -> gpd.GeoDataFrame:
    """Load events from an ACLED export, a UCDP GED CSV or any CSV, normalised to the events schema.

    Parameters
    ----------
    source : str or pathlib.Path
        Path of a CSV file (``.tsv`` is read tab-separated), or
        ``"timeline"``: the bundled, cited timeline of the border (closures,
        reopenings, clashes, deportation deadlines, fence milestones; every
        row cites its source; rows without a point have no geometry).
    format : {"auto", "acled", "ucdp", "csv"}
        ``"acled"``: an ACLED export (``event_id_cnty``, ``event_date``, ...,
        31 columns); ``"ucdp"``: UCDP GED (``id``, ``date_start``,
        ``type_of_violence``, ...), including HDX country extracts whose
        second line is an HXL hashtag row (skipped, and recorded in
        ``attrs["skipped_lines"]``); ``"csv"``: any CSV, mapped by
        ``columns=``; ``"auto"`` recognises ACLED and UCDP GED by their
        columns (and means ``"csv"`` when ``columns=`` is given).
    columns : mapping, optional
        For ``format="csv"``: which columns hold the schema fields, e.g.
        ``{"date": "Date", "lat": "Lat", "lon": "Lon", "event_type": "Type"}``.
        Keys are the schema columns, ``"date_end"``, ``"lat"`` and ``"lon"``;
        fields not mapped are looked up by their own names (any case; lat/lon
        also as latitude/longitude/y/x ...). ``date``, ``lat`` and ``lon`` are
        required; a missing ``event_id`` becomes ``row-<n>``, a missing
        ``source_dataset`` the file's name.
    encoding : str, optional
        The file's text encoding. None reads UTF-8 (with or without a byte
        order mark) and refuses anything else, naming the first bad byte;
        pass e.g. ``"cp1252"`` for a file saved by Excel on Windows.
    keep_extra : bool
        Keep every original column in ``extra``, one dict per row (the
        design's "extra mapping"); False leaves ``extra`` out.
    drop_duplicates : bool
        Drop rows repeating an earlier event id (warned with the count, the
        rows recorded in ``attrs["dropped"]``); by default they are kept and
        warned about.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per event, index = row position in the file (from 0), with
        ``event_id`` (str), ``date`` (datetime64, day precision: the start
        of the event), ``event_type``, ``sub_type``, ``actors`` (names joined
        by "; "), ``fatalities`` (nullable Int64), ``location``,
        ``precision`` (nullable Int64 on the :data:`PRECISION_CODES` scale),
        ``notes``, ``source_dataset``, ``source_url`` (text: "" when not
        given; never escaped here, escaping is the renderer's job), then
        ``date_end`` (the last day, NaT when the source has none),
        ``extra`` (the original columns, with the source's own precision
        columns) and ``geometry`` (Point, EPSG:4326). ``attrs`` records
        ``format``, ``source``, ``encoding``, ``skipped_lines`` and
        ``duplicates`` (the repeated ids).

    Raises
    ------
    DataReadError
        If the file is missing, is not UTF-8 (without ``encoding=``), or is
        not a readable CSV.
    SchemaError
        If required columns are missing (all are listed), the format is not
        recognised (the message says to pass ``format="csv"`` and
        ``columns=``), or dates, coordinates (also out of range),
        fatalities or precision codes are wrong (the rows are named).
    EmptyDataError
        If the file holds no events.

    Warns
    -----
    DuplicateEventsWarning
        When event ids repeat and ``drop_duplicates`` is False.
    DroppedRowsWarning
        When ``drop_duplicates`` drops rows (with the count).

    Examples
    --------
    >>> import borderkit as bk
    >>> events = bk.load_events("ged_pak.csv")  # doctest: +SKIP
    >>> events.groupby("event_type").fatalities.sum()  # doctest: +SKIP
    """
    if isinstance(source, str) and source == "timeline":
        return _load_timeline(keep_extra=keep_extra)
    if format not in _FORMATS:
        msg = f"format must be one of {list(_FORMATS)}, not {format!r}"
        raise ValueError(msg)
    if columns is not None and format in ("acled", "ucdp"):
        msg = (
            f"columns= maps the columns of format='csv'; format={format!r} knows its columns. Drop "
            "columns=, or pass format='csv' to map the file yourself"
        )
        raise ValueError(msg)
    path = Path(source)
    frame, notes = _read_table(path, encoding=encoding)
    where = str(path)
    if notes["skipped_lines"]:
        where = f"{path} (its HXL line 2 skipped)"
    if format == "auto":
        format = "csv" if columns is not None else _detect(frame, where=where)
    options = {"keep_extra": keep_extra, "drop_duplicates": drop_duplicates}
    if format == "acled":
        events = normalise_acled(frame, where=where, **options)
    elif format == "ucdp":
        events = normalise_ucdp(frame, where=where, **options)
    else:
        events = _normalise_csv(frame, where=where, columns=columns, dataset=path.name, **options)
    events.attrs.update({"format": format, "source": str(path), **notes})
    return events


# --------------------------------------------------------------------------- analysis


def _check_events(events: gpd.GeoDataFrame, need: Sequence[str], *, geo: bool = True) -> gpd.GeoDataFrame:
    """Check that ``events`` has columns ``need`` (and points, when ``geo``); return it in EPSG:4326."""
    if not isinstance(events, pd.DataFrame):
        msg = f"events must be a GeoDataFrame (e.g. from bk.load_events()), not {type(events).__name__}"
        raise SchemaError(msg)
    missing = [c for c in need if c not in events.columns]
    if missing:
        msg = (
            f"events lack the column(s) {missing}; load them with bk.load_events() or add the columns "
            "of the events schema"
        )
        raise SchemaError(msg)
    if "date" in need and not pd.api.types.is_datetime64_any_dtype(events["date"]):
        msg = f"events' 'date' column must hold datetimes, not {events['date'].dtype}; use bk.load_events()"
        raise SchemaError(msg)
    if geo:
        check_points(events, what="events")  # a GeoDataFrame of points with a CRS, else a clear error
        events = events.to_crs(4326)
    return events


def _day(value: Any, *, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        msg = f"{name}={value!r} is not a date; pass e.g. '2021-03-01' or a datetime"
        raise ValueError(msg) from exc
    if stamp is pd.NaT:
        msg = f"{name}={value!r} is not a date; pass e.g. '2021-03-01' or a datetime"
        raise ValueError(msg)
    return stamp.tz_localize(None).normalize() if stamp.tzinfo is not None else stamp.normalize()


def _as_target(target: Any, *, what: str) -> gpd.GeoDataFrame | gpd.GeoSeries:
    if isinstance(target, gpd.GeoDataFrame | gpd.GeoSeries):
        return target
    if isinstance(target, shapely.Geometry):
        return gpd.GeoSeries([target], crs="EPSG:4326")
    msg = (
        f"{what} must be a GeoDataFrame, GeoSeries or shapely geometry (EPSG:4326), not "
        f"{type(target).__name__}"
    )
    raise SchemaError(msg)


def filter_events(
    events: gpd.GeoDataFrame,
    *,
    start: Any = None,
    end: Any = None,
    types: str | Iterable[str] | None = None,
    within: Any = None,
) -> gpd.GeoDataFrame:
    """Select the events in a date range, of some types, and near or inside a place.

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        Events in the events schema (e.g. :func:`load_events`).
    start, end : str, datetime or pandas.Timestamp, optional
        First and last day kept, inclusive (times of day are ignored).
        Events without a date are left out when either is given.
    types : str or iterable of str, optional
        ``event_type`` values kept (compared without regard to case).
    within : tuple or geopandas.GeoDataFrame, optional
        ``(target, distance_km)``: keep events within ``distance_km``
        (geodesic) of ``target``, a GeoDataFrame/GeoSeries of points, lines
        or polygons, or a shapely geometry in EPSG:4326 (see
        :func:`borderkit.within`; a point inside a polygon is at distance 0).
        A GeoDataFrame/GeoSeries of polygons alone keeps the events inside
        them.

    Returns
    -------
    geopandas.GeoDataFrame
        The selected rows of ``events`` (same index and columns), with
        ``attrs["filter"]`` describing the selection and how many events it
        kept of how many.

    Examples
    --------
    >>> import borderkit as bk
    >>> crossings = bk.load_crossings()
    >>> torkham = crossings[crossings.crossing_id == "torkham"]
    >>> near = bk.filter_events(events, within=(torkham, 50))  # doctest: +SKIP
    """
    need = ["date"] if start is not None or end is not None else []
    if types is not None:
        need.append("event_type")
    ev = _check_events(events, need, geo=within is not None) if need or within is not None else events
    mask = pd.Series(True, index=events.index)
    described: dict[str, Any] = {}
    lo = _day(start, name="start") if start is not None else None
    hi = _day(end, name="end") if end is not None else None
    if lo is not None and hi is not None and lo > hi:
        msg = f"start ({lo.date()}) is after end ({hi.date()}); swap them"
        raise ValueError(msg)
    if lo is not None:
        mask &= (ev["date"] >= lo).to_numpy()
        described["start"] = str(lo.date())
    if hi is not None:
        mask &= (ev["date"] < hi + pd.Timedelta(days=1)).to_numpy()
        described["end"] = str(hi.date())
    if types is not None:
        wanted = [types] if isinstance(types, str) else list(types)
        folded = {str(t).casefold() for t in wanted}
        mask &= _text(ev["event_type"]).str.casefold().isin(folded).to_numpy()
        described["types"] = wanted
    if within is not None:
        if isinstance(within, tuple):
            if len(within) != 2:
                msg = (
                    f"within= must be (target, distance_km) or a frame of polygons, not a {len(within)}-tuple"
                )
                raise ValueError(msg)
            target, distance_km = _as_target(within[0], what="within[0]"), float(within[1])
        else:
            target = _as_target(within, what="within")
            kinds = set(target.geom_type)
            if not kinds <= {"Polygon", "MultiPolygon"}:
                msg = (
                    f"within= without a distance must be polygons (events inside them), not {sorted(kinds)}; "
                    "pass (target, distance_km) for points or lines"
                )
                raise SchemaError(msg)
            distance_km = 0.0
        rows = mask.to_numpy().nonzero()[0]
        if len(rows):
            near = _within(ev.iloc[rows], target, distance_km).to_numpy()
            keep = np.zeros(len(mask), dtype=bool)
            keep[rows[near]] = True
            mask &= keep
        described["within_km"] = distance_km
    out = events.loc[mask.to_numpy()].copy()
    out.attrs["filter"] = {**described, "kept": len(out), "of": len(events)}
    return out


def _warn_unassigned(n: int, total: int, what: str, stacklevel: int = 3) -> None:
    warnings.warn(
        f"{n} of {total} event(s) {what}; they are counted in attrs['unassigned'], not in any row",
        UnassignedEventsWarning,
        stacklevel=stacklevel,
    )


def _tally(
    target_index: np.ndarray, n_targets: int, fatalities: pd.Series
) -> tuple[np.ndarray, pd.Series, np.ndarray]:
    """Count events, sum known fatalities and count unknown ones per target (index -1: none)."""
    assigned = target_index >= 0
    counts = np.bincount(target_index[assigned], minlength=n_targets)
    fat = fatalities.to_numpy(dtype="float64", na_value=np.nan)
    known = assigned & ~np.isnan(fat)
    sums = np.bincount(target_index[known], weights=fat[known], minlength=n_targets)
    unknown = np.bincount(target_index[assigned & np.isnan(fat)], minlength=n_targets)
    return counts.astype("int64"), pd.array(np.round(sums).astype("int64"), dtype="Int64"), unknown


def _lines_frame(segments: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return require_frame(
        segments,
        what="segments",
        columns=("segment_id", "length_km"),
        kinds=frozenset({"LineString", "MultiLineString"}),
        how="bk.border_segments(border, crossings)",
    )


def events_by_segment(
    events: gpd.GeoDataFrame, segments: gpd.GeoDataFrame, *, max_distance_km: float = 50.0
) -> gpd.GeoDataFrame:
    """Count events and fatalities along each corridor of a border.

    Each event goes to the corridor whose line is nearest to it, measured
    geodesically: every corridor is densified along geodesics every 200 m
    and measured with :func:`borderkit.geo.proximity.distance_to_line_m`
    (exact to well under a metre; one k-d tree query per corridor, so
    thousands of events take a fraction of a second). This is exact where
    projecting onto the border's chainage is not: a point beside a bend of
    the line can lie nearer to another corridor than to the one its planar
    projection lands on. An event whose nearest point of the border is a
    crossing itself is equally near to the two corridors meeting there and
    goes to the first of them in ``segments``' order (north to south for
    :func:`borderkit.border_segments`).

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        Points with a ``fatalities`` column (e.g. :func:`load_events`).
    segments : geopandas.GeoDataFrame
        Corridors as from :func:`borderkit.border_segments`: lines with
        ``segment_id`` and ``length_km`` (``from_name``, ``to_name``,
        ``start_km``, ``end_km`` are carried over when present).
    max_distance_km : float
        Events farther than this (geodesic) from every corridor are not
        assigned; they are counted in ``attrs["unassigned"]`` and warned
        about.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per corridor, aligned to ``segments``' index: the corridor's
        ``segment_id``, ``from_name``, ``to_name``, ``start_km``, ``end_km``,
        ``length_km``, then ``count`` (events), ``fatalities`` (sum of the
        known figures, Int64), ``unknown_fatalities`` (events without a
        figure), ``events_per_100km`` (count per 100 km of corridor length;
        NaN for a corridor of length 0) and the corridor's geometry.
        ``attrs`` holds ``total``, ``assigned``, ``unassigned``,
        ``unassigned_fatalities`` and ``max_distance_km``; ``count`` sums to
        ``assigned`` and ``assigned + unassigned == total``.

    Warns
    -----
    UnassignedEventsWarning
        With the number of events farther than ``max_distance_km`` from
        every corridor.
    """
    if not max_distance_km >= 0:
        msg = f"max_distance_km must be zero or more, not {max_distance_km}"
        raise ValueError(msg)
    ev = _check_events(events, ["fatalities"])
    seg = _lines_frame(segments)
    xy = shapely.get_coordinates(ev.geometry.values)
    dist = np.column_stack([distance_to_line_m(xy[:, 0], xy[:, 1], line) for line in seg.geometry.values])
    nearest = dist.argmin(axis=1)
    nearest_m = dist[np.arange(len(xy)), nearest]
    far = nearest_m > max_distance_km * 1000.0
    target = np.where(far, -1, nearest)
    counts, fatalities, unknown = _tally(target, len(seg), ev["fatalities"])
    keep = [c for c in ("segment_id", "from_name", "to_name", "start_km", "end_km", "length_km") if c in seg]
    out = pd.DataFrame(seg[keep]).set_axis(segments.index)
    out["count"] = counts
    out["fatalities"] = fatalities
    out["unknown_fatalities"] = unknown
    length = seg["length_km"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["events_per_100km"] = np.where(length > 0, counts / length * 100.0, np.nan)
    result = gpd.GeoDataFrame(out, geometry=seg.geometry.values, crs="EPSG:4326", index=segments.index)
    fat = ev["fatalities"].astype("Float64")
    result.attrs = {
        "total": len(ev),
        "assigned": int(counts.sum()),
        "unassigned": int(far.sum()),
        "unassigned_fatalities": int(fat[far].sum(skipna=True)),
        "max_distance_km": max_distance_km,
    }
    if far.any():
        _warn_unassigned(
            int(far.sum()),
            len(ev),
            f"lie farther than {max_distance_km:g} km from every corridor (up to "
            f"{nearest_m[far].max() / 1000:,.0f} km)",
        )
    return result


def _units_frame(admin_units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return require_frame(
        admin_units,
        what="admin_units",
        columns=("unit_id", "name"),
        kinds=frozenset({"Polygon", "MultiPolygon"}),
        how="bk.load_admin_units()",
    )


def events_by_unit(
    events: gpd.GeoDataFrame, admin_units: gpd.GeoDataFrame, *, snap_km: float = 5.0
) -> gpd.GeoDataFrame:
    """Count events and fatalities per administrative unit.

    Each event goes to the unit that contains it (on a shared boundary, the
    first such unit in ``admin_units``' order). An event inside no unit (the
    unit polygons and the events' sources rarely agree exactly along coasts
    and borders) goes to the nearest unit if that is within ``snap_km``
    (geodesic distance to the unit's outline, exact); the others are counted
    as unassigned and warned about.

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        Points with a ``fatalities`` column (e.g. :func:`load_events`).
    admin_units : geopandas.GeoDataFrame
        Polygons with ``unit_id`` and ``name`` (e.g.
        :func:`borderkit.load_admin_units`).
    snap_km : float
        Reach of the nearest-unit fallback, km.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit, aligned to ``admin_units``' index: ``unit_id``,
        ``name`` (and ``country``, ``level`` when present), ``count``,
        ``fatalities`` (sum of known figures, Int64), ``unknown_fatalities``,
        ``snapped`` (of ``count``, the events outside every unit placed here
        as the nearest within ``snap_km``), the unit's geometry. ``attrs``
        holds ``total``, ``assigned``, ``snapped``, ``unassigned``,
        ``unassigned_fatalities`` and ``snap_km``.

    Warns
    -----
    UnassignedEventsWarning
        With the number of events outside every unit and farther than
        ``snap_km`` from all of them.
    """
    if not snap_km >= 0:
        msg = f"snap_km must be zero or more, not {snap_km}"
        raise ValueError(msg)
    ev = _check_events(events, ["fatalities"])
    units = _units_frame(admin_units)
    points = ev.geometry.values
    xy = shapely.get_coordinates(points)
    n = len(xy)
    target = np.full(n, -1)
    pt, unit = units.sindex.query(points, predicate="intersects", sort=True)
    # Pairs are sorted by point then unit: the first pair of each point is its first unit in order.
    first = np.unique(pt, return_index=True)[1]
    target[pt[first]] = unit[first]
    outside = np.flatnonzero(target < 0)
    snapped = np.zeros(n, dtype=bool)
    if len(outside) and snap_km > 0:
        # Candidates by a planar test in degrees, wide enough for any geodesic distance <= snap_km:
        # a degree of latitude is >= 110.5 km and one of longitude >= 111.3 km * cos(latitude).
        lat_max = min(89.0, float(np.abs(xy[outside, 1]).max()) + 1.0)
        reach_deg = snap_km / (110.5 * np.cos(np.radians(lat_max))) * 1.1
        cand_pt, cand_unit = units.sindex.query(points[outside], predicate="dwithin", distance=reach_deg)
        best = np.full(len(outside), np.inf)
        best_unit = np.full(len(outside), -1)
        for u in np.unique(cand_unit):
            rows = cand_pt[cand_unit == u]
            boundary = units.geometry.values[u].boundary
            d = distance_to_line_m(xy[outside[rows], 0], xy[outside[rows], 1], boundary)
            better = d < best[rows]
            best[rows[better]] = d[better]
            best_unit[rows[better]] = u
        near = best <= snap_km * 1000.0
        target[outside[near]] = best_unit[near]
        snapped[outside[near]] = True
    counts, fatalities, unknown = _tally(target, len(units), ev["fatalities"])
    keep = [c for c in ("unit_id", "name", "country", "level") if c in units.columns]
    out = pd.DataFrame({c: units[c].to_numpy() for c in keep}, index=admin_units.index)
    out["count"] = counts
    out["fatalities"] = fatalities
    out["unknown_fatalities"] = unknown
    out["snapped"] = np.bincount(target[snapped], minlength=len(units)).astype("int64")
    result = gpd.GeoDataFrame(out, geometry=units.geometry.values, crs="EPSG:4326", index=admin_units.index)
    none = target < 0
    fat = ev["fatalities"].astype("Float64")
    result.attrs = {
        "total": n,
        "assigned": int(counts.sum()),
        "snapped": int(snapped.sum()),
        "unassigned": int(none.sum()),
        "unassigned_fatalities": int(fat[none].sum(skipna=True)),
        "snap_km": snap_km,
    }
    if none.any():
        _warn_unassigned(
            int(none.sum()), n, f"lie in no unit and farther than {snap_km:g} km from all of them"
        )
    return result


def events_by_period(events: pd.DataFrame, freq: str = "MS", *, by_type: bool = False) -> pd.DataFrame:
    """Count events and fatalities per period (month, week, year ...).

    Parameters
    ----------
    events : pandas.DataFrame or geopandas.GeoDataFrame
        Events with ``date`` and ``fatalities`` (and ``event_type`` for
        ``by_type``), e.g. :func:`load_events`.
    freq : str
        A pandas frequency: ``"MS"`` months (labelled by their first day),
        ``"YS"`` years, ``"W"`` weeks (labelled by their last day, Sunday),
        ``"QS"`` quarters ...
    by_type : bool
        Add one column per ``event_type`` with the number of events of that
        type in the period (columns named by the types, sorted).

    Returns
    -------
    pandas.DataFrame
        Indexed by period (``period``, every period from the first event's
        to the last one's, empty ones with 0): ``count``, ``fatalities``
        (sum of known figures, Int64), then the types when asked. ``count``
        sums to the number of dated events.

    Warns
    -----
    UnassignedEventsWarning
        If some events have no date (they are counted in
        ``attrs["unassigned"]``).
    """
    ev = _check_events(events, ["date", "fatalities", *(["event_type"] if by_type else [])], geo=False)
    try:
        grouper = pd.Grouper(key="date", freq=freq)
        undated = ev["date"].isna().to_numpy()
        dated = ev.loc[~undated]
        grouped = pd.DataFrame(dated[["date", "fatalities"]]).groupby(grouper)
        out = pd.DataFrame({"count": grouped.size(), "fatalities": grouped["fatalities"].sum(min_count=0)})
    except ValueError as exc:
        msg = f"freq={freq!r} is not a pandas frequency ({exc}); use e.g. 'MS' (months), 'YS' or 'W'"
        raise ValueError(msg) from exc
    out["count"] = out["count"].astype("int64")
    out["fatalities"] = out["fatalities"].astype("Int64")
    if by_type:
        types = _text(dated["event_type"])
        table = (
            pd.DataFrame({"date": dated["date"], "type": types})
            .groupby([grouper, "type"])
            .size()
            .unstack(fill_value=0)
        )
        table = table.reindex(index=out.index, columns=sorted(table.columns), fill_value=0).astype("int64")
        clash = [t for t in table.columns if t in out.columns]
        table = table.rename(columns={t: f"type: {t}" for t in clash})
        out = out.join(table)
    out.index.name = "period"
    out.attrs = {"freq": freq, "total": len(ev), "unassigned": int(undated.sum())}
    if undated.any():
        _warn_unassigned(int(undated.sum()), len(ev), "have no date")
    return out
