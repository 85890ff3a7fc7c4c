"""Generate ``datapackage.json`` (Frictionless Data Package v2) from the record models.

The descriptor is a pure function of the models, the vocabularies and the release constants: the
same source tree always produces the same bytes, and the CSV data does not enter into it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._release import CREATED, VERSION
from ._tables import TABLES, Table, vocabulary_of

__all__ = [
    "DESCRIPTOR_NAME",
    "build_descriptor",
    "check_generated",
    "generated_files",
    "render_descriptor",
    "render_json_schema",
    "write_generated",
]

DESCRIPTOR_NAME = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
DIALECT: dict[str, Any] = {
    "header": True,
    "delimiter": ",",
    "lineTerminator": "\n",
    "quoteChar": '"',
    "doubleQuote": True,
}
_COPIED_CONSTRAINTS = ("minLength", "maxLength", "minimum", "maximum")
_JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def _unwrap(schema: dict[str, Any], definitions: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The JSON Schema of a property without its ``null`` alternative, and whether null was allowed."""
    nullable = False
    if "anyOf" in schema:
        options = [option for option in schema["anyOf"] if option != {"type": "null"}]
        nullable = len(options) < len(schema["anyOf"])
        if len(options) != 1:
            raise TypeError(f"cannot map a union of {len(options)} types to a Table Schema field")
        schema = {**options[0], **{k: v for k, v in schema.items() if k != "anyOf"}}
    if "$ref" in schema:
        target = definitions[schema["$ref"].rsplit("/", 1)[-1]]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema, nullable


def _unanchored(pattern: str) -> str:
    """Table Schema patterns are implicitly anchored; the models' patterns carry explicit anchors."""
    return pattern.removeprefix("^").removesuffix("$")


def _field(table: Table, name: str, schema: dict[str, Any], required: bool) -> dict[str, Any]:
    model_field = table.model.model_fields[name]
    field: dict[str, Any] = {"name": name}
    field["type"] = "date" if schema.get("format") == "date" else _JSON_TYPES[schema["type"]]
    field["description"] = model_field.description or ""
    if model_field.examples:
        field["example"] = model_field.examples[0]
    constraints: dict[str, Any] = {}
    if required or name in table.primary_key:
        constraints["required"] = True
    if name in table.unique:
        constraints["unique"] = True
    constraints.update({key: schema[key] for key in _COPIED_CONSTRAINTS if key in schema})
    if "pattern" in schema:
        constraints["pattern"] = _unanchored(schema["pattern"])
    vocabulary = vocabulary_of(model_field.annotation)
    if vocabulary is not None:
        field["categories"] = [{"value": term.value, "label": term.description} for term in vocabulary]
        constraints["enum"] = [term.value for term in vocabulary]
    elif "enum" in schema:
        constraints["enum"] = list(schema["enum"])
    if constraints:
        field["constraints"] = constraints
    return field


def _resource(table: Table) -> dict[str, Any]:
    schema = table.model.model_json_schema()
    definitions = schema.get("$defs", {})
    required = set(schema.get("required", ()))
    fields = []
    for name, property_schema in schema["properties"].items():
        unwrapped, _ = _unwrap(property_schema, definitions)
        fields.append(_field(table, name, unwrapped, name in required))
    table_schema: dict[str, Any] = {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    foreign_keys = []
    for key in table.foreign_keys:
        reference: dict[str, Any] = {"fields": [key.target_field]}
        if key.table != table.name:
            reference = {"resource": key.table, **reference}
        foreign_keys.append({"fields": [key.field], "reference": reference})
    if foreign_keys:
        table_schema["foreignKeys"] = foreign_keys
    return {
        "name": table.name,
        "type": "table",
        "path": table.path,
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": dict(DIALECT),
        "schema": table_schema,
    }


def build_descriptor() -> dict[str, Any]:
    """The package descriptor as a JSON-ready dictionary."""
    return {
        "$schema": PROFILE,
        "name": "proscribed",
        "title": "proscribed: how states and international bodies designate and delist organisations",
        "description": (
            "A source-cited dataset of the legal acts by which states and international bodies designate, "
            "suspend and delist organisations as terrorist or banned, with the official statements and events "
            "around those decisions. Every statement, event and designation cites its sources with a verbatim "
            "excerpt; dates are EDTF strings at the precision known. Generated from the proscribed record "
            "models by `proscribed descriptor --write`: do not edit by hand."
        ),
        "version": VERSION,
        "created": CREATED,
        "keywords": ["terrorism", "designation", "proscription", "delisting", "sanctions", "Taliban"],
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0 International",
            }
        ],
        "contributors": [{"title": "The proscribed contributors", "roles": ["creator"]}],
        "sources": [
            {
                "title": (
                    "Official statements, legal acts and news reports; each record names its own sources "
                    "in the sources and citations tables."
                )
            }
        ],
        "resources": [_resource(table) for table in TABLES],
    }


def render_descriptor() -> str:
    """The descriptor as the exact text committed to ``datapackage/datapackage.json``."""
    return json.dumps(build_descriptor(), indent=2, ensure_ascii=False) + "\n"


def render_json_schema(table: Table) -> str:
    """The JSON Schema (draft 2020-12) of one table's rows, as committed under ``schemas/``."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **table.model.model_json_schema(),
        "title": f"{table.title}: one row of {table.path}",
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def generated_files() -> dict[str, str]:
    """Every file generated from the models, by path relative to the package folder."""
    files = {DESCRIPTOR_NAME: render_descriptor()}
    for table in TABLES:
        files[f"schemas/{table.name}.schema.json"] = render_json_schema(table)
    return files


def check_generated(root: Path) -> list[str]:
    """The generated files under *root* that are missing or differ from what the models generate."""
    stale = []
    for relative, expected in generated_files().items():
        path = root / relative
        try:
            actual = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            actual = None
        if actual != expected:
            stale.append(relative)
    return stale


def write_generated(root: Path) -> list[str]:
    """Write every generated file under *root* atomically; return those whose content changed."""
    changed = check_generated(root)
    for relative, text in generated_files().items():
        if relative not in changed:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    return changed
