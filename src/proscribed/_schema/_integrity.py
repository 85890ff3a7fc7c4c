"""Rules across rows and tables: keys, references, and the citations every record needs."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence

from . import _messages as messages
from ._actcheck import AliasRow, InstrumentRow, ListRow, act_row, check_acts
from ._confirmed import CitationRow, SourceRow, VerifiedRow, check_confirmed
from ._models import Alias, Citation, Designation, DesignationList, Event, Instrument, Source, Statement
from ._models._base import Record
from ._problems import Finding
from ._tables import TABLES, Table, table_named
from ._types import citable_table

__all__ = ["ELISION", "LoadedRow", "check_integrity", "quote_in_excerpt"]

LoadedRow = tuple[int, Record]
"""A validated record with the line of the CSV file it was read from."""


def _first_of_keys(keys: set[tuple[object, ...]]) -> list[str]:
    return [str(key[0]) for key in keys]


def _key(record: Record, fields: Sequence[str]) -> tuple[object, ...]:
    return tuple(getattr(record, name) for name in fields)


def check_integrity(
    rows: Mapping[str, Sequence[LoadedRow]],
    *,
    known_invalid: Mapping[str, set[tuple[object, ...]]] | None = None,
    refused: Mapping[str, Sequence[LoadedRow]] | None = None,
) -> list[Finding]:
    """Problems across rows and tables of validated records, keyed by table name.

    *known_invalid* holds, per table, the keys of rows that failed validation: references to them
    are not reported again. *refused* holds those rows themselves, built without validation from their
    cells that were not refused (as strings): their references and citations are checked as the
    validator checks them, cell by cell, so that one bad cell does not hide another problem of the row.
    """
    refused = refused or {}
    problems: list[Finding] = []
    keys: dict[str, set[tuple[object, ...]]] = {
        table.name: _check_keys(table, rows.get(table.name, ()), problems) for table in TABLES
    }
    for name, invalid in (known_invalid or {}).items():
        keys[name] = keys[name] | invalid
    suggestions: dict[str, messages.Suggestions] = {
        table.name: messages.Suggestions(functools.partial(_first_of_keys, keys[table.name])) for table in TABLES
    }
    for table in TABLES:
        for foreign_key in table.foreign_keys:
            targets = keys[foreign_key.table]
            for line, record in _lines_in_order(rows.get(table.name, ()), refused.get(table.name, ())):
                value = getattr(record, foreign_key.field, None)
                if value is not None and (value,) not in targets:
                    message = messages.unknown_reference(
                        value, foreign_key.table, foreign_key.target_field, suggestions[foreign_key.table]
                    )
                    problems.append(Finding("foreign-key", table.path, message, line=line, field=foreign_key.field))
    problems.extend(_check_citations(rows, keys, refused))
    problems.extend(_check_acts(rows))
    problems.extend(_check_confirmed(rows))
    return problems


VERIFIED_TABLES = {
    "designations": "designation_id",
    "instruments": "instrument_id",
    "statements": "statement_id",
    "events": "event_id",
}
"""The tables whose records state their verification, with their identifier column."""


def _check_confirmed(rows: Mapping[str, Sequence[LoadedRow]]) -> list[Finding]:
    """The rule of what ``confirmed`` takes (:mod:`._confirmed`), located by line."""
    records = [
        VerifiedRow(
            name,
            index,
            str(getattr(record, key)),
            record.verification,
            record.instrument_id if isinstance(record, Designation) else None,
        )
        for name, key in VERIFIED_TABLES.items()
        for index, (_, record) in enumerate(rows.get(name, ()))
        if isinstance(record, Designation | Instrument | Statement | Event)
    ]
    citations = [
        CitationRow(record.record_id, record.source_id, record.relation)
        for _, record in rows.get("citations", ())
        if isinstance(record, Citation)
    ]
    sources = [
        SourceRow(
            record.source_id,
            record.source_type,
            record.source_class,
            record.publisher_id,
            record.original_publisher_id,
            record.url,
        )
        for _, record in rows.get("sources", ())
        if isinstance(record, Source)
    ]
    return [
        Finding(
            issue.code,
            table_named(issue.table).path,
            issue.message,
            line=rows[issue.table][issue.index][0],
            field=issue.column,
        )
        for issue in check_confirmed(records, citations, sources)
    ]


def _check_acts(rows: Mapping[str, Sequence[LoadedRow]]) -> list[Finding]:
    """The rules across acts, instruments, lists and names (:mod:`._actcheck`), located by line."""
    lines: dict[str, list[int]] = {
        name: [line for line, _ in rows.get(name, ())] for name in ("designations", "aliases")
    }
    lists = [
        ListRow(record.list_id, record.jurisdiction, record.started, record.ended, record.predecessor_id)
        for _, record in rows.get("lists", ())
        if isinstance(record, DesignationList)
    ]
    instruments = [
        InstrumentRow(
            record.instrument_id,
            record.jurisdiction,
            record.decision_date,
            record.publication_date,
            record.effective_date,
        )
        for _, record in rows.get("instruments", ())
        if isinstance(record, Instrument)
    ]
    acts = [
        act_row(index, record)
        for index, (_, record) in enumerate(rows.get("designations", ()))
        if isinstance(record, Designation)
    ]
    aliases = [
        AliasRow(index, record.actor_id, record.designation_id)
        for index, (_, record) in enumerate(rows.get("aliases", ()))
        if isinstance(record, Alias)
    ]
    return [
        Finding(
            issue.code,
            table_named(issue.table).path,
            issue.message,
            line=lines[issue.table][issue.index],
            field=issue.column,
        )
        for issue in check_acts(lists, instruments, acts, aliases)
    ]


def _check_keys(table: Table, rows: Sequence[LoadedRow], problems: list[Finding]) -> set[tuple[object, ...]]:
    """Report repeated primary keys and unique values; return the table's keys."""
    seen: dict[tuple[object, ...], int] = {}
    unique_seen: dict[str, dict[object, int]] = defaultdict(dict)
    for line, record in rows:
        key = _key(record, table.primary_key)
        if key in seen:
            message = messages.duplicate_key(", ".join(table.primary_key), ", ".join(map(str, key)), seen[key])
            problems.append(Finding("primary-key", table.path, message, line=line, field=",".join(table.primary_key)))
        else:
            seen[key] = line
        for name in table.unique:
            value = getattr(record, name)
            if value is None:
                continue
            if value in unique_seen[name]:
                message = messages.duplicate_value(value, name, unique_seen[name][value])
                problems.append(Finding("unique", table.path, message, line=line, field=name))
            else:
                unique_seen[name][value] = line
    return set(seen)


def _lines_in_order(*groups: Sequence[LoadedRow]) -> list[LoadedRow]:
    return sorted((row for group in groups for row in group), key=lambda row: row[0])


def _check_citations(  # noqa: C901  (targets, uncited records, quote sources, quotes)
    rows: Mapping[str, Sequence[LoadedRow]],
    keys: Mapping[str, set[tuple[object, ...]]],
    refused: Mapping[str, Sequence[LoadedRow]],
) -> list[Finding]:
    problems: list[Finding] = []
    citations_path = table_named("citations").path
    cited: dict[str, set[str]] = defaultdict(set)
    excerpts: dict[tuple[str, str], str | None] = {}
    for line, record in _lines_in_order(rows.get("citations", ()), refused.get("citations", ())):
        assert isinstance(record, Citation)  # noqa: S101  (the citations table holds citations)
        if getattr(record, "record_id", None) is None:
            continue
        target = citable_table(record.record_id)
        if target is None or (record.record_id,) not in keys[target]:
            problems.append(
                Finding(
                    "citation-target",
                    citations_path,
                    messages.unknown_citation_target(record.record_id, target),
                    line=line,
                    field="record_id",
                )
            )
        source_id = getattr(record, "source_id", None)
        if source_id is not None:
            cited[record.record_id].add(source_id)
            excerpts[record.record_id, source_id] = getattr(record, "excerpt", None)
    for table in TABLES:
        if not table.requires_citation:
            continue
        for line, record in _lines_in_order(rows.get(table.name, ()), refused.get(table.name, ())):
            record_id = getattr(record, table.primary_key[0], None)
            if record_id is not None and str(record_id) not in cited:
                problems.append(
                    Finding(
                        "uncited",
                        table.path,
                        f"{record_id} cites no source; add a row for it to citations.csv",
                        line=line,
                        field=table.primary_key[0],
                    )
                )
    for line, record in _lines_in_order(rows.get("statements", ()), refused.get("statements", ())):
        assert isinstance(record, Statement)  # noqa: S101  (the statements table holds statements)
        statement_id, quote_source_id = (getattr(record, name, None) for name in ("statement_id", "quote_source_id"))
        if statement_id is None or quote_source_id is None:
            continue
        if (statement_id, quote_source_id) not in excerpts:
            problems.append(
                Finding(
                    "quote-source-uncited",
                    table_named("statements").path,
                    f"the quote's source {record.quote_source_id} is not among the statement's citations",
                    line=line,
                    field="quote_source_id",
                )
            )
            continue
        quote, excerpt = getattr(record, "quote", None), excerpts[statement_id, quote_source_id]
        if quote is not None and excerpt is not None and not quote_in_excerpt(quote, excerpt):
            problems.append(
                Finding(
                    "quote-not-in-excerpt",
                    table_named("statements").path,
                    f"the quote does not appear verbatim in the excerpt cited from {record.quote_source_id}",
                    line=line,
                    field="quote",
                )
            )
    return problems


ELISION = "[…]"


def _squash(text: str) -> str:
    return " ".join(text.split())


def quote_in_excerpt(quote: str, excerpt: str) -> bool:
    """True when every part of *quote* between elision marks occurs, in order, in *excerpt*.

    Runs of whitespace count as one space, so a line break in either does not matter.
    """
    haystack = _squash(excerpt)
    position = 0
    for part in quote.split(ELISION):
        needle = _squash(part)
        if not needle:
            continue
        found = haystack.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return True
