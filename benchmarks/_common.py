"""Shared helpers of the benchmarks: interleaved timing, medians with spread, peak memory, points.

Every benchmark runs its methods in turn, round after round (A B C, A B C, ...),
so that a noisy machine (it is shared) slows all of them alike, and reports the
median of the rounds with the spread (min-max) rather than the best run.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np

import borderkit as bk


def random_points(n: int, seed: int) -> gpd.GeoDataFrame:
    """Return n points uniform over the bounding box of the bundled countries (EPSG:4326)."""
    rng = np.random.default_rng(seed)
    west, south, east, north = bk.load_countries().total_bounds
    lon, lat = rng.uniform(west, east, n), rng.uniform(south, north, n)
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def interleaved(methods: dict[str, Callable[[], Any]], rounds: int) -> tuple[dict[str, list[float]], dict]:
    """Time each method once per round, in turn; return the times (s) and each method's last result."""
    times: dict[str, list[float]] = {name: [] for name in methods}
    results: dict[str, Any] = {}
    for _ in range(rounds):
        for name, fn in methods.items():
            gc.collect()
            t0 = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t0)
    return times, results


def median_spread(values: list[float]) -> str:
    """Format the median of ``values`` with their range."""
    return f"{statistics.median(values):8.3f} s  ({min(values):.3f}-{max(values):.3f})"


def ratio(slow: list[float], fast: list[float]) -> float:
    """Ratio of the medians."""
    return statistics.median(slow) / statistics.median(fast)


def peak_bytes(fn: Callable[[], Any]) -> int:
    """Peak memory allocated (Python and numpy, through tracemalloc) while ``fn`` runs, less its start."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    result = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del result
    return peak - base
