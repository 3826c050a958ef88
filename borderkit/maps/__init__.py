"""Renderers: the Folium HTML map, the static figure and file exports, all drawing Layers.

Every name below is imported on first use (see :mod:`borderkit._lazy`). ``export``
and ``figure`` are also the names of submodules: use ``bk.export`` / ``bk.figure``
(the functions); once a submodule is imported directly, ``borderkit.maps.export``
may be that module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "export": "borderkit.maps.export",
    "figure": "borderkit.maps.figure",
    "make_map": "borderkit.maps.folium_map",
    "render": "borderkit.maps.folium_map",
    "save_html": "borderkit.maps.folium_map",
}
__getattr__, __dir__, __all__ = attach(__name__, _NAMES)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .folium_map import make_map as make_map
    from .folium_map import render as render
    from .folium_map import save_html as save_html
