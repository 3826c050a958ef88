"""The ``borderkit`` command.

Examples
--------
::

    borderkit map --out out/durand_line.html
    borderkit corridors --by crossing
    borderkit corridors --by unit --format csv --out lengths.csv
    borderkit corridors --region AFG-IRN
    borderkit corridors --as-of 2023-10-15 --open-only
    borderkit flows summary --by month
    borderkit figure --kind flows --out returns.pdf
    borderkit sources

Exit status: 0 on success, 1 on an error (one line on stderr; ``--debug``
shows the traceback), 2 on a usage error (an unknown option or a value out of
range, after the usage line), 130 when interrupted (Ctrl-C), leaving any file
being written as it was.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._cli.args import (
    add_points_options,
    cli_message,
    columns_arg,
    count_arg,
    date_arg,
    day_arg,
    dpi_arg,
    km_arg,
    layer_arg,
    level_arg,
    region_arg,
    tiles_arg,
)
from ._cli.commands import (
    cmd_cache,
    cmd_corridors,
    cmd_events_summary,
    cmd_export,
    cmd_figure,
    cmd_map,
    cmd_proximity,
    cmd_sources,
)
from ._cli.flows import DEFAULT_SINCE, cmd_flows_summary
from ._cli.output import DownloadLog, Progress
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
        type=columns_arg,
        metavar="FIELD=COL,...",
        help=f"which columns of {what} hold borderkit's fields, e.g. name=NAME_1,lat=Y,lon=X",
    )
    p.add_argument("--crs", help=f"CRS of {what} when it has none or states a wrong one, e.g. EPSG:32642")
    p.add_argument("--layer", type=layer_arg, help=f"layer of {what} to read (name or number from 0)")


def _add_event_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--columns",
        type=columns_arg,
        metavar="FIELD=COL,...",
        help="for any other events CSV: which columns hold the date, place and the rest, e.g. "
        "date=Date,lat=Latitude,lon=Longitude,event_type=Type",
    )
    p.add_argument("--encoding", help="text encoding of the events file, e.g. cp1252 (default: UTF-8)")
    p.add_argument("--since", type=date_arg, help="first date of events kept (YYYY-MM-DD)")
    p.add_argument("--until", type=date_arg, help="last date of events kept (YYYY-MM-DD)")


def _add_region(p: argparse.ArgumentParser, *, crossings: bool = False) -> None:
    given = " unless --crossings gives some" if crossings else ""
    p.add_argument(
        "--region",
        type=region_arg,
        default="AFG-PAK",
        metavar="XXX-YYY",
        help="the border: two ISO3 country codes, e.g. AFG-PAK (the Durand Line) or AFG-IRN (both "
        f"bundled, with their crossings); other pairs are built from outlines fetched once and carry no "
        f"crossings{given}",
    )


def _add_as_of(p: argparse.ArgumentParser, *, open_only: bool) -> None:
    p.add_argument(
        "--as-of",
        type=day_arg,
        metavar="DATE",
        help="give each crossing its status on this day (YYYY-MM-DD), from the cited status history",
    )
    if open_only:
        p.add_argument(
            "--open-only",
            action="store_true",
            help="with --as-of: use only the crossings open that day (restricted ones, e.g. returnees "
            "only, count as open)",
        )


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
        "  borderkit map --events incidents.csv --columns date=Date,lat=Y,lon=X --encoding cp1252\n"
        "  borderkit map --region AFG-IRN --out out/afghanistan_iran.html\n"
        "  borderkit map --also-region AFG-IRN --flows   # both of Afghanistan's borders, returns\n"
        "  borderkit map --as-of 2024-01-20",
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
        type=tiles_arg,
        metavar="NAME",
        help="base map: any xyzservices provider name, e.g. OpenTopoMap (default: OpenStreetMap)",
    )
    p_map.add_argument(
        "--flows",
        nargs="?",
        const="bundled",
        metavar="FILE",
        help="draw people crossing (returns, deportations) through the crossings: the bundled, cited "
        "table (when given without a file) or a flows CSV/XLSX",
    )
    p_map.add_argument(
        "--flows-type",
        dest="population_type",
        action="append",
        metavar="TYPE",
        help="with --flows: the population type the circles add up (repeat for types counted apart); "
        "default: every type when none contains another, else the type with the most rows by crossing",
    )
    p_map.add_argument(
        "--stocks",
        nargs="?",
        const="bundled",
        metavar="FILE",
        help="shade provinces by refugee stocks: the bundled, cited table (when given without a file) "
        "or a stocks CSV/XLSX",
    )
    p_map.add_argument(
        "--also-region",
        type=region_arg,
        action="append",
        default=[],
        metavar="XXX-YYY",
        help="draw another border on the same map (repeatable), e.g. AFG-IRN with the default AFG-PAK: "
        "both of Afghanistan's eastern and western borders",
    )
    p_map.add_argument(
        "--events",
        help="events to draw: an ACLED or UCDP GED CSV export, any CSV with --columns, "
        "or 'timeline' (bundled, cited)",
    )
    _add_event_options(p_map)
    _add_region(p_map)
    _add_as_of(p_map, open_only=False)
    p_map.set_defaults(func=cmd_map)

    p_cor = command(
        "corridors",
        help="corridor lengths between crossings, or border length per admin unit",
        description="Measure the border: the corridors between its crossings (--by crossing) or "
        "its length in each province or district on each side (--by unit). Lengths are geodesic "
        "on the WGS84 ellipsoid.",
        epilog="Examples:\n  borderkit corridors --by crossing\n"
        "  borderkit corridors --by unit --format csv --out out/border_by_province.csv\n"
        "  borderkit corridors --by unit --level 2 --admin geoBoundaries-AFG-ADM2.shp\n"
        "  borderkit corridors --region AFG-IRN\n"
        "  borderkit corridors --as-of 2023-10-15 --open-only",
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
    p_cor.add_argument("--level", type=level_arg, default=1, help="admin level of --admin")
    _add_file_options(p_cor, "--crossings or --admin")
    _add_region(p_cor, crossings=True)
    _add_as_of(p_cor, open_only=True)
    p_cor.set_defaults(func=cmd_corridors)

    p_prox = command(
        "proximity",
        help="how far settlements near the border lie from the crossings (straight line, by road)",
        description="For each settlement within --near-km of the border line: its nearest "
        "crossing, the geodesic distance and bearing to it, its distance to the border and whether "
        "it is within reach; the table sums them per crossing. --by-road adds road distances "
        "(OpenStreetMap through osmnx).",
        epilog="Examples:\n  borderkit proximity\n"
        "  borderkit proximity --within-km 50 --format csv --out out/proximity.csv\n"
        "  borderkit proximity --settlements villages.csv --by-road --graph roads.osm\n"
        "  borderkit proximity --as-of 2025-10-20 --open-only\n"
        "  borderkit proximity --points buildings/ --out out/result.parquet",
    )
    p_prox.add_argument(
        "--settlements", help="settlements file (CSV with lat/lon, GeoJSON, GeoPackage) (default: GeoNames)"
    )
    p_prox.add_argument("--crossings", help="crossings file (default: bundled)")
    p_prox.add_argument(
        "--min-population", type=count_arg, default=None, help="keep settlements of at least this many people"
    )
    p_prox.add_argument("--within-km", type=km_arg, default=25.0, help="reach from a crossing, km")
    p_prox.add_argument(
        "--near-km",
        type=km_arg,
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
    _add_region(p_prox, crossings=True)
    _add_as_of(p_prox, open_only=True)
    add_points_options(p_prox)
    p_prox.set_defaults(func=cmd_proximity)

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
        "--max-km", type=km_arg, default=50.0, help="--by segment: farthest event from the line, km"
    )
    p_sum.add_argument("--admin", help="--by unit: admin units file (default: bundled provinces)")
    p_sum.add_argument("--level", type=level_arg, default=1, help="--by unit: admin level of --admin")
    p_sum.add_argument("--crs", help="--by unit: CRS of --admin when it has none, e.g. EPSG:32642")
    p_sum.add_argument("--layer", type=layer_arg, help="--by unit: layer of --admin to read")
    p_sum.add_argument("--format", choices=("table", "csv"), default="table", help="output format")
    _add_out(p_sum)
    p_sum.set_defaults(func=cmd_events_summary)

    p_fl = sub.add_parser(
        "flows",
        help="summarise returns across the border (the bundled cited table, or a CSV/XLSX)",
        description="Summarise counts of people crossing the border (returns, deportations): per "
        "crossing, per month or per province of destination, from the bundled table (every row "
        "cites its report) or a flows CSV/TSV/XLSX file.",
        epilog="Examples:\n  borderkit flows summary --by crossing\n"
        "  borderkit flows summary --by month --since 2023-09-01 --format csv\n"
        "  borderkit flows summary dtm_export.xlsx --by province",
        formatter_class=_HelpFormatter,
    )
    fl_sub = p_fl.add_subparsers(dest="flows_command", metavar="ACTION", required=True)
    p_fls = fl_sub.add_parser(
        "summary",
        parents=[common],
        formatter_class=_HelpFormatter,
        help="people per crossing, month or province",
        description="People per crossing (with shares), per month and crossing, or per province of "
        "destination. Overlapping reports of the same series are not added twice: the finest are "
        "kept and the others counted in a warning.",
        epilog="Examples:\n  borderkit flows summary\n"
        "  borderkit flows summary --by month --format csv --out out/returns_by_month.csv",
    )
    p_fls.add_argument(
        "path", nargs="?", default="bundled", help="'bundled' (default) or a flows CSV/TSV/XLSX file"
    )
    p_fls.add_argument(
        "--by", choices=("crossing", "month", "province"), default="crossing", help="how to group"
    )
    p_fls.add_argument(
        "--since",
        type=day_arg,
        default=DEFAULT_SINCE,
        help="first day counted (YYYY-MM-DD; default %(default)s, when Pakistan announced its Illegal "
        "Foreigners Repatriation Plan)",
    )
    p_fls.add_argument(
        "--type",
        dest="population_type",
        action="append",
        metavar="TYPE",
        help="count only this population type (repeat for types counted apart, e.g. --type 'deportation' "
        "--type 'undocumented return'); default: every type when none contains another, else the type "
        "with the most rows by crossing",
    )
    p_fls.add_argument("--format", choices=("table", "csv"), default="table", help="output format")
    _add_out(p_fls)
    p_fls.set_defaults(func=cmd_flows_summary)

    p_exp = command(
        "export",
        help="write a layer (or every layer) to GeoJSON, GeoPackage, GeoParquet, CSV or KML",
        description="Write a layer of the bundled data to a file, in EPSG:4326 with its sources' "
        "attribution: GeoJSON (RFC 7946), GeoPackage, GeoParquet, CSV (WKT geometry, attribution in "
        "<out>.attribution.txt) or KML. 'all' writes every layer into one GeoPackage.",
        epilog="Examples:\n  borderkit export crossings --format geojson --out out/crossings.geojson\n"
        "  borderkit export zone --km 50 --out out/zone_50km.parquet\n"
        "  borderkit export all --format gpkg --out out/afpak.gpkg\n"
        "  borderkit export corridors --region AFG-IRN --out out/afg_irn_corridors.geojson",
    )
    # borderkit.maps.named_layers.LAYER_NAMES, written out so that --help needs no heavy imports
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
    p_exp.add_argument("--km", type=km_arg, default=25.0, help="zone: km each side of the line")
    p_exp.add_argument(
        "--csv-raw",
        action="store_true",
        help="CSV: write text cells verbatim; by default a cell starting with = + - @ (a "
        "spreadsheet formula) gets a leading apostrophe",
    )
    _add_region(p_exp)
    _add_as_of(p_exp, open_only=False)
    p_exp.set_defaults(func=cmd_export)

    p_fig = command(
        "figure",
        help="draw the border as a static map for a paper (PNG, SVG or PDF)",
        description="Draw the border as a static map for a paper, readable in black and white: "
        "border, provinces, corridors between crossings with their lengths, crossings by status, "
        "scale bar, north arrow, legend and sources, in an azimuthal equidistant projection.",
        epilog="Examples:\n  borderkit figure --out out/durand_line.pdf\n"
        "  borderkit figure --out out/durand_line.png --settlements --dpi 600\n"
        "  borderkit figure --region AFG-IRN --out out/afghanistan_iran.pdf\n"
        "  borderkit figure --kind flows --since 2023-06-01 --out out/returns.pdf",
    )
    p_fig.add_argument(
        "--out", type=Path, required=True, help="file to write; .png, .svg or .pdf gives the format"
    )
    p_fig.add_argument(
        "--settlements", action="store_true", help="draw the settlements within 50 km of the border"
    )
    p_fig.add_argument("--title", help="title above the map ('' for none; default: the border's name)")
    p_fig.add_argument("--dpi", type=dpi_arg, default=300, help="resolution of PNG output, dots per inch")
    p_fig.add_argument(
        "--kind",
        choices=("map", "flows"),
        default="map",
        help="'map': the border; 'flows': returns per crossing per month, closures shaded",
    )
    p_fig.add_argument(
        "--status",
        help="--kind flows: a crossing status history CSV whose closures are shaded (default: the "
        "bundled, cited history)",
    )
    p_fig.add_argument("--since", type=day_arg, help="--kind flows: first day shown (YYYY-MM-DD)")
    _add_region(p_fig)
    _add_as_of(p_fig, open_only=False)
    p_fig.set_defaults(func=cmd_figure)

    p_src = command(
        "sources",
        help="list every data source, its licence, and whether it is bundled or cached",
        description="List every data source borderkit knows: its licence, its attribution, "
        "and whether it is bundled with borderkit or cached from the network.",
        epilog="Examples:\n  borderkit sources\n  borderkit sources --format json",
    )
    p_src.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p_src.set_defaults(func=cmd_sources)

    p_cache = command(
        "cache",
        help="show or clear the cache of downloaded data",
        description="info: how many files and megabytes each network source keeps in the cache "
        "folder. clear: delete them (all, or one source's).",
        epilog="Examples:\n  borderkit cache info\n  borderkit cache clear --source geoboundaries",
    )
    p_cache.add_argument("action", choices=("info", "clear"), help="what to do")
    p_cache.add_argument("--source", help="clear: only this source's files (a key from borderkit cache info)")
    p_cache.set_defaults(func=cmd_cache)
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
    if args.command == "map" and args.population_type and not args.flows:
        parser.error("map: --flows-type goes with --flows (the flows whose type it chooses)")
    since, until = getattr(args, "since", None), getattr(args, "until", None)
    if since and until and since > until:
        parser.error(f"--since {since} comes after --until {until}")
    if args.command == "figure":
        flows_only = [f for f, v in (("--status", args.status), ("--since", args.since)) if v is not None]
        if args.kind == "map" and flows_only:
            parser.error(f"figure: {' and '.join(flows_only)} go with --kind flows")
        if args.kind == "flows" and args.settlements:
            parser.error("figure: --settlements goes with --kind map")
    if getattr(args, "open_only", False) and not args.as_of:
        parser.error(f"{args.command}: --open-only needs --as-of DATE (the day the crossings are open)")
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
    handler = DownloadLog(args.progress)
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
