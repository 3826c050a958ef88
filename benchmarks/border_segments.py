"""Benchmark: border_segments in one pass against the previous method (one re-projection per crossing).

Issue 17 asks that splitting the border at its crossings take under 1 s with
1,000 crossings (the previous method: 0.12 s with 4, 3.6 s with 100, 46 s with
1,000), with the same segments. This script times both, interleaved round by
round, at 4 (bundled) and 100 crossings, and the new method alone at 1,000
(the previous one would take most of a minute of this shared machine's CPU).
It checks that both give the same segments wherever both run. The 100 and
1,000 crossings are synthetic points within 4 km of the line's vertices.

    python benchmarks/border_segments.py [--rounds R]
"""

from __future__ import annotations

import argparse
import sys
from itertools import pairwise
from pathlib import Path

import geopandas as gpd
import numpy as np
from pyproj import Geod
from shapely.geometry import LineString, Point
from shapely.ops import substring

import borderkit as bk
from borderkit.geo.geodesy import geodesic_length_m, nearest_point_on_line

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import interleaved, median_spread, ratio

GEOD = Geod(ellps="WGS84")


def previous_method(line: LineString, crossings: gpd.GeoDataFrame) -> list[tuple[str, float]]:
    """Return (segment id, length km) as the previous border_segments computed them."""

    def chainage(lon: float, lat: float) -> float:
        head = substring(line, 0.0, line.project(Point(lon, lat), normalized=True), normalized=True)
        return geodesic_length_m(head) if isinstance(head, LineString) else 0.0

    snapped = []
    for cid, x, y in zip(crossings.crossing_id, crossings.geometry.x, crossings.geometry.y, strict=True):
        slon, slat, _ = nearest_point_on_line(line, x, y)
        snapped.append((chainage(slon, slat), cid, slon, slat))
    snapped.sort(key=lambda s: s[0])
    stops = [(0.0, "start"), *((line.project(Point(s[2], s[3]), normalized=True), s[1]) for s in snapped)]
    stops.append((1.0, "end"))
    out = []
    for (f0, id0), (f1, id1) in pairwise(stops):
        piece = substring(line, f0, f1, normalized=True)
        out.append(
            (f"{id0}--{id1}", geodesic_length_m(piece) / 1000.0 if isinstance(piece, LineString) else 0.0)
        )
    return out


def synthetic_crossings(line: LineString, n: int, seed: int) -> gpd.GeoDataFrame:
    """Return n points within 4 km of the line's vertices, with ids and names."""
    rng = np.random.default_rng(seed)
    coords = np.asarray(line.coords)
    pick = coords[rng.choice(len(coords) - 1, n, replace=False)]
    lon, lat, _ = GEOD.fwd(pick[:, 0], pick[:, 1], rng.uniform(0, 360, n), rng.uniform(0, 4000, n))
    return gpd.GeoDataFrame(
        {"crossing_id": [f"c{i}" for i in range(n)], "name": [f"C {i}" for i in range(n)]},
        geometry=gpd.points_from_xy(lon, lat),
        crs=4326,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    border = bk.load_border()
    line = border.geometry.iloc[0]
    bk.border_segments(border, bk.load_crossings())  # warm the caches (the border's search index)
    print(f"border_segments, {args.rounds} interleaved rounds: median (min-max)")
    for n in (4, 100, 1000):
        crossings = bk.load_crossings() if n == 4 else synthetic_crossings(line, n, seed=n)
        methods = {"one pass (borderkit)": lambda c=crossings: bk.border_segments(border, c)}
        if n <= 100:
            methods["previous method"] = lambda c=crossings: previous_method(line, c)
        times, results = interleaved(methods, args.rounds if n <= 100 else max(1, args.rounds))
        print(f"{n:,} crossings:")
        for name, t in times.items():
            vs = (
                f"  {ratio(t, times['one pass (borderkit)']):7.1f}x the one-pass time"
                if "previous" in name
                else ""
            )
            print(f"  {name:<22} {median_spread(t)}{vs}")
        if "previous method" in results:
            new = results["one pass (borderkit)"]
            old = results["previous method"]
            ids = new.segment_id.str.replace("^--", "start--", regex=True).tolist()
            same = ids == [s[0] for s in old]
            diff_m = 1000 * np.abs(new.length_km.to_numpy() - np.array([s[1] for s in old])).max()
            print(f"  same segments: {same}; largest length difference {diff_m:.4f} m")
        else:
            print("  previous method not run at this size (issue 17 measured 46 s)")


if __name__ == "__main__":
    main()
