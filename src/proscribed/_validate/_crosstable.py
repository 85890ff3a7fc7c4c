"""The table and cross-table layers: keys, references, citations, and each designation history."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._integrity import ELISION, quote_in_excerpt
from .._tables import TABLES, table_named
from .._types import CITABLE_PREFIXES, cached_edtf
from .._vocab import Action
from ._findings import Finding

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

    from ._run import TableData

__all__ = ["check_across"]

_KEY_SEPARATOR = "\x1f"


class _Positions:
    """Record numbers and lines of one table, computed once."""

    def __init__(self, data: TableData) -> None:
        self.numbers, self.lines = data.numbers()

    def finding(self, code: str, data: TableData, index: int, message: str, column: str | None) -> Finding:
        return Finding(code, data.file, message, int(self.numbers[index]), int(self.lines[index]), column)


def _duplicates(keys: pa.Array, skip: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(row, first row with the same key) for every repeated key; null keys and *skip* rows are ignored."""
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    usable = np.flatnonzero(keys.is_valid().to_numpy(zero_copy_only=False) & ~skip)
    if len(usable) < 2:
        return []
    values = keys.take(pa.array(usable))
    if pc.all(pc.less(values.slice(0, len(values) - 1), values.slice(1))).as_py():
        return []  # strictly increasing: sorted files settle it without hashing
    counts = pc.value_counts(values)
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    if len(repeated) == 0:
        return []
    positions = np.flatnonzero(pc.is_in(values, value_set=repeated).to_numpy(zero_copy_only=False))
    first: dict[object, int] = {}
    found = []
    for position in positions:
        key = values[int(position)].as_py()
        row = int(usable[position])
        if key in first:
            found.append((row, first[key]))
        else:
            first[key] = row
    return found


def _joined(data: TableData, names: tuple[str, ...]) -> pa.Array:
    import pyarrow.compute as pc  # noqa: PLC0415

    columns = [data.column(name) for name in names]
    if len(columns) == 1:
        return columns[0]
    all_null = columns[0].is_null()
    for column in columns[1:]:
        all_null = pc.and_(all_null, column.is_null())
    joined = pc.binary_join_element_wise(*columns, _KEY_SEPARATOR, null_handling="replace", null_replacement="\x00")
    return pc.if_else(all_null, None, joined)


def _key_findings(data: TableData) -> list[Finding]:
    table = data.table
    blank = data.mask("blank")
    positions = _Positions(data)
    findings = []
    key_name = ", ".join(table.primary_key)
    for row, first in _duplicates(_joined(data, table.primary_key), blank):
        key = ", ".join(str(data.column(name)[row].as_py()) for name in table.primary_key)
        message = f"{key_name} {key} already appears on line {int(positions.lines[first])}; identifiers are unique"
        findings.append(positions.finding("primary-key", data, row, message, ",".join(table.primary_key)))
    for name in table.unique:
        for row, first in _duplicates(data.column(name), blank):
            value = data.column(name)[row].as_py()
            message = f"{value!r} already appears on line {int(positions.lines[first])}; {name} values are unique"
            findings.append(positions.finding("unique", data, row, message, name))
    return findings


def _late_foreign_keys(tables: Mapping[str, TableData]) -> list[Finding]:
    """Foreign keys into the same table (or a later one), and references into unreadable tables."""
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    findings = []
    for position, table in enumerate(TABLES):
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
            if TABLES.index(table_named(key.table)) < position:
                continue
            values = data.column(key.field)
            known = pc.unique(target.column(key.target_field).drop_null())
            missing = np.flatnonzero(
                pc.and_(values.is_valid(), pc.invert(pc.is_in(values, value_set=known))).to_numpy(zero_copy_only=False)
            )
            positions = _Positions(data)
            for index in missing:
                value = values[int(index)].as_py()
                message = f"{value!r} is not an identifier in {key.table} ({key.table}.csv, column {key.target_field})"
                findings.append(positions.finding("foreign-key", data, int(index), message, key.field))
    return findings


def _citation_findings(tables: Mapping[str, TableData]) -> list[Finding]:  # noqa: C901  (one rule after another)
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    citations = tables["citations"]
    findings: list[Finding] = []
    if not citations.readable:
        for table in TABLES:
            if table.requires_citation and tables[table.name].readable:
                message = f"whether records are cited was not checked: {citations.file} could not be read"
                findings.append(Finding("reference-unreadable", tables[table.name].file, message))
        return findings
    record_ids = citations.column("record_id")
    positions = _Positions(citations)
    unreadable: set[str] = set()
    for prefix, target_name in CITABLE_PREFIXES.items():
        selected = pc.fill_null(pc.starts_with(record_ids, prefix + "-"), fill_value=False)
        if not pc.any(selected).as_py():
            continue
        target = tables[target_name]
        if not target.readable:
            unreadable.add(target_name)
            continue
        known = pc.unique(target.column(target.table.primary_key[0]).drop_null())
        missing = pc.and_(selected, pc.invert(pc.is_in(record_ids, value_set=known)))
        for index in np.flatnonzero(missing.to_numpy(zero_copy_only=False)):
            value = record_ids[int(index)].as_py()
            message = f"{value!r} is not an identifier in {target_name} (the prefix {prefix}- points there)"
            findings.append(positions.finding("citation-target", citations, int(index), message, "record_id"))
    for name in sorted(unreadable):
        message = f"citations of {name} were not checked: {tables[name].file} could not be read"
        findings.append(Finding("reference-unreadable", citations.file, message))
    cited = pc.unique(record_ids.drop_null())
    for table in TABLES:
        data = tables[table.name]
        if not table.requires_citation or not data.readable:
            continue
        key = table.primary_key[0]
        ids = data.column(key)
        uncited = ids.is_valid().to_numpy(zero_copy_only=False) & ~data.mask("blank")
        uncited &= ~pc.is_in(ids, value_set=cited).to_numpy(zero_copy_only=False)
        table_positions = _Positions(data)
        for index in np.flatnonzero(uncited):
            message = f"{ids[int(index)].as_py()} cites no source; add a row for it to citations.csv"
            findings.append(table_positions.finding("uncited", data, int(index), message, key))
    findings.extend(_quote_findings(tables["statements"], citations))
    return findings


def _quote_findings(statements: TableData, citations: TableData) -> list[Finding]:
    """The quote-source and quote-in-excerpt rules; the excerpts are read again, one batch at a time."""
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if not statements.readable or statements.rows == 0:
        return []
    statement_ids = statements.column("statement_id")
    sources = statements.column("quote_source_id")
    left = pa.table(
        {"record": statement_ids, "source": sources, "statement": pa.array(np.arange(statements.rows))}
    ).filter(pc.and_(pc.is_valid(statement_ids), pc.is_valid(sources)))
    right = pa.table(
        {
            "record": citations.column("record_id"),
            "source": citations.column("source_id"),
            "citation": pa.array(np.arange(citations.rows)),
        }
    )
    joined = left.join(right, keys=["record", "source"], join_type="left outer")
    statement_rows = joined.column("statement").to_numpy()
    citation_rows = pc.fill_null(joined.column("citation"), -1).to_numpy(zero_copy_only=False)
    cited = citation_rows >= 0
    order = np.argsort(citation_rows[cited], kind="stable")
    pairs_statement = statement_rows[cited][order]
    pairs_citation = citation_rows[cited][order]
    quotes = statements.column("quote")
    found = np.zeros(statements.rows, dtype=bool)
    checked = np.zeros(statements.rows, dtype=bool)
    start = 0
    position = 0
    for excerpts in citations.reread("excerpt"):
        stop = start + len(excerpts)
        end = int(np.searchsorted(pairs_citation, stop, side="left"))
        if end > position:
            rows = pairs_statement[position:end]
            batch_quotes = quotes.take(pa.array(rows)).to_pylist()
            batch_excerpts = excerpts.take(pa.array(pairs_citation[position:end] - start)).to_pylist()
            for row, quote, excerpt in zip(rows.tolist(), batch_quotes, batch_excerpts, strict=True):
                checked[row] = True
                if quote is None or excerpt is None:
                    found[row] = True  # an empty cell is reported as such
                elif (ELISION not in quote and quote in excerpt) or quote_in_excerpt(quote, excerpt):
                    found[row] = True
        position = end
        start = stop
    positions = _Positions(statements)
    listed = np.zeros(statements.rows, dtype=bool)
    listed[statement_rows] = True
    findings = []
    for row in np.flatnonzero(listed & ~found).tolist():
        source = sources[row].as_py()
        if checked[row]:
            message = f"the quote does not appear verbatim in the excerpt cited from {source}"
            findings.append(positions.finding("quote-not-in-excerpt", statements, row, message, "quote"))
        else:
            message = f"the quote's source {source} is not among the statement's citations"
            findings.append(positions.finding("quote-source-uncited", statements, row, message, "quote_source_id"))
    return findings


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
    usable = ~data.mask("blank")
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


def check_across(tables: Mapping[str, TableData]) -> list[Finding]:
    """Keys of every table, references between tables, citations, and designation histories."""
    findings: list[Finding] = []
    for table in TABLES:
        data = tables[table.name]
        if data.readable:
            findings.extend(_key_findings(data))
    findings.extend(_late_foreign_keys(tables))
    findings.extend(_citation_findings(tables))
    findings.extend(_history_findings(tables["designations"]))
    return findings
