"""What a folder of building footprints holds: checked from the Parquet footers, before any row is read.

:func:`inspect` finds the Parquet files of a path (one file, or a folder
searched recursively), checks that each is Parquet, reads their schemas and
GeoParquet metadata, and returns a :class:`Layout`: the geometry (or
latitude/longitude) columns, the CRS, the id and area columns, the flat
columns kept and the nested ones left out, and which published dataset it
looks like (Overture, VIDA, Open Buildings). Used by
:mod:`borderkit.geo.buildings`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pyproj import CRS
from pyproj.exceptions import CRSError as PyprojCRSError

from ..errors import CRSError, DataReadError, EmptyDataError, SchemaError

_ID_CANDIDATES = ("id", "full_plus_code", "building_id")
_AREA_CANDIDATES = ("area_in_meters", "area_m2")
_LAT_CANDIDATES = ("latitude", "lat")
_LON_CANDIDATES = ("longitude", "lon")
GEOMETRY_CANDIDATES = ("geometry", "geom", "wkb_geometry")
_PARQUET_MAGIC = b"PAR1"
#: Parquet key-value metadata naming the source of a file borderkit wrote (the Overture cache).
KIND_KEY = b"borderkit:source"


@dataclass
class Layout:
    """What the files of a footprint dataset hold and how to read them (checked before any row is read)."""

    where: str  # the path given, for messages
    files: list[Path]  # the non-empty Parquet files, sorted
    empty_files: list[Path]
    geometry: str | None  # geometry column (WKB or GeoParquet), or None: lat/lon columns
    lat: str | None
    lon: str | None
    crs: CRS
    geoparquet: bool  # every file has GeoParquet "geo" metadata
    kind: str  # "overture", "vida", "open-buildings" or "buildings"
    id_col: str | None
    area_col: str | None
    keep: list[str]  # flat attribute columns kept as they are
    dropped_columns: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lonlat = self.crs.equals(CRS.from_epsg(4326), ignore_axis_order=True)

    @property
    def read_columns(self) -> list[str]:
        cols = [c for c in (self.geometry, self.lat, self.lon, self.id_col, self.area_col) if c]
        return list(dict.fromkeys([*cols, *self.keep]))


def _files_of(path: Path) -> list[Path]:
    if not path.exists():
        msg = (
            f"building footprints: {path} does not exist; pass the path of a GeoParquet file or of a "
            "folder of them (e.g. a VIDA by_country/country_iso=AFG folder)"
        )
        raise DataReadError(msg)
    if path.is_file():
        return [path]
    files = sorted(
        p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in {".parquet", ".geoparquet"}
    )
    if not files:
        others = sorted(p.name for p in path.rglob("*") if p.is_file())[:5]
        msg = (
            f"building footprints: the folder {path} holds no .parquet files"
            + (f" (it holds {', '.join(others)})" if others else " (it is empty)")
            + "; pass a folder of GeoParquet files, or one file"
        )
        raise DataReadError(msg)
    return files


def _schema(path: Path) -> tuple[pa.Schema, int]:
    """Return the Arrow schema and row count of one file, or fail saying it is no Parquet file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(size - 4, 0))
            tail = fh.read(4)
    except OSError as exc:
        msg = f"building footprints: cannot read {path} ({exc.strerror or exc})"
        raise DataReadError(msg) from None
    if head != _PARQUET_MAGIC or tail != _PARQUET_MAGIC:
        kind = "empty" if size == 0 else f"starts with {head!r}"
        msg = (
            f"building footprints: {path} is not a Parquet file ({kind}; Parquet files start and end "
            "with b'PAR1'). Pass GeoParquet files (e.g. convert with geopandas: "
            "gpd.read_file(f).to_parquet('out.parquet')), or remove the file from the folder"
        )
        raise DataReadError(msg)
    try:
        meta = pq.read_metadata(path)
        return meta.schema.to_arrow_schema(), meta.num_rows
    except (pa.ArrowException, OSError) as exc:
        msg = f"building footprints: {path} is not a readable Parquet file ({exc}); re-export it"
        raise DataReadError(msg) from None


def pick(names: Sequence[str], candidates: Sequence[str]) -> str | None:
    lookup = {n.lower(): n for n in names}
    return next((lookup[c] for c in candidates if c in lookup), None)


@functools.lru_cache(maxsize=16)
def _crs_of(projjson: str) -> CRS:
    """Parse a CRS once per dataset (parsing PROJJSON takes tens of milliseconds)."""
    return CRS.from_user_input(json.loads(projjson))


def _geo_crs(path: Path, schema: pa.Schema) -> tuple[str | None, CRS | None, bool]:
    """Return (geometry column, CRS, has geo metadata) from a file's GeoParquet metadata."""
    raw = (schema.metadata or {}).get(b"geo")
    if raw is None:
        return None, None, False
    try:
        geo = json.loads(raw)
        column = geo["primary_column"]
        info = geo["columns"][column]
    except (ValueError, KeyError, TypeError) as exc:
        msg = (
            f"building footprints: {path} has GeoParquet metadata that does not parse ({exc!r}); re-export it"
        )
        raise CRSError(msg) from None
    if "crs" not in info:  # the GeoParquet spec: an absent crs means OGC:CRS84 (lon/lat, WGS 84)
        return column, CRS.from_user_input("OGC:CRS84"), True
    if info["crs"] is None:  # the spec: null means "unknown"
        return column, None, True
    try:
        return column, _crs_of(json.dumps(info["crs"], sort_keys=True)), True
    except PyprojCRSError as exc:
        msg = f"building footprints: {path} declares a CRS pyproj does not know ({exc}); re-export it"
        raise CRSError(msg) from None


def inspect(path: Path, *, crs: Any) -> Layout:
    """Inspect every file's footer (no rows read) and check that the dataset can be read."""
    where = str(path)
    files = _files_of(path)
    schemas: list[tuple[Path, pa.Schema]] = []
    empty: list[Path] = []
    for f in files:
        schema, rows = _schema(f)
        if rows:
            schemas.append((f, schema))
        else:
            empty.append(f)  # skipped, and listed in attrs["empty_files"]
    if not schemas:
        msg = (
            f"building footprints: {where} holds no rows ({len(empty)} empty Parquet file(s)); pass a "
            "file or folder with footprints"
        )
        raise EmptyDataError(msg)
    first_path, first = schemas[0]
    names = list(first.names)
    for f, schema in schemas[1:]:
        missing = sorted(set(names) - set(schema.names))
        if missing:
            msg = (
                f"building footprints: {f} lacks the column(s) {missing} that {first_path} has; every "
                "file of a folder must have the same columns"
            )
            raise SchemaError(msg)
    geometry, file_crs, geoparquet = _geo_crs(first_path, first)
    geo_meta = [_geo_crs(f, s) for f, s in schemas]
    geoparquet = all(g[2] for g in geo_meta)
    crs_values = {g[1].to_string() if g[1] is not None else None for g in geo_meta if g[2]}
    if len(crs_values) > 1:
        msg = (
            f"building footprints: the files of {where} declare different CRSs "
            f"({sorted(map(str, crs_values))}); "
            "reproject them to one CRS first"
        )
        raise CRSError(msg)
    if geometry is None:
        geometry = pick(names, GEOMETRY_CANDIDATES)
    lat, lon = pick(names, _LAT_CANDIDATES), pick(names, _LON_CANDIDATES)
    if geometry is None and (lat is None or lon is None):
        msg = (
            f"building footprints: {first_path} has no geometry column (looked for GeoParquet metadata and "
            f"{', '.join(GEOMETRY_CANDIDATES)}) and no latitude/longitude columns; its columns are "
            f"{names}. Pass GeoParquet footprints (Open Buildings, VIDA or Overture), or a table with "
            "'latitude' and 'longitude' columns"
        )
        raise SchemaError(msg)
    if (
        geometry is not None
        and not pa.types.is_binary(first.field(geometry).type)
        and not pa.types.is_large_binary(first.field(geometry).type)
    ):
        if lat is None or lon is None:
            msg = (
                f"building footprints: {first_path} column {geometry!r} holds {first.field(geometry).type}, "
                "not WKB geometries; write the footprints as GeoParquet (geopandas: gdf.to_parquet(path))"
            )
            raise SchemaError(msg)
        geometry = None  # e.g. Open Buildings' WKT text: the centroid columns are enough
    if file_crs is None:
        if geoparquet and crs is None:
            msg = (
                f"building footprints: {first_path} says its CRS is unknown (GeoParquet crs: null); pass "
                "crs='EPSG:4326' if its coordinates are longitude/latitude, or the CRS they are in"
            )
            raise CRSError(msg)
        if crs is None and geometry is not None:
            msg = (
                f"building footprints: {first_path} has no CRS (no GeoParquet 'geo' metadata); pass "
                "crs='EPSG:4326' if its coordinates are longitude/latitude, or write it with geopandas "
                "(gdf.to_parquet), which records the CRS"
            )
            raise CRSError(msg)
        try:
            file_crs = CRS.from_user_input(crs if crs is not None else "EPSG:4326")
        except PyprojCRSError as exc:
            msg = f"crs={crs!r} is not a CRS pyproj knows ({exc}); pass e.g. 'EPSG:4326'"
            raise CRSError(msg) from None
    elif crs is not None and not CRS.from_user_input(crs).equals(file_crs):
        msg = (
            f"building footprints: {first_path} declares its CRS ({file_crs.name}); crs= ({crs!r}) is for "
            "files without one. Leave crs= out, or fix the file's metadata"
        )
        raise CRSError(msg)
    lower = {n.lower() for n in names}
    marked = (first.metadata or {}).get(KIND_KEY)
    if marked:
        kind = marked.decode("utf-8", "replace")
    elif "bbox" in lower and "sources" in lower:
        kind = "overture"
    elif "bf_source" in lower:
        kind = "vida"
    elif "full_plus_code" in lower:
        kind = "open-buildings"
    else:
        kind = "buildings"
    id_col, area_col = pick(names, _ID_CANDIDATES), pick(names, _AREA_CANDIDATES)
    used = {geometry, lat, lon, id_col, area_col, "bbox"}
    keep: list[str] = []
    dropped: list[str] = []
    for fld in first:
        if fld.name in used or fld.name.startswith("__"):
            continue
        flat = not (
            pa.types.is_nested(fld.type) or pa.types.is_binary(fld.type) or pa.types.is_dictionary(fld.type)
        )
        (keep if flat else dropped).append(fld.name)
    return Layout(
        where,
        [f for f, _ in schemas],
        empty,
        geometry,
        lat,
        lon,
        file_crs,
        geoparquet,
        kind,
        id_col,
        area_col,
        keep,
        dropped,
    )
