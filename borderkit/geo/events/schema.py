"""The events schema: its columns and dtypes, the sources' column names, and the one core.

:func:`_assemble` is the one core every source funnels into: it puts the
fields a source normaliser mapped into the events schema, keeps the original
columns in ``extra`` (one Arrow struct column, see :func:`original_columns`),
reports repeated event ids and builds the points (EPSG:4326). The value
checks it relies on live in :mod:`borderkit.geo.events.checks`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from ...errors import DuplicateEventsWarning, SchemaError, SuspectCoordinatesWarning
from .._validate import drop_rows
from . import checks
from .checks import RowLabels
from .checks import rows_text as _rows_text

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
    "lat": ("lat", "latitude", "y"),  # as the crossings loader looks them up
    "lon": ("lon", "lng", "long", "longitude", "x"),
}
_CSV_REQUIRED = ("date", "lat", "lon")

_FORMATS = ("auto", "acled", "ucdp", "csv")
_DATE_DTYPE = "datetime64[ns]"

#: The dtype of each column of the events schema (``extra`` is an Arrow struct, ``geometry`` points).
EVENT_DTYPES: dict[str, Any] = {
    "event_id": "str",
    "date": _DATE_DTYPE,
    "event_type": "str",
    "sub_type": "str",
    "actors": "str",
    "fatalities": "Int64",
    "location": "str",
    "precision": "Int64",
    "notes": "str",
    "source_dataset": "str",
    "source_url": "str",
    "date_end": _DATE_DTYPE,
}
_SHOWN_DUPLICATES = 5


def _labels(n: int) -> RowLabels:
    return RowLabels(n)


def _coordinates(
    frame: pd.DataFrame,
    lat_col: str,
    lon_col: str,
    *,
    labels: Sequence[str],
    where: str,
    country: pd.Series | None = None,
    check_axes: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse and check a table's coordinates; return lon, lat and the rows that only look swapped."""
    lat = checks.coordinates(frame[lat_col], column=lat_col, labels=labels, where=where)
    lon = checks.coordinates(frame[lon_col], column=lon_col, labels=labels, where=where)
    checks.check_ranges(lat, lon, lat_col=lat_col, lon_col=lon_col, labels=labels, where=where)
    if not check_axes:
        return lon, lat, np.array([], dtype=np.int64)
    odd = checks.check_swapped(
        lon, lat, country=country, labels=labels, where=where, lat_col=lat_col, lon_col=lon_col
    )
    return lon, lat, odd


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


def _extra(frame: pd.DataFrame) -> pd.Series:
    """Return ``frame``'s columns as one Arrow struct column (no copy when they are Arrow already)."""
    names = [str(c) for c in frame.columns]
    arrays = [checks.arrow(frame.iloc[:, i]) for i in range(frame.shape[1])]
    if not arrays:
        struct = pa.chunked_array([pa.array([{}] * len(frame), pa.struct([]))])
    else:
        try:
            struct = pa.Table.from_arrays(arrays, names=names).to_struct_array()
        except pa.ArrowInvalid:  # columns chunked differently: line their chunks up
            struct = pa.Table.from_arrays([a.combine_chunks() for a in arrays], names=names).to_struct_array()
    return pd.Series(pd.arrays.ArrowExtensionArray(struct), index=frame.index, name="extra")


def original_columns(events: pd.DataFrame) -> pd.DataFrame:
    """Return the original columns kept in ``events["extra"]`` as a frame on ``events``' index.

    ``extra`` is one Arrow struct column (a dict per row when read one row
    at a time: ``events.extra.iloc[0]["notes"]``); this unpacks it into one
    column per field of the source, with the source's names and types.

    Parameters
    ----------
    events : pandas.DataFrame
        Events with an ``extra`` column, e.g. from :func:`borderkit.load_events`.

    Returns
    -------
    pandas.DataFrame
        One column per original column, Arrow-backed.

    Raises
    ------
    SchemaError
        If ``events`` has no ``extra`` column (loaded with ``keep_extra=False``).
    """
    if "extra" not in events.columns:
        msg = "events have no 'extra' column; load them with keep_extra=True (the default)"
        raise SchemaError(msg)
    extra = events["extra"]
    if isinstance(extra.dtype, pd.ArrowDtype) and pa.types.is_struct(extra.dtype.pyarrow_dtype):
        return extra.struct.explode().set_axis(events.index)
    return pd.DataFrame.from_records(list(extra), index=events.index)


def _report_duplicates(out: pd.DataFrame, *, labels: Sequence[str], where: str, drop: bool) -> pd.DataFrame:
    """Warn about repeated event ids (kept, and listed in attrs) or drop them with ``drop_rows``."""
    ids = out["event_id"]
    repeated = ids.duplicated(keep="first").to_numpy()
    if not repeated.any():
        out.attrs["duplicates"] = []
        return out
    values = list(dict.fromkeys(ids[repeated]))
    positions = {
        v: [labels[int(i)] for i in np.flatnonzero((ids == v).to_numpy())] for v in values[:_SHOWN_DUPLICATES]
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


def _report_suspects(events: pd.DataFrame, odd: np.ndarray, *, labels: Sequence[str], where: str) -> None:
    """Warn about (and record in ``attrs["suspect_coordinates"]``) rows whose lat/lon look exchanged."""
    events.attrs["suspect_coordinates"] = [labels[i] for i in odd]
    if len(odd) == 0:
        return
    xy = shapely.get_coordinates(events.geometry.values[odd])
    items = [f"{labels[i]} (lat {y:g}, lon {x:g})" for i, (x, y) in zip(odd, xy, strict=True)]
    warnings.warn(
        f"{where}: {len(odd)} event(s) lie far from all the others but among them with latitude and "
        f"longitude exchanged: {checks.shown(items)}. They are kept (attrs['suspect_coordinates'] lists "
        "them); check their coordinates",
        SuspectCoordinatesWarning,
        stacklevel=4,
    )


def _assemble(
    raw: pd.DataFrame,
    fields: dict[str, Any],
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    labels: Sequence[str],
    where: str,
    keep_extra: bool,
    drop_duplicates: bool,
    odd: np.ndarray | None = None,
) -> gpd.GeoDataFrame:
    """Build the events frame from a source's mapped ``fields`` (the one core).

    ``fields`` holds every schema column plus ``date_end`` (Series on
    ``raw``'s index, or a scalar for a constant); ``odd`` the rows whose
    coordinates only look swapped (warned about, kept).
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
        if not isinstance(value, pd.Series):
            value = pd.Series(value, index=raw.index, dtype=EVENT_DTYPES[column])
        out[column] = value.astype(EVENT_DTYPES[column])
    if keep_extra:
        out["extra"] = _extra(raw)
    result = gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    _report_suspects(result, np.array([], np.int64) if odd is None else odd, labels=labels, where=where)
    return _report_duplicates(result, labels=labels, where=where, drop=drop_duplicates)


def empty_events(*, keep_extra: bool = True) -> gpd.GeoDataFrame:
    """Return an events frame with no rows: the schema's columns and dtypes, EPSG:4326 points.

    ``extra`` (when kept) is an empty struct column. Useful as the ``meta``
    of a dask frame of events.
    """
    out = pd.DataFrame({c: pd.Series([], dtype=EVENT_DTYPES[c]) for c in [*EVENT_COLUMNS, "date_end"]})
    if keep_extra:
        out["extra"] = _extra(pd.DataFrame())
    result = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")
    result.attrs.update({"duplicates": [], "suspect_coordinates": []})
    return result


def _check_raw(df: pd.DataFrame, *, where: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        msg = f"{where}: expected a pandas DataFrame of raw records, not {type(df).__name__}"
        raise SchemaError(msg)
    if df.columns.duplicated().any():
        doubles = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
        msg = f"{where}: the column name(s) {doubles} appear more than once; give each column its own name"
        raise SchemaError(msg)
    return df
