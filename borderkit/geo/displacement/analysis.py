"""Analysis of flows: by crossing and month, shares, totals since a date, by province, closures, distances.

Flow tables hold rows whose periods overlap on purpose (a quarter and the
fortnight inside it; a count since 15 September 2023 and the month of
October), because each row is what its report says. Summing them would count
people twice, so every function here first calls :func:`select_finest`: within
each series (same crossing, countries and population type) it keeps the
shortest periods that do not overlap and sets the others aside, with a
:class:`~borderkit.errors.DroppedRowsWarning` giving their count and
``attrs["set_aside"]`` listing them. Rows that fit no bin (a quarter in a
monthly table) are likewise counted apart and listed, never left out quietly.

Population types can contain one another (``all returns`` includes the
deportations of the same crossing and month), so no function adds types up
unless they are counted apart: each keeps types apart by default, and takes
``population_type=`` (see :mod:`borderkit.geo.displacement.population`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from ...errors import DataReadError, DroppedRowsWarning, SchemaError
from ..proximity import nearest_crossing
from .population import select_population_type
from .schema import FLOWS, STOCKS, check_frame

#: Columns that make one series of counts (rows of a series may be summed when their periods do not overlap).
SERIES = ("crossing_id", "from_country", "to_country", "population_type")
#: The day Pakistan's Apex Committee announced the Illegal Foreigners' Repatriation Plan.
IFRP_ANNOUNCED = "2023-10-03"
NO_CROSSING = "(no crossing given)"
STATUS_COLUMNS = ("crossing_id", "status", "start", "end")
# Start-anchored frequencies -> the period frequency of the same bins.
_PERIOD_FREQ = {"MS": "M", "QS": "Q", "YS": "Y", "AS": "Y", "D": "D"}


def _warn(message: str, stacklevel: int = 3) -> None:
    warnings.warn(message, DroppedRowsWarning, stacklevel=stacklevel)


_PRECISION_ORDER = ("exact", "rounded", "estimate", "not given")


def _precision_rank(flows: pd.DataFrame) -> pd.Series:
    """0 exact, 1 rounded, 2 estimate, 3 not given: a sum is as exact as its least exact row."""
    if "precision" not in flows.columns:
        return pd.Series(3, index=flows.index)
    return flows["precision"].map({"exact": 0, "rounded": 1, "estimate": 2}).fillna(3).astype(int)


def select_finest(flows: pd.DataFrame, *, warn: bool = True) -> pd.DataFrame:
    """Keep, in each series, the shortest periods that do not overlap; set the others aside.

    Rows are taken shortest period first (ties: earliest start, then file
    order); a row whose period overlaps a row already kept in its series
    (same ``crossing_id``, ``from_country``, ``to_country``,
    ``population_type``) is set aside, since summing both would count people
    twice.

    Parameters
    ----------
    flows : pandas.DataFrame
        A flows frame (:func:`~borderkit.geo.displacement.load_flows`).
    warn : bool
        Warn with the count of rows set aside.

    Returns
    -------
    pandas.DataFrame
        The rows kept, in their original order; ``attrs["set_aside"]`` lists
        the index labels of the others with the row each overlaps.

    Warns
    -----
    DroppedRowsWarning
        When rows are set aside (count and first rows).
    """
    flows = check_frame(flows, FLOWS)
    keys = [c for c in SERIES if c in flows.columns]
    length = (flows["period_end"] - flows["period_start"]).dt.days
    order = (
        pd.DataFrame(
            {"len": length, "start": flows["period_start"], "pos": np.arange(len(flows))}, index=flows.index
        )
        .sort_values(["len", "start", "pos"], kind="stable")
        .index
    )
    kept: dict[tuple, list[tuple[pd.Timestamp, pd.Timestamp, object]]] = {}
    keep = pd.Series(False, index=flows.index)
    set_aside = []
    for label in order:
        row = flows.loc[label]
        key = tuple(row[k] for k in keys)
        start, end = row["period_start"], row["period_end"]
        clash = next((other for s, e, other in kept.get(key, []) if s <= end and start <= e), None)
        if clash is None:
            kept.setdefault(key, []).append((start, end, label))
            keep[label] = True
        else:
            set_aside.append({"row": label, "overlaps": clash})
    out = flows.loc[keep].copy()
    out.attrs = {**flows.attrs, "set_aside": set_aside}
    if set_aside and warn:
        shown = ", ".join(f"{s['row']} (overlaps {s['overlaps']})" for s in set_aside[:6])
        _warn(
            f"set aside {len(set_aside)} flow row(s) whose period overlaps a shorter row of the same series "
            f"(crossing, countries, population type), so nobody is counted twice: index {shown}"
            f"{' ...' if len(set_aside) > 6 else ''}; attrs['set_aside'] lists them",
            stacklevel=4,
        )
    return out


def _bins(flows: pd.DataFrame, freq: str) -> tuple[pd.Series, pd.Series]:
    """Return the bin (start timestamp) of each row, and whether the row fits in one bin."""
    period_freq = _PERIOD_FREQ.get(freq.upper(), freq)
    try:
        start_bin = flows["period_start"].dt.to_period(period_freq)
        end_bin = flows["period_end"].dt.to_period(period_freq)
    except ValueError as exc:
        msg = f"freq={freq!r} is not a pandas period frequency; use e.g. 'MS' (months), 'W' (weeks) or 'QS'"
        raise ValueError(msg) from exc
    return start_bin.dt.start_time, (start_bin == end_bin)


def _types(flows: pd.DataFrame, population_type: str | Sequence[str] | None, needed: bool) -> pd.DataFrame:
    """Keep the rows of ``population_type`` (when given, or when ``needed`` because types are added up)."""
    if population_type is None and not needed:
        return flows
    return select_population_type(check_frame(flows, FLOWS), population_type)


def flows_by_crossing(
    flows: pd.DataFrame,
    freq: str = "MS",
    *,
    by_type: bool = True,
    finest: bool = True,
    population_type: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count people per crossing and period (month by default), with each crossing's share.

    Parameters
    ----------
    flows : pandas.DataFrame
        A flows frame.
    freq : str
        Pandas frequency of the bins: ``"MS"`` months, ``"W"`` weeks,
        ``"QS"`` quarters, ``"YS"`` years. A row is counted in a bin only if
        its whole period lies inside it; rows spanning several bins are
        counted apart (warned, listed in ``attrs["unbinned"]``).
    by_type : bool
        Keep population types apart (default); False adds them up, which
        only types that cannot count the same people may be (see
        ``population_type``).
    finest : bool
        Call :func:`select_finest` first (default), so overlapping rows of a
        series are not summed.
    population_type : str or sequence of str, optional
        Count only these types (:func:`~borderkit.geo.displacement.population.select_population_type`;
        several must not overlap: ``all returns`` contains deportations).
        Default: every type, kept apart; with ``by_type=False``, every type
        when none contains another, else the type of most rows by crossing
        (warned, the others counted in ``attrs["other_types"]``).

    Returns
    -------
    pandas.DataFrame
        One row per period, crossing (``"(no crossing given)"`` for counts
        without one), countries and, with ``by_type``, population type:
        ``period`` (start of the bin), ``crossing_id``, ``from_country``,
        ``to_country``, ``population_type``, ``count``, ``rows`` (how many
        source rows were added), ``share`` (of the period's count over all
        named crossings, same countries and population type; NaN for counts
        without a crossing), ``precision`` (of the least exact row added:
        exact, rounded, estimate or "not given").

    Examples
    --------
    >>> import borderkit as bk, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     monthly = bk.flows_by_crossing(bk.load_flows())
    >>> september = monthly[(monthly.crossing_id == "torkham") & (monthly.period == "2023-09-01")]
    >>> september["count"].tolist()
    [14352]
    """
    flows = _types(flows, population_type, needed=not by_type)
    chosen = flows.attrs.get("population_type")
    flows = select_finest(flows) if finest else check_frame(flows, FLOWS)
    period, fits = _bins(flows, freq)
    if (~fits).any():
        labels = list(flows.index[~fits])
        _warn(
            f"{len(labels)} flow row(s) span more than one {freq} period and are not in the table "
            "(their counts cannot be split without inventing numbers): index "
            f"{labels[:8]}{' ...' if len(labels) > 8 else ''}; "
            "attrs['unbinned'] lists them; use a coarser freq to count them"
        )
    data = pd.DataFrame(
        {
            "period": period,
            "crossing_id": flows["crossing_id"].replace("", NO_CROSSING),
            "from_country": flows["from_country"] if "from_country" in flows.columns else "",
            "to_country": flows["to_country"] if "to_country" in flows.columns else "",
            "population_type": flows["population_type"] if by_type else "all types",
            "count": flows["count"].astype("int64"),
            "rank": _precision_rank(flows),
        }
    )[fits.to_numpy()]
    keys = ["period", "crossing_id", "from_country", "to_country", "population_type"]
    out = (
        data.groupby(keys, sort=True)
        .agg(count=("count", "sum"), rows=("count", "size"), rank=("rank", "max"))
        .reset_index()
    )
    named = out["crossing_id"] != NO_CROSSING
    totals = (
        out[named]
        .groupby(["period", "from_country", "to_country", "population_type"])["count"]
        .transform("sum")
    )
    out["share"] = np.nan
    out.loc[named, "share"] = out.loc[named, "count"] / totals.where(totals > 0)
    out["precision"] = [_PRECISION_ORDER[r] for r in out.pop("rank")]
    out.attrs = {
        "unbinned": list(flows.index[~fits]),
        "set_aside": flows.attrs.get("set_aside", []),
        "freq": freq,
        "population_type": chosen,
    }
    return out


def flows_since(
    flows: pd.DataFrame,
    date: str | pd.Timestamp = IFRP_ANNOUNCED,
    *,
    until: str | None = None,
    finest: bool = True,
    population_type: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Total people per crossing and population type since a date (default: IFRP announced, 3 Oct 2023).

    A row counts when its period ends on or after ``date`` (and starts on or
    before ``until``). Reports rarely start on the day asked, so the result
    says which period its total really covers (``first_start``,
    ``last_end``) and how many rows began before ``date``
    (``started_before``): their whole count is included, never a share of it.

    Parameters
    ----------
    flows : pandas.DataFrame
        A flows frame.
    date : str or Timestamp
        First day (ISO date).
    until : str, optional
        Last day; default no limit.
    finest : bool
        Call :func:`select_finest` first.
    population_type : str or sequence of str, optional
        Count only these types (default every type; types are kept apart).

    Returns
    -------
    pandas.DataFrame
        ``crossing_id``, ``from_country``, ``to_country``,
        ``population_type``, ``count``, ``rows``, ``first_start``,
        ``last_end``, ``started_before``, ``precision`` (of the least exact
        row), ``share`` (of the count over all named crossings, same
        countries and population type).
    """
    flows = _types(flows, population_type, needed=False)
    flows = select_finest(flows) if finest else check_frame(flows, FLOWS)
    first = pd.Timestamp(date)
    last = pd.Timestamp(until) if until is not None else pd.Timestamp.max
    rows = flows[(flows["period_end"] >= first) & (flows["period_start"] <= last)]
    data = pd.DataFrame(
        {
            "crossing_id": rows["crossing_id"].replace("", NO_CROSSING),
            "from_country": rows["from_country"],
            "to_country": rows["to_country"],
            "population_type": rows["population_type"],
            "count": rows["count"].astype("int64"),
            "rank": _precision_rank(rows),
            "period_start": rows["period_start"],
            "period_end": rows["period_end"],
            "before": rows["period_start"] < first,
        }
    )
    out = (
        data.groupby(["crossing_id", "from_country", "to_country", "population_type"], sort=True)
        .agg(
            count=("count", "sum"),
            rows=("count", "size"),
            first_start=("period_start", "min"),
            last_end=("period_end", "max"),
            started_before=("before", "sum"),
            rank=("rank", "max"),
        )
        .reset_index()
    )
    out["precision"] = [_PRECISION_ORDER[r] for r in out.pop("rank")]
    named = out["crossing_id"] != NO_CROSSING
    totals = out[named].groupby(["from_country", "to_country", "population_type"])["count"].transform("sum")
    out["share"] = np.nan
    out.loc[named, "share"] = out.loc[named, "count"] / totals.where(totals > 0)
    out.attrs = {
        "since": first,
        "set_aside": flows.attrs.get("set_aside", []),
        "population_type": flows.attrs.get("population_type"),
    }
    return out


def flows_by_province(
    flows: pd.DataFrame,
    *,
    side: str = "destination",
    finest: bool = True,
    population_type: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Total people per province of destination (or origin) and population type.

    Counts whose source gives no province are totalled in one row named
    ``"(not given)"``, never left out.

    Parameters
    ----------
    flows : pandas.DataFrame
        A flows frame.
    side : {"destination", "origin"}
        Which province.
    finest : bool
        Call :func:`select_finest` first.
    population_type : str or sequence of str, optional
        Count only these types (default every type; types are kept apart).

    Returns
    -------
    pandas.DataFrame
        ``province``, ``from_country``, ``to_country``, ``population_type``,
        ``count``, ``rows``, ``share`` (of the count over the provinces
        given, same countries and population type).
    """
    if side not in ("destination", "origin"):
        msg = f"side must be 'destination' or 'origin', not {side!r}"
        raise ValueError(msg)
    flows = _types(flows, population_type, needed=False)
    flows = select_finest(flows) if finest else check_frame(flows, FLOWS)
    column = f"{side}_province"
    province = flows[column].replace("", "(not given)") if column in flows.columns else "(not given)"
    data = pd.DataFrame(
        {
            "province": province,
            "from_country": flows["from_country"],
            "to_country": flows["to_country"],
            "population_type": flows["population_type"],
            "count": flows["count"].astype("int64"),
        }
    )
    keys = ["province", "from_country", "to_country", "population_type"]
    out = data.groupby(keys, sort=True).agg(count=("count", "sum"), rows=("count", "size")).reset_index()
    given = out["province"] != "(not given)"
    totals = out[given].groupby(["from_country", "to_country", "population_type"])["count"].transform("sum")
    out["share"] = np.nan
    out.loc[given, "share"] = out.loc[given, "count"] / totals.where(totals > 0)
    return out


def stocks_by_unit(
    stocks: pd.DataFrame,
    units: gpd.GeoDataFrame,
    *,
    date: str | None = None,
    population_type: str | None = None,
    level: str = "province",
) -> gpd.GeoDataFrame:
    """Join stocks to admin units by name (any case): one row per unit, for a choropleth or distances.

    Parameters
    ----------
    stocks : pandas.DataFrame
        A stocks frame (:func:`~borderkit.geo.displacement.load_stocks`).
    units : geopandas.GeoDataFrame
        Admin units with ``name`` and ``country`` (``bk.load_admin_units``).
    date : str, optional
        Which date of the stocks; default the latest date with figures at
        ``level``.
    population_type : str, optional
        Which population type; default every type, one column each.
    level : {"province", "district"}
        Which column of the stocks names the unit.

    Returns
    -------
    geopandas.GeoDataFrame
        ``units`` with one count column per population type (nullable Int64,
        <NA> where the stocks give no figure) and ``attrs["unmatched"]``:
        stocks rows whose unit is not in ``units`` (warned, never dropped
        silently).

    Warns
    -----
    DroppedRowsWarning
        When stocks rows name a unit that ``units`` lack.
    """
    stocks = check_frame(stocks, STOCKS)
    if level not in ("province", "district"):
        msg = f"level must be 'province' or 'district', not {level!r}"
        raise ValueError(msg)
    rows = stocks[stocks[level] != ""]
    if population_type is not None:
        rows = rows[rows["population_type"] == population_type]
    if len(rows) == 0:
        msg = f"the stocks hold no figure by {level}" + (
            f" of {population_type!r}" if population_type else ""
        )
        raise SchemaError(msg)
    day = pd.Timestamp(date) if date is not None else rows["date"].max()
    rows = rows[rows["date"] == day]
    if len(rows) == 0:
        dates = sorted({str(d.date()) for d in stocks["date"]})
        msg = f"the stocks hold no figure by {level} on {day.date()}; their dates: {dates}"
        raise SchemaError(msg)
    key = units["name"].astype(str).str.strip().str.casefold()
    if "country" in units.columns and (rows["country"] != "").any():
        key = units["country"].astype(str) + "|" + key
        wanted = rows["country"] + "|" + rows[level].str.strip().str.casefold()
    else:
        wanted = rows[level].str.strip().str.casefold()
    unmatched = rows[~wanted.isin(set(key))]
    if len(unmatched):
        names = sorted(set(unmatched[level]))
        _warn(
            f"{len(unmatched)} stocks row(s) name a {level} that the units lack: {names[:8]}; they are not "
            "on the units (attrs['unmatched'] lists them); rename them or pass units that have them"
        )
    out = units.copy()
    table = pd.DataFrame({"key": wanted, "type": rows["population_type"], "count": rows["count"]})
    wide = table.groupby(["key", "type"])["count"].sum().unstack("type")
    for column in wide.columns:
        out[column] = key.map(wide[column]).astype("Int64")
    out.attrs = {"date": day, "unmatched": list(unmatched.index), "level": level}
    return out


def read_status_history(source: pd.DataFrame | str | Path) -> pd.DataFrame:
    """Read a crossing status history (``crossing_id,status,start,end``; ``end`` exclusive, empty = current).

    Parameters
    ----------
    source : DataFrame, path or "bundled"
        A frame or CSV with the columns of ``crossing_status.csv``;
        ``"bundled"`` reads the bundled ``crossing_status.csv``.

    Raises
    ------
    DataReadError
        The file does not exist (or is not bundled).
    SchemaError
        Missing columns, or dates that do not parse (rows named).
    """
    if isinstance(source, str) and source == "bundled":
        from .. import _data

        source = _data.data_path("crossing_status.csv")
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            msg = f"status history {path} does not exist; pass the path of crossing_status.csv or a DataFrame"
            raise DataReadError(msg)
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        where = str(path)
    elif isinstance(source, pd.DataFrame):
        frame, where = source.copy(), "status_history"
    else:
        kind = type(source).__name__
        msg = f"status_history must be a DataFrame or the path of crossing_status.csv, not {kind}"
        raise SchemaError(msg)
    missing = [c for c in STATUS_COLUMNS if c not in frame.columns]
    if missing:
        msg = (
            f"{where} lacks the column(s) {missing}; a status history has {list(STATUS_COLUMNS)} "
            "(see crossing_status.csv)"
        )
        raise SchemaError(msg)
    for col in ("start", "end"):
        text = (
            frame[col].astype(str).where(frame[col].notna(), "").str.strip().replace({"NaT": "", "None": ""})
        )
        parsed = pd.to_datetime(text.where(text != ""), format="%Y-%m-%d", errors="coerce")
        bad = list(np.flatnonzero((parsed.isna() & (text != "")).to_numpy()) + 1)
        if bad or (col == "start" and parsed.isna().any()):
            rows = bad or list(np.flatnonzero(parsed.isna().to_numpy()) + 1)
            msg = f"{where}: column {col!r} needs ISO dates (2023-09-06) at rows {rows[:8]} (counted from 1)"
            raise SchemaError(msg)
        frame[col] = parsed
    return frame


def flows_around_closures(
    flows: pd.DataFrame, status_history: pd.DataFrame | str | Path, days: int = 7, *, finest: bool = True
) -> pd.DataFrame:
    """Count the flows through each crossing in the days before, during and after each of its closures.

    For each interval of ``status_history`` with status ``closed``, three
    windows of ``days`` days: ``before`` (ending the day before the closure),
    ``during`` (its first days, cut at the reopening) and ``after`` (from the
    reopening; absent while the closure lasts). A flow row is counted in a
    window only when its whole period lies inside it; rows that overlap a
    window without lying inside it are counted in ``partial_rows`` (monthly
    reports cannot say how many crossed in one week), and the count is then
    NaN when no row fits.

    Parameters
    ----------
    flows : pandas.DataFrame
        A flows frame.
    status_history : DataFrame, path or "bundled"
        Intervals ``crossing_id, status, start, end`` (``end`` exclusive, empty
        while current), as in ``crossing_status.csv``; ``"bundled"`` reads the
        bundled one.
    days : int
        Length of each window in days.
    finest : bool
        Call :func:`select_finest` first.

    Returns
    -------
    pandas.DataFrame
        One row per closure and window: ``crossing_id``, ``closure_start``,
        ``closure_end``, ``window`` (before, during, after), ``window_start``,
        ``window_end`` (inclusive), ``count`` (NaN when no row fits),
        ``rows``, ``partial_rows``, ``reason`` (from the history, when given).
    """
    if not isinstance(days, int) or days < 1:
        msg = f"days must be a whole number of days >= 1, not {days!r}"
        raise ValueError(msg)
    flows = select_finest(flows) if finest else check_frame(flows, FLOWS)
    history = read_status_history(status_history)
    closures = history[history["status"].astype(str).str.strip().str.lower() == "closed"]
    one = pd.Timedelta(days=1)
    span = pd.Timedelta(days=days)
    records = []
    for _, c in closures.sort_values(["crossing_id", "start"]).iterrows():
        start, end = c["start"], c["end"]
        windows = [("before", start - span, start - one)]
        last_during = start + span - one if pd.isna(end) else min(start + span - one, end - one)
        windows.append(("during", start, last_during))
        if not pd.isna(end):
            windows.append(("after", end, end + span - one))
        mine = flows[flows["crossing_id"] == c["crossing_id"]]
        for name, w0, w1 in windows:
            inside = (mine["period_start"] >= w0) & (mine["period_end"] <= w1)
            overlap = (mine["period_start"] <= w1) & (mine["period_end"] >= w0) & ~inside
            n = int(inside.sum())
            records.append(
                {
                    "crossing_id": c["crossing_id"],
                    "closure_start": start,
                    "closure_end": end,
                    "window": name,
                    "window_start": w0,
                    "window_end": w1,
                    "count": float(mine.loc[inside, "count"].sum()) if n else np.nan,
                    "rows": n,
                    "partial_rows": int(overlap.sum()),
                    "reason": str(c.get("reason", "") or ""),
                }
            )
    columns = [
        "crossing_id",
        "closure_start",
        "closure_end",
        "window",
        "window_start",
        "window_end",
        "count",
        "rows",
        "partial_rows",
        "reason",
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def _status_on(history: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """Status of each crossing on ``day`` (crossings absent from the history on that day are left out)."""
    on = history[(history["start"] <= day) & (history["end"].isna() | (history["end"] > day))]
    return on.drop_duplicates("crossing_id", keep="last").set_index("crossing_id")["status"].astype(str)


def distance_to_nearest_crossing(
    units: gpd.GeoDataFrame,
    crossings: gpd.GeoDataFrame,
    open_on: str | pd.Timestamp | None = None,
    *,
    status_history: pd.DataFrame | str | Path | None = None,
) -> pd.DataFrame:
    """Geodesic distance from each unit (e.g. a refugee-hosting district) to its nearest crossing.

    Each unit is measured from its representative point (inside the
    polygon), with :func:`borderkit.nearest_crossing` (WGS84 geodesic).

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Polygons or points in any CRS (reprojected to EPSG:4326).
    crossings : geopandas.GeoDataFrame
        Crossing points with ``crossing_id`` (``bk.load_crossings()``).
    open_on : str or Timestamp, optional
        Only crossings open on this day: their status in ``status_history``
        that day is neither ``closed`` nor missing (restrictions such as
        ``returnees only`` count as open).
    status_history : DataFrame or path, optional
        Needed with ``open_on``.

    Returns
    -------
    pandas.DataFrame
        Aligned to ``units``' index: ``crossing_id``, ``distance_m``,
        ``distance_km``, ``bearing_deg`` (from the unit towards the crossing),
        ``status`` (on ``open_on``; "" without it).

    Raises
    ------
    SchemaError
        ``open_on`` without a history, or no crossing open that day.
    """
    if not isinstance(units, gpd.GeoDataFrame | gpd.GeoSeries):
        msg = f"units must be a GeoDataFrame of polygons or points, not {type(units).__name__}"
        raise SchemaError(msg)
    if units.crs is None:
        msg = "units have no CRS; set_crs('EPSG:4326') if their coordinates are lon/lat"
        raise SchemaError(msg)
    status = pd.Series("", index=crossings.index, dtype="str")
    chosen = crossings
    if open_on is not None:
        if status_history is None:
            msg = "open_on= needs status_history= (crossing_status.csv or a frame of status intervals)"
            raise SchemaError(msg)
        day = pd.Timestamp(open_on)
        on = _status_on(read_status_history(status_history), day)
        status = crossings["crossing_id"].map(on).fillna("unknown")
        is_open = ~status.str.lower().isin(["closed", "unknown"])
        chosen = crossings[is_open.to_numpy()]
        if len(chosen) == 0:
            msg = f"no crossing is open on {day.date()} by the status history given; pick another day"
            raise SchemaError(msg)
    geoms = units.geometry if isinstance(units, gpd.GeoDataFrame) else units
    points = gpd.GeoSeries(geoms.to_crs(4326).representative_point(), index=units.index, crs=4326)
    out = nearest_crossing(points, chosen)
    out["distance_km"] = out["distance_m"] / 1000.0
    out["status"] = (
        out["crossing_id"].map(dict(zip(crossings["crossing_id"], status, strict=True))) if open_on else ""
    )
    return out[["crossing_id", "distance_m", "distance_km", "bearing_deg", "status"]]
