"""Shared fixtures: a writable copy of the shipped data package, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

REPOSITORY = Path(__file__).resolve().parents[1]
PACKAGE = REPOSITORY / "datapackage"


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of datapackage/ that a test may break."""
    target = tmp_path / "datapackage"
    shutil.copytree(PACKAGE, target)
    return target


@pytest.fixture
def edit_csv(package_copy: Path) -> Callable[[str, Callable[[str], str]], Path]:
    """Rewrite one CSV of the copied package through a text transformation."""

    def edit(table: str, change: Callable[[str], str]) -> Path:
        path = package_copy / "data" / f"{table}.csv"
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")
        return package_copy

    return edit


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
