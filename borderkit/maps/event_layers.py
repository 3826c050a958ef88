"""Events on a Folium map: clustered markers coloured by type, a heat layer and a time slider.

Built to stay usable with 100,000 events: the events travel as one compact
JSON array (not one Leaflet marker object in the HTML per event, as
``folium.Marker`` writes), markers are created in the browser in chunks by
Leaflet.markercluster, popups are built on click, and the time slider
re-filters the cluster group. Text reaches the page only through
``textContent``, never as HTML, so names and notes cannot inject markup.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import HeatMap, MarkerCluster
from jinja2 import Template

# Event type -> colour (colour-blind-safe where it matters; unknown types grey).
TYPE_COLORS = {
    "closure": "#b2182b",
    "reopening": "#1a9850",
    "clash": "#d73027",
    "deportation": "#7b3294",
    "fence": "#4d4d4d",
    "agreement": "#2166ac",
    "state-based conflict": "#d73027",
    "non-state conflict": "#fc8d59",
    "one-sided violence": "#762a83",
    "Battles": "#d73027",
    "Violence against civilians": "#762a83",
    "Explosions/Remote violence": "#f46d43",
    "Protests": "#4575b4",
    "Riots": "#fdae61",
    "Strategic developments": "#1b7837",
}
_PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
_NOTES_MAX = 300  # characters of notes kept per event in the popup


def type_colors(types: Sequence[str]) -> dict[str, str]:
    """Colour of each event type: the known ones fixed, others from a qualitative palette."""
    out, spare = {}, iter(_PALETTE * 10)
    for t in sorted(set(types)):
        out[t] = TYPE_COLORS.get(t) or next(spare)
    return out


def _days(dates: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 (NaT -> -1)."""
    d = pd.to_datetime(dates, errors="coerce")
    days = (d - pd.Timestamp("1970-01-01")).dt.days
    return days.fillna(-1).astype("int64").to_numpy()


class EventMarkers(JSCSSMixin, MacroElement):
    """Clustered event markers with lazy popups and a month-range time slider."""

    _template = Template(
        """
{% macro html(this, kwargs) %}
<div id="{{ this.get_name() }}_slider" class="borderkit-time-slider" style="position: fixed; bottom: 64px;
  left: 50%; transform: translateX(-50%); z-index: 9999; background: rgba(255,255,255,0.94);
  padding: 6px 10px; border: 1px solid #999; border-radius: 4px; font: 12px sans-serif; width: 420px;">
  <div><b>{{ this.title|e }}</b>: <span class="borderkit-time-label"></span>
    (<span class="borderkit-time-count"></span> shown)</div>
  <input type="range" class="borderkit-time-from" min="0" max="{{ this.n_months - 1 }}" value="0"
    style="width: 48%;" aria-label="From month">
  <input type="range" class="borderkit-time-to" min="0" max="{{ this.n_months - 1 }}"
    value="{{ this.n_months - 1 }}" style="width: 48%;" aria-label="To month">
</div>
<script type="application/json" id="{{ this.get_name() }}_data">{{ this.payload_json }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  // One JSON document, parsed with JSON.parse (much faster than a script literal this big).
  var payload = JSON.parse(document.getElementById("{{ this.get_name() }}_data").textContent);
  var data = payload.data, texts = payload.texts, types = payload.types;
  var colors = payload.colors, months = payload.months;
  var fields = ["Type", "Date", "Place", "Actors", "Fatalities", "Notes", "Source"];
  var map = {{ this._parent.get_name() }};
  var state = {total: data.length, shown: 0, ready: false};
  var built = false;
  var group = L.markerClusterGroup({chunkedLoading: true, chunkInterval: 100, maxClusterRadius: 50,
    chunkProgress: function (done, total) { state.ready = built && done >= total; }});
  var markers = new Array(data.length);
  function popupFor(i) {
    var rec = data[i], t = texts[rec[5]];
    var div = document.createElement("div");
    div.className = "borderkit-event-popup";
    var values = [types[rec[3]], t[0], t[1], t[2], rec[4] < 0 ? "unknown" : String(rec[4]), t[3], t[4]];
    for (var k = 0; k < fields.length; k++) {
      if (!values[k]) continue;
      var row = document.createElement("div");
      var b = document.createElement("b");
      b.textContent = fields[k] + ": ";
      row.appendChild(b);
      row.appendChild(document.createTextNode(values[k]));
      div.appendChild(row);
    }
    return div;
  }
  // Markers are made in chunks between frames, so a large layer never freezes the page.
  function build(start, done) {
    var end = Math.min(start + 4000, data.length);
    for (var i = start; i < end; i++) {
      var rec = data[i];
      var m = L.circleMarker([rec[0], rec[1]], {radius: 5, weight: 1, color: "#222",
        fillColor: colors[rec[3]], fillOpacity: 0.85});
      m._bkIndex = i;
      markers[i] = m;
    }
    if (end < data.length) { setTimeout(function () { build(end, done); }, 0); } else { done(); }
  }
  // One popup for the whole layer, filled on click (not one Popup object per event).
  group.on("click", function (e) {
    if (e.layer && e.layer._bkIndex !== undefined) {
      L.popup().setLatLng(e.layer.getLatLng()).setContent(popupFor(e.layer._bkIndex)).openOn(map);
    }
  });
  var box = document.getElementById("{{ this.get_name() }}_slider");
  var from = box.querySelector(".borderkit-time-from"), to = box.querySelector(".borderkit-time-to");
  var label = box.querySelector(".borderkit-time-label"), count = box.querySelector(".borderkit-time-count");
  function monthStart(k) { return months[Math.min(k, months.length - 1)][0]; }
  function monthEnd(k) { return months[Math.min(k, months.length - 1)][1]; }
  function refresh() {
    if (!built) return;  // the slider waits for the markers
    var a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value);
    var lo = monthStart(a), hi = monthEnd(b), shown = [];
    for (var i = 0; i < data.length; i++) {
      var d = data[i][2];
      if (d < 0 || (d >= lo && d <= hi)) shown.push(markers[i]);
    }
    group.clearLayers();
    state.ready = shown.length === 0;
    state.shown = shown.length;
    group.addLayers(shown);
    label.textContent = months[a][2] + " to " + months[b][2];
    count.textContent = shown.length.toLocaleString();
    box.dataset.shown = String(shown.length);
  }
  from.addEventListener("input", refresh);
  to.addEventListener("input", refresh);
  L.DomEvent.disableClickPropagation(box);
  label.textContent = "loading";
  group.addTo(map);
  build(0, function () { built = true; refresh(); });
  window.borderkitEvents = window.borderkitEvents || {};
  state.group = group;
  state.refresh = refresh;
  window.borderkitEvents["{{ this.get_name() }}"] = state;
  {{ this.control_name }}.addOverlay(group, {{ this.title_html|tojson }}, {{ this.group_html|tojson }});
})();
{% endmacro %}
"""
    )

    default_js = MarkerCluster.default_js
    default_css = MarkerCluster.default_css

    def __init__(
        self, events: gpd.GeoDataFrame, *, title: str = "Events", control_name: str, group: str = "Events"
    ) -> None:
        super().__init__()
        self._name = "EventMarkers"
        self.title = title
        self.title_html = html.escape(title)  # Leaflet's layer control inserts names as HTML
        self.group_html = html.escape(group)
        self.control_name = control_name
        events = events[~events.geometry.isna() & ~events.geometry.is_empty]
        types = events["event_type"].fillna("unknown").astype(str)
        colors = type_colors(types.tolist())
        type_list = sorted(colors)
        type_idx = types.map({t: i for i, t in enumerate(type_list)}).to_numpy()
        days = _days(events["date"])
        fat = pd.to_numeric(events.get("fatalities"), errors="coerce").fillna(-1).astype("int64").to_numpy()
        dates = pd.to_datetime(events["date"], errors="coerce").dt.strftime("%Y-%m-%d").fillna("")
        notes = events.get("notes", pd.Series("", index=events.index)).fillna("").astype(str)
        notes = notes.map(lambda s: s if len(s) <= _NOTES_MAX else s[: _NOTES_MAX - 1] + "…")
        texts = list(
            zip(
                dates,
                events.get("location", pd.Series("", index=events.index)).fillna("").astype(str),
                events.get("actors", pd.Series("", index=events.index)).fillna("").astype(str),
                notes,
                events.get("source_dataset", pd.Series("", index=events.index)).fillna("").astype(str),
                strict=True,
            )
        )
        lat = np.round(events.geometry.y.to_numpy(), 5)
        lon = np.round(events.geometry.x.to_numpy(), 5)
        # Popup texts are stored once each (many events share place, actors and notes).
        unique: dict[tuple[str, ...], int] = {}
        text_idx = [unique.setdefault(t, len(unique)) for t in texts]
        texts = list(unique)
        data = [
            [float(a), float(b), int(d), int(t), int(f), k]
            for a, b, d, t, f, k in zip(lat, lon, days, type_idx, fat, text_idx, strict=True)
        ]
        valid = days[days >= 0]
        first = (
            pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(valid.min()))
            if len(valid)
            else pd.Timestamp.now()
        )
        last = pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(valid.max())) if len(valid) else first
        periods = pd.period_range(first, last, freq="M")
        epoch = pd.Timestamp("1970-01-01")
        months = [
            [(p.start_time - epoch).days, (p.end_time.normalize() - epoch).days, p.strftime("%b %Y")]
            for p in periods
        ]
        self.n_months = len(months)
        payload = {
            "data": data,
            "texts": texts,
            "types": type_list,
            "colors": [colors[t] for t in type_list],
            "months": months,
        }
        # Inside <script type="application/json">: "</" must not appear, nor "<!--".
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        self.payload_json = text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
        self.data = data
        self.legend = [(t, colors[t]) for t in type_list]


def add_heat(m: folium.Map, events: gpd.GeoDataFrame, *, title: str = "Events") -> HeatMap | None:
    """Add a heat layer of events weighted by 1 + fatalities (capped at 50), off at first.

    Add it before the map's layer control, so that the control can list it.
    """
    pts = events[~events.geometry.isna() & ~events.geometry.is_empty]
    if not len(pts):
        return None
    weight = 1 + pd.to_numeric(pts.get("fatalities"), errors="coerce").fillna(0).clip(upper=50)
    data = np.column_stack([pts.geometry.y.round(4), pts.geometry.x.round(4), weight]).tolist()
    name = html.escape(f"{title}: heat (weighted by 1 + fatalities)")
    heat = HeatMap(data, name=name, show=False, radius=12)
    heat.add_to(m)
    return heat


def add_events(
    m: folium.Map,
    events: gpd.GeoDataFrame,
    layer_control: MacroElement,
    *,
    title: str = "Events",
    group: str = "Events",
) -> EventMarkers:
    """Add events as clustered markers coloured by type, with a time slider.

    Add it after the map's layer control (it lists itself in it). Use
    :func:`add_heat`, before the control, for the heat layer.

    Parameters
    ----------
    m : folium.Map
        The map (from :func:`borderkit.render`).
    events : geopandas.GeoDataFrame
        In the events schema (``date``, ``event_type``, ``fatalities``,
        ``location``, ``actors``, ``notes``, ``source_dataset``).
    layer_control : branca MacroElement
        The map's grouped layer control (``GroupedLayers``); the events are
        listed in it under ``group``.
    title : str
        Name of the markers layer.

    Returns
    -------
    EventMarkers
        The element added (its ``legend`` lists the type colours).
    """
    element = EventMarkers(events, title=title, control_name=layer_control.get_name(), group=group)
    m.add_child(element)
    return element
