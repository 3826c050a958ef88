"""A figure for a paper: returns per crossing per month, closures shaded, readable in black and white.

:func:`flows_figure` draws a flows frame; :func:`region_flows_figure` (what
``bk.figure(kind="flows")`` and ``borderkit figure --kind flows`` call) draws
the flows across one region's border, its crossings named and their closures
from the cited status history shaded.

Bars are grey with hatching (one pattern per crossing), closures are hatched
bands, and everything is drawn in shades of grey, so the figure survives a
black-and-white printer. matplotlib is imported only when a figure is drawn,
on its own Agg canvas; no global matplotlib state changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..._atomic import atomic_path
from ...errors import EmptyDataError
from ...geo.displacement.analysis import NO_CROSSING, flows_by_crossing, read_status_history, select_finest
from ...geo.displacement.population import DISJOINT_TYPES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ...regions import Region

FORMATS = ("png", "svg", "pdf")
DEFAULT_TITLE = "Returns from Pakistan to Afghanistan by crossing, per month"
# (face grey, hatch) per crossing, in order of their totals: shapes and greys, never colour alone.
_STYLES = (("0.15", ""), ("0.85", "///"), ("0.55", ""), ("1.0", "xx"), ("0.35", ".."), ("0.7", "\\\\"))
_CLOSED_GREY = "0.88"
_CLOSED_HATCH = "...."


@dataclass(frozen=True)
class FlowsFigureInfo:
    """What :func:`flows_figure` drew; kept on the figure as ``fig.borderkit``."""

    title: str
    crossings: tuple[str, ...]
    periods: tuple[pd.Timestamp, ...]
    closures: tuple[tuple[str, pd.Timestamp, pd.Timestamp | None], ...]
    sources: tuple[str, ...]


def _names() -> dict[str, str]:
    try:
        from ...geo import load_crossings

        crossings = load_crossings()
    except Exception:  # pragma: no cover - the bundled crossings always load
        return {}
    return dict(zip(crossings["crossing_id"], crossings["name"], strict=True))


def _partial(finest: pd.DataFrame, freq: str) -> list[str]:
    """Describe the rows that cover only part of their bin (e.g. a fortnight drawn as a month's bar)."""
    if freq.upper() != "MS":
        return []
    named = finest[finest["crossing_id"] != ""]
    days = (named["period_end"] - named["period_start"]).dt.days + 1
    month_days = named["period_start"].dt.days_in_month
    same_month = named["period_start"].dt.to_period("M") == named["period_end"].dt.to_period("M")
    part = named[same_month & (days < month_days)]
    spans = {
        f"{r.period_start.day}-{r.period_end.day} {r.period_start.strftime('%b %Y')}"
        for r in part.itertuples()
    }
    return sorted(spans, key=lambda s: pd.Timestamp(s.split(" ", 1)[1]))


def _monthly(flows: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Count per period and crossing, never adding a count to one that contains it.

    The ``all returns`` count when there is one; else the sum of the types
    counted apart (refugees' assisted returns, undocumented returns,
    deportations); else the first other type alone.
    """
    table = flows_by_crossing(flows, freq, finest=False)
    table = table[table["crossing_id"] != NO_CROSSING]
    rows = []
    for (period, crossing), group in table.groupby(["period", "crossing_id"], sort=True):
        everyone = group[group["population_type"] == "all returns"]
        parts = group[group["population_type"].isin(DISJOINT_TYPES)]
        first = group[group["population_type"] == group["population_type"].iloc[0]]
        use = everyone if len(everyone) else parts if len(parts) else first
        rows.append({"period": period, "crossing_id": crossing, "count": int(use["count"].sum())})
    return pd.DataFrame(rows, columns=["period", "crossing_id", "count"])


def flows_figure(
    flows: pd.DataFrame,
    *,
    status: pd.DataFrame | str | Path | None = None,
    out: str | Path | None = None,
    freq: str = "MS",
    start: str | None = None,
    title: str | None = DEFAULT_TITLE,
    figsize: tuple[float, float] = (7.0, 4.2),
    dpi: int = 300,
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Draw returns per crossing per month as grey, hatched bars, with each closure shaded.

    Parameters
    ----------
    flows : pandas.DataFrame
        A flows frame (``bk.load_flows()``). Rows are counted as by
        :func:`borderkit.flows_by_crossing` (finest rows, whole periods in one
        month); per month and crossing the ``all returns`` count is drawn when
        there is one, else the sum of the other types. Counts without a
        crossing are not drawn.
    status : DataFrame or path, optional
        Crossing status history (``crossing_status.csv``): its ``closed``
        intervals are shaded and labelled with the crossing's name.
    out : str or pathlib.Path, optional
        Also write the figure (``.png``, ``.svg`` or ``.pdf``), atomically.
    freq : str
        Bin of the bars (``"MS"`` months).
    start : str, optional
        First day shown; default the first bar.
    title : str or None
        Title; None for none.
    figsize : (float, float)
        Size in inches.
    dpi : int
        Resolution of a PNG.
    names : mapping of str to str, optional
        Crossing id -> name shown; default the bundled crossings' names.

    Returns
    -------
    matplotlib.figure.Figure
        With its own Agg canvas; ``fig.borderkit`` is a
        :class:`FlowsFigureInfo`.

    Raises
    ------
    ValueError
        ``out`` has another suffix, or no count with a crossing fits a bin.
    """
    try:
        import matplotlib.dates as mdates
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        msg = "flows_figure needs matplotlib: pip install 'matplotlib>=3.8'"
        raise ImportError(msg) from exc
    if out is not None and Path(out).suffix.lower().lstrip(".") not in FORMATS:
        msg = f"cannot write a figure to {out}: the file name must end in .png, .svg or .pdf"
        raise ValueError(msg)
    finest = select_finest(flows)
    counts = _monthly(finest, freq)
    if start is not None:
        finest = finest[finest["period_end"] >= pd.Timestamp(start)]
        counts = counts[counts["period"] >= pd.Timestamp(start)]
    if len(counts) == 0:
        msg = "no count with a crossing fits one period of the figure; check the flows (or start=, freq=)"
        raise ValueError(msg)
    names = _names() if names is None else dict(names)
    order = counts.groupby("crossing_id")["count"].sum().sort_values(ascending=False).index.tolist()
    periods = sorted(counts["period"].unique())
    first = pd.Timestamp(periods[0])
    last = pd.Timestamp(periods[-1]) + pd.tseries.frequencies.to_offset(freq)

    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.15, 0.24, 0.82, 0.64 if title else 0.7))
    span_days = max((last - first).days, 28)
    width = min(24.0, 0.8 * 28.0) / max(len(order), 1) * min(1.0, 12 * 31 / span_days * 1.6)
    closures: list[tuple[str, pd.Timestamp, pd.Timestamp | None]] = []
    if status is not None:
        history = read_status_history(status)
        closed = history[history["status"].astype(str).str.lower() == "closed"]
        for _, c in closed.iterrows():
            c_end = c["end"] if not pd.isna(c["end"]) else None
            right = c_end if c_end is not None else last
            if right < first or c["start"] > last:
                continue
            left = max(c["start"], first)
            ax.axvspan(
                left,
                min(right, last),
                facecolor=_CLOSED_GREY,
                hatch=_CLOSED_HATCH,
                edgecolor="0.6",
                linewidth=0,
                zorder=0,
            )
            closures.append((c["crossing_id"], c["start"], c_end))
    for k, crossing in enumerate(order):
        face, hatch = _STYLES[k % len(_STYLES)]
        mine = counts[counts["crossing_id"] == crossing]
        offset = pd.to_timedelta((k - (len(order) - 1) / 2) * width + 14, unit="D")
        ax.bar(
            mine["period"] + offset,
            mine["count"],
            width=width,
            color=face,
            hatch=hatch,
            edgecolor="0.0",
            linewidth=0.6,
            label=names.get(crossing, crossing),
            zorder=2,
        )
    ax.set_xlim(first - pd.Timedelta(days=5), last + pd.Timedelta(days=5))
    ax.set_ylabel("people per month" if freq.upper() == "MS" else f"people per period ({freq})", color="0.0")
    ax.yaxis.set_major_formatter(_thousands())
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.grid(axis="y", color="0.8", linewidth=0.5, zorder=1)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    if closures:
        shaded = sorted({names.get(c, c) for c, _, _ in closures})
        handles.append(Patch(facecolor=_CLOSED_GREY, hatch=_CLOSED_HATCH, edgecolor="0.6"))
        labels.append(f"closed: {', '.join(shaded)}")
    ax.legend(handles, labels, frameon=False, fontsize=7, loc="upper left")
    if title:
        fig.text(0.02, 0.965, title, fontsize=10, weight="bold", va="top", color="0.0")
    sources = tuple(_sources_of(flows, counts))
    partial = _partial(finest, freq)
    caption = (
        "Sources: " + "; ".join(sources) + ". Bars: counts whose period lies in one month "
        "(finest reports kept); months without a bar were not reported by crossing."
        + (f" Bars covering part of a month only: {', '.join(partial)}." if partial else "")
    )
    cap = fig.text(0.02, 0.02, _wrap(caption, 150), fontsize=5.5, va="bottom", color="0.25")
    _clear_of_caption(fig, ax, cap)
    fig.borderkit = FlowsFigureInfo(  # type: ignore[attr-defined]
        title=title or "",
        crossings=tuple(names.get(c, c) for c in order),
        periods=tuple(pd.Timestamp(p) for p in periods),
        closures=tuple(closures),
        sources=sources,
    )
    if out is not None:
        save_flows_figure(fig, out)
    return fig


def _clear_of_caption(fig: Figure, ax: Any, caption: Any) -> None:
    """Raise the plot (keeping its top) so its tick labels stay above the caption, however long it is."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # the Agg canvas
    cap_top = caption.get_window_extent(renderer).y1 + 4.0 * fig.dpi / 72.0
    low = ax.get_tightbbox(renderer).y0
    if low >= cap_top:
        return
    x0, y0, w, h = ax.get_position().bounds
    shift = (cap_top - low) / fig.bbox.height
    ax.set_position((x0, y0 + shift, w, max(h - shift, 0.2)))


def _thousands() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{v:,.0f}")


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _sources_of(flows: pd.DataFrame, counts: pd.DataFrame) -> list[str]:
    if "source" not in flows.columns:
        return []
    used = flows[flows["crossing_id"].isin(set(counts["crossing_id"]))]
    return sorted({s for s in used["source"].astype(str) if s})


def save_flows_figure(fig: Figure, out: str | Path) -> Path:
    """Write ``fig`` atomically; the suffix (``.png``, ``.svg``, ``.pdf``) gives the format.

    SVG and PDF keep text as text and carry no creation date, so the same
    figure gives the same bytes. No global matplotlib setting is changed.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure from :func:`flows_figure`.
    out : str or pathlib.Path
        The file; its folder is created if needed.

    Returns
    -------
    pathlib.Path
        The absolute path written.

    Raises
    ------
    ValueError
        If ``out`` does not end in ``.png``, ``.svg`` or ``.pdf``.
    """
    import matplotlib

    path = Path(out)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        msg = f"cannot write a figure to {out}: the file name must end in .png, .svg or .pdf"
        raise ValueError(msg)
    path.parent.mkdir(parents=True, exist_ok=True)
    info = getattr(fig, "borderkit", None)
    metadata: dict[str, str | None] = {"Title": (getattr(info, "title", "") or "borderkit flows figure")}
    if fmt == "svg":
        metadata["Date"] = None
    elif fmt == "pdf":
        metadata["CreationDate"] = None
    with (
        matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "borderkit"}),
        atomic_path(path) as tmp,
    ):
        fig.savefig(tmp, format=fmt, metadata=metadata, facecolor="white")
    return path.resolve()


def region_flows_figure(
    region: Region,
    *,
    flows: pd.DataFrame | None = None,
    status: pd.DataFrame | str | Path | bool | None = True,
    start: str | None = None,
    out: str | Path | None = None,
    title: str | None = DEFAULT_TITLE,
    figsize: tuple[float, float] = (7.0, 4.2),
    dpi: int = 300,
) -> Figure:
    """Draw the returns across a region's border per crossing per month, closures shaded.

    Parameters
    ----------
    region : borderkit.Region
        The border; its crossings name the bars.
    flows : pandas.DataFrame, optional
        A flows frame; default the region's ``flows``, else the bundled
        table (``load_flows("bundled")``). Only the counts across this
        border are drawn: those at one of its crossings, or between its two
        countries.
    status : DataFrame, path or bool, default True
        ``True``: the closures of the crossings drawn, from the bundled cited
        status history; a frame or file: that history; ``False``/None: none.
    start, out, title, figsize, dpi
        As for :func:`flows_figure`. The default title names the border
        when it is not the Durand Line.

    Returns
    -------
    matplotlib.figure.Figure
        As from :func:`flows_figure`.

    Raises
    ------
    EmptyDataError
        If no count in ``flows`` crosses this border.
    """
    from ...geo.displacement import load_flows

    if flows is None:
        flows = region.flows if region.flows is not None else load_flows("bundled")
    ids = set(region.crossings["crossing_id"])
    pair = set(region.codes)
    sides = [{str(a), str(b)} for a, b in zip(flows["from_country"], flows["to_country"], strict=True)]
    mine = flows[flows["crossing_id"].isin(ids) | pd.Series([s == pair for s in sides], index=flows.index)]
    if mine.empty:
        msg = (
            f"no count in the flows crosses the {region.name} (the bundled table covers returns from "
            "Pakistan); give flows of this border (Region(..., flows=...) or a flows file)"
        )
        raise EmptyDataError(msg)
    history: Any = None
    if status is True:
        from ...geo.status import load_crossing_status

        history = load_crossing_status()
        history = history[history["crossing_id"].isin(set(mine["crossing_id"]))]
    elif status is not False:
        history = status
    if title == DEFAULT_TITLE and region.key != "AFG-PAK":
        title = f"Returns across the {region.name} by crossing, per month"
    names = dict(zip(region.crossings["crossing_id"], region.crossings["name"], strict=True))
    return flows_figure(
        mine, status=history, start=start, out=out, title=title, figsize=figsize, dpi=dpi, names=names
    )
