"""Tests of borderkit.load_admin_units: bundled, geoBoundaries (local server), local files."""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import Point, Polygon, box

import borderkit as bk
from borderkit import settings
from borderkit.errors import (
    CRSError,
    DataReadError,
    DroppedRowsWarning,
    EmptyDataError,
    GeometryRepairWarning,
    OfflineError,
    ResponseError,
    SchemaError,
)

if TYPE_CHECKING:
    from conftest import LocalServer

SCHEMA = ["unit_id", "name", "level", "country", "parent", "source"]
JSON_HEADERS = {"Content-Type": "application/json"}
GEOJSON_HEADERS = {"Content-Type": "application/geo+json"}

# Places whose province is not in doubt (lon, lat).
JALALABAD = Point(70.45, 34.43)
PESHAWAR = Point(71.58, 34.01)
QUETTA = Point(67.00, 30.18)
KABUL = Point(69.18, 34.53)
TORKHAM = Point(71.09, 34.10)

ADM2_DIR = "geoboundaries_afg_adm2"
ADM1_DIR = "geoboundaries_afg_adm1_adm0"
SHP_PARTS = ("shp", "shx", "dbf", "prj")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_schema(frame: gpd.GeoDataFrame) -> None:
    """Schema columns first and in order, geometry last, EPSG:4326, valid geometries."""
    assert list(frame.columns[:6]) == SCHEMA
    assert frame.columns[-1] == frame.geometry.name == "geometry"
    assert frame.crs is not None
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.notna().all()
    assert frame.geometry.is_valid.all()
    assert not frame.geometry.is_empty.any()


def write_geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def feature(props: dict, geom: object | None) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": None if geom is None else shapely.geometry.mapping(geom),
    }


# --------------------------------------------------------------------------- bundled


def test_bundled_level1_holds_34_afg_and_7_pak_provinces() -> None:
    units = bk.load_admin_units()
    assert_schema(units)
    assert len(units) == 41
    assert units["country"].value_counts().to_dict() == {"AFG": 34, "PAK": 7}
    assert (units["level"] == 1).all()
    assert (units["parent"] == units["country"]).all()
    assert units["unit_id"].is_unique
    assert set(units["source"]) == {"naturalearth-10m"}
    assert list(units.index) == list(range(41))

    names = set(units["name"])
    assert {"Khyber Pakhtunkhwa", "Panjshir", "Daykundi", "Nangarhar", "Balochistan"} <= names
    # FATA merged into Khyber Pakhtunkhwa in 2018: no unit may still carry it.
    assert not any(re.search(r"FATA|Federally Administered", n) for n in names)
    pak = set(units.loc[units["country"] == "PAK", "name"])
    assert pak == {
        "Azad Kashmir",
        "Balochistan",
        "Gilgit-Baltistan",
        "Islamabad Capital Territory",
        "Khyber Pakhtunkhwa",
        "Punjab",
        "Sindh",
    }
    assert units.set_index("name").loc["Nangarhar", "unit_id"] == "AF-NAN"
    assert units.set_index("name").loc["Khyber Pakhtunkhwa", "unit_id"] == "PK-KP"


@pytest.mark.parametrize(
    ("point", "province"),
    [
        (JALALABAD, "Nangarhar"),
        (KABUL, "Kabul"),
        (PESHAWAR, "Khyber Pakhtunkhwa"),
        (QUETTA, "Balochistan"),
    ],
)
def test_bundled_provinces_hold_their_capitals(point: Point, province: str) -> None:
    units = bk.load_admin_units()
    assert list(units.loc[units.contains(point), "name"]) == [province]


def test_bundled_countries_filter() -> None:
    pak = bk.load_admin_units(countries=("PAK",))
    assert len(pak) == 7
    assert set(pak["country"]) == {"PAK"}
    assert list(pak.index) == list(range(7))
    assert_schema(pak)
    lower = bk.load_admin_units(countries=["pak"])
    assert_geodataframe_equal(lower, pak)
    assert len(bk.load_admin_units(countries=("AFG",))) == 34
    assert len(bk.load_admin_units(countries=None)) == 34 + 7 + 31  # every bundled country: AFG, PAK, IRN


def test_bundled_result_is_a_copy() -> None:
    first = bk.load_admin_units()
    first.loc[0, "name"] = "changed"
    first["extra"] = 1
    again = bk.load_admin_units()
    assert again.loc[0, "name"] != "changed"
    assert "extra" not in again.columns


def test_bundled_level2_points_to_geoboundaries() -> None:
    with pytest.raises(SchemaError, match=r"level 1.*source='geoboundaries'") as info:
        bk.load_admin_units(level=2)
    assert isinstance(info.value, ValueError)


def test_unknown_source_name_lists_the_sources() -> None:
    with pytest.raises(DataReadError, match="unknown admin-units source 'geoBoundaries'") as info:
        bk.load_admin_units(1, "geoBoundaries")
    assert "'bundled', 'geoboundaries'" in str(info.value)


# --------------------------------------------------------------------------- real files


@pytest.mark.shared
def test_real_adm2_shapefile(shared_real: Path) -> None:
    shp = shared_real / ADM2_DIR / "geoBoundaries-AFG-ADM2.shp"
    districts = bk.load_admin_units(2, shp)
    assert_schema(districts)
    assert len(districts) == 398
    assert set(districts["country"]) == {"AFG"}
    assert (districts["level"] == 2).all()
    assert set(districts["source"]) == {"geoBoundaries-AFG-ADM2.shp"}
    assert districts["unit_id"].is_unique
    assert districts["unit_id"].str.fullmatch(r"\d+B\d+").all()  # geoBoundaries shapeIDs
    assert tuple(districts.total_bounds.round(4)) == (60.4721, 29.3771, 74.8895, 38.4908)
    # The file's other columns are kept after the schema.
    assert list(districts.columns[6:]) == ["shapeISO", "shapeType", "geometry"]

    jalalabad = districts[districts["name"] == "Jalalabad"]
    assert len(jalalabad) == 1
    row = jalalabad.iloc[0]
    assert row.geometry.contains(JALALABAD)
    assert row["unit_id"] == "17698898B55913331863660"
    # The file names no parent: it is the bundled province holding the district.
    assert row["parent"] == "AF-NAN"
    provinces = bk.load_admin_units(countries=("AFG",)).set_index("unit_id")
    assert provinces.loc["AF-NAN", "geometry"].contains(row.geometry.representative_point())

    # Every district falls in one of the 34 bundled provinces.
    assert districts["parent"].notna().all()
    assert set(districts["parent"]) == set(provinces.index)
    counts = districts["parent"].value_counts()
    assert counts["AF-NAN"] == 22
    assert counts["AF-PAN"] == 7


@pytest.mark.shared
def test_real_adm2_shapefile_in_a_zip(shared_real: Path, tmp_path: Path) -> None:
    folder = shared_real / ADM2_DIR
    archive = tmp_path / "afg_adm2.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for ext in SHP_PARTS:
            zf.write(folder / f"geoBoundaries-AFG-ADM2.{ext}", f"afg/geoBoundaries-AFG-ADM2.{ext}")
    zipped = bk.load_admin_units(2, archive)
    assert_schema(zipped)
    assert len(zipped) == 398
    assert set(zipped["source"]) == {"afg_adm2.zip"}
    assert zipped.loc[zipped["name"] == "Jalalabad", "parent"].tolist() == ["AF-NAN"]
    plain = bk.load_admin_units(2, folder / "geoBoundaries-AFG-ADM2.shp")
    assert_geodataframe_equal(zipped.drop(columns="source"), plain.drop(columns="source"))


@pytest.mark.shared
def test_real_adm1_geojson(shared_real: Path) -> None:
    path = shared_real / ADM1_DIR / "geoBoundaries-AFG-ADM1.geojson"
    provinces = bk.load_admin_units(1, path)
    assert_schema(provinces)
    assert len(provinces) == 34
    assert set(provinces["country"]) == {"AFG"}
    assert set(provinces["parent"]) == {"AFG"}
    assert (provinces["level"] == 1).all()
    assert {"Nangarhar", "Panjshir", "Daykundi", "Kunar", "Khost"} <= set(provinces["name"])
    nangarhar = provinces[provinces["name"] == "Nangarhar"].iloc[0]
    assert nangarhar.geometry.contains(JALALABAD)
    assert nangarhar.geometry.contains(TORKHAM)  # the layers disagree here (SOURCES.md §2)
    assert len(bk.load_admin_units(1, path, countries=None)) == 34
    with pytest.raises(SchemaError, match=r"holds no unit of \['PAK'\].*\['AFG'\]"):
        bk.load_admin_units(1, path, countries=("PAK",))


@pytest.mark.shared
def test_real_adm1_as_projected_geopackage(shared_real: Path, tmp_path: Path) -> None:
    source = shared_real / ADM1_DIR / "geoBoundaries-AFG-ADM1.geojson"
    original = gpd.read_file(source)
    gpkg = tmp_path / "afg.gpkg"
    original.to_crs(32642).to_file(gpkg, layer="provinces", driver="GPKG")  # UTM 42N
    original.head(2).to_file(gpkg, layer="other", driver="GPKG")
    provinces = bk.load_admin_units(1, gpkg, layer="provinces")
    assert_schema(provinces)
    assert len(provinces) == 34
    assert list(provinces["name"]) == list(original["shapeName"])
    assert list(provinces["unit_id"]) == list(original["shapeID"])
    assert provinces.total_bounds == pytest.approx(original.total_bounds, abs=1e-6)
    assert len(bk.load_admin_units(1, gpkg, layer="other")) == 2
    with pytest.raises(DataReadError, match=re.escape(str(gpkg))):
        bk.load_admin_units(1, gpkg, layer="nope")


@pytest.mark.shared
def test_real_topojson_needs_a_crs_and_has_one_invalid_geometry(shared_real: Path) -> None:
    path = shared_real / ADM2_DIR / "geoBoundaries-AFG-ADM2_simplified.topojson"
    with pytest.raises(CRSError) as info:
        bk.load_admin_units(2, path)
    assert str(path) in str(info.value)
    assert "crs='EPSG:4326'" in str(info.value)
    assert isinstance(info.value, ValueError)

    with pytest.warns(GeometryRepairWarning, match="repaired 1 invalid geometry") as record:
        districts = bk.load_admin_units(2, path, crs="EPSG:4326")
    assert path.name in str(record[0].message)
    assert_schema(districts)
    assert len(districts) == 398
    assert len(districts.attrs["repaired"]) == 1
    assert districts.loc[districts["name"] == "Jalalabad", "parent"].tolist() == ["AF-NAN"]


@pytest.mark.shared
def test_real_pak_adm0_at_level0(shared_real: Path) -> None:
    path = shared_real / "geoboundaries_pak_adm0" / "geoBoundaries-PAK-ADM0.geojson"
    country = bk.load_admin_units(0, path)
    assert_schema(country)
    assert len(country) == 1
    row = country.iloc[0]
    assert (row["name"], row["country"], row["level"]) == ("Pakistan", "PAK", 0)
    assert row["unit_id"] == "80972501B79610057257386"
    assert pd.isna(row["parent"])  # a country has no parent unit
    assert row.geometry.contains(PESHAWAR)
    assert row.geometry.contains(TORKHAM)


# --------------------------------------------------------------------------- geoBoundaries


def gb_meta(iso3: str, level: int, url: str | None, **extra: str) -> dict:
    """A gbOpen API answer shaped like the real one."""
    meta = {
        "boundaryID": f"{iso3}-ADM{level}-test",
        "boundaryName": {"AFG": "Afghanistan", "PAK": "Pakistan"}[iso3],
        "boundaryISO": iso3,
        "boundaryYear": "2014",
        "boundaryType": f"ADM{level}",
        "boundarySource": "AIMS, Esri",
        "boundaryLicense": "Public Domain",
        "licenseSource": "https://www.geoboundaries.org",
        "admUnitCount": "398",
        "gjDownloadURL": url,
        **extra,
    }
    if url is None:
        del meta["gjDownloadURL"]
    return meta


@pytest.fixture
def gb_api(http_server: LocalServer) -> LocalServer:
    settings.geoboundaries_api = http_server.url("/api/current/gbOpen")
    return http_server


@pytest.fixture
def adm2_bytes(shared_real: Path) -> bytes:
    return (shared_real / ADM2_DIR / "geoBoundaries-AFG-ADM2_simplified.geojson").read_bytes()


def route_afg_adm2(server: LocalServer, body: bytes) -> None:
    data = "/data/geoBoundaries-AFG-ADM2.geojson"
    meta = gb_meta("AFG", 2, server.url(data))
    server.route("/api/current/gbOpen/AFG/ADM2/", [(200, JSON_HEADERS, json.dumps(meta))])
    server.route(data, [(200, GEOJSON_HEADERS, body)])


@pytest.mark.shared
def test_geoboundaries_adm2_then_from_cache(gb_api: LocalServer, adm2_bytes: bytes) -> None:
    route_afg_adm2(gb_api, adm2_bytes)
    districts = bk.load_admin_units(2, "geoboundaries", countries=("AFG",))
    assert_schema(districts)
    assert len(districts) == 398
    assert set(districts["source"]) == {"geoboundaries"}
    assert (districts["level"] == 2).all()
    assert set(districts["country"]) == {"AFG"}
    assert set(districts["boundary_source"]) == {"AIMS, Esri"}
    assert set(districts["boundary_licence"]) == {"Public Domain"}
    jalalabad = districts[districts["name"] == "Jalalabad"].iloc[0]
    assert jalalabad["parent"] == "AF-NAN"
    assert jalalabad.geometry.contains(JALALABAD)
    assert gb_api.count("/api/current/gbOpen/AFG/ADM2/") == 1
    assert gb_api.count("/data/geoBoundaries-AFG-ADM2.geojson") == 1
    assert gb_api.requests[0].headers["User-Agent"] == settings.user_agent

    served = gb_api.count()
    again = bk.load_admin_units(2, "geoboundaries", countries=("AFG",))
    assert gb_api.count() == served
    assert_geodataframe_equal(again, districts)

    settings.offline = True  # the cached copies do not need the network
    offline = bk.load_admin_units(2, "geoboundaries", countries=["afg"])
    assert gb_api.count() == served
    assert_geodataframe_equal(offline, districts)


def test_geoboundaries_offline_without_cache(gb_api: LocalServer) -> None:
    settings.offline = True
    with pytest.raises(OfflineError) as info:
        bk.load_admin_units(2, "geoboundaries", countries=("AFG",))
    message = str(info.value)
    assert "geoBoundaries" in message
    assert "offline" in message
    assert "pass its path" in message
    assert "load_admin_units(level=2, source='path/to/geoBoundaries-AFG-ADM2.geojson')" in message
    assert isinstance(info.value, ConnectionError)
    assert gb_api.count() == 0


def test_geoboundaries_answer_without_download_url(gb_api: LocalServer) -> None:
    meta = gb_meta("AFG", 2, None)
    gb_api.route("/api/current/gbOpen/AFG/ADM2/", [(200, JSON_HEADERS, json.dumps(meta))])
    with pytest.raises(ResponseError, match=r"AFG ADM2.*has no gjDownloadURL") as info:
        bk.load_admin_units(2, "geoboundaries", countries=("AFG",))
    assert "pass its path" in str(info.value)


def test_geoboundaries_answer_that_is_not_json(gb_api: LocalServer) -> None:
    gb_api.route("/api/current/gbOpen/AFG/ADM1/", [(200, JSON_HEADERS, "<html>maintenance")])
    with pytest.raises(ResponseError, match="geoBoundaries"):
        bk.load_admin_units(1, "geoboundaries", countries=("AFG",))


def test_geoboundaries_needs_countries() -> None:
    with pytest.raises(SchemaError, match=r"countries=\(ISO3"):
        bk.load_admin_units(2, "geoboundaries", countries=None)


@pytest.mark.shared
def test_geoboundaries_retries_after_server_errors(gb_api: LocalServer, adm2_bytes: bytes) -> None:
    data = "/data/geoBoundaries-AFG-ADM2.geojson"
    meta = json.dumps(gb_meta("AFG", 2, gb_api.url(data)))
    busy = (500, {"Content-Type": "text/plain"}, "internal error")
    gb_api.route("/api/current/gbOpen/AFG/ADM2/", [busy, (200, JSON_HEADERS, meta)])
    gb_api.route(data, [(503, {}, "busy"), (200, GEOJSON_HEADERS, adm2_bytes)])
    districts = bk.load_admin_units(2, "geoboundaries", countries=("AFG",))
    assert len(districts) == 398
    assert gb_api.count("/api/current/gbOpen/AFG/ADM2/") == 2
    assert gb_api.count(data) == 2


@pytest.mark.shared
def test_geoboundaries_two_countries(gb_api: LocalServer, shared_real: Path, tmp_path: Path) -> None:
    # AFG: the real ADM1 file. PAK: the bundled provinces written as a gbOpen download.
    afg_bytes = (shared_real / ADM1_DIR / "geoBoundaries-AFG-ADM1.geojson").read_bytes()
    pak = bk.load_admin_units(countries=("PAK",))
    pak_gb = gpd.GeoDataFrame(
        {
            "shapeName": pak["name"],
            "shapeISO": pak["unit_id"],
            "shapeID": [f"PAK-ADM1-{i}" for i in range(len(pak))],
            "shapeGroup": "PAK",
            "shapeType": "ADM1",
        },
        geometry=pak.geometry.values,
        crs="EPSG:4326",
    )
    pak_path = tmp_path / "geoBoundaries-PAK-ADM1.geojson"
    pak_gb.to_file(pak_path, driver="GeoJSON")

    afg_url = gb_api.url("/data/AFG-ADM1.geojson")
    pak_url = gb_api.url("/data/PAK-ADM1.geojson")
    gb_api.route(
        "/api/current/gbOpen/AFG/ADM1/",
        [(200, JSON_HEADERS, json.dumps(gb_meta("AFG", 1, afg_url)))],
    )
    # The API may also answer with a list holding one record.
    pak_meta = gb_meta("PAK", 1, pak_url, boundarySource="Natural Earth")
    gb_api.route("/api/current/gbOpen/PAK/ADM1/", [(200, JSON_HEADERS, json.dumps([pak_meta]))])
    gb_api.route("/data/AFG-ADM1.geojson", [(200, GEOJSON_HEADERS, afg_bytes)])
    gb_api.route("/data/PAK-ADM1.geojson", [(200, GEOJSON_HEADERS, pak_path.read_bytes())])

    units = bk.load_admin_units(1, "geoboundaries", countries=("AFG", "PAK"))
    assert_schema(units)
    assert len(units) == 41
    assert units["country"].value_counts().to_dict() == {"AFG": 34, "PAK": 7}
    assert list(units.index) == list(range(41))
    assert (units["parent"] == units["country"]).all()
    assert set(units["source"]) == {"geoboundaries"}
    assert units["unit_id"].is_unique
    by_name = units.set_index("name")
    assert by_name.loc["Khyber Pakhtunkhwa", "unit_id"] == "PAK-ADM1-4"
    assert by_name.loc["Khyber Pakhtunkhwa", "boundary_source"] == "Natural Earth"
    assert by_name.loc["Nangarhar", "boundary_source"] == "AIMS, Esri"
    assert by_name.loc["Khyber Pakhtunkhwa", "geometry"].contains(PESHAWAR)


# --------------------------------------------------------------------------- bad input


def test_file_with_no_features(tmp_path: Path) -> None:
    path = write_geojson(tmp_path / "empty.geojson", [])
    with pytest.raises(EmptyDataError, match="holds no features") as info:
        bk.load_admin_units(2, path)
    assert str(path) in str(info.value)


def test_file_of_garbage_bytes(tmp_path: Path) -> None:
    path = tmp_path / "districts.geojson"
    path.write_bytes(b"\x00\x9f\x13garbage" + os.urandom(200))
    with pytest.raises(DataReadError, match="cannot read admin units file") as info:
        bk.load_admin_units(2, path)
    message = str(info.value)
    assert str(path) in message
    assert "GeoJSON" in message
    assert "GeoPackage" in message
    assert isinstance(info.value, OSError)
    assert info.value.__cause__ is not None


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "districts.gpkg"
    with pytest.raises(DataReadError, match="does not exist") as info:
        bk.load_admin_units(2, path)
    assert str(path) in str(info.value)
    with pytest.raises(DataReadError, match="does not exist"):
        bk.load_admin_units(2, str(path))


def test_shapefile_without_prj(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"shapeName": ["Kabul box", "Peshawar box"]},
        geometry=[KABUL.buffer(0.05), PESHAWAR.buffer(0.05)],
        crs="EPSG:4326",
    )
    shp = tmp_path / "districts.shp"
    frame.to_file(shp)
    shp.with_suffix(".prj").unlink()
    with pytest.raises(CRSError) as info:
        bk.load_admin_units(2, shp)
    assert str(shp) in str(info.value)
    assert "crs='EPSG:4326'" in str(info.value)

    # With the CRS given, and no country column, the country and the province
    # come from the bundled outlines, on each side of the border.
    units = bk.load_admin_units(2, shp, crs="EPSG:4326")
    assert_schema(units)
    assert list(units["country"]) == ["AFG", "PAK"]
    assert list(units["parent"]) == ["AF-KAB", "PK-KP"]
    assert list(units["unit_id"]) == ["districts.shp:0", "districts.shp:1"]
    assert len(bk.load_admin_units(2, shp, crs="EPSG:4326", countries=("PAK",))) == 1


def test_bow_tie_is_repaired_with_a_warning(tmp_path: Path) -> None:
    bow_tie = Polygon([(69, 34), (69.5, 34.5), (69.5, 34), (69, 34.5), (69, 34)])
    assert not bow_tie.is_valid
    path = write_geojson(
        tmp_path / "bow.geojson",
        [
            feature({"shapeName": "Bow tie", "shapeGroup": "AFG"}, bow_tie),
            feature({"shapeName": "Square", "shapeGroup": "AFG"}, box(70, 34, 70.2, 34.2)),
        ],
    )
    before = sha256(path)
    with pytest.warns(GeometryRepairWarning, match="repaired 1 invalid geometry") as record:
        units = bk.load_admin_units(2, path)
    assert len(record) == 1
    assert str(path) in str(record[0].message)
    assert "row 0" in str(record[0].message)
    assert_schema(units)
    assert list(units["name"]) == ["Bow tie", "Square"]
    # Both triangles of the bow tie are kept: 2 x (0.5 x 0.25 / 2) square degrees.
    assert units.geometry.iloc[0].area == pytest.approx(0.125)
    assert units.geometry.iloc[1].area == pytest.approx(0.04)
    assert units.attrs["repaired"] == [0]
    assert sha256(path) == before


def test_file_without_a_names_column(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"label": ["Surkh Rod"], "code": ["AF0605"], "iso": ["afg"]},
        geometry=[JALALABAD.buffer(0.1)],
        crs="EPSG:4326",
    )
    path = tmp_path / "odd.geojson"
    frame.to_file(path, driver="GeoJSON")
    with pytest.raises(SchemaError) as info:
        bk.load_admin_units(2, path)
    message = str(info.value)
    assert str(path) in message
    assert "['label', 'code', 'iso']" in message
    assert "columns={'name': " in message

    units = bk.load_admin_units(2, path, columns={"name": "label", "unit_id": "code", "country": "iso"})
    assert_schema(units)
    row = units.iloc[0]
    assert (row["unit_id"], row["name"], row["country"], row["parent"]) == (
        "AF0605",
        "Surkh Rod",
        "AFG",
        "AF-NAN",
    )
    assert list(units.columns) == [*SCHEMA, "geometry"]

    with pytest.raises(SchemaError, match=r"'name' to 'title'.*does not have"):
        bk.load_admin_units(2, path, columns={"name": "title"})
    with pytest.raises(SchemaError, match=r"unknown schema fields \['label'\]"):
        bk.load_admin_units(2, path, columns={"label": "name"})


def test_zip_with_two_shapefiles(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"shapeName": ["A"]}, geometry=[KABUL.buffer(0.1)], crs="EPSG:4326")
    for stem in ("first", "second"):
        frame.to_file(tmp_path / f"{stem}.shp")
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for stem in ("first", "second"):
            for ext in SHP_PARTS:
                zf.write(tmp_path / f"{stem}.{ext}", f"{stem}.{ext}")
    with pytest.raises(DataReadError, match="exactly one vector file") as info:
        bk.load_admin_units(2, archive)
    message = str(info.value)
    assert str(archive) in message
    assert "first.shp, second.shp" in message

    single = tmp_path / "one.zip"
    with zipfile.ZipFile(single, "w") as zf:
        for ext in SHP_PARTS:
            zf.write(tmp_path / f"first.{ext}", f"first.{ext}")
    assert bk.load_admin_units(2, single)["name"].tolist() == ["A"]

    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataReadError, match="not a valid zip file") as info:
        bk.load_admin_units(2, broken)
    assert str(broken) in str(info.value)


def test_rows_without_geometry_are_dropped_and_recorded(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path / "nulls.geojson",
        [
            feature({"shapeName": "A", "shapeGroup": "AFG"}, KABUL.buffer(0.1)),
            feature({"shapeName": "B", "shapeGroup": "AFG"}, None),
            feature({"shapeName": "C", "shapeGroup": "AFG"}, JALALABAD.buffer(0.1)),
            feature({"shapeName": "D", "shapeGroup": "AFG"}, None),
        ],
    )
    before = sha256(path)
    with pytest.warns(DroppedRowsWarning, match=r"dropped 2 row\(s\) \(no geometry\)") as record:
        units = bk.load_admin_units(2, path)
    assert len(record) == 1
    assert str(path) in str(record[0].message)
    assert "rows 1, 3" in str(record[0].message)
    assert_schema(units)
    assert list(units["name"]) == ["A", "C"]
    assert list(units["parent"]) == ["AF-KAB", "AF-NAN"]
    assert units.attrs["dropped"] == [
        {"row": 1, "reason": "no geometry"},
        {"row": 3, "reason": "no geometry"},
    ]
    assert sha256(path) == before


def test_file_whose_rows_all_lack_geometry(tmp_path: Path) -> None:
    path = write_geojson(tmp_path / "nothing.geojson", [feature({"shapeName": "B"}, None)])
    with (
        pytest.warns(DroppedRowsWarning, match=r"dropped 1 row"),
        pytest.raises(EmptyDataError, match="no feature with a geometry") as info,
    ):
        bk.load_admin_units(2, path)
    assert str(path) in str(info.value)


def test_projected_geopackage_is_returned_in_lon_lat(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"ADM2_EN": ["Peshawar"], "ADM2_PCODE": ["PK401"], "ADM1_PCODE": ["PK4"]},
        geometry=[box(71.45, 33.9, 71.7, 34.15)],
        crs="EPSG:4326",
    )
    path = tmp_path / "pak_adm2.gpkg"
    frame.to_crs(32642).to_file(path, driver="GPKG")
    units = bk.load_admin_units(2, path)
    assert_schema(units)
    row = units.iloc[0]
    # OCHA COD-AB names are recognised, and the file's own parent code wins.
    assert (row["unit_id"], row["name"], row["parent"], row["country"]) == (
        "PK401",
        "Peshawar",
        "PK4",
        "PAK",
    )
    assert units.total_bounds == pytest.approx([71.45, 33.9, 71.7, 34.15], abs=1e-7)
    assert row.geometry.contains(PESHAWAR)


# --------------------------------------------------------------------------- wrong coordinates (issue 9 §4)


def two_districts() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"shapeName": ["Kabul box", "Peshawar box"], "shapeID": ["K1", "P1"]},
        geometry=[KABUL.buffer(0.05), PESHAWAR.buffer(0.05)],
        crs="EPSG:4326",
    )


def write_as_if_lon_lat(frame: gpd.GeoDataFrame, path: Path) -> Path:
    """Write ``frame``'s coordinates into a GeoJSON, which always reads back as EPSG:4326."""
    features = [
        feature({k: v for k, v in row.items() if k != "geometry"}, row.geometry)
        for _, row in frame.iterrows()
    ]
    return write_geojson(path, features)


def test_web_mercator_metres_labelled_4326_are_refused_and_crs_is_honoured(tmp_path: Path) -> None:
    path = write_as_if_lon_lat(two_districts().to_crs(3857), tmp_path / "a_3857.geojson")
    with pytest.raises(CRSError, match=r"look like projected metres") as info:
        bk.load_admin_units(2, path)
    message = str(info.value)
    assert str(path) in message
    assert "crs='EPSG:3857'" in message

    units = bk.load_admin_units(2, path, crs="EPSG:3857")
    assert_schema(units)
    assert units.total_bounds == pytest.approx(two_districts().total_bounds, abs=1e-6)
    assert list(units["parent"]) == ["AF-KAB", "PK-KP"]


def test_degrees_said_to_be_metres_are_refused(tmp_path: Path) -> None:
    path = write_as_if_lon_lat(two_districts(), tmp_path / "degrees.geojson")
    with pytest.raises(CRSError, match=r"look like longitude/latitude degrees.*crs='EPSG:4326'"):
        bk.load_admin_units(2, path, crs="EPSG:3857")


def test_a_unit_at_latitude_200_is_dropped_and_named(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path / "lat200.geojson",
        [
            feature({"shapeName": "Good", "shapeGroup": "AFG"}, KABUL.buffer(0.05)),
            feature({"shapeName": "Off the globe", "shapeGroup": "AFG"}, box(69, 200, 69.1, 200.1)),
        ],
    )
    with pytest.warns(DroppedRowsWarning, match=r"dropped 1 row\(s\) \(coordinates outside the range") as rec:
        units = bk.load_admin_units(2, path)
    assert "rows 1" in str(rec[0].message)
    assert list(units["name"]) == ["Good"]
    assert units.attrs["dropped"][0]["row"] == 1


def test_swapped_latitude_and_longitude_are_refused(tmp_path: Path) -> None:
    swapped = two_districts()
    swapped["geometry"] = shapely.transform(swapped.geometry.values, lambda xy: xy[:, ::-1])
    path = write_as_if_lon_lat(swapped, tmp_path / "swapped.geojson")
    with pytest.raises(CRSError, match="look swapped") as info:
        bk.load_admin_units(2, path)
    assert str(path) in str(info.value)


def test_points_and_lines_among_polygons_are_dropped_and_named(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path / "mixed.geojson",
        [
            feature({"shapeName": "Area", "shapeGroup": "AFG"}, KABUL.buffer(0.05)),
            feature({"shapeName": "Pin", "shapeGroup": "AFG"}, JALALABAD),
            feature({"shapeName": "Road", "shapeGroup": "PAK"}, shapely.LineString([(71, 34), (71.5, 34)])),
        ],
    )
    with pytest.warns(
        DroppedRowsWarning, match=r"dropped 2 row\(s\) \(not a polygon \(LineString, Point\)\)"
    ):
        units = bk.load_admin_units(2, path)
    assert list(units["name"]) == ["Area"]
    assert [d["row"] for d in units.attrs["dropped"]] == [1, 2]

    only_points = write_geojson(tmp_path / "points.geojson", [feature({"shapeName": "Pin"}, JALALABAD)])
    with pytest.raises(SchemaError, match="holds no polygons"):
        bk.load_admin_units(2, only_points)


def test_duplicate_unit_ids_are_refused_with_the_rows(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path / "dups.geojson",
        [
            feature({"shapeName": "A", "shapeID": "X1", "shapeGroup": "AFG"}, KABUL.buffer(0.05)),
            feature({"shapeName": "B", "shapeID": "X2", "shapeGroup": "AFG"}, JALALABAD.buffer(0.05)),
            feature({"shapeName": "C", "shapeID": "X1", "shapeGroup": "PAK"}, PESHAWAR.buffer(0.05)),
        ],
    )
    with pytest.raises(SchemaError, match=r"2 rows share a unit id \(column 'shapeID'\)") as info:
        bk.load_admin_units(2, path)
    assert "row 0 (X1), row 2 (X1)" in str(info.value)
    assert "columns={'unit_id'" in str(info.value)


def test_non_finite_coordinates_are_dropped_and_named(tmp_path: Path) -> None:
    frame = two_districts()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # shapely warns about the NaN it is given
        frame.loc[1, "geometry"] = Polygon([(71, 34), (float("nan"), 34.1), (71.1, 34.1), (71, 34)])
    path = tmp_path / "nan.gpkg"
    frame.to_file(path, driver="GPKG")
    with pytest.warns(DroppedRowsWarning, match=r"non-finite coordinates"):
        units = bk.load_admin_units(2, path)
    assert list(units["name"]) == ["Kabul box"]


def test_level_as_a_string_and_one_country_as_a_string(tmp_path: Path) -> None:
    path = write_as_if_lon_lat(two_districts(), tmp_path / "two.geojson")
    assert_geodataframe_equal(bk.load_admin_units("2", path), bk.load_admin_units(2, path))
    assert list(bk.load_admin_units(2, path, countries="PAK")["name"]) == ["Peshawar box"]
    assert list(bk.load_admin_units(countries="PAK")["country"].unique()) == ["PAK"]
    assert len(bk.load_admin_units("1")) == len(bk.load_admin_units(1))
    for bad in ("one", -1, 9, True, 1.5):
        with pytest.raises(SchemaError, match="is not an administrative level"):
            bk.load_admin_units(bad, path)


GB_SMALL = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            feature({"shapeName": "Kabul box", "shapeID": "AFG-1", "shapeGroup": "AFG"}, KABUL.buffer(0.05))
        ],
    }
)


def test_geoboundaries_html_answered_200_is_never_cached(gb_api: LocalServer) -> None:
    data = "/data/geoBoundaries-AFG-ADM2.geojson"
    meta = gb_meta("AFG", 2, gb_api.url(data))
    gb_api.route("/api/current/gbOpen/AFG/ADM2/", [(200, JSON_HEADERS, json.dumps(meta))])
    gb_api.route(
        data,
        [(200, {"Content-Type": "text/html"}, "<html><body>Rate limited</body></html>"), (200, {}, GB_SMALL)],
    )
    with pytest.raises(ResponseError, match=r"not GeoJSON.*it was not cached") as info:
        bk.load_admin_units(2, "geoboundaries", countries="AFG")
    assert "Rate limited" in str(info.value)
    units = bk.load_admin_units(2, "geoboundaries", countries="AFG")  # the server recovered
    assert list(units["unit_id"]) == ["AFG-1"]
    assert gb_api.count(data) == 2


def test_geoboundaries_answer_without_download_url_is_not_cached(gb_api: LocalServer) -> None:
    data = "/data/geoBoundaries-AFG-ADM2.geojson"
    api = "/api/current/gbOpen/AFG/ADM2/"
    good = gb_meta("AFG", 2, gb_api.url(data))
    gb_api.route(
        api, [(200, JSON_HEADERS, json.dumps(gb_meta("AFG", 2, None))), (200, JSON_HEADERS, json.dumps(good))]
    )
    gb_api.route(data, [(200, {}, GB_SMALL)])
    with pytest.raises(ResponseError, match="has no gjDownloadURL"):
        bk.load_admin_units(2, "geoboundaries", countries="AFG")
    assert len(bk.load_admin_units(2, "geoboundaries", countries="AFG")) == 1
    assert gb_api.count(api) == 2


def test_geoboundaries_refresh_fetches_again(gb_api: LocalServer) -> None:
    data = "/data/geoBoundaries-AFG-ADM2.geojson"
    gb_api.route(
        "/api/current/gbOpen/AFG/ADM2/",
        [(200, JSON_HEADERS, json.dumps(gb_meta("AFG", 2, gb_api.url(data))))],
    )
    gb_api.route(data, [(200, {}, GB_SMALL)])
    bk.load_admin_units(2, "geoboundaries", countries="AFG")
    bk.load_admin_units(2, "geoboundaries", countries="AFG")
    assert gb_api.count(data) == 1
    bk.load_admin_units(2, "geoboundaries", countries="AFG", refresh=True)
    assert gb_api.count(data) == 2
