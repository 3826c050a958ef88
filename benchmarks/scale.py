"""Benchmark: 10^8 points from partitioned GeoParquet on a LocalCluster, against 10^6 from disk.

The same code as ``borderkit proximity --points IN --out OUT``
(:func:`borderkit.geo.distributed.proximity_dask` and
:func:`~borderkit.geo.distributed.write_parquet_folder`): each partition is
read from disk, gets its nearest crossing (``nearest_crossing``) and, unless
``--nearest-only``, its distance to the border line (``distance_to_border``),
and is written to a folder of GeoParquet files; nothing is gathered.

The inputs are random points uniform over the bounding box of Afghanistan and
Pakistan, written once (generation not timed) under ``--folder``
(default ``/tmp/borderkit-bench``): the big set as ``--files`` GeoParquet
files, the small one (10^6) as ``--small-files`` files. Both run on one
LocalCluster of 2 worker processes x 1 thread with a memory limit per worker.
The small run is repeated before and after the big one (interleaved); the
table gives its median with the spread, the big run's time, the cost per
point of each and their ratio, and the peak memory of the whole process tree
(this process, the nanny and worker processes), sampled every 0.2 s with
psutil.

    python benchmarks/scale.py [--points 100000000] [--files 100] [--nearest-only]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import threading
import time
import warnings
from pathlib import Path

import dask_geopandas
import geopandas as gpd
import numpy as np
import psutil
from distributed import Client, LocalCluster

import borderkit as bk
from borderkit.geo.distributed import proximity_dask, write_parquet_folder

warnings.filterwarnings("ignore", message="The inplace keyword")  # dask's parquet code on pandas 3.1


class PeakMemory:
    """Sample the resident memory of this process and all its descendants; keep the peak."""

    def __init__(self, every_s: float = 0.2) -> None:
        self.every_s = every_s
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def tree_rss() -> int:
        me = psutil.Process()
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a process that just ended
                total += proc.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.tree_rss())
            self._stop.wait(self.every_s)

    def __enter__(self) -> PeakMemory:
        self.peak = self.tree_rss()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.tree_rss())


def generate(folder: Path, n: int, files: int, seed: int) -> Path:
    """Write n random points as `files` GeoParquet files under folder (once; reused when complete)."""
    target = folder / f"points-{n}-{files}"
    done = folder / f"points-{n}-{files}.done"
    if done.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    west, south, east, north = bk.load_countries().total_bounds
    sizes = np.diff(np.linspace(0, n, files + 1).astype(np.int64))
    start = 0
    for i, size in enumerate(sizes):
        rng = np.random.default_rng([seed, i])
        frame = gpd.GeoDataFrame(
            {"point_id": np.arange(start, start + size, dtype=np.int64)},
            geometry=gpd.points_from_xy(rng.uniform(west, east, size), rng.uniform(south, north, size)),
            crs="EPSG:4326",
        )
        frame.to_parquet(target / f"part.{i:04d}.parquet")
        start += size
    done.write_text(f"{n} points in {files} files\n")
    return target


def run(
    source: Path,
    out: Path,
    client: Client,
    crossings: gpd.GeoDataFrame,
    border: gpd.GeoDataFrame,
    nearest_only: bool,
) -> tuple[float, int, int]:
    """Stream one folder through the proximity table to `out`; return (seconds, peak bytes, rows)."""
    shutil.rmtree(out, ignore_errors=True)
    with PeakMemory() as mem:
        t0 = time.perf_counter()
        points = dask_geopandas.read_parquet(source)
        if nearest_only:
            table = bk.nearest_crossing(points, crossings)
        else:
            table = proximity_dask(points, crossings, border, within_km=25.0, where=str(source))
        _, (rows,) = write_parquet_folder(table, out, also=[table.map_partitions(len).sum()], client=client)
        seconds = time.perf_counter() - t0
    shutil.rmtree(out, ignore_errors=True)
    return seconds, mem.peak, int(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=100_000_000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--small", type=int, default=1_000_000)
    parser.add_argument("--small-files", type=int, default=10)
    parser.add_argument("--small-rounds", type=int, default=3, help="small runs (1 before the big)")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/borderkit-bench"))
    parser.add_argument("--memory-limit", default="3GB", help="per worker")
    parser.add_argument("--nearest-only", action="store_true", help="nearest_crossing only")
    args = parser.parse_args()

    t0 = time.perf_counter()
    big = generate(args.folder, args.points, args.files, 1)
    small = generate(args.folder, args.small, args.small_files, 2)
    print(f"inputs ready in {time.perf_counter() - t0:,.0f} s (not timed below): {big}, {small}", flush=True)
    crossings, border = bk.load_crossings(), bk.load_border()
    what = "nearest_crossing" if args.nearest_only else "nearest_crossing + distance_to_border"
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, memory_limit=args.memory_limit, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        out = args.folder / "out.parquet"
        runs: dict[str, list[tuple[float, int, int]]] = {"small": [], "big": []}
        order = ["small", "big"] + ["small"] * max(0, args.small_rounds - 1)
        for name in order:
            source = small if name == "small" else big
            result = run(source, out, client, crossings, border, args.nearest_only)
            runs[name].append(result)
            seconds, peak, rows = result
            print(f"  {name}: {seconds:,.1f} s, peak {peak / 1e9:.2f} GB, {rows:,} rows", flush=True)
    lines = [
        f"{what}, GeoParquet in -> GeoParquet out (borderkit proximity --points), LocalCluster 2 worker "
        f"processes x 1 thread, memory limit {args.memory_limit} per worker; {os.cpu_count()} cores (shared)",
        "peak memory: resident set of the whole process tree (client, nanny and worker processes), sampled "
        "every 0.2 s",
        "",
        f"{'points':>13}  {'files':>5}  {'runs':>4}  {'time (median, min-max)':<28}  {'us/point':>8}  "
        f"{'peak GB':>7}  {'ratio':>5}",
    ]
    small_t = [r[0] for r in runs["small"]]
    small_cost = statistics.median(small_t) / args.small
    for name, n, files in (("small", args.small, args.small_files), ("big", args.points, args.files)):
        times = [r[0] for r in runs[name]]
        rows = {r[2] for r in runs[name]}
        assert rows == {n}, f"{name}: rows written {rows}, expected {n}"
        med = statistics.median(times)
        spread = f"{med:9,.1f} s ({min(times):,.1f}-{max(times):,.1f})"
        peak = max(r[1] for r in runs[name]) / 1e9
        lines.append(
            f"{n:>13,}  {files:>5}  {len(times):>4}  {spread:<28}  {1e6 * med / n:8.2f}  {peak:7.2f}  "
            f"{(med / n) / small_cost:5.2f}"
        )
    lines.append("")
    lines.append("ratio: cost per point against the small run's median; goal: big run <= 1.5, peak < 8 GB")
    print("\n".join(lines))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
