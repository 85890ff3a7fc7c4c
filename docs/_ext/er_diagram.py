"""The entity-relationship diagram of the data package, drawn at build time from the table registry.

``er-diagram`` places a diagram of every table in :data:`proscribed._schema._tables.TABLES`: its key columns,
the foreign keys of :attr:`proscribed._schema._tables.Table.foreign_keys` as arrows from a column to the
identifier it references, and the citations' references by identifier prefix as dashed arrows. Graphviz
lays it out through pygraphviz, whose wheel bundles the Graphviz library, so no system package and no
network are needed; the SVG is inlined into the page, with every table and column linking to its entry
in the schema reference.
"""

from __future__ import annotations

import html
import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygraphviz
from docutils import nodes
from schema_model import TableDoc, field_anchor, table_anchor, table_docs
from sphinx.util.docutils import SphinxDirective, SphinxTranslator
from sphinx.util.osutil import relative_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

__all__ = ["ErDiagram", "diagram_dot", "render_svg", "setup"]

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
HEADER_COLOUR = "#1f4e79"
KEY_COLOUR = "#fff4d6"
LINK_COLOUR = "#eaf2fb"
MUTED = "#5f6b7a"

Resolve = Callable[[str], str | None]
"""Maps a label of the schema reference to a URL, or ``None`` where the label is unknown."""


class ErDiagram(nodes.General, nodes.Element):
    """Placeholder for the diagram; the HTML writer draws it once every label is known."""


def _attributes(href: str | None, tooltip: str) -> str:
    attributes = f' title="{html.escape(tooltip)}" tooltip="{html.escape(tooltip)}"'
    if href is not None:
        attributes += f' href="{html.escape(href)}" target="_top"'
    return attributes


def _key_columns(document: TableDoc) -> list[tuple[str, str]]:
    """(column, marker) for the columns the diagram shows: primary key and references."""
    shown = []
    for field in document.fields:
        markers = []
        if field.key is not None:
            markers.append("PK")
        if field.links:
            markers.append("FK")
        if markers:
            shown.append((field.name, " ".join(markers)))
    return shown


def _node(document: TableDoc, resolve: Resolve) -> str:
    header_link = _attributes(resolve(table_anchor(document.name)), document.table.description)
    rows = [
        (
            f'<tr><td bgcolor="{HEADER_COLOUR}"{header_link}>'
            f'<font color="white"><b>{html.escape(document.name)}</b></font></td></tr>'
        )
    ]
    descriptions = {field.name: field.description for field in document.fields}
    for name, marker in _key_columns(document):
        colour = KEY_COLOUR if "PK" in marker else LINK_COLOUR
        link = _attributes(resolve(field_anchor(document.name, name)), descriptions[name])
        rows.append(
            f'<tr><td port="{name}" bgcolor="{colour}" align="left"{link}>{html.escape(name)}'
            f'  <font point-size="8" color="{MUTED}">{marker}</font></td></tr>'
        )
    others = len(document.fields) - len(_key_columns(document))
    if others:
        noun = "column" if others == 1 else "columns"
        more = f'<font point-size="9" color="{MUTED}">+ {others} more {noun}</font>'
        rows.append(f'<tr><td align="left"{header_link}>{more}</td></tr>')
    label = '<table border="0" cellborder="1" cellspacing="0" cellpadding="4">' + "".join(rows) + "</table>"
    return f'  "{document.name}" [label=<{label}>];'


def diagram_dot(resolve: Resolve) -> str:
    """The Graphviz source of the diagram; *resolve* gives the link of each table and column."""
    lines = [
        "digraph schema {",
        f'  graph [rankdir=LR, nodesep=0.35, ranksep=0.9, bgcolor="transparent", fontname="{FONT}"];',
        f'  node [shape=plain, fontname="{FONT}", fontsize=11];',
        f'  edge [color="{MUTED}", arrowsize=0.7, fontname="{FONT}"];',
    ]
    documents = table_docs()
    lines.extend(_node(document, resolve) for document in documents)
    for document in documents:
        for field in document.fields:
            for link in field.links:
                style = "dashed" if link.by_prefix else "solid"
                shown = " ".join(f"{prefix}-" for prefix in link.prefixes)
                label = f', label="{shown}", fontsize=10, fontcolor="{MUTED}"' if link.by_prefix else ""
                lines.append(
                    f'  "{document.name}":"{field.name}":e -> "{link.table}":"{link.field}":w [style={style}{label}];'
                )
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(dot: str) -> str:
    """Lay out *dot* with Graphviz and return an SVG element ready to inline in HTML."""
    svg = pygraphviz.AGraph(string=dot).draw(format="svg", prog="dot").decode("utf-8")
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.DOTALL)
    return svg.replace("<svg ", '<svg role="img" aria-label="Entity-relationship diagram of the tables" ', 1)


class ErDiagramDirective(SphinxDirective):
    """Place the diagram."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Note the inputs (so a model change redraws the page) and leave a placeholder."""
        for document in table_docs():
            self.env.note_dependency(inspect.getfile(document.table.model))
        self.env.note_dependency(__file__)
        return [ErDiagram()]


def _visit_html(translator: HTML5Translator, _node: ErDiagram) -> None:
    builder = translator.builder
    labels = builder.env.domains.standard_domain.anonlabels
    current = builder.current_docname

    def from_page(label: str) -> str | None:
        if label not in labels:
            return None
        docname, anchor = labels[label]
        return f"{builder.get_relative_uri(current, docname)}#{anchor}"

    def from_images(label: str) -> str | None:
        if label not in labels:
            return None
        docname, anchor = labels[label]
        return f"../{builder.get_target_uri(docname)}#{anchor}"

    standalone = f"{builder.imagedir}/er-diagram.svg"
    path = Path(builder.outdir) / standalone
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_svg(diagram_dot(from_images)), encoding="utf-8")
    full_size = relative_uri(builder.get_target_uri(current), standalone)
    translator.body.append(
        f'<figure class="er-diagram">{render_svg(diagram_dot(from_page))}'
        f'<figcaption><a href="{html.escape(full_size)}">Open the diagram at full size</a> '
        "(SVG; its tables and columns link to the schema reference).</figcaption></figure>\n"
    )
    raise nodes.SkipNode


def _skip(_translator: SphinxTranslator, _node: ErDiagram) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive and its node."""
    app.add_node(
        ErDiagram,
        html=(_visit_html, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_directive("er-diagram", ErDiagramDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
