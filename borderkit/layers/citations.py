"""Short labels for the citations borderkit's curated tables carry.

The crossings (and the timeline) cite their sources as one text per cell:
``Publisher, "Title", 2025-10-15, https://...`` (a Wikipedia citation says
``revision not verified; read 2026-11-25`` where the date is). A popup shows
each as a short label, e.g. "Express Tribune, 15 Oct 2025", linked to the URL,
with the whole text on hover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

_CITATION = re.compile(
    r'^\s*(?P<publisher>[^"]+?),\s*"(?P<title>.*?)"\s*(?:,\s*(?P<rest>.*?))?\s*$', re.DOTALL
)
_DATE = re.compile(r"(?P<read>\bread\s+)?(?P<date>\d{4}-\d{2}-\d{2})")
_URL = re.compile(r"https?://[^\s,;]+")
_LABEL_MAX = 40


@dataclass(frozen=True)
class Citation:
    """A citation cut into what a short label needs.

    Attributes
    ----------
    label : str
        Publisher and date, e.g. ``"Express Tribune, 15 Oct 2025"``.
    url : str
        The ``http(s)`` URL cited, or ``""``.
    full : str
        The whole citation, as written.
    """

    label: str
    url: str
    full: str


def short_citation(text: str) -> Citation:
    """Cut a citation into a short label, its URL and its full text.

    Parameters
    ----------
    text : str
        ``Publisher, "Title", date, URL`` (anything else keeps its first 40
        characters as the label).

    Returns
    -------
    Citation

    Examples
    --------
    >>> c = short_citation('The Express Tribune, "Trade suspended", 2025-10-15, https://tribune.com.pk/story/1')
    >>> c.label, c.url
    ('Express Tribune, 15 Oct 2025', 'https://tribune.com.pk/story/1')
    >>> short_citation('Wikipedia, "Torkham", revision not verified; read 2026-11-25, https://x.org/a').label
    'Wikipedia, read 25 Nov 2026'
    """
    full = str(text).strip()
    urls = _URL.findall(full)
    url = urls[-1] if urls else ""
    m = _CITATION.match(full)
    if m is None:
        label = full if len(full) <= _LABEL_MAX else full[: _LABEL_MAX - 1].rstrip() + "…"
        return Citation(label=label or url, url=url, full=full)
    publisher = m.group("publisher").strip()
    if re.match(r"The\s+\S+\s+\S", publisher):  # "The Express Tribune" -> "Express Tribune"; "The News" stays
        publisher = publisher[4:].lstrip()
    date = _DATE.search(m.group("rest") or "")
    if date is None:
        return Citation(label=publisher, url=url, full=full)
    day = pd.Timestamp(date.group("date")).strftime("%-d %b %Y")
    when = f"read {day}" if date.group("read") else day
    return Citation(label=f"{publisher}, {when}", url=url, full=full)
