"""Benchmark: borderkit.nearest_crossing against sjoin_nearest (UTM 42N), a haversine BallTree, brute force.

Issues 13 and 17 ask that nearest_crossing be exact (0 wrong picks, within 1 m
of a brute-force pyproj.Geod computation) and at least 2x faster than the
common shortcut, geopandas ``sjoin_nearest`` in UTM zone 42N, at 4, 100 and
1,000 crossings. For each number of crossings this script times, in one run
and interleaved round by round:

- borderkit.nearest_crossing (geodesic, exact);
- geopandas sjoin_nearest after reprojecting both sides to UTM 42N;
- scikit-learn BallTree with the haversine metric (a sphere of 6,371,008.8 m);
- brute-force pyproj.Geod.inv to every crossing (only where it takes under
  about 20 s; otherwise not timed).

Every method starts from the same GeoDataFrame in EPSG:4326, so each time
includes reading its coordinates (and, for sjoin, reprojecting to UTM).

It prints medians with their spread (min-max over the rounds), the speed ratio
of each against borderkit, peak extra memory per point (tracemalloc, one
extra run each), and each method's wrong picks and largest distance error
against brute force on a sample of the points, and the issue's goals as
ratios. Up to the number of bundled crossings, the crossings are the first
bundled ones (4: Torkham, Chaman-Spin Boldak, Angoor Adda, Arandu); 100 and
1,000 are points drawn within 4 km of the border line's vertices (synthetic,
for scale only).

    python benchmarks/nearest_crossing.py [--points N] [--rounds R] [--sample S] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod
from sklearn.neighbors import BallTree

import borderkit as bk

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import interleaved, median_spread, peak_bytes, random_points, ratio

GEOD = Geod(ellps="WGS84")
EARTH_RADIUS_M = 6_371_008.8


def synthetic_crossings(n: int, seed: int) -> gpd.GeoDataFrame:
    """Return n points within 4 km of the border line's vertices, with crossing ids."""
    rng = np.random.default_rng(seed)
    coords = np.asarray(bk.load_border().geometry.iloc[0].coords)
    pick = coords[rng.choice(len(coords), n, replace=False)]
    lon, lat, _ = GEOD.fwd(pick[:, 0], pick[:, 1], rng.uniform(0, 360, n), rng.uniform(0, 4000, n))
    return gpd.GeoDataFrame(
        {"crossing_id": [f"x{i}" for i in range(n)]}, geometry=gpd.points_from_xy(lon, lat), crs=4326
    )


def brute_force(
    lon: np.ndarray, lat: np.ndarray, crossings: gpd.GeoDataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Return the id and geodesic distance of the nearest crossing, by Geod.inv to every crossing."""
    best_d = np.full(len(lon), np.inf)
    best_i = np.zeros(len(lon), dtype=int)
    for k, (x, y) in enumerate(zip(crossings.geometry.x, crossings.geometry.y, strict=True)):
        d = GEOD.inv(lon, lat, np.full_like(lon, x), np.full_like(lat, y))[2]
        better = d < best_d
        best_d[better], best_i[better] = d[better], k
    return crossings["crossing_id"].to_numpy()[best_i], best_d


def run(points: gpd.GeoDataFrame, crossings: gpd.GeoDataFrame, rounds: int, sample: int) -> None:
    n, k = len(points), len(crossings)
    lon, lat = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    ids = crossings["crossing_id"].to_numpy()
    c_rad = np.radians(np.column_stack([crossings.geometry.y, crossings.geometry.x]))

    def borderkit() -> tuple[np.ndarray, np.ndarray]:
        got = bk.nearest_crossing(points, crossings)
        return got["crossing_id"].to_numpy(), got["distance_m"].to_numpy()

    def sjoin_utm() -> tuple[np.ndarray, np.ndarray]:
        utm = points.to_crs(32642)
        joined = gpd.sjoin_nearest(
            utm, crossings[["crossing_id", "geometry"]].to_crs(32642), distance_col="d"
        )
        joined = joined[~joined.index.duplicated()]  # ties give two rows; keep one, as a user would
        return joined["crossing_id"].to_numpy(), joined["d"].to_numpy()

    def balltree() -> tuple[np.ndarray, np.ndarray]:
        # From the same GeoDataFrame as the others: its coordinates are part of the work.
        xy = shapely.get_coordinates(points.geometry.values)
        tree = BallTree(c_rad, metric="haversine")
        d, i = tree.query(np.radians(xy[:, ::-1]), k=1)
        return ids[i[:, 0]], d[:, 0] * EARTH_RADIUS_M

    methods = {"borderkit": borderkit, "sjoin_nearest UTM 42N": sjoin_utm, "BallTree haversine": balltree}
    if n * k <= 1_000_000:  # Geod.inv takes 1-4 us per pair on this shared machine
        methods["brute force Geod.inv"] = lambda: brute_force(lon, lat, crossings)
    times, results = interleaved(methods, rounds)
    memory = {name: peak_bytes(fn) / n for name, fn in methods.items() if "brute" not in name}
    true_id, true_d = brute_force(lon[:sample], lat[:sample], crossings)

    print(f"\n{n:,} points x {k:,} crossings, {rounds} interleaved rounds: median (min-max)")
    for name, t in times.items():
        got_id, got_d = results[name]
        wrong = int((got_id[:sample] != true_id).sum())
        err = np.abs(got_d[:sample] - true_d)
        mem = f"{memory[name]:6.0f} B/pt" if name in memory else "     -    "
        speed = f"{ratio(t, times['borderkit']):5.2f}x borderkit's time" if name != "borderkit" else " " * 24
        print(
            f"  {name:<22} {median_spread(t)}  {1e6 * np.median(t) / n:6.2f} us/pt  {speed}  peak {mem}  "
            f"wrong {wrong}/{sample:,} ({100 * wrong / sample:.3f} %)  max err {err.max():,.2f} m"
        )
    vs_sjoin = ratio(times["sjoin_nearest UTM 42N"], times["borderkit"])
    vs_ball = ratio(times["borderkit"], times["BallTree haversine"])
    print(
        f"  goals (issue 13): {vs_sjoin:.2f}x faster than sjoin_nearest (>= 2x); "
        f"{vs_ball:.2f}x BallTree's time (<= 2x at 4 crossings)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--crossings", type=int, nargs="+", default=[4, 100, 1000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sample", type=int, default=20_000, help="points checked against brute force")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    points = random_points(args.points, args.seed)
    sample = min(args.sample, args.points)
    print(f"nearest crossing: {args.points:,} random points over Afghanistan and Pakistan (seed {args.seed})")
    print(f"errors against brute-force pyproj.Geod on the first {sample:,} points")
    bundled = bk.load_crossings()[["crossing_id", "geometry"]]
    for k in args.crossings:
        crossings = bundled.iloc[:k] if k <= len(bundled) else synthetic_crossings(k, k)
        if k <= len(bundled):
            print(f"\nthe first {k} bundled crossings: {', '.join(crossings['crossing_id'])}")
        run(points, crossings, args.rounds, sample)


if __name__ == "__main__":
    main()
