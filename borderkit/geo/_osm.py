"""The one adapter to osmnx: its settings, the query area, the offline check and its errors.

Loaders that read OpenStreetMap through osmnx (crossings, the road network)
call it through this module only:

- :func:`osmnx_settings`: a context manager that points osmnx's cache,
  timeout and User-Agent at borderkit's settings for the call (and, given a
  query polygon, lets osmnx send it as one query), then RESTORES the user's
  ``osmnx.settings`` as they were.
- :func:`require_online`: the offline check, with the source's own hint.
- :func:`osm_query_polygon`: the area within a distance of a line or hull.
- :func:`call`: run an osmnx download inside both, translating osmnx's and
  requests' exceptions into borderkit's (:class:`EmptyDataError`,
  :class:`ResponseError`, :class:`SourceUnavailableError`).
- :func:`features_from_xml`: read tagged features from an OSM XML file.

osmnx's exception classes live in a private module (``osmnx._errors``); they
subclass :class:`ValueError`, and are recognised here by their class name
so that no private name of osmnx is imported.
"""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import shapely
from shapely.geometry import Polygon

from .. import settings
from ..errors import DataReadError, EmptyDataError, OfflineError, ResponseError, SourceUnavailableError
from .geodesy import aeqd, transform

OSM_NAME = "OpenStreetMap Overpass API (osmnx)"

# The OSM query area (see osm_query_polygon).
_QUERY_QUAD_SEGS = 8
_QUERY_SEGMENT_M = 5_000.0
_EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG), for the projection's scale error

#: The osmnx settings borderkit sets for a call (and restores after it).
_MANAGED = ("cache_folder", "use_cache", "requests_timeout", "http_user_agent", "max_query_area_size")

T = TypeVar("T")


def osm_query_polygon(line: shapely.Geometry, max_distance_km: float) -> Polygon:
    """Return the area within ``max_distance_km`` of ``line``, as a lon/lat polygon.

    The buffer is built in an azimuthal equidistant projection centred on the
    centre of the line's bounding box (never in degrees). Two errors are
    compensated by widening it, so that the polygon holds every point within
    ``max_distance_km`` of the line: the projection's scale error away from
    its centre, ``k = (rho / R) / sin(rho / R)`` at the farthest vertex
    (0.26 % at 800 km), and the chords of the buffer's rounded corners
    (``1 / cos(pi / 32)``, 0.48 %). Its edge therefore lies between the
    distance and about 0.8 % more from the line (for a line within 800 km of
    its centre). Edges are split every 5 km so they stay close to the
    projected ones once back in lon/lat.

    Parameters
    ----------
    line : shapely.Geometry
        The border (or any geometry, e.g. a hull of points), EPSG:4326.
    max_distance_km : float
        Buffer distance, km.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        EPSG:4326.
    """
    minx, miny, maxx, maxy = line.bounds
    local = aeqd((minx + maxx) / 2, (miny + maxy) / 2)
    projected = transform(line, 4326, local)
    xy = shapely.get_coordinates(projected)
    angle = float(np.hypot(xy[:, 0], xy[:, 1]).max()) / _EARTH_RADIUS_M
    scale = angle / np.sin(angle) if angle > 0 else 1.0
    width_m = max_distance_km * 1000.0 * scale / np.cos(np.pi / (4 * _QUERY_QUAD_SEGS))
    area = shapely.segmentize(projected.buffer(width_m, quad_segs=_QUERY_QUAD_SEGS), _QUERY_SEGMENT_M)
    polygon = transform(area, local, 4326)
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
    return polygon


@contextlib.contextmanager
def osmnx_settings(polygon: shapely.Geometry | None = None) -> Iterator[Any]:
    """Set osmnx's cache, timeout and User-Agent from borderkit's settings; restore them after.

    The cache is ``settings.cache_folder / "osmnx"``. With ``polygon``,
    ``max_query_area_size`` is raised so that osmnx sends the polygon as one
    query instead of its convex hull cut in squares (which for a long border
    would query a vast area far from the line).

    Yields
    ------
    module
        ``osmnx``, configured.
    """
    import osmnx as ox

    saved = {name: getattr(ox.settings, name) for name in _MANAGED}
    try:
        ox.settings.cache_folder = Path(settings.cache_folder) / "osmnx"
        ox.settings.use_cache = settings.use_cache
        ox.settings.requests_timeout = settings.timeout
        ox.settings.http_user_agent = settings.user_agent
        if polygon is not None:
            projected, _ = ox.projection.project_geometry(polygon)
            ox.settings.max_query_area_size = max(saved["max_query_area_size"], float(projected.area) * 1.05)
        yield ox
    finally:
        for name, value in saved.items():
            setattr(ox.settings, name, value)


def require_online(what: str, hint: str) -> None:
    """Raise :class:`OfflineError` if ``settings.offline`` forbids the network.

    Parameters
    ----------
    what : str
        What needs the network, e.g. ``"source='osm'"``.
    hint : str
        How to pass a local file instead.
    """
    if settings.offline:
        msg = (
            f"{what} needs the {OSM_NAME}, but borderkit.settings.offline is True (or "
            f"BORDERKIT_OFFLINE=1). {hint}"
        )
        raise OfflineError(msg)


def _osmnx_error(exc: BaseException) -> str | None:
    """Return the name of the osmnx exception class ``exc`` is, or None."""
    for cls in type(exc).__mro__:
        if cls.__module__.startswith("osmnx") and cls.__name__ in (
            "InsufficientResponseError",
            "ResponseStatusCodeError",
        ):
            return cls.__name__
    return None


def call(
    fn: Callable[..., T],
    *args: Any,
    polygon: shapely.Geometry | None = None,
    hint: str,
    empty: str,
    **kwargs: Any,
) -> T:
    """Call the osmnx download ``fn(*args, **kwargs)`` with borderkit's settings and errors.

    Parameters
    ----------
    fn : callable
        An osmnx function, e.g. ``osmnx.features_from_polygon``.
    polygon : shapely.Geometry, optional
        The query area, to let osmnx send it as one query.
    hint : str
        How to pass a local file instead, added to every message.
    empty : str
        The message when OpenStreetMap has nothing matching.

    Raises
    ------
    EmptyDataError
        If OpenStreetMap holds nothing matching the query.
    ResponseError
        If the answer is unusable.
    SourceUnavailableError
        If the Overpass API answers with an error or cannot be reached.
    """
    import requests

    with osmnx_settings(polygon) as ox:
        url = ox.settings.overpass_url
        try:
            return fn(*args, **kwargs)
        except ValueError as exc:
            kind = _osmnx_error(exc)
            if kind == "InsufficientResponseError":
                if "No matching features" in str(exc) or "no data elements" in str(exc).lower():
                    raise EmptyDataError(empty) from exc
                msg = f"the {OSM_NAME} answered with something unusable ({exc}). {hint}"
                raise ResponseError(msg) from exc
            if kind == "ResponseStatusCodeError":
                msg = f"the {OSM_NAME} answered with an error ({exc}); try again later. {hint}"
                raise SourceUnavailableError(msg) from exc
            raise
        except requests.exceptions.RequestException as exc:
            msg = (
                f"cannot reach the {OSM_NAME} at {url} ({exc}); check the network or try again later. {hint}"
            )
            raise SourceUnavailableError(msg) from exc


def features_from_xml(path: Path, *, tags: dict[str, Any], where: str, empty: str) -> Any:
    """Read the features of OSM XML file ``path`` that carry ``tags`` (a GeoDataFrame from osmnx).

    Raises
    ------
    DataReadError
        If the file does not exist or is not OSM XML.
    EmptyDataError
        With message ``empty`` if no element carries the tags.
    """
    import osmnx as ox

    if not path.exists():
        msg = f"OSM XML file {path} does not exist; check the path (the working folder is {Path.cwd()})"
        raise DataReadError(msg)
    try:
        gdf = ox.features_from_xml(path, tags=dict(tags))
    except ValueError as exc:
        if _osmnx_error(exc) == "InsufficientResponseError":
            raise EmptyDataError(empty) from exc
        msg = f"cannot read {where} as OpenStreetMap XML ({exc!r}); pass an .osm export (OSM XML 0.6)"
        raise DataReadError(msg) from exc
    except (ET.ParseError, KeyError, TypeError) as exc:
        msg = f"cannot read {where} as OpenStreetMap XML ({exc!r}); pass an .osm export (OSM XML 0.6)"
        raise DataReadError(msg) from exc
    if len(gdf) == 0:
        raise EmptyDataError(empty)
    return gdf
