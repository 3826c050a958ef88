"""The borderkit command: map, sources, help, errors without tracebacks."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from borderkit import _http
from borderkit.cli import main
from borderkit.geo import sources


def test_map_writes_the_html_and_says_where(tmp_path, capsys):
    out = tmp_path / "maps" / "durand_line.html"
    assert main(["map", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed
    assert out.is_file()
    assert "Durand Line" in out.read_text(encoding="utf-8")


def test_map_quiet_prints_only_the_path(tmp_path, capsys):
    out = tmp_path / "m.html"
    assert main(["map", "--quiet", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out.resolve())


def test_sources_lists_every_source_with_licence(capsys):
    assert main(["sources"]) == 0
    text = capsys.readouterr().out
    for needle in (
        "osm-geo-maps  [bundled]",
        "naturalearth-10m  [bundled]",
        "etopo5  [bundled]",
        "geoboundaries  [not cached]",
        "ODbL-1.0",
        "Public domain",
        "CC BY 4.0",
    ):
        assert needle in text


def test_sources_shows_cached_network_source(capsys, http_server, monkeypatch):
    # A real answer cached by borderkit's network module, from a server standing in for geoBoundaries.
    http_server.route("/api/current/gbOpen/AFG/ADM2/", [(200, {"Content-Type": "application/json"}, b"{}")])
    base = http_server.url("/api/current/gbOpen")
    _http.get(f"{base}/AFG/ADM2/", source="geoBoundaries gbOpen API")
    gb = sources.NETWORK_SOURCES["geoboundaries"]
    monkeypatch.setitem(sources.NETWORK_SOURCES, "geoboundaries", dataclasses.replace(gb, url=base))
    assert main(["sources", "--format", "json"]) == 0
    rows = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["geoboundaries"]["status"] == "cached (1 files)"
    assert rows["osm-geo-maps"]["status"] == "bundled"
    assert rows["acled"]["status"] == "not cached"


def test_error_is_one_line_and_exit_code_1(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["map", "--out", str(blocker / "m.html")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("borderkit: error:")
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [["--help"], ["map", "--help"], ["sources", "--help"]])
def test_help_has_an_example(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0
    assert "borderkit " in capsys.readouterr().out.split("Example")[1]


def test_installed_command_runs(tmp_path):
    exe = Path(sys.executable).with_name("borderkit")
    if not exe.exists():
        pytest.skip("the borderkit console script is not installed in this environment (pip install -e .)")
    env = {**os.environ, "BORDERKIT_CACHE_DIR": str(tmp_path / "cache"), "BORDERKIT_OFFLINE": "1"}
    out = tmp_path / "m.html"
    proc = subprocess.run(
        [str(exe), "map", "--out", str(out)], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert f"Map written to {out}" in proc.stdout
    assert out.stat().st_size > 100_000


def test_corridors_table_matches_the_api(capsys):
    import borderkit as bk

    assert main(["corridors"]) == 0
    text = capsys.readouterr().out
    segments = bk.border_segments(bk.load_border(), bk.load_crossings())
    for row in segments.itertuples():
        line = next(ln for ln in text.splitlines() if ln.startswith(f"{row.from_name} -> {row.to_name}"))
        assert line.split()[-1] == f"{row.length_km:,.1f}"
    assert f"{bk.load_border().length_km.iloc[0]:,.1f}" in text.splitlines()[-3]


def test_corridors_by_unit_csv_and_geojson(tmp_path, capsys):
    import geopandas as gpd
    import pandas as pd

    import borderkit as bk

    out = tmp_path / "units.csv"
    assert main(["corridors", "--by", "unit", "--format", "csv", "--out", str(out)]) == 0
    assert str(out.resolve()) in capsys.readouterr().out
    table = pd.read_csv(out)
    api = bk.border_length_by_unit(bk.load_border(), bk.load_admin_units())
    assert table.unit_id.tolist() == api.unit_id.tolist()
    assert table.length_km.tolist() == pytest.approx(api.length_km.round(3).tolist(), abs=1e-3)
    geo = tmp_path / "segments.geojson"
    assert main(["corridors", "--format", "geojson", "--out", str(geo)]) == 0
    frame = gpd.read_file(geo)
    assert len(frame) == len(bk.load_crossings()) + 1
    assert frame.geom_type.eq("LineString").all()


def test_corridors_bad_crossings_file_is_one_line(tmp_path, capsys):
    bad = tmp_path / "c.csv"
    bad.write_text("name,lat\nTorkham,34.1\n", encoding="utf-8")
    assert main(["corridors", "--crossings", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("borderkit: error:")
    assert str(bad) in err
    assert "Traceback" not in err


def test_proximity_table_and_csv_match_the_api(tmp_path, capsys):
    import pandas as pd

    import borderkit as bk

    assert main(["proximity", "--within-km", "50"]) == 0
    text = capsys.readouterr().out
    places = bk.load_settlements("geonames")
    # By default only the places within 50 km of the line count, as in the notebook; the output says so.
    near_line = places[bk.distance_to_border(places, bk.load_border()) <= 50_000]
    assert 0 < len(near_line) < len(places)
    assert f"{len(near_line):,} of {len(places):,} settlements lie within 50 km of the border line" in text
    summary = bk.summarise_by_crossing(near_line, bk.load_crossings(), within_km=50)
    for row in summary.itertuples():
        line = next(ln for ln in text.splitlines() if ln.startswith(row.name))
        cells = line[len(row.name) :].split()
        assert cells[:4] == [
            f"{row.settlements:,}",
            f"{row.population:,}",
            f"{row.settlements_within:,}",
            f"{row.population_within:,}",
        ]
        assert cells[4] == f"{row.median_distance_km:,.1f}"
    out = tmp_path / "p.csv"
    assert main(["proximity", "--all-places", "--format", "csv", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns[:2]) == ["settlement_id", "name"]  # no index column
    assert len(table) == len(places)
    near = bk.nearest_crossing(places, bk.load_crossings())
    assert table.crossing_id.tolist() == near.crossing_id.tolist()
    assert table.distance_km.to_numpy() == pytest.approx(near.distance_m.to_numpy() / 1000, abs=1e-3)


def test_proximity_by_road_on_a_local_graph(tmp_path, capsys):
    """--by-road with a local OSM file: a road from a village to Torkham."""
    import borderkit as bk

    torkham = bk.load_crossings().set_index("crossing_id").geometry["torkham"]
    osm = tmp_path / "roads.osm"
    nodes = [
        (1, torkham.y, torkham.x),
        (2, torkham.y + 0.01, torkham.x + 0.05),
        (3, torkham.y + 0.02, torkham.x + 0.1),
    ]
    osm.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="borderkit-test">\n'
        + "".join(f'  <node id="{i}" version="1" lat="{la}" lon="{lo}"/>\n' for i, la, lo in nodes)
        + '  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>'
        '<tag k="highway" v="primary"/></way>\n</osm>\n',
        encoding="utf-8",
    )
    village = tmp_path / "village.csv"
    village.write_text(f"name,lat,lon,population\nTestabad,{torkham.y + 0.02},{torkham.x + 0.1},1200\n")
    args = ["proximity", "--settlements", str(village), "--by-road", "--graph", str(osm), "--format", "csv"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    record = dict(zip(header, row, strict=True))
    assert record["road_crossing_id"] == "torkham"
    assert float(record["road_km"]) >= float(record["distance_km"]) > 9


def test_map_with_the_bundled_timeline(tmp_path, capsys):
    out = tmp_path / "timeline.html"
    assert main(["map", "--events", "timeline", "--since", "2023-01-01", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "borderkit-time-slider" in text
    assert "Border corridors shaded by events per 100 km" in text
    assert "Border timeline: borderkit curation of cited public sources" in text


def test_events_summary_by_month_matches_the_api(capsys):
    import borderkit as bk
    from borderkit.geo.events import events_by_period

    assert main(["events", "summary", "timeline", "--by", "month", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    api = events_by_period(bk.load_events("timeline"))
    assert len(lines) == len(api) + 1
    assert lines[0] == "month,count,fatalities"
    assert [ln.split(",")[0] for ln in lines[1:]] == [f"{d:%Y-%m}" for d in api.index]
    assert sum(int(ln.split(",")[1]) for ln in lines[1:]) == len(bk.load_events("timeline"))


def test_events_summary_by_segment_on_real_ucdp(shared_real, capsys):
    from borderkit.geo.events import UnassignedEventsWarning

    path = shared_real / "ucdp_ged_pak" / "conflict_data_pak.csv"
    with pytest.warns(UnassignedEventsWarning, match="2766 of 6416"):
        assert main(["events", "summary", str(path), "--by", "segment"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Corridor (north to south)")
    assert "6,416 events from" in text
    assert "2,766 events are not counted above: they lie farther than 50 km from the line" in text
    assert "attrs" not in text
    assert "Torkham" in text


def test_progress_shows_on_a_terminal_only(tmp_path, capsys, monkeypatch):
    out = tmp_path / "m.html"
    assert main(["map", "--out", str(out)]) == 0  # under pytest stderr is no terminal
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["map", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Loading the border" in err
    assert "Done:" in err
    assert main(["--quiet", "map", "--out", str(out)]) == 0
    assert capsys.readouterr().err == ""


def test_warnings_print_as_one_line(shared_real, tmp_path):
    """The real command (not under pytest's warning capture): a warning is one line on stderr."""
    exe = Path(sys.executable).with_name("borderkit")
    if not exe.exists():
        pytest.skip("the borderkit console script is not installed in this environment (pip install -e .)")
    path = shared_real / "ucdp_ged_pak" / "conflict_data_pak.csv"
    env = {**os.environ, "BORDERKIT_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [str(exe), "events", "summary", str(path), "--by", "segment"], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr.strip().splitlines()
    # Each warning is one line (the bundled crossings may add their own note about unlocated ones).
    assert all(line.startswith("borderkit: warning: ") for line in err)
    events = [line for line in err if "event(s) lie farther than 50 km" in line]
    assert len(events) == 1
    assert events[0].startswith("borderkit: warning: 2766 of 6416 event(s) lie farther than 50 km")
