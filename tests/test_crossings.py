"""Tests of load_crossings: the bundled list, OSM XML, the Overpass path (no network), files, bad input."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import osmnx as ox
import pandas as pd
import pytest
import requests
import shapely

import borderkit as bk
from borderkit import settings
from borderkit.errors import (
    CRSError,
    DataReadError,
    DroppedRowsWarning,
    EmptyDataError,
    FarFromBorderWarning,
    OfflineError,
    SchemaError,
    SourceUnavailableError,
)
from borderkit.geo import sources
from borderkit.geo.geodesy import GEOD, nearest_point_on_line

SCHEMA = ["crossing_id", "name", "alt_names", "status", "kind", "pk_side", "af_side", "source", "as_of"]
BUNDLED_EXTRAS = [
    "pk_province",
    "pk_district",
    "af_province",
    "af_district",
    "lat",
    "lon",
    "cited_lat",
    "cited_lon",
    "location_precision",
    "distance_to_border_m",
    "coord_source",
    "status_source",
    "kind_source",
    "notes",
]
TORKHAM = (34.11472, 71.08472)  # lat, lon of the bundled row (Wikipedia infobox)
ANGOOR_ADDA = (32.51556, 69.2825)
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


# --------------------------------------------------------------------------- independent reference


class DenseLine:
    """The border densified to ~100 m, for geodesic distances independent of the library's."""

    def __init__(self, line: shapely.LineString) -> None:
        dense = shapely.segmentize(line, 0.001)  # degrees: at most ~110 m between vertices
        xy = shapely.get_coordinates(dense)
        self.lon, self.lat = xy[:, 0], xy[:, 1]

    def nearest(self, lon: float, lat: float) -> tuple[float, float, float]:
        """Return lon, lat of the nearest dense vertex and its geodesic distance (m)."""
        n = len(self.lon)
        _, _, d = GEOD.inv(np.full(n, lon), np.full(n, lat), self.lon, self.lat)
        i = int(np.argmin(d))
        return float(self.lon[i]), float(self.lat[i]), float(d[i])

    def distance_m(self, lon: float, lat: float) -> float:
        return self.nearest(lon, lat)[2]

    def bounds_m(self, lon: float, lat: float) -> tuple[float, float]:
        """Bounds on the distance to the line itself: the nearest vertex is at most ~56 m along it.

        With ``d`` the distance to the nearest vertex and ``h`` to the line,
        ``d**2 <= h**2 + 56**2``, so ``sqrt(d**2 - 56**2) <= h <= d``: tight far
        from the line, loose for a point almost on it.
        """
        d = self.distance_m(lon, lat)
        return float(np.sqrt(max(d * d - 56.0**2, 0.0))), d


@pytest.fixture(scope="module")
def line() -> shapely.LineString:
    return bk.load_border().geometry.iloc[0]


@pytest.fixture(scope="module")
def dense(line: shapely.LineString) -> DenseLine:
    return DenseLine(line)


@pytest.fixture(scope="module")
def bundled() -> gpd.GeoDataFrame:
    return bk.load_crossings()


@pytest.fixture(scope="module")
def bundled_csv() -> pd.DataFrame:
    from borderkit.geo import _data

    return pd.read_csv(_data.data_path("crossings.csv"), keep_default_na=False)


# --------------------------------------------------------------------------- bundled


def test_bundled_schema(bundled: gpd.GeoDataFrame, bundled_csv: pd.DataFrame) -> None:
    located = _rows(bundled_csv)  # the file's located Durand Line rows, read independently
    assert len(bundled) == len(located) >= 7
    assert list(bundled.columns[: len(SCHEMA)]) == SCHEMA
    extras = [*BUNDLED_EXTRAS, "border", "border_distance_m", "geometry"]
    assert list(bundled.columns[len(SCHEMA) :]) == extras
    assert bundled.crs.to_epsg() == 4326
    assert set(bundled.geom_type) == {"Point"}
    assert set(bundled["border"]) == {"AFG-PAK"}
    assert bundled["crossing_id"].tolist() == located["crossing_id"].tolist()
    assert {"torkham", "chaman-spin-boldak", "ghulam-khan", "kharlachi"} <= set(bundled["crossing_id"])
    assert bundled["status"].tolist() == located["status"].tolist()
    assert set(bundled["source"]) == {"borderkit-crossings"}
    text = [c for c in SCHEMA if c != "crossing_id"] + ["pk_district", "af_district", "notes"]
    assert not bundled[text].isna().any().any()  # missing text is "", not NaN
    np.testing.assert_allclose(bundled.geometry.x, bundled["lon"])
    np.testing.assert_allclose(bundled.geometry.y, bundled["lat"])


def test_bundled_rows_within_1_km_of_the_border(bundled: gpd.GeoDataFrame, dense: DenseLine) -> None:
    far = []
    for _, row in bundled.iterrows():
        low, ref = dense.bounds_m(row.geometry.x, row.geometry.y)
        # The library's distance lies within the dense reference's bounds (vertex spacing ~100 m) ...
        assert low - 1 <= row["border_distance_m"] <= ref + 1, (row["crossing_id"], low, ref)
        # ... and so does the file's own recorded distance (rounded to the metre).
        assert low - 1 <= row["distance_to_border_m"] <= ref + 1, (row["crossing_id"], low, ref)
        if ref > 1000:
            far.append(f"{row['crossing_id']} ({row['name']}): {ref:.0f} m")
    assert not far, f"bundled crossings farther than 1 km from bk.load_border(): {far}"


def test_bundled_citations(bundled: gpd.GeoDataFrame) -> None:
    for _, row in bundled.iterrows():
        fields = ["coord_source", "kind_source"] + (["status_source"] if row["status"] != "unknown" else [])
        for field in fields:
            cite = row[field]
            assert cite, f"{row['crossing_id']}: {field} is empty"
            assert "http" in cite, f"{row['crossing_id']}: {field} has no URL: {cite}"
            assert DATE.search(cite), f"{row['crossing_id']}: {field} has no date: {cite}"


@pytest.mark.parametrize(("country", "column"), [("PAK", "pk_province"), ("AFG", "af_province")])
def test_bundled_provinces_are_the_nearest(bundled: gpd.GeoDataFrame, country: str, column: str) -> None:
    provinces = bk.load_admin_units(countries=[country])
    for _, row in bundled.iterrows():
        lon, lat = row.geometry.x, row.geometry.y
        local = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
        dist = provinces.to_crs(local).distance(shapely.Point(0, 0))
        nearest = provinces.loc[dist.idxmin(), "name"]
        assert row[column] == nearest, f"{row['crossing_id']}: {column} {row[column]!r}, nearest {nearest!r}"


def test_bundled_location_precision(bundled: gpd.GeoDataFrame, dense: DenseLine) -> None:
    assert set(bundled["location_precision"]) <= {"crossing", "town", "snapped", "secondary", "derived"}
    snapped = bundled[bundled["location_precision"] == "snapped"]
    for _, row in snapped.iterrows():
        assert (row["cited_lat"], row["cited_lon"]) != (row["lat"], row["lon"])
        notes = row["notes"].lower()
        assert "cited" in notes
        assert "nearest point of the line" in notes
        # The cited point is more than 1 km from the line; the point is the line's nearest to it.
        _, _, moved = GEOD.inv(row["cited_lon"], row["cited_lat"], row["lon"], row["lat"])
        cited_to_line = dense.distance_m(row["cited_lon"], row["cited_lat"])
        assert cited_to_line > 1000
        assert moved == pytest.approx(cited_to_line, rel=0.01)
    for _, row in bundled[bundled["location_precision"] != "snapped"].iterrows():
        assert (row["cited_lat"], row["cited_lon"]) == (row["lat"], row["lon"])


def test_catalogue_entries() -> None:
    assert "borderkit-crossings" in sources.bundled_sources()
    assert sources.bundled_sources()["borderkit-crossings"].files == ("crossings.csv",)
    osm = sources.catalogue()["osm"]
    assert osm.kind == "network"
    assert "OpenStreetMap" in sources.attribution("osm")
    assert "ODbL" in osm.licence


# --------------------------------------------------------------------------- OSM XML


OSM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="JOSM" copyright="OpenStreetMap and contributors">
  <bounds minlat="32.5000" minlon="69.2700" maxlat="34.1300" maxlon="71.1000"/>
  <node id="1001" version="3" timestamp="2024-03-01T10:00:00Z" uid="42" user="mapper" changeset="7001"
        lat="34.11472" lon="71.08472">
    <tag k="barrier" v="border_control"/>
    <tag k="name" v="Torkham"/>
    <tag k="name:ps" v="تورخم"/>
    <tag k="name:ur" v="طورخم"/>
    <tag k="name:en" v="Torkham"/>
  </node>
  <node id="1002" version="1" lat="34.1152" lon="71.0861"/>
  <node id="1003" version="1" lat="34.1139" lon="71.0831">
    <tag k="barrier" v="gate"/>
  </node>
  <node id="2001" version="1" lat="32.5150" lon="69.2820"/>
  <node id="2002" version="1" lat="32.5150" lon="69.2830"/>
  <node id="2003" version="1" lat="32.5160" lon="69.2830"/>
  <node id="2004" version="1" lat="32.5160" lon="69.2820"/>
  <way id="3001" version="2" timestamp="2023-06-01T08:00:00Z" uid="43" user="other" changeset="7002">
    <nd ref="2001"/><nd ref="2002"/><nd ref="2003"/><nd ref="2004"/><nd ref="2001"/>
    <tag k="barrier" v="border_control"/>
    <tag k="name:en" v="Angoor Adda"/>
    <tag k="alt_name" v="Angur Ada"/>
    <tag k="source" v="survey"/>
    <tag k="disused" v="yes"/>
  </way>
</osm>
"""


@pytest.fixture
def osm_file(tmp_path: Path) -> Path:
    path = tmp_path / "border_controls.osm"
    path.write_text(OSM_XML, encoding="utf-8")
    return path


def _check_osm_frame(frame: gpd.GeoDataFrame, dense: DenseLine) -> None:
    assert list(frame.columns[: len(SCHEMA)]) == SCHEMA
    assert frame["crossing_id"].tolist() == ["osm-node-1001", "osm-way-3001"]  # the gate is not one
    assert frame["name"].tolist() == ["Torkham", "Angoor Adda"]
    assert frame["alt_names"].tolist() == ["ps: تورخم | ur: طورخم", "Angur Ada"]
    assert frame["status"].tolist() == ["unknown", "disused"]
    assert set(frame["kind"]) == {"border control (OSM)"}
    assert set(frame["source"]) == {"osm"}
    assert set(frame["as_of"]) == {""}
    assert frame.loc[1, "osm_source"] == "survey"  # the OSM source tag does not clobber the schema's
    assert set(frame.geom_type) == {"Point"}
    assert frame.geometry.iloc[0].equals(shapely.Point(TORKHAM[1], TORKHAM[0]))
    way = frame.geometry.iloc[1]
    assert shapely.box(69.2820, 32.5150, 69.2830, 32.5160).covers(way)
    for i in range(2):
        ref = dense.distance_m(frame.geometry.iloc[i].x, frame.geometry.iloc[i].y)
        assert frame["border_distance_m"].iloc[i] == pytest.approx(ref, abs=15)


def test_osm_xml_file(osm_file: Path, dense: DenseLine) -> None:
    frame = bk.load_crossings(osm_file)
    _check_osm_frame(frame, dense)


def test_osm_offline_raises_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("osmnx was called while offline")

    monkeypatch.setattr(ox, "features_from_polygon", no_network)
    settings.offline = True
    with pytest.raises(OfflineError, match="OpenStreetMap Overpass API") as info:
        bk.load_crossings("osm")
    assert ".osm" in str(info.value)
    assert "CSV/GeoJSON" in str(info.value)


def _keep_osmnx_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("cache_folder", "use_cache", "requests_timeout", "http_user_agent", "max_query_area_size"):
        monkeypatch.setattr(ox.settings, name, getattr(ox.settings, name))


def test_osm_query_polygon_and_settings(
    monkeypatch: pytest.MonkeyPatch, osm_file: Path, line: shapely.LineString, dense: DenseLine
) -> None:
    _keep_osmnx_settings(monkeypatch)
    calls: list[tuple[shapely.Geometry, dict]] = []
    seen_settings: dict[str, object] = {}

    def fake(polygon: shapely.Geometry, tags: dict) -> gpd.GeoDataFrame:
        calls.append((polygon, tags))
        names = ("max_query_area_size", "cache_folder", "use_cache", "requests_timeout", "http_user_agent")
        for name in names:
            seen_settings[name] = getattr(ox.settings, name)
        return ox.features_from_xml(osm_file, tags=tags)

    monkeypatch.setattr(ox, "features_from_polygon", fake)
    mqas = ox.settings.max_query_area_size
    ox.settings.cache_folder = "users-own-osmnx-cache"  # the user's own settings, to be restored
    ox.settings.http_user_agent = "users-own-agent"
    settings.timeout = 12.5
    frame = bk.load_crossings("osm", max_distance_km=5.0)
    _check_osm_frame(frame, dense)

    assert len(calls) == 1
    polygon, tags = calls[0]
    assert tags == {"barrier": "border_control"}
    assert isinstance(polygon, shapely.Polygon)
    assert polygon.is_valid
    assert polygon.contains(line)
    # The edge lies 5 km (+-1 %) from the line, geodesically, all along it.
    ring = shapely.get_coordinates(polygon.exterior)
    for i in np.linspace(0, len(ring) - 2, 15).astype(int):
        d = dense.distance_m(*ring[i])
        assert d == pytest.approx(5000, rel=0.01), f"edge vertex {i} at {ring[i]}: {d:.0f} m"
    # osmnx would replace a polygon above max_query_area_size by its convex hull.
    projected, _ = ox.projection.project_geometry(polygon)
    assert seen_settings["max_query_area_size"] > projected.area
    # During the call osmnx used borderkit's settings ...
    assert Path(seen_settings["cache_folder"]).is_relative_to(Path(settings.cache_folder))
    assert seen_settings["use_cache"] is settings.use_cache
    assert seen_settings["requests_timeout"] == 12.5
    assert seen_settings["http_user_agent"] == settings.user_agent
    # ... and the user's own osmnx settings are back afterwards.
    assert ox.settings.max_query_area_size == mqas
    assert ox.settings.cache_folder == "users-own-osmnx-cache"
    assert ox.settings.http_user_agent == "users-own-agent"


def test_osm_errors_are_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    from osmnx._errors import InsufficientResponseError

    _keep_osmnx_settings(monkeypatch)

    def nothing(polygon: shapely.Geometry, tags: dict) -> gpd.GeoDataFrame:
        raise InsufficientResponseError("No matching features. Check query location, tags, and log.")

    def down(polygon: shapely.Geometry, tags: dict) -> gpd.GeoDataFrame:
        raise requests.exceptions.ConnectionError("connection refused")

    monkeypatch.setattr(ox, "features_from_polygon", nothing)
    with pytest.raises(EmptyDataError, match="barrier=border_control within 2 km"):
        bk.load_crossings("osm", max_distance_km=2)
    monkeypatch.setattr(ox, "features_from_polygon", down)
    with pytest.raises(SourceUnavailableError, match="OpenStreetMap Overpass API"):
        bk.load_crossings("osm", max_distance_km=2)


def test_osm_xml_without_border_controls(tmp_path: Path) -> None:
    path = tmp_path / "empty.osm"
    path.write_text(
        '<?xml version="1.0"?><osm version="0.6" generator="t"><node id="1" version="1" lat="34.1" '
        'lon="71.1"><tag k="barrier" v="gate"/></node></osm>',
        encoding="utf-8",
    )
    with pytest.raises(EmptyDataError, match="barrier=border_control"):
        bk.load_crossings(path)


# --------------------------------------------------------------------------- local files


def _rows(bundled_csv: pd.DataFrame) -> pd.DataFrame:
    """The located AFG-PAK rows of the bundled file (those bk.load_crossings() returns)."""
    keep = bundled_csv["lat"].astype(str).str.strip() != ""
    if "border" in bundled_csv.columns:
        keep &= bundled_csv["border"].isin(["", "AFG-PAK"])
    table = bundled_csv.loc[keep, ["crossing_id", "name", "status", "kind", "lat", "lon"]]
    return table.astype({"lat": float, "lon": float}).reset_index(drop=True)


def test_csv_with_latitude_longitude_headers(tmp_path: Path, bundled: gpd.GeoDataFrame, bundled_csv) -> None:
    path = tmp_path / "crossings.csv"
    _rows(bundled_csv).rename(columns={"lat": "Latitude", "lon": "Longitude"}).to_csv(path, index=False)
    frame = bk.load_crossings(path)
    assert frame["crossing_id"].tolist() == bundled["crossing_id"].tolist()
    assert frame["name"].tolist() == bundled["name"].tolist()
    assert set(frame["source"]) == {"crossings.csv"}
    assert frame.geometry.geom_equals(bundled.geometry).all()
    # The file's rows are measured here; the bundled ones carry the build script's distance (whole metres).
    np.testing.assert_allclose(frame["border_distance_m"], bundled["border_distance_m"], atol=0.5)
    assert list(frame.columns) == [*SCHEMA, "Latitude", "Longitude", "border_distance_m", "geometry"]


def test_csv_with_columns_mapping(tmp_path: Path, bundled: gpd.GeoDataFrame, bundled_csv) -> None:
    path = tmp_path / "posts.csv"
    table = _rows(bundled_csv).drop(columns=["crossing_id"])
    table = table.rename(columns={"name": "Crossing", "lat": "Y_coord", "lon": "X_coord", "status": "State"})
    table["State"] = table["State"].str.upper()
    table.to_csv(path, index=False)
    frame = bk.load_crossings(
        path, columns={"name": "Crossing", "lat": "Y_coord", "lon": "X_coord", "status": "State"}
    )
    # Ids derived from the names are the bundled ids; the status is lower-cased.
    assert frame["crossing_id"].tolist() == bundled["crossing_id"].tolist()
    assert frame["name"].tolist() == bundled["name"].tolist()
    assert frame["status"].tolist() == bundled["status"].tolist()
    assert "Crossing" not in frame.columns
    assert "State" not in frame.columns
    assert frame.geometry.geom_equals(bundled.geometry).all()


def test_csv_defaults_and_unique_slugs(tmp_path: Path) -> None:
    path = tmp_path / "minimal.csv"
    path.write_text(
        "Name,LAT,Lng\nTorkham,34.11472,71.08472\nTorkham,34.1150,71.0850\nتورخم,34.1148,71.0848\n",
        encoding="utf-8",
    )
    frame = bk.load_crossings(path)
    assert frame["crossing_id"].tolist() == ["torkham", "torkham-2", "crossing-3"]
    assert set(frame["status"]) == {"unknown"}
    assert set(frame["kind"]) == {"unknown"}
    assert set(frame["alt_names"]) == {""}
    assert set(frame["pk_side"]) == {""}


def test_geojson_and_geopackage_round_trip(tmp_path: Path, bundled: gpd.GeoDataFrame) -> None:
    for name, driver in (("c.geojson", "GeoJSON"), ("c.gpkg", "GPKG")):
        path = tmp_path / name
        bundled.to_file(path, driver=driver)
        frame = bk.load_crossings(path)
        assert frame["crossing_id"].tolist() == bundled["crossing_id"].tolist(), name
        assert frame["name"].tolist() == bundled["name"].tolist(), name
        assert frame["pk_province"].tolist() == bundled["pk_province"].tolist(), name
        assert list(frame.columns[: len(SCHEMA)]) == SCHEMA
        assert frame.geometry.geom_equals_exact(bundled.geometry, tolerance=1e-9).all(), name
        # The bundled rows carry the build script's distance, in whole metres.
        np.testing.assert_allclose(frame["border_distance_m"], bundled["border_distance_m"], atol=0.5)


def test_geojson_without_crs_member_is_wgs84(tmp_path: Path) -> None:
    path = tmp_path / "nocrs.geojson"
    feature = {
        "type": "Feature",
        "properties": {"name": "Torkham", "status": "Closed"},
        "geometry": {"type": "Point", "coordinates": [TORKHAM[1], TORKHAM[0]]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    frame = bk.load_crossings(path)
    assert frame.loc[0, "crossing_id"] == "torkham"
    assert frame.loc[0, "status"] == "closed"
    assert frame.crs.to_epsg() == 4326


def test_shapefile_without_prj(tmp_path: Path, bundled: gpd.GeoDataFrame) -> None:
    path = tmp_path / "c.shp"
    bundled[["crossing_id", "name", "geometry"]].rename(columns={"crossing_id": "id"}).to_file(path)
    path.with_suffix(".prj").unlink()
    with pytest.raises(CRSError, match=r"c\.shp has no CRS"):
        bk.load_crossings(path)
    frame = bk.load_crossings(path, crs="EPSG:4326")
    assert frame["crossing_id"].tolist() == bundled["crossing_id"].tolist()


# --------------------------------------------------------------------------- bad input


def _write(path: Path, table: pd.DataFrame) -> Path:
    table.to_csv(path, index=False)
    return path


def test_missing_lat_column(tmp_path: Path, bundled_csv) -> None:
    path = _write(tmp_path / "nolat.csv", _rows(bundled_csv).drop(columns=["lat"]))
    with pytest.raises(SchemaError) as info:
        bk.load_crossings(path)
    msg = str(info.value)
    assert "nolat.csv" in msg
    assert "['lat']" in msg
    assert "'crossing_id', 'name', 'status', 'kind', 'lon'" in msg  # the file's columns
    assert "columns=" in msg


def test_missing_name_column(tmp_path: Path, bundled_csv) -> None:
    path = _write(tmp_path / "noname.csv", _rows(bundled_csv).drop(columns=["name"]))
    with pytest.raises(SchemaError, match=r"lacks the column\(s\) \['name'\].*columns="):
        bk.load_crossings(path)


def test_unparseable_latitude_names_the_row(tmp_path: Path, bundled_csv) -> None:
    table = _rows(bundled_csv).astype({"lat": object})
    table.loc[2, "lat"] = "abc"
    path = _write(tmp_path / "abc.csv", table)
    with pytest.raises(SchemaError) as info:
        bk.load_crossings(path)
    msg = str(info.value)
    assert "abc.csv" in msg
    assert "column 'lat'" in msg
    assert "row 3 ('abc')" in msg
    assert "row 1" not in msg


def test_missing_coordinate_names_the_row(tmp_path: Path, bundled_csv) -> None:
    table = _rows(bundled_csv)
    table.loc[1, "lon"] = np.nan
    path = _write(tmp_path / "gap.csv", table)
    with pytest.raises(SchemaError, match=r"column 'lon' .* row 2 \(empty\)"):
        bk.load_crossings(path)


def test_latitude_out_of_range(tmp_path: Path, bundled_csv) -> None:
    table = _rows(bundled_csv)
    table.loc[3, "lat"] = 95.0
    path = _write(tmp_path / "lat95.csv", table)
    with pytest.raises(
        SchemaError, match=r"lat95\.csv: latitude outside \[-90, 90\] in 'lat' at row 4 \(95\)"
    ):
        bk.load_crossings(path)


def test_swapped_columns(tmp_path: Path, bundled_csv) -> None:
    table = _rows(bundled_csv).rename(columns={"lat": "lon", "lon": "lat"})
    path = _write(tmp_path / "swapped.csv", table)
    with pytest.raises(SchemaError, match="swapped") as info:
        bk.load_crossings(path)
    msg = str(info.value)
    assert "swapped.csv" in msg
    assert "columns={'lat': 'lon', 'lon': 'lat'}" in msg
    # The hint works.
    frame = bk.load_crossings(path, columns={"lat": "lon", "lon": "lat"})
    assert (frame["border_distance_m"] < 1000).all()


def test_far_point_warns_and_is_kept(tmp_path: Path, bundled_csv, dense: DenseLine) -> None:
    # A point 50 km from the line: on the ray from Torkham's nearest point of the line through
    # Torkham, at the distance (found by bisection) where the dense reference says 50 km.
    nlon, nlat, _ = dense.nearest(TORKHAM[1], TORKHAM[0])
    azimuth, _, _ = GEOD.inv(nlon, nlat, TORKHAM[1], TORKHAM[0])
    lo, hi = 40_000.0, 120_000.0
    for _ in range(30):
        mid = (lo + hi) / 2
        far_lon, far_lat, _ = GEOD.fwd(nlon, nlat, azimuth, mid)
        lo, hi = (mid, hi) if dense.distance_m(far_lon, far_lat) < 50_000 else (lo, mid)
    ref = dense.distance_m(far_lon, far_lat)
    assert ref == pytest.approx(50_000, rel=0.01)  # the fixture is what it claims
    table = _rows(bundled_csv)
    n = len(table)
    table.loc[n] = ["far-post", "Far post", "open", "test", far_lat, far_lon]
    path = _write(tmp_path / "far.csv", table)
    with pytest.warns(
        FarFromBorderWarning, match=rf"far\.csv: 1 crossing.*row {n + 1} \('Far post'\): 5\d\.\d km"
    ) as rec:
        frame = bk.load_crossings(path)
    assert len(rec) == 1
    assert len(frame) == n + 1
    assert frame.loc[n, "crossing_id"] == "far-post"
    assert frame.loc[n, "border_distance_m"] == pytest.approx(50_000, rel=0.02)
    assert frame.loc[n, "border_distance_m"] == pytest.approx(ref, rel=0.005)
    # A wider tolerance keeps it quiet.
    bk.load_crossings(path, max_distance_km=60)


def test_empty_csv(tmp_path: Path) -> None:
    header_only = tmp_path / "header.csv"
    header_only.write_text("crossing_id,name,lat,lon\n", encoding="utf-8")
    with pytest.raises(EmptyDataError, match=r"header\.csv holds no rows"):
        bk.load_crossings(header_only)
    blank = tmp_path / "blank.csv"
    blank.write_text("", encoding="utf-8")
    with pytest.raises(EmptyDataError, match=r"blank\.csv is empty"):
        bk.load_crossings(blank)


def test_duplicate_ids(tmp_path: Path, bundled_csv) -> None:
    table = _rows(bundled_csv)
    table.loc[3, "crossing_id"] = "torkham"
    path = _write(tmp_path / "dups.csv", table)
    with pytest.raises(SchemaError, match=r"dups\.csv: duplicated crossing_id 'torkham' at row 1 .*row 4"):
        bk.load_crossings(path)


def test_bad_columns_mapping_and_source(tmp_path: Path, bundled_csv) -> None:
    path = _write(tmp_path / "ok.csv", _rows(bundled_csv))
    with pytest.raises(SchemaError, match="unknown fields"):
        bk.load_crossings(path, columns={"latitude": "lat"})
    with pytest.raises(SchemaError, match=r"which .*ok\.csv does not have"):
        bk.load_crossings(path, columns={"name": "Crossing"})
    with pytest.raises(DataReadError, match="unknown crossings source 'osmx'"):
        bk.load_crossings("osmx")
    with pytest.raises(DataReadError, match="does not exist"):
        bk.load_crossings(tmp_path / "missing.csv")


# --------------------------------------------------------------------------- unlocated rows, borders


def _points_on_line(line: shapely.LineString, fractions: list[float]) -> list[tuple[float, float]]:
    """(lat, lon) of points of the bundled line at the given fractions of its length."""
    return [(p.y, p.x) for p in (line.interpolate(f, normalized=True) for f in fractions)]


def _west_of_afghanistan() -> tuple[float, float]:
    """(lat, lon) of the westernmost vertex of the bundled AFG outline (on its border with Iran)."""
    outline = bk.load_countries(["AFG"]).geometry.iloc[0]
    xy = shapely.get_coordinates(outline)
    lon, lat = xy[np.argmin(xy[:, 0])]
    return float(lat), float(lon)


def test_unlocated_rows_are_left_out_with_a_counted_warning(tmp_path: Path, line: shapely.LineString) -> None:
    (a_lat, a_lon), (b_lat, b_lon) = _points_on_line(line, [0.2, 0.6])
    path = tmp_path / "partly.csv"
    path.write_text(
        "crossing_id,name,lat,lon,location_precision\n"
        f"alpha-gate,Alpha gate,{a_lat},{a_lon},derived\n"
        "nowhere-one,Nowhere one,,,\n"
        f"beta-gate,Beta gate,{b_lat},{b_lon},derived\n"
        "nowhere-two,Nowhere two,,,\n",
        encoding="utf-8",
    )
    with pytest.warns(
        DroppedRowsWarning, match=r"partly\.csv: 2 crossing\(s\) have no coordinates"
    ) as record:
        frame = bk.load_crossings(path)
    assert len(record) == 1
    msg = str(record[0].message)
    assert "row 2 ('nowhere-one')" in msg
    assert "row 4 ('nowhere-two')" in msg
    assert "include_unlocated=True" in msg
    assert frame["crossing_id"].tolist() == ["alpha-gate", "beta-gate"]
    assert frame.attrs["unlocated"] == ["nowhere-one", "nowhere-two"]
    assert (frame["border_distance_m"] < 1).all()  # points of the line itself

    every = bk.load_crossings(path, include_unlocated=True)
    assert every["crossing_id"].tolist() == ["alpha-gate", "nowhere-one", "beta-gate", "nowhere-two"]
    assert every.geometry.isna().tolist() == [False, True, False, True]
    assert every["border_distance_m"].isna().tolist() == [False, True, False, True]
    assert every.attrs["unlocated"] == []
    assert every.crs == "EPSG:4326"


def test_half_a_coordinate_is_still_an_error(tmp_path: Path, line: shapely.LineString) -> None:
    ((lat, lon),) = _points_on_line(line, [0.3])
    path = tmp_path / "half.csv"
    path.write_text(f"name,lat,lon\nA,{lat},{lon}\nB,{lat},\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"column 'lon' .* row 2 \(empty\)"):
        bk.load_crossings(path, include_unlocated=True)


def test_border_column_selects_rows(tmp_path: Path, line: shapely.LineString) -> None:
    (a_lat, a_lon), (b_lat, b_lon) = _points_on_line(line, [0.1, 0.9])
    w_lat, w_lon = _west_of_afghanistan()
    path = tmp_path / "borders.csv"
    path.write_text(
        "crossing_id,name,lat,lon,border\n"
        f"alpha-gate,Alpha gate,{a_lat},{a_lon},AFG-PAK\n"
        f"west-gate,West gate,{w_lat},{w_lon},IRN-AFG\n"  # either order: read as AFG-IRN
        f"beta-gate,Beta gate,{b_lat},{b_lon},\n",  # empty: AFG-PAK
        encoding="utf-8",
    )
    default = bk.load_crossings(path)
    assert default["crossing_id"].tolist() == ["alpha-gate", "beta-gate"]
    assert default["border"].tolist() == ["AFG-PAK", "AFG-PAK"]
    assert default.attrs["other_borders"] == 1
    iran = bk.load_crossings(path, border="afg-irn")
    assert iran["crossing_id"].tolist() == ["west-gate"]
    # The point is a vertex of the bundled Afghan outline on the Afghanistan-Iran line.
    assert iran["border_distance_m"].iloc[0] == pytest.approx(0.0, abs=1.0)
    every = bk.load_crossings(path, border=None, max_distance_km=None)
    assert every["crossing_id"].tolist() == ["alpha-gate", "west-gate", "beta-gate"]
    # A border frame from load_border selects its own rows.
    framed = bk.load_crossings(path, border=bk.load_border())
    assert framed["crossing_id"].tolist() == ["alpha-gate", "beta-gate"]
    with pytest.raises(SchemaError, match=r"border='Durand' is not a border; .*'AFG-PAK'"):
        bk.load_crossings(path, border="Durand")
    bad = tmp_path / "badborder.csv"
    bad.write_text(f"name,lat,lon,border\nA,{a_lat},{a_lon},Durand Line\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"badborder\.csv: row 1: border='Durand Line' is not a border"):
        bk.load_crossings(bad)
    with pytest.raises(SchemaError, match="border= must be a line"):
        bk.load_crossings(path, border=shapely.Point(70, 33))


def test_file_without_border_column_counts_as_afg_pak(tmp_path: Path, bundled_csv) -> None:
    path = _write(tmp_path / "plain.csv", _rows(bundled_csv))
    assert len(bk.load_crossings(path)) == len(_rows(bundled_csv))
    with pytest.raises(EmptyDataError, match="no located crossing of border AFG-IRN"):
        bk.load_crossings(path, border="AFG-IRN")


def test_nan_coordinate_in_geojson_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "nan.geojson"
    features = [
        {
            "type": "Feature",
            "properties": {"name": "A"},
            "geometry": {"type": "Point", "coordinates": [71.08, 34.11]},
        },
        {
            "type": "Feature",
            "properties": {"name": "B"},
            "geometry": {"type": "Point", "coordinates": [float("nan"), 34.0]},
        },
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"nan\.geojson: feature 1 has NaN or infinite coordinates"):
        bk.load_crossings(path)


def test_distances_are_vectorised_and_match_the_reference(tmp_path: Path, line: shapely.LineString) -> None:
    """1,000 rows load (in one vectorised pass) with the distance of the independent reference."""
    rng = np.random.default_rng(7)
    base = line.interpolate(rng.uniform(0, 1, 1000), normalized=True)
    lon = shapely.get_x(base) + rng.uniform(-0.02, 0.02, 1000)
    lat = shapely.get_y(base) + rng.uniform(-0.02, 0.02, 1000)
    table = pd.DataFrame({"name": [f"Point {i}" for i in range(1000)], "lat": lat, "lon": lon})
    path = _write(tmp_path / "many.csv", table)
    frame = bk.load_crossings(path, max_distance_km=None)
    assert len(frame) == 1000
    # The same distances as the point-by-point geodesic search used before (to a few metres).
    for i in rng.choice(1000, 25, replace=False):
        _, _, ref = nearest_point_on_line(line, float(lon[i]), float(lat[i]))
        assert frame.loc[i, "border_distance_m"] == pytest.approx(ref, abs=5)


def test_geojson_feature_without_geometry_is_unlocated(tmp_path: Path, line: shapely.LineString) -> None:
    ((lat, lon),) = _points_on_line(line, [0.4])
    features = [
        {
            "type": "Feature",
            "properties": {"name": "Here"},
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        },
        {"type": "Feature", "properties": {"name": "Nowhere"}, "geometry": None},
    ]
    path = tmp_path / "nogeom.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    with pytest.warns(
        DroppedRowsWarning, match=r"nogeom\.geojson: 1 crossing\(s\) have no coordinates .*feature 1"
    ):
        frame = bk.load_crossings(path)
    assert frame["name"].tolist() == ["Here"]
    every = bk.load_crossings(path, include_unlocated=True)
    assert every["name"].tolist() == ["Here", "Nowhere"]
    assert every.geometry.isna().tolist() == [False, True]


# --------------------------------------------------------------------------- shared plumbing


def test_require_line_is_the_one_border_coercion(line: shapely.LineString) -> None:
    from borderkit.geo._validate import require_line

    border = bk.load_border()
    assert require_line(border).equals(line)
    assert require_line(border.to_crs(32642)).equals_exact(line, 1e-6)  # any CRS, back to lon/lat
    assert require_line(border.geometry).equals(line)
    assert require_line(None).equals(line)  # the bundled border
    two = shapely.MultiLineString([line.coords[:10], line.coords[9:20]])
    assert require_line(two, single=True).geom_type == "LineString"  # parts that join up are merged
    apart = shapely.MultiLineString([line.coords[:10], line.coords[30:40]])
    with pytest.raises(SchemaError, match=r"one connected line .* 2 separate parts"):
        require_line(apart, single=True)
    with pytest.raises(
        SchemaError, match=r"border= must be a line \(as from bk.load_border\(\)\), not Polygon"
    ):
        require_line(shapely.box(60, 30, 61, 31))
    with pytest.raises(SchemaError, match="not an empty geometry"):
        require_line(shapely.LineString())
    with pytest.raises(SchemaError, match="not str"):
        require_line("AFG-PAK")
    with pytest.raises(CRSError, match="no CRS"):
        require_line(gpd.GeoDataFrame(geometry=[line]))


def test_require_points_names_the_rows() -> None:
    from borderkit.geo._validate import require_points

    good = gpd.GeoDataFrame(geometry=gpd.points_from_xy([71.0, 70.0], [34.0, 33.0]), crs=4326)
    assert require_points(good.to_crs(32642)).geom_equals_exact(good.geometry, 1e-6).all()
    bad = gpd.GeoDataFrame(geometry=gpd.points_from_xy([71.0, np.nan], [34.0, 33.0]), crs=4326)
    with pytest.raises(SchemaError, match=r"1 row\(s\) have NaN or out-of-range coordinates \(rows \[1\]\)"):
        require_points(bad)
    with pytest.raises(SchemaError, match=r"must be points; rows \[0\] are Polygons"):
        require_points(gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 1, 1)], crs=4326))
    with pytest.raises(EmptyDataError, match="are empty"):
        require_points(good.iloc[:0])
    with pytest.raises(SchemaError, match="not list"):
        require_points([(71.0, 34.0)])


def test_osmnx_settings_are_restored_after_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _keep_osmnx_settings(monkeypatch)
    ox.settings.http_user_agent = "users-own-agent"
    ox.settings.requests_timeout = 99

    def down(polygon: shapely.Geometry, tags: dict) -> gpd.GeoDataFrame:
        assert ox.settings.http_user_agent == settings.user_agent  # borderkit's, during the call
        raise requests.exceptions.ConnectionError("connection refused")

    monkeypatch.setattr(ox, "features_from_polygon", down)
    with pytest.raises(SourceUnavailableError, match="connection refused"):
        bk.load_crossings("osm", max_distance_km=2)
    assert ox.settings.http_user_agent == "users-own-agent"
    assert ox.settings.requests_timeout == 99


def test_no_private_osmnx_import_in_the_library() -> None:
    """osmnx's exceptions are recognised by class name (they live in the private osmnx._errors)."""
    root = Path(bk.__file__).parent
    private = re.compile(
        r"^\s*(from osmnx\._errors|from osmnx import _errors|import osmnx\._errors)|ox\._errors", re.M
    )
    offenders = [p.name for p in root.rglob("*.py") if private.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


# --------------------------------------------------------------------------- each row against its own border


def test_border_none_measures_each_row_against_its_own_border(
    tmp_path: Path, line: shapely.LineString
) -> None:
    """AFG-IRN rows are measured against the Afghanistan-Iran line, not the Durand Line."""
    (a_lat, a_lon), (b_lat, b_lon) = _points_on_line(line, [0.15, 0.85])
    w_lat, w_lon = _west_of_afghanistan()
    path = tmp_path / "both.csv"
    path.write_text(
        "crossing_id,name,lat,lon,border\n"
        f"alpha-gate,Alpha gate,{a_lat},{a_lon},AFG-PAK\n"
        f"west-gate,West gate,{w_lat},{w_lon},AFG-IRN\n"
        f"beta-gate,Beta gate,{b_lat},{b_lon},AFG-PAK\n",
        encoding="utf-8",
    )
    durand_m = DenseLine(line).distance_m(w_lon, w_lat)
    assert durand_m > 100_000  # the Iran point is far from the Durand Line ...
    with warnings.catch_warnings():
        warnings.simplefilter("error", FarFromBorderWarning)  # ... yet nothing is "far from the border"
        every = bk.load_crossings(path, border=None)
    assert every["crossing_id"].tolist() == ["alpha-gate", "west-gate", "beta-gate"]
    got = every.set_index("crossing_id")["border_distance_m"]
    assert got["alpha-gate"] < 1.0  # points of the Durand Line itself
    assert got["beta-gate"] < 1.0
    assert got["west-gate"] < 1.0  # a vertex of the outline, on the Afghanistan-Iran line
    assert every.attrs["unmeasured_borders"] == []
    # A line given by the caller still measures every row against that line.
    against_durand = bk.load_crossings(path, border=line, max_distance_km=None)
    assert against_durand.set_index("crossing_id")["border_distance_m"]["west-gate"] == pytest.approx(
        durand_m, rel=1e-3
    )


def test_bundled_border_none_measures_iran_rows_against_the_iran_line() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", FarFromBorderWarning)
        every = bk.load_crossings(border=None)
    assert set(every["border"]) == {"AFG-PAK", "AFG-IRN"}
    iran = every[every["border"] == "AFG-IRN"]
    assert {"islam-qala", "milak"} <= set(iran["crossing_id"])
    dense = DenseLine(bk.load_border(("AFG", "IRN")).geometry.iloc[0])
    for _, row in iran.iterrows():
        ref = dense.distance_m(row.geometry.x, row.geometry.y)
        assert row["border_distance_m"] == pytest.approx(ref, abs=15), row["crossing_id"]
        assert row["border_distance_m"] <= 1000, row["crossing_id"]
    # The same rows and distances as when the border is named.
    named = bk.load_crossings(border="AFG-IRN")
    assert named["crossing_id"].tolist() == iran["crossing_id"].tolist()
    np.testing.assert_allclose(named["border_distance_m"], iran["border_distance_m"])


def test_rows_of_a_border_without_a_bundled_line_are_kept_unmeasured(
    tmp_path: Path, line: shapely.LineString, caplog: pytest.LogCaptureFixture
) -> None:
    ((a_lat, a_lon),) = _points_on_line(line, [0.5])
    path = tmp_path / "tajik.csv"
    path.write_text(
        "crossing_id,name,lat,lon,border\n"
        f"alpha-gate,Alpha gate,{a_lat},{a_lon},AFG-PAK\n"
        "sher-khan,Sher Khan Bandar,37.2,68.6,AFG-TJK\n",  # borderkit bundles no Tajik outline
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="borderkit"):
        every = bk.load_crossings(path, border=None)
    assert every["crossing_id"].tolist() == ["alpha-gate", "sher-khan"]  # kept, not dropped
    dist = every.set_index("crossing_id")["border_distance_m"]
    assert dist["alpha-gate"] < 1.0
    assert np.isnan(dist["sher-khan"])
    assert every.attrs["unmeasured_borders"] == ["AFG-TJK"]
    assert "tajik.csv" in caplog.text
    assert "AFG-TJK (1 row(s))" in caplog.text
    assert "border= a line" in caplog.text


def test_bundled_rows_carry_their_build_time_distance(bundled: gpd.GeoDataFrame) -> None:
    # The stored distance (scripts/build_crossings.py) is the one reported: nothing is re-measured.
    np.testing.assert_array_equal(bundled["border_distance_m"], bundled["distance_to_border_m"].astype(float))


def test_loading_the_bundled_crossings_computes_no_line_and_imports_no_scipy() -> None:
    """``borderkit map`` loads them on start-up: no scipy, no border line built (issue 10)."""
    probe = (
        "import sys, warnings\n"
        "import borderkit as bk\n"
        "from borderkit.errors import DroppedRowsWarning, FarFromBorderWarning\n"
        "from borderkit.geo import border\n"
        "with warnings.catch_warnings():\n"
        "    warnings.simplefilter('error', FarFromBorderWarning)\n"
        "    warnings.simplefilter('error', DroppedRowsWarning)\n"
        "    frame = bk.load_crossings()\n"
        "    every = bk.load_crossings(border=None)\n"
        "print(len(frame), len(every), 'scipy' in sys.modules, border._load_border.cache_info().currsize)\n"
    )
    root = Path(bk.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "BORDERKIT_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True, cwd=root
    ).stdout.split()
    n_pak, n_all, scipy_loaded, lines_built = int(out[0]), int(out[1]), out[2], int(out[3])
    assert n_pak >= 7
    assert n_all > n_pak
    assert scipy_loaded == "False"
    assert lines_built == 0


def test_osm_rows_carry_the_border_queried(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``load_crossings("osm", border="AFG-IRN")`` keeps and measures what it queried along that line."""
    _keep_osmnx_settings(monkeypatch)
    w_lat, w_lon = _west_of_afghanistan()  # a vertex of the Afghanistan-Iran line
    path = tmp_path / "iran_gate.osm"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n'
        f'  <node id="2001" lat="{w_lat}" lon="{w_lon}" version="1">\n'
        '    <tag k="barrier" v="border_control"/>\n    <tag k="name" v="West gate"/>\n  </node>\n</osm>\n',
        encoding="utf-8",
    )
    polygons: list[shapely.Geometry] = []

    def from_file(polygon: shapely.Geometry, tags: dict) -> gpd.GeoDataFrame:
        polygons.append(polygon)
        return ox.features_from_xml(path, tags=tags)

    monkeypatch.setattr(ox, "features_from_polygon", from_file)
    with warnings.catch_warnings():
        warnings.simplefilter("error", FarFromBorderWarning)
        frame = bk.load_crossings("osm", border="AFG-IRN", max_distance_km=5.0)
    assert frame["crossing_id"].tolist() == ["osm-node-2001"]
    assert frame["border"].tolist() == ["AFG-IRN"]
    assert frame["border_distance_m"].iloc[0] < 1.0
    iran_line = bk.load_border(("AFG", "IRN")).geometry.iloc[0]
    assert polygons[0].contains(iran_line)  # the query area is the Afghanistan-Iran line's
