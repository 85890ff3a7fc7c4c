"""Reading a table's CSV file into batches of Arrow string columns, with its structural errors.

The fast path streams the file through Arrow's CSV reader: every column typed as a string, empty cells
as nulls, quoted line breaks allowed and empty lines kept. Arrow cannot say which record a ragged row
was, nor carry on past bytes that are not UTF-8; when either happens, the table is read again with
Python's :mod:`csv` module, the very parser Frictionless uses, so that record numbers and cells agree
with it exactly.

Records are numbered as Frictionless numbers them (the header is row 1). The physical line on which a
record starts is counted from the line breaks inside earlier records' quoted cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .._io._csvio import (
    MAX_COLUMNS,
    MAX_HEADER_BYTES,
    bad_bytes,
    first_line,
    open_text,
    unlimited_fields,
    unreadable_file,
)
from .._io._guard import file_problem
from .._schema import _messages as messages
from .._schema._messages import header_problems
from ._bytes import per_row_count, string_buffers
from ._findings import Finding, Findings

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = [
    "MAX_COLUMNS",
    "MAX_HEADER_BYTES",
    "Batch",
    "NeedsPythonReader",
    "TableFile",
    "arrow_batches",
    "python_batches",
    "read_header",
]

# Arrow parses small blocks as fast as large ones and holds fewer bytes of them in flight; the checks run
# on batches of about 16 MB, so that their fixed cost per call is spread over many rows.
_BLOCK_SIZE = 1 << 19
_BATCH_BYTES = 1 << 24
_PYTHON_BATCH_ROWS = 1 << 16
_BOM = codecs.BOM_UTF8
_LINE_FEED = 0x0A


class NeedsPythonReader(Exception):  # noqa: N818  (a signal, not an error)
    """Arrow met something only Python's csv module reads the way Frictionless does."""


@dataclass
class Batch:
    """Consecutive records of one table, as string columns (``None`` for an empty cell)."""

    columns: dict[str, pa.Array]
    row_numbers: npt.NDArray[np.int64]
    lines: npt.NDArray[np.int64]
    blank: npt.NDArray[np.bool_]
    absent: dict[str, npt.NDArray[np.bool_]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.row_numbers)


@dataclass
class TableFile:
    """One table's file: where it is, what its header says, and what was wrong with its structure."""

    path: Path
    file: str
    expected: tuple[str, ...]
    header: list[str]
    findings: Findings = field(default_factory=lambda: Findings(None))
    """What is wrong with the file's structure (kept up to a limit per code, like every finding)."""

    @property
    def positional_names(self) -> list[str]:
        """Names for the file's columns by position: the model's column names, then placeholders."""
        return [
            self.expected[index] if index < len(self.expected) else f"\x00extra{index}"
            for index in range(len(self.header))
        ]


def read_header(
    path: Path, file: str, expected: tuple[str, ...], *, max_per_code: int | None = None
) -> TableFile | Finding:
    """Read the header row and report what is wrong with it, or say why the file cannot be read.

    At most *max_per_code* structure errors of each code are kept (all when ``None``). A file that is
    not a regular file inside the package (a symbolic link out of it, a pipe) is not read;
    nor is one whose header row is longer than :data:`MAX_HEADER_BYTES` or names more than
    :data:`MAX_COLUMNS` columns.
    """
    root = path.parents[len(Path(file).parts) - 1]
    unsafe = file_problem(root, file)
    if unsafe is not None:
        return Finding("file-unreadable", file, messages.file_unsafe(file, unsafe))
    try:
        head, complete = first_line(path)
    except OSError as error:
        return unreadable_file(file, error)
    if not complete:
        return Finding("header", file, messages.header_too_long(MAX_HEADER_BYTES), 1, 1)
    findings = Findings(max_per_code)
    if head.startswith(_BOM):
        findings.append(Finding("byte-order-mark", file, messages.byte_order_mark(), None, 1))
        head = head[len(_BOM) :]
    header = _parse_header(head.decode("utf-8", errors="replace").rstrip("\r"), file, expected)
    if isinstance(header, Finding):
        return header
    table_file = TableFile(path, file, expected, header, findings)
    findings.extend(_header_findings(file, header, expected))
    return table_file


def _parse_header(text: str, file: str, expected: tuple[str, ...]) -> list[str] | Finding:
    try:
        with unlimited_fields():
            header = next(csv.reader([text]), [])
    except csv.Error as error:
        return Finding("header", file, f"the header row is not CSV ({error}); the file is not read further", 1, 1)
    if len(header) > MAX_COLUMNS:
        return Finding("header", file, messages.header_too_wide(len(header), len(expected)), 1, 1)
    return header


def _header_findings(file: str, header: list[str], expected: tuple[str, ...]) -> list[Finding]:
    return [Finding("header", file, message, 1, 1, column) for message, column in header_problems(header, expected)]


def _missing_columns(table_file: TableFile, rows: int) -> dict[str, pa.Array]:
    import pyarrow as pa  # noqa: PLC0415

    return {name: pa.nulls(rows, pa.string()) for name in table_file.expected[len(table_file.header) :]}


def _line_breaks(columns: dict[str, pa.Array]) -> npt.NDArray[np.int64] | None:
    """Line breaks inside each record's cells, or ``None`` when there are none."""
    total: npt.NDArray[np.int64] | None = None
    for values in columns.values():
        offsets, data = string_buffers(values)
        if not len(data) or data.min() > _LINE_FEED:
            continue
        line_feeds = data == _LINE_FEED
        if not line_feeds.any():
            continue
        counts = per_row_count(offsets, line_feeds)
        total = counts if total is None else total + counts
    return total


def _blank(columns: dict[str, pa.Array], rows: int) -> npt.NDArray[np.bool_]:
    import numpy as np  # noqa: PLC0415

    blank = np.ones(rows, dtype=bool)
    for values in columns.values():
        if values.null_count == 0:
            return np.zeros(rows, dtype=bool)
        blank &= values.is_null().to_numpy(zero_copy_only=False)
    return blank


def arrow_batches(table_file: TableFile, only: tuple[str, ...] | None = None) -> Iterator[Batch]:
    """Stream the table through Arrow; raise :class:`NeedsPythonReader` where Arrow cannot follow Frictionless."""
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.csv as pa_csv  # noqa: PLC0415

    names = table_file.positional_names
    # A column the header stops before is read as empty; one column is still read, to count the rows.
    present = [name for name in only if name in names] if only is not None else None
    include = (present or names[:1]) if present is not None else None
    try:
        reader = pa_csv.open_csv(
            table_file.path,
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=_BLOCK_SIZE),
            # A ragged row raises ArrowInvalid: Arrow cannot say which record it was, Python's csv can.
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                include_columns=include,
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowException, OSError) as error:
        raise NeedsPythonReader(str(error)) from None
    row_number = 2
    line = 2
    last: Batch | None = None
    for record_batch in _coalesced(reader):
        rows = record_batch.num_rows
        if rows == 0:
            continue
        if only is not None:
            columns = {
                name: record_batch.column(name) if name in (present or ()) else pa.nulls(rows, pa.string())
                for name in only
            }
            yield Batch(columns, *_empty_positions(rows))
            continue
        columns = {name: record_batch.column(index) for index, name in enumerate(names) if not name.startswith("\x00")}
        columns.update(_missing_columns(table_file, rows))
        offsets = np.arange(rows, dtype=np.int64)
        breaks = _line_breaks(columns)
        lines = line + offsets
        if breaks is not None:
            lines[1:] += np.cumsum(breaks)[:-1]
        last = Batch(columns, row_number + offsets, lines, _blank(columns, rows))
        row_number += rows
        line = int(lines[-1]) + 1 + (0 if breaks is None else int(breaks[-1]))
        yield last
    if only is None and last is not None and _may_end_inside_quotes(table_file.path, last):
        raise NeedsPythonReader("a quoted cell may be open at the end of the file")


def _coalesced(reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
    """The reader's record batches, joined into batches of about :data:`_BATCH_BYTES`."""
    import pyarrow as pa  # noqa: PLC0415

    pending: list[pa.RecordBatch] = []
    size = 0
    while True:
        try:
            record_batch = reader.read_next_batch()
        except StopIteration:
            break
        except pa.ArrowException as error:
            raise NeedsPythonReader(str(error)) from None
        pending.append(record_batch)
        size += record_batch.get_total_buffer_size()  # (nbytes would walk every buffer)
        if size >= _BATCH_BYTES:
            yield _joined(pending)
            pending, size = [], 0
    if pending:
        yield _joined(pending)


def _joined(record_batches: list[pa.RecordBatch]) -> pa.RecordBatch:
    import pyarrow as pa  # noqa: PLC0415

    if len(record_batches) == 1:
        return record_batches[0]
    return pa.Table.from_batches(record_batches).combine_chunks().to_batches()[0]


def _empty_positions(rows: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    import numpy as np  # noqa: PLC0415

    return np.zeros(rows, dtype=np.int64), np.zeros(rows, dtype=np.int64), np.zeros(rows, dtype=bool)


def _may_end_inside_quotes(path: Path, last: Batch) -> bool:
    """True unless the file certainly does not end inside a quoted cell.

    A quote left open runs to the end of the file, so the last record then has a cell holding a line
    break, or the file does not end with one.
    """
    import pyarrow.compute as pc  # noqa: PLC0415

    final = {name: values.slice(len(last) - 1) for name, values in last.columns.items()}
    if any(pc.any(pc.match_substring(values, "\n")).as_py() for values in final.values()):
        return True
    with path.open("rb") as stream:
        stream.seek(0, io.SEEK_END)
        if stream.tell() == 0:
            return False
        stream.seek(-1, io.SEEK_END)
        return stream.read(1) != b"\n"


def _unterminated_quote_line(path: Path) -> int | None:
    """The line on which a quoted cell opens that is never closed, if there is one."""
    with open_text(path) as stream, unlimited_fields():
        reader = csv.reader(stream, strict=True)
        start = 1
        while True:
            try:
                next(reader)
            except StopIteration:
                return None
            except csv.Error as error:
                if "unexpected end of data" in str(error):
                    return start
            start = reader.line_num + 1


def _clean(record: list[str], file: str, line: int, names: list[str], findings: Findings) -> None:
    """Report the cells of *record* that held bytes that are not UTF-8, and replace those bytes with U+FFFD."""
    for index, cell in enumerate(record):
        found = bad_bytes(cell)
        if found is None:
            continue
        field = names[index] if index < len(names) else None
        findings.append(Finding("encoding", file, messages.not_utf8(found), None, line, field))
        record[index] = cell.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")


def python_batches(table_file: TableFile) -> Iterator[Batch]:
    """Read the table with Python's csv module, exactly as Frictionless does; report structural errors.

    The file is streamed, so memory grows with the longest record; cells have no length limit here (the
    cell layer reports a cell longer than its column allows), as in Frictionless.
    """
    file = table_file.file
    findings = table_file.findings
    unterminated = _unterminated_quote_line(table_file.path)
    if unterminated is not None:
        message = "a quoted cell opens on this line and is never closed; the rest of the file is in it"
        findings.append(Finding("csv-syntax", file, message, None, unterminated))
    with open_text(table_file.path) as stream, unlimited_fields():
        yield from _python_records(table_file, stream)


def _python_records(table_file: TableFile, stream: TextIO) -> Iterator[Batch]:  # noqa: C901  (one loop over records)
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415

    file = table_file.file
    findings = table_file.findings
    physical = iter(stream)
    first = next(physical, "")
    reader = csv.reader(itertools.chain([first.removeprefix("\ufeff")], physical))
    next(reader, None)
    width = len(table_file.header)
    kept = min(width, len(table_file.expected))
    names = list(table_file.expected[:kept])
    row_number = 2

    def flush(cells: list[list[str | None]], numbers: list[int], lines: list[int], blank: list[bool],
              absent: dict[str, list[int]]) -> Batch:  # fmt: skip
        rows = len(numbers)
        columns = {name: pa.array(cells[index], pa.string()) for index, name in enumerate(names)}
        columns.update(_missing_columns(table_file, rows))
        absent_masks = {}
        for name, positions in absent.items():
            mask = np.zeros(rows, dtype=bool)
            mask[positions] = True
            absent_masks[name] = mask
        return Batch(
            columns,
            np.array(numbers, dtype=np.int64),
            np.array(lines, dtype=np.int64),
            np.array(blank, dtype=bool),
            absent_masks,
        )

    cells: list[list[str | None]] = [[] for _ in names]
    numbers: list[int] = []
    lines: list[int] = []
    blank: list[bool] = []
    absent: dict[str, list[int]] = {}
    start = reader.line_num + 1
    for record in reader:
        position = len(numbers)
        if not "".join(record).isascii():
            _clean(record, file, start, names, findings)
        is_blank = not any(record)
        numbers.append(row_number)
        lines.append(start)
        blank.append(is_blank)
        if not is_blank and len(record) < width:
            for index in range(len(record), kept):
                absent.setdefault(names[index], []).append(position)
                message = messages.cell_count(len(record), width)
                findings.append(Finding("missing-cell", file, message, row_number, start, names[index]))
        if not is_blank and len(record) > width:
            findings.append(Finding("extra-cell", file, messages.cell_count(len(record), width), row_number, start))
        for index in range(kept):
            cells[index].append(record[index] or None if index < len(record) else None)
        row_number += 1
        start = reader.line_num + 1
        if len(numbers) == _PYTHON_BATCH_ROWS:
            yield flush(cells, numbers, lines, blank, absent)
            cells, numbers, lines, blank, absent = [[] for _ in names], [], [], [], {}
    if numbers:
        yield flush(cells, numbers, lines, blank, absent)
