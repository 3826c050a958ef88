"""nearest_targets equals a brute-force pyproj.Geod search: both paths, ties, far, poles, dateline.

The search ranks by chord and measures with closed forms (borderkit.geo.geodesy);
its picks must be the brute-force geodesic picks (an exact tie may name either
target, at the same distance), its distances within CHORD_GEODESIC_ERROR_M and
its azimuths within CHORD_AZIMUTH_ERROR_DEG of Geod.inv's.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from borderkit.geo.geodesy import CHORD_AZIMUTH_ERROR_DEG, CHORD_AZIMUTH_ROUNDING_M, CHORD_GEODESIC_ERROR_M
from borderkit.geo.spatial_index import TargetIndex, nearest_targets, spatial_order

GEOD = Geod(ellps="WGS84")


def brute_force(lon, lat, tlon, tlat):
    """Every pair with Geod.inv: the distances (n, targets) and azimuths."""
    n, k = len(lon), len(tlon)
    az, _, dist = GEOD.inv(np.repeat(lon, k), np.repeat(lat, k), np.tile(tlon, n), np.tile(tlat, n))
    return dist.reshape(n, k), az.reshape(n, k)


def check(lon, lat, tlon, tlat):
    """Assert nearest_targets' answers against brute force; return the number of exact ties met."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    best, dist, az = nearest_targets(lon, lat, TargetIndex(tlon, tlat))
    ref_d, ref_az = brute_force(lon, lat, np.asarray(tlon, dtype=float), np.asarray(tlat, dtype=float))
    rows = np.arange(len(lon))
    least = ref_d.min(axis=1)
    # The pick is a geodesically nearest target: its true distance is the least one.
    assert np.abs(ref_d[rows, best] - least).max() <= 1e-6
    assert np.abs(dist - least).max() <= CHORD_GEODESIC_ERROR_M
    turn = np.abs((az - ref_az[rows, best] + 180.0) % 360.0 - 180.0)
    rounding = np.degrees(CHORD_AZIMUTH_ROUNDING_M / np.maximum(least, 1e-3))
    # At a target (distance ~0) the azimuth is undefined.
    far_enough = least > 1e-3
    assert (turn[far_enough] <= CHORD_AZIMUTH_ERROR_DEG + rounding[far_enough]).all()
    assert ((az >= 0.0) & (az < 360.0)).all()
    return int((best != ref_d.argmin(axis=1)).sum())


def region_points(n, seed):
    rng = np.random.default_rng(seed)
    return rng.uniform(60.0, 78.0, n), rng.uniform(23.0, 39.0, n)


@pytest.mark.parametrize("n_targets", [1, 2, 7, 64, 65, 300])
def test_direct_and_tree_paths_equal_brute_force(n_targets):
    """Up to TargetIndex.DIRECT_MAX targets every chord is computed; beyond, a k-d tree."""
    tlon, tlat = region_points(n_targets, seed=n_targets)
    lon, lat = region_points(4000, seed=100 + n_targets)
    assert check(lon, lat, tlon, tlat) == 0
    assert (TargetIndex(tlon, tlat).tree is None) == (n_targets <= TargetIndex.DIRECT_MAX)


@pytest.mark.parametrize("n_targets", [3, 200])
def test_exact_ties_pick_the_first_target_at_the_same_distance(n_targets):
    tlon, tlat = region_points(n_targets, seed=7)
    tlon, tlat = np.append(tlon, tlon[:2]), np.append(tlat, tlat[:2])  # two duplicated targets
    # Points on the equidistant line of two targets (geodesic midpoints) and at the duplicates.
    mid = GEOD.npts(tlon[0], tlat[0], tlon[1], tlat[1], 1)[0]
    lon, lat = region_points(2000, seed=8)
    lon = np.concatenate([lon, [mid[0], tlon[0], tlon[1]]])
    lat = np.concatenate([lat, [mid[1], tlat[0], tlat[1]]])
    check(lon, lat, tlon, tlat)
    best, dist, _ = nearest_targets(lon[-2:], lat[-2:], TargetIndex(tlon, tlat))
    assert best.tolist() == [0, 1]  # not the later duplicates
    assert dist.tolist() == [0.0, 0.0]


def test_far_points_poles_dateline_and_antipodes():
    """Beyond the closed forms' range (Geod.inv measures), at the poles, across the dateline."""
    tlon = np.array([179.95, -179.95, 0.0, 71.0, -120.0])
    tlat = np.array([10.0, 10.2, 89.9995, 34.0, -60.0])
    rng = np.random.default_rng(11)
    lon = np.concatenate([rng.uniform(-180, 180, 3000), [180.0, -180.0, 0.0, 33.0, -109.0, 60.0]])
    lat = np.concatenate(
        [np.degrees(np.arcsin(rng.uniform(-1, 1, 3000))), [10.1, 10.1, 90.0, -90.0, -34.0, 60.0]]
    )
    check(lon, lat, tlon, tlat)
    many_lon = np.concatenate([tlon, rng.uniform(-180, 180, 200)])
    many_lat = np.concatenate([tlat, np.degrees(np.arcsin(rng.uniform(-1, 1, 200)))])
    check(lon, lat, many_lon, many_lat)


def test_order_of_points_changes_nothing():
    tlon, tlat = region_points(150, seed=21)
    lon, lat = region_points(70_000, seed=22)  # more than one chunk, queried in Morton order
    index = TargetIndex(tlon, tlat)
    best, dist, az = nearest_targets(lon, lat, index)
    perm = np.random.default_rng(23).permutation(len(lon))
    best2, dist2, az2 = nearest_targets(lon[perm], lat[perm], index)
    assert (best2 == best[perm]).all()
    assert (dist2 == dist[perm]).all()
    assert (az2 == az[perm]).all()
    order = spatial_order(lon, lat)
    assert np.array_equal(np.sort(order), np.arange(len(lon)))


coordinates = st.tuples(st.floats(-180.0, 180.0, allow_nan=False), st.floats(-90.0, 90.0, allow_nan=False))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    targets=st.lists(coordinates, min_size=1, max_size=80),
    points=st.lists(coordinates, min_size=1, max_size=40),
)
def test_any_points_and_targets_on_the_globe(targets, points):
    tlon, tlat = np.array(targets).T
    lon, lat = np.array(points).T
    check(lon, lat, tlon, tlat)


def test_a_point_on_a_crossing_gets_geod_inv_bearing():
    """At (almost) zero distance the bearing is Geod.inv's, not one from a chord of rounding errors."""
    import geopandas as gpd

    import borderkit as bk
    from borderkit.geo.geodesy import GEOD

    crossings = bk.load_crossings()
    points = gpd.GeoDataFrame(geometry=crossings.geometry.values, crs=4326)
    near = bk.nearest_crossing(points, crossings)
    assert (near["crossing_id"].to_numpy() == crossings["crossing_id"].to_numpy()).all()
    assert (near["distance_m"].to_numpy() < 1e-6).all()
    x, y = crossings.geometry.x.to_numpy(), crossings.geometry.y.to_numpy()
    az, _, _ = GEOD.inv(x, y, x, y)
    np.testing.assert_allclose(near["bearing_deg"].to_numpy(), np.mod(az, 360.0))


def test_far_points_and_a_dense_cluster_of_many_targets():
    """Every target of a dense cluster within the ranking margin (a ball query on the tree): exact picks."""
    rng = np.random.default_rng(11)
    tlon = 70.0 + rng.uniform(0, 0.05, 300)  # 300 targets in ~5 km, far more than the 16 nearest
    tlat = 34.0 + rng.uniform(0, 0.05, 300)
    lon = rng.uniform(-10.0, 20.0, 200)  # points 4,000-7,000 km away: the margin is 1 %
    lat = rng.uniform(35.0, 60.0, 200)
    check(lon, lat, tlon, tlat)
