"""One reader of point tables: CSV, GeoJSON, GeoPackage or Shapefile to lon/lat plus attributes.

The loaders of crossings and settlements (and, as they move over, events and
flows) read their local files here. The API, for loaders inside
:mod:`borderkit.geo`:

- :class:`Table`: what every reader returns, the attribute columns plus one
  ``(lon, lat)`` per row, the row labels used in messages and the mapping of
  the schema's fields to the file's columns.
- :class:`Fields`: the fields of a schema, the column names tried for each
  and which are required.
- :func:`read_points`: read a path (dispatching on its suffix to
  :func:`read_csv_points` or :func:`read_vector_points`).
- :func:`resolve_columns`: check a ``columns=`` mapping and find the columns.
- :func:`parse_numbers`, :func:`check_ranges`, :func:`points_of`: the checks
  (coordinates parse, are finite and in range; geometries give one point).
- :func:`text`, :func:`shown`, :func:`suffixes`: small helpers for messages.

Every check raises a :class:`~borderkit.errors.SchemaError` that names the
file, the rows (``row 3``, counted from 1 after the header, or ``feature 2``,
counted from 0) and the column, and says what to do.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError as PyprojCRSError

from ..errors import CRSError, DataReadError, EmptyDataError, SchemaError
from ._validate import check_crs, read_csv_table, read_vector

#: Column names tried, case-insensitively, for the latitude and longitude of a CSV.
LAT_CANDIDATES = ("lat", "latitude", "y")
LON_CANDIDATES = ("lon", "lng", "long", "longitude", "x")

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})


@dataclass(frozen=True)
class Fields:
    """The fields of a point schema and how to find them in a file.

    Parameters
    ----------
    names : tuple of str
        The schema's fields, in order (without ``lat``/``lon``).
    candidates : mapping
        For each field (and ``"lat"``, ``"lon"``), the column names tried,
        case-insensitively, in order.
    required : tuple of str
        Fields a file must have (``lat``/``lon`` are required of a CSV).
    """

    names: tuple[str, ...]
    candidates: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...] = ("name",)


@dataclass
class Table:
    """A source read into attribute columns plus one lon/lat point per row.

    ``lon``/``lat`` are NaN for the rows of ``unlocated`` (only when the
    reader was asked to allow rows without coordinates).
    """

    frame: pd.DataFrame  # attribute columns, RangeIndex
    lon: np.ndarray
    lat: np.ndarray
    labels: list[str]  # how each row is named in messages, e.g. "row 3"
    where: str  # the file or source, for messages
    source: str  # default of the source column
    mapping: dict[str, str | None]  # schema field -> column of ``frame``
    swap_hint: str | None  # how to fix swapped coordinates; None: no swap check
    unlocated: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def __post_init__(self) -> None:
        if len(self.unlocated) != len(self.frame):
            self.unlocated = np.zeros(len(self.frame), dtype=bool)

    def take(self, keep: np.ndarray) -> Table:
        """Return the rows where ``keep`` is true (labels kept, so messages still name file rows)."""
        idx = np.flatnonzero(keep)
        return Table(
            self.frame.iloc[idx].reset_index(drop=True),
            self.lon[idx],
            self.lat[idx],
            [self.labels[i] for i in idx],
            self.where,
            self.source,
            self.mapping,
            self.swap_hint,
            self.unlocated[idx],
        )


# --------------------------------------------------------------------------- helpers


def text(values: pd.Series) -> pd.Series:
    """Return ``values`` as stripped strings, with "" for missing values (whole floats without ``.0``)."""

    def one(v: Any) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    return pd.Series([one(v) for v in values], index=values.index, dtype="str")


def shown(items: Sequence[str], limit: int = 10) -> str:
    """Join the first ``limit`` items for a message, saying how many there are in all."""
    return ", ".join(items[:limit]) + (f" ... ({len(items)} in all)" if len(items) > limit else "")


def suffixes(path: Path) -> tuple[str, str]:
    """Return the last suffix of ``path`` and the one before it, lower case (``""`` if none)."""
    parts = [s.lower() for s in path.suffixes]
    last = parts[-1] if parts else ""
    before = parts[-2] if len(parts) > 1 else ""
    return last, before


def _pick(columns: Sequence[str], candidates: Sequence[str]) -> str | None:
    lookup = {str(c).lower(): c for c in columns}
    for cand in candidates:
        if cand in lookup:
            return lookup[cand]
    return None


def resolve_columns(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None,
    fields: Fields,
    *,
    where: str,
    coords: bool,
    preset: Mapping[str, str | None] | None = None,
) -> dict[str, str | None]:
    """Map each schema field (and ``lat``/``lon`` when ``coords``) to a column of ``frame``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The attribute columns read.
    columns : mapping or None
        The user's ``columns=``: field -> column name; checked here.
    fields : Fields
        The schema.
    where : str
        The file, for messages.
    coords : bool
        Whether ``lat``/``lon`` are columns (a CSV) rather than the geometry.
    preset : mapping, optional
        Columns known in advance (e.g. of an OSM extract), used before guessing.

    Raises
    ------
    SchemaError
        If ``columns=`` names an unknown field or a column the file does not
        have, or a required field is not found.
    """
    columns = dict(columns or {})
    all_fields = [*fields.names, "lat", "lon"]
    unknown = set(columns) - set(all_fields)
    if unknown:
        msg = f"columns= maps unknown fields {sorted(unknown)}; use some of {all_fields}"
        raise SchemaError(msg)
    if not coords and set(columns) & {"lat", "lon"}:
        msg = (
            f"columns= maps {sorted(set(columns) & {'lat', 'lon'})}, but {where} holds its points as "
            "geometries; lat/lon name the columns of a CSV. Leave them out"
        )
        raise SchemaError(msg)
    found = [str(c) for c in frame.columns]
    for key, col in columns.items():
        if col not in frame.columns:
            msg = f"columns= maps {key!r} to {col!r}, which {where} does not have; its columns are {found}"
            raise SchemaError(msg)
    mapping: dict[str, str | None] = {}
    for name in all_fields if coords else list(fields.names):
        if name in columns:
            mapping[name] = columns[name]
        elif preset is not None and name in preset:
            mapping[name] = preset[name]
        else:
            mapping[name] = _pick(found, fields.candidates.get(name, (name,)))
    required = [*fields.required, "lat", "lon"] if coords else list(fields.required)
    missing = [f for f in required if mapping.get(f) is None]
    if missing:
        looked = "; ".join(f"{f}: {', '.join(fields.candidates.get(f, (f,)))}" for f in missing)
        example = ", ".join(f"{f!r}: '<your {f} column>'" for f in missing)
        msg = (
            f"{where} lacks the column(s) {missing} (looked for {looked}, in any case); its columns "
            f"are {found}. Pass columns={{{example}}} to name the columns that hold them"
        )
        raise SchemaError(msg)
    return mapping


def parse_numbers(
    values: pd.Series, *, column: str, labels: list[str], where: str, allow: np.ndarray | None = None
) -> np.ndarray:
    """Parse a coordinate column into finite floats, or fail naming every bad row.

    ``allow`` marks rows that may be empty (unlocated); they give NaN.
    """
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    bad = (numbers.isna() | ~np.isfinite(numbers)).to_numpy()
    if allow is not None:
        bad = bad & ~allow
    if bad.any():
        items = [
            f"{labels[i]} ({'empty' if pd.isna(values.iloc[i]) else repr(str(values.iloc[i]))})"
            for i in np.flatnonzero(bad)
        ]
        msg = (
            f"{where}: column {column!r} holds missing or unparseable coordinates at {shown(items)} "
            "(rows counted from 1 after the header). Write decimal degrees such as 34.11472, or pass "
            "columns= if another column holds the coordinates"
        )
        raise SchemaError(msg)
    return numbers.to_numpy()


def check_ranges(
    lat: np.ndarray, lon: np.ndarray, *, lat_col: str, lon_col: str, labels: list[str], where: str
) -> None:
    """Fail if a latitude is outside [-90, 90] or a longitude outside [-180, 180] (NaN is ignored)."""
    with np.errstate(invalid="ignore"):
        bad_lat = np.flatnonzero(np.abs(lat) > 90)
        bad_lon = np.flatnonzero(np.abs(lon) > 180)
    if len(bad_lat) == 0 and len(bad_lon) == 0:
        return
    parts = []
    if len(bad_lat):
        items = shown([f"{labels[i]} ({lat[i]:g})" for i in bad_lat])
        parts.append(f"latitude outside [-90, 90] in {lat_col!r} at {items}")
    if len(bad_lon):
        items = shown([f"{labels[i]} ({lon[i]:g})" for i in bad_lon])
        parts.append(f"longitude outside [-180, 180] in {lon_col!r} at {items}")
    msg = f"{where}: {'; '.join(parts)}. Fix these values"
    if len(bad_lat) and np.all(np.abs(lon[np.isfinite(lon)]) <= 90):
        msg += f", or, if the columns are swapped, pass columns={{'lat': {lon_col!r}, 'lon': {lat_col!r}}}"
    raise SchemaError(msg)


def points_of(
    geoms: gpd.GeoSeries, *, labels: list[str], where: str, what: str = "row", allow_missing: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Return lon, lat of each geometry; lines and polygons give their representative point.

    With ``allow_missing``, features without a geometry give NaN (unlocated)
    instead of an error.

    Raises
    ------
    SchemaError
        Naming the features without a geometry, or with NaN or infinite coordinates.
    """
    absent = (geoms.isna() | geoms.is_empty).to_numpy()
    if allow_missing and absent.any():
        lon = np.full(len(geoms), np.nan)
        lat = np.full(len(geoms), np.nan)
        present = np.flatnonzero(~absent)
        if len(present):
            lon[present], lat[present] = points_of(
                geoms.iloc[present], labels=[labels[i] for i in present], where=where, what=what
            )
        return lon, lat
    missing = np.flatnonzero(absent)
    if len(missing):
        msg = (
            f"{where}: {shown([labels[i] for i in missing])} ha{'s' if len(missing) == 1 else 've'} no "
            f"geometry (no coordinates); give every {what} a point"
        )
        raise SchemaError(msg)
    arr = geoms.to_numpy()
    coords_ok = np.array([np.isfinite(shapely.get_coordinates(g)).all() for g in arr], dtype=bool)
    bad = np.flatnonzero(~coords_ok)
    if len(bad):
        msg = (
            f"{where}: {shown([labels[i] for i in bad])} ha{'s' if len(bad) == 1 else 've'} NaN or "
            f"infinite coordinates; give every {what} a point with finite coordinates"
        )
        raise SchemaError(msg)
    is_point = (geoms.geom_type == "Point").to_numpy()
    points = np.where(is_point, arr, shapely.point_on_surface(arr))
    return shapely.get_x(points).astype(float), shapely.get_y(points).astype(float)


def _transform(crs: Any, lon: np.ndarray, lat: np.ndarray, *, where: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        x, y = Transformer.from_crs(crs, 4326, always_xy=True).transform(lon, lat)
    except PyprojCRSError as exc:
        msg = f"{where}: crs={crs!r} is not a CRS pyproj knows ({exc}); pass e.g. 'EPSG:32642'"
        raise CRSError(msg) from None
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def _is_geographic(crs: Any, *, where: str) -> bool:
    if crs is None:
        return True
    try:
        return bool(CRS.from_user_input(crs).equals(CRS.from_epsg(4326)))
    except PyprojCRSError as exc:
        msg = f"{where}: crs={crs!r} is not a CRS pyproj knows ({exc}); pass e.g. 'EPSG:32642'"
        raise CRSError(msg) from None


# --------------------------------------------------------------------------- readers


def read_csv_points(
    path: Path,
    fields: Fields,
    *,
    where: str,
    what: str,
    one_row_per: str,
    columns: Mapping[str, str] | None = None,
    crs: Any = None,
    source: str | None = None,
    allow_unlocated: bool = False,
    projected_hint: bool = False,
) -> Table:
    """Read a CSV of points with lat/lon columns (degrees, or in ``crs``) into a :class:`Table`.

    Parameters
    ----------
    path : pathlib.Path
        The CSV (``.tsv``: tab-separated).
    fields : Fields
        The schema.
    where, what, one_row_per : str
        The file, what it holds and what one row stands for, for messages.
    columns : mapping, optional
        The user's ``columns=``.
    crs : optional
        CRS of the coordinate columns when they are not lon/lat degrees.
    source : str, optional
        Default of the source column; the file name when not given.
    allow_unlocated : bool
        Rows whose lat AND lon are both empty are kept with NaN coordinates
        and marked in ``Table.unlocated`` instead of failing.
    projected_hint : bool
        Add to range errors that projected coordinates need ``crs=``.
    """
    frame = read_csv_table(path, what=what, one_row_per=one_row_per)
    mapping = resolve_columns(frame, columns, fields, where=where, coords=True)
    if len(frame) == 0:
        msg = f"{where} holds no rows (only a header); pass a file with one row per {one_row_per}"
        raise EmptyDataError(msg)
    frame = frame.reset_index(drop=True)
    labels = [f"row {i + 1}" for i in range(len(frame))]
    lat_col, lon_col = mapping["lat"], mapping["lon"]
    assert lat_col is not None  # checked by resolve_columns
    assert lon_col is not None
    unlocated = np.zeros(len(frame), dtype=bool)
    if allow_unlocated:
        unlocated = (text(frame[lat_col]) == "").to_numpy() & (text(frame[lon_col]) == "").to_numpy()
    lat = parse_numbers(frame[lat_col], column=lat_col, labels=labels, where=where, allow=unlocated)
    lon = parse_numbers(frame[lon_col], column=lon_col, labels=labels, where=where, allow=unlocated)
    geographic = _is_geographic(crs, where=where)
    if geographic:
        try:
            check_ranges(lat, lon, lat_col=lat_col, lon_col=lon_col, labels=labels, where=where)
        except SchemaError as exc:
            if not projected_hint:
                raise
            msg = f"{exc}. If the columns hold projected coordinates (metres), pass crs= with their CRS"
            raise SchemaError(msg) from None
        frame[lat_col], frame[lon_col] = lat, lon  # the checked numbers replace the text read
    else:
        lon, lat = _transform(crs, lon, lat, where=where)
        bad = np.flatnonzero(~(np.isfinite(lon) & np.isfinite(lat)) & ~unlocated)
        if len(bad):
            msg = (
                f"{where}: {shown([labels[i] for i in bad])} cannot be transformed from {crs} to "
                "longitude/latitude (outside the CRS's area); check the coordinates or crs="
            )
            raise SchemaError(msg)
        check_ranges(lat, lon, lat_col=lat_col, lon_col=lon_col, labels=labels, where=where)
    hint = (
        f"pass columns={{'lat': {lon_col!r}, 'lon': {lat_col!r}}} to read them the other way round, "
        "or fix the header"
        if geographic
        else None
    )
    return Table(frame, lon, lat, labels, where, source or path.name, mapping, hint, unlocated)


def read_vector_points(
    path: Path,
    fields: Fields,
    *,
    where: str,
    what: str,
    one_row_per: str,
    columns: Mapping[str, str] | None = None,
    crs: Any = None,
    layer: str | int | None = None,
    source: str | None = None,
    allow_unlocated: bool = False,
) -> Table:
    """Read a GeoJSON, GeoPackage or Shapefile of points (or areas, giving their representative point).

    Parameters are those of :func:`read_csv_points`; ``crs`` is the CRS of a
    file that has none, ``layer`` the layer of a multi-layer file. With
    ``allow_unlocated``, features without a geometry are kept with NaN
    coordinates and marked in ``Table.unlocated``.
    """
    gdf = read_vector(path, layer=layer, what=what)
    try:
        gdf = check_crs(gdf, where=where, crs=crs).reset_index(drop=True)
    except PyprojCRSError as exc:
        msg = f"{where}: cannot bring the coordinates to EPSG:4326 ({exc}); check the file's CRS or crs="
        raise CRSError(msg) from None
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    mapping = resolve_columns(frame, columns, fields, where=where, coords=False)
    labels = [f"feature {i}" for i in range(len(gdf))]
    lon, lat = points_of(
        gdf.geometry, labels=labels, where=where, what=one_row_per, allow_missing=allow_unlocated
    )
    check_ranges(lat, lon, lat_col="geometry y", lon_col="geometry x", labels=labels, where=where)
    hint = (
        "the file's x/y look exchanged (written as lat, lon); re-export it with x = longitude and "
        "y = latitude, or pass a CSV with lat/lon columns"
    )
    unlocated = ~np.isfinite(lon)
    return Table(frame, lon, lat, labels, where, source or path.name, mapping, hint, unlocated)


def read_points(
    path: Path,
    fields: Fields,
    *,
    what: str,
    one_row_per: str,
    columns: Mapping[str, str] | None = None,
    crs: Any = None,
    layer: str | int | None = None,
    source: str | None = None,
    allow_unlocated: bool = False,
    projected_hint: bool = False,
) -> Table:
    """Read a local point file, a CSV (by suffix: .csv, .tsv, .txt) or a vector file (anything else).

    OSM XML is read by :mod:`borderkit.geo._osm`, which knows the tags.
    """
    where = str(path)
    last, _ = suffixes(path)
    if last in CSV_SUFFIXES:
        return read_csv_points(
            path,
            fields,
            where=where,
            what=what,
            one_row_per=one_row_per,
            columns=columns,
            crs=crs,
            source=source,
            allow_unlocated=allow_unlocated,
            projected_hint=projected_hint,
        )
    return read_vector_points(
        path,
        fields,
        where=where,
        what=what,
        one_row_per=one_row_per,
        columns=columns,
        crs=crs,
        layer=layer,
        source=source,
        allow_unlocated=allow_unlocated,
    )


def decode_text(data: bytes, *, path: Path, encoding: str | None) -> tuple[str, str]:
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
