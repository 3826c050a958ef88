"""The flows and stocks schemas, and the one core that normalises any raw table into them.

Every source (the bundled tables, any CSV or XLSX with a column mapping, DTM
exports, the UNHCR and DTM APIs) funnels into :func:`normalise_flows` or
:func:`normalise_stocks`. They map columns (``columns=`` or by name, any case),
parse dates and counts row by row, and keep every original column in
``extra`` (one dict per row). Bad values fail with the rows and column named,
or, with ``on_bad="drop"``, are dropped with a :class:`DroppedRowsWarning`
that gives the count, the rows and the reason (also in ``attrs["dropped"]``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ...errors import EmptyDataError, SchemaError
from .._validate import drop_rows

FLOW_COLUMNS = [
    "period_start",
    "period_end",
    "crossing_id",
    "from_country",
    "to_country",
    "origin_province",
    "origin_district",
    "destination_province",
    "destination_district",
    "population_type",
    "count",
    "precision",
    "source",
    "source_url",
    "as_of",
    "citation",
    "notes",
]
STOCK_COLUMNS = [
    "date",
    "country",
    "province",
    "district",
    "population_type",
    "count",
    "precision",
    "source",
    "source_url",
    "citation",
    "notes",
]

#: ``population_type`` values of flows named by the schema (others are kept as given).
FLOW_POPULATION_TYPES = (
    "assisted refugee return",
    "undocumented return",
    "deportation",
    "all returns",
    "other",
)
#: ``population_type`` values of stocks named by the schema (others are kept as given).
STOCK_POPULATION_TYPES = ("refugees", "PoR card holders", "ACC holders", "undocumented", "other")
#: What a count is.
PRECISIONS = ("exact", "rounded", "estimate")

#: Counts above this are refused as implausible (more people than live on Earth).
MAX_COUNT = 10_000_000_000

_DATE_DTYPE = "datetime64[ns]"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T].*)?$")
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m")
_COUNT_TEXT = re.compile(r"^[+]?\d{1,3}(?:[, ]\d{3})+$|^[+]?\d+(?:\.0+)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SHOWN = 8


@dataclass(frozen=True)
class _Spec:
    """What one schema needs: its columns, which are dates, which are required, the names tried."""

    what: str
    columns: tuple[str, ...]
    dates: tuple[str, ...]
    required: tuple[str, ...]
    countries: tuple[str, ...]
    candidates: Mapping[str, tuple[str, ...]]


FLOWS = _Spec(
    what="flows",
    columns=tuple(FLOW_COLUMNS),
    dates=("period_start", "period_end", "as_of"),
    required=("period_start", "period_end", "count"),
    countries=("from_country", "to_country"),
    candidates={
        "period_start": ("period_start", "start", "start_date", "from_date", "date_from", "date"),
        "period_end": ("period_end", "end", "end_date", "to_date", "date_to", "date"),
        "crossing_id": ("crossing_id", "crossing", "border_crossing", "bcp", "border crossing point"),
        "from_country": ("from_country", "origin_country", "coo_iso", "country_of_origin"),
        "to_country": ("to_country", "destination_country", "coa_iso", "country_of_destination"),
        "origin_province": ("origin_province", "province_of_origin"),
        "origin_district": ("origin_district", "district_of_origin"),
        "destination_province": ("destination_province", "province_of_destination", "intended_province"),
        "destination_district": ("destination_district", "district_of_destination", "intended_district"),
        "count": ("count", "individuals", "persons", "returnees", "value", "total"),
    },
)
STOCKS = _Spec(
    what="stocks",
    columns=tuple(STOCK_COLUMNS),
    dates=("date",),
    required=("date", "count"),
    countries=("country",),
    candidates={
        "date": ("date", "as_of", "reporting_date", "reportingdate", "year"),
        "country": ("country", "country_of_asylum", "coa_iso", "asylum_country", "admin0pcode"),
        "province": ("province", "admin1", "admin1name", "admin1_name"),
        "district": ("district", "admin2", "admin2name", "admin2_name"),
        "count": ("count", "individuals", "persons", "population", "value", "total", "numpresentidpind"),
    },
)


def _names(spec: _Spec, field: str) -> tuple[str, ...]:
    return spec.candidates.get(field, (field,))


def _text(values: pd.Series) -> pd.Series:
    """Return ``values`` as stripped strings, "" for missing; whole floats lose their ``.0``."""

    def one(v: Any) -> str:
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, pd.Timestamp):
            return v.strftime("%Y-%m-%d")
        return str(v).strip()

    return pd.Series([one(v) for v in values], index=values.index, dtype="str")


def rows_text(labels: Sequence[str], idx: Sequence[int] | np.ndarray, values: pd.Series | None = None) -> str:
    """Name rows for a message: ``row 3 ('abc'), row 7 ('')`` (at most a few, then the count)."""
    items = []
    for i in list(idx)[:_SHOWN]:
        if values is None:
            items.append(labels[i])
        else:
            v = values.iloc[i]
            items.append(f"{labels[i]} ({'empty' if v == '' else repr(str(v)[:40])})")
    more = f" ... ({len(idx)} rows in all)" if len(idx) > _SHOWN else ""
    return ", ".join(items) + more


def _mapping(
    frame: pd.DataFrame, spec: _Spec, columns: Mapping[str, str] | None, *, where: str
) -> dict[str, str]:
    """Map schema fields to ``frame``'s columns: ``columns=`` first, then by name (any case)."""
    columns = dict(columns or {})
    unknown = sorted(set(columns) - set(spec.columns))
    if unknown:
        msg = f"columns= maps unknown {spec.what} fields {unknown}; use some of {list(spec.columns)}"
        raise SchemaError(msg)
    found = [str(c) for c in frame.columns]
    for key, col in columns.items():
        if col not in frame.columns:
            msg = f"columns= maps {key!r} to {col!r}, which {where} does not have; its columns are {found}"
            raise SchemaError(msg)
    lookup: dict[str, str] = {}
    for c in frame.columns:
        lookup.setdefault(str(c).strip().lower().replace(" ", "_"), str(c))
        lookup.setdefault(str(c).strip().lower(), str(c))
    mapping: dict[str, str] = {}
    for field in spec.columns:
        if field in columns:
            mapping[field] = columns[field]
            continue
        hit = next((lookup[n] for n in _names(spec, field) if n in lookup), None)
        if hit is not None:
            mapping[field] = hit
    missing = [f for f in spec.required if f not in mapping]
    if missing:
        tried = "; ".join(f"{f}: {', '.join(_names(spec, f))}" for f in missing)
        example = ", ".join(f"{f!r}: '<your {f} column>'" for f in missing)
        msg = (
            f"{where} lacks the {spec.what} column(s) {missing} (looked for {tried}, in any case); "
            f"its columns are {found}. Pass columns={{{example}}} to name the columns that hold them"
        )
        raise SchemaError(msg)
    return mapping


def parse_dates(
    values: pd.Series, *, column: str, labels: list[str], where: str
) -> tuple[pd.Series, np.ndarray]:
    """Parse dates (``2023-10-03``, ``3 October 2023``, ``03/10/2023`` day first, ``2023-10``, a year).

    Returns the day-precision dates (NaT where empty) and the positions of
    cells that hold text in no known form.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        out = pd.Series(values).dt.tz_localize(None) if values.dt.tz is not None else pd.Series(values)
        return out.dt.normalize().astype(_DATE_DTYPE), np.array([], dtype=int)
    text = _text(values)
    out = pd.Series(pd.NaT, index=values.index, dtype=_DATE_DTYPE)
    iso = text.str.match(_ISO_DATE)
    if iso.any():
        out[iso] = pd.to_datetime(text[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    year = text.str.fullmatch(r"(1[89]|20)\d{2}")
    if year.any():
        out[year] = pd.to_datetime(text[year], format="%Y", errors="coerce")
    for fmt in _DATE_FORMATS:
        todo = out.isna() & (text != "")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    bad = np.flatnonzero((out.isna() & (text != "")).to_numpy())
    return out, bad


def parse_counts(values: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Parse whole non-negative counts; ``1,234`` and ``1 234`` are read as 1234.

    Returns the counts (nullable Int64, <NA> where empty), the positions of
    cells that are not whole non-negative numbers, and those above
    :data:`MAX_COUNT`.
    """
    text = _text(values)
    ok = text.str.match(_COUNT_TEXT) | (text == "")
    digits = text.where(ok, "").str.replace(r"[, +]", "", regex=True).str.replace(r"\.0+$", "", regex=True)
    bad = np.flatnonzero((~ok).to_numpy())
    too_big = np.array([len(d) > 11 or (d != "" and int(d) > MAX_COUNT) for d in digits], dtype=bool)
    big = np.flatnonzero(too_big)
    numbers = [pd.NA if d == "" or too_big[i] else int(d) for i, d in enumerate(digits)]
    return pd.Series(numbers, index=values.index, dtype="Int64"), bad, big


def extra_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return each row of ``frame`` as a dict of its original columns (missing values are None)."""
    plain = frame.astype(object).where(frame.notna(), None)
    plain.columns = [str(c) for c in plain.columns]
    return plain.to_dict(orient="records")


class _Problems:
    """Collect the bad rows of a table; raise them all at once or drop them with one warning."""

    def __init__(self, *, where: str, labels: list[str], on_bad: str) -> None:
        self.where, self.labels, self.on_bad = where, labels, on_bad
        self.messages: list[str] = []
        self.reasons: dict[int, list[str]] = {}

    def add(self, idx: np.ndarray | Sequence[int], message: str, values: pd.Series | None = None) -> None:
        idx = np.asarray(idx, dtype=int)
        if len(idx) == 0:
            return
        self.messages.append(f"{message} at {rows_text(self.labels, idx, values)}")
        for i in idx:
            self.reasons.setdefault(int(i), []).append(message)

    def settle(self, out: pd.DataFrame) -> pd.DataFrame:
        if not self.messages:
            return out
        if self.on_bad == "raise":
            msg = (
                f"{self.where}: " + "; ".join(self.messages) + " (rows counted from 1 after the header). "
                "Fix these cells, or pass on_bad='drop' to drop the rows with a warning"
            )
            raise SchemaError(msg)
        bad = np.zeros(len(out), dtype=bool)
        bad[list(self.reasons)] = True
        reasons = "; ".join(self.messages)
        return drop_rows(out, pd.Series(bad, index=out.index), reason=reasons, where=self.where)


def normalise(
    frame: pd.DataFrame,
    spec: _Spec,
    *,
    where: str,
    columns: Mapping[str, str] | None = None,
    defaults: Mapping[str, str] | None = None,
    keep_extra: bool = True,
    on_bad: str = "raise",
) -> pd.DataFrame:
    """Normalise a raw table to the flows or stocks schema (the one core of every source).

    Parameters
    ----------
    frame : pandas.DataFrame
        The raw table, with the source's own column names.
    spec : _Spec
        :data:`FLOWS` or :data:`STOCKS`.
    where : str
        Where the table comes from (file name, API URL), for messages.
    columns : mapping, optional
        Schema field -> column of ``frame``; fields not given are looked up by
        their own names and a few common synonyms (any case).
    defaults : mapping, optional
        Text for schema fields the table has no column for (e.g.
        ``{"source": "UNHCR"}``).
    keep_extra : bool
        Keep every original column in ``extra`` (one dict per row).
    on_bad : {"raise", "drop"}
        What to do with rows whose dates, counts, countries or precision are
        wrong: fail naming them all, or drop them with a
        :class:`~borderkit.errors.DroppedRowsWarning` (count, rows, reasons;
        recorded in ``attrs["dropped"]``).

    Returns
    -------
    pandas.DataFrame
        The schema columns in order (dates as datetime64, ``count`` as
        nullable Int64, text as str with "" for missing), then ``extra``;
        index = row position in the table (from 0).
    """
    if on_bad not in ("raise", "drop"):
        msg = f"on_bad must be 'raise' or 'drop', not {on_bad!r}"
        raise ValueError(msg)
    if not isinstance(frame, pd.DataFrame):
        msg = f"{where}: expected a pandas DataFrame, not {type(frame).__name__}"
        raise SchemaError(msg)
    if len(frame) == 0:
        msg = f"{where} holds no rows; pass a table with one row per {'count' if spec is FLOWS else 'figure'}"
        raise EmptyDataError(msg)
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c).strip() for c in frame.columns]
    m = _mapping(frame, spec, columns, where=where)
    labels = [f"row {i + 1}" for i in range(len(frame))]
    problems = _Problems(where=where, labels=labels, on_bad=on_bad)
    defaults = dict(defaults or {})
    out = pd.DataFrame(index=frame.index)
    for field in spec.columns:
        col = m.get(field)
        if field in spec.dates:
            if col is None:
                out[field] = pd.Series(pd.NaT, index=frame.index, dtype=_DATE_DTYPE)
                continue
            dates, bad = parse_dates(frame[col], column=col, labels=labels, where=where)
            problems.add(
                bad, f"column {col!r} holds dates in no known form (write 2023-10-03)", _text(frame[col])
            )
            if field in spec.required:
                empty = np.flatnonzero((dates.isna() & (_text(frame[col]) == "")).to_numpy())
                problems.add(empty, f"column {col!r} has no date")
            out[field] = dates.astype(_DATE_DTYPE)
        elif field == "count":
            counts, bad, big = parse_counts(frame[col])
            shown = _text(frame[col])
            problems.add(bad, f"column {col!r} holds values that are not whole counts of people >= 0", shown)
            problems.add(big, f"column {col!r} holds counts above {MAX_COUNT:,} (implausible)", shown)
            empty = np.flatnonzero((shown == "").to_numpy())
            problems.add(empty, f"column {col!r} has no count")
            out[field] = counts
        else:
            values = (
                _text(frame[col])
                if col is not None
                else pd.Series(defaults.get(field, ""), index=frame.index)
            )
            out[field] = values.astype("str")
    for field in spec.countries:
        codes = out[field].str.upper()
        bad = np.flatnonzero(((codes != "") & ~codes.str.match(_ISO3)).to_numpy())
        problems.add(bad, f"{field} is not an ISO 3166 alpha-3 code (e.g. PAK, AFG)", out[field])
        out[field] = codes
    prec = out["precision"].str.lower()
    bad = np.flatnonzero(((prec != "") & ~prec.isin(PRECISIONS)).to_numpy())
    problems.add(bad, f"precision is not one of {list(PRECISIONS)}", out["precision"])
    out["precision"] = prec
    if spec is FLOWS:
        later = (out["period_start"] > out["period_end"]).to_numpy()
        problems.add(np.flatnonzero(later), "period_start is after period_end")
    if keep_extra:
        out["extra"] = pd.Series(extra_records(frame), index=frame.index, dtype="object")
    out = problems.settle(out)
    if len(out) == 0:
        msg = f"{where}: every row was dropped as bad; nothing is left"
        raise EmptyDataError(msg)
    out.attrs["source"] = where
    return out


def check_frame(frame: object, spec: _Spec, *, what: str | None = None) -> pd.DataFrame:
    """Check that ``frame`` is a flows or stocks frame (as loaders return), or fail saying what to pass."""
    what = what or spec.what
    if not isinstance(frame, pd.DataFrame):
        msg = f"{what} must be a DataFrame from bk.load_{spec.what}(), not {type(frame).__name__}"
        raise SchemaError(msg)
    need = [c for c in spec.required if c not in frame.columns]
    if need:
        msg = f"{what} lack the column(s) {need}; load them with bk.load_{spec.what}()"
        raise SchemaError(msg)
    for c in spec.dates:
        if c in frame.columns and c in spec.required and not pd.api.types.is_datetime64_any_dtype(frame[c]):
            msg = f"{what}: column {c!r} must hold dates (datetime64); load them with bk.load_{spec.what}()"
            raise SchemaError(msg)
    if frame["count"].isna().any():
        rows = list(frame.index[frame["count"].isna()])[:_SHOWN]
        msg = f"{what}: 'count' is missing at index {rows}; drop or fill those rows first"
        raise SchemaError(msg)
    return frame
