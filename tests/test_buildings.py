"""Building footprints (Open Buildings and Overture schemas) as points, eager and lazy."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import borderkit as bk
from borderkit.errors import DataReadError, DroppedRowsWarning, SchemaError
from borderkit.geo.buildings import load_buildings

pytestmark = pytest.mark.filterwarnings(
    "ignore:The inplace keyword in GeoDataFrame:pandas.errors.Pandas4Warning",
    "ignore:The inplace keyword in DataFrame:pandas.errors.Pandas4Warning",
)


def _footprints(n, seed):
    """n square footprints of 8-30 m near Torkham, in lon/lat."""
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(70.9, 71.3, n), rng.uniform(34.0, 34.3, n)
    half = rng.uniform(4, 15, n) / 111_000
    return [shapely.box(x - h, y - h, x + h, y + h) for x, y, h in zip(lon, lat, half, strict=True)]


@pytest.fixture
def open_buildings(tmp_path):
    folder = tmp_path / "open_buildings"
    folder.mkdir()
    for i in range(3):
        polys = _footprints(50, seed=i)
        gpd.GeoDataFrame(
            {
                "full_plus_code": [f"8J{i:02d}{k:04d}+XX" for k in range(50)],
                "area_in_meters": [abs(bk.geo.geodesy.GEOD.geometry_area_perimeter(p)[0]) for p in polys],
                "confidence": np.linspace(0.65, 0.95, 50),
            },
            geometry=polys,
            crs=4326,
            index=pd.RangeIndex(50 * i, 50 * (i + 1)),
        ).to_parquet(folder / f"tile{i}.parquet")
    return folder


def test_open_buildings_become_centroids_with_their_columns(open_buildings):
    got = load_buildings(open_buildings)
    raw = gpd.read_parquet(open_buildings)
    assert len(got) == 150
    assert got.columns.tolist() == ["building_id", "area_m2", "confidence", "geometry"]
    assert got.crs.to_epsg() == 4326
    assert got.building_id.tolist() == raw.full_plus_code.tolist()
    assert np.allclose(
        shapely.get_coordinates(got.geometry.values),
        shapely.get_coordinates(shapely.centroid(raw.geometry.values)),
    )
    assert got.area_m2.tolist() == raw.area_in_meters.tolist()


def test_lazy_equals_eager_and_feeds_the_point_analyses(open_buildings):
    eager = load_buildings(open_buildings)
    lazy = load_buildings(open_buildings, lazy=True)
    assert lazy.npartitions == 3
    pd.testing.assert_frame_equal(
        pd.DataFrame(lazy.compute(scheduler="sync")).sort_index(), pd.DataFrame(eager), check_dtype=True
    )
    near = bk.nearest_crossing(lazy, bk.load_crossings()).compute(scheduler="sync").sort_index()
    pd.testing.assert_frame_equal(near, bk.nearest_crossing(eager, bk.load_crossings()))
    assert (near.crossing_id == "torkham").all()


def test_overture_ids_other_crs_and_bad_rows(tmp_path):
    polys = _footprints(20, seed=9)
    frame = gpd.GeoDataFrame({"id": [f"08b{k:012x}" for k in range(20)]}, geometry=polys, crs=4326).to_crs(
        32642
    )
    frame.loc[3, "geometry"] = None
    path = tmp_path / "overture.parquet"
    frame.to_parquet(path)
    with pytest.warns(DroppedRowsWarning, match=r"dropped 1 building\(s\) without geometry \(rows \[3\]\)"):
        got = load_buildings(path)
    assert got.columns.tolist() == ["building_id", "geometry"]
    assert len(got) == 19
    assert got.building_id.iloc[0] == "08b000000000000"
    expected = shapely.centroid(np.delete(np.asarray(polys, dtype=object), 3))
    # Reprojected to UTM and back: the centroids agree to well under a centimetre.
    assert np.allclose(
        shapely.get_coordinates(got.geometry.values), shapely.get_coordinates(expected), atol=1e-7
    )
    lines = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.LineString([(70, 34), (71, 34)])], crs=4326)
    lines.to_parquet(tmp_path / "lines.parquet")
    with pytest.raises(SchemaError, match="must be polygons"):
        load_buildings(tmp_path / "lines.parquet")
    with pytest.raises(DataReadError, match="does not exist"):
        load_buildings(tmp_path / "missing.parquet")
