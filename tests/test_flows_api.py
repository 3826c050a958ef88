"""UNHCR Refugee Population Statistics API and IOM DTM API clients, against a real HTTP server on 127.0.0.1.

The records are synthetic but shaped like the APIs' JSON: UNHCR pages
``{"page", "maxPages", "total", "items"}`` whose unpublished values are ``"-"``;
DTM v3 answers ``{"isSuccess", "message", "result"}`` with ``admin0Pcode``,
``admin1Name``, ``numPresentIdpInd``, ``reportingDate`` ...
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from borderkit import settings
from borderkit.errors import HTTPStatusError, OfflineError, ResponseError, SchemaError, SourceUnavailableError
from borderkit.geo.displacement import api

JSON = {"Content-Type": "application/json"}
HTML = {"Content-Type": "text/html"}
POP = "/population/v1/population/"
SOL = "/population/v1/solutions/"
DTM_PATH = "/v3/displacement/admin1"
DTM_KEY = "dtm-KEY-3f9a71c2"


def unhcr_item(year, **figures):
    item = {
        "year": year,
        "coo_id": 1,
        "coo_name": "Afghanistan",
        "coo": "AFG",
        "coo_iso": "AFG",
        "coa_id": 152,
        "coa_name": "Pakistan",
        "coa": "PAK",
        "coa_iso": "PAK",
        "refugees": "-",
        "asylum_seekers": "-",
        "returned_refugees": "-",
        "idps": "-",
        "returned_idps": "-",
        "stateless": "-",
        "ooc": "-",
        "oip": "-",
        "hst": "-",
    }
    item.update(figures)
    return item


def page(items, number=1, pages=1):
    return (200, JSON, json.dumps({"page": number, "maxPages": pages, "total": [], "items": items}))


def base(server):
    return server.url("/population/v1/")


def test_unhcr_stocks_reads_every_page_and_caches(http_server):
    http_server.route(
        POP,
        [
            page([unhcr_item(2022, refugees=1_700_000, asylum_seekers=6_000)], 1, 2),
            page([unhcr_item(2023, refugees=2_000_000, oip=700_000)], 2, 2),
        ],
    )
    stocks = api.unhcr_stocks("AFG", "PAK", year=[2022, 2023], base_url=base(http_server))
    got = {
        (d.year, t): int(c)
        for d, t, c in zip(stocks.date, stocks.population_type, stocks["count"], strict=True)
    }
    assert got == {
        (2022, "refugees"): 1_700_000,
        (2022, "asylum-seekers"): 6_000,
        (2023, "refugees"): 2_000_000,
        (2023, "other people in need of international protection"): 700_000,
    }
    assert (stocks["date"].dt.strftime("%m-%d") == "12-31").all()
    assert set(stocks["country"]) == {"PAK"}
    assert stocks["citation"].str.startswith('UNHCR, "Refugee Data Finder').all()
    queries = [parse_qs(urlsplit(r.path).query) for r in http_server.requests]
    assert [q["page"] for q in queries] == [["1"], ["2"]]
    assert (queries[0]["coo"], queries[0]["coa"], queries[0]["year"]) == (["AFG"], ["PAK"], ["2022,2023"])
    again = api.unhcr_stocks("AFG", "PAK", year=[2022, 2023], base_url=base(http_server))
    assert http_server.count() == 2  # served from the cache
    pd.testing.assert_frame_equal(again.drop(columns="citation"), stocks.drop(columns="citation"))
    settings.offline = True
    assert len(api.unhcr_stocks("AFG", "PAK", year=[2022, 2023], base_url=base(http_server))) == 4


def test_unhcr_flows_turn_returned_refugees_into_flows(http_server):
    http_server.route(SOL, [page([unhcr_item(2023, returned_refugees=30_000), unhcr_item(2022)])])
    flows = api.unhcr_flows("AFG", "PAK", year=[2022, 2023], base_url=base(http_server))
    assert len(flows) == 1  # 2022 was not published ("-"): no row, no invented zero
    row = flows.iloc[0]
    assert (row.from_country, row.to_country, int(row["count"])) == ("PAK", "AFG", 30_000)
    assert (row.period_start, row.period_end) == (pd.Timestamp("2023-01-01"), pd.Timestamp("2023-12-31"))
    assert row.crossing_id == ""
    assert "returned_refugees" in row.notes


def test_unhcr_html_with_status_200_is_refused_and_not_cached(http_server):
    http_server.route(POP, [(200, HTML, "<html><body>Maintenance</body></html>")])
    with pytest.raises(ResponseError, match="JSON"):
        api.fetch_unhcr("population", coo="AFG", base_url=base(http_server))
    with pytest.raises(ResponseError):
        api.fetch_unhcr("population", coo="AFG", base_url=base(http_server))
    assert http_server.count(POP) == 2  # nothing was cached


def test_unhcr_bad_json_and_error_objects(http_server):
    http_server.route(POP, [(200, JSON, '{"items": [1, 2'), (200, JSON, '{"message": "Invalid year"}')])
    with pytest.raises(ResponseError):
        api.fetch_unhcr("population", base_url=base(http_server))
    with pytest.raises(ResponseError, match=r"no 'items' list; got \['message'\]"):
        api.fetch_unhcr("population", base_url=base(http_server))


def test_unhcr_huge_numbers_and_missing_fields(http_server):
    http_server.route(POP, [page([unhcr_item(2023, refugees=10**15)])])
    with pytest.raises(SchemaError, match="above 10,000,000,000"):
        api.unhcr_stocks(base_url=base(http_server))
    http_server.route(SOL, [page([{"year": 2023, "returned_refugees": 5}])])
    with pytest.raises(SchemaError, match=r"lack the field\(s\) \['coo_iso', 'coa_iso'\]"):
        api.unhcr_flows(base_url=base(http_server))


def test_unhcr_absurd_page_count(http_server):
    http_server.route(POP, [(200, JSON, json.dumps({"page": 1, "maxPages": "lots", "items": []}))])
    with pytest.raises(ResponseError, match="maxPages"):
        api.fetch_unhcr("population", base_url=base(http_server))


def test_unhcr_arguments():
    with pytest.raises(ValueError, match="endpoint"):
        api.fetch_unhcr("refugees")
    with pytest.raises(ValueError, match="year"):
        api.fetch_unhcr("population", year=23)


def test_unhcr_offline_without_cache():
    settings.offline = True
    with pytest.raises(OfflineError, match="load_stocks"):
        api.fetch_unhcr("population", coo="AFG", base_url="http://127.0.0.1:9/population/v1/")


DTM_RECORDS = [
    {
        "id": 1,
        "operation": "Baseline",
        "admin0Name": "Afghanistan",
        "admin0Pcode": "AFG",
        "admin1Name": "Kandahar",
        "admin1Pcode": "AF24",
        "numPresentIdpInd": 52000,
        "reportingDate": "2024-03-31T00:00:00",
        "yearReportingDate": 2024,
        "monthReportingDate": 3,
        "roundNumber": 18,
        "displacementReason": "Conflict",
    },
    {
        "id": 2,
        "operation": "Baseline",
        "admin0Name": "Afghanistan",
        "admin0Pcode": "AFG",
        "admin1Name": "Nangarhar",
        "admin1Pcode": "AF06",
        "numPresentIdpInd": 61000,
        "reportingDate": "2024-03-31T00:00:00",
        "yearReportingDate": 2024,
        "monthReportingDate": 3,
        "roundNumber": 18,
        "displacementReason": "Conflict",
    },
]


def dtm_base(server):
    return server.url("/v3/displacement/")


def test_dtm_sends_the_key_and_keeps_it_out_of_the_cache(http_server):
    http_server.route(
        DTM_PATH, [(200, JSON, json.dumps({"isSuccess": True, "message": "", "result": DTM_RECORDS}))]
    )
    raw = api.fetch_dtm("admin1", country="Afghanistan", key=DTM_KEY, base_url=dtm_base(http_server))
    assert http_server.requests[0].headers["Ocp-Apim-Subscription-Key"] == DTM_KEY
    assert parse_qs(urlsplit(http_server.requests[0].path).query)["CountryName"] == ["Afghanistan"]
    for path in settings.cache_folder.iterdir():
        assert DTM_KEY not in path.read_text(encoding="utf-8", errors="replace")
    stocks = api.dtm_stocks(raw)
    assert stocks["province"].tolist() == ["Kandahar", "Nangarhar"]
    assert stocks["count"].tolist() == [52000, 61000]
    assert set(stocks["population_type"]) == {"IDPs"}
    assert stocks["date"].iloc[0] == pd.Timestamp("2024-03-31")


def test_dtm_key_from_the_environment_and_missing(http_server, monkeypatch):
    monkeypatch.delenv(api.DTM_KEY_ENV, raising=False)
    with pytest.raises(SourceUnavailableError, match="DTM_SUBSCRIPTION_KEY"):
        api.fetch_dtm(country="Afghanistan", base_url=dtm_base(http_server))
    assert http_server.count() == 0
    monkeypatch.setenv(api.DTM_KEY_ENV, DTM_KEY)
    http_server.route(DTM_PATH, [(200, JSON, json.dumps({"isSuccess": True, "result": []}))])
    assert len(api.fetch_dtm(country="Afghanistan", base_url=dtm_base(http_server))) == 0


def test_dtm_refusals(http_server):
    http_server.route(
        DTM_PATH,
        [
            (200, JSON, json.dumps({"isSuccess": False, "message": "Country not found", "result": None})),
            (200, HTML, "<html>Sign in</html>"),
            (
                401,
                JSON,
                json.dumps({"statusCode": 401, "message": "Access denied due to invalid subscription key."}),
            ),
        ],
    )
    with pytest.raises(ResponseError, match="Country not found"):
        api.fetch_dtm(country="Atlantis", key=DTM_KEY, base_url=dtm_base(http_server))
    with pytest.raises(ResponseError):
        api.fetch_dtm(country="Atlantis", key=DTM_KEY, base_url=dtm_base(http_server))
    with pytest.raises(HTTPStatusError) as info:
        api.fetch_dtm(country="Atlantis", key=DTM_KEY, base_url=dtm_base(http_server))
    assert info.value.status == 401
    assert DTM_KEY not in str(info.value)


def test_dtm_huge_and_missing_figures():
    raw = pd.DataFrame(DTM_RECORDS)
    raw.loc[1, "numPresentIdpInd"] = 10**12
    with pytest.raises(SchemaError, match="row 2"):
        api.dtm_stocks(raw)
    with pytest.raises(SchemaError, match="count"):
        api.dtm_stocks(raw.drop(columns="numPresentIdpInd"))
