"""Reading a CSV (or TSV) file of events into a raw table, fast and in bounded pieces.

The file is parsed by pyarrow's multi-threaded CSV reader straight from
disk, in blocks of :data:`BLOCK_BYTES` (it is never held whole in memory as
bytes or text). Only the first bytes are read in Python: enough to take the
header and to see whether line 2 is an HXL hashtag row (as in HDX's UCDP
extracts). Every column is read as text, exactly as written, and then typed
once, column by column: whole numbers, then decimal numbers, else text (as
pandas would); dates stay text for the normalisers to parse strictly.

Rows with more or fewer fields than the header, and bytes that are not valid
in the file's encoding, are errors that name the line (or the byte offset),
never silent losses.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..._log import log
from ...errors import DataReadError, EmptyDataError
from .checks import shown

#: Bytes pyarrow parses per block (and per thread).
BLOCK_BYTES = 1 << 24
_HEAD_BYTES = 1 << 16
_HEAD_MAX_BYTES = 1 << 26
_SHOWN_ROWS = 5
_SAMPLE = 100

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


def _typed(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Type a text column as pandas would: whole numbers, else decimal numbers, else text."""
    if column.null_count == len(column):
        return column
    sample = column.slice(0, _SAMPLE).drop_null()
    if len(sample) == 0:
        sample = column.drop_null().slice(0, _SAMPLE)
    for kind in (pa.int64(), pa.float64()):
        try:
            sample.cast(kind)  # a text column fails here at once, not after the whole column
            return column.cast(kind)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
    return column


def _parse(
    source: Any, names: list[str], skip: int, sep: str, *, where: Path, threads: bool
) -> tuple[pa.Table, list[Any]]:
    """Parse the CSV with pyarrow, every column as text; return the table and the rows of wrong length."""
    invalid: list[Any] = []

    def on_invalid(row: Any) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=skip, block_size=BLOCK_BYTES, use_threads=threads
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=sep, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "UTF-8" in str(exc):
            raise _not_utf8(where) from None
        msg = f"cannot read events file {where} as CSV ({exc}); pass a CSV with a header line"
        raise DataReadError(msg) from exc
    except OSError as exc:
        msg = f"cannot read events file {where} ({exc})"
        raise DataReadError(msg) from exc
    return table, invalid


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
    source_or_buffer = pa.BufferReader(data) if data is not None else source
    table, invalid = _parse(source_or_buffer, names, skip, sep, where=source, threads=True)
    if invalid:  # read again on one thread, which numbers the lines, to name them
        if data is not None:
            source_or_buffer = pa.BufferReader(data)
        _, invalid = _parse(source_or_buffer, names, skip, sep, where=source, threads=False)
        rows = [
            f"{'line ' + str(r.number) if r.number is not None else 'a line'} has {r.actual_columns} "
            f"({r.text[:60]!r})"
            for r in invalid[:_SHOWN_ROWS]
        ]
        msg = (
            f"cannot read events file {source} as CSV: {len(invalid)} row(s) do not have the header's "
            f"{len(names)} fields: {shown(rows, _SHOWN_ROWS, total=len(invalid))}. Check the separators and "
            "quotes of these lines (a field holding a comma must be quoted)"
        )
        raise DataReadError(msg)
    if table.num_rows == 0:
        msg = f"{source} holds no rows (only a header); pass a file with one row per event"
        raise EmptyDataError(msg)
    table = pa.table([_typed(c) for c in table.columns], names=names)
    frame = table.to_pandas(types_mapper=pd.ArrowDtype, self_destruct=False)
    return frame, notes
