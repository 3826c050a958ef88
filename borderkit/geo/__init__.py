"""Loaders and analysis: border line, countries, administrative units, crossings, corridors."""

from .admin import load_admin_units as load_admin_units
from .border import load_border as load_border
from .corridors import border_length_by_unit as border_length_by_unit
from .corridors import border_segments as border_segments
from .corridors import border_zone as border_zone
from .corridors import snap_crossings as snap_crossings
from .countries import load_countries as load_countries
from .crossings import load_crossings as load_crossings
from .network import network_distance_to_crossing as network_distance_to_crossing
from .proximity import distance_to_border as distance_to_border
from .proximity import nearest_crossing as nearest_crossing
from .proximity import summarise_by_crossing as summarise_by_crossing
from .proximity import within as within
from .raster import distance_raster as distance_raster
from .raster import elevation_profile as elevation_profile
from .raster import population_within as population_within
from .raster import reach_zones as reach_zones
from .settlements import load_settlements as load_settlements
