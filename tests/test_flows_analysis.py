"""Analysis of flows: finest rows, by crossing and month, since a date, by province, closures, distances."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

import borderkit as bk
from borderkit.errors import DroppedRowsWarning, SchemaError
from borderkit.geo.displacement import (
    distance_to_nearest_crossing,
    flows_around_closures,
    flows_by_crossing,
    flows_by_province,
    flows_since,
    load_flows,
    select_finest,
)

# Crossing status intervals with the dates (and sources) of the bundled border timeline.
TRIBUNE = (
    "https://www.tribuneindia.com/news/world/"
    "pakistan-shuts-key-border-crossing-with-afghanistan-after-guards-exchange-fire-541916"
)
ARAB_NEWS = "https://www.arabnews.com/node/2618607/pakistan"
RECORDER = "https://www.brecorder.com/news/40390476/torkham-border-reopens-only-for-repatria"
STATUS_CSV = (
    "crossing_id,status,start,end,reason,source,source_url,source_date,citation,notes\n"
    "torkham,closed,2023-09-06,2023-09-15,exchange of fire between border forces,"
    f"The Tribune (India),{TRIBUNE},"
    "2023-09-06,,reopened per The Nation 2023-09-16\n"
    f"torkham,closed,2025-10-12,2025-11-01,border clashes,Arab News,{ARAB_NEWS},2025-10-12,,"
    "reopened for repatriation only per Business Recorder\n"
    "torkham,returnees only,2025-11-01,,reopened for repatriation,"
    f"Business Recorder,{RECORDER},2025-11-01,,\n"
    f"chaman-spin-boldak,closed,2025-10-12,,border clashes,Arab News,{ARAB_NEWS},2025-10-12,,\n"
)


def quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        return func(*args, **kwargs)


def daily(rows):
    """A small flows frame of daily counts (test input)."""
    frame = pd.DataFrame(rows, columns=["day", "crossing_id", "count"])
    return pd.DataFrame(
        {
            "period_start": pd.to_datetime(frame["day"]),
            "period_end": pd.to_datetime(frame["day"]),
            "crossing_id": frame["crossing_id"],
            "from_country": "PAK",
            "to_country": "AFG",
            "destination_province": "",
            "population_type": "all returns",
            "count": frame["count"].astype("Int64"),
            "precision": "exact",
        }
    )


@pytest.fixture
def status_csv(tmp_path):
    path = tmp_path / "crossing_status.csv"
    path.write_text(STATUS_CSV, encoding="utf-8")
    return path


def test_select_finest_keeps_short_periods_and_says_what_it_set_aside():
    flows = load_flows()
    with pytest.warns(DroppedRowsWarning, match="set aside") as caught:
        kept = select_finest(flows)
    quarter = flows[(flows.crossing_id == "torkham") & (flows.period_start == "2023-07-01")].index[0]
    fortnight = flows[(flows.crossing_id == "torkham") & (flows.period_start == "2023-07-16")].index[0]
    assert quarter not in kept.index
    assert fortnight in kept.index
    assert {"row": quarter, "overlaps": fortnight} in kept.attrs["set_aside"]
    assert str(len(kept.attrs["set_aside"])) in str(caught[0].message)
    assert len(kept) + len(kept.attrs["set_aside"]) == len(flows)
    for _, group in kept.groupby(["crossing_id", "from_country", "to_country", "population_type"]):
        group = group.sort_values("period_start")
        assert (group["period_start"].iloc[1:].to_numpy() > group["period_end"].iloc[:-1].to_numpy()).all()


def test_flows_by_crossing_monthly_with_shares():
    monthly = quiet(flows_by_crossing, load_flows())
    sept = monthly[monthly.period == "2023-09-01"].set_index("crossing_id")
    assert int(sept.loc["torkham", "count"]) == 14_352
    assert int(sept.loc["chaman-spin-boldak", "count"]) == 9_612
    assert sept.loc["torkham", "share"] == pytest.approx(14_352 / (14_352 + 9_612))
    october = monthly[monthly.period == "2023-10-01"]
    # Two counts for October 2023 at each crossing, of two population types: kept apart, never added.
    both = october.groupby("crossing_id")["population_type"].apply(sorted).to_dict()
    assert both == {t: ["all returns", "undocumented return"] for t in ("chaman-spin-boldak", "torkham")}
    everyone = october[october.population_type == "all returns"].set_index("crossing_id")
    assert int(everyone.loc["torkham", "count"]) == 129_000
    assert everyone.loc["torkham", "precision"] == "rounded"
    assert int(everyone.loc["chaman-spin-boldak", "count"]) == 38_100
    assert everyone["share"].sum() == pytest.approx(1.0)
    assert monthly.attrs["unbinned"]  # quarters and cumulative counts do not fit a month


def test_flows_by_crossing_warns_about_rows_spanning_bins():
    flows = daily([("2023-11-01", "torkham", 100), ("2023-11-02", "torkham", 50)])
    flows.loc[2] = flows.loc[0]
    flows.loc[2, ["period_start", "period_end", "count"]] = [
        pd.Timestamp("2023-11-30"),
        pd.Timestamp("2023-12-01"),
        7,
    ]
    with pytest.warns(DroppedRowsWarning, match="span more than one MS period"):
        out = flows_by_crossing(flows)
    assert out["count"].tolist() == [150]
    assert out.attrs["unbinned"] == [2]
    weekly = flows_by_crossing(flows.loc[[0, 1]], "W")
    assert weekly["rows"].tolist() == [2]


def test_flows_since_the_ifrp_announcement():
    since = quiet(flows_since, load_flows())
    everyone = since[since.population_type == "all returns"].set_index("crossing_id")
    # October 2023 (129,000), 5 November 2023 (6,584), 1-14 April 2025 (16,000)
    assert int(everyone.loc["torkham", "count"]) == 129_000 + 6_584 + 16_000
    # October 2023; 1-10 November 2023; 1-8 April 2025
    assert int(everyone.loc["chaman-spin-boldak", "count"]) == 38_100 + 50_000 + 2_171
    assert everyone.loc["chaman-spin-boldak", "precision"] == "rounded"
    assert everyone.loc["torkham", "first_start"] == pd.Timestamp("2023-10-01")
    assert everyone.loc["torkham", "started_before"] == 1  # October counts begin 1 October, before the 3rd
    named = everyone.drop(index="(no crossing given)")
    assert named["share"].sum() == pytest.approx(1.0)
    # The KP government's counts since 17 September overlap IOM's September 2023 count and the Afghan
    # Commissionerate's 1-26 October: set aside, not summed.
    undocumented = since[since.population_type == "undocumented return"].set_index("crossing_id")
    assert int(undocumented.loc["torkham", "count"]) == 33_555
    assert int(undocumented.loc["chaman-spin-boldak", "count"]) == 26_275
    assert int(undocumented.loc["angoor-adda", "count"]) == 3_317
    later = quiet(flows_since, load_flows(), "2024-01-01")
    deported = later[(later.crossing_id == "torkham") & (later.population_type == "deportation")]
    assert deported["count"].tolist() == [175 + 231]  # 14 January and 21 July 2024
    only = quiet(flows_since, load_flows(), population_type="all returns")
    assert set(only.population_type) == {"all returns"}
    assert only.attrs["population_type"] == ("all returns",)


def test_flows_by_province_keeps_unknown_destinations():
    flows = daily(
        [("2023-11-01", "torkham", 100), ("2023-11-02", "torkham", 50), ("2023-11-02", "torkham", 5)]
    )
    flows["destination_province"] = ["Nangarhar", "Kabul", ""]
    out = flows_by_province(flows, finest=False).set_index("province")
    assert out.loc["Nangarhar", "count"] == 100
    assert out.loc["(not given)", "count"] == 5
    assert out.loc["Nangarhar", "share"] == pytest.approx(100 / 150)
    assert np.isnan(out.loc["(not given)", "share"])


def test_flows_around_closures_with_a_status_history_file(status_csv):
    flows = daily(
        [
            ("2023-08-30", "torkham", 300),
            ("2023-09-05", "torkham", 320),
            ("2023-09-07", "torkham", 0),
            ("2023-09-15", "torkham", 900),
            ("2023-09-21", "torkham", 800),
            ("2023-09-22", "torkham", 1),
        ]
    )
    out = flows_around_closures(flows, status_csv, days=7)
    first = out[out.closure_start == "2023-09-06"].set_index("window")
    assert first.loc["before", "window_start"] == pd.Timestamp("2023-08-30")
    assert first.loc["before", "count"] == 620
    assert first.loc["during", "count"] == 0  # one day counted, nobody crossed
    assert first.loc["during", "window_end"] == pd.Timestamp("2023-09-12")
    assert first.loc["after", "count"] == 1_700  # 15-21 September; the 22nd is outside
    assert first.loc["after", "reason"] == "exchange of fire between border forces"
    current = out[(out.crossing_id == "chaman-spin-boldak")]
    assert current["window"].tolist() == ["before", "during"]  # no reopening yet
    assert current["count"].isna().all()


def test_flows_around_closures_counts_monthly_rows_as_partial(status_csv):
    out = quiet(flows_around_closures, load_flows(), status_csv)
    sept = out[out.closure_start == "2023-09-06"].set_index("window")
    assert sept["count"].isna().all()  # monthly reports cannot say how many crossed in one week
    assert (sept["partial_rows"] >= 1).all()


def test_status_history_bundled_or_a_clear_error(tmp_path):
    from borderkit.errors import DataReadError
    from borderkit.geo import _data
    from borderkit.geo.displacement import read_status_history

    with pytest.raises(DataReadError, match="does not exist"):
        read_status_history(tmp_path / "crossing_status.csv")
    if "crossing_status.csv" in _data.manifest()["files"]:
        assert set(read_status_history("bundled").columns) >= {"crossing_id", "status", "start", "end"}
    else:  # bundled by another part of the project; until then the error says what to pass
        with pytest.raises(DataReadError, match=r"crossing_status\.csv"):
            read_status_history("bundled")


def test_status_history_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("crossing_id,status,start\ntorkham,closed,2023-09-06\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"lacks the column\(s\) \['end'\]"):
        flows_around_closures(daily([("2023-09-01", "torkham", 1)]), bad)
    bad.write_text("crossing_id,status,start,end\ntorkham,closed,6 Sept,\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="ISO dates"):
        flows_around_closures(daily([("2023-09-01", "torkham", 1)]), bad)


def test_distance_to_nearest_crossing_is_geodesic(status_csv):
    units = bk.load_admin_units(level=1)
    crossings = bk.load_crossings()
    out = distance_to_nearest_crossing(units, crossings)
    assert out.index.equals(units.index)
    geod = Geod(ellps="WGS84")
    pts = units.geometry.representative_point()
    by_id = crossings.set_index("crossing_id").geometry
    for i in units.index[:8]:
        target = by_id[out.loc[i, "crossing_id"]]
        _, _, dist = geod.inv(pts[i].x, pts[i].y, target.x, target.y)
        assert out.loc[i, "distance_m"] == pytest.approx(dist, rel=1e-9)
        assert out.loc[i, "distance_km"] == pytest.approx(dist / 1000)
    kandahar = units.index[units.name == "Kandahar"][0]
    assert out.loc[kandahar, "crossing_id"] == "chaman-spin-boldak"


def test_distance_to_crossings_open_on_a_day(status_csv):
    units = bk.load_admin_units(level=1)
    crossings = bk.load_crossings()
    kandahar = units[units.name == "Kandahar"]
    on_day = distance_to_nearest_crossing(kandahar, crossings, "2025-11-05", status_history=status_csv)
    assert on_day["crossing_id"].iloc[0] == "torkham"  # Spin Boldak still closed; Torkham open to returnees
    assert on_day["status"].iloc[0] == "returnees only"
    with pytest.raises(SchemaError, match="no crossing is open"):
        distance_to_nearest_crossing(kandahar, crossings, "2025-10-20", status_history=status_csv)
    with pytest.raises(SchemaError, match="needs status_history"):
        distance_to_nearest_crossing(kandahar, crossings, "2025-10-20")
