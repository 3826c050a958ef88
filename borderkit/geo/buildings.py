"""Building footprints as settlement points: Open Buildings or Overture GeoParquet, eager or lazy.

Full-resolution footprint datasets (Google-Microsoft Open Buildings, Overture
Maps buildings) hold tens of millions of polygons for Afghanistan and
Pakistan. :func:`load_buildings` turns a GeoParquet file, or a folder of them,
into one point per building (the footprint's centroid, which lies within
metres of the building), ready for :func:`borderkit.nearest_crossing`,
:func:`borderkit.distance_to_border` and the other point analyses; with
``lazy=True`` it returns a ``dask_geopandas.GeoDataFrame`` read partition by
partition, never whole.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..errors import CRSError, DataReadError, DroppedRowsWarning, SchemaError

#: Columns kept when present, renamed to borderkit's names: Open Buildings, then Overture.
_ID_COLUMNS = ("full_plus_code", "id")
_KEPT = {"area_in_meters": "area_m2", "confidence": "confidence", "height": "height_m"}


def _schema(columns: pd.Index) -> tuple[str | None, dict[str, str]]:
    id_column = next((c for c in _ID_COLUMNS if c in columns), None)
    return id_column, {src: dst for src, dst in _KEPT.items() if src in columns}


def _as_points(part: gpd.GeoDataFrame, *, where: str) -> gpd.GeoDataFrame:
    """One partition of footprints as centroid points (EPSG:4326), with the kept columns."""
    if part.crs is None:
        msg = f"{where} has no CRS; a GeoParquet file records one (write it with geopandas' to_parquet)"
        raise CRSError(msg)
    id_column, kept = _schema(part.columns)
    geoms = part.geometry.values
    empty = shapely.is_missing(np.asarray(geoms)) | shapely.is_empty(np.asarray(geoms))
    if empty.any():
        rows = list(part.index[empty][:10])
        warnings.warn(
            f"{where}: dropped {int(empty.sum())} building(s) without geometry (rows {rows})",
            DroppedRowsWarning,
            stacklevel=3,
        )
        part = part.loc[~empty]
    kinds = set(shapely.get_type_id(np.asarray(part.geometry.values)).tolist()) - {3, 6}  # polygons
    if kinds - {0}:
        msg = f"{where}: building footprints must be polygons (or points), not geometry types {sorted(kinds)}"
        raise SchemaError(msg)
    if part.crs.to_epsg() != 4326:
        part = part.to_crs(4326)
    centroids = shapely.centroid(np.asarray(part.geometry.values))
    data = {
        "building_id": part[id_column].astype("string")
        if id_column
        else pd.Series(part.index.astype(str), index=part.index, dtype="string"),
        **{dst: pd.to_numeric(part[src], errors="coerce").astype("float64") for src, dst in kept.items()},
    }
    return gpd.GeoDataFrame(data, geometry=centroids, index=part.index, crs=4326)


def load_buildings(path: str | os.PathLike[str], *, lazy: bool = False) -> gpd.GeoDataFrame | Any:
    """Load building footprints from GeoParquet as one point per building.

    Parameters
    ----------
    path : str or path-like
        A GeoParquet file or a folder of them, e.g. Open Buildings tiles
        converted to GeoParquet or an Overture ``theme=buildings`` extract.
    lazy : bool
        False: read everything into a GeoDataFrame. True: return a
        ``dask_geopandas.GeoDataFrame`` (one partition per file or row
        group), for the point analyses to run partition by partition.

    Returns
    -------
    geopandas.GeoDataFrame or dask_geopandas.GeoDataFrame
        ``building_id`` (Open Buildings' ``full_plus_code`` or Overture's
        ``id``; else the row label), ``area_m2``, ``confidence`` and
        ``height_m`` where the source has them, geometry = the footprint's
        centroid (EPSG:4326).

    Raises
    ------
    DataReadError
        If the path does not exist or is not GeoParquet.
    CRSError, SchemaError
        If the file has no CRS, or its geometries are not polygons.

    Warns
    -----
    DroppedRowsWarning
        For footprints without geometry (dropped), with their count.
    """
    where = str(path)
    path = Path(path)
    if not path.exists():
        msg = f"{where} does not exist; pass a GeoParquet file or a folder of them"
        raise DataReadError(msg)
    if lazy:
        import dask_geopandas

        try:
            frame = dask_geopandas.read_parquet(path)
        except (OSError, ValueError) as exc:
            msg = f"could not read {where} as GeoParquet: {exc}"
            raise DataReadError(msg) from exc
        _, kept = _schema(frame.columns)
        meta = gpd.GeoDataFrame(
            {
                "building_id": pd.Series(dtype="string"),
                **{dst: pd.Series(dtype="float64") for dst in kept.values()},
            },
            geometry=gpd.GeoSeries([], crs=4326),
            index=pd.Index([], dtype=frame.index.dtype, name=frame.index.name),
        )
        return frame.map_partitions(_as_points, where=where, meta=meta, enforce_metadata=False)
    try:
        frame = gpd.read_parquet(path)
    except (OSError, ValueError) as exc:
        msg = f"could not read {where} as GeoParquet: {exc}"
        raise DataReadError(msg) from exc
    return _as_points(frame, where=where)
