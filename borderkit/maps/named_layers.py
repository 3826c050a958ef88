"""The named layers ``borderkit export`` writes (border, crossings, corridors, ...), built from a Region."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import geopandas as gpd

from ..errors import EmptyDataError
from ..layers import Layer
from .export import _frame_attribution

if TYPE_CHECKING:
    from ..regions import Region

LAYER_NAMES = (
    "border",
    "countries",
    "provinces",
    "crossings",
    "corridors",
    "border-by-unit",
    "zone",
    "settlements",
    "timeline",
)
"""The layers ``borderkit export`` knows, in the order ``all`` writes them."""


def _kind(frame: gpd.GeoDataFrame) -> str:
    types = set(frame.geom_type.dropna())
    if types and types <= {"Point", "MultiPoint"}:
        return "point"
    if types and types <= {"LineString", "MultiLineString"}:
        return "line"
    return "polygon"


TIMELINE_REGION = "AFG-PAK"
"""The region whose cited timeline the bundle carries (the ``timeline`` layer)."""


def named_layers(
    names: Sequence[str], *, zone_km: float = 25.0, region: Region | None = None
) -> dict[str, Layer]:
    """Build the layers ``borderkit export`` writes, from a region's frames, keyed by table name.

    Parameters
    ----------
    names : sequence of str
        Names among :data:`LAYER_NAMES`: ``border``, ``countries``,
        ``provinces`` (admin level 1), ``crossings``, ``corridors`` (the
        border between crossings, :func:`~borderkit.geo.border_segments`),
        ``border-by-unit`` (:func:`~borderkit.geo.border_length_by_unit` with
        the provinces), ``zone`` (:func:`~borderkit.geo.border_zone`),
        ``settlements`` (the region's: GeoNames places within its
        ``settlements_km`` of the line by default) and ``timeline`` (the
        bundled events of the Durand Line, or the region's events).
    zone_km : float, default 25.0
        Width of the zone on each side of the border, km.
    region : borderkit.Region, optional
        The border region whose frames are written, each loaded once by the
        Region; default :func:`borderkit.region` (Afghanistan-Pakistan).

    Returns
    -------
    dict of str -> Layer
        Keyed by the name with ``-`` made ``_`` (the GeoPackage table name).
        Derived layers carry the attribution of the data they were made from.

    Raises
    ------
    ValueError
        If a name is unknown.
    EmptyDataError
        If ``corridors`` or ``crossings`` is asked of a region without
        crossings, ``settlements`` of one built with ``settlements=False``,
        or ``timeline`` of a region other than the Durand Line's without events.

    Examples
    --------
    >>> import borderkit as bk
    >>> layers = named_layers(["border", "corridors"], region=bk.region("AFG-IRN"))  # doctest: +SKIP
    """
    from ..geo import load_events
    from ..regions import region as default_region

    unknown = [n for n in names if n not in LAYER_NAMES]
    if unknown:
        msg = f"unknown layer(s) {unknown}; choose among: {', '.join(LAYER_NAMES)}"
        raise ValueError(msg)
    region = default_region() if region is None else region
    cache: dict[str, gpd.GeoDataFrame] = {}

    def timeline() -> gpd.GeoDataFrame:
        if region.events is not None:
            return region.events
        if region.key != TIMELINE_REGION:
            msg = (
                f"the bundled timeline covers the Durand Line ({TIMELINE_REGION}) only, not {region.key}; "
                "give the region events (Region(..., events=FILE)) or leave the timeline out"
            )
            raise EmptyDataError(msg)
        return load_events("timeline")

    def settlements() -> gpd.GeoDataFrame:
        if region.settlements is None:
            msg = f"the region {region.key} was built without settlements (settlements=False)"
            raise EmptyDataError(msg)
        return region.settlements

    def get(key: str) -> gpd.GeoDataFrame:
        if key not in cache:
            loaders = {
                "border": lambda: region.border,
                "countries": lambda: region.countries,
                "provinces": lambda: region.provinces,
                "crossings": lambda: region.crossings,
                "settlements": settlements,
                "timeline": timeline,
            }
            cache[key] = loaders[key]()
        return cache[key]

    def credit(*keys: str) -> str:
        return "; ".join(dict.fromkeys(a for k in keys if (a := _frame_attribution(get(k)))))

    titles = {
        "border": f"Border line ({region.name})",
        "countries": "Countries",
        "provinces": "Provinces (admin level 1)",
        "crossings": "Crossing points",
        "corridors": "Border corridors between crossings",
        "border-by-unit": "Border length by province",
        "zone": f"Zone within {zone_km:g} km of the border",
        "settlements": f"Settlements within {region.settlements_km:g} km of the border (GeoNames)",
        "timeline": "Border timeline (curated events)",
    }
    out: dict[str, Layer] = {}
    for name in names:
        if name == "corridors":
            if region.segments is None:
                msg = f"the region {region.key} has no crossings, so no corridors; give it crossings"
                raise EmptyDataError(msg)
            frame, attribution = region.segments, credit("border", "crossings")
        elif name == "border-by-unit":
            frame, attribution = region.length_by_unit, credit("border", "provinces")
        elif name == "zone":
            frame, attribution = region.zone(zone_km), credit("border")
        else:
            frame, attribution = get(name), credit(name)
        out[name.replace("-", "_")] = Layer(
            name=titles[name], frame=frame, kind=_kind(frame), attribution=attribution
        )
    return out
