"""The point analyses on dask-geopandas: lazy, declared schemas, equal to the in-memory results."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import borderkit as bk

dask_geopandas = pytest.importorskip("dask_geopandas")
distributed = pytest.importorskip("distributed")

# dask's parquet reader still calls pandas' set_index/reset_index(inplace=True), which pandas 3.1 deprecates.
pytestmark = pytest.mark.filterwarnings(
    "ignore:The inplace keyword in GeoDataFrame:pandas.errors.Pandas4Warning",
    "ignore:The inplace keyword in DataFrame:pandas.errors.Pandas4Warning",
)


@pytest.fixture(scope="module")
def crossings():
    return bk.load_crossings()


@pytest.fixture(scope="module")
def border():
    return bk.load_border()


@pytest.fixture(scope="module")
def client():
    """A small in-process LocalCluster (threads), as a multi-machine cluster would be used."""
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def _settlements(n=3000, seed=31):
    rng = np.random.default_rng(seed)
    west, south, east, north = bk.load_countries().total_bounds
    frame = gpd.GeoDataFrame(
        {"name": [f"s{i}" for i in range(n)], "population": rng.integers(10, 20_000, n).astype(float)},
        geometry=gpd.points_from_xy(rng.uniform(west, east, n), rng.uniform(south, north, n)),
        crs=4326,
        index=pd.Index(np.arange(100, 100 + n), name="sid"),
    )
    frame.loc[frame.index[::97], "population"] = np.nan
    return frame


@pytest.fixture(scope="module")
def on_disk(tmp_path_factory):
    """A partitioned GeoParquet (4 files) of settlements, and the same frame in memory."""
    frame = _settlements()
    folder = tmp_path_factory.mktemp("parts") / "settlements.parquet"
    folder.mkdir()
    for i, rows in enumerate(np.array_split(np.arange(len(frame)), 4)):  # one GeoParquet file per partition
        frame.iloc[rows].to_parquet(folder / f"part.{i}.parquet")
    return folder, frame


def test_results_on_dask_equal_the_in_memory_ones(client, on_disk, crossings, border):
    folder, frame = on_disk
    lazy_points = dask_geopandas.read_parquet(folder)
    assert lazy_points.npartitions == 4

    near = bk.nearest_crossing(lazy_points, crossings)
    dist = bk.distance_to_border(lazy_points, border)
    reach = bk.within(lazy_points, crossings, 50)
    summary = bk.summarise_by_crossing(lazy_points, crossings, within_km=50)
    for lazy in (near, dist, reach, summary):
        assert hasattr(lazy, "dask")  # lazy: nothing computed yet
    # Declared schemas, equal to the in-memory results' own.
    assert near.columns.tolist() == ["crossing_id", "distance_m", "bearing_deg"]
    assert near.dtypes.tolist() == bk.nearest_crossing(frame.iloc[:5], crossings).dtypes.tolist()
    assert dist.name == "distance_to_border_m"
    assert dist.dtype == "float64"
    assert reach.dtype == bool
    assert summary.columns.tolist() == bk.summarise_by_crossing(frame, crossings).columns.tolist()

    got_near, got_dist, got_reach, got_summary = client.compute([near, dist, reach, summary], sync=True)
    pd.testing.assert_frame_equal(got_near.sort_index(), bk.nearest_crossing(frame, crossings))
    pd.testing.assert_series_equal(got_dist.sort_index(), bk.distance_to_border(frame, border))
    pd.testing.assert_series_equal(got_reach.sort_index(), bk.within(frame, crossings, 50))
    expected = bk.summarise_by_crossing(frame, crossings, within_km=50)
    pd.testing.assert_frame_equal(got_summary, expected, check_exact=False, rtol=1e-12)


def test_empty_partitions_give_empty_pieces_of_the_right_schema(on_disk, crossings, border):
    folder, frame = on_disk
    lazy_points = dask_geopandas.read_parquet(folder)
    schema = frame.iloc[:0]
    # A filter that leaves some partitions empty (the frame's index runs partition by partition).
    kept = lazy_points.map_partitions(lambda part: part[part.index >= 2400], meta=schema)
    sizes = kept.map_partitions(len).compute().tolist()
    assert 0 in sizes
    assert sum(sizes) == 700
    near = bk.nearest_crossing(kept, crossings).compute(scheduler="sync")
    pd.testing.assert_frame_equal(near, bk.nearest_crossing(frame.loc[2400:], crossings))
    dist = bk.distance_to_border(kept, border).compute(scheduler="sync")
    pd.testing.assert_series_equal(dist, bk.distance_to_border(frame.loc[2400:], border))
    nothing = lazy_points.map_partitions(lambda part: part.iloc[:0], meta=schema)
    empty = bk.nearest_crossing(nothing, crossings).compute(scheduler="sync")
    assert empty.empty
    assert empty.dtypes.tolist() == bk.nearest_crossing(frame, crossings).dtypes.tolist()
