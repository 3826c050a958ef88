"""Cold cost of ``load_crossings("bundled")``: this tree against a baseline tree, interleaved.

``borderkit map`` loads the bundled crossings on start-up, so loading them
must not pull in scipy or re-measure every row against the border line (the
build script stores ``distance_to_border_m``). Each run starts a fresh
interpreter, imports borderkit, times the import of the libraries a
GeoDataFrame needs (geopandas, pandas, shapely, pyproj: the same in both trees),
then times ``load_crossings()`` and reports whether scipy got imported. The
trees are run in turn (interleaved), ``--runs`` times each; the table gives
the median and the spread (min-max) of the load and the ratio of each median
to the first tree's.

    python benchmarks/load_crossings.py [--runs 7] [--baseline /path/to/other/tree]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import sys, time, warnings\n"
    "import borderkit as bk\n"
    "d0 = time.perf_counter()\n"
    "import geopandas, pandas, shapely, pyproj\n"
    "t0 = time.perf_counter()\n"
    "with warnings.catch_warnings():\n"
    "    warnings.simplefilter('ignore')\n"
    "    frame = bk.load_crossings()\n"
    "t1 = time.perf_counter()\n"
    "import json\n"
    "facts = {'s': t1 - t0, 'deps': t0 - d0, 'rows': len(frame), 'scipy': 'scipy' in sys.modules}\n"
    "print(json.dumps(facts))\n"
)


def _run(tree: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "BORDERKIT_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, check=True, capture_output=True, text=True, cwd=tree
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", type=Path, default=None, help="another borderkit tree (e.g. main)")
    args = parser.parse_args()
    trees = {"this tree": ROOT}
    if args.baseline is not None:
        trees = {"baseline": args.baseline.resolve(), **trees}
    times: dict[str, list[float]] = {name: [] for name in trees}
    deps: dict[str, list[float]] = {name: [] for name in trees}
    facts: dict[str, dict] = {}
    for _ in range(args.runs):
        for name, tree in trees.items():
            result = _run(tree)
            times[name].append(result["s"])
            deps[name].append(result["deps"])
            facts[name] = result
    base = statistics.median(times[next(iter(trees))])
    head = f"{'tree':12} {'load median':>11} {'min-max':>15} {'x first':>8} {'rows':>5} {'scipy':>6}"
    print(f"{head}  deps import")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(
            f"{name:12} {med:10.3f}s {min(ts):6.3f}-{max(ts):.3f}s {med / base:7.2f}x "
            f"{facts[name]['rows']:5d} {facts[name]['scipy']!s:>6}  {statistics.median(deps[name]):.3f}s"
        )


if __name__ == "__main__":
    main()
