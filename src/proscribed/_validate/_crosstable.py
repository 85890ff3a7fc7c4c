"""The table and cross-table layers: keys, references, citations, and each designation history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._schema import _messages as messages
from .._schema._actcheck import ActRow, AliasRow, InstrumentRow, ListRow, check_acts
from .._schema._confirmed import CitationRow, SourceRow, VerifiedRow, check_confirmed, is_official, origin_of
from .._schema._integrity import VERIFIED_TABLES
from .._schema._tables import TABLES
from .._schema._types import CITABLE_PREFIXES, LIST_TABLE
from .._schema._vocab import Action, Relation, Scope, SourceClass, SourceType, Verification
from ._bytes import bool_array, index_array, string_array, true_mask, valid_mask
from ._cells import Encoded
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
        message = messages.duplicate_key(key_name, key, int(positions.lines[first]))
        findings.append(positions.finding("primary-key", data, row, message, ",".join(table.primary_key)))
    for name in table.unique:
        column = data.column(name)
        for row, first in duplicates([column], data.blank_rows() | ~valid_mask(column)):
            value = column[row].as_py()
            message = messages.duplicate_value(value, name, int(positions.lines[first]))
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
            known = target.column(key.target_field)
            missing = np.flatnonzero(_missing(values, known))
            positions = _Positions(data)
            hint = messages.Suggestions(known.drop_null().to_pylist)
            for index in missing:
                value = values[int(index)].as_py()
                message = messages.unknown_reference(value, key.table, key.target_field, hint)
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
        for prefix, target_name in _CITABLE_TARGETS:
            if target_name in _JOINED or not len(others):
                continue
            if target_name == LIST_TABLE:
                selected = true_mask(pc.match_substring_regex(other_ids, _LIST_PREFIX))
            else:
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
                self.missing.append((row, line, value, value.split("-", 1)[0], target_name))
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
        for row, line, value, _prefix, target_name in self.missing:
            message = messages.unknown_citation_target(value, target_name)
            findings.append(Finding("citation-target", file, message, row, line, "record_id"))
        for name in sorted(self.unreadable):
            message = f"citations of {name} were not checked: {self.tables[name].file} could not be read"
            findings.append(Finding("reference-unreadable", file, message))
        return findings


_JOINED = frozenset({"statements"})
"""The tables whose citations are joined as both files are read (:mod:`._merge`)."""

_CITABLE_TARGETS = (*CITABLE_PREFIXES.items(), ("", LIST_TABLE))
"""Where citations point: each identifier prefix's table, then the lists (two-letter prefixes)."""
_LIST_PREFIX = "^[a-z]{2}-"
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
        message = messages.unknown_citation_target(value, "statements")
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
    quotes = statements.without_refused_text(pa.concat_arrays([batch["quote"] for batch in again]))
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
        excerpts = citations.without_refused_text(batch["excerpt"], start)
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


def _usable_mask(data: TableData, needed: tuple[str, ...]) -> npt.NDArray[np.bool_]:
    """The rows whose *needed* cells are all good and that are not blank."""
    bad = data.cell_bad()
    names = list(data.table.columns)
    usable = ~data.blank_rows()
    if bad.shape[0] == usable.shape[0]:
        for name in needed:
            usable &= ~bad[:, names.index(name)]
    return usable


def _usable_rows(data: TableData, needed: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows whose *needed* cells are all good and not blank, each with its index under ``"index"``."""
    import numpy as np  # noqa: PLC0415

    columns = {name: data.column(name).to_pylist() for name in needed}
    usable = _usable_mask(data, needed)
    return [
        {"index": index, **{name: columns[name][index] for name in needed}} for index in np.flatnonzero(usable).tolist()
    ]


_ACTIONS = {action.value: action for action in Action}
_SCOPES = {scope.value: scope for scope in Scope}
_VERIFICATIONS = {term.value: term for term in Verification}
_RELATIONS = {term.value: term for term in Relation}
_SOURCE_TYPES = {term.value: term for term in SourceType}
_SOURCE_CLASSES = {term.value: term for term in SourceClass}


def _act_findings(tables: Mapping[str, TableData]) -> list[Finding]:
    """The rules across acts, instruments, lists and names (:mod:`proscribed._schema._actcheck`), located."""
    if not all(tables[name].readable for name in ("lists", "instruments", "designations", "aliases")):
        return []
    lists = [
        ListRow(row["list_id"], row["jurisdiction"], row["started"], row["ended"], row["predecessor_id"])
        for row in _usable_rows(tables["lists"], ("list_id", "jurisdiction", "started", "ended", "predecessor_id"))
        if row["list_id"] is not None and row["jurisdiction"] is not None
    ]
    dates = ("decision_date", "publication_date", "effective_date")
    instruments = [
        InstrumentRow(row["instrument_id"], row["jurisdiction"], *(row[name] for name in dates))
        for row in _usable_rows(tables["instruments"], ("instrument_id", "jurisdiction", *dates))
        if row["instrument_id"] is not None and row["jurisdiction"] is not None
    ]
    required = ("designation_id", "actor_id", "list_id", "action", "scope", "instrument_id")
    acts = [
        ActRow(
            row["index"],
            row["designation_id"],
            row["actor_id"],
            row["list_id"],
            _ACTIONS[row["action"]],
            _SCOPES[row["scope"]],
            row["instrument_id"],
            row["end_date"],
            row["related_designation_id"],
        )
        for row in _usable_rows(tables["designations"], (*required, "end_date", "related_designation_id"))
        if all(row[name] is not None for name in required)
    ]
    aliases = [
        AliasRow(row["index"], row["actor_id"], row["designation_id"])
        for row in _usable_rows(tables["aliases"], ("actor_id", "designation_id"))
        if row["actor_id"] is not None
    ]
    positions = {name: _Positions(tables[name]) for name in ("designations", "aliases")}
    return [
        positions[issue.table].finding(issue.code, tables[issue.table], issue.index, issue.message, issue.column)
        for issue in check_acts(lists, instruments, acts, aliases)
    ]


def _confirmed_findings(tables: Mapping[str, TableData]) -> list[Finding]:
    """The rule of what ``confirmed`` takes (:mod:`proscribed._schema._confirmed`), located.

    The rule is judged by :func:`~proscribed._schema._confirmed.check_confirmed` itself, on the records that may
    break it: a vectorised pass first sets aside every record whose supporting citations already include an
    official source or two origins (or that cites an unknown source), which on real data is nearly all.
    Rows with a cell that is not a term of its vocabulary are left out: the cell checks report them.
    """
    names = ("citations", "sources", *VERIFIED_TABLES)
    if not all(tables[name].readable for name in names):
        return []
    sources = _source_rows(tables["sources"])
    citations = tables["citations"]
    cited_columns = ("record_id", "source_id", "relation")
    usable_citations = _usable_mask(citations, cited_columns)
    settled = _settled_records(citations, usable_citations, sources)
    candidates: list[VerifiedRow] = []
    for name, key in VERIFIED_TABLES.items():
        candidates.extend(_candidate_records(tables[name], name, key, settled))
    if not candidates:
        return []
    wanted = {record.record_id for record in candidates} | {
        record.instrument_id for record in candidates if record.instrument_id is not None
    }
    citation_rows = _citation_rows(citations, usable_citations, wanted)
    positions = {name: _Positions(tables[name]) for name in VERIFIED_TABLES}
    return [
        positions[issue.table].finding(issue.code, tables[issue.table], issue.index, issue.message, issue.column)
        for issue in check_confirmed(candidates, citation_rows, sources)
    ]


def _source_rows(data: TableData) -> list[SourceRow]:
    columns = ("source_id", "source_type", "source_class", "publisher_id", "original_publisher_id", "url")
    return [
        SourceRow(
            row["source_id"],
            _SOURCE_TYPES[row["source_type"]],
            _SOURCE_CLASSES[row["source_class"]],
            row["publisher_id"],
            row["original_publisher_id"],
            row["url"],
        )
        for row in _usable_rows(data, columns)
        if None not in (row["source_id"], row["url"])
        and row["source_type"] in _SOURCE_TYPES
        and row["source_class"] in _SOURCE_CLASSES
    ]


def _settled_records(citations: TableData, usable: npt.NDArray[np.bool_], sources: list[SourceRow]) -> pa.Array:
    """The records that certainly keep the rule, by their supporting citations alone.

    For an act, its instrument's citations may add what its own lack, so acts are never settled here.
    The columns are taken dictionary-encoded and grouped in numpy (Arrow's ``group_by`` would import pandas).
    """
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    records = citations.encoded_column("record_id")
    cited_sources = citations.encoded_column("source_id")
    relations = citations.encoded_column("relation")
    groups = len(records.dictionary)
    source_at = pc.index_in(cited_sources.dictionary, value_set=string_array([source.source_id for source in sources]))
    source_of_value = np.where(valid_mask(source_at), int_values(source_at), -1)
    source_index = np.append(source_of_value, -1)[cited_sources.codes]  # code -1 (empty) reads the appended -1
    supports_value = true_mask(pc.is_in(relations.dictionary, value_set=string_array([Relation.SUPPORTS.value])))
    supports = np.append(supports_value, False)[relations.codes]

    rows = usable & (records.codes >= 0) & (cited_sources.codes >= 0)
    record = records.codes[rows].astype(np.int64)
    resolved = source_index[rows] >= 0
    supporting = supports[rows] & resolved
    origins = {origin: code for code, origin in enumerate(sorted({origin_of(source) for source in sources}))}
    official_of = np.array([is_official(source) for source in sources] + [False], dtype=bool)
    origin_of_source = np.array([origins[origin_of(source)] for source in sources] + [0], dtype=np.int64)
    cited = source_index[rows]
    unresolved = np.bincount(record, weights=~resolved, minlength=groups) > 0
    official = np.bincount(record, weights=supporting & official_of[cited], minlength=groups) > 0
    pairs = np.sort(record[supporting] * (len(origins) + 1) + origin_of_source[cited[supporting]])
    distinct = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
    distinct_origins = np.bincount(distinct // (len(origins) + 1), minlength=groups)
    keeps = unresolved | official | (distinct_origins >= 2)
    return records.dictionary.filter(bool_array(keeps))


def _candidate_records(data: TableData, name: str, key: str, settled: pa.Array) -> list[VerifiedRow]:
    """The confirmed records of one table that the rule must judge."""
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    extra = ("instrument_id",) if name == "designations" else ()
    usable = _usable_mask(data, (key, "verification", *extra))
    verification = data.encoded_column("verification")
    is_confirmed = true_mask(pc.is_in(verification.dictionary, value_set=string_array([Verification.CONFIRMED.value])))
    confirmed = usable & np.append(is_confirmed, False)[verification.codes]
    ids = data.encoded_column(key)
    if name != "designations":
        is_settled = true_mask(pc.is_in(ids.dictionary, value_set=settled))
        confirmed &= ~np.append(is_settled, False)[ids.codes]
    rows = np.flatnonzero(confirmed & (ids.codes >= 0))
    if not len(rows):
        return []
    record_ids = _values_at(ids, rows)
    instruments = _values_at(data.encoded_column("instrument_id"), rows) if extra else [None] * len(rows)
    return [
        VerifiedRow(name, int(row), record_id, Verification.CONFIRMED, instrument)
        for row, record_id, instrument in zip(rows.tolist(), record_ids, instruments, strict=True)
        if record_id is not None
    ]


def _values_at(column: Encoded, rows: npt.NDArray[np.int64]) -> list[str | None]:
    """The values of an encoded column at *rows* (``None`` for an empty cell)."""
    import numpy as np  # noqa: PLC0415

    codes = column.codes[rows]
    present = codes >= 0
    values: list[str | None] = [None] * len(codes)
    if present.any():
        found = column.dictionary.take(index_array(codes[present])).to_pylist()
        for position, value in zip(np.flatnonzero(present).tolist(), found, strict=True):
            values[position] = value
    return values


def _citation_rows(citations: TableData, usable: npt.NDArray[np.bool_], wanted: set[str]) -> list[CitationRow]:
    """The usable citations of the *wanted* records."""
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    records = citations.encoded_column("record_id")
    wanted_value = true_mask(pc.is_in(records.dictionary, value_set=string_array(sorted(wanted))))
    rows = np.flatnonzero(usable & np.append(wanted_value, False)[records.codes])
    chosen = [
        _values_at(column, rows)
        for column in (records, citations.encoded_column("source_id"), citations.encoded_column("relation"))
    ]
    return [
        CitationRow(record, source, _RELATIONS[relation])
        for record, source, relation in zip(*chosen, strict=True)
        if record is not None and source is not None and relation is not None and relation in _RELATIONS
    ]


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
    findings.extend(_act_findings(tables))
    findings.extend(_confirmed_findings(tables))
    return findings
