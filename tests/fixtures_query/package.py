"""Build a small, valid data package from a few records, filling in the fields a test does not care about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from proscribed._csvio import render_rows
from proscribed._descriptor import render_descriptor
from proscribed._tables import TABLES

Row = dict[str, Any]

BASE_ACTORS: list[Row] = [
    {"actor_id": "org-x", "actor_type": "organization", "name": "Group X", "org_class": "movement"},
    {"actor_id": "org-court", "actor_type": "organization", "name": "Supreme Court", "org_class": "court"},
    {"actor_id": "state-ru", "actor_type": "state", "name": "Russia", "country": "RU"},
]
BASE_SOURCES: list[Row] = [
    {
        "source_id": "src-a",
        "source_type": "article-newspaper",
        "source_class": "news",
        "title": "A report",
        "url": "https://example.org/a",
        "language": "en",
        "issued": "2020-01-01",
    }
]
ACT_DEFAULTS: Row = {
    "actor_id": "org-x",
    "jurisdiction": "RU",
    "measure": "terrorist",
    "scope": "entity",
    "authority_id": "org-court",
    "instrument": "Decision of the court",
    "verification": "confirmed",
}


def act(designation_id: str, action: str, **fields: Any) -> Row:
    """A designation row with defaults; give at least one date."""
    row = {**ACT_DEFAULTS, "designation_id": designation_id, "action": action, **fields}
    if row["scope"] != "entity" and "scope_note" not in row:
        row["scope_note"] = "Named individuals and entities"
    if row["verification"] != "confirmed" and "verification_note" not in row:
        row["verification_note"] = "Sources disagree."
    return row


def cite(record_id: str, *, source_id: str = "src-a", **fields: Any) -> Row:
    """A citation row supporting *record_id* with a short excerpt."""
    return {
        "record_id": record_id,
        "source_id": source_id,
        "relation": "supports",
        "aspect": "record",
        "excerpt": "The court ruled.",
        "excerpt_lang": "en",
        **fields,
    }


def write_package(root: Path, tables: Mapping[str, Sequence[Row]]) -> Path:
    """Write a package under *root*: the given tables, the base actors and sources where none are given,
    and a supporting citation for every designation, statement, event and role that has none."""
    rows: dict[str, list[Row]] = {table.name: list(tables.get(table.name, ())) for table in TABLES}
    if "actors" not in tables:
        rows["actors"] = list(BASE_ACTORS)
    if "sources" not in tables:
        rows["sources"] = list(BASE_SOURCES)
    cited = {row["record_id"] for row in rows["citations"]}
    keys = {"designations": "designation_id", "statements": "statement_id", "events": "event_id", "roles": "role_id"}
    for name, key in keys.items():
        for row in rows[name]:
            if row[key] not in cited:
                rows["citations"].append(cite(row[key]))
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "datapackage.json").write_text(render_descriptor(), encoding="utf-8")
    for table in TABLES:
        text = render_rows(table, rows[table.name])
        (root / table.path).write_text(text, encoding="utf-8", newline="")
    return root
