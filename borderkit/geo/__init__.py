"""Loaders and analysis: border line, countries, administrative units, crossings, corridors."""

from .admin import load_admin_units as load_admin_units
from .border import load_border as load_border
from .corridors import border_length_by_unit as border_length_by_unit
from .corridors import border_segments as border_segments
from .corridors import border_zone as border_zone
from .corridors import snap_crossings as snap_crossings
from .countries import load_countries as load_countries
from .crossings import load_crossings as load_crossings
