"""Reading local vector files and checking frames, with errors that say what to do."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from ..errors import (
    CRSError,
    DataReadError,
    DroppedRowsWarning,
    EmptyDataError,
    GeometryRepairWarning,
    SchemaError,
)

VECTOR_FORMATS = "GeoJSON (.geojson/.json), GeoPackage (.gpkg), a Shapefile (.shp) or a .zip of one"
_ZIP_MEMBER_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg")


_WGS84 = CRS.from_epsg(4326)


def _zip_target(path: Path) -> str:
    """Return the GDAL path of the one vector file inside zip ``path``."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.lower().endswith(_ZIP_MEMBER_SUFFIXES)]
    except zipfile.BadZipFile as exc:
        msg = f"{path} is not a valid zip file ({exc}); pass {VECTOR_FORMATS}"
        raise DataReadError(msg) from exc
    if len(names) != 1:
        found = ", ".join(names) if names else "no vector file"
        msg = (
            f"{path} must hold exactly one vector file ({VECTOR_FORMATS}); it holds {found}. "
            "Unzip it and pass the path of the file you want."
        )
        raise DataReadError(msg)
    return f"/vsizip/{path}/{names[0]}"


def read_vector(path: str | Path, *, layer: str | int | None = None, what: str = "file") -> gpd.GeoDataFrame:
    """Read a local vector file into a GeoDataFrame, or fail with a clear error.

    Parameters
    ----------
    path : str or pathlib.Path
        GeoJSON, GeoPackage, Shapefile, or a zip holding one of them.
    layer : str or int, optional
        Layer of a multi-layer file (GeoPackage).
    what : str
        What the file should hold, used in messages (e.g. ``"admin units file"``).

    Returns
    -------
    geopandas.GeoDataFrame
        As read; the CRS is not checked here (see :func:`check_crs`).

    Raises
    ------
    DataReadError
        If the file does not exist or GDAL cannot read it.
    EmptyDataError
        If it holds no features.
    """
    path = Path(path)
    if not path.exists():
        msg = f"{what} {path} does not exist; check the path (the working folder is {Path.cwd()})"
        raise DataReadError(msg)
    target = _zip_target(path) if path.suffix.lower() == ".zip" else str(path)
    if layer is None and path.suffix.lower() == ".gpkg":
        layers = [name for name, _ in pyogrio.list_layers(target)]
        if len(layers) > 1:
            msg = f"{what} {path} holds {len(layers)} layers ({', '.join(layers)}); pass layer='<name>'"
            raise DataReadError(msg)
    try:
        frame = pyogrio.read_dataframe(target, layer=layer)
    except Exception as exc:  # GDAL raises several types; all mean "cannot read"
        msg = f"cannot read {what} {path}: {exc}. borderkit reads {VECTOR_FORMATS}; "
        if layer is not None:
            msg += "check the layer name (pyogrio.list_layers lists them)"
        else:
            msg += "check that the file is complete and in one of these formats"
        raise DataReadError(msg) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        msg = f"{what} {path} has no geometry column; pass a file with geometries ({VECTOR_FORMATS})"
        raise DataReadError(msg)
    if len(frame) == 0:
        msg = f"{what} {path} holds no features; pass a file that holds some"
        raise EmptyDataError(msg)
    return frame


def check_crs(frame: gpd.GeoDataFrame, *, where: str, crs: str | CRS | None = None) -> gpd.GeoDataFrame:
    """Return ``frame`` in EPSG:4326, assigning ``crs`` if the frame has none.

    Raises
    ------
    CRSError
        If the frame has no CRS and none is given.
    """
    if frame.crs is None:
        if crs is None:
            msg = (
                f"{where} has no CRS (coordinate reference system); pass crs='EPSG:4326' if its "
                "coordinates are longitude/latitude, or the CRS it was made in"
            )
            raise CRSError(msg)
        frame = frame.set_crs(crs)
    if not frame.crs.equals(CRS.from_epsg(4326)):
        frame = frame.to_crs(4326)
    return frame


def drop_rows(frame: pd.DataFrame, mask: pd.Series, *, reason: str, where: str) -> pd.DataFrame:
    """Drop rows where ``mask`` is true, warn with the count and record why in ``attrs``.

    The dropped rows' index labels and the reason are appended to
    ``frame.attrs["dropped"]`` (a list of ``{"row": label, "reason": str}``).
    """
    if not mask.any():
        return frame
    labels = list(frame.index[mask])
    shown = ", ".join(map(str, labels[:10])) + (" ..." if len(labels) > 10 else "")
    warnings.warn(
        f"{where}: dropped {len(labels)} row(s) ({reason}): rows {shown}",
        DroppedRowsWarning,
        stacklevel=3,
    )
    out = frame.loc[~mask].copy()
    out.attrs["dropped"] = [
        *frame.attrs.get("dropped", []),
        *({"row": lab, "reason": reason} for lab in labels),
    ]
    return out


def repair_geometries(frame: gpd.GeoDataFrame, *, where: str) -> gpd.GeoDataFrame:
    """Drop rows without geometry (with a warning) and repair invalid geometries.

    Invalid geometries are repaired with ``shapely.make_valid`` and a
    :class:`GeometryRepairWarning` gives their count and rows; the rows kept
    are recorded in ``attrs["repaired"]``.
    """
    geom = frame.geometry
    frame = drop_rows(frame, geom.isna() | geom.is_empty, reason="no geometry", where=where)
    if len(frame) == 0:
        msg = f"{where} has no feature with a geometry; pass a file whose features have geometries"
        raise EmptyDataError(msg)
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        labels = list(frame.index[invalid])
        reasons = shapely.is_valid_reason(frame.geometry[invalid].values)
        shown = "; ".join(f"row {lab}: {r}" for lab, r in list(zip(labels, reasons, strict=True))[:5])
        warnings.warn(
            f"{where}: repaired {len(labels)} invalid geometr{'y' if len(labels) == 1 else 'ies'} "
            f"with shapely.make_valid ({shown}{' ...' if len(labels) > 5 else ''})",
            GeometryRepairWarning,
            stacklevel=3,
        )
        frame = frame.copy()
        frame.loc[invalid, frame.geometry.name] = shapely.make_valid(
            frame.geometry[invalid].values, method="structure", keep_collapsed=False
        )
        frame.attrs["repaired"] = [*frame.attrs.get("repaired", []), *labels]
    return frame


def read_csv_table(path: Path, *, what: str, one_row_per: str) -> pd.DataFrame:
    """Read a UTF-8 CSV (``.tsv``: tab-separated) of points, or fail with a clear error.

    Empty cells are NaN, other text is kept as is, header names are stripped.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    what : str
        What the file holds, for messages (e.g. ``"crossings file"``).
    one_row_per : str
        What one row stands for, for messages (e.g. ``"crossing"``).

    Raises
    ------
    DataReadError
        If the file does not exist or is not CSV.
    EmptyDataError
        If it is empty.
    """
    if not path.exists():
        msg = f"{what} {path} does not exist; check the path (the working folder is {Path.cwd()})"
        raise DataReadError(msg)
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        frame = pd.read_csv(path, sep=sep, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    except pd.errors.EmptyDataError as exc:
        msg = f"{what} {path} is empty; pass a CSV with a header line and one row per {one_row_per}"
        raise EmptyDataError(msg) from exc
    except (pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
        msg = f"cannot read {what} {path} as CSV ({exc}); pass a UTF-8 CSV with a header line"
        raise DataReadError(msg) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


_GEOMETRY_WORDS = {
    frozenset({"LineString", "MultiLineString"}): "lines",
    frozenset({"Polygon", "MultiPolygon"}): "polygons",
    frozenset({"Point"}): "points",
}


def require_frame(
    frame: object, *, what: str, columns: tuple[str, ...], kinds: frozenset[str], how: str
) -> gpd.GeoDataFrame:
    """Check a GeoDataFrame argument and return it in EPSG:4326, or fail saying what to pass.

    Parameters
    ----------
    frame : object
        The argument.
    what : str
        Its name in messages (``"segments"``).
    columns : tuple of str
        Columns it must have.
    kinds : frozenset of str
        Geometry types allowed (a key of the module's words, e.g. lines).
    how : str
        How to make a good one (``"bk.border_segments(border, crossings)"``).

    Raises
    ------
    SchemaError, CRSError, EmptyDataError
    """
    if not isinstance(frame, gpd.GeoDataFrame):
        msg = f"{what} must be a GeoDataFrame (from {how}), not {type(frame).__name__}"
        raise SchemaError(msg)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        msg = f"{what} lack the column(s) {missing}; make them with {how}"
        raise SchemaError(msg)
    if frame.crs is None:
        msg = f"{what} have no CRS; make them with {how}, or set_crs('EPSG:4326') if they are in lon/lat"
        raise CRSError(msg)
    if len(frame) == 0:
        msg = f"{what} are empty"
        raise EmptyDataError(msg)
    found = set(frame.geom_type.dropna())
    if not found <= kinds:
        msg = f"{what} must be {_GEOMETRY_WORDS.get(kinds, sorted(kinds))} (from {how}), not {sorted(found)}"
        raise SchemaError(msg)
    return frame.to_crs(4326)


def require_line(
    border: object, *, what: str = "border", single: bool = False, default: bool = True
) -> shapely.Geometry:
    """Return a border argument as one (multi)line in EPSG:4326, or fail saying what to pass.

    The one way to coerce a border into a line: a GeoDataFrame or GeoSeries
    (any CRS; its lines are united), a shapely LineString or MultiLineString
    (EPSG:4326), or None for :func:`borderkit.load_border` (when ``default``).

    Parameters
    ----------
    border : object
        The argument.
    what : str
        Its name in messages (``"border"``).
    single : bool
        Require one LineString (after merging the parts, if they join up).
    default : bool
        Whether None means the bundled border.

    Returns
    -------
    shapely.LineString or shapely.MultiLineString
        EPSG:4326.

    Raises
    ------
    SchemaError
        If it is not lines, is empty, or (``single``) is several lines.
    CRSError
        If a frame has no CRS.
    """
    if border is None and default:
        from .border import load_border

        border = load_border()
    if isinstance(border, gpd.GeoDataFrame | gpd.GeoSeries):
        if border.crs is None:
            msg = (
                f"the {what} frame has no CRS; pass bk.load_border(), or set_crs('EPSG:4326') if its "
                "coordinates are lon/lat"
            )
            raise CRSError(msg)
        geoms = border.to_crs(4326)
        geoms = geoms.geometry if isinstance(geoms, gpd.GeoDataFrame) else geoms
        line = shapely.union_all(geoms.dropna().values) if len(geoms) else shapely.LineString()
    elif isinstance(border, shapely.Geometry):
        line = border
    else:
        msg = (
            f"{what}= must be a line: a GeoDataFrame or GeoSeries of lines (as from bk.load_border()) "
            f"or a shapely LineString/MultiLineString, not {type(border).__name__}"
        )
        raise SchemaError(msg)
    if line.geom_type not in {"LineString", "MultiLineString"} or line.is_empty:
        kind = "an empty geometry" if line.is_empty else line.geom_type
        msg = f"{what}= must be a line (as from bk.load_border()), not {kind}"
        raise SchemaError(msg)
    if single and line.geom_type == "MultiLineString":
        merged = shapely.line_merge(line)
        if merged.geom_type != "LineString":
            msg = (
                f"{what}= must be one connected line (as from bk.load_border()); it has "
                f"{shapely.get_num_geometries(merged)} separate parts"
            )
            raise SchemaError(msg)
        line = merged
    return line


def require_points(points: object, *, what: str = "points", allow_empty: bool = False) -> gpd.GeoSeries:
    """Check a frame of points and return its geometry in EPSG:4326, or fail saying what to pass.

    The one check of point arguments; see :func:`points_xy`, which also
    returns the coordinates.
    """
    return points_xy(points, what=what, allow_empty=allow_empty)[0]


def points_xy(
    points: gpd.GeoDataFrame | gpd.GeoSeries, *, what: str = "points", allow_empty: bool = False
) -> tuple[gpd.GeoSeries, np.ndarray]:
    """Validate a frame of points; return its geometry in EPSG:4326 and the (n, 2) lon/lat array.

    ``allow_empty=True`` returns an empty GeoSeries for empty input instead
    of raising (the point analyses answer empty input with an empty result).

    Raises
    ------
    SchemaError
        If ``points`` is not a GeoDataFrame/GeoSeries or holds non-point
        geometries, or if coordinates are NaN (naming the rows).
    CRSError
        If it has no CRS.
    EmptyDataError
        If it is empty.
    """
    if not isinstance(points, gpd.GeoDataFrame | gpd.GeoSeries):
        msg = f"{what} must be a GeoDataFrame or GeoSeries of points, not {type(points).__name__}"
        raise SchemaError(msg)
    if points.crs is None:
        msg = (
            f"{what} have no CRS; set one, e.g. points.set_crs('EPSG:4326') if the coordinates are "
            "longitude/latitude"
        )
        raise CRSError(msg)
    geoms = points.geometry if isinstance(points, gpd.GeoDataFrame) else points
    if len(geoms) == 0:
        if allow_empty:
            return geoms.to_crs(4326), np.empty((0, 2))
        msg = f"{what} are empty: pass at least one point"
        raise EmptyDataError(msg)
    if not geoms.crs.equals(_WGS84):
        geoms = geoms.to_crs(4326)
    values = np.asarray(geoms.array)  # the shapely geometries (object array)
    # One pass per chunk, on threads: status 1 = no geometry, 2 = not a point; coordinates otherwise.
    status = np.zeros(len(values), dtype=np.uint8)
    xy = np.full((len(values), 2), np.nan)

    def scan(s: slice) -> None:
        part = values[s]
        types = shapely.get_type_id(part)
        coords = shapely.get_coordinates(part)
        # Fast path: every row a point (type 0) with one coordinate each, so none is missing or empty.
        if len(coords) == len(part) and bool((types == 0).all()):
            xy[s] = coords
            return
        status[s][shapely.is_missing(part) | shapely.is_empty(part)] = 1
        status[s][(status[s] == 0) & (types != 0)] = 2
        if not status[s].any():
            xy[s] = coords

    from .spatial_index import run_chunked

    run_chunked(len(values), scan, chunk=1 << 17)
    missing = status == 1
    if missing.any():
        rows = list(geoms.index[missing])[:10]
        msg = f"{what}: {int(missing.sum())} row(s) have no geometry (rows {rows}); drop or fix them first"
        raise SchemaError(msg)
    not_point = status == 2
    if not_point.any():
        rows = list(geoms.index[not_point])[:10]
        msg = (
            f"{what} must be points; rows {rows} are {geoms[not_point].geom_type.iloc[0]}s. Use "
            ".representative_point() or .centroid first"
        )
        raise SchemaError(msg)
    bad = ~np.isfinite(xy).all(axis=1) | (np.abs(xy[:, 1]) > 90) | (np.abs(xy[:, 0]) > 180)
    if bad.any():
        rows = list(geoms.index[bad])[:10]
        msg = (
            f"{what}: {int(bad.sum())} row(s) have NaN or out-of-range coordinates (rows {rows}); "
            "fix or drop them"
        )
        raise SchemaError(msg)
    return geoms, xy
