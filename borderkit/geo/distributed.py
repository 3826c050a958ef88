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

import contextlib
import os
import shutil
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import BorderkitError, CRSError, DataReadError, SchemaError
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


# --------------------------------------------------------------------------- proximity, streamed to disk


def _proximity_part(
    part: gpd.GeoDataFrame,
    crossings: gpd.GeoDataFrame,
    line: Any,
    within_km: float,
    step_m: float,
    where: str,
    partition_info: dict[str, Any] | None = None,
) -> gpd.GeoDataFrame:
    """One partition: its own columns plus the nearest crossing and the distance to the line.

    An error names the input and the partition (a partition holds one file
    or one row group of the input, in order).
    """
    try:
        near = nearest_crossing(part, crossings)
        border_m = distance_to_border(part, line, step_m=step_m)
    except BorderkitError as exc:
        number = (partition_info or {}).get("number")
        place = f"{where}, partition {number}" if number is not None else where
        msg = f"{place}: {exc}"
        raise type(exc)(msg) from exc
    out = part.copy()
    out["crossing_id"] = near["crossing_id"].array
    out["distance_km"] = near["distance_m"].to_numpy() / 1000.0
    out["bearing_deg"] = near["bearing_deg"].to_numpy()
    out["border_km"] = border_m.to_numpy() / 1000.0
    out[f"within_{within_km:g}km"] = out["distance_km"].to_numpy() <= within_km
    return out


def proximity_dask(
    points: Any,
    crossings: gpd.GeoDataFrame,
    border: Any,
    *,
    within_km: float,
    step_m: float = 200.0,
    where: str = "points",
) -> Any:
    """Lazy proximity table of a dask-geopandas collection of points, partition by partition.

    Each partition keeps its own columns and gains ``crossing_id``,
    ``distance_km`` and ``bearing_deg`` (from :func:`borderkit.nearest_crossing`),
    ``border_km`` (from :func:`borderkit.distance_to_border`) and
    ``within_<d>km`` (True when the nearest crossing is at most ``within_km``
    away), computed in one pass over the partition: no shuffle, no join.

    Parameters
    ----------
    points : dask_geopandas.GeoDataFrame
        Points in any CRS, e.g. ``dask_geopandas.read_parquet("points/")``.
    crossings : geopandas.GeoDataFrame
        Points with a ``crossing_id`` column, e.g. ``bk.load_crossings()``.
    border : geopandas.GeoDataFrame or shapely geometry
        The line, e.g. ``bk.load_border()``.
    within_km : float
        Reach from a crossing, km (the ``within_<d>km`` column).
    step_m : float
        Densification step of the line (see :func:`borderkit.distance_to_border`).
    where : str
        How errors name the input (e.g. its path).

    Returns
    -------
    dask_geopandas.GeoDataFrame
        Lazy, with the points' partitions and index and a declared schema.

    Raises
    ------
    CRSError
        If the points have no CRS.
    SchemaError
        If the crossings have no ``crossing_id`` column, or the points
        already have a column the table adds.
    """
    from .proximity import _the_line_geom

    require_points(crossings, what="crossings")
    if "crossing_id" not in crossings.columns:
        msg = "crossings have no 'crossing_id' column; load them with bk.load_crossings()"
        raise SchemaError(msg)
    if points.crs is None:
        msg = (
            f"{where} has no CRS; write it as GeoParquet with a CRS (GeoDataFrame.set_crs('EPSG:4326') "
            "if the coordinates are longitude/latitude, then to_parquet)"
        )
        raise CRSError(msg)
    reach = f"within_{within_km:g}km"
    added = ["crossing_id", "distance_km", "bearing_deg", "border_km", reach]
    clash = [c for c in added if c in points.columns]
    if clash:
        msg = (
            f"{where} already has the column(s) {clash}, which the proximity table adds; rename them "
            "in the input first"
        )
        raise SchemaError(msg)
    line = _the_line_geom(border)
    small = gpd.GeoDataFrame({"crossing_id": crossings["crossing_id"]}, geometry=crossings.geometry.values)
    small = small.set_crs(crossings.crs)
    geometry = points.geometry.name
    meta = gpd.GeoDataFrame(
        {
            c: gpd.GeoSeries([], crs=points.crs) if c == geometry else pd.Series(dtype=t)
            for c, t in points.dtypes.items()
        },
        geometry=geometry,
        index=_index_like(points),
    )
    meta["crossing_id"] = crossings["crossing_id"].array[:0]
    for column in ("distance_km", "bearing_deg", "border_km"):
        meta[column] = np.empty(0, dtype="float64")
    meta[reach] = np.empty(0, dtype=bool)
    return points.map_partitions(
        _proximity_part, small, line, within_km, step_m, where, meta=meta, enforce_metadata=False
    )


def _replace_folder(tmp: Path, out: Path) -> None:
    """Put the finished folder ``tmp`` at ``out``, replacing a previous output folder there.

    The previous folder is moved aside, the new one renamed in, and the old
    one deleted only once the new one is in place; if the rename fails, the
    previous folder is put back (or, should even that fail, the error says
    where it is).
    """
    try:
        if not out.exists():
            os.replace(tmp, out)
            return
        old = out.parent / f".{out.name}.old.{uuid.uuid4().hex}"
        os.replace(out, old)
    except OSError as exc:
        msg = (
            f"could not put the result at {out}: {exc}. Another run may be writing there; choose "
            "another folder"
        )
        raise DataReadError(msg) from exc
    try:
        os.replace(tmp, out)
    except OSError as exc:
        try:
            os.replace(old, out)  # put the previous output back
        except OSError:
            msg = f"could not put the result at {out} ({exc}); the previous output is kept at {old}"
            raise DataReadError(msg) from exc
        msg = f"could not put the result at {out}: {exc}; the previous output is left in place"
        raise DataReadError(msg) from exc
    shutil.rmtree(old, ignore_errors=True)


def _compute(collections: list[Any], *, progress: bool) -> list[Any]:
    """Compute on the current dask.distributed client if there is one, else on local threads.

    Local threads run in a pool of this function's own, so that when a
    partition fails, the partitions still running finish before the caller
    deletes the temporary folder they write into.
    """
    import dask

    try:
        from distributed import default_client

        default_client()
    except (ImportError, ValueError):  # no distributed client: local threads
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # exit waits for running tasks
            if progress:
                from dask.diagnostics import ProgressBar

                with ProgressBar(out=sys.stderr):
                    return list(dask.compute(*collections, scheduler="threads", pool=pool))
            return list(dask.compute(*collections, scheduler="threads", pool=pool))
    if progress:
        from dask.diagnostics import ProgressBar

        with ProgressBar(out=sys.stderr):
            return list(dask.compute(*collections))
    return list(dask.compute(*collections))


def check_parquet_folder(out: str | os.PathLike[str]) -> Path:
    """Return ``out`` as a Path if a folder of Parquet files may be written there; fail otherwise.

    ``out`` may be missing (it is created) or a folder that holds only
    Parquet files (a previous output, replaced whole). Anything else is
    left alone and refused.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        msg = (
            f"{out} exists and is a file; the output is a folder of GeoParquet files (one per "
            "partition). Choose another path or remove the file"
        )
        raise DataReadError(msg)
    if out.is_dir():
        other = [p.name for p in out.iterdir() if p.suffix != ".parquet" and p.name not in _PARQUET_SIDECARS]
        if other:
            msg = (
                f"{out} is a folder holding other files than Parquet ({', '.join(sorted(other)[:5])}); "
                "borderkit replaces only a folder of Parquet files. Choose another path"
            )
            raise DataReadError(msg)
    return out


_PARQUET_SIDECARS = ("_metadata", "_common_metadata")


def write_parquet_folder(
    frame: Any,
    out: str | os.PathLike[str],
    *,
    also: Sequence[Any] = (),
    progress: bool = False,
    client: Any = None,
) -> tuple[Path, list[Any]]:
    """Write a lazy dask (Geo)DataFrame as a folder of (Geo)Parquet files, one per partition, atomically.

    The partitions are computed and written one by one on the workers (the
    scheduler keeps a few in flight, so memory stays bounded whatever the
    total), into a temporary folder beside ``out`` that is renamed to
    ``out`` when every partition is written: an interrupted run leaves the
    previous folder, or none, never part of one. A previous folder of
    Parquet files at ``out`` is replaced; any other file or folder there is
    refused.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame or dask_geopandas.GeoDataFrame
        What to write; a named index is written as a column and restored on
        reading, an unnamed one is not written.
    out : str or path-like
        The folder to write (e.g. ``result.parquet``), on a file system the
        workers can write to (on a multi-machine cluster, a shared one).
    also : sequence of dask collections
        Small results computed in the same pass, sharing the partitions
        (e.g. counts per crossing); their values are returned.
    progress : bool
        Show dask's progress bar on stderr.
    client : distributed.Client, optional
        Run on this cluster; default: the current client if any, else
        dask's local threads.

    Returns
    -------
    (pathlib.Path, list)
        ``out`` and the computed values of ``also``.
    """
    out = check_parquet_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.{uuid.uuid4().hex}.tmp"
    tmp.mkdir()  # a plain mkdir: the mode follows the umask, as any folder the user makes
    futures: list[Any] = []
    try:
        write_index = frame.index.name is not None
        writing = frame.to_parquet(tmp, write_index=write_index, compute=False)
        if client is not None:
            futures = client.compute([writing, *also])
            if progress:
                from distributed import progress as show_progress

                with contextlib.redirect_stdout(sys.stderr):  # the bar is for the terminal, not the result
                    show_progress(futures, notebook=False)
            values = client.gather(futures)
        else:
            values = _compute([writing, *also], progress=progress)
        _replace_folder(tmp, out)
    except BaseException:
        if futures:  # stop the partitions still running on the cluster before deleting their folder
            with contextlib.suppress(Exception):
                client.cancel(futures, force=True)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out, list(values[1:])
