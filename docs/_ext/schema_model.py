"""What the documentation says about each table and column, computed from the models and the registry.

Nothing here is written by hand except the prose about the shared value types (:data:`VALUE_TYPES`),
and a model field whose type has no prose there raises :class:`UndocumentedTypeError`, which fails the
docs build. The rest comes from :data:`proscribed._schema._tables.TABLES`, the Pydantic models, the
vocabularies and the generated package descriptor, so the reference cannot drift from the data's rules.
"""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from proscribed._schema import _types, _vocab
from proscribed._schema._descriptor import build_descriptor
from proscribed._schema._tables import TABLES, Table, table_named, vocabulary_of
from proscribed._schema._types import CITABLE_PREFIXES, INTERNATIONAL_BODIES, References
from proscribed._schema._vocab import Vocabulary

__all__ = [
    "VALUE_TYPES",
    "FieldDoc",
    "IdentifierType",
    "Link",
    "TableDoc",
    "UndocumentedTypeError",
    "ValueType",
    "field_anchor",
    "identifier_types",
    "table_anchor",
    "table_docs",
    "type_anchor",
    "value_type_constraints",
    "vocabularies",
    "vocabulary_anchor",
    "vocabulary_users",
]

LONG_PATTERN = 80
"""Patterns longer than this are described by their type instead of being printed in every row."""

LONG_ENUM = 20
"""Code lists longer than this are summarised instead of listed."""


class UndocumentedTypeError(LookupError):
    """A model field uses a value type that :data:`VALUE_TYPES` does not describe."""


@dataclass(frozen=True, slots=True)
class ValueType:
    """Prose about a shared value type of :mod:`proscribed._schema._types`."""

    label: str
    summary: str
    rules: tuple[str, ...] = ()


VALUE_TYPES: dict[str, ValueType] = {
    "EdtfDate": ValueType(
        "EDTF date",
        (
            "A date at the precision the sources give, written in the Extended Date/Time Format "
            "(Library of Congress, 2019): a day, a month, a year, an interval or a range of possible days."
        ),
        (
            "A day, month or year: `2023-06-05`, `2023-06`, `2023`.",
            (
                "An interval, a span of time: `2024-06-05/2024-06-08`; with an open end, still going on: "
                "`2011-07/..`; with an end not known: `2011-07/`."
            ),
            "A qualifier on the whole date: `?` uncertain, `~` approximate, `%` both: `2023-11~`.",
            "Unspecified digits: `202X` (some year of the 2020s), `2024-XX` (some month of 2024).",
            "One day, not known which, between two: `[2025-04-01..2025-04-04]`.",
            (
                "Rejected: impossible dates (`2023-02-30`), intervals that end before they start, free text, "
                "times of day, seasons, negative or five-digit years."
            ),
        ),
    ),
    "Jurisdiction": ValueType(
        "jurisdiction",
        (
            "Where a legal act applies, or the state or body an actor belongs to: an ISO 3166-1 alpha-2 "
            "country code, or one of the codes for international bodies."
        ),
        tuple(f"`{code}`: {name}." for code, name in sorted(INTERNATIONAL_BODIES.items())),
    ),
    "Count": ValueType(
        "count",
        "A whole number of at least 0, written as digits only: `3`, not `3.0`, ` 3` or `1_000`.",
    ),
    "CountryCode": ValueType(
        "country code",
        "An ISO 3166-1 alpha-2 country code, as listed by pycountry: `RU`, `KZ`, `AF`.",
    ),
    "LanguageTag": ValueType(
        "language tag",
        (
            "A BCP 47 language tag in canonical form: `ru`, `en`, `ps`, `kk`, or with a script or region "
            "where it matters, `sr-Latn`, `zh-Hant`."
        ),
        ("A non-canonical spelling is rejected with the canonical one named: write `en`, not `eng` or `EN`.",),
    ),
    "Text": ValueType(
        "text",
        "One line of clean Unicode text.",
        (
            "NFC-normalised; no leading or trailing whitespace.",
            (
                "No line breaks, tabs or control characters; no invisible formatting characters or bidirectional "
                "overrides."
            ),
            "Zero-width (non-)joiners only between two letters, where Persian and Indic scripts need them.",
        ),
    ),
    "LongText": ValueType(
        "long text",
        "Clean Unicode text that may run over several lines.",
        ("The rules of text, except that line feeds are allowed (carriage returns are not).",),
    ),
    "Url": ValueType(
        "URL",
        "An absolute `http` or `https` URL with a host, as read; no whitespace.",
    ),
    "WikidataId": ValueType(
        "Wikidata ID",
        "The identifier of a Wikidata item, a QID such as `Q42418`, given only where the match is certain.",
    ),
    "int": ValueType("integer", "A whole number written in decimal digits."),
    "bool": ValueType("boolean", "``true`` or ``false``, in lower case."),
}

IDENTIFIER_SUMMARY = (
    "A stable, readable identifier: a prefix naming the kind of record, then a lowercase slug of "
    "ASCII letters and digits joined by single hyphens. Identifiers are minted once and never "
    "recomputed, so they can be cited."
)


@dataclass(frozen=True, slots=True)
class Link:
    """Where a column points: the primary key of a table, for all values or for those with *prefixes*."""

    table: str
    field: str
    prefixes: tuple[str, ...] = ()

    @property
    def by_prefix(self) -> bool:
        """True when only the values with one of :attr:`prefixes` point to this table."""
        return bool(self.prefixes)


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """Everything the schema reference shows about one column."""

    name: str
    type_name: str
    type_label: str
    required: bool
    key: str | None
    constraints: tuple[str, ...]
    description: str
    examples: tuple[str, ...]
    vocabulary: type[Vocabulary] | None
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class TableDoc:
    """Everything the schema reference shows about one table."""

    table: Table
    fields: tuple[FieldDoc, ...]
    rules: tuple[str, ...]
    referenced_by: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        """The table's name, which is also its CSV file's stem."""
        return self.table.name

    @property
    def model_name(self) -> str:
        """The record model's public name, ``proscribed.<model_name>``."""
        return self.table.model.__name__


def table_anchor(table: str) -> str:
    """The label of a table's section in the schema reference."""
    return f"table-{table}"


def field_anchor(table: str, field: str) -> str:
    """The label of a column's row in the schema reference."""
    return f"field-{table}-{field}".replace("_", "-")


def type_anchor(type_name: str) -> str:
    """The label of a value type's entry in the value-types reference."""
    if type_name in identifier_types():
        return "type-identifiers"
    return f"type-{type_name.lower()}"


def vocabulary_anchor(vocabulary: type[Vocabulary]) -> str:
    """The label of a vocabulary's section in the vocabularies reference."""
    return f"vocabulary-{vocabulary.__name__.lower()}"


def _annotation_name(table: Table, field: str) -> str:
    """The name of a field's type as the model's source writes it, without ``| None``."""
    annotations: dict[str, Any] = {}
    for klass in reversed(table.model.__mro__):
        annotations.update(getattr(klass, "__annotations__", {}))
    written = annotations[field]
    if not isinstance(written, str):
        raise TypeError(f"{table.model.__name__}.{field}: models must keep string annotations (PEP 563)")
    names = [part.strip() for part in written.split("|") if part.strip() != "None"]
    if len(names) != 1:
        raise TypeError(f"{table.model.__name__}.{field}: cannot document the type {written!r}")
    return names[0]


@dataclass(frozen=True, slots=True)
class IdentifierType:
    """An identifier type of :mod:`proscribed._schema._types`: its prefixes, pattern and the table it points into."""

    name: str
    prefixes: tuple[str, ...]
    pattern: str
    table: str | None


@functools.cache
def identifier_types() -> dict[str, IdentifierType]:
    """Identifier types by name, in the order of the tables they point into; citable identifiers last."""
    found: list[IdentifierType] = []
    for name in _types.__all__:
        alias = getattr(_types, name)
        if typing.get_origin(alias) is not typing.Annotated or not name.endswith("Id") or name == "WikidataId":
            continue
        pattern = str(TypeAdapter(alias).json_schema()["pattern"]).removeprefix("^").removesuffix("$")
        prefixes = tuple(pattern.removeprefix("(").split(")-", 1)[0].split("|"))
        target = next((item.table for item in alias.__metadata__ if isinstance(item, References)), None)
        found.append(IdentifierType(name, prefixes, pattern, target))
    order: list[str] = [table.name for table in TABLES]
    found.sort(key=lambda kind: (kind.table is None, order.index(kind.table) if kind.table else 0, -len(kind.prefixes)))
    return {kind.name: kind for kind in found}


def _type_label(type_name: str) -> str:
    if type_name in identifier_types():
        return "identifier"
    vocabulary = getattr(_vocab, type_name, None)
    if isinstance(vocabulary, type) and issubclass(vocabulary, Vocabulary):
        return vocabulary.__name__
    try:
        return VALUE_TYPES[type_name].label
    except KeyError:
        raise UndocumentedTypeError(
            f"the value type {type_name!r} has no entry in VALUE_TYPES (docs/_ext/schema_model.py); describe it there"
        ) from None


def _constraint_texts(field: dict[str, Any], type_name: str) -> tuple[str, ...]:
    constraints = dict(field.get("constraints", {}))
    constraints.pop("required", None)
    texts = []
    if constraints.pop("unique", False):
        texts.append("unique")
    enum = constraints.pop("enum", None)
    if enum is not None and "categories" not in field and len(enum) > LONG_ENUM:
        texts.append(f"one of {len(enum)} codes")
    pattern = constraints.pop("pattern", None)
    if pattern is not None:
        if len(pattern) > LONG_PATTERN:
            texts.append(f"pattern: see {VALUE_TYPES[type_name].label if type_name in VALUE_TYPES else type_name}")
        else:
            texts.append(f"pattern: {pattern}")
    texts.extend(_length_texts(constraints))
    for key, template in (("minimum", "at least {}"), ("maximum", "at most {}")):
        if key in constraints:
            texts.append(template.format(constraints.pop(key)))
    if constraints:
        raise UndocumentedTypeError(f"{field['name']}: constraints {sorted(constraints)} are not rendered")
    return tuple(texts)


def _length_texts(constraints: dict[str, Any]) -> list[str]:
    """Describe and remove the length constraints of *constraints*."""
    texts = []
    shortest = constraints.pop("minLength", None)
    if shortest == 1:
        texts.append("not empty")
    elif shortest is not None:
        texts.append(f"at least {shortest} characters")
    longest = constraints.pop("maxLength", None)
    if longest is not None:
        texts.append(f"at most {longest} characters")
    return texts


def _links(table: Table, name: str, type_name: str) -> tuple[Link, ...]:
    links = [Link(key.table, key.target_field) for key in table.foreign_keys if key.field == name]
    if not links and type_name in identifier_types() and identifier_types()[type_name].table is None:
        targets: dict[str, list[str]] = {}
        for prefix, target in CITABLE_PREFIXES.items():
            targets.setdefault(target, []).append(prefix)
        for target, prefixes in targets.items():
            links.append(Link(target, table_named(target).primary_key[0], tuple(prefixes)))
    return tuple(links)


def _rules(table: Table) -> tuple[str, ...]:
    decorators = table.model.__pydantic_decorators__.model_validators
    return tuple(
        " ".join(str(decorator.func.__doc__).split()) for decorator in decorators.values() if decorator.func.__doc__
    )


@functools.cache
def table_docs() -> tuple[TableDoc, ...]:
    """The documentation of every registered table, in registry order."""
    resources = {resource["name"]: resource for resource in build_descriptor()["resources"]}
    referenced_by: dict[str, list[tuple[str, str]]] = {table.name: [] for table in TABLES}
    for table in TABLES:
        for key in table.foreign_keys:
            referenced_by[key.table].append((table.name, key.field))
    documents: list[TableDoc] = []
    for table in TABLES:
        schema = resources[table.name]["schema"]
        fields = []
        for field in schema["fields"]:
            name = field["name"]
            type_name = _annotation_name(table, name)
            model_field = table.model.model_fields[name]
            key_role = None
            if name in table.primary_key:
                key_role = "primary key" if len(table.primary_key) == 1 else "part of the primary key"
            fields.append(
                FieldDoc(
                    name=name,
                    type_name=type_name,
                    type_label=_type_label(type_name),
                    required=bool(field.get("constraints", {}).get("required", False)),
                    key=key_role,
                    constraints=_constraint_texts(field, type_name),
                    description=field["description"],
                    examples=tuple(str(example) for example in model_field.examples or ()),
                    vocabulary=vocabulary_of(model_field.annotation),
                    links=_links(table, name, type_name),
                )
            )
        for field_doc in fields:
            for link in field_doc.links:
                if link.by_prefix and (table.name, field_doc.name) not in referenced_by[link.table]:
                    referenced_by[link.table].append((table.name, field_doc.name))
        documents.append(TableDoc(table=table, fields=tuple(fields), rules=_rules(table), referenced_by=()))
    return tuple(
        TableDoc(document.table, document.fields, document.rules, tuple(referenced_by[document.name]))
        for document in documents
    )


def vocabularies() -> tuple[type[Vocabulary], ...]:
    """Every controlled vocabulary used by a table, alphabetically."""
    used = {field.vocabulary for document in table_docs() for field in document.fields if field.vocabulary}
    return tuple(sorted(used, key=lambda vocabulary: vocabulary.__name__))


def vocabulary_users(vocabulary: type[Vocabulary]) -> tuple[tuple[str, str], ...]:
    """The (table, column) pairs that take their values from *vocabulary*."""
    return tuple(
        (document.name, field.name)
        for document in table_docs()
        for field in document.fields
        if field.vocabulary is vocabulary
    )


def value_type_constraints(type_name: str) -> tuple[str, ...]:
    """The machine-checked constraints of a shared value type, as the JSON Schema states them."""
    if not hasattr(_types, type_name):
        return ()
    schema = TypeAdapter(getattr(_types, type_name)).json_schema()
    texts = []
    if "enum" in schema:
        texts.append(f"one of {len(schema['enum'])} codes")
    pattern = str(schema.get("pattern", "")).removeprefix("^").removesuffix("$")
    if pattern and len(pattern) <= LONG_PATTERN:
        texts.append(f"pattern: {pattern}")
    texts.extend(_length_texts(dict(schema)))
    return tuple(texts)
