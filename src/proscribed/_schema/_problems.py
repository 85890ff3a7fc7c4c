"""What is wrong with a data package, found by loading or by validation, and the errors raised for it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from ._catalogue import error_code
from ._shown import did_you_mean

__all__ = ["DEFAULT_MAX_PER_CODE", "DataError", "ExitCode", "Finding", "UnknownRecordError"]

DEFAULT_MAX_PER_CODE = 1000
"""How many errors of one code in one file validation lists by default; the rest are counted."""


class ExitCode(IntEnum):
    """The exit status of every command, the same for all of them."""

    OK = 0
    """The command did what was asked; the data is valid, or already in canonical form."""
    INVALID = 1
    """The data has problems (``validate``, a command that loads it), or ``fmt --check`` would rewrite a file."""
    USAGE = 2
    """The command was asked something it cannot do: a bad option or argument, a path that cannot be read
    or written."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One error, and where it is.

    ``file`` is relative to the package folder (``data/statements.csv``, ``datapackage.json``).
    ``row`` is the record number as Frictionless counts it (the header is row 1, the first data row 2);
    ``line`` is the physical line of the file on which the record starts. They differ after a quoted
    cell that spans lines. Both are ``None`` for errors about a whole file.
    """

    code: str
    file: str
    message: str
    row: int | None = None
    line: int | None = None
    field: str | None = None

    def __post_init__(self) -> None:
        error_code(self.code)  # an unknown code is a programming error

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """Order by file, then position, then column."""
        return (self.file, self.line or 0, self.row or 0, self.field or "", self.code, self.message)

    @property
    def title(self) -> str:
        """What kind of error this is, in a few words (from the catalogue of codes)."""
        return error_code(self.code).title

    @property
    def fix(self) -> str:
        """How to fix an error of this kind (from the catalogue of codes)."""
        return error_code(self.code).fix

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = "" if self.field is None else f" column {self.field!r}:"
        return f"{where}:{field} {self.message} [{self.code}]"

    def to_json(self) -> dict[str, object]:
        """The finding as a JSON-ready dictionary."""
        entry = error_code(self.code)
        return {
            "code": self.code,
            "file": self.file,
            "row": self.row,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "title": entry.title,
            "fix": entry.fix,
        }


class DataError(Exception):
    """The data could not be loaded; ``problems`` says what is wrong and where."""

    def __init__(self, problems: list[Finding]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"  {problem}" for problem in self.problems[:20])
        more = len(self.problems) - 20
        suffix = f"\n  … and {more} more" if more > 0 else ""
        fixes = {problem.code: problem.fix for problem in self.problems}
        how = "".join(f"\n  {code}: {fix}" for code, fix in sorted(fixes.items()))
        advice = f"\nhow to fix them:{how}" if how else ""
        super().__init__(f"{len(self.problems)} problem(s) in the data package:\n{shown}{suffix}{advice}")


class UnknownRecordError(KeyError):
    """No record has the identifier asked for; ``suggestions`` holds identifiers close to it."""

    def __init__(self, message: str, wanted: str, suggestions: tuple[str, ...] = ()) -> None:
        self.wanted = wanted
        self.suggestions = suggestions
        self.message = message + did_you_mean(suggestions)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
