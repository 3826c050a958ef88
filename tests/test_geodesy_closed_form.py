"""The chord closed forms (ECEF, geodesic distance, azimuth) against pyproj, over the whole ellipsoid.

borderkit measures nearest crossings and distances to the border from the
chord between two points (see borderkit.geo.geodesy). These tests hold the
error bounds that the exactness of nearest_crossing and distance_to_border
rests on: pairs drawn over the whole ellipsoid (poles, dateline, equator),
log-uniform in distance from 1 cm to beyond the closed forms' range,
measured against pyproj.Geod.inv and pyproj's EPSG:4978 transformation.
"""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod, Transformer

from borderkit.geo.geodesy import (
    CHORD_AZIMUTH_ERROR_DEG,
    CHORD_AZIMUTH_ROUNDING_M,
    CHORD_GEODESIC_ERROR_M,
    CHORD_GEODESIC_MAX_M,
    azimuth_from_chord_deg,
    ecef_m,
    geodesic_from_chord_m,
    lonlat_of,
)

GEOD = Geod(ellps="WGS84")


def _pairs(n: int, seed: int, *, lat_max: float = 90.0, max_m: float = 2.5e6):
    """n pairs: the first point uniform on the globe, the second at a random azimuth, log-uniform distance."""
    rng = np.random.default_rng(seed)
    lon1 = rng.uniform(-180.0, 180.0, n)
    lat1 = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n) * np.sin(np.radians(lat_max))))
    dist = np.exp(rng.uniform(np.log(0.01), np.log(max_m), n))
    lon2, lat2, _ = GEOD.fwd(lon1, lat1, rng.uniform(0.0, 360.0, n), dist)
    return lon1, lat1, lon2, lat2


def test_ecef_equals_pyproj_and_inverts():
    lon1, lat1, _, _ = _pairs(50_000, seed=1)
    lon = np.concatenate([lon1, [0.0, 180.0, -180.0, 45.0, 45.0]])
    lat = np.concatenate([lat1, [0.0, 0.0, 0.0, 90.0, -90.0]])
    x, y, z = Transformer.from_crs(4326, 4978, always_xy=True).transform(lon, lat, np.zeros_like(lon))
    assert np.abs(ecef_m(lon, lat) - np.column_stack([x, y, z])).max() < 1e-6
    back_lon, back_lat = lonlat_of(ecef_m(lon1, lat1))
    assert np.abs((back_lon - lon1 + 180.0) % 360.0 - 180.0).max() < 1e-9
    assert np.abs(back_lat - lat1).max() < 1e-9


def test_geodesic_from_chord_within_its_bound():
    lon1, lat1, lon2, lat2 = _pairs(300_000, seed=2)
    p, q = ecef_m(lon1, lat1), ecef_m(lon2, lat2)
    got = geodesic_from_chord_m(q - p, 0.5 * (p + q))
    ref = GEOD.inv(lon1, lat1, lon2, lat2)[2]
    inside = ref <= CHORD_GEODESIC_MAX_M
    assert inside.sum() > 250_000  # the range is covered, down to 1 cm
    assert (ref < 1.0).sum() > 10_000
    err = np.abs(got - ref)[inside]
    assert err.max() <= CHORD_GEODESIC_ERROR_M, f"worst {err.max():.4f} m"
    # Near the end of the range, where the error is largest: many more pairs there.
    lon1, lat1, _, _ = _pairs(100_000, seed=3)
    rng = np.random.default_rng(3)
    dist = rng.uniform(0.8, 1.0, len(lon1)) * CHORD_GEODESIC_MAX_M
    lon2, lat2, _ = GEOD.fwd(lon1, lat1, rng.uniform(0.0, 360.0, len(lon1)), dist)
    p, q = ecef_m(lon1, lat1), ecef_m(lon2, lat2)
    err = np.abs(geodesic_from_chord_m(q - p, 0.5 * (p + q)) - GEOD.inv(lon1, lat1, lon2, lat2)[2])
    assert err.max() <= CHORD_GEODESIC_ERROR_M, f"worst {err.max():.4f} m"
    # Identical points: zero, not NaN.
    assert geodesic_from_chord_m(np.zeros((1, 3)), p[:1])[0] == 0.0


def test_azimuth_from_chord_within_its_bound():
    lon1, lat1, lon2, lat2 = _pairs(300_000, seed=4, lat_max=89.999, max_m=CHORD_GEODESIC_MAX_M)
    p, q = ecef_m(lon1, lat1), ecef_m(lon2, lat2)
    got = azimuth_from_chord_deg(q - p, p)
    ref, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    assert ((got >= 0.0) & (got < 360.0)).all()
    turn = np.abs((got - ref + 180.0) % 360.0 - 180.0)
    chord = np.linalg.norm(q - p, axis=1)
    bound = CHORD_AZIMUTH_ERROR_DEG + np.degrees(CHORD_AZIMUTH_ROUNDING_M / chord)
    worst = np.argmax(turn - bound)
    assert (turn <= bound).all(), f"{turn[worst]:.2e} deg at {dist[worst]:.1f} m, lat {lat1[worst]:.3f}"
    assert (dist > 1e6).sum() > 1000


@pytest.mark.parametrize("lat", [-89.9, -45.0, 0.0, 30.0, 89.9])
def test_closed_forms_across_the_dateline(lat):
    lon1 = np.array([179.9999, -179.9999, 179.5])
    lon2 = np.array([-179.9999, 179.9999, -178.0])
    lat1 = np.full(3, lat)
    lat2 = np.full(3, lat + (0.01 if lat < 89 else -0.01))
    p, q = ecef_m(lon1, lat1), ecef_m(lon2, lat2)
    ref_az, _, ref = GEOD.inv(lon1, lat1, lon2, lat2)
    assert np.abs(geodesic_from_chord_m(q - p, 0.5 * (p + q)) - ref).max() <= CHORD_GEODESIC_ERROR_M
    turn = np.abs((azimuth_from_chord_deg(q - p, p) - ref_az + 180.0) % 360.0 - 180.0)
    assert turn.max() <= CHORD_AZIMUTH_ERROR_DEG
