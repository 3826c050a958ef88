"""Isolation for the docstring examples (``pytest --doctest-modules borderkit``).

``tests/conftest.py`` isolates the test suite, but its fixtures do not reach
the examples in ``borderkit/``. Here every example runs offline, with its own
empty cache folder, in its own temporary working directory (so an example that
writes ``"out/crossings.geojson"`` writes it there), and every public setting
is restored afterwards. Ordinary tests are left to ``tests/conftest.py``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parent / "borderkit"


@pytest.fixture(autouse=True)
def _isolated_doctest(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    """Run a docstring example offline, in a temporary cache folder and working directory."""
    if not request.node.path.resolve().is_relative_to(LIBRARY):
        yield
        return
    from borderkit import settings

    saved = {
        name: copy.deepcopy(value)
        for name, value in vars(settings).items()
        if not name.startswith("_") and isinstance(value, bool | int | float | str | Path | dict | None)
    }
    settings.cache_folder = tmp_path / "borderkit-cache"
    settings.offline = True
    settings.use_cache = True
    work = tmp_path / "work"
    work.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        yield
    for name, value in saved.items():
        setattr(settings, name, value)
