"""Benchmark: borderkit.distance_to_border against shapely in UTM 42N, and both against a dense reference.

Issues 13 and 17 ask for at most 0.1 % error (and 1 m near the line) at no more
than 5 us per point. This script times, interleaved round by round on the same
random points over Afghanistan and Pakistan:

- borderkit.distance_to_border (the border's search index cached, as in any
  call after the first; the first call's build time is printed apart);
- shapely's planar distance after reprojecting points and line to UTM 42N
  (EPSG:32642), the usual shortcut (on the first ``--shapely-points`` points
  only, ~100 us a point: compared per point).

Errors are measured on two samples against an independent reference: the line
near each point, densified along geodesics, in the azimuthal equidistant
projection centred on the point (polar coordinates = geodesic azimuth and
distance from pyproj.Geod), where the distance from the origin to the polyline
is the geodesic distance. Sample "region": random points over the countries
(reference densified every 25 m); sample "near": points pushed 10 m - 50 km off
the line (densified every 5 m).

    python benchmarks/distance_to_border.py [--points N] [--rounds R] [--sample S]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod
from scipy.spatial import cKDTree

import borderkit as bk
from borderkit.geo import spatial_index

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import interleaved, median_spread, random_points, ratio

GEOD = Geod(ellps="WGS84")


def densified(line: shapely.LineString, step_m: float) -> np.ndarray:
    """Return the line's vertices densified along geodesics every step_m at most (lon, lat)."""
    c = np.asarray(line.coords)[:, :2]
    _, _, seg = GEOD.inv(c[:-1, 0], c[:-1, 1], c[1:, 0], c[1:, 1])
    pieces = []
    for i, d in enumerate(seg):
        pieces.append(c[i : i + 1])
        n = int(d // step_m)
        if n:
            pieces.append(np.asarray(GEOD.npts(c[i, 0], c[i, 1], c[i + 1, 0], c[i + 1, 1], n)))
    pieces.append(c[-1:])
    return np.concatenate(pieces)


def reference_m(dense: np.ndarray, tree: cKDTree, lon: float, lat: float, radius_m: float) -> float:
    """Distance from (lon, lat) to the dense polyline within radius_m, in the AEQD centred on the point."""
    r_deg = radius_m / (111_000.0 * np.cos(np.radians(lat))) + 0.001
    near = np.sort(np.asarray(tree.query_ball_point([lon, lat], r_deg), dtype=int))
    az, _, dist = GEOD.inv(np.full(len(near), lon), np.full(len(near), lat), dense[near, 0], dense[near, 1])
    x, y = dist * np.sin(np.radians(az)), dist * np.cos(np.radians(az))
    best = dist.min()
    joined = np.nonzero(np.diff(near) == 1)[0]
    if len(joined):
        ax, ay, ex, ey = x[joined], y[joined], x[joined + 1] - x[joined], y[joined + 1] - y[joined]
        t = np.clip(-(ax * ex + ay * ey) / np.maximum(ex * ex + ey * ey, 1e-12), 0.0, 1.0)
        best = min(best, np.hypot(ax + t * ex, ay + t * ey).min())
    return float(best)


def near_points(dense: np.ndarray, n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return n points pushed perpendicular off the line by 10 m - 50 km, and their offsets."""
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(dense) - 1, n)
    az, _, _ = GEOD.inv(dense[i, 0], dense[i, 1], dense[i + 1, 0], dense[i + 1, 1])
    offset = np.exp(rng.uniform(np.log(10.0), np.log(50_000.0), n))
    lon, lat, _ = GEOD.fwd(dense[i, 0], dense[i, 1], az + rng.choice([-90.0, 90.0], n), offset)
    return lon, lat, offset


def errors(
    border: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray, ref: np.ndarray
) -> dict[str, tuple[float, float]]:
    """Return each method's largest absolute (m) and relative error against the reference."""
    pts = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=4326)
    ours = bk.distance_to_border(pts, border).to_numpy()
    line_utm = border.to_crs(32642).geometry.iloc[0]
    theirs = shapely.distance(pts.to_crs(32642).values, line_utm)
    out = {}
    for name, got in (("borderkit", ours), ("shapely UTM 42N", theirs)):
        err = np.abs(got - ref)
        out[name] = (float(err.max()), float((err / ref).max()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sample", type=int, default=300, help="points of each sample checked")
    parser.add_argument("--shapely-points", type=int, default=10_000, help="points timed with shapely")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    border = bk.load_border()
    line = border.geometry.iloc[0]
    points = random_points(args.points, args.seed)
    t0 = time.perf_counter()
    spatial_index.line_index(line, 200.0)  # the first call builds and caches the border's index
    build_s = time.perf_counter() - t0
    line_utm = border.to_crs(32642).geometry.iloc[0]

    # shapely measures every point against every vertex of the line (~100 us a point): timed on a
    # subset, compared per point.
    few = points.iloc[: min(args.points, args.shapely_points)]
    sizes = {"borderkit": args.points, "shapely UTM 42N": len(few)}
    methods = {
        "borderkit": lambda: bk.distance_to_border(points, border),
        "shapely UTM 42N": lambda: shapely.distance(few.to_crs(32642).geometry.values, line_utm),
    }
    times, _ = interleaved(methods, args.rounds)
    per_point = {name: [t / sizes[name] for t in ts] for name, ts in times.items()}

    print(f"distance to the border: {args.points:,} random points over Afghanistan and Pakistan")
    print(f"{args.rounds} interleaved rounds: median (min-max)")
    for name, t in times.items():
        vs = ""
        if name != "borderkit":
            vs = f"{ratio(per_point[name], per_point['borderkit']):5.2f}x borderkit's time a point"
        print(
            f"  {name:<16} {sizes[name]:>9,} pts {median_spread(t)}  "
            f"{1e6 * np.median(per_point[name]):6.2f} us/pt  {vs}"
        )
    print(f"  (borderkit's first call also builds the border's index once: {build_s:.2f} s)")
    print(f"  goal (issue 13): <= 5 us a point; borderkit {1e6 * np.median(per_point['borderkit']):.2f} us")

    region = points.iloc[: args.sample]
    rlon, rlat = region.geometry.x.to_numpy(), region.geometry.y.to_numpy()
    rough = shapely.distance(region.to_crs(32642).geometry.values, line_utm)
    dense25 = densified(line, 25.0)
    tree25 = cKDTree(dense25)
    ref_region = np.array(
        [
            reference_m(dense25, tree25, x, y, r * 1.3 + 2000.0)
            for x, y, r in zip(rlon, rlat, rough, strict=True)
        ]
    )
    dense5 = densified(line, 5.0)
    tree5 = cKDTree(dense5)
    nlon, nlat, off = near_points(dense5, args.sample, args.seed)
    ref_near = np.array(
        [reference_m(dense5, tree5, x, y, o * 1.02 + 50.0) for x, y, o in zip(nlon, nlat, off, strict=True)]
    )
    for label, lon, lat, ref in (
        (f"{args.sample} random points over the region (reference every 25 m)", rlon, rlat, ref_region),
        (f"{args.sample} points 10 m - 50 km from the line (reference every 5 m)", nlon, nlat, ref_near),
    ):
        print(f"errors against the dense geodesic reference, {label}:")
        for name, (abs_m, rel) in errors(border, lon, lat, ref).items():
            print(f"  {name:<16} max {abs_m:12,.4f} m   max {100 * rel:9.5f} %")


if __name__ == "__main__":
    main()
