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
from ._merge import CitationMerge, cited_pairs
from ._quotes import quotes_found

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

    from ._run import TableData

__all__ = ["check_across"]


class _Positions:
    """Record numbers and lines of one table, computed once."""

    def __init__(self, data: TableData) -> None:
        self.numbers, self.lines = data.numbers()

    def finding(self, code: str, data: TableData, index: int, message: str, column: str | None) -> Finding:
        return Finding(code, data.file, message, int(self.numbers[index]), int(self.lines[index]), column)


def _int_values(values: pa.Array) -> npt.NDArray[np.int64]:
    import numpy as np  # noqa: PLC0415

    width = np.int64 if values.type.bit_width == 64 else np.int32
    raw = np.frombuffer(values.buffers()[1], dtype=width)[values.offset : values.offset + len(values)]
    return raw.astype(np.int64)


def _codes(values: pa.Array) -> npt.NDArray[np.int64]:
    """Each value's position among the column's distinct values; -1 for an empty cell."""
    import numpy as np  # noqa: PLC0415

    indices = values.dictionary_encode().indices
    codes = _int_values(indices)
    return np.where(valid_mask(indices), codes, -1)


def _repeats(keys: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """(row, first row with the same key) for every repeated key among *rows*."""
    import numpy as np  # noqa: PLC0415

    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    repeated = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
    if not len(repeated):
        return []
    run_starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    first_of = run_starts[np.searchsorted(run_starts, repeated, side="right") - 1]
    return sorted(zip(rows[order[repeated]].tolist(), rows[order[first_of]].tolist(), strict=True))


def _combined(codes: list[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
    """One integer per row that is equal exactly when all the codes are."""
    import numpy as np  # noqa: PLC0415

    combined = np.zeros(len(codes[0]), dtype=np.int64)
    radix = 1
    for code in codes:
        width = int(code.max()) + 2 if len(code) else 1  # codes run from -1
        if radix * width >= 1 << 62:
            _, inverse = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
            return inverse.reshape(-1).astype(np.int64)
        combined += (code + 1) * radix
        radix *= width
    return combined


def _duplicates(columns: list[pa.Array], skip: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(row, first row with the same key) for every repeated key; rows with *skip* or an all-empty key are ignored.

    A key whose first column runs in order (as in a sorted file) is settled without hashing that column:
    equal keys are then next to each other.
    """
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    present = np.zeros(len(skip), dtype=bool)
    for column in columns:
        present |= valid_mask(column)
    usable = np.flatnonzero(present & ~skip)
    if len(usable) < 2:
        return []
    selection = bool_array(present & ~skip) if len(usable) < len(skip) else None
    first = columns[0] if selection is None else columns[0].filter(selection)
    if first.null_count == 0:
        earlier, later = first.slice(0, len(first) - 1), first.slice(1)
        if true_mask(pc.less_equal(earlier, later)).all():
            same = true_mask(pc.equal(earlier, later))
            if not same.any():
                return []
            in_run = np.r_[same, False] | np.r_[False, same]
            run = np.cumsum(np.r_[True, ~same])  # equal first columns share a run number
            rows = np.flatnonzero(in_run)
            codes = [run[rows].astype(np.int64)]
            picked = index_array(usable[rows])
            codes += [_codes(column.take(picked)) for column in columns[1:]]
            return _repeats(_combined(codes), usable[rows])
    picked = index_array(usable) if selection is not None else None
    codes = [_codes(column if picked is None else column.take(picked)) for column in columns]
    return _repeats(_combined(codes), usable)


def _key_findings(data: TableData) -> list[Finding]:
    table = data.table
    blank = data.blank_rows()
    positions = _Positions(data)
    findings = []
    key_name = ", ".join(table.primary_key)
    key_columns = [data.column(name) for name in table.primary_key]
    for row, first in _duplicates(key_columns, blank):
        key = ", ".join(str(column[row].as_py()) for column in key_columns)
        message = f"{key_name} {key} already appears on line {int(positions.lines[first])}; identifiers are unique"
        findings.append(positions.finding("primary-key", data, row, message, ",".join(table.primary_key)))
    for name in table.unique:
        column = data.column(name)
        for row, first in _duplicates([column], blank | ~valid_mask(column)):
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
    cited_first[_int_values(hits)[valid_mask(hits)]] = True
    first_of_row = pc.index_in(ids, value_set=ids, skip_nulls=True)
    valid = valid_mask(first_of_row)
    cited = np.zeros(len(ids), dtype=bool)
    cited[valid] = cited_first[_int_values(first_of_row)[valid]]
    return cited


def _target_findings(tables: Mapping[str, TableData], merge: CitationMerge | None) -> list[Finding]:
    """Citations whose record_id is not an identifier in the table its prefix names."""
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    citations = tables["citations"]
    record_ids = citations.column("record_id")
    positions = _Positions(citations)
    findings: list[Finding] = []
    unreadable: set[str] = set()
    for prefix, target_name in CITABLE_PREFIXES.items():
        if merge is not None and target_name == "statements":
            missing = np.concatenate([np.zeros(0, np.int64), *merge.missing_targets])  # joined while reading
        else:
            rows = np.flatnonzero(true_mask(pc.starts_with(record_ids, prefix + "-")))
            if not len(rows):
                continue
            target = tables[target_name]
            if not target.readable:
                unreadable.add(target_name)
                continue
            missing = rows[_missing(record_ids.take(index_array(rows)), target.column(target.table.primary_key[0]))]
        for index in missing.tolist():
            value = record_ids[index].as_py()
            message = f"{value!r} is not an identifier in {target_name} (the prefix {prefix}- points there)"
            findings.append(positions.finding("citation-target", citations, index, message, "record_id"))
    for name in sorted(unreadable):
        message = f"citations of {name} were not checked: {tables[name].file} could not be read"
        findings.append(Finding("reference-unreadable", citations.file, message))
    return findings


def _uncited_findings(tables: Mapping[str, TableData], merge: CitationMerge | None) -> list[Finding]:
    """Records of tables that need a citation and have none."""
    import numpy as np  # noqa: PLC0415

    record_ids = tables["citations"].column("record_id")
    findings = []
    for table in TABLES:
        data = tables[table.name]
        if not table.requires_citation or not data.readable:
            continue
        key = table.primary_key[0]
        ids = data.column(key)
        if merge is not None and table.name == "statements":
            uncited = np.zeros(len(ids), dtype=bool)
            uncited[np.concatenate([np.zeros(0, np.int64), *merge.uncited])] = True
        else:
            uncited = valid_mask(ids) & ~data.blank_rows() & ~_cited(ids, record_ids)
        positions = _Positions(data)
        for index in np.flatnonzero(uncited).tolist():
            message = f"{ids[index].as_py()} cites no source; add a row for it to citations.csv"
            findings.append(positions.finding("uncited", data, index, message, key))
    return findings


def _citation_findings(tables: Mapping[str, TableData], merge: CitationMerge | None) -> list[Finding]:
    """Citation targets, uncited records, and each statement's quote in the excerpt cited from its source."""
    citations = tables["citations"]
    if not citations.readable:
        message = f"whether records are cited was not checked: {citations.file} could not be read"
        return [
            Finding("reference-unreadable", tables[table.name].file, message)
            for table in TABLES
            if table.requires_citation and tables[table.name].readable
        ]
    findings = _target_findings(tables, merge)
    findings.extend(_uncited_findings(tables, merge))
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
    citation_index = _int_values(order)[sorted_index]
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


def check_across(tables: Mapping[str, TableData], merge: CitationMerge | None) -> list[Finding]:
    """Keys of every table, references between tables, citations, and designation histories.

    *merge* holds what was joined while statements and citations were read, or is ``None`` if they
    were not joined.
    """
    findings: list[Finding] = []
    for table in TABLES:
        data = tables[table.name]
        if data.readable:
            findings.extend(_key_findings(data))
    findings.extend(_late_foreign_keys(tables))
    findings.extend(_citation_findings(tables, merge))
    findings.extend(_history_findings(tables["designations"]))
    return findings
