"""Crossing points of a border: the bundled curated list, OpenStreetMap, or a local file.

Every source funnels into one normaliser, :func:`_normalise`, which maps the
source's columns onto the crossings schema, checks the coordinates (parseable,
in range, not swapped, near the border line) and measures each point's
geodesic distance to the line of its own border (vectorised; each row's
``border``, e.g. ``AFG-PAK`` or ``AFG-IRN``, picks the bundled line it is
measured against). The bundled rows carry the distance the build script
measured (``distance_to_border_m``), so loading them measures nothing and
imports no scipy. Bad rows are never dropped: the
call fails with a :class:`~borderkit.errors.SchemaError` naming them, or, for
points merely far from the line, warns with a
:class:`~borderkit.errors.FarFromBorderWarning` and keeps them. Crossings
without coordinates (unlocated) are left out with a counted
:class:`~borderkit.errors.DroppedRowsWarning` unless asked for.

Files are read by :mod:`borderkit.geo._points`, OpenStreetMap through
:mod:`borderkit.geo._osm`; the status history (``as_of=``) is
:mod:`borderkit.geo.status`.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from shapely.geometry import Polygon

from .._log import log
from ..errors import DataReadError, DroppedRowsWarning, EmptyDataError, FarFromBorderWarning, SchemaError
from . import _data, _osm, _points
from ._border_lines import DEFAULT_BORDER as DEFAULT_BORDER
from ._border_lines import STORED_DISTANCE as STORED_DISTANCE
from ._border_lines import border_distances_m as border_distances_m
from ._border_lines import border_pair, line_of_pair, pairs
from ._border_lines import check_swapped as _check_swapped
from ._border_lines import distances as _distances
from ._points import LAT_CANDIDATES, LON_CANDIDATES, Fields, Table
from ._points import shown as _shown
from ._points import text as _text
from ._validate import require_line

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
    "lat": LAT_CANDIDATES,
    "lon": LON_CANDIDATES,
}
_FIELDS = Fields(tuple(CROSSING_COLUMNS), _CANDIDATES)

BUNDLED_FILE = "crossings.csv"
BUNDLED_SOURCE = "borderkit-crossings"

#: The OpenStreetMap tags queried for ``source="osm"`` and kept from OSM XML files.
OSM_TAGS: dict[str, bool | str | list[str]] = {"barrier": "border_control"}
OSM_SOURCE = "osm"
_OSM_NAME = _osm.OSM_NAME
_OSM_ALT_NAME_KEYS = ("name:en", "name:ps", "name:ur", "name:fa", "alt_name")
_OSM_KIND = "border control (OSM)"

_OSM_SUFFIXES = {".osm", ".xml"}

_OFFLINE_HINT = (
    "Pass a local file instead: an OpenStreetMap XML export of the border area (.osm, e.g. from "
    "https://overpass-turbo.eu with the query barrier=border_control, or from JOSM), or a CSV/GeoJSON "
    "of crossings with name and lat/lon columns: load_crossings('path/to/crossings.osm')"
)

# --------------------------------------------------------------------------- helpers


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _resolve(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None,
    *,
    where: str,
    coords: bool,
    preset: Mapping[str, str | None] | None = None,
) -> dict[str, str | None]:
    """Map each schema field (and lat/lon when ``coords``) to a column of ``frame``."""
    return _points.resolve_columns(frame, columns, _FIELDS, where=where, coords=coords, preset=preset)


# --------------------------------------------------------------------------- readers


def _read_osm_xml(path: Path, *, where: str, columns: Mapping[str, str] | None) -> Table:
    empty = (
        f"{where} holds no element tagged barrier=border_control; export the border area with "
        "that tag (e.g. from https://overpass-turbo.eu) or pass a CSV/GeoJSON of crossings"
    )
    gdf = _osm.features_from_xml(path, tags=dict(OSM_TAGS), where=where, empty=empty)
    return _osm_table(gdf, where=where, columns=columns)


def _osm_table(gdf: gpd.GeoDataFrame, *, where: str, columns: Mapping[str, str] | None) -> Table:
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
    lon, lat = _points.points_of(gdf.geometry.reset_index(drop=True), labels=labels, where=where)
    return Table(frame, lon, lat, labels, where, OSM_SOURCE, mapping, None)


# --------------------------------------------------------------------------- OpenStreetMap


def osm_query_polygon(line: shapely.Geometry, max_distance_km: float) -> Polygon:
    """Return the area within ``max_distance_km`` of ``line``, a lon/lat polygon.

    See :func:`borderkit.geo._osm.osm_query_polygon`, where the one implementation lives.
    """
    return _osm.osm_query_polygon(line, max_distance_km)


def _from_overpass(
    line: shapely.Geometry, *, max_distance_km: float, columns: Mapping[str, str] | None
) -> Table:
    _osm.require_online("source='osm'", _OFFLINE_HINT)
    import osmnx as ox

    polygon = _osm.osm_query_polygon(line, max_distance_km)
    where = f"{_OSM_NAME}, barrier=border_control within {max_distance_km:g} km of the border"
    empty = (
        f"OpenStreetMap has no element tagged barrier=border_control within {max_distance_km:g} km "
        "of the border line; pass a larger max_distance_km, or source='bundled' or a local file"
    )
    gdf = _osm.call(
        ox.features_from_polygon,
        polygon,
        tags=dict(OSM_TAGS),
        polygon=polygon,
        hint=_OFFLINE_HINT,
        empty=empty,
    )
    if len(gdf) == 0:
        raise EmptyDataError(empty)
    return _osm_table(gdf, where=where, columns=columns)


# --------------------------------------------------------------------------- the normaliser


def _rows(table: Table, idx: Sequence[int] | np.ndarray, names: pd.Series | None = None) -> list[str]:
    out = []
    for i in idx:
        label = table.labels[i]
        if names is not None and names.iloc[i]:
            label += f" ({names.iloc[i]!r})"
        out.append(label)
    return out


def _ids(table: Table, names: pd.Series) -> pd.Series:
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


def _normalise(
    table: Table,
    *,
    line: shapely.Geometry | None,
    max_distance_km: float | None,
    far_tolerance: float = 1.0,
    stored: bool = False,
) -> gpd.GeoDataFrame:
    """Map ``table`` onto the crossings schema, check its points and measure them (the one core).

    ``line``: the caller's line, or None to measure each row against its own
    border's bundled line; ``stored``: take the bundled ``distance_to_border_m``
    (see :func:`_distances`).
    """
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

    dist, groups, unmeasured = _distances(table, line=line, stored=stored)
    if unmeasured:
        counts = {pair: int(np.sum((pairs(table) == pair) & ~table.unlocated)) for pair in unmeasured}
        log(
            f"{table.where}: borderkit bundles no line for border(s) "
            f"{', '.join(f'{p} ({n} row(s))' for p, n in counts.items())}; their border_distance_m is NaN "
            "and the distance check is skipped. Pass border= a line to measure them",
            level=logging.WARNING,
        )
    if max_distance_km is not None:
        limit_m = max_distance_km * 1000.0
        located = ~table.unlocated
        for rows, group_line in groups:
            keep = rows & located
            _check_swapped(table.take(keep), dist[keep], group_line, limit_m)
        with np.errstate(invalid="ignore"):
            far = np.flatnonzero(dist > limit_m * far_tolerance)
        if len(far):
            labels = _rows(table, far, names)
            shown = [f"{r}: {dist[i] / 1000:,.1f} km" for r, i in zip(labels, far, strict=True)]
            warnings.warn(
                f"{table.where}: {len(far)} crossing(s) lie farther than {max_distance_km:g} km from the "
                f"border line: {_shown(shown)}. They are kept (see border_distance_m); check their "
                "coordinates, or pass a larger max_distance_km if they are meant to be that far",
                FarFromBorderWarning,
                stacklevel=4,
            )
    out["border_distance_m"] = dist
    geometry = gpd.points_from_xy(table.lon, table.lat)
    geometry[table.unlocated] = None
    result = gpd.GeoDataFrame(out, geometry=geometry, crs="EPSG:4326")
    result = result.reset_index(drop=True)
    result.attrs["unmeasured_borders"] = unmeasured
    return result


# --------------------------------------------------------------------------- the loader


def _border_arg(
    border: str | gpd.GeoDataFrame | gpd.GeoSeries | shapely.Geometry | None,
) -> tuple[str | None, shapely.Geometry | None]:
    """Return (the border whose rows to keep, or None for all; the caller's line, or None).

    None for the line means: measure each row against the bundled line of its
    own ``border`` (nothing is loaded here, so the bundled file, whose rows
    carry their distances, loads without computing a border line).
    """
    if border is None:
        return None, None
    if isinstance(border, str):
        return border_pair(border, what="border"), None
    line = require_line(border)
    if isinstance(border, gpd.GeoDataFrame) and "countries" in border.columns:
        values = {str(v) for v in border["countries"]}
        if len(values) == 1:
            return border_pair(values.pop(), what="border['countries']"), line
    return None, line


def _select_border(table: Table, pair: str | None) -> tuple[Table, int]:
    """Keep the rows of border ``pair`` (rows without a ``border`` column count as AFG-PAK)."""
    if "border" in table.frame.columns:
        values = _text(table.frame["border"]).to_numpy()
        values = np.array(
            [
                border_pair(v, what=f"{table.where}: {label}: border") if v else DEFAULT_BORDER
                for v, label in zip(values, table.labels, strict=True)
            ]
        )
        table.frame["border"] = values
    else:
        values = np.full(len(table.frame), DEFAULT_BORDER)
    if pair is None:
        return table, 0
    keep = values == pair
    return table.take(keep), int((~keep).sum())


def _leave_unlocated(table: Table, *, bundled: bool) -> tuple[Table, list[str]]:
    """Leave out the rows without coordinates, warning with their count and names.

    The bundled table's unlocated crossings are documented (README, manifest,
    ``scripts/crossings_research.md``): they are logged, not warned about on
    every call; ``attrs["unlocated"]`` names them either way.
    """
    if not table.unlocated.any():
        return table, []
    idx = np.flatnonzero(table.unlocated)
    name_col = table.mapping.get("name")
    id_col = table.mapping.get("crossing_id")
    names = _text(table.frame[id_col]) if id_col else _text(table.frame[name_col]) if name_col else None
    items = _rows(table, idx, names)
    ids = [names.iloc[i] if names is not None else table.labels[i] for i in idx]
    message = (
        f"{table.where}: {len(idx)} crossing(s) have no coordinates (unlocated) and are left out: "
        f"{_shown(items)}. Pass include_unlocated=True to list them with an empty geometry"
    )
    if bundled:
        log(message, level=logging.INFO)
    else:
        warnings.warn(message, DroppedRowsWarning, stacklevel=3)
    return table.take(~table.unlocated), ids


def load_crossings(
    source: str | Path = "bundled",
    *,
    border: str | gpd.GeoDataFrame | gpd.GeoSeries | shapely.Geometry | None = DEFAULT_BORDER,
    as_of: Any = None,
    include_unlocated: bool = False,
    max_distance_km: float | None = 5.0,
    columns: Mapping[str, str] | None = None,
    crs: str | CRS | None = None,
    layer: str | int | None = None,
    history: Any = None,
) -> gpd.GeoDataFrame:
    """Load the crossing points of a border, normalised to the crossings schema.

    Parameters
    ----------
    source : str or pathlib.Path
        ``"bundled"`` (the curated, cited crossings shipped with borderkit),
        ``"osm"`` (elements tagged ``barrier=border_control`` within
        ``max_distance_km`` of the border, from the OpenStreetMap Overpass API
        through osmnx; needs the network once, answers are cached under
        ``settings.cache_folder / "osmnx"``), or the path of a local file: a
        CSV with a name column and lat/lon columns (``lat``/``latitude``/``y``
        and ``lon``/``lng``/``long``/``longitude``/``x``, any case), a
        GeoJSON, GeoPackage or Shapefile of points, or an OpenStreetMap XML
        export (``.osm``/``.xml``), read like ``"osm"``.
    border : str, geopandas.GeoDataFrame, GeoSeries, shapely line or None
        Which border. A name, ISO3 pair such as ``"AFG-PAK"`` (the default)
        or ``"AFG-IRN"``: keep the rows whose ``border`` column names it
        (rows of a file without that column count as ``"AFG-PAK"``) and
        measure them against that border's bundled line (``border_distance_m``
        is NaN, and the distance check skipped, for a border whose outlines
        borderkit does not bundle; a logged warning names it). A line (frame
        in any CRS, or a shapely line in EPSG:4326): measure every row
        against it (a frame from :func:`borderkit.load_border` also selects
        the rows of its ``countries``). None: keep every border's rows, each
        measured against the bundled line of its own ``border`` (AFG-PAK
        rows against the Durand Line, AFG-IRN rows against the
        Afghanistan-Iran line). The bundled rows carry the distance that
        ``scripts/build_crossings.py`` measured against the same lines
        (``distance_to_border_m``), which is used as is: loading them
        computes no line.
    as_of : date, optional
        ``"YYYY-MM-DD"``, ``datetime.date`` or ``pandas.Timestamp``: set
        ``status`` to each crossing's status that day, from the status
        history (``history=``; ``"unknown"`` where it says nothing), and
        ``as_of`` to the date.
    include_unlocated : bool
        Crossings without coordinates (empty ``lat`` and ``lon``) are left
        out with a :class:`~borderkit.errors.DroppedRowsWarning` counting and
        naming them (their ids in ``attrs["unlocated"]``; features of a vector
        file without a geometry count as unlocated); True keeps them,
        with an empty (None) geometry and NaN ``border_distance_m``.
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
    history : DataFrame, path or None
        The status history used with ``as_of`` (default the bundled one; see
        :func:`borderkit.geo.status.load_crossing_status`).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``crossing_id``, ``name``, ``alt_names``, ``status`` (lower
        case; ``"unknown"`` when not given), ``kind`` (``"unknown"`` when not
        given), ``pk_side``, ``af_side``, ``source``, ``as_of`` (strings, ""
        when not given), then the source's other columns, then
        ``border_distance_m`` (geodesic distance to the row's border line, metres)
        and ``geometry`` (Point, EPSG:4326). A ``crossing_id`` missing from
        the source is derived from the name (a unique slug); OpenStreetMap
        elements get ``osm-<element>-<id>`` and lines or areas their
        representative point. ``attrs``: ``unlocated`` (ids left out for
        lack of coordinates), ``other_borders`` (number of rows of other
        borders not selected), ``unmeasured_borders`` (borders of rows left
        unmeasured for want of a bundled line).

    Raises
    ------
    SchemaError
        If the name or coordinate columns are missing, coordinates do not
        parse, are NaN or out of range, latitude and longitude look swapped,
        crossing ids repeat, or ``border``/``as_of`` are not valid; the
        message names the file, rows and column.
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
    DroppedRowsWarning
        Counting and naming the unlocated crossings left out.

    Examples
    --------
    >>> import borderkit as bk
    >>> crossings = bk.load_crossings()
    >>> bool((crossings.border_distance_m < 1000).all())
    True
    """
    day = None
    if as_of is not None:
        from .status import to_date

        day = to_date(as_of, what="as_of")
    pair, line = _border_arg(border)
    if isinstance(source, str) and source == "bundled":
        path = _data.data_path(BUNDLED_FILE)
        table = _points.read_csv_points(
            path,
            _FIELDS,
            where=f"bundled {BUNDLED_FILE} ({path})",
            what="crossings file",
            one_row_per="crossing",
            columns=columns,
            source=BUNDLED_SOURCE,
            allow_unlocated=True,
        )
        far_tolerance = 1.0
    elif isinstance(source, str) and source == "osm":
        if max_distance_km is None or max_distance_km <= 0:
            msg = f"source='osm' needs max_distance_km > 0 (the query width), not {max_distance_km}"
            raise SchemaError(msg)
        if line is None:
            line = line_of_pair(pair or DEFAULT_BORDER)
        if line is None:
            msg = (
                f"source='osm' needs the line of border {pair!r}, which borderkit does not bundle; "
                "pass border= a line"
            )
            raise SchemaError(msg)
        table = _from_overpass(line, max_distance_km=max_distance_km, columns=columns)
        table.frame["border"] = pair or DEFAULT_BORDER  # the border queried
        far_tolerance = 1.02
    else:
        path = Path(source)
        if isinstance(source, str) and not path.suffix and not path.exists():
            msg = (
                f"unknown crossings source {source!r}: use 'bundled', 'osm' or the path of a CSV, GeoJSON, "
                "GeoPackage, Shapefile or OSM XML (.osm) file"
            )
            raise DataReadError(msg)
        last, before = _points.suffixes(path)
        if last in _OSM_SUFFIXES or (last == ".bz2" and before in _OSM_SUFFIXES):
            table = _read_osm_xml(path, where=str(path), columns=columns)
        else:
            table = _points.read_points(
                path,
                _FIELDS,
                what="crossings file",
                one_row_per="crossing",
                columns=columns,
                crs=crs,
                layer=layer,
                allow_unlocated=True,
            )
        far_tolerance = 1.0
    table, other_borders = _select_border(table, pair)
    unlocated: list[str] = []
    if not include_unlocated:
        table, unlocated = _leave_unlocated(table, bundled=isinstance(source, str) and source == "bundled")
    if len(table.frame) == 0:
        msg = f"{table.where} holds no located crossing of border {pair or 'any'}"
        if unlocated:
            msg += f" ({len(unlocated)} unlocated; pass include_unlocated=True to list them)"
        raise EmptyDataError(msg)
    bundled = isinstance(source, str) and source == "bundled"
    result = _normalise(
        table,
        line=line,
        max_distance_km=max_distance_km,
        far_tolerance=far_tolerance,
        stored=bundled and columns is None,
    )
    if day is not None:
        from .status import _history, status_on

        result["status"] = status_on(_history(history, crossings=False), list(result["crossing_id"]), day)
        result["as_of"] = f"{day:%Y-%m-%d}"
    result.attrs["unlocated"] = unlocated
    result.attrs["other_borders"] = other_borders
    return result
