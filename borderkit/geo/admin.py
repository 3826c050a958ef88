"""Administrative units (provinces, districts) on both sides of a border."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError as PyprojCRSError

from .. import _http, settings
from .._log import log
from ..errors import CRSError, DataReadError, ResponseError, SchemaError
from . import _data
from ._validate import drop_rows, read_vector, repair_geometries

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


_POLYGONAL = ("Polygon", "MultiPolygon")
_MAX_LEVEL = 5


def _level(level: Any) -> int:
    """Return ``level`` as an int: an int or a string of digits such as ``"1"``."""
    if isinstance(level, str) and level.strip().isdigit():
        level = int(level.strip())
    if isinstance(level, bool) or not isinstance(level, int | np.integer) or not 0 <= level <= _MAX_LEVEL:
        msg = (
            f"level={level!r} is not an administrative level; pass a whole number from 0 to "
            f"{_MAX_LEVEL} (0: countries, 1: provinces, 2: districts), e.g. level=2"
        )
        raise SchemaError(msg)
    return int(level)


def _country_list(countries: Sequence[str] | str | None) -> list[str] | None:
    """Return ``countries`` as a list of upper-case codes; one string is one country."""
    if countries is None:
        return None
    items = [countries] if isinstance(countries, str) else list(countries)
    codes = [str(c).strip().upper() for c in items]
    bad = [c for c in items if not isinstance(c, str) or not str(c).strip()]
    if bad or not codes:
        msg = (
            f"countries={countries!r} must be ISO3 codes such as 'AFG' or ('AFG', 'PAK'), or None "
            "for every unit of the file"
        )
        raise SchemaError(msg)
    return codes


def _row_coordinates(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return all (x, y) coordinates of ``geoms`` and the position of the row of each."""
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    return coords, index


def _rows_where(n_rows: int, index: np.ndarray, bad: np.ndarray) -> np.ndarray:
    """Return, per row, whether any of its coordinates satisfies ``bad``."""
    out = np.zeros(n_rows, dtype=bool)
    out[np.unique(index[bad])] = True
    return out


def _apply_crs(frame: gpd.GeoDataFrame, *, where: str, crs: str | CRS | None) -> gpd.GeoDataFrame:
    """Honour ``crs=``, check coordinates against the CRS, and return the frame in EPSG:4326.

    ``crs`` states the CRS of the file's coordinates and wins over the one the
    file declares (a GeoJSON always declares EPSG:4326, whatever it holds).
    Rows with non-finite coordinates or coordinates outside the CRS's range are
    dropped with a counted warning naming them; a file where every row is out of
    range raises :class:`CRSError` saying which CRS the coordinates look like.
    """
    if crs is not None:
        try:
            wanted = CRS.from_user_input(crs)
        except PyprojCRSError as exc:
            msg = f"crs={crs!r} is not a CRS pyproj knows; pass one like 'EPSG:4326' or 'EPSG:32642'"
            raise CRSError(msg) from exc
        if frame.crs is not None and not frame.crs.equals(wanted):
            log(f"{where} declares {frame.crs.to_string()}; using crs={wanted.to_string()} as asked")
        frame = frame.set_crs(wanted, allow_override=True)
    elif frame.crs is None:
        msg = (
            f"{where} has no CRS (coordinate reference system); pass crs='EPSG:4326' if its "
            "coordinates are longitude/latitude, or the CRS it was made in"
        )
        raise CRSError(msg) from None
    label = frame.crs.to_string()
    geoms = frame.geometry.values
    coords, index = _row_coordinates(np.asarray(geoms))
    finite = np.isfinite(coords).all(axis=1)
    frame = drop_rows(
        frame,
        pd.Series(_rows_where(len(frame), index, ~finite), index=frame.index),
        reason="non-finite coordinates (NaN or infinity)",
        where=where,
    )
    if len(frame) == 0:
        msg = f"{where}: no row has finite coordinates; check the file"
        raise CRSError(msg)
    coords, index = _row_coordinates(np.asarray(frame.geometry.values))
    if frame.crs.is_geographic:
        out = (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
        bad = _rows_where(len(frame), index, out)
        if len(coords) and bad.all():
            raise CRSError(_out_of_range_message(where, label, coords))
        frame = drop_rows(
            frame,
            pd.Series(bad, index=frame.index),
            reason=f"coordinates outside the range of {label} (longitude -180..180, latitude -90..90)",
            where=where,
        )
        if not frame.crs.equals(CRS.from_epsg(4326)):
            frame = frame.to_crs(4326)
        return frame
    if len(coords) and np.abs(coords).max() <= 180:
        msg = (
            f"{where}: every coordinate lies within ±180 though the CRS is {label} (projected, in "
            f"{_unit(frame.crs)}); they look like longitude/latitude degrees. Pass crs='EPSG:4326'"
        )
        raise CRSError(msg)
    projected = frame.to_crs(4326)
    coords, index = _row_coordinates(np.asarray(projected.geometry.values))
    out = ~np.isfinite(coords).all(axis=1) | (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
    bad = _rows_where(len(projected), index, out)
    if len(coords) and bad.all():
        msg = (
            f"{where}: no row's coordinates can be projected from {label} to longitude/latitude; the "
            "file's coordinates are not in that CRS. Pass crs= with the CRS the file was made in"
        )
        raise CRSError(msg)
    return drop_rows(
        projected,
        pd.Series(bad, index=projected.index),
        reason=f"coordinates outside the area {label} can project to longitude/latitude",
        where=where,
    )


def _unit(crs: CRS) -> str:
    try:
        return crs.axis_info[0].unit_name or "metres"
    except (IndexError, AttributeError):
        return "metres"


def _out_of_range_message(where: str, label: str, coords: np.ndarray) -> str:
    x, y = coords[:, 0], coords[:, 1]
    top = float(np.abs(coords).max())
    msg = (
        f"{where} is labelled {label} (degrees of longitude/latitude) but its coordinates reach "
        f"{top:,.0f}, outside -180..180 / -90..90"
    )
    if top > 1000:
        msg += (
            ": they look like projected metres, e.g. EPSG:3857 (Web Mercator) or a UTM zone. "
            "Pass crs='EPSG:3857' (or the CRS the file was made in) so that borderkit reprojects them"
        )
    elif (np.abs(x) <= 90).all() and (np.abs(y) <= 180).all():
        msg += ": latitude and longitude look swapped; exchange them in the file"
    return msg


def _check_polygons(frame: gpd.GeoDataFrame, *, where: str) -> gpd.GeoDataFrame:
    """Drop points and lines mixed among polygons (counted warning); refuse a file with no polygon."""
    geom = frame.geometry
    values = np.asarray(geom.values)
    present = pd.Series(~shapely.is_missing(values) & ~shapely.is_empty(values), index=frame.index)
    kinds = geom.geom_type
    other = present & ~kinds.isin(_POLYGONAL)
    if not other.any():
        return frame
    if not (present & kinds.isin(_POLYGONAL)).any():
        held = sorted(kinds[present].unique())
        msg = (
            f"{where} holds no polygons (it holds {', '.join(held)}); administrative units are "
            "areas: pass a file of Polygons or MultiPolygons"
        )
        raise SchemaError(msg)
    found = ", ".join(sorted(kinds[other].unique()))
    return drop_rows(frame, other, reason=f"not a polygon ({found})", where=where)


def _check_swapped(frame: gpd.GeoDataFrame, *, where: str, countries: Sequence[str] | None) -> None:
    """Refuse a file asked for AFG/PAK whose units all lie outside them but inside with lat/lon swapped."""
    from .countries import load_countries

    # Only for files said to be of this region: a file of north-western Russia (lon 29-38, lat
    # 60-70) is indistinguishable from a swapped file of Afghanistan.
    if countries is None or not {"AFG", "PAK"} & set(countries):
        return
    minx, miny, maxx, maxy = load_countries().total_bounds
    points = frame.geometry.representative_point()
    x, y = points.x.to_numpy(), points.y.to_numpy()
    inside = (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy)
    swapped = (y >= minx) & (y <= maxx) & (x >= miny) & (x <= maxy)
    if len(x) and not inside.any() and swapped.mean() > 0.5:
        msg = (
            f"{where}: latitude and longitude look swapped: none of its {len(x)} units lies in the "
            f"bounds of Afghanistan and Pakistan, but with x and y exchanged {int(swapped.sum())} do. "
            "Exchange the coordinates in the file (or pass the correct CRS with crs=)"
        )
        raise CRSError(msg)


def _check_unique_ids(frame: gpd.GeoDataFrame, *, where: str, id_column: str | None) -> None:
    ids = frame["unit_id"]
    dup = ids.notna() & ids.duplicated(keep=False)
    if not dup.any():
        return
    labels = list(frame.index[dup])
    shown = ", ".join(f"row {lab} ({ids[lab]})" for lab in labels[:10]) + (" ..." if len(labels) > 10 else "")
    column = f" (column {id_column!r})" if id_column else ""
    msg = (
        f"{where}: {len(labels)} rows share a unit id{column}: {shown}. Unit ids must be unique; "
        "pass columns={'unit_id': '<a column with unique codes>'}, or dissolve the rows by id first "
        "(frame.dissolve('<id column>'))"
    )
    raise SchemaError(msg)


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
    generated = pd.Series([f"{source}:{i}" for i in frame.index], index=frame.index, dtype="string")
    out["unit_id"] = frame[id_col].astype("string") if id_col else generated
    missing = out["unit_id"].isna() | (out["unit_id"].str.strip() == "")
    if missing.any():
        log(
            f"{where}: {int(missing.sum())} row(s) have no unit id in {id_col!r}; they get "
            f"'{source}:<row>' ids (rows {', '.join(map(str, list(frame.index[missing])[:10]))})"
        )
        out["unit_id"] = out["unit_id"].mask(missing, generated)
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
    _check_unique_ids(result, where=where, id_column=id_col)
    if countries is not None:
        wanted = {c.upper() for c in countries}
        kept = result["country"].isin(wanted)
        if not kept.all() and kept.any():
            log(f"{where}: kept {int(kept.sum())} of {len(result)} units, those of {sorted(wanted)}")
        result = result[kept]
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


def _gb_meta_check(iso3: str, level: int, api: str, hint: str) -> Any:
    """Return a check of the gbOpen API answer that refuses (so never caches) one without a download URL."""

    def check(meta: Any) -> None:
        if isinstance(meta, list) and len(meta) == 1:
            meta = meta[0]
        url = meta.get("gjDownloadURL") if isinstance(meta, dict) else None
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            msg = (
                f"geoBoundaries API answer for {iso3} ADM{level} ({api}) has no gjDownloadURL "
                f"(an http(s) address); it was not cached. {hint}"
            )
            raise ResponseError(msg)

    return check


def _is_geojson(path: Path) -> None:
    """Refuse a download that is not a GeoJSON file GDAL reads with at least one feature."""
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        msg = "not GeoJSON: it does not begin with '{'"
        raise ValueError(msg)
    try:
        info = pyogrio.read_info(path)
    except Exception as exc:  # GDAL raises several types; all mean "not readable"
        msg = f"not a GeoJSON file GDAL can read: {exc}"
        raise ValueError(msg) from exc
    if not info.get("features"):
        msg = "a GeoJSON file without features"
        raise ValueError(msg)


def _from_geoboundaries(level: int, countries: Sequence[str], *, refresh: bool = False) -> gpd.GeoDataFrame:
    frames = []
    for iso3 in countries:
        iso3 = iso3.upper()
        hint = _GB_HINT.format(level=level, iso3=iso3)
        api = f"{settings.geoboundaries_api.rstrip('/')}/{iso3}/ADM{level}/"
        meta: Any = _http.get_json(
            api,
            source="geoBoundaries gbOpen API",
            local_hint=hint,
            check=_gb_meta_check(iso3, level, api, hint),
            refresh=refresh,
        )
        if isinstance(meta, list) and len(meta) == 1:
            meta = meta[0]
        url = str(meta["gjDownloadURL"])
        path = _http.download(
            url,
            source=f"geoBoundaries {iso3} ADM{level}",
            local_hint=hint,
            suffix=".geojson",
            validate=_is_geojson,
            refresh=refresh,
        )
        where = f"geoBoundaries {iso3} ADM{level} ({url}, cached as {path})"
        frame = read_vector(path, what=f"geoBoundaries {iso3} ADM{level} download")
        frame = _apply_crs(frame, where=where, crs=None)
        frame = _check_polygons(frame, where=where)
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
    level: int | str = 1,
    source: str | Path = "bundled",
    *,
    countries: Sequence[str] | str | None = ("AFG", "PAK"),
    columns: Mapping[str, str] | None = None,
    crs: str | CRS | None = None,
    layer: str | int | None = None,
    refresh: bool = False,
) -> gpd.GeoDataFrame:
    """Load administrative units, normalised to the admin-units schema.

    Parameters
    ----------
    level : int
        Administrative level: 0 for countries, 1 for provinces, 2 for districts
        (up to 5). A string of digits such as ``"2"`` is accepted.
    source : str or pathlib.Path
        ``"bundled"`` (provinces from Natural Earth 10m, level 1 only),
        ``"geoboundaries"`` (the gbOpen API, any level, needs the network once;
        answers are cached) or the path of a local GeoJSON, GeoPackage,
        Shapefile or zip of one.
    countries : sequence of str, str or None
        ISO3 codes of the countries to keep (one code may be given as a
        string, ``"AFG"``); None keeps every unit of a file.
    columns : mapping, optional
        For local files: which of the file's columns hold the schema fields,
        e.g. ``{"name": "ADM2_EN", "unit_id": "ADM2_PCODE"}``. Without it the
        usual names of geoBoundaries, OCHA COD-AB and GADM are recognised.
    crs : str or pyproj.CRS, optional
        CRS of a local file's coordinates. It wins over the CRS the file
        declares (a GeoJSON always declares EPSG:4326, even when it holds
        projected metres); needed when the file declares none.
    layer : str or int, optional
        Layer of a multi-layer file.
    refresh : bool, default False
        For ``"geoboundaries"``: fetch afresh even when cached copies exist
        (they also expire after ``settings.cache_expiry``).

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
        has no CRS, coordinates that do not fit its CRS (e.g. metres labelled
        EPSG:4326, or latitude and longitude swapped), no polygons, no names
        column, or unit ids that are not unique; for a ``level`` that is not
        0 to 5.

    Warns
    -----
    DroppedRowsWarning
        Rows without geometry, with non-finite or out-of-range coordinates,
        or whose geometry is a point or a line among polygons are dropped,
        counted and named (also in ``attrs["dropped"]``).
    OfflineError
        For ``"geoboundaries"`` when offline and not cached.

    Examples
    --------
    >>> import borderkit as bk
    >>> provinces = bk.load_admin_units()
    >>> sorted(provinces.loc[provinces.country == "PAK", "name"])[:3]
    ['Azad Kashmir', 'Balochistan', 'Gilgit-Baltistan']
    """
    level = _level(level)
    countries = _country_list(countries)
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
        return _from_geoboundaries(level, countries, refresh=refresh)
    path = Path(source)
    if isinstance(source, str) and not path.suffix and not path.exists():
        msg = (
            f"unknown admin-units source {source!r}: use 'bundled', 'geoboundaries' or the path "
            "of a GeoJSON, GeoPackage, Shapefile or zip file"
        )
        raise DataReadError(msg)
    with warnings.catch_warnings():
        # shapely warns about NaN coordinates as it reads them; _apply_crs drops and counts those rows.
        warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)
        # pyogrio keeps a column of mixed JSON types as text, and says so; nothing is lost.
        warnings.filterwarnings("ignore", "Could not parse column", UserWarning)
        frame = read_vector(path, layer=layer, what="admin units file")
    frame = _apply_crs(frame, where=str(path), crs=crs)
    frame = _check_polygons(frame, where=str(path))
    frame = repair_geometries(frame, where=str(path))
    _check_swapped(frame, where=str(path), countries=countries)
    return _normalise(
        frame, level=level, source=path.name, where=str(path), columns=columns, countries=countries
    )
