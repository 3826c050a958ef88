"""Access to the bundled data files and their manifest."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DataReadError, IntegrityError

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


def record_files(data_dir: Path, entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Record bundled files in ``data_dir/manifest.json`` (used by the build scripts).

    Each entry gets ``file``, ``bytes`` and ``sha256`` from the file itself;
    entries of other files already in the manifest are kept. The manifest is
    written with sorted keys, so the same files give the same bytes.

    Returns
    -------
    dict
        The manifest written.
    """
    path = data_dir / "manifest.json"
    manifest: dict[str, Any] = {"files": {}}
    if path.exists():
        manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["about"] = "Bundled data of borderkit. Rebuild with: python scripts/build_data.py"
    for name, entry in entries.items():
        body = (data_dir / name).read_bytes()
        manifest["files"][name] = {
            **entry,
            "file": name,
            "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
    manifest["files"] = dict(sorted(manifest["files"].items()))
    path.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest
