"""Label placement: names put where they overlap neither each other nor what is drawn."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point, box
from shapely.ops import polylabel

from ._common import _TEXT_GREY, SETTLEMENT_LABELS, _Data, _Map, _point_and_angle, _settlement_size

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.text import Text


def _add_halo(t: Text, width: float) -> None:
    """Put a white outline of ``t`` under it, so it reads over lines and fills.

    The outline is a second, white text with a white stroke, drawn just
    below; the text itself carries no path effect, so SVG and PDF keep it as
    text (a path effect would turn it into outlines).
    """
    from matplotlib import patheffects
    from matplotlib.text import Annotation

    ax: Any = t.axes
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


# A score under this means a label overlaps no other label, marker or reserved area (it may cross lines).
_CROSSES_LINES = 99.0

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


def _label_map(
    m: _Map,
    data: _Data,
    crossing_xy: np.ndarray,
    countries: list[shapely.Geometry],
    *,
    skip_corridors: Collection[str] = (),
) -> tuple[list[str], list[str]]:
    """Name the crossings, the border's ends, the corridors' lengths, the countries and big settlements.

    The length of a corridor in ``skip_corridors`` (segment ids) is not
    written on the map (the caller notes it under the map); a length that
    fits nowhere without overlapping another label or marker is left out
    too. Returns the crossing names written and the ids of the corridors
    whose length was left out though not in ``skip_corridors``.
    """
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

    missed: list[str] = []
    if data.segments is not None:
        pieces = [m.project(g) for g in data.segments.geometry]
        ids, lengths = list(data.segments["segment_id"]), list(data.segments["length_km"])
        for k in sorted(range(len(pieces)), key=lambda j: pieces[j].length):  # the shortest have least room
            sid, km = ids[k], lengths[k]
            piece = pieces[k]
            if piece.length <= 0 or str(sid) in skip_corridors:
                continue
            others = shapely.union_all([g for j, g in enumerate(pieces) if j != k and g.length > 0])

            def own(c: _Candidate, piece: LineString = piece, others: shapely.Geometry = others) -> bool:
                """Whether a length label there is nearer its own corridor than any other (no misreading)."""
                (x, y), dx, dy = c[0], c[1], c[2]
                at = Point(x + dx * m.pt, y + dy * m.pt)
                return others.is_empty or piece.distance(at) < 0.6 * others.distance(at)

            cands: list[_Candidate] = []
            for frac in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
                p, ang = _point_and_angle(piece, frac * piece.length, max(0.12 * piece.length, 20 * m.pt))
                if not m.inside(p.x, p.y):
                    continue
                rot = ((ang + 90.0) % 180.0) - 90.0  # along the line, never upside down
                nx, ny = -math.sin(math.radians(rot)), math.cos(math.radians(rot))
                cands += [
                    c
                    for off in (9.5, 15.0)
                    for s in (1, -1)
                    if own(c := ((p.x, p.y), s * nx * off, s * ny * off, "center", "center", rot))
                ]
            if not cands:
                continue
            length_label = placer.place(
                f"{km:,.0f} km",
                cands,
                max_score=_CROSSES_LINES,  # may cross a line, never another label or a marker
                fontsize=6.8,
                style="italic",
                halo=2.0,
                zorder=11,
                gid=f"label-corridor-{sid}",
            )
            if length_label is None:
                missed.append(str(sid))

    if data.places is not None and len(data.places):
        pop = data.places["population"].astype("float64").fillna(0.0).to_numpy()
        pts = m.points(data.places)
        ranked = [i for i in np.argsort(-pop) if pop[i] > 0 and m.inside(*pts[i])]
        named_places = 0
        for i in ranked[: 2 * SETTLEMENT_LABELS]:  # the largest, where a name fits without overlap
            r = math.sqrt(float(_settlement_size(pop[i : i + 1])[0])) / 2.0
            place_label = placer.place(
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
            named_places += place_label is not None
            if named_places == SETTLEMENT_LABELS:
                break
    return named, missed
