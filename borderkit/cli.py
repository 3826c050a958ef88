"""The ``borderkit`` command.

Examples
--------
::

    borderkit map --out out/durand_line.html
    borderkit sources
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from ._errors import BorderkitError
from ._version import __version__

DEFAULT_MAP = Path("out") / "durand_line.html"


def _cmd_map(args: argparse.Namespace) -> int:
    from .maps import make_map, save_html

    path = save_html(make_map(), args.out)
    if not args.quiet:
        print(f"Map written to {path}")
        print(f"Open it in a browser: file://{path}")
    else:
        print(path)
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
    from .geo.sources import catalogue

    rows = []
    for src in catalogue().values():
        status = "bundled" if src.kind == "bundled" else _cache_status(src.url)
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p_map = sub.add_parser(
        "map",
        help="write the interactive HTML map (border, countries, provinces)",
        description="Write an interactive HTML map of the border with its countries and "
        "provinces, from the bundled data (no network needed).",
        epilog=f"Example:\n  borderkit map --out {DEFAULT_MAP}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_map.add_argument(
        "--out", type=Path, default=DEFAULT_MAP, help="HTML file to write (default: %(default)s)"
    )
    p_map.add_argument("--quiet", action="store_true", help="print only the path of the map")
    p_map.set_defaults(func=_cmd_map)

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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``borderkit`` command; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (BorderkitError, OSError, ValueError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"borderkit: error: {exc}", file=sys.stderr)
        if not args.debug:
            print("(run with --debug for the full traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
