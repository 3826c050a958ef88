"""What the parts of the figure share: its style (greys, widths, markers) and geometry helpers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Proj, Transformer
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from ...geo import sources as _sources

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .labels import _Placer


DEFAULT_TITLE = "The Afghanistan–Pakistan border (Durand Line)"
FORMATS = ("png", "svg", "pdf")

SETTLEMENTS_KM = 50.0
"""With ``settlements=True``, the settlements within this distance of the border are drawn (km)."""
SETTLEMENT_LABELS = 6
"""How many of the largest settlements on the map are named."""

# Greys (0 = black, 1 = white). Two light fills tell the two countries apart.
_COUNTRY_GREYS = ("0.92", "0.82")
_PROVINCE_GREY = "0.35"
_BAND_GREY = "0.55"
_SETTLEMENT_GREY = "0.40"
_TEXT_GREY = "0.25"
_BORDER_WIDTH = 2.0  # points
_BAND_WIDTH = 6.5  # points

# Crossing status class -> (marker, filled, legend wording). Shapes, not colours, carry the status.
# Every restriction the history records ("returnees only", "trade only", ...) is a "restricted" class.
_STATUS_MARKERS: dict[str, tuple[str, bool, str]] = {
    "open": ("o", True, "open"),
    "restricted": ("^", True, "open with restrictions"),
    "closed": ("s", True, "closed"),
    "unknown": ("o", False, "status not established"),
}

_NICE_KM = (1, 2, 5, 10, 20, 25, 50, 100, 150, 200, 250, 300, 500, 1000, 2000, 5000)


def _projector(crs: CRS):
    """Return a function projecting shapely geometries from EPSG:4326 to ``crs`` (one Transformer for all)."""
    tr = Transformer.from_crs(4326, crs, always_xy=True)

    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return lambda geom: shapely.transform(geom, fn)


def _scale_error(crs: CRS, lon: np.ndarray, lat: np.ndarray) -> float:
    """Largest relative scale error (along meridians or parallels) of ``crs`` at the points given."""
    factors = Proj(crs).get_factors(lon, lat)
    h = np.abs(np.asarray(factors.meridional_scale) - 1.0)
    k = np.abs(np.asarray(factors.parallel_scale) - 1.0)
    return float(np.nanmax(np.maximum(h, k)))


def _check_extent(extent: Sequence[float]) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in extent)
    except (TypeError, ValueError):
        msg = f"extent must be four numbers (west, south, east, north) in degrees, not {extent!r}"
        raise ValueError(msg) from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        msg = (
            f"extent {tuple(extent)!r} is not (west, south, east, north) in degrees with west < east "
            "and south < north; for example (60.5, 29.0, 75.0, 37.5)"
        )
        raise ValueError(msg)
    return west, south, east, north


def _without_holes(geom: shapely.Geometry) -> shapely.Geometry:
    """Return the polygons of ``geom`` with their holes filled (lakes and rivers cut out of land outlines)."""
    polys = [Polygon(p.exterior) for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
    return shapely.multipolygons(polys) if polys else geom


def _polygon_path(geom: shapely.Geometry):
    """Return a matplotlib Path of a (multi)polygon, holes included; None if empty."""
    from matplotlib.path import Path as MplPath

    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in shapely.get_parts(geom):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 4:
                continue
            c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _lines_of(geom: shapely.Geometry) -> list[np.ndarray]:
    """Coordinate arrays of every line part of ``geom``."""
    out = []
    for part in shapely.get_parts(geom):
        if isinstance(part, LineString) and not part.is_empty:
            out.append(np.asarray(part.coords)[:, :2])
        elif isinstance(part, MultiLineString):
            out.extend(np.asarray(p.coords)[:, :2] for p in part.geoms if not p.is_empty)
    return out


def _point_and_angle(line: LineString, distance: float, half_span: float) -> tuple[Point, float]:
    """Return the point at ``distance`` along ``line`` and the line's direction there, degrees from +x.

    The direction is that of the chord from ``half_span`` before the point to
    ``half_span`` after it, which smooths out the line's small wiggles.
    """
    p = line.interpolate(distance)
    a = line.interpolate(max(distance - half_span, 0.0))
    b = line.interpolate(min(distance + half_span, line.length))
    if a.equals(b):
        return p, 0.0
    return p, math.degrees(math.atan2(b.y - a.y, b.x - a.x))


def _attribution_of(frame: pd.DataFrame) -> list[str]:
    """Return the attribution of each source of a frame (its ``source`` column), in a stable order."""
    if "source" not in frame.columns:
        return []
    return [_sources.attribution(k) for k in sorted(frame["source"].dropna().astype(str).unique())]


def _status_class(status: str) -> str:
    """Return the class drawn for a status: open, closed, unknown, or restricted (any other)."""
    text = str(status).strip().lower()
    if text in ("", "nan", "none"):
        return "unknown"
    return text if text in _STATUS_MARKERS else "restricted"


def _status_style(status: str) -> tuple[str, bool, str]:
    """Return ``(marker, filled, legend wording)`` of a status's class."""
    return _STATUS_MARKERS[_status_class(status)]


def _as_of_text(values: pd.Series) -> str:
    """Say when the statuses drawn hold: ``"as of 2024-01-20"`` or ``"as last reported, D1 to D2"``."""
    dates = sorted({str(v)[:10] for v in values if isinstance(v, str) and v.strip()})
    if not dates:
        return ""
    return f"as of {dates[0]}" if len(dates) == 1 else f"as last reported, {dates[0]} to {dates[-1]}"


def _settlement_size(pop: np.ndarray) -> np.ndarray:
    """Return marker areas in points² for populations: proportional to the number of people, at least 3."""
    return np.maximum(3.0, np.asarray(pop, dtype="float64") / 15_000.0)


@dataclass
class _Data:
    border: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame
    provinces: gpd.GeoDataFrame
    crossings: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame | None
    places: gpd.GeoDataFrame | None


@dataclass
class _Map:
    """The map axes and what is needed to draw on them."""

    ax: Axes
    crs: CRS
    project: Any  # shapely geometry EPSG:4326 -> crs
    bounds: tuple[float, float, float, float]
    pt: float  # metres per point
    tol: float  # simplification tolerance, metres
    placer: _Placer
    to_lonlat: Transformer = field(init=False)

    def __post_init__(self) -> None:
        self.to_lonlat = Transformer.from_crs(self.crs, 4326, always_xy=True)

    def inside(self, x: float, y: float) -> bool:
        xmin, ymin, xmax, ymax = self.bounds
        return xmin < x < xmax and ymin < y < ymax

    def shape(self, geom: shapely.Geometry, *, simplify: bool = True) -> shapely.Geometry:
        """``geom`` projected, clipped to a little more than the frame and simplified below a pixel."""
        xmin, ymin, xmax, ymax = self.bounds
        m = 0.02 * (xmax - xmin)
        g = shapely.clip_by_rect(self.project(geom), xmin - m, ymin - m, xmax + m, ymax + m)
        return shapely.simplify(g, self.tol, preserve_topology=True) if simplify else g

    def points(self, frame: gpd.GeoDataFrame) -> np.ndarray:
        """Return the (x, y) of each row's point (lines and areas: a point inside them), projected."""
        geoms = frame.geometry
        if not geoms.geom_type.eq("Point").all():
            geoms = geoms.representative_point()
        tr = Transformer.from_crs(4326, self.crs, always_xy=True)
        return np.array(tr.transform(geoms.x.to_numpy(), geoms.y.to_numpy())).T
