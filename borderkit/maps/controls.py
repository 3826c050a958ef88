"""The page furniture of borderkit's Folium maps: legend, credits, layer control, search, minimap, title.

Every text these elements put on the page is HTML-escaped here or inserted
by the browser as text.
"""

from __future__ import annotations

import html
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template as FoliumTemplate
from folium.utilities import remove_empty
from jinja2 import Template

from ..layers import LegendEntry
from ..layers.palette import SEARCH_HIGHLIGHT

# ------------------------------------------------------------------ folium.plugins, without the package
#
# ``import folium.plugins`` runs its ``__init__``, which imports all 40 plugins
# and compiles their Jinja templates (0.15-0.2 s, 5-7 % of the default map).
# A map without events uses two of them and the CDN files of three more, so
# those are here: the same templates, names, options and files as folium
# 0.20's (MIT licence, (c) python-visualization), which tests/test_map_output.py
# holds them to. The event layers (borderkit.maps.event_layers) still import
# folium.plugins, for HeatMap and MarkerCluster.

GROUPED_LAYERS_JS = [
    (
        "leaflet.groupedlayercontrol.min.js",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.js",
    ),
]
GROUPED_LAYERS_CSS = [
    (
        "leaflet.groupedlayercontrol.min.css",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.css",
    )
]
SEARCH_JS = [
    ("Leaflet.Search.js", "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.js")
]
SEARCH_CSS = [
    ("Leaflet.Search.css", "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.css")
]
MINIMAP_JS = [
    ("Control_MiniMap_js", "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.js")
]
MINIMAP_CSS = [
    (
        "Control_MiniMap_css",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.css",
    )
]
FULLSCREEN_JS = [
    (
        "Control.Fullscreen.js",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js",
    )
]
FULLSCREEN_CSS = [
    ("Control.FullScreen.css", "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css")
]
MEASURE_JS = [
    (
        "leaflet_measure_js",
        "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js",
    )
]
MEASURE_CSS = [
    (
        "leaflet_measure_css",
        "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css",
    )
]


class Fullscreen(JSCSSMixin, MacroElement):
    """A full-screen button (leaflet.fullscreen), as ``folium.plugins.Fullscreen`` draws it.

    Parameters
    ----------
    position : str
        ``"topleft"``, ``"topright"``, ``"bottomright"`` or ``"bottomleft"``.
    title, title_cancel : str
        The button's tooltip, off and on.
    force_separate_button : bool
        Detach the button from the zoom buttons.
    """

    _template = FoliumTemplate(
        """
        {% macro script(this, kwargs) %}
            L.control.fullscreen(
                {{ this.options|tojavascript }}
            ).addTo({{this._parent.get_name()}});
        {% endmacro %}
        """
    )
    default_js = FULLSCREEN_JS
    default_css = FULLSCREEN_CSS

    def __init__(
        self,
        position: str = "topleft",
        title: str = "Full Screen",
        title_cancel: str = "Exit Full Screen",
        *,
        force_separate_button: bool = False,
    ) -> None:
        super().__init__()
        self._name = "Fullscreen"
        self.options = remove_empty(
            position=position,
            title=title,
            title_cancel=title_cancel,
            force_separate_button=force_separate_button,
        )


class MeasureControl(JSCSSMixin, MacroElement):
    """A distance and area measuring tool (leaflet-measure), as ``folium.plugins.MeasureControl`` draws it.

    Parameters
    ----------
    position : str
        Where the control sits, e.g. ``"topleft"``.
    primary_length_unit, secondary_length_unit : str
        Length units, e.g. ``"kilometers"`` and ``"miles"``.
    primary_area_unit, secondary_area_unit : str
        Area units, e.g. ``"sqkilometers"`` and ``"acres"``.
    """

    _template = FoliumTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = new L.Control.Measure(
                {{ this.options|tojavascript }});
            {{this._parent.get_name()}}.addControl({{this.get_name()}});

            // Workaround for using this plugin with Leaflet>=1.8.0
            // https://github.com/ljagis/leaflet-measure/issues/171
            L.Control.Measure.include({
                _setCaptureMarkerIcon: function () {
                    // disable autopan
                    this._captureMarker.options.autoPanOnFocus = false;
                    // default function
                    this._captureMarker.setIcon(
                        L.divIcon({
                            iconSize: this._map.getSize().multiplyBy(2)
                        })
                    );
                },
            });

        {% endmacro %}
        """
    )
    default_js = MEASURE_JS
    default_css = MEASURE_CSS

    def __init__(
        self,
        position: str = "topright",
        primary_length_unit: str = "meters",
        secondary_length_unit: str = "miles",
        primary_area_unit: str = "sqmeters",
        secondary_area_unit: str = "acres",
    ) -> None:
        super().__init__()
        self._name = "MeasureControl"
        self.options = remove_empty(
            position=position,
            primary_length_unit=primary_length_unit,
            secondary_length_unit=secondary_length_unit,
            primary_area_unit=primary_area_unit,
            secondary_area_unit=secondary_area_unit,
        )


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
        if entry.symbol == "ramp":  # ``color`` holds the ramp's colours, comma-separated, light to dark
            ramp = f"background:linear-gradient(90deg,{color});"
            return f'<span style="{base}width:44px;height:10px;{ramp}"></span>'

        if entry.symbol in {"line", "dashed-line"}:
            style = "dashed" if entry.symbol == "dashed-line" else "solid"
            return f'<span style="{base}width:22px;height:0;border-top:3px {style} {color};"></span>'
        if entry.symbol == "circle":
            circle = f"width:10px;height:10px;border-radius:50%;background:{color};border:1px solid #444;"
            return f'<span style="{base}{circle}"></span>'
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
    default_js = GROUPED_LAYERS_JS
    default_css = GROUPED_LAYERS_CSS

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
    """A search box (leaflet-search) over named points: crossings, settlements, provinces, cities.

    Matching folds case and diacritics on both sides; names that start with
    the text come first.
    """

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
  // Match without diacritics or case: "Asadabad" finds "Asadābād", "khost" finds "Khōst".
  function fold(s) { return s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase(); }
  function filterData(text, records) {
    var wanted = fold(text.trim()), out = {};
    if (!wanted) return out;
    var starts = [], inside = [];
    for (var key in records) {
      var k = fold(key), at = k.indexOf(wanted);
      if (at === 0) starts.push(key); else if (at > 0) inside.push(key);
    }
    starts.concat(inside).forEach(function (key) { out[key] = records[key]; });
    return out;
  }
  var search = new L.Control.Search({layer: index, propertyName: "name", initial: false, zoom: 10,
    filterData: filterData, tooltipLimit: 12,
    marker: {icon: false, circle: {radius: 14, color: {{ this.highlight|tojson }}, weight: 3, fill: false}},
    textPlaceholder: {{ this.placeholder|tojson }}, position: "topleft", collapsed: false});
  {{ this._parent.get_name() }}.addControl(search);
})();
{% endmacro %}
"""
    )

    default_js = SEARCH_JS
    default_css = SEARCH_CSS

    def __init__(self, points: list[tuple[str, float, float]], placeholder: str) -> None:
        super().__init__()
        self._name = "SearchIndex"
        self.placeholder = placeholder
        self.highlight = SEARCH_HIGHLIGHT
        # leaflet-search shows names as HTML: escape them; "</" cannot close the script.
        rows = [[html.escape(n), round(lat, 5), round(lon, 5)] for n, lat, lon in points]
        self.points_json = json.dumps(rows, ensure_ascii=False).replace("</", "<\\/")


class PageStyle(MacroElement):
    """Small CSS fixes: a compact layer control, a one-line credit bar, popups that fit their box."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
  .leaflet-control-layers { font: 12px/1.3 sans-serif; max-height: 70vh; overflow-y: auto; }
  .leaflet-control-layers-group-name { font-weight: bold; }
  .leaflet-control-attribution { max-width: 60vw; white-space: nowrap; overflow: hidden;
    text-overflow: ellipsis; }
  .leaflet-control-attribution:hover { white-space: normal; }
  /* leaflet-search's spinner is an image from its CDN: offline it is a failed request */
  .leaflet-control-search.search-load .search-input { background-image: none !important; }
  .leaflet-popup-content table { table-layout: fixed; width: 100%; border-collapse: collapse; }
  .leaflet-popup-content th { width: 36%; text-align: left; vertical-align: top; padding-right: 6px; }
  .leaflet-popup-content td { overflow-wrap: anywhere; vertical-align: top; }
  .borderkit-line-label { font: bold 11px/1.25 sans-serif; color: #222; background: rgba(255,255,255,0.85);
    border: 1px solid #222; border-radius: 3px; padding: 2px 4px; width: max-content; max-width: 190px; }
  .borderkit-change { white-space: normal; margin-bottom: 2px; }
</style>
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PageStyle"


class Title(MacroElement):
    """A title box at the top of the map, and the page's ``<title>`` (both escaped)."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<title>{{ this.title|e }}</title>
{% endmacro %}
{% macro html(this, kwargs) %}
{% if this.box %}
<div class="borderkit-title" style="position: fixed; top: 10px; left: 50%; transform: translateX(-50%);
  z-index: 9999; background: rgba(255,255,255,0.92); padding: 4px 12px; border: 1px solid #999;
  border-radius: 4px; font: bold 15px sans-serif;">{{ this.title|e }}</div>
{% endif %}
{% endmacro %}
"""
    )

    def __init__(self, title: str, *, box: bool = True) -> None:
        super().__init__()
        self._name = "Title"
        self.title = title
        self.box = box


class OutlineMiniMap(JSCSSMixin, MacroElement):
    """An overview map in a corner that draws the country outlines, so that it shows without tiles.

    With ``tiles`` (a tile URL template) the tiles show beneath the outlines
    when the network allows.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var parts = [L.geoJSON({{ this.outlines_json }}, {interactive: false,
    style: function (f) { return {color: "#444", weight: 1, fillColor: f.properties.fill || "#bbb",
      fillOpacity: 0.5}; }})];
  {% if this.tiles %}
  parts.unshift(L.tileLayer({{ this.tiles|tojson }}, {attribution: ""}));
  {% endif %}
  var mini = new L.Control.MiniMap(L.layerGroup(parts), {position: "bottomright", width: 150, height: 150,
    zoomLevelOffset: -4, toggleDisplay: false});
  {{ this._parent.get_name() }}.addControl(mini);
})();
{% endmacro %}
"""
    )
    default_js = MINIMAP_JS
    default_css = MINIMAP_CSS

    def __init__(self, outlines: dict[str, Any], *, tiles: str | None = None) -> None:
        super().__init__()
        self._name = "OutlineMiniMap"
        self.tiles = tiles
        self.outlines_json = json.dumps(outlines, separators=(",", ":")).replace("</", "<\\/")


def fold(text: str) -> str:
    """Return ``text`` without diacritics, lower-cased (as the search box matches)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


class TimeStyle(MacroElement):
    """Re-styles one GeoJSON layer whenever the map's time slider moves (the ``borderkit:time`` event).

    Kinds (``time_style["kind"]`` of a :class:`~borderkit.layers.Layer`):
    ``status`` (crossings coloured by their status on the last day shown,
    never later than today), ``flows`` (circle radius by the people whose
    report lies wholly in the months shown), ``flowlines`` (line width, the
    same way) and ``stocks`` (fill by the latest figure on or before the last
    day shown). What each feature shows is left in
    ``window.borderkitTimeStyles[<layer name>]`` (for tests and other scripts).
    Text reaches the tooltips escaped.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var layer = {{ this.layer_name }};
  var ts = JSON.parse({{ this.style_json|tojson }});
  var state = {kind: ts.kind, values: [], label: ""};
  window.borderkitTimeStyles = window.borderkitTimeStyles || {};
  window.borderkitTimeStyles[{{ this.name|tojson }}] = state;
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; });
  }
  function day(d) { return new Date(d * 86400000).toISOString().slice(0, 10); }
  function total(rows, lo, hi) {
    var n = 0;
    for (var i = 0; i < rows.length; i++) if (rows[i][0] >= lo && rows[i][1] <= hi) n += rows[i][2];
    return n;
  }
  var ref = 0;
  if (ts.kind === "flows" || ts.kind === "flowlines") {
    ts.features.forEach(function (rows) { ref = Math.max(ref, total(rows, -1e9, 1e9)); });
  }
  function apply(t) {
    var values = new Array(ts.features.length);
    layer.eachLayer(function (l) {
      var p = l.feature && l.feature.properties, k = p ? p.bk_k : undefined;
      if (k === undefined) return;
      var rows = ts.features[k];
      if (ts.kind === "status") {
        var d = Math.min(t.hi, ts.today), hit = null;
        for (var i = 0; i < rows.length; i++) {
          if (rows[i][0] <= d && (rows[i][1] === null || d <= rows[i][1])) { hit = rows[i]; break; }
        }
        var cls = hit ? hit[2] : ts.classes.indexOf("unknown");
        l.setStyle({fillColor: ts.colors[cls]});
        p.status_label = esc((hit ? hit[3] : "unknown") + " on " + day(d));
        values[k] = hit ? hit[3] : "unknown";
      } else if (ts.kind === "flows" || ts.kind === "flowlines") {
        var n = total(rows, t.lo, t.hi), f = ref > 0 ? n / ref : 0;
        if (ts.kind === "flows") {
          l.setRadius(n > 0 ? ts.max_px * Math.sqrt(f) : 0);
          l.setStyle({opacity: n > 0 ? 1 : 0, fillOpacity: n > 0 ? 0.45 : 0});
        } else {
          l.setStyle({weight: n > 0 ? Math.max(1, ts.max_px * f) : 0, opacity: n > 0 ? 0.75 : 0});
        }
        p.flow_label = esc(n.toLocaleString("en-US") + " people, " + t.label);
        values[k] = n;
      } else if (ts.kind === "stocks") {
        var last = null;
        for (var j = 0; j < rows.length; j++) if (rows[j][0] <= t.hi) last = rows[j];
        var color = ts.none;
        if (last) {
          color = ts.colors[ts.colors.length - 1];
          for (var u = 0; u < ts.uppers.length; u++) {
            if (last[1] <= ts.uppers[u] + 1e-9) { color = ts.colors[u]; break; }
          }
        }
        l.setStyle({fillColor: color, fillOpacity: last ? 0.5 : 0.15});
        p.stock_label = esc(last
          ? last[1].toLocaleString("en-US") + " " + ts.label + " (" + day(last[0]) + ")"
          : "no figure by " + day(t.hi));
        values[k] = last ? last[1] : null;
      }
    });
    state.values = values;
    state.label = t.label;
  }
  document.addEventListener("borderkit:time", function (e) { apply(e.detail); });
  if (window.borderkitTime) apply(window.borderkitTime);
})();
{% endmacro %}
"""
    )

    def __init__(self, layer_name: str, name: str, style: dict[str, Any]) -> None:
        super().__init__()
        self._name = "TimeStyle"
        self.layer_name = layer_name
        self.name = name
        data = {k: v for k, v in style.items() if k not in {"legend_dated", "extent"}}
        self.style_json = json.dumps(data, separators=(",", ":"))
