"""Analysis of events: selecting them, and counting them along corridors, per unit and per period.

Events that fit nowhere are counted as unassigned and warned about, never
left out quietly.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ...errors import SchemaError, UnassignedEventsWarning
from .._validate import require_frame, require_points
from ..proximity import distance_to_line_m
from ..proximity import within as _within
from .checks import text as _text

# --------------------------------------------------------------------------- analysis


def _check_events(events: gpd.GeoDataFrame, need: Sequence[str], *, geo: bool = True) -> gpd.GeoDataFrame:
    """Check that ``events`` has columns ``need`` (and points, when ``geo``); return it in EPSG:4326."""
    if not isinstance(events, pd.DataFrame):
        msg = f"events must be a GeoDataFrame (e.g. from bk.load_events()), not {type(events).__name__}"
        raise SchemaError(msg)
    missing = [c for c in need if c not in events.columns]
    if missing:
        msg = (
            f"events lack the column(s) {missing}; load them with bk.load_events() or add the columns "
            "of the events schema"
        )
        raise SchemaError(msg)
    if "date" in need and not pd.api.types.is_datetime64_any_dtype(events["date"]):
        msg = f"events' 'date' column must hold datetimes, not {events['date'].dtype}; use bk.load_events()"
        raise SchemaError(msg)
    if geo:
        if not isinstance(events, gpd.GeoDataFrame):
            require_points(events, what="events")  # raises: a GeoDataFrame of points is needed
        if len(events):
            require_points(events, what="events")  # points with a CRS and finite coordinates, else clear
        elif events.crs is None:
            require_points(events, what="events")  # raises: no CRS
        events = events.to_crs(4326)
    return events


def _placed(events: pd.DataFrame, need: Sequence[str], *, what: str) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Check ``events`` and return its rows that have a place (a point), in EPSG:4326, and their mask.

    Rows without geometry (e.g. the bundled timeline's province- or
    country-wide rows) are left to the caller to count and report.
    """
    ev = _check_events(events, need, geo=False)
    if not isinstance(ev, gpd.GeoDataFrame):
        require_points(ev, what="events")  # raises: not a GeoDataFrame
    geoms = ev.geometry
    placed = ~(geoms.isna() | geoms.is_empty).to_numpy()
    located = _check_events(ev.loc[placed] if not placed.all() else ev, [], geo=True)
    return located, placed


def _note_unplaced(result: pd.DataFrame, events: pd.DataFrame, placed: np.ndarray, *, what: str) -> None:
    """Record (``attrs["without_place"]``) and warn about the events left out for having no point."""
    n = int((~placed).sum())
    fat = events["fatalities"].astype("Float64")[~placed] if "fatalities" in events else pd.Series([])
    result.attrs["without_place"] = n
    result.attrs["without_place_fatalities"] = int(fat.sum(skipna=True))
    if n:
        _warn_unassigned(
            n,
            len(events),
            f"have no place (no point: e.g. a province- or country-wide event) and are left out of {what}",
            stacklevel=4,
            counted="without_place",
        )


def _day(value: Any, *, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        msg = f"{name}={value!r} is not a date; pass e.g. '2021-03-01' or a datetime"
        raise ValueError(msg) from exc
    if stamp is pd.NaT:
        msg = f"{name}={value!r} is not a date; pass e.g. '2021-03-01' or a datetime"
        raise ValueError(msg)
    return stamp.tz_localize(None).normalize() if stamp.tzinfo is not None else stamp.normalize()


def _as_target(target: Any, *, what: str) -> gpd.GeoDataFrame | gpd.GeoSeries:
    if isinstance(target, gpd.GeoDataFrame | gpd.GeoSeries):
        return target
    if isinstance(target, shapely.Geometry):
        return gpd.GeoSeries([target], crs="EPSG:4326")
    msg = (
        f"{what} must be a GeoDataFrame, GeoSeries or shapely geometry (EPSG:4326), not "
        f"{type(target).__name__}"
    )
    raise SchemaError(msg)


def filter_events(
    events: gpd.GeoDataFrame,
    *,
    start: Any = None,
    end: Any = None,
    types: str | Iterable[str] | None = None,
    within: Any = None,
) -> gpd.GeoDataFrame:
    """Select the events in a date range, of some types, and near or inside a place.

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        Events in the events schema (e.g. :func:`load_events`).
    start, end : str, datetime or pandas.Timestamp, optional
        First and last day kept, inclusive (times of day are ignored).
        Events without a date are left out when either is given.
    types : str or iterable of str, optional
        ``event_type`` values kept (compared without regard to case).
    within : tuple or geopandas.GeoDataFrame, optional
        ``(target, distance_km)``: keep events within ``distance_km``
        (geodesic) of ``target``, a GeoDataFrame/GeoSeries of points, lines
        or polygons, or a shapely geometry in EPSG:4326 (see
        :func:`borderkit.within`; a point inside a polygon is at distance 0).
        A GeoDataFrame/GeoSeries of polygons alone keeps the events inside
        them.

    Returns
    -------
    geopandas.GeoDataFrame
        The selected rows of ``events`` (same index and columns), with
        ``attrs["filter"]`` describing the selection and how many events it
        kept of how many. With ``within``, events without a point (e.g. the
        bundled timeline's province-wide rows) are not kept; their number
        is ``attrs["filter"]["without_place"]`` (when there are some).
        Empty ``events`` give an empty frame of the same columns.

    Examples
    --------
    >>> import borderkit as bk
    >>> crossings = bk.load_crossings()
    >>> torkham = crossings[crossings.crossing_id == "torkham"]
    >>> events = bk.load_events("timeline")
    >>> near = bk.filter_events(events, within=(torkham, 50))
    >>> sorted(set(near.location))
    ['Torkham crossing']
    """
    need = ["date"] if start is not None or end is not None else []
    if types is not None:
        need.append("event_type")
    ev = _check_events(events, need, geo=False) if need or within is not None else events
    mask = pd.Series(True, index=events.index)
    placed = np.ones(len(events), dtype=bool)
    if within is not None:
        ev, placed = _placed(events, need, what="events")
        ev = ev.reindex(events.index)  # rows without a point: no geometry, never within anything
    described: dict[str, Any] = {}
    lo = _day(start, name="start") if start is not None else None
    hi = _day(end, name="end") if end is not None else None
    if lo is not None and hi is not None and lo > hi:
        msg = f"start ({lo.date()}) is after end ({hi.date()}); swap them"
        raise ValueError(msg)
    if lo is not None:
        mask &= (ev["date"] >= lo).to_numpy()
        described["start"] = str(lo.date())
    if hi is not None:
        mask &= (ev["date"] < hi + pd.Timedelta(days=1)).to_numpy()
        described["end"] = str(hi.date())
    if types is not None:
        wanted = [types] if isinstance(types, str) else list(types)
        folded = {str(t).casefold() for t in wanted}
        mask &= _text(ev["event_type"]).str.casefold().isin(folded).to_numpy()
        described["types"] = wanted
    if within is not None:
        if isinstance(within, tuple):
            if len(within) != 2:
                msg = (
                    f"within= must be (target, distance_km) or a frame of polygons, not a {len(within)}-tuple"
                )
                raise ValueError(msg)
            target, distance_km = _as_target(within[0], what="within[0]"), float(within[1])
        else:
            target = _as_target(within, what="within")
            kinds = set(target.geom_type)
            if not kinds <= {"Polygon", "MultiPolygon"}:
                msg = (
                    f"within= without a distance must be polygons (events inside them), not {sorted(kinds)}; "
                    "pass (target, distance_km) for points or lines"
                )
                raise SchemaError(msg)
            distance_km = 0.0
        rows = (mask.to_numpy() & placed).nonzero()[0]
        mask &= placed
        if not placed.all():
            described["without_place"] = int((~placed).sum())
        if len(rows):
            near = _within(ev.iloc[rows], target, distance_km).to_numpy()
            keep = np.zeros(len(mask), dtype=bool)
            keep[rows[near]] = True
            mask &= keep
        described["within_km"] = distance_km
    out = events.loc[mask.to_numpy()].copy()
    out.attrs["filter"] = {**described, "kept": len(out), "of": len(events)}
    return out


def _warn_unassigned(
    n: int, total: int, what: str, stacklevel: int = 3, *, counted: str = "unassigned"
) -> None:
    warnings.warn(
        f"{n} of {total} event(s) {what}; they are counted in attrs[{counted!r}], not in any row",
        UnassignedEventsWarning,
        stacklevel=stacklevel,
    )


def _tally(
    target_index: np.ndarray, n_targets: int, fatalities: pd.Series
) -> tuple[np.ndarray, pd.Series, np.ndarray]:
    """Count events, sum known fatalities and count unknown ones per target (index -1: none)."""
    assigned = target_index >= 0
    counts = np.bincount(target_index[assigned], minlength=n_targets)
    fat = fatalities.to_numpy(dtype="float64", na_value=np.nan)
    known = assigned & ~np.isnan(fat)
    sums = np.bincount(target_index[known], weights=fat[known], minlength=n_targets)
    unknown = np.bincount(target_index[assigned & np.isnan(fat)], minlength=n_targets)
    return counts.astype("int64"), pd.array(np.round(sums).astype("int64"), dtype="Int64"), unknown


def _lines_frame(segments: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return require_frame(
        segments,
        what="segments",
        columns=("segment_id", "length_km"),
        kinds=frozenset({"LineString", "MultiLineString"}),
        how="bk.border_segments(border, crossings)",
    )


def events_by_segment(
    events: gpd.GeoDataFrame, segments: gpd.GeoDataFrame, *, max_distance_km: float = 50.0
) -> gpd.GeoDataFrame:
    """Count events and fatalities along each corridor of a border.

    Each event goes to the corridor whose line is nearest to it, measured
    geodesically: every corridor is densified along geodesics every 200 m
    and measured with :func:`borderkit.geo.proximity.distance_to_line_m`
    (exact to well under a metre; one k-d tree query per corridor, so
    thousands of events take a fraction of a second). This is exact where
    projecting onto the border's chainage is not: a point beside a bend of
    the line can lie nearer to another corridor than to the one its planar
    projection lands on. An event whose nearest point of the border is a
    crossing itself is equally near to the two corridors meeting there and
    goes to the first of them in ``segments``' order (north to south for
    :func:`borderkit.border_segments`).

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        Points with a ``fatalities`` column (e.g. :func:`load_events`).
    segments : geopandas.GeoDataFrame
        Corridors as from :func:`borderkit.border_segments`: lines with
        ``segment_id`` and ``length_km`` (``from_name``, ``to_name``,
        ``start_km``, ``end_km`` are carried over when present).
    max_distance_km : float
        Events farther than this (geodesic) from every corridor are not
        assigned; they are counted in ``attrs["unassigned"]`` and warned
        about.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per corridor, aligned to ``segments``' index: the corridor's
        ``segment_id``, ``from_name``, ``to_name``, ``start_km``, ``end_km``,
        ``length_km``, then ``count`` (events), ``fatalities`` (sum of the
        known figures, Int64), ``unknown_fatalities`` (events without a
        figure), ``events_per_100km`` (count per 100 km of corridor length;
        NaN for a corridor of length 0) and the corridor's geometry.
        ``attrs`` holds ``total``, ``assigned``, ``unassigned``,
        ``unassigned_fatalities`` and ``max_distance_km``; ``count`` sums to
        ``assigned`` and ``assigned + unassigned + without_place == total``.
        Events without a point (no geometry, e.g. the bundled timeline's
        province- or country-wide rows) cannot be placed on a corridor: they
        are left out, warned about and counted in ``without_place`` (their
        known fatalities in ``without_place_fatalities``). Empty ``events``
        give every corridor a count of 0.

    Warns
    -----
    UnassignedEventsWarning
        With the number of events farther than ``max_distance_km`` from
        every corridor, and (separately) of events without a point.
    """
    if not max_distance_km >= 0:
        msg = f"max_distance_km must be zero or more, not {max_distance_km}"
        raise ValueError(msg)
    ev, placed = _placed(events, ["fatalities"], what="events")
    seg = _lines_frame(segments)
    xy = shapely.get_coordinates(ev.geometry.values)
    if len(xy):
        dist = np.column_stack([distance_to_line_m(xy[:, 0], xy[:, 1], line) for line in seg.geometry.values])
    else:
        dist = np.zeros((0, len(seg)))
    nearest = dist.argmin(axis=1) if len(seg) else np.zeros(len(xy), dtype=np.int64)
    nearest_m = dist[np.arange(len(xy)), nearest] if len(seg) else np.full(len(xy), np.inf)
    far = nearest_m > max_distance_km * 1000.0
    target = np.where(far, -1, nearest)
    counts, fatalities, unknown = _tally(target, len(seg), ev["fatalities"])
    keep = [c for c in ("segment_id", "from_name", "to_name", "start_km", "end_km", "length_km") if c in seg]
    out = pd.DataFrame(seg[keep]).set_axis(segments.index)
    out["count"] = counts
    out["fatalities"] = fatalities
    out["unknown_fatalities"] = unknown
    length = seg["length_km"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["events_per_100km"] = np.where(length > 0, counts / length * 100.0, np.nan)
    result = gpd.GeoDataFrame(out, geometry=seg.geometry.values, crs="EPSG:4326", index=segments.index)
    fat = ev["fatalities"].astype("Float64")
    result.attrs = {
        "total": len(events),
        "assigned": int(counts.sum()),
        "unassigned": int(far.sum()),
        "unassigned_fatalities": int(fat[far].sum(skipna=True)),
        "max_distance_km": max_distance_km,
    }
    _note_unplaced(result, events, placed, what="the corridor counts")
    if far.any():
        _warn_unassigned(
            int(far.sum()),
            len(events),
            f"lie farther than {max_distance_km:g} km from every corridor (up to "
            f"{nearest_m[far].max() / 1000:,.0f} km)",
        )
    return result


def _units_frame(admin_units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return require_frame(
        admin_units,
        what="admin_units",
        columns=("unit_id", "name"),
        kinds=frozenset({"Polygon", "MultiPolygon"}),
        how="bk.load_admin_units()",
    )


def events_by_unit(
    events: gpd.GeoDataFrame, admin_units: gpd.GeoDataFrame, *, snap_km: float = 5.0
) -> gpd.GeoDataFrame:
    """Count events and fatalities per administrative unit.

    Each event goes to the unit that contains it (on a shared boundary, the
    first such unit in ``admin_units``' order). An event inside no unit (the
    unit polygons and the events' sources rarely agree exactly along coasts
    and borders) goes to the nearest unit if that is within ``snap_km``
    (geodesic distance to the unit's outline, exact); the others are counted
    as unassigned and warned about.

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        Points with a ``fatalities`` column (e.g. :func:`load_events`).
    admin_units : geopandas.GeoDataFrame
        Polygons with ``unit_id`` and ``name`` (e.g.
        :func:`borderkit.load_admin_units`).
    snap_km : float
        Reach of the nearest-unit fallback, km.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit, aligned to ``admin_units``' index: ``unit_id``,
        ``name`` (and ``country``, ``level`` when present), ``count``,
        ``fatalities`` (sum of known figures, Int64), ``unknown_fatalities``,
        ``snapped`` (of ``count``, the events outside every unit placed here
        as the nearest within ``snap_km``), the unit's geometry. ``attrs``
        holds ``total``, ``assigned``, ``snapped``, ``unassigned``,
        ``unassigned_fatalities``, ``snap_km``, and ``without_place`` /
        ``without_place_fatalities``: the events without a point (no
        geometry), left out with a warning; ``assigned + unassigned +
        without_place == total``. Empty ``events`` give every unit 0.

    Warns
    -----
    UnassignedEventsWarning
        With the number of events outside every unit and farther than
        ``snap_km`` from all of them, and (separately) of events without a
        point.
    """
    if not snap_km >= 0:
        msg = f"snap_km must be zero or more, not {snap_km}"
        raise ValueError(msg)
    ev, placed = _placed(events, ["fatalities"], what="events")
    units = _units_frame(admin_units)
    points = ev.geometry.values
    xy = shapely.get_coordinates(points)
    n = len(xy)
    target = np.full(n, -1)
    pt, unit = units.sindex.query(points, predicate="intersects", sort=True)
    # Pairs are sorted by point then unit: the first pair of each point is its first unit in order.
    first = np.unique(pt, return_index=True)[1]
    target[pt[first]] = unit[first]
    outside = np.flatnonzero(target < 0)
    snapped = np.zeros(n, dtype=bool)
    if len(outside) and snap_km > 0:
        # Candidates by a planar test in degrees, wide enough for any geodesic distance <= snap_km:
        # a degree of latitude is >= 110.5 km and one of longitude >= 111.3 km * cos(latitude).
        lat_max = min(89.0, float(np.abs(xy[outside, 1]).max()) + 1.0)
        reach_deg = snap_km / (110.5 * np.cos(np.radians(lat_max))) * 1.1
        cand_pt, cand_unit = units.sindex.query(points[outside], predicate="dwithin", distance=reach_deg)
        best = np.full(len(outside), np.inf)
        best_unit = np.full(len(outside), -1)
        for u in np.unique(cand_unit):
            rows = cand_pt[cand_unit == u]
            boundary = units.geometry.values[u].boundary
            d = distance_to_line_m(xy[outside[rows], 0], xy[outside[rows], 1], boundary)
            better = d < best[rows]
            best[rows[better]] = d[better]
            best_unit[rows[better]] = u
        near = best <= snap_km * 1000.0
        target[outside[near]] = best_unit[near]
        snapped[outside[near]] = True
    counts, fatalities, unknown = _tally(target, len(units), ev["fatalities"])
    keep = [c for c in ("unit_id", "name", "country", "level") if c in units.columns]
    out = pd.DataFrame({c: units[c].to_numpy() for c in keep}, index=admin_units.index)
    out["count"] = counts
    out["fatalities"] = fatalities
    out["unknown_fatalities"] = unknown
    out["snapped"] = np.bincount(target[snapped], minlength=len(units)).astype("int64")
    result = gpd.GeoDataFrame(out, geometry=units.geometry.values, crs="EPSG:4326", index=admin_units.index)
    none = target < 0
    fat = ev["fatalities"].astype("Float64")
    result.attrs = {
        "total": len(events),
        "assigned": int(counts.sum()),
        "snapped": int(snapped.sum()),
        "unassigned": int(none.sum()),
        "unassigned_fatalities": int(fat[none].sum(skipna=True)),
        "snap_km": snap_km,
    }
    _note_unplaced(result, events, placed, what="the unit counts")
    if none.any():
        _warn_unassigned(
            int(none.sum()), len(events), f"lie in no unit and farther than {snap_km:g} km from all of them"
        )
    return result


def events_by_period(events: pd.DataFrame, freq: str = "MS", *, by_type: bool = False) -> pd.DataFrame:
    """Count events and fatalities per period (month, week, year ...).

    Parameters
    ----------
    events : pandas.DataFrame or geopandas.GeoDataFrame
        Events with ``date`` and ``fatalities`` (and ``event_type`` for
        ``by_type``), e.g. :func:`load_events`.
    freq : str
        A pandas frequency: ``"MS"`` months (labelled by their first day),
        ``"YS"`` years, ``"W"`` weeks (labelled by their last day, Sunday),
        ``"QS"`` quarters ...
    by_type : bool
        Add one column per ``event_type`` with the number of events of that
        type in the period (columns named by the types, sorted).

    Returns
    -------
    pandas.DataFrame
        Indexed by period (``period``, every period from the first event's
        to the last one's, empty ones with 0): ``count``, ``fatalities``
        (sum of known figures, Int64), then the types when asked. ``count``
        sums to the number of dated events.

    Warns
    -----
    UnassignedEventsWarning
        If some events have no date (they are counted in
        ``attrs["unassigned"]``).
    """
    ev = _check_events(events, ["date", "fatalities", *(["event_type"] if by_type else [])], geo=False)
    try:
        grouper = pd.Grouper(key="date", freq=freq)
        undated = ev["date"].isna().to_numpy()
        dated = ev.loc[~undated]
        grouped = pd.DataFrame(dated[["date", "fatalities"]]).groupby(grouper)
        out = pd.DataFrame({"count": grouped.size(), "fatalities": grouped["fatalities"].sum(min_count=0)})
    except ValueError as exc:
        msg = f"freq={freq!r} is not a pandas frequency ({exc}); use e.g. 'MS' (months), 'YS' or 'W'"
        raise ValueError(msg) from exc
    out["count"] = out["count"].astype("int64")
    out["fatalities"] = out["fatalities"].astype("Int64")
    if by_type:
        types = _text(dated["event_type"])
        table = (
            pd.DataFrame({"date": dated["date"], "type": types})
            .groupby([grouper, "type"])
            .size()
            .unstack(fill_value=0)
        )
        table = table.reindex(index=out.index, columns=sorted(table.columns), fill_value=0).astype("int64")
        clash = [t for t in table.columns if t in out.columns]
        table = table.rename(columns={t: f"type: {t}" for t in clash})
        out = out.join(table)
    out.index.name = "period"
    out.attrs = {"freq": freq, "total": len(ev), "unassigned": int(undated.sum())}
    if undated.any():
        _warn_unassigned(int(undated.sum()), len(ev), "have no date")
    return out
