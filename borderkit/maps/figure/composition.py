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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS
from shapely.geometry import Point, box

from ..._atomic import atomic_path
from ...geo.geodesy import aeqd
from ...regions import Region
from ...regions import region as default_region
from ._common import (
    _BAND_GREY,
    _BAND_WIDTH,
    _BORDER_WIDTH,
    _COUNTRY_GREYS,
    _PROVINCE_GREY,
    _SETTLEMENT_GREY,
    _TEXT_GREY,
    DEFAULT_TITLE,
    FORMATS,
    _check_extent,
    _Data,
    _lines_of,
    _Map,
    _point_and_angle,
    _polygon_path,
    _projector,
    _scale_error,
    _settlement_size,
    _status_class,
    _status_style,
    _without_holes,
)
from .content import _corridor_text, _load, _short_corridors, region_title
from .furniture import (
    _credits,
    _draw_north_arrow,
    _draw_scale_bar,
    _figure_notes,
    _fit,
    _legend_handles,
    _projection_note,
)
from .labels import _label_map, _Placer

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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
    unlabelled_corridors : tuple of str
        Corridors too short at this scale for their length on the map
        (``"Teri Mangal–Kharlachi, 22 km"``), listed in the note under it.
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
    unlabelled_corridors: tuple[str, ...] = ()


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
    classes = crossings["status"].map(_status_class)
    for status in sorted(set(classes)):
        marker, filled, _ = _status_style(status)
        sel = (classes == status).to_numpy()
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
    with matplotlib.rc_context(rc), atomic_path(path) as tmp:  # type: ignore[arg-type]
        fig.savefig(tmp, format=fmt, metadata=metadata, facecolor="white")
    return path.resolve()


def _check_out(out: str | Path | None) -> None:
    if out is not None and Path(out).suffix.lower().lstrip(".") not in FORMATS:
        msg = f"cannot write a figure to {out}: the file name must end in .png, .svg or .pdf"
        raise ValueError(msg)


def figure(
    *,
    kind: str = "map",
    region: Region | None = None,
    out: str | Path | None = None,
    settlements: bool | gpd.GeoDataFrame = False,
    crossings: gpd.GeoDataFrame | None = None,
    title: str | None = DEFAULT_TITLE,
    figsize: tuple[float, float] | None = None,
    dpi: int = 300,
    extent: Sequence[float] | None = None,
    **flows_options: Any,
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
    kind : {"map", "flows"}
        ``"map"`` (default): the border as a map, described here;
        ``"flows"``: the returns across the border per crossing per month,
        closures shaded, drawn by
        :func:`~borderkit.maps.figure.flows.region_flows_figure` (``region``,
        ``out``, ``title``, ``figsize``, ``dpi`` apply; ``flows=``,
        ``status=`` and ``start=`` go to it).
    region : borderkit.Region, optional
        The border region to draw (its border, countries, provinces,
        crossings and corridors, loaded once by the Region); default
        :func:`borderkit.region` (Afghanistan-Pakistan).
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
        :func:`borderkit.load_crossings`); default: the region's.
    title : str or None
        Title above the map, with a note under it that the line is a de facto
        boundary; ``None`` or ``""`` leaves both out. The default names the
        region's border (:func:`region_title`).
    figsize : tuple of float, optional
        Width and height of the figure, inches; default ``(7, 8)`` for the
        map, ``(7, 4.2)`` for the flows.
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
        import matplotlib  # noqa: F401
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        msg = "borderkit.figure needs matplotlib: pip install 'matplotlib>=3.8'"
        raise ImportError(msg) from exc

    if kind not in ("map", "flows"):
        msg = f"kind must be 'map' or 'flows', not {kind!r}"
        raise ValueError(msg)
    if kind == "flows":
        from .flows import DEFAULT_TITLE as FLOWS_TITLE
        from .flows import region_flows_figure

        return region_flows_figure(
            default_region() if region is None else region,
            out=out,
            title=FLOWS_TITLE if title == DEFAULT_TITLE else title,
            figsize=(7.0, 4.2) if figsize is None else figsize,
            dpi=dpi,
            **flows_options,
        )
    if flows_options:
        msg = f"figure(kind='map') takes no {', '.join(sorted(flows_options))} (those are for kind='flows')"
        raise TypeError(msg)
    figsize = (7, 8) if figsize is None else figsize
    _check_out(out)
    if not (isinstance(dpi, int | float) and dpi > 0) or len(figsize) != 2 or min(figsize) <= 0:
        msg = f"dpi must be positive and figsize two positive sizes in inches, not {dpi!r} and {figsize!r}"
        raise ValueError(msg)
    asked = None if extent is None else _check_extent(extent)
    region = default_region() if region is None else region
    if title == DEFAULT_TITLE:
        title = region_title(region)
    data = _load(region, crossings, settlements)
    line = data.border.geometry.iloc[0]
    west, south, east, north = line.bounds if asked is None else asked
    lon0, lat0 = round((west + east) / 2.0, 1), round((south + north) / 2.0, 1)
    crs = aeqd(lon0, lat0)
    project = _projector(crs)
    xmin, ymin, xmax, ymax = project(shapely.segmentize(box(west, south, east, north), 0.25)).bounds
    if extent is None:
        pad = 0.04 * max(xmax - xmin, ymax - ymin)
        xmin, ymin, xmax, ymax = xmin - pad, ymin - pad, xmax + pad, ymax + pad

    box_w_pt = (1.0 - 2 * 0.25 / figsize[0]) * figsize[0] * 72.0
    skip = _short_corridors(data, project, (xmax - xmin) / box_w_pt)  # the map can only get wider
    while True:
        fig, missed = _compose(
            data,
            skip,
            (xmin, ymin, xmax, ymax),
            crs,
            project,
            lon0=lon0,
            lat0=lat0,
            title=title,
            figsize=figsize,
            dpi=dpi,
        )
        if not missed:
            break
        skip |= set(missed)  # a length that fits nowhere: noted under the map instead, drawn again
    if out is not None:
        save_figure(fig, out)
    return fig


def _compose(
    data: _Data,
    skip: set[str],
    limits: tuple[float, float, float, float],
    crs: CRS,
    project: Any,
    *,
    lon0: float,
    lat0: float,
    title: str | None,
    figsize: tuple[float, float],
    dpi: int,
) -> tuple[Figure, list[str]]:
    """Lay out and draw the figure; return it and the corridors whose length label fitted nowhere."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    xmin, ymin, xmax, ymax = limits
    skipped = (
        []
        if data.segments is None
        else [_corridor_text(r) for r in data.segments.itertuples() if str(r.segment_id) in skip]
    )
    notes = _figure_notes(data, skipped)
    fig = Figure(figsize=figsize, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # the Agg canvas
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
    paragraphs = [p for p in (notes, credits) if p]
    _fit(attr, [*paragraphs, _projection_note(lon0, lat0, 0.01)], 1 - 2 * side, renderer)
    attr_top = bottom + attr.get_window_extent(renderer).height / fig.bbox.height
    handles, labels = _legend_handles(data)
    for ncols in (3, 2, 1):  # as many columns as fit the page's width
        legend = fig.legend(
            handles,
            labels,
            loc="lower center",
            bbox_to_anchor=(0.5, attr_top + 0.01),
            ncols=ncols,
            fontsize=6.5,
            frameon=False,
            handlelength=2.6,
            handleheight=1.2,
            columnspacing=1.5,
            borderaxespad=0.0,
            borderpad=0.2,
            labelspacing=0.6,
        )
        if legend.get_window_extent(renderer).width <= (1 - 2 * side) * fig.bbox.width or ncols == 1:
            break
        legend.remove()
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
    attribution = _fit(attr, [*paragraphs, _projection_note(lon0, lat0, scale_error)], 1 - 2 * side, renderer)

    country_shapes = _draw_countries(m, data)
    _draw_provinces(m, data)
    if data.places is not None and len(data.places):
        _draw_settlements(m, data.places)
    _draw_border(m, data)
    crossing_xy = _draw_crossings(m, data.crossings)
    bar_x, bar_y, bar_km = _draw_scale_bar(m)
    arrow_lon, arrow_lat, angle = _draw_north_arrow(m)
    named, missed = _label_map(m, data, crossing_xy, country_shapes, skip_corridors=skip)

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
        unlabelled_corridors=tuple(skipped),
    )
    return fig, missed
