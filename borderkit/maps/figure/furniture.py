"""Map furniture: the scale bar, the north arrow, the legend and the credits under the map."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from ._common import (
    _BAND_GREY,
    _BAND_WIDTH,
    _BORDER_WIDTH,
    _COUNTRY_GREYS,
    _NICE_KM,
    _PROVINCE_GREY,
    _SETTLEMENT_GREY,
    _STATUS_MARKERS,
    _as_of_text,
    _attribution_of,
    _Data,
    _Map,
    _settlement_size,
    _status_class,
)
from .labels import _sentence_case

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.text import Text


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
    classes = crossings["status"].map(_status_class)
    for cls in [c for c in _STATUS_MARKERS if c in set(classes)]:
        marker, filled, wording = _STATUS_MARKERS[cls]
        if cls == "restricted":  # name the restrictions drawn: "open with restrictions (returnees only)"
            kinds = sorted({str(s) for s in crossings.loc[classes == cls, "status"]} - {"restricted"})
            wording += f" ({'; '.join(kinds)})" if kinds else ""
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
        labels.append(f"Crossing, {wording}")
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


def _figure_notes(data: _Data, unlabelled: Sequence[str]) -> str:
    """Return the notes printed above the sources: when the statuses were reported, corridors not labelled."""
    notes = []
    known = data.crossings[data.crossings["status"].map(_status_class) != "unknown"]
    when = _as_of_text(known["as_of"]) if "as_of" in known.columns else ""
    if when:
        notes.append(f"Crossing status {when}.")
    if unlabelled:
        notes.append(f"Corridors too short to label at this scale: {', '.join(unlabelled)}.")
    return " ".join(notes)


def _fit(t: Text, paragraphs: Sequence[str], width: float, renderer: RendererBase) -> str:
    """Wrap ``paragraphs`` into ``t`` at the most characters a line that fit ``width`` (figure fraction)."""
    fig: Any = t.get_figure()
    fig_width = fig.bbox.width
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
