"""Renderers: the Folium HTML map, the static figure and file exports, all drawing Layers."""

from .export import export as export
from .figure import figure as figure
from .folium_map import make_map as make_map
from .folium_map import render as render
from .folium_map import save_html as save_html
