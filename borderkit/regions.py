"""The Region: one object that knows a border region and feeds every renderer.

A :class:`Region` holds two neighbouring countries and everything borderkit
knows about the border between them: the outlines, the line, the crossings,
the admin units of each level, and, when given, settlements, events, flows
and stocks. It loads each lazily, once, and builds the standard
:class:`~borderkit.layers.Layer` objects once; the Folium map, the figure,
the exports and the command line all draw the same frames.

The module-level ``load_*`` functions stay for users who want one frame;
a Region is what they are assembled into::

    import borderkit as bk
    durand = bk.region()                  # Afghanistan-Pakistan, the bundled default
    west = bk.region("AFG", "IRN")        # Afghanistan-Iran, bundled too
    durand.border.length_km.iloc[0]       # the same frame every renderer draws
    durand.segments                       # corridors between crossings, computed once
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from .errors import CRSError, SchemaError
from .geo import (
    border_length_by_unit,
    border_segments,
    border_zone,
    distance_to_border,
    load_admin_units,
    load_border,
    load_countries,
    load_crossings,
    load_settlements,
)
from .geo.border import BORDER_NAMES
from .geo.countries import bundled_codes
from .layers import standard
from .layers.model import Layer

#: The default region: the Afghanistan-Pakistan border (the Durand Line).
DEFAULT_COUNTRIES = ("AFG", "PAK")

# Curated regions: pairs whose crossings (and timeline) the bundle carries.
CURATED = frozenset({"AFG-PAK", "AFG-IRN"})


def region_key(codes: Iterable[str]) -> str:
    """Return the canonical name of a pair of countries: ISO3 codes, sorted, joined by ``-``.

    Examples
    --------
    >>> region_key(["PAK", "AFG"])
    'AFG-PAK'
    """
    return "-".join(sorted(str(c).upper() for c in codes))


def _parse_codes(countries: Sequence[Any]) -> tuple[str, str]:
    if len(countries) == 1 and not isinstance(countries[0], str):
        countries = tuple(countries[0])
    if len(countries) == 1 and isinstance(countries[0], str) and "-" in countries[0]:
        countries = tuple(countries[0].split("-"))
    codes = tuple(str(c).strip().upper() for c in countries)
    if len(codes) != 2 or codes[0] == codes[1] or not all(len(c) == 3 and c.isalpha() for c in codes):
        msg = (
            f"a Region needs two different ISO 3166-1 alpha-3 country codes, e.g. Region('AFG', 'PAK') "
            f"or region('AFG-IRN'); got {list(countries)}"
        )
        raise SchemaError(msg)
    return codes[0], codes[1]


class Region:
    """A border region: two neighbouring countries and the border between them.

    Parameters
    ----------
    *countries : str
        Two ISO 3166-1 alpha-3 codes (``"AFG", "PAK"``), or one string
        ``"AFG-PAK"``. Default: Afghanistan and Pakistan.
    source : str or pathlib.Path, optional
        Where the country outlines come from (see
        :func:`~borderkit.geo.load_countries`): by default the bundle when it
        holds both countries (Afghanistan, Pakistan, Iran), else ``"online"``
        (the same OpenStreetMap outlines for any country, fetched once and
        cached).
    crossings : GeoDataFrame, str or pathlib.Path, optional
        The crossing points: a frame, a file for
        :func:`~borderkit.geo.load_crossings`, or by default the bundled
        crossings of this border (curated regions only; other borders have
        none until you give some).
    settlements : GeoDataFrame, str, pathlib.Path or False, optional
        Places to measure: by default the bundled GeoNames places within
        ``settlements_km`` of the line; ``False`` for none.
    events : GeoDataFrame, str or pathlib.Path, optional
        Events for the map and the corridor densities (a frame or a file for
        :func:`~borderkit.geo.load_events`).
    flows, stocks : DataFrame, str or pathlib.Path, optional
        Displacement flows (returns, deportations) and stocks (refugees): a
        frame, a file or ``"bundled"`` for
        :func:`~borderkit.geo.displacement.load_flows` /
        :func:`~borderkit.geo.displacement.load_stocks`. The map draws the
        flows through this border's crossings as proportional symbols (and
        lines to provinces of destination, where given) and the stocks as a
        choropleth of the country of asylum, all following its time slider.
    districts : GeoDataFrame, str or pathlib.Path, optional
        Admin level 2 units (a frame, or a file for
        :func:`~borderkit.geo.load_admin_units`); stocks given by district
        are then shaded by district.
    population_type : str or sequence of str, optional
        The flows' population type(s) the map's circles and lines add up (see
        :func:`~borderkit.geo.displacement.select_population_type`; default:
        every type when none contains another, else the type with the most
        rows by crossing).
    zone_km : float, default 25.0
        Width of the standard zone on each side of the line, km.
    settlements_km : float, default 50.0
        Default settlements are those within this distance of the line, km.

    Examples
    --------
    >>> import borderkit as bk
    >>> r = bk.region()
    >>> r.key, r.name
    ('AFG-PAK', 'Durand Line')
    >>> r.border is r.border      # loaded once
    True
    """

    def __init__(
        self,
        *countries: str,
        source: str | Path | None = None,
        crossings: gpd.GeoDataFrame | str | Path | None = None,
        settlements: gpd.GeoDataFrame | str | Path | bool | None = None,
        events: gpd.GeoDataFrame | str | Path | None = None,
        flows: pd.DataFrame | str | Path | None = None,
        stocks: pd.DataFrame | str | Path | None = None,
        districts: gpd.GeoDataFrame | str | Path | None = None,
        population_type: str | Sequence[str] | None = None,
        zone_km: float = 25.0,
        settlements_km: float = 50.0,
    ) -> None:
        self.codes = _parse_codes(countries or DEFAULT_COUNTRIES)
        self.key = region_key(self.codes)
        if source is None:
            source = "bundled" if set(self.codes) <= set(bundled_codes()) else "online"
        self.source = source
        self._crossings_arg = crossings
        self._settlements_arg = settlements
        self._events_arg = events
        self._flows_arg = flows
        self._stocks_arg = stocks
        self._districts_arg = districts
        self.population_type = population_type
        self.zone_km = float(zone_km)
        self.settlements_km = float(settlements_km)
        self._zones: dict[tuple[float, str | None], gpd.GeoDataFrame] = {}
        self._admin: dict[int, gpd.GeoDataFrame] = {}

    def __repr__(self) -> str:
        return f"Region({self.codes[0]!r}, {self.codes[1]!r})  # {self.name}"

    # ------------------------------------------------------------------ identity

    @property
    def name(self) -> str:
        """The border's name, e.g. ``"Durand Line"``."""
        return BORDER_NAMES.get(frozenset(self.codes), f"{self.codes[0]}-{self.codes[1]} border")

    @property
    def title(self) -> str:
        """A title for maps and figures, e.g. ``"The Afghanistan-Pakistan border (Durand Line)"``."""
        names = dict(zip(self.countries["iso3"], self.countries["name"], strict=True))
        title = f"The {names[self.codes[0]]}-{names[self.codes[1]]} border"
        special = BORDER_NAMES.get(frozenset(self.codes), "")
        return f"{title} ({special})" if special and "border" not in special else title

    @property
    def curated(self) -> bool:
        """Whether the bundle carries this border's crossings and timeline."""
        return self.key in CURATED and self.source == "bundled"

    # ------------------------------------------------------------------ frames, loaded once

    @cached_property
    def countries(self) -> gpd.GeoDataFrame:
        """The two countries' outlines (EPSG:4326)."""
        return load_countries(self.codes, source=self.source)

    @cached_property
    def border(self) -> gpd.GeoDataFrame:
        """The border line, one LineString from north to south (see :func:`~borderkit.geo.load_border`)."""
        return load_border(self.codes, source=self.source)

    @cached_property
    def crossings(self) -> gpd.GeoDataFrame:
        """The crossing points of this border (may be empty for borders the bundle does not curate)."""
        given = self._crossings_arg
        if isinstance(given, gpd.GeoDataFrame):
            if given.crs is None:
                msg = "crossings has no CRS; set_crs('EPSG:4326') if its coordinates are lon/lat"
                raise CRSError(msg)
            return given.to_crs(4326)
        if given is not None:
            return load_crossings(given, border=self.border)
        if not self.curated:
            return _empty_crossings()
        return load_crossings(border=self.key)

    def admin_units(self, level: int = 1, source: str | Path = "bundled") -> gpd.GeoDataFrame:
        """Admin units of both countries at ``level`` (loaded once per level from the bundle)."""
        if source != "bundled":
            return load_admin_units(level, source, countries=list(self.codes))
        if level not in self._admin:
            self._admin[level] = load_admin_units(level, countries=list(self.codes))
        return self._admin[level]

    @cached_property
    def provinces(self) -> gpd.GeoDataFrame:
        """Admin level 1 of both countries."""
        return self.admin_units(1)

    @cached_property
    def _places(self) -> tuple[gpd.GeoDataFrame | None, pd.Series | None]:
        """The settlements, and their distance to the line (m) when it was measured to choose them."""
        given = self._settlements_arg
        if given is False:
            return None, None
        if isinstance(given, gpd.GeoDataFrame):
            return given, None
        if isinstance(given, str | Path):
            return load_settlements(given), None
        places = load_settlements("geonames", countries=list(self.codes))
        to_border_m = distance_to_border(places, self.border)
        near = to_border_m <= self.settlements_km * 1000.0
        return places[near], to_border_m[near]

    @property
    def settlements(self) -> gpd.GeoDataFrame | None:
        """Places near the line: GeoNames within ``settlements_km`` by default, or the frame given."""
        return self._places[0]

    @cached_property
    def events(self) -> gpd.GeoDataFrame | None:
        """The events given to the region (a frame, or loaded from the file given), or None."""
        given = self._events_arg
        if given is None or isinstance(given, gpd.GeoDataFrame):
            return given
        from .geo import load_events

        return load_events(given)

    @cached_property
    def flows(self) -> pd.DataFrame | None:
        """The flows given to the region (a frame, or loaded from the file or "bundled"), or None."""
        given = self._flows_arg
        if given is None or isinstance(given, pd.DataFrame):
            return given
        from .geo.displacement import load_flows

        return load_flows(given)

    @cached_property
    def stocks(self) -> pd.DataFrame | None:
        """The stocks given to the region (a frame, or loaded from the file or "bundled"), or None."""
        given = self._stocks_arg
        if given is None or isinstance(given, pd.DataFrame):
            return given
        from .geo.displacement import load_stocks

        return load_stocks(given)

    @cached_property
    def districts(self) -> gpd.GeoDataFrame | None:
        """The districts given to the region (admin level 2), or None."""
        given = self._districts_arg
        if given is None or isinstance(given, gpd.GeoDataFrame):
            return given
        return load_admin_units(2, given, countries=list(self.codes))

    @cached_property
    def status_history(self) -> pd.DataFrame | None:
        """The bundled status history of this border's crossings (curated regions), or None."""
        if not self.curated or self._crossings_arg is not None or self.crossings.empty:
            return None
        from .geo.status import load_crossing_status

        history = load_crossing_status()
        return history[history["crossing_id"].isin(set(self.crossings["crossing_id"]))]

    @cached_property
    def segments(self) -> gpd.GeoDataFrame | None:
        """Corridors between the crossings, north to south; None without crossings."""
        if self.crossings.empty:
            return None
        return border_segments(self.border, self.crossings)

    @cached_property
    def length_by_unit(self) -> gpd.GeoDataFrame:
        """Kilometres of border in each province, on each side."""
        return border_length_by_unit(self.border, self.provinces)

    def zone(self, distance_km: float | None = None, *, side: str | None = None) -> gpd.GeoDataFrame:
        """Return the zone within ``distance_km`` of the line (default ``zone_km``), built once per width."""
        km = self.zone_km if distance_km is None else float(distance_km)
        key = (km, side)
        if key not in self._zones:
            self._zones[key] = border_zone(self.border, km, side=side)
        return self._zones[key]

    # ------------------------------------------------------------------ layers, built once

    def _displacement_layers(self) -> list[Layer]:
        if self.flows is None and self.stocks is None:
            return []  # without loading the displacement modules (most maps have neither)
        from .layers.timed import displacement_layers

        return displacement_layers(
            flows=self.flows,
            stocks=self.stocks,
            crossings=self.crossings,
            provinces=self.provinces,
            districts=self.districts,
            codes=self.codes,
            population_type=self.population_type,
        )

    @cached_property
    def layers(self) -> list[Layer]:
        """The standard layers of this region's map, built once and shared by every renderer.

        See :func:`borderkit.layers.standard.region_layers`: countries,
        provinces, the zone within ``zone_km`` and the discs of ``zone_km``
        around each crossing (both off at first), the corridors (shaded by
        events per 100 km when the region has events), the border, the
        settlements near the line and the crossings; with flows or stocks,
        their layers (:func:`borderkit.layers.timed.displacement_layers`).
        Crossings of a curated region carry their status history.
        """
        return self._layers_with(self.events, self._displacement_layers())

    def map_layers(
        self,
        *,
        events: gpd.GeoDataFrame | None = None,
        flows: pd.DataFrame | str | Path | None = None,
        stocks: pd.DataFrame | str | Path | None = None,
        population_type: str | Sequence[str] | None = None,
    ) -> list[Layer]:
        """Return :attr:`layers`, or the same with ``events``, ``flows`` or ``stocks`` other than its own.

        ``flows``, ``stocks`` and ``population_type`` take what
        :class:`Region` takes (a frame, a file or ``"bundled"``; the flows'
        population type(s) to draw).
        """
        same_events = events is None or events is self.events
        if same_events and flows is None and stocks is None and population_type is None:
            return self.layers
        other = self
        if flows is not None or stocks is not None or population_type is not None:
            other = Region(
                *self.codes,
                source=self.source,
                crossings=self._crossings_arg,
                settlements=False,
                flows=self._flows_arg if flows is None else flows,
                stocks=self._stocks_arg if stocks is None else stocks,
                districts=self._districts_arg,
                population_type=self.population_type if population_type is None else population_type,
            )
            # Share the frames already loaded (outlines, line, crossings, provinces): nothing is built twice.
            for name in (
                "countries",
                "border",
                "crossings",
                "provinces",
                "districts",
                "status_history",
                "segments",
            ):
                if name in self.__dict__:
                    other.__dict__[name] = self.__dict__[name]
        return self._layers_with(self.events if events is None else events, other._displacement_layers())

    def _layers_with(self, events: gpd.GeoDataFrame | None, extra: list[Layer]) -> list[Layer]:
        settlements, settlements_m = self._places
        return standard.region_layers(
            countries=self.countries,
            provinces=self.provinces,
            border=self.border,
            zone=self.zone(),
            crossings=self.crossings,
            segments=self.segments,
            settlements=settlements,
            settlements_border_m=settlements_m,
            events=events,
            reach_km=self.zone_km,
            history=self.status_history,
            extra=extra,
        )


def _empty_crossings() -> gpd.GeoDataFrame:
    columns = ["crossing_id", "name", "alt_names", "status", "kind", "pk_side", "af_side", "source", "as_of"]
    return gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns}, geometry=[], crs="EPSG:4326")


def region(*countries: str, **kwargs: Any) -> Region:
    """Return a :class:`Region`; with no arguments, the Afghanistan-Pakistan border.

    Parameters
    ----------
    *countries : str
        Two ISO3 codes or one ``"AFG-IRN"`` string; default ``"AFG", "PAK"``.
    **kwargs
        Passed to :class:`Region`.

    Examples
    --------
    >>> import borderkit as bk
    >>> bk.region("AFG-IRN").name
    'Afghanistan-Iran border'
    """
    return Region(*countries, **kwargs)
