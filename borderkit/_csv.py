"""Spreadsheet-safe CSV: text cells a spreadsheet would run as a formula are neutralised.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is read by Excel, LibreOffice and Google Sheets as a formula, so a place named
``=HYPERLINK("http://evil.example","x")`` becomes a live link, or worse, once
the file is opened. Following OWASP's advice ("CSV Injection"), such a text
cell is written with a leading apostrophe (``'=HYPERLINK(...)``), which the
spreadsheet shows as text. Numbers are never touched: a numeric column keeps
its negative values, and a text cell that is just a number (``-12.5``) is left
as it is, since no spreadsheet runs it. Pass ``raw=True`` to write every cell
verbatim (for programs that read the CSV back, not people).
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """Return ``value`` with a leading apostrophe if it is text a spreadsheet would run as a formula.

    Parameters
    ----------
    value : Any
        One cell. Only ``str`` values are changed.

    Returns
    -------
    Any
        ``"'" + value`` for text that starts with ``=``, ``+``, ``-``, ``@``,
        tab or carriage return and is not simply a number; ``value`` otherwise.

    Examples
    --------
    >>> print(neutralise('=HYPERLINK("http://evil.example","x")'))
    '=HYPERLINK("http://evil.example","x")
    >>> neutralise("-12.5"), neutralise(-3), neutralise("Torkham")
    ('-12.5', -3, 'Torkham')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells are neutralised (see :func:`neutralise`).

    Only object and string columns are looked at; numeric, boolean and
    datetime columns are returned as they are. The index is left alone.
    """
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            out[col] = values.map(neutralise, na_action="ignore")
    if out.columns.map(lambda c: isinstance(c, str)).all():
        out.columns = [neutralise(c) for c in out.columns]
    return out


def csv_text(frame: pd.DataFrame, *, raw: bool = False, float_format: str | None = None) -> str:
    """Return ``frame`` as CSV text: no index column, Unix line ends, text cells made safe.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; its index is not written (make it a column first if it matters).
    raw : bool, default False
        Write every cell verbatim, formulas included.
    float_format : str, optional
        ``%``-format of floats, e.g. ``"%.3f"``.

    Returns
    -------
    str
        The CSV text, ending in a newline.
    """
    table = frame if raw else spreadsheet_safe(frame)
    # Python's csv module quotes a field only for the characters of its line terminator, so with
    # "\n" a lone carriage return in a cell would go out unquoted and split the row in a reader.
    # Write with "\r\n" (every cell holding either is quoted), then end each row with "\n".
    crlf = table.to_csv(index=False, lineterminator="\r\n", float_format=float_format)
    out = io.StringIO()
    row_buffer = io.StringIO()
    writer = csv.writer(row_buffer, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(crlf, newline="")):
        row_buffer.seek(0)
        row_buffer.truncate()
        writer.writerow(row)
        out.write(row_buffer.getvalue()[:-2] + "\n")
    return out.getvalue()
