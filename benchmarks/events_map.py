"""Benchmark: a map of 100,000 events, borderkit's event layer against one folium.Marker per event.

Issue 5 asks that a map of 100,000 events stay usable. This script builds
the same events two ways and measures, in one run, in headless Chromium
(Debian's /usr/bin/chromium driven by Playwright, network blocked, both
files self-contained):

- HTML size;
- load time: from navigation until the events are on the map (borderkit:
  until Leaflet.markercluster has finished adding the markers, which it
  does in chunks so the page stays responsive; folium: until the load event
  and two animation frames have passed);
- the longest main-thread task seen during load (a proxy for how frozen the
  page is), from the Long Tasks API.

The events are synthetic: points scattered within ~20 km of the bundled
border line, with random dates over 2015-2024 and three event types. Only
their number matters here.

    python benchmarks/events_map.py [--events N] [--timeout S]
"""

from __future__ import annotations

import argparse
import html
import tempfile
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

import borderkit as bk
from borderkit.layers import countries_layer

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LONG_TASKS = """
window.__longest = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { window.__longest = Math.max(window.__longest, e.duration); });
}).observe({entryTypes: ["longtask"]});
"""


READY_BORDERKIT = "Object.values(window.borderkitEvents || {}).some(s => s.ready)"
READY_FOLIUM = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))).then(() => true)"


def _offline(route) -> None:  # route: a playwright Route
    """Let local files through, block the network."""
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


def synthetic_events(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    line = bk.load_border().geometry.iloc[0]
    on_line = line.interpolate(rng.uniform(0, 1, n), normalized=True)
    lon = np.array([p.x for p in on_line]) + rng.normal(0, 0.12, n)
    lat = np.array([p.y for p in on_line]) + rng.normal(0, 0.12, n)
    return gpd.GeoDataFrame(
        {
            "event_id": [f"bench-{i}" for i in range(n)],
            "date": pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D"),
            "event_type": rng.choice(["state-based conflict", "non-state conflict", "one-sided violence"], n),
            "sub_type": "",
            "actors": "Side A; Side B",
            "fatalities": rng.integers(0, 6, n),
            "location": [f"Place {i % 500}" for i in range(n)],
            "precision": 1,
            "notes": "synthetic benchmark event",
            "source_dataset": "synthetic",
            "source_url": "",
        },
        geometry=gpd.points_from_xy(lon, lat),
        crs="EPSG:4326",
    )


def borderkit_map(events: gpd.GeoDataFrame, path: Path) -> Path:
    return bk.save_html(bk.render([countries_layer()], events=events), path)


def folium_map(events: gpd.GeoDataFrame, path: Path) -> Path:
    m = folium.Map(location=[32, 68], zoom_start=5, tiles=None)
    for row in events.itertuples():
        text = html.escape(f"{row.event_type} {row.date:%Y-%m-%d} {row.location}: {row.notes}")
        folium.Marker([row.geometry.y, row.geometry.x], popup=text).add_to(m)
    return bk.save_html(m, path)


def measure(page, url: str, ready_js: str, timeout_s: float) -> tuple[float, float]:
    page.add_init_script(LONG_TASKS)
    t0 = time.perf_counter()
    page.goto(url, wait_until="load", timeout=timeout_s * 1000)
    page.wait_for_function(ready_js, timeout=timeout_s * 1000, polling=50)
    elapsed = time.perf_counter() - t0
    return elapsed, float(page.evaluate("window.__longest"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for a page")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    events = synthetic_events(args.events)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        ours = borderkit_map(events, tmp / "borderkit.html")
        t_ours_py = time.perf_counter() - t0
        t0 = time.perf_counter()
        theirs = folium_map(events, tmp / "folium.html")
        t_theirs_py = time.perf_counter() - t0
        results = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, path, ready in (
                ("borderkit", ours, READY_BORDERKIT),
                ("folium", theirs, READY_FOLIUM),
            ):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                context.route("**/*", _offline)
                page = context.new_page()
                try:
                    results[name] = measure(page, path.as_uri(), ready, args.timeout)
                except Exception as exc:  # a timeout is a result too
                    results[name] = (float("nan"), float("nan"))
                    print(f"  {name}: did not finish within {args.timeout:.0f} s ({type(exc).__name__})")
                context.close()
            browser.close()
        mb = lambda p: p.stat().st_size / 1e6  # noqa: E731
        print(f"map of {args.events:,} events, headless Chromium (network blocked), one run")
        print(f"{'':28}{'borderkit':>14}{'folium Marker':>16}{'ratio':>9}")
        print(f"{'HTML size (MB)':28}{mb(ours):14.1f}{mb(theirs):16.1f}{mb(theirs) / mb(ours):9.1f}")
        print(f"{'build in Python (s)':28}{t_ours_py:14.1f}{t_theirs_py:16.1f}{t_theirs_py / t_ours_py:9.1f}")
        lo, lt = results["borderkit"], results["folium"]
        print(f"{'load until shown (s)':28}{lo[0]:14.2f}{lt[0]:16.2f}{lt[0] / lo[0]:9.1f}")
        print(f"{'longest main-thread task (ms)':28}{lo[1]:14.0f}{lt[1]:16.0f}{lt[1] / max(lo[1], 1):9.1f}")


if __name__ == "__main__":
    main()
