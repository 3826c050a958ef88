"""Load flows and stocks: the bundled, cited tables, any CSV/XLSX with a column mapping, DTM exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..._log import log
from ...errors import DataReadError, EmptyDataError, SchemaError
from .. import _data
from .._points import decode_text
from .schema import FLOWS, STOCKS, _Spec, normalise

_SUFFIXES = (".csv", ".tsv", ".tab", ".txt", ".xlsx")


def _hxl_line(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if str(c).strip()]
    return bool(filled) and all(c.startswith("#") for c in filled)


def read_table(
    path: Path, *, what: str, encoding: str | None = None, sheet: str | int | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Read a CSV, TSV or XLSX table as text cells; skip an HXL hashtag line 2 (as DTM and HDX exports have).

    Returns the raw frame and notes (``encoding``, ``skipped_lines``, ``sheet``).

    Raises
    ------
    DataReadError
        Missing file, a folder, an unknown format, text that is not UTF-8
        (without ``encoding=``), or a file the CSV/XLSX readers refuse.
    EmptyDataError
        An empty file or one with a header only.
    """
    if not path.exists():
        msg = f"{what} {path} does not exist; check the path (the working folder is {Path.cwd()})"
        raise DataReadError(msg)
    if path.is_dir():
        msg = f"{path} is a folder; pass the path of a {what} (CSV, TSV or XLSX)"
        raise DataReadError(msg)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        kind = suffix or "a file without suffix"
        msg = f"{what} {path}: borderkit reads {', '.join(_SUFFIXES)} files, not {kind}"
        raise DataReadError(msg)
    notes: dict[str, Any] = {"encoding": None, "skipped_lines": [], "sheet": None}
    if suffix == ".xlsx":
        frame = _read_xlsx(path, what=what, sheet=sheet, notes=notes)
    else:
        data = path.read_bytes()
        if not data.strip():
            msg = f"{what} {path} is empty; pass a table with a header line and one row per count"
            raise EmptyDataError(msg)
        text, notes["encoding"] = decode_text(data, path=path, encoding=encoding)
        sep = "\t" if suffix in (".tsv", ".tab") else ","
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=sep))
        except csv.Error as exc:
            msg = f"cannot read {what} {path} as CSV ({exc}); pass a CSV with a header line"
            raise DataReadError(msg) from exc
        skip = [1] if len(rows) > 1 and _hxl_line(rows[1]) else None
        if skip:
            notes["skipped_lines"] = [{"line": 2, "reason": "HXL hashtag row"}]
            log(f"{path}: skipped line 2, an HXL hashtag row")
        try:
            frame = pd.read_csv(
                io.StringIO(text), sep=sep, skiprows=skip, dtype=str, keep_default_na=False, na_values=[""]
            )
        except (pd.errors.ParserError, ValueError) as exc:
            msg = f"cannot read {what} {path} as CSV ({exc}); pass a CSV with a header line"
            raise DataReadError(msg) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(frame) == 0:
        msg = f"{what} {path} holds no rows (only a header); pass a file with one row per count"
        raise EmptyDataError(msg)
    return frame, notes


def _read_xlsx(path: Path, *, what: str, sheet: str | int | None, notes: dict[str, Any]) -> pd.DataFrame:
    try:
        import openpyxl  # noqa: F401  (pandas reads XLSX through it)
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        msg = "reading XLSX needs openpyxl: pip install openpyxl"
        raise ImportError(msg) from exc
    try:
        frame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, dtype=object, engine="openpyxl")
    except ValueError as exc:
        msg = f"cannot read sheet {sheet!r} of {what} {path} ({exc}); pass sheet= naming one of its sheets"
        raise DataReadError(msg) from exc
    except Exception as exc:  # openpyxl raises zipfile/XML errors of many kinds for a damaged file
        msg = f"cannot read {what} {path} as XLSX ({type(exc).__name__}: {exc}); pass a valid .xlsx or a CSV"
        raise DataReadError(msg) from exc
    notes["sheet"] = 0 if sheet is None else sheet
    if len(frame) and _hxl_line([str(v) if v is not None and not pd.isna(v) else "" for v in frame.iloc[0]]):
        frame = frame.iloc[1:].reset_index(drop=True)
        notes["skipped_lines"] = [{"line": 2, "reason": "HXL hashtag row"}]
    return frame


def _bundled(name: str, spec: _Spec, *, keep_extra: bool) -> pd.DataFrame:
    path = _data.data_path(name)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    out = normalise(raw, spec, where=f"bundled {name}", keep_extra=keep_extra)
    out.attrs.update({"format": "bundled", "source": str(path)})
    return out


def _load(
    source: str | Path,
    spec: _Spec,
    *,
    bundled: str,
    columns: Mapping[str, str] | None,
    defaults: Mapping[str, str] | None,
    encoding: str | None,
    sheet: str | int | None,
    keep_extra: bool,
    on_bad: str,
) -> pd.DataFrame:
    if isinstance(source, str) and source == "bundled":
        if columns is not None:
            msg = "columns= maps the columns of a file; the bundled table knows its columns. Drop columns="
            raise ValueError(msg)
        return _bundled(bundled, spec, keep_extra=keep_extra)
    if not isinstance(source, str | Path):
        msg = f"source must be 'bundled' or the path of a file, not {type(source).__name__}"
        raise SchemaError(msg)
    path = Path(source)
    raw, notes = read_table(path, what=f"{spec.what} file", encoding=encoding, sheet=sheet)
    where = str(path) + (" (its HXL line 2 skipped)" if notes["skipped_lines"] else "")
    base = {"source": path.name}
    out = normalise(
        raw,
        spec,
        where=where,
        columns=columns,
        defaults={**base, **(defaults or {})},
        keep_extra=keep_extra,
        on_bad=on_bad,
    )
    out.attrs.update({"format": path.suffix.lower().lstrip("."), "source": str(path), **notes})
    return out


def load_flows(
    source: str | Path = "bundled",
    *,
    columns: Mapping[str, str] | None = None,
    defaults: Mapping[str, str] | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    keep_extra: bool = True,
    on_bad: str = "raise",
) -> pd.DataFrame:
    """Load counts of people crossing a border (returns, deportations), normalised to the flows schema.

    Parameters
    ----------
    source : str or pathlib.Path
        ``"bundled"``: the cited table of Afghan returns from Pakistan built by
        ``scripts/build_flows.py`` (IOM DTM flow monitoring, UNHCR, OCHA and
        government figures; every row cites its report). Or the path of a
        CSV, TSV or XLSX file, e.g. a DTM flow-monitoring export (an HXL
        hashtag line 2 is skipped).
    columns : mapping, optional
        Schema field -> column of the file, e.g. ``{"period_start": "From",
        "period_end": "To", "crossing_id": "BCP", "count": "Individuals"}``.
        Fields not mapped are looked up by their names and common synonyms
        (any case). ``period_start``, ``period_end`` and ``count`` are
        required (a single ``date`` column serves as both ends).
    defaults : mapping, optional
        Text for fields the file has no column for, e.g.
        ``{"from_country": "PAK", "to_country": "AFG", "source": "IOM DTM"}``;
        ``source`` defaults to the file name.
    encoding : str, optional
        Text encoding of a CSV; None reads UTF-8 and refuses anything else,
        naming the first bad byte.
    sheet : str or int, optional
        Sheet of an XLSX file (default: the first).
    keep_extra : bool
        Keep every original column in ``extra`` (one dict per row).
    on_bad : {"raise", "drop"}
        Rows with bad dates, counts (text, fractions, negative or above 10
        billion), countries (not ISO3) or precision: fail naming them all, or
        drop them with a :class:`~borderkit.errors.DroppedRowsWarning` giving
        the count and rows (also in ``attrs["dropped"]``).

    Returns
    -------
    pandas.DataFrame
        The flows schema: ``period_start``, ``period_end`` (inclusive),
        ``crossing_id`` ("" where the source gives none), ``from_country``,
        ``to_country`` (ISO3), origin/destination province and district,
        ``population_type``, ``count`` (Int64), ``precision`` (exact,
        rounded, estimate), ``source``, ``source_url``, ``as_of``,
        ``citation``, ``notes``, then ``extra``.

    Raises
    ------
    DataReadError, EmptyDataError, SchemaError
        What, where (file, row, column) and what to do.

    Examples
    --------
    >>> import borderkit as bk
    >>> flows = bk.load_flows()
    >>> sorted(set(flows.crossing_id) - {""})
    ['angoor-adda', 'chaman-spin-boldak', 'islam-qala', 'kharlachi', 'milak', 'torkham']
    """
    return _load(
        source,
        FLOWS,
        bundled="flows.csv",
        columns=columns,
        defaults=defaults,
        encoding=encoding,
        sheet=sheet,
        keep_extra=keep_extra,
        on_bad=on_bad,
    )


def load_stocks(
    source: str | Path = "bundled",
    *,
    columns: Mapping[str, str] | None = None,
    defaults: Mapping[str, str] | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    keep_extra: bool = True,
    on_bad: str = "raise",
) -> pd.DataFrame:
    """Load population figures at a date (refugees, PoR/ACC card holders), normalised to the stocks schema.

    Parameters
    ----------
    source : str or pathlib.Path
        ``"bundled"``: the cited figures of Afghan refugees in Pakistan,
        nationally and by province, built by ``scripts/build_flows.py``; or
        the path of a CSV, TSV or XLSX file.
    columns, defaults, encoding, sheet, keep_extra, on_bad
        As for :func:`load_flows`; ``date`` and ``count`` are required.

    Returns
    -------
    pandas.DataFrame
        The stocks schema: ``date``, ``country`` (ISO3, of asylum),
        ``province``, ``district``, ``population_type``, ``count`` (Int64),
        ``precision``, ``source``, ``source_url``, ``citation``, ``notes``,
        then ``extra``.

    Examples
    --------
    >>> import borderkit as bk
    >>> stocks = bk.load_stocks()
    >>> int(stocks.query("province == 'Balochistan'")["count"].iloc[0])
    321677
    """
    return _load(
        source,
        STOCKS,
        bundled="stocks.csv",
        columns=columns,
        defaults=defaults,
        encoding=encoding,
        sheet=sheet,
        keep_extra=keep_extra,
        on_bad=on_bad,
    )
