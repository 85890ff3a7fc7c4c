"""Rewrite the package's CSV files in one canonical form, so that diffs show only real changes.

The canonical form: columns in the models' order, rows sorted by primary key (rows sharing a key by
their other cells), minimal quoting (a cell is quoted when it holds a comma, a double quote, a line feed
or a carriage return), LF line ends (also inside cells), UTF-8 without a byte-order mark, every cell in
Unicode NFC, no blank lines.

Formatting changes layout only: the set of rows and the text of every cell are kept, up to NFC and up
to carriage returns before a line feed inside a cell, which are dropped. A file that cannot be read as
CSV (bytes that are not UTF-8, a quote left open, a ragged row, a wrong header) is reported with its line
and column and never rewritten; and every rewrite is read back before it is written: if the rows written
would differ from the rows read, the file is refused, never altered. Files are replaced atomically, and a
symbolic link, or a file outside the package, is never replaced.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import stat
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .._schema import _messages as messages
from .._schema._problems import Finding
from .._schema._tables import TABLES, Table
from ._csvio import CsvSyntaxError, bad_bytes, parse_records, render_rows, unlimited_fields, unreadable_file
from ._guard import file_problem

__all__ = ["FormatResult", "UnformattableError", "canonical_rows", "format_package", "format_table_text"]


@dataclass(frozen=True, slots=True)
class FormatResult:
    """What formatting a package found: files not in canonical form, and files it could not read.

    ``reasons`` says, for each changed file, where it first departs from the canonical form.
    """

    changed: tuple[str, ...]
    problems: tuple[Finding, ...]
    reasons: dict[str, str] = field(default_factory=dict)


class UnformattableError(Exception):
    """A file that cannot be read as CSV, and so cannot be formatted; ``problem`` says where."""

    def __init__(self, problem: Finding) -> None:
        super().__init__(str(problem))
        self.problem = problem


_CR_BEFORE_LF = re.compile("\r+\n")


def _canonical_cell(value: str) -> str:
    return unicodedata.normalize("NFC", _CR_BEFORE_LF.sub("\n", value))


def _refuse(table: Table, code: str, message: str, line: int, column: str | None = None) -> UnformattableError:
    return UnformattableError(Finding(code, table.path, message, line=line, field=column))


def _records(raw: bytes, table: Table) -> tuple[list[tuple[int, list[str]]], CsvSyntaxError | None]:
    """Every record with its line, up to broken CSV if there is some; bytes that are not UTF-8 are refused."""
    # Decoded line by line (a StringIO of the whole text would hold four bytes a character).
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="surrogateescape", newline="")
    lines = iter(stream)
    first = next(lines, "").removeprefix("\ufeff")
    records: list[tuple[int, list[str]]] = []
    broken = None
    with unlimited_fields():
        try:
            records.extend(parse_records(itertools.chain([first], lines)))
        except CsvSyntaxError as error:
            broken = error
    header = records[0][1] if records else []
    for line, cells in records:
        for position, cell in enumerate(cells):
            found = bad_bytes(cell)
            if found is not None:
                column = header[position] if line > 1 and position < len(header) else None
                message = messages.not_utf8(found)
                raise _refuse(table, "encoding", message, line, column)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise _refuse(table, "encoding", f"the file is not valid UTF-8 (byte {error.start})", line) from None
    return records, broken


def canonical_rows(raw: bytes, table: Table) -> list[dict[str, str]]:
    """One table's rows with canonical cells, in canonical order; :class:`UnformattableError` if unreadable.

    What is wrong is reported in this order: bytes that are not UTF-8, the header, broken CSV, ragged rows.
    """
    records, broken = _records(raw, table)
    if not records:
        if broken is not None:
            raise _refuse(table, "csv-syntax", broken.message, broken.line)
        raise _refuse(table, "header", "the file is empty; it needs at least the header row", 1)
    header = records[0][1] if records else []
    if sorted(header) != sorted(table.columns):
        message = f"the header must hold exactly the columns {', '.join(table.columns)} (in any order)"
        raise _refuse(table, "header", message, 1)
    if broken is not None:
        raise _refuse(table, "csv-syntax", broken.message, broken.line)
    rows = []
    for line, cells in records[1:]:
        if not cells:
            continue
        if len(cells) != len(header):
            code = "extra-cell" if len(cells) > len(header) else "missing-cell"
            raise _refuse(table, code, messages.cell_count(len(cells), len(header)), line)
        rows.append({name: _canonical_cell(cell) for name, cell in zip(header, cells, strict=True)})
    # Rows sharing a key (an error the validator reports) are ordered by their other cells, so that the
    # canonical form never depends on the order rows came in.
    rows.sort(key=lambda row: (tuple(row[name] for name in table.primary_key), tuple(row[n] for n in table.columns)))
    return rows


def format_table_text(raw: bytes, table: Table) -> str:
    """The canonical CSV text of one table's file, or :class:`UnformattableError` naming the problem.

    The text is read back before it is returned: rows that would not survive the rewrite exactly are
    refused, never altered.
    """
    rows = canonical_rows(raw, table)
    text = render_rows(table, rows)
    try:
        faithful = canonical_rows(text.encode("utf-8"), table) == rows
    except UnformattableError:
        faithful = False
    if not faithful:
        message = "the rows cannot be written back exactly in canonical form; the file is left as it is"
        raise UnformattableError(Finding("unrepresentable", table.path, message))
    return text


def departure(raw: bytes, canonical: str) -> str:
    """Where and how a file first departs from its canonical text, for ``--check``."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "line 1: the file starts with a byte-order mark"
    if raw.count(b"\r") != canonical.count("\r"):
        line = raw.count(b"\n", 0, raw.index(b"\r")) + 1
        return f"line {line}: a carriage return (CRLF or CR line end); canonical line ends are LF"
    actual = raw.decode("utf-8", errors="replace").split("\n")
    expected = canonical.split("\n")
    if actual[0] != expected[0]:
        return "line 1: the columns are not in the models' order"
    index = next((i for i, (mine, theirs) in enumerate(zip(actual, expected, strict=False)) if mine != theirs), None)
    if index is None:
        return f"line {min(len(actual), len(expected))}: the end of the file (a missing or extra line end)"
    text = actual[index]
    if not text:
        what = "a blank line"
    elif unicodedata.normalize("NFC", text) != text:
        what = "text that is not in Unicode NFC"
    elif sorted(actual) == sorted(expected):
        what = "rows are not sorted by primary key"
    else:
        what = "quoting, row order or blank lines differ from the canonical form"
    return f"line {index + 1}: {what}"


def _write_atomically(path: Path, text: str) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        Path(temporary).chmod(mode)  # the rewritten file keeps the permissions it had
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def format_package(root: Path, *, write: bool) -> FormatResult:
    """Bring every table under *root* into canonical form, or (``write=False``) only report what would change."""
    changed: list[str] = []
    problems: list[Finding] = []
    reasons: dict[str, str] = {}
    for table in TABLES:
        path = root / table.path
        unsafe = file_problem(root, table.path)
        if unsafe is not None:
            problems.append(Finding("file-unreadable", table.path, messages.file_unsafe(table.path, unsafe)))
            continue
        try:
            raw = path.read_bytes()
        except OSError as error:
            problems.append(unreadable_file(table.path, error))
            continue
        try:
            canonical = format_table_text(raw, table)
        except UnformattableError as error:
            problems.append(error.problem)
            continue
        if canonical.encode("utf-8") == raw:
            continue
        if write and path.is_symlink():
            message = "the file is a symbolic link; fmt would replace the link with a file, so it leaves it alone"
            problems.append(Finding("symbolic-link", table.path, message))
            continue
        changed.append(table.path)
        reasons[table.path] = departure(raw, canonical)
        if write:
            _write_atomically(path, canonical)
    return FormatResult(tuple(changed), tuple(problems), reasons)
