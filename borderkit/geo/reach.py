"""Reach zones: geodesic discs around points, and zones along lines (pure vector, no raster).

:func:`reach_zones` draws the area within given distances of each crossing
(or of the border line), for :func:`borderkit.geo.population_within` and the
map's reach layer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..errors import CRSError, SchemaError
from ._validate import require_points
from .corridors import border_zone
from .geodesy import GEOD

# Vertices of a geodesic disc built by reach_zones. Its edges are chords inside
# the true circle by at most r * (1 - cos(pi / 256)) = 7.5e-5 r (75 cm at 10 km).
_DISC_VERTICES = 256


def _id_column(frame: gpd.GeoDataFrame | gpd.GeoSeries, id_column: str | None) -> tuple[str, np.ndarray]:
    columns = list(frame.columns) if isinstance(frame, gpd.GeoDataFrame) else []
    if id_column is not None:
        if id_column not in columns:
            msg = f"targets have no {id_column!r} column; its columns are {columns}"
            raise SchemaError(msg)
        return id_column, frame[id_column].to_numpy()
    for name in ("crossing_id", *(c for c in columns if str(c).endswith("_id")), "name"):
        if name in columns:
            return str(name), frame[name].to_numpy()
    return "target", frame.index.to_numpy()


def _discs(lon: np.ndarray, lat: np.ndarray, radius_m: float) -> np.ndarray:
    """Geodesic discs of ``radius_m`` around each point, as counter-clockwise polygons in EPSG:4326."""
    n, k = len(lon), _DISC_VERTICES
    az = np.linspace(360.0, 0.0, k, endpoint=False)  # decreasing azimuth: counter-clockwise ring
    vlon, vlat, _ = GEOD.fwd(np.repeat(lon, k), np.repeat(lat, k), np.tile(az, n), np.full(n * k, radius_m))
    vlon = vlon.reshape(n, k)
    vlat = vlat.reshape(n, k)
    # Keep each ring continuous if it crosses the antimeridian (longitudes may then pass 180).
    vlon = lon[:, None] + (vlon - lon[:, None] + 180.0) % 360.0 - 180.0
    ring = np.stack([vlon, vlat], axis=-1)
    ring = np.concatenate([ring, ring[:, :1]], axis=1)
    return shapely.polygons(ring)


def reach_zones(
    targets: gpd.GeoDataFrame | gpd.GeoSeries,
    distances_km: float | Sequence[float],
    *,
    id_column: str | None = None,
) -> gpd.GeoDataFrame:
    """Build the zones within each distance of points (geodesic discs) or of a line (border zones).

    Around points the zone is the geodesic disc: its 256 vertices lie at
    exactly ``distance_km`` from the point on the WGS84 ellipsoid (the circle
    of an azimuthal equidistant projection centred on the point), computed
    with :meth:`pyproj.Geod.fwd`; its straight edges cut inside the true
    circle by at most 0.0075 % of the radius (75 cm at 10 km). Discs must
    not contain a pole. Around a line (e.g. ``bk.load_border()``) each zone
    is :func:`borderkit.border_zone` of that line (built in an equidistant
    projection centred on the line; edge error about 0.3 % for the Durand
    Line).

    Parameters
    ----------
    targets : geopandas.GeoDataFrame or GeoSeries
        Points (e.g. ``bk.load_crossings()``) or lines, one zone per row and
        distance; any CRS.
    distances_km : float or sequence of float
        Reaches, km (geodesic), each > 0.
    id_column : str, optional
        Column of ``targets`` identifying each row in the result. Default:
        ``crossing_id`` if present, else the first column ending in ``_id``,
        else ``name``, else a ``target`` column holding ``targets``' index.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per target and distance (targets in order, then distances):
        the id column, ``distance_km``, ``area_km2`` (geodesic area of the
        zone) and geometry (Polygon or MultiPolygon, EPSG:4326).

    Examples
    --------
    >>> import borderkit as bk
    >>> zones = bk.reach_zones(bk.load_crossings(), [10, 25])
    >>> zones.columns.tolist()
    ['crossing_id', 'distance_km', 'area_km2', 'geometry']
    >>> round(zones.area_km2.iloc[0])  # pi * 10 ** 2
    314
    """
    dists = [float(d) for d in np.atleast_1d(np.asarray(distances_km, dtype=float))]
    if not dists or not all(d > 0 and math.isfinite(d) for d in dists):
        msg = f"distances_km must be one or more positive distances in km, not {distances_km!r}"
        raise ValueError(msg)
    if not isinstance(targets, gpd.GeoDataFrame | gpd.GeoSeries):
        msg = f"targets must be a GeoDataFrame or GeoSeries, not {type(targets).__name__}"
        raise SchemaError(msg)
    if targets.crs is None:
        msg = "targets have no CRS; set one, e.g. .set_crs('EPSG:4326') if the coordinates are lon/lat"
        raise CRSError(msg)
    id_name, ids = _id_column(targets, id_column)
    geoms = (targets.geometry if isinstance(targets, gpd.GeoDataFrame) else targets).to_crs(4326)
    kinds = set(geoms.dropna().geom_type)
    parts: list[gpd.GeoDataFrame] = []
    if kinds <= {"Point"}:
        xy = shapely.get_coordinates(require_points(geoms, what="targets").values)
        for d in dists:
            zones = _discs(xy[:, 0], xy[:, 1], d * 1000.0)
            parts.append(gpd.GeoDataFrame({id_name: ids, "distance_km": d}, geometry=zones, crs=4326))
        order = np.argsort(np.tile(np.arange(len(xy)), len(dists)), kind="stable")
    elif kinds <= {"LineString", "MultiLineString"}:
        for target_id, geom in zip(ids, geoms.values, strict=True):
            line = gpd.GeoDataFrame(geometry=[geom], crs=4326)
            for d in dists:
                zone = border_zone(line, d).geometry.values
                parts.append(
                    gpd.GeoDataFrame({id_name: [target_id], "distance_km": d}, geometry=zone, crs=4326)
                )
        order = np.arange(len(parts))
    else:
        msg = (
            "targets must be all points or all lines (as from bk.load_crossings() or bk.load_border()), "
            f"not {sorted(kinds)}"
        )
        raise SchemaError(msg)
    out = pd.concat(parts, ignore_index=True).iloc[order].reset_index(drop=True)
    area = [abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6 for g in out.geometry.values]
    out.insert(2, "area_km2", area)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=4326)


# --------------------------------------------------------------------------- elevation_profile
