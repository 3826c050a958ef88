"""Displacement across a border: flows (returns, deportations) and stocks (refugees), loaders and analysis."""

from .analysis import (
    distance_to_nearest_crossing as distance_to_nearest_crossing,
)
from .analysis import (
    flows_around_closures as flows_around_closures,
)
from .analysis import (
    flows_by_crossing as flows_by_crossing,
)
from .analysis import (
    flows_by_province as flows_by_province,
)
from .analysis import (
    flows_since as flows_since,
)
from .analysis import (
    read_status_history as read_status_history,
)
from .analysis import (
    select_finest as select_finest,
)
from .analysis import (
    stocks_by_unit as stocks_by_unit,
)
from .api import dtm_stocks as dtm_stocks
from .api import fetch_dtm as fetch_dtm
from .api import fetch_unhcr as fetch_unhcr
from .api import unhcr_flows as unhcr_flows
from .api import unhcr_stocks as unhcr_stocks
from .io import load_flows as load_flows
from .io import load_stocks as load_stocks
from .population import check_population_types as check_population_types
from .population import default_population_type as default_population_type
from .population import select_population_type as select_population_type
from .schema import FLOW_COLUMNS as FLOW_COLUMNS
from .schema import PRECISIONS as PRECISIONS
from .schema import STOCK_COLUMNS as STOCK_COLUMNS
