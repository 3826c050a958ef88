"""Proximity: how far points lie from crossings and from the border, exactly and fast.

Distances are geodesic on the WGS84 ellipsoid. Candidates are found in
Earth-centred (ECEF) coordinates (directly for a few targets, with a k-d tree
for many), where the straight-line (chord) distance ranks points almost
exactly as the geodesic distance does; every candidate within a bounded
margin of the nearest (four times the leading term of the chord-to-geodesic
series) is measured from its chord by closed forms within 0.3 m and 0.0002
degrees of :class:`pyproj.Geod` (bounds measured over the whole ellipsoid and
tested; up to 1,500 km: ``Geod`` itself beyond, under 1 m, at the poles and
to settle near-ties). The picks are the
brute-force geodesic picks (see :mod:`borderkit.geo.spatial_index` and
:mod:`borderkit.geo.geodesy`).
"""

from __future__ import annotations

import warnings
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from ..errors import CRSError, EmptyDataError, SchemaError, SuspectCoordinatesWarning
from ._validate import points_xy, require_line
from .spatial_index import TargetIndex, line_index, nearest_targets

_WGS84 = CRS.from_epsg(4326)


def is_dask(obj: object) -> bool:
    """Return True for dask collections (dask-geopandas frames or series), without importing dask."""
    module = type(obj).__module__ or ""
    return module.startswith(("dask_geopandas", "dask.", "dask_expr")) and hasattr(obj, "map_partitions")


def _warn_far(points: gpd.GeoSeries, distance_m: np.ndarray, *, what: str, limit_km: float = 1000.0) -> None:
    """Warn when every point lies far from the targets: likely swapped lat/lon or the wrong CRS."""
    if len(distance_m) and np.all(distance_m > limit_km * 1000.0):
        warnings.warn(
            f"all {len(points)} {what} lie more than {limit_km:,.0f} km from the targets (nearest "
            f"{distance_m.min() / 1000:,.0f} km): are latitude and longitude swapped, or is the CRS "
            "wrong? The distances are computed as asked",
            SuspectCoordinatesWarning,
            stacklevel=3,
        )


def nearest_crossing(
    points: gpd.GeoDataFrame | gpd.GeoSeries,
    crossings: gpd.GeoDataFrame,
    *,
    open_on: Any = None,
    history: Any = None,
    include_restricted: bool = True,
) -> pd.DataFrame:
    """Find the nearest crossing of each point, with the geodesic distance and bearing to it.

    Exact: the crossing is the one a brute-force :meth:`pyproj.Geod.inv`
    over all crossings picks (an exact tie may name either), found by chord
    in Earth-centred coordinates with a bounded ranking margin; the distance
    is within 0.3 m and the bearing within 0.0002 degrees of ``Geod.inv``'s
    (:data:`~borderkit.geo.geodesy.CHORD_GEODESIC_ERROR_M`,
    :data:`~borderkit.geo.geodesy.CHORD_AZIMUTH_ERROR_DEG`; beyond 1,500 km,
    under 1 m and near the poles, ``Geod.inv`` measures).

    Parameters
    ----------
    points : geopandas.GeoDataFrame or GeoSeries, or dask_geopandas.GeoDataFrame
        Points in any CRS (reprojected to EPSG:4326). A dask-geopandas
        collection gives a lazy dask DataFrame of the same schema, computed
        partition by partition (see :mod:`borderkit.geo.distributed`).
    crossings : geopandas.GeoDataFrame
        Points with a ``crossing_id`` column, e.g. ``bk.load_crossings()``.
    open_on : date, optional
        Consider only the crossings open on this day (``"YYYY-MM-DD"``), by
        their status history (see :func:`borderkit.geo.status.open_crossings`).
    history : DataFrame or path, optional
        The status history for ``open_on``; default the bundled one.
    include_restricted : bool, default True
        With ``open_on``: count crossings open with a restriction (``"trade
        only"``, ``"returnees only"``, ...) as open.

    Returns
    -------
    pandas.DataFrame
        Aligned to ``points``' index: ``crossing_id``, ``distance_m``
        (geodesic, WGS84) and ``bearing_deg`` (forward azimuth from the point
        towards the crossing, degrees clockwise from north, 0-360). Empty
        points give an empty frame of these columns.

    Examples
    --------
    >>> import borderkit as bk, geopandas as gpd
    >>> pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([71.5], [34.0]), crs=4326)
    >>> bk.nearest_crossing(pts, bk.load_crossings()).crossing_id.iloc[0]
    'torkham'
    >>> bk.nearest_crossing(pts, bk.load_crossings(), open_on="2023-11-01").crossing_id.iloc[0]
    'torkham'
    """
    if open_on is not None:
        crossings = open_crossings_on(
            open_on, crossings, history=history, include_restricted=include_restricted, argument="open_on"
        )
    if is_dask(points):
        from .distributed import nearest_crossing_dask

        return nearest_crossing_dask(points, crossings)
    geoms, pxy = points_xy(points, allow_empty=True)
    _, cxy = points_xy(crossings, what="crossings")
    if "crossing_id" not in crossings.columns:
        msg = "crossings have no 'crossing_id' column; load them with bk.load_crossings()"
        raise SchemaError(msg)
    ids = crossings["crossing_id"].array  # keeps the ids' dtype, even for empty points
    best_c, best_d, best_az = nearest_targets(pxy[:, 0], pxy[:, 1], TargetIndex(cxy[:, 0], cxy[:, 1]))
    del pxy
    out = pd.DataFrame(
        {"crossing_id": ids.take(best_c), "distance_m": best_d, "bearing_deg": best_az},
        index=geoms.index,
        copy=False,
    )
    _warn_far(geoms, out["distance_m"].to_numpy(), what="points")
    return out


def open_crossings_on(
    date: Any,
    crossings: gpd.GeoDataFrame,
    *,
    history: Any = None,
    include_restricted: bool = True,
    argument: str = "open_on",
) -> gpd.GeoDataFrame:
    """Return the crossings open on ``date``; a clear error when none is (nothing to measure to)."""
    from .status import open_crossings

    out = open_crossings(date, crossings, history=history, include_restricted=include_restricted)
    if out.empty:
        not_open = out.attrs.get("not_open", {})
        shown = ", ".join(f"{k}: {v}" for k, v in list(not_open.items())[:10])
        msg = (
            f"no crossing is open on {date} by the status history ({shown}); pick another date, or "
            f"leave out {argument}= to use every crossing"
        )
        raise EmptyDataError(msg)
    return out


def distance_to_line_m(
    lon: np.ndarray, lat: np.ndarray, line: shapely.Geometry, *, step_m: float = 200.0
) -> np.ndarray:
    """Geodesic distance in metres from each (lon, lat) to a (multi)line in EPSG:4326.

    The line is densified along geodesics every ``step_m``; candidate
    segments come from a k-d tree of its vertices in Earth-centred
    coordinates (all segments that can hold the nearest point, or enough to
    bound the error below 0.01 %, and 0.1 m within 50 km of the line, see
    :class:`borderkit.geo.spatial_index.LineIndex`); the geodesic distance
    to the foot of the perpendicular on the nearest is computed from the
    chord (:func:`borderkit.geo.geodesy.geodesic_from_chord_m`, within 0.3 m
    of :meth:`pyproj.Geod.inv` up to 1,500 km; ``Geod.inv`` beyond). A chord
    of 200 m departs from the geodesic by about a millimetre.
    """
    return line_index(line, step_m).distance_m(lon, lat)


def _the_line_geom(border: gpd.GeoDataFrame | gpd.GeoSeries | shapely.Geometry) -> shapely.Geometry:
    """Return a border argument as (multi)lines in EPSG:4326: :func:`require_line`."""
    return require_line(border, default=False)


def distance_to_border(
    points: gpd.GeoDataFrame | gpd.GeoSeries,
    border: gpd.GeoDataFrame | shapely.Geometry,
    *,
    step_m: float = 200.0,
) -> pd.Series:
    """Geodesic distance from each point to the border line, in metres.

    Parameters
    ----------
    points : geopandas.GeoDataFrame or GeoSeries, or dask_geopandas.GeoDataFrame
        Points in any CRS (a dask collection gives a lazy dask Series).
    border : geopandas.GeoDataFrame or shapely geometry
        The line(s), e.g. ``bk.load_border()``.
    step_m : float
        Densification step of the line along geodesics (see
        :func:`distance_to_line_m`).

    Returns
    -------
    pandas.Series
        ``distance_to_border_m``, aligned to ``points``' index.
    """
    if is_dask(points):
        from .distributed import distance_to_border_dask

        return distance_to_border_dask(points, _the_line_geom(border), step_m=step_m)
    geoms, xy = points_xy(points, allow_empty=True)
    line = _the_line_geom(border)
    dist = distance_to_line_m(xy[:, 0], xy[:, 1], line, step_m=step_m)
    _warn_far(geoms, dist, what="points")
    return pd.Series(dist, index=geoms.index, name="distance_to_border_m")


def within(
    points: gpd.GeoDataFrame | gpd.GeoSeries, target: gpd.GeoDataFrame | gpd.GeoSeries, distance_km: float
) -> pd.Series:
    """Whether each point lies within ``distance_km`` (geodesic) of the target.

    Parameters
    ----------
    points : geopandas.GeoDataFrame or GeoSeries, or dask_geopandas.GeoDataFrame
        Points in any CRS (a dask collection gives a lazy dask Series).
    target : geopandas.GeoDataFrame or GeoSeries
        Points (e.g. crossings), lines (e.g. the border) or polygons (a point
        inside a polygon is at distance 0).
    distance_km : float
        The reach, km.

    Returns
    -------
    pandas.Series of bool
        ``within_<distance>km``, aligned to ``points``' index.
    """
    if not distance_km >= 0:
        msg = f"distance_km must be zero or more, not {distance_km}"
        raise ValueError(msg)
    if target.crs is None:
        msg = "target has no CRS; set_crs('EPSG:4326') if its coordinates are lon/lat"
        raise CRSError(msg)
    if is_dask(points):
        from .distributed import within_dask

        return within_dask(points, target.to_crs(4326), distance_km)
    geoms, xy = points_xy(points, allow_empty=True)
    if target.crs is None:
        msg = "target has no CRS; set_crs('EPSG:4326') if its coordinates are lon/lat"
        raise CRSError(msg)
    tgeoms = (target.geometry if isinstance(target, gpd.GeoDataFrame) else target).to_crs(4326)
    if len(tgeoms) == 0:
        msg = "target is empty"
        raise EmptyDataError(msg)
    kinds = set(tgeoms.geom_type)
    if kinds <= {"Point"}:
        _, txy = points_xy(tgeoms, what="target")
        dist = nearest_targets(xy[:, 0], xy[:, 1], TargetIndex(txy[:, 0], txy[:, 1]))[1]
    elif kinds <= {"LineString", "MultiLineString"}:
        dist = distance_to_line_m(xy[:, 0], xy[:, 1], shapely.union_all(tgeoms.values))
    elif kinds <= {"Polygon", "MultiPolygon"}:
        area = shapely.union_all(tgeoms.values)
        dist = distance_to_line_m(xy[:, 0], xy[:, 1], area.boundary)
        dist[shapely.contains_xy(area, xy[:, 0], xy[:, 1])] = 0.0
    else:
        msg = f"target must be all points, all lines or all polygons, not a mix of {sorted(kinds)}"
        raise SchemaError(msg)
    return pd.Series(dist <= distance_km * 1000.0, index=geoms.index, name=f"within_{distance_km:g}km")


def summarise_by_crossing(
    settlements: gpd.GeoDataFrame, crossings: gpd.GeoDataFrame, *, within_km: float = 25.0
) -> pd.DataFrame:
    """Count the settlements (and their people) nearest to each crossing, and those within reach.

    Parameters
    ----------
    settlements : geopandas.GeoDataFrame or dask_geopandas.GeoDataFrame
        Points with a ``population`` column (e.g. ``bk.load_settlements()``;
        a dask collection gives a lazy one-partition dask DataFrame);
        a missing population counts as 0 people, and the number of such
        settlements is reported.
    crossings : geopandas.GeoDataFrame
        e.g. ``bk.load_crossings()``.
    within_km : float
        The reach, km (geodesic).

    Returns
    -------
    pandas.DataFrame
        One row per crossing (indexed by ``crossing_id``, in the crossings'
        order): ``name``, ``settlements`` and ``population`` (those nearest
        to it), ``settlements_within`` and ``population_within`` (those
        nearest to it and within ``within_km``), ``median_distance_km``,
        ``unknown_population`` (settlements nearest to it without a
        population).
    """
    if "population" not in settlements.columns:
        msg = (
            "settlements have no 'population' column; load them with bk.load_settlements() or "
            "add one (NaN where unknown)"
        )
        raise SchemaError(msg)
    if is_dask(settlements):
        from .distributed import summarise_by_crossing_dask

        return summarise_by_crossing_dask(settlements, crossings, within_km=within_km)
    near = nearest_crossing(settlements, crossings)
    pop = pd.to_numeric(settlements["population"], errors="coerce")
    frame = near.assign(
        population=pop.fillna(0.0),
        unknown=pop.isna(),
        inside=near["distance_m"] <= within_km * 1000.0,
    )
    grouped = frame.groupby("crossing_id")
    out = pd.DataFrame(
        {
            "settlements": grouped.size(),
            "population": grouped["population"].sum(),
            "settlements_within": grouped["inside"].sum(),
            "population_within": frame[frame["inside"]].groupby("crossing_id")["population"].sum(),
            "median_distance_km": grouped["distance_m"].median() / 1000.0,
            "unknown_population": grouped["unknown"].sum(),
        }
    )
    ids = crossings["crossing_id"]
    out = out.reindex(ids.to_numpy())
    counts = ["settlements", "population", "settlements_within", "population_within", "unknown_population"]
    out[counts] = out[counts].fillna(0).astype("int64")
    out.insert(
        0,
        "name",
        crossings.set_index("crossing_id")["name"].reindex(out.index).to_numpy()
        if "name" in crossings.columns
        else out.index.to_numpy(),
    )
    out.index.name = "crossing_id"
    out.attrs["within_km"] = within_km
    return out
