"""Benchmark: nearest_crossing and distance_to_border from a partitioned GeoParquet on a dask LocalCluster.

Writes N random points (default 1,000,000) as P GeoParquet files (default 8)
in a temporary folder, then, interleaved round by round, computes
nearest_crossing and distance_to_border

- in memory, on the whole frame read with geopandas; and
- lazily with dask_geopandas.read_parquet, on a LocalCluster (one worker
  process per core unless --threads, memory limit per worker as given),
  results written partition by partition to GeoParquet.

It prints medians with spread, the cost per point and whether the dask
results equal the in-memory ones. On more machines the same code runs with a
scheduler address instead of the LocalCluster (see docs/scale.md).

    python benchmarks/dask_local.py [--points N] [--partitions P] [--rounds R] [--threads]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import warnings
from pathlib import Path

import dask_geopandas
import geopandas as gpd
import numpy as np
import pandas as pd
from distributed import Client, LocalCluster

import borderkit as bk

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import interleaved, median_spread, random_points

warnings.filterwarnings("ignore", message="The inplace keyword")  # dask's parquet code on pandas 3.1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", action="store_true", help="one worker with threads, not processes")
    parser.add_argument("--memory-limit", default="2GB", help="per worker")
    args = parser.parse_args()

    crossings, border = bk.load_crossings(), bk.load_border()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "points.parquet"
        folder.mkdir()
        points = random_points(args.points, 7)
        for i, rows in enumerate(np.array_split(np.arange(args.points), args.partitions)):
            points.iloc[rows].to_parquet(folder / f"part.{i}.parquet")
        del points
        cluster = (
            LocalCluster(
                n_workers=1,
                threads_per_worker=2,
                processes=False,
                memory_limit=args.memory_limit,
                dashboard_address=":0",
            )
            if args.threads
            else LocalCluster(
                n_workers=2, threads_per_worker=1, memory_limit=args.memory_limit, dashboard_address=":0"
            )
        )
        with cluster, Client(cluster) as client:

            def in_memory() -> pd.DataFrame:
                frame = gpd.read_parquet(folder)
                return bk.nearest_crossing(frame, crossings).join(bk.distance_to_border(frame, border))

            def on_dask() -> pd.DataFrame:
                lazy = dask_geopandas.read_parquet(folder)
                result = bk.nearest_crossing(lazy, crossings).join(bk.distance_to_border(lazy, border))
                out = Path(tmp) / "result.parquet"
                result.to_parquet(out, compute=True)  # partition by partition
                return pd.read_parquet(out)

            times, results = interleaved(
                {"in memory (one call)": in_memory, "dask LocalCluster": on_dask}, args.rounds
            )
            kind = "1 worker x 2 threads" if args.threads else "2 worker processes x 1 thread"
            print(
                f"{args.points:,} points from {args.partitions} GeoParquet files, nearest_crossing + "
                f"distance_to_border; LocalCluster {kind}, memory limit {args.memory_limit} per worker"
            )
            print(f"{args.rounds} interleaved rounds: median (min-max)")
            for name, t in times.items():
                print(f"  {name:<22} {median_spread(t)}  {1e6 * np.median(t) / args.points:6.2f} us/pt")
            a = results["in memory (one call)"].sort_index()
            b = results["dask LocalCluster"].sort_index()
            b.index = a.index if len(a) == len(b) else b.index
            same = a.columns.tolist() == b.columns.tolist() and np.array_equal(
                a.to_numpy(dtype=object), b[a.columns].to_numpy(dtype=object)
            )
            print(f"  dask result equals the in-memory one: {same}")
            print(f"  dashboard (while running): {client.dashboard_link}")


if __name__ == "__main__":
    main()
