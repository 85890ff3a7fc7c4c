"""Rewrite the package's CSV files in one canonical form, so that diffs show only real changes.

The canonical form: columns in the models' order, rows sorted by primary key, minimal quoting, LF line
ends (also inside cells), UTF-8 without a byte-order mark, every cell in Unicode NFC, no blank lines.
Formatting changes layout only: the set of rows and the text of every cell (up to NFC and line ends) are
kept, and a file that cannot be read as CSV is reported, never rewritten.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ._csvio import render_rows
from ._problems import Problem
from ._tables import TABLES, Table

__all__ = ["FormatResult", "UnformattableError", "format_package", "format_table_text"]


@dataclass(frozen=True, slots=True)
class FormatResult:
    """What formatting a package found: files not in canonical form, and files it could not read."""

    changed: tuple[str, ...]
    problems: tuple[Problem, ...]


class UnformattableError(Exception):
    """A file that cannot be read as CSV, and so cannot be formatted; ``problem`` says where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _canonical_cell(value: str) -> str:
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n"))


def format_table_text(raw: bytes, table: Table) -> str:
    """The canonical CSV text of one table's file, or :class:`UnformattableError` naming the problem."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UnformattableError(
            Problem("encoding", f"the file is not valid UTF-8 (byte {error.start})", table.path, line)
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise UnformattableError(Problem("header", "the file is empty", table.path, 1))
        if sorted(header) != sorted(table.columns):
            message = f"the header must hold exactly the columns {', '.join(table.columns)} (in any order)"
            raise UnformattableError(Problem("header", message, table.path, 1))
        rows = []
        line = reader.line_num + 1
        for cells in reader:
            if cells and len(cells) != len(header):
                message = f"the row has {len(cells)} cells but the header has {len(header)}"
                raise UnformattableError(Problem("cell-count", message, table.path, line))
            if cells:
                rows.append({name: _canonical_cell(cell) for name, cell in zip(header, cells, strict=True)})
            line = reader.line_num + 1
    except csv.Error as error:
        raise UnformattableError(
            Problem("csv-syntax", f"malformed CSV: {error}", table.path, reader.line_num)
        ) from None
    rows.sort(key=lambda row: tuple(row[name] for name in table.primary_key))
    return render_rows(table, rows)


def _write_atomically(path: Path, text: str) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def format_package(root: Path, *, write: bool) -> FormatResult:
    """Bring every table under *root* into canonical form, or (``write=False``) only report what would change."""
    changed: list[str] = []
    problems: list[Problem] = []
    for table in TABLES:
        path = root / table.path
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            problems.append(Problem("file-missing", f"the file for table {table.name!r} is missing", table.path))
            continue
        try:
            canonical = format_table_text(raw, table)
        except UnformattableError as error:
            problems.append(error.problem)
            continue
        if canonical.encode("utf-8") != raw:
            changed.append(table.path)
            if write:
                _write_atomically(path, canonical)
    return FormatResult(tuple(changed), tuple(problems))
