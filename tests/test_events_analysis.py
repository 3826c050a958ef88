"""Spatial summaries of events without a place (issue 15), and empty input (issue 17 §4).

The bundled timeline has rows whose place is a province or the whole
country: they have no point. The corridor and unit counts leave them out
with a counted note instead of failing, and the CLI summary works on it.
"""

from __future__ import annotations

import subprocess
import sys
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import borderkit as bk
from borderkit.errors import UnassignedEventsWarning
from borderkit.geo.events.schema import empty_events


@pytest.fixture(scope="module")
def timeline() -> gpd.GeoDataFrame:
    return bk.load_events("timeline")


@pytest.fixture(scope="module")
def segments() -> gpd.GeoDataFrame:
    return bk.border_segments(bk.load_border(), bk.load_crossings())


@pytest.fixture(scope="module")
def units() -> gpd.GeoDataFrame:
    return bk.load_admin_units()


def _no_point(events: gpd.GeoDataFrame) -> np.ndarray:
    return (events.geometry.isna() | events.geometry.is_empty).to_numpy()


def test_timeline_by_segment_leaves_out_rows_without_a_place(timeline, segments):
    no_point = _no_point(timeline)
    assert 0 < no_point.sum() < len(timeline)  # the bundled timeline has both kinds of rows
    counted = rf"{no_point.sum()} of {len(timeline)} event\(s\) have no place"
    with pytest.warns(UnassignedEventsWarning, match=counted):
        got = bk.events_by_segment(timeline, segments)
    a = got.attrs
    assert a["without_place"] == int(no_point.sum())
    assert a["total"] == len(timeline)
    assert a["assigned"] + a["unassigned"] + a["without_place"] == a["total"]
    assert int(got["count"].sum()) == a["assigned"]
    # The placed rows alone give the same counts, with nothing left out.
    placed = timeline[~no_point]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnassignedEventsWarning)  # placed rows may still be far
        alone = bk.events_by_segment(placed, segments)
    assert got["count"].tolist() == alone["count"].tolist()
    assert alone.attrs["without_place"] == 0
    known = timeline["fatalities"][no_point].astype("Float64").sum(skipna=True)
    assert a["without_place_fatalities"] == int(known)


def test_timeline_by_unit_leaves_out_rows_without_a_place(timeline, units):
    no_point = _no_point(timeline)
    with pytest.warns(UnassignedEventsWarning, match=r"have no place .* left out of the unit counts"):
        got = bk.events_by_unit(timeline, units)
    a = got.attrs
    assert a["without_place"] == int(no_point.sum())
    assert a["assigned"] + a["unassigned"] + a["without_place"] == a["total"] == len(timeline)
    assert int(got["count"].sum()) == a["assigned"]


def test_filter_within_skips_rows_without_a_place(timeline):
    crossings = bk.load_crossings()
    torkham = crossings[crossings.crossing_id == "torkham"]
    near = bk.filter_events(timeline, within=(torkham, 50))
    assert near.attrs["filter"]["without_place"] == int(_no_point(timeline).sum())
    assert not _no_point(near).any()
    assert len(near) > 0


@pytest.mark.parametrize("by", ["segment", "unit"])
def test_cli_events_summary_of_the_timeline_by_place(by):
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from borderkit.cli import main; sys.exit(main())", "events",
         "summary", "timeline", "--by", by],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "events from timeline" in done.stdout
    assert "have no place" in done.stdout + done.stderr  # the counted note, not a failure
    assert "count" in done.stdout


# --------------------------------------------------------------------------- empty input


def test_empty_events_give_empty_results_of_the_right_schema(timeline, segments, units):
    empty = empty_events()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing to warn about
        by_seg = bk.events_by_segment(empty, segments)
        by_unit = bk.events_by_unit(empty, units)
        by_month = bk.events_by_period(empty)
        kept = bk.filter_events(empty, start="2020-01-01", types="Battles", within=(bk.load_border(), 10))
    full = bk.events_by_segment(timeline[~_no_point(timeline)], segments, max_distance_km=5000)
    assert by_seg.columns.tolist() == full.columns.tolist()
    assert by_seg.dtypes.to_dict() == full.dtypes.to_dict()
    assert by_seg["count"].tolist() == [0] * len(segments)
    assert by_seg.attrs["total"] == by_seg.attrs["assigned"] == 0
    assert by_unit["count"].sum() == 0
    assert len(by_unit) == len(units)
    assert by_month.columns.tolist() == ["count", "fatalities"]
    assert len(by_month) == 0
    assert len(kept) == 0
    assert kept.columns.tolist() == empty.columns.tolist()


def test_an_empty_selection_still_summarises(timeline, segments):
    none = bk.filter_events(timeline, start="1990-01-01", end="1990-12-31")
    assert len(none) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = bk.events_by_segment(none, segments)
    assert int(got["count"].sum()) == 0
    assert bk.events_by_period(none, "YS").attrs["total"] == 0
    assert pd.api.types.is_integer_dtype(got["count"])
