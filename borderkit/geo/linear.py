"""Linear referencing on a line in EPSG:4326: snap points to it, chainage along it, cut it.

Every function works on all points at once, in time proportional to the
number of points plus the number of the line's vertices (no re-projection
of the whole line per point), so splitting the border at 1,000 crossings
takes a fraction of a second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import shapely

from .geodesy import GEOD, ecef_m
from .spatial_index import line_index

if TYPE_CHECKING:
    from numpy.typing import ArrayLike


def snap_to_line(
    line: shapely.LineString, lon: np.ndarray, lat: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the point of ``line`` nearest to each ``(lon, lat)`` and the geodesic distance to it.

    As :func:`borderkit.geo.geodesy.nearest_point_on_line` does, the search
    runs in the azimuthal equidistant projection centred on each point
    (there, the distance from the centre to any point of the line is its
    geodesic distance), but only over the segments of the line that can
    hold the nearest point: those around the segment that holds the nearest
    point of the line densified along geodesics (or, where that search was
    not provably complete, every segment with an end within the point's
    distance to the line plus half the longest segment). The projection is
    computed with :meth:`pyproj.Geod.inv` (azimuth and distance from the
    centre) and inverted with :meth:`pyproj.Geod.fwd`, for all points at once.

    Returns
    -------
    lon, lat : numpy.ndarray
        The nearest points of the line.
    distance_m : numpy.ndarray
        Geodesic distance from each point to its nearest point, metres.
    segment : numpy.ndarray
        Index of the line's segment (vertex ``i`` to ``i + 1``) holding it.
    """
    lon = np.atleast_1d(np.asarray(lon, dtype="float64"))
    lat = np.atleast_1d(np.asarray(lat, dtype="float64"))
    coords = np.asarray(line.coords)[:, :2]
    if len(coords) < 2:
        coords = np.vstack([coords, coords])
    last_seg = len(coords) - 2
    # Candidates: the segments around the one holding the nearest point of the densified line; where
    # that search was not provably complete, every segment with an end within reach.
    index = line_index(line, 200.0)
    dense_seg, complete = index.nearest_segment(lon, lat)
    base = index.origin[dense_seg]
    owner = np.repeat(np.arange(len(lon)), 5)
    seg = np.clip(np.repeat(base, 5) + np.tile(np.arange(-2, 3), len(lon)), 0, last_seg)
    if not complete.all():
        vertex_xyz = ecef_m(coords[:, 0], coords[:, 1])
        half_max_m = float(np.sqrt((np.diff(vertex_xyz, axis=0) ** 2).sum(axis=1)).max()) / 2.0
        from scipy.spatial import cKDTree  # only when the first search was not provably complete

        tree = cKDTree(vertex_xyz, balanced_tree=False, compact_nodes=False)
        todo = np.nonzero(~complete)[0]
        reach = index.distance_m(lon[todo], lat[todo]) * 1.01 + half_max_m + 10.0
        near = tree.query_ball_point(ecef_m(lon[todo], lat[todo]), reach)
        extra_owner = np.repeat(todo, [len(v) for v in near])
        vert = np.concatenate([np.asarray(v, dtype=np.intp) for v in near])
        owner = np.concatenate([owner, extra_owner, extra_owner])
        seg = np.concatenate([seg, np.clip(vert - 1, 0, last_seg), np.clip(vert, 0, last_seg)])
    key = np.unique(owner * (last_seg + 1) + seg)
    owner, seg = key // (last_seg + 1), key % (last_seg + 1)
    plon, plat = lon[owner], lat[owner]
    az_a, _, d_a = GEOD.inv(plon, plat, coords[seg, 0], coords[seg, 1])
    az_b, _, d_b = GEOD.inv(plon, plat, coords[seg + 1, 0], coords[seg + 1, 1])
    ax, ay = d_a * np.sin(np.radians(az_a)), d_a * np.cos(np.radians(az_a))
    ex, ey = d_b * np.sin(np.radians(az_b)) - ax, d_b * np.cos(np.radians(az_b)) - ay
    len2 = ex * ex + ey * ey
    t = np.clip(-(ax * ex + ay * ey) / np.where(len2 > 0, len2, 1.0), 0.0, 1.0)
    fx, fy = ax + t * ex, ay + t * ey
    order = np.lexsort((np.hypot(fx, fy), owner))
    first = order[np.unique(owner[order], return_index=True)[1]]
    flon, flat, _ = GEOD.fwd(
        lon, lat, np.degrees(np.arctan2(fx[first], fy[first])), np.hypot(fx[first], fy[first])
    )
    flon, flat = np.atleast_1d(flon), np.atleast_1d(flat)
    return flon, flat, np.atleast_1d(GEOD.inv(lon, lat, flon, flat)[2]), seg[first]


class LinearReference:
    """Positions along one LineString (EPSG:4326): planar (as shapely measures) and geodesic.

    Parameters
    ----------
    line : shapely.LineString
        The line; each segment between two vertices is read as a geodesic
        for lengths.
    """

    def __init__(self, line: shapely.LineString) -> None:
        self.coords = np.asarray(line.coords)[:, :2]
        step = np.diff(self.coords, axis=0)
        self.planar_len = np.hypot(step[:, 0], step[:, 1])
        self.planar_cum = np.concatenate([[0.0], np.cumsum(self.planar_len)])
        c = self.coords
        _, _, seg_m = GEOD.inv(c[:-1, 0], c[:-1, 1], c[1:, 0], c[1:, 1])
        self.geod_cum = np.concatenate([[0.0], np.cumsum(np.atleast_1d(seg_m))])
        self.line = line

    def locate(self, lon: np.ndarray, lat: np.ndarray, segment: np.ndarray) -> np.ndarray:
        """Return the planar position along the line (degrees, as ``line.project``) of points on it.

        Each point lies on (or within centimetres of) the line, on or next to
        segment ``segment``: its planar projection is sought on that segment
        and its two neighbours.
        """
        pt = np.column_stack([lon, lat])
        last = len(self.planar_len) - 1
        best_d = np.full(len(pt), np.inf)
        best_pos = np.zeros(len(pt))
        for shift in (0, -1, 1):
            i = np.clip(np.asarray(segment) + shift, 0, last)
            a, ab = self.coords[i], self.coords[i + 1] - self.coords[i]
            len2 = (ab * ab).sum(axis=1)
            t = np.clip(((pt - a) * ab).sum(axis=1) / np.where(len2 > 0, len2, 1.0), 0.0, 1.0)
            d = np.hypot(*(a + t[:, None] * ab - pt).T)
            better = d < best_d
            best_d[better] = d[better]
            best_pos[better] = (self.planar_cum[i] + t * self.planar_len[i])[better]
        return best_pos

    def _point_at(self, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the segment index and the point (n, 2) at planar positions ``pos``."""
        pos = np.clip(np.asarray(pos, dtype="float64"), 0.0, self.planar_cum[-1])
        i = np.clip(np.searchsorted(self.planar_cum, pos, side="right") - 1, 0, len(self.planar_len) - 1)
        seg = self.planar_len[i]
        t = np.where(seg > 0, (pos - self.planar_cum[i]) / np.where(seg > 0, seg, 1.0), 0.0)
        pts = self.coords[i] + t[:, None] * (self.coords[i + 1] - self.coords[i])
        return i, pts

    def chainage_m(self, pos: np.ndarray) -> np.ndarray:
        """Return the geodesic distance along the line from its start to each planar position, metres."""
        i, pts = self._point_at(pos)
        _, _, head = GEOD.inv(self.coords[i, 0], self.coords[i, 1], pts[:, 0], pts[:, 1])
        return self.geod_cum[i] + np.atleast_1d(head)

    def cut(self, starts: ArrayLike, ends: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Return the pieces of line between planar positions and their geodesic lengths (metres).

        As :func:`shapely.ops.substring`: the point at each start, every
        vertex strictly between, the point at the end; equal positions give
        a zero-length piece (a line with two equal points). A piece's length
        is the difference of the chainages of its ends.
        """
        start_pos, end_pos = np.asarray(starts, dtype="float64"), np.asarray(ends, dtype="float64")
        _, p0 = self._point_at(start_pos)
        _, p1 = self._point_at(end_pos)
        lo = np.searchsorted(self.planar_cum, start_pos, side="right")
        hi = np.searchsorted(self.planar_cum, end_pos, side="left")
        inner = np.where(end_pos > start_pos, np.maximum(hi - lo, 0), 0)
        sizes = inner + 2
        coords = np.empty((int(sizes.sum()), 2))
        head = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        coords[head] = p0
        coords[head + sizes - 1] = p1
        piece = np.repeat(np.arange(len(start_pos)), inner)
        offset = np.arange(len(piece)) - np.repeat(np.cumsum(inner) - inner, inner)
        coords[np.repeat(head + 1, inner) + offset] = self.coords[np.repeat(lo, inner) + offset]
        geoms = shapely.linestrings(coords, indices=np.repeat(np.arange(len(start_pos)), sizes))
        lengths = np.maximum(self.chainage_m(end_pos) - self.chainage_m(start_pos), 0.0)
        return geoms, lengths
