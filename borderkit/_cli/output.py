"""How the ``borderkit`` command shows its results: progress lines, one table style, one CSV style, files."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


class DownloadLog(logging.Handler):
    """Show borderkit's network messages (downloads, retries) as progress lines."""

    def __init__(self, progress: Progress) -> None:
        super().__init__(level=logging.INFO)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        self.progress(record.getMessage())


def format_table(rows: list[list[str]], header: list[str], right: set[int]) -> str:
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


def csv_out(frame: Any, args: argparse.Namespace) -> str:
    """Return a table as the one CSV style of every command: no index, floats to 3 places, safe cells."""
    from .._csv import csv_text

    return csv_text(frame, raw=getattr(args, "csv_raw", False), float_format="%.3f")


def emit(args: argparse.Namespace, text: str, notes: Sequence[str] = ()) -> int:
    """Print the result, or write it to ``--out`` atomically; add the notes unless ``--quiet``.

    Notes follow a table in the same text; with CSV or GeoJSON they go to
    stderr, so that the data stay machine-readable.
    """
    from .._atomic import write_text

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
