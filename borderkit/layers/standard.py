"""The standard layers of a border map, built from the loaders' frames."""

from __future__ import annotations

from itertools import pairwise

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from ..geo import (
    distance_to_border,
    load_admin_units,
    load_border,
    load_countries,
    load_crossings,
    load_settlements,
    nearest_crossing,
)
from ..geo.border import BORDER_STATUS
from ..geo.corridors import border_segments, border_zone
from . import palette
from .model import Layer, LegendEntry
from .palette import BORDER_COLOR, CORRIDOR_COLORS, COUNTRY_COLORS, STATUS_COLORS

# Holes smaller than this are dropped from the drawn country outlines (lakes and river
# channels that show as dark squiggles at regional zoom); analysis keeps the outlines whole.
DISPLAY_MIN_HOLE_KM2 = 100.0


def countries_layer(frame: gpd.GeoDataFrame | None = None) -> Layer:
    """Country outlines, filled lightly so the map reads without base tiles."""
    frame = load_countries() if frame is None else frame
    frame = drop_small_holes(frame, min_area_km2=DISPLAY_MIN_HOLE_KM2)
    frame = frame.assign(fill=frame["iso3"].map(COUNTRY_COLORS).fillna(palette.COUNTRY_FALLBACK))
    return Layer(
        name="Countries",
        frame=frame,
        kind="polygon",
        style={"color": palette.GREY_DARK, "weight": 1, "fill_color_from": "fill", "fill_opacity": 0.12},
        tooltip=[("name", "Country")],
        legend=[
            LegendEntry(frame.loc[frame.iso3 == iso3, "name"].iloc[0], color, "fill")
            for iso3, color in COUNTRY_COLORS.items()
            if iso3 in set(frame["iso3"])
        ],
        group="base",
    )


def provinces_layer(frame: gpd.GeoDataFrame | None = None) -> Layer:
    """Provinces (admin level 1) of both countries."""
    frame = load_admin_units(level=1) if frame is None else frame
    return Layer(
        name="Provinces",
        frame=frame,
        kind="polygon",
        style={"color": palette.PROVINCE_COLOR, "weight": 0.8, "fill_opacity": 0.0, "dash": "4 3"},
        tooltip=[("name", "Province"), ("country", "Country")],
        popup=[("name", "Province"), ("unit_id", "Code"), ("country", "Country")],
        legend=[LegendEntry("Province boundary", palette.PROVINCE_COLOR, "dashed-line")],
        group="boundaries",
    )


def border_layer(frame: gpd.GeoDataFrame | None = None) -> Layer:
    """Build the border-line layer; its label says what the line is (the Durand Line: de facto, disputed)."""
    frame = load_border() if frame is None else frame
    name = frame["name"].iloc[0]
    status = BORDER_STATUS.get(frozenset(str(frame["countries"].iloc[0]).split("-")), "")
    label = f"{name}: {status}" if status else name
    frame = frame.assign(label=label, length_label=frame["length_km"].map(lambda v: f"{v:,.0f} km"))
    return Layer(
        name=label,
        frame=frame,
        kind="line",
        style={"color": BORDER_COLOR, "weight": 3.5, "opacity": 0.9},
        tooltip=[("label", "Border"), ("length_label", "Length (geodesic)")],
        popup=[("label", "Border"), ("length_label", "Length (geodesic, WGS84)"), ("countries", "Countries")],
        legend=[LegendEntry(label, BORDER_COLOR, "line")],
        group="boundaries",
    )


def _km(value: float) -> str:
    return f"{value:,.0f} km"


def corridors_layer(
    segments: gpd.GeoDataFrame,
    density: gpd.GeoDataFrame | None = None,
    *,
    monthly: pd.DataFrame | None = None,
) -> Layer:
    """Build the layer of the corridors between crossings: a neutral band beneath the line.

    Neighbouring corridors alternate two greys (the line itself keeps its one
    colour, drawn above). With ``density`` (from
    :func:`borderkit.geo.events.events_by_segment`), corridors are shaded by
    events per 100 km of border instead: classes by Fisher-Jenks breaks
    (:func:`borderkit.layers.palette.class_breaks`) on the viridis ramp, and
    corridors without events in grey; the tooltip gives the count and
    fatalities. ``monthly`` (corridors x months, event counts) lets a map's
    time control re-shade the corridors for the months it shows.
    """
    frame = segments.assign(
        corridor=segments["from_name"] + " → " + segments["to_name"],
        length_label=segments["length_km"].map(_km),
        chainage=segments["start_km"].map(lambda v: f"{v:,.0f}") + "–" + segments["end_km"].map(_km),
        color=[CORRIDOR_COLORS[i % len(CORRIDOR_COLORS)] for i in range(len(segments))],
    )
    tooltip = [("corridor", "Corridor"), ("length_label", "Length along the line (geodesic)")]
    legend = [LegendEntry("Corridor between crossings (alternating greys)", CORRIDOR_COLORS[0], "line")]
    name = "Border corridors between crossings"
    time_classes = None
    if density is not None:
        per = density.set_index("segment_id").reindex(frame["segment_id"])
        rate = per["events_per_100km"].fillna(0.0).to_numpy()
        uppers, labels = palette.class_breaks(rate)
        colors = palette.ramp(len(uppers))
        classes = [palette.class_of(r, uppers) for r in rate]
        frame["color"] = [colors[c] if c >= 0 else palette.NO_EVENTS_COLOR for c in classes]
        frame["events_label"] = [
            f"{int(n):,} events, {int(f):,} deaths, {r:,.1f} per 100 km"
            for n, f, r in zip(per["count"].fillna(0), per["fatalities"].fillna(0), rate, strict=True)
        ]
        tooltip.append(("events_label", "Events (all dates)"))
        name = "Border corridors shaded by events per 100 km"
        legend = [LegendEntry("Events per 100 km: none", palette.NO_EVENTS_COLOR, "line")] + [
            LegendEntry(f"Events per 100 km: {label}", color, "line")
            for label, color in zip(labels, colors, strict=True)
        ]
        if monthly is not None:
            time_classes = {"uppers": uppers, "colors": colors, "none": palette.NO_EVENTS_COLOR}
    layer = Layer(
        name=name,
        frame=frame,
        kind="line",
        style={"color_from": "color", "weight": 9, "opacity": 0.75},
        tooltip=tooltip,
        popup=[
            *tooltip[:1],
            ("length_label", "Length (geodesic, WGS84)"),
            ("chainage", "Chainage from the north end"),
            *tooltip[2:],
        ],
        legend=legend,
        attribution="",
        group="analysis",
    )
    if time_classes is not None and monthly is not None:
        counts = monthly.reindex(frame["segment_id"]).fillna(0).astype("int64")
        layer.time_counts = {
            "months": [str(p) for p in counts.columns],
            "counts": counts.to_numpy().tolist(),
            "length_km": frame["length_km"].astype(float).tolist(),
            **time_classes,
        }
    return layer


def crossings_layer(
    crossings: gpd.GeoDataFrame,
    segments: gpd.GeoDataFrame | None = None,
    *,
    history: pd.DataFrame | None = None,
) -> Layer:
    """Crossing points coloured by status, with a popup of names, status, kind, citation and corridors.

    Every restriction (trade only, returnees only...) is drawn as restricted
    (:func:`borderkit.layers.palette.status_class`). With ``history`` (a status
    history, :func:`~borderkit.geo.status.load_crossing_status`), the popup
    lists each crossing's last changes of status with their sources, and a
    map's time slider colours the crossings by their status on the day it
    shows; without a slider they keep their ``status`` (today's).
    """
    frame = crossings.copy()
    frame["status_color"] = frame["status"].map(palette.status_color)
    citations = [c for c in ("coord_source", "status_source", "kind_source") if c in frame.columns]
    frame["status_label"] = frame["status"] + frame["as_of"].map(lambda d: f" (as of {d})" if d else "")
    popup = [
        ("name", "Crossing"),
        ("alt_names", "Names on each side"),
        ("status_label", "Status"),
        ("kind", "Kind"),
        ("pk_side", "Pakistan side"),
        ("af_side", "Afghanistan side"),
    ]
    if segments is not None:
        north = segments.set_index("to_crossing")
        south = segments.set_index("from_crossing")
        ids = frame["crossing_id"]
        frame["corridor_north"] = [
            f"{_km(north.at[i, 'length_km'])} to {north.at[i, 'from_name']}" if i in north.index else ""
            for i in ids
        ]
        frame["corridor_south"] = [
            f"{_km(south.at[i, 'length_km'])} to {south.at[i, 'to_name']}" if i in south.index else ""
            for i in ids
        ]
        popup += [("corridor_north", "Corridor to the north"), ("corridor_south", "Corridor to the south")]
    for col, label in (
        ("location_precision", "Location"),
        ("coord_source", "Coordinate source"),
        ("status_source", "Status source"),
        ("kind_source", "Kind source"),
        ("notes", "Notes"),
    ):
        if col in frame.columns:
            popup.append((col, label))
    present = [s for s in palette.STATUS_CLASSES if s in set(frame["status"].map(palette.status_class))]
    notes = {
        "restricted": " (today: trade only, returnees only...)",
        "unknown": " (no dated source for today)",
    }
    legend = [
        LegendEntry(f"Crossing: {s}{notes.get(s, ' (today)')}", STATUS_COLORS[s], "circle") for s in present
    ]
    time_style = None
    histories: list[str] = []
    if history is not None:
        from .timed import status_history_columns, status_time_style

        intervals, changes = status_history_columns(frame, history)
        frame["status_changes"] = changes
        popup.insert(3, ("status_changes", "Last changes of status"))
        histories = ["status_changes"]
        time_style = status_time_style(intervals)
    return Layer(
        name="Crossing points",
        frame=frame,
        kind="point",
        style={
            "fill_color_from": "status_color",
            "color": "#111111",
            "weight": 1.5,
            "radius": 8,
            "fill_opacity": 0.9,
        },
        tooltip=[("name", "Crossing"), ("status_label", "Status")],
        popup=popup,
        legend=legend,
        group="crossings",
        citations=citations,
        histories=histories,
        time_style=time_style,
    )


def zone_layer(zone: gpd.GeoDataFrame) -> Layer:
    """Build the layer of the zone within a distance of the border (off when the map opens)."""
    km = zone["distance_km"].iloc[0]
    side = zone["side"].iloc[0]
    where = "both sides" if side == "both" else f"{side} side"
    frame = zone.assign(
        label=f"Within {km:g} km of the border ({where})",
        area_label=zone["area_km2"].map(lambda a: f"{a:,.0f} km²"),
    )
    return Layer(
        name=f"Zone within {km:g} km of the border",
        frame=frame,
        kind="polygon",
        style={
            "color": palette.ZONE_COLOR,
            "weight": 1,
            "fill_color": palette.ZONE_COLOR,
            "fill_opacity": 0.12,
        },
        tooltip=[("label", "Zone"), ("area_label", "Area (geodesic)")],
        legend=[LegendEntry(f"Within {km:g} km of the border", palette.ZONE_COLOR, "fill")],
        attribution="",
        group="analysis",
        show=False,
    )


_COMPASS = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]


def settlements_layer(
    settlements: gpd.GeoDataFrame,
    crossings: gpd.GeoDataFrame,
    border: gpd.GeoDataFrame | None = None,
    *,
    border_distance_m: pd.Series | None = None,
) -> Layer:
    """Settlements sized by population, with the nearest crossing and its distance in the popup.

    ``border_distance_m`` (aligned to ``settlements``) saves measuring the
    distance to ``border`` again when the caller has it.
    """
    near = nearest_crossing(settlements, crossings)
    names = crossings.set_index("crossing_id")["name"]
    frame = settlements.copy()
    pop = frame["population"].astype("float64")
    frame["population_label"] = pop.map(lambda p: "unknown" if np.isnan(p) or p == 0 else f"{p:,.0f}")
    # Area proportional to population: radius ~ sqrt(population), 3-18 px.
    frame["radius"] = np.clip(3 + np.sqrt(pop.fillna(0).to_numpy()) / 60.0, 3, 18).round(1)
    compass = [_COMPASS[int(((b + 22.5) % 360) // 45)] for b in near["bearing_deg"]]
    frame["nearest_crossing"] = [
        f"{names.get(c, c)}: {d / 1000:,.1f} km {s}"
        for c, d, s in zip(near["crossing_id"], near["distance_m"], compass, strict=True)
    ]
    popup = [
        ("name", "Settlement"),
        ("population_label", "Population (GeoNames)"),
        ("nearest_crossing", "Nearest crossing (straight line)"),
    ]
    if border is not None:
        if border_distance_m is None:
            border_distance_m = distance_to_border(settlements, border)
        frame["border_label"] = (border_distance_m / 1000).map(lambda v: f"{v:,.1f} km")
        popup.append(("border_label", "Distance to the border"))
    return Layer(
        name="Settlements (sized by population)",
        frame=frame,
        kind="point",
        style={
            "radius_from": "radius",
            "color": palette.SETTLEMENT_STROKE,
            "weight": 1,
            "fill_color": palette.SETTLEMENT_COLOR,
            "fill_opacity": 0.8,
        },
        tooltip=[("name", "Settlement"), ("population_label", "Population")],
        popup=popup,
        legend=[LegendEntry("Settlement (area by population)", palette.SETTLEMENT_COLOR, "circle")],
        group="settlements",
    )


def reach_layer(crossings: gpd.GeoDataFrame, distance_km: float = 25.0) -> Layer:
    """Geodesic discs of ``distance_km`` around each crossing (off when the map opens)."""
    from ..geo.reach import reach_zones

    zones = reach_zones(crossings, [distance_km])
    names = crossings.set_index("crossing_id")["name"]
    frame = zones.assign(
        label=[f"Within {distance_km:g} km of {names.get(c, c)}" for c in zones["crossing_id"]]
    )
    return Layer(
        name=f"Reach: {distance_km:g} km around each crossing",
        frame=frame,
        kind="polygon",
        style={
            "color": palette.REACH_COLOR,
            "weight": 1,
            "fill_color": palette.REACH_COLOR,
            "fill_opacity": 0.1,
            "dash": "3 3",
        },
        tooltip=[("label", "Reach")],
        legend=[LegendEntry(f"Within {distance_km:g} km of a crossing", palette.REACH_COLOR, "fill")],
        attribution="",
        group="analysis",
        show=False,
    )


def corridor_density(
    events: gpd.GeoDataFrame | None, segments: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame | None, pd.DataFrame | None]:
    """Events per corridor, and per corridor and month; (None, None) without events.

    Events farther than 50 km from the line are counted by
    :func:`~borderkit.geo.events.events_by_segment`, not drawn.
    """
    if events is None or not len(events):
        return None, None
    import warnings

    from ..geo.events import UnassignedEventsWarning, events_by_segment

    located = events[~events.geometry.isna() & ~events.geometry.is_empty]
    month = pd.to_datetime(located["date"], errors="coerce").dt.to_period("M")
    with warnings.catch_warnings():  # the map shows the events near the line; the rest are counted
        warnings.simplefilter("ignore", UnassignedEventsWarning)
        total = events_by_segment(located, segments, max_distance_km=50.0)
        columns = {
            period: events_by_segment(group, segments, max_distance_km=50.0).set_index("segment_id")["count"]
            for period, group in located.groupby(month, sort=True)
        }
    monthly = pd.DataFrame(columns, index=segments["segment_id"]) if columns else None
    return total, monthly


def drop_small_holes(frame: gpd.GeoDataFrame, *, min_area_km2: float) -> gpd.GeoDataFrame:
    """Return ``frame`` with the polygon holes smaller than ``min_area_km2`` (geodesic) filled.

    For drawing only: lakes and river channels cut into land outlines show as
    dark squiggles at regional zoom. Analysis keeps the loaders' outlines.
    Vectorised over all the holes of the frame (3,000 in the two countries'
    outlines); only those near the threshold are measured on the ellipsoid.
    """
    geod = Geod(ellps="WGS84")
    km2_per_deg2 = 111.32**2  # at the equator; times cos(latitude) below
    geoms = frame.geometry.to_numpy()
    which = np.flatnonzero([g is not None and g.geom_type in {"Polygon", "MultiPolygon"} for g in geoms])
    parts, owner = shapely.get_parts(geoms[which], return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)  # each part's exterior, then its holes
    ring_starts = np.searchsorted(ring_part, np.arange(len(parts) + 1))
    is_hole = np.ones(len(rings), bool)
    is_hole[ring_starts[:-1][ring_starts[:-1] < ring_starts[1:]]] = False  # the exteriors
    holes = shapely.polygons(rings[is_hole])
    # A planar estimate first (within a few % at these sizes); geodesic near the threshold only.
    approx = shapely.area(holes) * km2_per_deg2 * np.cos(np.radians(shapely.get_y(shapely.centroid(holes))))
    keep_hole = approx > min_area_km2 * 2
    for i in np.flatnonzero((approx >= min_area_km2 / 2) & ~keep_hole):
        keep_hole[i] = abs(geod.geometry_area_perimeter(holes[i])[0]) / 1e6 >= min_area_km2
    kept = ~is_hole
    kept[is_hole] = keep_hole
    filled = list(parts)  # an empty part has no rings and stays as it is
    for j, (lo, hi) in enumerate(pairwise(ring_starts)):
        if hi > lo:
            own = rings[lo:hi][kept[lo:hi]]
            filled[j] = shapely.Polygon(own[0], list(own[1:]))
    part_starts = np.searchsorted(owner, np.arange(len(which) + 1))
    out = geoms.copy()
    for k, i in enumerate(which):
        mine = filled[part_starts[k] : part_starts[k + 1]]
        out[i] = mine[0] if geoms[i].geom_type == "Polygon" else shapely.MultiPolygon(mine)
    return frame.set_geometry(gpd.GeoSeries(out, index=frame.index, crs=frame.crs), crs=frame.crs)


def major_places(
    *, min_population: int = 100_000, countries: tuple[str, ...] = ("AFG", "PAK")
) -> gpd.GeoDataFrame:
    """GeoNames places of at least ``min_population`` people in ``countries`` (for the map's search box)."""
    places = load_settlements("geonames", countries=list(countries))
    keep = (places["population"].fillna(0) >= min_population) & places["country"].isin(countries)
    return places[keep]


def frame_layer(
    frame: gpd.GeoDataFrame,
    name: str,
    *,
    color: str = palette.BLUE,
    tooltip: list[str] | None = None,
    group: str = "analysis",
    show: bool = True,
    attribution: str = "",
) -> Layer:
    """Make a styled Layer of your own GeoDataFrame, to draw with the standard ones.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Points, lines or polygons; reprojected to EPSG:4326 if in another CRS.
    name : str
        Label in the layer control and the legend.
    color : str
        CSS colour of the features (default: the palette's blue).
    tooltip : list of str, optional
        Columns shown on hover (default: ``name`` if the frame has one).
    group : str
        Layer-control group (``"analysis"``, ``"settlements"``, ...).
    show : bool
        Whether the layer is on when the map opens.
    attribution : str
        Credit for the data (default: from a ``source`` column, else the
        frame's ``attrs["attribution"]``, else none).

    Returns
    -------
    Layer

    Raises
    ------
    ValueError
        If the frame has no CRS, no features, or mixes points with lines or polygons.

    Examples
    --------
    >>> import borderkit as bk
    >>> from borderkit.layers import default_layers, frame_layer
    >>> wells = bk.load_crossings().head(3)  # any GeoDataFrame of yours
    >>> m = bk.make_map([*default_layers(), frame_layer(wells, "My points", color="#CC79A7")])
    """
    if frame.crs is None:
        msg = f"{name}: the frame has no CRS; set one (frame.set_crs('EPSG:4326') if it is lon/lat)"
        raise ValueError(msg)
    frame = frame.to_crs(4326)
    types = set(frame.geometry.dropna().geom_type)
    if not types:
        msg = f"{name}: the frame has no geometries to draw"
        raise ValueError(msg)
    kinds = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line"}
    found = {kinds.get(t, "polygon") for t in types}
    if len(found) > 1:
        msg = f"{name}: mixes {sorted(types)}; make one layer per kind of geometry"
        raise ValueError(msg)
    kind = found.pop()
    fields = tooltip if tooltip is not None else (["name"] if "name" in frame.columns else [])
    if not attribution and "source" not in frame.columns:
        attribution = str(frame.attrs.get("attribution", ""))
    style: dict[str, object] = {"color": color, "weight": 2 if kind != "polygon" else 1, "fill_color": color}
    if kind == "polygon":
        style["fill_opacity"] = 0.2
    symbol = {"point": "circle", "line": "line", "polygon": "fill"}[kind]
    return Layer(
        name=name,
        frame=frame,
        kind=kind,
        style=style,
        tooltip=[(c, c) for c in fields],
        popup=[(c, c) for c in fields],
        legend=[LegendEntry(name, color, symbol)],
        attribution=attribution,
        group=group,
        show=show,
    )


def region_layers(
    *,
    countries: gpd.GeoDataFrame,
    provinces: gpd.GeoDataFrame,
    border: gpd.GeoDataFrame,
    zone: gpd.GeoDataFrame,
    crossings: gpd.GeoDataFrame,
    segments: gpd.GeoDataFrame | None,
    settlements: gpd.GeoDataFrame | None = None,
    settlements_border_m: pd.Series | None = None,
    events: gpd.GeoDataFrame | None = None,
    reach_km: float = 25.0,
    history: pd.DataFrame | None = None,
    extra: list[Layer] | None = None,
) -> list[Layer]:
    """Return the standard layers of a border region, from frames already loaded.

    Countries, provinces, the zone (off at first), the discs of ``reach_km``
    around each crossing (off at first), the corridors between crossings (a
    band under the line), the border, the settlements and the crossings.
    With ``events``, the corridors are shaded by events per 100 km (events
    within 50 km of the line; see :func:`borderkit.geo.events.events_by_segment`),
    month by month for the map's time slider. A region without crossings
    gets neither reach discs, corridors, settlements nor crossings. With
    ``history`` (a crossing status history) the crossings carry their last
    changes of status and follow a time slider; ``extra`` layers (flows,
    stocks: :func:`borderkit.layers.timed.displacement_layers`) are drawn
    just under the crossings (polygons just above the provinces).
    """
    extra = list(extra or [])
    layers = [countries_layer(countries), provinces_layer(provinces)]
    layers += [ly for ly in extra if ly.kind == "polygon"]  # choropleths under every line and point
    layers.append(zone_layer(zone))
    has_crossings = len(crossings) > 0 and segments is not None
    if has_crossings:
        density, monthly = corridor_density(events, segments)
        layers += [reach_layer(crossings, reach_km), corridors_layer(segments, density, monthly=monthly)]
    layers.append(border_layer(border))
    if has_crossings and settlements is not None and len(settlements):
        layers.append(
            settlements_layer(settlements, crossings, border, border_distance_m=settlements_border_m)
        )
    layers += [ly for ly in extra if ly.kind != "polygon"]
    if has_crossings:
        layers.append(crossings_layer(crossings, segments, history=history))
    return layers


def default_layers(
    *, zone_km: float = 25.0, settlements_km: float = 50.0, events: gpd.GeoDataFrame | None = None
) -> list[Layer]:
    """Return the layers of the default map (the Afghanistan-Pakistan border), see :func:`region_layers`.

    ``bk.region().layers`` gives the same layers from a :class:`~borderkit.Region`,
    which loads each frame once and shares it with the exports and the figure.
    """
    border = load_border()
    crossings = load_crossings()
    places = load_settlements("geonames")
    to_border_m = distance_to_border(places, border)
    near = to_border_m <= settlements_km * 1000.0
    return region_layers(
        countries=load_countries(),
        provinces=load_admin_units(level=1),
        border=border,
        zone=border_zone(border, zone_km),
        crossings=crossings,
        segments=border_segments(border, crossings),
        settlements=places[near],
        settlements_border_m=to_border_m[near],
        events=events,
        reach_km=zone_km,
    )
