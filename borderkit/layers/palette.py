"""One palette for every renderer (the Folium map and the static figure), chosen for meaning.

Where the colours come from
---------------------------
- **Okabe–Ito** (Okabe & Ito 2008, "Color Universal Design"), the set
  matplotlib ships as its ``seaborn-v0_8-colorblind`` style: distinguishable
  under the common colour-vision deficiencies. It carries the categories that
  matter most: crossing status and the event types of the border regime.
- **ColorBrewer** (Brewer, colorbrewer2.org, Apache-2.0) ``Paired`` and
  ``Greys`` where more categories or a neutral pair are needed.
- **viridis** (matplotlib; perceptually uniform, colour-blind safe) for every
  "how many events" ramp: the corridor shading and the heat layer share it.

Meaning, not decoration: a closed crossing and a closure event share a colour
(vermillion), an open crossing and a reopening share another (blue); armed
violence is purple; the border itself is near-black, with the corridors a
neutral grey band beneath it, so the line never takes a category's colour.

The names below are public so the figure (``borderkit.maps.figure``) imports
them rather than repeating hex codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# Okabe-Ito, as matplotlib's seaborn-v0_8-colorblind style lists them (plus black, orange, grey).
BLUE = "#0072B2"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
# ColorBrewer Paired (12-class) and Greys.
DARK_PURPLE = "#6A3D9A"
BROWN = "#B15928"
LIGHT_PURPLE = "#CAB2D6"
PINK = "#FB9A99"
LIGHT_GREEN = "#B2DF8A"
GREY_DARK = "#525252"
GREY_MID = "#969696"
GREY_LIGHT = "#D9D9D9"
INK = "#222222"

# The border line and what sits on it.
BORDER_COLOR = INK
# Corridors between crossings: alternating neutral greys, drawn as a band under the line.
CORRIDOR_COLORS = (GREY_MID, GREY_LIGHT)
PROVINCE_COLOR = GREY_DARK
# Iran: ColorBrewer Set2's sand, apart from every category colour.
COUNTRY_COLORS = {"AFG": SKY_BLUE, "PAK": BLUISH_GREEN, "IRN": "#E5C494"}
COUNTRY_FALLBACK = GREY_MID
ZONE_COLOR = ORANGE
REACH_COLOR = BLUISH_GREEN
SETTLEMENT_COLOR = "#FFFFFF"
SETTLEMENT_STROKE = GREY_DARK
SEARCH_HIGHLIGHT = BLUE

# Crossing status. Restricted is yellow (not orange): it differs from closed in lightness too.
STATUS_COLORS = {
    "open": BLUE,
    "restricted": YELLOW,
    "closed": VERMILLION,
    "unknown": GREY_MID,
}

# Event types, by meaning: the border regime (same colours as crossing status), armed violence
# (purples; the same kind of event in the timeline, UCDP GED and ACLED shares one), the rest.
EVENT_TYPE_COLORS = {
    "closure": VERMILLION,
    "reopening": BLUE,
    "agreement": SKY_BLUE,
    "deportation": ORANGE,
    "fence": GREY_DARK,
    "clash": REDDISH_PURPLE,
    "state-based conflict": REDDISH_PURPLE,
    "Battles": REDDISH_PURPLE,
    "one-sided violence": DARK_PURPLE,
    "Violence against civilians": DARK_PURPLE,
    "non-state conflict": LIGHT_PURPLE,
    "Explosions/Remote violence": BROWN,
    "Protests": BLUISH_GREEN,
    "Riots": PINK,
    "Strategic developments": LIGHT_GREEN,
}
# For event types not listed above, in order (ColorBrewer Paired's remaining classes, then greys).
EXTRA_TYPE_COLORS = ("#1F78B4", "#33A02C", "#E31A1C", "#FF7F00", "#A6CEE3", "#FDBF6F", "#FFFF99", GREY_MID)
UNKNOWN_TYPE_COLOR = GREY_LIGHT

# "How many events": viridis, 5 stops from light (few) to dark (many), and a neutral for none.
# Its darkest stop (#440154) is left out: beside the near-black border line it would not read.
EVENT_RAMP = ("#FDE725", "#7AD151", "#22A884", "#2A788E", "#414487")
NO_EVENTS_COLOR = GREY_LIGHT
# The heat layer's gradient (Leaflet.heat: intensity 0-1 -> colour), the same ramp.
HEAT_GRADIENT = {round(0.2 * (i + 1), 1): color for i, color in enumerate(EVENT_RAMP)}


def ramp(n: int) -> list[str]:
    """Return ``n`` colours of :data:`EVENT_RAMP`, light to dark, spread over the whole ramp."""
    if n <= 0:
        return []
    if n == 1:
        return [EVENT_RAMP[len(EVENT_RAMP) // 2]]
    last = len(EVENT_RAMP) - 1
    return [EVENT_RAMP[round(i * last / (n - 1))] for i in range(n)]


def event_type_colors(types: Iterable[str]) -> dict[str, str]:
    """Return the colour of each event type: the known ones fixed, others in a stable order.

    Parameters
    ----------
    types : iterable of str
        Event types (duplicates are fine).

    Returns
    -------
    dict
        ``{type: colour}``, sorted by type. Types not in :data:`EVENT_TYPE_COLORS`
        take :data:`EXTRA_TYPE_COLORS` in alphabetical order, then repeat them.

    Examples
    --------
    >>> event_type_colors(["closure", "clash"])["closure"] == STATUS_COLORS["closed"]
    True
    """
    out: dict[str, str] = {}
    spare = 0
    for t in sorted(set(types)):
        if t in EVENT_TYPE_COLORS:
            out[t] = EVENT_TYPE_COLORS[t]
        elif t == "unknown":
            out[t] = UNKNOWN_TYPE_COLOR
        else:
            out[t] = EXTRA_TYPE_COLORS[spare % len(EXTRA_TYPE_COLORS)]
            spare += 1
    return out


def class_breaks(values: Sequence[float], *, k: int = 5) -> tuple[list[float], list[str]]:
    """Class the positive ``values`` in at most ``k`` classes (Fisher-Jenks) with labels that read well.

    Zero is not a class: callers show it as "none" (:data:`NO_EVENTS_COLOR`).
    Bounds are rounded to as few decimals as keep them distinct, and no two
    labels are the same (no "1–1"): with fewer distinct values than ``k``
    there are fewer classes.

    Parameters
    ----------
    values : sequence of float
        The values to class; zeros and NaN are ignored.
    k : int
        The most classes wanted.

    Returns
    -------
    (list of float, list of str)
        The upper bound of each class (the last is the maximum) and its label.

    Examples
    --------
    >>> class_breaks([1.0, 1.0, 1.0])
    ([1.0], ['1'])
    >>> class_breaks([0.12, 2.0, 2.1, 9.0, 31.4, 99.5, 199.3], k=3)[1]
    ['0.12–31', '31–100', '100–200']
    """
    import warnings

    import mapclassify
    import numpy as np

    v = np.asarray(values, dtype="float64")
    v = v[np.isfinite(v) & (v > 0)]
    if not len(v):
        return [], []
    distinct = np.unique(v)
    if len(distinct) <= k:  # one class per value
        labels = list(dict.fromkeys(_nice_label(x) for x in distinct))
        if len(labels) == len(distinct):
            return [float(x) for x in distinct], labels
    with warnings.catch_warnings():  # "Numba not installed": the pure-Python path is fine here
        warnings.simplefilter("ignore")
        uppers = [float(b) for b in mapclassify.FisherJenks(v, k=min(k, len(distinct))).bins]
    kept: list[float] = []
    labels = []
    previous = _nice_label(float(v.min()))
    for upper in uppers:
        hi = _nice_label(upper)
        if hi == previous and kept:  # rounds to the bound before it: merge into that class
            kept[-1] = upper
            continue
        labels.append(hi if hi == previous else f"{previous}–{hi}")
        kept.append(upper)
        previous = hi
    return kept, labels


def _nice_label(value: float) -> str:
    """``value`` rounded to two significant digits, with thousands separators (12, 0.15, 1,200)."""
    import math

    if value == 0:
        return "0"
    digits = 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, digits)
    text = f"{rounded:,.{max(digits, 0)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def class_of(value: float, uppers: Sequence[float]) -> int:
    """Return the index of the class of ``value`` given the classes' upper bounds (-1 for zero or less)."""
    if not value or value <= 0 or value != value:
        return -1
    for i, upper in enumerate(uppers):
        if value <= upper + 1e-9:
            return i
    return len(uppers) - 1


# Crossing status classes: every restriction (trade only, returnees only, closed to cargo...) is
# "restricted"; a day no dated source covers is "unknown".
STATUS_CLASSES = ("open", "restricted", "closed", "unknown")


def status_class(status: object) -> str:
    """Return the colour class of a crossing status: open, closed, unknown, or restricted for the rest.

    Examples
    --------
    >>> status_class("returnees only"), status_class("Closed"), status_class("")
    ('restricted', 'closed', 'unknown')
    """
    text = "" if status is None or status != status else str(status).strip().lower()
    if text in {"open", "closed"}:
        return text
    if text in {"", "unknown"}:
        return "unknown"
    return "restricted"


def status_color(status: object) -> str:
    """Return the colour of a crossing status (see :func:`status_class`)."""
    return STATUS_COLORS[status_class(status)]


# Displacement: people crossing (returns, deportations) are orange, as deportation events are;
# refugee stocks are a ColorBrewer YlGnBu ramp (sequential, colour-blind safe, apart from the oranges).
FLOW_COLOR = ORANGE
FLOW_STROKE = BROWN
STOCK_RAMP = ("#FFFFCC", "#A1DAB4", "#41B6C4", "#2C7FB8", "#253494")
NO_FIGURE_COLOR = GREY_LIGHT


def stock_ramp(n: int) -> list[str]:
    """Return ``n`` colours of :data:`STOCK_RAMP`, light to dark, spread over the whole ramp."""
    if n <= 0:
        return []
    if n == 1:
        return [STOCK_RAMP[len(STOCK_RAMP) // 2]]
    last = len(STOCK_RAMP) - 1
    return [STOCK_RAMP[round(i * last / (n - 1))] for i in range(n)]
