"""load_flows: the bundled table, any CSV/TSV/XLSX with a column mapping, DTM-style exports, and bad input."""

from __future__ import annotations

import warnings

import openpyxl
import pandas as pd
import pytest

from borderkit.errors import DataReadError, DroppedRowsWarning, EmptyDataError, SchemaError
from borderkit.geo.displacement import FLOW_COLUMNS, load_flows

# Figures below are IOM DTM Pakistan's (16-31 July 2023 and September 2023), as in flows.csv.
REPORT_CSV = """From,To,BCP,Individuals,Type
2023-07-16,2023-07-31,torkham,"1,330",undocumented return
2023-07-16,2023-07-31,chaman-spin-boldak,"1,870",undocumented return
2023-09-01,2023-09-30,torkham,14352,undocumented return
"""
MAPPING = {
    "period_start": "From",
    "period_end": "To",
    "crossing_id": "BCP",
    "count": "Individuals",
    "population_type": "Type",
}


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_bundled_table_is_in_the_schema():
    flows = load_flows()
    assert list(flows.columns) == [*FLOW_COLUMNS, "extra"]
    assert str(flows["count"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(flows["period_start"])
    assert (flows["period_start"] <= flows["period_end"]).all()
    assert set(flows.loc[flows.crossing_id != "", "crossing_id"]) == {
        "torkham",
        "chaman-spin-boldak",
        "angoor-adda",
        "kharlachi",
        "islam-qala",
        "milak",
    }
    # Afghanistan-Iran crossings carry counts from Iran only, the Durand Line's from Pakistan only.
    iran_side = flows.crossing_id.isin(["islam-qala", "milak"])
    assert set(flows.loc[iran_side, "from_country"]) == {"IRN"}
    assert set(flows.loc[~iran_side & (flows.crossing_id != ""), "from_country"]) == {"PAK"}
    assert flows["citation"].str.len().gt(0).all()
    assert flows.attrs["format"] == "bundled"


def test_any_csv_with_a_mapping_keeps_its_columns_in_extra(tmp_path):
    path = write(tmp_path, "dtm.csv", REPORT_CSV)
    flows = load_flows(path, columns=MAPPING, defaults={"from_country": "pak", "to_country": "AFG"})
    assert flows["count"].tolist() == [1330, 1870, 14352]
    assert flows["from_country"].unique().tolist() == ["PAK"]
    assert flows["source"].unique().tolist() == ["dtm.csv"]
    assert flows.loc[0, "extra"] == {
        "From": "2023-07-16",
        "To": "2023-07-31",
        "BCP": "torkham",
        "Individuals": "1,330",
        "Type": "undocumented return",
    }
    assert flows["period_end"].iloc[2] == pd.Timestamp("2023-09-30")


def test_columns_found_by_name_in_any_case_and_a_single_date_column(tmp_path):
    path = write(tmp_path, "daily.tsv", "DATE\tCrossing\tINDIVIDUALS\n2023-11-02\ttorkham\t24000\n")
    flows = load_flows(path)
    assert flows.loc[0, "period_start"] == flows.loc[0, "period_end"] == pd.Timestamp("2023-11-02")
    assert flows.loc[0, "crossing_id"] == "torkham"
    assert int(flows.loc[0, "count"]) == 24000


def test_xlsx_export_with_an_hxl_row(tmp_path):
    path = tmp_path / "dtm.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["From", "To", "BCP", "Individuals"])
    sheet.append(["#date+start", "#date+end", "#loc+crossing", "#affected+ind"])
    sheet.append(["2023-07-01", "2023-09-30", "torkham", 21182])
    sheet.append(["2023-07-01", "2023-09-30", "chaman-spin-boldak", 17994])
    book.save(path)
    flows = load_flows(path, columns={"period_start": "From", "period_end": "To", "crossing_id": "BCP"})
    assert flows["count"].tolist() == [21182, 17994]
    assert flows.attrs["skipped_lines"] == [{"line": 2, "reason": "HXL hashtag row"}]


def test_hxl_row_skipped_in_csv(tmp_path):
    text = REPORT_CSV.replace("\n", "\n#date+start,#date+end,#loc,#affected,#type\n", 1)
    flows = load_flows(write(tmp_path, "hxl.csv", text), columns=MAPPING)
    assert len(flows) == 3
    assert "HXL" in flows.attrs["skipped_lines"][0]["reason"]


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("-5", "not whole counts"),
        ("12.5", "not whole counts"),
        ("about 300", "not whole counts"),
        ("99999999999999999999", "above 10,000,000,000"),
        ("", "has no count"),
    ],
)
def test_bad_counts_name_the_row_and_column(tmp_path, cell, words):
    text = REPORT_CSV.replace('"1,870"', f'"{cell}"')
    with pytest.raises(SchemaError, match=words) as info:
        load_flows(write(tmp_path, "bad.csv", text), columns=MAPPING)
    assert "row 2" in str(info.value)
    assert "'Individuals'" in str(info.value)
    assert "on_bad='drop'" in str(info.value)


def test_bad_dates_countries_precision_and_order_are_all_reported(tmp_path):
    text = (
        "period_start,period_end,from_country,precision,count\n"
        "2023-31-10,2023-10-31,PAK,exact,5\n"
        "2023-10-01,2023-10-31,Pakistan,exact,5\n"
        "2023-10-01,2023-10-31,PAK,approximately,5\n"
        "2023-11-01,2023-10-31,PAK,exact,5\n"
        "2023-10-01,2023-10-31,PAK,rounded,5\n"
    )
    with pytest.raises(SchemaError) as info:
        load_flows(write(tmp_path, "many.csv", text))
    message = str(info.value)
    for expected in (
        "dates in no known form",
        "row 1",
        "ISO 3166 alpha-3",
        "row 2",
        "precision",
        "row 3",
        "period_start is after period_end",
        "row 4",
    ):
        assert expected in message
    assert "row 5" not in message


def test_on_bad_drop_warns_with_the_count_and_rows(tmp_path):
    text = REPORT_CSV.replace('"1,870"', '"n/a"')
    with pytest.warns(DroppedRowsWarning, match=r"dropped 1 row\(s\)") as caught:
        flows = load_flows(write(tmp_path, "drop.csv", text), columns=MAPPING, on_bad="drop")
    assert "not whole counts" in str(caught[0].message)
    assert flows["count"].tolist() == [1330, 14352]
    assert flows.attrs["dropped"][0]["row"] == 1


def test_missing_columns_are_listed_with_what_to_pass(tmp_path):
    with pytest.raises(
        SchemaError, match=r"lacks the flows column\(s\) \['period_start', 'period_end', 'count'\]"
    ):
        load_flows(write(tmp_path, "x.csv", "a,b\n1,2\n"))
    with pytest.raises(SchemaError, match="columns= maps 'count' to 'Nope'"):
        load_flows(write(tmp_path, "y.csv", REPORT_CSV), columns={**MAPPING, "count": "Nope"})
    with pytest.raises(SchemaError, match="unknown flows fields"):
        load_flows(write(tmp_path, "z.csv", REPORT_CSV), columns={"people": "Individuals"})


def test_unreadable_files(tmp_path):
    with pytest.raises(DataReadError, match="does not exist"):
        load_flows(tmp_path / "missing.csv")
    with pytest.raises(DataReadError, match="is a folder"):
        load_flows(tmp_path)
    with pytest.raises(DataReadError, match=r"not \.json"):
        load_flows(write(tmp_path, "a.json", "{}"))
    with pytest.raises(EmptyDataError, match="empty"):
        load_flows(write(tmp_path, "empty.csv", "\n"))
    with pytest.raises(EmptyDataError, match="only a header"):
        load_flows(write(tmp_path, "header.csv", "period_start,period_end,count\n"))
    with pytest.raises(DataReadError, match=r"not UTF-8.*cp1252"):
        load_flows(
            write(
                tmp_path,
                "latin.csv",
                "period_start,period_end,count,notes\n2023-10-01,2023-10-31,5,Kabul\xe9\n",
                encoding="latin-1",
            )
        )
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(DataReadError, match="as XLSX"):
        load_flows(damaged)


def test_encoding_argument_reads_a_windows_file(tmp_path):
    path = write(
        tmp_path,
        "cp.csv",
        "period_start,period_end,count,notes\n2023-10-01,2023-10-31,5,Kabul\xe9\n",
        encoding="cp1252",
    )
    flows = load_flows(path, encoding="cp1252")
    assert flows.loc[0, "notes"] == "Kabul\xe9"


def test_nothing_dropped_without_a_warning(tmp_path):
    text = REPORT_CSV + "2023-10-01,2023-10-31,torkham,,undocumented return\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(SchemaError, match="row 4"):
            load_flows(write(tmp_path, "gap.csv", text), columns=MAPPING)
