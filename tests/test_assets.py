"""Self-contained HTML maps: every script and stylesheet folium loads has a local copy."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import warnings

import folium
import folium.plugins
import pytest
from folium import plugins

import borderkit as bk
from borderkit import cli
from borderkit.maps import _assets

# A <script src> or <link href> that points off the file.
REMOTE_TAG = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^\"'\s>]*", re.I)


def folium_asset_urls() -> dict[str, set[str]]:
    """Every CDN URL that a class of folium or folium.plugins loads, with the classes."""
    modules = [folium]
    for pkg in (folium, folium.plugins):
        for info in pkgutil.iter_modules(pkg.__path__):
            if not info.ispkg:
                modules.append(importlib.import_module(f"{pkg.__name__}.{info.name}"))
    urls: dict[str, set[str]] = {}
    for module in modules:
        for obj in vars(module).values():
            if inspect.isclass(obj):
                for attr in ("default_js", "default_css"):
                    for _, url in getattr(obj, attr, None) or []:
                        urls.setdefault(url, set()).add(obj.__name__)
    return urls


def test_every_folium_asset_has_a_local_copy():
    urls = folium_asset_urls()
    assert len(urls) > 60  # core and plugins
    missing = {u: sorted(c) for u, c in urls.items() if u not in _assets.local_files()}
    assert missing == {}, (
        f"{_assets.ASSET_PACKAGE} has no copy of these (does its release match folium {folium.__version__}?)"
    )


def plugins_map() -> folium.Map:
    """A map with every plugin borderkit uses or may use, and both icon fonts."""
    m = folium.Map(location=[33, 70], zoom_start=6)
    geo = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [70.0 + i / 10, 33.0]},
                "properties": {"name": f"p{i}", "times": [f"2020-01-0{i + 1}"]},
            }
            for i in range(3)
        ],
    }
    folium.Marker([33, 70], icon=folium.Icon(icon="info-sign")).add_to(m)  # glyphicon
    folium.Marker([33.5, 70], icon=folium.Icon(icon="car", prefix="fa")).add_to(m)
    cluster = plugins.MarkerCluster(name="cluster").add_to(m)
    folium.Marker([34, 71]).add_to(cluster)
    plugins.HeatMap([[33, 70, 1.0], [33.1, 70.1, 2.0]], name="heat").add_to(m)
    plugins.TimestampedGeoJson(geo, period="P1D").add_to(m)
    choropleth = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "0",
                "geometry": {"type": "Polygon", "coordinates": [[[69, 32], [70, 32], [70, 33], [69, 32]]]},
                "properties": {},
            }
        ],
    }
    plugins.TimeSliderChoropleth(choropleth, styledict={"0": {"1577836800": {"color": "#f00"}}}).add_to(m)
    plugins.Fullscreen().add_to(m)
    plugins.MeasureControl().add_to(m)
    plugins.MiniMap().add_to(m)
    searchable = folium.GeoJson(geo, name="searchable").add_to(m)
    plugins.Search(layer=searchable, search_label="name").add_to(m)
    folium.LayerControl().add_to(m)
    return m


def test_map_with_every_plugin_is_self_contained(tmp_path):
    document = plugins_map().get_root().render()
    assert len(REMOTE_TAG.findall(document)) > 20  # folium links them all from CDNs
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no MissingAssetWarning
        path = bk.save_html(plugins_map(), tmp_path / "plugins.html")
    text = path.read_text(encoding="utf-8")
    assert REMOTE_TAG.findall(text) == []
    out, report = _assets.inline(document)
    assert report.missing == []
    assert report.dropped == []  # both icon fonts are used here
    # CSS images and fonts left on their CDN: only the known, decorative ones.
    assert report.cdn_resources <= _assets.KNOWN_CSS_GAPS
    # The icon fonts that are used are embedded.
    faces = re.findall(r"@font-face\s*\{[^}]*\}", out)
    glyphicons = [f for f in faces if "Glyphicons Halflings" in f]
    assert glyphicons
    assert all('src:url("data:' in f for f in glyphicons)
    solid = [f for f in faces if '"Font Awesome 6 Free"' in f and "font-weight:900" in f]
    assert len(solid) == 1
    assert 'src:url("data:font/woff2;base64,' in solid[0]


@pytest.fixture(scope="module")
def default_document() -> str:
    return bk.make_map().get_root().render()


def test_default_map_is_self_contained(default_document):
    out, report = _assets.inline(default_document)
    assert REMOTE_TAG.findall(out) == []
    assert report.missing == []
    # The minimap's toggle image and the search box's spinner are not in folium-offline; the map
    # never asks for them (no toggle button; the search is local), which test_browser.py checks.
    assert report.cdn_resources <= _assets.KNOWN_CSS_GAPS
    assert all("minimap" in url or "leaflet-search" in url for url in report.cdn_resources)
    # Neither icon font is used by the default map, so neither is written into it.
    assert sorted(report.dropped) == sorted([_assets.FONT_AWESOME_CSS, _assets.GLYPHICONS_CSS])
    assert "Leaflet 1.9.3" in out
    assert len(out) - len(default_document) < 1_000_000  # leaflet, jquery, bootstrap, plugins
    # Nothing but the head changed: the map's own scripts and data are untouched.
    assert out[out.index("</head>") :] == default_document[default_document.index("</head>") :]


def test_icon_font_kept_only_when_used(default_document):
    m = folium.Map(tiles=None)
    folium.Marker([33, 70], icon=folium.Icon(icon="car", prefix="fa")).add_to(m)
    out, report = _assets.inline(m.get_root().render())
    assert report.dropped == [_assets.GLYPHICONS_CSS]
    assert "Font Awesome Free 6.2.0" in out


def test_cli_map_is_self_contained_unless_cdn(tmp_path, capsys):
    assert cli.main(["map", "--out", str(tmp_path / "a.html"), "--quiet"]) == 0
    assert cli.main(["map", "--out", str(tmp_path / "b.html"), "--quiet", "--cdn"]) == 0
    capsys.readouterr()
    offline = (tmp_path / "a.html").read_text(encoding="utf-8")
    online = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert REMOTE_TAG.findall(offline) == []
    links = REMOTE_TAG.findall(online)
    assert any("leaflet@1.9.3/dist/leaflet.js" in tag for tag in links)
    assert len(online) < len(offline)


def test_save_html_keeps_cdn_links_when_asked(tmp_path):
    m = folium.Map(tiles=None)
    text = bk.save_html(m, tmp_path / "m.html", self_contained=False).read_text(encoding="utf-8")
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in text


def test_unknown_asset_warns_and_keeps_its_link():
    document = (
        "<!DOCTYPE html><html><head>"
        '<script src="https://example.org/unknown.js"></script>'
        '<link rel="stylesheet" href="https://example.org/unknown.css"/>'
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
        "</head><body></body></html>"
    )
    with pytest.warns(_assets.MissingAssetWarning, match=r"unknown\.js, https://example\.org/unknown\.css"):
        out = _assets.inline_assets(document)
    assert '<script src="https://example.org/unknown.js"></script>' in out
    assert '<link rel="stylesheet" href="https://example.org/unknown.css"/>' in out
    assert 'leaflet@1.9.3/dist/leaflet.js"' not in out  # the known one is inlined


def test_inlined_text_cannot_close_its_element(monkeypatch):
    files = {
        "https://cdn.example/a.js": 'var s = "</script><script>alert(1)</script>"; var c = "<!--";',
        "https://cdn.example/a.css": '.x{content:"</style><script>alert(1)</script>"}',
    }
    monkeypatch.setattr(_assets, "local_files", lambda: files)
    document = (
        '<html><head><script src="https://cdn.example/a.js"></script>'
        '<link rel="stylesheet" href="https://cdn.example/a.css"/></head><body></body></html>'
    )
    out, report = _assets.inline(document)
    assert report.missing == []
    head = out[: out.index("</head>")]
    # The script element ends where the file ends (and the style element after it).
    script_end = head.lower().index("</script")
    assert head[:script_end].endswith('var c = "\\x3C!--";\n')
    assert r'"\x3C/script>\x3Cscript>alert(1)\x3C/script>"' in head[:script_end]
    style_end = head.lower().index("</style")
    assert head[:style_end].endswith('.x{content:"<\\/style><script>alert(1)</script>"}\n')
    assert head[style_end:] == "</style>"


def test_css_urls_resolve_against_the_stylesheet(monkeypatch):
    files = {
        "https://cdn.example/pkg/css/a.css": (
            '@font-face{font-family:"X";src:url(../fonts/x.eot);'
            'src:url("data:font/woff2;base64,AAAA") format("woff2"),url(../fonts/x.ttf) format("truetype")}'
            '@font-face{font-family:"Y";src:url(../fonts/y.woff2) format("woff2")}'
            ".a{background:url(img/a.png)}.b{background:url('data:image/png;base64,BBBB')}"
            ".c{behavior:url(#default#VML)}"
        )
    }
    monkeypatch.setattr(_assets, "local_files", lambda: files)
    out, report = _assets.inline('<html><head><link rel="stylesheet" href="//cdn.example/pkg/css/a.css">')
    # X keeps only its embedded woff2; Y has nothing embedded and points at the CDN.
    assert '@font-face{font-family:"X";src:url("data:font/woff2;base64,AAAA") format("woff2")}' in out
    assert 'src:url("https://cdn.example/pkg/fonts/y.woff2") format("woff2")' in out
    assert 'url("https://cdn.example/pkg/css/img/a.png")' in out
    assert "url('data:image/png;base64,BBBB')" in out
    assert "url(#default#VML)" in out
    assert report.cdn_resources == {
        "https://cdn.example/pkg/fonts/y.woff2",
        "https://cdn.example/pkg/css/img/a.png",
    }
