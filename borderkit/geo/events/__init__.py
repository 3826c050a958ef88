"""Events (armed clashes, attacks, incidents): ACLED and UCDP GED exports, any CSV, and analysis.

The package holds one job per module:

:mod:`~borderkit.geo.events.schema`
    The events schema (``event_id``, ``date``, ``event_type``, ``sub_type``,
    ``actors``, ``fatalities``, ``location``, ``precision``, ``notes``,
    ``source_dataset``, ``source_url``, then ``date_end`` and ``extra``),
    its dtypes (:data:`EVENT_DTYPES`, :func:`empty_events`), the one core
    every source passes through, and :func:`original_columns`.
:mod:`~borderkit.geo.events.checks`
    Vectorised conversion and checking of values (text, numbers, dates,
    coordinates, swapped axes), errors naming the rows.
:mod:`~borderkit.geo.events.files`
    Reading a CSV file in chunks (HXL row and encoding from the first bytes).
:mod:`~borderkit.geo.events.io`
    Reading files (ACLED, UCDP GED, any CSV; the bundled timeline) and the
    source normalisers :func:`normalise_acled` and :func:`normalise_ucdp`.
:mod:`~borderkit.geo.events.ucdp_api`, :mod:`~borderkit.geo.events.acled_api`
    The UCDP GED and ACLED web APIs (:func:`fetch_ucdp`, :func:`fetch_acled`);
    what they share (one page through :mod:`borderkit._http`, argument
    checks) is in ``_fetch``.
:mod:`~borderkit.geo.events.analysis`
    :func:`filter_events` and the counts along corridors
    (:func:`events_by_segment`), per unit (:func:`events_by_unit`) and per
    period (:func:`events_by_period`).

Bad input is never silently dropped: missing required columns are listed,
unparseable dates, coordinates, fatalities and precision codes fail with the
rows named, repeated event ids are reported (and dropped with a count only
when asked), and a file that is not UTF-8 is refused with the offset of the
first bad byte unless ``encoding=`` says how to read it.
"""

from ...errors import DataReadError as DataReadError
from ...errors import DuplicateEventsWarning as DuplicateEventsWarning
from ...errors import EmptyDataError as EmptyDataError
from ...errors import SchemaError as SchemaError
from ...errors import UnassignedEventsWarning as UnassignedEventsWarning
from .acled_api import fetch_acled as fetch_acled
from .analysis import events_by_period as events_by_period
from .analysis import events_by_segment as events_by_segment
from .analysis import events_by_unit as events_by_unit
from .analysis import filter_events as filter_events
from .io import load_events as load_events
from .io import normalise_acled as normalise_acled
from .io import normalise_ucdp as normalise_ucdp
from .schema import ACLED_DATASET as ACLED_DATASET
from .schema import ACLED_PRECISION as ACLED_PRECISION
from .schema import ACLED_URL as ACLED_URL
from .schema import EVENT_COLUMNS as EVENT_COLUMNS
from .schema import EVENT_DTYPES as EVENT_DTYPES
from .schema import PRECISION_CODES as PRECISION_CODES
from .schema import UCDP_DATASET as UCDP_DATASET
from .schema import UCDP_URL as UCDP_URL
from .schema import UCDP_VIOLENCE_TYPES as UCDP_VIOLENCE_TYPES
from .schema import empty_events as empty_events
from .schema import original_columns as original_columns
from .ucdp_api import fetch_ucdp as fetch_ucdp
