"""Building footprints as settlements: Open Buildings, VIDA or Overture GeoParquet to centroids.

One building is one settlement point: its footprint's centroid, in the
settlements schema (``settlement_id``, ``name`` (empty), ``country``,
``population`` (NaN: a footprint has no head count), ``source``) plus
``area_m2``, the footprint's area, and the source's other flat columns
(``confidence``, ``full_plus_code``, ``bf_source``, ``subtype`` ...).

Three published layouts are read without configuration:

- Google Open Buildings v3: ``latitude``, ``longitude`` (the footprint's
  centroid), ``area_in_meters``, ``confidence``, ``full_plus_code`` and the
  footprint ``geometry``.
- Google-Microsoft Open Buildings combined by VIDA: the footprint
  ``geometry``, its source (``bf_source``), ``confidence`` and
  ``area_in_meters``, partitioned by country (``by_country/country_iso=AFG/``)
  and by S2 cell (``by_country_s2/``).
- Overture Maps ``buildings`` theme, type ``building``: ``id`` (GERS id),
  ``geometry``, ``bbox`` (a struct of ``xmin``, ``xmax``, ``ymin``, ``ymax``),
  ``sources``, ``subtype``, ``class``, ``height`` ... (nested columns are not
  kept; their names are in ``attrs["dropped_columns"]``).

A path is one GeoParquet file or a folder of them (searched recursively, hive
folders such as ``country_iso=AFG`` included). Eagerly, the files are read
batch by batch and only the centroids are kept; with ``lazy=True`` the folder
becomes a lazy ``dask_geopandas.GeoDataFrame`` of one partition per Parquet
row group, each read by the same function as the eager read, so it equals the
eager frame row for row, index included. Either way memory holds one row
group of footprints at a time plus the centroids.

Online, the Overture release is read through the ``overturemaps`` client (the
Overture Maps Foundation's own), for a bounding box, and the centroids are
cached under ``settings.cache_folder``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import shapely
from pyproj import CRS, Transformer

from ..errors import (
    DroppedRowsWarning,
    SchemaError,
)
from ._footprints import KIND_KEY as KIND_KEY
from ._footprints import Layout as _Layout
from ._footprints import inspect as _layout
from ._footprints import pick as _pick
from ._points import shown

BUILDINGS_SOURCE = "buildings"
SETTLEMENT_COLUMNS = ["settlement_id", "name", "country", "population", "source"]
#: Overture's licence for the buildings theme (ODbL: it conflates OpenStreetMap).
OVERTURE_ATTRIBUTION = "Overture Maps Foundation, buildings theme (ODbL 1.0); © OpenStreetMap contributors"
#: Equal-area CRS for footprint areas (WGS 84 / NSIDC EASE-Grid 2.0 Global, cylindrical equal-area).
AREA_CRS = "EPSG:6933"

# The default countries= (compared by identity: only a filter the user did not choose warns).
_DEFAULT_COUNTRIES = ("AFG", "PAK")


# --------------------------------------------------------------------------- conversion


def _geometries(values: Any) -> np.ndarray:
    """Return shapely geometries from a column of WKB bytes or of geometries (as geopandas reads them)."""
    if getattr(values, "dtype", None) is not None and values.dtype.name == "geometry":
        return np.asarray(values, dtype=object)
    return shapely.from_wkb(np.asarray(values, dtype=object))


def _label(ids: pd.Series | None, i: int | np.integer, offset: int) -> str:
    if ids is not None and pd.notna(ids.iloc[i]) and str(ids.iloc[i]):
        return f"row {offset + i} (id {ids.iloc[i]})"
    return f"row {offset + i}"


def _convert(
    frame: pd.DataFrame,
    layout: _Layout,
    *,
    where: str,
    offset: int,
    bbox: tuple[float, float, float, float] | None,
    countries: list[str] | None,
    min_confidence: float | None = None,
) -> tuple[gpd.GeoDataFrame, dict[str, int]]:
    """Turn one batch of footprints into settlement points, checked and filtered (the one core)."""
    from .settlements import _locate  # the bundled outlines, prepared once (settlements imports us lazily)

    n = len(frame)
    ids = frame[layout.id_col].astype("string") if layout.id_col else None
    geoms = _geometries(frame[layout.geometry]) if layout.geometry else None
    if geoms is not None:
        missing = np.flatnonzero(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        if len(missing):
            msg = (
                f"building footprints: {where}: {shown([_label(ids, i, offset) for i in missing])} "
                f"ha{'s' if len(missing) == 1 else 've'} no geometry; remove these rows or give them a "
                "footprint"
            )
            raise SchemaError(msg)
        wrong = np.flatnonzero(~np.isin(shapely.get_type_id(geoms), (0, 3, 6)))  # Point, (Multi)Polygon
        if len(wrong):
            kinds = sorted(set(shapely.get_type_id(geoms[wrong]).tolist()))
            names = {1: "LineString", 2: "LinearRing", 4: "MultiPoint", 5: "MultiLineString", 7: "Collection"}
            msg = (
                f"building footprints: {where}: {shown([_label(ids, i, offset) for i in wrong])} "
                f"are {', '.join(names.get(k, str(k)) for k in kinds)}; footprints must be polygons "
                "(or points). Check that this is a buildings file"
            )
            raise SchemaError(msg)
        with np.errstate(invalid="ignore"):  # NaN coordinates are reported below, row by row
            centres = shapely.centroid(geoms)
            x, y = shapely.get_x(centres), shapely.get_y(centres)
    else:
        x = pd.to_numeric(frame[layout.lon], errors="coerce").to_numpy(dtype=float)
        y = pd.to_numeric(frame[layout.lat], errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)))
    if len(bad):
        msg = (
            f"building footprints: {where}: {shown([_label(ids, i, offset) for i in bad])} ha"
            f"{'s' if len(bad) == 1 else 've'} NaN or infinite coordinates; fix or remove these rows"
        )
        raise SchemaError(msg)
    if layout.lonlat:
        lon, lat = x, y
    else:
        lon, lat = Transformer.from_crs(layout.crs, 4326, always_xy=True).transform(x, y)
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    out_of_range = np.flatnonzero(~((np.abs(lat) <= 90) & (np.abs(lon) <= 180)))
    if len(out_of_range):
        items = [f"{_label(ids, i, offset)} ({x[i]:g}, {y[i]:g})" for i in out_of_range]
        msg = (
            f"building footprints: {where}: {shown(items)} lie outside longitude [-180, 180] / latitude "
            f"[-90, 90] once read in the file's CRS ({layout.crs.name}). If the coordinates are projected "
            "(metres), the file's CRS metadata is wrong: rewrite it with the right CRS "
            "(geopandas: gdf.set_crs(..., allow_override=True).to_parquet(path))"
        )
        raise SchemaError(msg)
    keep = np.ones(n, dtype=bool)
    counts = {"bbox": 0, "countries": 0, "min_confidence": 0}
    if min_confidence is not None:
        conf = pd.to_numeric(frame[_confidence(layout)], errors="coerce").to_numpy(dtype=float)
        confident = conf >= min_confidence
        counts["min_confidence"] = int((~confident).sum())
        keep &= confident
    if bbox is not None:
        west, south, east, north = bbox
        inside = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
        counts["bbox"] = int((keep & ~inside).sum())
        keep &= inside
    located = np.full(n, None, dtype=object)
    if keep.any():
        idx = np.flatnonzero(keep)
        located[idx] = _locate(lon[idx], lat[idx])
    if countries is not None:
        in_country = np.isin(located.astype(str), countries) & keep
        counts["countries"] = int((keep & ~in_country).sum())
        keep = in_country
    idx = np.flatnonzero(keep)
    out = pd.DataFrame(index=pd.RangeIndex(len(idx)))
    if ids is not None:
        out["settlement_id"] = (f"{layout.kind}:" + ids.iloc[idx].fillna("")).to_numpy(dtype=object)
    else:
        out["settlement_id"] = [
            f"{layout.kind}:{lon[i]:.7f},{lat[i]:.7f}" for i in idx
        ]  # the same eager or lazy
    out["settlement_id"] = out["settlement_id"].astype("str")
    out["name"] = pd.Series("", index=out.index, dtype="str")
    out["country"] = pd.Series(
        [np.nan if c is None else c for c in located[idx]], index=out.index, dtype="str"
    )
    out["population"] = np.nan
    out["source"] = pd.Series(layout.kind, index=out.index, dtype="str")
    if layout.area_col:
        out["area_m2"] = pd.to_numeric(frame[layout.area_col].iloc[idx], errors="coerce").to_numpy(
            dtype=float
        )
    elif geoms is not None:
        out["area_m2"] = _area_m2(geoms[idx], layout.crs)
    else:
        out["area_m2"] = np.nan
    for col in layout.keep:
        values = frame[col].iloc[idx].reset_index(drop=True)
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(values.cat.categories.dtype)
        out[col if col not in SETTLEMENT_COLUMNS else f"original_{col}"] = values
    result = gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(lon[idx], lat[idx]), crs="EPSG:4326")
    return result, counts


def _confidence(layout: _Layout) -> str:
    conf = _pick(layout.keep, ("confidence",))
    if conf is None:
        msg = (
            f"min_confidence= needs a 'confidence' column, which {layout.where} has not (columns: "
            f"{layout.keep}); leave min_confidence out"
        )
        raise SchemaError(msg)
    return conf


def _area_m2(geoms: np.ndarray, crs: CRS) -> np.ndarray:
    """Footprint areas in m² in an equal-area CRS (EPSG:6933); NaN for points and lines."""
    transformer = Transformer.from_crs(crs, AREA_CRS, always_xy=True)

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6))  # Polygon, MultiPolygon
    area = np.full(len(geoms), np.nan)
    if polygonal.any():
        area[polygonal] = shapely.area(shapely.transform(geoms[polygonal], project))
    return area


def _empty_result(layout: _Layout) -> gpd.GeoDataFrame:
    """Return the result's schema with no rows (the meta of the lazy frame)."""
    sample = (
        pq.ParquetFile(layout.files[0]).schema_arrow.empty_table().select(layout.read_columns).to_pandas()
    )
    result, _ = _convert(sample, layout, where=layout.where, offset=0, bbox=None, countries=None)
    return result


# --------------------------------------------------------------------------- readers


@dataclass(frozen=True)
class _Filters:
    bbox: tuple[float, float, float, float] | None
    countries: list[str] | None
    min_confidence: float | None

    def apply(self, frame: pd.DataFrame, layout: _Layout, *, where: str, offset: int) -> Any:
        return _convert(
            frame,
            layout,
            where=where,
            offset=offset,
            bbox=self.bbox,
            countries=self.countries,
            min_confidence=self.min_confidence,
        )


_COUNT_KEYS = ("bbox", "countries", "min_confidence")


def _pieces(layout: _Layout) -> list[tuple[str, int, int, int]]:
    """Return the row groups to read: (file, row group, first row in the file, first row in the dataset)."""
    pieces = []
    offset = 0
    for f in layout.files:
        meta = pq.read_metadata(f)
        in_file = 0
        for i in range(meta.num_row_groups):
            rows = meta.row_group(i).num_rows
            if rows:
                pieces.append((str(f), i, in_file, offset))
            in_file += rows
            offset += rows
    return pieces


def _read_piece(
    piece: tuple[str, int, int, int], layout: _Layout, filters: _Filters
) -> tuple[gpd.GeoDataFrame, dict[str, int]]:
    """Read one row group and convert it; the index is the rows' place in the dataset."""
    path, group, in_file, offset = piece
    frame = pq.ParquetFile(path).read_row_group(group, columns=layout.read_columns).to_pandas()
    frame = frame.reset_index(drop=True)
    result, counts = filters.apply(frame, layout, where=path, offset=in_file)
    result.index = result.index + offset
    return result, counts


def _points_of(piece: tuple[str, int, int, int], layout: _Layout, filters: _Filters) -> gpd.GeoDataFrame:
    return _read_piece(piece, layout, filters)[0]


def _counts_of(piece: tuple[str, int, int, int], layout: _Layout, filters: _Filters) -> pd.DataFrame:
    counts = _read_piece(piece, layout, filters)[1]
    return pd.DataFrame({k: [counts[k]] for k in _COUNT_KEYS})


def _read_eager(layout: _Layout, filters: _Filters) -> tuple[gpd.GeoDataFrame, dict[str, int]]:
    parts: list[gpd.GeoDataFrame] = []
    counts = dict.fromkeys(_COUNT_KEYS, 0)
    for piece in _pieces(layout):
        part, c = _read_piece(piece, layout, filters)
        parts.append(part)
        for k in counts:
            counts[k] += c[k]
    frame = pd.concat(parts) if parts else _empty_result(layout)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326"), counts


def _read_lazy(layout: _Layout, filters: _Filters) -> tuple[Any, Any]:
    """Return (dask_geopandas.GeoDataFrame of centroids, lazy Series of the counts left out per filter).

    One partition per Parquet row group, read and converted by the same
    function as the eager read, so the two agree row for row, index
    included, and errors name the file and row either way.
    """
    try:
        import dask
        import dask.dataframe as dd
        import dask_geopandas  # noqa: F401 (registers the GeoDataFrame collection)
    except ImportError as exc:
        msg = (
            "lazy=True needs dask-geopandas and dask (`pip install dask-geopandas 'dask[distributed]'`); "
            "or leave lazy out to read the footprints into memory"
        )
        raise ImportError(msg) from exc
    pieces = _pieces(layout)
    # dask would turn the text columns into string[pyarrow]; keep the dtypes of the eager frame.
    with dask.config.set({"dataframe.convert-string": False}):
        return _from_map(dd, pieces, layout, filters)


def _from_map(dd: Any, pieces: list[tuple[str, int, int, int]], layout: _Layout, filters: _Filters) -> Any:
    points = dd.from_map(
        _points_of, pieces, args=(layout, filters), meta=_empty_result(layout), label="borderkit-buildings"
    )
    count_meta = pd.DataFrame({k: pd.Series(dtype="int64") for k in _COUNT_KEYS})
    counts = dd.from_map(
        _counts_of, pieces, args=(layout, filters), meta=count_meta, label="borderkit-building-counts"
    ).sum()
    return points, counts


# --------------------------------------------------------------------------- the loader


def load_buildings(
    path: str | Path | None = None,
    *,
    lazy: bool = False,
    bbox: Sequence[float] | None = None,
    countries: Sequence[str] | str | None = _DEFAULT_COUNTRIES,
    crs: str | CRS | None = None,
    min_confidence: float | None = None,
    release: str | None = None,
) -> Any:
    """Load building footprints as settlement points (their centroids), eagerly or lazily.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A GeoParquet file or a folder of them (searched recursively): Google
        Open Buildings v3, the Google-Microsoft combination by VIDA, Overture
        ``buildings`` (as written by ``overturemaps download -f geoparquet``),
        or any GeoParquet of footprints or points. Without it, Overture's
        buildings are read online for ``bbox`` (or the bounding box of
        ``countries``) through the ``overturemaps`` client and cached.
    lazy : bool
        Return a lazy ``dask_geopandas.GeoDataFrame``, one partition per
        Parquet row group, instead of reading everything now. Each
        partition is read and converted by the same function as the eager
        read, so the two are equal row for row, index included. (Not
        :func:`dask_geopandas.read_parquet`: its partitions cannot know
        their rows' place in the dataset, which the index and the error
        messages need.)
    bbox : tuple of float, optional
        ``(west, south, east, north)`` in degrees; keep the buildings whose
        centroid lies inside (edges included).
    countries : str, sequence of str or None
        Keep the buildings whose centroid lies inside these countries'
        bundled outlines (ISO3 codes; default Afghanistan and Pakistan);
        None keeps all. The country column is filled from the outlines
        either way (NaN outside them).
    crs : str or pyproj.CRS, optional
        The CRS of files without GeoParquet metadata.
    min_confidence : float, optional
        Keep buildings whose ``confidence`` (Open Buildings / VIDA, 0–1) is
        at least this. Counted in ``attrs["filtered"]``.
    release : str, optional
        The Overture release read online (default the latest).

    Returns
    -------
    geopandas.GeoDataFrame or dask_geopandas.GeoDataFrame
        ``settlement_id`` (``"<kind>:<id>"``: the Overture GERS id or Open
        Buildings plus code; else ``"<kind>:<lon>,<lat>"`` of the centroid to
        7 decimals (about 1 cm), which the eager and lazy reads give alike), ``name`` (empty),
        ``country`` (ISO3 of the bundled outline holding the centroid),
        ``population`` (NaN), ``source`` (``"overture"``, ``"vida"``,
        ``"open-buildings"`` or ``"buildings"``), ``area_m2``, the source's
        flat columns, ``geometry`` (Point, EPSG:4326). The index is the
        building's row in the dataset (files in name order, counted from
        0), kept through the filters. Eagerly,
        ``attrs["filtered"]`` counts the buildings each filter left out and
        ``attrs["dropped_columns"]`` names nested columns not kept; lazily,
        :func:`count_filtered` gives the counts.

    Raises
    ------
    DataReadError
        If the path is missing, holds no Parquet files or a file is not Parquet.
    CRSError
        If a file has no CRS (and no ``crs=``), or the files disagree.
    SchemaError
        If there is no geometry (nor latitude/longitude), or coordinates are
        missing, NaN or out of range (the file and rows are named).
    EmptyDataError
        If every file is empty.

    Warns
    -----
    DroppedRowsWarning
        When the default ``countries=`` left buildings out (eager only).

    Examples
    --------
    >>> import borderkit as bk  # doctest: +SKIP
    >>> folder = "vida/by_country_s2/country_iso=AFG"
    >>> pts = bk.load_settlements("buildings", path=folder, lazy=True)  # doctest: +SKIP
    >>> pts.map_partitions(len).compute().sum()  # doctest: +SKIP
    """
    default_filter = countries is _DEFAULT_COUNTRIES
    frame, counts, layout = _load(
        path,
        lazy=lazy,
        bbox=bbox,
        countries=countries,
        crs=crs,
        min_confidence=min_confidence,
        release=release,
    )
    if lazy:
        return frame
    frame.attrs["filtered"] = counts
    frame.attrs["dropped_columns"] = layout.dropped_columns
    frame.attrs["dataset"] = layout.where
    if layout.kind == "overture":
        frame.attrs["attribution"] = OVERTURE_ATTRIBUTION
    if layout.empty_files:
        frame.attrs["empty_files"] = [str(f) for f in layout.empty_files]
    if default_filter and counts.get("countries"):
        warnings.warn(
            f"building footprints: {layout.where}: left out {counts['countries']} building(s) whose centroid "
            f"lies outside the outlines of {', '.join(countries or ())}; pass countries=None to keep them "
            "(attrs['filtered'] counts every filter)",
            DroppedRowsWarning,
            stacklevel=2,
        )
    return frame


def count_filtered(
    path: str | Path,
    *,
    bbox: Sequence[float] | None = None,
    countries: Sequence[str] | str | None = _DEFAULT_COUNTRIES,
    crs: str | CRS | None = None,
    min_confidence: float | None = None,
) -> Any:
    """Return, lazily, how many buildings each filter of :func:`load_buildings` (``lazy=True``) leaves out.

    The counts read the files again (only the columns the filters need are
    kept afterwards); compute them with the frame, ``dask.compute(frame,
    counts)``, to run both in one pass of the scheduler.

    Parameters
    ----------
    path, bbox, countries, crs, min_confidence
        As in :func:`load_buildings`.

    Returns
    -------
    dask.dataframe.Series
        Indexed by filter (``bbox``, ``countries``, ``min_confidence``): buildings left out.
    """
    _, counts, _ = _load(
        path,
        lazy=True,
        bbox=bbox,
        countries=countries,
        crs=crs,
        min_confidence=min_confidence,
        release=None,
    )
    return counts


def _load(
    path: str | Path | None,
    *,
    lazy: bool,
    bbox: Sequence[float] | None,
    countries: Sequence[str] | str | None,
    crs: Any,
    min_confidence: float | None,
    release: str | None,
) -> tuple[Any, Any, _Layout]:
    from .settlements import _bbox_arg, _countries_arg, _outlines

    codes = _countries_arg(countries)
    box = _bbox_arg(bbox)
    if min_confidence is not None and not np.isfinite(float(min_confidence)):
        msg = f"min_confidence= must be a finite number (0 to 1), not {min_confidence!r}"
        raise SchemaError(msg)
    if path is None:
        if box is None:
            if codes is None:
                msg = "source='buildings' online (no path=) needs bbox= or countries= to bound the download"
                raise SchemaError(msg)
            outlines = _outlines()
            unknown = [c for c in codes if c not in outlines]
            if unknown:
                msg = f"countries={unknown} have no bundled outline; pass bbox= to read Overture online"
                raise SchemaError(msg)
            west, south, east, north = shapely.union_all([outlines[c] for c in codes]).bounds
            box = (float(west), float(south), float(east), float(north))
        from ._overture import fetch_overture

        path = fetch_overture(box, release=release)
    layout = _layout(Path(path), crs=crs)
    if min_confidence is not None:
        _confidence(layout)
    filters = _Filters(box, codes, None if min_confidence is None else float(min_confidence))
    if lazy:
        points, counts = _read_lazy(layout, filters)
        return points, counts, layout
    frame, counts = _read_eager(layout, filters)
    return frame, counts, layout
