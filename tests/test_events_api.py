"""Tests of the UCDP GED and ACLED API clients (geo/events/ucdp_api, acled_api) against a local HTTP server.

The records below are synthetic but shaped exactly like the APIs' JSON: UCDP GED
records as in ``GET /api/gedevents/25.1`` (numbers as numbers, dates as
``YYYY-MM-DDT00:00:00``) and ACLED records as in ``GET /api/acled/read?_format=json``
(every value a string). They sit at real places on the Afghanistan-Pakistan border:
Torkham (34.11 N, 71.08 E), Chaman (30.95 N, 66.45 E) and Spin Boldak (31.00 N, 66.40 E).
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import sys
import types
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import geopandas as gpd
import pandas as pd
import pytest

from borderkit import _http, settings
from borderkit.errors import OfflineError, ResponseError, SourceUnavailableError
from borderkit.geo.events import acled_api, ucdp_api

JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
UCDP_TOKEN = "ucdp-T0KEN-5f2e9c"
ACLED_USER = "analyst@example.org"
ACLED_PASSWORD = "pa55-w0rd-acled!"
ACCESS_1, REFRESH_1 = "acc3ss-one-8d1f", "r3fresh-one-77aa"
ACCESS_2, REFRESH_2 = "acc3ss-two-41bc", "r3fresh-two-90ee"
SECRETS = [UCDP_TOKEN, ACLED_PASSWORD, ACCESS_1, REFRESH_1, ACCESS_2, REFRESH_2]
GED_PATH = "/api/gedevents/25.1"
READ_PATH = "/api/acled/read"
TOKEN_PATH = "/oauth/token"


# --------------------------------------------------------------------------- helpers


def accept_posts(server) -> list[tuple[str, str]]:
    """Let the local server answer POST like GET (scripted answers); return the bodies it gets."""
    bodies: list[tuple[str, str]] = []
    handler = server._httpd.RequestHandlerClass

    def do_POST(self) -> None:  # noqa: N802 - the name http.server looks up
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        with server._lock:
            bodies.append((self.path, body))
        answer = server._next_response(self.path, dict(self.headers.items()), "POST")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(answer)

    handler.do_POST = do_POST
    return bodies


def cache_texts() -> dict[str, str]:
    folder = Path(settings.cache_folder)
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes().decode("utf-8", errors="replace") for p in folder.iterdir()}


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


def error_chain_text(exc: BaseException) -> str:
    parts = []
    while exc is not None:
        parts.append(str(exc))
        exc = exc.__cause__ or exc.__context__
    return "\n".join(parts)


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    waits: list[float] = []
    monkeypatch.setattr(_http, "_sleep", waits.append)
    return waits


@pytest.fixture
def no_env(monkeypatch) -> None:
    for name in ("UCDP_ACCESS_TOKEN", "ACLED_USERNAME", "ACLED_EMAIL", "ACLED_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def raw_frames(monkeypatch) -> dict[str, list]:
    """Record the raw frames and ``where`` handed to the normalisers (the real ones still run).

    If borderkit.geo.events does not exist (yet), a stand-in returns the raw frame, so that
    the paging, caching and credential tests still run; the tests of the normalised output
    skip then.
    """
    seen: dict[str, list] = {"ucdp": [], "acled": []}
    try:
        from borderkit.geo import events
    except ImportError:
        events = types.ModuleType("borderkit.geo.events")
        events.normalise_ucdp = lambda df, *, where: df
        events.normalise_acled = lambda df, *, where: df
        events.STAND_IN = True
        monkeypatch.setitem(sys.modules, "borderkit.geo.events", events)
    for name in ("ucdp", "acled"):
        real = getattr(events, f"normalise_{name}")

        def spy(df, *, where, _real=real, _name=name):
            seen[_name].append((df.copy(), where))
            return _real(df, where=where)

        monkeypatch.setattr(events, f"normalise_{name}", spy)
    seen["stand_in"] = [getattr(events, "STAND_IN", False)]
    return seen


def forbid_sockets(monkeypatch) -> None:
    def refuse(self, address):
        pytest.fail(f"a socket connection to {address} was attempted while offline")

    monkeypatch.setattr(socket.socket, "connect", refuse)


# --------------------------------------------------------------------------- UCDP data


def ged_record(event_id: int, lat: float, lon: float, **extra) -> dict:
    record = {
        "id": event_id,
        "relid": f"PAK-2023-1-209-{event_id}",
        "year": 2023,
        "active_year": True,
        "code_status": "Clear",
        "type_of_violence": 1,
        "conflict_dset_id": "209",
        "conflict_new_id": 209,
        "conflict_name": "Pakistan: Government",
        "dyad_dset_id": "11371",
        "dyad_new_id": 11371,
        "dyad_name": "Government of Pakistan - TTP",
        "side_a_dset_id": "130",
        "side_a_new_id": 130,
        "side_a": "Government of Pakistan",
        "side_b_dset_id": "1142",
        "side_b_new_id": 1142,
        "side_b": "TTP",
        "number_of_sources": 2,
        "source_article": "Dawn, 2023-02-21",
        "source_office": "Dawn",
        "source_date": "2023-02-21",
        "source_headline": "Exchange of fire near the border",
        "source_original": "security officials",
        "where_prec": 1,
        "where_coordinates": "Torkham town",
        "where_description": "Torkham border crossing",
        "adm_1": "Khyber Pakhtunkhwa province",
        "adm_2": "Khyber district",
        "latitude": lat,
        "longitude": lon,
        "geom_wkt": f"POINT ({lon} {lat})",
        "priogrid_gid": 175143,
        "country": "Pakistan",
        "country_id": 770,
        "region": "Asia",
        "event_clarity": 1,
        "date_prec": 1,
        "date_start": "2023-02-20T00:00:00",
        "date_end": "2023-02-20T00:00:00",
        "deaths_a": 1,
        "deaths_b": 2,
        "deaths_civilians": 0,
        "deaths_unknown": 0,
        "best": 3,
        "high": 4,
        "low": 3,
        "gwnoa": "770",
        "gwnob": None,
    }
    record.update(extra)
    return record


GED_RECORDS = [
    ged_record(512001, 34.1106, 71.0850),
    ged_record(
        512002,
        34.0953,
        71.1183,
        date_start="2023-03-04T00:00:00",
        date_end="2023-03-05T00:00:00",
        date_prec=2,
        best=1,
        low=1,
        high=1,
        deaths_a=1,
        deaths_b=0,
    ),
    ged_record(
        512003,
        30.9210,
        66.4520,
        where_coordinates="Chaman town",
        adm_1="Balochistan province",
        adm_2="Qilla Abdullah district",
        date_start="2023-05-11T00:00:00",
        date_end="2023-05-11T00:00:00",
        best=2,
        low=2,
        high=2,
        deaths_a=0,
        deaths_b=2,
    ),
    ged_record(
        512004,
        31.0071,
        66.3994,
        country="Afghanistan",
        country_id=700,
        conflict_name="Afghanistan - Pakistan",
        side_a="Government of Afghanistan",
        side_b="Government of Pakistan",
        where_coordinates="Spin Boldak town",
        adm_1="Kandahar province",
        adm_2="Spin Boldak district",
        where_prec=2,
        date_start="2023-07-30T00:00:00",
        date_end="2023-07-30T00:00:00",
        best=5,
        low=4,
        high=7,
    ),
    ged_record(
        512005,
        34.1204,
        71.0738,
        type_of_violence=3,
        side_b="Civilians",
        best=2,
        low=2,
        high=2,
        deaths_a=0,
        deaths_b=0,
        deaths_civilians=2,
        date_start="2023-11-02T00:00:00",
        date_end="2023-11-02T00:00:00",
    ),
]


def ged_pages(server, records=GED_RECORDS, pagesize=2, query="Country=700%2C770") -> list[dict]:
    """The pages the UCDP API answers for ``records``, linked by absolute NextPageUrl."""
    chunks = [records[i : i + pagesize] for i in range(0, len(records), pagesize)]
    pages = []
    for number, chunk in enumerate(chunks):

        def link(n: int) -> str:
            return server.url(f"{GED_PATH}?pagesize={pagesize}&page={n}&{query}")

        pages.append(
            {
                "TotalCount": len(records),
                "TotalPages": len(chunks),
                "PreviousPageUrl": link(number - 1) if number else "",
                "NextPageUrl": link(number + 1) if number + 1 < len(chunks) else "",
                "Result": chunk,
            }
        )
    return pages


def route_json(server, path: str, pages: list) -> None:
    server.route(path, [(200, JSON_HEADERS, json.dumps(page)) for page in pages])


@pytest.fixture
def ucdp(http_server, monkeypatch):
    settings.ucdp_api = http_server.url("/api")
    monkeypatch.setenv("UCDP_ACCESS_TOKEN", UCDP_TOKEN)
    return http_server


# --------------------------------------------------------------------------- UCDP tests


def test_ucdp_follows_pages_with_the_token_and_serves_the_cache(
    ucdp, raw_frames, caplog, monkeypatch
) -> None:
    caplog.set_level(logging.DEBUG, logger="borderkit")
    pages = ged_pages(ucdp)
    route_json(ucdp, GED_PATH, pages)

    got = ucdp_api.fetch_ucdp(country=["AFG", "PAK"], start="2023-01-01", end="2023-12-31", pagesize=2)

    assert ucdp.count(GED_PATH) == 3
    for request in ucdp.requests:
        assert request.headers["x-ucdp-access-token"] == UCDP_TOKEN  # on every page
        assert request.headers["User-Agent"] == settings.user_agent
    first = parse_qs(urlsplit(ucdp.requests[0].path).query)
    assert first == {
        "Country": ["700,770"],
        "EndDate": ["2023-12-31"],
        "StartDate": ["2023-01-01"],
        "page": ["0"],
        "pagesize": ["2"],
    }
    assert [r.path for r in ucdp.requests[1:]] == [
        urlsplit(pages[0]["NextPageUrl"]).path + "?" + urlsplit(pages[0]["NextPageUrl"]).query,
        urlsplit(pages[1]["NextPageUrl"]).path + "?" + urlsplit(pages[1]["NextPageUrl"]).query,
    ]
    ((raw, where),) = raw_frames["ucdp"]
    assert raw["id"].tolist() == [r["id"] for r in GED_RECORDS]  # all pages, in order
    assert raw["latitude"].tolist() == [r["latitude"] for r in GED_RECORDS]
    assert "UCDP" in where
    assert "gedevents/25.1" in where
    assert len(got) == 5

    # Again, without a token: every page comes from the cache, no request is made.
    monkeypatch.delenv("UCDP_ACCESS_TOKEN")
    again = ucdp_api.fetch_ucdp(country=["AFG", "PAK"], start="2023-01-01", end="2023-12-31", pagesize=2)
    assert ucdp.count() == 3
    pd.testing.assert_frame_equal(raw_frames["ucdp"][1][0], raw)
    assert len(again) == 5

    # The token is a header: it is in no cache key, cached file or log record.
    files = cache_texts()
    assert len(files) == 6  # three bodies and their sidecars
    for name, text in files.items():
        assert UCDP_TOKEN not in text, name
        assert "x-ucdp-access-token" not in text.lower(), name
    keys = {_http.cache_key(p["NextPageUrl"]) for p in pages[:2]}
    assert {f"{k}.body" for k in keys} <= set(files)
    assert UCDP_TOKEN not in caplog.text
    assert "served" in caplog.text


def test_ucdp_output_is_normalised_to_the_events_schema(ucdp, raw_frames) -> None:
    if raw_frames["stand_in"][0]:
        pytest.skip("borderkit.geo.events (normalise_ucdp) is not there yet; the raw frame is tested above")
    route_json(ucdp, GED_PATH, ged_pages(ucdp))
    got = ucdp_api.fetch_ucdp(country="AFG", pagesize=2)
    assert isinstance(got, gpd.GeoDataFrame)
    assert got.crs is not None
    assert got.crs.to_epsg() == 4326
    assert len(got) == len(GED_RECORDS)
    assert got.geometry.x.tolist() == pytest.approx([r["longitude"] for r in GED_RECORDS])
    assert got.geometry.y.tolist() == pytest.approx([r["latitude"] for r in GED_RECORDS])
    for column in ("event_id", "date", "event_type", "actors", "fatalities", "source_dataset"):
        assert column in got.columns
    assert got["fatalities"].tolist() == [r["best"] for r in GED_RECORDS]
    for event_id, record in zip(got["event_id"].astype(str), GED_RECORDS, strict=True):
        assert str(record["id"]) in event_id


def test_ucdp_failing_page_names_its_url_and_is_not_cached(ucdp, raw_frames, sleeps) -> None:
    pages = ged_pages(ucdp)
    ucdp.route(
        GED_PATH,
        [(200, JSON_HEADERS, json.dumps(pages[0]))] + [(500, {}, "Internal Server Error")] * 10,
    )
    settings.max_retries = 2
    with pytest.raises(SourceUnavailableError) as info:
        ucdp_api.fetch_ucdp(country=["AFG", "PAK"], pagesize=2)
    message = str(info.value)
    assert isinstance(info.value, _http.HTTPStatusError)
    assert info.value.status == 500
    assert pages[0]["NextPageUrl"] in message  # the failing page's URL
    assert "page 2" in message
    assert "HTTP 500" in message
    assert "after 3 attempt(s)" in message
    assert "load_events('export.csv')" in message
    assert UCDP_TOKEN not in message
    assert ucdp.count(GED_PATH) == 1 + 3
    failing_key = _http.cache_key(pages[0]["NextPageUrl"])
    files = cache_texts()
    assert not any(name.startswith(failing_key) for name in files)  # nothing half-cached
    assert len(files) == 2  # page 1 and its sidecar
    assert raw_frames["ucdp"] == []

    # The API recovers: calling again resumes at page 2.
    route_json(ucdp, GED_PATH, pages[1:])
    got = ucdp_api.fetch_ucdp(country=["AFG", "PAK"], pagesize=2)
    assert len(got) == 5
    assert [parse_qs(urlsplit(r.path).query)["page"] for r in ucdp.requests[4:]] == [["1"], ["2"]]


def test_ucdp_without_token_says_how_to_get_one(ucdp, raw_frames, monkeypatch) -> None:
    monkeypatch.delenv("UCDP_ACCESS_TOKEN")
    route_json(ucdp, GED_PATH, ged_pages(ucdp))
    with pytest.raises(SourceUnavailableError) as info:
        ucdp_api.fetch_ucdp(country="PAK")
    message = str(info.value)
    assert "access token" in message
    assert "UCDP_ACCESS_TOKEN" in message
    assert "fetch_ucdp(token=...)" in message
    assert "ucdp.uu.se/apidocs" in message
    assert ucdp.count() == 0

    ucdp_api.fetch_ucdp(country="PAK", token=UCDP_TOKEN, pagesize=2)  # the argument works too
    assert ucdp.requests[0].headers["x-ucdp-access-token"] == UCDP_TOKEN


def test_ucdp_refused_token_is_explained_without_the_token(ucdp, raw_frames) -> None:
    ucdp.route(GED_PATH, [(401, {}, f"Invalid token {UCDP_TOKEN}")])
    with pytest.raises(_http.HTTPStatusError) as info:
        ucdp_api.fetch_ucdp(country="AFG")
    message = str(info.value)
    assert info.value.status == 401
    assert "refused the access token" in message
    assert "UCDP_ACCESS_TOKEN" in message
    assert_no_secret(error_chain_text(info.value), *cache_texts().values())
    assert ucdp.count() == 1  # 401 is not retried


def test_ucdp_next_page_on_another_host_is_asked_for_by_number(ucdp, raw_frames) -> None:
    pages = ged_pages(ucdp, pagesize=3)
    pages[0]["NextPageUrl"] = "http://elsewhere.invalid/api/gedevents/25.1?pagesize=3&page=1"
    route_json(ucdp, GED_PATH, pages)
    ucdp_api.fetch_ucdp(pagesize=3)
    assert ucdp.count(GED_PATH) == 2
    second = parse_qs(urlsplit(ucdp.requests[1].path).query)
    assert second == {"page": ["1"], "pagesize": ["3"]}
    assert ucdp.requests[1].headers["x-ucdp-access-token"] == UCDP_TOKEN
    assert len(raw_frames["ucdp"][0][0]) == 5


def test_ucdp_max_pages_and_json_that_is_not_a_page(ucdp, raw_frames) -> None:
    route_json(ucdp, GED_PATH, ged_pages(ucdp))
    ucdp_api.fetch_ucdp(pagesize=2, max_pages=2)
    assert ucdp.count() == 2
    assert len(raw_frames["ucdp"][0][0]) == 4

    ucdp.route("/api/gedevents/24.1", [(200, JSON_HEADERS, '{"Message": "An error has occurred."}')])
    with pytest.raises(ResponseError, match="not a page of GED events"):
        ucdp_api.fetch_ucdp(version="24.1")
    assert not any(
        name.startswith(_http.cache_key(ucdp.url("/api/gedevents/24.1"))) for name in cache_texts()
    )


def test_an_empty_answer_gives_an_empty_frame_with_the_schema(ucdp, acled, raw_frames, monkeypatch) -> None:
    if raw_frames["stand_in"][0]:
        pytest.skip("borderkit.geo.events (the normalisers) is not there yet")
    monkeypatch.setenv("UCDP_ACCESS_TOKEN", UCDP_TOKEN)  # the acled fixture clears the environment
    empty = {"TotalCount": 0, "TotalPages": 0, "PreviousPageUrl": "", "NextPageUrl": "", "Result": []}
    route_json(ucdp, GED_PATH, [empty, *ged_pages(ucdp)])
    acled.route(TOKEN_PATH, [token_answer(ACCESS_1, REFRESH_1)])
    acled.route(READ_PATH, [acled_page([]), acled_page(ACLED_RECORDS)])
    for fetch in (ucdp_api.fetch_ucdp, acled_api.fetch_acled):
        none = fetch(country="AFG", start="2030-01-01")
        some = fetch(country="PAK", start="2023-01-01")
        assert len(none) == 0
        assert len(some) > 0
        assert isinstance(none, gpd.GeoDataFrame)
        assert none.crs.to_epsg() == 4326
        # extra is one Arrow struct column whose type carries each answer's own columns.
        assert none.drop(columns="extra").dtypes.to_dict() == some.drop(columns="extra").dtypes.to_dict()
    assert raw_frames["ucdp"][0][1].endswith("(schema sample)")  # the only frame normalised for "none"


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("AFG", "700"),
        ("pak", "770"),
        (["AFG", "PAK"], "700,770"),
        (750, "750"),
        ("700", "700"),
        (("PAK", 770), "770"),
    ],
)
def test_ucdp_country_codes(country, expected) -> None:
    assert ucdp_api._gleditsch_ward(country, "fetch_ucdp") == expected


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"country": "IND"}, "Gleditsch-Ward"),
        ({"country": "Afghanistan"}, "Gleditsch-Ward"),
        ({"start": "01/02/2023"}, "not a date"),
        ({"start": "2023-05-01", "end": "2023-01-01"}, "start is after end"),
        ({"pagesize": 5000}, "at most 1000"),
        ({"max_pages": 0}, "at least 1"),
        ({"version": "latest"}, "not a UCDP GED release"),
    ],
)
def test_ucdp_bad_arguments(http_server, kwargs, match) -> None:
    settings.ucdp_api = http_server.url("/api")
    with pytest.raises(ValueError, match=match):
        ucdp_api.fetch_ucdp(token=UCDP_TOKEN, **kwargs)
    assert http_server.count() == 0


# --------------------------------------------------------------------------- ACLED data


def acled_record(n: int, lat: str, lon: str, location: str, **extra) -> dict:
    record = {
        "event_id_cnty": f"PAK{120340 + n}",
        "event_date": f"2024-03-{10 + n:02d}",
        "year": "2024",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Pakistan (2018-)",
        "assoc_actor_1": "",
        "inter1": "State forces",
        "actor2": "TTP: Tehreek-i-Taliban Pakistan",
        "assoc_actor_2": "",
        "inter2": "Rebel group",
        "interaction": "State forces-Rebel group",
        "civilian_targeting": "",
        "iso": "586",
        "region": "South Asia",
        "country": "Pakistan",
        "admin1": "Khyber Pakhtunkhwa",
        "admin2": "Khyber",
        "admin3": "Landi Kotal",
        "location": location,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": "1",
        "source": "Dawn; Express Tribune",
        "source_scale": "National",
        "notes": f"On {10 + n} March 2024, security forces clashed with TTP militants near {location}.",
        "fatalities": str(n),
        "tags": "",
        "timestamp": "1711390000",
    }
    record.update(extra)
    return record


ACLED_RECORDS = [
    acled_record(1, "34.1145", "71.0870", "Torkham"),
    acled_record(
        2,
        "30.9236",
        "66.4497",
        "Chaman",
        admin1="Balochistan",
        admin2="Qilla Abdullah",
        admin3="Chaman",
        geo_precision="2",
    ),
    acled_record(
        3,
        "31.0074",
        "66.4003",
        "Spin Boldak",
        event_id_cnty="AFG87001",
        country="Afghanistan",
        iso="4",
        admin1="Kandahar",
        admin2="Spin Boldak",
        admin3="",
        event_type="Strategic developments",
        sub_event_type="Disrupted weapons use",
        fatalities="0",
    ),
]


def acled_page(records: list[dict]) -> tuple[int, dict, str]:
    body = {
        "status": 200,
        "success": True,
        "last_update": 12,
        "count": len(records),
        "messages": [],
        "data": records,
        "filename": "acled_export",
    }
    return (200, JSON_HEADERS, json.dumps(body))


def token_answer(access: str, refresh: str) -> tuple[int, dict, str]:
    body = {"token_type": "Bearer", "expires_in": 86400, "access_token": access, "refresh_token": refresh}
    return (200, JSON_HEADERS, json.dumps(body))


@pytest.fixture
def acled(http_server, monkeypatch, no_env):
    settings.acled_api = http_server.url("")
    monkeypatch.setenv("ACLED_USERNAME", ACLED_USER)
    monkeypatch.setenv("ACLED_PASSWORD", ACLED_PASSWORD)
    http_server.posts = accept_posts(http_server)
    return http_server


def form(body: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(body).items()}


QUERY = {"country": ["AFG", "PAK"], "start": "2024-03-01", "end": "2024-03-31", "limit": 2}


# --------------------------------------------------------------------------- ACLED tests


def test_acled_logs_in_then_reads_pages_with_the_bearer_token(acled, raw_frames, caplog, monkeypatch) -> None:
    caplog.set_level(logging.DEBUG, logger="borderkit")
    acled.route(TOKEN_PATH, [token_answer(ACCESS_1, REFRESH_1)])
    acled.route(READ_PATH, [acled_page(ACLED_RECORDS[:2]), acled_page(ACLED_RECORDS[2:])])

    got = acled_api.fetch_acled(**QUERY)

    assert [(r.method, urlsplit(r.path).path) for r in acled.requests] == [
        ("POST", TOKEN_PATH),
        ("GET", READ_PATH),
        ("GET", READ_PATH),
    ]
    assert form(acled.posts[0][1]) == {
        "username": ACLED_USER,
        "password": ACLED_PASSWORD,
        "grant_type": "password",
        "client_id": "acled",
    }
    assert acled.requests[0].headers["Content-Type"] == "application/x-www-form-urlencoded"
    for n, request in enumerate(acled.requests[1:], start=1):
        assert request.headers["Authorization"] == f"Bearer {ACCESS_1}"
        assert parse_qs(urlsplit(request.path).query) == {
            "_format": ["json"],
            "country": ["Afghanistan:OR:Pakistan"],
            "event_date": ["2024-03-01|2024-03-31"],
            "event_date_where": ["BETWEEN"],
            "limit": ["2"],
            "page": [str(n)],
        }
    ((raw, where),) = raw_frames["acled"]
    assert raw["event_id_cnty"].tolist() == [r["event_id_cnty"] for r in ACLED_RECORDS]
    assert "ACLED" in where
    assert len(got) == 3

    # Again, without credentials: served from the cache, no login, no request.
    monkeypatch.delenv("ACLED_USERNAME")
    monkeypatch.delenv("ACLED_PASSWORD")
    assert len(acled_api.fetch_acled(**QUERY)) == 3
    assert acled.count() == 3

    files = cache_texts()
    assert len(files) == 4  # two pages and their sidecars; the token answer is never cached
    assert_no_secret(caplog.text, *files.values(), *files)
    assert all("authorization" not in text.lower() for text in files.values())
    assert ACLED_USER not in caplog.text


def test_acled_output_is_normalised_to_the_events_schema(acled, raw_frames) -> None:
    if raw_frames["stand_in"][0]:
        pytest.skip("borderkit.geo.events (normalise_acled) is not there yet; the raw frame is tested above")
    acled.route(TOKEN_PATH, [token_answer(ACCESS_1, REFRESH_1)])
    acled.route(READ_PATH, [acled_page(ACLED_RECORDS)])
    got = acled_api.fetch_acled(country="Pakistan")
    assert isinstance(got, gpd.GeoDataFrame)
    assert got.crs is not None
    assert got.crs.to_epsg() == 4326
    assert got.geometry.x.tolist() == pytest.approx([float(r["longitude"]) for r in ACLED_RECORDS])
    assert got.geometry.y.tolist() == pytest.approx([float(r["latitude"]) for r in ACLED_RECORDS])
    assert [int(v) for v in got["fatalities"]] == [int(r["fatalities"]) for r in ACLED_RECORDS]
    for event_id, record in zip(got["event_id"].astype(str), ACLED_RECORDS, strict=True):
        assert record["event_id_cnty"] in event_id


def test_acled_expired_token_is_refreshed_and_the_page_asked_again(acled, raw_frames, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="borderkit")
    acled.route(TOKEN_PATH, [token_answer(ACCESS_1, REFRESH_1), token_answer(ACCESS_2, REFRESH_2)])
    expired = (401, JSON_HEADERS, json.dumps({"message": f"Token {ACCESS_1} expired"}))
    acled.route(READ_PATH, [acled_page(ACLED_RECORDS[:2]), expired, acled_page(ACLED_RECORDS[2:])])

    got = acled_api.fetch_acled(**QUERY)

    assert len(got) == 3
    assert [(r.method, parse_qs(urlsplit(r.path).query).get("page")) for r in acled.requests] == [
        ("POST", None),
        ("GET", ["1"]),
        ("GET", ["2"]),
        ("POST", None),
        ("GET", ["2"]),
    ]
    assert form(acled.posts[1][1]) == {
        "grant_type": "refresh_token",
        "refresh_token": REFRESH_1,
        "client_id": "acled",
    }
    assert acled.requests[2].headers["Authorization"] == f"Bearer {ACCESS_1}"
    assert acled.requests[4].headers["Authorization"] == f"Bearer {ACCESS_2}"
    files = cache_texts()
    assert len(files) == 4  # the refused answer was not cached
    assert_no_secret(caplog.text, *files.values())


def test_acled_failed_renewal_is_a_clear_error(acled, raw_frames, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="borderkit")
    acled.route(
        TOKEN_PATH,
        [
            token_answer(ACCESS_1, REFRESH_1),
            (400, JSON_HEADERS, json.dumps({"error": "invalid_grant", "hint": f"{REFRESH_1} is revoked"})),
            (401, JSON_HEADERS, json.dumps({"error": "invalid_grant", "message": "bad credentials"})),
        ],
    )
    acled.route(READ_PATH, [acled_page(ACLED_RECORDS[:2]), (401, {}, "Unauthorized")])

    with pytest.raises(_http.HTTPStatusError) as info:
        acled_api.fetch_acled(**QUERY)

    message = str(info.value)
    assert "could not log in again" in message
    assert "ACLED_USERNAME" in message
    assert "ACLED_PASSWORD" in message
    assert "load_events('export.csv')" in message
    assert [form(body)["grant_type"] for _, body in acled.posts] == ["password", "refresh_token", "password"]
    assert_no_secret(error_chain_text(info.value), caplog.text, *cache_texts().values())
    assert ACLED_USER not in message
    assert len(cache_texts()) == 2  # page 1 only


def test_acled_renewed_token_refused_again_is_a_clear_error(acled, raw_frames) -> None:
    acled.route(TOKEN_PATH, [token_answer(ACCESS_1, REFRESH_1), token_answer(ACCESS_2, REFRESH_2)])
    acled.route(READ_PATH, [(401, {}, "Unauthorized")])
    with pytest.raises(_http.HTTPStatusError) as info:
        acled_api.fetch_acled(**QUERY)
    message = str(info.value)
    assert info.value.status == 401
    assert "refused a freshly renewed access token for page 1" in message
    assert acled.url(READ_PATH) in message
    assert acled.count(READ_PATH) == 2
    assert acled.count(TOKEN_PATH) == 2
    assert_no_secret(error_chain_text(info.value))
    assert cache_texts() == {}


def test_acled_refused_login_and_missing_credentials(acled, raw_frames, monkeypatch) -> None:
    acled.route(TOKEN_PATH, [(401, JSON_HEADERS, json.dumps({"error": "invalid_grant"}))])
    acled.route(READ_PATH, [acled_page(ACLED_RECORDS)])
    with pytest.raises(_http.HTTPStatusError, match="refused the account's credentials") as info:
        acled_api.fetch_acled(country="AFG")
    assert_no_secret(error_chain_text(info.value))
    assert acled.count(READ_PATH) == 0

    monkeypatch.delenv("ACLED_PASSWORD")
    with pytest.raises(SourceUnavailableError) as info:
        acled_api.fetch_acled(country="AFG")
    message = str(info.value)
    assert "the password" in message
    assert "ACLED_USERNAME" in message
    assert "ACLED_PASSWORD" in message
    assert "acleddata.com/register" in message
    assert acled.count() == 1  # only the refused login above

    with pytest.raises(ValueError, match="pass only one"):
        acled_api.fetch_acled(email="a@example.org", username="b@example.org")


def test_acled_error_object_with_status_200_is_not_cached(acled, raw_frames) -> None:
    acled.route(TOKEN_PATH, [token_answer(ACCESS_1, REFRESH_1)])
    refused = {"status": 403, "success": False, "error": {"message": "Access denied for this date range"}}
    acled.route(READ_PATH, [(200, JSON_HEADERS, json.dumps(refused))])
    with pytest.raises(ResponseError, match="Access denied for this date range"):
        acled_api.fetch_acled(country="PAK", start="1997-01-01")
    assert cache_texts() == {}


def test_acled_username_argument_and_single_date_bound(acled, raw_frames, no_env) -> None:
    acled.route(TOKEN_PATH, [token_answer(ACCESS_1, REFRESH_1)])
    acled.route(READ_PATH, [acled_page(ACLED_RECORDS[:1])])
    acled_api.fetch_acled(country="Pakistan", start="2024-03-01", email=ACLED_USER, password=ACLED_PASSWORD)
    assert form(acled.posts[0][1])["username"] == ACLED_USER
    query = parse_qs(urlsplit(acled.requests[1].path).query)
    assert query["event_date"] == ["2024-03-01"]
    assert query["event_date_where"] == [">="]
    assert query["limit"] == ["5000"]


# --------------------------------------------------------------------------- offline


def test_offline_raises_without_any_request(ucdp, acled, raw_frames, monkeypatch) -> None:
    settings.offline = True
    forbid_sockets(monkeypatch)
    for fetch, name in ((ucdp_api.fetch_ucdp, "UCDP GED API"), (acled_api.fetch_acled, "ACLED API")):
        with pytest.raises(OfflineError) as info:
            fetch(country="AFG")
        message = str(info.value)
        assert message.startswith(name)
        assert "offline" in message
        assert "load_events('export.csv')" in message
        assert_no_secret(message)
    assert acled.count() == 0


def test_offline_serves_cached_pages_without_credentials(
    ucdp, acled, raw_frames, monkeypatch, no_env
) -> None:
    acled.route(TOKEN_PATH, [token_answer(ACCESS_1, REFRESH_1)])
    acled.route(READ_PATH, [acled_page(ACLED_RECORDS)])
    route_json(ucdp, GED_PATH, ged_pages(ucdp))
    acled_api.fetch_acled(country="PAK", username=ACLED_USER, password=ACLED_PASSWORD)
    ucdp_api.fetch_ucdp(country="PAK", token=UCDP_TOKEN, pagesize=2)
    served = acled.count()

    settings.offline = True
    forbid_sockets(monkeypatch)
    assert len(acled_api.fetch_acled(country="PAK")) == 3
    assert len(ucdp_api.fetch_ucdp(country="PAK", pagesize=2)) == 5
    assert acled.count() == served


# --------------------------------------------------------------------------- hardened paths (issue 9 §1)


@pytest.fixture
def elsewhere():
    """Another origin: a second local server on another port."""
    from conftest import LocalServer

    server = LocalServer()
    try:
        yield server
    finally:
        server.close()


def test_ucdp_token_does_not_follow_a_redirect_to_another_origin(ucdp, raw_frames, elsewhere) -> None:
    pages = ged_pages(ucdp, pagesize=10)
    elsewhere.route(GED_PATH, [(200, JSON_HEADERS, json.dumps(pages[0]))])
    ucdp.route(GED_PATH, [(302, {"Location": elsewhere.url(GED_PATH + "?page=0")}, "")])
    ucdp_api.fetch_ucdp(pagesize=10)
    assert ucdp.requests[0].headers["x-ucdp-access-token"] == UCDP_TOKEN
    assert elsewhere.count() == 1
    received = {k.lower(): v for k, v in elsewhere.requests[0].headers.items()}
    assert "x-ucdp-access-token" not in received
    assert_no_secret(*received.values())
    assert len(raw_frames["ucdp"][0][0]) == len(GED_RECORDS)


def test_acled_password_is_not_reposted_to_another_origin(acled, raw_frames, elsewhere) -> None:
    elsewhere_posts = accept_posts(elsewhere)
    elsewhere.route(TOKEN_PATH, [token_answer(ACCESS_1, REFRESH_1)])
    acled.route(TOKEN_PATH, [(307, {"Location": elsewhere.url(TOKEN_PATH)}, "")])
    with pytest.raises(SourceUnavailableError, match="another origin") as info:
        acled_api.fetch_acled(**QUERY)
    assert elsewhere.count() == 0
    assert elsewhere_posts == []
    assert_no_secret(error_chain_text(info.value))


def test_acled_bearer_token_does_not_follow_a_redirect_to_another_origin(
    acled, raw_frames, elsewhere
) -> None:
    acled.route(TOKEN_PATH, [token_answer(ACCESS_1, REFRESH_1)])
    elsewhere.route(READ_PATH, [acled_page(ACLED_RECORDS[:1])])
    acled.route(READ_PATH, [(302, {"Location": elsewhere.url(READ_PATH)}, "")])
    acled_api.fetch_acled(**QUERY)
    received = {k.lower(): v for k, v in elsewhere.requests[0].headers.items()}
    assert "authorization" not in received
    assert_no_secret(*received.values())


def test_an_oversized_page_is_refused_and_not_cached(ucdp, raw_frames) -> None:
    route_json(ucdp, GED_PATH, ged_pages(ucdp, pagesize=10))
    settings.max_json_bytes = 200
    with pytest.raises(ResponseError, match=r"settings\.max_json_bytes") as info:
        ucdp_api.fetch_ucdp(pagesize=10)
    assert "page 1 of the UCDP GED events" in str(info.value)
    assert cache_texts() == {}
    assert ucdp.count() == 1  # too large is not retried


def test_refresh_reads_the_pages_again(ucdp, raw_frames) -> None:
    route_json(ucdp, GED_PATH, ged_pages(ucdp, pagesize=10))
    ucdp_api.fetch_ucdp(pagesize=10)
    ucdp_api.fetch_ucdp(pagesize=10)
    assert ucdp.count() == 1
    ucdp_api.fetch_ucdp(pagesize=10, refresh=True)
    assert ucdp.count() == 2
