"""Rasters: people within reach (zonal sums) and distance-to-crossing grids; opening rasters.

Two functions read or write GeoTIFFs with rasterio, and the helpers here open
rasters for the others (:mod:`borderkit.geo.elevation`, :mod:`borderkit.geo.zonal`):

- :func:`population_within` sums a population raster inside polygons, e.g.
  the discs that :func:`borderkit.geo.reach.reach_zones` builds around
  crossings or the zones along the border;
- :func:`distance_raster` writes a GeoTIFF of the geodesic distance from each
  cell to the nearest crossing.

A raster may be a local path, an open rasterio dataset or an ``http(s)://``
URL. rasterio opens URLs through GDAL's ``/vsicurl/`` driver, which reads
only the byte ranges it needs (a Cloud-Optimized GeoTIFF reads fast; the
server must answer HTTP ``Range`` requests). These reads are made by GDAL,
not by :mod:`borderkit._http`, so they are not cached; they honour
``settings.offline`` (an :class:`~borderkit.errors.OfflineError` is raised
before any request), ``settings.user_agent``, ``settings.timeout`` and
``settings.max_retries``.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import rasterio.features
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError as PyprojCRSError
from rasterio.errors import RasterioIOError
from rasterio.transform import Affine, from_origin
from rasterio.windows import Window

from .. import settings
from .._atomic import atomic_path
from ..errors import (
    CRSError,
    DataReadError,
    EmptyDataError,
    NoOverlapError,
    OfflineError,
    RasterCoverageWarning,
    SchemaError,
    SourceUnavailableError,
    SuspectCoordinatesWarning,
)
from ._validate import require_points
from .countries import load_countries
from .geodesy import GEOD
from .proximity import nearest_crossing

#: The bundled DEM and how its values are labelled in the ``source`` column.

# Largest tile (cells per side) read at once by population_within.
_TILE = 2048
# Largest grid distance_raster writes (a guard against a mistyped resolution: the grid is written
# window by window, so memory does not depend on its size), the cells measured per window at most,
# and the side of its GeoTIFF's tiles.
_MAX_CELLS = 500_000_000
_GEOTIFF_SUFFIXES = (".tif", ".tiff")
_BATCH = 262_144
_BLOCK = 256

RasterLike = str | os.PathLike[str] | Any


# --------------------------------------------------------------------------- opening rasters


def _is_url(raster: object) -> bool:
    return isinstance(raster, str) and raster.lower().startswith(("http://", "https://"))


def _is_dataset(raster: object) -> bool:
    return all(hasattr(raster, a) for a in ("read", "transform", "crs", "width", "height", "read_masks"))


def _gdal_http_env() -> dict[str, Any]:
    """GDAL options for reading a remote raster through ``/vsicurl/``, from :mod:`borderkit.settings`."""
    return {
        # Do not list the remote "directory" looking for sidecar files: one request less per open.
        "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
        "GDAL_HTTP_USERAGENT": settings.user_agent,
        "GDAL_HTTP_TIMEOUT": str(max(1, math.ceil(settings.timeout))),
        "GDAL_HTTP_CONNECTTIMEOUT": str(max(1, math.ceil(settings.timeout))),
        "GDAL_HTTP_MAX_RETRY": str(settings.max_retries),
        "GDAL_HTTP_RETRY_DELAY": str(settings.backoff_factor),
    }


@contextlib.contextmanager
def open_raster(raster: RasterLike, *, what: str = "raster") -> Iterator[tuple[Any, str]]:
    """Yield ``(dataset, label)`` for a path, a URL or an already open rasterio dataset.

    A dataset passed in is left open; one opened here is closed afterwards.
    For URLs the GDAL HTTP options stay in force while the dataset is read.
    """
    if _is_dataset(raster):
        yield raster, str(getattr(raster, "name", what))
        return
    if _is_url(raster):
        url = str(raster)
        if settings.offline:
            msg = (
                f"the {what} {url} is remote, but borderkit is offline (settings.offline = True or "
                "BORDERKIT_OFFLINE=1). Download the file and pass its local path, or set "
                "borderkit.settings.offline = False"
            )
            raise OfflineError(msg)
        with rasterio.Env(**_gdal_http_env()):
            try:
                ds = rasterio.open(url)
            except RasterioIOError as exc:
                msg = (
                    f"could not open the remote {what} {url} through GDAL /vsicurl/: {exc}. The server "
                    "must serve the file and answer HTTP Range requests; or download it and pass the path"
                )
                raise SourceUnavailableError(msg) from exc
            with ds:
                yield ds, url
        return
    if not isinstance(raster, str | os.PathLike):
        msg = (
            f"{what} must be a path, an http(s) URL or an open rasterio dataset, not {type(raster).__name__}"
        )
        raise TypeError(msg)
    path = Path(raster)
    if not path.is_file():
        msg = f"the {what} {path} does not exist; pass the path of a GeoTIFF (or another GDAL raster)"
        raise DataReadError(msg)
    try:
        ds = rasterio.open(path)
    except RasterioIOError as exc:
        msg = f"could not read the {what} {path} as a raster: {exc}. Pass a GeoTIFF or another GDAL raster"
        raise DataReadError(msg) from exc
    with ds:
        yield ds, path.name


def raster_crs(ds: Any, label: str) -> CRS:
    """Return the raster's CRS, or fail saying the raster has none."""
    if ds.crs is None:
        msg = (
            f"the raster {label} has no CRS, so borderkit cannot place it; assign one (e.g. "
            "`gdal_edit.py -a_srs EPSG:4326 file.tif` if its coordinates are lon/lat)"
        )
        raise CRSError(msg)
    try:
        return CRS.from_user_input(ds.crs.to_wkt())
    except PyprojCRSError as exc:
        msg = f"the CRS of the raster {label} is not understood by PROJ: {exc}"
        raise CRSError(msg) from exc


def check_band(ds: Any, band: int, label: str) -> None:
    """Fail unless ``band`` is one of the raster's bands (1-based)."""
    if not isinstance(band, int | np.integer) or not 1 <= band <= ds.count:
        msg = f"band must be between 1 and {ds.count} for the raster {label}, not {band!r}"
        raise ValueError(msg)


def _footprint(transform: Affine, width: int, height: int) -> shapely.Polygon:
    """Return the polygon covered by a grid of ``width`` x ``height`` cells (any affine transform)."""
    corners = [transform @ (c, r) for c, r in ((0, 0), (width, 0), (width, height), (0, height))]
    return shapely.Polygon(corners)


def _lonlat_bounds(crs: CRS, bounds: Sequence[float]) -> tuple[float, float, float, float]:
    """``bounds`` in ``crs`` as lon/lat bounds (densified edges)."""
    left, bottom, right, top = bounds
    return Transformer.from_crs(crs, 4326, always_xy=True).transform_bounds(
        left, bottom, right, top, densify_pts=21
    )


def bounds_text(bounds: Sequence[float]) -> str:
    """Return bounds as ``(west, south, east, north)`` text for messages."""
    return "(" + ", ".join(f"{v:,.4f}" for v in bounds) + ")"


# --------------------------------------------------------------------------- population_within


def _window_of(ds: Any, bounds: Sequence[float]) -> Window | None:
    """Return the window of whole cells covering ``bounds`` (raster CRS), clipped; None if empty."""
    minx, miny, maxx, maxy = bounds
    inv = ~ds.transform
    cols, rows = zip(*(inv @ (x, y) for x in (minx, maxx) for y in (miny, maxy)), strict=True)
    c0 = max(0, math.floor(min(cols)))
    c1 = min(ds.width, math.ceil(max(cols)))
    r0 = max(0, math.floor(min(rows)))
    r1 = min(ds.height, math.ceil(max(rows)))
    if c1 <= c0 or r1 <= r0:
        return None
    return Window(c0, r0, c1 - c0, r1 - r0)


def _tiles(ds: Any, windows: Sequence[Window | None]) -> dict[tuple[int, int], list[int]]:
    """Map each tile of the raster's tile grid (``_TILE`` cells, from its origin) to the polygons it meets.

    A polygon is listed for the tiles its window covers; the grid is aligned
    to the raster (and to its internal blocks, 2,048 being a multiple of the
    usual block sizes), so each tile is read once whatever the polygons.
    """
    tiles: dict[tuple[int, int], list[int]] = {}
    for i, window in enumerate(windows):
        if window is None:
            continue
        c0, r0 = int(window.col_off), int(window.row_off)
        c1, r1 = c0 + int(window.width), r0 + int(window.height)
        for row in range(r0 // _TILE * _TILE, r1, _TILE):
            for col in range(c0 // _TILE * _TILE, c1, _TILE):
                tiles.setdefault((row, col), []).append(i)
    return tiles


def _zonal_sums(
    ds: Any, band: int, geoms: Sequence[shapely.Geometry], windows: Sequence[Window | None]
) -> np.ndarray:
    """Sum the valid cells of ``band`` whose centres fall in each polygon, reading each tile once.

    The raster is read tile by tile (at most ``_TILE`` x ``_TILE`` cells in
    memory, with their mask); in a tile, each polygon that meets it is
    rasterised over the part of the tile inside its own window.
    """
    totals = np.zeros(len(geoms))
    for geom, window in zip(geoms, windows, strict=True):
        if window is not None:
            shapely.prepare(geom)
    for (row, col), members in sorted(_tiles(ds, windows).items()):
        tile = Window(col, row, min(_TILE, ds.width - col), min(_TILE, ds.height - row))
        tile_footprint = _footprint(ds.window_transform(tile), int(tile.width), int(tile.height))
        members = [i for i in members if geoms[i].intersects(tile_footprint)]
        if not members:
            continue
        data = ds.read(band, window=tile)
        valid = (ds.read_masks(band, window=tile) > 0) & np.isfinite(data)
        for i in members:
            window = windows[i]
            if window is None:  # not listed by _tiles; for the type checker
                continue
            # The part of the tile inside the polygon's window: rows a:b, columns c:d of the tile.
            a = max(int(window.row_off), row) - row
            b = min(int(window.row_off + window.height), row + int(tile.height)) - row
            c = max(int(window.col_off), col) - col
            d = min(int(window.col_off + window.width), col + int(tile.width)) - col
            if b <= a or d <= c:
                continue
            part = Window(col + c, row + a, d - c, b - a)
            # GDAL's rasterisation rule: a cell is inside when its centre is.
            inside = rasterio.features.geometry_mask(
                [geoms[i]], (b - a, d - c), ds.window_transform(part), invert=True
            )
            if inside.any():
                totals[i] += float(data[a:b, c:d][inside & valid[a:b, c:d]].sum(dtype=np.float64))
    return totals


def _polygons(geometries: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.GeoSeries:
    if not isinstance(geometries, gpd.GeoDataFrame | gpd.GeoSeries):
        msg = (
            "geometries must be a GeoDataFrame or GeoSeries of polygons (e.g. from bk.reach_zones()), "
            f"not {type(geometries).__name__}"
        )
        raise SchemaError(msg)
    if geometries.crs is None:
        msg = "geometries have no CRS; set one, e.g. .set_crs('EPSG:4326') if the coordinates are lon/lat"
        raise CRSError(msg)
    geoms = geometries.geometry if isinstance(geometries, gpd.GeoDataFrame) else geometries
    if len(geoms) == 0:
        msg = "geometries are empty: pass at least one polygon"
        raise EmptyDataError(msg)
    missing = geoms.isna() | geoms.is_empty
    if missing.any():
        rows = list(geoms.index[missing])[:10]
        msg = f"geometries: {int(missing.sum())} row(s) have no geometry (rows {rows}); drop or fix them"
        raise SchemaError(msg)
    not_poly = ~geoms.geom_type.isin(["Polygon", "MultiPolygon"])
    if not_poly.any():
        rows = list(geoms.index[not_poly])[:10]
        msg = (
            f"geometries must be polygons; rows {rows} are {geoms[not_poly].geom_type.iloc[0]}s. Build "
            "zones around points or lines with bk.reach_zones(targets, distances_km)"
        )
        raise SchemaError(msg)
    return geoms


def population_within(
    raster: RasterLike, geometries: gpd.GeoDataFrame | gpd.GeoSeries, *, band: int = 1
) -> pd.Series:
    """Sum a population raster inside each polygon (zonal sums).

    A cell counts when its centre falls inside the polygon (GDAL's
    rasterisation rule) and its value is valid: not nodata, not masked, and
    finite. The raster is read blockwise, tile by tile (2,048 x 2,048 cells
    at most, aligned to the raster's grid), each tile once whatever the
    number of polygons over it, and only the tiles that meet a polygon: a
    raster of 10^8 cells or more is never in memory whole, and overlapping
    zones (10, 25 and 50 km around each crossing) cost one read.

    The polygons are reprojected to the raster's CRS (their vertices are
    transformed), so a raster in any CRS works: a population raster in UTM
    gives the same people as one in lon/lat.

    Parameters
    ----------
    raster : str, path-like, http(s) URL or rasterio dataset
        A raster of counts (people per cell), e.g. HREA's ``AFG_set_pop.tif``
        or a WorldPop grid. An ``http(s)://`` URL is read by GDAL through
        ``/vsicurl/`` (range requests; a Cloud-Optimized GeoTIFF is best);
        an open dataset is left open.
    geometries : geopandas.GeoDataFrame or GeoSeries
        Polygons or multipolygons in any CRS, e.g.
        ``bk.reach_zones(bk.load_crossings(), [10, 25, 50])``.
    band : int
        The band to sum (1-based).

    Returns
    -------
    pandas.Series
        ``population`` (float), aligned to ``geometries``' index: the sum of
        the valid cells inside each polygon (0.0 if none is valid); NaN for a
        polygon that does not overlap the raster at all.

    Raises
    ------
    CRSError
        If the raster or the geometries have no CRS.
    NoOverlapError
        If no polygon overlaps the raster; the message gives both extents.
    SchemaError
        If the geometries are not polygons, or some are missing.
    DataReadError, SourceUnavailableError, OfflineError
        If the raster cannot be opened (local file, URL, offline mode).

    Warns
    -----
    RasterCoverageWarning
        When some (not all) polygons miss the raster, with their count.

    Examples
    --------
    >>> import borderkit as bk
    >>> zones = bk.reach_zones(bk.load_crossings(), [10, 25, 50])  # doctest: +SKIP
    >>> zones["population"] = bk.population_within("AFG_set_pop.tif", zones)  # doctest: +SKIP
    >>> zones.pivot(index="crossing_id", columns="distance_km", values="population")  # doctest: +SKIP
    """
    geoms = _polygons(geometries)
    with open_raster(raster) as (ds, label):
        crs = raster_crs(ds, label)
        check_band(ds, band, label)
        local = geoms if geoms.crs == crs else geoms.to_crs(crs)
        footprint = _footprint(ds.transform, ds.width, ds.height)
        geoms_local = list(local.values)
        windows: list[Window | None] = []
        for geom in geoms_local:
            inside = np.isfinite(shapely.get_coordinates(geom)).all() and geom.intersects(footprint)
            windows.append(_window_of(ds, geom.bounds) if inside else None)
        values = _zonal_sums(ds, band, geoms_local, windows)
        values[[w is None for w in windows]] = np.nan
        outside = int(np.isnan(values).sum())
        if outside == len(values):
            msg = (
                f"none of the {len(values)} geometries overlaps the raster {label}. The raster covers "
                f"{bounds_text(ds.bounds)} in its CRS ({crs.to_string()}), "
                f"{bounds_text(_lonlat_bounds(crs, ds.bounds))} in lon/lat; the geometries cover "
                f"{bounds_text(geoms.to_crs(4326).total_bounds)} in lon/lat (minx, miny, maxx, maxy). "
                "Check the CRS of both (lat/lon swapped?) or use a raster that covers the area"
            )
            raise NoOverlapError(msg)
        if outside:
            rows = list(geoms.index[np.isnan(values)])[:10]
            warnings.warn(
                f"{outside} of {len(values)} geometries do not overlap the raster {label} (rows {rows}); "
                "their population is NaN",
                RasterCoverageWarning,
                stacklevel=2,
            )
    out = pd.Series(values, index=geoms.index, name="population")
    out.attrs.update({"raster": label, "band": band, "raster_crs": crs.to_string()})
    return out


# --------------------------------------------------------------------------- reach_zones


def _km_per_degree(lat: float) -> tuple[float, float]:
    """Length of one degree of longitude and of latitude at ``lat`` on WGS84, km (exact)."""
    a, e2 = GEOD.a, GEOD.es
    s = math.sin(math.radians(lat))
    w = math.sqrt(1.0 - e2 * s * s)
    east = a * math.cos(math.radians(lat)) / w  # radius of the parallel
    north = a * (1.0 - e2) / w**3  # meridional radius of curvature
    return east * math.pi / 180.0 / 1000.0, north * math.pi / 180.0 / 1000.0


def _write_windows(width: int, height: int, *, tiled: bool) -> Iterator[Window]:
    """Yield the windows distance_raster computes and writes one at a time (``_BATCH`` cells at most).

    Tiled: rows of ``_BLOCK``-cell tiles, several tiles wide; striped (a grid
    narrower than a tile): bands of whole rows.
    """
    if tiled:
        rows, cols = _BLOCK, max(_BLOCK, _BATCH // _BLOCK // _BLOCK * _BLOCK)
    else:
        rows, cols = max(1, _BATCH // width), width
    for r0 in range(0, height, rows):
        for c0 in range(0, width, cols):
            yield Window(c0, r0, min(cols, width - c0), min(rows, height - r0))


def distance_raster(
    crossings: gpd.GeoDataFrame,
    *,
    out: str | os.PathLike[str],
    resolution_km: float = 5.0,
    bounds: Sequence[float] | None = None,
) -> Path:
    """Write a GeoTIFF of the geodesic distance from each cell to the nearest crossing.

    The grid is in EPSG:4326 (lon/lat). Its cells are ``resolution_km``
    square at the centre latitude of ``bounds``: the sizes in degrees are
    ``resolution_km`` divided by the exact length of one degree of longitude
    and of latitude there (WGS84). North of the centre the cells are
    narrower east-west in km, south of it wider, by the ratio of the
    cosines of the latitudes (about 9 % at the northern edge of the
    Afghanistan-Pakistan bounds). The grid starts at the west and north
    edges of ``bounds`` and extends east and south to whole cells.

    Each cell holds the geodesic distance (WGS84) from its centre to the
    nearest crossing, from :func:`borderkit.nearest_crossing`: exact, not
    interpolated.

    The grid is computed and written window by window (262,144 cells at a
    time, into a GeoTIFF tiled in 256 x 256 blocks, BigTIFF when it needs
    to be), so memory does not grow with the grid: a 100 m grid of the
    whole region (about 2.6 x 10^8 cells) is never in memory whole.

    Parameters
    ----------
    crossings : geopandas.GeoDataFrame
        Points with a ``crossing_id`` column, e.g. ``bk.load_crossings()``.
    out : str or path-like
        Where to write the GeoTIFF, named ``.tif`` or ``.tiff`` (replaced if
        it exists; written to a temporary file beside it, flushed, then
        renamed, so an interruption never leaves a partial file). Missing
        folders are created.
    resolution_km : float
        Cell size at the centre latitude, km.
    bounds : sequence of 4 floats, optional
        ``(minx, miny, maxx, maxy)`` in lon/lat. Default: the bundled
        countries' bounds (Afghanistan and Pakistan).

    Returns
    -------
    pathlib.Path
        ``out``. Band 1 (float32, ``distance_km``): the distance, km.
        Band 2 (float32, ``nearest_crossing``): the 0-based position of the
        nearest crossing in the tag ``crossing_ids`` (a JSON list). The
        dataset tags also give ``units``, ``method``, ``crossings`` (ids,
        comma-separated), ``resolution_km``, ``centre_lat`` and the cell
        size in degrees.

    Raises
    ------
    ValueError
        If ``out`` is not named ``.tif``/``.tiff``, ``resolution_km`` is not
        positive, ``bounds`` are not valid lon/lat bounds, or the grid would
        exceed 500 million cells (a guard against a mistyped resolution).
    SchemaError, CRSError, EmptyDataError
        For bad crossings (see :func:`borderkit.nearest_crossing`).

    Examples
    --------
    >>> import borderkit as bk, rasterio
    >>> path = bk.distance_raster(bk.load_crossings(), resolution_km=50, out="dist.tif")
    >>> with rasterio.open(path) as ds:
    ...     ds.tags()["units"]
    'km'
    """
    if not (resolution_km > 0 and math.isfinite(resolution_km)):
        msg = f"resolution_km must be positive, not {resolution_km}"
        raise ValueError(msg)
    out = Path(out)
    if out.suffix.lower() not in _GEOTIFF_SUFFIXES:
        msg = (
            f"distance_raster writes a GeoTIFF; out={str(out)!r} ends in {out.suffix or 'no extension'!r}. "
            "Name the file .tif or .tiff"
        )
        raise ValueError(msg)
    cgeoms = require_points(crossings, what="crossings")
    if "crossing_id" not in crossings.columns:
        msg = "crossings have no 'crossing_id' column; load them with bk.load_crossings()"
        raise SchemaError(msg)
    ids = [str(i) for i in crossings["crossing_id"]]
    if bounds is None:
        bounds = load_countries().total_bounds
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    if not (
        minx < maxx and miny < maxy and max(abs(minx), abs(maxx)) <= 180 and max(abs(miny), abs(maxy)) <= 90
    ):
        msg = f"bounds must be (minx, miny, maxx, maxy) in lon/lat with min < max, not {tuple(bounds)}"
        raise ValueError(msg)
    box = bounds_text((minx, miny, maxx, maxy))
    centre_lat = (miny + maxy) / 2.0
    km_east, km_north = _km_per_degree(centre_lat)
    dx, dy = resolution_km / km_east, resolution_km / km_north
    width = max(1, math.ceil((maxx - minx) / dx - 1e-9))
    height = max(1, math.ceil((maxy - miny) / dy - 1e-9))
    if width * height > _MAX_CELLS:
        msg = (
            f"a {resolution_km} km grid over {box} has {width} x {height} = {width * height:,} cells, "
            f"more than {_MAX_CELLS:,}; use a larger resolution_km or smaller bounds"
        )
        raise ValueError(msg)
    transform = from_origin(minx, maxy, dx, dy)
    frame = gpd.GeoDataFrame({"crossing_id": ids}, geometry=cgeoms.values, crs=4326)
    position = {cid: k for k, cid in reversed(list(enumerate(ids)))}
    tiled = width >= _BLOCK and height >= _BLOCK
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": 2,
        "dtype": "float32",
        "crs": "EPSG:4326",
        "transform": transform,
        "compress": "deflate",
        "BIGTIFF": "IF_SAFER",
        **({"tiled": True, "blockxsize": _BLOCK, "blockysize": _BLOCK} if tiled else {}),
    }
    nearest_km = math.inf
    with atomic_path(out) as tmp, rasterio.open(tmp, "w", **profile) as dst:
        for window in _write_windows(width, height, tiled=tiled):
            c0, r0 = int(window.col_off), int(window.row_off)
            w, h = int(window.width), int(window.height)
            # Cell centres, the same formula for every window (the answers do not depend on the windows).
            glon, glat = np.meshgrid(
                minx + (np.arange(c0, c0 + w) + 0.5) * dx, maxy - (np.arange(r0, r0 + h) + 0.5) * dy
            )
            pts = gpd.GeoSeries(gpd.points_from_xy(glon.ravel(), glat.ravel()), crs=4326)
            del glon, glat
            with warnings.catch_warnings():  # warned about once, for the whole grid, below
                warnings.simplefilter("ignore", SuspectCoordinatesWarning)
                near = nearest_crossing(pts, frame)
            dist = (near["distance_m"].to_numpy() / 1000.0).astype("float32").reshape(h, w)
            nearest_km = min(nearest_km, float(dist.min()))
            dst.write(dist, 1, window=window)
            which = near["crossing_id"].map(position).to_numpy(dtype="float32").reshape(h, w)
            dst.write(which, 2, window=window)
        dst.set_band_description(1, "distance_km")
        dst.set_band_description(2, "nearest_crossing")
        dst.update_tags(
            units="km",
            method=(
                "geodesic distance (WGS84, pyproj.Geod) from each cell centre to the nearest "
                "crossing, exact (borderkit.nearest_crossing)"
            ),
            crossings=",".join(ids),
            crossing_ids=json.dumps(ids),
            resolution_km=f"{resolution_km:g}",
            centre_lat=f"{centre_lat:.6f}",
            cell_size_deg=f"{dx:.10f} x {dy:.10f} (lon x lat)",
            cell_size_note=(
                f"cells are {resolution_km:g} km square at latitude {centre_lat:.4f}; east-west size "
                "in km scales with cos(latitude) away from it"
            ),
            source="borderkit.distance_raster",
        )
        dst.update_tags(1, units="km", description="geodesic distance to the nearest crossing")
        dst.update_tags(2, description="0-based position of the nearest crossing in tag crossing_ids")
    if nearest_km > 1000.0:
        warnings.warn(
            f"every cell of the grid over {box} lies more than 1,000 km from the crossings "
            f"(nearest {nearest_km:,.0f} km): are the bounds or the crossings' coordinates wrong? "
            "The raster is written as asked",
            SuspectCoordinatesWarning,
            stacklevel=2,
        )
    return out
