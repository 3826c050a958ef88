"""``borderkit flows summary``: people who crossed the border, per crossing, month or province."""

from __future__ import annotations

import argparse
from typing import Any

from .output import csv_out, emit, format_table

#: Default first day: Pakistan's Illegal Foreigners Repatriation Plan was announced on 3 October 2023.
DEFAULT_SINCE = "2023-10-03"


def _names() -> dict[str, str]:
    """Crossing id -> name, for every bundled crossing (located or not)."""
    import warnings

    from ..errors import DroppedRowsWarning
    from ..geo import load_crossings

    names: dict[str, str] = {}
    for key in ("AFG-PAK", "AFG-IRN"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DroppedRowsWarning)
            frame = load_crossings(border=key, include_unlocated=True)
        names.update(zip(frame["crossing_id"], frame["name"], strict=True))
    return names


def _people(value: Any) -> str:
    return f"{int(value):,}"


def _share(value: Any) -> str:
    return "" if value != value else f"{100 * float(value):.1f}"  # NaN: no share


def _day(value: Any) -> str:
    return "" if value is None or value != value else f"{value:%Y-%m-%d}"


def summary_table(flows: Any, *, by: str, since: str, population_type: Any = None) -> Any:
    """Return the summary of ``flows`` from ``since`` on, grouped ``by`` crossing, month or province.

    ``crossing``: people since the day, per crossing and population type,
    each crossing's share of the people counted at named crossings
    (:func:`~borderkit.geo.displacement.flows_since`); ``month``: per month,
    crossing and type, months from the one holding ``since``
    (:func:`~borderkit.geo.displacement.flows_by_crossing`); ``province``:
    per province of destination, counts whose period ends on or after the day
    (:func:`~borderkit.geo.displacement.flows_by_province`). Population types
    stay apart; ``population_type`` (one type or several counted apart)
    keeps only those.
    """
    import pandas as pd

    from ..geo.displacement import flows_by_crossing, flows_by_province, flows_since

    day = pd.Timestamp(since)
    if by == "crossing":
        return flows_since(flows, day, population_type=population_type)
    if by == "month":
        table = flows_by_crossing(flows, "MS", population_type=population_type)
        return table[table["period"] >= day.to_period("M").start_time].reset_index(drop=True)
    return flows_by_province(flows[flows["period_end"] >= day], population_type=population_type)


def cmd_flows_summary(args: argparse.Namespace) -> int:
    """Print (or write) the summary table of a flows table."""
    import warnings

    from ..geo.displacement import load_flows

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        flows = load_flows(args.path)
        table = summary_table(
            flows, by=args.by, since=args.since, population_type=getattr(args, "population_type", None)
        )
    for w in caught:  # shown as they came (one line each), after they were seen
        warnings.warn(w.message, stacklevel=1)
    source = "the bundled table (every row cites its report)" if args.path == "bundled" else args.path
    notes = [f"People counted from {args.since} on, from {source}; {len(flows):,} rows read."]
    if any("set aside" in str(w.message) for w in caught):
        notes.append(
            "Overlapping reports of the same series are counted once (the finest kept; see the warning)."
        )
    if args.format == "csv":
        out = table.copy()
        if "period" in out.columns:
            out["period"] = out["period"].dt.strftime("%Y-%m")
        return emit(args, csv_out(out, args), notes)
    names = _names()
    if args.by == "crossing":
        rows = [
            [
                names.get(r.crossing_id, r.crossing_id),
                r.population_type,
                _people(r.count),
                _share(r.share),
                _day(r.first_start),
                _day(r.last_end),
                r.precision,
            ]
            for r in table.itertuples()
        ]
        header = ["Crossing", "Who", "People", "Share %", "From", "To", "Precision"]
        text = format_table(rows, header, {2, 3})
        notes.append(
            "Share: of the people of that type counted at a named crossing. From/To: the first and last "
            "day of the reports counted (a report may start before the day asked)."
        )
    elif args.by == "month":
        rows = [
            [
                f"{r.period:%Y-%m}",
                names.get(r.crossing_id, r.crossing_id),
                r.population_type,
                _people(r.count),
                _share(r.share),
                r.precision,
            ]
            for r in table.itertuples()
        ]
        text = format_table(rows, ["Month", "Crossing", "Who", "People", "Share %", "Precision"], {3, 4})
        notes.append(
            "Only reports whose period lies within one month are binned; longer ones are left out (see the "
            "warning) and counted by --by crossing."
        )
    else:
        rows = [
            [r.province, r.population_type, _people(r.count), _share(r.share)] for r in table.itertuples()
        ]
        text = format_table(rows, ["Province of destination", "Who", "People", "Share %"], {2, 3})
    if not rows:
        notes.append(f"No count in {source} falls on or after {args.since}.")
    return emit(args, text, notes)
