"""The standard layers of a border map, built from the loaders' frames."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from ..geo import (
    distance_to_border,
    load_admin_units,
    load_border,
    load_countries,
    load_crossings,
    load_settlements,
    nearest_crossing,
)
from ..geo.corridors import border_segments, border_zone
from .model import Layer, LegendEntry

BORDER_COLOR = "#c0392b"
COUNTRY_COLORS = {"AFG": "#2e86c1", "PAK": "#229954"}
# Crossing status -> marker colour (readable for the common colour-vision deficiencies).
STATUS_COLORS = {
    "open": "#1a9850",
    "restricted": "#f59e0b",
    "closed": "#b2182b",
    "unknown": "#6b7280",
}
# Alternating corridor colours, so neighbouring corridors stand apart.
CORRIDOR_COLORS = ["#7b3294", "#e66101", "#008837", "#0571b0", "#ca0020", "#5e3c99"]


def countries_layer(frame: gpd.GeoDataFrame | None = None) -> Layer:
    """Country outlines, filled lightly so the map reads without base tiles."""
    frame = load_countries() if frame is None else frame
    frame = frame.assign(fill=frame["iso3"].map(COUNTRY_COLORS).fillna("#7f8c8d"))
    return Layer(
        name="Countries",
        frame=frame,
        kind="polygon",
        style={"color": "#555555", "weight": 1, "fill_color_from": "fill", "fill_opacity": 0.12},
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
        style={"color": "#7d3c98", "weight": 0.8, "fill_opacity": 0.0, "dash": "4 3"},
        tooltip=[("name", "Province"), ("country", "Country")],
        popup=[("name", "Province"), ("unit_id", "Code"), ("country", "Country")],
        legend=[LegendEntry("Province boundary", "#7d3c98", "dashed-line")],
        group="boundaries",
    )


def border_layer(frame: gpd.GeoDataFrame | None = None) -> Layer:
    """Build the border-line layer; its label says it is a de facto boundary where one side disputes it."""
    frame = load_border() if frame is None else frame
    name = frame["name"].iloc[0]
    label = f"{name}: de facto boundary"
    if name == "Durand Line":
        label = "Durand Line: de facto boundary, not recognised by Afghanistan"
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


# Sequential colours (ColorBrewer YlOrRd, 5 classes) for event density along corridors.
DENSITY_COLORS = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]


def corridors_layer(segments: gpd.GeoDataFrame, density: gpd.GeoDataFrame | None = None) -> Layer:
    """Build the layer of the border coloured by corridor, each corridor's length in its tooltip.

    With ``density`` (from :func:`borderkit.geo.events.events_by_segment`),
    corridors are shaded by events per 100 km of border instead, in five
    classes, and the tooltip gives the count and fatalities.
    """
    frame = segments.assign(
        corridor=segments["from_name"] + " → " + segments["to_name"],
        length_label=segments["length_km"].map(_km),
        chainage=segments["start_km"].map(lambda v: f"{v:,.0f}") + "–" + segments["end_km"].map(_km),
        color=[CORRIDOR_COLORS[i % len(CORRIDOR_COLORS)] for i in range(len(segments))],
    )
    tooltip = [("corridor", "Corridor"), ("length_label", "Length along the line (geodesic)")]
    legend = [LegendEntry("Corridor between crossings (one colour each)", CORRIDOR_COLORS[0], "line")]
    name = "Border corridors between crossings"
    if density is not None:
        per = density.set_index("segment_id").reindex(frame["segment_id"])
        rate = per["events_per_100km"].fillna(0.0).to_numpy()
        top = float(rate.max()) or 1.0
        edges = np.linspace(0, top, len(DENSITY_COLORS) + 1)
        classes = np.clip(np.searchsorted(edges, rate, side="right") - 1, 0, len(DENSITY_COLORS) - 1)
        frame["color"] = [DENSITY_COLORS[c] for c in classes]
        frame["events_label"] = [
            f"{int(n):,} events, {int(f):,} deaths, {r:,.1f} per 100 km"
            for n, f, r in zip(per["count"].fillna(0), per["fatalities"].fillna(0), rate, strict=True)
        ]
        tooltip.append(("events_label", "Events"))
        name = "Border corridors shaded by events per 100 km"
        legend = [
            LegendEntry(f"Events per 100 km: {a:,.0f}–{b:,.0f}", color, "line")
            for a, b, color in zip(edges[:-1], edges[1:], DENSITY_COLORS, strict=True)
        ]
    return Layer(
        name=name,
        frame=frame,
        kind="line",
        style={"color_from": "color", "weight": 5, "opacity": 0.9},
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


def crossings_layer(crossings: gpd.GeoDataFrame, segments: gpd.GeoDataFrame | None = None) -> Layer:
    """Crossing points coloured by status, with a popup of names, status, kind, citation and corridors."""
    frame = crossings.copy()
    frame["status_color"] = frame["status"].map(STATUS_COLORS).fillna(STATUS_COLORS["unknown"])
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
    present = [s for s in STATUS_COLORS if s in set(frame["status"])]
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
        legend=[LegendEntry(f"Crossing: {s}", STATUS_COLORS[s], "circle") for s in present],
        group="crossings",
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
        style={"color": "#b45309", "weight": 1, "fill_color": "#f59e0b", "fill_opacity": 0.15},
        tooltip=[("label", "Zone"), ("area_label", "Area (geodesic)")],
        legend=[LegendEntry(f"Within {km:g} km of the border", "#f59e0b", "fill")],
        attribution="",
        group="analysis",
        show=False,
    )


_COMPASS = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]


def settlements_layer(
    settlements: gpd.GeoDataFrame, crossings: gpd.GeoDataFrame, border: gpd.GeoDataFrame | None = None
) -> Layer:
    """Settlements sized by population, with the nearest crossing and its distance in the popup."""
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
        frame["border_label"] = (distance_to_border(settlements, border) / 1000).map(lambda v: f"{v:,.1f} km")
        popup.append(("border_label", "Distance to the border"))
    return Layer(
        name="Settlements (sized by population)",
        frame=frame,
        kind="point",
        style={
            "radius_from": "radius",
            "color": "#374151",
            "weight": 1,
            "fill_color": "#fbbf24",
            "fill_opacity": 0.75,
        },
        tooltip=[("name", "Settlement"), ("population_label", "Population")],
        popup=popup,
        legend=[LegendEntry("Settlement (area by population)", "#fbbf24", "circle")],
        group="settlements",
    )


def reach_layer(crossings: gpd.GeoDataFrame, distance_km: float = 25.0) -> Layer:
    """Geodesic discs of ``distance_km`` around each crossing (off when the map opens)."""
    from ..geo.raster import reach_zones

    zones = reach_zones(crossings, [distance_km])
    names = crossings.set_index("crossing_id")["name"]
    frame = zones.assign(
        label=[f"Within {distance_km:g} km of {names.get(c, c)}" for c in zones["crossing_id"]]
    )
    return Layer(
        name=f"Reach: {distance_km:g} km around each crossing",
        frame=frame,
        kind="polygon",
        style={"color": "#0e7490", "weight": 1, "fill_color": "#22d3ee", "fill_opacity": 0.12, "dash": "3 3"},
        tooltip=[("label", "Reach")],
        legend=[LegendEntry(f"Within {distance_km:g} km of a crossing", "#22d3ee", "fill")],
        attribution="",
        group="analysis",
        show=False,
    )


def corridor_density(events: gpd.GeoDataFrame | None, segments: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """Events per corridor, or None without events (those far from the line are reported, not drawn)."""
    if events is None or not len(events):
        return None
    import warnings

    from ..geo.events import UnassignedEventsWarning, events_by_segment

    located = events[~events.geometry.isna() & ~events.geometry.is_empty]
    with warnings.catch_warnings():  # the map shows the events near the line; the rest are counted
        warnings.simplefilter("ignore", UnassignedEventsWarning)
        return events_by_segment(located, segments, max_distance_km=50.0)


def default_layers(
    *, zone_km: float = 25.0, settlements_km: float = 50.0, events: gpd.GeoDataFrame | None = None
) -> list[Layer]:
    """Return the layers of the default map.

    Countries, provinces, the zone within ``zone_km`` of the border and the
    discs of ``zone_km`` around each crossing (both off at first), the
    border, the border coloured by corridor, the GeoNames settlements within
    ``settlements_km`` of the border, and the crossings. With ``events``,
    the corridors are shaded by events per 100 km (events within 50 km of
    the line; see :func:`borderkit.geo.events.events_by_segment`).
    """
    border = load_border()
    crossings = load_crossings()
    segments = border_segments(border, crossings)
    places = load_settlements("geonames")
    near_border = places[distance_to_border(places, border) <= settlements_km * 1000.0]
    return [
        countries_layer(),
        provinces_layer(),
        zone_layer(border_zone(border, zone_km)),
        reach_layer(crossings, zone_km),
        border_layer(border),
        corridors_layer(segments, corridor_density(events, segments)),
        settlements_layer(near_border, crossings, border),
        crossings_layer(crossings, segments),
    ]
