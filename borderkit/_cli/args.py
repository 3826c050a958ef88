"""Argument types of the ``borderkit`` command (usage errors, exit status 2) and its wording of messages."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re

# --------------------------------------------------------------------------- argument types


def km_arg(text: str) -> float:
    """Parse a distance in km: a finite number above zero."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        msg = f"{text!r} is not a distance: give a number of km above 0, e.g. 25"
        raise argparse.ArgumentTypeError(msg)
    return value


def count_arg(text: str) -> int:
    """Parse a whole number of people: 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"{text!r} is not a number of people: give a whole number, 0 or more, e.g. 1000"
        raise argparse.ArgumentTypeError(msg)
    return value


def level_arg(text: str) -> int:
    """Parse an administrative level: 0 (countries) to 5."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 5:
        msg = f"{text!r} is not an admin level: give 1 for provinces, 2 for districts (0 to 5)"
        raise argparse.ArgumentTypeError(msg)
    return value


def dpi_arg(text: str) -> int:
    """Parse a resolution in dots per inch: 1 to 2400."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 2400:
        msg = f"{text!r} is not a resolution: give dots per inch from 1 to 2400, e.g. 300"
        raise argparse.ArgumentTypeError(msg)
    return value


def date_arg(text: str) -> str:
    """Parse a date written YYYY-MM-DD (or YYYY-MM, or YYYY); return it as given."""
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return text
    msg = f"{text!r} is not a date: write it YYYY-MM-DD, e.g. 2023-10-01"
    raise argparse.ArgumentTypeError(msg)


def day_arg(text: str) -> str:
    """Parse one day written YYYY-MM-DD; return it as given."""
    try:
        dt.datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        msg = f"{text!r} is not a day: write it YYYY-MM-DD, e.g. 2024-01-20"
        raise argparse.ArgumentTypeError(msg) from None
    return text


def region_arg(text: str) -> str:
    """Parse a border region: two ISO3 codes joined by ``-`` (``AFG-IRN``); return it upper-case."""
    value = text.strip().upper()
    parts = value.split("-")
    if len(parts) != 2 or parts[0] == parts[1] or not all(re.fullmatch("[A-Z]{3}", p) for p in parts):
        msg = (
            f"{text!r} is not a border region: give two different ISO 3166-1 alpha-3 country codes "
            "joined by '-', e.g. AFG-PAK or AFG-IRN"
        )
        raise argparse.ArgumentTypeError(msg)
    return value


def columns_arg(text: str) -> dict[str, str]:
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


def tiles_arg(name: str) -> str:
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
    >>> cli_message("they are counted in attrs['unassigned'], not in any row")
    'they are counted in the note under the table, not in any row'
    >>> cli_message("set aside 2 rows: index 5 ...; attrs['set_aside'] lists them")
    'set aside 2 rows: index 5 ...'
    """

    def columns(match: re.Match[str]) -> str:
        pairs = [f"{k}={v or other.strip('<>') or 'COLUMN'}" for k, v, other in _PY_PAIR.findall(match[1])]
        return "--columns " + (",".join(pairs) if pairs else "field=column,...")

    text = _PY_DICT.sub(columns, message)
    text = re.sub(r"\bformat='csv' and columns=", "--columns", text)
    text = re.sub(r"""\b(crs|encoding|layer)=['"]([^'"]*)['"]""", lambda m: f"--{m[1]} {m[2]}", text)
    text = re.sub(r"\b(columns|crs|encoding|layer)=(?=[\s,.;)]|$)", lambda m: f"--{m[1]}", text)
    # The rows a frame's attrs list are not printed by the command: the count in the message is what it says.
    text = re.sub(r"""[;,]?\s*attrs\[['"]\w+['"]\] lists them""", "", text)
    text = text.replace("use a coarser freq to count them", "--by crossing counts them")
    # Python places such as attrs['unassigned'] mean the note the command prints under its table.
    return re.sub(r"\b(?:in )?(?:the frame's )?attrs\[['\"]\w+['\"]\]", "in the note under the table", text)


def layer_arg(text: str) -> str | int:
    """Parse a ``--layer``: a layer name, or its position (from 0) when a whole number."""
    return int(text) if text.isdigit() else text


# --------------------------------------------------------------------------- proximity --points (dask)

_SCHEDULER_SCHEMES = ("tcp://", "tls://", "ws://", "wss://", "ucx://", "inproc://")


def scheduler_arg(text: str) -> str:
    """Parse the address of a running dask.distributed scheduler, e.g. ``tcp://10.0.0.5:8786``."""
    value = text.strip()
    if not value.startswith(_SCHEDULER_SCHEMES) or not value.split("://", 1)[1]:
        msg = (
            f"{text!r} is not a dask scheduler address: give tcp://HOST:PORT (the address "
            "`dask scheduler` prints, e.g. tcp://10.0.0.5:8786)"
        )
        raise argparse.ArgumentTypeError(msg)
    return value


def partitions_arg(text: str) -> int:
    """Parse a number of partitions: 1 to 1,000,000."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 1_000_000:
        msg = f"{text!r} is not a number of partitions: give a whole number from 1, e.g. 100"
        raise argparse.ArgumentTypeError(msg)
    return value


def add_points_options(p: argparse.ArgumentParser) -> None:
    """Add ``--points``, ``--scheduler`` and ``--partitions`` to ``borderkit proximity``."""
    p.add_argument(
        "--points",
        help="a (Geo)Parquet file or folder of points, read lazily with dask and streamed "
        "partition by partition to --out (a folder of GeoParquet files); any number of points",
    )
    p.add_argument(
        "--scheduler",
        type=scheduler_arg,
        help="with --points: the address of a running dask.distributed scheduler "
        "(tcp://HOST:PORT); default: threads on this machine",
    )
    p.add_argument(
        "--partitions",
        type=partitions_arg,
        help="with --points: split the input into this many partitions (default: one per file or row group)",
    )
