"""One validation run: every layer, every table, every error."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .._tables import TABLES, Table, table_named
from ._cells import check_cells
from ._columns import ColumnRule, column_rules
from ._crosstable import check_across
from ._findings import Finding, Report, TableStats
from ._package import check_descriptor, generated_descriptor
from ._read import Batch, NeedsPythonReader, TableFile, arrow_batches, python_batches, read_header
from ._rules import RecordRules

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["Progress", "TableData", "validate_package"]

Progress = Callable[[str, int], None]
"""Called with a table name and the number of its rows read so far."""

_RETAINED: dict[str, tuple[str, ...]] = {
    "statements": ("statement_id", "quote_source_id", "quote"),
    "citations": ("record_id", "source_id"),
    "designations": tuple(table_named("designations").columns),
}

_KEEP_CELL_MASKS = frozenset({"designations"})


@dataclass
class TableData:
    """What later layers need of a table once it has been read."""

    table: Table
    file: str
    readable: bool
    rows: int = 0
    chunks: dict[str, list[pa.Array]] = field(default_factory=dict)
    row_numbers: list[npt.NDArray[np.int64]] = field(default_factory=list)
    lines: list[npt.NDArray[np.int64]] = field(default_factory=list)
    blank: list[npt.NDArray[np.bool_]] = field(default_factory=list)
    row_bad: list[npt.NDArray[np.bool_]] = field(default_factory=list)
    bad_cells: list[npt.NDArray[np.bool_]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    table_file: TableFile | None = None
    python_reader: bool = False

    def reread(self, name: str) -> Iterator[pa.Array]:
        """Read one column of the file again, batch by batch, the way it was read the first time."""
        assert self.table_file is not None  # noqa: S101  (only readable tables are read again)
        if self.python_reader:
            for batch in python_batches(self.table_file):
                yield batch.columns[name]
        else:
            for batch in arrow_batches(self.table_file, only=(name,)):
                yield batch.columns[name]

    def column(self, name: str) -> pa.Array:
        """A retained column, all batches together."""
        import pyarrow as pa  # noqa: PLC0415

        chunks = self.chunks.get(name, [])
        if len(chunks) != 1:
            self.chunks[name] = [pa.concat_arrays(chunks) if chunks else pa.array([], pa.string())]
        return self.chunks[name][0]

    def numbers(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Record numbers and physical lines of all rows."""
        import numpy as np  # noqa: PLC0415

        if len(self.row_numbers) != 1:
            self.row_numbers = [np.concatenate(self.row_numbers) if self.row_numbers else np.zeros(0, np.int64)]
            self.lines = [np.concatenate(self.lines) if self.lines else np.zeros(0, np.int64)]
        return self.row_numbers[0], self.lines[0]

    def cell_bad(self) -> npt.NDArray[np.bool_]:
        """Which cells were bad, rows by columns (kept for the designations table only)."""
        import numpy as np  # noqa: PLC0415

        if not self.bad_cells:
            return np.zeros((0, len(self.table.columns)), dtype=bool)
        return np.concatenate(self.bad_cells)

    def mask(self, which: str) -> npt.NDArray[np.bool_]:
        """The blank-row or bad-row mask of all rows."""
        import numpy as np  # noqa: PLC0415

        parts = self.blank if which == "blank" else self.row_bad
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _retained_columns(table: Table) -> set[str]:
    retained = set(table.primary_key) | set(table.unique) | set(_RETAINED.get(table.name, ()))
    position = TABLES.index(table)
    for key in table.foreign_keys:
        if TABLES.index(table_named(key.table)) >= position:
            retained.add(key.field)
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
    tables: dict[str, TableData] = field(default_factory=dict)


def _read_table(context: _Context, table: Table, rules: dict[str, ColumnRule]) -> TableData:
    opened = read_header(context.root / table.path, table.path, table.columns)
    if isinstance(opened, Finding):
        return TableData(table, table.path, readable=False, findings=[opened])
    try:
        data = _consume(context, table, rules, opened, arrow_batches(opened))
    except NeedsPythonReader:
        reopened = read_header(context.root / table.path, table.path, table.columns)
        assert isinstance(reopened, TableFile)  # noqa: S101  (it was readable a moment ago)
        data = _consume(context, table, rules, reopened, python_batches(reopened))
        data.python_reader = True
        opened = reopened
    data.table_file = TableFile(opened.path, opened.file, opened.expected, opened.header)
    return data


def _consume(
    context: _Context,
    table: Table,
    rules: dict[str, ColumnRule],
    table_file: TableFile,
    batches: Iterator[Batch],
) -> TableData:
    import numpy as np  # noqa: PLC0415

    data = TableData(table, table.path, readable=True)
    record_rules = RecordRules(table.model, rules)
    retained = _retained_columns(table)
    for batch in batches:
        data.findings.extend(
            Finding("blank-row", table.path, "the row is blank; delete it", int(number), int(line))
            for number, line in zip(batch.row_numbers[batch.blank], batch.lines[batch.blank], strict=True)
        )
        findings, bad = check_cells(context.today, table, rules, batch)
        data.findings.extend(findings)
        data.findings.extend(_rule_findings(table, record_rules, batch, bad))
        data.findings.extend(_foreign_key_findings(context, table, batch))
        for name in retained:
            data.chunks.setdefault(name, []).append(batch.columns[name])
        data.row_numbers.append(batch.row_numbers)
        data.lines.append(batch.lines)
        data.blank.append(batch.blank)
        data.row_bad.append(np.asarray(bad.any(axis=1), dtype=bool))
        if table.name in _KEEP_CELL_MASKS:
            data.bad_cells.append(bad)
        data.rows += len(batch)
        if context.progress is not None:
            context.progress(table.name, data.rows)
    data.findings[:0] = table_file.findings
    return data


def _rule_findings(table: Table, record_rules: RecordRules, batch: Batch, bad: npt.NDArray[np.bool_]) -> list[Finding]:
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
        for failure in record_rules.check(batch.columns, ~batch.blank, bad_by_column)
    ]


def _foreign_key_findings(context: _Context, table: Table, batch: Batch) -> list[Finding]:
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    findings = []
    for key in table.foreign_keys:
        target = context.tables.get(key.table)
        if target is None or not target.readable:
            continue  # a later table, or the same one: checked once all is read; unreadable: reported once
        values = batch.columns[key.field]
        if values.null_count == len(values):
            continue
        known = _key_set(target, key.target_field)
        missing = np.flatnonzero(
            pc.and_(values.is_valid(), pc.invert(pc.is_in(values, value_set=known))).to_numpy(zero_copy_only=False)
        )
        for index in missing:
            value = values[int(index)].as_py()
            message = f"{value!r} is not an identifier in {key.table} ({key.table}.csv, column {key.target_field})"
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


_KEY_SETS: dict[tuple[int, str], pa.Array] = {}


def _key_set(target: TableData, name: str) -> pa.Array:
    import pyarrow.compute as pc  # noqa: PLC0415

    cache_key = (id(target), name)
    if cache_key not in _KEY_SETS:
        _KEY_SETS[cache_key] = pc.unique(target.column(name).drop_null())
    return _KEY_SETS[cache_key]


_RULES: dict[str, dict[str, ColumnRule]] = {}


def _column_rules(table: Table, types: dict[str, str]) -> dict[str, ColumnRule]:
    """The column rules of a table, built once per process (their verdicts are memoised across runs)."""
    if table.name not in _RULES:
        _RULES[table.name] = column_rules(table, types)
    return _RULES[table.name]


def validate_package(root: Path, *, today: datetime.date | None = None, progress: Progress | None = None) -> Report:
    """Validate the data package in folder *root*; raise :class:`OSError` if its descriptor cannot be read."""
    started = time.perf_counter()
    context = _Context(root, today or datetime.date.today(), progress)  # noqa: DTZ011  (a calendar day, not an instant)
    report = Report(root)
    report.findings.extend(check_descriptor(root))
    types = _descriptor_types()
    _KEY_SETS.clear()
    for table in TABLES:
        data = _read_table(context, table, _column_rules(table, types[table.name]))
        context.tables[table.name] = data
        report.findings.extend(data.findings)
        report.tables.append(TableStats(table.name, table.path, data.rows))
    report.findings.extend(check_across(context.tables))
    _KEY_SETS.clear()
    report.seconds = time.perf_counter() - started
    return report
