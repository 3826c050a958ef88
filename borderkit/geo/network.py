"""Road distance from points to the nearest border crossing, over an OpenStreetMap road graph.

The graph comes from osmnx: downloaded from OpenStreetMap (and cached under
``settings.cache_folder / "osmnx"``), read from a local OSM XML export or a
GraphML file, or passed in as a graph object. Points and crossings are
snapped to their nearest graph node; one multi-source Dijkstra search,
walking the edges backwards from every crossing at once, then gives each
point's road distance *to* its nearest crossing, honouring one-way streets.
"""

from __future__ import annotations

import heapq
import itertools
import os
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Hashable
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError as PyprojCRSError
from scipy.spatial import cKDTree

from .._log import log
from ..errors import (
    CRSError,
    DataReadError,
    EmptyDataError,
    SchemaError,
    UnreachableWarning,
)
from . import _osm
from ._validate import require_points
from .geodesy import GEOD, ecef_m

#: Width, km, of the margin around the points and crossings of the area downloaded when ``graph=None``.
ONLINE_BUFFER_KM = 10.0

_OSM_NAME = "OpenStreetMap Overpass API (osmnx)"
_XML_SUFFIXES = {".osm", ".xml"}
_GRAPHML_SUFFIXES = {".graphml"}
_OFFLINE_HINT = (
    "Pass a local road network instead: an OpenStreetMap XML export of the area (e.g. from JOSM or "
    "https://overpass-turbo.eu with the query highway=*), graph='roads.osm', or a GraphML file saved "
    "with osmnx.save_graphml, graph='roads.graphml', or an osmnx graph object"
)
# Chord-nearest nodes measured exactly when snapping (chord and geodesic rankings agree to ~1e-5).
_SNAP_CANDIDATES = 4

REASON_FAR = "far from road"
REASON_NO_PATH = "no road path"

# --------------------------------------------------------------------------- the graph


def _read_graph(path: Path) -> nx.MultiDiGraph:
    """Read an OSM XML (``.osm``, ``.xml``, ``.osm.bz2``) or GraphML file with osmnx."""
    import osmnx as ox

    suffixes = [s.lower() for s in path.suffixes]
    last = suffixes[-1] if suffixes else ""
    before = suffixes[-2] if len(suffixes) > 1 else ""
    is_xml = last in _XML_SUFFIXES or (last == ".bz2" and before in _XML_SUFFIXES)
    if not is_xml and last not in _GRAPHML_SUFFIXES:
        msg = (
            f"cannot tell the format of road network file {path}: pass an OpenStreetMap XML export "
            "(.osm, .xml, .osm.bz2) or a GraphML file saved with osmnx.save_graphml (.graphml)"
        )
        raise DataReadError(msg)
    if not path.exists():
        msg = f"road network file {path} does not exist; check the path (the working folder is {Path.cwd()})"
        raise DataReadError(msg)
    try:
        if is_xml:
            # As osmnx builds graphs (simplified), but keeping every disconnected piece, so that a
            # point on a road island is reported unreachable instead of snapped across to another road.
            return ox.graph_from_xml(path, simplify=True, retain_all=True)
        return ox.load_graphml(path)
    except (ET.ParseError, nx.NetworkXError, KeyError, ValueError, TypeError) as exc:
        kind = "OpenStreetMap XML (OSM XML 0.6)" if is_xml else "GraphML written by osmnx.save_graphml"
        msg = f"cannot read {path} as {kind} ({exc!r}); pass such a file or an osmnx graph object"
        raise DataReadError(msg) from exc


def _download_graph(lon: np.ndarray, lat: np.ndarray, *, network_type: str) -> nx.MultiDiGraph:
    """Download the road network around ``(lon, lat)`` from OpenStreetMap (cached by osmnx)."""
    _osm.require_online("graph=None (the road network from OpenStreetMap)", _OFFLINE_HINT)
    import osmnx as ox

    hull = shapely.MultiPoint(np.column_stack([lon, lat])).convex_hull
    # Buffered in an azimuthal equidistant projection, never in degrees (see _osm.osm_query_polygon).
    polygon = _osm.osm_query_polygon(hull, ONLINE_BUFFER_KM)
    log(f"downloading the {network_type!r} road network within {ONLINE_BUFFER_KM:g} km of the points")
    empty = (
        f"OpenStreetMap has no {network_type!r} roads within {ONLINE_BUFFER_KM:g} km of the points and "
        f"crossings. {_OFFLINE_HINT}"
    )
    return _osm.call(
        ox.graph_from_polygon,
        polygon,
        network_type=network_type,
        simplify=True,
        retain_all=True,
        hint=_OFFLINE_HINT,
        empty=empty,
    )


def _resolve_graph(
    graph: nx.MultiDiGraph | nx.MultiGraph | str | os.PathLike[str] | None,
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    network_type: str,
) -> nx.MultiDiGraph | nx.MultiGraph:
    if graph is None:
        return _download_graph(lon, lat, network_type=network_type)
    if isinstance(graph, str | os.PathLike):
        return _read_graph(Path(graph))
    if isinstance(graph, nx.Graph):
        return graph
    msg = (
        f"graph= must be an osmnx graph (networkx.MultiDiGraph), the path of a .osm/.xml or .graphml "
        f"file, or None to download it, not {type(graph).__name__}"
    )
    raise SchemaError(msg)


def _node_lonlat(roads: nx.Graph) -> tuple[list[Hashable], np.ndarray, np.ndarray]:
    """Return the graph's node ids and their lon, lat (EPSG:4326) whatever the graph's CRS."""
    if roads.number_of_nodes() == 0 or roads.number_of_edges() == 0:
        msg = (
            f"the road graph holds {roads.number_of_nodes()} nodes and {roads.number_of_edges()} edges: "
            "no roads. Pass an export that contains ways tagged highway=*"
        )
        raise EmptyDataError(msg)
    if "crs" not in roads.graph:
        msg = (
            "the road graph has no CRS (G.graph['crs']); build it with osmnx, or set "
            "G.graph['crs'] = 'EPSG:4326' if the node x/y are longitude/latitude"
        )
        raise CRSError(msg)
    try:
        crs = CRS.from_user_input(roads.graph["crs"])
    except PyprojCRSError as exc:
        msg = f"the road graph's CRS {roads.graph['crs']!r} is not one pyproj knows; set G.graph['crs']"
        raise CRSError(msg) from exc
    nodes: list[Hashable] = []
    xs, ys = [], []
    for node, data in roads.nodes(data=True):
        if "x" not in data or "y" not in data:
            msg = f"road graph node {node!r} has no 'x'/'y' coordinates; build the graph with osmnx"
            raise SchemaError(msg)
        nodes.append(node)
        xs.append(data["x"])
        ys.append(data["y"])
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if not crs.equals(CRS.from_epsg(4326)):
        x, y = Transformer.from_crs(crs, 4326, always_xy=True).transform(x, y)
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return nodes, x, y


def _geodesic_edge_lengths(
    roads: nx.Graph, nodes: list[Hashable], node_lon: np.ndarray, node_lat: np.ndarray
) -> dict[tuple[Hashable, Hashable, Hashable], float]:
    """Geodesic (WGS84) length in metres of every edge, keyed ``(u, v, key)`` (key 0 in simple graphs).

    Along the edge's ``geometry`` where osmnx kept one (simplified graphs),
    else between its two nodes. osmnx's own ``length`` is haversine on a
    sphere, up to about 0.3 % off here; a road must never come out shorter
    than the geodesic straight line.
    """
    pos = {node: i for i, node in enumerate(nodes)}
    crs = CRS.from_user_input(roads.graph["crs"])
    to_lonlat = None if crs.equals(CRS.from_epsg(4326)) else Transformer.from_crs(crs, 4326, always_xy=True)
    edges = (
        roads.edges(keys=True, data="geometry")
        if roads.is_multigraph()
        else ((u, v, 0, g) for u, v, g in roads.edges(data="geometry"))
    )
    lengths: dict[tuple[Hashable, Hashable, Hashable], float] = {}
    plain: list[tuple[Hashable, Hashable, Hashable]] = []
    for u, v, k, geom in edges:
        if geom is None:
            plain.append((u, v, k))
            continue
        if to_lonlat is not None:
            geom = shapely.transform(
                geom, lambda xy: np.column_stack(to_lonlat.transform(xy[:, 0], xy[:, 1]))
            )
        lengths[(u, v, k)] = float(GEOD.geometry_length(geom))
    if plain:
        a = np.array([pos[u] for u, _, _ in plain])
        b = np.array([pos[v] for _, v, _ in plain])
        _, _, d = GEOD.inv(node_lon[a], node_lat[a], node_lon[b], node_lat[b])
        lengths.update(zip(plain, np.atleast_1d(d).tolist(), strict=True))
    return lengths


def _snap(
    tree: cKDTree, node_lon: np.ndarray, node_lat: np.ndarray, lon: np.ndarray, lat: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return the position of each point's nearest node and the geodesic distance to it, metres.

    The chord-nearest nodes (k-d tree on ECEF coordinates) are measured exactly with
    :meth:`pyproj.Geod.inv`; the geodesically nearest of them wins.
    """
    n = len(lon)
    k = min(_SNAP_CANDIDATES, len(node_lon))
    _, pos = tree.query(ecef_m(lon, lat), k=k)
    pos = np.asarray(pos).reshape(n, k)
    _, _, dist = GEOD.inv(np.repeat(lon, k), np.repeat(lat, k), node_lon[pos.ravel()], node_lat[pos.ravel()])
    dist = np.asarray(dist).reshape(n, k)
    best = np.argmin(dist, axis=1)
    rows = np.arange(n)
    return pos[rows, best], dist[rows, best]


def _dijkstra_to_sources(
    roads: nx.Graph,
    sources: list[tuple[float, Hashable]],
    targets: set[Hashable],
    lengths: dict[tuple[Hashable, Hashable, Hashable], float],
) -> tuple[dict[Hashable, float], dict[Hashable, int]]:
    """Road distance from nodes to their nearest source, and which source (multi-source Dijkstra).

    The search walks edges backwards (u -> v is relaxed from v to u), so the
    distance of a node is that of travelling from it *to* a source along the
    edges' directions. ``sources[i]`` is ``(start_distance_m, node)``: the
    search starts at each source node with that distance already travelled.
    Ties go to the source listed first. The search stops once every target
    is settled; ``lengths`` gives each edge's length keyed ``(u, v, key)``;
    parallel edges count with their shortest.
    """
    incoming = roads.pred if roads.is_directed() else roads.adj
    multi = roads.is_multigraph()
    counter = itertools.count()
    heap = [(start, i, next(counter), node) for i, (start, node) in enumerate(sources)]
    heapq.heapify(heap)
    best: dict[Hashable, float] = {}
    dist: dict[Hashable, float] = {}
    label: dict[Hashable, int] = {}
    remaining = set(targets)
    while heap and remaining:
        d, i, _, v = heapq.heappop(heap)
        if v in dist:
            continue
        dist[v], label[v] = d, i
        remaining.discard(v)
        for u, edge in incoming[v].items():
            if u in dist:
                continue
            keys = edge if multi else (0,)
            # An undirected graph stores each edge once, in either direction.
            length = min(lengths.get((u, v, key), lengths.get((v, u, key), np.inf)) for key in keys)
            du = d + float(length)
            if du < best.get(u, np.inf):
                best[u] = du
                heapq.heappush(heap, (du, i, next(counter), u))
    return dist, label


# --------------------------------------------------------------------------- the function


def network_distance_to_crossing(
    points: gpd.GeoDataFrame | gpd.GeoSeries,
    crossings: gpd.GeoDataFrame,
    *,
    graph: nx.MultiDiGraph | str | os.PathLike[str] | None = None,
    network_type: str = "drive",
    max_snap_km: float = 5.0,
) -> pd.DataFrame:
    """Road distance from each point to its nearest crossing by road, over an OpenStreetMap graph.

    Points and crossings are snapped to their nearest graph node (geodesic
    nearest, on the WGS84 ellipsoid). One multi-source Dijkstra search from
    all crossings at once, along the edges' reversed directions, gives every
    point's shortest road distance *to* a crossing, so one-way streets are
    honoured in the direction of travel from the point towards the crossing.

    Parameters
    ----------
    points : geopandas.GeoDataFrame or GeoSeries
        Points in any CRS (reprojected to EPSG:4326).
    crossings : geopandas.GeoDataFrame
        Points with a ``crossing_id`` column, e.g. ``bk.load_crossings()``.
    graph : networkx.MultiDiGraph, str, os.PathLike or None
        The road network. An osmnx graph (a ``MultiDiGraph`` in any CRS with
        edge ``length`` in metres; an undirected ``MultiGraph`` from
        ``osmnx.convert.to_undirected`` ignores one-way streets); the path of
        an OpenStreetMap XML export (``.osm``, ``.xml``, ``.osm.bz2``), read
        with ``osmnx.graph_from_xml`` (simplified as osmnx does, every
        disconnected piece kept, every way tagged ``highway`` used whatever
        ``network_type`` says); the path of a ``.graphml`` file written by
        ``osmnx.save_graphml``; or None (default) to download the
        ``network_type`` network from OpenStreetMap (Overpass API, through
        osmnx) within 10 km of the convex hull of the points and crossings,
        the margin buffered in an azimuthal equidistant projection. Downloads
        are cached under ``settings.cache_folder / "osmnx"``; the area grows
        with the spread of the points and crossings, so pass only the
        crossings of interest, or a local file, for a long stretch of border.
    network_type : str
        osmnx network type of the download (``"drive"``, ``"walk"``, ``"all"``
        ...); used only when ``graph`` is None.
    max_snap_km : float
        Farthest a point or crossing may lie from its nearest graph node, km
        (geodesic). Points farther get NaN; crossings farther are left out
        (listed in ``result.attrs["crossings_off_network"]``), since a graph
        covering part of a border does not reach the others.

    Returns
    -------
    pandas.DataFrame
        Aligned to ``points``' index:

        - ``crossing_id``: the crossing nearest by road (missing if unreachable);
        - ``network_distance_m``: the point's snap distance, plus the road
          distance from its node to the crossing's node (the geodesic WGS84
          length of each edge, along its geometry where the graph keeps one;
          osmnx's own ``length``, haversine on a sphere, is not used), plus
          the crossing's snap distance;
        - ``snap_m``: geodesic distance from the point to its nearest graph
          node, metres (given for every point, reachable or not). In a
          simplified graph, nodes are intersections and dead ends, so a
          point beside a long road without junctions snaps to the nearer end
          of that stretch;
        - ``straight_m``: geodesic distance from the point to that crossing,
          metres (WGS84, pyproj.Geod);
        - ``detour_ratio``: ``network_distance_m / straight_m`` (NaN where
          ``straight_m`` is 0); 1 or more;
        - ``unreachable_reason``: ``""`` for a reached point,
          ``"far from road"`` when its snap distance exceeds
          ``max_snap_km``, ``"no road path"`` when no crossing can be reached
          from its node along the graph.

        The numbers are NaN for unreachable points.

    Raises
    ------
    SchemaError
        If ``points`` or ``crossings`` are not points, have missing or NaN
        coordinates, if ``crossings`` lacks ``crossing_id``, or if the graph
        lacks node coordinates or edge lengths.
    CRSError
        If ``points``, ``crossings`` or the graph have no CRS.
    EmptyDataError
        If ``points`` or ``crossings`` are empty, or the graph has no edges.
    DataReadError
        If a graph file is missing, unreadable or of an unknown format.
    OfflineError
        If ``graph`` is None and ``settings.offline`` is True.
    SourceUnavailableError, ResponseError
        If ``graph`` is None and OpenStreetMap cannot be reached or has no roads there.

    Warns
    -----
    UnreachableWarning
        Once per call, when any point cannot reach a crossing: the count,
        the rows and why (and which crossings lie off the graph).

    Examples
    --------
    >>> import borderkit as bk, geopandas as gpd
    >>> pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([71.19], [34.10]), crs=4326)
    >>> bk.network_distance_to_crossing(pts, bk.load_crossings(), graph="roads.osm")  # doctest: +SKIP
    """
    if not max_snap_km >= 0:
        msg = f"max_snap_km must be zero or more, not {max_snap_km}"
        raise ValueError(msg)
    geoms = require_points(points)
    cgeoms = require_points(crossings, what="crossings")
    if "crossing_id" not in crossings.columns:
        msg = "crossings have no 'crossing_id' column; load them with bk.load_crossings()"
        raise SchemaError(msg)
    ids = crossings["crossing_id"].to_numpy()
    pxy = shapely.get_coordinates(geoms.values)
    cxy = shapely.get_coordinates(cgeoms.values)

    roads = _resolve_graph(
        graph,
        np.concatenate([pxy[:, 0], cxy[:, 0]]),
        np.concatenate([pxy[:, 1], cxy[:, 1]]),
        network_type=network_type,
    )
    nodes, node_lon, node_lat = _node_lonlat(roads)
    tree = cKDTree(ecef_m(node_lon, node_lat))
    p_pos, snap_m = _snap(tree, node_lon, node_lat, pxy[:, 0], pxy[:, 1])
    c_pos, c_snap_m = _snap(tree, node_lon, node_lat, cxy[:, 0], cxy[:, 1])

    limit_m = max_snap_km * 1000.0
    on_network = np.flatnonzero(c_snap_m <= limit_m)
    off_network = [str(ids[i]) for i in np.flatnonzero(c_snap_m > limit_m)]
    sources = [(float(c_snap_m[i]), nodes[c_pos[i]]) for i in on_network]
    near = snap_m <= limit_m
    targets = {nodes[p] for p in p_pos[near]}
    lengths = _geodesic_edge_lengths(roads, nodes, node_lon, node_lat)
    road_m, label = _dijkstra_to_sources(roads, sources, targets, lengths)

    n = len(pxy)
    network_m = np.full(n, np.nan)
    which = np.full(n, -1)
    reason = np.full(n, "", dtype=object)
    for row in range(n):
        node = nodes[p_pos[row]]
        if not near[row]:
            reason[row] = REASON_FAR
        elif node not in road_m:
            reason[row] = REASON_NO_PATH
        else:
            network_m[row] = snap_m[row] + road_m[node]
            which[row] = on_network[label[node]]
    reached = which >= 0
    straight_m = np.full(n, np.nan)
    if reached.any():
        _, _, d = GEOD.inv(pxy[reached, 0], pxy[reached, 1], cxy[which[reached], 0], cxy[which[reached], 1])
        straight_m[reached] = d
    with np.errstate(divide="ignore", invalid="ignore"):
        detour = np.where(straight_m > 0, network_m / straight_m, np.nan)
    crossing_id = np.full(n, None, dtype=object)
    crossing_id[reached] = ids[which[reached]]

    out = pd.DataFrame(
        {
            "crossing_id": crossing_id,
            "network_distance_m": network_m,
            "snap_m": snap_m,
            "straight_m": straight_m,
            "detour_ratio": detour,
            "unreachable_reason": reason,
        },
        index=geoms.index,
    )
    out.attrs["crossings_off_network"] = off_network
    if off_network:
        log(
            f"{len(off_network)} crossing(s) lie farther than {max_snap_km:g} km from the road graph and "
            f"are left out: {', '.join(off_network)}"
        )
    _warn_unreachable(out, n=n, max_snap_km=max_snap_km, off_network=off_network, n_crossings=len(ids))
    return out


def _warn_unreachable(
    out: pd.DataFrame, *, n: int, max_snap_km: float, off_network: list[str], n_crossings: int
) -> None:
    """Warn once, with the count, the rows and why, when some points cannot reach a crossing."""
    far = out.index[out["unreachable_reason"] == REASON_FAR]
    no_path = out.index[out["unreachable_reason"] == REASON_NO_PATH]
    count = len(far) + len(no_path)
    if not count:
        return

    def rows(index: pd.Index) -> str:
        shown = [repr(r) for r in index[:10]]
        return ", ".join(shown) + (f" ... ({len(index)} in all)" if len(index) > 10 else "")

    parts = []
    if len(far):
        parts.append(
            f"{len(far)} lie farther than max_snap_km={max_snap_km:g} km from any road node "
            f"(rows {rows(far)})"
        )
    if len(no_path):
        parts.append(f"{len(no_path)} have no road path to any crossing (rows {rows(no_path)})")
    msg = f"{count} of {n} point(s) cannot reach a crossing by road and get NaN: {'; '.join(parts)}"
    if len(off_network) == n_crossings:
        msg += f". No crossing lies within {max_snap_km:g} km of the road graph: does it cover the crossings?"
    elif off_network:
        msg += f". Crossings off the road graph (left out): {', '.join(off_network[:10])}"
    msg += ". See the unreachable_reason column"
    warnings.warn(msg, UnreachableWarning, stacklevel=3)
