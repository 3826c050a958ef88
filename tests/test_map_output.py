"""The default map is drawn without folium.plugins and offlinefolium, and draws the same page as they would.

Issue 16 (the main job in under 3 s): borderkit's map does not import
``folium.plugins`` (whose ``__init__`` imports all 40 plugins and compiles
their templates) nor the ``offlinefolium`` package (a copy of all of folium);
it reads the fork's table of files from its source. These tests hold the
replacements to what they replace: the same page text (but for folium's
random element ids) and the same table.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import folium
import pytest

import borderkit as bk
from borderkit.maps import _assets, controls

REPO_ROOT = Path(__file__).resolve().parents[1]


def _compare_module():
    path = REPO_ROOT / "scripts" / "compare_maps.py"
    spec = importlib.util.spec_from_file_location("compare_maps", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compare = _compare_module()


# --------------------------------------------------------------------------- the id normaliser


def test_normalise_renames_ids_in_order_of_first_appearance_and_keeps_the_length():
    a, b = "1" * 32, "abcdef0123456789" * 2
    text = f"var map_{a} = L.map('map_{a}'); var geo_json_{b} = L.geoJson().addTo(map_{a});"
    out = compare.normalise(text)
    assert out == (
        f"var map_{0:032d} = L.map('map_{0:032d}'); var geo_json_{1:032d} = L.geoJson().addTo(map_{0:032d});"
    )
    assert len(out) == len(text)
    # a longer hex run (a hash, a data URI fragment) is not an id
    digest = "0123456789abcdef" * 4
    assert compare.normalise(digest) == digest


def test_two_renderings_of_one_map_differ_only_in_ids(tmp_path):
    a = bk.save_html(bk.make_map(), tmp_path / "a.html", self_contained=False).read_text(encoding="utf-8")
    b = bk.save_html(bk.make_map(), tmp_path / "b.html", self_contained=False).read_text(encoding="utf-8")
    assert a != b  # folium's ids are random ...
    assert compare.normalise(a) == compare.normalise(b)  # ... and the only difference
    changed = compare.normalise(b).replace("Durand Line", "Durand line", 1)
    diff = compare.first_difference(compare.normalise(a), changed)
    assert diff is not None
    assert "Durand" in diff


def test_compare_script_exit_status(tmp_path, capsys):
    one = tmp_path / "one.html"
    two = tmp_path / "two.html"
    one.write_text(f"<div id='map_{'a' * 32}'></div>", encoding="utf-8")
    two.write_text(f"<div id='map_{'b' * 32}'></div>", encoding="utf-8")
    assert compare.main([str(one), str(two)]) == 0
    two.write_text(f"<div id='map_{'b' * 32}' class='x'></div>", encoding="utf-8")
    assert compare.main([str(one), str(two)]) == 1
    assert "first difference at character" in capsys.readouterr().out


# --------------------------------------------------------------------------- folium.plugins, replaced


def _render(element_factory) -> str:
    """Render a bare map holding one element; return the page with ids normalised."""
    m = folium.Map(location=[33.0, 70.0], zoom_start=6, tiles=None)
    element_factory().add_to(m)
    return compare.normalise(m.get_root().render())


@pytest.mark.parametrize(
    ("ours", "theirs", "kwargs"),
    [
        ("Fullscreen", "Fullscreen", {"position": "topleft"}),
        (
            "Fullscreen",
            "Fullscreen",
            {"position": "bottomright", "title": "Big <map>", "title_cancel": "Small"},
        ),
        (
            "MeasureControl",
            "MeasureControl",
            {
                "position": "topleft",
                "primary_length_unit": "kilometers",
                "secondary_length_unit": "miles",
                "primary_area_unit": "sqkilometers",
            },
        ),
        ("MeasureControl", "MeasureControl", {}),
    ],
)
def test_controls_draw_what_folium_plugins_draw(ours, theirs, kwargs):
    plugins = pytest.importorskip("folium.plugins")
    mine = _render(lambda: getattr(controls, ours)(**kwargs))
    folium_own = _render(lambda: getattr(plugins, theirs)(**kwargs))
    assert mine == folium_own
    assert "L.control.fullscreen" in mine or "L.Control.Measure" in mine


def test_plugin_files_are_folium_plugins_files():
    import folium.plugins as plugins

    pairs = {
        "GroupedLayers": plugins.GroupedLayerControl,
        "SearchIndex": plugins.Search,
        "OutlineMiniMap": plugins.MiniMap,
        "Fullscreen": plugins.Fullscreen,
        "MeasureControl": plugins.MeasureControl,
    }
    for ours, theirs in pairs.items():
        element = getattr(controls, ours)
        assert element.default_js == theirs.default_js, ours
        assert element.default_css == theirs.default_css, ours


# -------------------------------------------------------------------- the asset table, read from source


def test_asset_table_read_from_source_equals_the_imported_table():
    table = _assets.local_files()
    assert isinstance(table, _assets.SourceTable)
    from offlinefolium.elements import _res

    assert sorted(table) == sorted(_res)
    assert len(table) == len(_res) > 60
    for url, text in _res.items():
        assert table[url] == text, url  # escapes read as Python reads them
    assert "https://example.org/not-there.js" not in table
    with pytest.raises(KeyError):
        table["https://example.org/not-there.js"]


def test_asset_table_rejects_another_layout(tmp_path):
    odd = tmp_path / "elements.py"
    odd.write_text("RES = {'https://x/a.js': 'text'}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"no '_res = \{\}' table"):
        _assets.SourceTable(odd)
    odd.write_text("\n_res = {}\n\n_res['https://x/a.js'] = 42 #https://x/a.js\n", encoding="utf-8")
    table = _assets.SourceTable(odd)
    assert list(table) == ["https://x/a.js"]
    with pytest.raises(ValueError, match="not a string literal"):
        table["https://x/a.js"]


def test_asset_table_entry_it_cannot_read_comes_from_the_imported_module(tmp_path):
    from offlinefolium.elements import _res

    url = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
    odd = tmp_path / "elements.py"
    odd.write_text(f"\n_res = {{}}\n\n_res['{url}'] = load('leaflet.js') #{url}\n", encoding="utf-8")
    table = _assets.SourceTable(odd)
    assert table[url] == _res[url]


def test_asset_table_escapes_and_quotes(tmp_path):
    source = (
        "import x\n\n_res = {}\n\n"
        "_res['https://x/a.css'] = '''\na\\tb \\\\ c ' \" d\n''' #https://x/a.css\n\n"
        "_res['https://x/b.js'] = '''\n\\u00e9t\\xe9\n''' #https://x/b.js\n"
    )
    path = tmp_path / "elements.py"
    path.write_text(source, encoding="utf-8")
    namespace: dict = {}
    exec(source.replace("import x\n", ""), namespace)  # what importing the module would give
    table = _assets.SourceTable(path)
    assert dict(table) == namespace["_res"]
    assert table["https://x/a.css"] == "\na\tb \\ c ' \" d\n"


# --------------------------------------------------------------------------- what the main job imports


def test_map_job_imports_neither_folium_plugins_nor_offlinefolium(tmp_path):
    code = (
        "import json, sys\n"
        "from borderkit.cli import main\n"
        f"assert main(['map', '--out', {str(tmp_path / 'm.html')!r}, '--quiet']) == 0\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('folium', 'offlinefolium', 'borderkit'))))\n"
    )
    env_path = str(REPO_ROOT)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**_env(), "PYTHONPATH": env_path, "BORDERKIT_OFFLINE": "1"},
    )
    modules = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "folium" in modules
    assert "borderkit.maps.folium_map" in modules
    assert not {m for m in modules if m == "folium.plugins" or m.startswith("folium.plugins.")}
    assert not {m for m in modules if m.split(".")[0] == "offlinefolium"}
    assert "borderkit.layers.merge" not in modules  # one region: nothing to merge
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "L.control.fullscreen(" in html
    assert "new L.Control.Measure(" in html
    assert "<script src=" not in html  # every script written in, from the table read from source


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
