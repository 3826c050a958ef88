"""Events on the map: clustered markers by type, heat layer, time slider, escaping."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import borderkit as bk
from borderkit.layers import countries_layer, palette
from borderkit.maps.event_layers import EventMarkers, type_colors

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "javascript:alert(1)",
    "{{ 7*7 }} {% if x %}",  # Jinja syntax: written as text, never evaluated
]


def make_events(n=500, seed=0):
    rng = np.random.default_rng(seed)
    line = bk.load_border().geometry.iloc[0]
    pts = [line.interpolate(f, normalized=True) for f in rng.uniform(0, 1, n)]
    return gpd.GeoDataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
            "event_type": rng.choice(["clash", "closure", "state-based conflict"], n),
            "sub_type": "",
            "actors": rng.choice(PAYLOADS, n),
            "fatalities": rng.integers(0, 4, n),
            "location": rng.choice(PAYLOADS, n),
            "precision": 1,
            "notes": rng.choice(PAYLOADS, n),
            "source_dataset": "test",
            "source_url": "",
        },
        geometry=gpd.points_from_xy([p.x for p in pts], [p.y for p in pts]),
        crs=4326,
    )


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_events_travel_as_one_compact_array():
    events = make_events(300)
    element = EventMarkers(events, control_name="lc")
    payload = json.loads(element.payload_json)
    data = payload["data"]
    assert len(data) == 300
    lat, lon, day, t, fat, _ = data[0]
    assert lat == pytest.approx(events.geometry.y.iloc[0], abs=1e-5)
    assert lon == pytest.approx(events.geometry.x.iloc[0], abs=1e-5)
    assert day == (events.date.iloc[0] - pd.Timestamp("1970-01-01")).days
    assert payload["types"][t] == events.event_type.iloc[0]
    assert payload["texts"][data[0][5]][1] == events.location.iloc[0]
    assert fat == events.fatalities.iloc[0]
    months = payload["months"]
    assert months[0][2] == "Jan 2023"
    assert months[-1][2] == "Dec 2023"


def test_map_with_events_has_clusters_heat_slider_and_legend():
    events = make_events()
    html = bk.render([countries_layer()], events=events, events_title="Border events").get_root().render()
    assert "L.markerClusterGroup" in html
    assert "L.heatLayer" in html
    assert "borderkit-time-slider" in html
    assert "Event: clash" in html
    assert "Border events: heat (weighted by 1 + fatalities)" in html
    assert "Events: Data: test" in html  # credited in the attribution


def test_event_text_cannot_inject_markup():
    html = bk.render([countries_layer()], events=make_events()).get_root().render()
    parser = Tags()
    parser.feed(html)
    assert not [a for tag, a in parser.tags if tag == "img"]
    assert not [a for tag, a in parser.tags if any(k.startswith("on") for k in a)]
    # Every script element is one of the page's own: the payload's closing tag is escaped.
    assert "<\\/script>" in html
    assert "{{ 7*7 }} {% if x %}" in html
    scripts = [a for tag, a in parser.tags if tag == "script"]
    assert len(re.findall(r"</script>", html)) == len(scripts)


def test_type_colours_are_stable_and_distinct():
    colors = type_colors(["clash", "closure", "something new", "another"])
    assert colors["clash"] == palette.EVENT_TYPE_COLORS["clash"]
    assert colors["closure"] == palette.STATUS_COLORS["closed"]  # one colour, one meaning
    assert len(set(colors.values())) == 4
