"""Crossing status by date, flows and stocks on the map, and both of Afghanistan's borders on one map.

Issue 11 §3, issue 12 §4 and issue 14 §3: checked in Chromium with every
request but file: and data: blocked (fixtures from tests/test_browser.py).
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_browser import FEATURE_PATH_JS, Opened, browser, open_map, real_errors  # noqa: F401

import borderkit as bk
from borderkit.errors import DroppedRowsWarning
from borderkit.layers import palette
from borderkit.layers.timed import FLOW_MAX_PX, RECENT_CHANGES, day_number
from borderkit.maps.folium_map import _geojson_frame

FLOW_FIELDS = [
    "period_start",
    "period_end",
    "crossing_id",
    "from_country",
    "to_country",
    "destination_province",
    "population_type",
    "count",
    "precision",
    "source",
    "source_url",
    "as_of",
]
# Controlled numbers (a test table in the flows schema, not data about the world).
FLOW_ROWS = [
    ["2023-10-01", "2023-10-31", "torkham", "PAK", "AFG", "Nangarhar", "undocumented return", "1000"],
    ["2023-11-01", "2023-11-30", "torkham", "PAK", "AFG", "Nangarhar", "undocumented return", "3000"],
    ["2023-10-01", "2023-11-30", "torkham", "PAK", "AFG", "Nangarhar", "undocumented return", "9999"],
    ["2023-10-01", "2023-10-31", "chaman-spin-boldak", "PAK", "AFG", "Kandahar", "deportation", "500"],
    ["2023-10-01", "2023-10-31", "", "PAK", "AFG", "", "undocumented return", "77777"],
]
STOCK_FIELDS = ["date", "country", "province", "district", "population_type", "count", "precision", "source"]
STOCK_ROWS = [
    ["2023-06-30", "PAK", "Khyber Pakhtunkhwa", "", "PoR card holders", "100", "exact", "Test source S"],
    ["2023-12-31", "PAK", "Khyber Pakhtunkhwa", "", "PoR card holders", "200", "exact", "Test source S"],
    ["2023-06-30", "PAK", "Balochistan", "", "PoR card holders", "50", "exact", "Test source S"],
]


def _write(path: Path, fields: list[str], rows: list[list[str]], extra: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(fields)
        for row in rows:
            w.writerow(row + extra[: len(fields) - len(row)])
    return path


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("tables")
    flows = _write(
        folder / "flows.csv",
        FLOW_FIELDS,
        FLOW_ROWS,
        ["exact", "Test source F", "https://example.org/f", "2023-12-01"],
    )
    stocks = _write(folder / "stocks.csv", STOCK_FIELDS, STOCK_ROWS, [])
    return bk.load_flows(flows), bk.load_stocks(stocks)


def _set_slider(page: Any, month: str, window: str) -> None:
    """Move the slider to ``month`` (YYYY-MM) and the window (``all``, ``1``, ``12``)."""
    page.locator(".borderkit-time-window").select_option(window)
    index = page.evaluate(
        """(m) => { const s = document.querySelector('.borderkit-time-month');
                    const months = JSON.parse(document.querySelector('script[type="application/json"]')
                      .textContent).months;
                    const i = months.findIndex(x => x[3] === m);
                    s.value = i; s.dispatchEvent(new Event('input')); return i; }""",
        month,
    )
    assert index >= 0, f"{month} is not on the slider"


def _styles(page: Any, name: str) -> list[Any]:
    return page.evaluate("(n) => window.borderkitTimeStyles[n].values", name)


# --------------------------------------------------------------------------- layers, in Python


def test_crossings_carry_history_and_todays_colour_without_a_slider():
    region = bk.region()
    layer = next(ly for ly in region.layers if ly.name == "Crossing points")
    frame = _geojson_frame(layer)
    torkham = frame[layer.frame["crossing_id"].to_numpy() == "torkham"].iloc[0]
    history = bk.load_crossing_status()
    mine = history[history.crossing_id == "torkham"].sort_values("start")
    # The last changes, newest first, each with a short linked source.
    lines = torkham["status_changes"].split('<div class="borderkit-change">')[1:]
    assert len(lines) == min(RECENT_CHANGES, len(mine))
    assert lines[0].startswith(f"{mine.start.iloc[-1]:%Y-%m-%d} {mine.status.iloc[-1]}")
    assert lines[0].count('<a class="borderkit-cite"') == 1
    assert "https://" not in lines[0].split('href="')[0]
    # Without a slider: today's status (the crossings' own), restrictions drawn as restricted.
    expected = layer.frame["status"].map(palette.status_color)
    assert list(layer.frame["status_color"]) == list(expected)
    assert palette.status_color("returnees only") == palette.STATUS_COLORS["restricted"]
    labels = [e.label for e in layer.time_style["legend_dated"]]
    assert any("closed" in s for s in labels)
    assert any("unknown" in s for s in labels)
    # A map with neither events nor flows has no slider, and no time styles.
    html = bk.make_map(tiles=None).get_root().render()
    assert "borderkit-time-slider" not in html
    assert "borderkit:time" not in html


def test_flow_layers_count_each_person_once(tables):
    flows, stocks = tables
    region = bk.region(flows=flows, stocks=stocks, settlements=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layers = {ly.name: ly for ly in region.layers}
    # Only the loader's note about unlocated crossings: every flow and stock row is drawn.
    assert all("unlocated" in str(w.message) for w in caught if w.category is DroppedRowsWarning)
    symbols = layers["People crossing, by crossing (returns, deportations, other)"]
    totals = dict(zip(symbols.frame.crossing_id, symbols.frame.flow_label, strict=True))
    # The two-month row overlaps the two monthly rows: the monthly rows are kept.
    assert totals["torkham"].startswith("4,000 people")
    assert totals["chaman-spin-boldak"].startswith("500 people")
    assert "1 overlapping report(s) counted once" in symbols.legend[0].label
    assert "Oct 2023 to Nov 2023" in symbols.legend[0].label
    lines = layers["People crossing: to the provinces of destination"]
    assert set(lines.frame.destination) == {"Nangarhar", "Kandahar"}
    assert "Flows: Test source F" in symbols.attribution
    stock = layers["Refugees by province: PoR card holders"]
    assert set(stock.frame.name) == {"Khyber Pakhtunkhwa", "Balochistan"}
    assert stock.frame.set_index("name").at["Khyber Pakhtunkhwa", "stock_label"].startswith("200 PoR")
    bad = flows.assign(destination_province=flows["destination_province"].replace("Kandahar", "Atlantis"))
    with pytest.warns(DroppedRowsWarning, match="Atlantis"):
        bk.region(flows=bad, settlements=False).layers  # noqa: B018


# --------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def flows_page(browser: Any, tables, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:  # noqa: F811
    flows, stocks = tables
    path = tmp_path_factory.mktemp("flowsmap") / "flows.html"
    bk.save_html(bk.make_map(flows=flows, stocks=stocks, tiles=None), path)
    opened = open_map(browser, path)
    opened.page.wait_for_function("() => window.borderkitTime && window.borderkitTimeStyles")
    yield opened
    opened.page.context.close()


def test_flows_follow_the_slider_without_events(flows_page: Opened):
    page = flows_page.page
    assert page.locator(".borderkit-time-slider").count() == 1  # flows alone make a slider
    name = "People crossing, by crossing (returns, deportations, other)"
    ids = page.evaluate(
        "(n) => { const out = []; const c = window.__layerControls[0];"
        " const input = [...document.querySelectorAll('.leaflet-control-layers-overlays input')]"
        "   .find(i => i.closest('label').textContent.trim() === n);"
        " const walk = l => l.eachLayer ? l.eachLayer(walk) : out.push(l.feature.properties.name);"
        " walk(c._getLayer(input.layerId).layer); return out; }",
        name,
    )
    expected = {"Oct": {"Torkham": 1000, "Chaman-Spin Boldak": 500}, "Nov": {"Torkham": 3000}}
    _set_slider(page, "2023-10", "1")
    got = dict(zip(ids, _styles(page, name), strict=True))
    assert {k: v for k, v in got.items() if v} == expected["Oct"]
    _set_slider(page, "2023-11", "1")
    got = dict(zip(ids, _styles(page, name), strict=True))
    assert {k: v for k, v in got.items() if v} == expected["Nov"]
    # Everything up to Nov 2023: the whole period; the largest circle has the largest radius.
    _set_slider(page, "2023-11", "all")
    got = dict(zip(ids, _styles(page, name), strict=True))
    assert got["Torkham"] == 4000
    assert got["Chaman-Spin Boldak"] == 500
    radius = page.evaluate(
        "(n) => { const out = []; const c = window.__layerControls[0];"
        " const input = [...document.querySelectorAll('.leaflet-control-layers-overlays input')]"
        "   .find(i => i.closest('label').textContent.trim() === n);"
        " const walk = l => l.eachLayer ? l.eachLayer(walk) : out.push(l.getRadius());"
        " walk(c._getLayer(input.layerId).layer); return Math.max(...out); }",
        name,
    )
    assert radius == pytest.approx(FLOW_MAX_PX)
    # Flow lines and the stocks choropleth follow too.
    lines = "People crossing: to the provinces of destination"
    _set_slider(page, "2023-10", "1")
    assert sorted(_styles(page, lines)) == [500, 1000]
    stocks = "Refugees by province: PoR card holders"
    _set_slider(page, "2023-09", "all")
    assert sorted(v for v in _styles(page, stocks) if v is not None) == [50, 100]
    _set_slider(page, "2023-12", "all")
    assert sorted(_styles(page, stocks)) == [50, 200]
    legend = page.locator(".borderkit-legend").inner_text()
    assert "PoR card holders in Pakistan by province (people)" in legend
    assert "People crossing (circle area by people)" in legend
    assert "Flows: Test source F" in page.locator(".leaflet-control-attribution").inner_text()
    assert real_errors(flows_page) == []


def test_crossings_take_the_status_of_the_sliders_day(flows_page: Opened):
    page = flows_page.page
    ids = list(bk.region().crossings["crossing_id"])
    months = page.evaluate(
        "() => JSON.parse(document.querySelector('script[type=\"application/json\"]').textContent).months"
    )
    today = pd.Timestamp.today().normalize()
    checked = 0
    for month in (m[3] for m in months[:: max(1, len(months) // 12)]):
        _set_slider(page, month, "all")
        day = min(pd.Period(month, "M").end_time.normalize(), today)
        want = bk.crossing_status(ids, [day]).iloc[:, 0]  # the geo API, on its own (bundled history)
        assert _styles(page, "Crossing points") == list(want.loc[ids]), month
        checked += 1
    assert checked >= 6
    # The colour is the class's; the tooltip says the day.
    fill = page.evaluate_handle(FEATURE_PATH_JS, ["Crossing points", "Torkham"]).as_element()
    status = _styles(page, "Crossing points")[ids.index("torkham")]
    assert fill.get_attribute("fill").upper() == palette.status_color(status).upper()
    legend = page.locator(".borderkit-legend").inner_text()
    assert "on the day the time slider shows" in legend
    assert "Crossing closed" in legend
    # The popup lists the last changes of status with short linked sources.
    fill.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert "Last changes of status" in popup.inner_text()
    assert popup.locator(".borderkit-change a.borderkit-cite").count() >= 1
    page.keyboard.press("Escape")
    assert real_errors(flows_page) == []


@pytest.fixture(scope="module")
def both_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:  # noqa: F811
    path = tmp_path_factory.mktemp("both") / "both.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)  # unlocated crossings, counted by the loader
        m = bk.make_map(regions=[bk.region(), bk.region("AFG", "IRN")], flows="bundled", tiles=None)
    bk.save_html(m, path)
    opened = open_map(browser, path)
    opened.page.wait_for_function("() => window.borderkitTime && window.borderkitTimeStyles")
    yield opened
    opened.page.context.close()


def test_both_borders_on_one_map(both_page: Opened):
    page = both_page.page
    assert page.locator(".borderkit-legend").count() == 1
    labels = page.locator(".borderkit-line-label").all_inner_texts()
    assert len(labels) == 2
    assert any("Durand Line" in t and "not recognised by Afghanistan" in t for t in labels)
    assert any("Afghanistan-Iran" in t for t in labels)
    legend = page.locator(".borderkit-legend").inner_text()
    assert "Iran" in legend
    assert "Durand Line: de facto boundary" in legend
    west = bk.region("AFG", "IRN").crossings
    for crossing in ["Torkham", *west["name"]]:
        assert page.evaluate_handle(FEATURE_PATH_JS, ["Crossing points", crossing]).as_element() is not None
    # One crossings layer, whose statuses follow the slider for both borders.
    assert page.locator(".leaflet-control-layers-overlays label", has_text="Crossing points").count() == 1
    assert len(_styles(page, "Crossing points")) == len(bk.region().crossings) + len(west)
    flows = _styles(page, "People crossing, by crossing (returns, deportations, other)")
    assert max(flows) > 0
    title = page.locator(".borderkit-title").inner_text()
    assert "Durand Line" in title
    assert "Iran" in title
    assert real_errors(both_page) == []


def test_regions_argument_is_checked():
    with pytest.raises(ValueError, match="not both"):
        bk.make_map(region=bk.region(), regions=[bk.region()])
    with pytest.raises(ValueError, match="empty"):
        bk.make_map(regions=[])
    with pytest.raises(ValueError, match="layers="):
        bk.make_map(bk.layers.default_layers(), flows="bundled")
    assert day_number("1970-01-02") == 1


def test_stocks_by_district_when_the_region_has_districts(tmp_path):
    # Districts: a frame of admin-2 units (here the Pakistani provinces' shapes, named as districts).
    provinces = bk.load_admin_units(1)
    pak = provinces[provinces.country == "PAK"].head(2)
    districts = pak.assign(name=["District A", "District B"])[["name", "country", "geometry"]]
    rows = [
        [
            "2024-03-31",
            "PAK",
            pak.name.iloc[0],
            "District A",
            "PoR card holders",
            "70",
            "exact",
            "Test source D",
        ],
        [
            "2024-03-31",
            "PAK",
            pak.name.iloc[1],
            "District B",
            "PoR card holders",
            "30",
            "exact",
            "Test source D",
        ],
    ]
    stocks = bk.load_stocks(_write(tmp_path / "stocks.csv", STOCK_FIELDS, rows, []))
    region = bk.region(stocks=stocks, districts=districts, settlements=False)
    layer = next(ly for ly in region.layers if ly.name.startswith("Refugees by"))
    assert layer.name == "Refugees by district: PoR card holders"
    assert dict(zip(layer.frame.name, layer.time_style["features"], strict=True)) == {
        "District A": [[day_number("2024-03-31"), 70]],
        "District B": [[day_number("2024-03-31"), 30]],
    }
    assert "by district (people)" in layer.legend[0].label
    assert layer.attribution == "Refugee figures: Test source D"


def test_events_and_flows_share_one_slider_without_tiles(browser: Any, tables, tmp_path):  # noqa: F811
    flows, _ = tables
    events = bk.load_events("timeline")
    path = bk.save_html(bk.make_map(events=events, flows=flows, tiles=None), tmp_path / "both.html")
    opened = open_map(browser, path)
    page = opened.page
    try:
        page.wait_for_function("() => Object.values(window.borderkitEvents || {}).some(s => s.ready)")
        assert page.locator(".borderkit-time-slider").count() == 1
        located = events[~events.geometry.isna()]
        assert page.evaluate("() => Object.values(window.borderkitEvents)[0].shown") == len(located)
        _set_slider(page, "2023-10", "1")
        october = located.date.dt.to_period("M") == pd.Period("2023-10", "M")
        assert page.evaluate("() => Object.values(window.borderkitEvents)[0].shown") == int(october.sum())
        name = "People crossing, by crossing (returns, deportations, other)"
        assert sorted(v for v in _styles(page, name) if v) == [500, 1000]
        assert real_errors(opened) == []  # no "Map has no maxZoom specified" without base tiles
    finally:
        page.context.close()
