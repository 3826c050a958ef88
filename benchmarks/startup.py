"""How fast the command answers: ``borderkit --help`` and ``borderkit sources`` vs ``python -c pass``.

Issue 10 asks for ``--help`` in well under a second on the 2-core machine.
The three commands are run in turn (interleaved), ``--runs`` times each; the
table gives the median and the spread (min-max) of the wall time, and the
ratio of each median to the bare interpreter's.

    python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "borderkit.cli"]
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import borderkit'": [sys.executable, "-c", "import borderkit"],
    "borderkit --help": [*CLI, "--help"],
    "borderkit sources": [*CLI, "sources"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BORDERKIT_OFFLINE": "1"}
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, cmd in COMMANDS.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - t0)
    base = statistics.median(times["python -c pass"])
    print(f"{'command':32} {'median':>8} {'min-max':>15} {'x python':>9}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:32} {med:7.3f}s {min(ts):6.3f}-{max(ts):.3f}s {med / base:8.1f}x")


if __name__ == "__main__":
    main()
