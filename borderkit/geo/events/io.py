"""Reading events: files (CSV/TSV, HXL rows, encodings), the bundled timeline and the source normalisers.

The source normalisers, :func:`normalise_acled` and :func:`normalise_ucdp`,
take raw frames with the datasets' own column names, as read from their CSV
exports or from their APIs' JSON records; :func:`load_events` reads a file and
picks one of them (or maps any CSV with ``columns=``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from ...errors import DataReadError, SchemaError
from .checks import dates as _parse_dates
from .checks import join_actors as _join_actors
from .checks import rows_text as _rows_text
from .checks import text as _text
from .checks import whole_numbers as _parse_ints
from .files import load_timeline as _load_timeline
from .files import read_table as _read_table
from .schema import (
    _ACLED_REQUIRED,
    _ACLED_SIGNATURE,
    _CSV_CANDIDATES,
    _CSV_FIELDS,
    _CSV_REQUIRED,
    _FORMATS,
    _UCDP_REQUIRED,
    _UCDP_SIGNATURE,
    ACLED_DATASET,
    ACLED_PRECISION,
    ACLED_URL,
    PRECISION_CODES,
    UCDP_DATASET,
    UCDP_URL,
    UCDP_VIOLENCE_TYPES,
    _assemble,
    _check_raw,
    _coordinates,
    _labels,
    _lookup,
    _optional,
    _require,
    empty_events,
)

# --------------------------------------------------------------------------- source normalisers


def _country(frame: pd.DataFrame, lookup: Mapping[str, str]) -> pd.Series | None:
    """Return the column naming each event's country (ACLED and UCDP GED: ``country``), if any."""
    return frame[lookup["country"]] if "country" in lookup else None


def _recode(codes: pd.Series, table: Mapping[int, int]) -> pd.Series:
    """Map checked whole-number codes (Int64, all keys of ``table`` or <NA>) through ``table``."""
    lookup = np.zeros(max(table) + 1, dtype=np.int64)
    lookup[list(table)] = list(table.values())
    missing = codes.isna().to_numpy()
    data = lookup[codes.to_numpy(dtype=np.int64, na_value=0)]
    return pd.Series(pd.arrays.IntegerArray(data, missing), index=codes.index)


def normalise_acled(
    df: pd.DataFrame,
    *,
    where: str,
    keep_extra: bool = True,
    drop_duplicates: bool = False,
    check_axes: bool = True,
) -> gpd.GeoDataFrame:
    """Normalise raw ACLED records (CSV export or API JSON, same column names) to the events schema.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per event with ACLED's columns (any case): required
        ``event_id_cnty``, ``event_date``, ``event_type``, ``latitude``,
        ``longitude``, ``fatalities``; used when present ``sub_event_type``,
        ``actor1``, ``actor2``, ``location``, ``geo_precision``, ``notes``.
        ``event_date`` may be written ``2023-02-16`` or ``16 May 2025``
        (per row).
    where : str
        The file or request the records came from, used in messages.
    keep_extra : bool
        Keep every original column in ``extra`` (one Arrow struct column: a
        dict per row; :func:`original_columns` unpacks it).
    drop_duplicates : bool
        Drop rows repeating an earlier ``event_id_cnty`` (counted and
        warned, see :func:`borderkit.geo._validate.drop_rows`) instead of
        keeping them with a warning.
    check_axes : bool
        Look for latitude and longitude written the wrong way round (see
        :func:`load_events`); False when the events really lie where the
        check says they would only with the axes exchanged.

    Returns
    -------
    geopandas.GeoDataFrame
        The events schema on ``df``'s index (see :func:`load_events`):
        ``actors`` is ``actor1; actor2`` (``actor2`` when present),
        ``precision`` is ``geo_precision`` on the :data:`PRECISION_CODES`
        scale (1 -> 1, 2 -> 2, 3 -> 4), ``source_dataset`` is ``"ACLED"`` and
        ``source_url`` ``"https://acleddata.com"`` (ACLED has no per-event
        page; its ``source`` column, the reporting outlets, stays in
        ``extra``). A frame with the columns but no rows gives an empty
        frame of the schema.

    Raises
    ------
    SchemaError
        If required columns are missing (all are listed), or dates,
        coordinates, fatalities or ``geo_precision`` do not parse (the rows
        are named).

    Warns
    -----
    DuplicateEventsWarning
        When event ids repeat (rows kept).
    """
    df = _check_raw(df, where=where)
    c = _require(df, _ACLED_REQUIRED, where=where, dataset="ACLED")
    if len(df) == 0:
        return empty_events(keep_extra=keep_extra)
    labels = _labels(len(df))
    lon, lat, odd = _coordinates(
        df,
        c["latitude"],
        c["longitude"],
        labels=labels,
        where=where,
        country=_country(df, c),
        check_axes=check_axes,
    )
    precision = _parse_ints(
        _optional(df, c, "geo_precision"),
        column=c.get("geo_precision", "geo_precision"),
        labels=labels,
        where=where,
        what="ACLED geo_precision",
        allowed=ACLED_PRECISION,
    )
    fields = {
        "event_id": _text(df[c["event_id_cnty"]]),
        "date": _parse_dates(df[c["event_date"]], column=c["event_date"], labels=labels, where=where),
        "event_type": _text(df[c["event_type"]]),
        "sub_type": _text(_optional(df, c, "sub_event_type")),
        "actors": _join_actors(_optional(df, c, "actor1"), _optional(df, c, "actor2")),
        "fatalities": _parse_ints(
            df[c["fatalities"]], column=c["fatalities"], labels=labels, where=where, what="fatalities"
        ),
        "location": _text(_optional(df, c, "location")),
        "precision": _recode(precision, ACLED_PRECISION),
        "notes": _text(_optional(df, c, "notes")),
        "source_dataset": ACLED_DATASET,
        "source_url": ACLED_URL,
        "date_end": pd.NaT,
    }
    return _assemble(
        df,
        fields,
        lon,
        lat,
        labels=labels,
        where=where,
        keep_extra=keep_extra,
        drop_duplicates=drop_duplicates,
        odd=odd,
    )


def normalise_ucdp(
    df: pd.DataFrame,
    *,
    where: str,
    keep_extra: bool = True,
    drop_duplicates: bool = False,
    check_axes: bool = True,
) -> gpd.GeoDataFrame:
    """Normalise raw UCDP GED records (CSV or API ``gedevents`` JSON, same names) to the events schema.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per event with GED's columns (any case): required ``id``,
        ``date_start``, ``type_of_violence`` (1, 2 or 3), ``latitude``,
        ``longitude``, ``best``; used when present ``date_end``, ``side_a``,
        ``side_b``, ``where_prec``, ``where_coordinates``,
        ``source_headline``. An HDX hashtag row must be removed first
        (:func:`load_events` does).
    where : str
        The file or request the records came from, used in messages.
    keep_extra : bool
        Keep every original column in ``extra`` (one Arrow struct column: a
        dict per row; :func:`original_columns` unpacks it).
    drop_duplicates : bool
        Drop rows repeating an earlier ``id`` (counted and warned).
    check_axes : bool
        Look for latitude and longitude written the wrong way round (see
        :func:`load_events`).

    Returns
    -------
    geopandas.GeoDataFrame
        The events schema on ``df``'s index (see :func:`load_events`):
        ``event_id`` is GED's ``id``; ``date``/``date_end`` are
        ``date_start``/``date_end``; ``event_type`` names
        ``type_of_violence`` ("state-based conflict", "non-state conflict",
        "one-sided violence"); ``sub_type`` is empty (GED has none);
        ``actors`` is ``side_a; side_b``; ``fatalities`` is ``best``;
        ``location`` is ``where_coordinates``; ``precision`` is
        ``where_prec`` (1-7, the :data:`PRECISION_CODES` scale); ``notes`` is
        ``source_headline``; ``source_dataset`` is ``"UCDP GED"`` and
        ``source_url`` ``"https://ucdp.uu.se/"`` (UCDP documents no
        per-event page; the id finds the event in its downloads and API).
        A frame with the columns but no rows gives an empty frame of the
        schema.

    Raises
    ------
    SchemaError
        If required columns are missing (all are listed), or dates,
        coordinates, ``best``, ``where_prec`` or ``type_of_violence`` do not
        parse (the rows are named).

    Warns
    -----
    DuplicateEventsWarning
        When ids repeat (rows kept).
    """
    df = _check_raw(df, where=where)
    c = _require(df, _UCDP_REQUIRED, where=where, dataset="UCDP GED")
    if len(df) == 0:
        return empty_events(keep_extra=keep_extra)
    labels = _labels(len(df))
    lon, lat, odd = _coordinates(
        df,
        c["latitude"],
        c["longitude"],
        labels=labels,
        where=where,
        country=_country(df, c),
        check_axes=check_axes,
    )
    kind = _parse_ints(
        df[c["type_of_violence"]],
        column=c["type_of_violence"],
        labels=labels,
        where=where,
        what="UCDP type_of_violence",
        allowed=UCDP_VIOLENCE_TYPES,
    )
    missing_kind = np.flatnonzero(kind.isna().to_numpy())
    if len(missing_kind):
        msg = (
            f"{where}: column {c['type_of_violence']!r} is empty at {_rows_text(labels, missing_kind)} "
            "(rows counted from 1 after the header); every GED event has a type_of_violence of 1, 2 or 3"
        )
        raise SchemaError(msg)
    fields = {
        "event_id": _text(df[c["id"]]),
        "date": _parse_dates(df[c["date_start"]], column=c["date_start"], labels=labels, where=where),
        "event_type": pd.Series(
            np.array(["", *UCDP_VIOLENCE_TYPES.values()], dtype=object)[kind.to_numpy(dtype=np.int64)],
            index=df.index,
            dtype="str",
        ),
        "sub_type": "",
        "actors": _join_actors(_optional(df, c, "side_a"), _optional(df, c, "side_b")),
        "fatalities": _parse_ints(df[c["best"]], column=c["best"], labels=labels, where=where, what="best"),
        "location": _text(_optional(df, c, "where_coordinates")),
        "precision": _parse_ints(
            _optional(df, c, "where_prec"),
            column=c.get("where_prec", "where_prec"),
            labels=labels,
            where=where,
            what="UCDP where_prec",
            allowed=PRECISION_CODES,
        ),
        "notes": _text(_optional(df, c, "source_headline")),
        "source_dataset": UCDP_DATASET,
        "source_url": UCDP_URL,
        "date_end": _parse_dates(
            _optional(df, c, "date_end"),
            column=c.get("date_end", "date_end"),
            labels=labels,
            where=where,
            required=False,
        ),
    }
    return _assemble(
        df,
        fields,
        lon,
        lat,
        labels=labels,
        where=where,
        keep_extra=keep_extra,
        drop_duplicates=drop_duplicates,
        odd=odd,
    )


def _csv_mapping(frame: pd.DataFrame, columns: Mapping[str, str] | None, *, where: str) -> dict[str, str]:
    """Map the fields of ``format="csv"`` to ``frame``'s columns: ``columns=``, else by name (any case)."""
    columns = dict(columns or {})
    unknown = sorted(set(columns) - set(_CSV_FIELDS))
    if unknown:
        msg = f"columns= maps unknown fields {unknown}; use some of {_CSV_FIELDS}"
        raise SchemaError(msg)
    found = [str(c) for c in frame.columns]
    for key, col in columns.items():
        if col not in frame.columns:
            msg = f"columns= maps {key!r} to {col!r}, which {where} does not have; its columns are {found}"
            raise SchemaError(msg)
    lookup = _lookup(frame)
    mapping: dict[str, str] = {}
    for field in _CSV_FIELDS:
        if field in columns:
            mapping[field] = columns[field]
        else:
            hit = next((lookup[c] for c in _CSV_CANDIDATES[field] if c in lookup), None)
            if hit is not None:
                mapping[field] = hit
    missing = [f for f in _CSV_REQUIRED if f not in mapping]
    if missing:
        example = ", ".join(f"{f!r}: '<your {f} column>'" for f in missing)
        msg = (
            f"{where} lacks the column(s) {missing} (looked for "
            f"{'; '.join(f'{f}: ' + ', '.join(_CSV_CANDIDATES[f]) for f in missing)}, in any case); its "
            f"columns are {found}. Pass columns={{{example}}} to name the columns that hold them"
        )
        raise SchemaError(msg)
    return mapping


def _normalise_csv(
    df: pd.DataFrame,
    *,
    where: str,
    columns: Mapping[str, str] | None,
    dataset: str,
    keep_extra: bool,
    drop_duplicates: bool,
    check_axes: bool = True,
) -> gpd.GeoDataFrame:
    """Normalise any table whose columns ``columns=`` (or their names) map onto the events schema."""
    df = _check_raw(df, where=where)
    m = _csv_mapping(df, columns, where=where)
    if len(df) == 0:
        return empty_events(keep_extra=keep_extra)
    labels = _labels(len(df))
    lon, lat, odd = _coordinates(
        df,
        m["lat"],
        m["lon"],
        labels=labels,
        where=where,
        country=_country(df, _lookup(df)),
        check_axes=check_axes,
    )

    def text(field: str, default: str = "") -> pd.Series | str:
        if field not in m:
            return default
        values = _text(df[m[field]])
        return values.where(values != "", default) if default else values

    ids = text("event_id")
    derived = "row-" + pd.Series(np.arange(1, len(df) + 1), index=df.index).astype("str")
    fields = {
        "event_id": derived if isinstance(ids, str) else ids.where(ids != "", derived),
        "date": _parse_dates(df[m["date"]], column=m["date"], labels=labels, where=where),
        "event_type": text("event_type"),
        "sub_type": text("sub_type"),
        "actors": text("actors"),
        "fatalities": (
            _parse_ints(
                df[m["fatalities"]], column=m["fatalities"], labels=labels, where=where, what="fatalities"
            )
            if "fatalities" in m
            else pd.NA
        ),
        "location": text("location"),
        "precision": (
            _parse_ints(
                df[m["precision"]],
                column=m["precision"],
                labels=labels,
                where=where,
                what="precision",
                allowed=PRECISION_CODES,
            )
            if "precision" in m
            else pd.NA
        ),
        "notes": text("notes"),
        "source_dataset": text("source_dataset", dataset),
        "source_url": text("source_url"),
        "date_end": (
            _parse_dates(df[m["date_end"]], column=m["date_end"], labels=labels, where=where, required=False)
            if "date_end" in m
            else pd.NaT
        ),
    }
    return _assemble(
        df,
        fields,
        lon,
        lat,
        labels=labels,
        where=where,
        keep_extra=keep_extra,
        drop_duplicates=drop_duplicates,
        odd=odd,
    )


# --------------------------------------------------------------------------- reading files


def _detect(frame: pd.DataFrame, *, where: str) -> str:
    names = set(_lookup(frame))
    if names >= _ACLED_SIGNATURE:
        return "acled"
    if names >= _UCDP_SIGNATURE:
        return "ucdp"
    msg = (
        f"{where} is neither an ACLED export (columns {', '.join(_ACLED_REQUIRED)}, ...) nor UCDP GED "
        f"(columns {', '.join(_UCDP_REQUIRED)}, ...); its columns are {[str(c) for c in frame.columns]}. "
        "For another CSV pass format='csv' and columns= naming its columns, e.g. "
        "columns={'date': 'Date', 'lat': 'Latitude', 'lon': 'Longitude', 'event_type': 'Type'}"
    )
    raise SchemaError(msg)


def load_events(
    source: str | Path,
    *,
    format: str = "auto",
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    keep_extra: bool = True,
    drop_duplicates: bool = False,
    check_axes: bool = True,
) -> gpd.GeoDataFrame:
    """Load events from an ACLED export, a UCDP GED CSV or any CSV, normalised to the events schema.

    Parameters
    ----------
    source : str or pathlib.Path
        Path of a CSV file (``.tsv`` is read tab-separated), or
        ``"timeline"``: the bundled, cited timeline of the border (closures,
        reopenings, clashes, deportation deadlines, fence milestones; every
        row cites its source; rows without a point have no geometry).
    format : {"auto", "acled", "ucdp", "csv"}
        ``"acled"``: an ACLED export (``event_id_cnty``, ``event_date``, ...,
        31 columns); ``"ucdp"``: UCDP GED (``id``, ``date_start``,
        ``type_of_violence``, ...), including HDX country extracts whose
        second line is an HXL hashtag row (skipped, and recorded in
        ``attrs["skipped_lines"]``); ``"csv"``: any CSV, mapped by
        ``columns=``; ``"auto"`` recognises ACLED and UCDP GED by their
        columns (and means ``"csv"`` when ``columns=`` is given).
    columns : mapping, optional
        For ``format="csv"``: which columns hold the schema fields, e.g.
        ``{"date": "Date", "lat": "Lat", "lon": "Lon", "event_type": "Type"}``.
        Keys are the schema columns, ``"date_end"``, ``"lat"`` and ``"lon"``;
        fields not mapped are looked up by their own names (any case; lat/lon
        also as latitude/longitude/y/x ...). ``date``, ``lat`` and ``lon`` are
        required; a missing ``event_id`` becomes ``row-<n>``, a missing
        ``source_dataset`` the file's name.
    encoding : str, optional
        The file's text encoding. None reads UTF-8 (with or without a byte
        order mark) and refuses anything else, naming the first bad byte;
        pass e.g. ``"cp1252"`` for a file saved by Excel on Windows.
    keep_extra : bool
        Keep every original column in ``extra``, the design's "extra
        mapping": one Arrow struct column whose value in each row is a dict
        of the row's original columns (``events.extra.iloc[0]["notes"]``),
        with the file's column names and types (whole numbers, decimals or
        text, as pandas would read them). It costs no copy of the file's
        text; ``bk.geo.events.original_columns(events)`` (or
        ``events.extra.struct.explode()``) gives the original columns back
        as a frame. False leaves ``extra`` out.
    drop_duplicates : bool
        Drop rows repeating an earlier event id (warned with the count, the
        rows recorded in ``attrs["dropped"]``); by default they are kept and
        warned about.
    check_axes : bool
        Look for latitude and longitude written the wrong way round: the
        whole file (no event within 5 degrees of the bundled countries,
        most of them with the axes exchanged) and rows whose ``country``
        column names a bundled country they lie in only with the axes
        exchanged are errors; in a regional file, a row far from all the
        others but among them with its axes exchanged is warned about and
        kept. Pass False for events that really lie where the check says
        they would only with the axes exchanged (e.g. around 70N 34E).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per event, index = row position in the file (from 0), with
        ``event_id`` (str), ``date`` (datetime64, day precision: the start
        of the event), ``event_type``, ``sub_type``, ``actors`` (names joined
        by "; "), ``fatalities`` (nullable Int64), ``location``,
        ``precision`` (nullable Int64 on the :data:`PRECISION_CODES` scale),
        ``notes``, ``source_dataset``, ``source_url`` (text: "" when not
        given; never escaped here, escaping is the renderer's job), then
        ``date_end`` (the last day, NaT when the source has none),
        ``extra`` (the original columns, with the source's own precision
        columns) and ``geometry`` (Point, EPSG:4326). ``attrs`` records
        ``format``, ``source``, ``encoding``, ``skipped_lines``,
        ``duplicates`` (the repeated ids) and ``suspect_coordinates`` (rows
        whose lat/lon only look exchanged).

    Raises
    ------
    DataReadError
        If ``source`` is not a path (e.g. None), the file is missing, is
        not UTF-8 (without ``encoding=``; the first bad byte is named), or
        is not a readable CSV (rows with more or fewer fields than the
        header are named).
    SchemaError
        If required columns are missing (all are listed), the format is not
        recognised (the message says to pass ``format="csv"`` and
        ``columns=``), or values are wrong, the rows named: dates that do
        not parse (also ``2023-02-16 garbage`` or ``2023-02-30``), fall
        before 1678 or after today; coordinates missing, out of range or
        exchanged (the whole file, or rows whose ``country`` column names a
        bundled country they lie in only with lat and lon swapped);
        fatalities that are not whole numbers from 0 to below 2**53 (e.g.
        ``1e300``); precision codes outside their scale.
    EmptyDataError
        If the file holds no events.

    Warns
    -----
    DuplicateEventsWarning
        When event ids repeat and ``drop_duplicates`` is False.
    DroppedRowsWarning
        When ``drop_duplicates`` drops rows (with the count).
    SuspectCoordinatesWarning
        When, in a regional file, some events lie far from all the others
        but among them with lat and lon exchanged (kept; listed in
        ``attrs["suspect_coordinates"]``).

    Examples
    --------
    >>> import borderkit as bk
    >>> events = bk.load_events("ged_pak.csv")  # doctest: +SKIP
    >>> events.groupby("event_type").fatalities.sum()  # doctest: +SKIP
    """
    if not isinstance(source, str | os.PathLike):
        msg = (
            f"load_events() needs the path of a CSV file of events (or 'timeline' for the bundled "
            f"timeline), not {type(source).__name__}"
        )
        raise DataReadError(msg)
    if isinstance(source, str) and source == "timeline":
        return _load_timeline(keep_extra=keep_extra)
    if format not in _FORMATS:
        msg = f"format must be one of {list(_FORMATS)}, not {format!r}"
        raise SchemaError(msg)
    if columns is not None and format in ("acled", "ucdp"):
        msg = (
            f"columns= maps the columns of format='csv'; format={format!r} knows its columns. Drop "
            "columns=, or pass format='csv' to map the file yourself"
        )
        raise SchemaError(msg)
    path = Path(source)
    frame, notes = _read_table(path, encoding=encoding)
    where = str(path)
    if notes["skipped_lines"]:
        where = f"{path} (its HXL line 2 skipped)"
    if format == "auto":
        format = "csv" if columns is not None else _detect(frame, where=where)
    options = {"keep_extra": keep_extra, "drop_duplicates": drop_duplicates, "check_axes": check_axes}
    if format == "acled":
        events = normalise_acled(frame, where=where, **options)
    elif format == "ucdp":
        events = normalise_ucdp(frame, where=where, **options)
    else:
        events = _normalise_csv(frame, where=where, columns=columns, dataset=path.name, **options)
    events.attrs.update({"format": format, "source": str(path), **notes})
    return events
