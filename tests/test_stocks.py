"""load_stocks: the bundled figures, any table with a column mapping, and bad input."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

import borderkit as bk
from borderkit.errors import DroppedRowsWarning, SchemaError
from borderkit.geo.displacement import (
    STOCK_COLUMNS,
    distance_to_nearest_crossing,
    load_stocks,
    stocks_by_unit,
)


def test_bundled_stocks():
    stocks = load_stocks()
    assert list(stocks.columns) == [*STOCK_COLUMNS, "extra"]
    june = stocks[stocks.date == "2023-06-30"].set_index("province")["count"]
    assert int(june["Balochistan"]) == 321_677
    assert int(june["Punjab"]) == 191_053
    assert set(stocks["country"]) == {"PAK"}
    assert set(stocks["population_type"]) <= {"refugees", "PoR card holders", "other"}


def test_a_province_table_with_a_mapping(tmp_path):
    path = tmp_path / "safron.csv"
    path.write_text(
        'As of,Province,Registered\n30 June 2023,Sindh,"73,789"\n30 June 2023,Islamabad,41520\n',
        encoding="utf-8",
    )
    stocks = load_stocks(
        path,
        columns={"date": "As of", "province": "Province", "count": "Registered"},
        defaults={"country": "PAK", "population_type": "PoR card holders"},
    )
    assert stocks["date"].tolist() == [pd.Timestamp("2023-06-30")] * 2
    assert stocks["count"].tolist() == [73789, 41520]
    assert stocks.loc[0, "extra"]["Registered"] == "73,789"


def test_year_only_dates_and_bad_rows(tmp_path):
    path = tmp_path / "years.csv"
    path.write_text("year,country,count\n2017,PAK,1393100\n2018,PK,1400235\n2019,PAK,-1\n", encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_stocks(path)
    assert "row 2 ('PK')" in str(info.value)
    assert "row 3 ('-1')" in str(info.value)
    with pytest.warns(DroppedRowsWarning, match=r"dropped 2 row\(s\)"):
        stocks = load_stocks(path, on_bad="drop")
    assert stocks["date"].tolist() == [pd.Timestamp("2017-01-01")]


def test_a_dtm_baseline_export_in_xlsx_is_read_by_its_own_column_names(tmp_path):
    """Columns as DTM's API and exports name them; an HXL row under the header is skipped."""
    path = tmp_path / "dtm_baseline.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["admin0Name", "admin0Pcode", "admin1Name", "numPresentIdpInd", "reportingDate", "roundNumber"]
    )
    sheet.append(
        ["#country+name", "#country+code", "#adm1+name", "#affected+idps", "#date+reported", "#round+code"]
    )
    sheet.append(["Afghanistan", "AFG", "Kandahar", 52000, "2024-03-31", 18])
    book.save(path)
    stocks = load_stocks(path, defaults={"population_type": "IDPs"})
    row = stocks.iloc[0]
    assert (row.country, row.province, int(row["count"])) == ("AFG", "Kandahar", 52000)
    assert row.date == pd.Timestamp("2024-03-31")
    assert row.extra["roundNumber"] == 18
    assert stocks.attrs["skipped_lines"][0]["line"] == 2


def test_stocks_join_the_bundled_provinces_and_measure_the_way_to_a_crossing():
    units = bk.load_admin_units(level=1)
    joined = stocks_by_unit(load_stocks(), units)
    assert joined.attrs["date"] == pd.Timestamp("2023-06-30")
    assert joined.attrs["unmatched"] == []
    pk = joined[joined.country == "PAK"].set_index("name")
    assert int(pk.loc["Khyber Pakhtunkhwa", "PoR card holders"]) == 735_800
    assert pd.isna(pk.loc["Gilgit-Baltistan", "PoR card holders"])  # no figure given: <NA>, not 0
    hosting = joined[joined["PoR card holders"].notna()]
    distance = distance_to_nearest_crossing(hosting, bk.load_crossings())
    assert distance.loc[hosting.index[hosting.name == "Khyber Pakhtunkhwa"][0], "crossing_id"] == "torkham"


def test_stocks_naming_units_that_are_missing_are_warned_about():
    stocks = load_stocks()
    stocks.loc[stocks.province == "Sindh", "province"] = "Sind"
    with pytest.warns(
        DroppedRowsWarning, match=r"1 stocks row\(s\) name a province that the units lack: \['Sind'\]"
    ):
        joined = stocks_by_unit(stocks, bk.load_admin_units(level=1))
    assert len(joined.attrs["unmatched"]) == 1
    with pytest.raises(SchemaError, match="no figure by district"):
        stocks_by_unit(stocks, bk.load_admin_units(level=1), level="district")
