"""One validation run: every layer, every table, every error.

Tables are read one after the other, each streamed in batches and checked batch by batch (cells,
record rules, foreign keys into tables already read); only the columns later layers need are kept.
Statements and citations, the two large tables, are read side by side, so that their join
(:mod:`._merge`) holds only the rows the two files have not yet both passed.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .._schema import _messages as messages
from .._schema._descriptor import build_descriptor
from .._schema._tables import TABLES, ForeignKey, Table, table_named
from ._bytes import bool_array, true_mask, valid_mask
from ._cells import CellCheck, Encoded, encode
from ._columns import ColumnRule, column_rules
from ._crosstable import CitedRecords, check_across
from ._findings import DEFAULT_MAX_PER_CODE, Finding, Findings, Report, TableStats
from ._keys import int_values
from ._merge import CitationMerge
from ._package import check_descriptor, generated_descriptor
from ._read import Batch, NeedsPythonReader, TableFile, arrow_batches, python_batches, read_header
from ._rules import RecordRules

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["Progress", "TableData", "cell_verdict", "checked_late", "validate_package"]

Progress = Callable[[str, int], None]
"""Called with a table name and the number of its rows read so far."""

_SIDE_BY_SIDE = ("statements", "citations")
_READING_ORDER: tuple[Table, ...] = (
    *(table for table in TABLES if table.name not in _SIDE_BY_SIDE),
    *(table_named(name) for name in _SIDE_BY_SIDE),
)
"""Tables in the order they are read: statements and citations last, side by side."""

_RETAINED: dict[str, tuple[str, ...]] = {
    "lists": tuple(table_named("lists").columns),
    "instruments": tuple(table_named("instruments").columns),
    "designations": tuple(table_named("designations").columns),
    "aliases": ("actor_id", "designation_id"),
}
_KEPT_ENCODED: dict[str, tuple[str, ...]] = {
    "citations": ("record_id", "source_id", "relation"),
    "statements": ("statement_id", "verification"),
}
"""Columns of a table read side by side that the rule of what ``confirmed`` takes reads once all is read.

They are kept dictionary-encoded batch by batch (a source or a relation repeats on many rows), which costs
far less than reading the file a second time.
"""
_READ_AGAIN: dict[str, tuple[str, ...]] = {
    "statements": ("statement_id", "quote_source_id", "quote"),
    "citations": ("record_id", "source_id"),
}
"""What the cross-table layer needs of a table read side by side, should the join have given up."""

_KEEP_CELL_MASKS = frozenset({"lists", "instruments", "designations", "aliases"})

QUOTED_TEXT = {"statements": "quote", "citations": "excerpt"}
"""The text each side of the quote rule compares; a refused cell of it is not compared (loading cannot)."""


@dataclass
class TableData:
    """What later layers need of a table once it has been read."""

    table: Table
    file: str
    readable: bool
    rows: int = 0
    chunks: dict[str, list[pa.Array]] = field(default_factory=dict)
    row_numbers: list[npt.NDArray[np.int32]] = field(default_factory=list)
    lines: list[npt.NDArray[np.int32]] = field(default_factory=list)
    blank: list[npt.NDArray[np.bool_]] = field(default_factory=list)
    bad_cells: list[npt.NDArray[np.bool_]] = field(default_factory=list)
    encoded_chunks: dict[str, list[pa.Array]] = field(default_factory=dict)
    """Per column of :data:`_KEPT_ENCODED`, its batches dictionary-encoded."""
    encoded: dict[str, Encoded] = field(default_factory=dict)
    """Columns already given by :meth:`encoded_column`."""
    refused_text: list[npt.NDArray[np.bool_]] = field(default_factory=list)
    """Per row, whether the cell of :data:`QUOTED_TEXT` was refused (statements and citations only)."""
    findings: Findings = field(default_factory=lambda: Findings(DEFAULT_MAX_PER_CODE))
    table_file: TableFile | None = None
    python_reader: bool = False

    def reread(self, names: tuple[str, ...]) -> Iterator[dict[str, pa.Array]]:
        """Read some columns of the file again, batch by batch, the way it was read the first time."""
        assert self.table_file is not None  # noqa: S101  (only readable tables are read again)
        batches = python_batches(self.table_file) if self.python_reader else arrow_batches(self.table_file, only=names)
        for batch in batches:
            yield {name: batch.columns[name] for name in names}

    def column(self, name: str) -> pa.Array:
        """A column, all batches together: kept from the first reading, or else read again."""
        import pyarrow as pa  # noqa: PLC0415

        if name not in self.chunks and name in self.encoded_chunks:
            parts = self.encoded_chunks.pop(name)
            self.chunks[name] = [
                pa.concat_arrays([part.dictionary_decode() for part in parts]) if parts else pa.nulls(0)
            ]
        if name not in self.chunks and self.readable and self.table_file is not None:
            wanted = (name, *_READ_AGAIN.get(self.table.name, ()))
            names = tuple(each for each in dict.fromkeys(wanted) if each not in self.chunks)
            for batch in self.reread(names):
                for each in names:
                    self.chunks.setdefault(each, []).append(batch[each])
        chunks = self.chunks.get(name, [])
        if len(chunks) != 1:
            self.chunks[name] = [pa.concat_arrays(chunks) if chunks else pa.nulls(0, pa.string())]
        return self.chunks[name][0]

    def encoded_column(self, name: str) -> Encoded:
        """A column as its distinct values and each row's position among them (-1: empty).

        A column of :data:`_KEPT_ENCODED` is read from its encoded batches without decoding them.
        """
        import numpy as np  # noqa: PLC0415
        import pyarrow as pa  # noqa: PLC0415

        if name in self.encoded:
            return self.encoded[name]
        parts = self.encoded_chunks.get(name) if name not in self.chunks else None
        if not parts:
            self.encoded[name] = encode(self.column(name).cast(pa.string()))
            return self.encoded[name]
        unified = pa.chunked_array(parts).unify_dictionaries()
        codes = [
            np.where(valid_mask(chunk.indices), int_values(chunk.indices), -1).astype(np.int32)
            for chunk in unified.chunks
        ]
        self.encoded[name] = Encoded(unified.chunk(0).dictionary, np.concatenate(codes))
        return self.encoded[name]

    def numbers(self) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
        """Record numbers and physical lines of all rows."""
        import numpy as np  # noqa: PLC0415

        if len(self.row_numbers) != 1:
            self.row_numbers = [np.concatenate(self.row_numbers) if self.row_numbers else np.zeros(0, np.int32)]
            self.lines = [np.concatenate(self.lines) if self.lines else np.zeros(0, np.int32)]
        return self.row_numbers[0], self.lines[0]

    def cell_bad(self) -> npt.NDArray[np.bool_]:
        """Which cells were bad, rows by columns (kept for the tables of :data:`_KEEP_CELL_MASKS` only)."""
        import numpy as np  # noqa: PLC0415

        if not self.bad_cells:
            return np.zeros((0, len(self.table.columns)), dtype=bool)
        return np.concatenate(self.bad_cells)

    def blank_rows(self) -> npt.NDArray[np.bool_]:
        """Which rows are blank."""
        import numpy as np  # noqa: PLC0415

        return np.concatenate(self.blank) if self.blank else np.zeros(0, dtype=bool)

    def clear(self) -> None:
        """Forget what was read (the table is about to be read again from its start)."""
        self.rows = 0
        for parts in (self.chunks, self.encoded_chunks, self.encoded, self.findings, self.row_numbers, self.lines):
            parts.clear()
        self.blank.clear()
        self.bad_cells.clear()
        self.refused_text.clear()

    def without_refused_text(self, texts: pa.Array, start: int = 0) -> pa.Array:
        """*texts* (this table's :data:`QUOTED_TEXT`, rows from *start*) with the refused cells emptied."""
        import numpy as np  # noqa: PLC0415

        refused = np.concatenate(self.refused_text) if self.refused_text else np.zeros(0, dtype=bool)
        return emptied(texts, refused[start : start + len(texts)])


def emptied(texts: pa.Array, rows: npt.NDArray[np.bool_]) -> pa.Array:
    """*texts* with the cells of *rows* made empty (null)."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if not rows.any():
        return texts
    return pc.if_else(bool_array(rows), pa.nulls(len(texts), texts.type), texts)


def checked_late(table: Table, key: ForeignKey) -> bool:
    """Whether a foreign key is checked once all tables are read (its target is read with or after it)."""
    return _READING_ORDER.index(table_named(key.table)) >= _READING_ORDER.index(table)


def _retained_columns(table: Table) -> set[str]:
    """Primary and unique keys, foreign keys checked once all is read, and what later layers read.

    Nothing is kept of the tables read side by side: the join checks their keys as they pass.
    """
    if table.name in _SIDE_BY_SIDE:
        return {key.field for key in table.foreign_keys if checked_late(table, key)}
    retained = set(table.primary_key) | set(table.unique) | set(_RETAINED.get(table.name, ()))
    retained |= {key.field for key in table.foreign_keys if checked_late(table, key)}
    return retained


def _descriptor_types() -> dict[str, dict[str, str]]:
    types: dict[str, dict[str, str]] = {}
    for resource in generated_descriptor()["resources"]:
        types[resource["name"]] = {field["name"]: field["type"] for field in resource["schema"]["fields"]}
    return types


@dataclass
class _Context:
    root: Path
    today: datetime.date
    progress: Progress | None
    max_per_code: int | None
    tables: dict[str, TableData] = field(default_factory=dict)
    key_sets: dict[tuple[str, str], pa.Array] = field(default_factory=dict)
    suggestions: dict[tuple[str, str], messages.Suggestions] = field(default_factory=dict)

    def suggestions_for(self, target: TableData, name: str) -> messages.Suggestions:
        """'Did you mean' among the values of a retained column of a table already read."""
        cache_key = (target.table.name, name)
        if cache_key not in self.suggestions:
            self.suggestions[cache_key] = messages.Suggestions(lambda: self.key_set(target, name).to_pylist())
        return self.suggestions[cache_key]

    def key_set(self, target: TableData, name: str) -> pa.Array:
        """The distinct non-empty values of a retained column of a table already read."""
        import pyarrow.compute as pc  # noqa: PLC0415

        cache_key = (target.table.name, name)
        if cache_key not in self.key_sets:
            self.key_sets[cache_key] = pc.unique(target.column(name).drop_null())
        return self.key_sets[cache_key]


_RESTARTED = None
"""Yielded by :func:`_read_table` when the table is about to be read again from its first record."""


def _read_table(
    context: _Context, table: Table, rules: dict[str, ColumnRule], data: TableData
) -> Iterator[Batch | None]:
    """Read and check a table into *data*, yielding each checked batch (``None``: starting over)."""
    opened = read_header(context.root / table.path, table.path, table.columns, max_per_code=context.max_per_code)
    if isinstance(opened, Finding):
        data.readable = False
        data.findings.append(opened)
        return
    try:
        # The batches are read and checked in a thread, one ahead of the batch the caller is given.
        yield from _reported(
            context, data, _ahead(_consume(context, table, rules, opened, arrow_batches(opened), data))
        )
    except NeedsPythonReader:
        data.clear()
        yield _RESTARTED
        reopened = read_header(context.root / table.path, table.path, table.columns, max_per_code=context.max_per_code)
        assert isinstance(reopened, TableFile)  # noqa: S101  (it was readable a moment ago)
        data.python_reader = True
        yield from _reported(context, data, _consume(context, table, rules, reopened, python_batches(reopened), data))
        opened = reopened
    data.table_file = TableFile(opened.path, opened.file, opened.expected, opened.header)


def _reported(context: _Context, data: TableData, batches: Iterator[Batch]) -> Iterator[Batch]:
    """The batches, reporting progress as each arrives."""
    for batch in batches:
        if context.progress is not None:
            context.progress(data.table.name, data.rows)
        yield batch


def _ahead(batches: Iterator[Batch]) -> Iterator[Batch]:
    """The batches, each produced in a thread while the one before is used (never more than one ahead).

    Arrow and numpy release the interpreter while they work: parsing and checking one table, and
    joining the other, proceed at the same time.
    """
    import contextlib  # noqa: PLC0415
    import queue  # noqa: PLC0415
    import threading  # noqa: PLC0415

    ready: queue.Queue[tuple[Batch | None, BaseException | None]] = queue.Queue(maxsize=1)
    taken = threading.Semaphore(0)
    stopped = threading.Event()

    def read() -> None:
        try:
            for batch in batches:
                ready.put((batch, None))
                taken.acquire()  # the next batch is read only once this one is being checked
                if stopped.is_set():
                    return
        except BaseException as error:  # noqa: BLE001  (handed to the checking thread)
            ready.put((None, error))
            return
        finally:
            close = getattr(batches, "close", None)  # a generator: closing it closes its file
            if close is not None:
                close()
        ready.put((None, None))

    reader = threading.Thread(target=read, name="proscribed-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            batch, error = ready.get()
            if error is not None:
                raise error
            if batch is None:
                return
            taken.release()
            yield batch
            del batch
    finally:
        stopped.set()
        taken.release()
        while reader.is_alive():  # let the reader finish the batch it holds, then stop
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.01)
        reader.join()


def _consume(  # noqa: PLR0913, PLR0917  (one table's reading, in its parts)
    context: _Context,
    table: Table,
    rules: dict[str, ColumnRule],
    table_file: TableFile,
    batches: Iterator[Batch],
    data: TableData,
) -> Iterator[Batch]:
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415

    pool = pa.default_memory_pool()
    record_rules = RecordRules(table.model, rules)
    foreign_keys = frozenset(key.field for key in table.foreign_keys)
    cells = CellCheck(context.today, table, rules, record_rules.encoded_columns | foreign_keys)
    retained = _retained_columns(table)
    for batch in batches:
        data.findings.extend(
            Finding("blank-row", table.path, messages.blank_row(), int(number), int(line))
            for number, line in zip(batch.row_numbers[batch.blank], batch.lines[batch.blank], strict=True)
        )
        findings, bad, encodings = cells.check(batch)
        data.findings.extend(findings)
        data.findings.extend(_rule_findings(table, record_rules, batch, bad, encodings))
        data.findings.extend(_foreign_key_findings(context, table, batch, encodings))
        for name in retained:
            data.chunks.setdefault(name, []).append(batch.columns[name])
        for name in _KEPT_ENCODED.get(table.name, ()):
            data.encoded_chunks.setdefault(name, []).append(batch.columns[name].dictionary_encode())
        data.row_numbers.append(batch.row_numbers.astype(np.int32))
        data.lines.append(batch.lines.astype(np.int32))
        data.blank.append(batch.blank)
        if table.name in _KEEP_CELL_MASKS:
            data.bad_cells.append(bad)
        text = QUOTED_TEXT.get(table.name)
        if text is not None:
            refused = bad[:, list(table.columns).index(text)].copy()
            data.refused_text.append(refused)
            if refused.any():
                batch.columns[text] = emptied(batch.columns[text], refused)
        data.rows += len(batch)
        yield batch
        pool.release_unused()  # Arrow's allocator would otherwise keep freed batches for later ones
    data.findings.absorb(table_file.findings)


def _rule_findings(
    table: Table, record_rules: RecordRules, batch: Batch, bad: npt.NDArray[np.bool_], encodings: dict[str, Encoded]
) -> list[Finding]:
    bad_by_column = {name: bad[:, position] for position, name in enumerate(table.columns)}
    return [
        Finding(
            "record-rule",
            table.path,
            failure.message,
            int(batch.row_numbers[failure.index]),
            int(batch.lines[failure.index]),
            failure.field,
        )
        for failure in record_rules.check(batch.columns, ~batch.blank, bad_by_column, encodings)
    ]


def _foreign_key_findings(
    context: _Context, table: Table, batch: Batch, encodings: dict[str, Encoded]
) -> list[Finding]:
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    findings = []
    for key in table.foreign_keys:
        target = context.tables.get(key.table)
        if checked_late(table, key) or target is None or not target.readable:
            continue  # a later table, or the same one: checked once all is read; unreadable: reported once
        values = batch.columns[key.field]
        if values.null_count == len(values):
            continue
        known = context.key_set(target, key.target_field)
        encoded = encodings.get(key.field)
        if encoded is not None:
            unknown = ~true_mask(pc.is_in(encoded.dictionary, value_set=known))
            missing = np.flatnonzero(encoded.rows_where(unknown))
        else:
            missing = np.flatnonzero(valid_mask(values) & ~true_mask(pc.is_in(values, value_set=known)))
        for index in missing:
            value = values[int(index)].as_py()
            hint = context.suggestions_for(target, key.target_field)
            message = messages.unknown_reference(value, key.table, key.target_field, hint)
            findings.append(
                Finding(
                    "foreign-key",
                    table.path,
                    message,
                    int(batch.row_numbers[index]),
                    int(batch.lines[index]),
                    key.field,
                )
            )
    return findings


_RULES: dict[str, dict[str, ColumnRule]] = {}


def _column_rules(table: Table, types: dict[str, str]) -> dict[str, ColumnRule]:
    """The column rules of a table, built once per process (their verdicts are memoised across runs)."""
    if table.name not in _RULES:
        _RULES[table.name] = column_rules(table, types)
    return _RULES[table.name]


def cell_verdict(table: Table, column: str, raw: str) -> tuple[str, str] | None:
    """What validation says of one non-empty cell, as (code, message), or ``None`` when it accepts it.

    Loading asks this for the cells its models refuse, so that both say it in the same words.
    """
    if table.name not in _RULES:
        [resource] = [item for item in build_descriptor()["resources"] if item["name"] == table.name]
        types = {field["name"]: field["type"] for field in resource["schema"]["fields"]}
        _RULES[table.name] = column_rules(table, types)
    rule = _RULES[table.name].get(column)
    return None if rule is None else rule.verdict(raw)


def _read_side_by_side(
    context: _Context, types: dict[str, dict[str, str]], merge: CitationMerge, cited: CitedRecords
) -> None:
    """Read statements and citations together, always advancing the one the join is waiting for."""
    readers = {}
    first_rows = dict.fromkeys(_SIDE_BY_SIDE, 0)
    for name in _SIDE_BY_SIDE:
        table = table_named(name)
        data = TableData(table, table.path, readable=True, findings=Findings(context.max_per_code))
        context.tables[name] = data
        readers[name] = _read_table(context, table, _column_rules(table, types[name]), data)
    while not (merge.statements.done and merge.citations.done):
        name = "statements" if merge.wants_statements() else "citations"
        batch = next(readers[name], StopIteration)
        if batch is StopIteration:
            if not context.tables[name].readable:
                merge.give_up()
            (merge.finish_statements if name == "statements" else merge.finish_citations)()
            continue
        if batch is _RESTARTED:
            merge.give_up()
            first_rows[name] = 0
            if name == "citations":
                cited.reset()
            continue
        assert isinstance(batch, Batch)  # noqa: S101
        if name == "statements":
            merge.add_statements(batch.columns, first_rows[name])
        else:
            merge.add_citations(batch.columns, first_rows[name])
            cited.add(batch)
        first_rows[name] += len(batch)


def validate_package(
    root: Path,
    *,
    today: datetime.date | None = None,
    progress: Progress | None = None,
    max_per_code: int | None = DEFAULT_MAX_PER_CODE,
) -> Report:
    """Validate the data package in folder *root*; raise :class:`OSError` if its descriptor cannot be read."""
    started = time.perf_counter()
    context = _Context(root, today or datetime.date.today(), progress, max_per_code)  # noqa: DTZ011  (a calendar day, not an instant)
    report = Report(root)
    collected = Findings(max_per_code)
    collected.extend(check_descriptor(root))
    types = _descriptor_types()
    for table in _READING_ORDER:
        if table.name in _SIDE_BY_SIDE:
            continue
        data = TableData(table, table.path, readable=True, findings=Findings(context.max_per_code))
        context.tables[table.name] = data
        for _ in _read_table(context, table, _column_rules(table, types[table.name]), data):
            pass
    merge = CitationMerge()
    cited = CitedRecords(context.tables)
    _read_side_by_side(context, types, merge, cited)
    for table in TABLES:
        data = context.tables[table.name]
        collected.absorb(data.findings)
        report.tables.append(TableStats(table.name, table.path, data.rows))
    collected.extend(check_across(context.tables, merge if merge.active else None, cited))
    report.findings, report.omitted = collected.kept, collected.omitted()
    report.seconds = time.perf_counter() - started
    return report
