"""Corridors between crossings, border length per unit and zones along the line."""

from __future__ import annotations

from itertools import pairwise

import geopandas.testing
import numpy as np
import pytest
import shapely
from pyproj import Geod

import borderkit as bk
from borderkit.errors import CRSError, SchemaError

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def border():
    return bk.load_border()


@pytest.fixture(scope="module")
def crossings():
    return bk.load_crossings()


@pytest.fixture(scope="module")
def segments(border, crossings):
    return bk.border_segments(border, crossings)


def _dense_reference(line, step_m=100.0):
    """Vertices of the line densified along geodesics every ~step_m (an independent reference)."""
    coords = np.asarray(line.coords)
    lons, lats = [coords[0, 0]], [coords[0, 1]]
    for (x0, y0), (x1, y1) in pairwise(coords):
        d = GEOD.inv(x0, y0, x1, y1)[2]
        n = int(d // step_m)
        if n > 0:
            pts = np.asarray(GEOD.npts(x0, y0, x1, y1, n))
            lons.extend(pts[:, 0])
            lats.extend(pts[:, 1])
        lons.append(x1)
        lats.append(y1)
    return np.asarray(lons), np.asarray(lats)


def _distance_to_line_m(lon, lat, ref):
    lons, lats = ref
    return float(GEOD.inv(np.full(lons.shape, lon), np.full(lats.shape, lat), lons, lats)[2].min())


def test_segments_add_up_to_the_border(border, segments):
    total = border.length_km.iloc[0]
    assert segments.length_km.sum() == pytest.approx(total, rel=1e-3)  # the 0.1 %
    assert segments.length_km.sum() == pytest.approx(total, rel=1e-9)  # in fact exact
    # Chainage is continuous, north to south.
    assert segments.start_km.iloc[0] == 0
    assert np.allclose(segments.start_km.values[1:], segments.end_km.values[:-1])
    assert segments.end_km.iloc[-1] == pytest.approx(total)


def test_segments_run_between_crossings_with_end_stretches(border, crossings, segments):
    n = len(crossings)
    assert len(segments) == n + 1
    assert segments.from_name.iloc[0] == "tripoint with China"
    assert segments.to_name.iloc[-1] == "tripoint with Iran"
    assert segments.from_crossing.iloc[0] == ""
    assert segments.to_crossing.iloc[-1] == ""
    ids = segments.to_crossing.iloc[:-1].tolist()
    assert sorted(ids) == sorted(crossings.crossing_id)
    assert segments.from_crossing.iloc[1:].tolist() == ids
    # North to south: each corridor's first point lies north of... the crossings' latitudes fall
    # overall southwards (the line bends, so compare the end points of the whole run).
    line = border.geometry.iloc[0]
    assert segments.geometry.iloc[0].coords[0] == line.coords[0]
    assert segments.geometry.iloc[-1].coords[-1] == line.coords[-1]


def test_each_segment_length_is_geodesic(segments):
    for geom, length in zip(segments.geometry, segments.length_km, strict=True):
        c = np.asarray(geom.coords)
        ref = GEOD.inv(c[:-1, 0], c[:-1, 1], c[1:, 0], c[1:, 1])[2].sum() / 1000
        assert length == pytest.approx(ref, rel=1e-9)


def test_snap_distances_are_geodesic(border, crossings):
    snapped = bk.snap_crossings(border, crossings)
    assert snapped.index.equals(crossings.index)
    line = border.geometry.iloc[0]
    for point, snap in zip(crossings.geometry, snapped.snap_distance_m, strict=True):
        # Reference: the part of the line near the point, densified along geodesics every 2 m.
        near = line.intersection(point.buffer(0.1))
        ref = [_dense_reference(part, step_m=2.0) for part in shapely.get_parts(near)]
        expected = min(_distance_to_line_m(point.x, point.y, r) for r in ref)
        assert snap == pytest.approx(expected, abs=1.0)
    # Snapped points lie on the line (to within a metre: 1e-5 degree).
    assert max(line.distance(p) for p in snapped.geometry) < 1e-5


def test_snap_refuses_far_crossings(border, crossings):
    far = crossings.copy()
    far.loc[far.index[0], "geometry"] = shapely.Point(68.0, 33.0)  # central Afghanistan
    with pytest.raises(SchemaError, match=r"farther than 5(\.0)? km.*Torkham|farther than 5"):
        bk.border_segments(border, far)
    segs = bk.border_segments(border, far, max_snap_km=None)
    assert segs.length_km.sum() == pytest.approx(border.length_km.iloc[0], rel=1e-9)


def test_segments_need_a_crs(border, crossings):
    with pytest.raises(CRSError):
        bk.border_segments(border, crossings.set_crs(None, allow_override=True))


def test_length_by_province_adds_up_on_each_side(border):
    units = bk.load_admin_units(level=1)
    by_unit = bk.border_length_by_unit(border, units)
    total = border.length_km.iloc[0]
    sums = by_unit.groupby("country").length_km.sum()
    assert sums["AFG"] == pytest.approx(total, rel=1e-3)
    assert sums["PAK"] == pytest.approx(total, rel=1e-3)
    pak = by_unit[by_unit.country == "PAK"].set_index("name").length_km
    # ISPR: about 1,200 km in Khyber Pakhtunkhwa, the rest in Balochistan and a short
    # stretch in Gilgit-Baltistan. The bundled data gives:
    assert set(pak.index) == {"Khyber Pakhtunkhwa", "Balochistan", "Gilgit-Baltistan"}
    assert 1100 < pak["Khyber Pakhtunkhwa"] < 1350
    assert pak["Gilgit-Baltistan"] < 200
    assert by_unit.share.groupby(by_unit.country).sum().round(6).tolist() == [1.0, 1.0]
    # Each stretch lies along the unit it is assigned to.
    for geom in by_unit.geometry:
        assert geom.length > 0


def test_length_by_unit_geometry_matches_lengths(border):
    by_unit = bk.border_length_by_unit(border, bk.load_admin_units(level=1))
    for geom, length in zip(by_unit.geometry, by_unit.length_km, strict=True):
        assert GEOD.geometry_length(geom) / 1000 == pytest.approx(length, rel=1e-3)


def test_length_by_unit_with_districts(border, shared_real):
    districts = bk.load_admin_units(
        level=2, source=shared_real / "geoboundaries_afg_adm2" / "geoBoundaries-AFG-ADM2.shp"
    )
    by_unit = bk.border_length_by_unit(border, districts)
    assert by_unit.length_km.sum() == pytest.approx(border.length_km.iloc[0], rel=1e-3)
    assert by_unit.country.unique().tolist() == ["AFG"]
    # About 45 districts lie along the line (SOURCES.md: 45 within ~1 km of PAK ADM0).
    assert 30 <= len(by_unit) <= 60


@pytest.mark.parametrize("distance_km", [10.0, 25.0])
def test_zone_edge_is_at_the_geodesic_distance(border, distance_km):
    zone = bk.border_zone(border, distance_km)
    bound = zone.max_relative_error.iloc[0]
    assert 0 < bound < 0.004
    ref = _dense_reference(border.geometry.iloc[0], step_m=200.0)
    ring = np.asarray(zone.geometry.iloc[0].exterior.coords)
    rng = np.random.default_rng(7)
    for lon, lat in ring[rng.choice(len(ring), 40, replace=False)]:
        d = _distance_to_line_m(lon, lat, ref) / 1000
        # Projection bound, plus the chord error of the buffer's arcs and the reference's spacing.
        assert d == pytest.approx(distance_km, rel=bound + 0.002)


def test_zone_on_one_side_stays_in_that_country(border):
    both = bk.border_zone(border, 25)
    pak = bk.border_zone(border, 25, side="PAK")
    afg = bk.border_zone(border, 25, side="afg")
    assert pak.side.iloc[0] == "PAK"
    assert afg.side.iloc[0] == "AFG"
    # The two sides make up the zone but for what lies in neither country: around the
    # tripoints, in Tajikistan north of the narrow Wakhan corridor, and on rivers and lakes.
    sides = pak.area_km2.iloc[0] + afg.area_km2.iloc[0]
    assert 0.93 * both.area_km2.iloc[0] < sides < both.area_km2.iloc[0]
    outline = bk.load_countries(["PAK"]).geometry.iloc[0]
    assert pak.geometry.iloc[0].difference(outline).area < 1e-9
    # Geodesic area: roughly 2 x 25 km x 2,658 km, less the overlaps where the line bends.
    assert 90_000 < both.area_km2.iloc[0] < 2 * 25 * border.length_km.iloc[0] + np.pi * 25**2


def test_zone_rejects_bad_arguments(border):
    with pytest.raises(ValueError, match="positive"):
        bk.border_zone(border, 0)
    with pytest.raises(SchemaError, match="side must be one of"):
        bk.border_zone(border, 10, side="IND")


def test_inputs_are_not_mutated(border, crossings):
    before_b, before_c = border.copy(), crossings.copy()
    bk.border_segments(border, crossings)
    bk.border_length_by_unit(border, bk.load_admin_units())
    geopandas.testing.assert_geodataframe_equal(border, before_b)
    geopandas.testing.assert_geodataframe_equal(crossings, before_c)


# --------------------------------------------------------------------------- one-pass segments


def _old_border_segments(line, crossings):
    """The previous border_segments (one re-projection and one substring per crossing), as the reference."""
    from shapely.geometry import LineString, Point
    from shapely.ops import substring

    from borderkit.geo.geodesy import geodesic_length_m, nearest_point_on_line

    def chainage(lon, lat):
        head = substring(line, 0.0, line.project(Point(lon, lat), normalized=True), normalized=True)
        return geodesic_length_m(head) if isinstance(head, LineString) else 0.0

    snapped = []
    for cid, x, y in zip(crossings.crossing_id, crossings.geometry.x, crossings.geometry.y, strict=True):
        slon, slat, dist = nearest_point_on_line(line, x, y)
        snapped.append((chainage(slon, slat), cid, slon, slat, dist))
    snapped.sort(key=lambda s: s[0])
    stops = [(0.0, "start"), *((line.project(Point(s[2], s[3]), normalized=True), s[1]) for s in snapped)]
    stops.append((1.0, "end"))
    out = []
    for (f0, id0), (f1, id1) in pairwise(stops):
        piece = substring(line, f0, f1, normalized=True)
        length = geodesic_length_m(piece) / 1000.0 if isinstance(piece, LineString) else 0.0
        if not isinstance(piece, LineString):
            piece = LineString([piece.coords[0], piece.coords[0]])
        out.append((f"{id0}--{id1}", length, piece))
    return out, snapped


def _crossings_near_the_line(line, n, seed):
    rng = np.random.default_rng(seed)
    coords = np.asarray(line.coords)
    pick = coords[rng.choice(len(coords) - 1, n, replace=False)]
    lon, lat, _ = GEOD.fwd(pick[:, 0], pick[:, 1], rng.uniform(0, 360, n), rng.uniform(0, 4_000, n))
    return geopandas.GeoDataFrame(
        {"crossing_id": [f"c{i}" for i in range(n)], "name": [f"C {i}" for i in range(n)]},
        geometry=geopandas.points_from_xy(lon, lat),
        crs=4326,
    )


@pytest.mark.parametrize("which", ["bundled", "random"])
def test_one_pass_segments_equal_the_previous_method(border, crossings, which):
    line = border.geometry.iloc[0]
    given = crossings if which == "bundled" else _crossings_near_the_line(line, 25, seed=21)
    old, old_snaps = _old_border_segments(line, given)
    new = bk.border_segments(border, given)
    assert new.segment_id.str.replace("^--", "start--", regex=True).tolist() == [s[0] for s in old]
    # The previous method centred its projection on the crossing rounded to 1e-6 degrees (about
    # 10 cm), so snapped points, and the cuts, may move by centimetres along the line; no more.
    assert np.allclose(new.length_km, [s[1] for s in old], rtol=0, atol=1e-4)  # 10 cm
    # A crossing snapped onto a vertex may repeat that vertex in one method and not the other.
    for got, (_, _, ref) in zip(new.geometry, old, strict=True):
        tidy = [shapely.remove_repeated_points(g, tolerance=1e-6) for g in (got, ref)]
        assert tidy[0].equals_exact(tidy[1], tolerance=1e-6)
    snaps = bk.snap_crossings(border, given).set_index("crossing_id")
    for chain, cid, slon, slat, dist in old_snaps:
        assert snaps.at[cid, "snap_distance_m"] == pytest.approx(dist, abs=1e-3)
        assert snaps.at[cid, "chainage_km"] == pytest.approx(chain / 1000.0, abs=1e-4)
        assert snaps.geometry[cid].distance(shapely.Point(slon, slat)) < 1e-6


def test_segments_at_many_crossings_stay_ordered_and_add_up(border):
    line = border.geometry.iloc[0]
    many = _crossings_near_the_line(line, 1000, seed=22)
    seg = bk.border_segments(border, many)
    assert len(seg) == 1001
    assert (np.diff(seg.start_km.to_numpy()) >= 0).all()
    assert seg.length_km.sum() == pytest.approx(border.length_km.iloc[0], rel=1e-8)  # cuts on chords: mm
    assert set(seg.to_crossing[:-1]) == set(many.crossing_id)


def test_zone_refuses_widths_the_projection_cannot_hold(border):
    assert bk.border_zone(border, 500).max_relative_error.iloc[0] < 0.01
    for width in (1_000, 12_000, 100_000):
        with pytest.raises(ValueError, match=r"too wide.*Widths up to 8"):
            bk.border_zone(border, width)
