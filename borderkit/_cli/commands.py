"""The ``borderkit`` commands: each reads its arguments, calls the library and shows the result."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .output import csv_out, emit, format_table

# --------------------------------------------------------------------------- inputs


def _file_options(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments for a loader from ``--columns``, ``--crs`` and ``--layer`` (those given)."""
    keys = {"columns": "columns", "crs": "crs", "layer": "layer"}
    return {kw: getattr(args, a) for a, kw in keys.items() if getattr(args, a, None) is not None}


def _load_events_arg(args: argparse.Namespace, path: str):
    """Load an events file (or "timeline" for the bundled one) and keep the dates asked."""
    from ..errors import EmptyDataError
    from ..geo.events import filter_events, load_events

    options: dict[str, Any] = {}
    if getattr(args, "columns", None) is not None:
        options["columns"] = args.columns
    if getattr(args, "encoding", None) is not None:
        options["encoding"] = args.encoding
    events = load_events(path, **options)
    if not (args.since or args.until):
        return events
    kept = filter_events(events, start=args.since, end=args.until)
    if len(kept) == 0 and len(events):
        dates = events["date"].dropna()
        span = f"; its events run from {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
        window = " and ".join(
            x
            for x in (
                f"--since {args.since}" if args.since else "",
                f"--until {args.until}" if args.until else "",
            )
            if x
        )
        msg = f"no event of {path} is left by {window}{span}: choose dates within that range"
        raise EmptyDataError(msg)
    return kept


def build_region(args: argparse.Namespace, notes: list[str], *, events: Any = None):
    """Build the one :class:`~borderkit.regions.Region` of this run.

    From ``--region``, ``--crossings``, ``--as-of`` and ``--open-only``
    (those the command has); says in ``notes`` what the date changed.
    """
    from ..geo import load_crossings
    from ..regions import Region, region_key

    key = region_key(str(getattr(args, "region", None) or "AFG-PAK").split("-"))
    file = getattr(args, "crossings", None)
    as_of = getattr(args, "as_of", None)
    crossings = None
    if file:
        options = _file_options(args)
        if as_of:
            options["as_of"] = as_of
        crossings = load_crossings(file, border=key, **options)
    elif as_of:
        probe = Region(key)
        if probe.curated:
            crossings = load_crossings(border=key, as_of=as_of)
        else:
            notes.append(f"--as-of {as_of}: the {probe.name} has no bundled crossings, so no status history.")
    if crossings is not None and as_of:
        counts = crossings["status"].fillna("unknown").value_counts()
        told = ", ".join(f"{n} {status}" for status, n in counts.items())
        notes.append(f"Crossing status on {as_of} (cited status history): {told}.")
        if getattr(args, "open_only", False):
            from ..geo.status import open_crossings

            before = len(crossings)
            crossings = open_crossings(as_of, crossings)
            left = before - len(crossings)
            notes.append(
                f"--open-only: {len(crossings)} of {before} crossings were open on {as_of} and are used; "
                f"{left} closed or of unknown status are left out."
            )
            if crossings.empty:
                from ..errors import EmptyDataError

                msg = f"no crossing was open on {as_of} (--open-only); choose another --as-of day"
                raise EmptyDataError(msg)
    return Region(key, crossings=crossings, events=events)


def _placed(events, notes: list[str]):
    """Keep the events that have a place, for a spatial summary; note how many were left out."""
    missing = events.geometry.isna() | events.geometry.is_empty
    if missing.any():
        notes.append(
            f"{int(missing.sum()):,} of {len(events):,} events have no place (no coordinates) and are "
            "left out of this summary; --by month counts them."
        )
        return events[~missing]
    return events


# --------------------------------------------------------------------------- commands


def _region_map(
    region: Any,
    others: list[Any],
    *,
    events: Any,
    tiles: str | None,
    flows: Any,
    stocks: Any,
    population_type: Any = None,
):
    """Build the map of ``region`` (and of ``others`` on the same map); ``tiles=None``: the default tiles."""
    from ..maps import make_map

    options: dict[str, Any] = {} if tiles is None else {"tiles": tiles}
    if others:
        options["regions"] = [region, *others]
    else:
        options["region"] = region
    return make_map(events=events, flows=flows, stocks=stocks, population_type=population_type, **options)


def cmd_map(args: argparse.Namespace) -> int:
    from ..maps import save_html
    from ..regions import Region

    progress = args.progress
    events = None
    if args.events:
        progress(f"Loading events from {args.events}...")
        events = _load_events_arg(args, args.events)
        progress(f"{len(events):,} events")
    progress("Loading the border, crossings, provinces and settlements; measuring corridors...")
    notes: list[str] = []
    region = build_region(args, notes, events=events)
    for note in notes:
        progress(note)
    others = [Region(key) for key in args.also_region if key != region.key]
    m = _region_map(
        region,
        others,
        events=events,
        tiles=args.tiles,
        flows=args.flows,
        stocks=args.stocks,
        population_type=getattr(args, "population_type", None),
    )
    progress("Writing the map" + (" with its scripts and styles inlined..." if not args.cdn else "..."))
    path = save_html(m, args.out, self_contained=not args.cdn)
    progress(f"Done: {path.stat().st_size / 1e6:.1f} MB")
    if args.quiet:
        print(path)
    else:
        print(f"Map written to {path}")
        print(f"Open it in a browser: file://{path}")
    return 0


def _corridors_frame(args: argparse.Namespace, notes: list[str]):
    from ..errors import EmptyDataError
    from ..geo import border_length_by_unit, load_admin_units

    region = build_region(args, notes)
    border = region.border
    if args.by == "crossing":
        if region.segments is None:
            msg = (
                f"the {region.name} has no crossings in borderkit's bundle; give some with --crossings FILE "
                "(or use --by unit)"
            )
            raise EmptyDataError(msg)
        return border, region.segments
    if args.admin:
        units = load_admin_units(level=args.level, source=args.admin, **_file_options(args))
        return border, border_length_by_unit(border, units)
    if args.level == 1:
        return border, region.length_by_unit
    return border, border_length_by_unit(border, region.admin_units(args.level))


def cmd_corridors(args: argparse.Namespace) -> int:
    notes: list[str] = []
    border, frame = _corridors_frame(args, notes)
    total = border["length_km"].iloc[0]
    if args.format == "geojson":
        text = frame.to_json(drop_id=True, ensure_ascii=False)
    elif args.format == "csv":
        text = csv_out(frame.drop(columns=frame.geometry.name), args)
    elif args.by == "crossing":
        rows = [
            [f"{r.from_name} -> {r.to_name}", f"{r.start_km:,.1f}", f"{r.end_km:,.1f}", f"{r.length_km:,.1f}"]
            for r in frame.itertuples()
        ]
        rows.append(["Total (border length)", "", "", f"{frame.length_km.sum():,.1f}"])
        text = format_table(rows, ["Corridor (north to south)", "From km", "To km", "Length km"], {1, 2, 3})
        notes.append(f"Geodesic lengths (WGS84) along the {border['name'].iloc[0]}, {total:,.1f} km in all.")
    else:
        rows = [
            [r.country, r.unit_id, r.name, f"{r.length_km:,.1f}", f"{100 * r.share:.1f}"]
            for r in frame.itertuples()
        ]
        text = format_table(rows, ["Side", "Unit", "Name", "Length km", "Share %"], {3, 4})
        notes.append(
            f"Each side adds up to the whole line, {total:,.1f} km (geodesic, WGS84); every piece "
            "of the line is assigned to the nearest unit on each side."
        )
    return emit(args, text, notes)


def _proximity_frame(args: argparse.Namespace, notes: list[str]):
    """Per settlement near the line: nearest crossing (straight line and, if asked, by road)."""
    from ..errors import EmptyDataError
    from ..geo import distance_to_border, load_settlements, nearest_crossing, network_distance_to_crossing

    region = build_region(args, notes)
    crossings = region.crossings
    if crossings.empty:
        msg = f"the {region.name} has no crossings in borderkit's bundle; give some with --crossings FILE"
        raise EmptyDataError(msg)
    options = _file_options(args)
    if not args.settlements:  # GeoNames: the places of the region's two countries
        options["countries"] = list(region.codes)
    places = load_settlements(args.settlements or "geonames", min_population=args.min_population, **options)
    border_km = distance_to_border(places, region.border) / 1000.0
    if args.all_places:
        notes.append(f"{len(places):,} settlements, wherever they lie.")
    else:
        near = (border_km <= args.near_km).to_numpy()
        notes.append(
            f"{int(near.sum()):,} of {len(places):,} settlements lie within {args.near_km:g} km of the "
            f"border line and are counted; {len(places) - int(near.sum()):,} farther away are left out "
            "(--near-km sets the distance, --all-places counts every one)."
        )
        places, border_km = places[near], border_km[near]
    near = nearest_crossing(places, crossings)
    out = places[["settlement_id", "name", "country", "population", "geometry"]].copy()
    out["crossing_id"] = near["crossing_id"]
    out["distance_km"] = near["distance_m"] / 1000.0
    out["bearing_deg"] = near["bearing_deg"]
    out["border_km"] = border_km
    out[f"within_{args.within_km:g}km"] = out["distance_km"] <= args.within_km
    if args.by_road:
        road = network_distance_to_crossing(places, crossings, graph=args.graph)
        out["road_crossing_id"] = road["crossing_id"]
        out["road_km"] = road["network_distance_m"] / 1000.0
        out["detour_ratio"] = road["detour_ratio"]
    return crossings, out.reset_index(drop=True)


def cmd_proximity(args: argparse.Namespace) -> int:
    if getattr(args, "points", None):
        from .points import cmd_proximity_points

        return cmd_proximity_points(args)
    lonely = [f for f in ("scheduler", "partitions") if getattr(args, f, None) is not None]
    if lonely:
        msg = f"--{' and --'.join(lonely)} go with --points FILE (a GeoParquet of points to stream)"
        raise ValueError(msg)
    notes: list[str] = []
    crossings, frame = _proximity_frame(args, notes)
    if args.format == "geojson":
        text = frame.to_json(drop_id=True, ensure_ascii=False)
    elif args.format == "csv":
        text = csv_out(frame.drop(columns="geometry"), args)
    else:
        reach = f"within_{args.within_km:g}km"
        rows = []
        for cid, name in zip(crossings["crossing_id"], crossings["name"], strict=True):
            mine = frame[frame["crossing_id"] == cid]
            inside = mine[mine[reach]]
            row = [
                name,
                f"{len(mine):,}",
                f"{mine['population'].fillna(0).sum():,.0f}",
                f"{len(inside):,}",
                f"{inside['population'].fillna(0).sum():,.0f}",
                f"{mine['distance_km'].median():,.1f}" if len(mine) else "",
            ]
            if args.by_road:
                road = frame[frame["road_crossing_id"] == cid]["road_km"]
                row.append(f"{road.median():,.1f}" if road.notna().any() else "")
            rows.append(row)
        header = ["Crossing", "Nearest to", "People", f"Within {args.within_km:g} km", "People", "Median km"]
        if args.by_road:
            header.append("Median road km")
        text = format_table(rows, header, set(range(1, len(header))))
    notes.append(
        "Each settlement is counted at its nearest crossing (geodesic straight line, WGS84); population "
        "as given by the source (GeoNames by default; 0 where unknown)."
    )
    return emit(args, text, notes)


def cmd_events_summary(args: argparse.Namespace) -> int:
    from ..geo import load_admin_units
    from ..geo.events import events_by_period, events_by_segment, events_by_unit

    events = _load_events_arg(args, args.path)
    notes: list[str] = [f"{len(events):,} events from {args.path}."]
    region = build_region(args, notes)
    if args.by == "segment":
        placed = _placed(events, notes)
        table = events_by_segment(placed, region.segments, max_distance_km=args.max_km)
        rows = [
            [
                f"{r.from_name} -> {r.to_name}",
                f"{r.length_km:,.1f}",
                f"{r.count:,}",
                f"{r.fatalities:,}",
                f"{r.events_per_100km:,.1f}",
            ]
            for r in table.itertuples()
        ]
        text = format_table(
            rows, ["Corridor (north to south)", "Length km", "Events", "Deaths", "Per 100 km"], {1, 2, 3, 4}
        )
        where = f"lie farther than {args.max_km:g} km from the line"
    elif args.by == "unit":
        placed = _placed(events, notes)
        if args.admin:
            units = load_admin_units(level=args.level, source=args.admin, **_file_options(args))
        else:
            units = region.admin_units(args.level)
        table = events_by_unit(placed, units)
        rows = [
            [r.country, r.unit_id, r.name, f"{r.count:,}", f"{r.fatalities:,}"] for r in table.itertuples()
        ]
        text = format_table(rows, ["Side", "Unit", "Name", "Events", "Deaths"], {3, 4})
        where = "fall in no unit"
    else:
        table = events_by_period(events, freq="MS")
        table = table.reset_index()
        table.insert(0, "month", table.pop("period").dt.strftime("%Y-%m"))
        rows = [[r.month, f"{r.count:,}", f"{r.fatalities:,}"] for r in table.itertuples()]
        text = format_table(rows, ["Month", "Events", "Deaths"], {1, 2})
        where = "have no date"
    unassigned = int(table.attrs.get("unassigned", 0) or 0)
    if unassigned:
        notes.append(f"{unassigned:,} events are not counted above: they {where} (see the warning).")
    if args.format == "csv":
        text = csv_out(table.drop(columns=[c for c in ("geometry",) if c in table.columns]), args)
    return emit(args, text, notes)


def cmd_export(args: argparse.Namespace) -> int:
    from ..maps.export import SUFFIXES, export
    from ..maps.named_layers import LAYER_NAMES, TIMELINE_REGION, named_layers

    fmt = args.format or SUFFIXES.get(Path(args.out).suffix.lower())
    if args.layer == "all" and fmt != "gpkg":
        msg = f"'all' writes every layer into one GeoPackage; pass --format gpkg (got {fmt or args.out})"
        raise ValueError(msg)
    region = build_region(args, [])
    names = [args.layer]
    if args.layer == "all":  # every layer the region has: the timeline is the Durand Line's
        names = [n for n in LAYER_NAMES if n != "timeline" or region.key == TIMELINE_REGION]
        if region.crossings.empty:
            names = [n for n in names if n not in ("crossings", "corridors")]
    layers = named_layers(names, zone_km=args.km, region=region)
    path = export(layers, args.out, format=args.format, csv_raw=args.csv_raw)
    rows = sum(len(layer.frame) for layer in layers.values())
    if args.quiet:
        print(path)
    elif len(layers) == 1:
        print(f"Wrote {rows:,} feature{'s' * (rows != 1)} ({args.layer}) to {path}")
    else:
        print(f"Wrote {len(layers)} layers, {rows:,} features in all, to {path}")
        for table, layer in layers.items():
            print(f"  {table}: {len(layer.frame):,} features")
    return 0


def cmd_figure(args: argparse.Namespace) -> int:
    from ..maps.figure import figure

    kwargs = {} if args.title is None else {"title": args.title}
    region = build_region(args, [])
    if args.kind == "flows":
        args.progress(f"Drawing the returns across the {region.name} per crossing and month...")
        status = args.status if args.status is not None else True
        figure(
            kind="flows", region=region, out=args.out, dpi=args.dpi, status=status, start=args.since, **kwargs
        )
    else:
        args.progress(f"Drawing the figure of the {region.name}...")
        figure(region=region, out=args.out, settlements=args.settlements, dpi=args.dpi, **kwargs)
    path = Path(args.out).resolve()
    print(path if args.quiet else f"Figure written to {path}")
    return 0


# --------------------------------------------------------------------------- sources and the cache


def cache_status(source_url: str) -> tuple[int, int]:
    """Count the cached answers from ``source_url`` and their bytes: ``(files, bytes)``."""
    from .. import _http

    entries = _http.cache_entries(url_prefix=source_url)
    return len(entries), sum(int(e.get("bytes") or 0) for e in entries)


def _status_text(source_url: str) -> str:
    count, _ = cache_status(source_url)
    return f"cached ({count} files)" if count else "not cached"


def clear_cache(source_url: str | None) -> int:
    """Delete cached answers (all of borderkit's, or those from ``source_url``); return the files deleted."""
    from .. import _http

    return _http.clear_cache(url_prefix=source_url)


def _network_sources() -> dict[str, Any]:
    from ..geo.sources import catalogue

    return {key: src for key, src in catalogue().items() if src.kind == "network" and src.key != "osm"}


def cmd_cache(args: argparse.Namespace) -> int:
    from .. import settings

    folder = Path(settings.cache_folder)
    sources = _network_sources()
    if args.action == "clear":
        if args.source is not None and args.source not in sources:
            msg = f"{args.source!r} is not a network source; choose one of: {', '.join(sorted(sources))}"
            raise ValueError(msg)
        deleted = clear_cache(None if args.source is None else sources[args.source].url)
        what = "borderkit's cache" if args.source is None else f"the cache of {args.source}"
        print(deleted if args.quiet else f"Deleted {deleted:,} file(s) from {what} in {folder}")
        return 0
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    total = sum(p.stat().st_size for p in files)
    rows = []
    for key, src in sorted(sources.items()):
        count, size = cache_status(src.url)
        rows.append([key, f"{count:,}", f"{size / 1e6:,.1f}"])
    text = format_table(rows, ["Source", "Files", "MB"], {1, 2})
    notes = [
        f"Cache folder: {folder} ({len(files):,} files, {total / 1e6:,.1f} MB in all)"
        + ("; offline mode" if settings.offline else ""),
        "borderkit cache clear [--source KEY] deletes them; BORDERKIT_CACHE_DIR moves the folder.",
    ]
    args.out, args.format = None, "table"
    return emit(args, text, notes)


def cmd_sources(args: argparse.Namespace) -> int:
    from .. import settings
    from ..geo.sources import catalogue, package_version

    rows = []
    osmnx_cache = Path(settings.cache_folder) / "osmnx"
    for src in catalogue().values():
        if src.kind == "bundled":
            status = "bundled"
        elif src.kind == "package":  # data shipped by an installed package
            installed = package_version(src.package)
            status = f"installed ({src.package} {installed})" if installed else "not installed"
        elif src.key == "osm":  # osmnx keeps its own cache, in a folder of ours
            n = sum(1 for p in osmnx_cache.glob("*.json")) if osmnx_cache.is_dir() else 0
            status = f"cached ({n} files)" if n else "not cached"
        else:
            status = _status_text(src.url)
        rows.append((src.key, status, src.licence, src.title, src.attribution, src.url))
    if args.format == "json":
        keys = ("key", "status", "licence", "title", "attribution", "url")
        print(json.dumps([dict(zip(keys, r, strict=True)) for r in rows], indent=2, ensure_ascii=False))
        return 0
    for key, status, licence, title, attribution, url in rows:
        print(f"{key}  [{status}]")
        print(f"    {title}")
        print(f"    licence:     {licence}")
        print(f"    attribution: {attribution}")
        print(f"    from:        {url}")
    if not args.quiet:
        print(f"\nCache folder: {settings.cache_folder}" + ("  (offline mode)" if settings.offline else ""))
    return 0
