"""The written maps in a real browser: Debian's Chromium driven by Playwright, network blocked.

Skipped, with the reason, where /usr/bin/chromium or the playwright package is
missing (``.ci/run`` installs Chromium; ``make test`` installs playwright).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

import borderkit as bk
from borderkit import cli
from borderkit.layers import Layer, LegendEntry, default_layers, palette
from borderkit.maps.folium_map import DEFAULT_TITLE, POPUP_MAX_HEIGHT_PX, POPUP_MAX_WIDTH_PX

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("BORDERKIT_CHROMIUM", "/usr/bin/chromium"))
# Flags this machine needs: without the background-networking ones Chromium keeps
# trying to reach Google's hosts through a network that refuses them.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TILE_URL = re.compile(r"^https://tile\.openstreetmap\.org/\d+/\d+/\d+\.png$")

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) "
            "or point BORDERKIT_CHROMIUM at a Chromium binary"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed: pip install -e '.[test]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Opened:
    """A page with what happened while it loaded and ran."""

    page: Any
    console: list[tuple[str, str, str]] = field(default_factory=list)  # (type, text, url)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_map(browser: Any, path: Path) -> Opened:
    """Open ``path`` at 1400x900 with every request but file: and data: aborted."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = Opened(page=None)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            opened.blocked.append(url)
            r.abort()

    context.route("**/*", route)
    context.add_init_script(KEEP_LAYER_CONTROLS_JS)
    page = context.new_page()
    opened.page = page
    page.on("console", lambda m: opened.console.append((m.type, m.text, m.location.get("url", ""))))
    page.on("pageerror", lambda e: opened.console.append(("pageerror", str(e), "")))

    def dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.as_uri(), wait_until="load")
    if page.evaluate("() => typeof L") != "object":
        blocked = [u for u in opened.blocked if not TILE_URL.match(u)]
        pytest.fail(f"Leaflet did not load from {path.name}; blocked requests: {blocked[:5]}")
    page.wait_for_function(
        "() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0", timeout=15_000
    )
    return opened


@pytest.fixture(scope="module")
def default_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default map, written by ``borderkit map``."""
    path = tmp_path_factory.mktemp("browser") / "durand_line.html"
    assert cli.main(["map", "--out", str(path), "--quiet"]) == 0
    return path


@pytest.fixture(scope="module")
def default_page(browser: Any, default_map: Path) -> Iterator[Opened]:
    """The default map, open; shared by the tests below, which leave its layers as they found them."""
    opened = open_map(browser, default_map)
    yield opened
    opened.page.context.close()


@pytest.fixture(scope="module")
def default_layer_list() -> list[Layer]:
    return default_layers()


# In-page helpers ------------------------------------------------------------------

# Runs before the page's scripts: when Leaflet defines window.L, remember every layer
# control made, so the tests can ask it which layer each checkbox stands for.
KEEP_LAYER_CONTROLS_JS = """(() => {
  let leaflet;
  window.__layerControls = [];
  Object.defineProperty(window, 'L', {
    configurable: true,
    get() { return leaflet; },
    set(value) {
      leaflet = value;
      if (value && value.Control && !value.__controlsKept) {
        value.__controlsKept = true;
        // Every control with layers (L.Control.Layers, and the grouped control borderkit
        // uses, defined later by its plugin): the parent's init hooks run for subclasses too.
        value.Control.addInitHook(function () {
          if (this._getLayer) window.__layerControls.push(this);
        });
      }
    },
  });
})();"""

# Every overlay of the layer control: its label, whether it is checked and on the
# map, how many features it has, whether all are vector shapes, and how many have
# an element (SVG path, marker icon or canvas) in the document.
OVERLAYS_JS = """() => {
  const control = window.__layerControls[0];
  const map = control._map;
  return [...document.querySelectorAll('.leaflet-control-layers-overlays input')].map(input => {
    const group = control._getLayer(input.layerId).layer;
    const leaves = [];
    const walk = l => (l.eachLayer ? l.eachLayer(walk) : leaves.push(l));
    walk(group);
    const drawn = leaves.filter(l => {
      const el = l._path || l._icon || l._canvas;
      return el && el.isConnected;
    });
    return {
      label: input.closest('label').textContent.trim(),
      checked: input.checked,
      on_map: map.hasLayer(group),
      features: leaves.length,
      vector: leaves.every(l => l instanceof L.Path),
      drawn: drawn.length,
    };
  });
}"""

# The SVG element of the feature whose property ``name`` is given, in the overlay
# whose label is given (the map's data holds text HTML-escaped).
FEATURE_PATH_JS = """([label, name]) => {
  const control = window.__layerControls[0];
  const input = [...document.querySelectorAll('.leaflet-control-layers-overlays input')]
    .find(i => i.closest('label').textContent.trim() === label);
  const leaves = [];
  const walk = l => (l.eachLayer ? l.eachLayer(walk) : leaves.push(l));
  walk(control._getLayer(input.layerId).layer);
  const leaf = leaves.find(l => l.feature && l.feature.properties.name === name);
  return leaf ? leaf._path : null;
}"""


def overlays(page: Any) -> dict[str, dict[str, Any]]:
    return {o["label"]: o for o in page.evaluate(OVERLAYS_JS)}


def real_errors(opened: Opened) -> list[tuple[str, str, str]]:
    """Console errors and uncaught exceptions, but failed tile requests (no network here)."""
    return [
        (kind, text, url)
        for kind, text, url in opened.console
        if kind in {"error", "pageerror"} and not ("net::ERR" in text and TILE_URL.match(url))
    ]


# The default map ------------------------------------------------------------------


def test_default_map_runs_offline_without_errors(default_page: Opened, default_map: Path):
    page = default_page.page
    page.wait_for_timeout(300)  # let tile requests fail
    assert real_errors(default_page) == []
    # Everything the page asked the network for is a base tile: the rest is in the file.
    assert default_page.blocked, "the base tiles should have been requested"
    assert all(TILE_URL.match(u) for u in default_page.blocked), default_page.blocked
    assert page.evaluate("() => typeof L === 'object' && L.version") == "1.9.3"
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    text = default_map.read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", text)


def test_every_layer_is_listed_and_toggles(default_page: Opened, default_layer_list: list[Layer]):
    page = default_page.page
    names = [ly.name for ly in default_layer_list]
    before = overlays(page)
    # Listed under group headings (base, boundaries, crossings, ...), with the base tiles first.
    assert next(iter(before)) == "OpenStreetMap tiles (online)"
    assert sorted(set(before) - {"OpenStreetMap tiles (online)"}) == sorted(names)
    groups = page.locator(".leaflet-control-layers-group-name").all_inner_texts()
    assert [g.strip() for g in groups] == ["Base", "Boundaries", "Crossings", "Settlements", "Analysis"]
    for name in names:
        start = before[name]
        assert start["features"] > 0, name
        assert start["on_map"] == start["checked"], name
        # Shown: drawn (every feature, for SVG shapes); hidden: nothing in the document.
        shown = start["features"] if start["vector"] else 1
        assert (start["drawn"] >= shown) if start["checked"] else (start["drawn"] == 0), name
        checkbox = page.locator(".leaflet-control-layers-overlays label", has_text=name).locator("input")
        checkbox.click()
        flipped = overlays(page)[name]
        assert flipped["checked"] is not start["checked"], name
        assert flipped["on_map"] is not start["on_map"], name
        assert (flipped["drawn"] == 0) if start["checked"] else (flipped["drawn"] >= shown), name
        checkbox.click()
        again = overlays(page)[name]
        assert (again["checked"], again["on_map"], again["drawn"]) == (
            start["checked"],
            start["on_map"],
            start["drawn"],
        ), name
    assert real_errors(default_page) == []


def test_clicking_torkham_opens_its_popup(default_page: Opened):
    page = default_page.page
    path = page.evaluate_handle(FEATURE_PATH_JS, ["Crossing points", "Torkham"]).as_element()
    assert path is not None, "Torkham is not on the crossings layer"
    path.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    first = popup.locator("tr").first
    assert first.locator("th").inner_text().strip() == "Crossing"
    assert first.locator("td").inner_text().strip() == "Torkham"
    text = popup.inner_text()
    for needle in ("Status", "Corridor to the north", "Coordinate source"):
        assert needle in text
    # The popup fits its box: a bounded width, a scrolling height, nothing wider than the box.
    wrapper = _box(page, ".leaflet-popup-content-wrapper")
    assert wrapper["width"] <= POPUP_MAX_WIDTH_PX + 40
    content = page.locator(".leaflet-popup-content")
    sizes = content.evaluate(
        "c => ({client: c.clientWidth, scroll: c.scrollWidth, height: c.getBoundingClientRect().height,"
        " scrollHeight: c.scrollHeight, overflowY: getComputedStyle(c).overflowY})"
    )
    assert sizes["scroll"] <= sizes["client"] + 1, sizes
    assert sizes["height"] <= POPUP_MAX_HEIGHT_PX + 1, sizes
    if sizes["scrollHeight"] > sizes["height"] + 1:
        assert sizes["overflowY"] in {"auto", "scroll"}, sizes
    # Citations: short linked labels, the whole reference on hover.
    from borderkit.layers.citations import short_citation

    crossings = bk.load_crossings()
    cited = short_citation(crossings.set_index("crossing_id").at["torkham", "status_source"])
    status = popup.locator("a.borderkit-cite", has_text=cited.label)
    assert status.count() >= 1  # the status source (and, when the same, a change of status it cites)
    assert status.first.get_attribute("href") == cited.url
    assert cited.full.split('"')[1] in status.first.get_attribute("title")
    # The last changes of status, each a compact line with its short linked source.
    assert "Last changes of status" in text
    assert popup.locator(".borderkit-change a.borderkit-cite").count() >= 1
    assert "https://" not in text  # no URL spelled out in the popup
    page.keyboard.press("Escape")
    assert real_errors(default_page) == []


def test_page_title_credits_and_overview_map(default_page: Opened):
    page = default_page.page
    assert page.title() == DEFAULT_TITLE
    credits = page.locator(".leaflet-control-attribution")
    text = credits.inner_text()
    assert text.count("OpenStreetMap") == 1, text  # each source once
    assert "Natural Earth" in text
    assert "GeoNames" in text
    assert credits.bounding_box()["height"] < 30  # one line; the full list is under "Data sources"
    # Offline the overview map still draws the two countries.
    mini = page.locator(".leaflet-control-minimap")
    assert mini.is_visible()
    assert mini.locator("path").count() >= 2


def _search(page: Any, text: str) -> list[str]:
    """Type ``text`` in the search box; return the names it offers (after they update)."""
    box = page.locator(".leaflet-control-search input.search-input")
    box.click()
    box.press("Escape")  # clears the box and hides the previous tips
    page.wait_for_function(
        "() => document.querySelector('.leaflet-control-search .search-tooltip').style.display === 'none'"
    )
    box.type(text, delay=10)
    try:
        page.wait_for_function(
            "() => document.querySelector('.leaflet-control-search .search-tooltip')"
            ".style.display === 'block'",
            timeout=3_000,
        )
    except Exception:  # nothing found: no tip shows
        return []
    return [t.strip() for t in page.locator(".leaflet-control-search .search-tip").all_inner_texts()]


def test_search_folds_diacritics_and_knows_provinces_and_cities(default_page: Opened):
    page = default_page.page
    for text, wanted in [
        ("Asadabad", "Asadābād"),
        ("jalalabad", None),
        ("Khost", None),
        ("Quetta", "Quetta"),
        ("Kabul", "Kabul"),
        ("Kunar", "Kunar"),
    ]:
        found = _search(page, text)
        assert found, text
        if wanted:
            assert wanted in found, (text, found)
        assert all(bk.maps.controls.fold(text) in bk.maps.controls.fold(f) for f in found), found
    page.locator(".leaflet-control-search input.search-input").fill("")
    page.keyboard.press("Escape")
    assert real_errors(default_page) == []


def test_legend_is_shown(default_page: Opened, default_layer_list: list[Layer]):
    legend = default_page.page.locator(".borderkit-legend")
    assert legend.is_visible()
    text = legend.inner_text()
    assert text.startswith("Legend")
    labels = [e.label for ly in default_layer_list for e in ly.legend]
    for label in labels:
        assert label in text
    assert legend.locator(".borderkit-legend-item").count() == len(labels)


# Hostile text ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A map whose layer names, legend, title, credits, tooltips and popups carry markup."""
    points = gpd.GeoDataFrame(
        {
            "name": PAYLOADS,
            "notes": [PAYLOADS[1], PAYLOADS[2], PAYLOADS[0]],
        },
        geometry=[Point(70.0, 33.0), Point(71.0, 34.0), Point(69.0, 32.0)],
        crs="EPSG:4326",
    )
    line = gpd.GeoDataFrame(
        {"name": [PAYLOADS[2]], "notes": [PAYLOADS[0]]},
        geometry=[LineString([(68.0, 34.5), (69.0, 35.5)])],
        crs="EPSG:4326",
    )
    layers = [
        Layer(
            name=f"Line {PAYLOADS[0]}",
            frame=line,
            kind="line",
            style={"weight": 8},
            tooltip=[("name", PAYLOADS[1])],
            popup=[("name", "Name"), ("notes", PAYLOADS[2])],
            legend=[LegendEntry(PAYLOADS[0], "#000", "line")],
            attribution=PAYLOADS[1],
        ),
        Layer(
            name=f"Points {PAYLOADS[1]} {PAYLOADS[2]}",
            frame=points,
            kind="point",
            style={"radius": 12},
            tooltip=[("name", PAYLOADS[0]), ("notes", "Notes")],
            popup=[("name", PAYLOADS[1]), ("notes", PAYLOADS[2])],
            legend=[LegendEntry(PAYLOADS[1], "#f00", "circle")],
            attribution=PAYLOADS[2],
        ),
    ]
    path = tmp_path_factory.mktemp("hostile") / "hostile.html"
    return bk.save_html(bk.render(layers, title=PAYLOADS[1], tiles=None), path)


NOT_PWNED_JS = """() => ({
  pwned: typeof window.__pwned,
  imgs: document.querySelectorAll('img[src="x"], [onerror]').length,
  scripts: [...document.scripts].filter(s => s.textContent.trim() === 'window.__pwned=1').length,
  js_links: document.querySelectorAll('a[href^="javascript:" i]').length,
})"""


def assert_not_pwned(opened: Opened) -> None:
    assert opened.dialogs == []
    assert opened.page.evaluate(NOT_PWNED_JS) == {
        "pwned": "undefined",
        "imgs": 0,
        "scripts": 0,
        "js_links": 0,
    }


def test_hostile_text_shows_as_text_and_runs_nothing(browser: Any, hostile_map: Path):
    opened = open_map(browser, hostile_map)
    page = opened.page
    try:
        assert_not_pwned(opened)
        # Layer control, legend, title and credits show the markup as text.
        control = page.locator(".leaflet-control-layers").inner_text()
        assert f"Line {PAYLOADS[0]}" in control
        assert f"Points {PAYLOADS[1]} {PAYLOADS[2]}" in control
        legend = page.locator(".borderkit-legend").inner_text()
        assert PAYLOADS[0] in legend
        assert PAYLOADS[1] in legend
        assert page.locator(".borderkit-title").inner_text().strip() == PAYLOADS[1]
        credits = page.locator(".leaflet-control-attribution").inner_text()
        assert PAYLOADS[1] in credits
        assert PAYLOADS[2] in credits

        # Every point: its tooltip on hover, its popup on click.
        for i, name in enumerate(PAYLOADS):
            path = page.evaluate_handle(
                FEATURE_PATH_JS, [f"Points {PAYLOADS[1]} {PAYLOADS[2]}", html.escape(name)]
            )
            element = path.as_element()
            assert element is not None, name
            element.hover()
            tooltip = page.locator(".leaflet-tooltip")
            tooltip.wait_for(state="visible")
            tip = tooltip.inner_text()
            assert PAYLOADS[0] in tip  # the alias
            assert name in tip
            element.click()
            popup = page.locator(".leaflet-popup-content").last  # the one just opened
            popup.wait_for(state="visible")
            text = popup.inner_text()
            assert PAYLOADS[1] in text  # alias
            assert PAYLOADS[2] in text  # alias
            assert name in text
            assert [PAYLOADS[1], PAYLOADS[2], PAYLOADS[0]][i] in text  # notes
            assert_not_pwned(opened)
            page.keyboard.press("Escape")
            page.mouse.move(5, 895)

        # The line: tooltip and popup.
        line = page.evaluate_handle(FEATURE_PATH_JS, [f"Line {PAYLOADS[0]}", html.escape(PAYLOADS[2])])
        line = line.as_element()
        assert line is not None
        line.click()
        popup = page.locator(".leaflet-popup-content").last
        popup.wait_for(state="visible")
        assert PAYLOADS[0] in popup.inner_text()
        assert PAYLOADS[2] in popup.inner_text()

        page.wait_for_timeout(200)
        assert_not_pwned(opened)
        assert real_errors(opened) == []
        assert opened.blocked == []  # no tiles, and nothing else either
    finally:
        page.context.close()


def test_events_time_slider_moves_and_filters(events_page: Opened):
    """The timeline on the map: markers clustered, one slider changes what is shown, popups are text."""
    page = events_page.page
    events = bk.load_events("timeline")
    located = events[~events.geometry.isna()]
    state = "() => Object.values(window.borderkitEvents)[0]"
    assert page.evaluate(f"() => ({state})().shown") == len(located)
    slider = page.locator(".borderkit-time-slider")
    assert slider.count() == 1
    assert slider.locator("input[type=range]").count() == 1  # one control, not two half-width ranges
    assert "shown" in slider.inner_text()
    # The last month alone: only that month's events remain.
    slider.locator("select").select_option("1")
    month = located.date.max().to_period("M")
    expected = int((located.date.dt.to_period("M") == month).sum())
    assert page.evaluate(f"() => ({state})().shown") == expected < len(located)
    assert month.strftime("%b %Y") in slider.inner_text()
    assert f"({expected:,} shown)" in slider.inner_text()
    # The heat layer follows the slider.
    assert page.evaluate(f"() => ({state})().heat") == expected
    # Back to everything up to the last month.
    slider.locator("select").select_option("all")
    assert page.evaluate(f"() => ({state})().shown") == len(located)
    # The events are listed in the layer control, under Events.
    groups = page.locator(".leaflet-control-layers-group-name").all_inner_texts()
    assert "Events" in [g.strip() for g in groups]
    assert real_errors(events_page) == []
    assert events_page.dialogs == []


# The events map --------------------------------------------------------------------


@pytest.fixture(scope="module")
def events_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("events") / "events.html"
    assert cli.main(["map", "--events", "timeline", "--out", str(path), "--quiet"]) == 0
    return path


@pytest.fixture(scope="module")
def events_page(browser: Any, events_map: Path) -> Iterator[Opened]:
    opened = open_map(browser, events_map)
    opened.page.wait_for_function("() => Object.values(window.borderkitEvents || {}).some(s => s.ready)")
    yield opened
    opened.page.context.close()


SHADES_JS = """() => {
  const control = window.__layerControls[0];
  const input = [...document.querySelectorAll('.leaflet-control-layers-overlays input')]
    .find(i => i.closest('label').textContent.trim().startsWith('Border corridors shaded'));
  const colours = [];
  const walk = l => (l.eachLayer ? l.eachLayer(walk) : colours.push(l.options.color));
  walk(control._getLayer(input.layerId).layer);
  return colours;
}"""


def test_slider_plays_and_drives_heat_and_corridor_shading(events_page: Opened):
    page = events_page.page
    state = "() => Object.values(window.borderkitEvents)[0]"
    slider = page.locator(".borderkit-time-slider")
    whole = page.evaluate(SHADES_JS)
    assert len(set(whole)) > 1  # shaded by events per 100 km over the whole period
    # The first month alone: fewer corridors have events, the others turn to the "none" grey.
    slider.locator("select").select_option("1")
    page.evaluate(
        """() => { const s = document.querySelector('.borderkit-time-month');
                   s.value = 0; s.dispatchEvent(new Event('input')); }"""
    )
    first = page.evaluate(SHADES_JS)
    assert first != whole
    assert first.count(palette.NO_EVENTS_COLOR) > whole.count(palette.NO_EVENTS_COLOR)
    rates = page.evaluate(f"() => ({state})().shade")
    assert sum(1 for r in rates if r > 0) == sum(1 for c in first if c != palette.NO_EVENTS_COLOR)
    # Play steps the month forward; pressing it again pauses.
    play = slider.locator(".borderkit-time-play")
    assert play.get_attribute("aria-label") == "Play"
    before = int(page.evaluate("() => document.querySelector('.borderkit-time-month').value"))
    play.click()
    page.wait_for_function(
        f"() => +document.querySelector('.borderkit-time-month').value > {before}", timeout=5_000
    )
    assert play.get_attribute("aria-label") == "Pause"
    play.click()
    assert play.get_attribute("aria-label") == "Play"
    shown = page.evaluate(f"() => ({state})().shown")
    assert page.evaluate(f"() => ({state})().heat") == shown
    slider.locator("select").select_option("all")
    page.evaluate(
        """() => { const s = document.querySelector('.borderkit-time-month');
                   s.value = s.max; s.dispatchEvent(new Event('input')); }"""
    )
    assert page.evaluate(SHADES_JS) == whole
    assert real_errors(events_page) == []


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_slider_keeps_clear_of_credits_and_clusters_use_the_type_colours(events_page: Opened):
    page = events_page.page
    slider = _box(page, ".borderkit-time-slider")
    for other in (".leaflet-control-attribution", ".borderkit-legend", ".leaflet-control-layers"):
        assert not _overlap(slider, _box(page, other)), other
    clusters = page.locator(".marker-cluster, .borderkit-cluster")
    assert clusters.count() > 0
    assert page.locator(".marker-cluster-small, .marker-cluster-medium, .marker-cluster-large").count() == 0
    for i in range(page.locator(".borderkit-cluster").count()):
        icon = page.locator(".borderkit-cluster").nth(i)
        assert not _overlap(slider, icon.bounding_box())
        background = icon.locator("div").evaluate("d => getComputedStyle(d).backgroundImage")
        assert background.startswith("conic-gradient")
        used = {c for t, c in palette.event_type_colors(bk.load_events("timeline").event_type).items()}
        rgb = {_rgb(c) for c in used}
        assert set(re.findall(r"rgb\([^)]*\)", background)) <= rgb
    legend = page.locator(".borderkit-legend").inner_text()
    assert "Event heat: few to many" in legend


def _rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return f"rgb({int(h[0:2], 16)}, {int(h[2:4], 16)}, {int(h[4:6], 16)})"
