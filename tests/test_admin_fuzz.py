"""Property-based fuzzing of the admin-units file loader (issue 9, "Tests that keep it so").

Random GeoJSON files with missing, NaN, swapped, out-of-range, non-ASCII and
huge values. The invariant: every input row is either loaded or named in a
counted warning, or the call fails with one of borderkit.errors' types; no
other exception escapes.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import borderkit as bk
from borderkit import errors

# Coordinates: inside the region, swapped, at the edge of the globe, out of range, huge, not finite.
LONS = st.one_of(
    st.floats(60.5, 77.5),
    st.floats(29.5, 37.0),  # a latitude where a longitude should be (swapped)
    st.sampled_from([-180.0, 180.0, 200.0, -360.0, 7.8e6, 1e300, -1e300, math.nan, math.inf]),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
)
LATS = st.one_of(
    st.floats(29.5, 37.0),
    st.floats(60.5, 77.5),
    st.sampled_from([-90.0, 90.0, 200.0, -91.0, 4.0e6, 1e300, math.nan, -math.inf]),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
)
SIZES = st.one_of(st.floats(1e-6, 2.0), st.sampled_from([0.0, 1e300, -0.5]))
TEXT = st.text(min_size=0, max_size=12)  # any Unicode, empty included
VALUES = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


@st.composite
def geometries(draw: st.DrawFn) -> dict | None:
    x, y, size = draw(LONS), draw(LATS), draw(SIZES)
    kind = draw(st.sampled_from(["polygon", "polygon", "polygon", "point", "line", "none", "empty"]))
    if kind == "none":
        return None
    if kind == "point":
        return {"type": "Point", "coordinates": [x, y]}
    if kind == "line":
        return {"type": "LineString", "coordinates": [[x, y], [x + size, y + size]]}
    if kind == "empty":
        return {"type": "Polygon", "coordinates": []}
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


@st.composite
def features(draw: st.DrawFn) -> dict:
    props: dict = {}
    for name in ("shapeName", "shapeID", "shapeGroup", "note"):
        if draw(st.booleans()):
            props[name] = draw(VALUES)
    if draw(st.booleans()):
        props["shapeGroup"] = draw(st.sampled_from(["AFG", "PAK", "afg", "XXX", ""]))
    return {"type": "Feature", "properties": props, "geometry": draw(geometries())}


DROPPED_RE = re.compile(r"dropped (\d+) row\(s\)")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(
    rows=st.lists(features(), min_size=1, max_size=8),
    crs=st.sampled_from([None, None, None, "EPSG:3857", "EPSG:32642"]),
    level=st.sampled_from([1, 2, "2"]),
)
def test_every_row_is_loaded_or_counted_or_the_error_is_borderkits(rows, crs, level) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "units.geojson"
        # allow_nan: NaN and Infinity as JSON numbers, as careless writers produce them.
        path.write_text(json.dumps({"type": "FeatureCollection", "features": rows}), encoding="utf-8")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                units = bk.load_admin_units(level, path, countries=None, crs=crs)
            except errors.BorderkitError as exc:
                message = str(exc)
                assert message  # a message that says what was wrong
                return
    strangers = [w for w in caught if not issubclass(w.category, _borderkit_warnings())]
    assert strangers == [], [str(w.message) for w in strangers]
    dropped = sum(
        int(m.group(1))
        for w in caught
        if issubclass(w.category, errors.DroppedRowsWarning)
        for m in [DROPPED_RE.search(str(w.message))]
        if m
    )
    assert len(units) + dropped == len(rows)
    named = sorted(d["row"] for d in units.attrs.get("dropped", []))
    assert sorted([*named, *units.index]) == list(range(len(rows)))
    assert units.crs.to_epsg() == 4326
    coords = units.geometry.get_coordinates()
    assert coords["x"].between(-180, 180).all()
    assert coords["y"].between(-90, 90).all()
    assert units["unit_id"].is_unique
    assert set(units.geometry.geom_type) <= {"Polygon", "MultiPolygon"}


def _borderkit_warnings() -> tuple[type[Warning], ...]:
    return tuple(
        value for value in vars(errors).values() if isinstance(value, type) and issubclass(value, Warning)
    )


def test_the_fuzzer_reaches_both_outcomes() -> None:
    """The strategies above produce files that load and files that fail (a guard on the fuzzer)."""
    good = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"shapeName": "Kābul ☃", "shapeID": "1", "shapeGroup": "AFG"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[69.1, 34.5], [69.2, 34.5], [69.2, 34.6], [69.1, 34.6], [69.1, 34.5]]],
                },
            }
        ],
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one.geojson"
        path.write_text(json.dumps(good), encoding="utf-8")
        assert list(bk.load_admin_units(2, path, countries=None)["name"]) == ["Kābul ☃"]
        ring = good["features"][0]["geometry"]["coordinates"][0]
        good["features"][0]["geometry"]["coordinates"][0] = [[x * 1e5, y * 1e5] for x, y in ring]
        path.write_text(json.dumps(good), encoding="utf-8")
        with pytest.raises(errors.CRSError, match="projected metres"):
            bk.load_admin_units(2, path, countries=None)
