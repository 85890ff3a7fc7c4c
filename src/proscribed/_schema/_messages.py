"""The words of every problem that both loading and validation report: one wording for both engines.

Each function returns the message of one code (see the catalogue of codes in :mod:`._validate._catalogue`);
:func:`header_problems` returns the messages of a header, column by column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence

from ._shown import did_you_mean
from ._types import LIST_TABLE

__all__ = [
    "Suggestions",
    "blank_row",
    "byte_order_mark",
    "cell_count",
    "duplicate_key",
    "duplicate_value",
    "field_named",
    "file_missing",
    "file_unreadable",
    "file_unsafe",
    "header_problems",
    "header_too_long",
    "header_too_wide",
    "not_utf8",
    "required",
    "suggest_identifiers",
    "unknown_citation_target",
    "unknown_reference",
]

_SHOWN_LABEL = 60
_SHOWN_EXTRA_COLUMNS = 20


def file_missing(path: str) -> str:
    """A table's file does not exist."""
    return f"{path} is missing; every table needs its file"


def file_unsafe(path: str, problem: str) -> str:
    """A table's path that is not a regular file inside the package (*problem* says what it is)."""
    return f"{path} {problem}"


def file_unreadable(path: str, error: OSError) -> str:
    """A table's file that the system cannot read."""
    return f"cannot read {path}: {error.strerror or error}"


def header_too_long(limit: int) -> str:
    """A header row longer than *limit* bytes: the file is not read."""
    return f"the header row is longer than {limit:,} bytes; the file is not read further"


def header_too_wide(count: int, expected: int) -> str:
    """A header naming far more columns than any table has: the file is not read."""
    return f"the header names {count:,} columns and the table has {expected}; the file is not read further"


def byte_order_mark() -> str:
    """A CSV file starts with a byte-order mark."""
    return "the file starts with a byte-order mark; save it without one"


def not_utf8(found: bytes) -> str:
    """Bytes that are not UTF-8."""
    return f"bytes that are not UTF-8 ({found[:8]!r}); save the file as UTF-8"


def blank_row() -> str:
    """A row with no cells."""
    return "the row is blank; delete it"


def required(column: str) -> str:
    """A required cell is empty."""
    return f"{column} is required and the cell is empty"


def duplicate_key(columns: str, key: str, first_line: int) -> str:
    """A primary key that an earlier row already has."""
    return f"{columns} {key} already appears on line {first_line}; identifiers are unique"


def duplicate_value(value: object, column: str, first_line: int) -> str:
    """A value of a unique column that an earlier row already has."""
    return f"{value!r} already appears on line {first_line}; {column} values are unique"


def suggest_identifiers(wanted: str, identifiers: Iterable[str], *, limit: int = 3) -> list[str]:
    """Identifiers close in spelling to *wanted*, closest first."""
    return difflib.get_close_matches(wanted, list(identifiers), n=limit, cutoff=0.6)


class Suggestions:
    """'Did you mean' for unknown identifiers of one table, looked up for a bounded number of values.

    *known* gives the table's identifiers when first needed. Each distinct value is looked up once; past
    :attr:`LIMIT` distinct values (a file of wholly wrong references) no more are, so that a message
    costs no more than its text.
    """

    LIMIT = 200

    def __init__(self, known: Callable[[], Iterable[str]]) -> None:
        self._known = known
        self._identifiers: list[str] | None = None
        self._found: dict[str, str] = {}

    def after(self, value: object) -> str:
        """The words to append to a message about *value*: ``; did you mean …?``, or nothing."""
        if not isinstance(value, str):
            return ""
        if value not in self._found:
            if len(self._found) >= self.LIMIT:
                return ""
            if self._identifiers is None:
                self._identifiers = sorted(set(self._known()))
            self._found[value] = did_you_mean(suggest_identifiers(value, self._identifiers))
        return self._found[value]


def unknown_reference(value: object, table: str, column: str, suggestions: Suggestions | None = None) -> str:
    """A foreign key naming no row of its target table (with identifiers close to it, given *suggestions*)."""
    hint = suggestions.after(value) if suggestions is not None else ""
    return f"{value!r} is not an identifier in {table} ({table}.csv, column {column}){hint}"


def unknown_citation_target(value: str, table: str | None) -> str:
    """A citation's ``record_id`` naming no record of the table its prefix points to."""
    if table is None:
        return f"{value!r} is not an identifier of any table a citation can point to (its prefix names none)"
    pointer = "a two-letter prefix (a jurisdiction)" if table == LIST_TABLE else f"the prefix {value.split('-', 1)[0]}-"
    return f"{value!r} is not an identifier in {table} ({pointer} points there)"


def cell_count(found: int, width: int) -> str:
    """A row with more or fewer cells than the header."""
    return f"the row has {found} cells but the header has {width}"


def field_named(message: str, fields: Sequence[str]) -> str | None:
    """The column a record rule's message is about: of *fields*, the one it names first."""
    named = [(match.start(), name) for name in fields if (match := re.search(rf"\b{name}\b", message))]
    return min(named)[1] if named else None


def _label(label: str) -> str:
    return repr(label) if len(label) <= _SHOWN_LABEL else repr(label[:_SHOWN_LABEL]) + "…"


def header_problems(header: Sequence[str], expected: Sequence[str]) -> list[tuple[str, str | None]]:
    """What is wrong with a header row, column by column, as (message, the expected column or ``None``)."""
    if not header:
        return [("the file is empty; it needs at least the header row", None)]
    if sorted(header) == sorted(expected) and list(header) != list(expected):
        order = ",".join(expected)
        return [(f"the columns are in another order than the table's ({order}); `proscribed fmt` reorders them", None)]
    problems: list[tuple[str, str | None]] = []
    for position, name in enumerate(expected):
        if position >= len(header):
            problems.append((f"column {position + 1} should be {name!r} but the header stops before it", name))
        elif header[position] != name:
            label = header[position]
            elsewhere = f" ({label!r} belongs in column {list(expected).index(label) + 1})" if label in expected else ""
            problems.append((f"column {position + 1} is {_label(label)} but should be {name!r}{elsewhere}", name))
    extra = range(len(expected), len(header))
    problems.extend(
        (f"column {position + 1}, {_label(header[position])}, is not a column of this table", None)
        for position in extra[:_SHOWN_EXTRA_COLUMNS]
    )
    if len(extra) > _SHOWN_EXTRA_COLUMNS:
        more = len(extra) - _SHOWN_EXTRA_COLUMNS
        problems.append((f"… and {more:,} more columns that are not columns of this table", None))
    return problems
