"""Reading files of events: a CSV (or TSV) into a raw table, fast and in bounded pieces; the timeline.

The file is parsed by pandas' C parser straight from disk, which reads and
converts it in chunks (it is never held whole in memory as bytes or as one
Python string; text columns land in Arrow-backed ``str`` columns). Only the
first bytes are read in Python: enough to take the header and to see whether
line 2 is an HXL hashtag row (as in HDX's UCDP extracts). Only empty cells
are missing values ("NA", "null" or "None" stay text); columns are typed as
pandas types them (whole numbers, decimals, else text) and the normalisers
check every value they use.

A row with more fields than the header, and bytes that are not valid in the
file's encoding, are errors that name the line (or the byte offset). A row
with fewer fields has its missing trailing cells empty, and the checks of
the fields the events schema needs then name it.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..._log import log
from ...errors import DataReadError, EmptyDataError
from .checks import shown
from .schema import _assemble, _labels

#: Bytes read at a time when a file is scanned for its first byte that is not UTF-8.
BLOCK_BYTES = 1 << 24
_HEAD_BYTES = 1 << 16
_HEAD_MAX_BYTES = 1 << 26

_NOT_UTF8_HINT = (
    "borderkit reads UTF-8 unless told otherwise; if the file was saved by Excel or another Windows "
    "program pass encoding='cp1252' (or the encoding it was written in, e.g. 'latin-1'), or re-save it "
    "as UTF-8"
)


def _codec(encoding: str | None) -> str:
    if encoding is None:
        return "utf-8"
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        msg = (
            f"encoding={encoding!r} is not an encoding Python knows; use e.g. 'utf-8', 'cp1252' or 'latin-1'"
        )
        raise DataReadError(msg) from None


def _not_utf8(path: Path) -> DataReadError:
    """Scan ``path`` for its first byte that is not UTF-8 and return the error that names it."""
    offset, lines, carry = 0, 0, b""
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(BLOCK_BYTES)
            data = carry + chunk
            if not data:
                break
            try:
                data.decode("utf-8")
                good = len(data)
            except UnicodeDecodeError as exc:
                if chunk and exc.reason == "unexpected end of data" and exc.end == len(data):
                    good = exc.start  # a character cut by the block's end: read on
                else:
                    at = offset + exc.start
                    near = data[max(0, exc.start - 24) : exc.start + 16]
                    line = lines + data.count(b"\n", 0, exc.start) + 1
                    msg = (
                        f"{path} is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {at} "
                        f"(line {line}, near {near!r}) is not valid UTF-8. {_NOT_UTF8_HINT}"
                    )
                    return DataReadError(msg)
            lines += data.count(b"\n", 0, good)
            offset += good
            carry = data[good:]
            if not chunk:
                break
    return DataReadError(f"{path} is not UTF-8 text. {_NOT_UTF8_HINT}")


def _transcode(path: Path, codec: str, encoding: str) -> bytes:
    """Return the file, read in ``codec``, as UTF-8 bytes (files not in UTF-8 are converted in memory)."""
    data = path.read_bytes()
    try:
        return data.decode(codec).removeprefix("\ufeff").encode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = (
            f"{path} cannot be read as {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            f"(line {line}) is not valid in it; pass the encoding the file was written in"
        )
        raise DataReadError(msg) from None


def _head(path: Path, data: bytes | None, sep: str) -> tuple[list[list[str]], bool]:
    """Parse the first records of the file from its first bytes; say whether the whole file was read."""
    size = len(data) if data is not None else path.stat().st_size
    want = _HEAD_BYTES
    while True:
        if data is not None:
            head = data[:want]
        else:
            with path.open("rb") as fh:
                head = fh.read(want)
        whole = len(head) >= size
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if whole or exc.start < len(head) - 3:
                raise _not_utf8(path) from None
            text = head[: exc.start].decode("utf-8")
        text = text.removeprefix("\ufeff")
        try:
            records = list(csv.reader(io.StringIO(text), delimiter=sep))
        except csv.Error:
            records = []
        if whole or len(records) >= 3 or want >= _HEAD_MAX_BYTES:
            return records, whole
        want *= 4


def _names(header: list[str]) -> list[str]:
    """Return stripped column names, empty ones named ``Unnamed: i``, repeats ``name.1`` (as pandas)."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = raw.strip() or f"Unnamed: {i}"
        base, k = name, seen.get(name, 0)
        while name in seen:
            k += 1
            name = f"{base}.{k}"
        seen[base] = k
        seen[name] = 0
        out.append(name)
    return out


def _is_hxl(record: list[str]) -> bool:
    cells = [cell.strip() for cell in record if cell.strip()]
    return bool(cells) and all(cell.startswith("#") for cell in cells)


def _parse(source: Any, hxl: bool, sep: str, *, where: Path) -> pd.DataFrame:
    """Parse the CSV with pandas' C parser, in chunks; typed as pandas types it, only "" missing."""
    try:
        with warnings.catch_warnings():
            # A column typed differently in two chunks comes back as objects: the checks read those too.
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            return pd.read_csv(
                source,
                sep=sep,
                header=0,
                skiprows=[1] if hxl else None,
                keep_default_na=False,
                na_values=[""],
                encoding="utf-8",
                index_col=False,
            )
    except UnicodeDecodeError:
        raise _not_utf8(where) from None
    except pd.errors.EmptyDataError as exc:
        msg = f"events file {where} is empty; pass a CSV with a header line and one row per event"
        raise EmptyDataError(msg) from exc
    except (pd.errors.ParserError, ValueError) as exc:
        msg = (
            f"cannot read events file {where} as CSV ({str(exc).strip()}); check the separators and "
            "quotes of that line (a field holding a comma must be quoted)"
        )
        raise DataReadError(msg) from exc
    except OSError as exc:
        msg = f"cannot read events file {where} ({exc})"
        raise DataReadError(msg) from exc


def read_table(source: Path, *, encoding: str | None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Read a CSV of events into a raw frame of Arrow-backed columns, with what was noted.

    Returns
    -------
    tuple
        The frame (columns as in the file: names stripped, repeats numbered
        ``.1``; a RangeIndex) and ``{"encoding": ..., "skipped_lines": [...]}``.

    Raises
    ------
    DataReadError
        If the file is missing, a folder, not in its encoding (the first bad
        byte is named), or not CSV (rows of the wrong length are named).
    EmptyDataError
        If it is empty or holds only a header.
    """
    if not source.exists():
        msg = f"events file {source} does not exist; check the path (the working folder is {Path.cwd()})"
        raise DataReadError(msg)
    if source.is_dir():
        msg = f"{source} is a folder; pass the path of a CSV of events (an ACLED or UCDP GED export)"
        raise DataReadError(msg)
    codec = _codec(encoding)
    data = None if codec == "utf-8" else _transcode(source, codec, str(encoding))
    sep = "\t" if source.suffix.lower() in {".tsv", ".tab"} else ","
    records, whole = _head(source, data, sep)
    if not records or (whole and not any(cell.strip() for rec in records for cell in rec)):
        msg = f"events file {source} is empty; pass a CSV with a header line and one row per event"
        raise EmptyDataError(msg)
    names = _names(records[0])
    notes: dict[str, Any] = {"encoding": codec, "skipped_lines": []}
    skip = 1
    if len(records) > 1 and _is_hxl(records[1]):
        skip = 2
        tags = [cell.strip() for cell in records[1] if cell.strip()]
        notes["skipped_lines"] = [{"line": 2, "reason": f"HXL hashtag row ({shown(tags, 6)})"}]
        log(f"{source}: skipped line 2, an HXL hashtag row ({', '.join(tags)[:80]})")
    frame = _parse(io.BytesIO(data) if data is not None else source, skip == 2, sep, where=source)
    frame.columns = names if len(frame.columns) == len(names) else _names([str(c) for c in frame.columns])
    if len(frame) == 0:
        msg = f"{source} holds no rows (only a header); pass a file with one row per event"
        raise EmptyDataError(msg)
    return frame, notes


# place_precision of the bundled timeline -> UCDP where_prec code (PRECISION_CODES).
_TIMELINE_PRECISION = {"crossing": 1, "town": 2, "district": 3, "province": 4, "national": 6}


def load_timeline(*, keep_extra: bool) -> gpd.GeoDataFrame:
    """Load the bundled, cited border timeline (border_timeline.csv) in the events schema.

    Rows whose place is not a point (a district, a province, the whole
    country) have no geometry; ``precision`` says how exact the place is and
    ``extra`` keeps ``date_precision``, ``place_precision`` and the citation.
    """
    from .. import _data

    path = _data.data_path("border_timeline.csv")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    where = f"bundled timeline {path.name}"
    lat = pd.to_numeric(raw["lat"].replace("", np.nan)).to_numpy(dtype=float)
    lon = pd.to_numeric(raw["lon"].replace("", np.nan)).to_numpy(dtype=float)
    fields: dict[str, Any] = {
        "event_id": raw["event_id"],
        "date": pd.to_datetime(raw["date"], format="%Y-%m-%d"),
        "event_type": raw["event_type"],
        "sub_type": raw["sub_type"],
        "actors": raw["actors"],
        "fatalities": pd.to_numeric(raw["fatalities"].replace("", np.nan)).astype("Int64"),
        "location": raw["location"],
        "precision": raw["place_precision"].map(_TIMELINE_PRECISION).astype("Int64"),
        "notes": raw["notes"],
        "source_dataset": raw["source_dataset"],
        "source_url": raw["source_url"],
        "date_end": pd.NaT,
    }
    events = _assemble(
        raw,
        fields,
        lon,
        lat,
        labels=_labels(len(raw)),
        where=where,
        keep_extra=keep_extra,
        drop_duplicates=False,
    )
    no_point = np.isnan(lat) | np.isnan(lon)
    events.loc[no_point, "geometry"] = None
    events.attrs.update({"format": "timeline", "source": str(path), "without_point": int(no_point.sum())})
    return events
