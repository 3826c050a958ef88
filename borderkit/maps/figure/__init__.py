"""A static map for a paper: matplotlib, in an equidistant projection, readable in black and white.

:func:`figure` draws the border, the provinces, the corridors between the
crossings with their lengths, the crossings (marker shape by status, names
labelled), optionally the settlements near the border, a scale bar, a north
arrow, a legend and the attribution of every source drawn.

The package holds one job per module:

- :mod:`~borderkit.maps.figure.composition`: :func:`figure` and
  :func:`save_figure`, which load the data, lay out the page and draw the
  countries, provinces, border, corridors, crossings and settlements;
- :mod:`~borderkit.maps.figure.content`: what a map figure draws, taken from
  a :class:`~borderkit.regions.Region` (its frames, loaded once);
- :mod:`~borderkit.maps.figure.flows`: the other kind of figure, returns per
  crossing per month with closures shaded (``figure(kind="flows")``);
- :mod:`~borderkit.maps.figure.labels`: the label placer, which puts names
  where they overlap neither each other nor what is drawn;
- :mod:`~borderkit.maps.figure.furniture`: the scale bar, the north arrow, the
  legend and the credits under the map;
- ``_common``: the style (greys, widths, marker shapes) and geometry helpers
  they share.
"""

from ._common import DEFAULT_TITLE as DEFAULT_TITLE
from ._common import FORMATS as FORMATS
from ._common import SETTLEMENT_LABELS as SETTLEMENT_LABELS
from ._common import SETTLEMENTS_KM as SETTLEMENTS_KM
from .composition import FigureInfo as FigureInfo
from .composition import figure as figure
from .composition import save_figure as save_figure
from .content import region_title as region_title
from .flows import FlowsFigureInfo as FlowsFigureInfo
from .flows import flows_figure as flows_figure
from .flows import region_flows_figure as region_flows_figure
from .flows import save_flows_figure as save_flows_figure
from .furniture import nice_length_km as nice_length_km
from .furniture import north_angle_deg as north_angle_deg
