"""A static map for a paper: matplotlib, in an equidistant projection, readable in black and white.

:func:`figure` draws the border, the provinces, the corridors between the
crossings with their lengths, the crossings (marker shape by status, names
labelled), optionally the settlements near the border, a scale bar, a north
arrow, a legend and the attribution of every source drawn.

Everything is drawn in shades of grey: line style, line width, banding and
marker shape tell the symbols apart, never colour alone, so the figure
survives a black-and-white printer.

The map is drawn in an azimuthal equidistant projection centred on the middle
of the area shown (:func:`borderkit.geo.geodesy.aeqd`), so the scale bar is
honest: the projection's scale error anywhere on the map is a fraction of a
percent, and the caption says how much. matplotlib is imported only when a
figure is drawn, and no global matplotlib state changes: the figure is a
:class:`matplotlib.figure.Figure` with its own Agg canvas, not a pyplot figure.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Proj, Transformer
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box
from shapely.ops import polylabel

from .._atomic import atomic_path
from ..errors import CRSError
from ..geo import distance_to_border, load_admin_units, load_border, load_countries, load_crossings
from ..geo import sources as _sources
from ..geo.corridors import border_segments
from ..geo.geodesy import aeqd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.text import Text

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

# Crossing status -> (marker, filled, legend wording). Shapes, not colours, carry the status.
_STATUS_MARKERS: dict[str, tuple[str, bool, str]] = {
    "open": ("o", True, "open"),
    "restricted": ("^", True, "restricted"),
    "closed": ("s", True, "closed"),
    "unknown": ("o", False, "status not established"),
}
_OTHER_MARKER = ("D", False, "")

_NICE_KM = (1, 2, 5, 10, 20, 25, 50, 100, 150, 200, 250, 300, 500, 1000, 2000, 5000)


@dataclass(frozen=True)
class FigureInfo:
    """What :func:`figure` drew where; kept on the figure as ``fig.borderkit``.

    Attributes
    ----------
    crs : pyproj.CRS
        The projection of the map axes (x east, y north, metres).
    centre : tuple of float
        ``(lon, lat)`` of the projection's centre, degrees.
    bounds_m : tuple of float
        ``(xmin, ymin, xmax, ymax)`` of the map axes in ``crs``, metres.
    scale_bar_km : float
        Length of the scale bar, km.
    scale_bar_m : tuple of tuple of float
        The bar's two ends in ``crs``, metres: ``((x0, y), (x1, y))``.
    north_arrow : tuple of float
        ``(lon, lat)`` of the foot of the north arrow.
    north_angle_deg : float
        Clockwise angle from the map's up to true north at the arrow, degrees.
    scale_error : float
        Largest relative scale error of the projection on the map (0.002 is 0.2 %).
    attribution : str
        The sources and projection text printed under the map.
    crossing_labels : tuple of str
        The crossing names written on the map.
    title : str
        The title above the map ("" for none).
    """

    crs: CRS
    centre: tuple[float, float]
    bounds_m: tuple[float, float, float, float]
    scale_bar_km: float
    scale_bar_m: tuple[tuple[float, float], tuple[float, float]]
    north_arrow: tuple[float, float]
    north_angle_deg: float
    scale_error: float
    attribution: str
    crossing_labels: tuple[str, ...]
    title: str = ""


# --------------------------------------------------------------------------- public helpers


def north_angle_deg(crs: CRS | str, lon: float, lat: float) -> float:
    """Return the clockwise angle from the map's up (grid north) to true north at a point.

    Computed from the projection itself: the point and one 0.0001° north of
    it are projected, and the direction of the step between them is measured
    from the y axis. It equals minus PROJ's meridian convergence
    (:meth:`pyproj.Proj.get_factors`).

    Parameters
    ----------
    crs : pyproj.CRS or str
        A projected CRS whose x axis points east and y axis north.
    lon, lat : float
        The point, degrees (EPSG:4326).

    Returns
    -------
    float
        Degrees, positive when true north lies clockwise of the map's up.
    """
    tr = Transformer.from_crs(4326, crs, always_xy=True)
    step = 1e-4 if lat < 89.0 else -1e-4
    x0, y0 = tr.transform(lon, lat)
    x1, y1 = tr.transform(lon, lat + step)
    sign = math.copysign(1.0, step)
    return math.degrees(math.atan2((x1 - x0) * sign, (y1 - y0) * sign))


def nice_length_km(max_km: float) -> float:
    """Return the longest round length (1, 2, 5, 10, 20, 25, 50, 100, 150, 200, ... km) up to ``max_km``."""
    fits = [n for n in _NICE_KM if n <= max_km]
    return float(fits[-1] if fits else _NICE_KM[0])


# --------------------------------------------------------------------------- geometry helpers


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


def _status_style(status: str) -> tuple[str, bool, str]:
    marker, filled, label = _STATUS_MARKERS.get(status, _OTHER_MARKER)
    return marker, filled, label or status


def _as_of_text(values: pd.Series) -> str:
    dates = sorted({str(v) for v in values if isinstance(v, str) and v.strip()})
    if not dates:
        return ""
    return f" (as of {dates[-1]})" if len(dates) == 1 else f" (as of {dates[0]} to {dates[-1]})"


def _settlement_size(pop: np.ndarray) -> np.ndarray:
    """Return marker areas in points² for populations: proportional to the number of people, at least 3."""
    return np.maximum(3.0, np.asarray(pop, dtype="float64") / 15_000.0)


def _add_halo(t: Text, width: float) -> None:
    """Put a white outline of ``t`` under it, so it reads over lines and fills.

    The outline is a second, white text with a white stroke, drawn just
    below; the text itself carries no path effect, so SVG and PDF keep it as
    text (a path effect would turn it into outlines).
    """
    from matplotlib import patheffects
    from matplotlib.text import Annotation

    ax = t.axes
    if isinstance(t, Annotation):
        twin = ax.annotate(
            t.get_text(),
            t.xy,
            xytext=t.xyann,
            xycoords=t.xycoords,
            textcoords=t.anncoords,
            annotation_clip=False,
        )
    else:
        twin = ax.text(*t.get_position(), t.get_text(), transform=t.get_transform())
    twin.update_from(t)
    twin.set_rotation_mode(t.get_rotation_mode())
    twin.set_color("white")
    twin.set_path_effects([patheffects.withStroke(linewidth=width, foreground="white")])
    twin.set_zorder(t.get_zorder() - 0.01)
    twin.set_gid(f"{t.get_gid()}-halo" if t.get_gid() else None)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- label placement


def _text_shape(t: Text, renderer: RendererBase) -> shapely.Geometry:
    """Return the outline of a text's box in display coordinates, turned with the text.

    Matplotlib's window extent of a rotated text is the upright box round
    it, far larger than the text for a slanted label; this is the text's own
    box, rotated about its anchor.
    """
    from matplotlib.text import Annotation
    from matplotlib.text import Text as MplText
    from shapely import affinity

    if isinstance(t, Annotation):
        t.update_positions(renderer)
    rot = t.get_rotation()
    if rot % 360.0 == 0.0:
        bb = MplText.get_window_extent(t, renderer)
        return box(bb.x0, bb.y0, bb.x1, bb.y1)
    t.set_rotation(0.0)
    bb = MplText.get_window_extent(t, renderer)
    t.set_rotation(rot)
    anchor = t.get_transform().transform(t.get_position())
    return affinity.rotate(box(bb.x0, bb.y0, bb.x1, bb.y1), rot, origin=(anchor[0], anchor[1]))


_Candidate = tuple[tuple[float, float], float, float, str, str, float]


class _Placer:
    """Put labels where they overlap neither each other nor what is drawn.

    Works in display coordinates: each candidate position of a label is
    drawn, measured with the renderer and scored (outside the frame, on
    another label or marker, on a reserved area, across a line); the first
    candidate with the lowest score is kept.
    """

    def __init__(self, ax: Axes, renderer: RendererBase) -> None:
        self.ax = ax
        self.renderer = renderer
        bb = ax.get_window_extent(renderer)
        self.frame = box(bb.x0, bb.y0, bb.x1, bb.y1)
        self.taken: list[shapely.Geometry] = []  # labels and markers
        self.lines: list[shapely.Geometry] = []  # lines a label should not cross
        self.reserved: list[shapely.Geometry] = []  # scale bar, north arrow
        self.pad = 1.0 * ax.figure.dpi / 72.0  # one point of room round each label

    def to_display(self, x0: float, y0: float, x1: float, y1: float) -> shapely.Geometry:
        (a, b), (c, d) = self.ax.transData.transform([(x0, y0), (x1, y1)])
        return box(min(a, c), min(b, d), max(a, c), max(b, d))

    def add_line(self, coords: np.ndarray) -> None:
        if len(coords) >= 2:
            self.lines.append(LineString(self.ax.transData.transform(coords)))

    def add_point(self, x: float, y: float, radius_pt: float) -> None:
        r = radius_pt * self.ax.figure.dpi / 72.0
        self.taken.append(Point(self.ax.transData.transform((x, y))).buffer(r, quad_segs=4))

    def add_text(self, text: Text) -> None:
        self.taken.append(_text_shape(text, self.renderer).buffer(self.pad, join_style="mitre"))

    def clutter(self, area: shapely.Geometry) -> float:
        """How much is drawn in a display-space area: length of lines plus area of labels and markers."""
        return sum(area.intersection(line).length for line in self.lines) + sum(
            area.intersection(t).area for t in self.taken
        )

    def score(self, shape: shapely.Geometry) -> float:
        score = 0.0 if self.frame.contains(shape) else 1000.0
        score += 100.0 * sum(shape.intersects(t) for t in [*self.taken, *self.reserved])
        score += 10.0 * sum(shape.intersects(line) for line in self.lines)
        return score

    def place(
        self,
        text: str,
        candidates: Iterable[_Candidate],
        *,
        leader_beyond: float | None = None,
        max_score: float | None = None,
        halo: float | None = None,
        **kwargs: Any,
    ) -> Text | None:
        """Write ``text`` at the best of ``candidates``; earlier ones win ties.

        Each candidate is ``((x, y), dx, dy, ha, va, rotation)``: the data
        point the label belongs to, the offset of the text from it in points,
        its alignment and its rotation in degrees. A label put farther than
        ``leader_beyond`` points from its point gets a thin leader line to it.
        If even the best candidate scores over ``max_score`` (it would overlap
        something), the label is left out and None returned. ``halo`` is the
        width in points of a white outline round the text.
        """
        best: tuple[float, Text, shapely.Geometry] | None = None
        for i, (xy, dx, dy, ha, va, rot) in enumerate(candidates):
            extra = dict(kwargs)
            if leader_beyond is not None and math.hypot(dx, dy) > leader_beyond:
                relpos = (
                    {"left": 0.0, "center": 0.5, "right": 1.0}[ha],
                    {"bottom": 0.0, "top": 1.0}.get(va, 0.5),
                )
                extra["arrowprops"] = {
                    "arrowstyle": "-",
                    "color": "0.2",
                    "linewidth": 0.6,
                    "shrinkA": 1.5,
                    "shrinkB": 5.0,
                    "relpos": relpos,
                }
            t = self.ax.annotate(
                text,
                xy,
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                rotation=rot,
                rotation_mode="anchor",
                annotation_clip=False,
                **extra,
            )
            shape = _text_shape(t, self.renderer).buffer(self.pad, join_style="mitre")  # text, not leader
            score = self.score(shape) + 0.01 * i
            if best is None or score < best[0]:
                if best is not None:
                    best[1].remove()
                best = (score, t, shape)
            else:
                t.remove()
            if best[0] < 1.0:
                break
        if best is None:
            msg = f"no position given for the label {text!r}"
            raise ValueError(msg)
        if max_score is not None and best[0] > max_score:
            best[1].remove()
            return None
        self.taken.append(best[2])
        if halo:
            _add_halo(best[1], halo)
        return best[1]


def _around(xy: tuple[float, float], dist_pt: float, *, rings: Sequence[float] = (1.0,)) -> list[_Candidate]:
    """Eight positions round a point per ring: right, left, the four diagonals, above, below.

    ``rings`` multiply ``dist_pt``: ``(1.0, 2.5)`` tries the eight close
    positions, then eight farther out.
    """
    out: list[_Candidate] = []
    for k in rings:
        d, q = dist_pt * k, dist_pt * k * 0.75
        out += [
            (xy, d, 0, "left", "center", 0),
            (xy, -d, 0, "right", "center", 0),
            (xy, q, q, "left", "bottom", 0),
            (xy, -q, q, "right", "bottom", 0),
            (xy, q, -q, "left", "top", 0),
            (xy, -q, -q, "right", "top", 0),
            (xy, 0, d, "center", "bottom", 0),
            (xy, 0, -d, "center", "top", 0),
        ]
    return out


# --------------------------------------------------------------------------- the figure


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


def _load(crossings: gpd.GeoDataFrame | None, settlements: bool | gpd.GeoDataFrame) -> _Data:
    border = load_border()
    if crossings is None:
        crossings = load_crossings()
    elif not isinstance(crossings, gpd.GeoDataFrame) or crossings.crs is None:
        msg = "crossings must be a GeoDataFrame with a CRS, as from bk.load_crossings()"
        raise CRSError(msg)
    crossings = crossings.to_crs(4326)
    status = crossings["status"] if "status" in crossings.columns else pd.Series("unknown", crossings.index)
    crossings = crossings.assign(
        status=status.fillna("unknown").astype(str).str.strip().replace("", "unknown"),
        as_of=crossings["as_of"].fillna("") if "as_of" in crossings.columns else "",
    )
    places = None
    if settlements is True:
        from ..geo import load_settlements

        places = load_settlements("geonames")
        places = places[distance_to_border(places, border) <= SETTLEMENTS_KM * 1000.0]
    elif isinstance(settlements, gpd.GeoDataFrame):
        if settlements.crs is None:
            msg = "settlements has no CRS; set_crs('EPSG:4326') if its coordinates are lon/lat"
            raise CRSError(msg)
        places = settlements.to_crs(4326)
    elif settlements not in (False, None):
        msg = f"settlements must be True, False or a GeoDataFrame, not {type(settlements).__name__}"
        raise TypeError(msg)
    return _Data(
        border=border,
        countries=load_countries(),
        provinces=load_admin_units(level=1),
        crossings=crossings,
        segments=border_segments(border, crossings) if len(crossings) else None,
        places=places,
    )


def _legend_handles(data: _Data) -> tuple[list[Any], list[str]]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    labels: list[str] = []
    for name, grey in zip(data.countries["name"], _COUNTRY_GREYS, strict=False):
        handles.append(Patch(facecolor=grey, edgecolor="0.15", linewidth=0.6))
        labels.append(str(name))
    border = data.border
    handles.append(Line2D([], [], color="black", linewidth=_BORDER_WIDTH, solid_capstyle="butt"))
    labels.append(f"{border['name'].iloc[0]}, {border['length_km'].iloc[0]:,.0f} km (geodesic)")
    if data.segments is not None:
        handles.append(
            (
                Line2D([], [], color=_BAND_GREY, linewidth=_BAND_WIDTH, solid_capstyle="butt"),
                Line2D([], [], color="black", linewidth=_BORDER_WIDTH, solid_capstyle="butt"),
            )
        )
        labels.append("Corridor between crossings,\nalternately banded; its length")
    handles.append(Line2D([], [], color=_PROVINCE_GREY, linewidth=0.7, linestyle=(0, (4, 2))))
    labels.append("Province boundary")
    crossings = data.crossings
    order = list(_STATUS_MARKERS)
    for status in sorted(set(crossings["status"]), key=lambda s: (order.index(s) if s in order else 99, s)):
        marker, filled, wording = _status_style(status)
        as_of = (
            "" if status == "unknown" else _as_of_text(crossings.loc[crossings["status"] == status, "as_of"])
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=6.5,
                markerfacecolor="black" if filled else "white",
                markeredgecolor="black",
                markeredgewidth=1.0 if filled else 1.3,
            )
        )
        labels.append(f"Crossing, {wording}{as_of}")
    if data.places is not None and len(data.places):
        for pop in (100_000, 1_000_000):
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markersize=math.sqrt(float(_settlement_size(np.array([pop]))[0])),
                    markerfacecolor=_SETTLEMENT_GREY,
                    markeredgecolor="white",
                    markeredgewidth=0.4,
                )
            )
            labels.append(f"Settlement of {pop:,} people")
    return handles, labels


def _credits(data: _Data) -> str:
    """Return the sources of every frame drawn: ``"Border and countries: <attribution>; ..."``.

    An attribution that already says what it covers (``"Crossing points: ..."``)
    is printed as it is.
    """
    drawn: list[tuple[str, pd.DataFrame]] = [
        ("border", data.border),
        ("countries", data.countries),
        ("provinces", data.provinces),
        ("crossings", data.crossings),
    ]
    if data.places is not None:
        drawn.append(("settlements", data.places))
    by_text: dict[str, list[str]] = {}
    for what, frame in drawn:
        for text in _attribution_of(frame):
            by_text.setdefault(text, []).append(what)
    return "; ".join(
        text if ": " in text[:40] else f"{_sentence_case(' and '.join(whats))}: {text}"
        for text, whats in by_text.items()
    )


def _fit(t: Text, paragraphs: Sequence[str], width: float, renderer: RendererBase) -> str:
    """Wrap ``paragraphs`` into ``t`` at the most characters a line that fit ``width`` (figure fraction)."""
    fig_width = t.get_figure().bbox.width
    for chars in range(200, 20, -4):
        t.set_text("\n".join(line for p in paragraphs for line in textwrap.wrap(p, chars)))
        if t.get_window_extent(renderer).width <= width * fig_width:
            break
    return t.get_text()


def _projection_note(lon0: float, lat0: float, error: float) -> str:
    ew, ns = ("E" if lon0 >= 0 else "W"), ("N" if lat0 >= 0 else "S")
    bound = max(math.ceil(error * 1000.0) / 10.0, 0.1)  # percent, rounded up to 0.1
    return (
        f"Azimuthal equidistant projection centred on {abs(lon0):.1f}° {ew}, {abs(lat0):.1f}° {ns} "
        f"(WGS84), scale error under {bound:.1f} % on the map; lengths are geodesic (WGS84)."
    )


def _draw_countries(m: _Map, data: _Data) -> list[shapely.Geometry]:
    from matplotlib.patches import PathPatch

    shapes = []
    for geom, grey, iso in zip(data.countries.geometry, _COUNTRY_GREYS, data.countries["iso3"], strict=False):
        shape = m.shape(_without_holes(geom))
        shapes.append(shape)
        path = _polygon_path(shape)
        if path is not None:
            m.ax.add_artist(
                PathPatch(
                    path, facecolor=grey, edgecolor="0.15", linewidth=0.6, zorder=1, gid=f"country-{iso}"
                )
            )
    return shapes


def _draw_provinces(m: _Map, data: _Data) -> None:
    """Draw the boundaries between provinces of one country, dashed (the outer edges are the countries')."""
    from matplotlib.collections import LineCollection

    lines = []
    for _, group in data.provinces.groupby("country"):
        shapes = [m.shape(g, simplify=False) for g in group.geometry]
        edges = shapely.union_all([s.boundary for s in shapes])
        outer = shapely.union_all(shapes).boundary
        lines.append(shapely.simplify(shapely.line_merge(edges.difference(outer)), m.tol))
    prov = LineCollection(
        [c for g in lines for c in _lines_of(g)],
        colors=_PROVINCE_GREY,
        linewidths=0.6,
        linestyles=[(0, (4, 2))],
        zorder=2,
    )
    prov.set_gid("provinces")
    m.ax.add_collection(prov, autolim=False)


def _draw_settlements(m: _Map, places: gpd.GeoDataFrame) -> None:
    pts = m.points(places)
    pop = places["population"].astype("float64").fillna(0.0).to_numpy()
    order = np.argsort(-pop)  # small dots on top of big ones
    sc = m.ax.scatter(
        pts[order, 0],
        pts[order, 1],
        s=_settlement_size(pop)[order],
        c=_SETTLEMENT_GREY,
        edgecolors="white",
        linewidths=0.4,
        zorder=3,
    )
    sc.set_gid("settlements")
    for (x, y), size in zip(pts, _settlement_size(pop), strict=True):
        if size >= 8.0 and m.inside(x, y):  # labels may cover the smallest dots, not the others
            m.placer.add_point(x, y, math.sqrt(size) / 2.0 + 0.5)


def _draw_border(m: _Map, data: _Data) -> None:
    """Draw the border, a grey band under every other corridor, and ticks where corridors meet."""
    from matplotlib.collections import LineCollection
    from matplotlib.markers import MarkerStyle
    from matplotlib.transforms import Affine2D

    line = data.border.geometry.iloc[0]
    if data.segments is not None:
        for i, (sid, geom) in enumerate(
            zip(data.segments["segment_id"], data.segments.geometry, strict=True)
        ):
            if i % 2 == 0:
                band = LineCollection(
                    _lines_of(m.shape(geom)),
                    colors=_BAND_GREY,
                    linewidths=_BAND_WIDTH,
                    capstyle="butt",
                    zorder=4,
                )
                band.set_gid(f"corridor-band-{sid}")
                m.ax.add_collection(band, autolim=False)
    coords = _lines_of(m.shape(line))
    bl = LineCollection(coords, colors="black", linewidths=_BORDER_WIDTH, capstyle="round", zorder=5)
    bl.set_gid("border")
    m.ax.add_collection(bl, autolim=False)
    for c in coords:
        m.placer.add_line(c)
    if data.segments is None:
        return
    full = m.project(line)
    stops = [0.0, *(full.project(m.project(Point(g.coords[-1]))) for g in data.segments.geometry)]
    for d in stops:
        p, angle = _point_and_angle(full, d, 8 * m.pt)
        if m.inside(p.x, p.y):
            tick = MarkerStyle("_", transform=Affine2D().rotate_deg(angle + 90))
            m.ax.plot([p.x], [p.y], marker=tick, markersize=12, markeredgewidth=1.3, color="black", zorder=6)


def _draw_crossings(m: _Map, crossings: gpd.GeoDataFrame) -> np.ndarray:
    """Draw a marker per crossing, shaped by status: filled black in a white and a black ring, or hollow."""
    xy = m.points(crossings)
    for status in sorted(set(crossings["status"])):
        marker, filled, _ = _status_style(status)
        sel = (crossings["status"] == status).to_numpy()
        (pts,) = m.ax.plot(
            xy[sel, 0],
            xy[sel, 1],
            linestyle="none",
            marker=marker,
            markersize=7.0,
            markerfacecolor="black" if filled else "white",
            markeredgecolor="white" if filled else "black",
            markeredgewidth=0.9 if filled else 1.4,
            zorder=8,
        )
        pts.set_gid(f"crossings-{status}")
        if filled:  # a thin black ring round the white one, so the shape reads on any ground
            m.ax.plot(
                xy[sel, 0],
                xy[sel, 1],
                linestyle="none",
                marker=marker,
                markersize=8.7,
                markerfacecolor="none",
                markeredgecolor="black",
                markeredgewidth=0.6,
                zorder=8,
            )
    for x, y in xy:
        m.placer.add_point(x, y, 5.0)
    return xy


def _draw_scale_bar(m: _Map) -> tuple[float, float, float]:
    """Draw a bar of four alternating black and white blocks; 0, half and full length labelled, in km.

    Goes in the bottom corner (left or right) where less is drawn; returns
    its left end (x, y) and its length in km.
    """
    from matplotlib.patches import Rectangle

    ax, pt = m.ax, m.pt
    xmin, ymin, xmax, _ = m.bounds
    length_km = nice_length_km(0.3 * (xmax - xmin) / 1000.0)
    length = length_km * 1000.0
    h = 3.2 * pt
    pad_l, pad_r, pad_b, pad_t = 8 * pt, 24 * pt, 13 * pt, 6 * pt
    spots = [(xmin + 16 * pt, ymin + 18 * pt), (xmax - 16 * pt - length - pad_r, ymin + 18 * pt)]
    x, y = min(
        spots,
        key=lambda p: m.placer.clutter(
            m.placer.to_display(p[0] - pad_l, p[1] - pad_b, p[0] + length + pad_r, p[1] + h)
        ),
    )
    ax.add_patch(
        Rectangle(
            (x - pad_l, y - pad_b),
            length + pad_l + pad_r,
            h + pad_b + pad_t,
            facecolor="white",
            edgecolor="none",
            alpha=0.85,
            zorder=13,
        )
    )
    for i in range(4):
        ax.add_patch(
            Rectangle(
                (x + i * length / 4, y),
                length / 4,
                h,
                facecolor="black" if i % 2 == 0 else "white",
                edgecolor="black",
                linewidth=0.6,
                zorder=14,
            )
        )
    (bar,) = ax.plot([x, x + length], [y, y], color="black", linewidth=0.6, zorder=14)
    bar.set_gid("scale-bar")
    for frac in (0.0, 0.5, 1.0):
        t = ax.text(
            x + frac * length,
            y - 2.5 * pt,
            f"{length_km * frac:g}",
            ha="center",
            va="top",
            fontsize=6.5,
            zorder=15,
        )
    # The unit just right of the last number.
    right = t.get_window_extent(m.placer.renderer).x1
    right_x = ax.transData.inverted().transform((right, 0.0))[0]
    ax.text(right_x + 2 * pt, y - 2.5 * pt, "km", ha="left", va="top", fontsize=6.5, zorder=15)
    m.placer.reserved.append(m.placer.to_display(x - pad_l, y - pad_b, x + length + pad_r, y + h + pad_t))
    return x, y, length_km


def _draw_north_arrow(m: _Map) -> tuple[float, float, float]:
    """Draw a half-black, half-white arrow towards true north at its foot, with an N at its tip.

    Goes in the top corner (right or left) where less is drawn; returns the
    foot's (lon, lat) and the angle of true north from the map's up.
    """
    from matplotlib.patches import Polygon as MplPolygon

    ax, pt = m.ax, m.pt
    xmin, _, xmax, ymax = m.bounds
    length = 28 * pt
    spots = [(xmax - 24 * pt, ymax - 48 * pt), (xmin + 24 * pt, ymax - 48 * pt)]

    def area(p: tuple[float, float]) -> shapely.Geometry:
        return m.placer.to_display(p[0] - 14 * pt, p[1] - 8 * pt, p[0] + 14 * pt, p[1] + length + 20 * pt)

    x, y = min(spots, key=lambda p: m.placer.clutter(area(p)))
    lon, lat = m.to_lonlat.transform(x, y)
    angle = north_angle_deg(m.crs, lon, lat)
    a = math.radians(angle)
    ux, uy = math.sin(a), math.cos(a)  # towards true north
    vx, vy = math.cos(a), -math.sin(a)  # to the arrow's right

    def at(along: float, right: float) -> tuple[float, float]:
        return (x + (along * ux + right * vx) * length, y + (along * uy + right * vy) * length)

    tip, notch = at(1.0, 0.0), at(0.25, 0.0)
    ax.add_patch(
        MplPolygon(
            [tip, at(0.0, -0.3), notch],
            closed=True,
            facecolor="black",
            edgecolor="black",
            linewidth=0.7,
            zorder=14,
            gid="north-arrow",
        )
    )
    ax.add_patch(
        MplPolygon(
            [tip, at(0.0, 0.3), notch],
            closed=True,
            facecolor="white",
            edgecolor="black",
            linewidth=0.7,
            zorder=14,
        )
    )
    ax.text(
        tip[0] + ux * 8 * pt,
        tip[1] + uy * 8 * pt,
        "N",
        ha="center",
        va="center",
        fontsize=9,
        fontweight="bold",
        rotation=-angle,
        rotation_mode="anchor",
        zorder=15,
        gid="north-arrow-label",
    )
    m.placer.reserved.append(area((x, y)))
    return float(lon), float(lat), angle


def _label_map(m: _Map, data: _Data, crossing_xy: np.ndarray, countries: list[shapely.Geometry]) -> list[str]:
    """Name the crossings, the border's ends, the corridors' lengths, the countries and big settlements."""
    placer = m.placer
    frame = box(*m.bounds)
    for shape, cname in zip(countries, data.countries["name"], strict=False):
        inside = shape.intersection(frame)
        if inside.is_empty:
            continue
        biggest = max(shapely.get_parts(inside), key=lambda g: g.area)
        spot = polylabel(biggest, tolerance=(m.bounds[2] - m.bounds[0]) / 300.0)
        t = m.ax.text(
            spot.x,
            spot.y,
            str(cname).upper(),
            ha="center",
            va="center",
            fontsize=10,
            color="0.3",
            fontweight="bold",
            zorder=9,
            gid=f"label-country-{cname}",
        )
        _add_halo(t, 2.5)
        placer.add_text(t)

    named = []
    for i in np.argsort(-crossing_xy[:, 1]):  # north to south
        if not m.inside(*crossing_xy[i]):
            continue
        name = str(data.crossings["name"].iloc[i])
        placer.place(
            name,
            _around((crossing_xy[i, 0], crossing_xy[i, 1]), 7.0, rings=(1.0, 2.6, 4.0)),
            leader_beyond=12.0,
            fontsize=7.5,
            fontweight="bold",
            halo=2.4,
            zorder=12,
            gid=f"label-crossing-{data.crossings['crossing_id'].iloc[i]}",
        )
        named.append(name)

    line = m.project(data.border.geometry.iloc[0])
    for key, frac in (("start", 0.0), ("end", 1.0)):
        if key in data.border.columns:
            p = line.interpolate(frac, normalized=True)
            if m.inside(p.x, p.y):
                placer.place(
                    _sentence_case(str(data.border[key].iloc[0])),
                    _around((p.x, p.y), 6.0),
                    fontsize=6.2,
                    style="italic",
                    color=_TEXT_GREY,
                    halo=2.0,
                    zorder=11,
                    gid=f"label-border-{key}",
                )

    if data.segments is not None:
        for sid, km, geom in zip(
            data.segments["segment_id"], data.segments["length_km"], data.segments.geometry, strict=True
        ):
            piece = m.project(geom)
            if piece.length <= 0:
                continue
            cands: list[_Candidate] = []
            for frac in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
                p, ang = _point_and_angle(piece, frac * piece.length, max(0.12 * piece.length, 20 * m.pt))
                if not m.inside(p.x, p.y):
                    continue
                rot = ((ang + 90.0) % 180.0) - 90.0  # along the line, never upside down
                nx, ny = -math.sin(math.radians(rot)), math.cos(math.radians(rot))
                cands += [((p.x, p.y), s * nx * 9.5, s * ny * 9.5, "center", "center", rot) for s in (1, -1)]
            if cands:
                placer.place(
                    f"{km:,.0f} km",
                    cands,
                    fontsize=6.8,
                    style="italic",
                    halo=2.0,
                    zorder=11,
                    gid=f"label-corridor-{sid}",
                )

    if data.places is not None and len(data.places):
        pop = data.places["population"].astype("float64").fillna(0.0).to_numpy()
        pts = m.points(data.places)
        ranked = [i for i in np.argsort(-pop) if pop[i] > 0 and m.inside(*pts[i])]
        named_places = 0
        for i in ranked[: 2 * SETTLEMENT_LABELS]:  # the largest, where a name fits without overlap
            r = math.sqrt(float(_settlement_size(pop[i : i + 1])[0])) / 2.0
            t = placer.place(
                str(data.places["name"].iloc[i]),
                _around((pts[i, 0], pts[i, 1]), r + 2.5),
                max_score=5.0,
                gid=f"label-settlement-{data.places['settlement_id'].iloc[i]}"
                if "settlement_id" in data.places.columns
                else f"label-settlement-{i}",
                fontsize=6.3,
                color="0.15",
                halo=2.0,
                zorder=10,
            )
            named_places += t is not None
            if named_places == SETTLEMENT_LABELS:
                break
    return named


def save_figure(fig: Figure, out: str | Path) -> Path:
    """Write a figure from :func:`figure` to a file; the suffix gives the format.

    SVG and PDF keep text as text (searchable and editable; the PDF embeds
    its TrueType fonts), and no creation date is written, so the same figure
    gives the same bytes. No global matplotlib setting is changed.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    out : str or pathlib.Path
        File to write, ending in ``.png``, ``.svg`` or ``.pdf``; its folder
        is created if needed. It is written atomically: an interrupted save
        leaves the previous file, or none.

    Returns
    -------
    pathlib.Path
        The absolute path written.

    Raises
    ------
    ValueError
        If ``out`` does not end in ``.png``, ``.svg`` or ``.pdf``.
    """
    import matplotlib

    _check_out(out)
    path = Path(out)
    fmt = path.suffix.lower().lstrip(".")
    path.parent.mkdir(parents=True, exist_ok=True)
    info = getattr(fig, "borderkit", None)
    metadata: dict[str, str | None] = {"Title": (info.title if info else "") or "borderkit figure"}
    if fmt == "svg":
        metadata["Date"] = None
    elif fmt == "pdf":
        metadata["CreationDate"] = None
    rc = {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "borderkit"}
    with matplotlib.rc_context(rc), atomic_path(path) as tmp:
        fig.savefig(tmp, format=fmt, metadata=metadata, facecolor="white")
    return path.resolve()


def _check_out(out: str | Path | None) -> None:
    if out is not None and Path(out).suffix.lower().lstrip(".") not in FORMATS:
        msg = f"cannot write a figure to {out}: the file name must end in .png, .svg or .pdf"
        raise ValueError(msg)


def figure(
    *,
    out: str | Path | None = None,
    settlements: bool | gpd.GeoDataFrame = False,
    crossings: gpd.GeoDataFrame | None = None,
    title: str | None = DEFAULT_TITLE,
    figsize: tuple[float, float] = (7, 8),
    dpi: int = 300,
    extent: Sequence[float] | None = None,
) -> Figure:
    """Draw the border as a static map for a paper, readable in black and white.

    The map shows the two countries (two light greys, named), their
    provinces (thin dashed lines), the border (thick black line) split into
    corridors between the crossings (alternately banded, each labelled with
    its geodesic length along the line), the crossings (marker shape by
    status, names placed clear of each other) and optionally the settlements
    near the border (grey dots, area by population). A scale bar, an arrow to
    true north, a legend, and the sources of every frame drawn with the
    projection used complete it. Everything is bundled: no network needed.

    Parameters
    ----------
    out : str or pathlib.Path, optional
        Write the figure here; the suffix gives the format: ``.png``,
        ``.svg`` or ``.pdf``. SVG and PDF keep text as text (see
        :func:`save_figure`, which also writes a figure drawn before).
    settlements : bool or geopandas.GeoDataFrame
        ``True`` draws the GeoNames settlements within ``SETTLEMENTS_KM``
        (50 km) of the border and names the largest on the map; a
        GeoDataFrame of points in the settlements schema draws those instead.
    crossings : geopandas.GeoDataFrame, optional
        Crossings to draw (crossings schema, as from
        :func:`borderkit.load_crossings`); default: the bundled ones.
    title : str or None
        Title above the map, with a note under it that the line is a de facto
        boundary; ``None`` or ``""`` leaves both out.
    figsize : tuple of float
        Width and height of the figure, inches.
    dpi : int
        Resolution of PNG output, dots per inch.
    extent : sequence of four float, optional
        ``(west, south, east, north)`` of the area to show at least, degrees
        (EPSG:4326); default: the border's bounding box and a margin. The map
        shows more in one direction to fill its frame.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, on its own Agg canvas (pyplot does not manage it). Its
        ``borderkit`` attribute, a :class:`FigureInfo`, says what was drawn
        where: projection, scale bar, north arrow, attribution.

    Raises
    ------
    ValueError
        If ``out`` does not end in ``.png``, ``.svg`` or ``.pdf``, ``extent``
        is not four numbers with west < east and south < north, or ``dpi`` or
        ``figsize`` is not positive.
    CRSError
        If ``crossings`` or ``settlements`` has no CRS.

    Examples
    --------
    >>> import borderkit as bk
    >>> fig = bk.figure(out="durand_line.pdf")  # doctest: +SKIP
    >>> fig.borderkit.scale_bar_km  # doctest: +SKIP
    300.0
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        msg = "borderkit.figure needs matplotlib: pip install 'matplotlib>=3.8'"
        raise ImportError(msg) from exc

    _check_out(out)
    if not (isinstance(dpi, int | float) and dpi > 0) or len(figsize) != 2 or min(figsize) <= 0:
        msg = f"dpi must be positive and figsize two positive sizes in inches, not {dpi!r} and {figsize!r}"
        raise ValueError(msg)
    asked = None if extent is None else _check_extent(extent)
    data = _load(crossings, settlements)
    line = data.border.geometry.iloc[0]
    west, south, east, north = line.bounds if asked is None else asked
    lon0, lat0 = round((west + east) / 2.0, 1), round((south + north) / 2.0, 1)
    crs = aeqd(lon0, lat0)
    project = _projector(crs)
    xmin, ymin, xmax, ymax = project(shapely.segmentize(box(west, south, east, north), 0.25)).bounds
    if extent is None:
        pad = 0.04 * max(xmax - xmin, ymax - ymin)
        xmin, ymin, xmax, ymax = xmin - pad, ymin - pad, xmax + pad, ymax + pad

    fig = Figure(figsize=figsize, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    width_in, height_in = figsize
    top, bottom, side = 1.0 - 0.2 / height_in, 0.14 / height_in, 0.25 / width_in

    # Title and note at the top.
    if title:
        t = fig.text(0.5, top, title, ha="center", va="top", fontsize=11, fontweight="bold", gid="title")
        top -= t.get_window_extent(renderer).height / fig.bbox.height + 0.006
        name = str(data.border["name"].iloc[0])
        note = (
            "The Durand Line is the de facto boundary; Afghanistan does not recognise it."
            if name == "Durand Line"
            else f"The {name} as drawn in the bundled country outlines (de facto boundary)."
        )
        n = fig.text(
            0.5, top, note, ha="center", va="top", fontsize=7.5, style="italic", color=_TEXT_GREY, gid="note"
        )
        top -= n.get_window_extent(renderer).height / fig.bbox.height + 0.014

    # Sources and projection at the bottom, the legend above them (text measured, then placed).
    credits = "Data: " + _credits(data) + "."
    attr = fig.text(
        0.5,
        bottom,
        "",
        ha="center",
        va="bottom",
        fontsize=6.0,
        color=_TEXT_GREY,
        linespacing=1.35,
        gid="attribution",
    )
    _fit(attr, [credits, _projection_note(lon0, lat0, 0.01)], 1 - 2 * side, renderer)
    attr_top = bottom + attr.get_window_extent(renderer).height / fig.bbox.height
    handles, labels = _legend_handles(data)
    legend = fig.legend(
        handles,
        labels,
        loc="lower center",
        bbox_to_anchor=(0.5, attr_top + 0.01),
        ncols=3,
        fontsize=6.5,
        frameon=False,
        handlelength=2.6,
        handleheight=1.2,
        columnspacing=1.5,
        borderaxespad=0.0,
        borderpad=0.2,
        labelspacing=0.6,
    )
    legend.set_gid("legend")
    legend_top = attr_top + 0.01 + legend.get_window_extent(renderer).height / fig.bbox.height

    # The map fills the space between; its data limits grow in one direction to match its shape.
    ax_bottom = legend_top + 0.012
    ax = fig.add_axes((side, ax_bottom, 1 - 2 * side, top - ax_bottom))
    ax.set_axis_off()
    box_w, box_h = (1 - 2 * side) * width_in, (top - ax_bottom) * height_in
    cx, cy, w, h = (xmin + xmax) / 2.0, (ymin + ymax) / 2.0, xmax - xmin, ymax - ymin
    if h / w < box_h / box_w:
        h = w * box_h / box_w
    else:
        w = h * box_w / box_h
    bounds = (cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0)
    ax.set_xlim(bounds[0], bounds[2])
    ax.set_ylim(bounds[1], bounds[3])
    ax.set_aspect("equal", adjustable="box")
    from matplotlib.patches import Rectangle

    ax.add_artist(
        Rectangle(
            (0, 0),
            1,
            1,
            transform=ax.transAxes,
            fill=False,
            edgecolor="black",
            linewidth=0.8,
            zorder=20,
            clip_on=False,
        )
    )
    m = _Map(
        ax=ax,
        crs=crs,
        project=project,
        bounds=bounds,
        pt=w / (box_w * 72.0),
        tol=w / (box_w * max(dpi, 300)) / 2.0,
        placer=_Placer(ax, renderer),
    )

    # The scale error over the whole frame, now that it is known, in the text under the map.
    gx, gy = np.meshgrid(np.linspace(bounds[0], bounds[2], 9), np.linspace(bounds[1], bounds[3], 9))
    scale_error = _scale_error(crs, *m.to_lonlat.transform(gx.ravel(), gy.ravel()))
    attribution = _fit(attr, [credits, _projection_note(lon0, lat0, scale_error)], 1 - 2 * side, renderer)

    country_shapes = _draw_countries(m, data)
    _draw_provinces(m, data)
    if data.places is not None and len(data.places):
        _draw_settlements(m, data.places)
    _draw_border(m, data)
    crossing_xy = _draw_crossings(m, data.crossings)
    bar_x, bar_y, bar_km = _draw_scale_bar(m)
    arrow_lon, arrow_lat, angle = _draw_north_arrow(m)
    named = _label_map(m, data, crossing_xy, country_shapes)

    fig.borderkit = FigureInfo(  # type: ignore[attr-defined]
        crs=crs,
        centre=(lon0, lat0),
        bounds_m=tuple(float(v) for v in bounds),  # type: ignore[arg-type]
        scale_bar_km=bar_km,
        scale_bar_m=((bar_x, bar_y), (bar_x + bar_km * 1000.0, bar_y)),
        north_arrow=(arrow_lon, arrow_lat),
        north_angle_deg=angle,
        scale_error=scale_error,
        attribution=attribution,
        crossing_labels=tuple(named),
        title=title or "",
    )
    if out is not None:
        save_figure(fig, out)
    return fig
