"""The Layer model, the standard layers and the palette they share.

The displacement layers (:mod:`borderkit.layers.timed`) and
:func:`merge_layers` are imported on first use (see :mod:`borderkit._lazy`):
a map without flows or stocks, or of one region, does not load them.
"""

from typing import TYPE_CHECKING

from .._lazy import attach
from . import palette as palette
from .model import Layer as Layer
from .model import LegendEntry as LegendEntry
from .standard import border_layer as border_layer
from .standard import corridors_layer as corridors_layer
from .standard import countries_layer as countries_layer
from .standard import crossings_layer as crossings_layer
from .standard import default_layers as default_layers
from .standard import drop_small_holes as drop_small_holes
from .standard import frame_layer as frame_layer
from .standard import major_places as major_places
from .standard import provinces_layer as provinces_layer
from .standard import reach_layer as reach_layer
from .standard import settlements_layer as settlements_layer
from .standard import zone_layer as zone_layer

_LAZY = {
    "merge_layers": "borderkit.layers.merge",
    "displacement_layers": "borderkit.layers.timed",
    "flow_lines_layer": "borderkit.layers.timed",
    "flow_symbols_layer": "borderkit.layers.timed",
    "stocks_layer": "borderkit.layers.timed",
}
__getattr__, __dir__, _lazy_names = attach(__name__, _LAZY)
__all__ = [
    "Layer",
    "LegendEntry",
    "border_layer",
    "corridors_layer",
    "countries_layer",
    "crossings_layer",
    "default_layers",
    "drop_small_holes",
    "frame_layer",
    "major_places",
    "palette",
    "provinces_layer",
    "reach_layer",
    "settlements_layer",
    "zone_layer",
    *_lazy_names,
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .merge import merge_layers as merge_layers
    from .timed import displacement_layers as displacement_layers
    from .timed import flow_lines_layer as flow_lines_layer
    from .timed import flow_symbols_layer as flow_symbols_layer
    from .timed import stocks_layer as stocks_layer
