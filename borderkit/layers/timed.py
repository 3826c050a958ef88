"""Layers that change with a map's time slider: crossing status by date, flows through crossings, stocks.

Each layer carries a static style (what a map without a slider, a figure or
an export shows: today's status, the whole period's flows, the latest
stocks) and, in :attr:`~borderkit.layers.Layer.time_style`, the dated data a
time slider re-styles it from. Days are counted from 1970-01-01, ends
inclusive.
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..errors import DroppedRowsWarning
from . import palette
from .model import Layer, LegendEntry

EPOCH = pd.Timestamp("1970-01-01")
#: Radius (px) of the largest proportional symbol: the crossing with the most people over the whole period.
FLOW_MAX_PX = 28.0
#: Width (px) of the widest flow line.
FLOW_LINE_MAX_PX = 14.0
#: Changes of status listed in a crossing's popup (the most recent).
RECENT_CHANGES = 4


def day_number(value: object) -> int:
    """Return the day of ``value`` as days since 1970-01-01."""
    return int((pd.Timestamp(value).normalize() - EPOCH).days)


def _fold(text: object) -> str:
    decomposed = unicodedata.normalize("NFD", str(text).strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _month(day: pd.Timestamp) -> str:
    return pd.Timestamp(day).strftime("%b %Y")


def _people(n: float) -> str:
    return f"{round(n):,} people"


# --------------------------------------------------------------------------- crossing status


def status_history_columns(crossings: gpd.GeoDataFrame, history: pd.DataFrame) -> tuple[list, list]:
    """Return, per crossing, its status intervals (for a time slider) and its last changes (for a popup).

    Parameters
    ----------
    crossings : geopandas.GeoDataFrame
        With ``crossing_id``.
    history : pandas.DataFrame
        A status history (:func:`~borderkit.geo.status.load_crossing_status`):
        ``crossing_id``, ``status``, ``start``, ``end`` (exclusive, NaT while
        current) and ``citation`` (or ``source``).

    Returns
    -------
    (list, list)
        Per crossing: ``[start_day, last_day or None, class index, status]``
        intervals, and up to :data:`RECENT_CHANGES` dicts ``date``, ``label``,
        ``citation``, newest first.
    """
    classes = {c: i for i, c in enumerate(palette.STATUS_CLASSES)}
    cite = history["citation"] if "citation" in history.columns else history.get("source")
    rows = history.assign(_cite=cite if cite is not None else "").sort_values(["crossing_id", "start"])
    by_id = {cid: group for cid, group in rows.groupby("crossing_id", sort=False)}
    intervals: list[Any] = []
    changes: list[Any] = []
    for cid in crossings["crossing_id"].astype(str):
        group = by_id.get(cid)
        if group is None:
            intervals.append([])
            changes.append([])
            continue
        mine = []
        for start, end, status in zip(group["start"], group["end"], group["status"], strict=True):
            last = None if pd.isna(end) else day_number(end) - 1
            mine.append([day_number(start), last, classes[palette.status_class(status)], str(status)])
        intervals.append(mine)
        recent = group.iloc[::-1].head(RECENT_CHANGES)
        changes.append(
            [
                {
                    "date": f"{s:%Y-%m-%d}",
                    "label": str(st) + ("" if pd.isna(e) else f" until {e - pd.Timedelta(days=1):%Y-%m-%d}"),
                    "citation": "" if c is None or c != c else str(c),
                }
                for s, e, st, c in zip(
                    recent["start"], recent["end"], recent["status"], recent["_cite"], strict=True
                )
            ]
        )
    return intervals, changes


def status_time_style(intervals: list, *, today: pd.Timestamp | None = None) -> dict[str, object]:
    """Return the ``time_style`` of a crossings layer coloured by its status on the slider's day.

    ``legend_dated`` holds the legend a map with a time slider shows instead of the layer's.
    """
    today = pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today)
    return {
        "kind": "status",
        "legend_dated": status_legend(dated=True),
        "features": intervals,
        "classes": list(palette.STATUS_CLASSES),
        "colors": [palette.STATUS_COLORS[c] for c in palette.STATUS_CLASSES],
        "today": day_number(today),
        # Widens a map's time slider to today, without making one: status alone needs no slider.
        "span": [min((iv[0] for f in intervals for iv in f), default=day_number(today)), day_number(today)],
    }


def status_legend(*, dated: bool) -> list[LegendEntry]:
    """Legend entries that say what the crossing colours mean."""
    when = "on the day the time slider shows (its month's last day)" if dated else "today"
    what = {
        "open": "open",
        "restricted": "restricted (trade only, returnees only, pedestrians only...)",
        "closed": "closed",
        "unknown": "status unknown (no dated source covers the day)",
    }
    return [
        LegendEntry(
            f"Crossing {what[c]}" + (f", {when}" if c == "open" else ""), palette.STATUS_COLORS[c], "circle"
        )
        for c in palette.STATUS_CLASSES
    ]


# --------------------------------------------------------------------------- flows


def _sources(frame: pd.DataFrame) -> str:
    """Every source of ``frame``, once each, in full (for popups)."""
    names = [str(s) for s in dict.fromkeys(frame.get("source", pd.Series(dtype=str)).dropna()) if str(s)]
    return "; ".join(names)


def _credit(prefix: str, frame: pd.DataFrame) -> str:
    """Return ``"Flows: IOM Pakistan; UNHCR; ..."``: each publisher once, cut at ``" ("`` or ``", "``."""
    out: dict[str, None] = {}
    for name in frame.get("source", pd.Series(dtype=str)).dropna().astype(str):
        cut = min((i for i in (name.find(" ("), name.find(", ")) if i > 0), default=len(name))
        if name[:cut].strip():
            out[name[:cut].strip()] = None
    return f"{prefix}: " + "; ".join(out) if out else ""


def _finest(flows: pd.DataFrame, series: pd.Series) -> tuple[pd.DataFrame, int]:
    """Return the rows whose periods do not overlap within each ``series`` value, and how many are not."""
    from ..geo.displacement import select_finest  # the displacement package loads with flows only

    keyed = flows.assign(population_type=series.to_numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedRowsWarning)
        kept = select_finest(keyed, warn=False)
    return flows.loc[kept.index], len(flows) - len(kept)


def _one_kind(
    flows: pd.DataFrame, population_type: str | Sequence[str] | None
) -> tuple[pd.DataFrame, str, str]:
    """Keep rows of population types that may be added (default: see ``select_population_type``).

    Returns the rows, the types' label, and a note on the rows of other types
    left out (empty when none), for the legend.
    """
    from ..geo.displacement import select_population_type

    # The types were checked against the whole table (displacement_layers); this part may lack some.
    kept = select_population_type(flows, population_type, warn=False, strict=False)
    types = kept.attrs.get("population_type", ())
    label = " + ".join(types) if types else "none"
    left = kept.attrs.get("other_types", {})
    note = ""
    if left:
        listed = ", ".join(f"{n} {t}" for t, n in left.items())
        note = f"; not drawn: {listed} (another population type; population_type= chooses)"
    return kept, label, note


def _rows(group: pd.DataFrame) -> list[list[int]]:
    return [
        [day_number(s), day_number(e), int(n)]
        for s, e, n in zip(group["period_start"], group["period_end"], group["count"], strict=True)
    ]


def flow_symbols_layer(
    flows: pd.DataFrame,
    crossings: gpd.GeoDataFrame,
    *,
    population_type: str | Sequence[str] | None = None,
) -> Layer | None:
    """Crossings as proportional symbols (circle area by people) of the flows through them.

    Counts of population types that contain one another (``all returns`` and
    the ``deportation`` of the same crossing and month) are never added: the
    circles count ``population_type`` only; by default every type when no two
    overlap, else the type of most rows by crossing
    (:func:`~borderkit.geo.displacement.select_population_type`). The legend
    names the type(s) and counts the rows of other types not drawn.

    Reports also overlap in time (a month and the fortnight inside it, a
    count "since 15 September"), so each crossing's rows of a type are first
    reduced to periods that do not overlap, the shortest kept
    (:func:`~borderkit.geo.displacement.select_finest`); the legend says how
    many were set aside. A period counts when it lies wholly inside the
    months shown. Returns None when no row names a located crossing.
    """
    located = crossings[~crossings.geometry.isna() & ~crossings.geometry.is_empty]
    ids = set(located["crossing_id"].astype(str))
    mine = flows[flows["crossing_id"].astype(str).isin(ids)]
    if mine.empty:
        return None
    mine, types, other = _one_kind(mine, population_type)
    if mine.empty:
        return None
    kept, set_aside = _finest(mine, mine["population_type"].astype(str))
    totals = kept.groupby("crossing_id")["count"].sum()
    ref = float(totals.max())
    frame = located[located["crossing_id"].isin(totals.index)][["crossing_id", "name", "geometry"]].copy()
    total = frame["crossing_id"].map(totals).astype(float)
    first, last = kept["period_start"].min(), kept["period_end"].max()
    period = f"{_month(first)} to {_month(last)}"
    frame["flow_radius"] = (FLOW_MAX_PX * np.sqrt(total / ref)).round(1).to_numpy()
    frame["flow_label"] = [f"{_people(v)}, {period}" for v in total]
    frame["flow_types"] = [
        ", ".join(sorted(set(kept.loc[kept["crossing_id"] == c, "population_type"].astype(str))))
        for c in frame["crossing_id"]
    ]
    sources = _sources(kept)
    frame["flow_sources"] = sources
    groups = {c: g for c, g in kept.groupby("crossing_id")}
    aside = (
        f"; {set_aside} overlapping report(s) counted once (the shortest period kept)" if set_aside else ""
    ) + other
    return Layer(
        name="People crossing, by crossing (returns, deportations, other)",
        frame=frame,
        kind="point",
        style={
            "radius_from": "flow_radius",
            "color": palette.FLOW_STROKE,
            "weight": 1,
            "fill_color": palette.FLOW_COLOR,
            "fill_opacity": 0.45,
        },
        tooltip=[("name", "Crossing"), ("flow_label", "People crossing")],
        popup=[
            ("name", "Crossing"),
            ("flow_label", "People crossing (reports wholly in the period)"),
            ("flow_types", "Population types"),
            ("flow_sources", "Sources"),
        ],
        legend=[
            LegendEntry(
                f"People crossing (circle area by people): {types}, the months the slider shows; whole "
                f"period {period}: up to {_people(ref)}{aside}",
                palette.FLOW_COLOR,
                "circle",
            )
        ],
        attribution=_credit("Flows", kept),
        group="displacement",
        time_style={
            "kind": "flows",
            "features": [_rows(groups[c]) for c in frame["crossing_id"]],
            "max_px": FLOW_MAX_PX,
            "extent": [day_number(first), day_number(last)],
        },
    )


def flow_lines_layer(
    flows: pd.DataFrame,
    crossings: gpd.GeoDataFrame,
    provinces: gpd.GeoDataFrame,
    *,
    country: str = "AFG",
    population_type: str | Sequence[str] | None = None,
) -> Layer | None:
    """Lines from each crossing to the provinces of destination the flows give, width by people.

    Only ``population_type`` is drawn, as in :func:`flow_symbols_layer`.
    Returns None when no row gives both a located crossing and a destination
    province. Rows whose province is not among ``provinces`` of ``country``
    are left out with a :class:`~borderkit.errors.DroppedRowsWarning` naming them.
    """
    located = crossings[~crossings.geometry.isna() & ~crossings.geometry.is_empty]
    points = dict(zip(located["crossing_id"].astype(str), located.geometry, strict=True))
    if "destination_province" not in flows.columns:
        return None
    dest = flows["destination_province"].fillna("").astype(str).str.strip()
    mine = flows[flows["crossing_id"].astype(str).isin(points) & (dest != "")]
    if mine.empty:
        return None
    units = provinces[provinces["country"] == country] if "country" in provinces.columns else provinces
    anchors = {
        _fold(n): (str(n), g)
        for n, g in zip(units["name"], units.geometry.representative_point(), strict=True)
    }
    key = mine["destination_province"].map(_fold)
    unknown = mine[~key.isin(anchors)]
    if len(unknown):
        warnings.warn(
            f"{len(unknown)} flow row(s) name a destination province that the {country} provinces lack: "
            f"{sorted(set(unknown['destination_province']))[:8]} (index {list(unknown.index[:8])}); "
            "they are not drawn as flow lines; name the provinces as bk.load_admin_units(1) does",
            DroppedRowsWarning,
            stacklevel=2,
        )
    mine = mine[key.isin(anchors)]
    if mine.empty:
        return None
    mine, types, other = _one_kind(mine, population_type)
    if mine.empty:
        return None
    pair = mine["crossing_id"].astype(str) + "|" + mine["destination_province"].map(_fold)
    kept, set_aside = _finest(mine, pair + "|" + mine["population_type"].astype(str))
    kept_pair = pair.loc[kept.index]
    totals = kept.groupby(kept_pair)["count"].sum()
    ref = float(totals.max())
    records = []
    for p, total in totals.items():
        cid, prov = p.split("|", 1)
        name, anchor = anchors[prov]
        records.append(
            {
                "crossing_id": cid,
                "name": f"{located.set_index('crossing_id').at[cid, 'name']} → {name}",
                "destination": name,
                "total": float(total),
                "geometry": shapely.LineString([points[cid], anchor]),
            }
        )
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    first, last = kept["period_start"].min(), kept["period_end"].max()
    period = f"{_month(first)} to {_month(last)}"
    frame["flow_weight"] = np.maximum(1.0, FLOW_LINE_MAX_PX * frame["total"] / ref).round(1)
    frame["flow_label"] = [f"{_people(v)}, {period}" for v in frame["total"]]
    rows = {p: _rows(g) for p, g in kept.groupby(kept_pair)}
    aside = (f"; {set_aside} overlapping report(s) counted once" if set_aside else "") + other
    return Layer(
        name="People crossing: to the provinces of destination",
        frame=frame,
        kind="line",
        style={"color": palette.FLOW_COLOR, "weight_from": "flow_weight", "opacity": 0.75},
        tooltip=[("name", "Flow"), ("flow_label", "People")],
        popup=[("name", "Flow"), ("flow_label", "People (reports wholly in the period)")],
        legend=[
            LegendEntry(
                f"Flow to a province of destination (width by people): {types}, the months the slider "
                f"shows; whole period {period}: up to {_people(ref)}{aside}",
                palette.FLOW_COLOR,
                "line",
            )
        ],
        attribution=_credit("Flows", kept),
        group="displacement",
        time_style={
            "kind": "flowlines",
            "features": [rows[p] for p in totals.index],
            "max_px": FLOW_LINE_MAX_PX,
            "extent": [day_number(first), day_number(last)],
        },
    )


# --------------------------------------------------------------------------- stocks


def stocks_layer(
    stocks: pd.DataFrame,
    units: gpd.GeoDataFrame,
    *,
    country: str = "PAK",
    level: str = "province",
    population_type: str | None = None,
) -> Layer | None:
    """Build a choropleth of stocks (e.g. refugees) by province or district of ``country``: the latest figure.

    Parameters
    ----------
    stocks : pandas.DataFrame
        A stocks frame (:func:`~borderkit.geo.displacement.load_stocks`).
    units : geopandas.GeoDataFrame
        Admin units with ``name`` (and ``country``): provinces, or districts
        with ``level="district"``.
    country : str
        Country of asylum whose units are shaded.
    level : {"province", "district"}
        Which column of the stocks names the unit.
    population_type : str, optional
        Which population type (default: the one with the most figures at ``level``).

    Returns
    -------
    Layer or None
        None when the stocks hold no figure at ``level`` for ``country``.
        Rows naming a unit that ``units`` lack are left out with a
        :class:`~borderkit.errors.DroppedRowsWarning`.
    """
    col = level
    rows = stocks[(stocks[col].fillna("").astype(str).str.strip() != "") & (stocks["country"] == country)]
    if population_type is None and len(rows):
        population_type = str(rows["population_type"].value_counts().index[0])
    rows = rows[rows["population_type"] == population_type]
    if rows.empty:
        return None
    mine = units[units["country"] == country] if "country" in units.columns else units
    index = {_fold(n): i for i, n in zip(mine.index, mine["name"], strict=True)}
    key = rows[col].map(_fold)
    unknown = rows[~key.isin(index)]
    if len(unknown):
        warnings.warn(
            f"{len(unknown)} stocks row(s) name a {level} of {country} that the units lack: "
            f"{sorted(set(unknown[col]))[:8]} (index {list(unknown.index[:8])}); they are not on the map",
            DroppedRowsWarning,
            stacklevel=2,
        )
    rows = rows[key.isin(index)]
    if rows.empty:
        return None
    unit_of = rows[col].map(_fold).map(index)
    figures = {
        i: sorted((day_number(d), int(n)) for d, n in zip(g["date"], g["count"], strict=True))
        for i, g in rows.groupby(unit_of)
    }
    frame = mine.loc[list(figures)][["name", "geometry"]].copy()
    uppers, labels = palette.class_breaks(rows["count"].astype(float).tolist())
    colors = palette.stock_ramp(len(uppers))
    latest = [figures[i][-1] for i in frame.index]
    frame["stock_color"] = [
        colors[palette.class_of(n, uppers)] if n > 0 else palette.NO_FIGURE_COLOR for _, n in latest
    ]
    frame["stock_label"] = [
        f"{n:,} {population_type} ({EPOCH + pd.Timedelta(days=d):%d %b %Y})" for d, n in latest
    ]
    sources = _sources(rows)
    frame["stock_sources"] = sources
    first, last = rows["date"].min(), rows["date"].max()
    where = {"PAK": "Pakistan", "AFG": "Afghanistan", "IRN": "Iran"}.get(country, country)
    legend = [
        LegendEntry(
            f"{population_type} in {where} by {level} (people), latest figure on or before the slider's day "
            f"(figures {first:%b %Y}" + ("" if first == last else f" to {last:%b %Y}") + "):",
            colors[-1],
            "ramp" if len(colors) > 1 else "fill",
        ),
        *[LegendEntry(f"{label} people", color, "fill") for label, color in zip(labels, colors, strict=True)],
    ]
    if len(colors) > 1:
        legend[0] = LegendEntry(legend[0].label, ",".join(colors), "ramp")
    return Layer(
        name=f"Refugees by {level}: {population_type}",
        frame=frame,
        kind="polygon",
        style={
            "color": palette.GREY_DARK,
            "weight": 0.6,
            "fill_color_from": "stock_color",
            "fill_opacity": 0.5,
        },
        tooltip=[("name", level.title()), ("stock_label", "People")],
        popup=[("name", level.title()), ("stock_label", "People"), ("stock_sources", "Sources")],
        legend=legend,
        attribution=_credit("Refugee figures", rows),
        group="displacement",
        time_style={
            "kind": "stocks",
            "features": [[list(f) for f in figures[i]] for i in frame.index],
            "uppers": uppers,
            "colors": colors,
            "none": palette.NO_FIGURE_COLOR,
            "label": str(population_type),
            "extent": [day_number(first), day_number(last)],
        },
    )


def displacement_layers(
    *,
    flows: pd.DataFrame | None,
    stocks: pd.DataFrame | None,
    crossings: gpd.GeoDataFrame,
    provinces: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame | None = None,
    codes: tuple[str, ...] = ("AFG", "PAK"),
    population_type: str | Sequence[str] | None = None,
) -> list[Layer]:
    """Return the layers to draw under the crossings: stocks, flow lines, then flow symbols.

    Stocks are shaded for the country of the pair that is not Afghanistan (the
    country of asylum), by district when ``districts`` are given and the
    stocks name districts, else by province. Flow lines and symbols draw the
    same population type(s): ``population_type``, by default chosen once for
    the whole flow table (:func:`~borderkit.geo.displacement.select_population_type`).
    """
    under: list[Layer] = []
    asylum = next((c for c in codes if c != "AFG"), codes[-1])
    if stocks is not None and len(stocks):
        layer = None
        if districts is not None and (stocks["district"].fillna("").astype(str) != "").any():
            layer = stocks_layer(stocks, districts, country=asylum, level="district")
        if layer is None:
            layer = stocks_layer(stocks, provinces, country=asylum, level="province")
        if layer is not None:
            under.append(layer)
    if flows is not None and len(flows):
        from ..geo.displacement import select_population_type

        # Chosen (or checked, when named) once on the whole table; each layer keeps its part of it.
        population_type = select_population_type(flows, population_type, warn=False).attrs["population_type"]
        lines = flow_lines_layer(flows, crossings, provinces, population_type=population_type)
        if lines is not None:
            under.append(lines)
        symbols = flow_symbols_layer(flows, crossings, population_type=population_type)
        if symbols is not None:
            under.append(symbols)
    return under
