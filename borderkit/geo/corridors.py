"""Corridors: the border split at its crossings, its length per unit, and zones along it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString

from ..errors import SchemaError
from ._derived import cached_geometry
from ._validate import require_frame, require_line, require_points
from .countries import load_countries
from .geodesy import GEOD, aeqd, transform
from .linear import LinearReference, snap_to_line

if TYPE_CHECKING:
    from pyproj import CRS

# Earth's mean radius (IUGG), metres: used only for the documented error bound of
# the azimuthal equidistant projection.
_EARTH_RADIUS_M = 6_371_008.8
#: Largest relative error of a zone's edge that border_zone accepts: (rho / R)^2 / 6 = 1 % at
#: rho = 1,560 km from the projection's centre; wider zones are refused rather than drawn wrong.
MAX_ZONE_ERROR = 0.01


def _the_line(border: gpd.GeoDataFrame | shapely.Geometry) -> LineString:
    """Return the single LineString of a border frame (or the geometry itself): :func:`require_line`."""
    return require_line(border, single=True, default=False)


def _check_points(frame: gpd.GeoDataFrame, *, what: str) -> gpd.GeoDataFrame:
    """Return ``frame`` in EPSG:4326 after the one check of point arguments (:func:`require_points`)."""
    if not isinstance(frame, gpd.GeoDataFrame):
        msg = f"{what} must be a GeoDataFrame (e.g. from bk.load_crossings()), not {type(frame).__name__}"
        raise SchemaError(msg)
    require_points(frame, what=what)
    return frame.to_crs(4326)


def _snap(
    border: gpd.GeoDataFrame, crossings: gpd.GeoDataFrame, *, max_snap_km: float | None = 5.0
) -> gpd.GeoDataFrame:
    """Snap crossings to the border line (:func:`snap_crossings`), with the ``segment`` each lies on."""
    line = _the_line(border)
    crossings = _check_points(crossings, what="crossings")
    for col in ("crossing_id", "name"):
        if col not in crossings.columns:
            msg = f"crossings have no {col!r} column; load them with bk.load_crossings()"
            raise SchemaError(msg)
    slon, slat, dist, seg = snap_to_line(
        line, crossings.geometry.x.to_numpy(), crossings.geometry.y.to_numpy()
    )
    ref = LinearReference(line)
    snapped = pd.DataFrame(
        {
            "lon": slon,
            "lat": slat,
            "snap_distance_m": dist,
            "chainage_km": ref.chainage_m(ref.locate(slon, slat, seg)) / 1000.0,
        },
        index=crossings.index,
    )
    if max_snap_km is not None:
        far = snapped["snap_distance_m"] > max_snap_km * 1000
        if far.any():
            names = ", ".join(
                f"{crossings.at[i, 'name']} (row {i}: {snapped.at[i, 'snap_distance_m'] / 1000:.1f} km)"
                for i in snapped.index[far]
            )
            msg = (
                f"crossings farther than {max_snap_km} km from the border line: {names}. Check their "
                "coordinates (lat/lon swapped?) or pass max_snap_km=None to snap them anyway"
            )
            raise SchemaError(msg)
    return gpd.GeoDataFrame(
        {
            "crossing_id": crossings["crossing_id"],
            "name": crossings["name"],
            "snap_distance_m": snapped["snap_distance_m"],
            "chainage_km": snapped["chainage_km"],
            "segment": seg,
        },
        geometry=gpd.points_from_xy(snapped["lon"], snapped["lat"]),
        index=crossings.index,
        crs="EPSG:4326",
    )


def snap_crossings(
    border: gpd.GeoDataFrame, crossings: gpd.GeoDataFrame, *, max_snap_km: float | None = 5.0
) -> gpd.GeoDataFrame:
    """Snap crossings to the border line.

    Each crossing goes to the point of the line at the least geodesic
    distance (see :func:`borderkit.geo.linear.snap_to_line`); all crossings
    are snapped in one pass over the line.

    Parameters
    ----------
    border : geopandas.GeoDataFrame
        One line, as from :func:`borderkit.load_border`.
    crossings : geopandas.GeoDataFrame
        Points with a ``crossing_id`` and a ``name`` column.
    max_snap_km : float or None
        Crossings farther than this from the line raise an error naming
        them; None accepts any distance.

    Returns
    -------
    geopandas.GeoDataFrame
        Aligned to ``crossings``' index: ``crossing_id``, ``name``,
        ``snap_distance_m`` (geodesic distance from the crossing to the line),
        ``chainage_km`` (geodesic distance along the line from its northern
        end), geometry = the snapped point on the line.
    """
    return _snap(border, crossings, max_snap_km=max_snap_km).drop(columns="segment")


def _end_names(border: gpd.GeoDataFrame | shapely.Geometry) -> tuple[str, str]:
    if isinstance(border, gpd.GeoDataFrame) and {"start", "end"} <= set(border.columns):
        return str(border["start"].iloc[0]), str(border["end"].iloc[0])
    return "north end", "south end"


def border_segments(
    border: gpd.GeoDataFrame,
    crossings: gpd.GeoDataFrame,
    *,
    max_snap_km: float | None = 5.0,
    as_of: Any = None,
    history: Any = None,
) -> gpd.GeoDataFrame:
    """Split the border line at its crossings into corridors, north to south.

    Each crossing is snapped to the line (:func:`snap_crossings`); the line
    is cut at the snapped points, giving the end stretches (from the line's
    northern end to the first crossing, and from the last crossing to the
    southern end) and one corridor between each pair of neighbouring
    crossings. Lengths are geodesic along the line (WGS84), so they add up
    to the border's length.

    Parameters
    ----------
    border : geopandas.GeoDataFrame
        One line, as from :func:`borderkit.load_border`.
    crossings : geopandas.GeoDataFrame
        As from :func:`borderkit.load_crossings`.
    max_snap_km : float or None
        See :func:`snap_crossings`.
    as_of : date, optional
        Cut the line only at the crossings open on this day (``"YYYY-MM-DD"``),
        by their status history (:func:`borderkit.geo.status.open_crossings`;
        crossings open with a restriction count as open): the corridors a
        traveller faced that day.
    history : DataFrame or path, optional
        The status history for ``as_of``; default the bundled one.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per corridor, ordered north to south: ``segment_id``,
        ``from_crossing``, ``to_crossing`` (crossing ids; empty at the ends),
        ``from_name``, ``to_name``, ``start_km``, ``end_km`` (chainage from
        the northern end), ``length_km``, ``from_snap_m``, ``to_snap_m``,
        geometry (LineString).

    Examples
    --------
    >>> import borderkit as bk
    >>> seg = bk.border_segments(bk.load_border(), bk.load_crossings())
    >>> round(seg.length_km.sum()) == round(bk.load_border().length_km.iloc[0])
    True
    """
    if as_of is not None:
        from .proximity import open_crossings_on

        crossings = open_crossings_on(as_of, crossings, history=history, argument="as_of")
    line = _the_line(border)
    snapped = _snap(border, crossings, max_snap_km=max_snap_km).sort_values("chainage_km", kind="stable")
    start_name, end_name = _end_names(border)
    ref = LinearReference(line)
    positions = ref.locate(snapped.geometry.x.to_numpy(), snapped.geometry.y.to_numpy(), snapped["segment"])
    stops = [
        (0.0, "", start_name, 0.0),
        *(
            (f, cid, name, snap)
            for f, cid, name, snap in zip(
                positions, snapped["crossing_id"], snapped["name"], snapped["snap_distance_m"], strict=True
            )
        ),
        (float(ref.planar_cum[-1]), "", end_name, 0.0),
    ]
    pieces, lengths_m = ref.cut([f for f, *_ in stops[:-1]], [f for f, *_ in stops[1:]])
    rows = []
    chainage = 0.0
    for (_, id0, name0, snap0), (_, id1, name1, snap1), length_m in zip(
        stops[:-1], stops[1:], lengths_m, strict=True
    ):
        length = float(length_m) / 1000.0
        rows.append(
            {
                "segment_id": f"{id0 or 'start'}--{id1 or 'end'}",
                "from_crossing": id0,
                "to_crossing": id1,
                "from_name": name0,
                "to_name": name1,
                "start_km": chainage,
                "end_km": chainage + length,
                "length_km": length,
                "from_snap_m": snap0,
                "to_snap_m": snap1,
            }
        )
        chainage += length
    return gpd.GeoDataFrame(rows, geometry=list(pieces), crs="EPSG:4326")


def _region_aeqd(line: LineString) -> CRS:
    minx, miny, maxx, maxy = line.bounds
    return aeqd((minx + maxx) / 2.0, (miny + maxy) / 2.0)


def border_length_by_unit(
    border: gpd.GeoDataFrame, admin_units: gpd.GeoDataFrame, *, step_km: float = 0.5
) -> gpd.GeoDataFrame:
    """Length of the border line in each administrative unit, on each side.

    The country outlines and the unit polygons come from different sources
    and do not meet exactly, so the line is not clipped by the polygons:
    it is cut into pieces of at most ``step_km`` and each piece is assigned,
    for each country in ``admin_units``, to the unit of that country nearest
    to the piece's midpoint (nearest in an equidistant projection centred on
    the region). Every piece thus belongs to exactly one unit per side and,
    per country, the lengths add up to the whole line.

    Parameters
    ----------
    border : geopandas.GeoDataFrame
        One line, as from :func:`borderkit.load_border`.
    admin_units : geopandas.GeoDataFrame
        Units in the admin-units schema (``unit_id``, ``name``, ``country``),
        e.g. ``bk.load_admin_units(level=1)`` or districts at level 2.
    step_km : float
        Longest piece, km; the assignment is exact to about this length at
        each change of unit.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit that the line touches: ``country``, ``unit_id``,
        ``name``, ``level``, ``length_km``, ``share`` (of the whole line, 0-1),
        ``mean_offset_m`` (mean distance from the pieces to the unit polygon:
        how far the two sources part), geometry (the unit's stretch of line,
        MultiLineString). Sorted by country and length.
    """
    line = _the_line(border)
    admin_units = require_frame(
        admin_units,
        what="admin_units",
        columns=("unit_id", "name", "country"),
        kinds=frozenset({"Polygon", "MultiPolygon"}),
        how="bk.load_admin_units()",
    )
    if step_km <= 0:
        msg = f"step_km must be positive, not {step_km}"
        raise ValueError(msg)
    local = _region_aeqd(line)
    projected = transform(line, 4326, local)
    dense = shapely.segmentize(projected, step_km * 1000.0)
    xy = np.asarray(dense.coords)
    starts, ends = xy[:-1], xy[1:]
    pieces_local = shapely.linestrings(np.stack([starts, ends], axis=1))
    mids = gpd.GeoSeries(shapely.points((starts + ends) / 2.0), crs=local)
    # Geodesic length of each piece (through lon/lat of its ends).
    lonlat = np.asarray(transform(dense, local, 4326).coords)
    _, _, piece_m = GEOD.inv(lonlat[:-1, 0], lonlat[:-1, 1], lonlat[1:, 0], lonlat[1:, 1])
    total_m = float(piece_m.sum())
    units_local = admin_units.to_crs(local)
    rows, geoms = [], []
    for country, units in units_local.groupby("country", sort=True):
        tree_idx = units.sindex.nearest(mids.values, return_all=False, return_distance=True)
        (mid_i, unit_i), dist = tree_idx
        order = np.argsort(mid_i)
        assigned = units.index.values[unit_i[order]]
        offsets = dist[order]
        for label in pd.unique(assigned):
            mask = assigned == label
            stretch = shapely.line_merge(shapely.multilinestrings(pieces_local[mask]))
            rows.append(
                {
                    "country": country,
                    "unit_id": units.at[label, "unit_id"],
                    "name": units.at[label, "name"],
                    "level": units.at[label, "level"] if "level" in units.columns else pd.NA,
                    "length_km": float(piece_m[mask].sum()) / 1000.0,
                    "share": float(piece_m[mask].sum()) / total_m,
                    "mean_offset_m": float(np.average(offsets[mask], weights=piece_m[mask])),
                }
            )
            geoms.append(transform(stretch, local, 4326))
    out = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    return out.sort_values(["country", "length_km"], ascending=[True, False], ignore_index=True)


def border_zone(
    border: gpd.GeoDataFrame, distance_km: float, *, side: str | None = None, quad_segs: int = 32
) -> gpd.GeoDataFrame:
    """Build the zone within ``distance_km`` of the border line, optionally on one country's side.

    The zone is built in an azimuthal equidistant projection centred on the
    middle of the line's bounding box, never by buffering degrees. Distances
    in that projection are exact from its centre; elsewhere the zone's edge
    is off by a relative error of at most ``(rho / R) ** 2 / 6``, rho being
    the farthest distance of the line from the centre (for the Durand Line,
    about 0.3 %: 75 m on a 25 km zone). The bound is recorded in
    ``max_relative_error``.

    Parameters
    ----------
    border : geopandas.GeoDataFrame
        One line, as from :func:`borderkit.load_border`.
    distance_km : float
        Width of the zone on each side of the line, km. Widths whose edge
        the projection would misplace by more than :data:`MAX_ZONE_ERROR`
        (1 %) are refused with a ValueError (for the Durand Line, about
        800 km).
    side : str, optional
        ISO3 code of a bundled country: keep only the part of the zone in
        that country (clipped by its outline).
    quad_segs : int
        Segments per quarter circle of the buffer's round ends and bends.

    Returns
    -------
    geopandas.GeoDataFrame
        One row: ``distance_km``, ``side``, ``area_km2`` (geodesic),
        ``max_relative_error``, geometry (Polygon or MultiPolygon, EPSG:4326).
    """
    line = _the_line(border)
    if not distance_km > 0:
        msg = f"distance_km must be positive, not {distance_km}"
        raise ValueError(msg)
    local = _region_aeqd(line)
    projected = transform(line, 4326, local)
    # The zone's farthest point from the projection's centre, and the error the projection makes there.
    line_reach_m = float(np.max(np.hypot(*np.asarray(projected.coords).T)))
    reach_m = line_reach_m + distance_km * 1000.0
    if (reach_m / _EARTH_RADIUS_M) ** 2 / 6.0 > MAX_ZONE_ERROR:
        widest_km = (_EARTH_RADIUS_M * np.sqrt(6.0 * MAX_ZONE_ERROR) - line_reach_m) / 1000.0
        msg = (
            f"distance_km={distance_km:g} is too wide: the zone would reach {reach_m / 1000:,.0f} km from "
            "the centre of its azimuthal equidistant projection, where the edge could be off by more than "
            f"{100 * MAX_ZONE_ERROR:g} %. Widths up to {max(widest_km, 0.0):,.0f} km are accepted for this "
            "line; for a wider reach, use bk.within() or distance_to_border() on the points themselves"
        )
        raise ValueError(msg)
    zone_local = cached_geometry(
        "border_zone",
        projected,
        {"distance_m": distance_km * 1000.0, "quad_segs": quad_segs},
        lambda: projected.buffer(distance_km * 1000.0, quad_segs=quad_segs),
    )
    rho = float(np.max(np.hypot(*np.asarray(zone_local.exterior.coords).T)))
    zone = shapely.make_valid(transform(zone_local, local, 4326))
    if side is not None:
        pair = str(border["countries"].iloc[0]) if "countries" in border.columns else "AFG-PAK"
        countries = load_countries(pair.split("-"))
        match = countries[countries["iso3"] == side.upper()]
        if match.empty:
            msg = f"side must be one of {countries['iso3'].tolist()}, not {side!r}"
            raise SchemaError(msg)
        zone = shapely.intersection(zone, match.geometry.iloc[0])
    area = abs(GEOD.geometry_area_perimeter(zone)[0]) / 1e6
    return gpd.GeoDataFrame(
        {
            "distance_km": [float(distance_km)],
            "side": [side.upper() if side else "both"],
            "area_km2": [area],
            "max_relative_error": [(rho / _EARTH_RADIUS_M) ** 2 / 6.0],
        },
        geometry=[zone],
        crs="EPSG:4326",
    )
