"""File exports: GeoJSON, GeoPackage, GeoParquet, CSV (WKT) and KML, each carrying its attribution.

Every export is in EPSG:4326 (lon/lat), with coordinates rounded to
``precision`` decimal places and polygons wound the RFC 7946 way (exterior
rings counter-clockwise, holes clockwise). Where each format keeps the
attribution of the sources drawn:

- **GeoJSON** (RFC 7946, written by borderkit's own deterministic writer: sorted
  keys, one feature a line, no ``crs`` member): top-level foreign members
  ``"attribution"`` (text) and ``"sources"`` (key, title, licence, attribution
  and URL of each catalogued source), allowed by RFC 7946 section 6.1.
- **GeoPackage** (several layers in one file): the ``description`` of each
  table in ``gpkg_contents`` (its ``identifier`` is the layer's title), plus
  the layer metadata ``attribution`` and ``sources`` (JSON) in the GeoPackage
  metadata extension (``pyogrio.read_info(path, layer=...)["layer_metadata"]``).
- **GeoParquet** (the GeoParquet 1.x spec, as geopandas writes it: ``geo``
  metadata with WKB encoding, CRS as PROJJSON, bbox, geometry types, and
  ``orientation: counterclockwise`` for polygons): Parquet key-value metadata
  ``borderkit:attribution`` and ``borderkit:sources`` (JSON).
- **CSV**: geometry as WKT in a ``geometry`` column; the attribution, CRS and
  column notes in a sidecar text file ``<path>.attribution.txt``, since CSV
  has no place for metadata. Text cells a spreadsheet would run as a formula
  (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a
  leading apostrophe unless ``csv_raw=True``; numbers are never changed.
- **KML** (GDAL's LIBKML driver where present, else KML): the layer's
  ``<description>`` and the document's ``<description>`` (HTML-escaped, since
  Google Earth renders descriptions as HTML); each placemark's ``<name>`` is
  the ``name`` column (or an id column when there is none). The written file
  is parsed back before it is put in place: it is well-formed XML with one
  placemark per row, whatever the names hold.

Every file is written atomically (:mod:`borderkit._atomic`): an interrupted
export leaves the previous file, or none.

Examples
--------
>>> import borderkit as bk
>>> path = bk.export(bk.layers.crossings_layer(bk.load_crossings()), "crossings.geojson")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import shapely
from shapely.geometry import mapping

from .._atomic import atomic_path, write_text
from .._csv import csv_text
from ..errors import CRSError, EmptyDataError, SchemaError
from ..geo import sources as _sources
from ..layers import Layer

FORMATS = ("geojson", "gpkg", "parquet", "csv", "kml")
"""The formats :func:`export` writes."""

SUFFIXES = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
    ".csv": "csv",
    ".kml": "kml",
}
"""File suffix -> format, used when ``format`` is not given."""

_Exportable: TypeAlias = Layer | gpd.GeoDataFrame

_TEXT_FORMATS = {"geojson", "csv", "kml"}  # formats without a datetime type: datetimes become ISO text


@dataclass(frozen=True)
class _Table:
    """One layer ready to write."""

    name: str  # table / layer name in the file
    title: str  # human-readable title
    frame: gpd.GeoDataFrame
    attribution: str
    sources: list[dict[str, str]]


# --------------------------------------------------------------------------- attribution


def _source_keys(frame: pd.DataFrame) -> list[str]:
    """Return the catalogue keys of a frame's ``source`` and ``source_dataset`` columns, sorted."""
    keys: set[str] = set()
    if "source" in frame.columns:
        keys.update(frame["source"].dropna().astype(str))
    if "source_dataset" in frame.columns:
        keys.update(_sources.DATASET_KEYS.get(v, v) for v in frame["source_dataset"].dropna().astype(str))
    return sorted(k for k in keys if k)


def _frame_attribution(frame: pd.DataFrame) -> str:
    """Build the attribution of a frame from its ``source`` / ``source_dataset`` columns."""
    return "; ".join(dict.fromkeys(_sources.attribution(k) for k in _source_keys(frame)))


def _source_records(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Describe each source of a frame: key, title, licence, attribution, url (catalogued ones only)."""
    catalogue = _sources.catalogue()
    out = []
    for key in _source_keys(frame):
        src = catalogue.get(key)
        if src is None:
            out.append({"key": key, "attribution": _sources.attribution(key)})
        else:
            out.append(
                {
                    "key": src.key,
                    "title": src.title,
                    "licence": src.licence,
                    "attribution": src.attribution,
                    "url": src.url,
                }
            )
    return out


# --------------------------------------------------------------------------- preparing frames


def _slug(text: str) -> str:
    """Return a table name made of lowercase letters, digits and underscores."""
    slug = re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")
    return slug or "layer"


def _jsonable(value: Any) -> Any:
    """Return ``value`` as something :func:`json.dumps` writes (None for missing values)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        return [_jsonable(v) for v in items]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, shapely.Geometry):
        return shapely.to_wkt(value)
    return str(value)


def _json_text(value: Any) -> Any:
    """Return dicts, lists, tuples and sets as JSON text; leave anything else as it is."""
    if isinstance(value, Mapping | list | tuple | set | frozenset | np.ndarray):
        return json.dumps(_jsonable(value), sort_keys=True, ensure_ascii=False)
    return value


def _iso_object(value: Any) -> Any:
    """Return a date, time or datetime object (in an object column) as ISO 8601 text."""
    if isinstance(value, dt.date | dt.time) and not pd.isna(value):
        return value.isoformat()
    return value


def _iso_dates(values: pd.Series) -> pd.Series:
    """Return datetimes as ISO 8601 text (dates alone when every time is midnight), None where missing."""
    ts = values.dt
    midnight = values.dropna().eq(values.dropna().dt.normalize()).all() and ts.tz is None
    fmt = [None if pd.isna(v) else (v.date().isoformat() if midnight else v.isoformat()) for v in values]
    return pd.Series(fmt, index=values.index, dtype=object)


def _prepare(frame: Any, *, what: str, precision: int | None, text_dates: bool) -> gpd.GeoDataFrame:
    """Check a frame and return a copy in EPSG:4326, rounded, wound CCW, with serialisable columns."""
    if not isinstance(frame, gpd.GeoDataFrame):
        msg = f"{what}: expected a Layer or a GeoDataFrame, got {type(frame).__name__}"
        raise TypeError(msg)
    if len(frame) == 0:
        msg = f"{what} has no features; there is nothing to export"
        raise EmptyDataError(msg)
    if frame.crs is None:
        msg = (
            f"{what} has no CRS; set one first, e.g. frame.set_crs('EPSG:4326') if its coordinates "
            "are lon/lat"
        )
        raise CRSError(msg)
    out = frame if frame.crs.to_epsg() == 4326 else frame.to_crs(4326)
    if any(name is not None for name in out.index.names):
        out = out.reset_index()
    out = out.reset_index(drop=True)
    geom_name = out.geometry.name
    if geom_name != "geometry":
        if "geometry" in out.columns:
            out = out.rename(columns={"geometry": "geometry_"})
        out = out.rename_geometry("geometry")
    data: dict[str, Any] = {}
    for col in out.columns:
        if col == "geometry":
            continue
        values = out[col]
        if isinstance(values.dtype, gpd.array.GeometryDtype):  # a second geometry column: WKT
            data[col] = pd.Series(shapely.to_wkt(values.array, rounding_precision=-1), dtype=object)
        elif isinstance(values.dtype, pd.CategoricalDtype):
            data[col] = values.astype(values.cat.categories.dtype)
        elif pd.api.types.is_datetime64_any_dtype(values.dtype):
            data[col] = _iso_dates(values) if text_dates else values
        elif pd.api.types.is_timedelta64_dtype(values.dtype):
            data[col] = pd.Series([None if pd.isna(v) else v.isoformat() for v in values], dtype=object)
        elif values.dtype == object:
            data[col] = values.map(_json_text).map(_iso_object)
        elif isinstance(values.dtype, pd.ArrowDtype) and pa.types.is_nested(values.dtype.pyarrow_dtype):
            # e.g. the events' ``extra``: one Arrow struct column of the original columns.
            data[col] = pd.Series(list(values), index=values.index, dtype=object).map(_json_text)
        else:
            data[col] = values
    geoms = np.asarray(out.geometry.array, dtype=object)
    if precision is not None:
        geoms = shapely.transform(geoms, lambda c: np.round(c, precision), include_z=None)
    geoms = shapely.orient_polygons(geoms, exterior_cw=False)
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)


def _tables(
    obj: Any, *, path: Path, layer_name: str | None, attribution: str | None
) -> list[tuple[str, str, Any, str]]:
    """Return (table name, title, frame, attribution) for each layer or frame in ``obj``."""
    if isinstance(obj, Layer | gpd.GeoDataFrame):
        items: list[tuple[str | None, Any]] = [(layer_name, obj)]
    elif isinstance(obj, Mapping):
        items = [(str(k), v) for k, v in obj.items()]
    elif isinstance(obj, Sequence) and not isinstance(obj, str):
        items = [(None, v) for v in obj]
    else:
        msg = f"export() takes a Layer, a GeoDataFrame, or a list or dict of them, not {type(obj).__name__}"
        raise TypeError(msg)
    if not items:
        msg = "export() was given no layers; there is nothing to export"
        raise EmptyDataError(msg)
    if layer_name is not None and len(items) > 1:
        msg = "layer_name names a single layer; to name several, pass a dict {name: layer}"
        raise ValueError(msg)
    out = []
    for i, (name, item) in enumerate(items):
        if isinstance(item, Layer):
            title, frame = item.name, item.frame
            credit = item.attribution or _frame_attribution(frame)
        else:
            title = name or (path.stem if len(items) == 1 else f"{path.stem}_{i + 1}")
            frame = item
            credit = _frame_attribution(frame) if isinstance(frame, pd.DataFrame) else ""
        if attribution is not None:
            credit = attribution
        out.append((_slug(name or title), title, frame, credit))
    names = [t[0] for t in out]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        msg = f"several layers would share the table name(s) {doubles}; pass a dict {{name: layer}}"
        raise ValueError(msg)
    return out


# --------------------------------------------------------------------------- writers


def _write_geojson(table: _Table, path: Path) -> None:
    """Write RFC 7946 GeoJSON: sorted keys, one feature a line, attribution as foreign members."""
    frame = table.frame
    props = frame.drop(columns="geometry")
    columns = list(props.columns)
    lines = []
    for geom, row in zip(frame.geometry.array, props.itertuples(index=False, name=None), strict=True):
        feature = {
            "type": "Feature",
            "geometry": None if geom is None or geom.is_empty else mapping(geom),
            "properties": {c: _jsonable(v) for c, v in zip(columns, row, strict=True)},
        }
        lines.append(json.dumps(feature, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
    head: dict[str, Any] = {
        "attribution": table.attribution,
        "name": table.name,
        "sources": table.sources,
        "type": "FeatureCollection",
    }
    bounds = frame.geometry.total_bounds
    if np.isfinite(bounds).all():
        head["bbox"] = [float(b) for b in bounds]

    def member(key: str) -> str:
        value = json.dumps(head[key], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return json.dumps(key) + ":" + value

    keys = sorted([*head, "features"])
    parts = []
    for key in keys:
        if key == "features":
            parts.append('"features":[\n' + ",\n".join(lines) + "\n]")
        else:
            parts.append(member(key))
    path.write_text("{" + ",".join(parts) + "}\n", encoding="utf-8")


def _write_gpkg(tables: list[_Table], path: Path) -> None:
    """Write every table into one GeoPackage, the attribution in gpkg_contents and the layer metadata."""
    titles = [t.title for t in tables]
    for table in tables:
        # gpkg_contents.identifier is UNIQUE: a title shared by several layers gets the table name added.
        identifier = table.title if titles.count(table.title) == 1 else f"{table.title} ({table.name})"
        options = {"IDENTIFIER": identifier}
        if table.attribution:
            options["DESCRIPTION"] = table.attribution
        pyogrio.write_dataframe(
            table.frame,
            path,
            layer=table.name,
            driver="GPKG",
            layer_options=options,
            layer_metadata={
                "attribution": table.attribution,
                "sources": json.dumps(table.sources, sort_keys=True, ensure_ascii=False),
            },
        )


def _write_parquet(table: _Table, path: Path) -> None:
    """Write GeoParquet through geopandas, then add the attribution to the Parquet key-value metadata."""
    import pyarrow.parquet as pq

    table.frame.to_parquet(path, index=False)
    arrow = pq.read_table(path)
    meta = dict(arrow.schema.metadata or {})
    geo = json.loads(meta[b"geo"])
    column = geo["columns"][geo["primary_column"]]
    if column.get("geometry_types") and all("Polygon" in t for t in column["geometry_types"]):
        column["orientation"] = "counterclockwise"  # _prepare wound every exterior ring CCW
    meta[b"geo"] = json.dumps(geo).encode("utf-8")
    meta[b"borderkit:attribution"] = table.attribution.encode("utf-8")
    meta[b"borderkit:sources"] = json.dumps(table.sources, sort_keys=True, ensure_ascii=False).encode()
    pq.write_table(arrow.replace_schema_metadata(meta), path, compression="snappy")


def _attribution_text(table: _Table, path: Path, precision: int | None) -> str:
    """Return the sidecar text of a CSV export."""
    rounding = "full precision" if precision is None else f"rounded to {precision} decimal places"
    lines = [
        f"{path.name}: {table.title}",
        "",
        f"Attribution: {table.attribution or '(none recorded)'}",
        "",
        "Geometry: the 'geometry' column, WKT, lon/lat in EPSG:4326 (WGS84), " + rounding + ".",
        "Dates are ISO 8601 text; lists and mappings are JSON text.",
    ]
    if table.sources:
        lines += ["", "Sources:"]
        for src in table.sources:
            lines.append(f"- {src['key']}: {src.get('title', '')}".rstrip(": "))
            for field in ("licence", "attribution", "url"):
                if src.get(field):
                    lines.append(f"    {field}: {src[field]}")
    return "\n".join(lines) + "\n"


def _write_csv(table: _Table, path: Path, precision: int | None, *, raw: bool) -> None:
    """Write CSV with WKT geometry; the attribution goes to the ``.attribution.txt`` sidecar.

    Unless ``raw``, text cells a spreadsheet would run as a formula get a
    leading apostrophe (:func:`borderkit._csv.neutralise`).
    """
    frame = pd.DataFrame(table.frame.drop(columns="geometry"))
    wkt = shapely.to_wkt(
        np.asarray(table.frame.geometry.array, dtype=object),
        rounding_precision=-1 if precision is None else precision,
        trim=True,
    )
    frame["geometry"] = pd.Series(wkt, index=frame.index, dtype=object)
    path.write_text(csv_text(frame, raw=raw), encoding="utf-8", newline="")


def _kml_driver() -> str:
    return "LIBKML" if "LIBKML" in pyogrio.list_drivers(write=True) else "KML"


def _write_kml(table: _Table, path: Path, *, shown: str) -> None:
    """Write KML: placemark names from ``name`` (or an id column), the attribution as descriptions."""
    frame = table.frame
    if "name" not in frame.columns:
        ids = [c for c in frame.columns if c.endswith("_id") or c in ("label", "location")]
        label = frame[ids[0]].astype(str) if ids else pd.Series(range(1, len(frame) + 1)).astype(str)
        frame = frame.assign(name=label.to_numpy())
    # KML's schema has 32-bit integers only; 64-bit ones would be written as text.
    small = {
        col: frame[col].astype("Int32")
        for col in frame.columns
        if pd.api.types.is_integer_dtype(frame[col].dtype) and frame[col].dropna().abs().le(2**31 - 1).all()
    }
    frame = frame.assign(**small)
    driver = _kml_driver()
    # Google Earth renders <description> as HTML: the attribution (built from the data's ``source``
    # column) is HTML-escaped so that it shows as the text it is and runs nothing.
    description = html.escape(table.attribution, quote=False)
    if driver == "LIBKML":
        options: dict[str, Any] = {
            "dataset_options": {"NAME": table.title, "DESCRIPTION": description},
            "layer_options": {"NAME": table.title, "DESCRIPTION": description},
        }
    else:
        options = {"dataset_options": {"NameField": "name", "DescriptionField": "description"}}
    pyogrio.write_dataframe(frame, path, layer=table.name, driver=driver, **options)
    _check_kml(path, [None if pd.isna(v) else str(v) for v in frame["name"]], shown=shown)


_KML_NS = "{http://www.opengis.net/kml/2.2}"


def _check_kml(path: Path, names: list[str | None], *, shown: str) -> None:
    """Check that a written KML file parses as XML and holds one placemark per row, named as asked.

    GDAL escapes text for XML (a name containing ``]]>`` cannot close a CDATA
    section early); this check makes sure of it, whatever GDAL's version: a
    file that would not open in Google Earth, or whose placemarks were split
    or injected by a name, is never put in place. Names are compared with
    their whitespace collapsed, since XML normalises line ends.
    """
    try:
        root = ET.parse(path).getroot()  # our own file, just written: no external entities
    except ET.ParseError as exc:
        msg = f"the KML written for {shown} does not parse as XML ({exc}); it was not saved"
        raise SchemaError(msg) from None

    def norm(text: str | None) -> str:
        return " ".join((text or "").split())

    got = [norm(p.findtext(f"{_KML_NS}name")) for p in root.iter(f"{_KML_NS}Placemark")]
    want = [norm(n) for n in names]
    if got != want:
        msg = (
            f"the KML written for {shown} holds {len(got)} placemark(s) for {len(want)} row(s), "
            "or names that differ from the data; it was not saved"
        )
        raise SchemaError(msg)


# --------------------------------------------------------------------------- the entry point


def _format_of(path: Path, format: str | None) -> str:
    if format is not None:
        fmt = format.lower().lstrip(".")
        fmt = {"geoparquet": "parquet", "json": "geojson", "geopackage": "gpkg"}.get(fmt, fmt)
        if fmt not in FORMATS:
            msg = f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}"
            raise ValueError(msg)
        return fmt
    by_suffix = SUFFIXES.get(path.suffix.lower())
    if by_suffix is None:
        msg = (
            f"cannot tell the export format from the file name {path.name!r}; pass format= one of "
            f"{', '.join(FORMATS)}, or use a suffix among {', '.join(SUFFIXES)}"
        )
        raise ValueError(msg)
    return by_suffix


def export(
    obj: _Exportable | Sequence[_Exportable] | Mapping[str, _Exportable],
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    layer_name: str | None = None,
    precision: int | None = 6,
    attribution: str | None = None,
    csv_raw: bool = False,
) -> Path:
    """Write layers or frames to a GeoJSON, GeoPackage, GeoParquet, CSV or KML file.

    The data are reprojected to EPSG:4326 (lon/lat), coordinates are rounded
    to ``precision`` decimal places of a degree, and polygons are wound the
    RFC 7946 way (exterior rings counter-clockwise) in every format. Columns
    that no format can hold as they are become text: dicts, lists, tuples and
    sets (such as the events' ``extra`` mapping) become JSON strings, other
    geometry columns WKT, timedeltas ISO 8601 durations. Datetimes become
    ISO 8601 text in GeoJSON, CSV and KML and stay datetimes in GeoPackage and
    GeoParquet. The index is not written unless it is named (it then becomes
    a column). The file is written to a temporary name and then renamed, so a
    failed export leaves no half-written file.

    Parameters
    ----------
    obj : Layer, GeoDataFrame, list of them, or dict of name -> Layer or GeoDataFrame
        What to write. Several layers can be written only to a GeoPackage,
        one table each; a dict's keys name the tables, otherwise a Layer's
        name does (made lowercase with underscores).
    path : str or os.PathLike
        The file to write (replaced if it exists). For CSV, the sidecar
        ``<path>.attribution.txt`` is written beside it.
    format : {"geojson", "gpkg", "parquet", "csv", "kml"}, optional
        Default: from the suffix of ``path`` (``.geojson``/``.json``,
        ``.gpkg``, ``.parquet``/``.geoparquet``, ``.csv``, ``.kml``).
    layer_name : str, optional
        Name of the table or layer written when ``obj`` is one layer or frame
        (default: the Layer's name, or the file's stem for a frame).
    precision : int or None, default 6
        Decimal places of lon/lat kept (6 is about 0.1 m); None keeps full
        precision.
    attribution : str, optional
        Credit to write instead of the one found: by default a Layer's
        ``attribution``, else the attribution of the sources in the frame's
        ``source`` or ``source_dataset`` column (see
        :func:`borderkit.geo.sources.attribution`).
    csv_raw : bool, default False
        CSV only: write text cells verbatim. By default a text cell that
        begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
        gets a leading apostrophe, so that a spreadsheet shows it as text
        instead of running it as a formula (OWASP's advice on CSV
        injection); numbers, negative ones included, are never changed.

    Returns
    -------
    pathlib.Path
        The absolute path written.

    Raises
    ------
    ValueError
        If the format is unknown or cannot be told from the suffix, or if
        several layers are given for a format other than GeoPackage.
    EmptyDataError
        If a frame (or ``obj``) holds no features.
    CRSError
        If a frame has no CRS.
    TypeError
        If ``obj`` is not a Layer, a GeoDataFrame or a list or dict of them.

    Examples
    --------
    >>> import borderkit as bk
    >>> bk.export(bk.load_crossings(), "out/crossings.geojson")  # doctest: +SKIP
    >>> bk.export({"border": bk.load_border(), "crossings": bk.load_crossings()},
    ...           "out/afpak.gpkg")  # doctest: +SKIP
    """
    path = Path(path).expanduser().resolve()
    fmt = _format_of(path, format)
    if precision is not None and (not isinstance(precision, int) or precision < 0):
        msg = f"precision must be a number of decimal places (6 is about 0.1 m) or None, not {precision!r}"
        raise ValueError(msg)
    items = _tables(obj, path=path, layer_name=layer_name, attribution=attribution)
    if len(items) > 1 and fmt != "gpkg":
        msg = f"{len(items)} layers were given, but only a GeoPackage (.gpkg) holds several; {fmt} holds one"
        raise ValueError(msg)
    tables = [
        _Table(
            name=name,
            title=title,
            frame=_prepare(
                frame, what=f"layer {title!r}", precision=precision, text_dates=fmt in _TEXT_FORMATS
            ),
            attribution=credit,
            sources=_source_records(frame),
        )
        for name, title, frame, credit in items
    ]
    with atomic_path(path) as tmp:
        tmp.unlink()  # GDAL creates the file itself; an empty one in its place would not open
        if fmt == "geojson":
            _write_geojson(tables[0], tmp)
        elif fmt == "gpkg":
            _write_gpkg(tables, tmp)
        elif fmt == "parquet":
            _write_parquet(tables[0], tmp)
        elif fmt == "csv":
            _write_csv(tables[0], tmp, precision, raw=csv_raw)
        else:
            _write_kml(tables[0], tmp, shown=str(path))
    if fmt == "csv":
        sidecar = path.with_name(path.name + ".attribution.txt")
        write_text(sidecar, _attribution_text(tables[0], path, precision))
    return path
