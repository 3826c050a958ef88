"""The Layer model and the Folium map: layers, legend, scale, attribution, escaping."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

import borderkit as bk
from borderkit.layers import Layer, LegendEntry, border_layer, default_layers

PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def default_html():
    return bk.make_map().get_root().render()


def test_default_map_has_the_three_layers_and_controls(default_html):
    for name in ("Countries", "Provinces", "Durand Line: de facto boundary, not recognised by Afghanistan"):
        assert name in default_html
    assert "L.control.groupedLayers" in default_html
    assert "L.control.scale" in default_html
    assert "borderkit-legend" in default_html
    assert "Province boundary" in default_html


def test_map_credits_every_source_drawn(default_html):
    assert "OpenStreetMap contributors (ODbL), via geo-maps" in default_html
    assert "Made with Natural Earth (public domain)" in default_html
    assert "attributionControl.addAttribution" in default_html


def test_border_layer_label_and_length():
    layer = border_layer()
    assert layer.name == "Durand Line: de facto boundary, not recognised by Afghanistan"
    length = bk.load_border().length_km.iloc[0]
    assert layer.frame["length_label"].iloc[0] == f"{length:,.0f} km"
    assert layer.attribution == "© OpenStreetMap contributors (ODbL), via geo-maps"


def test_default_layers_cover_the_data():
    layers = default_layers()
    assert [ly.name for ly in layers] == [
        "Countries",
        "Provinces",
        "Zone within 25 km of the border",
        "Reach: 25 km around each crossing",
        "Border corridors between crossings",  # a band under the line, which keeps its one colour
        "Durand Line: de facto boundary, not recognised by Afghanistan",
        "Settlements (sized by population)",
        "Crossing points",
    ]
    kinds = ["polygon", "polygon", "polygon", "polygon", "line", "line", "point", "point"]
    assert [ly.kind for ly in layers] == kinds
    assert len(layers[1].frame) == 41
    assert all(ly.legend for ly in layers)
    off = {"Zone within 25 km of the border", "Reach: 25 km around each crossing"}
    assert all(ly.show == (ly.name not in off) for ly in layers)  # zones are off when the map opens


def test_crossing_popups_name_both_sides_and_corridors():
    layers = {ly.name: ly for ly in default_layers()}
    crossings = layers["Crossing points"].frame.set_index("crossing_id")
    segments = layers["Border corridors between crossings"].frame
    torkham = crossings.loc["torkham"]
    assert "PK: Torkham" in torkham.alt_names
    assert "AF: Torkham" in torkham.alt_names
    # The bundled status history's current interval (see test_crossing_data.py for its citations).
    assert torkham.status_label == f"{torkham.status} (as of {torkham.as_of})"
    assert torkham.status in {"open", "closed", "returnees only", "trade only", "pedestrians only", "unknown"}
    north = segments[segments.to_crossing == "torkham"].iloc[0]
    south = segments[segments.from_crossing == "torkham"].iloc[0]
    assert torkham.corridor_north == f"{north.length_km:,.0f} km to {north.from_name}"
    assert torkham.corridor_south == f"{south.length_km:,.0f} km to {south.to_name}"
    assert "https://" in torkham.coord_source
    popup_fields = [c for c, _ in layers["Crossing points"].popup]
    for col in ("alt_names", "status_label", "kind", "pk_side", "af_side", "corridor_north", "coord_source"):
        assert col in popup_fields
    # Corridors: a colour each, the length in the tooltip.
    assert segments.color.nunique() > 1
    assert ("length_label", "Length along the line (geodesic)") in layers[
        "Border corridors between crossings"
    ].tooltip


def test_default_map_shows_crossings_and_corridors(default_html):
    for needle in (
        "Crossing points",
        "Border corridors between crossings",
        "Zone within 25 km",
        "Torkham",
        "Crossing: closed",
        "Crossing points: borderkit curation of cited public sources",
    ):
        assert needle in default_html


def test_saved_map_is_a_file(tmp_path):
    path = bk.save_html(bk.make_map(), tmp_path / "sub" / "m.html")
    assert path.is_file()
    assert path.is_absolute()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "Durand Line" in text


def test_text_reaching_html_is_escaped():
    frame = gpd.GeoDataFrame(
        {"name": [PAYLOAD], "note": ["javascript:alert(2)"], "source": [PAYLOAD]},
        geometry=[Point(70, 33)],
        crs="EPSG:4326",
    )
    layer = Layer(
        name=PAYLOAD,
        frame=frame,
        kind="point",
        tooltip=[("name", PAYLOAD)],
        popup=[("name", "Name"), ("note", "Note")],
        legend=[LegendEntry(PAYLOAD, "#000")],
    )
    html = bk.render([layer], title=PAYLOAD).get_root().render()
    assert "<script>alert('x')" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_layer_rejects_unknown_fields_and_kinds():
    frame = gpd.GeoDataFrame({"name": ["a"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:4326")
    with pytest.raises(ValueError, match="not in its frame"):
        Layer(name="x", frame=frame, kind="polygon", tooltip=[("missing", "M")])
    with pytest.raises(ValueError, match="kind must be"):
        Layer(name="x", frame=frame, kind="raster")


def test_layer_attribution_defaults_to_user_file_name():
    frame = gpd.GeoDataFrame({"source": ["my_roads.gpkg"]}, geometry=[LineString([(0, 0), (1, 1)])], crs=4326)
    assert Layer(name="Roads", frame=frame, kind="line").attribution == "Data: my_roads.gpkg"


def test_render_needs_a_layer():
    with pytest.raises(ValueError, match="at least one layer"):
        bk.render([])


def test_settlement_popups_give_nearest_crossing():
    layers = {ly.name: ly for ly in default_layers()}
    places = layers["Settlements (sized by population)"].frame
    border = bk.load_border()
    # Only places within 50 km of the border, each with its nearest crossing and distance.
    assert (bk.distance_to_border(places, border) <= 50_000).all()
    near = bk.nearest_crossing(places, bk.load_crossings())
    names = bk.load_crossings().set_index("crossing_id").name
    first = places.index[0]
    assert places.at[first, "nearest_crossing"].startswith(
        f"{names[near.at[first, 'crossing_id']]}: {near.at[first, 'distance_m'] / 1000:,.1f} km"
    )
    # Bigger places, bigger circles.
    big, small = places.population.idxmax(), places.population.idxmin()
    assert places.at[big, "radius"] > places.at[small, "radius"]
    assert "GeoNames" in layers["Settlements (sized by population)"].attribution
    reach = layers["Reach: 25 km around each crossing"].frame
    assert len(reach) == len(bk.load_crossings())


# Issue 15: one palette, readable classes, display-only hole filling, citations, tiles ------------


def test_class_breaks_read_well_and_never_repeat():
    from borderkit.layers.palette import class_breaks

    uppers, labels = class_breaks([0.12, 2.0, 2.1, 9.0, 31.4, 99.5, 199.3, 0.0], k=3)
    assert labels == ["0.12–31", "31–100", "100–200"]
    assert uppers[-1] == 199.3
    assert class_breaks([1.0, 1.0, 1.0]) == ([1.0], ["1"])  # not "1–1"
    assert class_breaks([1, 1, 2])[1] == ["1", "2"]
    assert class_breaks([0, 0]) == ([], [])
    for values in ([0.05, 0.051, 3, 3.01, 7, 1000], list(range(1, 40))):
        labels = class_breaks(values)[1]
        assert len(labels) == len(set(labels))
        assert all(a != b for a, b in (lab.split("–") for lab in labels if "–" in lab))


def test_palette_is_shared_and_means_one_thing():
    from borderkit.layers import palette, standard

    assert standard.STATUS_COLORS is palette.STATUS_COLORS
    assert palette.EVENT_TYPE_COLORS["closure"] == palette.STATUS_COLORS["closed"]
    assert palette.EVENT_TYPE_COLORS["reopening"] == palette.STATUS_COLORS["open"]
    assert palette.BORDER_COLOR not in set(palette.STATUS_COLORS.values()) | set(palette.CORRIDOR_COLORS)
    layers = {ly.name: ly for ly in default_layers()}
    corridors = layers["Border corridors between crossings"]
    assert set(corridors.frame.color) <= set(palette.CORRIDOR_COLORS)  # neutral, not category colours


def test_display_outlines_drop_small_holes_but_the_data_keeps_them():
    from borderkit.layers import countries_layer
    from borderkit.layers.standard import DISPLAY_MIN_HOLE_KM2

    def holes(geoms):
        return sum(len(p.interiors) for g in geoms for p in getattr(g, "geoms", [g]))

    data = bk.load_countries()
    shown = countries_layer().frame
    before, after = holes(data.geometry), holes(shown.geometry)
    assert before > 500
    assert 0 <= after < before / 10
    assert holes(bk.load_countries().geometry) == before  # the loader's frame is untouched
    from pyproj import Geod
    from shapely import Polygon

    geod = Geod(ellps="WGS84")
    kept = [r for g in shown.geometry for p in getattr(g, "geoms", [g]) for r in p.interiors]
    assert all(abs(geod.geometry_area_perimeter(Polygon(r))[0]) / 1e6 >= DISPLAY_MIN_HOLE_KM2 for r in kept)


def test_drop_small_holes_keeps_exactly_the_holes_at_or_above_the_threshold():
    import shapely
    from pyproj import Geod
    from shapely import LineString, MultiPolygon, Point, Polygon, box

    from borderkit.layers import drop_small_holes

    geod = Geod(ellps="WGS84")

    def km2(ring):
        return abs(geod.geometry_area_perimeter(Polygon(ring))[0]) / 1e6

    # holes of about 10, 107, 4,700 and 10,900 km2 (geodesic), from small squares to a degree and more
    shell = box(60, 30, 64, 34).exterior
    holes = [
        box(63.2, 30.1, 63.23, 30.13),
        box(60.1, 30.1, 60.2, 30.2),
        box(61, 31, 61.6, 31.75),
        box(62, 32, 63, 33.05),
    ]
    poly = Polygon(shell, [h.exterior for h in holes])
    multi = MultiPolygon([box(50, 30, 51, 31), poly])
    frame = gpd.GeoDataFrame(
        {"name": list("abcdefg")},
        geometry=[poly, None, Point(1, 2), multi, Polygon(), MultiPolygon(), LineString([(0, 0), (1, 1)])],
        crs="EPSG:4326",
        index=[10, 20, 30, 40, 50, 60, 70],
    )
    for threshold in (0.5, 50.0, 100.0, 106.9, 4_000.0, 10_000.0, 1e9):  # in and out of the geodesic band
        out = drop_small_holes(frame, min_area_km2=threshold)
        assert list(out.index) == list(frame.index)
        assert list(out["name"]) == list(frame["name"])
        assert out.crs == frame.crs
        assert out.geometry.iloc[1] is None
        for i in (2, 4, 5, 6):  # points, empties and lines as they were
            assert out.geometry.iloc[i].wkb == frame.geometry.iloc[i].wkb
        want = [h.exterior for h in holes if km2(h.exterior) >= threshold]
        for got in (out.geometry.iloc[0], out.geometry.iloc[3].geoms[1]):
            assert got.exterior.equals(shell)
            assert [r.wkb for r in got.interiors] == [r.wkb for r in want]
        assert out.geometry.iloc[3].geoms[0].equals(box(50, 30, 51, 31))
        assert shapely.is_valid(out.geometry.iloc[0])
    assert len(drop_small_holes(frame.iloc[[]], min_area_km2=1.0)) == 0


def test_citations_become_short_links():
    from borderkit.maps.folium_map import _citation_html

    html = _citation_html(
        'The Express Tribune, "Trade <b>suspended</b>", 2025-10-15, https://tribune.com.pk/story/1"onclick=x'
    )
    assert ">Express Tribune, 15 Oct 2025</a>" in html
    assert 'href="https://tribune.com.pk/story/1&quot;onclick=x"' in html
    assert "<b>" not in html
    assert "&lt;b&gt;" in html
    assert _citation_html("javascript:alert(1)").startswith("<span")  # no link without http(s)
    assert _citation_html(None) == ""


def test_tiles_take_any_xyzservices_name():
    from borderkit.layers import countries_layer

    layer = countries_layer()
    html = bk.render([layer], tiles="OpenTopoMap").get_root().render()
    assert "tile.opentopomap.org" in html
    assert "<title>The Afghanistan-Pakistan border (Durand Line)</title>" in html
    with pytest.raises(ValueError, match="xyzservices"):
        bk.render([layer], tiles="NoSuchTiles")


def test_frame_layer_styles_a_users_frame():
    from borderkit.layers import frame_layer

    frame = gpd.GeoDataFrame(
        {"name": ["Well 1", "Well 2"]}, geometry=[Point(70, 33), Point(71, 34)], crs="EPSG:4326"
    )
    frame.attrs["attribution"] = "My survey, 2026"
    layer = frame_layer(frame, "My wells", color="#CC79A7")
    assert (layer.kind, layer.attribution, layer.tooltip) == ("point", "My survey, 2026", [("name", "name")])
    assert layer.legend[0].color == "#CC79A7"
    html = bk.make_map([*default_layers(), layer]).get_root().render()
    assert "My wells" in html
    assert "Well 2" in html
    with pytest.raises(ValueError, match="no CRS"):
        frame_layer(frame.set_crs(None, allow_override=True), "x")


# Issue 15: Jupyter --------------------------------------------------------------------------


def test_inline_display_carries_its_scripts():
    """A map shown in a notebook is an iframe of a page that needs no CDN."""
    import html as htmllib
    import re

    m = bk.render([border_layer()], tiles=None)
    shown = m._repr_html_()
    assert "<iframe" in shown
    page = htmllib.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1))
    assert "L.map(" in page
    assert not re.search(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page)
    # Rendering for a file is not affected: save_html inlines (or not) by itself.
    assert re.search(r"<script\b[^>]*\bsrc=\"https://", m.get_root().render())


def test_explore_works_on_borderkit_frames_and_on_the_map():
    border = bk.load_border()
    assert type(border.explore()).__name__ == "Map"
    m = bk.render([border_layer()], tiles=None)
    before = m.get_root().render().count("L.geoJson(")
    out = bk.load_crossings().explore(m=m, column="status", name="My crossings")
    assert out is m
    assert m.get_root().render().count("L.geoJson(") == before + 1


def test_with_attribution_names_each_source_once():
    from borderkit.geo.sources import attribution, with_attribution

    frame = gpd.GeoDataFrame(
        {"source": ["osm-geo-maps", "my_file.csv", "osm-geo-maps", None]},
        geometry=[Point(0, 0)] * 4,
        crs=4326,
    )
    frame.attrs["note"] = "kept"
    out = with_attribution(frame)
    assert out.attrs["sources"] == ["osm-geo-maps", "my_file.csv"]
    assert out.attrs["attribution"] == f"{attribution('osm-geo-maps')}; Data: my_file.csv"
    assert out.attrs["note"] == "kept"
    assert "attribution" not in frame.attrs  # the input is not changed


def test_data_is_never_run_as_a_template():
    """Text with Jinja syntax is written as it is (branca used to render it a second time)."""
    frame = gpd.GeoDataFrame(
        {"name": ["{{ 7*7 }}X", "{% if x %}", "{# c #}"], "source": ["{{ 6*7 }}Y"] * 3},
        geometry=[Point(70, 33), Point(71, 33), Point(72, 33)],
        crs="EPSG:4326",
    )
    layer = Layer(name="{{ 5*5 }}Z", frame=frame, kind="point", tooltip=[("name", "Name")])
    m = bk.render([layer], tiles=None, title="{{ 3*3 }}T")
    html = m.get_root().render()
    for text in ("{{ 7*7 }}X", "{% if x %}", "{# c #}", "{{ 5*5 }}Z", "{{ 3*3 }}T", "{{ 6*7 }}Y"):
        assert text in html, text
    for evaluated in ("49X", "25Z", "9T", "42Y"):
        assert evaluated not in html, evaluated


def test_rendering_is_unchanged_but_for_that():
    """The page renders as branca would, without the template second pass (ids aside)."""
    import re

    from branca.element import Figure

    from borderkit.layers import countries_layer

    layers = [countries_layer(), border_layer()]
    plain = Figure.render(bk.render(layers).get_root())
    ours = bk.render(layers).get_root().render()

    def same_ids(s):
        return re.sub(r"[0-9a-f]{32}", "ID", s)

    assert same_ids(plain) == same_ids(ours)


def test_save_html_replaces_the_file_atomically(tmp_path):
    path = tmp_path / "m.html"
    path.write_text("old", encoding="utf-8")
    before = path.stat().st_ino
    m = bk.render([border_layer()], tiles=None)
    assert bk.save_html(m, path) == path
    assert path.stat().st_ino != before  # a new file renamed into place, not the old one rewritten
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]  # no temporary file left behind
