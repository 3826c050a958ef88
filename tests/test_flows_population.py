"""Population types that contain one another are never added up: analysis, map layers, figure."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import pandas as pd
import pytest

import borderkit as bk
from borderkit.errors import DroppedRowsWarning
from borderkit.geo.displacement import (
    check_population_types,
    default_population_type,
    flows_by_crossing,
    flows_since,
    load_flows,
    select_population_type,
)
from borderkit.layers.timed import displacement_layers, flow_symbols_layer

FIELDS = [
    "period_start",
    "period_end",
    "crossing_id",
    "from_country",
    "to_country",
    "destination_province",
    "population_type",
    "count",
    "precision",
    "source",
    "source_url",
    "as_of",
]
# Controlled numbers (a test table in the flows schema, not data about the world): at Torkham in
# October 2023 a count of everyone (1,000) and, inside it, the deportees (100).
ROWS = [
    ["2023-10-01", "2023-10-31", "torkham", "PAK", "AFG", "Nangarhar", "all returns", "1000"],
    ["2023-10-01", "2023-10-31", "torkham", "PAK", "AFG", "Nangarhar", "deportation", "100"],
    ["2023-10-01", "2023-10-31", "chaman-spin-boldak", "PAK", "AFG", "Kandahar", "all returns", "500"],
    ["2023-11-01", "2023-11-30", "torkham", "PAK", "AFG", "Nangarhar", "undocumented return", "30"],
]
TAIL = ["exact", "Test source P", "https://example.org/p", "2023-12-01"]


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("population") / "flows.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(FIELDS)
        writer.writerows(row + TAIL for row in ROWS)
    return load_flows(path)


def test_types_that_contain_others_are_refused_together():
    assert check_population_types(["undocumented return", "deportation", "deportation"]) == (
        "undocumented return",
        "deportation",
    )
    assert check_population_types("all returns") == ("all returns",)
    for pair in (("all returns", "deportation"), ("other", "undocumented return"), ("IDPs", "deportation")):
        with pytest.raises(ValueError, match="may count the same people"):
            check_population_types(pair)
    with pytest.raises(ValueError, match="population_type is empty"):
        check_population_types([])


def test_default_type_is_the_type_of_most_rows_by_crossing(nested: pd.DataFrame):
    assert default_population_type(nested) == "all returns"  # 2 rows, against 1 and 1
    assert default_population_type(nested.iloc[0:0]) is None
    bundled = load_flows()
    named = bundled[bundled.crossing_id != ""]
    assert default_population_type(bundled) == named.population_type.value_counts().index[0]


def test_select_warns_with_the_count_of_rows_left_out(nested: pd.DataFrame):
    with pytest.warns(DroppedRowsWarning, match=r"left out 2 flow row\(s\).*1 'deportation'"):
        kept = select_population_type(nested)
    assert kept["population_type"].unique().tolist() == ["all returns"]
    assert kept.attrs["other_types"] == {"deportation": 1, "undocumented return": 1}
    disjoint = nested[nested.population_type != "all returns"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        both = select_population_type(disjoint)  # types counted apart: all kept, no warning
    assert len(both) == 2
    assert both.attrs["population_type"] == ("deportation", "undocumented return")


def test_sum_over_types_never_adds_a_count_to_one_that_contains_it(nested: pd.DataFrame):
    with pytest.warns(DroppedRowsWarning, match="population types"):
        summed = flows_by_crossing(nested, by_type=False)
    october = summed[summed.period == "2023-10-01"].set_index("crossing_id")
    assert int(october.loc["torkham", "count"]) == 1_000  # not 1,100
    assert summed.attrs["population_type"] == ("all returns",)
    apart = flows_by_crossing(nested)  # by type: both counts, on their own rows
    torkham = apart[(apart.period == "2023-10-01") & (apart.crossing_id == "torkham")]
    assert dict(zip(torkham.population_type, torkham["count"], strict=True)) == {
        "all returns": 1_000,
        "deportation": 100,
    }
    chosen = flows_by_crossing(nested, by_type=False, population_type=["deportation", "undocumented return"])
    assert chosen.set_index("period")["count"].to_dict() == {
        pd.Timestamp("2023-10-01"): 100,
        pd.Timestamp("2023-11-01"): 30,
    }
    with pytest.raises(ValueError, match="may count the same people"):
        flows_since(nested, population_type=("all returns", "deportation"))


def test_map_circles_and_lines_draw_one_kind_and_say_what_is_left_out(nested: pd.DataFrame):
    region = bk.region(settlements=False)
    symbols = flow_symbols_layer(nested, region.crossings)
    assert symbols is not None
    labels = dict(zip(symbols.frame.crossing_id, symbols.frame.flow_label, strict=True))
    assert labels["torkham"].startswith("1,000 people")  # not 1,100
    legend = symbols.legend[0].label
    assert "all returns" in legend
    assert "not drawn: 1 deportation, 1 undocumented return" in legend
    deported = flow_symbols_layer(nested, region.crossings, population_type="deportation")
    assert deported is not None
    assert dict(zip(deported.frame.crossing_id, deported.frame.flow_label, strict=True)) == {
        "torkham": "100 people, Oct 2023 to Oct 2023"
    }
    layers = displacement_layers(
        flows=nested, stocks=None, crossings=region.crossings, provinces=bk.load_admin_units(1)
    )
    kinds = {ly.time_style["kind"]: ly for ly in layers}
    assert "all returns" in kinds["flowlines"].legend[0].label  # lines and circles: one type
    assert sorted(kinds["flowlines"].frame.total) == [500.0, 1_000.0]


def test_bundled_map_draws_the_default_type(tmp_path: Path):
    flows = load_flows()
    region = bk.region(flows=flows, settlements=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        layers = {ly.name: ly for ly in region.layers}
    symbols = layers["People crossing, by crossing (returns, deportations, other)"]
    default = default_population_type(flows)
    assert f"(circle area by people): {default}, the months" in symbols.legend[0].label
    assert set(symbols.frame.flow_types) == {default}


def test_cli_summary_table_keeps_one_type_when_asked(nested: pd.DataFrame):
    from borderkit._cli.flows import summary_table

    by_month = summary_table(nested, by="month", since="2023-10-01", population_type="deportation")
    assert by_month[["crossing_id", "count"]].values.tolist() == [["torkham", 100]]
    by_crossing = summary_table(nested, by="crossing", since="2023-10-01")
    assert set(by_crossing.population_type) == {"all returns", "deportation", "undocumented return"}


def test_region_and_map_draw_the_type_asked_for():
    """``Region(population_type=)`` and ``map_layers(population_type=)`` draw that type, not the default."""
    flows = load_flows()
    name = "People crossing, by crossing (returns, deportations, other)"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        region = bk.region(flows=flows, settlements=False, population_type="deportation")
        asked = {ly.name: ly for ly in region.layers}[name]
        again = {
            ly.name: ly
            for ly in bk.region(settlements=False).map_layers(flows=flows, population_type="deportation")
        }[name]
    for layer in (asked, again):
        assert "(circle area by people): deportation, the months" in layer.legend[0].label
        assert set(layer.frame.flow_types) == {"deportation"}


def test_cli_map_flows_type(tmp_path: Path):
    from borderkit.cli import main

    out = tmp_path / "m.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        code = main(["map", "--flows", "--flows-type", "deportation", "--out", str(out), "--cdn", "--quiet"])
    assert code == 0
    assert "deportation, the months" in out.read_text(encoding="utf-8")


def test_cli_map_flows_type_needs_flows(capsys):
    from borderkit.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["map", "--flows-type", "deportation", "--out", "unused.html"])
    assert exc.value.code == 2
    assert "--flows-type goes with --flows" in capsys.readouterr().err


def test_a_type_chosen_for_the_table_may_be_missing_from_one_regions_rows(nested: pd.DataFrame):
    """Types are checked once on the whole table; a region (or the lines) lacking one still draws."""
    region = bk.region(settlements=False)
    only_chaman = nested[nested["crossing_id"] == "chaman-spin-boldak"]  # no deportation rows
    symbols = flow_symbols_layer(only_chaman, region.crossings, population_type="deportation")
    assert symbols is None  # nothing of that type at Chaman: no layer, and no error
    no_torkham = region.crossings[region.crossings["crossing_id"] != "torkham"]
    provinces = bk.load_admin_units(1)
    kwargs = {"flows": nested, "stocks": None, "crossings": no_torkham, "provinces": provinces}
    assert displacement_layers(**kwargs, population_type=("deportation", "undocumented return")) == []
    drawn = {ly.time_style["kind"]: ly for ly in displacement_layers(**kwargs, population_type="all returns")}
    assert sorted(drawn["flowlines"].frame.total) == [500.0]  # Chaman's count; Torkham is not in this region
    with pytest.raises(ValueError, match="do not occur"):
        displacement_layers(
            flows=nested,
            stocks=None,
            crossings=region.crossings,
            provinces=bk.load_admin_units(1),
            population_type="deportaton",
        )
