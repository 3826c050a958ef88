"""Benchmark: borderkit.nearest_crossing against geopandas sjoin_nearest in UTM 42N.

Issue 4 asks that nearest_crossing be exact (within 1 m of a brute-force
pyproj.Geod computation for every point) and at least as fast as the common
shortcut, ``sjoin_nearest`` in a projected CRS. This script measures both in
one run on the same points: N random points (default 1,000,000) uniform over
the bounding box of the bundled countries, all bundled crossings. It prints
the speed ratio and the error figures of both against brute force.

    python benchmarks/nearest_crossing.py [--points N] [--repeat R] [--seed S]

Timings are the best of R repeats (wall clock, this machine); each side starts
from the same GeoDataFrame in EPSG:4326 and includes its own reprojection.
"""

from __future__ import annotations

import argparse
import time

import geopandas as gpd
import numpy as np
from pyproj import Geod

import borderkit as bk


def best_of(repeat: int, fn):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    crossings = bk.load_crossings()
    west, south, east, north = bk.load_countries().total_bounds
    rng = np.random.default_rng(args.seed)
    lon = rng.uniform(west, east, args.points)
    lat = rng.uniform(south, north, args.points)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")

    def shortcut() -> gpd.GeoDataFrame:
        utm = points.to_crs(32642)
        joined = gpd.sjoin_nearest(
            utm, crossings[["crossing_id", "geometry"]].to_crs(32642), distance_col="distance_m"
        )
        return joined[~joined.index.duplicated()]  # ties give two rows; keep one, as a user would

    t_bk, ours = best_of(args.repeat, lambda: bk.nearest_crossing(points, crossings))
    t_sj, theirs = best_of(args.repeat, shortcut)

    # Brute force: every point to every crossing with pyproj.Geod.
    geod = Geod(ellps="WGS84")
    cx, cy = crossings.geometry.x.to_numpy(), crossings.geometry.y.to_numpy()
    t0 = time.perf_counter()
    dist = np.stack(
        [
            geod.inv(lon, lat, np.full_like(lon, x), np.full_like(lat, y))[2]
            for x, y in zip(cx, cy, strict=True)
        ],
        1,
    )
    t_brute = time.perf_counter() - t0
    true_id = crossings["crossing_id"].to_numpy()[dist.argmin(axis=1)]
    true_d = dist.min(axis=1)

    def errors(ids: np.ndarray, d: np.ndarray) -> tuple[int, float, float]:
        wrong = int((ids != true_id).sum())
        rel = np.abs(d - true_d) / true_d
        return wrong, float(np.abs(d - true_d).max()), float(rel.max())

    bk_wrong, bk_abs, bk_rel = errors(ours["crossing_id"].to_numpy(), ours["distance_m"].to_numpy())
    sj_wrong, sj_abs, sj_rel = errors(theirs["crossing_id"].to_numpy(), theirs["distance_m"].to_numpy())
    n = args.points
    print(
        f"nearest crossing of {n:,} random points ({len(crossings)} bundled crossings), best of {args.repeat}"
    )
    print(f"  borderkit.nearest_crossing (geodesic)   {t_bk:7.2f} s")
    print(f"  geopandas sjoin_nearest, UTM 42N        {t_sj:7.2f} s")
    print(f"  brute-force pyproj.Geod (reference)     {t_brute:7.2f} s  (one run)")
    print(
        f"  speed ratio sjoin_nearest / borderkit:  {t_sj / t_bk:.2f}  (>= 1: borderkit is as fast or faster)"
    )
    print("errors against brute force:")
    print(
        f"  borderkit:      wrong crossing {bk_wrong:,} ({100 * bk_wrong / n:.4f} %), "
        f"max distance error {bk_abs:.3f} m ({100 * bk_rel:.5f} %)"
    )
    print(
        f"  sjoin_nearest:  wrong crossing {sj_wrong:,} ({100 * sj_wrong / n:.4f} %), "
        f"max distance error {sj_abs:,.0f} m ({100 * sj_rel:.3f} %)"
    )


if __name__ == "__main__":
    main()
