"""Population types of flows: which ones count the same people, and which one to use when none is named.

A flow table mixes population types on purpose, because each row is what its
report counts: IOM's undocumented returns at Chaman in October 2023 sit beside
the Pakistani officials' count of everyone who crossed there that month
(``all returns``). Such counts contain one another, so adding them up would
count people twice. The rules here say which types may be added and pick one
type when a caller names none:

- ``all returns`` contains ``assisted refugee return``, ``undocumented return``
  and ``deportation`` (and may contain ``other``);
- ``other`` (crossings of stranded people, border movements) may contain any
  type;
- ``assisted refugee return``, ``undocumented return`` and ``deportation`` are
  counted apart by their reports (IOM's flow monitoring leaves deportees out of
  its undocumented returns), so they may be added;
- a type the schema does not name may overlap any other.

The default type (:func:`default_population_type`) is the one with the most
rows that name a crossing (ties: the schema's order), so a map or a sum over
types shows the best-covered series, and says which.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import pandas as pd

from ...errors import DroppedRowsWarning
from .schema import FLOW_POPULATION_TYPES

#: Types counted apart by their reports: any of them may be added to the others.
DISJOINT_TYPES = frozenset({"assisted refugee return", "undocumented return", "deportation"})


def overlapping(a: str, b: str) -> bool:
    """Whether counts of population types ``a`` and ``b`` may include the same people.

    Examples
    --------
    >>> overlapping("all returns", "deportation"), overlapping("undocumented return", "deportation")
    (True, False)
    """
    if a == b:
        return False
    return not (a in DISJOINT_TYPES and b in DISJOINT_TYPES)


def check_population_types(types: str | Iterable[str]) -> tuple[str, ...]:
    """Return ``types`` as a tuple, refusing two that may count the same people.

    Parameters
    ----------
    types : str or iterable of str
        One population type, or several to add up.

    Returns
    -------
    tuple of str
        The types, each once, in the order given.

    Raises
    ------
    ValueError
        When ``types`` is empty, or two of them overlap (e.g. ``all returns``
        with ``deportation``): their sum would count people twice.
    """
    wanted = (types,) if isinstance(types, str) else tuple(dict.fromkeys(str(t) for t in types))
    if not wanted:
        msg = "population_type is empty: name one type (e.g. 'all returns') or several that do not overlap"
        raise ValueError(msg)
    for i, a in enumerate(wanted):
        for b in wanted[i + 1 :]:
            if overlapping(a, b):
                msg = (
                    f"population types {a!r} and {b!r} may count the same people, so their counts cannot be "
                    f"added; name one of them, or types counted apart: {sorted(DISJOINT_TYPES)}"
                )
                raise ValueError(msg)
    return wanted


def default_population_type(flows: pd.DataFrame) -> str | None:
    """Return the population type of the most rows that name a crossing (all rows when none does).

    Ties go to the type named first in the schema's list
    (``assisted refugee return``, ``undocumented return``, ``deportation``,
    ``all returns``, ``other``), then by name. None for an empty table.

    Parameters
    ----------
    flows : pandas.DataFrame
        A flows frame.

    Returns
    -------
    str or None
    """
    if flows.empty:
        return None
    named = flows[flows["crossing_id"].fillna("").astype(str) != ""]
    counts = (named if len(named) else flows)["population_type"].astype(str).value_counts()
    order = {t: i for i, t in enumerate(FLOW_POPULATION_TYPES)}
    best = sorted(counts.index, key=lambda t: (-counts[t], order.get(t, len(order)), t))
    return best[0]


def select_population_type(
    flows: pd.DataFrame,
    population_type: str | Iterable[str] | None = None,
    *,
    warn: bool = True,
    strict: bool = True,
) -> pd.DataFrame:
    """Keep the rows of population types whose counts may be added up.

    Parameters
    ----------
    flows : pandas.DataFrame
        A flows frame.
    population_type : str, iterable of str, or None
        The type(s) to keep (checked by :func:`check_population_types`).
        None: every type when no two of the types present overlap, else the
        default type (:func:`default_population_type`).
    warn : bool
        Warn with the count of rows left out (by type) when the default chose
        the type (rows left out because the caller named types are not
        warned about; ``attrs`` still counts them).
    strict : bool
        Refuse a named type that does not occur in a non-empty ``flows`` (a
        misspelling). ``False`` for a part of a table whose types were
        checked on the whole (e.g. one region's rows).

    Returns
    -------
    pandas.DataFrame
        The rows kept, in their order; ``attrs["population_type"]`` holds the
        types kept and ``attrs["other_types"]`` the count of rows left out by
        type.

    Raises
    ------
    ValueError
        When the types named overlap, or one of them does not occur in a
        non-empty ``flows`` (the message lists the types present).

    Warns
    -----
    DroppedRowsWarning
        When the default leaves rows of other types out (their count, by type).
    """
    present = tuple(dict.fromkeys(flows["population_type"].astype(str)))
    if population_type is None:
        clash = any(overlapping(a, b) for i, a in enumerate(present) for b in present[i + 1 :])
        chosen = present if not clash else (default_population_type(flows),)
    else:
        chosen = check_population_types(population_type)
        absent = [t for t in chosen if t not in present]
        if strict and absent and present:
            msg = (
                f"population type(s) {absent} do not occur in the flows; the types present are "
                f"{list(present)}: check the spelling"
            )
            raise ValueError(msg)
    keep = flows["population_type"].astype(str).isin(chosen)
    left = flows.loc[~keep, "population_type"].astype(str).value_counts().sort_index()
    out = flows.loc[keep].copy()
    out.attrs = {
        **flows.attrs,
        "population_type": tuple(chosen),
        "other_types": {str(k): int(v) for k, v in left.items()},
    }
    if warn and len(left) and population_type is None:
        how = "the default: the type of most rows by crossing"
        listed = ", ".join(f"{n} {t!r}" for t, n in left.items())
        warnings.warn(
            f"left out {int(left.sum())} flow row(s) of other population types ({listed}) to count only "
            f"{' + '.join(repr(t) for t in chosen)} ({how}), since counts of overlapping types would count "
            "people twice; pass population_type= to choose; attrs['other_types'] lists them",
            DroppedRowsWarning,
            stacklevel=3,
        )
    return out
