"""Building footprints as settlements: real GeoParquet files in the published schemas, eager and lazy.

The files are written here, in tmp_path, with the columns of Google Open
Buildings v3, the Google-Microsoft combination by VIDA and Overture's
``buildings`` theme; the footprints are small rectangles at random places in
Afghanistan and Pakistan (a fixed seed). Expected values are computed
independently: centroids with shapely, areas with pyproj.Geod.
"""

from __future__ import annotations

import io
import json
import socket
import struct
from pathlib import Path

import dask
import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from pyproj import Geod, Transformer

import borderkit as bk
from borderkit import settings
from borderkit.errors import (
    CRSError,
    DataReadError,
    DroppedRowsWarning,
    EmptyDataError,
    OfflineError,
    SchemaError,
)
from borderkit.geo import buildings

GEOD = Geod(ellps="WGS84")
# Inside Afghanistan and Pakistan (checked against the bundled outlines in test_countries_from_outlines).
KABUL = (69.17, 34.53)
PESHAWAR = (71.57, 34.01)
DELHI = (77.21, 28.61)  # outside the bundled outlines (AFG, PAK, IRN)


def footprints(n: int, *, seed: int = 13, box: tuple[float, float, float, float] = (66.0, 30.0, 72.0, 35.5)):
    """Return ``n`` rectangles of about 10-30 m a side at random places in ``box`` (lon/lat)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(box[0], box[2], n)
    y = rng.uniform(box[1], box[3], n)
    w = rng.uniform(1e-4, 3e-4, n)
    h = rng.uniform(1e-4, 3e-4, n)
    return shapely.box(x, y, x + w, y + h), rng


def geodesic_area_m2(geoms) -> np.ndarray:
    return np.array([abs(GEOD.geometry_area_perimeter(g)[0]) for g in geoms])


def open_buildings_frame(geoms, rng) -> gpd.GeoDataFrame:
    """Google Open Buildings v3: latitude, longitude, area_in_meters, confidence, geometry, full_plus_code."""
    centres = shapely.centroid(geoms)
    return gpd.GeoDataFrame(
        {
            "latitude": shapely.get_y(centres),
            "longitude": shapely.get_x(centres),
            "area_in_meters": geodesic_area_m2(geoms).round(4),
            "confidence": rng.uniform(0.65, 1.0, len(geoms)).round(4),
            "full_plus_code": [f"8J{i:06d}+{i % 97:02d}" for i in range(len(geoms))],
        },
        geometry=geoms,
        crs="EPSG:4326",
    )


def vida_frame(geoms, rng, country: str) -> gpd.GeoDataFrame:
    """VIDA's combination: boundary_id, bf_source, confidence, area_in_meters, s2_id, country_iso, geohash."""
    n = len(geoms)
    source = np.where(rng.uniform(size=n) < 0.5, "google", "microsoft")
    return gpd.GeoDataFrame(
        {
            "boundary_id": np.full(n, 1, dtype="int64"),
            "bf_source": source,
            "confidence": np.where(source == "google", rng.uniform(0.65, 1.0, n).round(4), np.nan),
            "area_in_meters": geodesic_area_m2(geoms).round(4),
            "s2_id": rng.integers(2**40, 2**50, n, dtype="int64"),
            "country_iso": country,
            "geohash": [f"tw{i:07d}" for i in range(n)],
        },
        geometry=geoms,
        crs="EPSG:4326",
    )


def write_overture(path: Path, geoms, rng) -> None:
    """Overture buildings: id, geometry (WKB), bbox struct, version, sources, subtype, class, height ..."""
    n = len(geoms)
    xmin, ymin, xmax, ymax = shapely.bounds(geoms).T
    frame = gpd.GeoDataFrame(
        {
            "id": [f"08b{i:013x}" for i in range(n)],
            "version": np.zeros(n, dtype="int32"),
            "subtype": pd.array([None if i % 3 else "residential" for i in range(n)], dtype="string"),
            "class": pd.array([None] * n, dtype="string"),
            "height": np.where(rng.uniform(size=n) < 0.3, rng.uniform(3, 12, n), np.nan),
        },
        geometry=geoms,
        crs="EPSG:4326",
    )
    buffer = io.BytesIO()
    frame.to_parquet(buffer)  # geopandas writes the GeoParquet "geo" metadata
    table = pq.read_table(buffer)
    bbox = pa.StructArray.from_arrays(
        [pa.array(v, type=pa.float32()) for v in (xmin, xmax, ymin, ymax)],
        names=["xmin", "xmax", "ymin", "ymax"],
    )
    source_type = pa.list_(
        pa.struct(
            [
                ("property", pa.string()),
                ("dataset", pa.string()),
                ("record_id", pa.string()),
                ("update_time", pa.string()),
                ("confidence", pa.float64()),
            ]
        )
    )
    sources = pa.array(
        [
            [
                {
                    "property": "",
                    "dataset": "Microsoft ML Buildings",
                    "record_id": None,
                    "update_time": None,
                    "confidence": None,
                }
            ]
        ]
        * n,
        type=source_type,
    )
    names = pa.array([None] * n, type=pa.struct([("primary", pa.string())]))
    table = table.append_column("bbox", bbox).append_column("sources", sources).append_column("names", names)
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["columns"]["geometry"]["encoding"] == "WKB"
    pq.write_table(table, path)


def shapely_centroids(geoms) -> tuple[np.ndarray, np.ndarray]:
    c = shapely.centroid(geoms)
    return shapely.get_x(c), shapely.get_y(c)


@pytest.fixture
def vida_folder(tmp_path: Path) -> tuple[Path, np.ndarray]:
    """A VIDA-like partitioned folder: two S2 partitions for AFG, one for PAK, one empty partition."""
    root = tmp_path / "by_country_s2"
    all_geoms = []
    for country, cells, box, seed in (
        ("AFG", ("3896", "38a4"), (65.0, 31.5, 69.5, 35.5), 1),
        ("PAK", ("3914",), (70.5, 30.0, 72.5, 33.0), 2),
    ):
        folder = root / f"country_iso={country}"
        folder.mkdir(parents=True)
        for k, cell in enumerate(cells):
            geoms, rng = footprints(300, seed=seed * 10 + k, box=box)
            vida_frame(geoms, rng, country).to_parquet(
                folder / f"{int(cell, 16)}.parquet", row_group_size=100
            )
            all_geoms.append(geoms)
    empty = vida_frame(np.array([], dtype=object), np.random.default_rng(0), "AFG").iloc[:0]
    empty.to_parquet(root / "country_iso=AFG" / "0.parquet")
    return root, np.concatenate(all_geoms)


# --------------------------------------------------------------------------- the schemas


def test_open_buildings_centroids_match_shapely(tmp_path: Path) -> None:
    geoms, rng = footprints(500)
    path = tmp_path / "open_buildings_v3.parquet"
    frame = open_buildings_frame(geoms, rng)
    frame.to_parquet(path)
    got = bk.load_settlements("buildings", path=path, countries=None)
    assert list(got.columns[:5]) == ["settlement_id", "name", "country", "population", "source"]
    assert got.crs.to_epsg() == 4326
    assert len(got) == 500
    x, y = shapely_centroids(geoms)
    np.testing.assert_allclose(got.geometry.x, x, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got.geometry.y, y, rtol=0, atol=1e-12)
    # Google's own latitude/longitude columns are the same centroids
    np.testing.assert_allclose(got.geometry.y, frame["latitude"], atol=1e-12)
    assert got["settlement_id"].iloc[3] == "open-buildings:" + frame["full_plus_code"].iloc[3]
    assert (got["name"] == "").all()
    assert got["population"].isna().all()
    assert (got["source"] == "open-buildings").all()
    np.testing.assert_allclose(got["area_m2"], frame["area_in_meters"])
    np.testing.assert_allclose(got["confidence"], frame["confidence"])
    assert got.attrs["filtered"] == {"bbox": 0, "countries": 0, "min_confidence": 0}


def test_countries_from_outlines(tmp_path: Path) -> None:
    geoms = shapely.buffer(shapely.points([KABUL, PESHAWAR, DELHI]), 1e-4, quad_segs=2)
    path = tmp_path / "three.parquet"
    open_buildings_frame(geoms, np.random.default_rng(0)).to_parquet(path)
    every = bk.load_settlements("buildings", path=path, countries=None)
    assert every["country"].tolist()[:2] == ["AFG", "PAK"]
    assert pd.isna(every["country"].iloc[2])
    with pytest.warns(DroppedRowsWarning, match=r"left out 1 building"):
        default = bk.load_settlements("buildings", path=path)
    assert default["country"].tolist() == ["AFG", "PAK"]
    assert default.attrs["filtered"]["countries"] == 1
    only_pak = bk.load_settlements("buildings", path=path, countries="PAK")  # chosen: no warning
    assert only_pak["country"].tolist() == ["PAK"]


def test_overture_schema_area_from_footprint(tmp_path: Path) -> None:
    geoms, rng = footprints(200, seed=5)
    path = tmp_path / "overture_building.parquet"
    write_overture(path, geoms, rng)
    got = bk.load_settlements("buildings", path=path, countries=None)
    assert (got["source"] == "overture").all()
    assert got["settlement_id"].iloc[0] == "overture:08b0000000000000"
    # no area column in Overture: computed in EPSG:6933 (equal-area), held to pyproj.Geod
    np.testing.assert_allclose(got["area_m2"], geodesic_area_m2(geoms), rtol=1e-4)
    assert set(got.attrs["dropped_columns"]) == {"sources", "names"}
    assert "bbox" not in got.columns
    assert {"subtype", "height", "version"} <= set(got.columns)
    assert "Overture" in got.attrs["attribution"]


def test_projected_geoparquet_is_reprojected(tmp_path: Path) -> None:
    geoms, rng = footprints(100, seed=8, box=(68.0, 32.0, 70.0, 34.0))
    frame = open_buildings_frame(geoms, rng).to_crs("EPSG:32642")
    path = tmp_path / "utm.parquet"
    frame.to_parquet(path)
    got = bk.load_settlements("buildings", path=path, countries=None)
    cx, cy = shapely_centroids(frame.geometry.to_numpy())
    lon, lat = Transformer.from_crs(32642, 4326, always_xy=True).transform(cx, cy)
    np.testing.assert_allclose(got.geometry.x, lon, atol=1e-9)
    np.testing.assert_allclose(got.geometry.y, lat, atol=1e-9)


# --------------------------------------------------------------------------- partitioned, lazy, filtered


def test_partitioned_folder_lazy_equals_eager(vida_folder: tuple[Path, np.ndarray]) -> None:
    import dask_geopandas

    root, geoms = vida_folder
    eager = bk.load_settlements("buildings", path=root, countries=None)
    assert len(eager) == 900
    assert eager.attrs["empty_files"] == [str(root / "country_iso=AFG" / "0.parquet")]
    x, y = shapely_centroids(geoms)
    order = np.lexsort((eager.geometry.y, eager.geometry.x))
    expected = np.lexsort((y, x))
    np.testing.assert_allclose(eager.geometry.x.to_numpy()[order], x[expected], atol=1e-12)
    assert (eager["source"] == "vida").all()
    assert {"bf_source", "s2_id", "geohash", "country_iso"} <= set(eager.columns)

    lazy = bk.load_settlements("buildings", path=root, countries=None, lazy=True)
    assert isinstance(lazy, dask_geopandas.GeoDataFrame)
    assert lazy.npartitions >= 3
    assert list(lazy.columns) == list(eager.columns)
    assert lazy.npartitions == 9  # three row groups of 100 in each of the three non-empty files
    assert_geodataframe_equal(lazy.compute(), eager)


def test_lazy_buildings_feed_the_point_analyses(vida_folder: tuple[Path, np.ndarray]) -> None:
    root, _ = vida_folder
    box = (69.0, 33.0, 72.0, 34.5)
    eager = bk.load_settlements("buildings", path=root, bbox=box)
    lazy = bk.load_settlements("buildings", path=root, bbox=box, lazy=True)
    # the index is the row in the dataset, kept through the filters, the same either way
    assert eager.index.is_unique
    assert eager.index.max() < 900
    crossings = bk.load_crossings()
    near = bk.nearest_crossing(lazy, crossings).compute(scheduler="sync")
    pd.testing.assert_frame_equal(near, bk.nearest_crossing(eager, crossings))


def test_bbox_filter_counted_eager_and_lazy(vida_folder: tuple[Path, np.ndarray]) -> None:
    root, geoms = vida_folder
    box = (66.0, 32.0, 71.0, 34.0)
    x, y = shapely_centroids(geoms)
    inside = (x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])
    eager = bk.load_settlements("buildings", path=root, countries=None, bbox=box)
    assert len(eager) == int(inside.sum())
    assert eager.attrs["filtered"]["bbox"] == int((~inside).sum()) > 0
    lazy = buildings.load_buildings(root, lazy=True, countries=None, bbox=box)
    counts = buildings.count_filtered(root, countries=None, bbox=box)
    frame, counted = dask.compute(lazy, counts)
    assert len(frame) == len(eager)
    assert counted.to_dict() == eager.attrs["filtered"]


def test_min_confidence_counted(vida_folder: tuple[Path, np.ndarray]) -> None:
    root, _ = vida_folder
    every = bk.load_settlements("buildings", path=root, countries=None)
    kept = bk.load_settlements("buildings", path=root, countries=None, min_confidence=0.8)
    confident = (every["confidence"] >= 0.8).sum()  # Microsoft footprints have no confidence: left out
    assert len(kept) == confident
    assert kept.attrs["filtered"]["min_confidence"] == len(every) - confident
    lazy = bk.load_settlements("buildings", path=root, countries=None, min_confidence=0.8, lazy=True)
    assert len(lazy.compute()) == confident


# --------------------------------------------------------------------------- adversarial


def test_no_crs_metadata(tmp_path: Path) -> None:
    geoms, rng = footprints(20)
    frame = open_buildings_frame(geoms, rng).drop(columns=["latitude", "longitude"])
    table = pa.table(
        {
            **{c: frame[c] for c in ("area_in_meters", "confidence")},
            "geometry": shapely.to_wkb(frame.geometry.to_numpy()),
        }
    )
    path = tmp_path / "plain.parquet"
    pq.write_table(table, path)  # WKB geometries, no GeoParquet metadata
    with pytest.raises(CRSError, match=r"plain\.parquet has no CRS.*crs='EPSG:4326'"):
        bk.load_settlements("buildings", path=path, countries=None)
    got = bk.load_settlements("buildings", path=path, countries=None, crs="EPSG:4326")
    np.testing.assert_allclose(got.geometry.x, shapely_centroids(geoms)[0], atol=1e-12)
    lazy = bk.load_settlements("buildings", path=path, countries=None, crs="EPSG:4326", lazy=True)
    assert_geodataframe_equal(lazy.compute(), got)


def test_wrong_crs_metadata(tmp_path: Path) -> None:
    geoms, rng = footprints(10, box=(68.0, 32.0, 70.0, 34.0))
    utm = gpd.GeoSeries(geoms, crs=4326).to_crs(32642)
    frame = open_buildings_frame(geoms, rng).set_geometry(utm.to_numpy()).set_crs(4326, allow_override=True)
    path = tmp_path / "says_4326.parquet"
    frame.to_parquet(path)  # metres labelled as degrees
    with pytest.raises(SchemaError, match=r"says_4326\.parquet: row 0 .*CRS metadata is wrong"):
        bk.load_settlements("buildings", path=path, countries=None)
    with pytest.raises(CRSError, match=r"crs= .* is for files without one"):
        bk.load_settlements("buildings", path=path, countries=None, crs="EPSG:32642")


def test_lines_are_not_footprints(tmp_path: Path) -> None:
    lines = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.LineString([(70, 34), (71, 34)])], crs=4326)
    lines.to_parquet(tmp_path / "lines.parquet")
    with pytest.raises(
        SchemaError, match=r"lines\.parquet: row 0 \(id a\) are LineString; footprints must be"
    ):
        bk.load_settlements("buildings", path=tmp_path / "lines.parquet")


def test_missing_geometry_column(tmp_path: Path) -> None:
    path = tmp_path / "attributes_only.parquet"
    pq.write_table(pa.table({"confidence": [0.9, 0.7], "full_plus_code": ["a", "b"]}), path)
    with pytest.raises(SchemaError, match=r"attributes_only\.parquet has no geometry column.*'confidence'"):
        bk.load_settlements("buildings", path=path)


def test_latitude_longitude_only_checked(tmp_path: Path) -> None:
    path = tmp_path / "points.parquet"
    pq.write_table(
        pa.table({"latitude": [34.5, 95.0], "longitude": [69.2, 69.0], "full_plus_code": ["a", "b"]}), path
    )
    with pytest.raises(SchemaError, match=r"points\.parquet: row 1 \(id b\) \(69, 95\) lie outside"):
        bk.load_settlements("buildings", path=path, countries=None)
    pq.write_table(pa.table({"latitude": [34.5, 34.6], "longitude": [69.2, 69.3]}), path)
    got = bk.load_settlements("buildings", path=path, countries=None)
    assert got.geometry.x.tolist() == [69.2, 69.3]
    assert got["settlement_id"].tolist() == [
        "buildings:69.2000000,34.5000000",
        "buildings:69.3000000,34.6000000",
    ]


def test_nan_coordinates_named(tmp_path: Path) -> None:
    geoms, rng = footprints(5)
    geoms[3] = shapely.from_wkb(struct.pack("<BIdd", 1, 1, np.nan, 34.0))  # POINT (NaN 34), not empty
    path = tmp_path / "nan.parquet"
    open_buildings_frame(geoms, rng).to_parquet(path)
    with pytest.raises(SchemaError, match=r"nan\.parquet: row 3 \(id 8J000003\+03\) has NaN or infinite"):
        bk.load_settlements("buildings", path=path, countries=None)
    lazy = bk.load_settlements("buildings", path=path, countries=None, lazy=True)  # checked when computed
    with pytest.raises(SchemaError, match=r"NaN or infinite coordinates"):
        lazy.compute()


def test_empty_partitions_only(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    frame = open_buildings_frame(np.array([], dtype=object), np.random.default_rng(0))
    frame.to_parquet(folder / "a.parquet")
    frame.to_parquet(folder / "b.parquet")
    with pytest.raises(EmptyDataError, match=r"empty holds no rows \(2 empty Parquet file"):
        bk.load_settlements("buildings", path=folder)


def test_not_parquet(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    geoms, rng = footprints(5)
    open_buildings_frame(geoms, rng).to_parquet(folder / "good.parquet")
    (folder / "bad.parquet").write_text("latitude,longitude\n34.5,69.2\n")
    with pytest.raises(DataReadError, match=r"bad\.parquet is not a Parquet file .*remove the file"):
        bk.load_settlements("buildings", path=folder)
    (folder / "bad.parquet").unlink()
    (folder / "notes.csv").write_text("x\n")  # other files in the folder are not read
    assert len(bk.load_settlements("buildings", path=folder, countries=None)) == 5
    with pytest.raises(DataReadError, match=r"holds no \.parquet files \(it holds notes\.csv\)"):
        bk.load_settlements("buildings", path=_csv_only(tmp_path))
    with pytest.raises(DataReadError, match=r"does not exist"):
        bk.load_settlements("buildings", path=tmp_path / "nowhere")


def _csv_only(tmp_path: Path) -> Path:
    folder = tmp_path / "csv_only"
    folder.mkdir()
    (folder / "notes.csv").write_text("x\n")
    return folder


def test_arguments_checked(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"min_population= needs a population"):
        bk.load_settlements("buildings", path=tmp_path, min_population=10)
    with pytest.raises(SchemaError, match=r"path= apply to source='buildings'"):
        bk.load_settlements("geonames", path=tmp_path)
    with pytest.raises(SchemaError, match=r"columns= apply to CSV"):
        bk.load_settlements("buildings", path=tmp_path, columns={"name": "x"})


# --------------------------------------------------------------------------- Overture online


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def overture_s3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A real S3 server (moto) on 127.0.0.1 holding one Overture release; overturemaps is pointed at it.

    overturemaps opens ``pyarrow.fs.S3FileSystem(anonymous=True, region=...)``
    on Overture's bucket; the test gives that filesystem an endpoint_override
    to the local server (the only change: every request, read and filter is
    the client's own).
    """
    moto_server = pytest.importorskip(
        "moto.server", reason="moto[server] (a test dependency) is not installed"
    )
    core = pytest.importorskip("overturemaps.core", reason="overturemaps is not installed")
    import pyarrow.fs as pafs

    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    admin = pafs.S3FileSystem(
        access_key="test",
        secret_key="test",
        region="us-west-2",
        endpoint_override=endpoint,
        allow_bucket_creation=True,
    )
    admin.create_dir("overturemaps-us-west-2")
    geoms, rng = footprints(120, seed=21, box=(69.0, 34.0, 71.0, 35.0))
    local = tmp_path / "part-00000.parquet"
    write_overture(local, geoms, rng)
    key = "overturemaps-us-west-2/release/2099-01-01.0/theme=buildings/type=building/part-00000.parquet"
    with admin.open_output_stream(key) as out:
        out.write(local.read_bytes())

    class _Local:
        def __getattr__(self, name: str):
            return getattr(pafs, name)

        @staticmethod
        def S3FileSystem(**kwargs):  # noqa: N802 (pyarrow's name)
            return pafs.S3FileSystem(**kwargs, endpoint_override=endpoint)

    monkeypatch.setattr(core, "fs", _Local())
    yield geoms
    server.stop()


def test_overture_online_cached(overture_s3, tmp_path: Path) -> None:
    geoms = overture_s3
    box = (69.5, 34.2, 70.5, 34.8)
    got = bk.load_settlements("buildings", bbox=box, release="2099-01-01.0", countries=None)
    x, y = shapely_centroids(geoms)
    inside = (x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])
    assert 0 < len(got) == int(inside.sum())
    np.testing.assert_allclose(np.sort(got.geometry.x), np.sort(x[inside]), atol=1e-12)
    np.testing.assert_allclose(np.sort(got["area_m2"]), np.sort(geodesic_area_m2(geoms[inside])), rtol=1e-4)
    assert (got["source"] == "overture").all()
    cached = buildings_cache(box)
    assert cached.exists()
    assert cached.is_relative_to(settings.cache_folder)
    settings.offline = True  # the second read needs no network
    again = bk.load_settlements("buildings", bbox=box, release="2099-01-01.0", countries=None)
    assert_geodataframe_equal(again, got)
    with pytest.raises(OfflineError, match=r"not cached and settings\.offline"):
        bk.load_settlements(
            "buildings", bbox=(69.6, 34.2, 70.5, 34.8), release="2099-01-01.0", countries=None
        )


def buildings_cache(box: tuple[float, float, float, float]) -> Path:
    from borderkit.geo import _overture

    return _overture.overture_cache_path(box, "2099-01-01.0")


def test_points_geoparquet_for_the_cli(tmp_path: Path) -> None:
    """The input side of `borderkit proximity --points big.parquet`: any GeoParquet of points, lazily."""
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(69.0, 72.0, 400), rng.uniform(33.0, 35.0, 400)
    folder = tmp_path / "points"
    folder.mkdir()
    frame = gpd.GeoDataFrame(
        {"id": [f"p{i}" for i in range(400)]}, geometry=gpd.points_from_xy(lon, lat), crs=4326
    )
    frame.iloc[:250].to_parquet(folder / "a.parquet", row_group_size=100)
    frame.iloc[250:].to_parquet(folder / "b.parquet", row_group_size=100)
    lazy = buildings.load_buildings(folder, lazy=True, countries=None)
    assert lazy.npartitions == 5
    got = lazy.compute()
    np.testing.assert_array_equal(got.geometry.x, lon)
    assert got.index.tolist() == list(range(400))
    assert got["settlement_id"].iloc[7] == "buildings:p7"
    assert got["area_m2"].isna().all()  # points have no footprint area
    border = bk.load_border()
    pd.testing.assert_series_equal(
        bk.distance_to_border(lazy, border).compute(scheduler="sync"), bk.distance_to_border(got, border)
    )


def test_overture_offline_needs_a_release() -> None:
    pytest.importorskip("overturemaps", reason="overturemaps is not installed")
    settings.offline = True
    with pytest.raises(OfflineError, match=r"settings\.offline is set; pass release="):
        bk.load_settlements("buildings", bbox=(69.5, 34.2, 70.5, 34.8))
