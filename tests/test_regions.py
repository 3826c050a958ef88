"""The Region model, the Afghanistan-Iran border and borders built on request."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely
import shapely.affinity
from pyproj import Geod
from shapely.ops import nearest_points

import borderkit as bk
from borderkit.errors import OfflineError, SchemaError
from borderkit.geo.countries import load_countries
from borderkit.regions import Region, region, region_key

GEOD = Geod(ellps="WGS84")


def _distance_m(a: shapely.Point, b: shapely.Point) -> float:
    return GEOD.inv(a.x, a.y, b.x, b.y)[2]


# --------------------------------------------------------------------------- the model


def test_default_region_is_the_durand_line_and_loads_once() -> None:
    r = region()
    assert r.codes == ("AFG", "PAK")
    assert r.key == "AFG-PAK"
    assert r.name == "Durand Line"
    assert r.border is r.border
    assert r.crossings is r.crossings
    assert r.zone() is r.zone()
    assert r.zone(10) is not r.zone()
    assert r.border.length_km.iloc[0] == pytest.approx(bk.load_border().length_km.iloc[0])


def test_region_accepts_the_pair_in_any_spelling() -> None:
    assert Region("afg", "irn").codes == ("AFG", "IRN")
    assert Region("AFG-IRN").codes == ("AFG", "IRN")
    assert Region(("PAK", "AFG")).key == "AFG-PAK"
    assert region_key(["PAK", "AFG"]) == "AFG-PAK"


@pytest.mark.parametrize("bad", [("AFG",), ("AFG", "AFG"), ("AF", "PK"), ("AFG", "PAK", "IRN")])
def test_region_rejects_anything_but_two_countries(bad: tuple[str, ...]) -> None:
    with pytest.raises(SchemaError, match="two different ISO 3166-1 alpha-3"):
        Region(*bad)


def test_layers_are_built_once_from_the_regions_own_frames() -> None:
    r = region()
    layers = r.layers
    assert layers is r.layers
    by_name = {layer.name: layer for layer in layers}
    border_layer = next(layer for layer in layers if layer.kind == "line" and "Durand" in layer.name)
    assert shapely.equals(border_layer.frame.geometry.iloc[0], r.border.geometry.iloc[0])
    crossings = by_name["Crossing points"].frame
    assert list(crossings["crossing_id"]) == list(r.crossings["crossing_id"])
    zone = by_name[f"Zone within {r.zone_km:g} km of the border"].frame
    assert shapely.equals(zone.geometry.iloc[0], r.zone().geometry.iloc[0])


def test_given_crossings_replace_the_bundled_ones(tmp_path) -> None:
    r0 = region()
    mine = r0.crossings.iloc[:2].copy()
    r = region(crossings=mine, settlements=False)
    assert list(r.crossings["crossing_id"]) == list(mine["crossing_id"])
    assert len(r.segments) == 3  # two cuts: three corridors
    assert r.settlements is None
    assert "Settlements (sized by population)" not in [layer.name for layer in r.layers]


# --------------------------------------------------------------------------- Afghanistan-Iran


def test_afghanistan_iran_line_runs_between_the_two_tripoints() -> None:
    r = region("AFG", "IRN")
    line = r.border.geometry.iloc[0]
    length = r.border.length_km.iloc[0]
    # CIA World Factbook: 921 km; the bundled OSM outlines measure a little less.
    assert 880 < length < 960
    start, end = shapely.Point(line.coords[0]), shapely.Point(line.coords[-1])
    assert start.y > end.y  # north to south
    # The ends are the tripoints, checked against the neighbours' outlines when the
    # bundle was built; here: they lie on both bundled outlines and on Pakistan's.
    pak = load_countries(["PAK"]).geometry.iloc[0]
    assert _distance_m(end, nearest_points(pak.boundary, end)[0]) < 3000
    assert r.border["start"].iloc[0] == "tripoint with Turkmenistan"
    assert r.border["end"].iloc[0] == "tripoint with Pakistan"
    # The Durand Line ends where this one ends: the Afghanistan-Iran-Pakistan tripoint.
    durand_end = shapely.Point(bk.load_border().geometry.iloc[0].coords[-1])
    assert _distance_m(end, durand_end) < 3000
    assert r.border["gaps_bridged"].iloc[0] >= 0


def test_afghanistan_iran_lengths_by_province_add_up_on_each_side() -> None:
    r = region("AFG-IRN")
    by_unit = r.length_by_unit
    total = r.border.length_km.iloc[0]
    assert set(by_unit["country"]) == {"AFG", "IRN"}
    for _, side in by_unit.groupby("country"):
        assert side["length_km"].sum() == pytest.approx(total, rel=1e-6)
    afg = set(by_unit.loc[by_unit.country == "AFG", "name"])
    irn = set(by_unit.loc[by_unit.country == "IRN", "name"])
    assert {"Herat", "Farah", "Nimruz"} <= afg
    assert {"Razavi Khorasan", "South Khorasan", "Sistan and Baluchestan"} <= irn


def test_iran_provinces_are_bundled() -> None:
    units = bk.load_admin_units(level=1, countries=["IRN"])
    assert len(units) == 31
    assert units["unit_id"].is_unique
    assert {"Alborz", "Tehran", "Razavi Khorasan"} <= set(units["name"])


def test_afghanistan_iran_zone_and_map_layers() -> None:
    r = region("AFG", "IRN")
    zone = r.zone(25, side="AFG")
    assert zone.geometry.iloc[0].intersects(r.countries.geometry.iloc[0])
    names = [layer.name for layer in r.layers]
    assert names[:3] == ["Countries", "Provinces", "Zone within 25 km of the border"]


# --------------------------------------------------------------------------- any land border, on request


@pytest.fixture
def world_file(tmp_path) -> bytes:
    """A world outline file in geo-maps' shape (property A3), made from the bundled outlines."""
    frame = load_countries(["AFG", "PAK", "IRN"])
    features = [
        {"type": "Feature", "properties": {"A3": iso3}, "geometry": shapely.geometry.mapping(geom)}
        for iso3, geom in zip(frame["iso3"], frame.geometry, strict=True)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def test_any_pair_of_neighbours_builds_its_line_from_the_online_source(http_server, world_file) -> None:
    answer = (200, {"Content-Type": "application/json"}, world_file)
    http_server.route("/countries-land-100m.geo.json", [answer])
    url = http_server.url("/countries-land-100m.geo.json")
    outlines = load_countries(["IRN", "PAK"], source="online", url=url)
    assert list(outlines["iso3"]) == ["IRN", "PAK"]
    assert list(outlines["name"]) == ["Iran", "Pakistan"]
    bundled = load_countries(["IRN", "PAK"])
    for got, want in zip(outlines.geometry, bundled.geometry, strict=True):
        assert got.symmetric_difference(want).area < 1e-9
    # Fetched once, then served from the cache.
    load_countries(["PAK"], source="online", url=url)
    assert http_server.count("/countries-land-100m.geo.json") == 1


def test_region_on_request_uses_the_cached_world_file(http_server, world_file, tmp_path) -> None:
    path = tmp_path / "countries-land-100m.geo.json"
    path.write_bytes(world_file)
    r = Region("IRN", "PAK", source=path)
    assert r.source == path
    assert not r.curated
    assert r.crossings.empty
    assert r.segments is None
    # Iran-Pakistan: about 909 km (CIA World Factbook); the OSM outlines give a close figure.
    assert 850 < r.border.length_km.iloc[0] < 1000
    names = [layer.name for layer in r.layers]
    assert "Crossing points" not in names


def test_pairs_without_a_land_border_are_a_clear_error(tmp_path, world_file) -> None:
    frame = load_countries(["PAK", "IRN"])
    pak, irn = frame.geometry.iloc[0], shapely.affinity.translate(frame.geometry.iloc[1], xoff=-40.0)
    features = [
        {"type": "Feature", "properties": {"A3": iso3}, "geometry": shapely.geometry.mapping(geom)}
        for iso3, geom in (("PAK", pak), ("IRN", irn))
    ]
    path = tmp_path / "apart.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with pytest.raises(SchemaError, match="share no land border"):
        bk.load_border(("PAK", "IRN"), source=path)


def test_unknown_country_in_the_world_file_is_named(tmp_path, world_file) -> None:
    path = tmp_path / "w.geojson"
    path.write_bytes(world_file)
    with pytest.raises(SchemaError, match="TKM"):
        load_countries(["AFG", "TKM"], source=path)
    with pytest.raises(SchemaError, match="source='online'"):
        load_countries(["AFG", "TKM"])


def test_online_outlines_respect_offline_mode(http_server, world_file) -> None:
    bk.settings.offline = True
    with pytest.raises(OfflineError):
        load_countries(["IRN", "TKM"], source="online", url=http_server.url("/w.geojson"))
    assert http_server.count() == 0


def test_region_frames_are_geodataframes_in_4326() -> None:
    r = region("AFG", "IRN")
    for frame in (r.countries, r.border, r.provinces, r.crossings):
        assert isinstance(frame, gpd.GeoDataFrame)
        assert frame.crs.to_epsg() == 4326
