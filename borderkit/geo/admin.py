"""Administrative units (provinces, districts) on both sides of a border."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from pyproj import CRS

from .. import _http, settings
from ..errors import DataReadError, ResponseError, SchemaError
from . import _data
from ._validate import check_crs, read_vector, repair_geometries

ADMIN_COLUMNS = ["unit_id", "name", "level", "country", "parent", "source"]

# Column names used by the common publishers, tried in order.
_NAME_CANDIDATES = (
    "name",
    "shapeName",
    "NAME",
    "ADM{n}_EN",
    "adm{n}_name",
    "ADM{n}_NAME",
    "NAME_{n}",
    "admin{n}Name_en",
    "admin{n}Name",
    "shapename",
)
_ID_CANDIDATES = (
    "unit_id",
    "shapeID",
    "ADM{n}_PCODE",
    "adm{n}_pcode",
    "admin{n}Pcode",
    "GID_{n}",
    "pcode",
    "id",
    "ID",
)
_COUNTRY_CANDIDATES = ("country", "shapeGroup", "iso3", "ISO3", "GID_0", "adm0_a3", "ADM0_A3")
_PARENT_CANDIDATES = ("parent", "ADM{m}_PCODE", "adm{m}_pcode", "GID_{m}", "admin{m}Pcode")

_GB_HINT = (
    "Download the boundary yourself (https://www.geoboundaries.org, gbOpen) and pass its path: "
    "load_admin_units(level={level}, source='path/to/geoBoundaries-{iso3}-ADM{level}.geojson')"
)


def _schema_order(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Put the schema columns first, then the source's other columns, geometry last."""
    geom = frame.geometry.name
    rest = [c for c in frame.columns if c not in ADMIN_COLUMNS and c != geom]
    return frame[[*ADMIN_COLUMNS, *rest, geom]]


@cache
def _bundled_admin1() -> gpd.GeoDataFrame:
    return _schema_order(pyogrio.read_dataframe(_data.data_path("admin1.geojson")))


def _pick(columns: Sequence[str], candidates: Sequence[str], level: int) -> str | None:
    lookup = {c.lower(): c for c in columns}
    for cand in candidates:
        name = cand.format(n=level, m=max(level - 1, 0)).lower()
        if name in lookup:
            return lookup[name]
    return None


def _normalise(
    frame: gpd.GeoDataFrame,
    *,
    level: int,
    source: str,
    where: str,
    columns: Mapping[str, str] | None = None,
    countries: Sequence[str] | None = None,
) -> gpd.GeoDataFrame:
    """Map a frame's columns onto the admin-units schema (the one core of every source)."""
    columns = dict(columns or {})
    unknown = set(columns) - set(ADMIN_COLUMNS)
    if unknown:
        msg = f"columns= maps unknown schema fields {sorted(unknown)}; use some of {ADMIN_COLUMNS}"
        raise SchemaError(msg)
    found = list(frame.columns)
    name_col = columns.get("name") or _pick(found, _NAME_CANDIDATES, level)
    if name_col is None:
        msg = (
            f"{where} has no column of unit names (looked for name, shapeName, ADM{level}_EN, "
            f"NAME_{level}, ...); its columns are {[c for c in found if c != frame.geometry.name]}. "
            "Pass columns={'name': '<your column>'}"
        )
        raise SchemaError(msg)
    for key, col in columns.items():
        if col not in frame.columns:
            msg = f"columns= maps {key!r} to {col!r}, which {where} does not have; its columns are {found}"
            raise SchemaError(msg)
    id_col = columns.get("unit_id") or _pick(found, _ID_CANDIDATES, level)
    country_col = columns.get("country") or _pick(found, _COUNTRY_CANDIDATES, level)
    parent_col = columns.get("parent") or (_pick(found, _PARENT_CANDIDATES, level) if level > 1 else None)

    out = pd.DataFrame(index=frame.index)
    out["unit_id"] = (
        frame[id_col].astype("string")
        if id_col
        else pd.Series([f"{source}:{i}" for i in frame.index], index=frame.index, dtype="string")
    )
    out["name"] = frame[name_col].astype("string")
    out["level"] = level
    if country_col:
        out["country"] = frame[country_col].astype("string").str.upper()
    else:
        out["country"] = _country_of(frame)
    if parent_col:
        out["parent"] = frame[parent_col].astype("string")
    elif level == 0:  # a country has no parent unit
        out["parent"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    elif level == 1:
        out["parent"] = out["country"]
    else:
        out["parent"] = _parent_province(frame, out["country"])
    out["source"] = source
    extra = [
        c
        for c in frame.columns
        if c not in {name_col, id_col, country_col, parent_col, frame.geometry.name}
        and c not in ADMIN_COLUMNS
    ]
    for col in extra:
        out[col] = frame[col]
    result = _schema_order(gpd.GeoDataFrame(out, geometry=frame.geometry.values, crs=frame.crs))
    result.attrs = dict(frame.attrs)  # keep the "dropped" and "repaired" records
    if countries is not None:
        wanted = {c.upper() for c in countries}
        result = result[result["country"].isin(wanted)]
        if len(result) == 0:
            msg = (
                f"{where} holds no unit of {sorted(wanted)}; its countries are "
                f"{sorted(out['country'].dropna().unique())}. Pass countries=None to keep all"
            )
            raise SchemaError(msg)
    return result


def _country_of(frame: gpd.GeoDataFrame) -> pd.Series:
    """ISO3 of the bundled country holding each unit's representative point."""
    from .countries import load_countries

    outlines = load_countries()
    points = gpd.GeoDataFrame(geometry=frame.geometry.representative_point(), crs=frame.crs)
    joined = gpd.sjoin(points, outlines[["iso3", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    return joined["iso3"].reindex(frame.index).astype("string")


def _parent_province(frame: gpd.GeoDataFrame, country: pd.Series) -> pd.Series:
    """unit_id of the bundled province holding each unit's representative point."""
    provinces = _bundled_admin1()
    points = gpd.GeoDataFrame(geometry=frame.geometry.representative_point(), crs=frame.crs)
    joined = gpd.sjoin(points, provinces[["unit_id", "country", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    parent = joined["unit_id"].reindex(frame.index).astype("string")
    # A unit whose point falls in the other country's province keeps no parent.
    same = joined["country"].reindex(frame.index).astype("string") == country
    return parent.where(same.fillna(False))


def _from_geoboundaries(level: int, countries: Sequence[str]) -> gpd.GeoDataFrame:
    frames = []
    for iso3 in countries:
        iso3 = iso3.upper()
        hint = _GB_HINT.format(level=level, iso3=iso3)
        api = f"{settings.geoboundaries_api.rstrip('/')}/{iso3}/ADM{level}/"
        meta: Any = _http.get_json(api, source="geoBoundaries gbOpen API", local_hint=hint)
        if isinstance(meta, list) and len(meta) == 1:
            meta = meta[0]
        url = meta.get("gjDownloadURL") if isinstance(meta, dict) else None
        if not url:
            msg = f"geoBoundaries API answer for {iso3} ADM{level} ({api}) has no gjDownloadURL. {hint}"
            raise ResponseError(msg)
        path = _http.download(
            url, source=f"geoBoundaries {iso3} ADM{level}", local_hint=hint, suffix=".geojson"
        )
        where = f"geoBoundaries {iso3} ADM{level} ({url})"
        frame = read_vector(path, what=f"geoBoundaries {iso3} ADM{level} download")
        frame = check_crs(frame, where=where, crs="EPSG:4326")
        frame = repair_geometries(frame, where=where)
        frame["shapeGroup"] = frame.get("shapeGroup", iso3)
        frame["boundary_source"] = str(meta.get("boundarySource", "") or "")
        frame["boundary_licence"] = str(meta.get("boundaryLicense", "") or "")
        frames.append(_normalise(frame, level=level, source="geoboundaries", where=where))
    out = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")
    # Keep each country's records of dropped and repaired rows, labelled by country.
    for key in ("dropped", "repaired"):
        records = [
            (iso3.upper(), r) for iso3, f in zip(countries, frames, strict=True) for r in f.attrs.get(key, [])
        ]
        if records:
            out.attrs[key] = records
    return out


def load_admin_units(
    level: int = 1,
    source: str | Path = "bundled",
    *,
    countries: Sequence[str] | None = ("AFG", "PAK"),
    columns: Mapping[str, str] | None = None,
    crs: str | CRS | None = None,
    layer: str | int | None = None,
) -> gpd.GeoDataFrame:
    """Load administrative units, normalised to the admin-units schema.

    Parameters
    ----------
    level : int
        Administrative level: 1 for provinces, 2 for districts.
    source : str or pathlib.Path
        ``"bundled"`` (provinces from Natural Earth 10m, level 1 only),
        ``"geoboundaries"`` (the gbOpen API, any level, needs the network once;
        answers are cached) or the path of a local GeoJSON, GeoPackage,
        Shapefile or zip of one.
    countries : sequence of str or None
        ISO3 codes of the countries to keep; None keeps every unit of a file.
    columns : mapping, optional
        For local files: which of the file's columns hold the schema fields,
        e.g. ``{"name": "ADM2_EN", "unit_id": "ADM2_PCODE"}``. Without it the
        usual names of geoBoundaries, OCHA COD-AB and GADM are recognised.
    crs : str or pyproj.CRS, optional
        CRS to assume for a local file that has none.
    layer : str or int, optional
        Layer of a multi-layer file.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``unit_id``, ``name``, ``level``, ``country`` (ISO3),
        ``parent`` (none for level 0; for level 1 the country; for level 2 the unit_id of the
        bundled province holding the unit when the file gives none),
        ``source``, then the file's other columns, and ``geometry``
        (EPSG:4326).

    Raises
    ------
    DataReadError, EmptyDataError, CRSError, SchemaError
        For a local file that is missing or unreadable, holds no features,
        has no CRS, or lacks a names column.
    OfflineError
        For ``"geoboundaries"`` when offline and not cached.

    Examples
    --------
    >>> import borderkit as bk
    >>> provinces = bk.load_admin_units()
    >>> sorted(provinces.loc[provinces.country == "PAK", "name"])[:3]
    ['Azad Kashmir', 'Balochistan', 'Gilgit-Baltistan']
    """
    if isinstance(source, str) and source == "bundled":
        if level != 1:
            msg = (
                f"the bundle holds provinces (level 1) only, not level {level}; use "
                f"source='geoboundaries' or a local file for level {level}"
            )
            raise SchemaError(msg)
        frame = _bundled_admin1()
        if countries is not None:
            wanted = [c.upper() for c in countries]
            frame = frame[frame["country"].isin(wanted)]
            if len(frame) == 0:
                msg = (
                    f"the bundled provinces hold no unit of {wanted}; they cover "
                    f"{sorted(_bundled_admin1()['country'].unique())}. Use source='geoboundaries' "
                    "or a local file for other countries"
                )
                raise SchemaError(msg)
        return gpd.GeoDataFrame(frame.reset_index(drop=True), crs="EPSG:4326")
    if isinstance(source, str) and source == "geoboundaries":
        if countries is None:
            msg = "source='geoboundaries' needs countries=(ISO3, ...)"
            raise SchemaError(msg)
        return _from_geoboundaries(level, countries)
    path = Path(source)
    if isinstance(source, str) and not path.suffix and not path.exists():
        msg = (
            f"unknown admin-units source {source!r}: use 'bundled', 'geoboundaries' or the path "
            "of a GeoJSON, GeoPackage, Shapefile or zip file"
        )
        raise DataReadError(msg)
    frame = read_vector(path, layer=layer, what="admin units file")
    frame = check_crs(frame, where=str(path), crs=crs)
    frame = repair_geometries(frame, where=str(path))
    return _normalise(
        frame, level=level, source=path.name, where=str(path), columns=columns, countries=countries
    )
