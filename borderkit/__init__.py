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

from typing import TYPE_CHECKING

from . import settings as settings
from ._lazy import attach
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
    "crossing_status": "borderkit.geo",
    "load_crossing_status": "borderkit.geo",
    "open_crossings": "borderkit.geo",
    # displacement
    "distance_to_nearest_crossing": "borderkit.geo",
    "dtm_stocks": "borderkit.geo",
    "fetch_dtm": "borderkit.geo",
    "fetch_unhcr": "borderkit.geo",
    "flows_around_closures": "borderkit.geo",
    "flows_by_crossing": "borderkit.geo",
    "flows_by_province": "borderkit.geo",
    "flows_since": "borderkit.geo",
    "load_flows": "borderkit.geo",
    "load_stocks": "borderkit.geo",
    "select_finest": "borderkit.geo",
    "check_population_types": "borderkit.geo",
    "default_population_type": "borderkit.geo",
    "select_population_type": "borderkit.geo",
    "stocks_by_unit": "borderkit.geo",
    "unhcr_flows": "borderkit.geo",
    "unhcr_stocks": "borderkit.geo",
    "population_by_distance_band": "borderkit.geo",
    "load_buildings": "borderkit.geo",
    "original_columns": "borderkit.geo",
    "with_attribution": "borderkit.geo.sources",
    # the layer model
    "frame_layer": "borderkit.layers",
    "Layer": "borderkit.layers",
    "LegendEntry": "borderkit.layers",
    # renderers (maps)
    "export": "borderkit.maps.export",
    "figure": "borderkit.maps.figure",
    "flows_figure": "borderkit.maps.figure",
    "make_map": "borderkit.maps.folium_map",
    "render": "borderkit.maps.folium_map",
    "save_html": "borderkit.maps.folium_map",
}
_SUBMODULES = ("errors", "geo", "layers", "maps")
__getattr__, __dir__, __all__ = attach(__name__, _EXPORTS, _SUBMODULES)
__all__ += ["__version__", "settings"]


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from . import errors as errors
    from . import geo as geo
    from . import layers as layers
    from . import maps as maps
    from .geo import border_length_by_unit as border_length_by_unit
    from .geo import border_segments as border_segments
    from .geo import border_zone as border_zone
    from .geo import check_population_types as check_population_types
    from .geo import crossing_status as crossing_status
    from .geo import default_population_type as default_population_type
    from .geo import distance_raster as distance_raster
    from .geo import distance_to_border as distance_to_border
    from .geo import distance_to_nearest_crossing as distance_to_nearest_crossing
    from .geo import dtm_stocks as dtm_stocks
    from .geo import elevation_profile as elevation_profile
    from .geo import events_by_period as events_by_period
    from .geo import events_by_segment as events_by_segment
    from .geo import events_by_unit as events_by_unit
    from .geo import fetch_acled as fetch_acled
    from .geo import fetch_dtm as fetch_dtm
    from .geo import fetch_ucdp as fetch_ucdp
    from .geo import fetch_unhcr as fetch_unhcr
    from .geo import filter_events as filter_events
    from .geo import flows_around_closures as flows_around_closures
    from .geo import flows_by_crossing as flows_by_crossing
    from .geo import flows_by_province as flows_by_province
    from .geo import flows_since as flows_since
    from .geo import load_admin_units as load_admin_units
    from .geo import load_border as load_border
    from .geo import load_buildings as load_buildings
    from .geo import load_countries as load_countries
    from .geo import load_crossing_status as load_crossing_status
    from .geo import load_crossings as load_crossings
    from .geo import load_events as load_events
    from .geo import load_flows as load_flows
    from .geo import load_settlements as load_settlements
    from .geo import load_stocks as load_stocks
    from .geo import nearest_crossing as nearest_crossing
    from .geo import network_distance_to_crossing as network_distance_to_crossing
    from .geo import open_crossings as open_crossings
    from .geo import original_columns as original_columns
    from .geo import population_by_distance_band as population_by_distance_band
    from .geo import population_within as population_within
    from .geo import reach_zones as reach_zones
    from .geo import select_finest as select_finest
    from .geo import select_population_type as select_population_type
    from .geo import snap_crossings as snap_crossings
    from .geo import stocks_by_unit as stocks_by_unit
    from .geo import summarise_by_crossing as summarise_by_crossing
    from .geo import unhcr_flows as unhcr_flows
    from .geo import unhcr_stocks as unhcr_stocks
    from .geo import within as within
    from .geo.sources import with_attribution as with_attribution
    from .layers import Layer as Layer
    from .layers import LegendEntry as LegendEntry
    from .layers import frame_layer as frame_layer
    from .maps.export import export as export
    from .maps.figure import figure as figure
    from .maps.figure import flows_figure as flows_figure
    from .maps.folium_map import make_map as make_map
    from .maps.folium_map import render as render
    from .maps.folium_map import save_html as save_html
    from .regions import Region as Region
    from .regions import region as region
