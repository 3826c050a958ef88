"""The bundled crossings data: positions near the line, citations, status history, manifest, build.

These tests read ``borderkit/data/crossings.csv`` and ``crossing_status.csv``
as files (the loaders are tested in test_crossings.py and test_status.py), and
check them against the bundled line with geodesic distances computed two ways:
``bk.distance_to_border`` and an independent dense-vertex search with
pyproj.Geod.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.util
import itertools
import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyproj
import pytest
import shapely

import borderkit as bk
from borderkit.geo import _data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "borderkit" / "data"
SCRIPTS = ROOT / "scripts"
GEOD = pyproj.Geod(ellps="WGS84")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
URL = re.compile(r"https?://\S+")

CROSSING_COLUMNS = [
    "crossing_id", "name", "alt_names", "status", "as_of", "kind", "pk_side", "af_side",
    "pk_province", "pk_district", "af_province", "af_district", "lat", "lon", "cited_lat",
    "cited_lon", "location_precision", "distance_to_border_m", "coord_source", "status_source",
    "kind_source", "notes", "source", "border",
]  # fmt: skip
STATUS_COLUMNS = [
    "crossing_id", "status", "start", "end", "reason", "source", "source_url", "source_date",
    "citation", "notes",
]  # fmt: skip
PRECISIONS = {"crossing", "town", "snapped", "secondary", "derived", ""}
# Every crossing the issues name (11 §1 and 14 §1), by the ids of the shared schema.
REQUIRED_IDS = {
    "torkham", "chaman-spin-boldak", "ghulam-khan", "kharlachi", "angoor-adda", "badini", "arandu",
    "nawa-pass", "gursal", "ghakhi", "baramcha", "nazar-posta", "dand-e-patan", "bin-shahi",
    "islam-qala", "milak",
}  # fmt: skip


def _read(name: str) -> list[dict[str, str]]:
    with _data.data_path(name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        rows_columns = reader.fieldnames
    assert rows_columns is not None
    return rows


@pytest.fixture(scope="module")
def crossings() -> list[dict[str, str]]:
    return _read("crossings.csv")


@pytest.fixture(scope="module")
def history() -> list[dict[str, str]]:
    return _read("crossing_status.csv")


@pytest.fixture(scope="module")
def line() -> shapely.LineString:
    return bk.load_border().geometry.iloc[0]


def _dense_distance_m(line: shapely.LineString, lon: float, lat: float) -> float:
    """Geodesic distance to the nearest vertex of the line densified to ~110 m (independent of borderkit)."""
    xy = shapely.get_coordinates(shapely.segmentize(line, 0.001))
    n = len(xy)
    _, _, d = GEOD.inv(np.full(n, lon), np.full(n, lat), xy[:, 0], xy[:, 1])
    return float(d.min())


def _located(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if r["lat"] != ""]


# --------------------------------------------------------------------------- crossings.csv


def test_columns_and_values(crossings: list[dict[str, str]]) -> None:
    with _data.data_path("crossings.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == CROSSING_COLUMNS
    ids = [r["crossing_id"] for r in crossings]
    assert len(set(ids)) == len(ids), "crossing ids repeat"
    assert set(ids) >= REQUIRED_IDS, f"missing crossings: {sorted(REQUIRED_IDS - set(ids))}"
    for r in crossings:
        where = r["crossing_id"]
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", where), f"{where}: id is not a slug"
        assert r["border"] in {"AFG-PAK", "AFG-IRN"}, f"{where}: border {r['border']!r}"
        assert r["location_precision"] in PRECISIONS, f"{where}: {r['location_precision']!r}"
        assert r["source"] == "borderkit-crossings"
        assert r["name"]
        assert r["kind"]
        if r["lat"] == "":  # unlocated: no position of any kind, but still cited (kind_source)
            for field in ("lon", "cited_lat", "cited_lon", "location_precision", "distance_to_border_m"):
                assert r[field] == "", f"{where}: unlocated row has {field}={r[field]!r}"
            assert r["coord_source"] == "", f"{where}: unlocated row has a coord_source"
            assert r["notes"], f"{where}: an unlocated row says why in its notes"
        else:
            lat, lon = float(r["lat"]), float(r["lon"])
            assert 29.0 < lat < 38.0, where
            assert 60.0 < lon < 72.0, where
            assert r["location_precision"], f"{where}: located row without location_precision"
        if r["lat"] != "":
            assert r["distance_to_border_m"] != "", f"{where}: located row without its distance to the line"
        if r["border"] == "AFG-IRN":
            assert r["pk_side"] == "", f"{where}: pk_* columns are empty on AFG-IRN rows"


def test_located_afg_pak_crossings_lie_within_1_km_of_the_line(
    crossings: list[dict[str, str]], line: shapely.LineString
) -> None:
    rows = [r for r in _located(crossings) if r["border"] == "AFG-PAK"]
    assert len(rows) >= 6
    points = gpd.GeoDataFrame(
        {"crossing_id": [r["crossing_id"] for r in rows]},
        geometry=gpd.points_from_xy([float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows]),
        crs=4326,
    )
    library = bk.distance_to_border(points, bk.load_border())
    far = []
    for r, lib_m in zip(rows, library, strict=True):
        ref_m = _dense_distance_m(line, float(r["lon"]), float(r["lat"]))
        # The library, the file and the independent reference agree (dense vertices ~110 m apart).
        assert lib_m == pytest.approx(ref_m, abs=60), r["crossing_id"]
        assert float(r["distance_to_border_m"]) == pytest.approx(lib_m, abs=2), r["crossing_id"]
        if lib_m > 1000:
            far.append(f"{r['crossing_id']}: {lib_m:.0f} m")
    assert not far, f"crossings farther than 1 km from bk.load_border(): {far}"


def test_the_issue_named_crossings_are_located(crossings: list[dict[str, str]]) -> None:
    located = {r["crossing_id"] for r in _located(crossings)}
    assert {"torkham", "chaman-spin-boldak", "ghulam-khan", "kharlachi", "angoor-adda"} <= located
    assert {"islam-qala", "milak"} <= located


def _assert_citation(text: str, where: str) -> None:
    assert text, f"{where}: empty citation"
    assert URL.search(text), f"{where}: citation has no URL: {text}"
    assert DATE.search(text), f"{where}: citation has no date: {text}"
    for date in DATE.findall(text):
        dt.date.fromisoformat(date)


def test_every_crossing_row_cites_its_sources(crossings: list[dict[str, str]]) -> None:
    for r in crossings:
        where = r["crossing_id"]
        _assert_citation(r["kind_source"], f"{where} kind_source")
        if r["lat"] != "":
            _assert_citation(r["coord_source"], f"{where} coord_source")
        if r["status"] != "unknown":
            _assert_citation(r["status_source"], f"{where} status_source")
            dt.date.fromisoformat(r["as_of"])
            assert r["as_of"] in r["status_source"], f"{where}: as_of is the status source's date"
        else:
            assert r["status_source"] == "", where
            assert r["as_of"] == "", where


def test_positions_keep_the_cited_point(crossings: list[dict[str, str]]) -> None:
    """Only a snapped row moves its point; a secondary row names the compilation and its primary."""
    for r in _located(crossings):
        where = r["crossing_id"]
        cited = (float(r["cited_lat"]), float(r["cited_lon"]))
        here = (float(r["lat"]), float(r["lon"]))
        if r["location_precision"] == "snapped":
            assert "from the line" in r["notes"], where
        else:
            assert here == pytest.approx(cited, abs=1e-6), f"{where}: point moved from the cited one"
        if r["location_precision"] == "secondary":
            compilation, _, primary = r["coord_source"].partition(" | reproduces ")
            assert primary, f"{where}: a secondary point names the primary it reproduces"
            _assert_citation(compilation, f"{where} compilation")
            _assert_citation(primary, f"{where} primary")


def _key(name: str) -> str:
    """Compare district names across spellings: 'Dand Wa Patan' ~ 'Dand Patan', 'Momand' ~ 'Muhmand'."""
    text = re.sub(r"[^a-z]", "", name.lower())
    return text.replace("wa", "").replace("uh", "o")


def test_secondary_points_lie_in_the_named_afghan_district(
    crossings: list[dict[str, str]], shared_real: Path
) -> None:
    """Rule 2 of issue 11: a secondary point lies in the district the sources name (geoBoundaries ADM2)."""
    adm2 = gpd.read_file(shared_real / "geoboundaries_afg_adm2" / "geoBoundaries-AFG-ADM2_simplified.geojson")
    rows = [r for r in _located(crossings) if r["location_precision"] == "secondary"]
    assert rows
    for r in rows:
        point = shapely.Point(float(r["lon"]), float(r["lat"]))
        inside = adm2[adm2.contains(point)]["shapeName"].tolist()
        assert [_key(n) for n in inside] == [_key(r["af_district"])], f"{r['crossing_id']}: in {inside}"


#: District spellings of the sources that the boundary layers spell otherwise.
DISTRICT_ALIASES = {"sarkano": "sarkani"}  # Pajhwok's Sarkano is geoBoundaries' Sarkani (Kunar)


def _nearest(layer: gpd.GeoDataFrame, column: str, lon: float, lat: float) -> tuple[str, float]:
    """The unit of ``layer`` nearest to the point and its distance in metres (UTM 42N)."""
    metric = layer.to_crs(32642)
    point = gpd.GeoSeries([shapely.Point(lon, lat)], crs=4326).to_crs(32642).iloc[0]
    dist = metric.distance(point)
    i = int(np.argmin(dist.to_numpy()))
    return str(metric[column].iloc[i]), float(dist.iloc[i])


def test_dataset_points_lie_between_the_named_districts(
    crossings: list[dict[str, str]], shared_real: Path
) -> None:
    """A point taken from a research dataset (UCDP GED) passes the secondary checks on both sides.

    Such a point lies on the line, in the seam the simplified boundary layers
    leave there, so "in the district" means: the nearest Afghan district
    (geoBoundaries ADM2) and the nearest Pakistani district (OCHA) are the ones
    the row names, each within 1 km.
    """
    af = gpd.read_file(shared_real / "geoboundaries_afg_adm2" / "geoBoundaries-AFG-ADM2_simplified.geojson")
    pk = gpd.read_file(shared_real / "ocha_pak_adm2_adm3" / "pk_districts.gpkg")
    rows = [r for r in _located(crossings) if "Uppsala Conflict Data Program" in r["coord_source"]]
    assert {r["crossing_id"] for r in rows} >= {"nawa-pass"}
    for r in rows:
        where, lon, lat = r["crossing_id"], float(r["lon"]), float(r["lat"])
        assert r["location_precision"] == "crossing", where
        assert "where_prec 1" in r["coord_source"], f"{where}: only UCDP's exact points are taken"
        assert float(r["distance_to_border_m"]) <= 100, f"{where}: a pass lies on the line"
        af_name, af_m = _nearest(af, "shapeName", lon, lat)
        named = _key(r["af_district"])
        expected = DISTRICT_ALIASES.get(named, named)
        assert _key(af_name) == expected, f"{where}: nearest Afghan district {af_name}"
        assert af_m <= 1000, where
        pk_name, pk_m = _nearest(pk, "district_name", lon, lat)
        assert _key(pk_name) == _key(r["pk_district"]), f"{where}: nearest Pakistani district {pk_name}"
        assert pk_m <= 1000, where


# --------------------------------------------------------------------------- crossing_status.csv


def test_status_columns_and_citations(history: list[dict[str, str]], crossings: list[dict[str, str]]) -> None:
    with _data.data_path("crossing_status.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == STATUS_COLUMNS
    ids = {r["crossing_id"] for r in crossings}
    assert history
    for r in history:
        where = f"{r['crossing_id']} {r['start']}"
        assert r["crossing_id"] in ids, f"{where}: crossing_id not in crossings.csv"
        assert r["status"], where
        assert r["status"] == r["status"].lower(), where
        assert r["reason"], where
        assert r["source"], where
        _assert_citation(r["citation"], where)
        assert r["source_url"].startswith(("http://", "https://")), where
        assert r["source_url"] in r["citation"], f"{where}: the citation carries the source_url"
        assert r["source"] in r["citation"], f"{where}: the citation carries the publisher"
        assert r["source_date"] in r["citation"], f"{where}: the citation carries the source_date"
        dt.date.fromisoformat(r["source_date"])


def test_intervals_are_ordered_and_do_not_overlap(history: list[dict[str, str]]) -> None:
    by_crossing = itertools.groupby(
        sorted(history, key=lambda r: r["crossing_id"]), key=lambda r: r["crossing_id"]
    )
    for cid, group in by_crossing:
        intervals = sorted(
            (dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"]) if r["end"] else None)
            for r in group
        )
        for start, end in intervals:
            assert end is None or start < end, f"{cid}: {start} is not before {end}"
        for (s1, e1), (s2, _e2) in itertools.pairwise(intervals):
            assert e1 is not None, f"{cid}: the interval from {s1} is open-ended but not the last"
            assert e1 <= s2, f"{cid}: {s1}-{e1} overlaps the interval from {s2}"


def _status_on(history: list[dict[str, str]], crossing_id: str, day: dt.date) -> str:
    for r in history:
        if r["crossing_id"] != crossing_id:
            continue
        start = dt.date.fromisoformat(r["start"])
        end = dt.date.fromisoformat(r["end"]) if r["end"] else dt.date.max
        if start <= day < end:
            return r["status"]
    return "unknown"


def test_every_timeline_closure_at_a_crossing_is_in_the_history(history: list[dict[str, str]]) -> None:
    """Each closure the bundled timeline places at a crossing falls in a non-open interval of it."""
    timeline = _read("border_timeline.csv")
    pattern = re.compile(r"^borderkit/data/crossings\.csv crossing_id=([a-z0-9-]+) ")
    closures = [r for r in timeline if r["event_type"] == "closure" and pattern.match(r["coord_source"])]
    assert {pattern.match(r["coord_source"]).group(1) for r in closures} >= {"torkham", "chaman-spin-boldak"}
    for r in closures:
        cid = pattern.match(r["coord_source"]).group(1)
        status = _status_on(history, cid, dt.date.fromisoformat(r["date"]))
        assert status not in {"open", "unknown"}, f"{r['event_id']}: {cid} is {status!r} that day"
    # The returnees-only reopening of Torkham on 1 November 2025 (a timeline reopening row).
    assert _status_on(history, "torkham", dt.date(2025, 11, 1)) == "returnees only"
    assert _status_on(history, "torkham", dt.date(2025, 10, 31)) == "closed"


def test_crossings_status_is_the_current_interval(
    crossings: list[dict[str, str]], history: list[dict[str, str]]
) -> None:
    for c in crossings:
        current = [r for r in history if r["crossing_id"] == c["crossing_id"] and r["end"] == ""]
        assert len(current) <= 1
        if current:
            assert c["status"] == current[0]["status"], c["crossing_id"]
            assert c["as_of"] == current[0]["source_date"], c["crossing_id"]
            assert c["status_source"] == current[0]["citation"], c["crossing_id"]
        else:
            assert c["status"] == "unknown", c["crossing_id"]


# --------------------------------------------------------------------------- manifest, build, research


@pytest.mark.parametrize("name", ["crossings.csv", "crossing_status.csv"])
def test_manifest_lists_the_files_with_their_sha256(name: str) -> None:
    entry = _data.manifest()["files"][name]
    body = (DATA / name).read_bytes()
    assert entry["file"] == name
    assert entry["bytes"] == len(body)
    assert entry["sha256"] == hashlib.sha256(body).hexdigest()
    for field in ("title", "publisher", "licence", "attribution", "notes", "as_of"):
        assert entry[field], f"{name}: manifest {field} is empty"
    assert entry["source"]["registry"] == "curated"
    assert (ROOT / entry["source"]["package"]).is_file(), f"{name}: build script missing"


def _load_script(name: str):
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(SCRIPTS))
    return module


def test_build_reproduces_the_bundled_files() -> None:
    build = _load_script("build_crossings")
    text, entry, status_text, status_entry = build.build()
    assert text == (DATA / "crossings.csv").read_text(encoding="utf-8")
    assert status_text == (DATA / "crossing_status.csv").read_text(encoding="utf-8")
    manifest = _data.manifest()["files"]
    for name, built in (("crossings.csv", entry), ("crossing_status.csv", status_entry)):
        assert {k: manifest[name][k] for k in built} == built, name


def test_research_notes_cover_every_crossing(crossings: list[dict[str, str]]) -> None:
    notes = (SCRIPTS / "crossings_research.md").read_text(encoding="utf-8")
    missing = [r["crossing_id"] for r in crossings if f"`{r['crossing_id']}`" not in notes]
    assert not missing, f"scripts/crossings_research.md has no section naming: {missing}"


def test_located_afg_irn_crossings_lie_within_1_km_of_their_line(crossings: list[dict[str, str]]) -> None:
    border = bk.load_border(("AFG", "IRN"))
    line = border.geometry.iloc[0]
    rows = [r for r in _located(crossings) if r["border"] == "AFG-IRN"]
    assert {r["crossing_id"] for r in rows} >= {"islam-qala", "milak"}
    lon, lat = [float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows]
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    library = bk.distance_to_border(points, border)
    for r, lib_m in zip(rows, library, strict=True):
        ref_m = _dense_distance_m(line, float(r["lon"]), float(r["lat"]))
        assert lib_m == pytest.approx(ref_m, abs=60), r["crossing_id"]
        assert float(r["distance_to_border_m"]) == pytest.approx(lib_m, abs=2), r["crossing_id"]
        assert lib_m <= 1000, f"{r['crossing_id']}: {lib_m:.0f} m from the Afghanistan-Iran line"
