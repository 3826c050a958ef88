"""Access to the bundled data files and their manifest."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .._errors import DataReadError, IntegrityError

_PACKAGE = "borderkit.data"


@cache
def manifest() -> dict[str, Any]:
    """Return the parsed ``borderkit/data/manifest.json``.

    Returns
    -------
    dict
        ``{"about": str, "files": {file name: entry}}``; each entry holds the
        source package and version, publisher, licence, attribution, sha256
        and bytes of one bundled file.
    """
    text = resources.files(_PACKAGE).joinpath("manifest.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def data_path(name: str) -> Path:
    """Return the path of bundled file ``name``, verified against its manifest sha256.

    Parameters
    ----------
    name : str
        File name under ``borderkit/data/``, e.g. ``"countries.geojson"``.

    Raises
    ------
    DataReadError
        If the file is not bundled.
    IntegrityError
        If the file's sha256 differs from the manifest's (a damaged install).
    """
    entry = manifest()["files"].get(name)
    path = Path(str(resources.files(_PACKAGE).joinpath(name)))
    if entry is None or not path.is_file():
        msg = (
            f"bundled data file {name!r} is missing from {path.parent}; reinstall borderkit "
            "or rebuild the data with `python scripts/build_data.py`"
        )
        raise DataReadError(msg)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        msg = (
            f"bundled data file {path} is damaged: its sha256 is {digest[:16]}..., the manifest "
            f"says {entry['sha256'][:16]}...; reinstall borderkit or rebuild the data with "
            "`python scripts/build_data.py`"
        )
        raise IntegrityError(msg)
    return path
