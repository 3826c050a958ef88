"""distance_to_border against an independent dense reference, at thousands of points from 10 m to 50 km.

The reference never uses borderkit's search: the line near each point is
densified along geodesics every 5 m and put in the azimuthal equidistant
projection centred on that point (polar coordinates = geodesic azimuth and
distance from the point, as pyproj.Geod gives them), where the distance from
the origin to the polyline is the geodesic distance to the line.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Geod
from scipy.spatial import cKDTree

import borderkit as bk

GEOD = Geod(ellps="WGS84")
STEP_M = 5.0


@pytest.fixture(scope="module")
def dense_line():
    """The bundled border densified along geodesics every 5 m (lon, lat)."""
    c = np.asarray(bk.load_border().geometry.iloc[0].coords)[:, :2]
    _, _, seg = GEOD.inv(c[:-1, 0], c[:-1, 1], c[1:, 0], c[1:, 1])
    pieces = []
    for i, d in enumerate(seg):
        pieces.append(c[i : i + 1])
        n = int(d // STEP_M)
        if n:
            pieces.append(np.asarray(GEOD.npts(c[i, 0], c[i, 1], c[i + 1, 0], c[i + 1, 1], n)))
    pieces.append(c[-1:])
    return np.concatenate(pieces)


def _points_near(dense, n, seed):
    """n points pushed perpendicular off the line by 10 m - 50 km (log-uniform); returns lon, lat, offset."""
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(dense) - 1, n)
    az, _, _ = GEOD.inv(dense[i, 0], dense[i, 1], dense[i + 1, 0], dense[i + 1, 1])
    side = rng.choice([-90.0, 90.0], n)
    offset = np.exp(rng.uniform(np.log(10.0), np.log(50_000.0), n))
    lon, lat, _ = GEOD.fwd(dense[i, 0], dense[i, 1], az + side, offset)
    return lon, lat, offset


def _reference_m(dense, tree, lon, lat, radius_m):
    """Distance from (lon, lat) to the dense polyline within radius_m, in the AEQD centred on the point."""
    r_deg = radius_m / (111_000.0 * np.cos(np.radians(lat))) + 0.001
    near = np.sort(np.asarray(tree.query_ball_point([lon, lat], r_deg), dtype=int))
    az, _, dist = GEOD.inv(np.full(len(near), lon), np.full(len(near), lat), dense[near, 0], dense[near, 1])
    x, y = dist * np.sin(np.radians(az)), dist * np.cos(np.radians(az))
    best = dist.min()
    joined = np.nonzero(np.diff(near) == 1)[0]  # consecutive vertices: a 5 m segment of the line
    ax, ay, bx, by = x[joined], y[joined], x[joined + 1], y[joined + 1]
    ex, ey = bx - ax, by - ay
    t = np.clip(-(ax * ex + ay * ey) / np.maximum(ex * ex + ey * ey, 1e-12), 0.0, 1.0)
    if len(joined):
        best = min(best, np.hypot(ax + t * ex, ay + t * ey).min())
    return best


def test_distance_to_border_within_a_tenth_of_a_percent_and_a_metre(dense_line):
    lon, lat, offset = _points_near(dense_line, 2000, seed=11)
    tree = cKDTree(dense_line)
    points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=4326)
    got = bk.distance_to_border(points, bk.load_border()).to_numpy()
    ref = np.array(
        [
            _reference_m(dense_line, tree, x, y, off * 1.02 + 50.0)
            for x, y, off in zip(lon, lat, offset, strict=True)
        ]
    )
    assert (ref <= offset + 0.01).all()  # the window held the point's own foot
    err = np.abs(got - ref)
    assert err.max() <= 1.0, f"worst {err.max():.3f} m at {ref[err.argmax()]:.1f} m"
    rel = err / ref
    assert rel.max() <= 1e-3, f"worst {100 * rel.max():.4f} % at {ref[rel.argmax()]:.1f} m"
    assert (ref < 100).sum() > 100
    assert (ref > 10_000).sum() > 100
