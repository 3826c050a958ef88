"""The static figure: files written, what it shows, black-and-white symbols, honest scale and north."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pytest
from matplotlib.image import imread
from matplotlib.lines import Line2D
from matplotlib.text import Text
from pyproj import Geod, Proj, Transformer
from shapely.geometry import Point, box

import borderkit as bk
from borderkit.cli import main
from borderkit.maps.figure import (
    DEFAULT_TITLE,
    FigureInfo,
    figure,
    nice_length_km,
    north_angle_deg,
    save_figure,
)
from borderkit.maps.figure.labels import _text_shape  # the label outline the placement uses

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
CROSSINGS = bk.load_crossings()  # the bundled, located crossings of the Durand Line: what the figure draws
CROSSING_NAMES = set(CROSSINGS["name"])


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, dict[str, Path]]:
    """The default figure, drawn once and written in the three formats."""
    folder = tmp_path_factory.mktemp("figure")
    fig = figure(out=folder / "map.png")
    paths = {"png": folder / "map.png"}
    for fmt in ("svg", "pdf"):
        paths[fmt] = save_figure(fig, folder / f"map.{fmt}")
    return fig, paths


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def _info(fig) -> FigureInfo:
    info = fig.borderkit
    assert isinstance(info, FigureInfo)
    return info


# --------------------------------------------------------------------------- files


def test_png_is_written_at_the_size_asked(drawn):
    _, paths = drawn
    assert paths["png"].read_bytes()[:8] == PNG_SIGNATURE
    pixels = imread(paths["png"])
    assert pixels.shape[:2] == (8 * 300, 7 * 300)  # figsize (7, 8) inches at 300 dpi


def test_svg_and_pdf_keep_text_as_text(drawn):
    _, paths = drawn
    root = ET.parse(paths["svg"]).getroot()
    assert root.tag == f"{SVG_NS}svg"
    texts = {"".join(el.itertext()).strip() for el in root.iter(f"{SVG_NS}text")}
    assert texts >= CROSSING_NAMES
    names = ["".join(el.itertext()).strip() for el in root.iter(f"{SVG_NS}text")]
    assert names.count("Torkham") == 1  # the white halo under a label is outlines, not a second text
    assert "km" in texts
    assert DEFAULT_TITLE in texts
    data = paths["pdf"].read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in data  # TrueType fonts embedded: the text stays text


def test_same_figure_gives_the_same_bytes(drawn, tmp_path):
    fig, paths = drawn
    for fmt in ("svg", "pdf"):
        again = save_figure(fig, tmp_path / f"again.{fmt}")
        assert again.read_bytes() == paths[fmt].read_bytes()


def test_unknown_suffix_is_refused_before_drawing(tmp_path):
    with pytest.raises(ValueError, match=r"\.png, \.svg or \.pdf"):
        figure(out=tmp_path / "map.jpg")
    assert not (tmp_path / "map.jpg").exists()


@pytest.mark.parametrize("extent", [(75, 29, 60, 37), (60, 37, 75, 29), (1, 2, 3), ("a", 1, 2, 3)])
def test_bad_extent_is_refused(extent):
    with pytest.raises(ValueError, match="extent"):
        figure(extent=extent)


def test_matplotlib_global_state_is_left_alone(drawn, tmp_path):
    fig, _ = drawn
    backend = matplotlib.get_backend()
    rc = dict(matplotlib.rcParams)
    save_figure(fig, tmp_path / "m.svg")  # writes with its own settings, then puts them back
    assert matplotlib.get_backend() == backend
    assert dict(matplotlib.rcParams) == rc
    assert type(fig.canvas).__name__ == "FigureCanvasAgg"  # its own canvas, not a pyplot window


# --------------------------------------------------------------------------- content


def test_crossings_are_labelled(drawn):
    fig, _ = drawn
    texts = _texts(fig)
    assert set(texts) >= CROSSING_NAMES
    assert set(_info(fig).crossing_labels) == CROSSING_NAMES


def test_corridor_lengths_are_labelled_or_noted(drawn):
    """Each corridor's length is on the map, or (too short at this scale) named in the note under it."""
    fig, _ = drawn
    info = _info(fig)
    segments = bk.border_segments(bk.load_border(), CROSSINGS)
    corridor_labels = {
        t.get_gid().removeprefix("label-corridor-"): t.get_text()
        for t in fig.findobj(Text)
        if (t.get_gid() or "").startswith("label-corridor-") and not t.get_gid().endswith("-halo")
    }
    note = info.attribution.replace("\n", " ")
    for row in segments.itertuples():
        length = f"{row.length_km:,.0f} km"
        if row.segment_id in corridor_labels:
            assert corridor_labels[row.segment_id] == length
        else:
            text = f"{row.from_name}–{row.to_name}, {length}"
            assert text in info.unlabelled_corridors
            assert text in note
    assert len(corridor_labels) >= len(segments) / 2  # most corridors are long enough to label
    assert "Corridors too short to label at this scale" in note or not info.unlabelled_corridors


def test_scale_bar_legend_title_and_attribution(drawn):
    fig, _ = drawn
    info = _info(fig)
    texts = _texts(fig)
    assert "km" in texts
    assert f"{info.scale_bar_km:g}" in texts
    assert f"{info.scale_bar_km / 2:g}" in texts
    assert DEFAULT_TITLE in texts
    assert any("de facto boundary" in t and "Afghanistan does not recognise" in t for t in texts)

    assert len(fig.legends) == 1
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Afghanistan" in labels
    assert "Pakistan" in labels
    assert "Province boundary" in labels
    assert any(label.startswith("Durand Line, 2,6") for label in labels)
    # One legend entry per status class drawn, none for a class no crossing has.
    wording = {"open": "open", "closed": "closed", "unknown": "status not established"}
    for status in set(CROSSINGS["status"]):
        if status in wording:
            assert f"Crossing, {wording[status]}" in labels
        else:  # a restriction (returnees only, trade only...): a triangle, the restriction named
            assert any(
                lab.startswith("Crossing, open with restrictions (") and status in lab for lab in labels
            )
    assert sum(lab.startswith("Crossing") for lab in labels) == len(
        {s if s in wording else "restricted" for s in CROSSINGS["status"]}
    )
    # The dates of the statuses drawn, once, under the legend.
    dates = sorted(
        {d for d, s in zip(CROSSINGS["as_of"], CROSSINGS["status"], strict=True) if d and s != "unknown"}
    )
    when = f"as of {dates[0]}" if len(dates) == 1 else f"as last reported, {dates[0]} to {dates[-1]}"
    assert f"Crossing status {when}." in info.attribution.replace("\n", " ")

    attribution = info.attribution.replace("\n", " ")
    assert attribution in " ".join(texts).replace("\n", " ")
    assert "© OpenStreetMap contributors (ODbL)" in attribution
    assert "Made with Natural Earth" in attribution
    assert "Crossing points: borderkit curation of cited public sources" in attribution
    lon0, lat0 = info.centre
    assert f"Azimuthal equidistant projection centred on {lon0:.1f}° E, {lat0:.1f}° N" in attribution
    assert info.centre == (67.7, 33.2)  # the middle of the border's bounding box


def _assert_labels_clear(fig) -> list[Text]:
    renderer = fig.canvas.get_renderer()
    labels = [
        t
        for t in fig.findobj(Text)
        if (t.get_gid() or "").startswith("label-") and not t.get_gid().endswith("-halo")
    ]
    shapes = {t.get_text(): _text_shape(t, renderer) for t in labels}
    for (a, sa), (b, sb) in itertools.combinations(shapes.items(), 2):
        assert not sa.intersects(sb), f"{a!r} overlaps {b!r}"
    bb = fig.axes[0].get_window_extent(renderer)
    frame = box(bb.x0, bb.y0, bb.x1, bb.y1)
    for name, shape in shapes.items():
        assert frame.contains(shape), name
    legend = fig.legends[0].get_window_extent(renderer)
    assert fig.bbox.x0 <= legend.x0  # the legend fits the page
    assert legend.x1 <= fig.bbox.x1
    return labels


def test_labels_do_not_overlap(drawn):
    """No two labels overlap (each measured as its own box, turned with the text), all inside the map."""
    fig, _ = drawn
    labels = _assert_labels_clear(fig)
    assert len(labels) >= len(CROSSING_NAMES) + 2


# --------------------------------------------------------------------------- black and white


def test_png_is_pure_grey(drawn):
    """Every pixel is a grey: printing in black and white loses nothing."""
    _, paths = drawn
    rgb = imread(paths["png"])[..., :3]
    assert np.array_equal(rgb[..., 0], rgb[..., 1])
    assert np.array_equal(rgb[..., 1], rgb[..., 2])
    grey = rgb.mean(axis=2)
    assert grey.min() == 0.0  # black border and markers
    assert grey.max() == 1.0  # white ground
    assert len(np.unique(np.round(grey, 2))) > 10  # several grey levels


def _crossing_markers(fig) -> dict[str, tuple[str, bool]]:
    out = {}
    for line in fig.axes[0].findobj(Line2D):
        gid = line.get_gid() or ""
        if gid.startswith("crossings-"):
            face = matplotlib.colors.to_rgb(line.get_markerfacecolor())
            out[gid.removeprefix("crossings-")] = (line.get_marker(), face == (0.0, 0.0, 0.0))
    return out


def test_crossing_status_is_told_by_marker_shape_not_colour(drawn):
    fig, _ = drawn
    markers = _crossing_markers(fig)
    shapes = {"open": ("o", True), "closed": ("s", True), "unknown": ("o", False)}
    classes = {s if s in shapes else "restricted" for s in CROSSINGS["status"]}
    assert set(markers) == classes
    for cls in classes:
        assert markers[cls] == shapes.get(cls, ("^", True))


def test_every_status_has_its_own_shape_and_the_extent_sets_the_projection(tmp_path):
    crossings = CROSSINGS.copy()
    statuses = ["open", "closed", "returnees only", "unknown"]
    crossings["status"] = [statuses[i % 4] for i in range(len(crossings))]
    fig = figure(crossings=crossings, extent=(69.0, 31.0, 72.5, 35.5), dpi=60, out=tmp_path / "m.png")
    markers = _crossing_markers(fig)
    assert set(markers) == {"open", "closed", "restricted", "unknown"}
    assert len(set(markers.values())) == 4  # no two statuses look alike in black and white
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert {"Crossing, open", "Crossing, open with restrictions (returnees only)", "Crossing, closed"} <= set(
        labels
    )
    info = _info(fig)
    assert info.centre == (70.8, 33.2)
    assert "centred on 70.8° E, 33.2° N" in info.attribution.replace("\n", " ")
    assert info.scale_bar_km < 300
    # Exactly the crossings inside the frame are named: none off the map, no stray label.
    x, y = Transformer.from_crs(4326, info.crs, always_xy=True).transform(
        crossings.geometry.x.to_numpy(), crossings.geometry.y.to_numpy()
    )
    xmin, ymin, xmax, ymax = info.bounds_m
    inside = (x > xmin) & (x < xmax) & (y > ymin) & (y < ymax)
    assert 0 < inside.sum() < len(crossings)  # the extent leaves some out
    assert set(info.crossing_labels) == set(crossings["name"][inside])


def test_afghanistan_iran_figure(tmp_path):
    """The figure of another region: its own title, line, crossings and note; labels still clear."""
    west = bk.region("AFG-IRN")
    fig = figure(region=west, dpi=60, out=tmp_path / "west.png")
    info = _info(fig)
    texts = _texts(fig)
    assert info.title == "The Afghanistan–Iran border"
    assert set(info.crossing_labels) == set(west.crossings["name"])
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert {"Afghanistan", "Iran"} <= set(labels)
    assert any(lab.startswith(f"{west.border['name'].iloc[0]}, ") for lab in labels)
    assert not any("Durand" in t for t in texts)
    lon, lat = west.border.geometry.iloc[0].centroid.coords[0]
    assert info.centre[0] == pytest.approx(lon, abs=2.0)
    assert info.centre[1] == pytest.approx(lat, abs=3.0)
    _assert_labels_clear(fig)


# --------------------------------------------------------------------------- honest north and scale


def test_north_arrow_points_to_true_north(drawn):
    fig, _ = drawn
    info = _info(fig)
    lon, lat = info.north_arrow
    factors = Proj(info.crs).get_factors(lon, lat)
    assert info.north_angle_deg == pytest.approx(-factors.meridian_convergence, abs=0.5)
    assert abs(info.north_angle_deg) > 1.0  # far enough from the centre for it to matter
    # The arrow drawn points that way: from the middle of its base to its tip.
    arrow = next(p for p in fig.axes[0].patches if p.get_gid() == "north-arrow")
    tip = arrow.get_xy()[0]
    x0, y0 = Transformer.from_crs(4326, info.crs, always_xy=True).transform(lon, lat)
    drawn_angle = np.degrees(np.arctan2(tip[0] - x0, tip[1] - y0))
    assert drawn_angle == pytest.approx(info.north_angle_deg, abs=0.01)


def test_north_angle_matches_proj_across_the_region():
    crs = bk.geo.geodesy.aeqd(67.7, 33.2)
    proj = Proj(crs)
    for lon, lat in [(61.0, 29.5), (74.5, 37.0), (67.7, 36.0), (70.0, 31.0)]:
        expected = -proj.get_factors(lon, lat).meridian_convergence
        assert north_angle_deg(crs, lon, lat) == pytest.approx(expected, abs=0.01)


def test_scale_bar_is_as_long_as_it_says(drawn):
    fig, _ = drawn
    info = _info(fig)
    (x0, y0), (x1, y1) = info.scale_bar_m
    assert y0 == y1
    assert (x1 - x0) / 1000.0 == pytest.approx(info.scale_bar_km)
    bar = next(line for line in fig.axes[0].findobj(Line2D) if line.get_gid() == "scale-bar")
    assert list(bar.get_xdata()) == pytest.approx([x0, x1])
    lonlat = Transformer.from_crs(info.crs, 4326, always_xy=True)
    lon0, lat0 = lonlat.transform(x0, y0)
    lon1, lat1 = lonlat.transform(x1, y1)
    _, _, metres = Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)
    assert metres / 1000.0 == pytest.approx(info.scale_bar_km, rel=0.005)
    assert info.scale_error < 0.005


def test_nice_lengths():
    assert nice_length_km(430) == 300
    assert nice_length_km(199) == 150
    assert nice_length_km(0.3) == 1


# --------------------------------------------------------------------------- settlements


def test_settlements_are_drawn_near_the_border_sized_by_population(monkeypatch, tmp_path):
    places = gpd.GeoDataFrame(
        {
            "settlement_id": ["a", "b", "c"],
            "name": ["Peshawar", "Kabul", "Nowhere"],
            "country": ["PAK", "AFG", "PAK"],
            "population": [1_970_000, 3_000_000, 0],
            "source": ["geonames", "geonames", "geonames"],
        },
        geometry=[Point(71.578, 34.008), Point(69.172, 34.528), Point(66.0, 27.0)],
        crs="EPSG:4326",
    )
    import borderkit.regions

    monkeypatch.setattr(borderkit.regions, "load_settlements", lambda *a, **k: places)
    fig = figure(settlements=True, dpi=60, out=tmp_path / "m.png")
    dots = next(c for c in fig.axes[0].collections if c.get_gid() == "settlements")
    assert len(dots.get_offsets()) == 1  # only Peshawar lies within 50 km of the line
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Settlement of 1,000,000 people" in labels
    assert "Peshawar" in _texts(fig)
    assert "GeoNames" in fig.borderkit.attribution


def test_settlements_frame_without_crs_is_refused():
    places = gpd.GeoDataFrame({"name": ["x"], "population": [1]}, geometry=[Point(70, 33)])
    with pytest.raises(ValueError, match="no CRS"):
        figure(settlements=places)


# --------------------------------------------------------------------------- command line


def test_cli_writes_a_png_and_says_where(tmp_path, capsys):
    out = tmp_path / "figs" / "map.png"
    assert main(["figure", "--out", str(out), "--dpi", "60", "--title", "A test title"]) == 0
    printed = capsys.readouterr().out
    assert str(out.resolve()) in printed
    assert out.read_bytes()[:8] == PNG_SIGNATURE
    assert imread(out).shape[:2] == (8 * 60, 7 * 60)


def test_cli_bad_suffix_is_a_one_line_error(tmp_path, capsys):
    assert main(["figure", "--out", str(tmp_path / "map.gif")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("borderkit: error: cannot write a figure to")
    assert "Traceback" not in err


def test_save_figure_is_atomic(drawn, tmp_path):
    """An interrupted save leaves the previous file and no temporary one."""
    fig, _ = drawn
    out = tmp_path / "map.svg"
    out.write_text("the previous figure", encoding="utf-8")
    savefig = fig.savefig

    def interrupted(path, **kwargs):
        Path(path).write_text("<svg half", encoding="utf-8")
        raise KeyboardInterrupt

    fig.savefig = interrupted
    try:
        with pytest.raises(KeyboardInterrupt):
            save_figure(fig, out)
    finally:
        fig.savefig = savefig
    assert out.read_text(encoding="utf-8") == "the previous figure"
    assert [p.name for p in tmp_path.iterdir()] == ["map.svg"]
    save_figure(fig, out)
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
