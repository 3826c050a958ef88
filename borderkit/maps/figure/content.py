"""What the figure draws: a region's frames, its default title, and the corridors too short to label."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd

from ...errors import CRSError
from ...geo import distance_to_border, load_settlements
from ...geo.corridors import border_segments
from ...regions import Region
from ._common import DEFAULT_TITLE, SETTLEMENTS_KM, _Data


def _load(region: Region, crossings: gpd.GeoDataFrame | None, settlements: bool | gpd.GeoDataFrame) -> _Data:
    """Take the frames to draw from the region (its own crossings unless others are given)."""
    border = region.border
    segments = region.segments
    if crossings is None:
        crossings = region.crossings
    elif not isinstance(crossings, gpd.GeoDataFrame) or crossings.crs is None:
        msg = "crossings must be a GeoDataFrame with a CRS, as from bk.load_crossings()"
        raise CRSError(msg)
    else:
        segments = None
    crossings = crossings.to_crs(4326)
    status = crossings["status"] if "status" in crossings.columns else pd.Series("unknown", crossings.index)
    crossings = crossings.assign(
        status=status.fillna("unknown").astype(str).str.strip().replace("", "unknown"),
        as_of=crossings["as_of"].fillna("") if "as_of" in crossings.columns else "",
    )
    if segments is None and len(crossings):
        segments = border_segments(border, crossings)
    places = None
    if settlements is True:
        if region.settlements is not None and region.settlements_km == SETTLEMENTS_KM:
            places = region.settlements
        else:
            places = load_settlements("geonames", countries=list(region.codes))
            places = places[distance_to_border(places, border) <= SETTLEMENTS_KM * 1000.0]
    elif isinstance(settlements, gpd.GeoDataFrame):
        if settlements.crs is None:
            msg = "settlements has no CRS; set_crs('EPSG:4326') if its coordinates are lon/lat"
            raise CRSError(msg)
        places = settlements.to_crs(4326)
    elif settlements not in (False, None):
        msg = f"settlements must be True, False or a GeoDataFrame, not {type(settlements).__name__}"
        raise TypeError(msg)
    return _Data(
        border=border,
        countries=region.countries,
        provinces=region.provinces,
        crossings=crossings,
        segments=segments,
        places=places,
    )


def region_title(region: Region) -> str:
    """Return the default title of a region's figure, e.g. ``"The Afghanistan–Iran border"``.

    Examples
    --------
    >>> import borderkit as bk
    >>> region_title(bk.region()) == DEFAULT_TITLE
    True
    """
    if region.key == "AFG-PAK":
        return DEFAULT_TITLE
    names = dict(zip(region.countries["iso3"], region.countries["name"], strict=False))
    pair = "–".join(str(names.get(c, c)) for c in region.codes)
    generic = region.name.endswith(" border")
    return f"The {pair} border" + ("" if generic else f" ({region.name})")


def _corridor_text(row: Any) -> str:
    return f"{row.from_name}–{row.to_name}, {row.length_km:,.0f} km"


def _short_corridors(data: _Data, project: Any, metres_per_pt: float) -> set[str]:
    """Corridors too short on the page (at most this many metres a point) for their length label."""
    if data.segments is None:
        return set()
    short = set()
    for row in data.segments.itertuples():
        label_pt = 4.0 * len(f"{row.length_km:,.0f} km") + 12.0  # 6.8 pt italic, and a margin
        if project(row.geometry).length / metres_per_pt < label_pt:
            short.add(str(row.segment_id))
    return short
