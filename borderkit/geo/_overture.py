"""Overture Maps buildings online, through the Overture Maps Foundation's ``overturemaps`` client.

:func:`fetch_overture` streams the footprints of a bounding box from an
Overture release (the client reads only the Parquet row groups whose
``bbox`` column overlaps the box), reduces them batch by batch to centroids
with :func:`borderkit.geo.buildings` 's converter, and caches the result as
GeoParquet under ``settings.cache_folder/overture``, written atomically.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pyproj import CRS

from .. import settings
from .._atomic import atomic_path
from ..errors import EmptyDataError, OfflineError, SourceUnavailableError
from ._footprints import GEOMETRY_CANDIDATES, KIND_KEY, Layout, pick
from .buildings import _convert

OVERTURE_TYPE = "building"


def _overturemaps() -> Any:
    try:
        import overturemaps
        import overturemaps.core
    except ImportError as exc:
        msg = (
            "reading Overture buildings online needs the overturemaps package (`pip install overturemaps`); "
            "or download them yourself (`overturemaps download --type=building -f geoparquet --bbox=...`) "
            "and pass path="
        )
        raise ImportError(msg) from exc
    return overturemaps


def overture_cache_path(bbox: tuple[float, float, float, float], release: str) -> Path:
    """Return where the centroids of one Overture query are cached (``settings.cache_folder/overture``).

    Parameters
    ----------
    bbox : tuple of float
        ``(west, south, east, north)`` in degrees.
    release : str
        The Overture release, e.g. ``"2025-09-24.0"``.

    Returns
    -------
    pathlib.Path
        The GeoParquet file, named by a hash of the release and the box.
    """
    key = hashlib.sha256(
        json.dumps([OVERTURE_TYPE, release, [round(v, 7) for v in bbox]]).encode()
    ).hexdigest()
    return Path(settings.cache_folder) / "overture" / f"{OVERTURE_TYPE}-{release}-{key[:16]}.parquet"


def fetch_overture(
    bbox: tuple[float, float, float, float], *, release: str | None = None, refresh: bool = False
) -> Path:
    """Download the Overture buildings of ``bbox`` through ``overturemaps``; cache and return their centroids.

    The footprints are streamed (the client reads only the row groups whose
    ``bbox`` column overlaps the box) and reduced batch by batch to
    centroids, ``id``, ``area_m2`` (in EPSG:6933, equal-area) and the flat
    columns; the result is written atomically under
    ``settings.cache_folder/overture`` and read from there next time.

    Parameters
    ----------
    bbox : tuple of float
        ``(west, south, east, north)`` in degrees.
    release : str, optional
        The Overture release (e.g. ``"2025-09-24.0"``); the latest one when
        not given (a network call to Overture's STAC catalogue).
    refresh : bool
        Download again even when cached.

    Returns
    -------
    pathlib.Path
        The cached GeoParquet file of centroids (EPSG:4326).

    Raises
    ------
    OfflineError
        If ``settings.offline`` is set and the query is not cached.
    SourceUnavailableError
        If Overture cannot be reached or answers with no data.
    """
    client = _overturemaps()
    if release is None:
        if settings.offline:
            msg = (
                "source='buildings' without path= reads Overture online, but settings.offline is set; pass "
                "release= of a cached query, or path= of a local GeoParquet file"
            )
            raise OfflineError(msg)
        try:
            release = str(client.core.get_latest_release())
        except Exception as exc:  # the client raises whatever urllib raises
            msg = f"Overture: cannot find the latest release ({exc}); pass release=, e.g. '2025-09-24.0'"
            raise SourceUnavailableError(msg) from exc
    target = overture_cache_path(bbox, release)
    if target.exists() and not refresh:
        return target
    if settings.offline:
        msg = (
            f"Overture buildings {release} for bbox={bbox} are not cached and settings.offline is set; "
            "unset it, or pass path= of a local GeoParquet file"
        )
        raise OfflineError(msg)
    try:
        reader = client.record_batch_reader(OVERTURE_TYPE, bbox=bbox, release=release)
    except Exception as exc:
        msg = f"Overture buildings {release}: cannot open the release ({exc}); check release= and the network"
        raise SourceUnavailableError(msg) from exc
    if reader is None:
        msg = (
            f"Overture buildings {release}: the overturemaps client returned no data for bbox={bbox} "
            "(it prints the reason above); check release= and the network"
        )
        raise SourceUnavailableError(msg)
    parts = []
    where = f"Overture buildings {release}"
    layout = None
    try:
        for batch in reader:
            if layout is None:
                layout = _stream_layout(batch.schema, where)
            frame = pa.Table.from_batches([batch]).select(layout.read_columns).to_pandas()
            part, _ = _convert(frame, layout, where=where, offset=0, bbox=None, countries=None)
            parts.append(part[["settlement_id", "area_m2", *layout.keep, "geometry"]])
    except OSError as exc:
        msg = f"{where}: the download failed ({exc}); try again, or pass path= of a local file"
        raise SourceUnavailableError(msg) from exc
    if not parts:
        msg = f"{where}: no buildings in bbox={bbox}"
        raise EmptyDataError(msg)
    frame = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326")
    frame["id"] = frame.pop("settlement_id").str.removeprefix("overture:")
    buffer = io.BytesIO()
    frame.to_parquet(buffer)  # with the GeoParquet "geo" metadata
    table = pq.read_table(buffer)
    metadata = {**(table.schema.metadata or {}), KIND_KEY: b"overture"}
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp:
        pq.write_table(table.replace_schema_metadata(metadata), tmp)
    return target


def _stream_layout(schema: pa.Schema, where: str) -> Layout:
    names = list(schema.names)
    geometry = pick(names, GEOMETRY_CANDIDATES)
    if geometry is None:
        msg = f"{where}: the answer has no geometry column (columns {names}); the client may be out of date"
        raise SourceUnavailableError(msg)
    keep = [
        f.name
        for f in schema
        if f.name not in {geometry, "id", "bbox"}
        and not pa.types.is_nested(f.type)
        and not pa.types.is_binary(f.type)
    ]
    return Layout(
        where,
        [],
        [],
        geometry,
        None,
        None,
        CRS.from_epsg(4326),
        True,
        "overture",
        pick(names, ("id",)),
        None,
        keep,
    )
