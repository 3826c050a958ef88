"""Which line each crossing is measured against, and the measuring.

A crossings row names its border (``border``, e.g. ``AFG-PAK``); each row is
measured against the bundled line of its own border, or against a line the
caller gives. The bundled file's rows carry the distance measured at build
time, so :mod:`borderkit.geo.crossings` loads them without building a line or
importing scipy (see :func:`distances`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import shapely

from ..errors import DataReadError, SchemaError
from ._points import Table
from ._points import text as _text
from ._validate import require_line

#: The border of a crossings row that has no ``border`` column.
DEFAULT_BORDER = "AFG-PAK"
#: Column of the bundled file holding each row's distance to its own border line, measured at build time.
STORED_DISTANCE = "distance_to_border_m"


def border_distances_m(line: shapely.Geometry, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Return the geodesic distance in metres from each ``(lon, lat)`` point to ``line``.

    Vectorised (see :func:`borderkit.geo.proximity.distance_to_line_m`: the
    line densified every 200 m along geodesics, the nearest segment found
    with a k-d tree, the distance measured with pyproj.Geod); NaN where a
    coordinate is NaN.

    Parameters
    ----------
    line : shapely.LineString or shapely.MultiLineString
        The border line, EPSG:4326.
    lon, lat : numpy.ndarray
        Point coordinates, degrees.

    Returns
    -------
    numpy.ndarray
        Distances in metres.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    out = np.full(len(lon), np.nan)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if ok.any():
        from .proximity import distance_to_line_m  # scipy: imported only when points are measured

        out[ok] = distance_to_line_m(lon[ok], lat[ok], line)
    return out


def border_pair(value: str, *, what: str) -> str:
    """Return a border name as its ISO3 pair in alphabetical order, e.g. ``"AFG-PAK"``."""
    codes = [c.strip().upper() for c in str(value).split("-")]
    if len(codes) != 2 or not all(re.fullmatch(r"[A-Z]{3}", c) for c in codes) or codes[0] == codes[1]:
        msg = (
            f"{what}={value!r} is not a border; name it by the ISO 3166-1 alpha-3 codes of its two "
            "countries, e.g. 'AFG-PAK' or 'AFG-IRN'"
        )
        raise SchemaError(msg)
    return "-".join(sorted(codes))


def line_of_pair(pair: str) -> shapely.Geometry | None:
    """Return the bundled line of border ``pair``, or None when borderkit bundles no outline for it."""
    from .border import load_border

    try:
        return require_line(load_border(tuple(pair.split("-"))))
    except (SchemaError, DataReadError, KeyError, ValueError):
        return None


def check_swapped(table: Table, dist: np.ndarray, line: shapely.Geometry, limit_m: float) -> None:
    """Fail if no point is near the line but most would be with lat and lon exchanged."""
    if table.swap_hint is None or len(dist) == 0 or np.any(dist <= limit_m):
        return
    if np.any(np.abs(table.lon) > 90):
        return  # exchanged, these would be no latitudes
    swapped = border_distances_m(line, table.lat, table.lon)
    near = int(np.sum(swapped <= limit_m))
    if near > len(dist) / 2:
        msg = (
            f"{table.where}: latitude and longitude look swapped: none of the {len(dist)} points lies "
            f"within {limit_m / 1000:g} km of the border line (nearest {dist.min() / 1000:,.0f} km), but "
            f"with lat and lon exchanged {near} of them do. Check the coordinates: {table.swap_hint}"
        )
        raise SchemaError(msg)


def pairs(table: Table) -> np.ndarray:
    """Return each row's border as its ISO3 pair (``DEFAULT_BORDER`` for a table without the column)."""
    if "border" in table.frame.columns:
        return _text(table.frame["border"]).to_numpy(dtype=object)
    return np.full(len(table.frame), DEFAULT_BORDER, dtype=object)


def distances(
    table: Table, *, line: shapely.Geometry | None, stored: bool
) -> tuple[np.ndarray, list[tuple[np.ndarray, shapely.Geometry]], list[str]]:
    """Measure each row against its line.

    ``line`` (the caller's) measures every row. Without it each row is measured
    against the bundled line of its own ``border`` (rows of a border whose
    outlines borderkit does not bundle stay NaN); with ``stored`` a row's
    ``distance_to_border_m`` (the bundled file's, measured by
    ``scripts/build_crossings.py`` against the same lines, and checked against
    them by the tests) is taken as it is, and only rows without one are measured.

    Returns
    -------
    tuple
        The distances in metres; the ``(rows, line)`` groups measured here (for
        the swapped-coordinates check); the borders without a bundled line.
    """
    n = len(table.frame)
    lon = np.asarray(table.lon, dtype=float)
    lat = np.asarray(table.lat, dtype=float)
    if line is not None:
        return border_distances_m(line, lon, lat), [(np.ones(n, dtype=bool), line)], []
    dist = np.full(n, np.nan)
    if stored and STORED_DISTANCE in table.frame.columns:
        dist = pd.to_numeric(table.frame[STORED_DISTANCE], errors="coerce").to_numpy(dtype=float, copy=True)
    todo = ~np.isfinite(dist) & np.isfinite(lon) & np.isfinite(lat)
    row_pairs = pairs(table)
    groups: list[tuple[np.ndarray, shapely.Geometry]] = []
    unmeasured: list[str] = []
    for pair in dict.fromkeys(row_pairs[todo]):
        rows = todo & (row_pairs == pair)
        pair_line = line_of_pair(str(pair))
        if pair_line is None:
            unmeasured.append(str(pair))
            continue
        dist[rows] = border_distances_m(pair_line, lon[rows], lat[rows])
        groups.append((rows, pair_line))
    return dist, groups, unmeasured
