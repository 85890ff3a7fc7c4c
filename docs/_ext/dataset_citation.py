"""``cite-dataset``: the recommended citation of this data release, in prose and as BibTeX.

Title, version, release date, authors and licence come from the generated package descriptor, so the
citation changes with each release without anyone editing the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from proscribed._schema._descriptor import build_descriptor

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["bibtex", "plain_citation", "setup"]


def _facts() -> dict[str, str]:
    descriptor = build_descriptor()
    return {
        "authors": descriptor["contributors"][0]["title"],
        "title": descriptor["title"],
        "version": descriptor["version"],
        "year": descriptor["created"][:4],
        "date": descriptor["created"][:10],
        "licence": descriptor["licenses"][0]["title"],
    }


def plain_citation() -> str:
    """The citation as one line of prose."""
    facts = _facts()
    return (
        f"{facts['authors']} ({facts['year']}). {facts['title']} (data version {facts['version']}, "
        f"released {facts['date']}). Dataset. {facts['licence']}."
    )


def bibtex() -> str:
    """The citation as a BibTeX ``@misc`` entry."""
    facts = _facts()
    key = f"proscribed_{facts['version'].replace('.', '_')}"
    return (
        f"@misc{{{key},\n"
        f"  author = {{{{{facts['authors']}}}}},\n"
        f"  title = {{{facts['title']}}},\n"
        f"  year = {{{facts['year']}}},\n"
        f"  version = {{{facts['version']}}},\n"
        f"  note = {{Dataset, data version {facts['version']}, released {facts['date']}; {facts['licence']}}}\n"
        "}\n"
    )


class CiteDataset(SphinxDirective):
    """Render the prose citation as a block quote and the BibTeX entry as a code block."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Build the two renderings."""
        quote = nodes.block_quote("", nodes.paragraph(plain_citation(), plain_citation()))
        entry = nodes.literal_block(bibtex(), bibtex(), language="bibtex")
        return [quote, nodes.paragraph("", "As BibTeX:"), entry]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("cite-dataset", CiteDataset)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
