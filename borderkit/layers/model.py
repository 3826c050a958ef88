"""The Layer model: a frame plus renderer-neutral styling and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd

from ..geo import sources


@dataclass(frozen=True)
class LegendEntry:
    """One line of a map legend.

    Attributes
    ----------
    label : str
        Text shown next to the symbol.
    color : str
        CSS colour of the symbol.
    symbol : str
        ``"line"``, ``"dashed-line"``, ``"fill"`` or ``"circle"``.
    """

    label: str
    color: str
    symbol: str = "fill"


@dataclass
class Layer:
    """A named, styled frame that any renderer (Folium map, figure, export) can draw.

    Attributes
    ----------
    name : str
        Label shown in layer controls and legends.
    frame : geopandas.GeoDataFrame
        The features, EPSG:4326.
    kind : str
        ``"polygon"``, ``"line"`` or ``"point"``.
    style : dict
        Renderer-neutral style: ``color`` (stroke), ``color_from`` (a column
        holding each feature's stroke colour), ``weight`` (stroke width
        in px), ``opacity``, ``fill_color``, ``fill_color_from`` (a column holding
        each feature's fill colour), ``fill_opacity``, ``dash``
        (e.g. ``"6 4"``) and, for points, ``radius`` (px) or ``radius_from``
        (a column holding each point's radius in px).
    tooltip : list of (column, label)
        Fields shown on hover.
    popup : list of (column, label)
        Fields shown on click.
    legend : list of LegendEntry
        What the legend shows for this layer (may be empty).
    attribution : str
        Credit for the sources drawn; by default built from the frame's
        ``source`` column through the source catalogue.
    group : str
        Layer-control group (``"base"``, ``"boundaries"``, ...).
    show : bool
        Whether the layer is on when the map opens.
    citations : list of str
        Popup columns that hold citations (``Publisher, "Title", date, URL``):
        an HTML map shows each as a short linked label with the full
        reference on hover.
    time_counts : dict or None
        For a layer a map's time control re-colours: event counts per
        feature and month (``months``, ``counts``, ``length_km``) and the
        classes to colour them by (``uppers``, ``colors``, ``none``).
    histories : list of str
        Popup columns that hold a list of changes, each a dict with ``date``,
        ``label`` and ``citation``: an HTML map shows each change as one
        compact line, its citation a short link.
    time_style : dict or None
        For a layer a map's time slider re-styles, one entry per feature
        (aligned with ``frame``): ``kind`` (``"status"``, ``"flows"``,
        ``"flowlines"`` or ``"stocks"``), ``features`` (per feature: status
        intervals ``[start_day, end_day or null, class]``, flow rows
        ``[start_day, end_day, count]`` or stock figures ``[day, count]``;
        days since 1970-01-01, ends inclusive) and what the kind needs to
        draw them (``colors``, ``labels``, ``uppers``, ``max_px``); ``extent``
        (first and last day) when the layer needs a time slider.
    """

    name: str
    frame: gpd.GeoDataFrame
    kind: str
    style: dict[str, object] = field(default_factory=dict)
    tooltip: list[tuple[str, str]] = field(default_factory=list)
    popup: list[tuple[str, str]] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    attribution: str = ""
    group: str = "boundaries"
    show: bool = True
    citations: list[str] = field(default_factory=list)
    time_counts: dict[str, Any] | None = None
    histories: list[str] = field(default_factory=list)
    time_style: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.kind not in {"polygon", "line", "point"}:
            msg = f"Layer {self.name!r}: kind must be 'polygon', 'line' or 'point', not {self.kind!r}"
            raise ValueError(msg)
        wanted = [c for c, _ in [*self.tooltip, *self.popup]] + list(self.citations) + list(self.histories)
        missing = [c for c in wanted if c not in self.frame.columns]
        if missing:
            msg = f"Layer {self.name!r}: tooltip/popup columns {missing} are not in its frame"
            raise ValueError(msg)
        if not self.attribution and "source" in self.frame.columns:
            keys = sorted(self.frame["source"].dropna().astype(str).unique())
            self.attribution = "; ".join(sources.attribution(k) for k in keys)
