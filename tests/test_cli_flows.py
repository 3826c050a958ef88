"""``borderkit flows summary`` and ``borderkit figure --kind flows``."""

from __future__ import annotations

import csv
import io
import warnings

import pytest

import borderkit as bk
from borderkit.cli import main
from borderkit.errors import DroppedRowsWarning
from borderkit.geo.displacement import flows_by_crossing, flows_by_province, flows_since, load_flows

IFRP = "2023-10-03"  # the default --since: Pakistan announced its repatriation plan that day


def _quietly(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def flows():
    return _quietly(load_flows)


@pytest.fixture(scope="module")
def names():
    out = {}
    for key in ("AFG-PAK", "AFG-IRN"):
        frame = _quietly(bk.load_crossings, border=key, include_unlocated=True)
        out.update(zip(frame["crossing_id"], frame["name"], strict=True))
    return out


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_by_crossing_table_gives_each_crossings_people_and_share(flows, names, capsys):
    with pytest.warns(DroppedRowsWarning, match="set aside"):  # overlapping reports: counted once, said so
        assert main(["flows", "summary"]) == 0
    out = capsys.readouterr().out
    expected = _quietly(flows_since, flows, IFRP)
    assert len(expected) > 0
    lines = out.splitlines()
    for r in expected.itertuples():
        line = next(
            (
                ln
                for ln in lines
                if ln.startswith(names.get(r.crossing_id, r.crossing_id)) and f"{r.count:,}" in ln
            ),
            None,
        )
        assert line is not None, r.crossing_id
        if r.share == r.share:  # a share where the crossing is named
            assert f"{100 * r.share:.1f}" in line
    assert f"People counted from {IFRP} on, from the bundled table" in out
    assert "Torkham" in out  # names, not ids


def test_by_month_csv_since_a_day(flows, capsys):
    assert (
        _quietly(main, ["flows", "summary", "--by", "month", "--since", "2023-09-01", "--format", "csv"]) == 0
    )
    rows = _rows(capsys.readouterr().out)
    table = _quietly(flows_by_crossing, flows, "MS")
    table = table[table["period"] >= "2023-09-01"]
    assert [(r["period"], r["crossing_id"], int(r["count"])) for r in rows] == [
        (f"{p:%Y-%m}", c, int(n))
        for p, c, n in zip(table["period"], table["crossing_id"], table["count"], strict=True)
    ]
    assert min(r["period"] for r in rows) == "2023-09"


def test_by_province_csv(flows, capsys):
    assert _quietly(main, ["flows", "summary", "--by", "province", "--format", "csv"]) == 0
    rows = _rows(capsys.readouterr().out)
    table = _quietly(flows_by_province, flows[flows["period_end"] >= IFRP])
    assert sum(int(r["count"]) for r in rows) == int(table["count"].sum())
    assert {r["province"] for r in rows} == set(table["province"])


def test_csv_is_spreadsheet_safe_and_written_atomically(tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_text(
        "period_start,period_end,crossing_id,count\n"
        "2023-10-01,2023-10-31,=HYPERLINK(1),5\n"
        "2023-10-01,2023-10-31,torkham,7\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "summary.csv"
    out.parent.mkdir()
    assert main(["flows", "summary", str(path), "--format", "csv", "--out", str(out), "--quiet"]) == 0
    assert capsys.readouterr().out.strip() == str(out.resolve())
    rows = _rows(out.read_text(encoding="utf-8"))
    assert {r["crossing_id"]: int(r["count"]) for r in rows} == {"'=HYPERLINK(1)": 5, "torkham": 7}
    assert [p.name for p in out.parent.iterdir()] == ["summary.csv"]  # no temporary file left
    assert main(["flows", "summary", str(path), "--format", "csv", "--csv-raw"]) == 0
    assert "\n=HYPERLINK(1)," in capsys.readouterr().out


def test_nothing_since_the_day_says_so(tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_text("period_start,period_end,crossing_id,count\n2020-01-01,2020-01-31,torkham,7\n", "utf-8")
    assert main(["flows", "summary", str(path)]) == 0
    assert f"No count in {path} falls on or after {IFRP}." in capsys.readouterr().out


def test_a_missing_file_is_a_one_line_error(tmp_path, capsys):
    assert main(["flows", "summary", str(tmp_path / "none.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("borderkit: error: ")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["flows", "summary", "--since", "October 2023"],
        ["flows", "summary", "--by", "week"],
        ["flows"],
        ["figure", "--out", "x.png", "--kind", "flows", "--settlements"],
        ["figure", "--out", "x.png", "--status", "s.csv"],
        ["figure", "--out", "x.png", "--since", "2023-01-01"],
    ],
)
def test_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_figure_kind_flows(tmp_path, capsys):
    out = tmp_path / "returns.svg"
    assert (
        _quietly(
            main, ["figure", "--kind", "flows", "--since", "2023-06-01", "--out", str(out), "--dpi", "50"]
        )
        == 0
    )
    svg = out.read_text(encoding="utf-8")
    assert "Returns from Pakistan to Afghanistan by crossing, per month" in svg
    assert "Torkham" in svg
    assert "closed: " in svg  # the bundled history's closures are shaded
    assert str(out.resolve()) in capsys.readouterr().out


def test_figure_kind_flows_with_a_status_file_and_no_title(tmp_path):
    status = tmp_path / "status.csv"
    status.write_text(
        "crossing_id,status,start,end,reason,source,source_url,source_date,citation,notes\n"
        "chaman-spin-boldak,closed,2023-10-10,2023-10-12,test interval,test,https://example.org,2023-10-10,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "returns.svg"
    assert (
        _quietly(
            main, ["figure", "--kind", "flows", "--status", str(status), "--title", "", "--out", str(out)]
        )
        == 0
    )
    svg = out.read_text(encoding="utf-8")
    assert "closed: Chaman-Spin Boldak" in svg
    assert "closed: Torkham" not in svg
    assert "Returns from Pakistan" not in svg


def test_figure_kind_flows_of_the_iran_border(tmp_path):
    out = tmp_path / "w.png"
    with warnings.catch_warnings():  # overlapping reports of one series are set aside, with a warning
        warnings.simplefilter("ignore", DroppedRowsWarning)
        assert main(["figure", "--kind", "flows", "--region", "AFG-IRN", "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_type_option_counts_one_population_type(flows, capsys):
    """``--type`` keeps the rows of that type only; the totals equal the library's."""
    assert _quietly(main, ["flows", "summary", "--type", "deportation", "--format", "csv"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert rows
    assert {r["population_type"] for r in rows} == {"deportation"}
    expected = _quietly(flows_since, flows, IFRP, population_type="deportation")
    assert sum(int(r["count"]) for r in rows) == int(expected["count"].sum())


def test_type_option_refuses_overlapping_and_unknown_types(capsys):
    assert main(["flows", "summary", "--type", "deportation", "--type", "all returns"]) == 1
    assert "cannot be added" in capsys.readouterr().err
    assert main(["flows", "summary", "--type", "deportatoin"]) == 1
    err = capsys.readouterr().err
    assert "do not occur" in err
    assert "'deportation'" in err
