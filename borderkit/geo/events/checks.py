"""Vectorised conversion and checking of the values of an events table.

Every function here takes a pandas Series (of any dtype: the Arrow-backed
strings :func:`borderkit.geo.events.load_events` reads, or the object and
numeric columns of a frame built in Python), converts the whole column at
once with pyarrow compute kernels or NumPy, and raises a
:class:`~borderkit.errors.SchemaError` that names the offending rows (and
their values) when some cannot be converted. No value is converted one at a
time in Python, except in columns of mixed Python objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import SchemaError

#: A number as written in a table: optional sign, digits with an optional decimal point, optional exponent.
NUMBER_PATTERN = r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$"
# An ISO date, optionally followed by a time of day (ignored) and a UTC offset; nothing else after it.
_ISO_PATTERN = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
#: Date forms read besides ISO 8601 (``2023-02-16``), tried in order.
DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d/%b/%Y", "%B %d, %Y", "%b %d, %Y")
#: The earliest day a ``datetime64[ns]`` column holds (and so an event's date can be).
FIRST_DAY = dt.date(1678, 1, 1)
#: Whole numbers (fatalities, codes) must be below this: larger floats are no longer exact integers.
MAX_WHOLE = 2.0**53
_SHOWN = 10


class RowLabels(Sequence[str]):
    """Names of the rows of a table in messages, ``"row 1"`` for the first row after the header.

    Built on demand, so a million-row file costs no million strings.
    """

    def __init__(self, n: int, *, word: str = "row", start: int = 1) -> None:
        self._n, self._word, self._start = n, word, start

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        i = int(i)
        if not -self._n <= i < self._n:
            raise IndexError(i)
        return f"{self._word} {i % self._n + self._start}"


def shown(items: Sequence[str], limit: int = _SHOWN, *, total: int | None = None) -> str:
    """Join the first ``limit`` of ``items`` with commas, saying how many there are in all."""
    total = len(items) if total is None else total
    return ", ".join(items[:limit]) + (f" ... ({total} in all)" if total > limit else "")


def rows_text(labels: Sequence[str], idx: Iterable[int], values: pd.Series | None = None) -> str:
    """Name rows ``idx`` (at most ten, then the count), with their values in ``values`` when given."""
    idx = np.asarray(list(idx) if not isinstance(idx, np.ndarray) else idx, dtype=np.int64)
    items = []
    for i in idx[:_SHOWN]:
        if values is None:
            items.append(labels[i])
        else:
            v = values.iloc[i]
            empty = v is None or (not isinstance(v, str) and bool(pd.isna(v))) or v == ""
            items.append(f"{labels[i]} ({'empty' if empty else repr(str(v))})")
    return shown(items, total=len(idx))


# --------------------------------------------------------------------------- columns as Arrow


def _py_text(v: Any) -> str | None:
    """One value of a mixed object column as text (None when missing); integral floats without ``.0``."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def arrow(values: pd.Series) -> pa.ChunkedArray:
    """Return ``values`` as an Arrow array, without a copy when it is Arrow-backed already.

    Missing values (None, NaN, NA, NaT) become nulls. A column of mixed Python
    objects that Arrow cannot type becomes text, value by value.
    """
    array = values.array
    if hasattr(array, "__arrow_array__"):
        out = array.__arrow_array__()
        return out if isinstance(out, pa.ChunkedArray) else pa.chunked_array([out])
    try:
        return pa.chunked_array([pa.array(np.asarray(values), from_pandas=True)])
    except (pa.ArrowException, TypeError, ValueError, OverflowError):  # e.g. ints beyond 64 bits
        return pa.chunked_array([pa.array([_py_text(v) for v in values], type=pa.large_string())])


# ASCII whitespace bytes; any byte >= 0x80 at either end may start or end a Unicode space (NBSP ...).
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True
_ASCII_SPACE[0x80:] = True


def _needs_trim(arr: pa.ChunkedArray) -> bool:
    """Say whether some string of ``arr`` starts or ends with whitespace, reading its buffers in place."""
    for chunk in arr.chunks:
        n = len(chunk)
        if n == 0:
            continue
        offsets, data = _buffers(chunk)
        if data.size == 0:
            continue
        starts, ends = offsets[:-1], offsets[1:]
        filled = np.flatnonzero(ends > starts)
        if not len(filled):
            continue
        odd = _ASCII_SPACE[data[starts[filled]]] | _ASCII_SPACE[data[ends[filled] - 1]]
        if not odd.any():
            continue
        rows = filled[odd]
        values = chunk.take(pa.array(rows)).to_pylist()  # only the rows that may: exact check
        if any(v is not None and v != v.strip() for v in values):
            return True
    return False


def _as_text(arr: pa.ChunkedArray) -> pa.ChunkedArray:
    """Arrow values as stripped text, nulls kept: integral floats print without ``.0``, booleans as Python."""
    t = arr.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        # The original buffers when nothing needs trimming: no copy of the file's text.
        return pc.utf8_trim_whitespace(arr) if _needs_trim(arr) else arr
    if pa.types.is_null(t):
        return pa.chunked_array([pa.nulls(len(arr), pa.large_string())])
    if pa.types.is_floating(t):
        whole = pc.and_(pc.equal(pc.floor(arr), arr), pc.less(pc.abs(arr), MAX_WHOLE))
        as_int = pc.cast(pc.if_else(whole, arr, 0.0), pa.int64()).cast(pa.large_string())
        return pc.if_else(whole, as_int, pc.cast(arr, pa.large_string()))
    if pa.types.is_boolean(t):
        return pc.if_else(arr, "True", "False").cast(pa.large_string())
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return pa.chunked_array([pa.array([_py_text(v) for v in arr.to_pylist()], pa.large_string())])
    try:
        return pc.cast(arr, pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.chunked_array([pa.array([_py_text(v) for v in arr.to_pylist()], pa.large_string())])


def _large(arr: pa.ChunkedArray) -> pa.ChunkedArray:
    return arr if pa.types.is_large_string(arr.type) else arr.cast(pa.large_string())


def _series(arr: pa.ChunkedArray, index: pd.Index) -> pd.Series:
    arr = _large(arr)
    return pd.Series(pd.arrays.ArrowStringArray(arr), index=index, dtype="str")


def text(values: pd.Series) -> pd.Series:
    """Return ``values`` as stripped strings (dtype ``str``), with ``""`` for missing values."""
    txt = _as_text(arrow(values))
    return _series(txt.fill_null("") if txt.null_count else txt, values.index)


def _numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Return ``values`` as float64 (NaN where missing or not a number) and a mask of the filled cells."""
    arr = arrow(values)
    t = arr.type
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_null(t) or pa.types.is_boolean(t):
        filled = pc.is_valid(arr).to_numpy(zero_copy_only=False)
        out = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False)
        return np.where(filled, out, np.nan), filled
    txt = _as_text(arr)
    filled = pc.and_(pc.is_valid(txt), pc.not_equal(txt, "")).fill_null(False)
    ok = pc.match_substring_regex(txt, NUMBER_PATTERN).fill_null(False)
    out = pc.cast(pc.if_else(ok, txt, pa.scalar(None, txt.type)), pa.float64())
    return out.to_numpy(zero_copy_only=False).astype(np.float64), filled.to_numpy(zero_copy_only=False)


# --------------------------------------------------------------------------- numbers


def coordinates(values: pd.Series, *, column: str, labels: Sequence[str], where: str) -> np.ndarray:
    """Parse decimal degrees; fail naming the rows that are empty, not numbers, or not finite."""
    numbers, _ = _numbers(values)
    bad = np.flatnonzero(~np.isfinite(numbers))
    if len(bad):
        msg = (
            f"{where}: column {column!r} holds missing or unparseable coordinates at "
            f"{rows_text(labels, bad, values)} (rows counted from 1 after the header). Write decimal "
            "degrees such as 34.11472, or pass columns= if another column holds the coordinates"
        )
        raise SchemaError(msg)
    return numbers


def check_ranges(
    lat: np.ndarray, lon: np.ndarray, *, lat_col: str, lon_col: str, labels: Sequence[str], where: str
) -> None:
    """Fail naming the rows whose latitude is outside [-90, 90] or longitude outside [-180, 180]."""
    bad_lat = np.flatnonzero(np.abs(lat) > 90)
    bad_lon = np.flatnonzero(np.abs(lon) > 180)
    if len(bad_lat) == 0 and len(bad_lon) == 0:
        return
    parts = []
    if len(bad_lat):
        items = [f"{labels[i]} ({lat[i]:g})" for i in bad_lat[:_SHOWN]]
        parts.append(f"latitude outside [-90, 90] in {lat_col!r} at {shown(items, total=len(bad_lat))}")
    if len(bad_lon):
        items = [f"{labels[i]} ({lon[i]:g})" for i in bad_lon[:_SHOWN]]
        parts.append(f"longitude outside [-180, 180] in {lon_col!r} at {shown(items, total=len(bad_lon))}")
    msg = f"{where}: {'; '.join(parts)}. Fix these values"
    if len(bad_lat) and np.all(np.abs(lon) <= 90):
        msg += f", or, if the columns are swapped, pass columns={{'lat': {lon_col!r}, 'lon': {lat_col!r}}}"
    raise SchemaError(msg)


def whole_numbers(
    values: pd.Series,
    *,
    column: str,
    labels: Sequence[str],
    where: str,
    what: str,
    allowed: Iterable[int] | None = None,
) -> pd.Series:
    """Parse whole numbers (empty cells: <NA>) into a nullable ``Int64`` Series on ``values``' index.

    Raises
    ------
    SchemaError
        Naming the rows that hold text, fractions, negative numbers, numbers
        of 2**53 or more, or (with ``allowed``) codes outside it.
    """
    numbers, filled = _numbers(values)
    known = ~np.isnan(numbers)
    with np.errstate(invalid="ignore"):
        wrong = (filled & ~known) | (known & ((numbers % 1 != 0) | (numbers < 0) | (numbers >= MAX_WHOLE)))
    codes = sorted(allowed) if allowed is not None else None
    if codes is not None:
        wrong |= known & ~np.isin(numbers, codes)
    bad = np.flatnonzero(wrong)
    if len(bad):
        expected = f"one of {codes}" if codes is not None else "a whole number of 0 or more (below 2**53)"
        msg = (
            f"{where}: column {column!r} ({what}) must be empty or {expected}; it is not at "
            f"{rows_text(labels, bad, values)} (rows counted from 1 after the header)"
        )
        raise SchemaError(msg)
    ints = np.where(known, numbers, 0).astype(np.int64)
    return pd.Series(pd.arrays.IntegerArray(ints, ~known), index=values.index)


# --------------------------------------------------------------------------- dates


def today() -> dt.date:
    """Today's date in UTC (the latest day an event can have happened, with a day's grace)."""
    return dt.datetime.now(dt.UTC).date()


def _buffers(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Return the offsets and the bytes of a (large) string array, as NumPy views of its buffers."""
    _, offsets_buf, data_buf = chunk.buffers()
    kind = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    skip = chunk.offset * kind().itemsize
    offsets = np.frombuffer(offsets_buf, dtype=kind, count=len(chunk) + 1, offset=skip)
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    return offsets.astype(np.int64), data


def _iso_days(txt: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970 of ISO dates (``YYYY-MM-DD`` then an optional time); mask of the valid ones.

    The ten characters of the date are read from the column's bytes in place
    (no copy of the text); only values longer than a date are matched against
    the pattern of a time of day.
    """
    n = len(txt)
    year, month, day = (np.zeros(n, dtype=np.int64) for _ in range(3))
    ok = np.zeros(n, dtype=bool)
    at = 0
    for chunk in txt.chunks:
        m = len(chunk)
        if m == 0 or not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            at += m
            continue
        offsets, data = _buffers(chunk)
        starts, size = offsets[:-1], offsets[1:] - offsets[:-1]
        rows = np.flatnonzero(chunk.is_valid().to_numpy(zero_copy_only=False) & (size >= 10))
        b = [data[starts[rows] + k].astype(np.int64) - 48 for k in range(10)]
        good = (b[4] == -3) & (b[7] == -3)  # "-" is 48 - 3
        for k in (0, 1, 2, 3, 5, 6, 8, 9):
            good &= (b[k] >= 0) & (b[k] <= 9)
        longer = np.flatnonzero(good & (size[rows] > 10))
        if len(longer):  # a time of day (and offset) may follow, nothing else
            tail = chunk.take(pa.array(rows[longer]))
            good[longer] = (
                pc.match_substring_regex(tail, _ISO_PATTERN).fill_null(False).to_numpy(zero_copy_only=False)
            )
        keep = at + rows[good]
        year[keep] = b[0][good] * 1000 + b[1][good] * 100 + b[2][good] * 10 + b[3][good]
        month[keep] = b[5][good] * 10 + b[6][good]
        day[keep] = b[8][good] * 10 + b[9][good]
        ok[keep] = True
        at += m
    ok &= (month >= 1) & (month <= 12) & (day >= 1)
    start = (np.where(ok, year, 1970) - 1970).astype("datetime64[Y]").astype("datetime64[M]")
    start = start + np.where(ok, month - 1, 0).astype("timedelta64[M]")
    first = start.astype("datetime64[D]")
    length = ((start + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(np.int64)
    ok &= day <= length
    days = np.where(ok, first.astype(np.int64) + day - 1, 0)
    return days, ok


def dates(
    values: pd.Series,
    *,
    column: str,
    labels: Sequence[str],
    where: str,
    required: bool = True,
) -> pd.Series:
    """Parse dates written ``2023-02-16`` (a time of day is ignored) or ``16 May 2025``, whole column at once.

    Returns a day-precision ``datetime64[ns]`` Series on ``values``' index;
    empty cells are NaT when not ``required``.

    Raises
    ------
    SchemaError
        Naming the rows whose dates are in no known form (also ``2023-02-16
        garbage`` or ``2023-02-30``), fall before 1678 or after today (UTC),
        or are empty when ``required``.
    """
    n = len(values)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        stamps = values.dt.tz_convert(None) if values.dt.tz is not None else values
        filled = stamps.notna().to_numpy()
        days = stamps.to_numpy().astype("datetime64[D]").astype(np.int64)
        ok = filled.copy()
    else:
        txt = _as_text(arrow(values))
        filled = pc.and_(pc.is_valid(txt), pc.not_equal(txt, "")).fill_null(False)
        filled = filled.to_numpy(zero_copy_only=False)
        days, ok = _iso_days(txt)
        todo = np.flatnonzero(filled & ~ok)
        if len(todo):
            rest = pd.Series(txt.take(pa.array(todo)).to_pylist(), dtype=object)
            for fmt in DATE_FORMATS:
                pending = np.flatnonzero(~ok[todo])
                if not len(pending):
                    break
                parsed = pd.to_datetime(rest.iloc[pending], format=fmt, errors="coerce")
                parsed = parsed.astype("datetime64[s]")
                hit = parsed.notna().to_numpy()
                rows = todo[pending[hit]]
                days[rows] = parsed[hit].to_numpy().astype("datetime64[D]").astype(np.int64)
                ok[rows] = True
    bad = np.flatnonzero(filled & ~ok)
    if len(bad):
        msg = (
            f"{where}: column {column!r} holds dates that do not parse at {rows_text(labels, bad, values)} "
            "(rows counted from 1 after the header). Write dates as 2023-02-16 (a time of day may follow: "
            "2023-02-16 14:30) or 16 May 2023"
        )
        raise SchemaError(msg)
    last = today() + dt.timedelta(days=1)
    lo, hi = np.datetime64(FIRST_DAY, "D").astype(np.int64), np.datetime64(last, "D").astype(np.int64)
    outside = np.flatnonzero(ok & ((days < lo) | (days > hi)))
    if len(outside):
        msg = (
            f"{where}: column {column!r} holds dates before {FIRST_DAY} or after today ({today()}) at "
            f"{rows_text(labels, outside, values)} (rows counted from 1 after the header). An event "
            "cannot have happened after today; check the year (a typo such as 2099 or 3023?)"
        )
        raise SchemaError(msg)
    if required and not filled.all():
        empty = np.flatnonzero(~filled)
        msg = (
            f"{where}: column {column!r} has no date at {rows_text(labels, empty)} (rows counted from 1 "
            "after the header). Every event needs a date (e.g. 2023-02-16)"
        )
        raise SchemaError(msg)
    out = np.full(n, np.datetime64("NaT", "ns"))
    out[ok] = days[ok].astype("datetime64[D]").astype("datetime64[ns]")
    return pd.Series(out, index=values.index, dtype="datetime64[ns]")


# --------------------------------------------------------------------------- text


def join_actors(*parts: pd.Series) -> pd.Series:
    """Join the non-empty actor names of each row with "; " (no dangling separators)."""
    texts = []
    for part in parts:
        txt = _large(_as_text(arrow(part)))
        if pc.any(pc.equal(txt, "")).as_py():  # an empty (or blank) name counts as none
            txt = pc.if_else(pc.equal(txt, ""), pa.scalar(None, pa.large_string()), txt)
        if txt.null_count < len(txt):  # a column of no names adds nothing
            texts.append(txt)
    index = parts[0].index
    if not texts:
        return pd.Series("", index=index, dtype="str")
    joined = texts[0]
    for other in texts[1:]:  # both names joined, else the one there is (null: none yet)
        both = pc.binary_join_element_wise(joined, other, pa.scalar("; ", pa.large_string()))
        joined = pc.coalesce(both, joined, other)
    return _series(joined.fill_null("") if joined.null_count else joined, index)


# --------------------------------------------------------------------------- swapped coordinates

# How far (degrees) around the bundled countries a file's events may lie before they count as elsewhere.
_REGION_MARGIN_DEG = 5.0
# How far (degrees) outside its stated country's bounding box an event may lie (border areas, rounding).
_COUNTRY_MARGIN_DEG = 1.0
# The row-by-row check against the file's own extent needs this many rows and an extent this small (deg).
_BODY_MIN_ROWS = 20
_BODY_MAX_SPAN_DEG = 30.0


def _in_box(x: np.ndarray, y: np.ndarray, box: Sequence[float], margin: float = 0.0) -> np.ndarray:
    return (x >= box[0] - margin) & (x <= box[2] + margin) & (y >= box[1] - margin) & (y <= box[3] + margin)


@cache
def _outlines() -> dict[str, Any]:
    """Return the bundled country outlines by lower-case ISO3 code and name: {key: (iso3, name, geom)}."""
    from ..countries import load_countries

    frame = load_countries()
    out: dict[str, Any] = {}
    for iso3, name, geom in zip(frame["iso3"], frame["name"], frame.geometry, strict=True):
        out[str(iso3).casefold()] = out[str(name).casefold()] = (str(iso3), str(name), geom)
    return out


def check_swapped(
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    country: pd.Series | None,
    labels: Sequence[str],
    where: str,
    lat_col: str,
    lon_col: str,
) -> np.ndarray:
    """Detect exchanged latitude and longitude; fail on clear cases, return the rows that only look so.

    Three tests, from the surest to the weakest:

    1. the whole file (as the crossings loader does): no event lies within
       5 degrees of the bundled countries (Afghanistan, Pakistan), but most
       would with lat and lon exchanged: SchemaError;
    2. rows whose ``country`` column names a bundled country: the point lies
       more than 1 degree outside that country's bounding box, but inside the
       country with lat and lon exchanged: SchemaError naming the rows;
    3. rows of a regional file (at least 20 rows spanning under 30 degrees):
       the point lies far outside the extent of 90 % of the file, but inside
       it with lat and lon exchanged: returned (the caller warns with the
       count and records them; the rows are kept).

    Returns
    -------
    numpy.ndarray
        Positions of the rows of test 3.
    """
    n = len(lon)
    if n == 0:
        return np.array([], dtype=np.int64)
    outlines = _outlines()
    geoms = {v[0]: v[2] for v in outlines.values()}
    bounds = np.array([g.bounds for g in geoms.values()])
    region = (bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max())
    exchangeable = np.abs(lon) <= 90
    near = _in_box(lon, lat, region, _REGION_MARGIN_DEG)
    near_swapped = exchangeable & _in_box(lat, lon, region, _REGION_MARGIN_DEG)
    if not near.any() and near_swapped.sum() > n / 2:
        msg = (
            f"{where}: latitude and longitude look swapped: none of the {n} events lies within "
            f"{_REGION_MARGIN_DEG:g} degrees of {', '.join(geoms)}, but with lat and lon exchanged "
            f"{int(near_swapped.sum())} of them do. Check the coordinates: pass "
            f"columns={{'lat': {lon_col!r}, 'lon': {lat_col!r}}} to read them the other way round, or fix "
            "the header (or, if the events really lie there, pass check_axes=False)"
        )
        raise SchemaError(msg)
    if country is not None:
        import shapely

        names = _as_text(arrow(country))
        spelled = [v for v in pc.unique(names).to_pylist() if v is not None]  # few: no copy of the column
        flagged = np.zeros(n, dtype=bool)
        for iso3, geom in geoms.items():
            keys = {k for k, v in outlines.items() if v[0] == iso3}
            these = pa.array([v for v in spelled if v.casefold() in keys], names.type)
            if len(these) == 0:
                continue
            rows = pc.is_in(names, value_set=these).fill_null(False).to_numpy(zero_copy_only=False)
            outside = rows & exchangeable & ~_in_box(lon, lat, geom.bounds, _COUNTRY_MARGIN_DEG)
            cand = np.flatnonzero(outside & _in_box(lat, lon, geom.bounds))
            if len(cand):
                flagged[cand[shapely.contains_xy(geom, lat[cand], lon[cand])]] = True
        if flagged.any():
            idx = np.flatnonzero(flagged)
            items = [f"{labels[i]} (lat {lat[i]:g}, lon {lon[i]:g})" for i in idx[:_SHOWN]]
            msg = (
                f"{where}: latitude and longitude look swapped at {shown(items, total=len(idx))}: each "
                "lies far outside the country its 'country' column names, and inside it with lat and lon "
                f"exchanged. Swap the values of {lat_col!r} and {lon_col!r} in these rows (or, if the places "
                "are right, pass check_axes=False)"
            )
            raise SchemaError(msg)
    if n < _BODY_MIN_ROWS:
        return np.array([], dtype=np.int64)
    lat_lo, lat_hi = np.quantile(lat, [0.05, 0.95])
    lon_lo, lon_hi = np.quantile(lon, [0.05, 0.95])
    if lat_hi - lat_lo > _BODY_MAX_SPAN_DEG or lon_hi - lon_lo > _BODY_MAX_SPAN_DEG:
        return np.array([], dtype=np.int64)
    body = (lon_lo, lat_lo, lon_hi, lat_hi)
    margin = 2.0 + max(lat_hi - lat_lo, lon_hi - lon_lo) / 2
    odd = ~_in_box(lon, lat, body, margin) & exchangeable & _in_box(lat, lon, body)
    return np.flatnonzero(odd)
