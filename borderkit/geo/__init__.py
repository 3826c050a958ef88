"""Loaders and analysis: border line, countries, administrative units."""

from .admin import load_admin_units as load_admin_units
from .border import load_border as load_border
from .countries import load_countries as load_countries
