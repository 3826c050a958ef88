"""Benchmark: the main job (the default map) against issue 16's figures and a bare folium map.

Issue 16 measured `borderkit map` at 9.5 s wall and 740 MB peak (median of
3 runs on the 2-core machine) and asks for under 3 s and 400 MB. This script
measures, in one run, methods interleaved, each in a fresh Python process
(so that every run pays its imports and loads, as a user's does):

- ``cli``: ``borderkit map --out x.html`` (self-contained HTML, as the README runs it);
- ``make_map``: ``bk.make_map()`` shown inline as a notebook shows it
  (``_repr_html_``: the page with its scripts written in);
- ``bare_folium``: the same layers' geometries and tooltip columns, read from
  GeoParquet files written beforehand, drawn with plain ``folium.GeoJson`` and
  saved (CDN links). This is the floor: what drawing the same features costs
  without borderkit's loading, analysis, styling and furniture.

For each: wall time (s), CPU time (s, user + system: what the wall time
would be on an idle machine, near enough, for these single-threaded jobs)
and peak resident memory (MB, the process's ``ru_maxrss``), median and
spread (min-max) over the runs, and the ratios to the issue's figures and to
the bare folium map. The issue's target is on the median wall time.

borderkit is byte-compiled first, as ``make map`` does (an editable install
is not compiled by pip, and where ``PYTHONDONTWRITEBYTECODE`` is set Python
would compile its modules again in every run); ``--no-compile`` measures the
package as it is. The machine's load average is printed before and after:
the figures mean little on a busy machine.

    python benchmarks/main_job.py [--repeats 3] [--no-compile]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ISSUE_SECONDS = 9.5
ISSUE_PEAK_MB = 740.0
TARGET_SECONDS = 3.0
TARGET_PEAK_MB = 400.0

CLI = """
import sys
from borderkit.cli import main
sys.exit(main(["map", "--out", sys.argv[1], "--quiet"]))
"""

MAKE_MAP = """
import borderkit as bk
m = bk.make_map()
page = m._repr_html_()
assert "L.map(" in page
"""

BARE = """
import json, sys
from pathlib import Path
import folium
import geopandas as gpd
folder = Path(sys.argv[1])
m = folium.Map(tiles="OpenStreetMap", control_scale=True)
for path in sorted(folder.glob("*.parquet")):
    frame = gpd.read_parquet(path)
    fields = [c for c in frame.columns if c != "geometry"]
    tooltip = folium.GeoJsonTooltip(fields=fields) if fields else None
    kwargs = {"marker": folium.CircleMarker(radius=6)} if set(frame.geom_type) <= {"Point"} else {}
    folium.GeoJson(frame, name=path.stem, tooltip=tooltip, **kwargs).add_to(m)
folium.LayerControl().add_to(m)
m.save(str(folder / "bare.html"))
"""


def run(code: str, *args: str) -> tuple[float, float, float]:
    """Run ``code`` in a fresh interpreter; return (wall seconds, CPU seconds, peak RSS MB).

    CPU is the process's user + system time: on a busy machine the wall time
    also counts the time other processes had the cores, the CPU time does not.
    """
    start = time.perf_counter()
    # stdout to /dev/null: `borderkit map --quiet` prints the path it wrote
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], env=os.environ.copy(), stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark run failed with status {proc.returncode}: {code.strip()[:60]}...")
    peak_mb = usage.ru_maxrss / 1024.0  # kB on Linux
    return wall, usage.ru_utime + usage.ru_stime, peak_mb


SETUP = """
import sys
from pathlib import Path
from borderkit.layers import default_layers
folder = Path(sys.argv[1])
total = 0
for i, layer in enumerate(default_layers()):
    cols = [c for c, _ in layer.tooltip]
    frame = layer.frame[[*cols, "geometry"]].copy()
    for c in cols:
        frame[c] = frame[c].astype(str)
    frame.to_parquet(folder / f"{i:02d}.parquet")
    total += len(frame)
(folder / "features.txt").write_text(str(total))
"""


def write_bare_inputs(folder: Path) -> int:
    """Write each default layer's geometry and tooltip columns to GeoParquet; return the feature count.

    In a child process: this process stays small, since Linux carries a
    parent's peak RSS into the ``ru_maxrss`` of the children it forks.
    """
    subprocess.run([sys.executable, "-c", SETUP, str(folder)], check=True)
    return int((folder / "features.txt").read_text())


def _load() -> str:
    """The 1, 5 and 15 minute load averages (runnable processes; the machine has os.cpu_count() cores)."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


def _package_folder() -> str:
    """The folder of the borderkit package the child processes import (found without importing it)."""
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib.util as u; print(u.find_spec('borderkit').submodule_search_locations[0])",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return found.stdout.strip()


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} ({min(values):.2f}-{max(values):.2f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each method (default 3)")
    parser.add_argument(
        "--no-compile", action="store_true", help="do not byte-compile borderkit first (as make map does)"
    )
    args = parser.parse_args(argv)
    print(f"load average before: {_load()}")
    if not args.no_compile:
        package = _package_folder()
        compileall.compile_dir(package, quiet=1)
        print(f"byte-compiled {package} (as `make map` does)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        features = write_bare_inputs(folder)
        methods = {
            "cli": (CLI, str(folder / "cli.html")),
            "make_map": (MAKE_MAP,),
            "bare_folium": (BARE, str(folder)),
        }
        times: dict[str, list[float]] = {name: [] for name in methods}
        cpus: dict[str, list[float]] = {name: [] for name in methods}
        peaks: dict[str, list[float]] = {name: [] for name in methods}
        names = list(methods)
        for r in range(args.repeats):
            order = names[r % len(names) :] + names[: r % len(names)]  # interleaved, rotated
            for name in order:
                wall, cpu, peak = run(*methods[name])
                times[name].append(wall)
                cpus[name].append(cpu)
                peaks[name].append(peak)
                print(f"  run {r + 1} {name:<12} {wall:6.2f} s (CPU {cpu:5.2f} s) {peak:7.0f} MB", flush=True)
        size_mb = (folder / "cli.html").stat().st_size / 1e6
    print(
        f"\nThe default map ({features:,} features; `borderkit map` wrote {size_mb:.1f} MB), "
        f"{args.repeats} run(s):"
    )
    print(
        f"{'method':<12} {'wall s, median (min-max)':>26} {'CPU s, median (min-max)':>26} "
        f"{'peak MB, median (min-max)':>28}"
    )
    for name in names:
        print(f"{name:<12} {summary(times[name]):>26} {summary(cpus[name]):>26} {summary(peaks[name]):>28}")
    bare_t, bare_m = statistics.median(times["bare_folium"]), statistics.median(peaks["bare_folium"])
    print("\nRatios (median):")
    for name in ("cli", "make_map"):
        t, mem = statistics.median(times[name]), statistics.median(peaks[name])
        print(
            f"{name:<12} time {t / ISSUE_SECONDS:5.2f}x the issue's {ISSUE_SECONDS} s, "
            f"{t / bare_t:5.2f}x bare folium; peak {mem / ISSUE_PEAK_MB:5.2f}x the issue's "
            f"{ISSUE_PEAK_MB:.0f} MB, {mem / bare_m:5.2f}x bare folium"
        )
    print(f"\nload average after: {_load()}")
    cli_t, cli_m = statistics.median(times["cli"]), statistics.median(peaks["cli"])
    verdict = "meets" if cli_t < TARGET_SECONDS and cli_m < TARGET_PEAK_MB else "misses"
    print(
        f"\n`borderkit map` {verdict} the issue's target (< {TARGET_SECONDS} s and "
        f"< {TARGET_PEAK_MB:.0f} MB): {cli_t:.2f} s, {cli_m:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
