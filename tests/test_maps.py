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
    assert "L.control.layers" in default_html
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
    assert [ly.kind for ly in layers] == ["polygon", "polygon", "line"]
    assert len(layers[1].frame) == 41
    assert all(ly.legend for ly in layers)


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
