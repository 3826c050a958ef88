"""Road distance to the nearest crossing over a small hand-made OpenStreetMap road network."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import osmnx as ox
import pandas as pd
import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point

import borderkit as bk
from borderkit import settings
from borderkit.errors import (
    CRSError,
    DataReadError,
    EmptyDataError,
    OfflineError,
    SchemaError,
    UnreachableWarning,
)
from borderkit.geo.network import network_distance_to_crossing

GEOD = Geod(ellps="WGS84")
OSMNX_EARTH_RADIUS_M = 6_371_009.0  # osmnx's sphere for edge lengths (osmnx.distance.EARTH_RADIUS_M)

# Node id -> (lon, lat). Node 1 is exactly the bundled Torkham crossing.
NODES = {
    1: (71.08472, 34.11472),  # T: Torkham
    2: (71.11, 34.115),  # J: junction of the main road and the one-way shortcut
    3: (71.13, 34.105),  # B: junction of the main road and the hamlet road
    9: (71.145, 34.095),  # bend of the main road (removed by osmnx's simplification)
    4: (71.16, 34.12),  # A
    5: (71.19, 34.10),  # V: village, about 10 km east of Torkham
    6: (71.13, 34.125),  # bend of the hamlet road
    7: (71.135, 34.14),  # H: hamlet
    8: (71.12, 34.13),  # bend of the one-way shortcut
    10: (71.165, 34.13),  # farm at the end of a spur from A (which makes A a junction)
    20: (71.20, 34.16),  # island road, not connected to the rest
    21: (71.21, 34.165),
}
# (way id, node ids, tags)
WAYS = [
    (101, [5, 4, 9, 3, 2, 1], {"highway": "primary", "name": "Torkham Road"}),
    (102, [3, 6, 7], {"highway": "residential"}),
    (103, [2, 8, 7], {"highway": "residential", "oneway": "yes"}),  # J -> H only
    (104, [20, 21], {"highway": "residential"}),
    (105, [4, 10], {"highway": "residential"}),
]

# Test points (lon, lat) near V, near H, on the island, and far from every road.
VILLAGE = (71.1905, 34.1003)
HAMLET = (71.1352, 34.1403)
ISLAND = (71.205, 34.1628)
FAR = (71.30, 34.30)

VILLAGE_PATH = [5, 4, 9, 3, 2, 1]
HAMLET_PATH = [7, 6, 3, 2, 1]  # the one-way shortcut 7 -> 8 -> 2 runs the other way
HAMLET_PATH_UNDIRECTED = [7, 8, 2, 1]


def _osm_xml() -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="borderkit tests">']
    lines.append('  <bounds minlat="34.09" minlon="71.08" maxlat="34.17" maxlon="71.22"/>')
    for node, (lon, lat) in NODES.items():
        lines.append(f'  <node id="{node}" lat="{lat}" lon="{lon}" version="1" visible="true"/>')
    for way, refs, tags in WAYS:
        lines.append(f'  <way id="{way}" version="1" visible="true">')
        lines.extend(f'    <nd ref="{ref}"/>' for ref in refs)
        lines.extend(f'    <tag k="{k}" v="{v}"/>' for k, v in tags.items())
        lines.append("  </way>")
    lines.append("</osm>")
    return "\n".join(lines) + "\n"


def _geodesic_path_m(path: list[int]) -> float:
    lon = [NODES[n][0] for n in path]
    lat = [NODES[n][1] for n in path]
    return float(GEOD.line_length(lon, lat))


def _haversine_path_m(path: list[int]) -> float:
    total = 0.0
    for a, b in itertools.pairwise(path):
        (lon1, lat1), (lon2, lat2) = NODES[a], NODES[b]
        p1, p2 = math.radians(lat1), math.radians(lat2)
        h = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
        )
        total += 2 * OSMNX_EARTH_RADIUS_M * math.asin(math.sqrt(h))
    return total


def _geodesic_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


def _points(*coords: tuple[float, float], index: list[str] | None = None) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": index or [f"p{i}" for i in range(len(coords))]},
        geometry=[Point(c) for c in coords],
        crs="EPSG:4326",
        index=index,
    )


@pytest.fixture(scope="module")
def osm_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("roads") / "roads.osm"
    path.write_text(_osm_xml(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def crossings() -> gpd.GeoDataFrame:
    return bk.load_crossings()


@pytest.fixture(scope="module")
def torkham(crossings: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return crossings[crossings["crossing_id"] == "torkham"]


@pytest.fixture(scope="module")
def reachable() -> gpd.GeoDataFrame:
    return _points(VILLAGE, HAMLET, index=["village", "hamlet"])


# --------------------------------------------------------------------------- distances


def test_distances_match_the_hand_computed_paths(
    osm_file: Path, crossings: gpd.GeoDataFrame, reachable: gpd.GeoDataFrame
) -> None:
    # All bundled crossings: the others lie hundreds of km off this graph and are left out quietly.
    out = network_distance_to_crossing(reachable, crossings, graph=osm_file)
    assert list(out.index) == ["village", "hamlet"]
    assert list(out.columns) == [
        "crossing_id",
        "network_distance_m",
        "snap_m",
        "straight_m",
        "detour_ratio",
        "unreachable_reason",
    ]
    assert list(out["crossing_id"]) == ["torkham", "torkham"]
    assert "torkham" not in out.attrs["crossings_off_network"]
    assert len(out.attrs["crossings_off_network"]) == len(crossings) - 1
    torkham_ll = NODES[1]
    for row, point, path in [("village", VILLAGE, VILLAGE_PATH), ("hamlet", HAMLET, HAMLET_PATH)]:
        snap = _geodesic_m(point, NODES[path[0]])
        assert out.loc[row, "snap_m"] == pytest.approx(snap, rel=1e-9)
        # The WGS84 geodesic length of the path, hand-computed: equal to rounding, so it is this
        # path and no other (osmnx's own haversine `length` is not used: it is up to 0.25 % off).
        expected = snap + _geodesic_path_m(path)
        assert out.loc[row, "network_distance_m"] == pytest.approx(expected, rel=1e-9)
        assert out.loc[row, "network_distance_m"] != pytest.approx(snap + _haversine_path_m(path), rel=1e-4)
        straight = _geodesic_m(point, torkham_ll)
        assert out.loc[row, "straight_m"] == pytest.approx(straight, rel=1e-9)
        assert out.loc[row, "detour_ratio"] == pytest.approx(out.loc[row, "network_distance_m"] / straight)
        assert out.loc[row, "detour_ratio"] >= 1.0
        assert out.loc[row, "unreachable_reason"] == ""
    assert 9_000 < out.loc["village", "straight_m"] < 11_000  # the village is ~10 km east


def test_nearest_crossing_by_road_matches_networkx(osm_file: Path, torkham: gpd.GeoDataFrame) -> None:
    # A second crossing 150 m off junction A: the points that snap to V or A are nearer to it by road.
    gate = gpd.GeoDataFrame({"crossing_id": ["gate-a"]}, geometry=[Point(71.1615, 34.1208)], crs="EPSG:4326")
    both = pd.concat([torkham[["crossing_id", "geometry"]], gate], ignore_index=True)
    pts = _points(VILLAGE, HAMLET, (71.157, 34.117), (71.12, 34.112))
    out = network_distance_to_crossing(pts, both, graph=osm_file)
    assert list(out["crossing_id"]) == ["gate-a", "torkham", "gate-a", "torkham"]
    # Independently: the brute-force nearest node and networkx's shortest path to every crossing.
    roads = ox.graph_from_xml(osm_file, retain_all=True)
    for u, v, data in roads.edges(data=True):  # geodesic edge lengths, as borderkit measures
        line = data.get("geometry") or LineString(
            [(roads.nodes[n]["x"], roads.nodes[n]["y"]) for n in (u, v)]
        )
        data["geodesic_m"] = GEOD.geometry_length(line)
    node_ids = list(roads.nodes)
    node_ll = [(roads.nodes[n]["x"], roads.nodes[n]["y"]) for n in node_ids]

    def snapped(ll: tuple[float, float]) -> tuple[int, float]:
        dists = [_geodesic_m(ll, n) for n in node_ll]
        i = int(np.argmin(dists))
        return node_ids[i], dists[i]

    for row, geom in zip(out.index, pts.geometry, strict=True):
        node, snap = snapped((geom.x, geom.y))
        totals = {}
        for cid, cgeom in zip(both["crossing_id"], both.geometry, strict=True):
            cnode, csnap = snapped((cgeom.x, cgeom.y))
            totals[cid] = snap + nx.shortest_path_length(roads, node, cnode, weight="geodesic_m") + csnap
        best = min(totals, key=totals.__getitem__)
        assert out.loc[row, "crossing_id"] == best
        assert out.loc[row, "network_distance_m"] == pytest.approx(totals[best], rel=1e-12)


def test_one_way_street_is_honoured(osm_file: Path, torkham: gpd.GeoDataFrame) -> None:
    pts = _points(HAMLET)
    roads = ox.graph_from_xml(osm_file, retain_all=True)
    directed = network_distance_to_crossing(pts, torkham, graph=roads)
    undirected = network_distance_to_crossing(pts, torkham, graph=ox.convert.to_undirected(roads))
    snap = _geodesic_m(HAMLET, NODES[7])
    assert directed["network_distance_m"].iloc[0] == pytest.approx(snap + _geodesic_path_m(HAMLET_PATH))
    assert undirected["network_distance_m"].iloc[0] == pytest.approx(
        snap + _geodesic_path_m(HAMLET_PATH_UNDIRECTED)
    )
    assert directed["network_distance_m"].iloc[0] > undirected["network_distance_m"].iloc[0] + 1_000


# --------------------------------------------------------------------------- unreachable points


def test_unreachable_points_get_nan_and_one_warning(osm_file: Path, crossings: gpd.GeoDataFrame) -> None:
    pts = _points(VILLAGE, ISLAND, HAMLET, FAR, index=["village", "island", "hamlet", "far"])
    with pytest.warns(UnreachableWarning) as record:
        out = network_distance_to_crossing(pts, crossings, graph=osm_file)
    assert len(record) == 1
    message = str(record[0].message)
    assert message.startswith("2 of 4 point(s) cannot reach a crossing")
    assert "1 lie farther than max_snap_km=5 km from any road node (rows 'far')" in message
    assert "1 have no road path to any crossing (rows 'island')" in message
    assert record[0].filename == __file__  # points at the caller
    for row in ("island", "far"):
        assert pd.isna(out.loc[row, "crossing_id"])
        assert out.loc[row, ["network_distance_m", "straight_m", "detour_ratio"]].isna().all()
    assert out.loc["island", "unreachable_reason"] == "no road path"
    assert out.loc["far", "unreachable_reason"] == "far from road"
    # Snap distances are reported for every point, reachable or not.
    assert out.loc["island", "snap_m"] < 1_000
    assert out.loc["far", "snap_m"] > 5_000
    assert list(out.loc[["village", "hamlet"], "crossing_id"]) == ["torkham", "torkham"]
    assert out.loc[["village", "hamlet"], "network_distance_m"].notna().all()


def test_max_snap_km_bounds_the_snap(osm_file: Path, torkham: gpd.GeoDataFrame) -> None:
    pts = _points(VILLAGE)  # ~60 m from node V
    with pytest.warns(UnreachableWarning, match=r"^1 of 1 point\(s\).*max_snap_km=0.05 km"):
        out = network_distance_to_crossing(pts, torkham, graph=osm_file, max_snap_km=0.05)
    assert np.isnan(out["network_distance_m"].iloc[0])
    out = network_distance_to_crossing(pts, torkham, graph=osm_file, max_snap_km=0.1)
    assert out["network_distance_m"].notna().all()


def test_no_crossing_on_the_graph_warns_and_says_so(osm_file: Path, crossings: gpd.GeoDataFrame) -> None:
    others = crossings[crossings["crossing_id"] != "torkham"]
    with pytest.warns(UnreachableWarning, match="No crossing lies within 5 km of the road graph"):
        out = network_distance_to_crossing(_points(VILLAGE), others, graph=osm_file)
    assert out["unreachable_reason"].iloc[0] == "no road path"


# --------------------------------------------------------------------------- graph sources


def test_graphml_file_and_graph_object_give_the_same_result(
    osm_file: Path, tmp_path: Path, crossings: gpd.GeoDataFrame, reachable: gpd.GeoDataFrame
) -> None:
    from_xml = network_distance_to_crossing(reachable, crossings, graph=str(osm_file))
    roads = ox.graph_from_xml(osm_file, retain_all=True)
    assert isinstance(roads, nx.MultiDiGraph)
    graphml = tmp_path / "roads.graphml"
    ox.save_graphml(roads, graphml)
    from_graphml = network_distance_to_crossing(reachable, crossings, graph=graphml)
    from_object = network_distance_to_crossing(reachable, crossings, graph=roads)
    pd.testing.assert_frame_equal(from_graphml, from_xml)
    pd.testing.assert_frame_equal(from_object, from_xml)
    assert roads.number_of_nodes() == 9  # the input graph is left as it was


def test_projected_graph_and_points_give_the_same_result(
    osm_file: Path, torkham: gpd.GeoDataFrame, reachable: gpd.GeoDataFrame
) -> None:
    roads = ox.graph_from_xml(osm_file, retain_all=True)
    expected = network_distance_to_crossing(reachable, torkham, graph=roads)
    projected = ox.projection.project_graph(roads)  # UTM; osmnx keeps the lengths in metres
    out = network_distance_to_crossing(reachable.to_crs(32642), torkham, graph=projected)
    pd.testing.assert_frame_equal(out, expected, rtol=1e-7)


def test_download_buffers_the_hull_and_uses_the_borderkit_cache(
    monkeypatch: pytest.MonkeyPatch, osm_file: Path, torkham: gpd.GeoDataFrame, reachable: gpd.GeoDataFrame
) -> None:
    roads = ox.graph_from_xml(osm_file, retain_all=True)
    calls = []

    def fake_graph_from_polygon(polygon, **kwargs):
        calls.append((polygon, kwargs, ox.settings.cache_folder))
        return roads

    monkeypatch.setattr(ox, "graph_from_polygon", fake_graph_from_polygon)
    users_cache = "users-own-osmnx-cache"
    monkeypatch.setattr(ox.settings, "cache_folder", users_cache)
    out = network_distance_to_crossing(reachable, torkham, network_type="walk")
    pd.testing.assert_frame_equal(out, network_distance_to_crossing(reachable, torkham, graph=roads))
    assert len(calls) == 1
    polygon, kwargs, cache_folder = calls[0]
    assert kwargs["network_type"] == "walk"
    assert kwargs["retain_all"] is True
    assert Path(cache_folder) == Path(settings.cache_folder) / "osmnx"  # during the call
    assert ox.settings.cache_folder == users_cache  # the user's own setting, restored after
    # 10 km around the hull, measured geodesically: the easternmost point is the village.
    for point in (VILLAGE, HAMLET, NODES[1]):
        assert polygon.contains(Point(point))
    lon_in, lat_in, _ = GEOD.fwd(VILLAGE[0], VILLAGE[1], 90.0, 9_900.0)
    lon_out, lat_out, _ = GEOD.fwd(VILLAGE[0], VILLAGE[1], 90.0, 10_200.0)
    assert polygon.contains(Point(lon_in, lat_in))
    assert not polygon.contains(Point(lon_out, lat_out))


def test_offline_without_a_graph_fails_without_the_network(
    monkeypatch: pytest.MonkeyPatch, torkham: gpd.GeoDataFrame, reachable: gpd.GeoDataFrame
) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(ox, "graph_from_polygon", no_network)
    settings.offline = True
    with pytest.raises(OfflineError, match=r"OpenStreetMap.*graph='roads\.osm'.*\.graphml"):
        network_distance_to_crossing(reachable, torkham)


# --------------------------------------------------------------------------- bad input


def test_bad_points_fail_clearly(osm_file: Path, torkham: gpd.GeoDataFrame) -> None:
    no_crs = gpd.GeoDataFrame(geometry=[Point(VILLAGE)])
    with pytest.raises(CRSError, match="points have no CRS"):
        network_distance_to_crossing(no_crs, torkham, graph=osm_file)
    empty = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
    with pytest.raises(EmptyDataError, match="points are empty"):
        network_distance_to_crossing(empty, torkham, graph=osm_file)
    nan = gpd.GeoDataFrame(geometry=[Point(VILLAGE), Point(np.nan, np.nan)], crs="EPSG:4326")
    with pytest.raises(SchemaError, match="points:"):
        network_distance_to_crossing(nan, torkham, graph=osm_file)
    with pytest.raises(SchemaError, match="crossing_id"):
        network_distance_to_crossing(_points(VILLAGE), torkham[["geometry"]], graph=osm_file)
    with pytest.raises(ValueError, match="max_snap_km"):
        network_distance_to_crossing(_points(VILLAGE), torkham, graph=osm_file, max_snap_km=-1)


def test_bad_graphs_fail_clearly(tmp_path: Path, torkham: gpd.GeoDataFrame) -> None:
    pts = _points(VILLAGE)
    with pytest.raises(DataReadError, match="does not exist"):
        network_distance_to_crossing(pts, torkham, graph=tmp_path / "missing.osm")
    with pytest.raises(DataReadError, match=r"\.osm, \.xml, \.osm\.bz2.*\.graphml"):
        network_distance_to_crossing(pts, torkham, graph=tmp_path / "roads.shp")
    garbage = tmp_path / "garbage.osm"
    garbage.write_text("not xml", encoding="utf-8")
    with pytest.raises(DataReadError, match="OpenStreetMap XML"):
        network_distance_to_crossing(pts, torkham, graph=garbage)
    no_ways = tmp_path / "nodes.osm"
    no_ways.write_text(
        '<?xml version="1.0"?>\n<osm version="0.6"><node id="1" lat="34.1" lon="71.1" version="1"/></osm>\n',
        encoding="utf-8",
    )
    with pytest.raises(EmptyDataError, match="no roads"):
        network_distance_to_crossing(pts, torkham, graph=no_ways)
    with pytest.raises(SchemaError, match="graph= must be"):
        network_distance_to_crossing(pts, torkham, graph=42)  # type: ignore[arg-type]
    bare = nx.MultiDiGraph()
    bare.add_node(1, x=71.19, y=34.10)
    bare.add_node(2, x=71.08472, y=34.11472)
    bare.add_edge(1, 2)
    with pytest.raises(CRSError, match="no CRS"):
        network_distance_to_crossing(pts, torkham, graph=bare)
    bare.graph["crs"] = "EPSG:4326"  # no 'length' needed: borderkit measures edges itself
    out = network_distance_to_crossing(pts, torkham, graph=bare)
    assert out["network_distance_m"].iloc[0] >= GEOD.inv(71.19, 34.10, 71.08472, 34.11472)[2]
