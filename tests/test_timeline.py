"""The bundled border timeline: rows cited, dated, typed and placed; manifest true; build deterministic."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.util
import re
from pathlib import Path

import pytest

import borderkit as bk
from borderkit.geo import _data, sources
from borderkit.geo.geodesy import nearest_point_on_line

DATA = Path(bk.__file__).parent / "data"
NAME = "border_timeline.csv"
COLUMNS = [
    "event_id", "date", "date_precision", "event_type", "sub_type", "actors", "fatalities", "location",
    "lat", "lon", "place_precision", "notes", "source_dataset", "source_url", "citation", "coord_source",
]  # fmt: skip
EVENT_TYPES = {"closure", "reopening", "clash", "deportation", "fence", "agreement"}
DATE_PRECISIONS = {"day", "month", "year"}
PLACE_PRECISIONS = {"crossing", "town", "district", "province", "national"}
# Publisher, "Title", YYYY-MM-DD, URL
CITATION = re.compile(
    r'^(?P<publisher>[^"]+), "(?P<title>[^"]+)", (?P<date>\d{4}-\d{2}-\d{2}), (?P<url>https?://\S+)$'
)
EVENT_ID = re.compile(r"^timeline-(?P<ymd>\d{8})-[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with (DATA / NAME).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def border_line():
    return bk.load_border().geometry.iloc[0]


def test_size_and_span(rows):
    assert 20 <= len(rows) <= 60
    years = {r["date"][:4] for r in rows}
    assert {"2017", "2023", "2025"} <= years


def test_every_row_is_cited_with_publisher_title_date_and_url(rows):
    for r in rows:
        m = CITATION.match(r["citation"])
        assert m, f"{r['event_id']}: citation {r['citation']!r} is not 'Publisher, \"Title\", date, URL'"
        dt.date.fromisoformat(m["date"])
        assert m["url"] == r["source_url"], f"{r['event_id']}: source_url differs from the citation's URL"
        assert r["source_dataset"] == "borderkit timeline"


def test_dates_parse_and_precision_is_set(rows):
    for r in rows:
        day = dt.date.fromisoformat(r["date"])
        assert day.isoformat() == r["date"]
        assert r["date_precision"] in DATE_PRECISIONS, r["event_id"]
        if r["date_precision"] == "month":
            assert day.day == 1, r["event_id"]
        if r["date_precision"] == "year":
            assert (day.month, day.day) == (1, 1), r["event_id"]
        assert dt.date(2017, 1, 1) <= day <= dt.date(2025, 12, 31), r["event_id"]


def test_events_do_not_predate_their_sources_except_announced_deadlines(rows):
    for r in rows:
        published = dt.date.fromisoformat(CITATION.match(r["citation"])["date"])
        if "deadline" in r["sub_type"].lower():
            continue
        assert dt.date.fromisoformat(r["date"]) <= published, f"{r['event_id']}: dated after its source"


def test_ids_types_and_fields(rows):
    ids = [r["event_id"] for r in rows]
    assert len(set(ids)) == len(ids)
    assert [(r["date"], r["event_id"]) for r in rows] == sorted((r["date"], r["event_id"]) for r in rows)
    for r in rows:
        m = EVENT_ID.match(r["event_id"])
        assert m, r["event_id"]
        assert m["ymd"] == r["date"].replace("-", ""), r["event_id"]
        assert r["event_type"] in EVENT_TYPES, r["event_id"]
        assert r["place_precision"] in PLACE_PRECISIONS, r["event_id"]
        for col in ("sub_type", "actors", "location", "notes"):
            assert r[col].strip(), f"{r['event_id']}: empty {col}"
        assert "\n" not in r["notes"]
        if r["fatalities"]:
            assert r["fatalities"].isdigit(), f"{r['event_id']}: fatalities {r['fatalities']!r}"
    assert {r["event_type"] for r in rows} == EVENT_TYPES


def test_coordinates_only_at_bundled_crossings_and_near_the_line(rows, border_line):
    with (DATA / "crossings.csv").open(encoding="utf-8", newline="") as fh:
        points = {(c["lat"], c["lon"]) for c in csv.DictReader(fh)}
    placed = 0
    for r in rows:
        assert bool(r["lat"]) == bool(r["lon"]), f"{r['event_id']}: lat and lon go together"
        assert bool(r["lat"]) == bool(r["coord_source"]), f"{r['event_id']}: a point needs its coord_source"
        if not r["lat"]:
            continue
        placed += 1
        assert r["place_precision"] == "crossing", f"{r['event_id']}: only crossing rows carry a point"
        assert (r["lat"], r["lon"]) in points, f"{r['event_id']}: point is not a bundled crossing"
        assert r["coord_source"].startswith("borderkit/data/crossings.csv crossing_id=")
        dist = nearest_point_on_line(border_line, float(r["lon"]), float(r["lat"]))[2]
        assert dist <= 5_000, f"{r['event_id']}: {dist:.0f} m from the border line"
    assert placed >= 10


def test_national_rows_have_no_point(rows):
    national = [r for r in rows if r["place_precision"] == "national"]
    assert national
    assert all(not r["lat"] and not r["lon"] for r in national)


def test_repatriation_plan_announcement_and_first_deadline(rows):
    ifrp = {r["date"] for r in rows if r["event_type"] == "deportation"}
    assert {"2023-10-03", "2023-11-01"} <= ifrp
    announced = next(r for r in rows if r["date"] == "2023-10-03" and r["event_type"] == "deportation")
    assert "1 Nov 2023" in announced["sub_type"]


def test_fence_work_began_in_march_2017(rows):
    fence = [r for r in rows if r["event_type"] == "fence" and r["date"].startswith("2017-03")]
    assert len(fence) == 1
    assert fence[0]["date_precision"] == "month"


def test_manifest_entry_is_true():
    entry = _data.manifest()["files"][NAME]
    path = DATA / NAME
    assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry["bytes"] == path.stat().st_size
    assert entry["source"] == {"registry": "curated", "package": "scripts/build_timeline.py", "version": "1"}
    assert entry["licence"] == "CC BY 4.0 (compilation); facts from the cited sources"
    assert entry["attribution"] == "Border timeline: borderkit curation of cited public sources"
    assert "Left out" in entry["notes"]
    _data.data_path(NAME)  # verifies the checksum the loaders rely on


def test_source_key_and_attribution():
    src = sources.catalogue()["borderkit-timeline"]
    assert src.files == (NAME,)
    assert (
        sources.attribution("borderkit-timeline")
        == "Border timeline: borderkit curation of cited public sources"
    )


def test_build_reproduces_the_bundled_file():
    path = Path(__file__).resolve().parents[1] / "scripts" / "build_timeline.py"
    spec = importlib.util.spec_from_file_location("build_timeline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text, entry = module.build()
    assert text.encode("utf-8") == (DATA / NAME).read_bytes()
    assert entry["notes"] == _data.manifest()["files"][NAME]["notes"]
