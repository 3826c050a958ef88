"""The standard layers of a border map, built from the loaders' frames."""

from __future__ import annotations

import geopandas as gpd

from ..geo import load_admin_units, load_border, load_countries
from .model import Layer, LegendEntry

BORDER_COLOR = "#c0392b"
COUNTRY_COLORS = {"AFG": "#2e86c1", "PAK": "#229954"}


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


def default_layers() -> list[Layer]:
    """Return the layers of the default map: countries, provinces and the border."""
    return [countries_layer(), provinces_layer(), border_layer()]
