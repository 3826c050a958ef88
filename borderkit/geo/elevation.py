"""The elevation along the border line, from the bundled ETOPO5 relief or a DEM of your own."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import rasterio.transform
import shapely
from pyproj import Transformer

from ..errors import NoOverlapError, RasterCoverageWarning
from ._data import data_path
from .corridors import _the_line
from .geodesy import GEOD
from .raster import RasterLike, bounds_text, check_band, open_raster, raster_crs

ETOPO5_FILE = "etopo5_afpak.tif"
ETOPO5_LABEL = "ETOPO5 (about 9 km cells)"


def _stations(line: shapely.LineString, step_m: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points every ``step_m`` along ``line``, measured geodesically: chainage (m), lon, lat.

    Each point lies on the geodesic between two vertices of the line, found
    with :meth:`pyproj.Geod.fwd` from the segment's start.
    """
    c = np.asarray(line.coords)[:, :2]
    az, _, seg = GEOD.inv(c[:-1, 0], c[:-1, 1], c[1:, 0], c[1:, 1])
    az, seg = np.atleast_1d(az), np.atleast_1d(seg)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    chain = np.arange(int(cum[-1] // step_m) + 1) * step_m
    i = np.clip(np.searchsorted(cum, chain, side="right") - 1, 0, len(seg) - 1)
    lon, lat, _ = GEOD.fwd(c[i, 0], c[i, 1], az[i], chain - cum[i])
    return chain, np.atleast_1d(lon), np.atleast_1d(lat)


def elevation_profile(
    border: gpd.GeoDataFrame | shapely.LineString,
    dem: RasterLike | None = None,
    *,
    step_km: float = 5.0,
    band: int = 1,
) -> gpd.GeoDataFrame:
    """Sample elevation at regular geodesic steps along the border line.

    Stations lie every ``step_km`` along the line from its start (the
    northern end for ``bk.load_border()``), measured geodesically on WGS84;
    the last lies within ``step_km`` of the line's end. Each takes the value
    of the DEM cell that contains it (no interpolation), after its
    coordinates are transformed to the DEM's CRS.

    The default DEM is the bundled ETOPO5 grid: 5 arc-minute cells, about
    9 km, which smooths out valleys and peaks (real crest lines along the
    border are higher than it shows). Pass a finer DEM (e.g. SRTM or
    Copernicus GLO-30, local or as a COG URL) for valley-scale relief.

    Parameters
    ----------
    border : geopandas.GeoDataFrame or shapely.LineString
        One line, as from :func:`borderkit.load_border` (any CRS).
    dem : str, path-like, http(s) URL or rasterio dataset, optional
        Elevations in metres, in any CRS. None uses the bundled ETOPO5
        grid. An ``http(s)://`` URL is read by GDAL through ``/vsicurl/``
        (HTTP range requests; a Cloud-Optimized GeoTIFF reads only the tiles
        it needs).
    step_km : float
        Spacing of the stations along the line, km (geodesic).
    band : int
        The DEM band to sample (1-based).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per station: ``chainage_km`` (0, step_km, 2 step_km, ...),
        ``elevation_m`` (float; NaN where the DEM has no value), ``source``
        (``"ETOPO5 (about 9 km cells)"`` for the default, else the DEM's file
        name or URL), geometry (Point, EPSG:4326).

    Raises
    ------
    NoOverlapError
        If no station falls on a valid cell of the DEM.
    CRSError
        If the DEM or the border has no CRS.

    Warns
    -----
    RasterCoverageWarning
        When some stations fall outside the DEM or on nodata cells, with
        their count.

    Examples
    --------
    >>> import borderkit as bk
    >>> prof = bk.elevation_profile(bk.load_border(), step_km=10)
    >>> prof.columns.tolist()
    ['chainage_km', 'elevation_m', 'source', 'geometry']
    >>> bool(prof.elevation_m.max() > 4000)
    True
    """
    if not step_km > 0:
        msg = f"step_km must be positive, not {step_km}"
        raise ValueError(msg)
    line = _the_line(border)
    chain, lon, lat = _stations(line, step_km * 1000.0)
    with open_raster(data_path(ETOPO5_FILE) if dem is None else dem, what="DEM") as (ds, label):
        crs = raster_crs(ds, label)
        check_band(ds, band, label)
        x, y = Transformer.from_crs(4326, crs, always_xy=True).transform(lon, lat)
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        rows, cols = rasterio.transform.rowcol(ds.transform, x, y)
        rows, cols = np.atleast_1d(rows), np.atleast_1d(cols)
        outside = ~np.isfinite(x) | ~np.isfinite(y) | (rows < 0) | (rows >= ds.height)
        outside |= (cols < 0) | (cols >= ds.width)
        sampled = list(ds.sample(np.column_stack([x, y])[~outside], indexes=band, masked=True))
        inside = np.array([np.nan if np.ma.is_masked(v[0]) else float(v[0]) for v in sampled])
        elevation = np.full(len(chain), np.nan)
        elevation[~outside] = inside
        bounds = ds.bounds
    source = ETOPO5_LABEL if dem is None else label
    missing = np.isnan(elevation)
    if missing.all():
        msg = (
            f"the border line does not cross any valid cell of the DEM {label}: the DEM covers "
            f"{bounds_text(bounds)} in its CRS ({crs.to_string()}); the line's bounds are "
            f"{bounds_text(line.bounds)} (lon/lat). Use a DEM that covers the border"
        )
        raise NoOverlapError(msg)
    if missing.any():
        warnings.warn(
            f"{int(missing.sum())} of {len(elevation)} stations have no elevation in the DEM {label} "
            f"({int(outside.sum())} outside it, {int(missing.sum() - outside.sum())} on nodata cells); "
            "their elevation_m is NaN",
            RasterCoverageWarning,
            stacklevel=2,
        )
    out = gpd.GeoDataFrame(
        {"chainage_km": chain / 1000.0, "elevation_m": elevation, "source": source},
        geometry=gpd.points_from_xy(lon, lat),
        crs=4326,
    )
    out.attrs.update({"dem": label, "step_km": float(step_km)})
    return out


# --------------------------------------------------------------------------- distance_raster
