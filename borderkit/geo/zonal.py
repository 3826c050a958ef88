"""People by distance band from the border line and from each crossing, read from a raster in windows.

:func:`population_by_distance_band` reads a population raster (people per
cell) window by window, never whole: for a 100 m raster of the region (10^8
cells) only one window of cells and their distances are in memory at a time.
Each valid cell's people are placed at the cell's centre, whose geodesic
distances to the line and to the nearest crossing are exact
(:mod:`borderkit.geo.spatial_index`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from rasterio.windows import Window

from ..errors import NoOverlapError, SchemaError
from .proximity import _the_line_geom, points_xy
from .raster import RasterLike, check_band, open_raster, raster_crs
from .spatial_index import TargetIndex, line_index, nearest_targets


def _windows(width: int, height: int, size: int) -> list[Window]:
    return [
        Window(col, row, min(size, width - col), min(size, height - row))
        for row in range(0, height, size)
        for col in range(0, width, size)
    ]


def population_by_distance_band(
    raster: RasterLike,
    border: gpd.GeoDataFrame | shapely.Geometry,
    crossings: gpd.GeoDataFrame,
    *,
    bands_km: Sequence[float] = (10.0, 25.0, 50.0),
    band: int = 1,
    window_cells: int = 1024,
) -> pd.DataFrame:
    """Count the people within each distance of the border line and of each crossing.

    Parameters
    ----------
    raster : str, path-like, http(s) URL or rasterio dataset
        A raster of counts (people per cell) in any CRS, e.g. a WorldPop,
        GHSL or HREA grid.
    border : geopandas.GeoDataFrame or shapely geometry
        The line, e.g. ``bk.load_border()``.
    crossings : geopandas.GeoDataFrame
        Points with a ``crossing_id`` column, e.g. ``bk.load_crossings()``
        (filtered to those open on a date, when crossings carry their history).
    bands_km : sequence of float
        Distances, km; each band counts everyone within it (cumulative).
    band : int
        The raster band to read (1-based).
    window_cells : int
        Side of the square windows read one at a time, cells.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``target``: ``"border"`` (people within each distance of
        the line) and each crossing id (people whose nearest crossing it is,
        within each distance of it); one column ``within_<d>km`` per band
        (float, people). ``attrs`` record the raster, the band, the cells
        read and the valid cells.

    Notes
    -----
    A cell counts when its value is valid (not nodata, not masked, finite,
    and not negative) and its centre lies within the distance; with 100 m
    cells the edge of a band is thus placed within about 70 m. The
    crossings' rows add up to the people within each distance of their
    nearest crossing.

    Raises
    ------
    ValueError
        If a band is not a positive distance or ``window_cells`` < 1.
    NoOverlapError
        If the raster holds no valid cell.
    """
    bands = sorted(float(b) for b in bands_km)
    if not bands or not all(b > 0 and math.isfinite(b) for b in bands):
        msg = f"bands_km must be positive distances in km, not {list(bands_km)}"
        raise ValueError(msg)
    if window_cells < 1:
        msg = f"window_cells must be at least 1, not {window_cells}"
        raise ValueError(msg)
    line = _the_line_geom(border)
    _, cxy = points_xy(crossings, what="crossings")
    if "crossing_id" not in crossings.columns:
        msg = "crossings have no 'crossing_id' column; load them with bk.load_crossings()"
        raise SchemaError(msg)
    ids = crossings["crossing_id"].to_numpy()
    limits_m = np.array(bands) * 1000.0
    targets = TargetIndex(cxy[:, 0], cxy[:, 1])
    near_line = line_index(line, 200.0)
    by_line = np.zeros(len(bands))
    by_crossing = np.zeros((len(ids), len(bands)))
    cells = valid_cells = 0
    with open_raster(raster, what="population raster") as (ds, label):
        crs = raster_crs(ds, label)
        check_band(ds, band, label)
        to_lonlat = None if crs.equals("EPSG:4326") else Transformer.from_crs(crs, 4326, always_xy=True)
        for window in _windows(ds.width, ds.height, window_cells):
            values = ds.read(band, window=window, masked=True)
            cells += values.size
            keep = ~np.ma.getmaskarray(values) & np.isfinite(values.filled(np.nan)) & (values.filled(0) > 0)
            if not keep.any():
                continue
            rows, cols = np.nonzero(keep)
            people = np.asarray(values.data[rows, cols], dtype="float64")
            valid_cells += len(people)
            x, y = ds.xy(rows + window.row_off, cols + window.col_off)  # cell centres
            lon, lat = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")
            if to_lonlat is not None:
                lon, lat = to_lonlat.transform(lon, lat)
            d_line = near_line.distance_m(lon, lat)
            nearest, d_cross, _ = nearest_targets(lon, lat, targets)
            for j, limit in enumerate(limits_m):
                by_line[j] += people[d_line <= limit].sum()
                inside = d_cross <= limit
                by_crossing[:, j] += np.bincount(nearest[inside], weights=people[inside], minlength=len(ids))
        if valid_cells == 0:
            msg = f"the population raster {label} holds no valid cell (all nodata, masked or 0)"
            raise NoOverlapError(msg)
    columns = [f"within_{b:g}km" for b in bands]
    out = pd.DataFrame(
        np.vstack([by_line, by_crossing]),
        index=pd.Index(["border", *ids], name="target"),
        columns=columns,
    )
    out.attrs.update({"raster": label, "band": band, "cells_read": cells, "valid_cells": valid_cells})
    return out
