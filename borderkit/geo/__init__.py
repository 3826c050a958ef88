"""Loaders and analysis: border line, countries, administrative units, crossings, corridors.

Every name below is imported on first use (see :mod:`borderkit._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "load_admin_units": "borderkit.geo.admin",
    "load_border": "borderkit.geo.border",
    "border_length_by_unit": "borderkit.geo.corridors",
    "border_segments": "borderkit.geo.corridors",
    "border_zone": "borderkit.geo.corridors",
    "snap_crossings": "borderkit.geo.corridors",
    "load_countries": "borderkit.geo.countries",
    "load_crossings": "borderkit.geo.crossings",
    "events_by_period": "borderkit.geo.events",
    "events_by_segment": "borderkit.geo.events",
    "events_by_unit": "borderkit.geo.events",
    "fetch_acled": "borderkit.geo.events",
    "fetch_ucdp": "borderkit.geo.events",
    "filter_events": "borderkit.geo.events",
    "load_events": "borderkit.geo.events",
    "normalise_acled": "borderkit.geo.events",
    "normalise_ucdp": "borderkit.geo.events",
    "original_columns": "borderkit.geo.events",
    "network_distance_to_crossing": "borderkit.geo.network",
    "distance_to_border": "borderkit.geo.proximity",
    "nearest_crossing": "borderkit.geo.proximity",
    "summarise_by_crossing": "borderkit.geo.proximity",
    "within": "borderkit.geo.proximity",
    "distance_raster": "borderkit.geo.raster",
    "elevation_profile": "borderkit.geo.elevation",
    "population_within": "borderkit.geo.raster",
    "reach_zones": "borderkit.geo.reach",
    "load_settlements": "borderkit.geo.settlements",
    "crossing_status": "borderkit.geo.status",
    "open_crossings": "borderkit.geo.status",
    "load_crossing_status": "borderkit.geo.status",
    "load_flows": "borderkit.geo.displacement",
    "load_stocks": "borderkit.geo.displacement",
    "fetch_unhcr": "borderkit.geo.displacement",
    "unhcr_stocks": "borderkit.geo.displacement",
    "unhcr_flows": "borderkit.geo.displacement",
    "fetch_dtm": "borderkit.geo.displacement",
    "dtm_stocks": "borderkit.geo.displacement",
    "flows_by_crossing": "borderkit.geo.displacement",
    "flows_since": "borderkit.geo.displacement",
    "flows_by_province": "borderkit.geo.displacement",
    "flows_around_closures": "borderkit.geo.displacement",
    "distance_to_nearest_crossing": "borderkit.geo.displacement",
    "select_finest": "borderkit.geo.displacement",
    "check_population_types": "borderkit.geo.displacement",
    "default_population_type": "borderkit.geo.displacement",
    "select_population_type": "borderkit.geo.displacement",
    "stocks_by_unit": "borderkit.geo.displacement",
    "population_by_distance_band": "borderkit.geo.zonal",
    "load_buildings": "borderkit.geo.buildings",
}
__getattr__, __dir__, __all__ = attach(__name__, _NAMES)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .admin import load_admin_units as load_admin_units
    from .border import load_border as load_border
    from .buildings import load_buildings as load_buildings
    from .corridors import border_length_by_unit as border_length_by_unit
    from .corridors import border_segments as border_segments
    from .corridors import border_zone as border_zone
    from .corridors import snap_crossings as snap_crossings
    from .countries import load_countries as load_countries
    from .crossings import load_crossings as load_crossings
    from .displacement import check_population_types as check_population_types
    from .displacement import default_population_type as default_population_type
    from .displacement import distance_to_nearest_crossing as distance_to_nearest_crossing
    from .displacement import dtm_stocks as dtm_stocks
    from .displacement import fetch_dtm as fetch_dtm
    from .displacement import fetch_unhcr as fetch_unhcr
    from .displacement import flows_around_closures as flows_around_closures
    from .displacement import flows_by_crossing as flows_by_crossing
    from .displacement import flows_by_province as flows_by_province
    from .displacement import flows_since as flows_since
    from .displacement import load_flows as load_flows
    from .displacement import load_stocks as load_stocks
    from .displacement import select_finest as select_finest
    from .displacement import select_population_type as select_population_type
    from .displacement import stocks_by_unit as stocks_by_unit
    from .displacement import unhcr_flows as unhcr_flows
    from .displacement import unhcr_stocks as unhcr_stocks
    from .elevation import elevation_profile as elevation_profile
    from .events import events_by_period as events_by_period
    from .events import events_by_segment as events_by_segment
    from .events import events_by_unit as events_by_unit
    from .events import fetch_acled as fetch_acled
    from .events import fetch_ucdp as fetch_ucdp
    from .events import filter_events as filter_events
    from .events import load_events as load_events
    from .events import normalise_acled as normalise_acled
    from .events import normalise_ucdp as normalise_ucdp
    from .events import original_columns as original_columns
    from .network import network_distance_to_crossing as network_distance_to_crossing
    from .proximity import distance_to_border as distance_to_border
    from .proximity import nearest_crossing as nearest_crossing
    from .proximity import summarise_by_crossing as summarise_by_crossing
    from .proximity import within as within
    from .raster import distance_raster as distance_raster
    from .raster import population_within as population_within
    from .reach import reach_zones as reach_zones
    from .settlements import load_settlements as load_settlements
    from .status import crossing_status as crossing_status
    from .status import load_crossing_status as load_crossing_status
    from .status import open_crossings as open_crossings
    from .zonal import population_by_distance_band as population_by_distance_band
