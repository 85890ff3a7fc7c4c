"""Sphinx directives that render the schema reference from the models at build time.

``schema-tables``
    One section per registered table: what a row is, its file, keys, references in and out, the
    rules across its columns, and a row per column with type, constraints, whether it is required,
    description, vocabulary terms with their meaning, examples and the table a reference points to.
``value-types``
    The shared value types (identifiers, EDTF dates, codes, text, URLs) with their rules.
``vocabularies``
    Every controlled vocabulary with its terms, their meaning and the columns that use it.
``vocabulary-terms``
    The terms of one vocabulary with their meaning, for explanations that discuss it.

The directives build docutils nodes directly (no generated markup is re-parsed), so they behave the
same in MyST and reStructuredText pages. They register the record models (``proscribed.Actor``, …)
and vocabularies (``proscribed.Action``, …) as Python objects, so ``{py:class}`` roles and the API
reference's type annotations link to them.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from node_helpers import as_list, docstring_paragraphs, inline_markup, joined, literal, paragraph, pill, text
from schema_model import (
    IDENTIFIER_SUMMARY,
    VALUE_TYPES,
    FieldDoc,
    Link,
    TableDoc,
    field_anchor,
    identifier_types,
    table_anchor,
    table_docs,
    type_anchor,
    value_type_constraints,
    vocabularies,
    vocabulary_anchor,
    vocabulary_users,
)
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

import proscribed
from proscribed._io._paths import shipped_root
from proscribed._schema._descriptor import generated_files
from proscribed._schema._types import CITABLE_PREFIXES
from proscribed._schema._vocab import Vocabulary

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["Cell", "ReferenceDirective", "setup"]

Cell = nodes.Node | Sequence[nodes.Node]
"""The content of a table cell: one node, or several."""


class ReferenceDirective(SphinxDirective):
    """Shared helpers: cross-references, sections and tables."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def label_ref(self, label: str, *content: nodes.Node) -> addnodes.pending_xref:
        """A reference to a label anywhere in the documentation, shown as *content*."""
        return addnodes.pending_xref(
            "",
            *content,
            refdomain="std",
            reftype="ref",
            reftarget=label,
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )

    def column_ref(self, table: str, field: str) -> addnodes.pending_xref:
        """A reference to a column's row, shown as ``table.field``."""
        return self.label_ref(field_anchor(table, field), literal(f"{table}.{field}"))

    def table_ref(self, table: str) -> addnodes.pending_xref:
        """A reference to a table's section, shown as its name."""
        return self.label_ref(table_anchor(table), literal(table))

    def section(self, label: str, *title: nodes.Node) -> nodes.section:
        """A section with an explicit label, usable by ``{ref}`` from any page."""
        section = nodes.section(ids=[label], names=[label])
        section += nodes.title("", "", *title)
        self.state.document.note_explicit_target(section)
        return section

    def note_python_object(self, name: str, objtype: str, node_id: str, location: nodes.Node) -> None:
        """Register ``proscribed.<name>`` with the Python domain, pointing at *node_id* on this page."""
        self.env.domains.python_domain.note_object(name, objtype, node_id, location=location)

    @staticmethod
    def table(widths: Sequence[int], header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> nodes.table:
        """A docutils table with a header row."""
        table = nodes.table(classes=["schema-table"])
        group = nodes.tgroup(cols=len(widths))
        table += group
        for width in widths:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += nodes.row("", *(nodes.entry("", paragraph(title)) for title in header))
        group += head
        body = nodes.tbody()
        for cells in rows:
            body += nodes.row("", *(nodes.entry("", *as_list(cell)) for cell in cells))
        group += body
        return table

    def download(self, path: Path, shown: str) -> addnodes.download_reference:
        """A link that copies *path* into the built site and downloads it."""
        relative = os.path.relpath(path, self.env.srcdir)
        return addnodes.download_reference(
            "",
            "",
            literal(shown),
            reftarget="/" + Path(relative).as_posix(),
            refdoc=self.env.docname,
            refexplicit=True,
        )

    def note_model_sources(self) -> None:
        """Rebuild the page when the models, vocabularies or types change."""
        package = Path(proscribed.__file__).parent / "_schema"
        for path in (*(package / "_models").glob("*.py"), package / "_vocab.py", package / "_types.py"):
            self.env.note_dependency(str(path))
        self.env.note_dependency(str(package / "_tables.py"))
        self.env.note_dependency(__file__)


class SchemaTables(ReferenceDirective):
    """One section per table of the data package."""

    def run(self) -> list[nodes.Node]:
        """Render every registered table."""
        self.note_model_sources()
        return [self.table_section(document) for document in table_docs()]

    def table_section(self, document: TableDoc) -> nodes.section:
        """The section of one table."""
        table = document.table
        section = self.section(table_anchor(table.name), text(table.name))
        self.note_python_object(f"proscribed.{document.model_name}", "class", table_anchor(table.name), section)
        section += paragraph(table.description, classes=["lead"])
        for more in docstring_paragraphs(table.model.__doc__)[1:]:
            section += paragraph(more)
        section += self.facts(document)
        section += self.table(
            (36, 64),
            ("Column", "Meaning"),
            (self.field_row(document, field) for field in document.fields),
        )
        return section

    def facts(self, document: TableDoc) -> nodes.field_list:
        """The table's file, keys, references in and out, rules and Python model."""
        table = document.table
        facts = nodes.field_list(classes=["table-facts"])

        def fact(name: str, *body: nodes.Node | str) -> None:
            facts.append(nodes.field("", nodes.field_name(name, name), nodes.field_body("", paragraph(*body))))

        csv = shipped_root() / table.path
        fact("File", self.download(csv, table.path))
        json_schema = f"schemas/{table.name}.schema.json"
        if json_schema in generated_files():
            fact("JSON Schema", self.download(shipped_root() / json_schema, json_schema))
        fact("Primary key", *joined(literal(name) for name in table.primary_key))
        if table.unique:
            fact("Unique", *joined(literal(name) for name in table.unique))
        outgoing = [(field.name, link) for field in document.fields for link in field.links if not link.by_prefix]
        if outgoing:
            facts.append(
                nodes.field(
                    "",
                    nodes.field_name("References", "References"),
                    nodes.field_body(
                        "",
                        *(
                            paragraph(literal(name), " → ", self.column_ref(link.table, link.field))
                            for name, link in outgoing
                        ),
                    ),
                )
            )
        if document.referenced_by:
            fact(
                "Referenced by",
                *joined(self.column_ref(source, column) for source, column in document.referenced_by),
            )
        if table.requires_citation:
            fact(
                "Citations",
                "every row cites at least one source: a row of ",
                self.table_ref("citations"),
                " whose ",
                literal("record_id"),
                " is the row's identifier.",
            )
        for rule in document.rules:
            fact("Rule", rule)
        python = addnodes.pending_xref(
            "",
            literal(f"proscribed.{document.model_name}"),
            refdomain="py",
            reftype="class",
            reftarget=f"proscribed.{document.model_name}",
            refexplicit=True,
            refdoc=self.env.docname,
        )
        fact("In Python", python, " (frozen Pydantic model; rows load as instances)")
        return facts

    def field_row(self, document: TableDoc, field: FieldDoc) -> list[Cell]:
        """The cells of one column's row: what the column is, and what it means."""
        anchor = field_anchor(document.name, field.name)
        target = nodes.inline("", "", ids=[anchor], names=[anchor])
        self.state.document.note_explicit_target(target)
        self.note_python_object(f"proscribed.{document.model_name}.{field.name}", "attribute", anchor, target)
        pills = [pill("required", "required") if field.required else pill("optional", "optional")]
        if field.key is not None:
            pills.append(pill(field.key, "key"))
        cell: list[nodes.Node] = [
            paragraph(target, nodes.strong("", "", literal(field.name)), classes=["column-name"]),
            *self.type_cell(field, pills),
        ]
        return [cell, self.description(field)]

    def type_cell(self, field: FieldDoc, pills: Sequence[nodes.Node]) -> list[nodes.Node]:
        """The type linked to its definition, whether it is required, where it points, its constraints."""
        if field.vocabulary is not None:
            label = self.label_ref(vocabulary_anchor(field.vocabulary), literal(field.vocabulary.__name__))
        else:
            label = self.label_ref(type_anchor(field.type_name), text(field.type_label))
        cell: list[nodes.Node] = [paragraph(label, " ", *joined(pills, " "), classes=["column-type"])]
        plain_links = [link for link in field.links if not link.by_prefix]
        if plain_links:
            cell.append(paragraph("→ ", *joined(self.column_ref(link.table, link.field) for link in plain_links)))
        prefixed = [link for link in field.links if link.by_prefix]
        if prefixed:
            cell.append(paragraph("→ by prefix:", classes=["constraint"]))
            cell.append(self.prefix_list(prefixed))
        constraints: list[nodes.Node] = []
        for constraint in field.constraints:
            name, colon, value = constraint.partition(": ")
            if colon and name == "pattern":
                constraints.append(nodes.inline("", "", text("pattern "), literal(value), classes=["pattern"]))
            else:
                constraints.append(text(constraint))
        if constraints:
            cell.append(paragraph(*joined(constraints, "; "), classes=["constraint"]))
        return cell

    def prefix_list(self, links: Sequence[Link]) -> nodes.bullet_list:
        """Which table a polymorphic reference points into, by identifier prefix."""
        items = nodes.bullet_list(classes=["prefix-list"])
        for link in links:
            prefixes = joined((literal(f"{prefix}-") for prefix in link.prefixes), " ")
            items += nodes.list_item("", paragraph(*prefixes, " → ", self.table_ref(link.table)))
        return items

    def description(self, field: FieldDoc) -> list[nodes.Node]:
        """The description, vocabulary terms with their meaning, and examples."""
        cell: list[nodes.Node] = [paragraph(field.description)]
        if field.vocabulary is not None:
            terms = nodes.bullet_list(classes=["vocabulary-terms"])
            for term in field.vocabulary:
                terms += nodes.list_item(
                    "", paragraph(nodes.strong("", "", literal(term.value)), ": ", term.description)
                )
            cell.append(terms)
        if field.examples:
            cell.append(
                paragraph(
                    "Example" + ("s" if len(field.examples) > 1 else "") + ": ",
                    *joined(literal(example) for example in field.examples),
                    classes=["example"],
                )
            )
        return cell


class ValueTypes(ReferenceDirective):
    """The shared value types and their rules."""

    def run(self) -> list[nodes.Node]:
        """Render the identifiers' table and one section per other value type."""
        self.note_model_sources()
        used = {field.type_name for document in table_docs() for field in document.fields}
        sections: list[nodes.Node] = [self.identifiers()]
        for name, value_type in VALUE_TYPES.items():
            if name not in used:
                continue
            section = self.section(type_anchor(name), text(value_type.label))
            section += paragraph(*inline_markup(value_type.summary))
            if value_type.rules:
                rules = nodes.bullet_list()
                for rule in value_type.rules:
                    rules += nodes.list_item("", paragraph(*inline_markup(rule)))
                section += rules
            constraints = value_type_constraints(name)
            if constraints:
                section += paragraph("Checked as: ", "; ".join(constraints), ".", classes=["constraint"])
            sections.append(section)
        return sections

    def identifiers(self) -> nodes.section:
        """The identifier types: prefixes, the table each points into, and the pattern."""
        kinds = list(identifier_types().values())
        section = self.section(type_anchor(kinds[0].name), text("identifier"))
        section += paragraph(IDENTIFIER_SUMMARY)
        primary = {
            document.name: document.fields[0].type_name
            for document in table_docs()
            if len(document.table.primary_key) == 1
        }
        rows: list[list[Cell]] = []
        for kind in kinds:
            where: list[nodes.Node]
            if kind.table is None:
                where = [
                    paragraph("any cited record, by prefix: ", *joined(self.table_ref(t) for t in _citable_tables()))
                ]
            elif primary.get(kind.table) not in (None, kind.name):
                where = [paragraph(self.table_ref(kind.table), " (only these prefixes)")]
            else:
                where = [paragraph(self.table_ref(kind.table))]
            rows.append(
                [
                    paragraph(*joined(literal(f"{prefix}-") for prefix in kind.prefixes)),
                    where,
                    paragraph(literal(kind.pattern), classes=["pattern"]),
                ]
            )
        section += self.table((25, 35, 40), ("Prefixes", "Identifies a row of", "Pattern"), rows)
        section += paragraph(
            "Identifiers are at most 100 characters long. A column that holds an identifier of another "
            "table is a foreign key: every value must be an identifier present in that table.",
            classes=["constraint"],
        )
        return section


def _citable_tables() -> list[str]:
    return list(dict.fromkeys(CITABLE_PREFIXES.values()))


class Vocabularies(ReferenceDirective):
    """One section per controlled vocabulary."""

    def run(self) -> list[nodes.Node]:
        """Render every vocabulary that a table uses."""
        self.note_model_sources()
        return [self.vocabulary_section(vocabulary) for vocabulary in vocabularies()]

    def vocabulary_section(self, vocabulary: type[Vocabulary]) -> nodes.section:
        """The section of one vocabulary: its purpose, its users and its terms."""
        anchor = vocabulary_anchor(vocabulary)
        section = self.section(anchor, text(vocabulary.__name__))
        self.note_python_object(f"proscribed.{vocabulary.__name__}", "class", anchor, section)
        section += paragraph(" ".join(docstring_paragraphs(vocabulary.__doc__)), classes=["lead"])
        section += paragraph(
            "Used by: ", *joined(self.column_ref(table, column) for table, column in vocabulary_users(vocabulary))
        )
        rows: list[list[Cell]] = []
        for term in vocabulary:
            term_anchor = f"{anchor}-{term.value}".replace("_", "-")
            target = nodes.inline("", "", ids=[term_anchor], names=[term_anchor])
            self.state.document.note_explicit_target(target)
            self.note_python_object(f"proscribed.{vocabulary.__name__}.{term.name}", "attribute", term_anchor, target)
            rows.append(
                [
                    paragraph(target, nodes.strong("", "", literal(term.value))),
                    paragraph(term.description),
                    paragraph(literal(f"{vocabulary.__name__}.{term.name}")),
                ]
            )
        section += self.table((27, 48, 25), ("Value", "Meaning", "In Python"), rows)
        return section


class VocabularyTerms(SphinxDirective):
    """The terms of one vocabulary and their meaning, as a definition list, for use in prose."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Render the terms of the vocabulary named by the argument."""
        vocabulary = getattr(proscribed, self.arguments[0], None)
        if not (isinstance(vocabulary, type) and issubclass(vocabulary, Vocabulary)):
            raise self.error(f"{self.arguments[0]!r} is not a vocabulary of proscribed")
        self.env.note_dependency(inspect.getfile(vocabulary))
        terms = nodes.definition_list(classes=["vocabulary-terms"])
        for term in vocabulary:
            terms += nodes.definition_list_item(
                "", nodes.term("", "", literal(term.value)), nodes.definition("", paragraph(term.description))
            )
        return [terms]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("schema-tables", SchemaTables)
    app.add_directive("value-types", ValueTypes)
    app.add_directive("vocabularies", Vocabularies)
    app.add_directive("vocabulary-terms", VocabularyTerms)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
