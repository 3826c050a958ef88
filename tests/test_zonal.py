"""population_by_distance_band: a real GeoTIFF read in windows, against cell-by-cell distances."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

import borderkit as bk
from borderkit.geo.zonal import population_by_distance_band


@pytest.fixture(scope="module")
def population_tif(tmp_path_factory) -> Path:
    """A 0.02-degree grid of random counts around Torkham, with nodata cells, as a GeoTIFF."""
    rng = np.random.default_rng(41)
    values = rng.integers(0, 500, (90, 120)).astype("float32")
    values[::7, ::5] = -9999.0  # nodata
    path = tmp_path_factory.mktemp("pop") / "pop.tif"
    profile = {
        "driver": "GTiff", "width": 120, "height": 90, "count": 1, "dtype": "float32",
        "crs": "EPSG:4326", "transform": from_origin(70.0, 35.2, 0.02, 0.02), "nodata": -9999.0,
    }  # fmt: skip
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values, 1)
    return path


def _cell_by_cell(path, border, crossings, bands):
    """Every valid cell as a point: distances with the in-memory functions, people summed per band."""
    with rasterio.open(path) as ds:
        values = ds.read(1, masked=True)
        rows, cols = np.nonzero(~values.mask & (values.filled(0) > 0))
        x, y = ds.xy(rows, cols)
        people = values.data[rows, cols].astype(float)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=4326)
    d_line = bk.distance_to_border(points, border).to_numpy()
    near = bk.nearest_crossing(points, crossings)
    out = {"border": [people[d_line <= b * 1000].sum() for b in bands]}
    for cid in crossings.crossing_id:
        mine = near.crossing_id.to_numpy() == cid
        out[cid] = [people[mine & (near.distance_m.to_numpy() <= b * 1000)].sum() for b in bands]
    return out


def test_bands_equal_the_cell_by_cell_sums_whatever_the_windows(population_tif):
    border, crossings = bk.load_border(), bk.load_crossings()
    bands = (10, 25, 50)
    expected = _cell_by_cell(population_tif, border, crossings, bands)
    small = population_by_distance_band(population_tif, border, crossings, bands_km=bands, window_cells=16)
    whole = population_by_distance_band(population_tif, border, crossings, bands_km=bands, window_cells=4096)
    assert small.columns.tolist() == ["within_10km", "within_25km", "within_50km"]
    assert small.index.tolist() == ["border", *crossings.crossing_id]
    for target, sums in expected.items():
        assert small.loc[target].tolist() == pytest.approx(sums, rel=1e-12)
    assert np.allclose(small.to_numpy(), whole.to_numpy(), rtol=1e-12)
    assert small.attrs["cells_read"] == 90 * 120
    assert small.loc["border", "within_50km"] > small.loc["border", "within_10km"] > 0
    assert small.loc["torkham", "within_10km"] > 0  # the grid surrounds Torkham


def test_bad_bands_and_empty_rasters_are_named(population_tif, tmp_path):
    border, crossings = bk.load_border(), bk.load_crossings()
    with pytest.raises(ValueError, match="bands_km"):
        population_by_distance_band(population_tif, border, crossings, bands_km=(10, -5))
    empty = tmp_path / "empty.tif"
    profile = {
        "driver": "GTiff", "width": 4, "height": 4, "count": 1, "dtype": "float32",
        "crs": "EPSG:4326", "transform": from_origin(70.0, 35.0, 0.1, 0.1), "nodata": -1.0,
    }  # fmt: skip
    with rasterio.open(empty, "w", **profile) as dst:
        dst.write(np.full((4, 4), -1.0, dtype="float32"), 1)
    with pytest.raises(bk.errors.NoOverlapError, match="no valid cell"):
        population_by_distance_band(empty, border, crossings)
