"""Property-based fuzzing of the crossings and settlements file loaders (hypothesis).

Random CSV and GeoJSON files: missing, NaN, infinite, swapped, out-of-range,
huge, non-ASCII and non-numeric values. The invariant, for every file:

- the call either raises one of borderkit's own errors (``BorderkitError``)
  whose message names the file, or
- it returns a frame in which every input row is accounted for: loaded, or
  left out and counted (``attrs``) in a warning that names the row.

No other exception may escape.
"""

from __future__ import annotations

import csv
import json
import math
import re
import tempfile
import warnings
from pathlib import Path

import pytest
import shapely

hypothesis = pytest.importorskip("hypothesis", reason="the fuzz tests need hypothesis (the test extras)")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import borderkit as bk  # noqa: E402
from borderkit.errors import BorderkitError, DroppedRowsWarning  # noqa: E402

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,  # the same examples every run: CI stays reproducible
)


def _on_line(fraction: float) -> tuple[float, float]:
    """(lon, lat) of the bundled border line at a fraction of its length."""
    point = _LINE.interpolate(fraction, normalized=True)
    return point.x, point.y


_LINE = bk.load_border().geometry.iloc[0]

# --------------------------------------------------------------------------- strategies

weird_numbers = st.sampled_from(
    [math.nan, math.inf, -math.inf, 1e300, -1e300, 95.0, -91.0, 181.0, 0.0, 1e-300, 7.8e6]
)
non_numbers = st.sampled_from(["", " ", "abc", "34,5", "٣٤٫٥", "nan", "N/A", "1e999", "--1", "34.1.2", "∞"])
names = st.one_of(
    st.text(min_size=0, max_size=12),
    st.sampled_from(["Torkham", "تورخم", "Спин-Булдак", '=HYPERLINK("x")', "", "  ", "a,b", 'q"uote']),
)


@st.composite
def coordinate_pair(draw: st.DrawFn) -> tuple[object, object]:
    """A (lat, lon) cell pair: good, swapped, empty, NaN, out of range, huge or not a number."""
    # Mostly good rows, so that many files load and the accounting of dropped rows is exercised.
    kind = draw(st.sampled_from(["good"] * 6 + ["unlocated"] * 2 + ["swapped", "half", "weird", "text"]))
    lon, lat = _on_line(draw(st.floats(0, 1)))
    if kind == "good":
        return lat, lon
    if kind == "swapped":
        return lon, lat
    if kind == "unlocated":
        return "", ""
    if kind == "half":
        return (lat, "") if draw(st.booleans()) else ("", lon)
    if kind == "weird":
        return draw(weird_numbers), draw(st.one_of(weird_numbers, st.just(lon)))
    return draw(non_numbers), draw(st.one_of(non_numbers, st.just(lon)))


rows_strategy = st.lists(
    st.tuples(names, coordinate_pair(), st.sampled_from(["", "AFG", "PAK", "IRN", "XX"])),
    min_size=1,
    max_size=8,
)


def _write_csv(folder: Path, rows: list) -> Path:
    path = folder / "fuzz.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "lat", "lon", "country"])
        for name, (lat, lon), country in rows:
            writer.writerow([name, lat, lon, country])
    return path


def _write_geojson(folder: Path, rows: list) -> Path:
    features = []
    for name, (lat, lon), country in rows:
        try:
            coords = [float(lon), float(lat)]
            geometry = {"type": "Point", "coordinates": coords}
        except (TypeError, ValueError):
            geometry = None  # a feature without geometry
        features.append(
            {"type": "Feature", "properties": {"name": name, "country": country}, "geometry": geometry}
        )
    path = folder / "fuzz.geojson"
    # json.dumps writes NaN/Infinity as the bare words many tools emit (not strict JSON).
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _labels_named(messages: list[str]) -> set[str]:
    return {m.group(0) for msg in messages for m in re.finditer(r"\b(row|feature) \d+\b", msg)}


def _run(load, path: Path, n_rows: int, **kwargs):
    """Call ``load(path)``; check the invariant; return the frame or None (a borderkit error)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = load(path, **kwargs)
        except BorderkitError as exc:
            error = str(exc)
        except Exception as exc:  # the point of the test: nothing else may escape
            pytest.fail(f"{type(exc).__name__} escaped for {path.read_text(encoding='utf-8')!r}: {exc}")
        else:
            error = None
    if error is not None:
        assert path.name in error, f"the error does not name the file: {error}"
        whole_file = ("holds no", "lacks the column", "is empty", "look swapped", "no located crossing")
        assert _labels_named([error]) or any(w in error for w in whole_file), f"no row named: {error}"
        return None
    dropped = [str(w.message) for w in caught if issubclass(w.category, DroppedRowsWarning)]
    return frame, dropped


# --------------------------------------------------------------------------- crossings


@FUZZ
@given(rows=rows_strategy, fmt=st.sampled_from(["csv", "geojson"]))
def test_crossings_loader_accounts_for_every_row(rows: list, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = (_write_csv if fmt == "csv" else _write_geojson)(Path(tmp), rows)
        out = _run(bk.load_crossings, path, len(rows), max_distance_km=None)
        if out is None:
            return
        frame, dropped = out
        unlocated = frame.attrs["unlocated"]
        assert len(frame) + len(unlocated) + frame.attrs["other_borders"] == len(rows)
        if unlocated:
            assert len(dropped) == 1
            assert f"{len(unlocated)} crossing(s) have no coordinates" in dropped[0]
            assert len(_labels_named(dropped)) == len(unlocated)
        assert frame.crs == "EPSG:4326"
        assert frame["crossing_id"].is_unique
        xy = shapely.get_coordinates(frame.geometry.to_numpy())
        assert ((abs(xy[:, 0]) <= 180) & (abs(xy[:, 1]) <= 90)).all()


@FUZZ
@given(rows=rows_strategy)
def test_crossings_keep_unlocated_rows_when_asked(rows: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _write_csv(Path(tmp), rows)
        out = _run(bk.load_crossings, path, len(rows), max_distance_km=None, include_unlocated=True)
        if out is None:
            return
        frame, dropped = out
        assert len(frame) == len(rows)
        assert not dropped


# --------------------------------------------------------------------------- settlements


@FUZZ
@given(rows=rows_strategy, fmt=st.sampled_from(["csv", "geojson"]), every=st.booleans())
def test_settlements_loader_accounts_for_every_row(rows: list, fmt: str, every: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = (_write_csv if fmt == "csv" else _write_geojson)(Path(tmp), rows)
        kwargs = {"countries": None} if every else {}
        out = _run(bk.load_settlements, path, len(rows), **kwargs)
        if out is None:
            return
        frame, dropped = out
        filtered = frame.attrs["filtered"].get("countries", 0)
        assert len(frame) + filtered == len(rows)
        if every:
            assert filtered == 0
        elif filtered:
            assert len(dropped) == 1
            assert f"left out {filtered} of {len(rows)} place(s)" in dropped[0]
            assert len(frame.attrs["dropped"]) == filtered
        assert frame.crs == "EPSG:4326"
        assert frame["settlement_id"].is_unique
