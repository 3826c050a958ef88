"""The bundled data: manifest complete and true, files as documented, build deterministic."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from pyproj import Geod

import borderkit as bk
from borderkit.errors import IntegrityError
from borderkit.geo import _data

DATA = Path(bk.__file__).parent / "data"
REQUIRED = {"title", "source", "publisher", "licence", "attribution", "sha256", "bytes", "notes"}


def _bundled_files() -> list[Path]:
    return sorted(p for p in DATA.iterdir() if p.is_file() and p.name not in {"manifest.json", "__init__.py"})


def test_every_bundled_file_has_a_true_manifest_entry():
    files = _data.manifest()["files"]
    names = [p.name for p in _bundled_files()]
    assert names, "no bundled data"
    assert sorted(files) == names
    for path in _bundled_files():
        entry = files[path.name]
        assert set(entry) >= REQUIRED, f"{path.name}: missing {REQUIRED - set(entry)}"
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["bytes"] == path.stat().st_size
        assert {"registry", "package", "version"} <= set(entry["source"])


def test_bundle_is_small():
    assert sum(p.stat().st_size for p in _bundled_files()) < 5 * 1024 * 1024


def test_damaged_file_is_refused(monkeypatch):
    manifest = json.loads(json.dumps(_data.manifest()))
    manifest["files"]["countries.geojson"]["sha256"] = "0" * 64
    monkeypatch.setattr(_data, "manifest", lambda: manifest)
    _data.data_path.cache_clear()
    try:
        with pytest.raises(IntegrityError, match=r"damaged.*reinstall"):
            _data.data_path("countries.geojson")
    finally:
        _data.data_path.cache_clear()


def test_countries_are_valid_and_oriented():
    countries = bk.load_countries()
    assert countries["iso3"].tolist() == ["AFG", "PAK"]
    assert countries.is_valid.all()
    assert countries.crs.to_epsg() == 4326
    # Geodesic areas of the outlines: Afghanistan about 652,000 km2, Pakistan about 882,000 km2
    # (incl. Gilgit-Baltistan and Azad Kashmir), both positive (counter-clockwise exteriors).
    geod = Geod(ellps="WGS84")
    areas = [geod.geometry_area_perimeter(g)[0] / 1e6 for g in countries.geometry]
    assert 600_000 < areas[0] < 700_000
    assert 800_000 < areas[1] < 950_000


def test_provinces_show_current_units():
    units = bk.load_admin_units(level=1)
    assert units.groupby("country").size().to_dict() == {"AFG": 34, "PAK": 7}
    assert units.unit_id.is_unique
    assert "PK-TA" not in set(units.unit_id)  # FATA merged into Khyber Pakhtunkhwa in 2018
    assert {"Panjshir", "Daykundi", "Khyber Pakhtunkhwa", "Balochistan"} <= set(units.name)
    kp = units.loc[units.unit_id == "PK-KP", "geometry"].iloc[0]
    assert kp.is_valid
    # KP with former FATA: 74,521 + 27,220 = 101,741 km2 (Pakistan Bureau of Statistics,
    # Census 2017 areas). Natural Earth's coarser outline gives within a few percent of it.
    area = Geod(ellps="WGS84").geometry_area_perimeter(kp)[0] / 1e6
    assert area == pytest.approx(101_741, rel=0.03)


def test_terrain_grid():
    path = _data.data_path("etopo5_afpak.tif")
    with rasterio.open(path) as src:
        assert src.crs.to_epsg() == 4326
        west, south, east, north = src.bounds
        assert west <= 58.0
        assert south <= 22.0
        assert east >= 78.0
        assert north >= 40.0
        assert src.res[1] == pytest.approx(1 / 12)  # 5 arc-minutes, about 9 km
        band = src.read(1)
        assert band.dtype == np.int16
        assert band.max() > 7000  # Karakoram / Hindu Kush
        sea, kabul = (v[0] for v in src.sample([(62.0, 23.0), (69.17, 34.53)]))
        assert sea < 0 < 1000 < kabul


def _load_build_script():
    path = Path(__file__).resolve().parents[1] / "scripts" / "build_data.py"
    spec = importlib.util.spec_from_file_location("build_data", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_geojson_writer_is_deterministic(tmp_path):
    build = _load_build_script()
    features = [
        {"geometry": g, "properties": {"iso3": i, "name": n}}
        for i, n, g in bk.load_countries()[["iso3", "name", "geometry"]].itertuples(index=False)
    ]
    build.write_geojson(tmp_path / "a.geojson", features, 5)
    build.write_geojson(tmp_path / "b.geojson", features, 5)
    assert (tmp_path / "a.geojson").read_bytes() == (tmp_path / "b.geojson").read_bytes()
    # Writing the bundled frame again reproduces the bundled file byte for byte.
    bundled = _data.data_path("countries.geojson")
    countries = bk.load_countries(bk.geo.countries.bundled_codes())
    features = [
        {"geometry": g, "properties": {"iso3": i, "name": n, "source": s}}
        for i, n, s, g in countries[["iso3", "name", "source", "geometry"]].itertuples(index=False)
    ]
    build.write_geojson(tmp_path / "c.geojson", features, 5)
    assert (tmp_path / "c.geojson").read_bytes() == bundled.read_bytes()


def test_etopo_builder_on_a_small_netcdf(tmp_path):
    """build_etopo crops, flips north-up and georeferences a real netCDF file."""
    scipy_io = pytest.importorskip(
        "scipy.io", reason="scipy is needed to write netCDF (pip install .[build])"
    )
    build = _load_build_script()
    x = np.arange(0, 360, 1 / 12)
    y = np.arange(-90, 90 + 1e-9, 1 / 12)
    xs, ys = np.meshgrid(x, y)
    z = (ys * 100 + xs).astype("float32")  # elevation encodes the cell centre
    cdf = tmp_path / "etopo5.cdf"
    with scipy_io.netcdf_file(cdf, "w") as nc:
        nc.createDimension("ETOPO05_X", len(x))
        nc.createDimension("ETOPO05_Y", len(y))
        nc.createVariable("ETOPO05_X", "f8", ("ETOPO05_X",))[:] = x
        nc.createVariable("ETOPO05_Y", "f8", ("ETOPO05_Y",))[:] = y
        nc.createVariable("ROSE", "f4", ("ETOPO05_Y", "ETOPO05_X"))[:] = np.clip(z, -9999, 9999)
    out = tmp_path / "crop.tif"
    build.build_etopo(cdf, out)
    with rasterio.open(out) as src:
        value = next(src.sample([(70.0, 30.0)]))[0]
        assert value == round(30.0 * 100 + 70.0)
        assert src.bounds.left == pytest.approx(58.0 - 1 / 24)
        assert src.bounds.top == pytest.approx(40.0 + 1 / 24)
    first = out.read_bytes()
    build.build_etopo(cdf, out)
    assert out.read_bytes() == first
