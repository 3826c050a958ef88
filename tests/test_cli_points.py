"""``borderkit proximity --points``: a GeoParquet of points streamed on dask to a folder of GeoParquet."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import borderkit as bk
from borderkit import cli

dask_geopandas = pytest.importorskip("dask_geopandas")
distributed = pytest.importorskip("distributed")

# dask's parquet reader still calls pandas' set_index/reset_index(inplace=True), which pandas 3.1 deprecates.
pytestmark = pytest.mark.filterwarnings(
    "ignore:The inplace keyword in GeoDataFrame:pandas.errors.Pandas4Warning",
    "ignore:The inplace keyword in DataFrame:pandas.errors.Pandas4Warning",
)


@pytest.fixture
def main():
    """The command's real ``main`` (``--points`` is one of ``borderkit proximity``'s options)."""
    return cli.main


def _points(n: int = 2400, seed: int = 5) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    west, south, east, north = bk.load_countries().total_bounds
    return gpd.GeoDataFrame(
        {"name": [f"p{i}" for i in range(n)], "population": rng.integers(0, 900, n).astype(float)},
        geometry=gpd.points_from_xy(rng.uniform(west, east, n), rng.uniform(south, north, n)),
        crs=4326,
        index=pd.Index(np.arange(7, 7 + n), name="pid"),
    )


@pytest.fixture(scope="module")
def on_disk(tmp_path_factory):
    """A folder of 3 GeoParquet files (one per partition) and the same points in memory."""
    frame = _points()
    folder = tmp_path_factory.mktemp("in") / "points.parquet"
    folder.mkdir()
    for i, rows in enumerate(np.array_split(np.arange(len(frame)), 3)):
        frame.iloc[rows].to_parquet(folder / f"part.{i}.parquet")
    return folder, frame


def _expected(frame: gpd.GeoDataFrame, within_km: float = 25.0) -> pd.DataFrame:
    """The proximity columns computed in memory with the public functions."""
    near = bk.nearest_crossing(frame, bk.load_crossings())
    return pd.DataFrame(
        {
            "crossing_id": near["crossing_id"],
            "distance_km": near["distance_m"] / 1000.0,
            "bearing_deg": near["bearing_deg"],
            "border_km": bk.distance_to_border(frame, bk.load_border()) / 1000.0,
            f"within_{within_km:g}km": near["distance_m"] / 1000.0 <= within_km,
        },
        index=frame.index,
    )


def test_points_are_streamed_to_a_folder_equal_to_the_in_memory_answer(main, on_disk, tmp_path, capsys):
    folder, frame = on_disk
    out = tmp_path / "result.parquet"
    assert main(["proximity", "--points", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Written to {out.resolve()}" in printed
    assert sorted(p.name for p in out.iterdir()) == ["part.0.parquet", "part.1.parquet", "part.2.parquet"]
    assert [p.name for p in tmp_path.iterdir()] == ["result.parquet"]  # no temporary folder left
    got = gpd.read_parquet(out).sort_index()
    assert got.crs.equals(frame.crs)
    assert got.index.name == "pid"
    pd.testing.assert_frame_equal(got[frame.columns.tolist()], frame.loc[got.index])  # every input column
    expected = _expected(frame)
    pd.testing.assert_frame_equal(got[expected.columns.tolist()], expected, check_dtype=False)
    # The table: points per nearest crossing and within 25 km of it, in the crossings' order.
    crossings = bk.load_crossings()
    counts = expected["crossing_id"].value_counts()
    inside = expected.loc[expected["within_25km"], "crossing_id"].value_counts()
    for cid, name in zip(crossings["crossing_id"], crossings["name"], strict=True):
        row = next(line for line in printed.splitlines() if line.startswith(name + " "))
        assert row.split()[-2:] == [f"{counts.get(cid, 0):,}", f"{inside.get(cid, 0):,}"]
    assert f"{len(frame):,} points from {folder} in 3 partitions" in printed

    # A second run replaces the folder whole (atomically); --quiet prints only its path.
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert (
        main(["proximity", "--quiet", "--points", str(folder), "--out", str(out), "--within-km", "60"]) == 0
    )
    assert capsys.readouterr().out.strip() == str(out.resolve())
    again = gpd.read_parquet(out).sort_index()
    assert "within_60km" in again.columns
    assert "within_25km" not in again.columns
    assert set(before) == {p.name for p in out.iterdir()}
    assert [p.name for p in tmp_path.iterdir()] == ["result.parquet"]


def test_scheduler_address_and_partitions(main, on_disk, tmp_path, capsys):
    folder, frame = on_disk
    out = tmp_path / "result.parquet"
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        args = ["proximity", "--points", str(folder), "--out", str(out), "--partitions", "5"]
        assert main([*args, "--scheduler", cluster.scheduler_address]) == 0
        # The work ran on the cluster: its scheduler ran borderkit's partition task.
        prefixes = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    assert any("proximity_part" in p for p in prefixes), prefixes
    assert "in 5 partitions" in capsys.readouterr().out
    assert len(list(out.glob("*.parquet"))) == 5
    got = gpd.read_parquet(out).sort_index()
    expected = _expected(frame)
    pd.testing.assert_frame_equal(got[expected.columns.tolist()], expected, check_dtype=False)


def test_plain_parquet_with_lon_lat_columns(main, tmp_path, capsys):
    frame = _points(300, seed=9)
    plain = pd.DataFrame(
        {"lng_deg": frame.geometry.x, "lat_deg": frame.geometry.y, "name": frame["name"]}, index=frame.index
    )
    plain.to_parquet(tmp_path / "plain.parquet")
    out = tmp_path / "out.parquet"
    argv = ["proximity", "--points", str(tmp_path / "plain.parquet"), "--out", str(out)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "no lon/lat columns" in err
    assert "--columns lat=COLUMN,lon=COLUMN" in err
    assert "Traceback" not in err
    assert main([*argv, "--columns", "lat=lat_deg,lon=lng_deg"]) == 0
    got = gpd.read_parquet(out).sort_index()
    expected = _expected(frame)
    pd.testing.assert_frame_equal(got[expected.columns.tolist()], expected, check_dtype=False)


def _error(main, capsys, argv: list) -> str:
    assert main([str(a) for a in argv]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    (line, hint) = captured.err.strip().splitlines()
    assert hint == "(run with --debug for the full traceback)"
    return line


def test_bad_input_fails_in_one_line_and_writes_nothing(main, on_disk, tmp_path, capsys):
    folder, frame = on_disk
    out = tmp_path / "out.parquet"
    line = _error(
        main, capsys, ["proximity", "--points", str(tmp_path / "missing.parquet"), "--out", str(out)]
    )
    assert "missing.parquet does not exist" in line
    (tmp_path / "junk.parquet").write_text("not parquet")
    line = _error(main, capsys, ["proximity", "--points", str(tmp_path / "junk.parquet"), "--out", str(out)])
    assert "could not read --points" in line
    assert "junk.parquet" in line
    # No CRS.
    frame.iloc[:50].set_crs(None, allow_override=True).to_parquet(tmp_path / "nocrs.parquet")
    line = _error(main, capsys, ["proximity", "--points", str(tmp_path / "nocrs.parquet"), "--out", str(out)])
    assert "nocrs.parquet has no CRS" in line
    # Polygons, not points: the error names the file and the partition.
    polygons = frame.iloc[:20].copy()
    x, y = polygons.geometry.x.to_numpy(), polygons.geometry.y.to_numpy()
    polygons = polygons.set_geometry(shapely.box(x - 0.01, y - 0.01, x + 0.01, y + 0.01), crs=4326)
    polygons.to_parquet(tmp_path / "polygons.parquet")
    line = _error(
        main, capsys, ["proximity", "--points", str(tmp_path / "polygons.parquet"), "--out", str(out)]
    )
    assert "polygons.parquet, partition 0" in line
    assert "Polygon" in line
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left
    # --out is an existing file, or a folder of other things: refused, untouched.
    (tmp_path / "taken.parquet").write_bytes(b"mine")
    line = _error(
        main, capsys, ["proximity", "--points", str(folder), "--out", str(tmp_path / "taken.parquet")]
    )
    assert "exists and is a file" in line
    assert (tmp_path / "taken.parquet").read_bytes() == b"mine"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("keep")
    line = _error(main, capsys, ["proximity", "--points", str(folder), "--out", str(tmp_path / "docs")])
    assert "other files than Parquet" in line
    assert (tmp_path / "docs" / "notes.txt").read_text() == "keep"
    # Options that do not go together.
    line = _error(main, capsys, ["proximity", "--points", str(folder)])
    assert "--points needs --out FOLDER" in line
    line = _error(main, capsys, ["proximity", "--points", str(folder), "--out", str(out), "--by-road"])
    assert "--by-road do not apply with --points" in line
    line = _error(main, capsys, ["proximity", "--partitions", "4"])
    assert "--partitions go with --points" in line


def test_scheduler_address_is_checked(main, on_disk, tmp_path, capsys):
    folder, _ = on_disk
    out = tmp_path / "out.parquet"
    with pytest.raises(SystemExit) as stop:
        main(["proximity", "--points", str(folder), "--out", str(out), "--scheduler", "localhost"])
    assert stop.value.code == 2
    assert "is not a dask scheduler address: give tcp://HOST:PORT" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["proximity", "--points", str(folder), "--out", str(out), "--partitions", "0"])
    assert "is not a number of partitions" in capsys.readouterr().err
    # Nothing listens on the port: a clear error after settings.timeout, nothing written.
    bk.settings.timeout = 1.0
    with socket_without_listener() as address:
        line = _error(
            main, capsys, ["proximity", "--points", str(folder), "--out", str(out), "--scheduler", address]
        )
    assert f"could not reach the dask scheduler at {address}" in line
    assert not out.exists()


class socket_without_listener:  # noqa: N801 (a context manager used like a function)
    """A tcp:// address on 127.0.0.1 whose port is bound but not listening (connections are refused)."""

    def __enter__(self) -> str:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{self.sock.getsockname()[1]}"

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


def test_one_bad_partition_among_several_leaves_the_previous_output_and_no_temporary_folder(
    main, on_disk, tmp_path, capsys
):
    folder, frame = on_disk
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    frame.iloc[:800].to_parquet(mixed / "a.parquet")
    frame.iloc[800:1600].to_parquet(mixed / "b.parquet")
    bad = frame.iloc[1600:1700].copy()
    x, y = bad.geometry.x.to_numpy(), bad.geometry.y.to_numpy()
    bad.set_geometry(shapely.box(x - 0.01, y - 0.01, x + 0.01, y + 0.01), crs=4326).to_parquet(
        mixed / "c.parquet"
    )
    out = tmp_path / "out.parquet"
    assert main(["proximity", "--points", str(folder), "--out", str(out)]) == 0  # a previous output
    capsys.readouterr()
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    line = _error(main, capsys, ["proximity", "--points", str(mixed), "--out", str(out)])
    assert "c.parquet" in line or "partition 2" in line
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the previous output, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mixed", "out.parquet"]  # nothing left behind


def test_out_may_not_be_the_input(main, on_disk, tmp_path, capsys):
    _, frame = on_disk
    copy = tmp_path / "points"
    copy.mkdir()
    frame.iloc[:100].to_parquet(copy / "part.0.parquet")
    line = _error(main, capsys, ["proximity", "--points", str(copy), "--out", str(copy)])
    assert "would replace the input" in line
    assert [p.name for p in copy.iterdir()] == ["part.0.parquet"]
