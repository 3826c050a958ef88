"""The Durand Line: one LineString, north to south, geodesic length in the published range."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString

import borderkit as bk
from borderkit.errors import SchemaError
from borderkit.geo.border import chain_lines

# Published lengths of the Durand Line: 2,611 km (ISPR) to 2,670 km; 2,640 km most cited.
PUBLISHED_MIN_KM, PUBLISHED_MAX_KM = 2611.0, 2670.0


@pytest.fixture(scope="module")
def border():
    return bk.load_border()


@pytest.fixture(scope="module")
def outlines():
    return bk.load_countries()


def test_border_is_one_linestring_in_schema(border):
    assert len(border) == 1
    assert list(border.columns[:4]) == ["name", "countries", "length_km", "source"]
    assert border.crs.to_epsg() == 4326
    line = border.geometry.iloc[0]
    assert line.geom_type == "LineString"
    assert line.is_simple
    assert border["name"].iloc[0] == "Durand Line"
    assert border["countries"].iloc[0] == "AFG-PAK"


def test_length_in_published_range(border):
    assert PUBLISHED_MIN_KM <= border.length_km.iloc[0] <= PUBLISHED_MAX_KM


def test_length_matches_independent_geod_sum(border):
    coords = np.asarray(border.geometry.iloc[0].coords)
    _, _, dist = Geod(ellps="WGS84").inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
    assert border.length_km.iloc[0] == pytest.approx(dist.sum() / 1000.0, rel=1e-9)


def test_length_is_raw_pieces_plus_bridged_gaps(border, outlines):
    """Recompute from the raw intersection of the two outlines, with pyproj directly."""
    geod = Geod(ellps="WGS84")
    a, b = outlines.geometry
    raw = shapely.intersection(a.boundary, b.boundary)
    pieces = [g for g in shapely.get_parts(raw) if g.geom_type == "LineString"]
    assert len(pieces) == border.pieces.iloc[0] > 1000  # thousands of pieces, merged
    raw_km = sum(geod.geometry_length(p) for p in pieces) / 1000.0
    assert raw_km + border.gap_km.iloc[0] == pytest.approx(border.length_km.iloc[0], rel=1e-9)
    # The bridges are short: under 0.5% of the line, none longer than 5 km.
    assert border.gap_km.iloc[0] < 0.005 * border.length_km.iloc[0]


def test_runs_north_to_south_from_china_to_iran(border, outlines):
    line = border.geometry.iloc[0]
    (_, y0), (x1, y1) = line.coords[0], line.coords[-1]
    assert y0 > y1
    # The start is the northernmost point of the line, the end near its western tip.
    lats = np.asarray(line.coords)[:, 1]
    assert y0 == lats.max()
    assert x1 == np.asarray(line.coords)[:, 0].min()
    # Every vertex lies on both outlines (the bridges join vertices of the outlines).
    a, b = outlines.geometry
    points = shapely.points(np.asarray(line.coords))
    assert shapely.distance(points, a.boundary).max() < 1e-9
    assert shapely.distance(points, b.boundary).max() < 1e-9


@pytest.mark.parametrize("countries", [("AFG",), ("AFG", "AFG"), ("AFG", "PAK", "IRN")])
def test_needs_two_countries(countries):
    with pytest.raises(SchemaError, match="two different country codes"):
        bk.load_border(countries)


def test_unknown_country_is_named():
    with pytest.raises(SchemaError, match="XYZ"):
        bk.load_border(("AFG", "XYZ"))


def test_chain_lines_orders_and_reverses_pieces():
    geod = Geod(ellps="WGS84")
    south = LineString([(70.0, 31.0), (70.0, 30.0)])
    middle_reversed = LineString([(70.0, 31.5), (70.0, 32.0)])  # must be flipped
    north = LineString([(70.0, 33.0), (70.0, 32.0)])
    line, gaps = chain_lines([south, middle_reversed, north])
    assert list(line.coords) == [(70.0, 33.0), (70.0, 32.0), (70.0, 31.5), (70.0, 31.0), (70.0, 30.0)]
    assert len(gaps) == 1
    assert gaps[0] == pytest.approx(geod.inv(70.0, 31.5, 70.0, 31.0)[2])
