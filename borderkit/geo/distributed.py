"""The point analyses on dask: the same functions, partition by partition, with declared schemas.

:func:`borderkit.nearest_crossing`, :func:`borderkit.distance_to_border`,
:func:`borderkit.within` and :func:`borderkit.summarise_by_crossing` accept a
``dask_geopandas.GeoDataFrame`` (or GeoSeries) of points and hand it here.
Each returns a lazy dask object whose ``meta`` (the output's columns and
dtypes) is declared, so dask never runs the function on a fake partition to
guess it; an empty partition (after a filter, say) gives an empty piece of the
same schema. The targets (crossings, border, zones) are small and travel with
the task graph; the border's search index is built once per worker process
and cached.

Nothing here needs a cluster: ``.compute()`` runs on dask's default threads;
with a ``dask.distributed.Client`` (a ``LocalCluster`` or a scheduler address on
many machines) the same graph runs there.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import SchemaError
from ._validate import require_points
from .proximity import (
    distance_to_border,
    nearest_crossing,
    within,
)


def _index_like(points: Any) -> pd.Index:
    """Return an empty index of the points' index dtype and name."""
    return pd.Index([], dtype=points.index.dtype, name=points.index.name)


def nearest_crossing_meta(points: Any, crossings: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return the empty frame nearest_crossing gives for the points' index: its schema."""
    return pd.DataFrame(
        {
            "crossing_id": crossings["crossing_id"].array[:0],
            "distance_m": pd.Series(dtype="float64"),
            "bearing_deg": pd.Series(dtype="float64"),
        },
        index=_index_like(points),
    )


def nearest_crossing_dask(points: Any, crossings: gpd.GeoDataFrame) -> Any:
    """Lazy :func:`borderkit.nearest_crossing` over a dask-geopandas collection of points."""
    require_points(crossings, what="crossings")
    if "crossing_id" not in crossings.columns:
        msg = "crossings have no 'crossing_id' column; load them with bk.load_crossings()"
        raise SchemaError(msg)
    small = gpd.GeoDataFrame({"crossing_id": crossings["crossing_id"]}, geometry=crossings.geometry.values)
    return points.map_partitions(
        nearest_crossing, small, meta=nearest_crossing_meta(points, crossings), enforce_metadata=False
    )


def distance_to_border_dask(points: Any, border: Any, *, step_m: float) -> Any:
    """Lazy :func:`borderkit.distance_to_border` over a dask-geopandas collection of points."""
    meta = pd.Series(np.empty(0), index=_index_like(points), name="distance_to_border_m")
    return points.map_partitions(distance_to_border, border, step_m=step_m, meta=meta, enforce_metadata=False)


def within_dask(points: Any, target: Any, distance_km: float) -> Any:
    """Lazy :func:`borderkit.within` over a dask-geopandas collection of points."""
    meta = pd.Series(np.empty(0, dtype=bool), index=_index_like(points), name=f"within_{distance_km:g}km")
    return points.map_partitions(within, target, distance_km, meta=meta, enforce_metadata=False)


def _nearest_with_population(
    part: gpd.GeoDataFrame, crossings: gpd.GeoDataFrame, within_km: float
) -> pd.DataFrame:
    """One partition's settlements: nearest crossing, distance, people (0 if unknown), whether in reach."""
    near = nearest_crossing(part, crossings)
    pop = pd.to_numeric(part["population"], errors="coerce")
    return pd.DataFrame(
        {
            "crossing_id": near["crossing_id"].array,
            "distance_m": near["distance_m"].to_numpy(),
            "population": pop.fillna(0.0).to_numpy(dtype="float64"),
            "unknown": pop.isna().to_numpy().astype("int64"),
            "inside": (near["distance_m"].to_numpy() <= within_km * 1000.0).astype("int64"),
        },
        index=part.index,
    )


def summarise_by_crossing_dask(settlements: Any, crossings: gpd.GeoDataFrame, *, within_km: float) -> Any:
    """Lazy :func:`borderkit.summarise_by_crossing` over a dask-geopandas collection of settlements.

    Counts and sums are combined across partitions; the median distance is
    dask's exact grouped median (a shuffle by crossing). The result is a
    one-partition dask DataFrame in the crossings' order.
    """
    if "population" not in settlements.columns:
        msg = (
            "settlements have no 'population' column; load them with bk.load_settlements() or "
            "add one (NaN where unknown)"
        )
        raise SchemaError(msg)
    require_points(crossings, what="crossings")
    small = gpd.GeoDataFrame({"crossing_id": crossings["crossing_id"]}, geometry=crossings.geometry.values)
    ids = crossings["crossing_id"].to_numpy()
    meta_rows = pd.DataFrame(
        {
            "crossing_id": crossings["crossing_id"].array[:0],
            "distance_m": pd.Series(dtype="float64"),
            "population": pd.Series(dtype="float64"),
            "unknown": pd.Series(dtype="int64"),
            "inside": pd.Series(dtype="int64"),
        },
        index=_index_like(settlements),
    )
    rows = settlements.map_partitions(
        _nearest_with_population, small, within_km, meta=meta_rows, enforce_metadata=False
    )
    rows = rows.assign(population_in=rows["population"] * rows["inside"])
    grouped = rows.groupby("crossing_id")
    sums = grouped[["population", "inside", "population_in", "unknown"]].sum()
    counts = grouped["distance_m"].count().rename("settlements")
    medians = grouped["distance_m"].median(shuffle_method="tasks").rename("median_distance_m")
    table = sums.join(counts).join(medians).repartition(npartitions=1)
    names = (
        crossings.set_index("crossing_id")["name"]
        if "name" in crossings.columns
        else pd.Series(ids, index=pd.Index(ids, name="crossing_id"))
    )
    meta = _summary_frame(_empty_table(ids), ids, names, within_km)
    return table.map_partitions(_summary_frame, ids, names, within_km, meta=meta, enforce_metadata=False)


def _empty_table(ids: np.ndarray) -> pd.DataFrame:
    """Return the grouped sums' empty frame (the input schema of :func:`_summary_frame`)."""
    columns = ["population", "inside", "population_in", "unknown", "settlements", "median_distance_m"]
    return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns}, index=pd.Index(ids[:0]))


def _summary_frame(table: pd.DataFrame, ids: np.ndarray, names: pd.Series, within_km: float) -> pd.DataFrame:
    """Turn the grouped sums into summarise_by_crossing's table: one row per crossing, in order."""
    table = table.reindex(pd.Index(ids, name="crossing_id"))
    out = pd.DataFrame(
        {
            "name": names.reindex(table.index).to_numpy(),
            "settlements": table["settlements"].fillna(0).astype("int64").to_numpy(),
            "population": table["population"].fillna(0).astype("int64").to_numpy(),
            "settlements_within": table["inside"].fillna(0).astype("int64").to_numpy(),
            "population_within": table["population_in"].fillna(0).astype("int64").to_numpy(),
            "median_distance_km": (table["median_distance_m"] / 1000.0).to_numpy(dtype="float64"),
            "unknown_population": table["unknown"].fillna(0).astype("int64").to_numpy(),
        },
        index=table.index,
    )
    out.attrs["within_km"] = within_km
    return out
