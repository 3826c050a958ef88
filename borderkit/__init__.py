"""borderkit: map a border region, its crossings, the districts on both sides and events.

Its first region is the Afghanistan-Pakistan border (the Durand Line)::

    import borderkit as bk
    border = bk.load_border()
    bk.save_html(bk.make_map(), "durand_line.html")
"""

from . import geo as geo
from . import layers as layers
from . import maps as maps
from . import settings as settings
from ._version import __version__ as __version__
from .region import Region as Region
from .region import region as region
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
from .maps import export as export
from .maps import figure as figure
from .maps import make_map as make_map
from .maps import render as render
from .maps import save_html as save_html
