"""Proximity: exact geodesic nearest crossing, distance to the border, reach, summaries."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod

import borderkit as bk
from borderkit.errors import CRSError, EmptyDataError, SchemaError, SuspectCoordinatesWarning
from borderkit.geo.geodesy import CHORD_AZIMUTH_ERROR_DEG, CHORD_GEODESIC_ERROR_M

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def crossings():
    return bk.load_crossings()


@pytest.fixture(scope="module")
def border():
    return bk.load_border()


def random_points(n, seed=1, index=None):
    rng = np.random.default_rng(seed)
    west, south, east, north = bk.load_countries().total_bounds
    lon, lat = rng.uniform(west, east, n), rng.uniform(south, north, n)
    return gpd.GeoDataFrame(
        {"name": [f"p{i}" for i in range(n)]}, geometry=gpd.points_from_xy(lon, lat), crs=4326, index=index
    )


def brute_force(points, crossings):
    lon, lat = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    az, dist = [], []
    for c in crossings.geometry:
        a, _, d = GEOD.inv(lon, lat, np.full_like(lon, c.x), np.full_like(lat, c.y))
        az.append(a)
        dist.append(d)
    az, dist = np.stack(az, 1), np.stack(dist, 1)
    j = dist.argmin(1)
    rows = np.arange(len(lon))
    return crossings.crossing_id.to_numpy()[j], dist[rows, j], np.mod(az[rows, j], 360)


def test_nearest_crossing_equals_brute_force(crossings):
    points = random_points(50_000)
    got = bk.nearest_crossing(points, crossings)
    ids, dist, bearing = brute_force(points, crossings)
    assert (got.crossing_id.to_numpy() == ids).all()
    # Distances and bearings from the chord's closed forms, within their proven bounds (issue 13: 1 m).
    assert np.abs(got.distance_m.to_numpy() - dist).max() <= CHORD_GEODESIC_ERROR_M
    turn = np.abs((got.bearing_deg.to_numpy() - bearing + 180.0) % 360.0 - 180.0)
    assert turn.max() <= CHORD_AZIMUTH_ERROR_DEG
    assert ((got.bearing_deg >= 0) & (got.bearing_deg < 360)).all()
    assert got.columns.tolist() == ["crossing_id", "distance_m", "bearing_deg"]


def test_nearest_crossing_with_many_targets_and_ties():
    """More targets than the direct path handles (k-d tree), and exact ties, still brute-force exact."""
    rng = np.random.default_rng(3)
    many = gpd.GeoDataFrame(
        {"crossing_id": [f"c{i}" for i in range(40)]},
        geometry=gpd.points_from_xy(rng.uniform(61, 74, 40), rng.uniform(25, 37, 40)),
        crs=4326,
    )
    points = random_points(20_000, seed=4)
    got = bk.nearest_crossing(points, many)
    ids, dist, _ = brute_force(points, many)
    assert np.abs(got.distance_m.to_numpy() - dist).max() <= CHORD_GEODESIC_ERROR_M
    assert (got.crossing_id.to_numpy() == ids).mean() > 0.9999  # equal distances may name either
    # A point equidistant from two targets gets one of them, at the right distance.
    pair = gpd.GeoDataFrame(
        {"crossing_id": ["w", "e"]}, geometry=gpd.points_from_xy([70, 72], [30, 30]), crs=4326
    )
    mid = gpd.GeoSeries(gpd.points_from_xy([71.0], [30.0]), crs=4326)
    res = bk.nearest_crossing(mid, pair)
    assert res.distance_m.iloc[0] == pytest.approx(GEOD.inv(71, 30, 70, 30)[2])


def test_aligned_to_index_and_crs_independent(crossings):
    points = random_points(500, index=pd.Index(range(1000, 1500), name="pid"))
    got = bk.nearest_crossing(points, crossings)
    assert got.index.equals(points.index)
    in_utm = bk.nearest_crossing(points.to_crs(32642), crossings.to_crs(32642))
    assert (in_utm.crossing_id == got.crossing_id).all()
    assert np.allclose(in_utm.distance_m, got.distance_m, atol=1e-3)
    assert points.crs.to_epsg() == 4326  # input untouched


# The accuracy of distance_to_border is tested in tests/test_distance_accuracy.py.


def test_within_points_lines_polygons(crossings, border):
    torkham = crossings.set_index("crossing_id").geometry["torkham"]
    lon, lat, _ = GEOD.fwd([torkham.x] * 3, [torkham.y] * 3, [90, 90, 90], [9_000, 11_000, 30_000])
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    near_crossing = bk.within(points, crossings, 10)
    assert near_crossing.tolist() == [True, False, False]
    assert near_crossing.name == "within_10km"
    dist = bk.distance_to_border(points, border)
    assert bk.within(points, border, 25).tolist() == (dist <= 25_000).tolist()
    zone = bk.border_zone(border, 25, side="PAK")
    inside = bk.within(points, zone, 0)
    assert inside.tolist() == [bool(zone.geometry.iloc[0].contains(p)) for p in points.geometry]


def test_summarise_by_crossing_adds_up(crossings):
    rng = np.random.default_rng(9)
    settlements = random_points(3000, seed=9).assign(population=rng.integers(100, 50_000, 3000).astype(float))
    settlements.loc[settlements.index[:7], "population"] = np.nan
    summary = bk.summarise_by_crossing(settlements, crossings, within_km=50)
    assert summary.index.tolist() == crossings.crossing_id.tolist()
    assert summary.settlements.sum() == 3000
    assert summary.population.sum() == int(settlements.population.sum())
    assert summary.unknown_population.sum() == 7
    near = bk.nearest_crossing(settlements, crossings)
    reach = near.distance_m <= 50_000
    for cid, row in summary.iterrows():
        mine = near.crossing_id == cid
        assert row.settlements_within == int((mine & reach).sum())
        assert row.population_within == int(settlements.population[mine & reach].fillna(0).sum())
        assert row.median_distance_km == pytest.approx(near.distance_m[mine].median() / 1000)
    assert summary.loc["torkham", "name"] == "Torkham"


def test_bad_input_is_named(crossings):
    points = random_points(10)
    with pytest.raises(CRSError, match="no CRS"):
        bk.nearest_crossing(points.set_crs(None, allow_override=True), crossings)
    with pytest.raises(EmptyDataError):
        bk.nearest_crossing(points, crossings.iloc[:0])
    nan = points.copy()
    nan.loc[3, "geometry"] = shapely.Point(np.nan, 33.0)
    with pytest.raises(SchemaError, match=r"rows \[3\]"):
        bk.nearest_crossing(nan, crossings)
    lines = points.copy()
    lines.loc[2, "geometry"] = shapely.LineString([(70, 30), (71, 31)])
    with pytest.raises(SchemaError, match="must be points"):
        bk.distance_to_border(lines, bk.load_border())
    with pytest.raises(SchemaError, match="population"):
        bk.summarise_by_crossing(points, crossings)


def test_swapped_coordinates_warn(crossings):
    points = random_points(100)
    swapped = gpd.GeoDataFrame(geometry=gpd.points_from_xy(points.geometry.y, points.geometry.x), crs=4326)
    with pytest.warns(SuspectCoordinatesWarning, match="swapped"):
        result = bk.nearest_crossing(swapped, crossings)
    assert len(result) == 100  # computed as asked, nothing dropped


def test_empty_points_give_empty_results_of_the_right_schema(crossings, border):
    empty = random_points(3).iloc[:0]
    near = bk.nearest_crossing(empty, crossings)
    assert near.empty
    assert near.columns.tolist() == ["crossing_id", "distance_m", "bearing_deg"]
    assert near.dtypes.tolist() == bk.nearest_crossing(random_points(3), crossings).dtypes.tolist()
    dist = bk.distance_to_border(empty, border)
    assert dist.empty
    assert dist.name == "distance_to_border_m"
    assert dist.dtype == "float64"
    inside = bk.within(empty, crossings, 10)
    assert inside.empty
    assert inside.dtype == bool
