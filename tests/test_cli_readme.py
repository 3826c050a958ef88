"""Every command line the README shows runs, on the bundled data or ../shared (skipped when absent)."""

from __future__ import annotations

import re
import shlex
import warnings
from pathlib import Path

import pytest

from borderkit import errors
from borderkit.cli import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE, main

README = Path(__file__).resolve().parents[1] / "README.md"
SHARED_UCDP = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "real"
    / "ucdp_ged_pak"
    / "conflict_data_pak.csv"
)


def readme_commands() -> list[str]:
    """The ``borderkit ...`` lines of the README's "Command line" block, alternatives expanded."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the README's Command line section has no sh block"
    commands = []
    for line in block[1].splitlines():
        command = re.split(r"\s{2,}#|\s#\s", line, maxsplit=1)[0].strip()
        if not command.startswith("borderkit"):
            continue
        # "--by segment|unit|month": one run per alternative
        match = re.search(r"(\S+\|\S+)", command)
        if match:
            commands += [command.replace(match[1], alt) for alt in match[1].split("|")]
        else:
            commands.append(command)
    return commands


def _village_and_roads(folder: Path) -> None:
    """Write villages.csv, roads.osm, incidents.csv and points.parquet (files as a user brings them)."""
    import borderkit as bk

    torkham = bk.load_crossings().set_index("crossing_id").geometry["torkham"]
    nodes = [
        (1, torkham.y, torkham.x),
        (2, torkham.y + 0.01, torkham.x + 0.05),
        (3, torkham.y + 0.02, torkham.x + 0.1),
    ]
    (folder / "roads.osm").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="borderkit-test">\n'
        + "".join(f'  <node id="{i}" version="1" lat="{la}" lon="{lo}"/>\n' for i, la, lo in nodes)
        + '  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>'
        '<tag k="highway" v="primary"/></way>\n</osm>\n',
        encoding="utf-8",
    )
    (folder / "villages.csv").write_text(
        f"name,lat,lon,population\nTestabad,{torkham.y + 0.02},{torkham.x + 0.1},1200\n", encoding="utf-8"
    )
    # "any number of points": a small GeoParquet of random points over the two countries
    import geopandas as gpd
    import numpy as np

    rng = np.random.default_rng(3)
    west, south, east, north = bk.load_countries().total_bounds
    gpd.GeoDataFrame(
        {"name": [f"b{i}" for i in range(300)]},
        geometry=gpd.points_from_xy(rng.uniform(west, east, 300), rng.uniform(south, north, 300)),
        crs=4326,
    ).to_parquet(folder / "points.parquet")
    # "any events CSV": two made-up test rows in a layout of one's own (Date, Y, X)
    (folder / "incidents.csv").write_text(
        f"Date,Y,X,Type\n2023-10-02,{torkham.y},{torkham.x},Closure\n2023-11-15,{torkham.y},{torkham.x},Clash\n",
        encoding="utf-8",
    )


@pytest.mark.slow
@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command, tmp_path, monkeypatch, capsys):
    argv = shlex.split(command)[1:]
    if "ged_pakistan.csv" in argv:
        if not SHARED_UCDP.is_file():
            pytest.skip(f"needs ../shared/data/real ({SHARED_UCDP} is absent) for ged_pakistan.csv")
        argv = [str(SHARED_UCDP) if a == "ged_pakistan.csv" else a for a in argv]
    monkeypatch.chdir(tmp_path)
    _village_and_roads(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if "--help" in argv:
            with pytest.raises(SystemExit) as exc:
                main(argv)
            code = exc.value.code
        else:
            code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip()
    for w in caught:  # only borderkit's own, counted warnings (e.g. events far from the line)
        if "inplace keyword" in str(w.message):  # dask's parquet reader on pandas 3.1 (not ours)
            continue
        assert w.category.__module__ == errors.__name__, (w.category, str(w.message))
    for path in re.findall(r"--out (\S+)", command):
        out_path = tmp_path / path
        if "--points" in argv:  # a folder of GeoParquet files, one per partition
            assert out_path.is_dir()
            assert any(out_path.glob("*.parquet"))
        else:
            assert out_path.is_file()
            assert out_path.stat().st_size > 0


def test_readme_lists_commands():
    assert len(readme_commands()) >= 10


def test_readme_states_the_exit_statuses():
    """The README says what the exit statuses mean, as the command returns them."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    for status in (EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED):
        assert f"status {status}" in text
