"""The border line shared by two countries."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString

from ..errors import SchemaError
from .countries import load_countries
from .geodesy import GEOD, geodesic_length_m

# Names of borders known to the bundle; others are called "<A>-<B> border".
BORDER_NAMES = {
    frozenset({"AFG", "PAK"}): "Durand Line",
    frozenset({"AFG", "IRN"}): "Afghanistan-Iran border",
}
# What each border bundled is, for labels: the Durand Line is the de facto boundary, which
# Afghanistan does not recognise; the Afghanistan-Iran border is recognised by both sides.
# Other borders get no status claim.
BORDER_STATUS = {
    frozenset({"AFG", "PAK"}): "de facto boundary, not recognised by Afghanistan",
    frozenset({"AFG", "IRN"}): "international boundary",
}
# Names of the ends (north, south) of borders known to the bundle; checked by
# scripts/build_data.py against the neighbours' outlines.
BORDER_ENDS = {
    frozenset({"AFG", "PAK"}): ("tripoint with China", "tripoint with Iran"),
    frozenset({"AFG", "IRN"}): ("tripoint with Turkmenistan", "tripoint with Pakistan"),
}


def _line_parts(geom: shapely.Geometry) -> list[LineString]:
    parts = shapely.get_parts(geom)
    lines: list[LineString] = []
    for part in parts:
        if isinstance(part, LineString):
            lines.append(part)
        elif isinstance(part, MultiLineString):
            lines.extend(part.geoms)
    return [ln for ln in lines if not ln.is_empty]


def chain_lines(lines: list[LineString]) -> tuple[LineString, list[float]]:
    """Join line pieces into one LineString running from its northernmost end.

    Starting from the piece with the northernmost endpoint, repeatedly
    appends the remaining piece whose nearer endpoint is closest to the
    current end, reversing it when needed. Gaps between pieces are bridged
    by straight segments.

    Returns
    -------
    line : shapely.LineString
        The joined line.
    gaps_m : list of float
        Geodesic length of every bridged gap, in metres.
    """
    if not lines:
        msg = "no line pieces to join"
        raise ValueError(msg)
    coords = [np.asarray(ln.coords)[:, :2] for ln in lines]
    ends = [(c[0], c[-1]) for c in coords]
    first = max(range(len(coords)), key=lambda i: max(ends[i][0][1], ends[i][1][1]))
    cur = coords[first] if ends[first][0][1] >= ends[first][1][1] else coords[first][::-1]
    chain = [cur]
    remaining = set(range(len(coords))) - {first}
    gaps: list[float] = []
    while remaining:
        tail = chain[-1][-1]
        best, best_d, flip = -1, np.inf, False
        for i in remaining:
            for j, end in enumerate(ends[i]):
                _, _, d = GEOD.inv(tail[0], tail[1], end[0], end[1])
                if d < best_d:
                    best, best_d, flip = i, d, j == 1
        remaining.remove(best)
        nxt = coords[best][::-1] if flip else coords[best]
        if best_d > 0:
            gaps.append(float(best_d))
        else:
            nxt = nxt[1:]
        chain.append(nxt)
    return LineString(np.concatenate(chain)), gaps


def shared_boundary(a: shapely.Geometry, b: shapely.Geometry) -> tuple[LineString, list[float], int]:
    """Return the boundary two polygons share, as one LineString from north to south.

    The exact intersection of two outlines comes in many pieces (thousands
    for the bundled data); they are merged with ``shapely.line_merge`` and
    the remaining runs chained by :func:`chain_lines`.

    Returns
    -------
    line : shapely.LineString
        The shared boundary, starting at its northernmost end.
    gaps_m : list of float
        Geodesic lengths in metres of the gaps bridged between runs.
    n_pieces : int
        Number of pieces of the raw intersection.
    """
    raw = shapely.intersection(a.boundary, b.boundary)
    pieces = _line_parts(raw)
    if not pieces:
        msg = "the two outlines share no boundary line"
        raise SchemaError(msg)
    merged = _line_parts(shapely.line_merge(shapely.MultiLineString(pieces)))
    line, gaps = chain_lines(merged)
    return line, gaps, len(pieces)


def load_border(
    countries: Sequence[str] = ("AFG", "PAK"), *, source: str | Path = "bundled"
) -> gpd.GeoDataFrame:
    """Load the border shared by two countries as one LineString.

    The line is the shared boundary of the bundled OpenStreetMap outlines
    (see :func:`load_countries`), ordered from its northern end to its
    southern end; for the default it runs from the tripoint with China to
    the tripoint with Iran. Its length is geodesic on the WGS84 ellipsoid.

    The outlines meet in thousands of short pieces with a few small gaps
    (where the two outlines part by up to a few km); the gaps are bridged by
    straight segments and reported in ``gaps_bridged`` and ``gap_km``.

    Parameters
    ----------
    countries : sequence of two str
        ISO 3166-1 alpha-3 codes of the two countries.
    source : str or pathlib.Path, default "bundled"
        Where the outlines come from, as for :func:`load_countries`:
        ``"bundled"`` (Afghanistan, Pakistan, Iran), ``"online"`` (the same
        OpenStreetMap outlines for any country, fetched once and cached) or a
        local copy of that world file.

    Returns
    -------
    geopandas.GeoDataFrame
        One row: ``name``, ``countries`` (e.g. ``"AFG-PAK"``), ``length_km``,
        ``source``, ``pieces`` (raw intersection pieces), ``gaps_bridged``,
        ``gap_km``, ``start`` and ``end`` (what the northern and southern
        ends are), ``geometry`` (LineString, EPSG:4326).

    Raises
    ------
    SchemaError
        If not exactly two countries are given, or they share no land border.

    Examples
    --------
    >>> import borderkit as bk
    >>> border = bk.load_border()
    >>> round(float(border.length_km.iloc[0]))
    2658
    >>> bk.load_border(("AFG", "IRN"))["end"].iloc[0]
    'tripoint with Pakistan'
    """
    codes = [c.upper() for c in countries]
    if len(codes) != 2 or codes[0] == codes[1]:
        msg = f"load_border needs two different country codes, got {list(countries)}"
        raise SchemaError(msg)
    return _load_border(tuple(codes), str(source)).copy()


@cache
def _load_border(codes: tuple[str, ...], source: str) -> gpd.GeoDataFrame:
    """Compute the border once per pair of countries (about a second for the bundle)."""
    outlines = load_countries(codes, source=source)
    a, b = outlines.geometry.iloc[0], outlines.geometry.iloc[1]
    if not a.intersects(b):
        msg = (
            f"{codes[0]} and {codes[1]} share no land border in these outlines ({source}); "
            "a Region needs two neighbouring countries"
        )
        raise SchemaError(msg)
    line, gaps, n_pieces = shared_boundary(a, b)
    name = BORDER_NAMES.get(frozenset(codes), f"{codes[0]}-{codes[1]} border")
    start, end = BORDER_ENDS.get(frozenset(codes), ("north end", "south end"))
    return gpd.GeoDataFrame(
        {
            "name": [name],
            "countries": ["-".join(codes)],
            "length_km": [geodesic_length_m(line) / 1000.0],
            "source": outlines["source"].iloc[:1].tolist(),
            "pieces": [n_pieces],
            "gaps_bridged": [len(gaps)],
            "gap_km": [sum(gaps) / 1000.0],
            "start": [start],
            "end": [end],
        },
        geometry=[line],
        crs="EPSG:4326",
    )
