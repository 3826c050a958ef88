"""Exports: every format read back with GDAL (pyogrio) or pyarrow and compared with the original."""

from __future__ import annotations

import datetime as dt
import json
import math
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest
import shapely
from shapely.geometry import Polygon

import borderkit as bk
from borderkit import export, load_events
from borderkit.cli import build_parser, main
from borderkit.errors import CRSError, EmptyDataError
from borderkit.layers import Layer, crossings_layer
from borderkit.maps.export import FORMATS
from borderkit.maps.named_layers import LAYER_NAMES, named_layers

SUFFIX = {"geojson": ".geojson", "gpkg": ".gpkg", "parquet": ".parquet", "csv": ".csv", "kml": ".kml"}
TOL = 1e-6  # degrees: coordinates are rounded to 6 decimals, so each vertex moves < 0.71e-6


@pytest.fixture(scope="module")
def layers() -> dict[str, Layer]:
    return named_layers(["crossings", "corridors", "provinces"])


@pytest.fixture(scope="module")
def events() -> gpd.GeoDataFrame:
    return load_events("timeline")


def read_back(path, fmt: str) -> gpd.GeoDataFrame:
    """Read an export with an independent reader: GDAL for most, pyarrow for GeoParquet, pandas for CSV."""
    if fmt == "parquet":
        return gpd.read_parquet(path)
    if fmt == "csv":
        frame = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str)
        return gpd.GeoDataFrame(
            frame.drop(columns="geometry"),
            geometry=shapely.from_wkt(frame["geometry"].to_numpy(object, na_value=None)),
            crs=4326,
        )
    return pyogrio.read_dataframe(path)


def _norm(value):
    """Normalise a cell so values read back from any format compare with the original."""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat()
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def assert_same_values(original: pd.Series, read: pd.Series) -> None:
    for i, (a, b) in enumerate(zip(original, read, strict=True)):
        a, b = _norm(a), _norm(b)
        if isinstance(a, float) and isinstance(b, float):
            assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9), (original.name, i, a, b)
        else:
            assert a == b, (original.name, i, a, b)


def assert_same_geometries(original: gpd.GeoSeries, read: gpd.GeoSeries) -> None:
    """Equal within the rounding, once the original is wound the RFC 7946 way (and made multi if read so)."""
    want = shapely.orient_polygons(np.asarray(original.array, dtype=object))
    got = shapely.force_2d(np.asarray(read.array, dtype=object))  # KML reads points and lines as 3D
    for i, (a, b) in enumerate(zip(want, got, strict=True)):
        if a is None or a.is_empty:  # events without a location: no geometry, in every format
            assert b is None or b.is_empty, i
            continue
        if b.geom_type == "Multi" + a.geom_type:  # a GeoPackage table mixing the two is made multi
            a = shapely.multipolygons([a]) if a.geom_type == "Polygon" else shapely.multilinestrings([a])
        assert a.geom_type == b.geom_type, i
        assert shapely.equals_exact(a, b, tolerance=TOL), i


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["crossings", "corridors", "provinces"])
def test_every_format_round_trips(layers, tmp_path, name, fmt):
    layer = layers[name]
    path = export(layer, tmp_path / f"{name}{SUFFIX[fmt]}")
    assert path.is_file()
    read = read_back(path, fmt)
    assert len(read) == len(layer.frame)
    assert read.crs.equals("EPSG:4326")
    assert_same_geometries(layer.frame.geometry, read.geometry)
    for col in layer.frame.columns.drop("geometry"):
        col_read = "Name" if fmt == "kml" and col == "name" else col  # KML's <name>
        assert_same_values(layer.frame[col], read[col_read])


def test_format_from_the_argument_overrides_the_suffix(layers, tmp_path):
    path = export(layers["crossings"], tmp_path / "crossings.dat", format="GeoJSON")
    assert pyogrio.read_info(path)["driver"] == "GeoJSON"


def test_geojson_follows_rfc_7946(tmp_path):
    provinces = named_layers(["provinces"])["provinces"]
    # Wind every exterior ring clockwise, the wrong way, and add a hole wound the wrong way too.
    shell = [(70.0, 33.0), (70.0, 34.0), (71.0, 34.0), (71.0, 33.0)]
    hole = [(70.2, 33.2), (70.8, 33.2), (70.8, 33.8), (70.2, 33.8)]
    donut = gpd.GeoDataFrame(
        {"name": ["donut"], "source": ["naturalearth-10m"]}, geometry=[Polygon(shell, [hole])], crs=4326
    )
    frame = pd.concat([provinces.frame, donut], ignore_index=True)
    frame["geometry"] = shapely.orient_polygons(frame.geometry.array, exterior_cw=True)
    layer = Layer(name="Provinces", frame=frame, kind="polygon")
    path = export(layer, tmp_path / "provinces.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    assert doc["attribution"] == layer.attribution == "Made with Natural Earth (public domain)"
    assert [s["key"] for s in doc["sources"]] == ["naturalearth-10m"]
    assert doc["sources"][0]["licence"]
    assert len(doc["features"]) == len(frame)
    for feature in doc["features"]:
        geom = shapely.geometry.shape(feature["geometry"])
        polygons = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
        for poly in polygons:
            assert shapely.is_ccw(poly.exterior)
            assert not any(shapely.is_ccw(ring) for ring in poly.interiors)
            lon, lat = np.asarray(poly.exterior.coords).T
            assert (np.abs(lon) <= 180).all()
            assert (np.abs(lat) <= 90).all()
            assert (lon > 60).all()  # lon first: the region is at ~60-77 E, 24-38 N
            assert (lat < 40).all()
            # Rounded to 6 decimals.
            assert np.allclose(lon, np.round(lon, 6), rtol=0, atol=1e-12)
    donut_back = shapely.geometry.shape(doc["features"][-1]["geometry"])
    assert len(donut_back.interiors) == 1
    xmin, ymin, xmax, ymax = doc["bbox"]
    assert (xmin, ymin, xmax, ymax) == pytest.approx(frame.total_bounds, abs=1e-6)


def test_geojson_is_deterministic_and_keys_sorted(layers, tmp_path):
    a = export(layers["crossings"], tmp_path / "a.geojson").read_bytes()
    b = export(layers["crossings"], tmp_path / "b.geojson").read_bytes()
    assert a == b
    doc = json.loads(a)
    assert list(doc) == sorted(doc)
    feature = doc["features"][0]
    assert list(feature["properties"]) == sorted(feature["properties"])


def test_geojson_carries_a_standard_layer_attribution(tmp_path):
    from borderkit import load_crossings

    layer = crossings_layer(load_crossings())
    doc = json.loads(export(layer, tmp_path / "c.geojson").read_text(encoding="utf-8"))
    assert layer.attribution
    assert doc["attribution"] == layer.attribution


def test_other_crs_is_reprojected_to_lon_lat(layers, tmp_path):
    frame = layers["crossings"].frame
    utm = frame.to_crs(32642)
    for fmt in FORMATS:
        read = read_back(export(utm, tmp_path / f"utm{SUFFIX[fmt]}"), fmt)
        assert read.crs.equals("EPSG:4326")
        x = shapely.get_x(shapely.force_2d(read.geometry.array))
        y = shapely.get_y(shapely.force_2d(read.geometry.array))
        assert x == pytest.approx(frame["lon"].to_numpy(), abs=2e-6)
        assert y == pytest.approx(frame["lat"].to_numpy(), abs=2e-6)


def test_geopackage_holds_several_layers_with_their_attribution(layers, tmp_path):
    path = export(layers, tmp_path / "afpak.gpkg")
    assert [name for name, _ in pyogrio.list_layers(path)] == ["crossings", "corridors", "provinces"]
    for name, layer in layers.items():
        read = pyogrio.read_dataframe(path, layer=name)
        assert len(read) == len(layer.frame)
        assert_same_geometries(layer.frame.geometry, read.geometry)
        for col in layer.frame.columns.drop("geometry"):
            assert_same_values(layer.frame[col], read[col])
        meta = pyogrio.read_info(path, layer=name)["layer_metadata"]
        assert meta["DESCRIPTION"] == layer.attribution  # gpkg_contents.description
        assert meta["IDENTIFIER"] == layer.name  # gpkg_contents.identifier
        assert meta["attribution"] == layer.attribution
        assert layer.attribution
    # A list of Layers is named after each Layer.
    listed = export(list(layers.values()), tmp_path / "listed.gpkg")
    assert [n for n, _ in pyogrio.list_layers(listed)] == [
        "crossing_points",
        "border_corridors_between_crossings",
        "provinces_admin_level_1",
    ]


def test_geoparquet_metadata_follows_the_spec(layers, tmp_path):
    layer = layers["provinces"]
    path = export(layer, tmp_path / "provinces.parquet")
    meta = pq.read_schema(path).metadata
    geo = json.loads(meta[b"geo"])
    assert geo["version"].startswith("1.")
    assert geo["primary_column"] == "geometry"
    column = geo["columns"]["geometry"]
    assert column["encoding"] == "WKB"
    assert column["crs"]["id"] == {"authority": "EPSG", "code": 4326}
    assert set(column["geometry_types"]) <= {"Polygon", "MultiPolygon"}
    assert column["orientation"] == "counterclockwise"
    assert column["bbox"] == pytest.approx(list(layer.frame.total_bounds), abs=1e-6)
    assert meta[b"borderkit:attribution"].decode() == layer.attribution
    assert json.loads(meta[b"borderkit:sources"])[0]["key"] == "naturalearth-10m"


def test_csv_has_wkt_and_an_attribution_sidecar(layers, tmp_path):
    layer = layers["corridors"]
    path = export(layer, tmp_path / "corridors.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-1] == "geometry"
    assert pd.read_csv(path)["geometry"].str.startswith("LINESTRING (").all()
    sidecar = (tmp_path / "corridors.csv.attribution.txt").read_text(encoding="utf-8")
    assert layer.attribution in sidecar
    assert "EPSG:4326" in sidecar
    # GDAL reads it too, once told which column holds the geometry.
    read = pyogrio.read_dataframe(path, GEOM_POSSIBLE_NAMES="geometry", KEEP_GEOM_COLUMNS="NO")
    assert_same_geometries(layer.frame.geometry, read.geometry)


@pytest.mark.parametrize("fmt", FORMATS)
def test_events_with_extra_mappings_export_to_every_format(events, tmp_path, fmt):
    assert isinstance(events["extra"].iloc[0], dict)
    path = export(events, tmp_path / f"events{SUFFIX[fmt]}")
    read = read_back(path, fmt)
    assert len(read) == len(events)
    for want, got in zip(events["extra"], read["extra"], strict=True):
        assert json.loads(got) == want
    assert_same_values(events["date"], read["date"])
    assert_same_values(events["fatalities"], read["fatalities"])
    assert_same_values(events["event_id"], read["event_id"])
    assert_same_geometries(events.geometry, read.geometry)
    if fmt in ("gpkg", "parquet"):  # these keep datetimes as datetimes
        assert pd.api.types.is_datetime64_any_dtype(read["date"])
    if fmt == "geojson":
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["features"][0]["properties"]["date"] == events["date"].iloc[0].date().isoformat()
        assert doc["attribution"] == "Border timeline: borderkit curation of cited public sources"
    # The original is untouched.
    assert isinstance(events["extra"].iloc[0], dict)


def test_kml_reads_back_with_the_names(layers, events, tmp_path):
    crossings = layers["crossings"].frame
    read = pyogrio.read_dataframe(export(layers["crossings"], tmp_path / "crossings.kml"))
    assert list(read["Name"]) == list(crossings["name"])
    # Without a name column, placemarks are named by the id column.
    read = pyogrio.read_dataframe(export(events, tmp_path / "events.kml"))
    assert list(read["Name"]) == list(events["event_id"])
    text = (tmp_path / "crossings.kml").read_text(encoding="utf-8")
    assert f"<description>{layers['crossings'].attribution}</description>" in text


def test_attribution_argument_overrides(layers, tmp_path):
    path = export(layers["corridors"].frame, tmp_path / "c.geojson", attribution="Mine")
    assert json.loads(path.read_text(encoding="utf-8"))["attribution"] == "Mine"


def test_unknown_format_lists_the_formats(layers, tmp_path):
    with pytest.raises(ValueError, match="geojson, gpkg, parquet, csv, kml"):
        export(layers["crossings"], tmp_path / "c.geojson", format="shp")
    with pytest.raises(ValueError, match="cannot tell the export format"):
        export(layers["crossings"], tmp_path / "c.shp")
    assert not list(tmp_path.iterdir())


def test_several_layers_need_a_geopackage(layers, tmp_path):
    with pytest.raises(ValueError, match=r"only a GeoPackage \(\.gpkg\) holds several"):
        export(layers, tmp_path / "all.geojson")


def test_empty_frame_and_missing_crs_are_errors(layers, tmp_path):
    frame = layers["crossings"].frame
    with pytest.raises(EmptyDataError, match="no features"):
        export(frame.iloc[:0], tmp_path / "empty.geojson")
    with pytest.raises(CRSError, match="no CRS"):
        export(frame.set_crs(None, allow_override=True), tmp_path / "nocrs.gpkg")
    with pytest.raises(TypeError, match="Layer, a GeoDataFrame"):
        export(pd.DataFrame(frame.drop(columns="geometry")), tmp_path / "plain.csv")
    assert not list(tmp_path.iterdir())


def test_layers_sharing_a_title_keep_unique_identifiers(layers, tmp_path):
    crossings = layers["crossings"]
    path = export({"a": crossings, "b": crossings}, tmp_path / "twice.gpkg")
    ids = [pyogrio.read_info(path, layer=n)["layer_metadata"]["IDENTIFIER"] for n in ("a", "b")]
    assert ids == ["Crossing points (a)", "Crossing points (b)"]


def test_precision_is_checked_and_none_keeps_every_digit(layers, tmp_path):
    with pytest.raises(ValueError, match="precision"):
        export(layers["crossings"], tmp_path / "c.geojson", precision=-1)
    frame = layers["corridors"].frame
    read = pyogrio.read_dataframe(export(frame, tmp_path / "full.gpkg", precision=None))
    assert shapely.equals_exact(frame.geometry.array, read.geometry.array, tolerance=0).all()


def test_export_replaces_an_existing_file(layers, tmp_path):
    path = tmp_path / "x.gpkg"
    export(layers["provinces"], path, layer_name="first")
    export(layers["crossings"], path, layer_name="second")
    assert [n for n, _ in pyogrio.list_layers(path)] == ["second"]


# --------------------------------------------------------------------------- the command


def test_cli_layer_names_match_the_module():
    choices = next(a for a in _export_parser()._actions if a.dest == "layer").choices
    assert tuple(choices) == (*LAYER_NAMES, "all")


def _export_parser():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sub.choices["export"]


def test_cli_exports_crossings_to_geojson(tmp_path, capsys):
    out = tmp_path / "out" / "crossings.geojson"
    assert main(["export", "crossings", "--format", "geojson", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert str(out.resolve()) in printed
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert f"Wrote {len(doc['features'])} features (crossings)" in printed
    assert doc["name"] == "crossings"
    assert doc["attribution"] == "Crossing points: borderkit curation of cited public sources"


def test_cli_exports_all_layers_to_one_geopackage(tmp_path, capsys):
    out = tmp_path / "afpak.gpkg"
    assert main(["export", "all", "--format", "gpkg", "--out", str(out), "--km", "10"]) == 0
    printed = capsys.readouterr().out
    assert str(out.resolve()) in printed
    tables = [n for n, _ in pyogrio.list_layers(out)]
    assert tables == [n.replace("-", "_") for n in LAYER_NAMES]
    for table in tables:
        read = pyogrio.read_dataframe(out, layer=table)
        assert len(read) > 0
        assert f"  {table}: {len(read):,} features" in printed
        assert pyogrio.read_info(out, layer=table)["layer_metadata"]["DESCRIPTION"]
    zone = pyogrio.read_dataframe(out, layer="zone")
    assert zone["distance_km"].iloc[0] == 10


def test_cli_all_needs_a_geopackage(tmp_path, capsys):
    assert main(["export", "all", "--format", "geojson", "--out", str(tmp_path / "a.geojson")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("borderkit: error: 'all' writes every layer into one GeoPackage")
    assert "Traceback" not in err


# --------------------------------------------------------------------------- safe exports (issue 9 §3)

FORMULA = '=HYPERLINK("http://evil.example","x")'
BREAKOUT = "x]]><Placemark><name>injected</name></Placemark><![CDATA[y"


def _hostile_points() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "name": [FORMULA, BREAKOUT, "+93 phone", "@SUM(A1)", "\tTab", "\rCR", "-x", "Torkham"],
            "elevation_m": [-12.5, 3.0, -1.0, 0.0, 1.0, 2.0, -400.0, 1.0],
            "code": ["-12.5", "-7", "+3", "1e5", "-", "=1+1", "a", "b"],
            "source": ['<img src=x onerror="alert(1)">'] * 8,
        },
        geometry=gpd.points_from_xy(np.linspace(70, 71, 8), np.linspace(33, 34, 8)),
        crs=4326,
    )


def test_csv_neutralises_formulas_but_not_numbers(tmp_path):
    frame = _hostile_points()
    path = export(frame, tmp_path / "hostile.csv")
    read = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert read["name"].tolist() == [
        "'" + FORMULA,
        BREAKOUT,
        "'+93 phone",
        "'@SUM(A1)",
        "'\tTab",
        "'\rCR",
        "'-x",
        "Torkham",
    ]
    # Numbers stay numbers: negative floats in a numeric column, and text that is just a number.
    assert pd.read_csv(path)["elevation_m"].tolist() == frame["elevation_m"].tolist()
    assert read["code"].tolist() == ["-12.5", "-7", "+3", "1e5", "'-", "'=1+1", "a", "b"]
    # No cell of the file begins with a formula character.
    for row in read.itertuples(index=False):
        for cell in row:
            assert not cell.startswith(("=", "@", "\t", "\r")), cell
    # csv_raw keeps every cell as it was.
    raw = pd.read_csv(export(frame, tmp_path / "raw.csv", csv_raw=True), dtype=str, keep_default_na=False)
    assert raw["name"].tolist() == frame["name"].tolist()
    # The original frame is untouched.
    assert frame["name"].iloc[0] == FORMULA


def test_kml_names_cannot_break_out_and_descriptions_carry_no_html(tmp_path):
    import xml.etree.ElementTree as ET

    frame = _hostile_points()
    path = export(frame, tmp_path / "hostile.kml")
    root = ET.parse(path).getroot()  # well-formed XML
    ns = "{http://www.opengis.net/kml/2.2}"
    placemarks = list(root.iter(f"{ns}Placemark"))
    assert len(placemarks) == len(frame)  # nothing injected
    assert [p.findtext(f"{ns}name") for p in placemarks][:2] == [FORMULA, BREAKOUT]
    descriptions = [d.text for d in root.iter(f"{ns}description")]
    assert descriptions
    for text in descriptions:
        # The source's markup shows as text in Google Earth's HTML balloon: escaped once more.
        assert "<img" not in text
        assert "&lt;img" in text
    # Read back as written (XML turns a carriage return into a line feed).
    assert list(pyogrio.read_dataframe(path)["Name"]) == [n.replace("\r", "\n") for n in frame["name"]]


def test_export_is_atomic_and_leaves_no_temporary_file(layers, tmp_path, monkeypatch):
    export_module = sys.modules["borderkit.maps.export"]  # the name itself is shadowed by the function

    path = tmp_path / "c.geojson"
    export(layers["crossings"], path)
    good = path.read_bytes()

    def interrupted(table, tmp):
        tmp.write_text('{"type": "FeatureCollection", "feat', encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(export_module, "_write_geojson", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export(layers["crossings"], path)
    assert path.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.geojson"]


def test_named_layers_draw_the_regions_frames():
    """The exports write the Region's own frames (loaded once), for any region the bundle carries."""
    west = bk.region("AFG-IRN")
    layers = named_layers(["border", "crossings", "corridors", "border-by-unit", "zone"], region=west)
    assert layers["border"].frame is west.border
    assert layers["crossings"].frame is west.crossings
    assert layers["corridors"].frame is west.segments
    assert layers["border_by_unit"].frame is west.length_by_unit
    assert layers["zone"].frame is west.zone(25.0)
    assert west.name in layers["border"].name
    assert set(layers["border_by_unit"].frame["country"]) == {"AFG", "IRN"}
    with pytest.raises(EmptyDataError, match="covers the Durand Line"):
        named_layers(["timeline"], region=west)


def test_named_layers_of_a_region_without_crossings_say_so():
    durand = bk.region(crossings=bk.load_crossings().iloc[0:0])
    with pytest.raises(EmptyDataError, match="no crossings, so no corridors"):
        named_layers(["corridors"], region=durand)
