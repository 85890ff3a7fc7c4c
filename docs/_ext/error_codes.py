"""The validator's error codes, rendered from ``proscribed._validate.CATALOGUE`` at build time.

One section per layer, in the order the layers run; each code gets a row with its meaning and its fix,
and an anchor ``error-<code>`` that other pages (and the validator's messages) can point to.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from node_helpers import inline_markup, literal, paragraph
from schema_reference import ReferenceDirective

from proscribed._schema import _catalogue
from proscribed._schema._catalogue import Layer
from proscribed._validate import CATALOGUE

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["ErrorCodes", "setup"]


class ErrorCodes(ReferenceDirective):
    """``{error-codes}``: every code of the catalogue, grouped by layer."""

    def run(self) -> list[nodes.Node]:
        """One section per layer, each with a table of its codes."""
        self.env.note_dependency(str(Path(__file__)))
        self.env.note_dependency(str(Path(_catalogue.__file__)))
        sections: list[nodes.Node] = []
        for layer in Layer:
            entries = [entry for entry in CATALOGUE if entry.layer is layer]
            if not entries:
                continue
            section = self.section(f"error-layer-{layer.value}", nodes.Text(f"Layer: {layer.value}"))
            rows = []
            for entry in entries:
                anchor = nodes.target("", "", ids=[f"error-{entry.code}"], names=[f"error-{entry.code}"])
                self.state.document.note_explicit_target(anchor)
                code_cell = [paragraph(anchor, literal(entry.code))]
                meaning = [
                    paragraph(nodes.strong(entry.title, entry.title)),
                    paragraph(*inline_markup(entry.description)),
                ]
                rows.append((code_cell, meaning, [paragraph(*inline_markup(entry.fix))]))
            section += self.table((2, 5, 4), ("Code", "What it means", "How to fix it"), rows)
            sections.append(section)
        return sections


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("error-codes", ErrorCodes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
