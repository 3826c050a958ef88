"""Country outlines."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import geopandas as gpd
import pyogrio

from ..errors import SchemaError
from . import _data


@cache
def _bundled_countries() -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(_data.data_path("countries.geojson"))


def load_countries(countries: Sequence[str] = ("AFG", "PAK")) -> gpd.GeoDataFrame:
    """Load the bundled country outlines.

    The outlines come from OpenStreetMap (npm ``@geo-maps/countries-land-100m``
    0.6.0, ~100 m resolution, ODbL) and were repaired when the data was built:
    every polygon is valid.

    Parameters
    ----------
    countries : sequence of str
        ISO 3166-1 alpha-3 codes; the bundle holds ``"AFG"`` and ``"PAK"``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso3``, ``name``, ``source``, ``geometry`` (MultiPolygon,
        EPSG:4326), one row per country in the order asked.

    Raises
    ------
    SchemaError
        If a code is not in the bundle.

    Examples
    --------
    >>> import borderkit as bk
    >>> bk.load_countries()["iso3"].tolist()
    ['AFG', 'PAK']
    """
    frame = _bundled_countries()
    codes = [c.upper() for c in countries]
    missing = sorted(set(codes) - set(frame["iso3"]))
    if missing:
        msg = f"no bundled outline for {', '.join(missing)}; the bundle holds {', '.join(frame['iso3'])}"
        raise SchemaError(msg)
    out = frame.set_index("iso3").loc[codes].reset_index()
    return gpd.GeoDataFrame(out, geometry="geometry", crs=frame.crs)
