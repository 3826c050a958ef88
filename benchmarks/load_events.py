"""Time and peak memory of ``bk.load_events`` against ``pandas.read_csv`` + ``geopandas.points_from_xy``.

The input is a SYNTHETIC file shaped like an ACLED export: ACLED's 31 columns,
in ACLED's order, with values of realistic length (event ids, ISO dates,
actor names, a sentence of notes, coordinates in Afghanistan and Pakistan).
Only its size and shape matter: the values are random draws, not events,
and must never be read as data. It is written once to a temporary folder
(``--folder``) and reused.

Each measurement runs in a fresh Python process that imports everything
first, resets the kernel's peak-RSS counter (``/proc/self/clear_refs``) and
then loads the file once: time is the wall-clock of the load alone, memory
the peak resident set above the resident set just before the load (so
Arrow's and NumPy's buffers count, not only Python objects). The two
methods run interleaved, alternating which goes first, and the script
prints each one's median with its spread (min - max) and the ratios
borderkit / pandas of the medians (issue 17's goal: at most 3x the time
and 1.5x the memory on 1,000,000 rows).

    python benchmarks/load_events.py --rows 100000 --repeats 5
    python benchmarks/load_events.py --rows 1000000 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip

# Words the synthetic text is drawn from (random filler: the file's content is meaningless).
_WORDS = np.array(
    [
        "the", "of", "and", "a", "in", "to", "near", "district", "village", "forces", "group",
        "militants", "clash", "reported", "attack", "road", "border", "security", "check", "post",
        "market", "police", "local", "officials", "said", "killed", "injured", "wounded", "two",
        "three", "several", "during", "night", "morning", "area", "town", "province", "troops",
        "fire", "shelling", "protest", "traders", "crossing",
    ]
)


def _phrases(rng: np.random.Generator, n: int, words: int, pool: int = 5000) -> np.ndarray:
    """Return ``n`` random phrases of about ``words`` words, drawn from a pool of ``pool`` phrases."""
    lengths = rng.integers(max(1, words // 2), words * 3 // 2 + 1, pool)
    texts = np.array([" ".join(rng.choice(_WORDS, k)).capitalize() for k in lengths], dtype=object)
    return texts[rng.integers(0, pool, n)]


def synthetic_acled(path: Path, rows: int, *, seed: int = 17) -> Path:
    """Write a synthetic ACLED-shaped CSV of ``rows`` rows (random values; see the module docstring)."""
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 365 * 8, rows)
    dates = (np.datetime64("2017-01-01") + days).astype(str)
    years = dates.astype("U4").astype(int)
    pak = rng.random(rows) < 0.6
    frame = pd.DataFrame(
        {
            "event_id_cnty": np.char.add(np.where(pak, "PAK", "AFG"), np.arange(1, rows + 1).astype(str)),
            "event_date": dates,
            "year": years,
            "time_precision": rng.integers(1, 4, rows),
            "disorder_type": rng.choice(
                ["Political violence", "Demonstrations", "Strategic developments"], rows
            ),
            "event_type": rng.choice(["Battles", "Protests", "Explosions/Remote violence", "Riots"], rows),
            "sub_event_type": rng.choice(
                ["Armed clash", "Peaceful protest", "Attack", "Air/drone strike"], rows
            ),
            "actor1": _phrases(rng, rows, 4),
            "assoc_actor_1": np.where(rng.random(rows) < 0.7, "", _phrases(rng, rows, 3)),
            "inter1": rng.integers(1, 9, rows),
            "actor2": np.where(rng.random(rows) < 0.4, "", _phrases(rng, rows, 3)),
            "assoc_actor_2": np.where(rng.random(rows) < 0.8, "", _phrases(rng, rows, 3)),
            "inter2": rng.integers(0, 9, rows),
            "interaction": rng.integers(10, 90, rows),
            "civilian_targeting": np.where(rng.random(rows) < 0.8, "", "Civilian targeting"),
            "iso": np.where(pak, 586, 4),
            "region": "Southern Asia",
            "country": np.where(pak, "Pakistan", "Afghanistan"),
            "admin1": _phrases(rng, rows, 2, pool=60),
            "admin2": _phrases(rng, rows, 2, pool=400),
            "admin3": _phrases(rng, rows, 2, pool=2000),
            "location": _phrases(rng, rows, 2, pool=5000),
            "latitude": np.round(rng.uniform(29.0, 36.5, rows), 4),
            "longitude": np.round(rng.uniform(62.0, 74.0, rows), 4),
            "geo_precision": rng.integers(1, 4, rows),
            "source": _phrases(rng, rows, 3, pool=300),
            "source_scale": rng.choice(["National", "Subnational", "Local partner-National"], rows),
            "notes": _phrases(rng, rows, 24),
            "fatalities": rng.integers(0, 12, rows),
            "tags": np.where(rng.random(rows) < 0.8, "", "crowd size=no report"),
            "timestamp": rng.integers(1_500_000_000, 1_750_000_000, rows),
        },
        columns=ACLED_COLUMNS,
    )
    tmp = path.with_suffix(".part")
    frame.to_csv(tmp, index=False)
    tmp.replace(path)
    return path


CHILD = r"""
import gc, json, sys, time, warnings
import geopandas as gpd, pandas as pd
import borderkit as bk
from borderkit.geo.events import load_events

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
    raise KeyError(key)

method, path = sys.argv[1], sys.argv[2]
gc.collect()
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")  # reset the peak resident set (VmHWM) to the current one
before = status("VmRSS:")
t0, c0 = time.perf_counter(), time.process_time()
if method == "pandas":
    frame = pd.read_csv(path)
    points = gpd.points_from_xy(frame["longitude"], frame["latitude"])
    out = gpd.GeoDataFrame(frame, geometry=points, crs=4326)
else:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = load_events(path)
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = status("VmHWM:") - before
result = {"seconds": seconds, "cpu": cpu, "peak_bytes": peak, "rows": len(out), "columns": out.shape[1]}
print(json.dumps(result))
"""


def run_once(method: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, method, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def spread(values: list[float], fmt: str) -> str:
    low, high = format(min(values), fmt), format(max(values), fmt)
    return f"{format(statistics.median(values), fmt)} (min {low}, max {high})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    path = args.folder / f"borderkit-synthetic-acled-{args.rows}.csv"
    if not path.exists():
        print(f"writing {path} (synthetic: random values, only the size and shape matter) ...")
        synthetic_acled(path, args.rows)
    print(f"{path}: {args.rows:,} rows, {path.stat().st_size / 1e6:,.0f} MB")
    results: dict[str, list[dict[str, float]]] = {"pandas": [], "borderkit": []}
    for r in range(args.repeats):
        order = ["pandas", "borderkit"] if r % 2 == 0 else ["borderkit", "pandas"]
        for method in order:
            results[method].append(run_once(method, path))
    for method, runs in results.items():
        secs = [x["seconds"] for x in runs]
        cpu = [x["cpu"] for x in runs]
        mem = [x["peak_bytes"] / 1e6 for x in runs]
        print(
            f"{method:>9}: time {spread(secs, '.2f')} s, CPU {spread(cpu, '.2f')} s; "
            f"peak memory {spread(mem, ',.0f')} MB"
        )
    pairs = list(zip(results["borderkit"], results["pandas"], strict=True))
    goals = (("seconds", "time", 3), ("cpu", "CPU time", 3), ("peak_bytes", "peak memory", 1.5))
    for key, label, goal in goals:
        ratio = statistics.median(b[key] for b, _ in pairs) / statistics.median(p[key] for _, p in pairs)
        rounds = [b[key] / p[key] for b, p in pairs]
        print(
            f"borderkit / pandas {label}: {ratio:.2f}x (per round {min(rounds):.2f}-{max(rounds):.2f}; "
            f"goal <= {goal})"
        )


if __name__ == "__main__":
    main()
