"""Render layers to an interactive Leaflet map with Folium."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from ..geo.sources import credit, dataset_attribution
from ..layers import Layer, LegendEntry, default_layers

DEFAULT_TITLE = "The Afghanistan-Pakistan border (Durand Line)"
# Layer.group -> heading in the layer control, in this order.
GROUP_LABELS = {
    "base": "Base",
    "boundaries": "Boundaries",
    "crossings": "Crossings",
    "settlements": "Settlements",
    "events": "Events",
    "analysis": "Analysis",
}


def _escape(value: Any) -> Any:
    """HTML-escape text that Leaflet will insert as HTML; leave numbers alone."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    return value


def _geojson_frame(layer: Layer) -> gpd.GeoDataFrame:
    """Only the columns the map needs, with every text value escaped."""
    cols = {c for c, _ in [*layer.tooltip, *layer.popup]}
    for key in ("fill_color_from", "color_from", "radius_from"):
        col = layer.style.get(key)
        if isinstance(col, str):
            cols.add(col)
    frame = layer.frame[[c for c in layer.frame.columns if c in cols]].copy()
    for col in frame.columns:
        frame[col] = frame[col].map(_escape).astype(object)
    return gpd.GeoDataFrame(frame, geometry=layer.frame.geometry.values, crs=layer.frame.crs)


def _style_function(layer: Layer):
    style = layer.style
    fill_from = style.get("fill_color_from")
    color_from = style.get("color_from")

    def fn(feature: dict[str, Any]) -> dict[str, Any]:
        color = style.get("color", "#333333")
        if isinstance(color_from, str):
            color = feature["properties"].get(color_from) or color
        fill = style.get("fill_color", color)
        if isinstance(fill_from, str):
            fill = feature["properties"].get(fill_from) or fill
        out = {
            "color": color,
            "weight": style.get("weight", 1),
            "opacity": style.get("opacity", 1.0),
            "fillColor": fill,
            "fillOpacity": style.get("fill_opacity", 0.0 if layer.kind != "point" else 0.8),
        }
        radius_from = style.get("radius_from")
        if layer.kind == "point" and isinstance(radius_from, str):
            out["radius"] = feature["properties"].get(radius_from) or style.get("radius", 6)
        if layer.kind == "point" or out["fillOpacity"] > 0:
            out["fill"] = True
        if style.get("dash"):
            out["dashArray"] = style["dash"]
        return out

    return fn


def add_layer(m: folium.Map, layer: Layer) -> folium.FeatureGroup:
    """Add one Layer to a Folium map as a toggleable feature group."""
    group = folium.FeatureGroup(name=html.escape(layer.name), show=layer.show)
    data = _geojson_frame(layer)
    kwargs: dict[str, Any] = {"style_function": _style_function(layer), "name": html.escape(layer.name)}
    if layer.tooltip:
        kwargs["tooltip"] = folium.GeoJsonTooltip(
            fields=[c for c, _ in layer.tooltip],
            aliases=[html.escape(a) for _, a in layer.tooltip],
            sticky=True,
        )
    if layer.popup:
        kwargs["popup"] = folium.GeoJsonPopup(
            fields=[c for c, _ in layer.popup],
            aliases=[html.escape(a) for _, a in layer.popup],
        )
    if layer.kind == "point":
        kwargs["marker"] = folium.CircleMarker(radius=layer.style.get("radius", 6), fill=True)
    folium.GeoJson(data, **kwargs).add_to(group)
    group.add_to(m)
    return group


class Legend(MacroElement):
    """A fixed legend box listing each layer's legend entries."""

    _template = Template(
        """
{% macro html(this, kwargs) %}
<div id="{{ this.get_name() }}" class="borderkit-legend" style="position: fixed; bottom: 84px;
  left: 10px; z-index: 9999; background: rgba(255,255,255,0.92); padding: 8px 10px;
  border: 1px solid #999; border-radius: 4px; font: 12px/1.4 sans-serif; max-width: 320px;
  max-height: 55vh; overflow-y: auto;">
  <details open><summary style="font-weight: bold; cursor: pointer;">Legend</summary>
  {% for entry in this.entries %}
  <div class="borderkit-legend-item">{{ this.symbol(entry) }} {{ entry.label|e }}</div>
  {% endfor %}
  </details>
  {% if this.sources %}
  <details class="borderkit-sources">
  <summary style="font-weight: bold; cursor: pointer;">Data sources</summary>
  {% for text in this.sources %}
  <div class="borderkit-source" style="font-size: 11px;">{{ text|e }}</div>
  {% endfor %}
  </details>
  {% endif %}
</div>
{% endmacro %}
"""
    )

    def __init__(self, entries: Sequence[LegendEntry], *, sources: Sequence[str] = ()) -> None:
        super().__init__()
        self._name = "Legend"
        self.entries = list(entries)
        self.sources = list(dict.fromkeys(sources))

    @staticmethod
    def symbol(entry: LegendEntry) -> str:
        """Return the HTML of the little symbol drawn before a legend label."""
        color = html.escape(entry.color)
        base = "display:inline-block;vertical-align:middle;margin-right:4px;"
        if entry.symbol in {"line", "dashed-line"}:
            style = "dashed" if entry.symbol == "dashed-line" else "solid"
            return f'<span style="{base}width:22px;height:0;border-top:3px {style} {color};"></span>'
        if entry.symbol == "circle":
            return f'<span style="{base}width:10px;height:10px;border-radius:50%;background:{color};"></span>'
        return (
            f'<span style="{base}width:14px;height:10px;background:{color};opacity:0.5;'
            f'border:1px solid {color};"></span>'
        )


class Attribution(MacroElement):
    """Adds source credits to the map's attribution control (escaped)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{% for text in this.texts %}
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ text|tojson }});
{% endfor %}
{% endmacro %}
"""
    )

    def __init__(self, texts: Sequence[str]) -> None:
        super().__init__()
        self._name = "Attribution"
        self.texts = [html.escape(t) for t in texts]


class GroupedLayers(JSCSSMixin, MacroElement):
    """A layer control with the overlays in named groups (leaflet.groupedlayercontrol).

    Unlike folium's GroupedLayerControl it keeps the control in a variable,
    so that layers made in the browser (the events) can add themselves.
    Group and layer names must be HTML-escaped already: the plugin inserts
    them as HTML.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.control.groupedLayers(null, {
{%- for group, overlays in this.groups.items() %}
  {{ group|tojson }}: {
  {%- for name, var in overlays %}
    {{ name|tojson }}: {{ var }},
  {%- endfor %}
  },
{%- endfor %}
}, {collapsed: false, groupCheckboxes: false}).addTo({{ this._parent.get_name() }});
{%- for var in this.hidden %}
{{ var }}.remove();
{%- endfor %}
{% endmacro %}
"""
    )
    default_js = folium.plugins.GroupedLayerControl.default_js
    default_css = folium.plugins.GroupedLayerControl.default_css

    def __init__(self, groups: dict[str, list[tuple[str, Any]]]) -> None:
        super().__init__()
        self._name = "GroupedLayers"
        self.groups = {
            g: [(name, el.get_name()) for name, el in items] for g, items in groups.items() if items
        }
        self.hidden = [
            el.get_name() for items in groups.values() for _, el in items if not getattr(el, "show", True)
        ]
        for items in groups.values():
            for _, el in items:
                el.control = False


class SearchIndex(JSCSSMixin, MacroElement):
    """A search box (leaflet-search) over named points, e.g. crossings and settlements."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var index = L.layerGroup();
  var points = {{ this.points_json }};
  points.forEach(function (p) {
    var m = L.circleMarker([p[1], p[2]], {radius: 0, opacity: 0, fillOpacity: 0, interactive: false});
    m.feature = {properties: {name: p[0]}};
    m.options.name = p[0];
    index.addLayer(m);
  });
  var search = new L.Control.Search({layer: index, propertyName: "name", initial: false, zoom: 11,
    marker: {icon: false, circle: {radius: 14, color: "#0f766e", weight: 3, fill: false}},
    textPlaceholder: {{ this.placeholder|tojson }}, position: "topleft", collapsed: false});
  {{ this._parent.get_name() }}.addControl(search);
})();
{% endmacro %}
"""
    )

    default_js = folium.plugins.Search.default_js
    default_css = folium.plugins.Search.default_css

    def __init__(self, points: list[tuple[str, float, float]], placeholder: str) -> None:
        super().__init__()
        self._name = "SearchIndex"
        self.placeholder = placeholder
        # leaflet-search shows names as HTML: escape them; "</" cannot close the script.
        rows = [[html.escape(n), round(lat, 5), round(lon, 5)] for n, lat, lon in points]
        self.points_json = json.dumps(rows, ensure_ascii=False).replace("</", "<\\/")


class PageStyle(MacroElement):
    """Small CSS fixes: a compact layer control, credits that leave room for the scale bar."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
  .leaflet-control-layers { font: 12px/1.3 sans-serif; max-height: 70vh; overflow-y: auto; }
  .leaflet-control-layers-group-name { font-weight: bold; }
  .leaflet-control-attribution { max-width: 55vw; }
</style>
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PageStyle"


class Title(MacroElement):
    """A title box at the top of the map (escaped)."""

    _template = Template(
        """
{% macro html(this, kwargs) %}
<div class="borderkit-title" style="position: fixed; top: 10px; left: 50%; transform: translateX(-50%);
  z-index: 9999; background: rgba(255,255,255,0.92); padding: 4px 12px; border: 1px solid #999;
  border-radius: 4px; font: bold 15px sans-serif;">{{ this.title|e }}</div>
{% endmacro %}
"""
    )

    def __init__(self, title: str) -> None:
        super().__init__()
        self._name = "Title"
        self.title = title


def render(
    layers: Sequence[Layer],
    *,
    title: str | None = DEFAULT_TITLE,
    tiles: str | None = "OpenStreetMap",
    events: gpd.GeoDataFrame | None = None,
    events_title: str = "Events",
) -> folium.Map:
    """Render layers to a Folium map with a layer control, a legend, a scale and credits.

    Parameters
    ----------
    layers : sequence of Layer
        Drawn in order (first at the bottom).
    title : str or None
        Title shown at the top of the map.
    tiles : str or None
        Base tiles (any name Folium knows); None for none. Without a network
        the tiles fail quietly and the layers still show.
    events : geopandas.GeoDataFrame, optional
        Events in the events schema: drawn as clustered markers coloured by
        type with a time slider, plus a heat layer (off at first); see
        :func:`borderkit.maps.event_layers.add_events`.
    events_title : str
        Name of the events layer.

    Returns
    -------
    folium.Map
    """
    if not layers:
        msg = "render() needs at least one layer"
        raise ValueError(msg)
    m = folium.Map(tiles=None, control_scale=True, min_zoom=3)
    groups: dict[str, list[tuple[str, Any]]] = {label: [] for label in GROUP_LABELS.values()}
    if tiles:
        tile = folium.TileLayer(tiles, name="OpenStreetMap tiles (online)", overlay=True, control=True)
        tile.add_to(m)
        groups[GROUP_LABELS["base"]].append((html.escape(tile.layer_name), tile))
    for layer in layers:
        fg = add_layer(m, layer)
        label = GROUP_LABELS.get(layer.group, layer.group.title())
        groups.setdefault(label, []).append((html.escape(layer.name), fg))
    bounds = pd.concat([ly.frame.geometry for ly in layers]).total_bounds
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    has_events = events is not None and len(events) > 0
    if has_events:
        from .event_layers import add_events, add_heat

        heat = add_heat(m, events, title=events_title)
        if heat is not None:
            groups[GROUP_LABELS["events"]].append((heat.layer_name, heat))
    control = GroupedLayers(groups)
    m.add_child(control)
    entries = [e for ly in layers for e in ly.legend]
    if has_events:
        element = add_events(m, events, control, title=events_title, group=GROUP_LABELS["events"])
        entries += [LegendEntry(f"Event: {t}", c, "circle") for t, c in element.legend]
    _add_tools(m, layers, tiles)
    keys = [
        k for ly in layers if "source" in ly.frame.columns for k in ly.frame["source"].dropna().astype(str)
    ]
    sources = [credit(k) for k in dict.fromkeys(keys)]
    if has_events:
        datasets = sorted(set(events.get("source_dataset", pd.Series(dtype=str)).dropna().astype(str)))
        sources += [f"Events: {dataset_attribution(d)}" for d in datasets]
        if datasets:
            m.add_child(Attribution([f"Events: {'; '.join(dataset_attribution(d) for d in datasets)}"]))
    if entries or sources:
        m.add_child(Legend(entries, sources=sources))
    credits = list(dict.fromkeys(ly.attribution for ly in layers if ly.attribution))
    if credits:
        m.add_child(Attribution(credits))
    if title:
        m.add_child(Title(title))
    m.get_root().add_child(PageStyle())
    return m


def _add_tools(m: folium.Map, layers: Sequence[Layer], tiles: str | None) -> None:
    """Fullscreen, measure (km), a minimap (when there are tiles), a search box over named points."""
    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="miles",
        primary_area_unit="sqkilometers",
    ).add_to(m)
    if tiles:  # no toggle button: its image is not among the packaged assets
        folium.plugins.MiniMap(tiles, toggle_display=False, position="bottomright").add_to(m)
    points: list[tuple[str, float, float]] = []
    for layer in layers:
        if layer.kind == "point" and "name" in layer.frame.columns:
            geoms = layer.frame.geometry
            keep = ~(geoms.isna() | geoms.is_empty)
            points += [
                (str(n), g.y, g.x) for n, g in zip(layer.frame["name"][keep], geoms[keep], strict=True)
            ]
    if points:
        m.add_child(SearchIndex(points, placeholder="Search places by name"))


def save_html(m: folium.Map, path: str | Path, *, self_contained: bool = True) -> Path:
    """Write a map to an HTML file, creating its folder; return the absolute path.

    Parameters
    ----------
    m : folium.Map
        The map, e.g. from :func:`make_map` or :func:`render`.
    path : str or Path
        The HTML file to write.
    self_contained : bool
        Write Leaflet and every other script and stylesheet the map loads into
        the file (about 0.6 MB more), so that it opens and works with no
        network; the base tiles alone still need it, and without it they fail
        quietly while the layers show. False keeps the CDN links.

    Returns
    -------
    Path

    Warns
    -----
    MissingAssetWarning
        If a script or stylesheet has no local copy (its CDN link is then kept).

    Examples
    --------
    >>> import borderkit as bk
    >>> path = bk.save_html(bk.make_map(), "out/durand_line.html")  # doctest: +SKIP
    """
    path = Path(path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    document = m.get_root().render()
    if self_contained:
        from ._assets import inline_assets

        document = inline_assets(document)
    path.write_text(document, encoding="utf-8", newline="")  # as written, on every OS
    return path


def make_map(
    layers: Sequence[Layer] | None = None,
    *,
    title: str | None = DEFAULT_TITLE,
    events: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """Build the default border map: countries, provinces and the border.

    Examples
    --------
    >>> import borderkit as bk
    >>> m = bk.make_map()
    >>> type(m).__name__
    'Map'
    """
    layers = default_layers(events=events) if layers is None else layers
    return render(layers, title=title, events=events)
