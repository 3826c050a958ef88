"""Events loader hardening (issue 9 §4): wrong coordinates, dates and numbers never load silently.

Every case writes a real CSV file and reads it with ``bk.load_events``; each
would load silently (or end in a raw pandas/NumPy exception) before.
"""

from __future__ import annotations

import csv
import datetime as dt
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import borderkit as bk
from borderkit.errors import (
    BorderkitError,
    DataReadError,
    EmptyDataError,
    SchemaError,
    SuspectCoordinatesWarning,
)
from borderkit.geo.events import EVENT_COLUMNS, files, normalise_acled, normalise_ucdp
from borderkit.geo.events.schema import EVENT_DTYPES, empty_events, original_columns

HEADER = ["id", "date", "lat", "lon", "fatalities", "country", "note"]


def write(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def row(i: int, *, date: str = "2023-02-16", lat: float = 34.1, lon: float = 71.1, **kw: object) -> list:
    values = {"fatalities": 1, "country": "Pakistan", "note": f"event {i}", **kw}
    return [f"e{i}", date, lat, lon, values["fatalities"], values["country"], values["note"]]


def normalise_acled_like(path: Path, **kw):
    """The same table through normalise_acled (its column names), as an API answer would come."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    names = {"id": "event_id_cnty", "date": "event_date", "lat": "latitude", "lon": "longitude"}
    frame = frame.rename(columns=names)
    frame["event_type"] = "Battles"
    return normalise_acled(frame, where="API answer", **kw)


def load(path: Path, **kw):
    kw.setdefault("columns", {"event_id": "id"})
    return bk.load_events(path, format="csv", **kw)


# --------------------------------------------------------------------------- coordinates


def test_a_file_with_lat_and_lon_exchanged_is_refused(tmp_path):
    # Events near Peshawar and Quetta written (lon, lat): drawn in the Arctic otherwise.
    path = write(tmp_path / "swapped.csv", [row(1, lat=71.57, lon=34.01), row(2, lat=67.0, lon=30.18)])
    with pytest.raises(SchemaError, match=r"look swapped: none of the 2 events.*columns=\{'lat': 'lon'"):
        load(path)
    ev = load(path, columns={"event_id": "id", "lat": "lon", "lon": "lat"})  # the advice works
    assert ev.geometry.x.tolist() == [71.57, 67.0]
    # Events that really lie near 70N 34E (the Kola peninsula) load when the check is turned off.
    rows = [row(1, lat=68.97, lon=33.08, country="Russia"), row(2, lat=69.0, lon=33.1, country="")]
    kola = write(tmp_path / "kola.csv", rows)
    with pytest.raises(SchemaError, match="check_axes=False"):
        load(kola)
    assert load(kola, check_axes=False).geometry.y.tolist() == [68.97, 69.0]


def test_rows_swapped_inside_their_stated_country_are_named(tmp_path):
    rows = [row(1), row(2, lat=71.1, lon=34.1), row(3, lat=66.0, lon=33.0, country="AFG"), row(4)]
    path = write(tmp_path / "two_swapped.csv", rows)
    with pytest.raises(SchemaError, match=r"swapped at row 2 \(lat 71\.1, lon 34\.1\), row 3 \(lat 66"):
        load(path)
    assert len(normalise_acled_like(path, check_axes=False)) == 4


def test_a_stray_row_of_a_regional_file_is_warned_counted_and_kept(tmp_path):
    rng = np.random.default_rng(1)
    lat, lon = np.round(rng.uniform(33, 35, 40), 3), np.round(rng.uniform(70, 72, 40), 3)
    rows = [row(i, lat=lat[i], lon=lon[i], country="") for i in range(40)]
    rows.append(row(40, lat=71.2, lon=34.4, country=""))  # no country column value to test against
    path = write(tmp_path / "stray.csv", rows)
    with pytest.warns(SuspectCoordinatesWarning, match=r"1 event\(s\) lie far from all the others.*row 41"):
        ev = load(path)
    assert len(ev) == 41  # kept
    assert ev.attrs["suspect_coordinates"] == ["row 41"]


def test_a_global_file_is_not_second_guessed(tmp_path):
    # Events on several continents: no extent to compare with, nothing flagged.
    places = [(60.2, 24.9), (-33.9, 18.4), (40.7, -74.0), (34.1, 71.1), (64.1, -21.9)] * 6
    rows = [row(i, lat=la, lon=lo, country="") for i, (la, lo) in enumerate(places)]
    path = write(tmp_path / "world.csv", rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ev = load(path)
    assert ev.attrs["suspect_coordinates"] == []


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2023-02-16 garbage", "do not parse"),
        ("2023-02-30", "do not parse"),
        ("16 Mai 2023", "do not parse"),
        ("2099-02-16", "after today"),
        ("1500-02-16", "before 1678-01-01"),
        ("3000-01-01", "after today"),
        ("16 May 3000", "after today"),
    ],
)
def test_bad_dates_name_their_row(tmp_path, written, message):
    path = write(tmp_path / "dates.csv", [row(1), row(2, date=written), row(3)])
    with pytest.raises(SchemaError, match=rf"'date' holds dates .*{message}.* row 2 \('{written}'\)"):
        load(path)


def test_times_of_day_and_offsets_are_ignored_and_today_is_fine(tmp_path):
    today = dt.datetime.now(dt.UTC).date()
    rows = [
        row(1, date="2023-02-16T14:30:00Z"),
        row(2, date="2023-02-16 00:00:00.000"),
        row(3, date="2023-02-16T23:59+05:00"),
        row(4, date=today.isoformat()),
        row(5, date="1678-01-01"),
    ]
    ev = load(write(tmp_path / "times.csv", rows))
    assert ev.date.tolist()[:3] == [pd.Timestamp("2023-02-16")] * 3
    assert ev.date.iloc[3] == pd.Timestamp(today)
    assert str(ev.date.dtype) == "datetime64[ns]"


# --------------------------------------------------------------------------- numbers and arguments


@pytest.mark.parametrize("deaths", ["1e300", "9007199254740992", "inf", "nan", "2.5", "-3", "many"])
def test_impossible_fatalities_name_their_row(tmp_path, deaths):
    path = write(tmp_path / "deaths.csv", [row(1), row(2, fatalities=deaths)])
    with pytest.raises(SchemaError, match=r"'fatalities' \(fatalities\) must be empty or a whole .* row 2"):
        load(path)


def test_large_but_possible_fatalities_load(tmp_path):
    ev = load(write(tmp_path / "big.csv", [row(1, fatalities="9007199254740991"), row(2, fatalities="")]))
    assert ev.fatalities.iloc[0] == 2**53 - 1
    assert ev.fatalities.isna().tolist() == [False, True]


@pytest.mark.parametrize("source", [None, 3, ["a.csv"]])
def test_a_source_that_is_not_a_path_is_a_clear_error(source):
    with pytest.raises(DataReadError, match=r"needs the path of a CSV file of events"):
        bk.load_events(source)


def test_a_bad_format_is_a_borderkit_error(tmp_path):
    path = write(tmp_path / "a.csv", [row(1)])
    with pytest.raises(SchemaError, match="format must be one of"):
        bk.load_events(path, format="xlsx")


def test_rows_of_the_wrong_length_are_named(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        "id,date,lat,lon\na,2023-02-16,34.1,71.1\nb,2023-02-16,34.1,71.1\nc,2023-02-16,34.1,71.1,extra\n",
        encoding="utf-8",
    )
    with pytest.raises(DataReadError, match=r"Expected 4 fields in line 4, saw 5.*check the separators"):
        bk.load_events(path, format="csv")
    # A row one field short keeps its trailing cell empty; the coordinate check then names it.
    path.write_text("id,date,lat,lon\na,2023-02-16,34.1,71.1\nb,2023-02-16,34.1\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"'lon' holds missing or unparseable coordinates at row 2 \(em"):
        bk.load_events(path, format="csv")


# --------------------------------------------------------------------------- reading


def test_hxl_row_detected_from_the_first_bytes_even_after_a_long_header(tmp_path):
    long_names = [f"column_{i}_{'x' * 60}" for i in range(3000)]  # a header of about 200 kB
    header = ["id", "date_start", "type_of_violence", "latitude", "longitude", "best", *long_names]
    hxl = ["#id", "#date+start", "#x", "#geo+lat", "#geo+lon", "#affected+killed", *[""] * len(long_names)]
    data = [["1", "2020-01-01", "1", "34.1", "71.1", "2", *[""] * len(long_names)]]
    path = write(tmp_path / "ged.csv", [hxl, *data], header)
    assert path.stat().st_size > 2 * files._HEAD_BYTES
    ev = bk.load_events(path)
    assert len(ev) == 1
    assert ev.attrs["skipped_lines"][0]["line"] == 2


def test_a_bad_byte_far_into_the_file_is_named_across_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "BLOCK_BYTES", 64)  # many small blocks: the scan must carry across them
    text = "id,date,lat,lon,note\n" + "".join(f"e{i},2023-02-16,34.1,71.1,Peshāwar {i}\n" for i in range(40))
    data = text.encode("utf-8") + b"e40,2023-02-16,34.1,71.1,caf\xe9\n"
    path = tmp_path / "late.csv"
    path.write_bytes(data)
    offset = data.index(b"\xe9")
    with pytest.raises(DataReadError, match=rf"byte 0xe9 at offset {offset} \(line 42,"):
        bk.load_events(path, format="csv")
    path.write_bytes(text.encode("utf-8"))  # every ā split across some block boundary is fine
    assert len(bk.load_events(path, format="csv")) == 40


def test_extra_keeps_the_original_columns_as_one_struct_column(tmp_path):
    path = write(tmp_path / "orig.csv", [row(1, note="Landi Kotal, near the gate"), row(2, fatalities="")])
    ev = load(path)
    assert isinstance(ev["extra"].dtype, pd.ArrowDtype)
    assert pa.types.is_struct(ev["extra"].dtype.pyarrow_dtype)
    assert ev.extra.iloc[0] == {
        "id": "e1",
        "date": "2023-02-16",
        "lat": 34.1,
        "lon": 71.1,
        "fatalities": 1,
        "country": "Pakistan",
        "note": "Landi Kotal, near the gate",
    }
    assert ev.extra.iloc[1]["fatalities"] is None
    back = original_columns(ev)
    want = pd.read_csv(path)
    assert back.columns.tolist() == want.columns.tolist() == HEADER
    for col in HEADER:
        assert back[col].tolist()[:1] == want[col].tolist()[:1]
    assert back.index.equals(ev.index)
    with pytest.raises(SchemaError, match="keep_extra=True"):
        original_columns(load(path, keep_extra=False))


# --------------------------------------------------------------------------- empty input (issue 17 §4)


def test_normalisers_give_the_empty_schema_on_empty_input(tmp_path):
    full = load(write(tmp_path / "one.csv", [row(1)]))
    acled_cols = ["event_id_cnty", "event_date", "event_type", "latitude", "longitude", "fatalities"]
    ucdp_cols = ["id", "date_start", "type_of_violence", "latitude", "longitude", "best"]
    for got in (
        normalise_acled(pd.DataFrame(columns=acled_cols), where="empty ACLED page"),
        normalise_ucdp(pd.DataFrame(columns=ucdp_cols), where="empty GED page"),
        empty_events(),
    ):
        assert len(got) == 0
        assert got.columns.tolist() == [*EVENT_COLUMNS, "date_end", "extra", "geometry"]
        assert got.crs.to_epsg() == 4326
        plain = got.drop(columns=["extra", "geometry"]).dtypes.to_dict()
        assert plain == full.drop(columns=["extra", "geometry"]).dtypes.to_dict()
        want = {k: str(pd.Series(dtype=v).dtype) for k, v in EVENT_DTYPES.items()}
        assert {k: str(v) for k, v in plain.items()} == want
    with pytest.raises(SchemaError, match=r"lacks the ACLED column"):
        normalise_acled(pd.DataFrame(), where="a page without columns")
    path = tmp_path / "header.csv"
    path.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    with pytest.raises(EmptyDataError, match="only a header"):
        load(path)


def test_only_borderkit_errors_escape_for_odd_python_frames():
    odd = pd.DataFrame(
        {
            "event_id_cnty": ["A", 2, None],
            "event_date": [pd.Timestamp("2023-01-01"), "2023-01-02", "3 June 2024"],
            "event_type": ["x", 1.5, None],
            "latitude": [34.1, "34.2", 34.3],
            "longitude": [71.1, 71.2, "71.3"],
            "fatalities": [1, "2", None],
        }
    )
    with pytest.raises(BorderkitError, match="row 3 has no event id"):
        normalise_acled(odd, where="hand-made frame")
    odd.loc[2, "event_id_cnty"] = "C"
    ev = normalise_acled(odd, where="hand-made frame")
    assert ev.event_id.tolist() == ["A", "2", "C"]
    assert ev.date.tolist() == [pd.Timestamp(d) for d in ("2023-01-01", "2023-01-02", "2024-06-03")]
    assert ev.fatalities.tolist()[:2] == [1, 2]
    assert ev.extra.iloc[0]["event_id_cnty"] == "A"
