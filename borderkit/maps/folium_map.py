"""Render layers to an interactive Leaflet map with Folium."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from ..layers import Layer, LegendEntry, default_layers

DEFAULT_TITLE = "The Afghanistan-Pakistan border (Durand Line)"


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
  border: 1px solid #999; border-radius: 4px; font: 12px/1.4 sans-serif; max-width: 320px;">
  <div style="font-weight: bold; margin-bottom: 4px;">Legend</div>
  {% for entry in this.entries %}
  <div class="borderkit-legend-item">{{ this.symbol(entry) }} {{ entry.label|e }}</div>
  {% endfor %}
</div>
{% endmacro %}
"""
    )

    def __init__(self, entries: Sequence[LegendEntry]) -> None:
        super().__init__()
        self._name = "Legend"
        self.entries = list(entries)

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
        :func:`borderkit.maps.events.add_events`.
    events_title : str
        Name of the events layer.

    Returns
    -------
    folium.Map
    """
    if not layers:
        msg = "render() needs at least one layer"
        raise ValueError(msg)
    m = folium.Map(tiles=None, control_scale=True)
    if tiles:
        folium.TileLayer(tiles, name="OpenStreetMap tiles", control=True).add_to(m)
    for layer in layers:
        add_layer(m, layer)
    bounds = pd.concat([ly.frame.geometry for ly in layers]).total_bounds
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    has_events = events is not None and len(events) > 0
    if has_events:
        from .events import add_events, add_heat

        add_heat(m, events, title=events_title)
    control = folium.LayerControl(collapsed=False)
    control.add_to(m)
    entries = [e for ly in layers for e in ly.legend]
    if has_events:
        element = add_events(m, events, control, title=events_title)
        entries += [LegendEntry(f"Event: {t}", c, "circle") for t, c in element.legend]
        from ..geo.sources import dataset_attribution

        datasets = sorted(set(events.get("source_dataset", pd.Series(dtype=str)).dropna().astype(str)))
        if datasets:
            m.add_child(Attribution([f"Events: {'; '.join(dataset_attribution(d) for d in datasets)}"]))
    if entries:
        m.add_child(Legend(entries))
    credits = list(dict.fromkeys(ly.attribution for ly in layers if ly.attribution))
    if credits:
        m.add_child(Attribution(credits))
    if title:
        m.add_child(Title(title))
    return m


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
