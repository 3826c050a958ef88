"""Benchmark: people within 10 / 25 / 50 km of the border and of each crossing, 100 m raster of the region.

The raster: a grid over the bounding box of Afghanistan and Pakistan
(``bk.load_countries().total_bounds``) with cells 100 m square at its centre
latitude (about 2.6 x 10^8 cells), holding the shared HREA settlement
population of Afghanistan (``../shared/data/real/hrea_afg_settlements/
AFG_set_pop.tif``, 7.5 arc-seconds, about 230 m) resampled to it: each 100 m
cell takes the value of the HREA cell under its centre times the ratio of the
cell areas, so the total is kept (up to the sampling of the edges). Pakistan
and everything outside HREA's settlement cells is nodata: HREA covers
Afghanistan only. It is written once under ``--folder`` (generation not timed)
and is never part of the repository.

Then :func:`borderkit.geo.zonal.population_by_distance_band` reads it window
by window, and :func:`borderkit.population_within` sums it in the 21 discs of
10 / 25 / 50 km around the crossings (tile by tile), each also on the original
HREA raster for comparison; printed: time, peak resident memory of this
process (sampled every 0.1 s with psutil), cells read and valid, and the
people per band.

GDAL keeps the blocks it decompresses in a cache of 5 % of the RAM by default
(bounded, but counted in the resident memory); ``GDAL_CACHEMAX=64`` in the
environment caps it at 64 MB.

    python benchmarks/raster_bands.py [--folder /tmp/borderkit-bench] [--resolution-m 100]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psutil
import rasterio
from rasterio.transform import from_origin
from rasterio.windows import Window

import borderkit as bk
from borderkit.geo.zonal import population_by_distance_band

# ../shared/data/real beside the repository, as tests/conftest.py finds it.
SHARED_REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
HREA = SHARED_REAL / "hrea_afg_settlements" / "AFG_set_pop.tif"
NODATA = -1.0


def km_per_degree(lat: float) -> tuple[float, float]:
    """Length of one degree of longitude and of latitude at ``lat`` on WGS84, km."""
    a, e2 = 6_378_137.0, 0.00669437999014
    s = math.sin(math.radians(lat))
    w = math.sqrt(1.0 - e2 * s * s)
    return (
        a * math.cos(math.radians(lat)) / w * math.pi / 180.0 / 1000.0,
        a * (1.0 - e2) / w**3 * math.pi / 180.0 / 1000.0,
    )


def resample(source: Path, target: Path, resolution_m: float) -> Path:
    """Write the HREA raster resampled to a grid of the region at resolution_m (once)."""
    if target.exists():
        return target
    west, south, east, north = (float(v) for v in bk.load_countries().total_bounds)
    east_km, north_km = km_per_degree((south + north) / 2.0)
    dx, dy = resolution_m / 1000.0 / east_km, resolution_m / 1000.0 / north_km
    width, height = math.ceil((east - west) / dx), math.ceil((north - south) / dy)
    transform = from_origin(west, north, dx, dy)
    with rasterio.open(source) as src:
        values = src.read(1)  # 144 MB, read once for the generation (not timed)
        ok = src.read_masks(1) > 0
        st = src.transform
        area_ratio = (dx * dy) / (st.a * -st.e)
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:4326",
        "transform": transform,
        "nodata": NODATA,
        "tiled": True,
        "blockxsize": 512,
        "blockysize": 512,
        "compress": "deflate",
        "BIGTIFF": "IF_SAFER",
    }
    tmp = target.with_suffix(".tmp.tif")
    with rasterio.open(tmp, "w", **profile) as dst:
        dst.update_tags(
            content=(
                "HREA AFG_set_pop (settlement population, Afghanistan) resampled by borderkit's benchmark "
                f"to {resolution_m:g} m cells over the Afghanistan-Pakistan bounding box; value = HREA cell "
                "under the centre x area ratio; not for analysis"
            )
        )
        for r0 in range(0, height, 2048):
            h = min(2048, height - r0)
            lat = north - (np.arange(r0, r0 + h) + 0.5) * dy
            rows = np.floor((lat - st.f) / st.e).astype(np.int64)
            for c0 in range(0, width, 2048):
                w = min(2048, width - c0)
                lon = west + (np.arange(c0, c0 + w) + 0.5) * dx
                cols = np.floor((lon - st.c) / st.a).astype(np.int64)
                rr, cc = np.meshgrid(rows, cols, indexing="ij")
                inside = (rr >= 0) & (rr < values.shape[0]) & (cc >= 0) & (cc < values.shape[1])
                out = np.full((h, w), NODATA, dtype="float32")
                r_in, c_in = rr[inside], cc[inside]
                good = ok[r_in, c_in]
                picked = np.where(good, values[r_in, c_in] * area_ratio, NODATA).astype("float32")
                out[inside] = picked
                dst.write(out, 1, window=Window(c0, r0, w, h))
    tmp.replace(target)
    return target


class PeakRSS:
    """Sample this process's resident memory every 0.1 s; keep the peak."""

    def __enter__(self) -> PeakRSS:
        self.proc = psutil.Process()
        self.start = self.peak = self.proc.memory_info().rss
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            self.stop.wait(0.1)

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=Path("/tmp/borderkit-bench"))
    parser.add_argument("--resolution-m", type=float, default=100.0)
    args = parser.parse_args()
    if not HREA.is_file():
        sys.exit(f"the shared HREA raster is absent ({HREA}); this benchmark needs it")
    args.folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    big = resample(HREA, args.folder / f"hrea-region-{args.resolution_m:g}m.tif", args.resolution_m)
    print(f"raster ready in {time.perf_counter() - t0:,.0f} s (not timed below): {big}", flush=True)
    cache = os.environ.get("GDAL_CACHEMAX")
    print(f"GDAL block cache: {cache + ' MB (GDAL_CACHEMAX)' if cache else 'GDAL default (5% of the RAM)'}")
    border, crossings = bk.load_border(), bk.load_crossings()
    results = {}
    runs = (("HREA as published (7.5 arc-s)", HREA), (f"{args.resolution_m:g} m grid of the region", big))
    for name, path in runs:
        with rasterio.open(path) as ds:
            shape = f"{ds.width:,} x {ds.height:,} = {ds.width * ds.height:,} cells"
        with PeakRSS() as mem:
            t = time.perf_counter()
            table = population_by_distance_band(path, border, crossings, bands_km=(10, 25, 50))
            seconds = time.perf_counter() - t
        results[name] = table
        print(
            f"{name}: {shape}; {seconds:,.1f} s; peak resident memory {mem.peak / 1e6:,.0f} MB "
            f"({(mem.peak - mem.start) / 1e6:+,.0f} MB over the start); cells read "
            f"{table.attrs['cells_read']:,}, valid {table.attrs['valid_cells']:,}",
            flush=True,
        )
    zones = bk.reach_zones(crossings, [10, 25, 50])
    sums = {}
    for name, path in runs:
        with PeakRSS() as mem:
            t = time.perf_counter()
            sums[name] = bk.population_within(path, zones)
            seconds = time.perf_counter() - t
        print(
            f"population_within, {len(zones)} discs of 10 / 25 / 50 km around the crossings, {name}: "
            f"{seconds:,.1f} s; peak resident memory {mem.peak / 1e6:,.0f} MB "
            f"({(mem.peak - mem.start) / 1e6:+,.0f} MB over the start); "
            f"sum of the 50 km discs {sums[name][zones['distance_km'] == 50].sum() / 1e6:,.2f} M people",
            flush=True,
        )
    print()
    print("People within each distance (population_by_distance_band; crossings: nearest-crossing shares)")
    names = list(results)
    header = f"{'target':<22}" + "".join(f"{n[:26]:>30}" for n in names)
    print(header)
    for target in results[names[0]].index:
        cells = []
        for n in names:
            row = results[n].loc[target]
            cells.append(" / ".join(f"{v / 1e3:,.0f}k" for v in row))
        print(f"{target!s:<22}" + "".join(f"{c:>30}" for c in cells))
    print("(each cell: within 10 / 25 / 50 km, thousands of people)")


if __name__ == "__main__":
    main()
