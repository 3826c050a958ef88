"""A disk cache of derived geometries (zones, ...), so a new process need not recompute them.

Buffering the Durand Line by 25 km takes about a second, and the command
line, the notebook and the tests start new processes all the time. The
result depends only on its inputs, so it is kept under
``settings.cache_folder / "derived"``, keyed by a hash of borderkit's
version, the function, the input geometry and the parameters; written
atomically, read back as WKB, recomputed when unreadable.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from typing import Any

import shapely

from .. import settings
from .._atomic import write_bytes
from .._version import __version__


def cached_geometry(
    name: str, inputs: shapely.Geometry, params: dict[str, Any], compute: Callable[[], shapely.Geometry]
) -> shapely.Geometry:
    """Return ``compute()``, from the cache when an earlier process computed it for the same inputs.

    Parameters
    ----------
    name : str
        The function's name, part of the key.
    inputs : shapely.Geometry
        The geometry the result is derived from (hashed as WKB).
    params : dict
        Every other argument that changes the result (JSON-serialisable).
    compute : callable
        Computes the geometry when it is not cached.
    """
    if not settings.use_cache:
        return compute()
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{name}\0{json.dumps(params, sort_keys=True)}\0".encode())
    digest.update(shapely.to_wkb(inputs, hex=False))
    path = settings.cache_folder / "derived" / f"{name}-{digest.hexdigest()[:32]}.wkb"
    if path.is_file():
        try:
            geom = shapely.from_wkb(path.read_bytes())
        except (shapely.errors.GEOSException, OSError, ValueError):
            geom = None
        if geom is not None and not geom.is_empty:
            return geom
    geom = compute()
    with contextlib.suppress(OSError):  # a read-only cache folder costs time, not correctness
        write_bytes(path, shapely.to_wkb(geom, hex=False))
    return geom
