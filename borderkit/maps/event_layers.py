"""Events on a Folium map: clustered markers coloured by type, a heat layer and one time slider.

Built to stay usable with 100,000 events: the events travel as one compact
JSON array (not one Leaflet marker object in the HTML per event, as
``folium.Marker`` writes), markers are created in the browser in chunks by
Leaflet.markercluster, popups are built on click, and the time slider
re-filters the cluster group. Text reaches the page only through
``textContent``, never as HTML, so names and notes cannot inject markup.

The time slider is one control (a month slider, a window: everything up to
that month, that month, or the 12 months to it, and a play button). It drives
every time-aware layer: the markers, the heat layer and the corridor shading.
Cluster icons are small pies of the event types they hold, in the types'
colours.
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

from ..layers.palette import HEAT_GRADIENT, event_type_colors

_NOTES_MAX = 300  # characters of notes kept per event in the popup
_HEAT_CAP = 50  # fatalities above this add no more weight to the heat layer


def type_colors(types: Sequence[str]) -> dict[str, str]:
    """Return the colour of each event type, from the shared palette (``layers.palette``)."""
    return event_type_colors(types)


def _days(dates: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 (NaT -> -1)."""
    d = pd.to_datetime(dates, errors="coerce")
    days = (d - pd.Timestamp("1970-01-01")).dt.days
    return days.fillna(-1).astype("int64").to_numpy()


class EventMarkers(JSCSSMixin, MacroElement):
    """Clustered event markers with lazy popups and a month-range time slider."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
  .borderkit-time-slider { position: fixed; top: 48px; left: 50%; transform: translateX(-50%); z-index: 1000;
    background: rgba(255,255,255,0.94); padding: 4px 8px; border: 1px solid #999; border-radius: 4px;
    font: 12px sans-serif; width: 380px; display: flex; flex-wrap: wrap; align-items: center; gap: 2px 6px; }
  .borderkit-time-slider .borderkit-time-month { flex: 1 1 150px; }
  .borderkit-time-slider .borderkit-time-text { flex: 1 1 100%; }
  .borderkit-time-play { width: 28px; height: 22px; cursor: pointer; }
  .borderkit-cluster { background: transparent; }
  .borderkit-cluster div { width: 100%; height: 100%; border-radius: 50%; display: flex;
    align-items: center; justify-content: center; box-shadow: 0 0 0 1px #444; }
  .borderkit-cluster span { background: #fff; border-radius: 50%; width: 62%; height: 62%; display: flex;
    align-items: center; justify-content: center; font: bold 11px sans-serif; color: #222; }
</style>
{% endmacro %}
{% macro html(this, kwargs) %}
<div id="{{ this.get_name() }}_slider" class="borderkit-time-slider">
  <button type="button" class="borderkit-time-play" aria-label="Play">&#9654;</button>
  <input type="range" class="borderkit-time-month" min="0" max="{{ this.n_months - 1 }}"
    value="{{ this.n_months - 1 }}" aria-label="Month">
  <select class="borderkit-time-window" aria-label="Window">
    <option value="all" selected>up to the month</option>
    <option value="1">that month</option>
    <option value="12">12 months to it</option>
  </select>
  <div class="borderkit-time-text"><b>{{ this.title|e }}</b>: <span class="borderkit-time-label"></span>
    {% if this.has_events %}(<span class="borderkit-time-count"></span> shown){% endif %}</div>
</div>
<script type="application/json" id="{{ this.get_name() }}_data">{{ this.payload_json }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  // One JSON document, parsed with JSON.parse (much faster than a script literal this big).
  var payload = JSON.parse(document.getElementById("{{ this.get_name() }}_data").textContent);
  var data = payload.data, texts = payload.texts, types = payload.types;
  var colors = payload.colors, months = payload.months, shade = payload.shade;
  var fields = ["Type", "Date", "Place", "Actors", "Fatalities", "Notes", "Source"];
  var map = {{ this._parent.get_name() }};
  var heat = {{ this.heat_name or "null" }};
  var state = {total: data.length, shown: 0, ready: false, heat: 0};
  var built = false;
  // Cluster icons: a pie of the event types inside, in the types' colours (not markercluster's own).
  function clusterIcon(cluster) {
    var children = cluster.getAllChildMarkers(), n = children.length, counts = new Array(types.length);
    for (var t = 0; t < types.length; t++) counts[t] = 0;
    for (var i = 0; i < n; i++) counts[data[children[i]._bkIndex][3]]++;
    var stops = [], acc = 0;
    for (var t2 = 0; t2 < types.length; t2++) {
      if (!counts[t2]) continue;
      var a = acc / n * 360, b = (acc + counts[t2]) / n * 360;
      stops.push(colors[t2] + " " + a.toFixed(1) + "deg " + b.toFixed(1) + "deg");
      acc += counts[t2];
    }
    var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
    return L.divIcon({className: "borderkit-cluster", iconSize: L.point(size, size),
      html: '<div style="background: conic-gradient(' + stops.join(", ") + ')"><span>' +
        n.toLocaleString() + "</span></div>"});
  }
  var group = L.markerClusterGroup({chunkedLoading: true, chunkInterval: 100, maxClusterRadius: 50,
    iconCreateFunction: clusterIcon,
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
      L.popup({maxWidth: 320, maxHeight: 280}).setLatLng(e.layer.getLatLng())
        .setContent(popupFor(e.layer._bkIndex)).openOn(map);
    }
  });
  var box = document.getElementById("{{ this.get_name() }}_slider");
  var month = box.querySelector(".borderkit-time-month");
  var windowSel = box.querySelector(".borderkit-time-window");
  var play = box.querySelector(".borderkit-time-play");
  var label = box.querySelector(".borderkit-time-label"), count = box.querySelector(".borderkit-time-count");
  function range() {
    var b = +month.value, w = windowSel.value;
    var a = w === "all" ? 0 : Math.max(0, b - (+w) + 1);
    return [a, b];
  }
  function shadeCorridors(a, b) {
    if (!shade) return;
    var layer = window[shade.layer];
    if (!layer) return;
    var keys = {};
    for (var j = a; j <= b; j++) keys[months[j][3]] = true;
    var cols = [];
    for (var c = 0; c < shade.months.length; c++) if (keys[shade.months[c]]) cols.push(c);
    var rates = shade.counts.map(function (row, k) {
      var n = 0;
      for (var q = 0; q < cols.length; q++) n += row[cols[q]];
      return shade.length_km[k] > 0 ? n / shade.length_km[k] * 100 : 0;
    });
    layer.eachLayer(function (l) {
      var k = l.feature && l.feature.properties ? l.feature.properties.bk_k : undefined;
      if (k === undefined) return;
      var r = rates[k], color = shade.none;
      if (r > 0) {
        color = shade.colors[shade.colors.length - 1];
        for (var u = 0; u < shade.uppers.length; u++) {
          if (r <= shade.uppers[u] + 1e-9) { color = shade.colors[u]; break; }
        }
      }
      l.setStyle({color: color});
    });
    state.shade = rates;
  }
  function refresh() {
    if (!built) return;  // the slider waits for the markers
    var ab = range(), a = ab[0], b = ab[1];
    var lo = months[a][0], hi = months[b][1], shown = [], hot = [];
    for (var i = 0; i < data.length; i++) {
      var d = data[i][2];
      if (d < 0 || (d >= lo && d <= hi)) {
        shown.push(markers[i]);
        hot.push([data[i][0], data[i][1], 1 + Math.min(Math.max(data[i][4], 0), {{ this.heat_cap }})]);
      }
    }
    group.clearLayers();
    state.ready = shown.length === 0;
    state.shown = shown.length;
    group.addLayers(shown);
    if (heat) { heat.setLatLngs(hot); state.heat = hot.length; }
    shadeCorridors(a, b);
    label.textContent = a === b ? months[b][2] : months[a][2] + " to " + months[b][2];
    if (count) count.textContent = shown.length.toLocaleString();
    box.dataset.shown = String(shown.length);
    // Every other time-aware layer (crossing status, flows, stocks) listens to this one event.
    window.borderkitTime = {lo: lo, hi: hi, label: label.textContent,
      first: months[a][3], last: months[b][3]};
    document.dispatchEvent(new CustomEvent("borderkit:time", {detail: window.borderkitTime}));
  }
  var timer = null;
  function stop() { if (timer) { clearInterval(timer); timer = null; } play.innerHTML = "&#9654;";
    play.setAttribute("aria-label", "Play"); }
  play.addEventListener("click", function () {
    if (timer) { stop(); return; }
    if (+month.value >= +month.max) month.value = 0;
    play.innerHTML = "&#10074;&#10074;";
    play.setAttribute("aria-label", "Pause");
    refresh();
    timer = setInterval(function () {
      if (+month.value >= +month.max) { stop(); return; }
      month.value = +month.value + 1;
      refresh();
    }, 700);
  });
  month.addEventListener("input", function () { refresh(); });
  windowSel.addEventListener("change", refresh);
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);
  label.textContent = "loading";
  // Without base tiles no layer gives the map a maximum zoom, which marker clusters need.
  if (!isFinite(map.getMaxZoom())) map.setMaxZoom(18);
  if (data.length) group.addTo(map);
  build(0, function () { built = true; refresh(); });
  window.borderkitEvents = window.borderkitEvents || {};
  state.group = group;
  state.refresh = refresh;
  window.borderkitEvents["{{ this.get_name() }}"] = state;
  {% if this.has_events %}
  {{ this.control_name }}.addOverlay(group, {{ this.title_html|tojson }}, {{ this.group_html|tojson }});
  {% endif %}
})();
{% endmacro %}
"""
    )

    default_js = MarkerCluster.default_js
    default_css = MarkerCluster.default_css

    def __init__(
        self,
        events: gpd.GeoDataFrame,
        *,
        title: str = "Events",
        control_name: str,
        group: str = "Events",
        heat_name: str | None = None,
        shade: dict[str, object] | None = None,
        extent_days: tuple[int, int] | None = None,
    ) -> None:
        super().__init__()
        self._name = "EventMarkers"
        self.heat_name = heat_name
        self.heat_cap = _HEAT_CAP
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
        popup_texts = list(unique)
        data = [
            [float(a), float(b), int(d), int(t), int(f), k]
            for a, b, d, t, f, k in zip(lat, lon, days, type_idx, fat, text_idx, strict=True)
        ]
        valid = days[days >= 0]
        self.has_events = bool(len(events))
        if extent_days is not None:  # other time-aware layers (flows, stocks) widen the slider
            valid = np.concatenate([valid, np.asarray(extent_days, dtype="int64")])
        first = (
            pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(valid.min()))
            if len(valid)
            else pd.Timestamp.now()
        )
        last = pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(valid.max())) if len(valid) else first
        periods = pd.period_range(first, last, freq="M")
        epoch = pd.Timestamp("1970-01-01")
        months = [
            [(p.start_time - epoch).days, (p.end_time.normalize() - epoch).days, p.strftime("%b %Y"), str(p)]
            for p in periods
        ]
        self.n_months = len(months)
        payload = {
            "data": data,
            "texts": popup_texts,
            "types": type_list,
            "colors": [colors[t] for t in type_list],
            "months": months,
            "shade": shade,
        }
        # Inside <script type="application/json">: "</" must not appear, nor "<!--".
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        self.payload_json = text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
        self.data = data
        self.legend = [(t, colors[t]) for t in type_list]


def add_heat(
    m: folium.Map, events: gpd.GeoDataFrame, *, title: str = "Events", filled: bool = True
) -> HeatMap | None:
    """Add a heat layer of events weighted by 1 + fatalities (capped at 50), off at first.

    Add it before the map's layer control, so that the control can list it.
    With ``filled=False`` the layer starts empty and the events' time slider
    (:func:`add_events` with ``heat=``) fills it with the events it shows.
    """
    pts = events[~events.geometry.isna() & ~events.geometry.is_empty]
    if not len(pts):
        return None
    data: list[list[float]] = []
    if filled:
        weight = 1 + pd.to_numeric(pts.get("fatalities"), errors="coerce").fillna(0).clip(0, _HEAT_CAP)
        data = np.column_stack([pts.geometry.y.round(4), pts.geometry.x.round(4), weight]).tolist()
    name = html.escape(f"{title}: heat (weighted by 1 + fatalities)")
    heat = HeatMap(data, name=name, show=False, radius=12, gradient=HEAT_GRADIENT)
    heat.add_to(m)
    return heat


def add_events(
    m: folium.Map,
    events: gpd.GeoDataFrame,
    layer_control: MacroElement,
    *,
    title: str = "Events",
    group: str = "Events",
    heat: HeatMap | None = None,
    shade: dict[str, object] | None = None,
    extent_days: tuple[int, int] | None = None,
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
    group : str
        Heading of the layer control the markers are listed under.
    heat : HeatMap, optional
        A heat layer (from :func:`add_heat`) the time slider fills with the
        events it shows.
    shade : dict, optional
        A corridor layer the time slider re-shades: ``layer`` (the name of
        its Leaflet GeoJSON variable) and the ``time_counts`` of its Layer.
    extent_days : (int, int), optional
        First and last day (since 1970-01-01) the slider must cover besides
        the events' (flows, stocks). With no events the slider still shows,
        for those layers. Every move of the slider dispatches a
        ``borderkit:time`` event on ``document`` (``detail``: ``lo``, ``hi``
        days, ``label``), and leaves it in ``window.borderkitTime``.

    Returns
    -------
    EventMarkers
        The element added (its ``legend`` lists the type colours).
    """
    element = EventMarkers(
        events,
        title=title,
        control_name=layer_control.get_name(),
        group=group,
        heat_name=heat.get_name() if heat is not None else None,
        shade=shade,
        extent_days=extent_days,
    )
    m.add_child(element)
    return element
