"""The ``borderkit`` command.

Examples
--------
::

    borderkit map --out out/durand_line.html
    borderkit corridors --by crossing
    borderkit corridors --by unit --format csv --out lengths.csv
    borderkit sources
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path

from .errors import BorderkitError
from ._version import __version__

DEFAULT_MAP = Path("out") / "durand_line.html"


def _load_events_arg(path: str, since: str | None, until: str | None):
    """Load an events file (or "timeline" for the bundled one) and keep the dates asked."""
    from .geo.events import filter_events, load_events

    events = load_events(path)
    if since or until:
        events = filter_events(events, start=since, end=until)
    return events


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


def _cmd_map(args: argparse.Namespace) -> int:
    from .maps import make_map, save_html

    progress = args.progress
    events = None
    if args.events:
        progress(f"Loading events from {args.events}...")
        events = _load_events_arg(args.events, args.since, args.until)
        progress(f"{len(events):,} events")
    progress("Loading the border, crossings, provinces and settlements; measuring corridors...")
    m = make_map(events=events)
    progress("Writing the map" + (" with its scripts and styles inlined..." if not args.cdn else "..."))
    path = save_html(m, args.out, self_contained=not args.cdn)
    progress(f"Done: {path.stat().st_size / 1e6:.1f} MB")
    if not args.quiet:
        print(f"Map written to {path}")
        print(f"Open it in a browser: file://{path}")
    else:
        print(path)
    return 0


def _table(rows: list[list[str]], header: list[str], right: set[int]) -> str:
    """Format rows as an aligned plain-text table."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def fmt(row: list[str]) -> str:
        cells = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(header), rule, *(fmt(r) for r in rows)])


def _corridors_frame(args: argparse.Namespace):
    from .geo import border_length_by_unit, border_segments, load_admin_units, load_border, load_crossings

    border = load_border()
    if args.by == "crossing":
        source = args.crossings if args.crossings else "bundled"
        return border, border_segments(border, load_crossings(source))
    units = load_admin_units(level=args.level, source=args.admin or "bundled")
    return border, border_length_by_unit(border, units)


def _cmd_corridors(args: argparse.Namespace) -> int:
    border, frame = _corridors_frame(args)
    total = border["length_km"].iloc[0]
    if args.format == "geojson":
        text = frame.to_json(drop_id=True, ensure_ascii=False)
    elif args.format == "csv":
        text = frame.drop(columns=frame.geometry.name).to_csv(index=False, float_format="%.3f")
    elif args.by == "crossing":
        rows = [
            [f"{r.from_name} -> {r.to_name}", f"{r.start_km:,.1f}", f"{r.end_km:,.1f}", f"{r.length_km:,.1f}"]
            for r in frame.itertuples()
        ]
        rows.append(["Total (border length)", "", "", f"{frame.length_km.sum():,.1f}"])
        text = _table(rows, ["Corridor (north to south)", "From km", "To km", "Length km"], {1, 2, 3})
        text += f"\n\nGeodesic lengths (WGS84) along the {border['name'].iloc[0]}, {total:,.1f} km in all."
    else:
        rows = [
            [r.country, r.unit_id, r.name, f"{r.length_km:,.1f}", f"{100 * r.share:.1f}"]
            for r in frame.itertuples()
        ]
        text = _table(rows, ["Side", "Unit", "Name", "Length km", "Share %"], {3, 4})
        text += (
            f"\n\nEach side adds up to the whole line, {total:,.1f} km (geodesic, WGS84); every piece "
            "of the line is assigned to the nearest unit on each side."
        )
    return _emit(text, args.out)


def _proximity_frame(args: argparse.Namespace):
    """Per settlement: nearest crossing (straight line and, if asked, by road) and border distance."""
    from .geo import (
        distance_to_border,
        load_border,
        load_crossings,
        load_settlements,
        nearest_crossing,
        network_distance_to_crossing,
    )

    crossings = load_crossings(args.crossings or "bundled")
    places = load_settlements(args.settlements or "geonames", min_population=args.min_population)
    near = nearest_crossing(places, crossings)
    out = places[["settlement_id", "name", "country", "population", "geometry"]].copy()
    out["crossing_id"] = near["crossing_id"]
    out["distance_km"] = near["distance_m"] / 1000.0
    out["bearing_deg"] = near["bearing_deg"]
    out["border_km"] = distance_to_border(places, load_border()) / 1000.0
    out[f"within_{args.within_km:g}km"] = out["distance_km"] <= args.within_km
    if args.by_road:
        road = network_distance_to_crossing(places, crossings, graph=args.graph)
        out["road_crossing_id"] = road["crossing_id"]
        out["road_km"] = road["network_distance_m"] / 1000.0
        out["detour_ratio"] = road["detour_ratio"]
    return crossings, out


def _cmd_proximity(args: argparse.Namespace) -> int:
    crossings, frame = _proximity_frame(args)
    if args.format == "geojson":
        text = frame.to_json(drop_id=True, ensure_ascii=False)
    elif args.format == "csv":
        text = frame.drop(columns="geometry").to_csv(index=False, float_format="%.3f")
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
        text += (
            f"\n\n{len(frame):,} settlements, each counted at its nearest crossing (geodesic straight "
            "line, WGS84); population as given by the source (GeoNames by default; 0 where unknown)."
        )
    return _emit(text, args.out)


def _emit(text: str, out: Path | None) -> int:
    """Print ``text`` or write it to ``out``."""
    if out:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        print(f"Written to {out.resolve()}")
    else:
        print(text)
    return 0


def _cmd_events_summary(args: argparse.Namespace) -> int:
    from .geo import load_admin_units, load_border, load_crossings
    from .geo.corridors import border_segments
    from .geo.events import events_by_period, events_by_segment, events_by_unit

    events = _load_events_arg(args.path, args.since, args.until)
    if args.by == "segment":
        border = load_border()
        table = events_by_segment(
            events, border_segments(border, load_crossings()), max_distance_km=args.max_km
        )
    elif args.by == "unit":
        table = events_by_unit(events, load_admin_units(level=args.level, source=args.admin or "bundled"))
    else:
        table = events_by_period(events, freq="MS")
    table = table.drop(columns=[c for c in ("geometry",) if c in table.columns])
    if args.format == "csv":
        return _emit(table.to_csv(float_format="%.3f"), args.out)
    text = table.to_string(float_format=lambda v: f"{v:,.1f}")
    dropped = table.attrs.get("unassigned")
    if dropped:
        text += f"\n\n{dropped:,} events not assigned (see the warning above for why)."
    return _emit(f"{len(events):,} events from {args.path}\n\n{text}", args.out)


def _cmd_export(args: argparse.Namespace) -> int:
    from .maps.export import LAYER_NAMES, SUFFIXES, export, named_layers

    fmt = args.format or SUFFIXES.get(Path(args.out).suffix.lower())
    if args.layer == "all" and fmt != "gpkg":
        msg = f"'all' writes every layer into one GeoPackage; pass --format gpkg (got {fmt or args.out})"
        raise ValueError(msg)
    layers = named_layers(list(LAYER_NAMES) if args.layer == "all" else [args.layer], zone_km=args.km)
    path = export(layers, args.out, format=args.format)
    rows = sum(len(layer.frame) for layer in layers.values())
    if len(layers) == 1:
        print(f"Wrote {rows:,} feature{'s' * (rows != 1)} ({args.layer}) to {path}")
    else:
        print(f"Wrote {len(layers)} layers, {rows:,} features in all, to {path}")
        for table, layer in layers.items():
            print(f"  {table}: {len(layer.frame):,} features")
    return 0


def _cmd_figure(args: argparse.Namespace) -> int:
    from .maps.figure import figure

    kwargs = {} if args.title is None else {"title": args.title}
    figure(out=args.out, settlements=args.settlements, dpi=args.dpi, **kwargs)
    print(f"Figure written to {Path(args.out).resolve()}")
    return 0


def _cache_status(source_url: str) -> str:
    """Say whether the cache holds answers from ``source_url``: ``"cached (N files)"`` or ``"not cached"``."""
    from . import settings

    folder = Path(settings.cache_folder)
    count = 0
    if folder.is_dir():
        for sidecar in folder.glob("*.json"):
            try:
                meta = json.loads(sidecar.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(meta, dict) and str(meta.get("url", "")).startswith(source_url):
                count += 1
    return f"cached ({count} files)" if count else "not cached"


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
            status = _cache_status(src.url)
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
    print(f"\nCache folder: {settings.cache_folder}" + ("  (offline mode)" if settings.offline else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``borderkit`` command."""
    parser = argparse.ArgumentParser(
        prog="borderkit",
        description="Map a border region: the border line, its crossings, the districts on both "
        "sides, settlements and events. Default region: the Afghanistan-Pakistan border.",
        epilog="Examples:\n  borderkit map --out out/durand_line.html\n  borderkit sources",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"borderkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    parser.add_argument(
        "--quiet",
        dest="quiet_all",
        action="store_true",
        help="no progress lines (they show only on a terminal)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p_map = sub.add_parser(
        "map",
        help="write the interactive HTML map (border, countries, provinces)",
        description="Write an interactive HTML map of the border with its countries and "
        "provinces, from the bundled data (no network needed).",
        epilog=f"Examples:\n  borderkit map --out {DEFAULT_MAP}\n"
        "  borderkit map --events ged_pakistan.csv --since 2015-01-01\n"
        "  borderkit map --events timeline",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_map.add_argument(
        "--out", type=Path, default=DEFAULT_MAP, help="HTML file to write (default: %(default)s)"
    )
    p_map.add_argument(
        "--cdn",
        action="store_true",
        help="link Leaflet and the other scripts from their CDNs instead of writing them into the "
        "file (smaller, but the map then needs the network)",
    )
    p_map.add_argument("--quiet", action="store_true", help="print only the path of the map")
    p_map.add_argument(
        "--events", help="events to draw: an ACLED or UCDP GED CSV export, or 'timeline' (bundled, cited)"
    )
    p_map.add_argument("--since", help="first date of events to draw (YYYY-MM-DD)")
    p_map.add_argument("--until", help="last date of events to draw (YYYY-MM-DD)")
    p_map.set_defaults(func=_cmd_map)

    p_cor = sub.add_parser(
        "corridors",
        help="corridor lengths between crossings, or border length per admin unit",
        description="Measure the border: the corridors between its crossings (--by crossing) or "
        "its length in each province or district on each side (--by unit). Lengths are geodesic "
        "on the WGS84 ellipsoid.",
        epilog="Examples:\n  borderkit corridors --by crossing\n"
        "  borderkit corridors --by unit --format csv --out out/border_by_province.csv\n"
        "  borderkit corridors --by unit --level 2 --admin geoBoundaries-AFG-ADM2.shp",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_cor.add_argument(
        "--by", choices=("crossing", "unit"), default="crossing", help="split at crossings or by unit"
    )
    p_cor.add_argument("--format", choices=("table", "csv", "geojson"), default="table", help="output format")
    p_cor.add_argument("--out", type=Path, help="write to this file instead of the terminal")
    p_cor.add_argument(
        "--crossings", help="crossings file (CSV with lat/lon, GeoJSON, GeoPackage); default: bundled"
    )
    p_cor.add_argument("--admin", help="admin units file for --by unit (default: the bundled provinces)")
    p_cor.add_argument("--level", type=int, default=1, help="admin level of --admin (default: %(default)s)")
    p_cor.set_defaults(func=_cmd_corridors)

    p_prox = sub.add_parser(
        "proximity",
        help="how far settlements lie from the crossings (straight line, by road) and the border",
        description="For each settlement: its nearest crossing, the geodesic distance and bearing to "
        "it, its distance to the border and whether it is within reach; the table sums them per "
        "crossing. --by-road adds road distances (OpenStreetMap through osmnx).",
        epilog="Examples:\n  borderkit proximity\n"
        "  borderkit proximity --within-km 50 --format csv --out out/proximity.csv\n"
        "  borderkit proximity --settlements villages.csv --by-road --graph roads.osm",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_prox.add_argument(
        "--settlements", help="settlements file (CSV with lat/lon, GeoJSON, GeoPackage); default: GeoNames"
    )
    p_prox.add_argument("--crossings", help="crossings file; default: bundled")
    p_prox.add_argument(
        "--min-population", type=int, default=None, help="keep settlements of at least this many people"
    )
    p_prox.add_argument("--within-km", type=float, default=25.0, help="reach, km (default: %(default)s)")
    p_prox.add_argument(
        "--by-road", action="store_true", help="add road distances (needs --graph or the network)"
    )
    p_prox.add_argument("--graph", help="road network: an .osm XML or .graphml file (default: download)")
    p_prox.add_argument(
        "--format", choices=("table", "csv", "geojson"), default="table", help="output format"
    )
    p_prox.add_argument("--out", type=Path, help="write to this file instead of the terminal")
    p_prox.set_defaults(func=_cmd_proximity)

    p_ev = sub.add_parser(
        "events",
        help="summarise event data (ACLED, UCDP GED, the bundled timeline) along the border",
        description="Summarise events along the border: per corridor between crossings, per "
        "province or district, or per month.",
        epilog="Examples:\n  borderkit events summary ged_pakistan.csv --by segment\n"
        "  borderkit events summary acled_export.csv --by unit --since 2023-01-01\n"
        "  borderkit events summary timeline --by month",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev_sub = p_ev.add_subparsers(dest="events_command", metavar="ACTION", required=True)
    p_sum = ev_sub.add_parser(
        "summary",
        help="count events and fatalities per corridor, unit or month",
        description="Count events and fatalities per corridor (with events per 100 km of border), "
        "per admin unit, or per month.",
        epilog="Example:\n  borderkit events summary ged_pakistan.csv --by segment --max-km 25",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_sum.add_argument("path", help="an ACLED or UCDP GED CSV export, or 'timeline' (bundled)")
    p_sum.add_argument("--by", choices=("segment", "unit", "month"), default="segment", help="how to group")
    p_sum.add_argument("--since", help="first date (YYYY-MM-DD)")
    p_sum.add_argument("--until", help="last date (YYYY-MM-DD)")
    p_sum.add_argument(
        "--max-km", type=float, default=50.0, help="--by segment: farthest event from the line"
    )
    p_sum.add_argument("--admin", help="--by unit: admin units file (default: bundled provinces)")
    p_sum.add_argument("--level", type=int, default=1, help="--by unit: admin level of --admin")
    p_sum.add_argument("--format", choices=("table", "csv"), default="table", help="output format")
    p_sum.add_argument("--out", type=Path, help="write to this file instead of the terminal")
    p_sum.set_defaults(func=_cmd_events_summary)

    p_exp = sub.add_parser(
        "export",
        help="write a layer (or every layer) to GeoJSON, GeoPackage, GeoParquet, CSV or KML",
        description="Write a layer of the bundled data to a file, in EPSG:4326 with its sources' "
        "attribution: GeoJSON (RFC 7946), GeoPackage, GeoParquet, CSV (WKT geometry, attribution in "
        "<out>.attribution.txt) or KML. 'all' writes every layer into one GeoPackage.",
        epilog="Examples:\n  borderkit export crossings --format geojson --out out/crossings.geojson\n"
        "  borderkit export zone --km 50 --out out/zone_50km.parquet\n"
        "  borderkit export all --format gpkg --out out/afpak.gpkg",
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    p_exp.add_argument("--km", type=float, default=25.0, help="zone: km each side of the line (default: 25)")
    p_exp.set_defaults(func=_cmd_export)

    p_fig = sub.add_parser(
        "figure",
        help="draw the border as a static map for a paper (PNG, SVG or PDF)",
        description="Draw the border as a static map for a paper, readable in black and white: "
        "border, provinces, corridors between crossings with their lengths, crossings by status, "
        "scale bar, north arrow, legend and sources, in an azimuthal equidistant projection.",
        epilog="Examples:\n  borderkit figure --out out/durand_line.pdf\n"
        "  borderkit figure --out out/durand_line.png --settlements --dpi 600",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_fig.add_argument(
        "--out", type=Path, required=True, help="file to write; .png, .svg or .pdf gives the format"
    )
    p_fig.add_argument(
        "--settlements", action="store_true", help="draw the settlements within 50 km of the border"
    )
    p_fig.add_argument("--title", help="title above the map ('' for none; default: the border's name)")
    p_fig.add_argument("--dpi", type=int, default=300, help="resolution of PNG output (default: %(default)s)")
    p_fig.set_defaults(func=_cmd_figure)

    p_src = sub.add_parser(
        "sources",
        help="list every data source, its licence, and whether it is bundled or cached",
        description="List every data source borderkit knows: its licence, its attribution, "
        "and whether it is bundled with borderkit or cached from the network.",
        epilog="Examples:\n  borderkit sources\n  borderkit sources --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_src.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p_src.set_defaults(func=_cmd_sources)
    return parser


def _one_line_warning(message, category, filename, lineno, line=None) -> str:
    """Format warnings as one line, without the source line (the command's own style)."""
    return f"borderkit: warning: {message}\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``borderkit`` command; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.progress = Progress(quiet=getattr(args, "quiet", False) or args.quiet_all)
    handler = _DownloadLog(args.progress)
    logging.getLogger("borderkit").addHandler(handler)
    formatter = warnings.formatwarning
    if not args.debug:
        warnings.formatwarning = _one_line_warning
    try:
        return int(args.func(args))
    except (BorderkitError, OSError, ValueError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"borderkit: error: {exc}", file=sys.stderr)
        if not args.debug:
            print("(run with --debug for the full traceback)", file=sys.stderr)
        return 1
    finally:
        warnings.formatwarning = formatter
        logging.getLogger("borderkit").removeHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
