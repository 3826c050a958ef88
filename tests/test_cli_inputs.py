"""The command at its edges: bad arguments, bad files, Ctrl-C, generic files, safe CSV, the cache."""

from __future__ import annotations

import json
import os
import signal
import threading

import pandas as pd
import pytest

from borderkit import settings
from borderkit.cli import EXIT_INTERRUPTED, EXIT_USAGE, cli_message, main

FORMULA = '=HYPERLINK("http://evil.example","x")'


def _one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("borderkit: error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --------------------------------------------------------------------------- usage errors: status 2


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["proximity", "--within-km", "-5"], "'-5' is not a distance"),
        (["proximity", "--within-km", "nan"], "'nan' is not a distance"),
        (["proximity", "--within-km", "inf"], "'inf' is not a distance"),
        (["proximity", "--near-km", "0"], "'0' is not a distance"),
        (["proximity", "--min-population", "-10"], "'-10' is not a number of people"),
        (["corridors", "--by", "unit", "--level", "-1"], "'-1' is not an admin level"),
        (["events", "summary", "timeline", "--max-km", "-1"], "'-1' is not a distance"),
        (["events", "summary", "timeline", "--since", "2023-13-45"], "'2023-13-45' is not a date"),
        (["events", "summary", "timeline", "--since", "2024-01-01", "--until", "2023-01-01"], "comes after"),
        (["export", "zone", "--km", "-3", "--out", "z.geojson"], "'-3' is not a distance"),
        (["figure", "--out", "f.png", "--dpi", "0"], "'0' is not a resolution"),
        (["map", "--since", "2015-01-01"], "--since applies to --events"),
        (["map", "--columns", "date=Date"], "--columns applies to --events"),
        (["map", "--events", "timeline", "--columns", "date"], "field=column pairs"),
        (["map", "--tiles", "No.Such.Tiles"], "not a tile provider"),
        (["cache", "info", "--source", "ucdp"], "--source goes with"),
        (["no-such-command"], "invalid choice"),
    ],
)
def test_nonsense_is_a_usage_error(argv, needle, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert needle in err
    assert "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.is_file()]  # nothing written


def test_help_shows_the_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["proximity", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "reach from a crossing, km (default: 25.0)" in text
    assert "(default: 50.0)" in text
    assert "(default: table)" in text
    assert "(default: None)" not in text


def test_a_since_that_drops_every_event_says_so(capsys):
    assert main(["events", "summary", "timeline", "--since", "2090-01-01"]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "no event of timeline is left by --since 2090-01-01" in line
    assert "its events run from 2017-" in line


# --------------------------------------------------------------------------- bad files: one line, status 1


def test_huge_deaths_are_one_line(tmp_path, capsys):
    path = tmp_path / "events.csv"
    path.write_text("Date,Y,X,Deaths\n2023-01-05,34.1,71.1,1e300\n2023-01-06,34.2,71.2,2\n", encoding="utf-8")
    code = main(["events", "summary", str(path), "--columns", "date=Date,lat=Y,lon=X,fatalities=Deaths"])
    err = capsys.readouterr().err
    if code == 0:  # a loader that warns about the value and keeps going is fine too
        assert "Traceback" not in err
    else:
        assert code == 1
        _one_error_line(err)


def test_a_nan_coordinate_is_one_line(tmp_path, capsys):
    path = tmp_path / "crossings.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "Nowhere"},
                        "geometry": {"type": "Point", "coordinates": [float("nan"), 34.1]},
                    }
                ],
            }
        ).replace("NaN", "NaN"),
        encoding="utf-8",
    )
    code = main(["corridors", "--crossings", str(path)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code != 0:
        assert code == 1
        _one_error_line(err)


def test_messages_name_the_flags_not_python_keywords(tmp_path, capsys):
    path = tmp_path / "incidents.csv"
    path.write_text("When,Northing,Easting\n2023-01-05,34.1,71.1\n", encoding="utf-8")
    assert main(["events", "summary", str(path), "--by", "month"]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "--columns" in line
    assert "columns=" not in line
    assert "format='csv'" not in line


def test_cli_message_rewrites_each_keyword():
    assert (
        cli_message("pass columns={'lat': 'Y', 'lon': 'X'} to swap") == "pass --columns lat=Y,lon=X to swap"
    )
    assert cli_message("pass crs='EPSG:4326' if lon/lat") == "pass --crs EPSG:4326 if lon/lat"
    assert cli_message("pass encoding='cp1252' (Excel)") == "pass --encoding cp1252 (Excel)"
    assert (
        cli_message("holds 2 layers (a, b); pass layer='<name>'")
        == "holds 2 layers (a, b); pass --layer <name>"
    )
    assert cli_message("pass crs= with their CRS") == "pass --crs with their CRS"


def test_encoding_flag_reads_a_windows_file(tmp_path, capsys):
    path = tmp_path / "incidents.csv"
    path.write_bytes("Date,Y,X,Place\n2023-01-05,34.1,71.1,Landi Kotal \u2013 bazaar\n".encode("cp1252"))
    columns = "date=Date,lat=Y,lon=X,location=Place"
    assert main(["events", "summary", str(path), "--columns", columns, "--by", "month"]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "--encoding cp1252" in line
    argv = ["events", "summary", str(path), "--columns", columns, "--encoding", "cp1252", "--by", "month"]
    assert main([*argv, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["month,count,fatalities", "2023-01,1,0"]


def test_a_generic_events_csv_is_mapped_from_the_command_line(tmp_path, capsys):
    import borderkit as bk

    torkham = bk.load_crossings().set_index("crossing_id").geometry["torkham"]
    path = tmp_path / "incidents.csv"
    path.write_text(
        "Day,Northing,Easting,Kind,Killed\n"
        f"2023-10-02,{torkham.y},{torkham.x},Border closure,0\n"
        f"2023-11-15,{torkham.y + 0.01},{torkham.x - 0.01},Clash,3\n",
        encoding="utf-8",
    )
    columns = "date=Day,lat=Northing,lon=Easting,event_type=Kind,fatalities=Killed"
    out = tmp_path / "incidents.html"
    assert main(["map", "--events", str(path), "--columns", columns, "--out", str(out)]) == 0
    assert "Border closure" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert (
        main(["events", "summary", str(path), "--columns", columns, "--by", "segment", "--format", "csv"])
        == 0
    )
    table = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    at_torkham = table[(table["to_name"] == "Torkham") | (table["from_name"] == "Torkham")]
    assert at_torkham["count"].sum() == table["count"].sum() == 2
    assert at_torkham["fatalities"].sum() == 3


def test_layer_flag_picks_a_geopackage_layer(tmp_path, capsys):
    import borderkit as bk

    units = bk.load_admin_units(level=1)
    path = tmp_path / "two.gpkg"
    units.to_file(path, layer="provinces", driver="GPKG")
    units.iloc[:3].to_file(path, layer="other", driver="GPKG")
    assert main(["corridors", "--by", "unit", "--admin", str(path)]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert "--layer" in line
    assert "layer=" not in line
    argv = ["corridors", "--by", "unit", "--admin", str(path), "--layer", "provinces", "--format", "csv"]
    assert main(argv) == 0
    table = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    api = bk.border_length_by_unit(bk.load_border(), units)
    assert table["unit_id"].tolist() == api["unit_id"].tolist()


# --------------------------------------------------------------------------- Ctrl-C


def test_ctrl_c_prints_one_line_exits_130_and_leaves_the_old_file(tmp_path, capsys):
    out = tmp_path / "figure.png"
    out.write_bytes(b"the previous figure")
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        code = main(["figure", "--out", str(out), "--settlements", "--dpi", "600"])
    finally:
        timer.cancel()
    err = capsys.readouterr().err
    assert code == EXIT_INTERRUPTED, err
    assert err.strip().splitlines() == ["borderkit: interrupted; no file was left half-written"]
    assert out.read_bytes() == b"the previous figure"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.png"]


# --------------------------------------------------------------------------- CSV and files


def test_cli_csv_is_spreadsheet_safe_unless_raw(tmp_path, capsys):
    import borderkit as bk

    crossings = bk.load_crossings()
    path = tmp_path / "crossings.csv"
    table = pd.DataFrame(
        {"name": [FORMULA, "-Minus"], "lat": crossings.geometry.y[:2], "lon": crossings.geometry.x[:2]}
    )
    table.to_csv(path, index=False)
    assert main(["corridors", "--crossings", str(path), "--format", "csv"]) == 0
    text = capsys.readouterr().out
    read = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
    names = set(read["from_name"]) | set(read["to_name"])
    assert "'" + FORMULA in names
    assert "'-Minus" in names
    assert FORMULA not in names
    assert not any(cell.startswith(("=", "@")) for cell in text.replace("\n", ",").split(","))
    assert main(["corridors", "--crossings", str(path), "--format", "csv", "--csv-raw"]) == 0
    raw = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert FORMULA in set(raw["from_name"]) | set(raw["to_name"])
    # Numbers stay numbers.
    assert pd.to_numeric(read["length_km"]).gt(0).all()


def test_out_files_are_replaced_whole(tmp_path, capsys):
    out = tmp_path / "lengths.csv"
    out.write_text("old\n", encoding="utf-8")
    assert main(["--quiet", "corridors", "--format", "csv", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out.resolve())
    assert out.read_text(encoding="utf-8").startswith("segment_id,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lengths.csv"]


def test_quiet_means_the_result_only(capsys):
    assert main(["corridors"]) == 0
    loud = capsys.readouterr().out
    assert main(["corridors", "--quiet"]) == 0
    quiet = capsys.readouterr().out
    assert "Geodesic lengths" in loud
    assert "Geodesic lengths" not in quiet
    assert loud.startswith(quiet.rstrip("\n"))


# --------------------------------------------------------------------------- the cache and tiles


def _cache_entry(key: str, url: str, body: bytes) -> None:
    folder = settings.cache_folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{key}.body").write_bytes(body)
    (folder / f"{key}.json").write_text(json.dumps({"url": url, "bytes": len(body)}), encoding="utf-8")


def test_cache_info_and_clear(capsys):
    from borderkit.geo.sources import catalogue

    sources = catalogue()
    _cache_entry("a" * 64, sources["geoboundaries"].url + "AFG/ADM2/", b"x" * 1_500_000)
    _cache_entry("b" * 64, sources["ucdp"].url + "?page=0", b"{}")
    (settings.cache_folder / "mine.txt").write_text("not borderkit's", encoding="utf-8")
    assert main(["cache", "info"]) == 0
    text = capsys.readouterr().out
    rows = {ln.split()[0]: ln.split()[1:] for ln in text.splitlines()[2:] if ln.strip() and ln[0] != " "}
    assert rows["geoboundaries"] == ["1", "1.5"]
    assert rows["ucdp"] == ["1", "0.0"]
    assert f"Cache folder: {settings.cache_folder}" in text
    assert main(["cache", "clear", "--source", "geoboundaries"]) == 0
    assert "Deleted 2 file(s) from the cache of geoboundaries" in capsys.readouterr().out
    assert sorted(p.name for p in settings.cache_folder.iterdir()) == [
        "b" * 64 + ".body",
        "b" * 64 + ".json",
        "mine.txt",
    ]
    assert main(["cache", "clear"]) == 0
    capsys.readouterr()
    assert [p.name for p in settings.cache_folder.iterdir()] == ["mine.txt"]
    assert main(["cache", "clear", "--source", "nope"]) == 1
    assert "not a network source" in _one_error_line(capsys.readouterr().err)


def test_tiles_reach_the_map(tmp_path):
    """The command renders the Region's layers with the base map asked (make_map(region=) or render)."""
    out = tmp_path / "m.html"
    # (CartoDB's tiles now make folium warn that they need a key; OpenTopoMap's do not.)
    assert main(["map", "--tiles", "OpenTopoMap", "--cdn", "--out", str(out)]) == 0
    assert "tile.opentopomap.org" in out.read_text(encoding="utf-8")


def test_export_command_writes_safe_csv_and_raw_on_request(tmp_path, capsys):
    import borderkit as bk

    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert main(["export", "crossings", "--out", str(safe)]) == 0
    assert main(["--quiet", "export", "crossings", "--out", str(raw), "--csv-raw"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == str(raw.resolve())
    crossings = bk.load_crossings()
    for path in (safe, raw):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert table["name"].tolist() == crossings["name"].tolist()  # nothing here looks like a formula
        assert (tmp_path / f"{path.name}.attribution.txt").is_file()
