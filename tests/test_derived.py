"""The disk cache of derived geometries: same result, computed once per machine, robust to damage."""

from __future__ import annotations

import shapely

import borderkit as bk
from borderkit import settings


def _files() -> list:
    folder = settings.cache_folder / "derived"
    return sorted(folder.glob("border_zone-*.wkb")) if folder.exists() else []


def test_zone_is_computed_once_and_read_back_equal() -> None:
    border = bk.load_border()
    assert _files() == []
    first = bk.border_zone(border, 25)
    files = _files()
    assert len(files) == 1
    again = bk.border_zone(border, 25)
    assert shapely.equals_exact(first.geometry.iloc[0], again.geometry.iloc[0], tolerance=0)
    assert first.drop(columns="geometry").equals(again.drop(columns="geometry"))
    # Another width is another entry.
    bk.border_zone(border, 10)
    assert len(_files()) == 2


def test_a_damaged_entry_is_recomputed() -> None:
    border = bk.load_border()
    good = bk.border_zone(border, 25)
    (path,) = _files()
    path.write_bytes(b"not wkb")
    again = bk.border_zone(border, 25)
    assert shapely.equals_exact(good.geometry.iloc[0], again.geometry.iloc[0], tolerance=0)
    assert shapely.from_wkb(path.read_bytes()).equals(shapely.from_wkb(path.read_bytes()))


def test_use_cache_false_writes_nothing() -> None:
    settings.use_cache = False
    bk.border_zone(bk.load_border(), 25)
    assert _files() == []
