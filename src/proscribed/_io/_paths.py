"""Which package a command or a call works on: a path given, the checkout it runs in, or the installed copy."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .._schema._descriptor import DESCRIPTOR_NAME

__all__ = ["default_package", "package_root", "shipped_root", "working_package"]


def working_package(start: Path | None = None) -> Path | None:
    """The data package of the folder a command runs in, if it is in one.

    That is the nearest of *start* (by default the current folder) and its parents that holds
    ``datapackage/datapackage.json`` (a checkout of a data repository) or is itself a package folder.
    """
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for root in (candidate / "datapackage", candidate):
            if (root / DESCRIPTOR_NAME).is_file():
                return root
    return None


def default_package(*, writing: bool = False) -> Path:
    """The package a command works on when it is given none: one rule for every command.

    Inside a checkout (see :func:`working_package`), its package; otherwise the copy installed with
    proscribed, which is only ever read: a command that would write raises :class:`FileNotFoundError`.
    """
    found = working_package()
    if found is not None:
        return found
    if writing:
        raise FileNotFoundError(
            "no data package in this folder or its parents; give its path "
            "(the copy installed with proscribed is never rewritten)"
        )
    return shipped_root()


def package_root(path: str | os.PathLike[str]) -> Path:
    """The package folder for *path*, which names a ``datapackage.json`` or the folder holding it."""
    candidate = Path(path)
    if candidate.is_dir():
        candidate = candidate / DESCRIPTOR_NAME
    if not candidate.is_file():
        raise FileNotFoundError(f"no {DESCRIPTOR_NAME} at {candidate}")
    return candidate.parent


def shipped_root() -> Path:
    """The folder of the data package shipped with the installed package.

    A wheel carries it inside the package as ``proscribed/_datapackage``; a source checkout (and an
    editable install of one) reads ``datapackage/`` at the repository root.
    """
    inside = resources.files("proscribed").joinpath("_datapackage")
    if isinstance(inside, Path) and (inside / DESCRIPTOR_NAME).is_file():
        return inside
    checkout = Path(__file__).resolve().parents[3] / "datapackage"
    if (checkout / DESCRIPTOR_NAME).is_file():
        return checkout
    raise FileNotFoundError("the data package shipped with proscribed is missing from this installation")
