"""Country outlines: bundled for the curated regions, any country on request."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

from .. import _http
from ..errors import DataReadError, SchemaError
from . import _data

#: The bundled outlines' own source for the whole world (OpenStreetMap land
#: borders by geo-maps 0.6.0, ~100 m): fetched once, cached, when a region
#: needs a country the bundle does not hold. Same data as the bundle, so the
#: outlines of any two neighbours meet as the bundled ones do.
WORLD_OUTLINES_URL = "https://github.com/simonepri/geo-maps/releases/download/v0.6.0/countries-land-100m.geo.json"
WORLD_OUTLINES_SOURCE = "geo-maps countries-land-100m 0.6.0 (OpenStreetMap, ODbL)"
# GeoJSON objects in the world file exceed GDAL's default 200 MB object limit.
_GDAL_GEOJSON_LIMIT = "OGR_GEOJSON_MAX_OBJ_SIZE"


@cache
def _bundled_countries() -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(_data.data_path("countries.geojson"))


def bundled_codes() -> list[str]:
    """Return the ISO3 codes of the countries whose outlines are bundled.

    Examples
    --------
    >>> bundled_codes()
    ['AFG', 'PAK', 'IRN']
    """
    return _bundled_countries()["iso3"].tolist()


def _codes(countries: Sequence[str] | str) -> list[str]:
    if isinstance(countries, str):
        countries = [countries]
    codes = [str(c).strip().upper() for c in countries]
    bad = [c for c in codes if len(c) != 3 or not c.isalpha()]
    if bad:
        msg = f"country codes must be ISO 3166-1 alpha-3 (e.g. 'AFG'), got {bad}"
        raise SchemaError(msg)
    return codes


def _read_world(path: Path, codes: list[str], where: str) -> gpd.GeoDataFrame:
    """Read the outlines of ``codes`` (property ``A3``) from a geo-maps world file."""
    quoted = ", ".join(f"'{c}'" for c in codes)
    previous = os.environ.get(_GDAL_GEOJSON_LIMIT)
    os.environ[_GDAL_GEOJSON_LIMIT] = "0"
    try:
        frame = pyogrio.read_dataframe(path, where=f"A3 IN ({quoted})", columns=["A3"])
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        msg = (
            f"{where} is not a readable world outline file ({exc}); delete it and try again, "
            "or pass source= the path of a GeoJSON with an 'A3' column of ISO3 codes"
        )
        raise DataReadError(msg) from None
    finally:
        if previous is None:
            os.environ.pop(_GDAL_GEOJSON_LIMIT, None)
        else:
            os.environ[_GDAL_GEOJSON_LIMIT] = previous
    if frame.crs is None:
        frame = frame.set_crs(4326)
    rows = []
    for code in codes:
        geoms = frame.loc[frame["A3"] == code, "geometry"]
        if geoms.empty:
            continue
        geom = shapely.union_all(geoms.to_numpy())
        if not geom.is_valid:
            geom = shapely.make_valid(geom, method="structure")
        rows.append({"iso3": code, "name": code, "source": "osm-geo-maps", "geometry": geom})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=frame.crs) if rows else frame.iloc[:0]
    return out.to_crs(4326)


def load_countries(
    countries: Sequence[str] | str = ("AFG", "PAK"),
    *,
    source: str | Path = "bundled",
    url: str | None = None,
) -> gpd.GeoDataFrame:
    """Load country outlines.

    The outlines come from OpenStreetMap (geo-maps ``countries-land-100m``
    0.6.0, ~100 m resolution, ODbL). Afghanistan, Pakistan and Iran are
    bundled (repaired when the data was built: every polygon is valid); any
    other country comes from the same world file, fetched once through the
    cache when ``source="online"``, so the outlines of two neighbours meet
    as the bundled ones do.

    Parameters
    ----------
    countries : sequence of str, or str
        ISO 3166-1 alpha-3 codes.
    source : str or pathlib.Path, default "bundled"
        ``"bundled"``, ``"online"`` (the world file, fetched and cached; needs
        the network once) or the path of a local copy of that world file (a
        GeoJSON with an ``A3`` column).
    url : str, optional
        Where ``source="online"`` fetches the world file; default
        :data:`WORLD_OUTLINES_URL`.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso3``, ``name``, ``source``, ``geometry`` (MultiPolygon,
        EPSG:4326), one row per country in the order asked.

    Raises
    ------
    SchemaError
        If a code is not ISO3, or not in the source.
    OfflineError, SourceUnavailableError
        For ``source="online"`` when the file cannot be fetched.

    Examples
    --------
    >>> import borderkit as bk
    >>> bk.load_countries()["iso3"].tolist()
    ['AFG', 'PAK']
    """
    codes = _codes(countries)
    if isinstance(source, str) and source == "bundled":
        frame = _bundled_countries()
        missing = sorted(set(codes) - set(frame["iso3"]))
        if missing:
            msg = (
                f"no bundled outline for {', '.join(missing)}; the bundle holds "
                f"{', '.join(frame['iso3'])}. Pass source='online' to fetch the same OpenStreetMap "
                "outlines for any country (once, then cached), or source= a local copy of "
                "countries-land-100m.geo.json"
            )
            raise SchemaError(msg)
        out = frame.set_index("iso3").loc[codes].reset_index()
        return gpd.GeoDataFrame(out, geometry="geometry", crs=frame.crs)
    if isinstance(source, str) and source == "online":
        target = url or WORLD_OUTLINES_URL
        path = _http.download(
            target,
            source=WORLD_OUTLINES_SOURCE,
            suffix=".geojson",
            local_hint=(
                f"Download {WORLD_OUTLINES_URL} yourself and pass its path: "
                "load_countries(..., source='countries-land-100m.geo.json')."
            ),
        )
        where = f"the cached world outlines {path} (from {target})"
    else:
        path = Path(source)
        if not path.is_file():
            msg = f"country outline file {path} does not exist; pass 'bundled', 'online' or a file path"
            raise DataReadError(msg)
        where = str(path)
    frame = _read_world(path, codes, where)
    missing = [c for c in codes if c not in set(frame["iso3"])]
    if missing:
        msg = f"{where} holds no outline for {', '.join(missing)} (column A3); check the ISO3 codes"
        raise SchemaError(msg)
    names = dict(zip(_bundled_countries()["iso3"], _bundled_countries()["name"], strict=True))
    frame["name"] = [names.get(c, c) for c in frame["iso3"]]
    return frame.set_index("iso3").loc[codes].reset_index()
