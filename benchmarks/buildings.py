"""Benchmark: building footprints to settlement points, eagerly and lazily, against plain geopandas.

Reads one partitioned GeoParquet folder of N footprints three ways, in one
run, methods interleaved (A B C, A B C, ...), each repetition in a fresh
process so that peak memory is its own:

- ``geopandas`` (the baseline): ``geopandas.read_parquet`` of the folder's
  files, then ``.centroid``: every footprint polygon in memory at once;
- ``eager``: ``bk.load_settlements("buildings", path=...)``: batch by batch,
  only centroids kept, checked, located in the bundled country outlines;
- ``lazy``: the same with ``lazy=True``, computed with dask's threaded
  scheduler (one partition per row group).

It prints, per method, the median wall time and peak extra memory (the
process's high-water mark after reading minus before), the spread (min–max)
over the repetitions, and the ratios to the baseline.

The footprints are SYNTHETIC: rectangles of 10-30 m a side at random places
over Afghanistan and Pakistan, in Google Open Buildings v3's columns
(latitude, longitude, area_in_meters, confidence, full_plus_code, geometry).
Only their number and size matter here, not where they are.

    python benchmarks/buildings.py [--n 1000000] [--files 8] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np


def _hwm_kib() -> int:
    """Return this process's peak resident memory (VmHWM) in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _reset_hwm() -> None:
    """Reset the high-water mark to the current RSS (Linux: write 5 to clear_refs)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def write_dataset(folder: Path, n: int, files: int, *, seed: int = 7) -> None:
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(seed)
    per = int(np.ceil(n / files))
    for k in range(files):
        m = min(per, n - k * per)
        x = rng.uniform(62.0, 74.0, m)
        y = rng.uniform(25.0, 37.0, m)
        w = rng.uniform(1e-4, 3e-4, m)
        h = rng.uniform(1e-4, 3e-4, m)
        geoms = shapely.box(x, y, x + w, y + h)
        frame = gpd.GeoDataFrame(
            {
                "latitude": y + h / 2,
                "longitude": x + w / 2,
                "area_in_meters": (w * 1e5) * (h * 1.1e5),
                "confidence": rng.uniform(0.65, 1.0, m),
                "full_plus_code": [f"{k:02d}{i:08d}" for i in range(m)],
            },
            geometry=geoms,
            crs="EPSG:4326",
        )
        frame.to_parquet(folder / f"part-{k:03d}.parquet", row_group_size=131_072)


def _run(method: str, folder: str, queue: mp.Queue) -> None:
    import dask_geopandas  # noqa: F401 (imports are not timed)
    import geopandas as gpd
    import pandas as pd

    import borderkit as bk
    from borderkit.geo import buildings, settlements  # noqa: F401

    warnings.simplefilter("ignore")  # the default countries= filter warns with its count
    _reset_hwm()
    before = _hwm_kib()
    start = time.perf_counter()
    if method == "geopandas":
        parts = [gpd.read_parquet(p) for p in sorted(Path(folder).glob("*.parquet"))]
        frame = pd.concat(parts, ignore_index=True)
        points = frame.centroid
        rows = len(points)
    elif method == "eager":
        rows = len(bk.load_settlements("buildings", path=folder))
    else:
        lazy = bk.load_settlements("buildings", path=folder, lazy=True)
        rows = len(lazy.compute(scheduler="threads"))
    elapsed = time.perf_counter() - start
    queue.put((elapsed, (_hwm_kib() - before) * 1024, rows))


def measure(method: str, folder: Path) -> tuple[float, int, int]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run, args=(method, str(folder), queue))
    proc.start()
    proc.join(timeout=600)
    if proc.exitcode != 0 or queue.empty():
        msg = f"{method}: the measuring process failed (exit code {proc.exitcode})"
        raise RuntimeError(msg)
    return queue.get()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="footprints (synthetic)")
    parser.add_argument("--files", type=int, default=8, help="Parquet files in the folder")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    methods = ["geopandas", "eager", "lazy"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        write_dataset(folder, args.n, args.files)
        size = sum(p.stat().st_size for p in folder.glob("*.parquet"))
        print(
            f"synthetic footprints: {args.n:,} in {args.files} files, {size / 2**20:.0f} MiB "
            f"(written in {time.perf_counter() - t0:.1f} s); {args.repeat} repetitions, interleaved"
        )
        times: dict[str, list[float]] = {m: [] for m in methods}
        peaks: dict[str, list[int]] = {m: [] for m in methods}
        rows: dict[str, int] = {}
        for _ in range(args.repeat):
            for m in methods:
                t, peak, r = measure(m, folder)
                times[m].append(t)
                peaks[m].append(peak)
                rows[m] = r
    base_t = statistics.median(times["geopandas"])
    base_p = statistics.median(peaks["geopandas"])
    print(
        f"{'method':<10} {'rows':>10} {'time s (min-max)':>22} {'µs/row':>8} {'peak MiB (min-max)':>22} "
        f"{'time ×':>7} {'mem ×':>6}"
    )
    for m in methods:
        t, p = statistics.median(times[m]), statistics.median(peaks[m])
        print(
            f"{m:<10} {rows[m]:>10,} {t:>8.2f} ({min(times[m]):.2f}-{max(times[m]):.2f}) "
            f"{t / args.n * 1e6:>8.2f} {p / 2**20:>8.0f} "
            f"({min(peaks[m]) / 2**20:.0f}-{max(peaks[m]) / 2**20:.0f}) "
            f"{t / base_t:>7.2f} {p / base_p:>6.2f}"
        )
    print("geopandas keeps every row (no checks, no country filter); eager and lazy keep those in AFG/PAK.")


if __name__ == "__main__":
    main()
