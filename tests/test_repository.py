"""Repository habits: a licence that matches the package metadata, a citation file, a changelog."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

import borderkit

ROOT = Path(__file__).resolve().parents[1]


def test_licence_file_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text


def test_citation_file_is_valid_cff_for_this_version():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "type"):
        assert cff[key]
    assert all("name" in a or "family-names" in a for a in cff["authors"])
    assert str(cff["version"]) == borderkit.__version__
    assert cff["license"] == "MIT"


def test_changelog_has_sections():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text
    for section in ("### Added", "### Changed", "### Fixed", "### Security"):
        assert section in text
    assert f"## [{borderkit.__version__}]" in text
