"""borderkit: map a border region, its crossings, the districts on both sides and events.

Its first region is the Afghanistan-Pakistan border (the Durand Line)::

    import borderkit as bk
    border = bk.load_border()
    bk.save_html(bk.make_map(), "durand_line.html")

The names below are imported on first use (PEP 562), so that ``import
borderkit`` and ``borderkit --help`` stay fast: geopandas, folium and scipy
load only when a function that needs them is called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import settings as settings
from ._version import __version__ as __version__

# Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    # the region
    "Region": "borderkit.regions",
    "region": "borderkit.regions",
    # loaders and analysis (geo)
    "border_length_by_unit": "borderkit.geo",
    "border_segments": "borderkit.geo",
    "border_zone": "borderkit.geo",
    "distance_raster": "borderkit.geo",
    "distance_to_border": "borderkit.geo",
    "elevation_profile": "borderkit.geo",
    "events_by_period": "borderkit.geo",
    "events_by_segment": "borderkit.geo",
    "events_by_unit": "borderkit.geo",
    "fetch_acled": "borderkit.geo",
    "fetch_ucdp": "borderkit.geo",
    "filter_events": "borderkit.geo",
    "load_admin_units": "borderkit.geo",
    "load_border": "borderkit.geo",
    "load_countries": "borderkit.geo",
    "load_crossings": "borderkit.geo",
    "load_events": "borderkit.geo",
    "load_settlements": "borderkit.geo",
    "nearest_crossing": "borderkit.geo",
    "network_distance_to_crossing": "borderkit.geo",
    "population_within": "borderkit.geo",
    "reach_zones": "borderkit.geo",
    "snap_crossings": "borderkit.geo",
    "summarise_by_crossing": "borderkit.geo",
    "within": "borderkit.geo",
    # status
    "crossing_status": "borderkit.geo.status",
    "load_crossing_status": "borderkit.geo.status",
    "open_crossings": "borderkit.geo.status",
    # displacement
    "distance_to_nearest_crossing": "borderkit.geo.displacement",
    "dtm_stocks": "borderkit.geo.displacement",
    "fetch_dtm": "borderkit.geo.displacement",
    "fetch_unhcr": "borderkit.geo.displacement",
    "flows_around_closures": "borderkit.geo.displacement",
    "flows_by_crossing": "borderkit.geo.displacement",
    "flows_by_province": "borderkit.geo.displacement",
    "flows_since": "borderkit.geo.displacement",
    "load_flows": "borderkit.geo.displacement",
    "load_stocks": "borderkit.geo.displacement",
    "select_finest": "borderkit.geo.displacement",
    "stocks_by_unit": "borderkit.geo.displacement",
    "unhcr_flows": "borderkit.geo.displacement",
    "unhcr_stocks": "borderkit.geo.displacement",
    # the layer model
    "Layer": "borderkit.layers",
    "LegendEntry": "borderkit.layers",
    # renderers (maps)
    "export": "borderkit.maps",
    "figure": "borderkit.maps",
    "make_map": "borderkit.maps",
    "render": "borderkit.maps",
    "save_html": "borderkit.maps",
}
_SUBMODULES = ("errors", "geo", "layers", "maps")

__all__ = sorted([*_EXPORTS, *_SUBMODULES, "settings", "__version__"])


def __getattr__(name: str) -> Any:
    """Import a public name, or a subpackage, on first use."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        msg = f"module 'borderkit' has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from . import errors as errors
    from . import geo as geo
    from . import layers as layers
    from . import maps as maps
    from .geo import border_length_by_unit as border_length_by_unit
    from .geo import border_segments as border_segments
    from .geo import border_zone as border_zone
    from .geo import distance_raster as distance_raster
    from .geo import distance_to_border as distance_to_border
    from .geo import elevation_profile as elevation_profile
    from .geo import events_by_period as events_by_period
    from .geo import events_by_segment as events_by_segment
    from .geo import events_by_unit as events_by_unit
    from .geo import fetch_acled as fetch_acled
    from .geo import fetch_ucdp as fetch_ucdp
    from .geo import filter_events as filter_events
    from .geo import load_admin_units as load_admin_units
    from .geo import load_border as load_border
    from .geo import load_countries as load_countries
    from .geo import load_crossings as load_crossings
    from .geo import load_events as load_events
    from .geo import load_settlements as load_settlements
    from .geo import nearest_crossing as nearest_crossing
    from .geo import network_distance_to_crossing as network_distance_to_crossing
    from .geo import population_within as population_within
    from .geo import reach_zones as reach_zones
    from .geo import snap_crossings as snap_crossings
    from .geo import summarise_by_crossing as summarise_by_crossing
    from .geo import within as within
    from .geo.displacement import distance_to_nearest_crossing as distance_to_nearest_crossing
    from .geo.displacement import dtm_stocks as dtm_stocks
    from .geo.displacement import fetch_dtm as fetch_dtm
    from .geo.displacement import fetch_unhcr as fetch_unhcr
    from .geo.displacement import flows_around_closures as flows_around_closures
    from .geo.displacement import flows_by_crossing as flows_by_crossing
    from .geo.displacement import flows_by_province as flows_by_province
    from .geo.displacement import flows_since as flows_since
    from .geo.displacement import load_flows as load_flows
    from .geo.displacement import load_stocks as load_stocks
    from .geo.displacement import select_finest as select_finest
    from .geo.displacement import stocks_by_unit as stocks_by_unit
    from .geo.displacement import unhcr_flows as unhcr_flows
    from .geo.displacement import unhcr_stocks as unhcr_stocks
    from .geo.status import crossing_status as crossing_status
    from .geo.status import load_crossing_status as load_crossing_status
    from .geo.status import open_crossings as open_crossings
    from .layers import Layer as Layer
    from .layers import LegendEntry as LegendEntry
    from .maps import export as export
    from .maps import figure as figure
    from .maps import make_map as make_map
    from .maps import render as render
    from .maps import save_html as save_html
    from .regions import Region as Region
    from .regions import region as region
