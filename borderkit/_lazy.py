"""Public names imported on first use (PEP 562), so that importing a package stays cheap.

``borderkit``, ``borderkit.geo`` and ``borderkit.maps`` re-export many
functions whose modules pull in geopandas, scipy, rasterio, networkx,
folium or pyarrow. Importing them all up front made ``borderkit --help``
take seconds; with :func:`attach`, each name is imported the first time it
is used, and only the modules that name needs are loaded.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def attach(
    package: str, names: Mapping[str, str], modules: tuple[str, ...] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """Return ``(__getattr__, __dir__, __all__)`` for ``package``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : mapping of str to str
        Public name -> the module that defines it under that name.
    modules : tuple of str
        Subpackages or submodules that are public too (``bk.geo``).
    """
    public = sorted({*names, *modules})

    def __getattr__(name: str) -> Any:  # noqa: N807 (the module-level hook of PEP 562)
        if name in names:
            value = getattr(importlib.import_module(names[name]), name)
        elif name in modules:
            value = importlib.import_module(f"{package}.{name}")
        else:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        # Keep it, so the next access does not come here again.
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted({*public, *vars(sys.modules[package])})

    return __getattr__, __dir__, public
