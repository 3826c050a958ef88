"""Atomic writes: the whole file or the old one, with the mode a plain open() would give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from borderkit._atomic import atomic_path, write_bytes, write_text


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_new_file_gets_the_umask_mode_not_0600(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.txt", "x")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.txt", "x")
    os.chmod(path, 0o640)
    write_bytes(path, b"y")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_bytes() == b"y"


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = write_text(tmp_path / "map.html", "good")

    def interrupted() -> None:
        with atomic_path(path) as tmp:
            tmp.write_text("half")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert path.read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_the_temporary_keeps_the_suffix_for_format_sniffing_writers(tmp_path: Path) -> None:
    with atomic_path(tmp_path / "sub" / "x.tif") as tmp:
        assert tmp.suffix == ".tif"
        assert tmp.parent == tmp_path / "sub"
        tmp.write_bytes(b"II*\x00")
    assert (tmp_path / "sub" / "x.tif").read_bytes() == b"II*\x00"
