"""The command line on a chosen border (--region) and on a chosen day (--as-of, --open-only)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import warnings

import pytest

import borderkit as bk
from borderkit.cli import main
from borderkit.errors import DroppedRowsWarning
from borderkit.geo.status import load_crossing_status, open_crossings


def _quietly(fn, *args, **kwargs):
    """Call a loader, hiding the counted note about unlocated crossings (tested where it belongs)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def west():
    """The Afghanistan-Iran border, as the library builds it."""
    region = bk.region("AFG-IRN")
    _quietly(lambda: region.segments)
    return region


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _day_with_open_and_closed() -> tuple[str, list[str], int]:
    """A day of the bundled history on which some located crossings were open and others not."""
    history = load_crossing_status()
    located = _quietly(bk.load_crossings)
    for day in sorted(set(history["start"].astype(str))):
        day = day[:10]
        crossings = _quietly(bk.load_crossings, as_of=day)
        opened = open_crossings(day, crossings)
        if 0 < len(opened) < len(located):
            return day, list(opened["crossing_id"]), len(located)
    pytest.skip("the bundled status history has no day with open and closed crossings")


# --------------------------------------------------------------------------- --region


def test_corridors_of_afghanistan_iran(west, capsys):
    assert main(["corridors", "--region", "AFG-IRN"]) == 0
    out = capsys.readouterr().out
    for row in west.segments.itertuples():
        assert f"{row.from_name} -> {row.to_name}" in out
        assert f"{row.length_km:,.1f}" in out
    assert f"along the {west.name}, {west.border['length_km'].iloc[0]:,.1f} km in all" in out
    assert "Durand" not in out


def test_corridors_of_afghanistan_iran_as_csv(west, capsys):
    assert main(["corridors", "--region", "afg-irn", "--format", "csv"]) == 0  # any case
    rows = _csv_rows(capsys.readouterr().out)
    assert [r["segment_id"] for r in rows] == list(west.segments["segment_id"])
    assert [float(r["length_km"]) for r in rows] == pytest.approx(list(west.segments["length_km"]), abs=1e-3)


def test_corridors_by_unit_of_afghanistan_iran(west, capsys):
    assert main(["corridors", "--region", "AFG-IRN", "--by", "unit", "--format", "csv"]) == 0
    rows = _csv_rows(capsys.readouterr().out)
    assert {r["country"] for r in rows} == {"AFG", "IRN"}
    for side in ("AFG", "IRN"):
        total = sum(float(r["length_km"]) for r in rows if r["country"] == side)
        assert total == pytest.approx(west.border["length_km"].iloc[0], rel=1e-3)


def test_export_corridors_of_afghanistan_iran(west, tmp_path, capsys):
    out = tmp_path / "corridors.geojson"
    assert main(["export", "corridors", "--region", "AFG-IRN", "--out", str(out), "--quiet"]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [f["properties"]["segment_id"] for f in doc["features"]] == list(west.segments["segment_id"])
    assert capsys.readouterr().out.strip() == str(out.resolve())


def test_export_all_of_afghanistan_iran_leaves_out_the_durand_timeline(tmp_path, capsys):
    out = tmp_path / "west.gpkg"
    assert main(["export", "all", "--region", "AFG-IRN", "--format", "gpkg", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    with sqlite3.connect(out) as db:
        tables = {r[0] for r in db.execute("SELECT table_name FROM gpkg_contents")}
        countries = {r[0] for r in db.execute("SELECT iso3 FROM countries")}
    assert tables == {
        "border",
        "countries",
        "provinces",
        "crossings",
        "corridors",
        "border_by_unit",
        "zone",
        "settlements",
    }
    assert countries == {"AFG", "IRN"}
    assert "timeline" not in printed


def test_export_timeline_of_afghanistan_iran_is_a_clear_error(tmp_path, capsys):
    out = tmp_path / "t.geojson"
    assert main(["export", "timeline", "--region", "AFG-IRN", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "covers the Durand Line (AFG-PAK) only, not AFG-IRN" in err
    assert not out.exists()


def test_figure_of_afghanistan_iran(west, tmp_path, capsys):
    out = tmp_path / "west.svg"
    assert main(["figure", "--region", "AFG-IRN", "--out", str(out), "--dpi", "40"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "The Afghanistan–Iran border" in svg
    for name in west.crossings["name"]:
        assert name in svg
    assert "Durand" not in svg
    assert str(out.resolve()) in capsys.readouterr().out


def test_map_of_afghanistan_iran(west, tmp_path, capsys):
    out = tmp_path / "west.html"
    assert main(["map", "--region", "AFG-IRN", "--out", str(out), "--cdn", "--quiet"]) == 0
    html = out.read_text(encoding="utf-8")
    for name in west.crossings["name"]:
        assert json.dumps(name)[1:-1] in html
    assert "Afghanistan-Iran border" in html or "Afghanistan–Iran border" in html
    assert "Durand Line: de facto boundary" not in html  # the border layer of the other region


@pytest.mark.parametrize("bad", ["AFG", "AFG-AFG", "AF-PAK", "AFG-PAK-IRN", "afg_irn"])
def test_bad_region_is_a_usage_error(bad, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["corridors", "--region", bad])
    assert exc.value.code == 2
    assert "is not a border region" in capsys.readouterr().err


# --------------------------------------------------------------------------- --as-of


def test_corridors_open_only_uses_the_crossings_open_that_day(capsys):
    day, opened, located = _day_with_open_and_closed()
    assert main(["corridors", "--as-of", day, "--open-only", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    rows = _csv_rows(captured.out)
    ends = {r["from_crossing"] for r in rows} | {r["to_crossing"] for r in rows}
    assert ends - {""} == set(opened)
    assert len(rows) == len(opened) + 1  # corridors between them and to both ends of the line
    assert f"{len(opened)} of {located} crossings were open on {day}" in captured.err


def test_corridors_as_of_without_open_only_keeps_every_crossing(capsys):
    day, _, located = _day_with_open_and_closed()
    assert main(["corridors", "--as-of", day, "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert len(_csv_rows(captured.out)) == located + 1
    assert f"Crossing status on {day} (cited status history)" in captured.err


def test_proximity_open_only_measures_to_open_crossings(capsys):
    day, opened, _ = _day_with_open_and_closed()
    assert main(["proximity", "--as-of", day, "--open-only", "--format", "csv"]) == 0
    rows = _csv_rows(capsys.readouterr().out)
    assert rows
    assert {r["crossing_id"] for r in rows} <= set(opened)


def test_map_as_of_shows_that_days_status(tmp_path):
    day, _, _ = _day_with_open_and_closed()
    out = tmp_path / "m.html"
    assert main(["map", "--as-of", day, "--out", str(out), "--cdn", "--quiet"]) == 0
    assert f"(as of {day})" in out.read_text(encoding="utf-8")


def test_open_only_needs_as_of(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["corridors", "--open-only"])
    assert exc.value.code == 2
    assert "--open-only needs --as-of DATE" in capsys.readouterr().err


def test_bad_as_of_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["proximity", "--as-of", "20 Jan 2024"])
    assert exc.value.code == 2
    assert "is not a day" in capsys.readouterr().err


def test_figure_as_of_draws_that_days_status(tmp_path):
    day, opened, _ = _day_with_open_and_closed()
    crossings = _quietly(bk.load_crossings, as_of=day)
    out = tmp_path / "f.svg"
    assert main(["figure", "--as-of", day, "--out", str(out), "--dpi", "40"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert f"Crossing status as of {day}." in " ".join(svg.split())
    if (crossings["status"] == "closed").any():
        assert "Crossing, closed" in svg
    assert len(opened) > 0
    assert "Crossing, open" in svg  # "open", or "open with restrictions (...)"


def test_export_crossings_as_of(tmp_path):
    day, _, _ = _day_with_open_and_closed()
    expected = _quietly(bk.load_crossings, as_of=day)
    out = tmp_path / "c.geojson"
    assert main(["export", "crossings", "--as-of", day, "--out", str(out), "--quiet"]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    got = {f["properties"]["crossing_id"]: f["properties"]["status"] for f in features}
    assert got == dict(zip(expected["crossing_id"], expected["status"], strict=True))
    assert {f["properties"]["as_of"] for f in features} == {day}


def test_proximity_of_afghanistan_iran(west, capsys):
    assert main(["proximity", "--region", "AFG-IRN", "--format", "csv"]) == 0
    rows = _csv_rows(capsys.readouterr().out)
    assert rows
    assert {r["crossing_id"] for r in rows} <= set(west.crossings["crossing_id"])
    assert {r["country"] for r in rows} <= {"AFG", "IRN"}
    assert all(float(r["border_km"]) <= 50.0 for r in rows)


def test_map_of_both_borders_with_flows_and_stocks(tmp_path):
    out = tmp_path / "both.html"
    code = _quietly(
        main, ["map", "--also-region", "AFG-IRN", "--flows", "--stocks", "--out", str(out), "--quiet"]
    )
    assert code == 0
    html = out.read_text(encoding="utf-8")
    # One map, both lines labelled with what they are.
    assert "Durand Line: de facto boundary, not recognised by Afghanistan" in html
    assert "Afghanistan-Iran border: international boundary" in html
    # The displacement layers and their sources.
    for crossing in ("Torkham", "Islam Qala-Dogharoun"):  # crossings of both borders
        assert crossing in html
    assert "UNHCR" in html


def test_map_flows_from_a_file(tmp_path):
    flows = bk.load_flows()
    path = tmp_path / "flows.csv"
    flows.drop(columns=["extra"], errors="ignore").to_csv(path, index=False)
    out = tmp_path / "f.html"
    assert _quietly(main, ["map", "--flows", str(path), "--out", str(out), "--quiet"]) == 0
    assert "Torkham" in out.read_text(encoding="utf-8")
