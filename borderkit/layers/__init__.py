"""The Layer model, the standard layers and the palette they share."""

from . import palette as palette
from .merge import merge_layers as merge_layers
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
from .timed import displacement_layers as displacement_layers
from .timed import flow_lines_layer as flow_lines_layer
from .timed import flow_symbols_layer as flow_symbols_layer
from .timed import stocks_layer as stocks_layer
