"""The table and cross-table layers: keys, references, citations, and each designation history."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._tables import TABLES
from .._types import CITABLE_PREFIXES, cached_edtf
from .._vocab import Action
from ._bytes import bool_array, index_array, true_mask, valid_mask
from ._findings import Finding
from ._keys import duplicates, int_values
from ._merge import CitationMerge, cited_pairs
from ._quotes import quotes_found

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

    from ._read import Batch
    from ._run import TableData

__all__ = ["CitedRecords", "check_across"]


class _Positions:
    """Record numbers and lines of one table, computed once."""

    def __init__(self, data: TableData) -> None:
        self.numbers, self.lines = data.numbers()

    def finding(self, code: str, data: TableData, index: int, message: str, column: str | None) -> Finding:
        return Finding(code, data.file, message, int(self.numbers[index]), int(self.lines[index]), column)


def _repeated_keys(data: TableData, merge: CitationMerge | None) -> list[tuple[int, int, str]]:
    """(row, first row with the same key, the key) for every repeated primary key."""
    import numpy as np  # noqa: PLC0415

    if merge is not None and data.table.name in ("statements", "citations"):
        if data.table.name == "statements":
            return merge.statement_repeats
        loose = [(rows, sources) for rows, sources in merge.loose_citations if len(rows)]
        repeats = list(merge.citation_repeats)
        if loose:
            import pyarrow as pa  # noqa: PLC0415

            rows = np.concatenate([rows for rows, _ in loose])
            sources = pa.concat_arrays([sources for _, sources in loose])
            for position, first in duplicates([sources], np.zeros(len(rows), dtype=bool)):
                repeats.append((int(rows[position]), int(rows[first]), f"None, {sources[position].as_py()}"))
        return repeats
    key_columns = [data.column(name) for name in data.table.primary_key]
    return [
        (row, first, ", ".join(str(column[row].as_py()) for column in key_columns))
        for row, first in duplicates(key_columns, data.blank_rows())
    ]


def _key_findings(data: TableData, merge: CitationMerge | None) -> list[Finding]:
    table = data.table
    positions = _Positions(data)
    findings = []
    key_name = ", ".join(table.primary_key)
    for row, first, key in _repeated_keys(data, merge):
        message = f"{key_name} {key} already appears on line {int(positions.lines[first])}; identifiers are unique"
        findings.append(positions.finding("primary-key", data, row, message, ",".join(table.primary_key)))
    for name in table.unique:
        column = data.column(name)
        for row, first in duplicates([column], data.blank_rows() | ~valid_mask(column)):
            value = column[row].as_py()
            message = f"{value!r} already appears on line {int(positions.lines[first])}; {name} values are unique"
            findings.append(positions.finding("unique", data, row, message, name))
    return findings


def _missing(values: pa.Array, known: pa.Array) -> npt.NDArray[np.bool_]:
    """Non-empty values that are not among *known*."""
    import pyarrow.compute as pc  # noqa: PLC0415

    return valid_mask(values) & ~true_mask(pc.is_in(values, value_set=known, skip_nulls=True))


def _late_foreign_keys(tables: Mapping[str, TableData]) -> list[Finding]:
    """Foreign keys into the same table (or one read with or after it), and references into unreadable tables."""
    import numpy as np  # noqa: PLC0415

    from ._run import checked_late  # noqa: PLC0415  (the reading order lives with the reading)

    findings = []
    for table in TABLES:
        data = tables[table.name]
        if not data.readable:
            continue
        reported: set[str] = set()
        for key in table.foreign_keys:
            target = tables[key.table]
            if not target.readable:
                if key.table not in reported:
                    reported.add(key.table)
                    message = f"references into {key.table} were not checked: {target.file} could not be read"
                    findings.append(Finding("reference-unreadable", data.file, message))
                continue
            if not checked_late(table, key):
                continue
            values = data.column(key.field)
            missing = np.flatnonzero(_missing(values, target.column(key.target_field)))
            positions = _Positions(data)
            for index in missing:
                value = values[int(index)].as_py()
                message = f"{value!r} is not an identifier in {key.table} ({key.table}.csv, column {key.target_field})"
                findings.append(positions.finding("foreign-key", data, int(index), message, key.field))
    return findings


def _cited(ids: pa.Array, record_ids: pa.Array) -> npt.NDArray[np.bool_]:
    """Which rows of a table's identifier column some citation cites."""
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    hits = pc.index_in(record_ids, value_set=ids, skip_nulls=True)  # the row (first of its identifier) each cites
    cited_first = np.zeros(len(ids), dtype=bool)
    cited_first[int_values(hits)[valid_mask(hits)]] = True
    first_of_row = pc.index_in(ids, value_set=ids, skip_nulls=True)
    valid = valid_mask(first_of_row)
    cited = np.zeros(len(ids), dtype=bool)
    cited[valid] = cited_first[int_values(first_of_row)[valid]]
    return cited


class CitedRecords:
    """Citations checked batch by batch against the tables they cite, except statements (joined apart).

    Every table a citation may point to, other than statements, is read before the citations; so each
    batch of citations is checked as it is read, and the citations file need not be kept. Most citations
    cite statements: their record_id is looked up in the other tables only where one of those has an
    identifier with the statements' prefix (a wrong one, which is reported apart).
    """

    def __init__(self, tables: Mapping[str, TableData]) -> None:
        import pyarrow.compute as pc  # noqa: PLC0415

        self.tables = tables
        self.ids: dict[str, pa.Array] = {}
        self.statement_like: dict[str, bool] = {}
        for table in TABLES:
            if table.requires_citation and table.name not in _JOINED and tables[table.name].readable:
                ids = tables[table.name].column(table.primary_key[0])
                self.ids[table.name] = ids
                self.statement_like[table.name] = bool(true_mask(pc.starts_with(ids, _STATEMENT_PREFIX)).any())
        self.reset()

    def reset(self) -> None:
        """Forget what was checked (the citations are about to be read again from their start)."""
        import numpy as np  # noqa: PLC0415

        self.missing: list[tuple[int, int, str, str, str]] = []
        self.unreadable: set[str] = set()
        self.cited_first = {name: np.zeros(len(ids), dtype=bool) for name, ids in self.ids.items()}
        """Per table, which identifiers (by their first row) some citation cites."""

    def add(self, batch: Batch) -> None:
        """Check one batch of citations."""
        import numpy as np  # noqa: PLC0415
        import pyarrow.compute as pc  # noqa: PLC0415

        record_ids = batch.columns["record_id"]
        to_statements = true_mask(pc.starts_with(record_ids, _STATEMENT_PREFIX))
        others = np.flatnonzero(valid_mask(record_ids) & ~to_statements)
        other_ids = record_ids.take(index_array(others))
        for prefix, target_name in CITABLE_PREFIXES.items():
            if target_name in _JOINED or not len(others):
                continue
            selected = true_mask(pc.starts_with(other_ids, prefix + "-"))
            if not selected.any():
                continue
            target = self.tables[target_name]
            if not target.readable:
                self.unreadable.add(target_name)
                continue
            chosen = other_ids.filter(bool_array(selected))
            missing = _missing(chosen, target.column(target.table.primary_key[0]))
            values = chosen.filter(bool_array(missing)).to_pylist()
            for index, value in zip(others[selected][missing].tolist(), values, strict=True):
                row, line = int(batch.row_numbers[index]), int(batch.lines[index])
                self.missing.append((row, line, value, prefix, target_name))
        statement_ids = record_ids.filter(bool_array(to_statements)) if to_statements.any() else None
        for name, ids in self.ids.items():
            self._mark(name, ids, other_ids)
            if statement_ids is not None and self.statement_like[name]:
                self._mark(name, ids, statement_ids)

    def _mark(self, name: str, ids: pa.Array, record_ids: pa.Array) -> None:
        import pyarrow.compute as pc  # noqa: PLC0415

        if len(record_ids):
            hits = pc.index_in(record_ids, value_set=ids, skip_nulls=True)  # the first row of each cited id
            self.cited_first[name][int_values(hits)[valid_mask(hits)]] = True

    def cited(self, name: str) -> npt.NDArray[np.bool_]:
        """Which rows of a table some citation cites."""
        import numpy as np  # noqa: PLC0415
        import pyarrow.compute as pc  # noqa: PLC0415

        ids = self.ids[name]
        first_of_row = pc.index_in(ids, value_set=ids, skip_nulls=True)
        valid = valid_mask(first_of_row)
        cited = np.zeros(len(ids), dtype=bool)
        cited[valid] = self.cited_first[name][int_values(first_of_row)[valid]]
        return cited

    def findings(self, file: str) -> list[Finding]:
        """Citations whose record does not exist, and references into tables that could not be read."""
        findings = []
        for row, line, value, prefix, target_name in self.missing:
            message = f"{value!r} is not an identifier in {target_name} (the prefix {prefix}- points there)"
            findings.append(Finding("citation-target", file, message, row, line, "record_id"))
        for name in sorted(self.unreadable):
            message = f"citations of {name} were not checked: {self.tables[name].file} could not be read"
            findings.append(Finding("reference-unreadable", file, message))
        return findings


_JOINED = frozenset({"statements"})
"""The tables whose citations are joined as both files are read (:mod:`._merge`)."""
_STATEMENT_PREFIX = next(prefix for prefix, name in CITABLE_PREFIXES.items() if name == "statements") + "-"


def _statement_target_findings(tables: Mapping[str, TableData], merge: CitationMerge | None) -> list[Finding]:
    """Citations of statements that do not exist."""
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    citations, statements = tables["citations"], tables["statements"]
    prefix = next(prefix for prefix, name in CITABLE_PREFIXES.items() if name == "statements")
    positions = _Positions(citations)
    missing: list[tuple[int, str]] = []
    if merge is not None:
        for rows, values in merge.missing_targets:
            missing.extend(zip(rows.tolist(), values.to_pylist(), strict=True))
    else:
        record_ids = citations.column("record_id")
        rows = np.flatnonzero(true_mask(pc.starts_with(record_ids, prefix + "-")))
        if len(rows) and not statements.readable:
            message = f"citations of statements were not checked: {statements.file} could not be read"
            return [Finding("reference-unreadable", citations.file, message)]
        if len(rows):
            chosen = record_ids.take(index_array(rows))
            absent = _missing(chosen, statements.column("statement_id"))
            missing.extend(zip(rows[absent].tolist(), chosen.filter(bool_array(absent)).to_pylist(), strict=True))
    findings = []
    for row, value in missing:
        message = f"{value!r} is not an identifier in statements (the prefix {prefix}- points there)"
        findings.append(positions.finding("citation-target", citations, row, message, "record_id"))
    return findings


def _uncited_findings(
    tables: Mapping[str, TableData], merge: CitationMerge | None, cited_records: CitedRecords
) -> list[Finding]:
    """Records of tables that need a citation and have none."""
    import numpy as np  # noqa: PLC0415

    findings = []
    for table in TABLES:
        data = tables[table.name]
        if not table.requires_citation or not data.readable:
            continue
        key = table.primary_key[0]
        positions = _Positions(data)
        if table.name in _JOINED and merge is not None:
            uncited = [(rows, ids.to_pylist()) for rows, ids in merge.uncited]
        else:
            ids = data.column(key)
            if table.name in _JOINED:
                mask = valid_mask(ids) & ~data.blank_rows() & ~_cited(ids, tables["citations"].column("record_id"))
            else:
                mask = valid_mask(ids) & ~data.blank_rows() & ~cited_records.cited(table.name)
            rows = np.flatnonzero(mask)
            uncited = [(rows, ids.take(index_array(rows)).to_pylist())]
        for rows, values in uncited:
            for index, value in zip(rows.tolist(), values, strict=True):
                message = f"{value} cites no source; add a row for it to citations.csv"
                findings.append(positions.finding("uncited", data, index, message, key))
    return findings


def _citation_findings(
    tables: Mapping[str, TableData], merge: CitationMerge | None, cited_records: CitedRecords
) -> list[Finding]:
    """Citation targets, uncited records, and each statement's quote in the excerpt cited from its source."""
    citations = tables["citations"]
    if not citations.readable:
        message = f"whether records are cited was not checked: {citations.file} could not be read"
        return [
            Finding("reference-unreadable", tables[table.name].file, message)
            for table in TABLES
            if table.requires_citation and tables[table.name].readable
        ]
    findings = cited_records.findings(citations.file)
    findings.extend(_statement_target_findings(tables, merge))
    findings.extend(_uncited_findings(tables, merge, cited_records))
    if merge is not None:
        findings.extend(_merged_quote_findings(tables["statements"], merge))
    else:
        findings.extend(_quote_findings(tables["statements"], citations))
    return findings


def _quote_finding(positions: _Positions, statements: TableData, row: int, source: str, *, checked: bool) -> Finding:
    if checked:
        message = f"the quote does not appear verbatim in the excerpt cited from {source}"
        return positions.finding("quote-not-in-excerpt", statements, row, message, "quote")
    message = f"the quote's source {source} is not among the statement's citations"
    return positions.finding("quote-source-uncited", statements, row, message, "quote_source_id")


def _merged_quote_findings(statements: TableData, merge: CitationMerge) -> list[Finding]:
    positions = _Positions(statements)
    findings = []
    for failures, checked in ((merge.quote_uncited, False), (merge.quote_missing, True)):
        for rows, sources in failures:
            for row, source in zip(rows.tolist(), sources.to_pylist(), strict=True):
                findings.append(_quote_finding(positions, statements, row, source, checked=checked))
    return findings


def _quote_findings(statements: TableData, citations: TableData) -> list[Finding]:
    """The quote-source and quote-in-excerpt rules over whole columns (when the files were not joined as read).

    Quotes are read again whole; excerpts are read again one batch at a time.
    """
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if not statements.readable or statements.rows == 0:
        return []
    again = list(statements.reread(("quote_source_id", "quote")))
    sources = pa.concat_arrays([batch["quote_source_id"] for batch in again])
    quotes = pa.concat_arrays([batch["quote"] for batch in again])
    del again
    statement_ids = statements.column("statement_id")
    listed = valid_mask(statement_ids) & valid_mask(sources)
    order = pc.sort_indices(citations.column("record_id"))  # a citation's rows next to each other
    _, _, statement_index, sorted_index = cited_pairs(
        statement_ids.filter(bool_array(listed)),
        sources.filter(bool_array(listed)),
        citations.column("record_id").take(order),
        citations.column("source_id").take(order),
    )
    statement_index = np.flatnonzero(listed)[statement_index]
    citation_index = int_values(order)[sorted_index]
    by_citation = np.argsort(citation_index, kind="stable")
    statement_index, citation_index = statement_index[by_citation], citation_index[by_citation]
    found = np.zeros(len(statement_index), dtype=bool)
    start = 0
    position = 0
    for batch in citations.reread(("excerpt",)):
        excerpts = batch["excerpt"]
        stop = start + len(excerpts)
        end = int(np.searchsorted(citation_index, stop, side="left"))
        if end > position:
            found[position:end] = quotes_found(
                quotes, excerpts, statement_index[position:end], citation_index[position:end] - start
            )
        position = end
        start = stop
    checked = np.zeros(statements.rows, dtype=bool)
    checked[statement_index] = True
    passed = np.zeros(statements.rows, dtype=bool)
    passed[statement_index[found]] = True
    positions = _Positions(statements)
    return [
        _quote_finding(positions, statements, row, sources[row].as_py(), checked=bool(checked[row]))
        for row in np.flatnonzero(listed & ~passed).tolist()
    ]


@dataclass
class _Act:
    index: int
    designation_id: str
    actor_id: str
    jurisdiction: str
    action: str
    measure: str
    program: str | None
    related: str | None
    start: datetime.date


def _acts(data: TableData) -> list[_Act]:
    import numpy as np  # noqa: PLC0415

    needed = (
        "designation_id",
        "actor_id",
        "jurisdiction",
        "action",
        "measure",
        "program",
        "related_designation_id",
        "decision_date",
        "publication_date",
        "effective_date",
    )
    columns = {name: data.column(name).to_pylist() for name in needed}
    bad = data.cell_bad()
    names = list(data.table.columns)
    usable = ~data.blank_rows()
    for name in needed:
        usable &= ~bad[:, names.index(name)]
    acts = []
    for index in np.flatnonzero(usable).tolist():
        dates = [columns[name][index] for name in ("effective_date", "decision_date", "publication_date")]
        known = [cached_edtf(value).lower for value in dates if value is not None]
        start = next((day for day in known if day is not None), None)
        required = [columns[name][index] for name in ("designation_id", "actor_id", "jurisdiction", "action")]
        if start is None or any(value is None for value in required):
            continue
        acts.append(
            _Act(
                index,
                columns["designation_id"][index],
                columns["actor_id"][index],
                columns["jurisdiction"][index],
                columns["action"][index],
                columns["measure"][index],
                columns["program"][index],
                columns["related_designation_id"][index],
                start,
            )
        )
    return acts


def _history_findings(data: TableData) -> list[Finding]:  # noqa: C901, PLR0912, PLR0915  (one pass per rule, kept together)
    if not data.readable:
        return []
    acts = _acts(data)
    by_id = {act.designation_id: act for act in acts}
    positions = _Positions(data)
    findings = []

    def report(code: str, act: _Act, message: str, column: str) -> None:
        findings.append(positions.finding(code, data, act.index, message, column))

    roots: dict[str, _Act | None] = {}
    depth: dict[str, int] = {}
    for act in acts:
        related = by_id.get(act.related) if act.related else None
        if related is not None:
            if (related.actor_id, related.jurisdiction) != (act.actor_id, act.jurisdiction):
                message = (
                    f"related_designation_id {related.designation_id} is an act on {related.actor_id} in "
                    f"{related.jurisdiction}, not on {act.actor_id} in {act.jurisdiction}"
                )
                report("history-related", act, message, "related_designation_id")
            elif related.start > act.start:
                message = (
                    f"related_designation_id {related.designation_id} takes effect on {related.start}, "
                    f"after this act ({act.start})"
                )
                report("history-related", act, message, "related_designation_id")
        if act.action == Action.LIST:
            continue
        chain = [act]
        current = related
        while current is not None and current.action != Action.LIST and current not in chain:
            chain.append(current)
            current = by_id.get(current.related) if current.related else None
        roots[act.designation_id] = current if current is not None and current.action == Action.LIST else None
        depth[act.designation_id] = len(chain)
    chains: dict[str, list[_Act]] = defaultdict(list)
    for act in acts:
        if act.action == Action.LIST:
            continue
        root = roots[act.designation_id]
        if root is None:
            if act.related is None or act.related in by_id:
                message = (
                    f"a {act.action!r} act with no listing before it: related_designation_id must lead to the "
                    f"'list' act of {act.actor_id} in {act.jurisdiction} that it changes"
                )
                report("history-without-listing", act, message, "related_designation_id")
            continue
        if (root.actor_id, root.jurisdiction) == (act.actor_id, act.jurisdiction):
            chains[root.designation_id].append(act)
    ends: dict[str, datetime.date] = {}
    transitions = {
        Action.SUSPEND: ({"listed"}, "suspended"),
        Action.REINSTATE: ({"suspended"}, "listed"),
        Action.DELIST: ({"listed", "suspended"}, "delisted"),
        Action.RENEW: ({"listed"}, "listed"),
        Action.AMEND: ({"listed", "suspended"}, None),
    }
    for root_id, chain in chains.items():
        root = by_id[root_id]
        state = "listed"
        since = root
        for act in sorted(chain, key=lambda act: (act.start, depth[act.designation_id], act.index)):
            allowed, after = transitions[Action(act.action)]  # type: ignore[call-arg]
            if state not in allowed:
                message = (
                    f"a {act.action!r} act on {act.start}, but the listing {root.designation_id} is {state} "
                    f"since {since.start} ({since.designation_id})"
                )
                report("history-without-listing", act, message, "action")
                continue
            if after is not None:
                state = after
                since = act
            if state == "delisted":
                ends.setdefault(root_id, act.start)
    listings: dict[tuple[str, str, str], list[_Act]] = defaultdict(list)
    for act in acts:
        if act.action == Action.LIST:
            listings[act.actor_id, act.jurisdiction, act.measure].append(act)
    for group in listings.values():
        group.sort(key=lambda act: (act.start, act.index))
        for later_position, later in enumerate(group):
            for earlier in group[:later_position]:
                end = ends.get(earlier.designation_id)
                in_force = end is None or later.start < end
                different_programs = earlier.program and later.program and earlier.program != later.program
                if in_force and not different_programs:
                    message = (
                        f"{later.actor_id} is already listed in {later.jurisdiction} ({later.measure}) by "
                        f"{earlier.designation_id} since {earlier.start}; record a renewal as 'renew', or "
                        "delist first"
                    )
                    report("history-listed-twice", later, message, "action")
                    break
    return findings


def check_across(
    tables: Mapping[str, TableData], merge: CitationMerge | None, cited_records: CitedRecords
) -> list[Finding]:
    """Keys of every table, references between tables, citations, and designation histories.

    *merge* holds what was joined while statements and citations were read, or is ``None`` if they
    were not joined; *cited_records* what was checked of the citations as they were read.
    """
    findings: list[Finding] = []
    for table in TABLES:
        data = tables[table.name]
        if data.readable:
            findings.extend(_key_findings(data, merge))
    findings.extend(_late_foreign_keys(tables))
    findings.extend(_citation_findings(tables, merge, cited_records))
    findings.extend(_history_findings(tables["designations"]))
    return findings
