"""``borderkit proximity --points``: a (Geo)Parquet of any size, streamed on dask to a folder of GeoParquet.

The points are read lazily (:func:`dask_geopandas.read_parquet`), each
partition gets its nearest crossing and its distance to the line in one pass
(:func:`borderkit.geo.distributed.proximity_dask`) and is written as one file
of the output folder by the workers
(:func:`borderkit.geo.distributed.write_parquet_folder`): nothing is gathered
here, so memory is bounded whatever the number of points.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .commands import build_region
from .output import format_table


def read_points_lazily(path: str, args: argparse.Namespace):
    """Read a GeoParquet file or folder lazily (dask-geopandas); plain Parquet with lon/lat columns too."""
    from ..errors import DataReadError, SchemaError

    try:
        import dask.dataframe as dd
        import dask_geopandas
    except ImportError as exc:
        msg = f"--points needs dask-geopandas ({exc}); install it: pip install dask-geopandas distributed"
        raise ImportError(msg) from exc
    if not Path(path).exists():
        msg = f"--points {path} does not exist; give a GeoParquet file or a folder of them"
        raise DataReadError(msg)
    try:
        return dask_geopandas.read_parquet(path)
    except Exception as exc:  # dask wraps pyarrow's and geopandas' errors; the cause says what is wrong
        cause = exc.__cause__ or exc
        text = " ".join(str(cause).split())
        if "geo metadata" not in text.lower():
            msg = (
                f"could not read --points {path} as GeoParquet ({type(cause).__name__}: {text}); give a "
                "GeoParquet file or folder (geopandas' to_parquet writes one)"
            )
            raise DataReadError(msg) from exc
    # Plain Parquet: points from longitude/latitude columns, in EPSG:4326 unless --crs says otherwise.
    frame = dd.read_parquet(path)
    mapping = getattr(args, "columns", None) or {}
    names = {c.lower(): c for c in frame.columns}
    lon = mapping.get("lon") or next((names[c] for c in ("lon", "longitude", "x") if c in names), None)
    lat = mapping.get("lat") or next((names[c] for c in ("lat", "latitude", "y") if c in names), None)
    if lon not in frame.columns or lat not in frame.columns:
        msg = (
            f"--points {path} is Parquet without geometry (no GeoParquet metadata) and has no lon/lat "
            f"columns (its columns: {', '.join(map(str, list(frame.columns)[:12]))}); name them with "
            "--columns lat=COLUMN,lon=COLUMN, or write the file with geopandas' to_parquet"
        )
        raise SchemaError(msg)
    crs = getattr(args, "crs", None) or "EPSG:4326"
    geometry = dask_geopandas.points_from_xy(frame, lon, lat, crs=crs)
    return dask_geopandas.from_dask_dataframe(frame, geometry=geometry).set_crs(crs)


def dask_client(address: str):
    """Connect to a running dask.distributed scheduler, or fail saying how to reach one."""
    from .. import settings
    from ..errors import SourceUnavailableError

    try:
        from distributed import Client
    except ImportError as exc:
        msg = f"--scheduler needs dask.distributed ({exc}); install it: pip install distributed"
        raise ImportError(msg) from exc
    try:
        return Client(address, timeout=f"{max(1.0, float(settings.timeout)):g}s")
    except (OSError, TimeoutError) as exc:
        msg = (
            f"could not reach the dask scheduler at {address} ({type(exc).__name__}: {exc}); check the "
            "address `dask scheduler` printed and that this machine can reach it, or leave out "
            "--scheduler to run on this machine's threads"
        )
        raise SourceUnavailableError(msg) from exc


def cmd_proximity_points(args: argparse.Namespace) -> int:
    """``proximity --points``: stream a (Geo)Parquet of points to a folder of GeoParquet, on dask."""
    from ..errors import EmptyDataError
    from ..geo.distributed import check_parquet_folder, proximity_dask, write_parquet_folder

    others = [
        flag
        for flag, value in (
            ("--settlements", args.settlements),
            ("--by-road", args.by_road),
            ("--graph", args.graph),
            ("--min-population", args.min_population),
            ("--all-places", args.all_places),
        )
        if value
    ]
    if others:
        msg = (
            f"{' and '.join(others)} do not apply with --points (every point is written, with its "
            "border_km to filter on); leave them out, or use --settlements FILE without --points"
        )
        raise ValueError(msg)
    if args.format != "table":
        msg = f"--points writes GeoParquet to --out; --format {args.format} goes with --settlements"
        raise ValueError(msg)
    if not args.out:
        msg = "--points needs --out FOLDER: where to write the result, one GeoParquet file per partition"
        raise ValueError(msg)
    notes: list[str] = []
    region = build_region(args, notes)
    crossings = region.crossings
    if crossings.empty:
        msg = f"the {region.name} has no crossings in borderkit's bundle; give some with --crossings FILE"
        raise EmptyDataError(msg)
    out = check_parquet_folder(args.out)  # refuse before any work
    source = Path(args.points).resolve()
    if out.resolve() == source or source.is_relative_to(out.resolve()):
        msg = f"--out {args.out} would replace the input --points {args.points}; write the result elsewhere"
        raise ValueError(msg)
    points = read_points_lazily(args.points, args)
    if args.partitions:
        points = points.repartition(npartitions=args.partitions)
    reach = f"within_{args.within_km:g}km"
    table = proximity_dask(points, crossings, region.border, within_km=args.within_km, where=args.points)
    counts = table.groupby("crossing_id")[reach].agg(["count", "sum"])
    client = dask_client(args.scheduler) if args.scheduler else None
    args.progress(
        f"{points.npartitions:,} partitions of {args.points} on "
        + (f"the dask cluster at {args.scheduler}" if client is not None else "this machine's threads")
    )
    try:
        path, (by_crossing,) = write_parquet_folder(
            table, out, also=[counts], progress=args.progress.enabled, client=client
        )
    finally:
        if client is not None:
            client.close()
    by_crossing = by_crossing.reindex(crossings["crossing_id"]).fillna(0)
    total = int(by_crossing["count"].sum())
    rows = [
        [name, f"{int(r['count']):,}", f"{int(r['sum']):,}"]
        for name, (_, r) in zip(crossings["name"], by_crossing.iterrows(), strict=True)
    ]
    text = format_table(rows, ["Crossing", "Nearest to", f"Within {args.within_km:g} km"], {1, 2})
    notes.append(
        f"{total:,} points from {args.points} in {points.npartitions:,} partitions, each counted at its "
        "nearest crossing (geodesic straight line, WGS84). Every point is written, with crossing_id, "
        f"distance_km, bearing_deg, border_km and {reach}."
    )
    path = path.resolve()
    if args.quiet:
        print(path)
        return 0
    sys.stdout.write(text + "\n\n" + "\n".join(notes) + "\n")
    print(f"Written to {path} (a folder of GeoParquet files, one per partition)")
    return 0
