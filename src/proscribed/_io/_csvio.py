"""Reading and writing the package's CSV files (RFC 4180, UTF-8, comma, double quotes, LF).

Files are read as a stream, so memory grows with the longest record, not with the file. Bytes that are
not UTF-8 are reported cell by cell (file, line and column) and the rest of the file is still read; a
quote left open is reported on the line where it opens. Cells have no length limit at this level (the
models bound every column), so a huge cell is reported by the column it is in, not as broken CSV.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .._schema import _messages as messages
from .._schema._messages import header_problems
from .._schema._problems import Finding
from .._schema._tables import Table
from ._guard import file_problem

__all__ = [
    "MAX_COLUMNS",
    "MAX_HEADER_BYTES",
    "UNREADABLE",
    "CsvRow",
    "CsvSyntaxError",
    "bad_bytes",
    "first_line",
    "open_text",
    "parse_records",
    "read_rows",
    "render_cell",
    "render_rows",
    "unlimited_fields",
    "unreadable_file",
]

MAX_HEADER_BYTES = 1 << 20
"""The longest header row read; a table's real header is a few hundred bytes."""
MAX_COLUMNS = 1000
"""The most columns a header may name before the file is refused as not a table of this package."""

UNREADABLE = frozenset({"file-missing", "file-unreadable", "header", "csv-syntax"})
"""Codes of problems after which a table's rows are not (all) known: references into it are not checked."""

_FIELD_SIZE_LIMIT = (1 << 31) - 1
_UNDECODED = re.compile("[\udc80-\udcff]+")
_NEEDS_QUOTES = re.compile('[",\r\n]')


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row: the physical line it starts on and its cells, with empty cells as ``None``.

    A *broken* row could not be read as a record (bytes that are not UTF-8, a wrong number of cells);
    its problems are reported, and its cells are kept only so that its key is known.
    """

    line: int
    cells: dict[str, str | None]
    broken: bool = False


class CsvSyntaxError(Exception):
    """The text is not CSV from *line* on; ``message`` says why."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.message = message
        self.line = line


@contextlib.contextmanager
def unlimited_fields() -> Iterator[None]:
    """Lift the :mod:`csv` module's cell length limit (128 KiB) while reading; the models bound the columns."""
    previous = csv.field_size_limit(_FIELD_SIZE_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def open_text(path: Path) -> TextIO:
    """Open a CSV file as text for :mod:`csv`; bytes that are not UTF-8 come as lone surrogates (:func:`bad_bytes`)."""
    return path.open(encoding="utf-8", errors="surrogateescape", newline="")


def bad_bytes(cell: str) -> bytes | None:
    """The bytes that were not UTF-8 in a cell read through :func:`open_text`, or ``None``."""
    if cell.isascii():
        return None
    found = _UNDECODED.findall(cell)
    if not found:
        return None
    return "".join(found).encode("utf-8", errors="surrogateescape")


def parse_records(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Yield each record with the physical line it starts on; raise :class:`CsvSyntaxError` at the first error.

    Parsing is strict: a quote must close before the end of the file, and a closing quote must be followed
    by a comma or a line end. Blank lines come as empty records. Call inside :func:`unlimited_fields`.
    """
    reader = csv.reader(lines, strict=True)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                message = "a quoted cell opens on this line and is never closed; the rest of the file is in it"
            else:
                message = f"malformed CSV: {error}; a quote inside a cell is written twice and the cell quoted"
            raise CsvSyntaxError(message, start) from None
        yield start, record
        start = reader.line_num + 1


def _without_bom(lines: Iterator[str], table: Table, problems: list[Finding]) -> Iterator[str]:
    first = next(lines, None)
    if first is None:
        return iter(())
    if first.startswith("\ufeff"):
        problems.append(Finding("byte-order-mark", table.path, messages.byte_order_mark(), line=1))
        first = first[1:]
    return itertools.chain([first], lines)


def _undecoded_problems(table: Table, line: int, cells: Mapping[str, str | None]) -> list[Finding]:
    problems = []
    for column, cell in cells.items():
        found = None if cell is None else bad_bytes(cell)
        if found is not None:
            problems.append(Finding("encoding", table.path, messages.not_utf8(found), line=line, field=column))
    return problems


def first_line(path: Path) -> tuple[bytes, bool]:
    """The file's first line (without its line feed), read in blocks; and whether it ended within the cap."""
    head = b""
    with path.open("rb") as stream:
        while len(head) <= MAX_HEADER_BYTES:
            block = stream.read(1 << 16)
            end = block.find(b"\n")
            if end >= 0:
                return head + block[:end], True
            head += block
            if not block:
                return head, True
    return head, False


def unreadable_file(path: str, error: OSError) -> Finding:
    """The finding for a table file at *path* (relative to the package) that could not be opened."""
    if isinstance(error, FileNotFoundError):
        return Finding("file-missing", path, messages.file_missing(path))
    return Finding("file-unreadable", path, messages.file_unreadable(path, error))


def read_rows(root: Path, table: Table, problems: list[Finding]) -> Iterator[CsvRow]:
    """Yield the rows of *table* under *root*, appending what is structurally wrong to *problems*."""
    unsafe = file_problem(root, table.path)
    if unsafe is not None:
        problems.append(Finding("file-unreadable", table.path, messages.file_unsafe(table.path, unsafe)))
        return
    try:
        _, complete = first_line(root / table.path)
        if not complete:
            problems.append(Finding("header", table.path, messages.header_too_long(MAX_HEADER_BYTES), line=1))
            return
        stream = open_text(root / table.path)
    except OSError as error:
        problems.append(unreadable_file(table.path, error))
        return
    with stream, unlimited_fields():
        try:
            yield from _rows(parse_records(_without_bom(iter(stream), table, problems)), table, problems)
        except CsvSyntaxError as error:
            problems.append(Finding("csv-syntax", table.path, error.message, line=error.line))
        except OSError as error:
            problems.append(Finding("file-unreadable", table.path, messages.file_unreadable(table.path, error)))


def _rows(records: Iterator[tuple[int, list[str]]], table: Table, problems: list[Finding]) -> Iterator[CsvRow]:
    first = next(records, None)
    header = [] if first is None else first[1]
    expected = list(table.columns)
    if len(header) > MAX_COLUMNS:
        problems.append(Finding("header", table.path, messages.header_too_wide(len(header), len(expected)), line=1))
        return
    if header != expected:
        problems.extend(
            Finding("header", table.path, message, line=1, field=column)
            for message, column in header_problems(header, expected)
        )
        return
    for line, cells in records:
        if not cells:
            problems.append(Finding("blank-row", table.path, messages.blank_row(), line=line))
            continue
        named = {name: (cells[index] or None) if index < len(cells) else None for index, name in enumerate(expected)}
        undecoded = _undecoded_problems(table, line, named)
        problems.extend(undecoded)
        if len(cells) > len(expected):
            problems.append(
                Finding("extra-cell", table.path, messages.cell_count(len(cells), len(expected)), line=line)
            )
        elif len(cells) < len(expected):
            message = messages.cell_count(len(cells), len(expected))
            problems.extend(
                Finding("missing-cell", table.path, message, line=line, field=name) for name in expected[len(cells) :]
            )
        yield CsvRow(line, named, broken=bool(undecoded) or len(cells) != len(expected))


_SHOWN_NAMES = 10


def render_cell(value: str) -> str:
    """One cell as written: quoted (quotes doubled) when it holds a comma, a quote or a line break (CR or LF)."""
    if _NEEDS_QUOTES.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def render_rows(table: Table, rows: Iterable[Mapping[str, object]]) -> str:
    """The CSV text of *rows* in the canonical form: header, minimal quoting, LF line ends.

    A cell holding a carriage return is quoted too (Python's :mod:`csv` writer leaves it bare when lines
    end in LF, and the cell then splits in two on reading).
    """
    lines = [",".join(map(render_cell, table.columns))]
    lines.extend(
        ",".join(render_cell("" if row.get(name) is None else str(row[name])) for name in table.columns) for row in rows
    )
    return "\n".join(lines) + "\n"
