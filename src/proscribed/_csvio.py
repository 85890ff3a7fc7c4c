"""Reading and writing the package's CSV files (RFC 4180, UTF-8, comma, double quotes, LF)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ._problems import Problem
from ._tables import Table

if TYPE_CHECKING:
    from _csv import Reader

__all__ = ["CsvRow", "read_rows", "render_rows"]


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row: the physical line it starts on and its cells, with empty cells as ``None``."""

    line: int
    cells: dict[str, str | None]


def _decode(raw: bytes, table: Table, problems: list[Problem]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem("encoding", f"the file is not valid UTF-8 (byte {error.start})", table.path, line))
        return None
    if text.startswith("\ufeff"):
        message = "the file starts with a byte-order mark; save it without one"
        problems.append(Problem("encoding", message, table.path, 1))
        text = text[1:]
    return text


def read_rows(root: Path, table: Table, problems: list[Problem]) -> Iterator[CsvRow]:
    """Yield the rows of *table* under *root*, appending what is structurally wrong to *problems*."""
    path = root / table.path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem("file-missing", f"the file for table {table.name!r} is missing", table.path))
        return
    except OSError as error:
        problems.append(Problem("file-unreadable", f"cannot read the file: {error.strerror}", table.path))
        return
    text = _decode(raw, table, problems)
    if text is None:
        return
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        yield from _rows(reader, table, problems)
    except csv.Error as error:
        problems.append(Problem("csv-syntax", f"malformed CSV: {error}", table.path, reader.line_num))


def _rows(reader: Reader, table: Table, problems: list[Problem]) -> Iterator[CsvRow]:
    header = next(reader, None)
    if header is None:
        problems.append(Problem("header", "the file is empty; it needs at least the header row", table.path, 1))
        return
    expected = list(table.columns)
    if header != expected:
        problems.append(Problem("header", _header_message(header, expected), table.path, 1))
        return
    line = reader.line_num + 1
    for cells in reader:
        if not cells:
            problems.append(Problem("blank-row", "blank line; remove it", table.path, line))
        elif len(cells) != len(expected):
            message = f"the row has {len(cells)} cells but the header has {len(expected)}"
            problems.append(Problem("cell-count", message, table.path, line))
        else:
            yield CsvRow(line, {name: cell or None for name, cell in zip(expected, cells, strict=True)})
        line = reader.line_num + 1


_SHOWN_NAMES = 10


def _names(names: list[str]) -> str:
    shown = ", ".join(repr(name[:60]) for name in names[:_SHOWN_NAMES])
    more = len(names) - _SHOWN_NAMES
    return shown + (f" and {more} more" if more > 0 else "")


def _header_message(header: list[str], expected: list[str]) -> str:
    expected_names = set(expected)
    header_names = set(header)
    missing = [name for name in expected if name not in header_names]
    unknown = [name for name in header if name not in expected_names]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing column(s) " + _names(missing))
        if unknown:
            parts.append("unknown column(s) " + _names(unknown))
        return "; ".join(parts)
    if len(header) != len(expected):
        return "a column is repeated; expected " + ",".join(expected)
    return "columns are out of order; expected " + ",".join(expected) + " (proscribed fmt reorders them)"


def render_rows(table: Table, rows: Iterable[Mapping[str, object]]) -> str:
    """The CSV text of *rows* in the canonical form: header, minimal quoting, LF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else str(row[name]) for name in table.columns])
    return buffer.getvalue()
