"""Tests of borderkit.geo.raster: zonal sums, reach zones, elevation profiles and distance rasters.

Every expected value is computed independently of the code under test: cell
centres from the raster's own transform and distances with a separate
pyproj.Geod.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from pyproj import Geod, Transformer
from rasterio.transform import from_origin

import borderkit as bk
from borderkit import settings
from borderkit.errors import (
    CRSError,
    DataReadError,
    NoOverlapError,
    OfflineError,
    RasterCoverageWarning,
    SchemaError,
    SourceUnavailableError,
    SuspectCoordinatesWarning,
)
from borderkit.geo import elevation, raster, reach

GEOD = Geod(ellps="WGS84")  # independent of borderkit's own instance
RANGES = {"Accept-Ranges": "bytes", "Content-Type": "image/tiff"}
HREA = "hrea_afg_settlements/AFG_set_pop.tif"

# A 0.01-degree grid around (71 E, 34 N): 1 person per cell (band 1), 2 per cell (band 2).
ORIGIN = (70.5, 34.5)
CELL = 0.01
SIZE = 100
NODATA = -999.0
CENTRE = (71.0031, 34.0017)  # off the cell centres: no symmetric ties


def write_tif(path: Path, bands: list[np.ndarray], *, crs: str | None, transform, nodata=None, **kw) -> Path:
    height, width = bands[0].shape
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": len(bands),
        "dtype": bands[0].dtype.name,
        "transform": transform,
        "nodata": nodata,
        **kw,
    }
    if crs is not None:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as dst:
        for i, band in enumerate(bands, start=1):
            dst.write(band, i)
    return path


def people_grid() -> np.ndarray:
    ones = np.ones((SIZE, SIZE), dtype="float32")
    ones[40, :] = NODATA  # a row of nodata through the disc
    ones[45, 45:50] = np.nan  # and a few NaN cells
    return ones


@pytest.fixture
def people_tif(tmp_path: Path) -> Path:
    ones = people_grid()
    twos = np.where(ones == 1, 2, ones).astype("float32")
    return write_tif(
        tmp_path / "people.tif",
        [ones, twos],
        crs="EPSG:4326",
        transform=from_origin(*ORIGIN, CELL, CELL),
        nodata=NODATA,
    )


def centres(transform, height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    cols, rows = np.meshgrid(np.arange(width) + 0.5, np.arange(height) + 0.5)
    x = transform.c + cols * transform.a + rows * transform.b
    y = transform.f + cols * transform.d + rows * transform.e
    return x, y


def disc(lon: float, lat: float, radius_km: float, index=None) -> gpd.GeoDataFrame:
    zones = bk.reach_zones(gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs=4326), [radius_km])
    return zones if index is None else zones.set_axis(index)


def independent_sum(values, lon, lat, centre, radius_m, *, margin_m=3.0) -> float:
    """Sum of the valid values whose centres lie within radius_m (geodesic) of centre."""
    c = np.broadcast_to(np.asarray(centre, dtype=float), (lon.size, 2))
    _, _, d = GEOD.inv(c[:, 0], c[:, 1], lon.ravel(), lat.ravel())
    # No centre may sit on the disc's edge, where the 256-gon and the circle part.
    assert not np.any(np.abs(d - radius_m) < margin_m), "choose another radius: a centre lies on the edge"
    v = values.ravel()
    ok = np.isfinite(v) & (v != NODATA) & (d <= radius_m)
    return float(v[ok].sum())


# --------------------------------------------------------------------------- reach_zones


def test_reach_zones_discs_have_exact_geodesic_radius() -> None:
    crossings = bk.load_crossings()
    zones = bk.reach_zones(crossings, [10, 25, 50])
    assert zones.columns.tolist() == ["crossing_id", "distance_km", "area_km2", "geometry"]
    assert zones.crs.to_epsg() == 4326
    assert len(zones) == 3 * len(crossings)
    assert zones["crossing_id"].tolist() == [c for c in crossings["crossing_id"] for _ in range(3)]
    assert zones["distance_km"].tolist() == [10.0, 25.0, 50.0] * len(crossings)
    for (_, zone), (lon, lat) in zip(
        zones.iterrows(),
        np.repeat(shapely.get_coordinates(crossings.geometry.values), 3, axis=0),
        strict=True,
    ):
        ring = np.asarray(zone.geometry.exterior.coords)
        _, _, d = GEOD.inv(np.full(len(ring), lon), np.full(len(ring), lat), ring[:, 0], ring[:, 1])
        assert d == pytest.approx(zone.distance_km * 1000.0, abs=1e-6)
        assert zone.geometry.exterior.is_ccw
        assert zone.area_km2 == pytest.approx(math.pi * zone.distance_km**2, rel=1e-3)


def test_reach_zones_of_the_border_are_border_zones() -> None:
    border = bk.load_border()
    zones = bk.reach_zones(border, 25)
    assert zones.columns.tolist() == ["name", "distance_km", "area_km2", "geometry"]
    assert zones["name"].tolist() == ["Durand Line"]
    expected = bk.border_zone(border, 25)
    assert zones.geometry.iloc[0].equals(expected.geometry.iloc[0])
    assert zones.area_km2.iloc[0] == pytest.approx(expected.area_km2.iloc[0])


def test_reach_zones_other_ids_and_bad_input() -> None:
    pts = gpd.GeoDataFrame(
        {"settlement_id": ["a", "b"]}, geometry=gpd.points_from_xy([70, 71], [33, 34]), crs=4326
    )
    assert bk.reach_zones(pts, 5)["settlement_id"].tolist() == ["a", "b"]
    series = gpd.GeoSeries(gpd.points_from_xy([70], [33]), crs=4326, index=["x"])
    assert bk.reach_zones(series, 5)["target"].tolist() == ["x"]
    with pytest.raises(ValueError, match="positive"):
        bk.reach_zones(pts, [10, -1])
    with pytest.raises(CRSError):
        bk.reach_zones(pts.set_crs(None, allow_override=True), 5)
    with pytest.raises(SchemaError, match="no 'zzz' column"):
        bk.reach_zones(pts, 5, id_column="zzz")


# --------------------------------------------------------------------------- population_within


def test_population_within_disc_equals_independent_count(people_tif: Path) -> None:
    lon, lat = centres(from_origin(*ORIGIN, CELL, CELL), SIZE, SIZE)
    values = people_grid()
    zones = pd.concat([disc(*CENTRE, r, index=[f"r{r}"]) for r in (7.3, 18.0)])
    got = bk.population_within(people_tif, zones)
    assert got.name == "population"
    assert got.index.tolist() == ["r7.3", "r18.0"]
    for r, value in zip((7.3, 18.0), got, strict=True):
        expected = independent_sum(values, lon, lat, CENTRE, r * 1000.0)
        assert value == expected
        assert expected > 100
    # Band 2 holds twice the people.
    assert bk.population_within(people_tif, zones, band=2).tolist() == (2 * got).tolist()
    with pytest.raises(ValueError, match="band must be between 1 and 2"):
        bk.population_within(people_tif, zones, band=3)


def test_population_within_accepts_an_open_dataset_and_any_geometry_crs(people_tif: Path) -> None:
    zones = disc(*CENTRE, 12.0)
    expected = bk.population_within(people_tif, zones).iloc[0]
    with rasterio.open(people_tif) as ds:
        assert bk.population_within(ds, zones).iloc[0] == expected
        assert not ds.closed
    # The same polygon given in UTM and in web mercator.
    for crs in ("EPSG:32642", "EPSG:3857"):
        assert bk.population_within(people_tif, zones.to_crs(crs)).iloc[0] == pytest.approx(expected, abs=1)


def test_population_within_raster_in_another_crs(tmp_path: Path) -> None:
    to_utm = Transformer.from_crs(4326, 32642, always_xy=True)
    x0, y0 = to_utm.transform(70.7, 34.3)
    transform = from_origin(round(x0, -3), round(y0, -3), 1000.0, 1000.0)
    path = write_tif(
        tmp_path / "utm.tif", [np.ones((60, 60), dtype="float32")], crs="EPSG:32642", transform=transform
    )
    x, y = centres(transform, 60, 60)
    lon, lat = Transformer.from_crs(32642, 4326, always_xy=True).transform(x, y)
    zones = disc(*CENTRE, 15.0)
    got = bk.population_within(path, zones)
    expected = independent_sum(np.ones((60, 60)), lon, lat, CENTRE, 15_000.0)
    assert got.iloc[0] == expected
    assert got.attrs["raster_crs"] == "EPSG:32642"


def test_population_within_no_overlap_warns_then_errors(people_tif: Path) -> None:
    zones = pd.concat([disc(*CENTRE, 5.0, index=["near"]), disc(10.0, 50.0, 5.0, index=["far"])])
    with pytest.warns(RasterCoverageWarning, match=r"1 of 2 geometries do not overlap .*\['far'\]"):
        got = bk.population_within(people_tif, zones)
    assert got["near"] > 0
    assert np.isnan(got["far"])
    with pytest.raises(NoOverlapError, match=r"none of the 2 geometries.*raster covers \(70\.5000, 33\.5000"):
        bk.population_within(people_tif, zones.loc[["far", "far"]])
    # Swapped lat/lon lands far away too.
    swapped = disc(CENTRE[1], CENTRE[0], 5.0)
    with pytest.raises(NoOverlapError, match="lat/lon swapped"):
        bk.population_within(people_tif, swapped)


def test_population_within_bad_input(tmp_path: Path, people_tif: Path) -> None:
    no_crs = write_tif(
        tmp_path / "nocrs.tif",
        [np.ones((10, 10), dtype="float32")],
        crs=None,
        transform=from_origin(*ORIGIN, CELL, CELL),
    )
    zones = disc(*CENTRE, 5.0)
    with pytest.raises(CRSError, match=r"nocrs\.tif has no CRS"):
        bk.population_within(no_crs, zones)
    with pytest.raises(CRSError, match="geometries have no CRS"):
        bk.population_within(people_tif, zones.set_crs(None, allow_override=True))
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy([71], [34]), crs=4326)
    with pytest.raises(SchemaError, match="reach_zones"):
        bk.population_within(people_tif, points)
    with pytest.raises(DataReadError, match="does not exist"):
        bk.population_within(tmp_path / "missing.tif", zones)
    (tmp_path / "junk.tif").write_text("not a raster")
    with pytest.raises(DataReadError, match="could not read"):
        bk.population_within(tmp_path / "junk.tif", zones)


def test_population_within_remote_raster(http_server, people_tif: Path) -> None:
    http_server.route("/people.tif", [(200, RANGES, people_tif.read_bytes())])
    zones = disc(*CENTRE, 9.0)
    url = http_server.url("/people.tif")
    assert bk.population_within(url, zones).tolist() == bk.population_within(people_tif, zones).tolist()
    assert any("Range" in r.headers for r in http_server.requests)
    assert all(r.headers.get("User-Agent") == settings.user_agent for r in http_server.requests)


def test_remote_raster_is_refused_offline(http_server, people_tif: Path) -> None:
    http_server.route("/people.tif", [(200, RANGES, people_tif.read_bytes())])
    settings.offline = True
    with pytest.raises(OfflineError, match=r"offline.*local path"):
        bk.population_within(http_server.url("/people.tif"), disc(*CENTRE, 9.0))
    assert http_server.count() == 0


# --------------------------------------------------------------------------- population on HREA


def test_hrea_population_within_25_km_of_torkham(shared_real: Path) -> None:
    path = shared_real / HREA
    crossings = bk.load_crossings()
    torkham = crossings[crossings["crossing_id"] == "torkham"]
    lon0, lat0 = torkham.geometry.iloc[0].x, torkham.geometry.iloc[0].y
    got = bk.population_within(path, bk.reach_zones(torkham, [25])).iloc[0]
    # Independent: read a window around Torkham, measure every cell centre with Geod.inv.
    with rasterio.open(path) as ds:
        window = rasterio.windows.from_bounds(lon0 - 0.4, lat0 - 0.3, lon0 + 0.4, lat0 + 0.3, ds.transform)
        window = window.round_offsets().round_lengths()
        values = ds.read(1, window=window).astype("float64")
        values[values == ds.nodata] = np.nan
        lon, lat = centres(ds.window_transform(window), *values.shape)
    _, _, d = GEOD.inv(np.full(lon.size, lon0), np.full(lon.size, lat0), lon.ravel(), lat.ravel())
    expected = np.nansum(values.ravel()[d <= 25_000.0])
    assert got > 0
    assert got == pytest.approx(expected, rel=0.01)


def test_hrea_whole_raster_and_reach_zones(shared_real: Path) -> None:
    path = shared_real / HREA
    with rasterio.open(path) as ds:
        total = 0.0
        for _, window in ds.block_windows(1):
            block = ds.read(1, window=window)
            total += float(block[block != ds.nodata].sum(dtype=np.float64))
        box = gpd.GeoDataFrame(geometry=[shapely.box(*ds.bounds).buffer(0.1)], crs=4326)
    assert total == pytest.approx(45.3e6, rel=0.01)  # SOURCES.md section 6
    assert bk.population_within(path, box).iloc[0] == pytest.approx(total, rel=1e-9)
    zones = bk.reach_zones(bk.load_crossings(), [10, 25, 50])
    zones["population"] = bk.population_within(path, zones)
    table = zones.pivot(index="crossing_id", columns="distance_km", values="population")
    assert np.isfinite(table.to_numpy()).all()
    assert (table[10.0] <= table[25.0]).all()
    assert (table[25.0] <= table[50.0]).all()
    assert (table[50.0] > 0).all()


# --------------------------------------------------------------------------- elevation_profile


@pytest.fixture
def linear_dem() -> tuple[np.ndarray, object]:
    """Elevation = 1000 + 100 * (lon - 60) m at each cell centre, 0.05-degree cells over 60-75 E, 29-38 N."""
    transform = from_origin(60.0, 38.0, 0.05, 0.05)
    lon, _ = centres(transform, 180, 300)
    return (1000.0 + 100.0 * (lon - 60.0)).astype("float32"), transform


def expected_linear(prof: gpd.GeoDataFrame) -> np.ndarray:
    col = np.floor((prof.geometry.x.to_numpy() - 60.0) / 0.05)
    return 1000.0 + 5.0 * col + 2.5  # the value at the centre of the cell holding each station


def test_elevation_profile_on_bundled_etopo5() -> None:
    border = bk.load_border()
    line = border.geometry.iloc[0]
    length_km = GEOD.geometry_length(line) / 1000.0
    prof = bk.elevation_profile(border, step_km=5.0)
    assert prof.columns.tolist() == ["chainage_km", "elevation_m", "source", "geometry"]
    assert prof.crs.to_epsg() == 4326
    assert (prof["source"] == "ETOPO5 (about 9 km cells)").all()
    chain = prof["chainage_km"].to_numpy()
    assert chain[0] == 0.0
    np.testing.assert_allclose(np.diff(chain), 5.0)
    assert length_km - 5.0 < chain[-1] <= length_km
    assert prof.geometry.iloc[0].equals(shapely.Point(line.coords[0]))
    # Stations lie on the line (on the geodesic between two vertices, which parts from the straight
    # lon/lat segment by up to ~60 m on the long southern segments), at their chainage along it.
    xy = shapely.get_coordinates(prof.geometry.values)
    assert shapely.distance(line, prof.geometry.values).max() < 1e-3
    for i in (1, 100, len(prof) - 1):
        head = shapely.ops.substring(line, 0.0, line.project(prof.geometry.iloc[i]))
        assert GEOD.geometry_length(head) / 1000.0 == pytest.approx(chain[i], abs=0.005)
    _, _, hop = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
    assert hop.max() <= 5000.0 + 1e-6
    # Values are the ETOPO5 cells holding each station.
    with rasterio.open(bk.geo._data.data_path("etopo5_afpak.tif")) as ds:
        grid = ds.read(1)
        t = ds.transform
    cols = np.floor((xy[:, 0] - t.c) / t.a).astype(int)
    rows = np.floor((xy[:, 1] - t.f) / t.e).astype(int)
    np.testing.assert_array_equal(prof["elevation_m"].to_numpy(), grid[rows, cols].astype(float))
    # Plausible relief: the Hindu Kush / Wakhan in the north, lower towards Iran in the south.
    elev = prof["elevation_m"].to_numpy()
    north, south = elev[: len(elev) // 5], elev[-len(elev) // 5 :]
    assert north.max() > 4000.0
    assert south.mean() < north.mean()
    assert elev.min() > 0.0
    assert elev.max() < 8000.0


def test_elevation_profile_user_dem_gives_exact_values(tmp_path: Path, linear_dem) -> None:
    grid, transform = linear_dem
    path = write_tif(tmp_path / "linear.tif", [grid], crs="EPSG:4326", transform=transform)
    prof = bk.elevation_profile(bk.load_border(), path, step_km=10.0)
    assert (prof["source"] == "linear.tif").all()
    assert np.diff(prof["chainage_km"].to_numpy()) == pytest.approx(10.0)
    np.testing.assert_array_equal(prof["elevation_m"].to_numpy(), expected_linear(prof))


def test_elevation_profile_projected_dem(tmp_path: Path) -> None:
    # Elevation = easting / 1000 at each cell centre, 10 km cells in UTM 42N over the whole border.
    transform = from_origin(-400_000.0, 4_200_000.0, 10_000.0, 10_000.0)
    x, _ = centres(transform, 110, 180)
    path = write_tif(
        tmp_path / "utm.tif", [(x / 1000.0).astype("float32")], crs="EPSG:32642", transform=transform
    )
    prof = bk.elevation_profile(bk.load_border(), path, step_km=20.0)
    east, _ = Transformer.from_crs(4326, 32642, always_xy=True).transform(prof.geometry.x, prof.geometry.y)
    col = np.floor((np.asarray(east) - transform.c) / 10_000.0)
    expected = (transform.c + (col + 0.5) * 10_000.0) / 1000.0
    np.testing.assert_array_equal(prof["elevation_m"].to_numpy(), expected)


def test_elevation_profile_partial_dem_and_nodata_warn(tmp_path: Path, linear_dem) -> None:
    grid, transform = linear_dem
    west = write_tif(tmp_path / "west.tif", [grid[:, :160]], crs="EPSG:4326", transform=transform)  # to 68 E
    with pytest.warns(RasterCoverageWarning, match=r"stations have no elevation .*outside it, 0 on nodata"):
        prof = bk.elevation_profile(bk.load_border(), west, step_km=10.0)
    outside = prof.geometry.x.to_numpy() >= 68.0
    assert outside.any()
    assert not outside.all()
    assert np.isnan(prof["elevation_m"].to_numpy()[outside]).all()
    assert np.isfinite(prof["elevation_m"].to_numpy()[~outside]).all()
    holes = grid.copy()
    holes[:, 200:220] = -32768  # 70-71 E
    holed = write_tif(tmp_path / "holes.tif", [holes], crs="EPSG:4326", transform=transform, nodata=-32768)
    with pytest.warns(RasterCoverageWarning, match=r"0 outside it, \d+ on nodata cells"):
        prof = bk.elevation_profile(bk.load_border(), holed, step_km=10.0)
    lon = prof.geometry.x.to_numpy()
    in_hole = (lon >= 70.0) & (lon < 71.0)
    assert in_hole.any()
    assert np.isnan(prof["elevation_m"].to_numpy()[in_hole]).all()
    assert not np.isnan(prof["elevation_m"].to_numpy()[~in_hole]).any()


def test_elevation_profile_bad_input(tmp_path: Path, linear_dem) -> None:
    grid, _ = linear_dem
    far = write_tif(
        tmp_path / "far.tif", [grid], crs="EPSG:4326", transform=from_origin(0.0, 10.0, 0.05, 0.05)
    )
    with pytest.raises(NoOverlapError, match=r"does not cross any valid cell of the DEM far\.tif"):
        bk.elevation_profile(bk.load_border(), far)
    with pytest.raises(ValueError, match="step_km must be positive"):
        bk.elevation_profile(bk.load_border(), step_km=0)
    with pytest.raises(CRSError):
        bk.elevation_profile(bk.load_border().set_crs(None, allow_override=True))


def test_elevation_profile_remote_cog_matches_local(tmp_path: Path, http_server, linear_dem) -> None:
    grid, transform = linear_dem
    cog = write_tif(
        tmp_path / "linear_cog.tif", [grid], crs="EPSG:4326", transform=transform, driver="COG", blocksize=64
    )
    local = bk.elevation_profile(bk.load_border(), cog, step_km=10.0)
    http_server.route("/dem/linear_cog.tif", [(200, RANGES, cog.read_bytes())])
    url = http_server.url("/dem/linear_cog.tif")
    remote = bk.elevation_profile(bk.load_border(), url, step_km=10.0)
    assert (remote["source"] == url).all()
    pd.testing.assert_frame_equal(
        pd.DataFrame(remote.drop(columns="source")), pd.DataFrame(local.drop(columns="source"))
    )
    np.testing.assert_array_equal(remote["elevation_m"].to_numpy(), expected_linear(remote))
    ranged = [r for r in http_server.requests if r.method == "GET"]
    assert ranged
    assert all(r.headers.get("Range", "").startswith("bytes=") for r in ranged)


def test_remote_dem_that_is_missing_fails_clearly(http_server) -> None:
    url = http_server.url("/nothing.tif")
    with pytest.raises(SourceUnavailableError, match=r"nothing\.tif.*Range"):
        bk.elevation_profile(bk.load_border(), url)


# --------------------------------------------------------------------------- distance_raster


def brute_force_km(lon: float, lat: float, crossings: gpd.GeoDataFrame) -> tuple[float, int]:
    xy = shapely.get_coordinates(crossings.geometry.values)
    _, _, d = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
    return float(d.min()) / 1000.0, int(np.argmin(d))


def test_distance_raster_values_are_exact(tmp_path: Path) -> None:
    crossings = bk.load_crossings()
    out = bk.distance_raster(
        crossings, resolution_km=10.0, bounds=(69.0, 32.0, 72.0, 35.0), out=tmp_path / "d.tif"
    )
    assert out == tmp_path / "d.tif"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.tif"]  # no temporary file left
    with rasterio.open(out) as ds:
        assert ds.crs.to_epsg() == 4326
        assert ds.dtypes == ("float32", "float32")
        assert ds.descriptions == ("distance_km", "nearest_crossing")
        tags = ds.tags()
        dist, nearest = ds.read(1), ds.read(2)
        t, (height, width) = ds.transform, ds.shape
    assert tags["units"] == "km"
    assert "geodesic" in tags["method"]
    ids = json.loads(tags["crossing_ids"])
    assert ids == crossings["crossing_id"].tolist()
    assert tags["crossings"] == ",".join(ids)
    # Cells are 10 km square at the centre latitude.
    assert (t.c, t.f) == (69.0, 35.0)
    _, _, east = GEOD.inv(70.0, 33.5, 70.0 + t.a, 33.5)
    _, _, north = GEOD.inv(70.0, 33.5 - t.e / 2, 70.0, 33.5 + t.e / 2)
    assert east == pytest.approx(10_000.0, rel=1e-6)  # the geodesic cuts the parallel's arc
    assert north == pytest.approx(10_000.0, rel=1e-6)
    assert t.c + width * t.a >= 72.0
    assert t.f + height * t.e <= 32.0
    torkham = crossings.geometry.iloc[0]
    cells = [
        (0, 0),
        (height // 2, width // 2),
        (height - 1, width - 1),
        (3, width - 1),
        (int((35.0 - torkham.y) // -t.e), int((torkham.x - 69.0) // t.a)),
    ]
    for row, col in cells:
        lon, lat = t.c + (col + 0.5) * t.a, t.f + (row + 0.5) * t.e
        pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([lon], [lat]), crs=4326)
        near = bk.nearest_crossing(pts, crossings).iloc[0]
        assert dist[row, col] == np.float32(near["distance_m"] / 1000.0)
        km, k = brute_force_km(lon, lat, crossings)
        assert dist[row, col] == pytest.approx(km, rel=1e-6)
        assert ids[int(nearest[row, col])] == near["crossing_id"] == crossings["crossing_id"].iloc[k]
    assert dist[cells[-1]] < 10.0  # the cell holding Torkham


def test_distance_raster_default_bounds_and_bad_input(tmp_path: Path) -> None:
    crossings = bk.load_crossings()
    out = bk.distance_raster(crossings, resolution_km=50.0, out=tmp_path / "sub" / "d.tif")
    minx, miny, maxx, maxy = bk.load_countries().total_bounds
    with rasterio.open(out) as ds:
        b = ds.bounds
        assert (b.left, b.top) == pytest.approx((minx, maxy))
        assert b.right >= maxx
        assert b.bottom <= miny
        assert np.isfinite(ds.read(1)).all()
    with pytest.raises(ValueError, match="resolution_km must be positive"):
        bk.distance_raster(crossings, resolution_km=0, out=tmp_path / "x.tif")
    with pytest.raises(ValueError, match="bounds must be"):
        bk.distance_raster(crossings, bounds=(72, 30, 70, 35), out=tmp_path / "x.tif")
    with pytest.raises(ValueError, match="more than 500,000,000"):
        bk.distance_raster(crossings, resolution_km=0.01, out=tmp_path / "x.tif")
    with pytest.raises(SchemaError, match="crossing_id"):
        bk.distance_raster(crossings.drop(columns="crossing_id"), out=tmp_path / "x.tif")
    with pytest.warns(SuspectCoordinatesWarning, match="more than 1,000 km"):
        bk.distance_raster(crossings, resolution_km=50.0, bounds=(0, 0, 2, 2), out=tmp_path / "far.tif")
    assert not (tmp_path / "x.tif").exists()


def test_public_names() -> None:
    assert bk.population_within is raster.population_within
    assert bk.reach_zones is reach.reach_zones
    assert bk.elevation_profile is elevation.elevation_profile
    assert bk.distance_raster is raster.distance_raster


def test_distance_raster_refuses_other_formats_and_writes_atomically(tmp_path: Path) -> None:
    crossings = bk.load_crossings()
    for name in ("d.png", "d.jpg", "d"):
        with pytest.raises(ValueError, match=r"GeoTIFF.*\.tif or \.tiff"):
            bk.distance_raster(crossings, resolution_km=50.0, out=tmp_path / name)
    assert list(tmp_path.iterdir()) == []
    good = bk.distance_raster(crossings, resolution_km=50.0, out=tmp_path / "d.TIFF")
    before = good.read_bytes()
    # A refused call leaves the previous file whole (atomic_path itself is tested with the writers).
    with pytest.raises(ValueError, match="more than"):
        bk.distance_raster(crossings, resolution_km=0.01, out=good)
    assert good.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.TIFF"]  # no temporary left behind


# --------------------------------------------------------------------------- blockwise reads and writes


class RecordingDataset:
    """A real open rasterio dataset that records the windows read from it (nothing else changes)."""

    def __init__(self, ds) -> None:
        self._ds = ds
        self.reads: list[tuple[int, int, int, int]] = []

    def __getattr__(self, name: str):
        return getattr(self._ds, name)

    def read(self, *args, window=None, **kwargs):
        assert window is not None, "the whole raster was read"
        self.reads.append((int(window.col_off), int(window.row_off), int(window.width), int(window.height)))
        return self._ds.read(*args, window=window, **kwargs)


def test_population_within_reads_each_tile_once_and_equals_the_whole_raster_answer(tmp_path: Path) -> None:
    # 4,300 x 2,100 cells of 0.0005 degrees: 3 x 2 tiles of 2,048; discs over the tiles' corner.
    rng = np.random.default_rng(13)
    values = rng.integers(0, 50, size=(2100, 4300)).astype("float32")
    values[rng.random(values.shape) < 0.05] = NODATA
    values[100:140, 2000:2100] = np.nan
    transform = from_origin(69.0, 34.6, 0.0005, 0.0005)
    path = write_tif(tmp_path / "big.tif", [values], crs="EPSG:4326", transform=transform, nodata=NODATA)
    corner = (69.0 + 2048 * 0.0005 + 0.00013, 34.6 - 2048 * 0.0005 - 0.00011)
    zones = pd.concat(
        [disc(*corner, r, index=[f"corner{r}"]) for r in (2.0, 5.0, 9.0)]
        + [disc(69.3, 34.3, 4.0, index=["west"]), disc(70.9, 33.65, 6.0, index=["east"])]
    )
    with rasterio.open(path) as ds:
        spy = RecordingDataset(ds)
        got = bk.population_within(spy, zones)
    # Each tile read once, whatever the overlapping zones over it; never more than 2,048 x 2,048 cells.
    assert len(spy.reads) == len(set(spy.reads))
    assert all(w <= 2048 and h <= 2048 for _, _, w, h in spy.reads)
    assert len(spy.reads) < 6  # the tiles no zone meets are not read
    # Independently: the whole raster in memory, each zone rasterised over it (cell centres inside).
    valid = np.isfinite(values) & (values != NODATA)
    for name, geom in zip(zones.index, zones.geometry, strict=True):
        inside = rasterio.features.geometry_mask([geom], values.shape, transform, invert=True)
        assert got[name] == float(values[inside & valid].sum(dtype=np.float64)), name
        assert got[name] > 0


def test_hrea_zonal_sums_read_blockwise_equal_zone_by_zone_sums(shared_real: Path) -> None:
    path = shared_real / HREA
    zones = bk.reach_zones(bk.load_crossings(), [10, 25, 50])
    with rasterio.open(path) as ds:
        spy = RecordingDataset(ds)
        got = bk.population_within(spy, zones)
        # 21 overlapping zones, each tile of the raster read at most once.
        assert len(spy.reads) == len(set(spy.reads))
        assert len(spy.reads) <= math.ceil(ds.width / 2048) * math.ceil(ds.height / 2048)
        # Independently: each zone's own bounding window read whole and rasterised.
        for i, geom in enumerate(zones.geometry):
            w = rasterio.windows.from_bounds(*geom.bounds, ds.transform)
            c0, r0 = max(0, math.floor(w.col_off)), max(0, math.floor(w.row_off))
            c1 = min(ds.width, math.ceil(w.col_off + w.width))
            r1 = min(ds.height, math.ceil(w.row_off + w.height))
            window = rasterio.windows.Window(c0, r0, c1 - c0, r1 - r0)
            data = ds.read(1, window=window, masked=True)
            inside = rasterio.features.geometry_mask(
                [geom], data.shape, ds.window_transform(window), invert=True
            )
            expected = float(data.filled(0)[inside & ~np.ma.getmaskarray(data)].sum(dtype=np.float64))
            assert got.iloc[i] == pytest.approx(expected, rel=1e-12, abs=1e-6)


@pytest.mark.parametrize(
    ("resolution_km", "bounds", "tiled"),
    [
        (1.1, (62.0, 30.0, 74.0, 33.0), True),  # 256 x 256 tiles, windows of 256 rows x 1,024 columns
        (0.25, (70.0, 28.0, 70.4, 36.0), False),  # narrower than a tile: bands of whole rows
    ],
)
def test_distance_raster_written_window_by_window_equals_one_whole_grid(
    tmp_path: Path, resolution_km: float, bounds: tuple, tiled: bool
) -> None:
    crossings = bk.load_crossings()
    out = bk.distance_raster(crossings, resolution_km=resolution_km, bounds=bounds, out=tmp_path / "d.tif")
    with rasterio.open(out) as ds:
        dist, nearest = ds.read(1), ds.read(2)
        t, (height, width) = ds.transform, ds.shape
        ids = json.loads(ds.tags()["crossing_ids"])
        if tiled:
            assert ds.block_shapes == [(256, 256), (256, 256)]  # written and read by blocks
    if tiled:
        assert width > 1024  # more than one window across
        assert height > 256  # and down
    else:
        assert width < 256
        assert width * height > 2 * 262_144  # three bands of rows
    # Independently of the windows: every cell centre measured in one call.
    cols, rows = np.meshgrid(np.arange(width), np.arange(height))
    lon, lat = t.c + (cols + 0.5) * t.a, t.f + (rows + 0.5) * t.e
    pts = gpd.GeoSeries(gpd.points_from_xy(lon.ravel(), lat.ravel()), crs=4326)
    near = bk.nearest_crossing(pts, crossings)
    np.testing.assert_array_equal(dist.ravel(), (near["distance_m"].to_numpy() / 1000.0).astype("float32"))
    np.testing.assert_array_equal(
        np.asarray(ids)[nearest.ravel().astype(int)], near["crossing_id"].to_numpy()
    )
