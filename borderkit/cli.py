"""The ``borderkit`` command.

Examples
--------
::

    borderkit map --out out/durand_line.html
    borderkit corridors --by crossing
    borderkit corridors --by unit --format csv --out lengths.csv
    borderkit sources

Exit status: 0 on success, 1 on an error (one line on stderr; ``--debug``
shows the traceback), 2 on a usage error (an unknown option or a value out of
range, after the usage line), 130 when interrupted (Ctrl-C), leaving any file
being written as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import os
import re
import sys
import time
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import BorderkitError

DEFAULT_MAP = Path("out") / "durand_line.html"

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

NEAR_KM = 50.0
"""``borderkit proximity``: places farther than this from the border line are left out by default."""

# Errors the command expects and reports in one line; anything else is a bug, reported in one line too.
_EXPECTED = (BorderkitError, OSError, ValueError, TypeError, KeyError, OverflowError, ImportError)


# --------------------------------------------------------------------------- argument types


def _km(text: str) -> float:
    """Parse a distance in km: a finite number above zero."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        msg = f"{text!r} is not a distance: give a number of km above 0, e.g. 25"
        raise argparse.ArgumentTypeError(msg)
    return value


def _count(text: str) -> int:
    """Parse a whole number of people: 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"{text!r} is not a number of people: give a whole number, 0 or more, e.g. 1000"
        raise argparse.ArgumentTypeError(msg)
    return value


def _level(text: str) -> int:
    """Parse an administrative level: 0 (countries) to 5."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 5:
        msg = f"{text!r} is not an admin level: give 1 for provinces, 2 for districts (0 to 5)"
        raise argparse.ArgumentTypeError(msg)
    return value


def _dpi(text: str) -> int:
    """Parse a resolution in dots per inch: 1 to 2400."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 2400:
        msg = f"{text!r} is not a resolution: give dots per inch from 1 to 2400, e.g. 300"
        raise argparse.ArgumentTypeError(msg)
    return value


def _date(text: str) -> str:
    """Parse a date written YYYY-MM-DD (or YYYY-MM, or YYYY); return it as given."""
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return text
    msg = f"{text!r} is not a date: write it YYYY-MM-DD, e.g. 2023-10-01"
    raise argparse.ArgumentTypeError(msg)


def _columns(text: str) -> dict[str, str]:
    """Parse ``field=column,field=column`` into a mapping (schema field -> column of the file)."""
    mapping: dict[str, str] = {}
    for part in text.split(","):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            msg = (
                f"{text!r}: write --columns as field=column pairs joined by commas, "
                "e.g. date=Date,lat=Y,lon=X"
            )
            raise argparse.ArgumentTypeError(msg)
        mapping[field.strip()] = column.strip()
    return mapping


def _tiles(name: str) -> str:
    """Check a base map name against the xyzservices catalogue (e.g. ``CartoDB.Positron``)."""
    import xyzservices.providers as providers

    try:
        return str(providers.query_name(name).name)
    except ValueError:
        msg = (
            f"{name!r} is not a tile provider xyzservices knows; try OpenStreetMap.Mapnik, "
            "CartoDB.Positron or Esri.WorldImagery"
        )
        raise argparse.ArgumentTypeError(msg) from None


# --------------------------------------------------------------------------- messages


_PY_DICT = re.compile(r"columns=\{\{?([^{}]*)\}\}?")
_PY_PAIR = re.compile(r"""['"]([^'"]+)['"]\s*:\s*(?:['"]([^'"]*)['"]|(<[^>]*>|\.\.\.))""")


def cli_message(message: str) -> str:
    """Word a library message for the command line: ``crs='EPSG:4326'`` becomes ``--crs EPSG:4326``.

    borderkit's errors advise the keyword arguments of its Python functions
    (``columns=``, ``crs=``, ``encoding=``, ``layer=``); the command has a flag
    for each, and this names the flag instead.

    Examples
    --------
    >>> cli_message("pass columns={'lat': 'Y', 'lon': 'X'} to read them")
    'pass --columns lat=Y,lon=X to read them'
    >>> cli_message("pass crs='EPSG:4326' if its coordinates are lon/lat")
    'pass --crs EPSG:4326 if its coordinates are lon/lat'
    """

    def columns(match: re.Match[str]) -> str:
        pairs = [f"{k}={v or other.strip('<>') or 'COLUMN'}" for k, v, other in _PY_PAIR.findall(match[1])]
        return "--columns " + (",".join(pairs) if pairs else "field=column,...")

    text = _PY_DICT.sub(columns, message)
    text = re.sub(r"\bformat='csv' and columns=", "--columns", text)
    text = re.sub(r"""\b(crs|encoding|layer)=['"]([^'"]*)['"]""", lambda m: f"--{m[1]} {m[2]}", text)
    text = re.sub(r"\b(columns|crs|encoding|layer)=(?=[\s,.;)]|$)", lambda m: f"--{m[1]}", text)
    return text


# --------------------------------------------------------------------------- progress and output


class Progress:
    """Short progress lines on a terminal's stderr ("[ 3.1s] Building the map..."), silent otherwise.

    Silent when stderr is not a terminal (piped, redirected, under a test) or
    with ``--quiet``; the command's result on stdout is the same either way.
    """

    def __init__(self, *, quiet: bool = False) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        """Show one step."""
        if self.enabled:
            print(f"[{time.perf_counter() - self.start:5.1f}s] {message}", file=sys.stderr, flush=True)


class _DownloadLog(logging.Handler):
    """Show borderkit's network messages (downloads, retries) as progress lines."""

    def __init__(self, progress: Progress) -> None:
        super().__init__(level=logging.INFO)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        self.progress(record.getMessage())


def _table(rows: list[list[str]], header: list[str], right: set[int]) -> str:
    """Format rows as an aligned plain-text table (the one table style of every command)."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def fmt(row: list[str]) -> str:
        cells = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(header), rule, *(fmt(r) for r in rows)])


def _csv(frame: Any, args: argparse.Namespace) -> str:
    """Return a table as the one CSV style of every command: no index, floats to 3 places, safe cells."""
    from ._csv import csv_text

    return csv_text(frame, raw=getattr(args, "csv_raw", False), float_format="%.3f")


def _emit(args: argparse.Namespace, text: str, notes: Sequence[str] = ()) -> int:
    """Print the result, or write it to ``--out`` atomically; add the notes unless ``--quiet``.

    Notes follow a table in the same text; with CSV or GeoJSON they go to
    stderr, so that the data stay machine-readable.
    """
    from ._atomic import write_text

    notes = [] if args.quiet else list(notes)
    as_table = getattr(args, "format", "table") == "table"
    if as_table and notes:
        text = text.rstrip("\n") + "\n\n" + "\n".join(notes)
    text = text if text.endswith("\n") else text + "\n"
    if args.out:
        path = write_text(Path(args.out), text).resolve()
        print(path if args.quiet else f"Written to {path}")
    else:
        sys.stdout.write(text)
    if not as_table:
        for note in notes:
            print(f"borderkit: note: {note}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- inputs


def _file_options(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments for a loader from ``--columns``, ``--crs`` and ``--layer`` (those given)."""
    keys = {"columns": "columns", "crs": "crs", "layer": "layer"}
    return {kw: getattr(args, a) for a, kw in keys.items() if getattr(args, a, None) is not None}


def _layer_value(text: str) -> str | int:
    """Parse a ``--layer``: a layer name, or its position (from 0) when a whole number."""
    return int(text) if text.isdigit() else text


def _load_events_arg(args: argparse.Namespace, path: str):
    """Load an events file (or "timeline" for the bundled one) and keep the dates asked."""
    from .errors import EmptyDataError
    from .geo.events import filter_events, load_events

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


def _cmd_map(args: argparse.Namespace) -> int:
    from .maps import make_map, save_html

    progress = args.progress
    events = None
    if args.events:
        progress(f"Loading events from {args.events}...")
        events = _load_events_arg(args, args.events)
        progress(f"{len(events):,} events")
    progress("Loading the border, crossings, provinces and settlements; measuring corridors...")
    options: dict[str, Any] = {} if args.tiles is None else {"tiles": args.tiles}
    m = make_map(events=events, **options)
    progress("Writing the map" + (" with its scripts and styles inlined..." if not args.cdn else "..."))
    path = save_html(m, args.out, self_contained=not args.cdn)
    progress(f"Done: {path.stat().st_size / 1e6:.1f} MB")
    if args.quiet:
        print(path)
    else:
        print(f"Map written to {path}")
        print(f"Open it in a browser: file://{path}")
    return 0


def _corridors_frame(args: argparse.Namespace):
    from .geo import border_length_by_unit, border_segments, load_admin_units, load_border, load_crossings

    border = load_border()
    if args.by == "crossing":
        if args.crossings:
            crossings = load_crossings(args.crossings, **_file_options(args))
        else:
            crossings = load_crossings()
        return border, border_segments(border, crossings)
    if args.admin:
        units = load_admin_units(level=args.level, source=args.admin, **_file_options(args))
    else:
        units = load_admin_units(level=args.level)
    return border, border_length_by_unit(border, units)


def _cmd_corridors(args: argparse.Namespace) -> int:
    border, frame = _corridors_frame(args)
    total = border["length_km"].iloc[0]
    notes = []
    if args.format == "geojson":
        text = frame.to_json(drop_id=True, ensure_ascii=False)
    elif args.format == "csv":
        text = _csv(frame.drop(columns=frame.geometry.name), args)
    elif args.by == "crossing":
        rows = [
            [f"{r.from_name} -> {r.to_name}", f"{r.start_km:,.1f}", f"{r.end_km:,.1f}", f"{r.length_km:,.1f}"]
            for r in frame.itertuples()
        ]
        rows.append(["Total (border length)", "", "", f"{frame.length_km.sum():,.1f}"])
        text = _table(rows, ["Corridor (north to south)", "From km", "To km", "Length km"], {1, 2, 3})
        notes.append(f"Geodesic lengths (WGS84) along the {border['name'].iloc[0]}, {total:,.1f} km in all.")
    else:
        rows = [
            [r.country, r.unit_id, r.name, f"{r.length_km:,.1f}", f"{100 * r.share:.1f}"]
            for r in frame.itertuples()
        ]
        text = _table(rows, ["Side", "Unit", "Name", "Length km", "Share %"], {3, 4})
        notes.append(
            f"Each side adds up to the whole line, {total:,.1f} km (geodesic, WGS84); every piece "
            "of the line is assigned to the nearest unit on each side."
        )
    return _emit(args, text, notes)


def _proximity_frame(args: argparse.Namespace, notes: list[str]):
    """Per settlement near the line: nearest crossing (straight line and, if asked, by road)."""
    from .geo import (
        distance_to_border,
        load_border,
        load_crossings,
        load_settlements,
        nearest_crossing,
        network_distance_to_crossing,
    )

    crossings = load_crossings(args.crossings) if args.crossings else load_crossings()
    places = load_settlements(
        args.settlements or "geonames", min_population=args.min_population, **_file_options(args)
    )
    border_km = distance_to_border(places, load_border()) / 1000.0
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


def _cmd_proximity(args: argparse.Namespace) -> int:
    notes: list[str] = []
    crossings, frame = _proximity_frame(args, notes)
    if args.format == "geojson":
        text = frame.to_json(drop_id=True, ensure_ascii=False)
    elif args.format == "csv":
        text = _csv(frame.drop(columns="geometry"), args)
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
        text = _table(rows, header, set(range(1, len(header))))
    notes.append(
        "Each settlement is counted at its nearest crossing (geodesic straight line, WGS84); population "
        "as given by the source (GeoNames by default; 0 where unknown)."
    )
    return _emit(args, text, notes)


def _cmd_events_summary(args: argparse.Namespace) -> int:
    from .geo import load_admin_units, load_border, load_crossings
    from .geo.corridors import border_segments
    from .geo.events import events_by_period, events_by_segment, events_by_unit

    events = _load_events_arg(args, args.path)
    notes: list[str] = [f"{len(events):,} events from {args.path}."]
    if args.by == "segment":
        placed = _placed(events, notes)
        table = events_by_segment(
            placed, border_segments(load_border(), load_crossings()), max_distance_km=args.max_km
        )
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
        text = _table(
            rows, ["Corridor (north to south)", "Length km", "Events", "Deaths", "Per 100 km"], {1, 2, 3, 4}
        )
        where = f"lie farther than {args.max_km:g} km from the line"
    elif args.by == "unit":
        placed = _placed(events, notes)
        if args.admin:
            units = load_admin_units(level=args.level, source=args.admin, **_file_options(args))
        else:
            units = load_admin_units(level=args.level)
        table = events_by_unit(placed, units)
        rows = [
            [r.country, r.unit_id, r.name, f"{r.count:,}", f"{r.fatalities:,}"] for r in table.itertuples()
        ]
        text = _table(rows, ["Side", "Unit", "Name", "Events", "Deaths"], {3, 4})
        where = "fall in no unit"
    else:
        table = events_by_period(events, freq="MS")
        table = table.reset_index()
        table.insert(0, "month", table.pop("period").dt.strftime("%Y-%m"))
        rows = [[r.month, f"{r.count:,}", f"{r.fatalities:,}"] for r in table.itertuples()]
        text = _table(rows, ["Month", "Events", "Deaths"], {1, 2})
        where = "have no date"
    unassigned = int(table.attrs.get("unassigned", 0) or 0)
    if unassigned:
        notes.append(f"{unassigned:,} events are not counted above: they {where} (see the warning).")
    if args.format == "csv":
        text = _csv(table.drop(columns=[c for c in ("geometry",) if c in table.columns]), args)
    return _emit(args, text, notes)


def _cmd_export(args: argparse.Namespace) -> int:
    from .maps.export import LAYER_NAMES, SUFFIXES, export, named_layers

    fmt = args.format or SUFFIXES.get(Path(args.out).suffix.lower())
    if args.layer == "all" and fmt != "gpkg":
        msg = f"'all' writes every layer into one GeoPackage; pass --format gpkg (got {fmt or args.out})"
        raise ValueError(msg)
    layers = named_layers(list(LAYER_NAMES) if args.layer == "all" else [args.layer], zone_km=args.km)
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


def _cmd_figure(args: argparse.Namespace) -> int:
    from .maps.figure import figure

    kwargs = {} if args.title is None else {"title": args.title}
    args.progress("Drawing the figure...")
    figure(out=args.out, settlements=args.settlements, dpi=args.dpi, **kwargs)
    path = Path(args.out).resolve()
    print(path if args.quiet else f"Figure written to {path}")
    return 0


# --------------------------------------------------------------------------- sources and the cache


def _cache_status(source_url: str) -> tuple[int, int]:
    """Count the cached answers from ``source_url`` and their bytes: ``(files, bytes)``.

    Reads the sidecar records of ``borderkit._http``'s cache. To be replaced by
    ``borderkit._http.cache_status(url)`` once it exists.
    """
    from . import settings

    folder = Path(settings.cache_folder)
    count = size = 0
    if folder.is_dir():
        for sidecar in folder.glob("*.json"):
            try:
                meta = json.loads(sidecar.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(meta, dict) and str(meta.get("url", "")).startswith(source_url):
                count += 1
                size += sum(p.stat().st_size for p in folder.glob(f"{sidecar.stem}.*") if p.is_file())
    return count, size


def _status_text(source_url: str) -> str:
    count, _ = _cache_status(source_url)
    return f"cached ({count} files)" if count else "not cached"


def _clear_cache(source_url: str | None) -> int:
    """Delete cached answers (all of borderkit's, or those from ``source_url``); return the files deleted.

    To be replaced by ``borderkit._http.clear_cache(source=...)`` once it takes a source.
    """
    from . import _http, settings

    if source_url is None:
        return _http.clear_cache()
    folder = Path(settings.cache_folder)
    deleted = 0
    for sidecar in list(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict) and str(meta.get("url", "")).startswith(source_url):
            for path in folder.glob(f"{sidecar.stem}.*"):
                if path.is_file():
                    path.unlink(missing_ok=True)
                    deleted += 1
    return deleted


def _network_sources() -> dict[str, Any]:
    from .geo.sources import catalogue

    return {key: src for key, src in catalogue().items() if src.kind == "network" and src.key != "osm"}


def _cmd_cache(args: argparse.Namespace) -> int:
    from . import settings

    folder = Path(settings.cache_folder)
    sources = _network_sources()
    if args.action == "clear":
        if args.source is not None and args.source not in sources:
            msg = f"{args.source!r} is not a network source; choose one of: {', '.join(sorted(sources))}"
            raise ValueError(msg)
        deleted = _clear_cache(None if args.source is None else sources[args.source].url)
        what = "borderkit's cache" if args.source is None else f"the cache of {args.source}"
        print(deleted if args.quiet else f"Deleted {deleted:,} file(s) from {what} in {folder}")
        return 0
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    total = sum(p.stat().st_size for p in files)
    rows = []
    for key, src in sorted(sources.items()):
        count, size = _cache_status(src.url)
        rows.append([key, f"{count:,}", f"{size / 1e6:,.1f}"])
    text = _table(rows, ["Source", "Files", "MB"], {1, 2})
    notes = [
        f"Cache folder: {folder} ({len(files):,} files, {total / 1e6:,.1f} MB in all)"
        + ("; offline mode" if settings.offline else ""),
        "borderkit cache clear [--source KEY] deletes them; BORDERKIT_CACHE_DIR moves the folder.",
    ]
    args.out, args.format = None, "table"
    return _emit(args, text, notes)


def _cmd_sources(args: argparse.Namespace) -> int:
    from . import settings
    from .geo.sources import catalogue, package_version

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


# --------------------------------------------------------------------------- the parser


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keep the examples as written and show each option's default (unless it has none)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            "%(default)" not in text
            and action.option_strings
            and default not in (None, False, argparse.SUPPRESS)
            and action.nargs != 0
        ):
            text += " (default: %(default)s)"
        return text


def _common() -> argparse.ArgumentParser:
    """Options every command takes, meaning the same everywhere."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--quiet",
        action="store_true",
        help="print only the result (the table, or the path of the file written): no progress "
        "lines and no notes; warnings and errors still show",
    )
    common.add_argument(
        "--debug", dest="debug_sub", action="store_true", help="show the full traceback on errors"
    )
    return common


def _add_out(p: argparse.ArgumentParser, *, csv: bool = True) -> None:
    p.add_argument("--out", type=Path, help="write to this file (atomically) instead of the terminal")
    if csv:
        p.add_argument(
            "--csv-raw",
            action="store_true",
            help="CSV: write text cells verbatim; by default a cell starting with = + - @ (a "
            "spreadsheet formula) gets a leading apostrophe",
        )


def _add_file_options(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--columns",
        type=_columns,
        metavar="FIELD=COL,...",
        help=f"which columns of {what} hold borderkit's fields, e.g. name=NAME_1,lat=Y,lon=X",
    )
    p.add_argument("--crs", help=f"CRS of {what} when it has none or states a wrong one, e.g. EPSG:32642")
    p.add_argument("--layer", type=_layer_value, help=f"layer of {what} to read (name or number from 0)")


def _add_event_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--columns",
        type=_columns,
        metavar="FIELD=COL,...",
        help="for any other events CSV: which columns hold the date, place and the rest, e.g. "
        "date=Date,lat=Latitude,lon=Longitude,event_type=Type",
    )
    p.add_argument("--encoding", help="text encoding of the events file, e.g. cp1252 (default: UTF-8)")
    p.add_argument("--since", type=_date, help="first date of events kept (YYYY-MM-DD)")
    p.add_argument("--until", type=_date, help="last date of events kept (YYYY-MM-DD)")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``borderkit`` command."""
    common = _common()
    parser = argparse.ArgumentParser(
        prog="borderkit",
        description="Map a border region: the border line, its crossings, the districts on both "
        "sides, settlements and events. Default region: the Afghanistan-Pakistan border.",
        epilog="Examples:\n  borderkit map --out out/durand_line.html\n  borderkit sources\n\n"
        "Exit status: 0 done, 1 error, 2 usage error, 130 interrupted (Ctrl-C).",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"borderkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    parser.add_argument(
        "--quiet",
        dest="quiet_all",
        action="store_true",
        help="print only the result: no progress lines and no notes (as each command's --quiet)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], formatter_class=_HelpFormatter, **kwargs)

    p_map = command(
        "map",
        help="write the interactive HTML map (border, countries, provinces)",
        description="Write an interactive HTML map of the border with its countries and "
        "provinces, from the bundled data (no network needed).",
        epilog=f"Examples:\n  borderkit map --out {DEFAULT_MAP}\n"
        "  borderkit map --events ged_pakistan.csv --since 2015-01-01\n"
        "  borderkit map --events timeline --tiles CartoDB.Positron\n"
        "  borderkit map --events incidents.csv --columns date=Date,lat=Y,lon=X --encoding cp1252",
    )
    p_map.add_argument("--out", type=Path, default=DEFAULT_MAP, help="HTML file to write")
    p_map.add_argument(
        "--cdn",
        action="store_true",
        help="link Leaflet and the other scripts from their CDNs instead of writing them into the "
        "file (smaller, but the map then needs the network)",
    )
    p_map.add_argument(
        "--tiles",
        type=_tiles,
        metavar="NAME",
        help="base map: any xyzservices provider name, e.g. CartoDB.Positron (default: OpenStreetMap)",
    )
    p_map.add_argument(
        "--events",
        help="events to draw: an ACLED or UCDP GED CSV export, any CSV with --columns, "
        "or 'timeline' (bundled, cited)",
    )
    _add_event_options(p_map)
    p_map.set_defaults(func=_cmd_map)

    p_cor = command(
        "corridors",
        help="corridor lengths between crossings, or border length per admin unit",
        description="Measure the border: the corridors between its crossings (--by crossing) or "
        "its length in each province or district on each side (--by unit). Lengths are geodesic "
        "on the WGS84 ellipsoid.",
        epilog="Examples:\n  borderkit corridors --by crossing\n"
        "  borderkit corridors --by unit --format csv --out out/border_by_province.csv\n"
        "  borderkit corridors --by unit --level 2 --admin geoBoundaries-AFG-ADM2.shp",
    )
    p_cor.add_argument(
        "--by", choices=("crossing", "unit"), default="crossing", help="split at crossings or by unit"
    )
    p_cor.add_argument("--format", choices=("table", "csv", "geojson"), default="table", help="output format")
    _add_out(p_cor)
    p_cor.add_argument(
        "--crossings", help="crossings file (CSV with lat/lon, GeoJSON, GeoPackage) (default: bundled)"
    )
    p_cor.add_argument("--admin", help="admin units file for --by unit (default: the bundled provinces)")
    p_cor.add_argument("--level", type=_level, default=1, help="admin level of --admin")
    _add_file_options(p_cor, "--crossings or --admin")
    p_cor.set_defaults(func=_cmd_corridors)

    p_prox = command(
        "proximity",
        help="how far settlements near the border lie from the crossings (straight line, by road)",
        description="For each settlement within --near-km of the border line: its nearest "
        "crossing, the geodesic distance and bearing to it, its distance to the border and whether "
        "it is within reach; the table sums them per crossing. --by-road adds road distances "
        "(OpenStreetMap through osmnx).",
        epilog="Examples:\n  borderkit proximity\n"
        "  borderkit proximity --within-km 50 --format csv --out out/proximity.csv\n"
        "  borderkit proximity --settlements villages.csv --by-road --graph roads.osm",
    )
    p_prox.add_argument(
        "--settlements", help="settlements file (CSV with lat/lon, GeoJSON, GeoPackage) (default: GeoNames)"
    )
    p_prox.add_argument("--crossings", help="crossings file (default: bundled)")
    p_prox.add_argument(
        "--min-population", type=_count, default=None, help="keep settlements of at least this many people"
    )
    p_prox.add_argument("--within-km", type=_km, default=25.0, help="reach from a crossing, km")
    p_prox.add_argument(
        "--near-km",
        type=_km,
        default=NEAR_KM,
        help="count only settlements this close to the border line, km",
    )
    p_prox.add_argument("--all-places", action="store_true", help="count every settlement, however far")
    p_prox.add_argument(
        "--by-road", action="store_true", help="add road distances (needs --graph or the network)"
    )
    p_prox.add_argument("--graph", help="road network: an .osm XML or .graphml file (default: download)")
    p_prox.add_argument(
        "--format", choices=("table", "csv", "geojson"), default="table", help="output format"
    )
    _add_out(p_prox)
    _add_file_options(p_prox, "--settlements")
    p_prox.set_defaults(func=_cmd_proximity)

    p_ev = sub.add_parser(
        "events",
        help="summarise event data (ACLED, UCDP GED, the bundled timeline) along the border",
        description="Summarise events along the border: per corridor between crossings, per "
        "province or district, or per month.",
        epilog="Examples:\n  borderkit events summary ged_pakistan.csv --by segment\n"
        "  borderkit events summary acled_export.csv --by unit --since 2023-01-01\n"
        "  borderkit events summary timeline --by month",
        formatter_class=_HelpFormatter,
    )
    ev_sub = p_ev.add_subparsers(dest="events_command", metavar="ACTION", required=True)
    p_sum = ev_sub.add_parser(
        "summary",
        parents=[common],
        formatter_class=_HelpFormatter,
        help="count events and fatalities per corridor, unit or month",
        description="Count events and fatalities per corridor (with events per 100 km of border), "
        "per admin unit, or per month.",
        epilog="Examples:\n  borderkit events summary ged_pakistan.csv --by segment --max-km 25\n"
        "  borderkit events summary incidents.csv --columns date=Date,lat=Y,lon=X --by month",
    )
    p_sum.add_argument(
        "path", help="an ACLED or UCDP GED CSV export, any CSV with --columns, or 'timeline' (bundled)"
    )
    p_sum.add_argument("--by", choices=("segment", "unit", "month"), default="segment", help="how to group")
    _add_event_options(p_sum)
    p_sum.add_argument(
        "--max-km", type=_km, default=50.0, help="--by segment: farthest event from the line, km"
    )
    p_sum.add_argument("--admin", help="--by unit: admin units file (default: bundled provinces)")
    p_sum.add_argument("--level", type=_level, default=1, help="--by unit: admin level of --admin")
    p_sum.add_argument("--crs", help="--by unit: CRS of --admin when it has none, e.g. EPSG:32642")
    p_sum.add_argument("--layer", type=_layer_value, help="--by unit: layer of --admin to read")
    p_sum.add_argument("--format", choices=("table", "csv"), default="table", help="output format")
    _add_out(p_sum)
    p_sum.set_defaults(func=_cmd_events_summary)

    p_exp = command(
        "export",
        help="write a layer (or every layer) to GeoJSON, GeoPackage, GeoParquet, CSV or KML",
        description="Write a layer of the bundled data to a file, in EPSG:4326 with its sources' "
        "attribution: GeoJSON (RFC 7946), GeoPackage, GeoParquet, CSV (WKT geometry, attribution in "
        "<out>.attribution.txt) or KML. 'all' writes every layer into one GeoPackage.",
        epilog="Examples:\n  borderkit export crossings --format geojson --out out/crossings.geojson\n"
        "  borderkit export zone --km 50 --out out/zone_50km.parquet\n"
        "  borderkit export all --format gpkg --out out/afpak.gpkg",
    )
    # borderkit.maps.export.LAYER_NAMES, written out so that --help needs no heavy imports
    layer_names = "border countries provinces crossings corridors border-by-unit zone settlements timeline"
    p_exp.add_argument(
        "layer",
        choices=(*layer_names.split(), "all"),
        metavar="LAYER",
        help=f"one of: {', '.join(layer_names.split())}, or all (every layer; GeoPackage only)",
    )
    p_exp.add_argument(
        "--format",
        choices=("geojson", "gpkg", "parquet", "csv", "kml"),
        help="file format (default: from the suffix of --out)",
    )
    p_exp.add_argument("--out", type=Path, required=True, help="file to write (replaced if it exists)")
    p_exp.add_argument("--km", type=_km, default=25.0, help="zone: km each side of the line")
    p_exp.add_argument(
        "--csv-raw",
        action="store_true",
        help="CSV: write text cells verbatim; by default a cell starting with = + - @ (a "
        "spreadsheet formula) gets a leading apostrophe",
    )
    p_exp.set_defaults(func=_cmd_export)

    p_fig = command(
        "figure",
        help="draw the border as a static map for a paper (PNG, SVG or PDF)",
        description="Draw the border as a static map for a paper, readable in black and white: "
        "border, provinces, corridors between crossings with their lengths, crossings by status, "
        "scale bar, north arrow, legend and sources, in an azimuthal equidistant projection.",
        epilog="Examples:\n  borderkit figure --out out/durand_line.pdf\n"
        "  borderkit figure --out out/durand_line.png --settlements --dpi 600",
    )
    p_fig.add_argument(
        "--out", type=Path, required=True, help="file to write; .png, .svg or .pdf gives the format"
    )
    p_fig.add_argument(
        "--settlements", action="store_true", help="draw the settlements within 50 km of the border"
    )
    p_fig.add_argument("--title", help="title above the map ('' for none; default: the border's name)")
    p_fig.add_argument("--dpi", type=_dpi, default=300, help="resolution of PNG output, dots per inch")
    p_fig.set_defaults(func=_cmd_figure)

    p_src = command(
        "sources",
        help="list every data source, its licence, and whether it is bundled or cached",
        description="List every data source borderkit knows: its licence, its attribution, "
        "and whether it is bundled with borderkit or cached from the network.",
        epilog="Examples:\n  borderkit sources\n  borderkit sources --format json",
    )
    p_src.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p_src.set_defaults(func=_cmd_sources)

    p_cache = command(
        "cache",
        help="show or clear the cache of downloaded data",
        description="info: how many files and megabytes each network source keeps in the cache "
        "folder. clear: delete them (all, or one source's).",
        epilog="Examples:\n  borderkit cache info\n  borderkit cache clear --source geoboundaries",
    )
    p_cache.add_argument("action", choices=("info", "clear"), help="what to do")
    p_cache.add_argument("--source", help="clear: only this source's files (a key from borderkit cache info)")
    p_cache.set_defaults(func=_cmd_cache)
    return parser


def _one_line_warning(message, category, filename, lineno, line=None) -> str:
    """Format warnings as one line, without the source line (the command's own style)."""
    return f"borderkit: warning: {cli_message(str(message))}\n"


def _check_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Reject combinations of options that make no sense (a usage error, exit status 2)."""
    if args.command == "map" and not args.events:
        given = [
            f
            for f, v in (
                ("--since", args.since),
                ("--until", args.until),
                ("--columns", args.columns),
                ("--encoding", args.encoding),
            )
            if v is not None
        ]
        if given:
            verb = "applies" if len(given) == 1 else "apply"
            parser.error(
                f"map: {' and '.join(given)} {verb} to --events; pass --events FILE (or --events timeline)"
            )
    since, until = getattr(args, "since", None), getattr(args, "until", None)
    if since and until and since > until:
        parser.error(f"--since {since} comes after --until {until}")
    if args.command == "cache" and args.source and args.action != "clear":
        parser.error("--source goes with 'borderkit cache clear'")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``borderkit`` command; return its exit code (0, 1 error, 2 usage, 130 interrupted)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.quiet = getattr(args, "quiet", False) or args.quiet_all
    args.debug = args.debug or getattr(args, "debug_sub", False)
    _check_args(parser, args)
    args.progress = Progress(quiet=args.quiet)
    handler = _DownloadLog(args.progress)
    logging.getLogger("borderkit").addHandler(handler)
    formatter = warnings.formatwarning
    if not args.debug:
        warnings.formatwarning = _one_line_warning
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        if args.debug:
            traceback.print_exc()
        print("borderkit: interrupted; no file was left half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (e.g. | head): stop quietly
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:  # every error becomes one line; --debug shows the rest
        if args.debug:
            traceback.print_exc()
        text = cli_message(str(exc)) or type(exc).__name__
        if not isinstance(exc, _EXPECTED):
            text = f"unexpected {type(exc).__name__}: {text} (a bug: please report it with --debug output)"
        print(f"borderkit: error: {text}", file=sys.stderr)
        if not args.debug:
            print("(run with --debug for the full traceback)", file=sys.stderr)
        return EXIT_ERROR
    finally:
        warnings.formatwarning = formatter
        logging.getLogger("borderkit").removeHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
