"""flows_figure: returns per crossing per month, closures shaded, in greys; PNG, SVG and PDF."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET

import matplotlib.text
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread

import borderkit as bk
from borderkit.errors import DroppedRowsWarning, EmptyDataError
from borderkit.geo.displacement import flows_by_crossing, load_flows
from borderkit.geo.status import load_crossing_status
from borderkit.maps.figure.flows import DEFAULT_TITLE, FlowsFigureInfo, flows_figure, save_flows_figure

SVG_NS = "{http://www.w3.org/2000/svg}"
# The Torkham closure of 6-15 September 2023 (bundled border timeline: The Tribune (India), The Nation).
TRIBUNE = (
    "https://www.tribuneindia.com/news/world/"
    "pakistan-shuts-key-border-crossing-with-afghanistan-after-guards-exchange-fire-541916"
)
STATUS_CSV = (
    "crossing_id,status,start,end,reason,source,source_url,source_date,citation,notes\n"
    f"torkham,closed,2023-09-06,2023-09-15,exchange of fire,The Tribune (India),{TRIBUNE},2023-09-06,,\n"
)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("flows-figure")
    status = folder / "crossing_status.csv"
    status.write_text(STATUS_CSV, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        fig = flows_figure(load_flows(), status=status, start="2023-01-01", out=folder / "flows.png", dpi=100)
    paths = {"png": folder / "flows.png"}
    for fmt in ("svg", "pdf"):
        paths[fmt] = save_flows_figure(fig, folder / f"flows.{fmt}")
    return fig, paths


def test_png_is_greys_only_at_the_size_asked(drawn):
    _, paths = drawn
    pixels = imread(paths["png"])
    assert pixels.shape[:2] == (420, 700)  # (7, 4.2) inches at 100 dpi
    rgb = pixels[..., :3]
    assert np.abs(rgb[..., 0] - rgb[..., 1]).max() < 1e-6  # black and white readable: no colour at all
    assert np.abs(rgb[..., 1] - rgb[..., 2]).max() < 1e-6
    assert rgb.min() < 0.2  # dark bars are there


def test_svg_names_crossings_closure_and_sources(drawn):
    fig, paths = drawn
    root = ET.parse(paths["svg"]).getroot()
    texts = " ".join("".join(el.itertext()) for el in root.iter(f"{SVG_NS}text"))
    assert DEFAULT_TITLE in texts
    assert "Torkham" in texts
    assert "Chaman-Spin Boldak" in texts
    assert "closed: Torkham" in texts
    assert "IOM" in texts
    assert "people per month" in texts
    assert "part of a month only: 16-31 Jul 2023" in " ".join(texts.split())
    info = fig.borderkit
    assert info.crossings[0] == "Torkham"  # the larger total first
    assert [p.strftime("%Y-%m") for p in info.periods] == [
        "2023-07",
        "2023-09",
        "2023-10",
        "2023-11",
        "2024-01",
        "2024-07",
        "2025-04",
    ]
    assert info.closures[0][0] == "torkham"


def test_pdf_keeps_text_and_same_figure_same_bytes(drawn, tmp_path):
    fig, paths = drawn
    data = paths["pdf"].read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data
    again = save_flows_figure(fig, tmp_path / "again.svg")
    assert again.read_bytes() == paths["svg"].read_bytes()


def test_refusals(tmp_path):
    with pytest.raises(ValueError, match=r"\.png, \.svg or \.pdf"):
        flows_figure(load_flows(), out=tmp_path / "x.gif")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        with pytest.raises(ValueError, match="no count with a crossing"):
            flows_figure(load_flows(), start="2030-01-01")


# --------------------------------------------------------------------------- bk.figure(kind="flows")


def _bundled_closures(crossing_ids: set[str]):
    history = load_crossing_status()
    return history[(history["status"] == "closed") & history["crossing_id"].isin(crossing_ids)]


def test_figure_kind_flows_draws_the_regions_returns_and_closures(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        flows = load_flows()
        fig = bk.figure(kind="flows", start="2023-01-01", dpi=60, out=tmp_path / "f.svg")
    info = fig.borderkit
    assert isinstance(info, FlowsFigureInfo)
    assert info.title == DEFAULT_TITLE
    named = flows[flows["crossing_id"] != ""]
    names = dict(zip(bk.region().crossings["crossing_id"], bk.region().crossings["name"], strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        monthly = flows_by_crossing(flows, "MS")  # the counts that fit one month: the bars
    # The crossings of the region (the Durand Line) with a count that fits one month.
    monthly = monthly[(monthly["period"] >= "2023-01-01") & monthly["crossing_id"].isin(set(names))]
    assert set(info.crossings) == {names.get(c, c) for c in monthly["crossing_id"]}
    assert len(info.crossings) >= 2
    # Every closure of a crossing drawn that overlaps the months shown, from the bundled cited history.
    first, last = info.periods[0], info.periods[-1] + pd.offsets.MonthBegin(1)
    closed = _bundled_closures(set(named["crossing_id"]))
    overlapping = closed[(closed["start"] <= last) & (closed["end"].isna() | (closed["end"] >= first))]
    assert len(info.closures) == len(overlapping) > 0
    assert (tmp_path / "f.svg").read_text(encoding="utf-8").count("closed: ") == 1
    assert fig.get_size_inches().tolist() == [7.0, 4.2]


def test_figure_kind_flows_of_the_iran_border_draws_its_crossings():
    region = bk.region("AFG-IRN")
    with warnings.catch_warnings():  # overlapping reports of one series are set aside, with a warning
        warnings.simplefilter("ignore", DroppedRowsWarning)
        fig = bk.figure(kind="flows", region=region)
    text = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
    assert "Afghanistan-Iran border" in text
    assert "Islam Qala" in text or "Milak" in text  # the crossings with counts are named


def test_figure_kind_flows_of_a_border_without_flows_is_a_clear_error():
    pakistan_only = bk.load_flows()
    pakistan_only = pakistan_only[pakistan_only["from_country"] == "PAK"]
    with pytest.raises(EmptyDataError, match="no count in the flows crosses the Afghanistan-Iran border"):
        bk.figure(kind="flows", region=bk.region("AFG-IRN", flows=pakistan_only))


def test_figure_kind_is_checked():
    with pytest.raises(ValueError, match="kind must be 'map' or 'flows'"):
        bk.figure(kind="bars")
    with pytest.raises(TypeError, match="takes no start"):
        bk.figure(start="2023-01-01")
