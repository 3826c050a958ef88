"""Geodesic helpers on the WGS84 ellipsoid (pyproj.Geod) and local equidistant projections."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from itertools import pairwise

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer

GEOD = Geod(ellps="WGS84")


def geodesic_length_m(geom: shapely.Geometry) -> float:
    """Return the geodesic length of a (multi)line in metres on the WGS84 ellipsoid."""
    return float(GEOD.geometry_length(geom))


@cache
def aeqd(lon: float, lat: float) -> CRS:
    """Return an azimuthal equidistant CRS (metres, WGS84) centred on ``(lon, lat)``.

    Distances from the centre are exact geodesic distances; other distances
    are off by a relative error of about ``(rho / R) ** 2 / 6`` at a
    distance ``rho`` from the centre (R = 6,371 km): 0.26 % at 800 km.
    """
    return CRS.from_proj4(f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs")


def transform(geom: shapely.Geometry, src: CRS | int | str, dst: CRS | int | str) -> shapely.Geometry:
    """Return ``geom`` with its coordinates transformed from ``src`` to ``dst`` (always x, y order)."""
    tr = Transformer.from_crs(src, dst, always_xy=True)

    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def nearest_point_on_line(line: shapely.Geometry, lon: float, lat: float) -> tuple[float, float, float]:
    """Return the point of ``line`` nearest to ``(lon, lat)`` and the geodesic distance to it.

    The search runs in an equidistant projection centred on the point, where
    the distance to every point of the line is its geodesic distance (up to
    the curvature of each straight segment between two vertices).

    Returns
    -------
    lon, lat : float
        The nearest point of the line (EPSG:4326).
    distance_m : float
        Geodesic distance from ``(lon, lat)`` to it, metres.
    """
    local = aeqd(lon, lat)
    projected = transform(line, 4326, local)
    near = projected.interpolate(projected.project(shapely.Point(0.0, 0.0)))
    nlon, nlat = Transformer.from_crs(local, 4326, always_xy=True).transform(near.x, near.y)
    _, _, dist = GEOD.inv(lon, lat, nlon, nlat)
    return float(nlon), float(nlat), float(dist)


_PARALLEL_MIN = 100_000  # below this, threads cost more than they save


@cache
def _pool() -> ThreadPoolExecutor:
    workers = max(1, min(8, os.cpu_count() or 1))
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="borderkit-geod")


def geod_inv(
    lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``GEOD.inv`` on arrays, split over threads for large inputs.

    pyproj releases the GIL inside ``Geod.inv``, so chunks run in parallel on
    the machine's cores. Returns forward azimuth (degrees), back azimuth
    (degrees) and distance (metres), as :meth:`pyproj.Geod.inv` does.
    """
    lon1, lat1, lon2, lat2 = (np.ascontiguousarray(a, dtype="float64") for a in (lon1, lat1, lon2, lat2))
    n = len(lon1)
    workers = _pool()._max_workers
    if n < _PARALLEL_MIN or workers == 1:
        return GEOD.inv(lon1, lat1, lon2, lat2)
    chunks = [slice(a, b) for a, b in pairwise(np.linspace(0, n, workers + 1).astype(int))]
    parts = list(_pool().map(lambda s: GEOD.inv(lon1[s], lat1[s], lon2[s], lat2[s]), chunks))
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))  # type: ignore[return-value]


# --------------------------------------------------------------------------- closed forms (numpy)

#: WGS84 semi-major axis (m), flattening and first eccentricity squared.
A_M = 6_378_137.0
FLATTENING = 1.0 / 298.257223563
E2 = FLATTENING * (2.0 - FLATTENING)


def ecef_m(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Earth-centred coordinates (metres, EPSG:4978) of points on the WGS84 ellipsoid, shape (n, 3).

    The closed form ``N = a / sqrt(1 - e2 sin^2 lat)``, ``(x, y, z) = (N cos lat cos lon, N cos lat
    sin lon, N (1 - e2) sin lat)``: the same numbers as pyproj's EPSG:4326 -> EPSG:4978 (to a few
    nanometres), without its per-call overhead.
    """
    lam = np.radians(np.asarray(lon, dtype="float64"))
    phi = np.radians(np.asarray(lat, dtype="float64"))
    out = np.empty((lam.size, 3))
    sphi = np.sin(phi)
    n_m = A_M / np.sqrt(1.0 - E2 * sphi * sphi)
    r = n_m * np.cos(phi)
    np.multiply(r, np.cos(lam), out=out[:, 0])
    np.multiply(r, np.sin(lam), out=out[:, 1])
    np.multiply(n_m * (1.0 - E2), sphi, out=out[:, 2])
    return out


#: Longest distance (m) up to which :func:`geodesic_from_chord_m` stays within
#: :data:`CHORD_GEODESIC_ERROR_M` of :meth:`pyproj.Geod.inv`.
CHORD_GEODESIC_MAX_M = 1_500_000.0
#: Error bound (m) of :func:`geodesic_from_chord_m` up to :data:`CHORD_GEODESIC_MAX_M` (0.19 m measured
#: at worst on 400,000 random pairs, tests/test_geodesy_closed_form.py).
CHORD_GEODESIC_ERROR_M = 0.3


def geodesic_from_chord_m(d: np.ndarray, mid: np.ndarray) -> np.ndarray:
    """Geodesic distance (m) between two points of the WGS84 ellipsoid from their chord.

    Parameters
    ----------
    d : numpy.ndarray, shape (n, 3)
        The chord vectors (second point minus first, ECEF metres).
    mid : numpy.ndarray, shape (n, 3)
        The chords' midpoints (ECEF metres).

    Notes
    -----
    A geodesic's curvature in space is the ellipsoid's normal curvature along
    it, ``1/R = cos^2(az)/M + sin^2(az)/N`` (Euler). Along one chord it varies
    by a relative ``~3 e2 dlat`` at most, almost linearly, so a circle of the
    radius ``R`` at the chord's midpoint, in the chord's direction, gives the
    arc: ``s = 2 R asin(c / 2R)``; the linear part of the variation cancels
    between the two halves, what is left is of order ``e2^2 c^5 / R^4`` plus
    the torsion's ``c^5 / R^4`` terms (measured: under a micrometre at
    100 km, 3 cm at 1,000 km, 0.19 m at 1,500 km). Here ``M`` and
    ``N`` are taken at the geodetic latitude of the point of the ellipsoid
    under the midpoint (``tan lat = z / ((1 - e2) p)``), and the azimuth from
    the chord's east component (the chord is parallel to the tangent there).

    Checked against :meth:`pyproj.Geod.inv` on random pairs over the whole
    ellipsoid (poles, dateline, equator) in ``tests/test_geodesy_closed_form.py``:
    within :data:`CHORD_GEODESIC_ERROR_M` for chords up to
    :data:`CHORD_GEODESIC_MAX_M`; callers measure longer chords with
    ``Geod.inv``.
    """
    mx, my, mz = mid[:, 0], mid[:, 1], mid[:, 2]
    rho2 = mx * mx + my * my
    k = (1.0 - E2) ** 2
    s2 = mz * mz / np.maximum(mz * mz + k * rho2, 1e-300)  # sin^2 of the geodetic latitude
    w2 = 1.0 - E2 * s2
    inv_n = np.sqrt(w2) / A_M
    inv_m = w2 * inv_n / (1.0 - E2)
    c2 = np.einsum("ij,ij->i", d, d)
    east2 = (d[:, 1] * mx - d[:, 0] * my) ** 2 / np.maximum(rho2, 1e-300)
    frac_east = np.where(c2 > 0, east2 / np.where(c2 > 0, c2, 1.0), 0.0)
    inv_r = inv_m + frac_east * (inv_n - inv_m)
    c = np.sqrt(c2)
    return 2.0 * np.arcsin(np.minimum(0.5 * c * inv_r, 1.0)) / inv_r


#: Bound (degrees) of :func:`azimuth_from_chord_deg` against :meth:`pyproj.Geod.inv`'s forward
#: azimuth, for chords up to :data:`CHORD_GEODESIC_MAX_M` with the first point off the poles.
CHORD_AZIMUTH_ERROR_DEG = 2e-4
#: Rounding of :func:`azimuth_from_chord_deg` (metres across the line of sight; matters below ~1 m).
CHORD_AZIMUTH_ROUNDING_M = 1e-8


def azimuth_from_chord_deg(d: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Forward geodesic azimuth (degrees clockwise from north, 0-360) from ``p`` along chord ``d``.

    Parameters
    ----------
    d : numpy.ndarray, shape (n, 3)
        Chord vectors from the first point to the second (ECEF metres).
    p : numpy.ndarray, shape (n, 3)
        The first points, on the ellipsoid (ECEF metres).

    Notes
    -----
    The chord's direction in the tangent plane at ``p`` is the azimuth of the
    normal section through both points; the geodesic leaves ``p`` at an angle
    to it whose leading term is ``-(e'^2 / 12) (s / N)^2 cos^2(lat) sin(2 az)``
    (``e'^2 = e2 / (1 - e2)``, ``N`` the prime-vertical radius at ``p``),
    which is added. What is left grows as ``s^3``: within
    :data:`CHORD_AZIMUTH_ERROR_DEG` (about 2 m across the line of sight at
    1,500 km) up to :data:`CHORD_GEODESIC_MAX_M`, plus the rounding of the
    ECEF coordinates, :data:`CHORD_AZIMUTH_ROUNDING_M` across the line of
    sight (1e-6 degrees at 1 m); checked against :meth:`pyproj.Geod.inv` in
    ``tests/test_geodesy_closed_form.py``. At the
    poles (``p`` on the axis) the azimuth is undefined here; callers use
    ``Geod.inv`` there.
    """
    x, y = p[:, 0], p[:, 1]
    gz = p[:, 2] / (1.0 - E2)  # the ellipsoid's normal at p is along (x, y, gz)
    rho2 = x * x + y * y
    g2 = rho2 + gz * gz
    east = (x * d[:, 1] - y * d[:, 0]) * np.sqrt(g2)  # both scaled by rho |g| > 0
    north = rho2 * d[:, 2] - gz * (x * d[:, 0] + y * d[:, 1])
    az = np.arctan2(east, north)
    # sin(2 az) = 2 e n / (e^2 + n^2); (s / N)^2 cos^2(lat) with s ~ |d| and 1/N^2 = (1 - e2 sin^2) / a^2
    h2 = east * east + north * north
    c2 = np.einsum("ij,ij->i", d, d)
    scale = (E2 / (1.0 - E2) / 6.0 / (A_M * A_M)) * c2 * (rho2 + (1.0 - E2) * gz * gz) / (g2 * g2)
    az -= np.where(h2 > 0, scale * rho2 * east * north / np.where(h2 > 0, h2, 1.0), 0.0)
    return wrap_deg(np.degrees(az, out=az))


def wrap_deg(angle: np.ndarray) -> np.ndarray:
    """Return angles given in [-360, 360) degrees in [0, 360), in place when ``angle`` is an array.

    (``np.mod`` is slower, and gives 360.0 for tiny negative angles too.)
    """
    angle = np.asarray(angle, dtype="float64")
    np.add(angle, 360.0, out=angle, where=angle < 0.0)
    angle[angle >= 360.0] = 0.0
    return angle


def lonlat_of(xyz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and geodetic latitude (degrees) of ECEF points at or near the ellipsoid (Bowring).

    One Bowring iteration: within 1e-9 degrees for points within a few
    kilometres of the surface, enough to locate a foot for ``Geod.inv``.
    """
    x, y, z = xyz[:, 0], xyz[:, 1], xyz[:, 2]
    b_m = A_M * (1.0 - FLATTENING)
    ep2 = E2 / (1.0 - E2)
    p = np.hypot(x, y)
    theta = np.arctan2(z * A_M, p * b_m)
    lat = np.arctan2(z + ep2 * b_m * np.sin(theta) ** 3, p - E2 * A_M * np.cos(theta) ** 3)
    return np.degrees(np.arctan2(y, x)), np.degrees(lat)
