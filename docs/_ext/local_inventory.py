"""Intersphinx without a network: write small inventories of the few outside targets the docs link to.

Sphinx's intersphinx normally downloads ``objects.inv`` from each project's site; the docs build must
not touch the network, so this extension writes an inventory for each project below into the build's
doctree folder when the configuration is read, and points ``intersphinx_mapping`` at it. The links in
the built pages still go to the projects' real documentation.

Add an entry here when a page or a docstring refers to a new outside object; an unresolved reference
fails the nitpicky build, so a missing entry cannot go unnoticed.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = ["INVENTORIES", "Inventory", "inventory_bytes", "setup"]


@dataclass(frozen=True, slots=True)
class Inventory:
    """The objects of one outside project that the docs link to: (name, domain:role, path in the site)."""

    project: str
    version: str
    base_url: str
    objects: tuple[tuple[str, str, str], ...]


INVENTORIES: dict[str, Inventory] = {
    "python": Inventory(
        "Python",
        "3",
        "https://docs.python.org/3/",
        (
            ("None", "py:data", "library/constants.html#None"),
            ("bool", "py:class", "library/functions.html#bool"),
            ("int", "py:class", "library/functions.html#int"),
            ("str", "py:class", "library/stdtypes.html#str"),
            ("tuple", "py:class", "library/stdtypes.html#tuple"),
            ("dict", "py:class", "library/stdtypes.html#dict"),
            ("Exception", "py:exception", "library/exceptions.html#Exception"),
            ("KeyError", "py:exception", "library/exceptions.html#KeyError"),
            ("ValueError", "py:exception", "library/exceptions.html#ValueError"),
            ("FileNotFoundError", "py:exception", "library/exceptions.html#FileNotFoundError"),
            ("csv", "py:module", "library/csv.html#module-csv"),
            ("json", "py:module", "library/json.html#module-json"),
            ("sqlite3", "py:module", "library/sqlite3.html#module-sqlite3"),
            ("datetime.date", "py:class", "library/datetime.html#datetime.date"),
            ("enum.StrEnum", "py:class", "library/enum.html#enum.StrEnum"),
            ("os.PathLike", "py:class", "library/os.html#os.PathLike"),
            ("collections.abc.Iterable", "py:class", "library/collections.abc.html#collections.abc.Iterable"),
            ("collections.abc.Sequence", "py:class", "library/collections.abc.html#collections.abc.Sequence"),
            ("collections.abc.Callable", "py:class", "library/collections.abc.html#collections.abc.Callable"),
            ("float", "py:class", "library/functions.html#float"),
            ("pathlib.Path", "py:class", "library/pathlib.html#pathlib.Path"),
        ),
    ),
    "pydantic": Inventory(
        "Pydantic",
        "2",
        "https://docs.pydantic.dev/latest/",
        (
            ("pydantic.BaseModel", "py:class", "api/base_model/#pydantic.BaseModel"),
            ("pydantic.BaseModel.model_dump", "py:method", "api/base_model/#pydantic.BaseModel.model_dump"),
            (
                "pydantic.BaseModel.model_dump_json",
                "py:method",
                "api/base_model/#pydantic.BaseModel.model_dump_json",
            ),
            (
                "pydantic.BaseModel.model_json_schema",
                "py:method",
                "api/base_model/#pydantic.BaseModel.model_json_schema",
            ),
        ),
    ),
}
"""The outside projects the docs link to, keyed as in ``intersphinx_mapping``."""


def inventory_bytes(inventory: Inventory) -> bytes:
    """The ``objects.inv`` (version 2) content of *inventory*."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {inventory.project}\n"
        f"# Version: {inventory.version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = "".join(f"{name} {role} 1 {path} -\n" for name, role, path in inventory.objects)
    return header.encode() + zlib.compress(lines.encode())


def _write_inventories(app: Sphinx, config: Config) -> None:
    folder = Path(app.doctreedir) / "local-inventories"
    folder.mkdir(parents=True, exist_ok=True)
    mapping = dict(config.intersphinx_mapping or {})
    for key, inventory in INVENTORIES.items():
        path = folder / f"{key}.inv"
        content = inventory_bytes(inventory)
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
        mapping[key] = (inventory.base_url, str(path))
    config.intersphinx_mapping = mapping


def setup(app: Sphinx) -> dict[str, Any]:
    """Write the inventories before intersphinx reads its configuration."""
    app.setup_extension("sphinx.ext.intersphinx")
    app.connect("config-inited", _write_inventories, priority=100)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
