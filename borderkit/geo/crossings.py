"""Crossing points of a border: the bundled curated list, OpenStreetMap, or a local file.

Every source funnels into one normaliser, :func:`_normalise`, which maps the
source's columns onto the crossings schema, checks the coordinates (parseable,
in range, not swapped, near the border line) and measures each point's
geodesic distance to the line. Bad rows are never dropped: the call fails
with a :class:`~borderkit.errors.SchemaError` naming them, or, for points
merely far from the line, warns with a
:class:`~borderkit.errors.FarFromBorderWarning` and keeps them.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import LineString, MultiLineString, Polygon

from .. import settings
from ..errors import (
    CRSError,
    DataReadError,
    EmptyDataError,
    FarFromBorderWarning,
    OfflineError,
    ResponseError,
    SchemaError,
    SourceUnavailableError,
)
from . import _data
from ._validate import check_crs, read_csv_table, read_vector
from .geodesy import aeqd, nearest_point_on_line, transform

CROSSING_COLUMNS = [
    "crossing_id",
    "name",
    "alt_names",
    "status",
    "kind",
    "pk_side",
    "af_side",
    "source",
    "as_of",
]

#: Value of a schema field a source does not give.
_DEFAULTS = {
    "alt_names": "",
    "status": "unknown",
    "kind": "unknown",
    "pk_side": "",
    "af_side": "",
    "source": "",
    "as_of": "",
}

# Column names tried, case-insensitively, for each field of a local file.
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "crossing_id": ("crossing_id", "id"),
    "name": ("name", "crossing", "crossing_name", "name_en", "name:en"),
    "alt_names": ("alt_names", "alt_name"),
    "status": ("status",),
    "kind": ("kind",),
    "pk_side": ("pk_side",),
    "af_side": ("af_side",),
    "source": ("source",),
    "as_of": ("as_of",),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
}

BUNDLED_FILE = "crossings.csv"
BUNDLED_SOURCE = "borderkit-crossings"

#: The OpenStreetMap tags queried for ``source="osm"`` and kept from OSM XML files.
OSM_TAGS: dict[str, bool | str | list[str]] = {"barrier": "border_control"}
OSM_SOURCE = "osm"
_OSM_NAME = "OpenStreetMap Overpass API (osmnx)"
_OSM_ALT_NAME_KEYS = ("name:en", "name:ps", "name:ur", "name:fa", "alt_name")
_OSM_KIND = "border control (OSM)"

_CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
_OSM_SUFFIXES = {".osm", ".xml"}

# The OSM query area (see osm_query_polygon).
_QUERY_QUAD_SEGS = 8
_QUERY_SEGMENT_M = 5_000.0
_EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG), for the projection's scale error

_OFFLINE_HINT = (
    "Pass a local file instead: an OpenStreetMap XML export of the border area (.osm, e.g. from "
    "https://overpass-turbo.eu with the query barrier=border_control, or from JOSM), or a CSV/GeoJSON "
    "of crossings with name and lat/lon columns: load_crossings('path/to/crossings.osm')"
)


@dataclass
class _Table:
    """A source read into attribute columns plus one lon/lat point per row."""

    frame: pd.DataFrame  # attribute columns, RangeIndex
    lon: np.ndarray
    lat: np.ndarray
    labels: list[str]  # how each row is named in messages, e.g. "row 3"
    where: str  # the file or source, for messages
    source: str  # default of the source column
    mapping: dict[str, str | None]  # schema field -> column of ``frame``
    swap_hint: str | None  # how to fix swapped coordinates; None: no swap check


# --------------------------------------------------------------------------- helpers


def _text(values: pd.Series) -> pd.Series:
    """Return ``values`` as stripped strings, with "" for missing values."""

    def one(v: Any) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    return pd.Series([one(v) for v in values], index=values.index, dtype="str")


def _shown(items: Sequence[str], limit: int = 10) -> str:
    return ", ".join(items[:limit]) + (f" ... ({len(items)} in all)" if len(items) > limit else "")


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _pick(columns: Sequence[str], field: str) -> str | None:
    lookup = {str(c).lower(): c for c in columns}
    for cand in _CANDIDATES[field]:
        if cand in lookup:
            return lookup[cand]
    return None


def _resolve(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None,
    *,
    where: str,
    coords: bool,
    preset: Mapping[str, str | None] | None = None,
) -> dict[str, str | None]:
    """Map each schema field (and lat/lon when ``coords``) to a column of ``frame``."""
    columns = dict(columns or {})
    fields = [*CROSSING_COLUMNS, "lat", "lon"]
    unknown = set(columns) - set(fields)
    if unknown:
        msg = f"columns= maps unknown fields {sorted(unknown)}; use some of {fields}"
        raise SchemaError(msg)
    found = [str(c) for c in frame.columns]
    for key, col in columns.items():
        if col not in frame.columns:
            msg = f"columns= maps {key!r} to {col!r}, which {where} does not have; its columns are {found}"
            raise SchemaError(msg)
    mapping: dict[str, str | None] = {}
    for field in fields if coords else CROSSING_COLUMNS:
        if field in columns:
            mapping[field] = columns[field]
        elif preset is not None and field in preset:
            mapping[field] = preset[field]
        else:
            mapping[field] = _pick(found, field)
    required = ["name", "lat", "lon"] if coords else ["name"]
    missing = [f for f in required if mapping.get(f) is None]
    if missing:
        looked = "; ".join(f"{f}: {', '.join(_CANDIDATES[f])}" for f in missing)
        example = ", ".join(f"{f!r}: '<your {f} column>'" for f in missing)
        msg = (
            f"{where} lacks the column(s) {missing} (looked for {looked}, in any case); its columns "
            f"are {found}. Pass columns={{{example}}} to name the columns that hold them"
        )
        raise SchemaError(msg)
    return mapping


def _border_line(border: gpd.GeoDataFrame | gpd.GeoSeries | shapely.Geometry | None) -> shapely.Geometry:
    """Return the border as one (multi)line in EPSG:4326."""
    if border is None:
        from .border import load_border

        border = load_border()
    if isinstance(border, gpd.GeoDataFrame | gpd.GeoSeries):
        if border.crs is None:
            msg = (
                "the border frame has no CRS; pass bk.load_border(), or set_crs('EPSG:4326') if its "
                "coordinates are lon/lat"
            )
            raise CRSError(msg)
        line = border.to_crs(4326).geometry.union_all()
    else:
        line = border
    if not isinstance(line, LineString | MultiLineString) or line.is_empty:
        kind = "an empty geometry" if getattr(line, "is_empty", False) else type(line).__name__
        msg = f"border= must be a line (as from bk.load_border()), not {kind}"
        raise SchemaError(msg)
    return line


def border_distances_m(line: shapely.Geometry, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Return the geodesic distance in metres from each ``(lon, lat)`` point to ``line``.

    Parameters
    ----------
    line : shapely.LineString or shapely.MultiLineString
        The border line, EPSG:4326.
    lon, lat : numpy.ndarray
        Point coordinates, degrees.

    Returns
    -------
    numpy.ndarray
        Distances in metres (see :func:`borderkit.geo.geodesy.nearest_point_on_line`).
    """
    return np.array(
        [nearest_point_on_line(line, float(x), float(y))[2] for x, y in zip(lon, lat, strict=True)]
    )


# --------------------------------------------------------------------------- readers


def _read_csv(path: Path, *, where: str, columns: Mapping[str, str] | None, crs: Any, source: str) -> _Table:
    frame = read_csv_table(path, what="crossings file", one_row_per="crossing")
    mapping = _resolve(frame, columns, where=where, coords=True)
    if len(frame) == 0:
        msg = f"{where} holds no rows (only a header); pass a file with one row per crossing"
        raise EmptyDataError(msg)
    frame = frame.reset_index(drop=True)
    labels = [f"row {i + 1}" for i in range(len(frame))]
    lat_col, lon_col = mapping["lat"], mapping["lon"]
    assert lat_col is not None  # checked by _resolve
    assert lon_col is not None
    lat = _parse_numbers(frame[lat_col], column=lat_col, labels=labels, where=where)
    lon = _parse_numbers(frame[lon_col], column=lon_col, labels=labels, where=where)
    geographic = crs is None or CRS.from_user_input(crs).equals(CRS.from_epsg(4326))
    if geographic:
        _check_ranges(lat, lon, lat_col=lat_col, lon_col=lon_col, labels=labels, where=where)
    else:
        lon, lat = Transformer.from_crs(crs, 4326, always_xy=True).transform(lon, lat)
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    # The checked numbers replace the text read (so " 34.1" becomes 34.1).
    if geographic:
        frame[lat_col], frame[lon_col] = lat, lon
    hint = (
        f"pass columns={{'lat': {lon_col!r}, 'lon': {lat_col!r}}} to read them the other way round, "
        "or fix the header"
        if geographic
        else None
    )
    return _Table(frame, lon, lat, labels, where, source, mapping, hint)


def _parse_numbers(values: pd.Series, *, column: str, labels: list[str], where: str) -> np.ndarray:
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    bad = numbers.isna() | ~np.isfinite(numbers)
    if bad.any():
        shown = [
            f"{labels[i]} ({'empty' if pd.isna(values.iloc[i]) else repr(str(values.iloc[i]))})"
            for i in np.flatnonzero(bad.to_numpy())
        ]
        msg = (
            f"{where}: column {column!r} holds missing or unparseable coordinates at {_shown(shown)} "
            "(rows counted from 1 after the header). Write decimal degrees such as 34.11472, or pass "
            "columns= if another column holds the coordinates"
        )
        raise SchemaError(msg)
    return numbers.to_numpy()


def _check_ranges(
    lat: np.ndarray, lon: np.ndarray, *, lat_col: str, lon_col: str, labels: list[str], where: str
) -> None:
    bad_lat = np.flatnonzero(np.abs(lat) > 90)
    bad_lon = np.flatnonzero(np.abs(lon) > 180)
    if len(bad_lat) == 0 and len(bad_lon) == 0:
        return
    parts = []
    if len(bad_lat):
        shown = _shown([f"{labels[i]} ({lat[i]:g})" for i in bad_lat])
        parts.append(f"latitude outside [-90, 90] in {lat_col!r} at {shown}")
    if len(bad_lon):
        shown = _shown([f"{labels[i]} ({lon[i]:g})" for i in bad_lon])
        parts.append(f"longitude outside [-180, 180] in {lon_col!r} at {shown}")
    msg = f"{where}: {'; '.join(parts)}. Fix these values"
    if len(bad_lat) and np.all(np.abs(lon) <= 90):
        msg += f", or, if the columns are swapped, pass columns={{'lat': {lon_col!r}, 'lon': {lat_col!r}}}"
    raise SchemaError(msg)


def _read_vector_file(
    path: Path, *, where: str, columns: Mapping[str, str] | None, crs: Any, layer: Any, source: str
) -> _Table:
    gdf = read_vector(path, layer=layer, what="crossings file")
    gdf = check_crs(gdf, where=where, crs=crs).reset_index(drop=True)
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    mapping = _resolve(frame, columns, where=where, coords=False)
    labels = [f"feature {i}" for i in range(len(gdf))]
    lon, lat = _points_of(gdf.geometry, labels=labels, where=where)
    _check_ranges(lat, lon, lat_col="geometry y", lon_col="geometry x", labels=labels, where=where)
    hint = (
        "the file's x/y look exchanged (written as lat, lon); re-export it with x = longitude and "
        "y = latitude, or pass a CSV with lat/lon columns"
    )
    return _Table(frame, lon, lat, labels, where, source, mapping, hint)


def _points_of(geoms: gpd.GeoSeries, *, labels: list[str], where: str) -> tuple[np.ndarray, np.ndarray]:
    """Return lon, lat of each geometry; lines and polygons give their representative point."""
    missing = np.flatnonzero((geoms.isna() | geoms.is_empty).to_numpy())
    if len(missing):
        msg = (
            f"{where}: {_shown([labels[i] for i in missing])} ha{'s' if len(missing) == 1 else 've'} no "
            "geometry (no coordinates); give every crossing a point"
        )
        raise SchemaError(msg)
    is_point = (geoms.geom_type == "Point").to_numpy()
    points = np.where(is_point, geoms.to_numpy(), shapely.point_on_surface(geoms.to_numpy()))
    return shapely.get_x(points).astype(float), shapely.get_y(points).astype(float)


def _read_osm_xml(path: Path, *, where: str, columns: Mapping[str, str] | None) -> _Table:
    import osmnx as ox
    from osmnx._errors import InsufficientResponseError

    if not path.exists():
        msg = f"OSM XML file {path} does not exist; check the path (the working folder is {Path.cwd()})"
        raise DataReadError(msg)
    try:
        gdf = ox.features_from_xml(path, tags=dict(OSM_TAGS))
    except InsufficientResponseError as exc:
        msg = (
            f"{where} holds no element tagged barrier=border_control; export the border area with "
            "that tag (e.g. from https://overpass-turbo.eu) or pass a CSV/GeoJSON of crossings"
        )
        raise EmptyDataError(msg) from exc
    except (ET.ParseError, KeyError, ValueError, TypeError) as exc:
        msg = f"cannot read {path} as OpenStreetMap XML ({exc!r}); pass an .osm export (OSM XML 0.6)"
        raise DataReadError(msg) from exc
    return _osm_table(gdf, where=where, columns=columns)


def _osm_table(gdf: gpd.GeoDataFrame, *, where: str, columns: Mapping[str, str] | None) -> _Table:
    """Turn an osmnx features frame (indexed by element, id) into a table of the schema fields."""
    if len(gdf) == 0:
        msg = f"{where} holds no element tagged barrier=border_control"
        raise EmptyDataError(msg)
    gdf = gdf.to_crs(4326) if gdf.crs is not None else gdf.set_crs(4326)
    elements = [str(e) for e in gdf.index.get_level_values(0)]
    ids = [str(i) for i in gdf.index.get_level_values(1)]
    tags = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).reset_index(drop=True)

    def tag(key: str) -> pd.Series:
        return _text(tags[key]) if key in tags else pd.Series("", index=tags.index, dtype="str")

    name = tag("name")
    name = name.where(name != "", tag("name:en"))
    labels = [f"{e} {i}" for e, i in zip(elements, ids, strict=True)]
    name = pd.Series(
        [n or f"unnamed border control (OSM {lab})" for n, lab in zip(name, labels, strict=True)], dtype="str"
    )
    alt = [tag(k) for k in _OSM_ALT_NAME_KEYS]
    # "ps: <name:ps> | ur: <name:ur> | <alt_name>", leaving out the name itself.
    alt_names = [
        " | ".join(
            f"{k.removeprefix('name:')}: {v}" if k.startswith("name:") else v
            for k, v in zip(_OSM_ALT_NAME_KEYS, vals, strict=True)
            if v and v != own
        )
        for own, *vals in zip(name, *alt, strict=True)
    ]
    status = [
        "abandoned" if a not in ("", "no") else "disused" if d not in ("", "no") else "unknown"
        for a, d in zip(tag("abandoned"), tag("disused"), strict=True)
    ]
    # Tags named like a schema field (e.g. source=survey) are kept as osm_<tag>.
    extras = tags.drop(columns=[c for c in ("name",) if c in tags])
    extras = extras.rename(columns={c: f"osm_{c}" for c in extras.columns if c in CROSSING_COLUMNS})
    frame = pd.DataFrame(
        {
            "crossing_id": [f"osm-{e}-{i}" for e, i in zip(elements, ids, strict=True)],
            "name": name,
            "alt_names": alt_names,
            "status": status,
            "kind": _OSM_KIND,
            "source": OSM_SOURCE,
            "as_of": "",
            "osm_element": elements,
            "osm_id": ids,
        }
    )
    frame = pd.concat([frame, extras], axis=1)
    mapping = _resolve(frame, columns, where=where, coords=False)
    lon, lat = _points_of(gdf.geometry.reset_index(drop=True), labels=labels, where=where)
    return _Table(frame, lon, lat, labels, where, OSM_SOURCE, mapping, None)


# --------------------------------------------------------------------------- OpenStreetMap


def osm_query_polygon(line: shapely.Geometry, max_distance_km: float) -> Polygon:
    """Return the area within ``max_distance_km`` of ``line``, as a lon/lat polygon.

    The buffer is built in an azimuthal equidistant projection centred on the
    centre of the line's bounding box (never in degrees). Two errors are
    compensated by widening it, so that the polygon holds every point within
    ``max_distance_km`` of the line: the projection's scale error away from
    its centre, ``k = (rho / R) / sin(rho / R)`` at the farthest vertex
    (0.26 % at 800 km), and the chords of the buffer's rounded corners
    (``1 / cos(pi / 32)``, 0.48 %). Its edge therefore lies between the
    distance and about 0.8 % more from the line (for a line within 800 km of
    its centre). Edges are split every 5 km so they stay close to the
    projected ones once back in lon/lat.

    Parameters
    ----------
    line : shapely.LineString or shapely.MultiLineString
        The border, EPSG:4326.
    max_distance_km : float
        Buffer distance, km.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        EPSG:4326.
    """
    minx, miny, maxx, maxy = line.bounds
    local = aeqd((minx + maxx) / 2, (miny + maxy) / 2)
    projected = transform(line, 4326, local)
    xy = shapely.get_coordinates(projected)
    angle = float(np.hypot(xy[:, 0], xy[:, 1]).max()) / _EARTH_RADIUS_M
    scale = angle / np.sin(angle) if angle > 0 else 1.0
    width_m = max_distance_km * 1000.0 * scale / np.cos(np.pi / (4 * _QUERY_QUAD_SEGS))
    area = shapely.segmentize(projected.buffer(width_m, quad_segs=_QUERY_QUAD_SEGS), _QUERY_SEGMENT_M)
    polygon = transform(area, local, 4326)
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
    return polygon


def _configure_osmnx() -> None:
    """Point osmnx's cache, timeout and User-Agent at borderkit's settings."""
    import osmnx as ox

    ox.settings.cache_folder = Path(settings.cache_folder) / "osmnx"
    ox.settings.use_cache = settings.use_cache
    ox.settings.requests_timeout = settings.timeout
    ox.settings.http_user_agent = settings.user_agent


class _QueryArea:
    """Let osmnx send ``polygon`` as one query instead of its convex hull cut in squares.

    osmnx replaces a polygon larger than ``settings.max_query_area_size`` by
    its convex hull, which for a long border would query a vast area far
    from the line; the limit is raised for the call and restored after.
    """

    def __init__(self, polygon: Polygon) -> None:
        self.polygon = polygon

    def __enter__(self) -> None:
        import osmnx as ox

        self.saved = ox.settings.max_query_area_size
        projected, _ = ox.projection.project_geometry(self.polygon)
        ox.settings.max_query_area_size = max(self.saved, float(projected.area) * 1.05)

    def __exit__(self, *exc: object) -> None:
        import osmnx as ox

        ox.settings.max_query_area_size = self.saved


def _from_overpass(
    line: shapely.Geometry, *, max_distance_km: float, columns: Mapping[str, str] | None
) -> _Table:
    if settings.offline:
        msg = (
            f"source='osm' needs the {_OSM_NAME}, but borderkit.settings.offline is True (or "
            f"BORDERKIT_OFFLINE=1). {_OFFLINE_HINT}"
        )
        raise OfflineError(msg)
    import osmnx as ox
    import requests
    from osmnx._errors import InsufficientResponseError, ResponseStatusCodeError

    polygon = osm_query_polygon(line, max_distance_km)
    _configure_osmnx()
    where = f"{_OSM_NAME}, barrier=border_control within {max_distance_km:g} km of the border"
    try:
        with _QueryArea(polygon):
            gdf = ox.features_from_polygon(polygon, tags=dict(OSM_TAGS))
    except InsufficientResponseError as exc:
        if "No matching features" in str(exc):
            msg = (
                f"OpenStreetMap has no element tagged barrier=border_control within {max_distance_km:g} km "
                "of the border line; pass a larger max_distance_km, or source='bundled' or a local file"
            )
            raise EmptyDataError(msg) from exc
        msg = f"the {_OSM_NAME} answered with something unusable ({exc}). {_OFFLINE_HINT}"
        raise ResponseError(msg) from exc
    except ResponseStatusCodeError as exc:
        msg = f"the {_OSM_NAME} answered with an error ({exc}); try again later. {_OFFLINE_HINT}"
        raise SourceUnavailableError(msg) from exc
    except requests.exceptions.RequestException as exc:
        msg = (
            f"cannot reach the {_OSM_NAME} at {ox.settings.overpass_url} ({exc}); check the network "
            f"or try again later. {_OFFLINE_HINT}"
        )
        raise SourceUnavailableError(msg) from exc
    if len(gdf) == 0:
        msg = (
            f"OpenStreetMap has no element tagged barrier=border_control within {max_distance_km:g} km "
            "of the border line; pass a larger max_distance_km, or source='bundled' or a local file"
        )
        raise EmptyDataError(msg)
    return _osm_table(gdf, where=where, columns=columns)


# --------------------------------------------------------------------------- the normaliser


def _rows(table: _Table, idx: Sequence[int] | np.ndarray, names: pd.Series | None = None) -> list[str]:
    out = []
    for i in idx:
        label = table.labels[i]
        if names is not None and names.iloc[i]:
            label += f" ({names.iloc[i]!r})"
        out.append(label)
    return out


def _ids(table: _Table, names: pd.Series) -> pd.Series:
    """Return the crossing ids: the source's, else a unique slug of the name."""
    col = table.mapping.get("crossing_id")
    given = _text(table.frame[col]) if col else pd.Series("", index=names.index, dtype="str")
    filled = given[given != ""]
    dup = filled[filled.duplicated(keep=False)]
    if len(dup):
        groups = [
            f"{value!r} at {', '.join(_rows(table, [int(i) for i in dup.index[dup == value]], names))}"
            for value in dict.fromkeys(dup)
        ]
        msg = (
            f"{table.where}: duplicated crossing_id {'; '.join(groups)}. Give each crossing its own id "
            "(or leave the id empty to derive one from the name)"
        )
        raise SchemaError(msg)
    nameless = np.flatnonzero(((given == "") & (names == "")).to_numpy())
    if len(nameless):
        msg = (
            f"{table.where}: {_shown(_rows(table, nameless))} ha{'s' if len(nameless) == 1 else 've'} "
            "neither a name nor a crossing_id; give each crossing a name"
        )
        raise SchemaError(msg)
    taken = set(filled)
    out = given.copy()
    for i in np.flatnonzero((given == "").to_numpy()):
        base = _slug(names.iloc[i]) or f"crossing-{i + 1}"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        out.iloc[i] = candidate
    return out


def _check_swapped(table: _Table, dist: np.ndarray, line: shapely.Geometry, limit_m: float) -> None:
    """Fail if no point is near the line but most would be with lat and lon exchanged."""
    if table.swap_hint is None or len(dist) == 0 or np.any(dist <= limit_m):
        return
    if np.any(np.abs(table.lon) > 90):
        return  # exchanged, these would be no latitudes
    swapped = border_distances_m(line, table.lat, table.lon)
    near = int(np.sum(swapped <= limit_m))
    if near > len(dist) / 2:
        msg = (
            f"{table.where}: latitude and longitude look swapped: none of the {len(dist)} points lies "
            f"within {limit_m / 1000:g} km of the border line (nearest {dist.min() / 1000:,.0f} km), but "
            f"with lat and lon exchanged {near} of them do. Check the coordinates: {table.swap_hint}"
        )
        raise SchemaError(msg)


def _normalise(
    table: _Table, *, line: shapely.Geometry, max_distance_km: float | None, far_tolerance: float = 1.0
) -> gpd.GeoDataFrame:
    """Map ``table`` onto the crossings schema, check its points and measure them (the one core)."""
    frame, mapping = table.frame, table.mapping
    name_col = mapping["name"]
    assert name_col is not None  # checked by _resolve
    names = _text(frame[name_col])
    out = pd.DataFrame(index=frame.index)
    out["crossing_id"] = _ids(table, names)
    out["name"] = names
    for field in CROSSING_COLUMNS[2:]:
        col = mapping.get(field)
        values = _text(frame[col]) if col else pd.Series("", index=frame.index, dtype="str")
        default = table.source if field == "source" else _DEFAULTS[field]
        out[field] = values.where(values != "", default)
    out["status"] = out["status"].str.lower()
    used = {c for f, c in mapping.items() if f in CROSSING_COLUMNS and c is not None}
    for col in frame.columns:
        if col not in used and col not in CROSSING_COLUMNS and col not in ("geometry", "border_distance_m"):
            values = frame[col]
            if values.dtype == object or pd.api.types.is_string_dtype(values):
                values = values.fillna("")  # missing text is "", as in the schema columns
            out[col] = values

    dist = border_distances_m(line, table.lon, table.lat)
    if max_distance_km is not None:
        limit_m = max_distance_km * 1000.0
        _check_swapped(table, dist, line, limit_m)
        far = np.flatnonzero(dist > limit_m * far_tolerance)
        if len(far):
            rows = _rows(table, far, names)
            shown = [f"{r}: {dist[i] / 1000:,.1f} km" for r, i in zip(rows, far, strict=True)]
            warnings.warn(
                f"{table.where}: {len(far)} crossing(s) lie farther than {max_distance_km:g} km from the "
                f"border line: {_shown(shown)}. They are kept (see border_distance_m); check their "
                "coordinates, or pass a larger max_distance_km if they are meant to be that far",
                FarFromBorderWarning,
                stacklevel=3,
            )
    out["border_distance_m"] = dist
    result = gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(table.lon, table.lat), crs="EPSG:4326")
    return result.reset_index(drop=True)


# --------------------------------------------------------------------------- the loader


def _suffixes(path: Path) -> tuple[str, str]:
    suffixes = [s.lower() for s in path.suffixes]
    last = suffixes[-1] if suffixes else ""
    before = suffixes[-2] if len(suffixes) > 1 else ""
    return last, before


def load_crossings(
    source: str | Path = "bundled",
    *,
    border: gpd.GeoDataFrame | gpd.GeoSeries | shapely.Geometry | None = None,
    max_distance_km: float | None = 5.0,
    columns: Mapping[str, str] | None = None,
    crs: str | CRS | None = None,
    layer: str | int | None = None,
) -> gpd.GeoDataFrame:
    """Load the crossing points of a border, normalised to the crossings schema.

    Parameters
    ----------
    source : str or pathlib.Path
        ``"bundled"`` (the curated, cited crossings of the Afghanistan-Pakistan
        border shipped with borderkit), ``"osm"`` (elements tagged
        ``barrier=border_control`` within ``max_distance_km`` of the border,
        from the OpenStreetMap Overpass API through osmnx; needs the network
        once, answers are cached under ``settings.cache_folder / "osmnx"``), or
        the path of a local file: a CSV with a name column and lat/lon columns
        (``lat``/``latitude``/``y`` and ``lon``/``lng``/``long``/``longitude``/``x``,
        any case), a GeoJSON, GeoPackage or Shapefile of points, or an
        OpenStreetMap XML export (``.osm``/``.xml``), read like ``"osm"``.
    border : geopandas.GeoDataFrame, GeoSeries or shapely line, optional
        The border line to measure against (EPSG:4326 for a bare geometry);
        default :func:`borderkit.load_border`.
    max_distance_km : float or None
        Tolerance, km. Points farther than this from the line raise a
        :class:`~borderkit.errors.FarFromBorderWarning` naming them (they are
        kept); for ``"osm"`` it is the width of the query area on each side
        of the line. None skips the check.
    columns : mapping, optional
        Which of the file's columns hold the schema fields and the
        coordinates, e.g. ``{"name": "Crossing", "lat": "Y_coord"}``; keys are
        the schema columns and ``"lat"``, ``"lon"``.
    crs : str or pyproj.CRS, optional
        CRS of a file that has none (a Shapefile without .prj); for a CSV, the
        CRS of its lon/x and lat/y columns when they are not lon/lat degrees.
    layer : str or int, optional
        Layer of a multi-layer file (GeoPackage).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``crossing_id``, ``name``, ``alt_names``, ``status`` (lower
        case; ``"unknown"`` when not given), ``kind`` (``"unknown"`` when not
        given), ``pk_side``, ``af_side``, ``source``, ``as_of`` (strings, ""
        when not given), then the source's other columns, then
        ``border_distance_m`` (geodesic distance to the border line, metres)
        and ``geometry`` (Point, EPSG:4326). A ``crossing_id`` missing from
        the source is derived from the name (a unique slug); OpenStreetMap
        elements get ``osm-<element>-<id>`` and lines or areas their
        representative point.

    Raises
    ------
    SchemaError
        If the name or coordinate columns are missing, coordinates do not
        parse or are out of range, latitude and longitude look swapped, or
        crossing ids repeat; the message names the file, rows and column.
    EmptyDataError
        If the source holds no crossing.
    DataReadError, CRSError
        If a file is missing or unreadable, or has no CRS.
    OfflineError, SourceUnavailableError
        For ``"osm"`` when offline or the Overpass API cannot be reached.

    Warns
    -----
    FarFromBorderWarning
        Naming each row farther than ``max_distance_km`` from the line and
        its distance.

    Examples
    --------
    >>> import borderkit as bk
    >>> crossings = bk.load_crossings()
    >>> crossings.loc[0, ["crossing_id", "status"]].tolist()
    ['torkham', 'closed']
    >>> bool((crossings.border_distance_m < 1000).all())
    True
    """
    line = _border_line(border)
    if isinstance(source, str) and source == "bundled":
        path = _data.data_path(BUNDLED_FILE)
        table = _read_csv(
            path, where=f"bundled {BUNDLED_FILE} ({path})", columns=columns, crs=None, source=BUNDLED_SOURCE
        )
        return _normalise(table, line=line, max_distance_km=max_distance_km)
    if isinstance(source, str) and source == "osm":
        if max_distance_km is None or max_distance_km <= 0:
            msg = f"source='osm' needs max_distance_km > 0 (the query width), not {max_distance_km}"
            raise SchemaError(msg)
        table = _from_overpass(line, max_distance_km=max_distance_km, columns=columns)
        return _normalise(table, line=line, max_distance_km=max_distance_km, far_tolerance=1.02)
    path = Path(source)
    if isinstance(source, str) and not path.suffix and not path.exists():
        msg = (
            f"unknown crossings source {source!r}: use 'bundled', 'osm' or the path of a CSV, GeoJSON, "
            "GeoPackage, Shapefile or OSM XML (.osm) file"
        )
        raise DataReadError(msg)
    where = str(path)
    last, before = _suffixes(path)
    if last in _CSV_SUFFIXES:
        table = _read_csv(path, where=where, columns=columns, crs=crs, source=path.name)
    elif last in _OSM_SUFFIXES or (last == ".bz2" and before in _OSM_SUFFIXES):
        table = _read_osm_xml(path, where=where, columns=columns)
    else:
        table = _read_vector_file(path, where=where, columns=columns, crs=crs, layer=layer, source=path.name)
    return _normalise(table, line=line, max_distance_km=max_distance_km)
