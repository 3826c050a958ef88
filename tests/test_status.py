"""Tests of the crossing status history: load_crossing_status, crossing_status, open_crossings, as_of.

The histories here are small CSV files written in tmp_path with the schema
of ``crossing_status.csv``. They describe two made-up crossings
(``alpha-gate``, ``beta-gate``) placed on points of the bundled border line,
so that no test states a fact about a real crossing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

import borderkit as bk
from borderkit.errors import DataReadError, EmptyDataError, SchemaError
from borderkit.geo import _data
from borderkit.geo.geodesy import GEOD
from borderkit.geo.status import (
    STATUS_COLUMNS,
    crossing_status,
    load_crossing_status,
    open_crossings,
)

HEADER = ",".join(STATUS_COLUMNS)
CITATION = '"Test publisher, ""Test title"", 2024-01-01, http://127.0.0.1/test"'
#: crossing_id, status, start, end: the intervals of the test history.
INTERVALS = [
    ("alpha-gate", "open", "2023-01-01", "2023-02-19"),
    ("alpha-gate", "closed", "2023-02-19", "2023-02-25"),
    ("alpha-gate", "open", "2023-02-25", "2023-09-06"),
    ("alpha-gate", "returnees only", "2023-09-06", ""),
    ("beta-gate", "closed", "2023-03-01", "2023-04-01"),
    ("beta-gate", "Trade only", "2023-04-01", ""),
]


def _history_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = [HEADER]
    for cid, status, start, end in rows:
        lines.append(
            f"{cid},{status},{start},{end},test,Test publisher,http://127.0.0.1/test,2024-01-01,{CITATION},"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def history(tmp_path: Path) -> Path:
    return _history_csv(tmp_path / "status.csv", INTERVALS)


@pytest.fixture(scope="module")
def line() -> shapely.LineString:
    return bk.load_border().geometry.iloc[0]


@pytest.fixture
def crossings_csv(tmp_path: Path, line: shapely.LineString) -> Path:
    """Two made-up crossings on points of the bundled line (a quarter and half-way along it)."""
    a = line.interpolate(0.25, normalized=True)
    b = line.interpolate(0.5, normalized=True)
    text = f"crossing_id,name,lat,lon\nalpha-gate,Alpha gate,{a.y},{a.x}\nbeta-gate,Beta gate,{b.y},{b.x}\n"
    path = tmp_path / "crossings.csv"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- loading


def test_load_crossing_status_normalises(history: Path) -> None:
    table = load_crossing_status(history, crossings=["alpha-gate", "beta-gate"])
    assert list(table.columns) == STATUS_COLUMNS
    assert len(table) == len(INTERVALS)
    assert str(table["start"].dtype).startswith("datetime64")
    assert table.loc[1, "start"] == pd.Timestamp("2023-02-19")
    assert table.loc[1, "end"] == pd.Timestamp("2023-02-25")
    assert pd.isna(table.loc[3, "end"])  # current
    assert table.loc[5, "status"] == "trade only"  # lower case
    assert table.loc[0, "citation"].startswith("Test publisher")
    assert table.attrs["source"] == str(history)


def test_status_on_each_date_with_inclusive_start_and_exclusive_end(history: Path) -> None:
    days = ["2022-12-31", "2023-02-18", "2023-02-19", "2023-02-24", "2023-02-25", "2023-03-15", "2030-01-01"]
    out = crossing_status(["alpha-gate", "beta-gate", "gamma-gate"], days, history=history)
    assert list(out.index) == ["alpha-gate", "beta-gate", "gamma-gate"]
    assert list(out.columns) == [pd.Timestamp(d) for d in days]
    assert out.loc["alpha-gate"].tolist() == [
        "unknown",
        "open",
        "closed",
        "closed",
        "open",
        "open",
        "returnees only",
    ]
    assert out.loc["beta-gate"].tolist() == [
        "unknown",
        "unknown",
        "unknown",
        "unknown",
        "unknown",
        "closed",
        "trade only",
    ]
    assert set(out.loc["gamma-gate"]) == {"unknown"}  # no interval at all


def test_crossing_status_accepts_frames_dates_and_a_frame_history(history: Path, crossings_csv: Path) -> None:
    crossings = bk.load_crossings(crossings_csv)
    frame = pd.read_csv(history, keep_default_na=False)
    out = crossing_status(crossings, dt.date(2023, 2, 20), history=frame)
    assert out.shape == (2, 1)
    assert out.iloc[:, 0].tolist() == ["closed", "unknown"]
    stamp = crossing_status("beta-gate", [pd.Timestamp("2023-04-01 15:30")], history=history)
    assert stamp.iloc[0, 0] == "trade only"  # a time of day counts as its day


def test_open_crossings(history: Path, crossings_csv: Path) -> None:
    crossings = bk.load_crossings(crossings_csv)
    both = open_crossings("2023-05-01", crossings, history=history)
    assert both["crossing_id"].tolist() == ["alpha-gate", "beta-gate"]
    assert both["status"].tolist() == ["open", "trade only"]
    assert set(both["as_of"]) == {"2023-05-01"}
    strict = open_crossings("2023-05-01", crossings, history=history, include_restricted=False)
    assert strict["crossing_id"].tolist() == ["alpha-gate"]
    assert strict.attrs["not_open"] == {"beta-gate": "trade only"}
    closed = open_crossings("2023-02-20", crossings, history=history)
    assert len(closed) == 0
    assert closed.attrs["not_open"] == {"alpha-gate": "closed", "beta-gate": "unknown"}
    assert crossings["status"].tolist() == ["unknown", "unknown"]  # the input is not changed


def test_load_crossings_as_of(history: Path, crossings_csv: Path) -> None:
    frame = bk.load_crossings(crossings_csv, as_of="2023-09-06", history=history)
    assert frame["status"].tolist() == ["returnees only", "trade only"]
    assert set(frame["as_of"]) == {"2023-09-06"}
    before = bk.load_crossings(crossings_csv, as_of=dt.date(2023, 2, 19), history=history)
    assert before["status"].tolist() == ["closed", "unknown"]
    plain = bk.load_crossings(crossings_csv)
    assert plain["status"].tolist() == ["unknown", "unknown"]
    assert plain["as_of"].tolist() == ["", ""]


# --------------------------------------------------------------------------- bad input


def test_overlapping_intervals_name_the_rows(tmp_path: Path) -> None:
    rows = [*INTERVALS[:2], ("alpha-gate", "open", "2023-02-24", "2023-03-01")]
    path = _history_csv(tmp_path / "overlap.csv", rows)
    with pytest.raises(
        SchemaError, match=r"overlap\.csv: intervals of one crossing overlap: 'alpha-gate': row 2 and row 3"
    ):
        load_crossing_status(path, crossings=False)
    current = [("beta-gate", "closed", "2023-01-01", ""), ("beta-gate", "open", "2024-01-01", "")]
    path = _history_csv(tmp_path / "two_current.csv", current)
    with pytest.raises(SchemaError, match=r"'beta-gate': row 1 and row 2"):
        crossing_status(["beta-gate"], "2024-02-01", history=path)


def test_unknown_crossing_ids_name_the_rows(history: Path) -> None:
    with pytest.raises(
        SchemaError, match=r"crossing ids of no known crossing at row 5 \('beta-gate'\), row 6"
    ):
        load_crossing_status(history, crossings=["alpha-gate"])
    with pytest.raises(SchemaError, match="no known crossing at row 1 \\('alpha-gate'\\)"):
        load_crossing_status(history)  # the bundled crossings by default


@pytest.mark.parametrize(
    ("start", "end", "match"),
    [
        ("2023-02-30", "", r"column 'start' holds missing or invalid dates at row 1 \('2023-02-30'\)"),
        ("", "", r"column 'start' holds missing or invalid dates at row 1 \(''\)"),
        ("2023-02-01", "1 March 2023", r"column 'end' holds invalid dates at row 1 \('1 March 2023'\)"),
        ("2023-02-01", "2023-02-01", r"end is not after the start at row 1 \(2023-02-01 to 2023-02-01\)"),
        ("2023-02-16 garbage", "", r"invalid dates at row 1"),
    ],
)
def test_bad_dates_name_the_rows(tmp_path: Path, start: str, end: str, match: str) -> None:
    path = _history_csv(tmp_path / "dates.csv", [("alpha-gate", "closed", start, end)])
    with pytest.raises(SchemaError, match=match):
        load_crossing_status(path, crossings=False)


def test_missing_columns_and_bad_arguments(tmp_path: Path, history: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("crossing_id,status,start\nalpha-gate,open,2023-01-01\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"short\.csv lacks the column\(s\) \['end'\]"):
        load_crossing_status(path, crossings=False)
    empty_status = _history_csv(tmp_path / "nostatus.csv", [("alpha-gate", "", "2023-01-01", "")])
    with pytest.raises(SchemaError, match="row 1 lack a crossing_id or a status"):
        load_crossing_status(empty_status, crossings=False)
    with pytest.raises(SchemaError, match=r"dates='20/01/2024' is not a date; write it as YYYY-MM-DD"):
        crossing_status(["alpha-gate"], "20/01/2024", history=history)
    with pytest.raises(SchemaError, match="dates= is empty"):
        crossing_status(["alpha-gate"], [], history=history)
    with pytest.raises(SchemaError, match=r"as_of='yesterday' is not a date"):
        bk.load_crossings(as_of="yesterday", history=history)
    with pytest.raises(SchemaError, match="history= must be a DataFrame, a path or None"):
        crossing_status(["alpha-gate"], "2023-01-01", history=42)  # type: ignore[arg-type]
    with pytest.raises(DataReadError, match="does not exist"):
        crossing_status(["alpha-gate"], "2023-01-01", history=tmp_path / "nope.csv")


def test_bundled_history_or_a_clear_error() -> None:
    """Until crossing_status.csv is bundled the default history fails clearly; once it is, it validates."""
    if "crossing_status.csv" not in _data.manifest()["files"]:
        with pytest.raises(
            DataReadError, match=r"crossing status history \(crossing_status\.csv\) is not bundled"
        ):
            crossing_status(["torkham"], "2024-01-20")
        with pytest.raises(DataReadError, match="pass history="):
            bk.load_crossings(as_of="2024-01-20")
        return
    table = load_crossing_status()  # checks ids against the bundled crossings, dates, overlaps
    assert len(table) > 0
    assert (table["source_url"].str.startswith("http")).all()
    out = bk.load_crossings(as_of="2024-01-20")
    assert isinstance(out, gpd.GeoDataFrame)
    assert set(out["as_of"]) == {"2024-01-20"}


# --------------------------------------------------------------------------- analyses on a date


def test_nearest_crossing_open_on_skips_closed_crossings(history: Path, crossings_csv: Path) -> None:
    crossings = bk.load_crossings(crossings_csv)
    a, b = crossings.geometry.iloc[0], crossings.geometry.iloc[1]
    # A point just beside alpha-gate: alpha is nearest on any day it is open.
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([a.x + 0.01], [a.y]), crs=4326)
    every = bk.nearest_crossing(pts, crossings)
    assert every.crossing_id.iloc[0] == "alpha-gate"
    # 2023-02-20: alpha is closed, beta of unknown status: nothing open.
    with pytest.raises(EmptyDataError, match=r"no crossing is open on 2023-02-20 .*alpha-gate: closed"):
        bk.nearest_crossing(pts, crossings, open_on="2023-02-20", history=history)
    # 2023-05-01: alpha open, beta trade only: alpha still nearest.
    assert bk.nearest_crossing(pts, crossings, open_on="2023-05-01", history=history).crossing_id.iloc[0] == (
        "alpha-gate"
    )
    # 2023-03-15: alpha open, beta closed.
    got = bk.nearest_crossing(pts, crossings, open_on="2023-03-15", history=history)
    assert got.crossing_id.iloc[0] == "alpha-gate"
    # With restrictions counted as closed on 2023-10-01 (alpha returnees only, beta trade only): none.
    with pytest.raises(EmptyDataError):
        bk.nearest_crossing(pts, crossings, open_on="2023-10-01", history=history, include_restricted=False)
    # A point beside beta, on a day only alpha is open: measured to alpha, geodesically.
    near_b = gpd.GeoDataFrame(geometry=gpd.points_from_xy([b.x], [b.y]), crs=4326)
    got = bk.nearest_crossing(near_b, crossings, open_on="2023-02-26", history=history)
    assert got.crossing_id.iloc[0] == "alpha-gate"
    expected = GEOD.inv(b.x, b.y, a.x, a.y)[2]
    assert got.distance_m.iloc[0] == pytest.approx(expected, abs=0.01)


def test_border_segments_as_of_cuts_only_at_open_crossings(history: Path, crossings_csv: Path) -> None:
    border = bk.load_border()
    crossings = bk.load_crossings(crossings_csv)
    both = bk.border_segments(border, crossings)
    assert len(both) == 3
    # 2023-03-15: beta closed, so the line is cut at alpha only.
    one = bk.border_segments(border, crossings, as_of="2023-03-15", history=history)
    assert one.from_crossing.tolist() == ["", "alpha-gate"]
    assert one.length_km.sum() == pytest.approx(border.length_km.iloc[0], rel=1e-9)
    assert one.length_km.iloc[0] == pytest.approx(both.length_km.iloc[0], rel=1e-9)
    # 2023-05-01: both open (beta for trade only): the same corridors as without a date.
    same = bk.border_segments(border, crossings, as_of="2023-05-01", history=history)
    assert same.segment_id.tolist() == both.segment_id.tolist()
    with pytest.raises(EmptyDataError, match="leave out as_of="):
        bk.border_segments(border, crossings, as_of="2023-02-20", history=history)


def test_a_loaded_history_can_be_passed_back(history: Path, crossings_csv: Path) -> None:
    loaded = load_crossing_status(history, crossings=False)
    assert pd.api.types.is_datetime64_any_dtype(loaded["start"])
    from_path = crossing_status(["alpha-gate", "beta-gate"], ["2023-02-20", "2023-05-01"], history=history)
    from_frame = crossing_status(["alpha-gate", "beta-gate"], ["2023-02-20", "2023-05-01"], history=loaded)
    pd.testing.assert_frame_equal(from_path, from_frame)
