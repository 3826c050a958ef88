"""flows_figure: returns per crossing per month, closures shaded, in greys; PNG, SVG and PDF."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.image import imread

from borderkit.errors import DroppedRowsWarning
from borderkit.geo.displacement import load_flows
from borderkit.maps.flows_figure import DEFAULT_TITLE, flows_figure, save_flows_figure

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
    assert [p.strftime("%Y-%m") for p in info.periods] == ["2023-07", "2023-09", "2023-10", "2023-11"]
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
