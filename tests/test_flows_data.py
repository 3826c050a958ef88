"""The bundled flows.csv and stocks.csv: cited rows, totals that agree with the reports, a rebuild."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from borderkit.geo import _data
from borderkit.geo.displacement import load_flows, load_stocks
from borderkit.geo.displacement.schema import FLOW_COLUMNS, STOCK_COLUMNS

REPO_ROOT = Path(__file__).resolve().parents[1]

CITATION = re.compile(
    r'^(?P<publisher>.+), "(?P<title>.+)", (?P<date>\d{4}-\d{2}-\d{2}), (?P<url>https?://\S+)$'
)


@pytest.fixture(scope="module")
def build_script():
    path = REPO_ROOT / "scripts" / "build_flows.py"
    spec = importlib.util.spec_from_file_location("build_flows", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_flows"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("build_flows", None)


def test_files_have_the_fixed_columns_and_manifest_entries():
    flows = pd.read_csv(_data.data_path("flows.csv"), dtype=str, keep_default_na=False)
    stocks = pd.read_csv(_data.data_path("stocks.csv"), dtype=str, keep_default_na=False)
    assert list(flows.columns) == FLOW_COLUMNS
    assert list(stocks.columns) == STOCK_COLUMNS
    for name in ("flows.csv", "stocks.csv"):
        entry = _data.manifest()["files"][name]
        assert entry["licence"]
        assert entry["attribution"]
        assert entry["source"]


@pytest.mark.parametrize("name", ["flows.csv", "stocks.csv"])
def test_every_row_cites_its_report(name):
    table = pd.read_csv(_data.data_path(name), dtype=str, keep_default_na=False)
    for i, row in table.iterrows():
        match = CITATION.match(row["citation"])
        assert match, f"{name} row {i + 1}: {row['citation']!r} is not 'Publisher, \"Title\", date, URL'"
        assert match["url"] == row["source_url"]
        assert row["citation"].startswith(row["source"] + ", ")
        assert row["count"].isdigit()
        assert row["precision"] in ("exact", "rounded", "estimate")


def test_build_is_deterministic_and_matches_the_bundled_files(build_script):
    flows_text, stocks_text = build_script.build()
    assert flows_text == _data.data_path("flows.csv").read_text(encoding="utf-8")
    assert stocks_text == _data.data_path("stocks.csv").read_text(encoding="utf-8")


def test_totals_agree_with_the_totals_the_reports_state(build_script):
    """Sum the bundled rows of each report and compare with the total that report states."""
    flows = load_flows()
    for key, what, start, end, ptype, crossings, stated, how in build_script.TOTALS:
        rows = flows[
            (flows.source_url == build_script.CITE[key][3])
            & flows.population_type.isin(ptype.split("+"))
            & flows.crossing_id.isin(crossings)
        ]
        if how == "days":
            rows = rows[
                (rows.period_start >= start)
                & (rows.period_end <= end)
                & (rows.period_start == rows.period_end)
            ]
        else:
            rows = rows[(rows.period_start == start) & (rows.period_end == end)]
        got = int(rows["count"].sum())
        assert len(rows) >= 1, what
        ok = {"at least": got >= stated, "within 1": abs(got - stated) <= 1}.get(how, got == stated)
        assert ok, f"{what}: {got} vs {stated}"


def test_a_few_stated_totals_by_hand():
    """IOM DTM: July-September 2023, 39,176 (21,182 Torkham, 17,994 Chaman); WHO: 327,400 to 11 Nov 2023."""
    flows = load_flows()

    def total(start, end, ptype):
        same = (flows.period_start == start) & (flows.period_end == end)
        rows = flows[same & (flows.population_type == ptype)]
        return int(rows[rows.crossing_id != ""]["count"].sum())

    assert total("2023-07-01", "2023-09-30", "undocumented return") == 39_176
    assert total("2023-04-01", "2023-06-30", "undocumented return") == 24_822
    assert total("2023-09-15", "2023-11-11", "all returns") == 327_400
    sept = flows[(flows.period_start == "2023-09-01") & (flows.period_end == "2023-09-30")]
    assert dict(zip(sept.crossing_id, sept["count"].astype(int), strict=True)) == {
        "torkham": 14_352,
        "chaman-spin-boldak": 9_612,
    }


def test_stocks_by_province_agree_with_the_stated_total_and_shares():
    stocks = load_stocks()
    june = stocks[(stocks.date == "2023-06-30") & (stocks.province != "")]
    total = int(june["count"].sum())
    assert total == pytest.approx(1_300_000, rel=0.1)  # "1.3 million" registered (PoR) refugees
    # The stated shares (24.1%, 14.3%, 5.5%, 3.1%, 0.3%) all imply one total, to the rounding of the share.
    stated = {"Balochistan": 0.241, "Punjab": 0.143, "Sindh": 0.055, "Islamabad Capital Territory": 0.031}
    implied = [int(june.loc[june.province == p, "count"].iloc[0]) / share for p, share in stated.items()]
    assert max(implied) / min(implied) < 1.01
    # Khyber Pakhtunkhwa's figure disagrees with its stated 52.6%: a misprint the row's notes record.
    kp = june[june.province == "Khyber Pakhtunkhwa"].iloc[0]
    assert int(kp["count"]) / total == pytest.approx(0.538, abs=0.001)
    assert "misprinted" in kp["notes"]


def test_torkham_and_spin_boldak_are_covered_from_september_2023():
    flows = load_flows()
    for crossing in ("torkham", "chaman-spin-boldak"):
        rows = flows[(flows.crossing_id == crossing) & (flows.period_start >= "2023-09-01")]
        assert {"2023-09-01", "2023-10-01"} <= set(rows.period_start.dt.strftime("%Y-%m-%d"))


def test_no_figure_is_interpolated(build_script):
    """Every count appears in its row's notes or in the research file, as the report wrote it."""
    research = (REPO_ROOT / "scripts" / "flows_research.md").read_text(encoding="utf-8")
    for row in build_script.FLOW_ROWS:
        count = row[6]
        assert f"{count:,}" in research or str(count) in research, f"{count} not in flows_research.md"


def test_second_pass_totals_by_hand():
    """Totals stated by reports added in the second research pass.

    IOM DTM Pakistan, 23 May - 5 June 2021: 764 (259 Torkham, 505 Chaman); 20 June - 3 July 2021:
    463 (154, 309); IOM DTM Pakistan, April-June 2024: 102,353 (99,731 returns, 2,622 deportations);
    MoRR, 14 July - 14 August 2020 from Iran: 41,974 Islam Qala + 21,545 Milak = 63,519.
    """
    flows = load_flows()

    def rows(start, end):
        return flows[(flows.period_start == start) & (flows.period_end == end)]

    def by_crossing(start, end):
        got = rows(start, end)
        return dict(zip(got.crossing_id, got["count"].astype(int), strict=True))

    assert by_crossing("2021-05-23", "2021-06-05") == {"torkham": 259, "chaman-spin-boldak": 505}
    assert by_crossing("2021-06-20", "2021-07-03") == {"torkham": 154, "chaman-spin-boldak": 309}
    iran = rows("2020-07-14", "2020-08-14")
    assert set(iran.from_country) == {"IRN"}
    assert by_crossing("2020-07-14", "2020-08-14") == {"islam-qala": 41_974, "milak": 21_545}
    assert int(iran["count"].sum()) == 63_519
    q2 = rows("2024-04-01", "2024-06-30")
    assert dict(zip(q2.population_type, q2["count"].astype(int), strict=True)) == {
        "all returns": 99_731,
        "deportation": 2_622,
    }
    assert int(q2["count"].sum()) == 102_353


def test_returns_from_iran_by_crossing_add_up():
    """IOM, 24-30 June 2018: 13,993 from Iran (Islam Qala 2,515 + 5,846; Milak 4,244 + 1,388)."""
    flows = load_flows()
    week = flows[(flows.period_start == "2018-06-24") & (flows.period_end == "2018-06-30")]
    assert set(week.from_country) == {"IRN"}
    assert int(week["count"].sum()) == 13_993
    assert int(week.loc[week.crossing_id == "islam-qala", "count"].sum()) == 2_515 + 5_846
    assert int(week.loc[week.population_type == "deportation", "count"].sum()) == 2_515 + 4_244


def test_third_pass_totals_by_hand():
    """Figures added in the third research pass, against the totals their reports state.

    Khaama Press (MoRR), Sunday 14 January 2024: 175 through Torkham + 158 through Spin Boldak = 333
    forcibly returned. The Frontier Post (Khaama Press), 21 July 2024: 231 Torkham + 275 Spin Boldak +
    1,329 Islam Qala + 1,940 Silk Bridge (not a bundled crossing) = 3,775. Dawn (IOM via UNHCR Quetta):
    26,275 through Chaman in October 2023, beside the Pakistani officials' 38,100 (a different type).
    """
    flows = load_flows()

    def day(date):
        got = flows[(flows.period_start == date) & (flows.period_end == date)]
        return dict(zip(got.crossing_id, got["count"].astype(int), strict=True))

    assert day("2024-01-14") == {"torkham": 175, "chaman-spin-boldak": 158}
    assert sum(day("2024-01-14").values()) == 333
    july = day("2024-07-21")
    assert july == {"torkham": 231, "chaman-spin-boldak": 275, "islam-qala": 1_329}
    assert sum(july.values()) + 1_940 == 3_775
    october = flows[
        (flows.crossing_id == "chaman-spin-boldak")
        & (flows.period_start == "2023-10-01")
        & (flows.period_end == "2023-10-31")
    ]
    assert dict(zip(october.population_type, october["count"].astype(int), strict=True)) == {
        "all returns": 38_100,
        "undocumented return": 26_275,
    }
    april = flows[(flows.crossing_id == "torkham") & (flows.period_start == "2025-04-01")]
    assert april[["period_end", "count", "precision"]].astype(str).values.tolist() == [
        ["2025-04-14", "16000", "rounded"]
    ]


def test_every_row_after_the_ifrp_by_crossing_is_inside_one_month_or_cumulative_from_september():
    """Rows by crossing from October 2023 either lie inside one calendar month or are a report's
    cumulative count from September 2023: nothing spans two months by computation."""
    flows = load_flows()
    named = flows[(flows.crossing_id != "") & (flows.period_start >= "2023-10-01")]
    assert len(named) >= 12
    same_month = named.period_start.dt.to_period("M") == named.period_end.dt.to_period("M")
    assert same_month.all(), named.loc[~same_month, ["period_start", "period_end", "crossing_id"]]


def test_national_months_of_2025_keep_their_deportations_apart():
    """UNHCR (via Particle.news): November 2025, 171,055 returned, of whom 37,899 deported; both national."""
    flows = load_flows()
    november = flows[(flows.period_start == "2025-11-01") & (flows.period_end == "2025-11-30")]
    assert set(november.crossing_id) == {""}
    counts = dict(zip(november.population_type, november["count"].astype(int), strict=True))
    assert counts == {"all returns": 171_055, "deportation": 37_899}
    assert counts["deportation"] < counts["all returns"]  # contained in it: never added to it
