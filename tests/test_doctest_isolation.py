"""The docstring examples run offline, in a temporary cache folder and working directory.

The repository's ``conftest.py`` does this for every module under
``borderkit/``; here it runs, as pytest runs it, on a module with an example
that reports what it sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]

EXAMPLE = '''
"""What an example sees.

>>> import pathlib
>>> from borderkit import settings
>>> settings.offline
True
>>> settings.cache_folder.name, settings.cache_folder.parent == pathlib.Path.cwd().parent
('borderkit-cache', True)
>>> pathlib.Path.cwd().name
'work'
>>> _ = pathlib.Path("written-by-an-example.txt").write_text("x")
"""
'''


def test_docstring_examples_are_isolated(pytester: pytest.Pytester) -> None:
    from borderkit import settings

    before = (settings.offline, settings.cache_folder)
    pytester.makeconftest((ROOT / "conftest.py").read_text(encoding="utf-8"))
    library = pytester.mkdir("borderkit")
    (library / "example_module.py").write_text(EXAMPLE, encoding="utf-8")
    result = pytester.runpytest_inprocess("--doctest-modules", "-p", "no:cacheprovider", "borderkit")
    result.assert_outcomes(passed=1)
    assert (settings.offline, settings.cache_folder) == before
    assert not (pytester.path / "written-by-an-example.txt").exists()
    assert not (library / "written-by-an-example.txt").exists()
