"""Problems found in a data package, and the error raised when data cannot be loaded."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from ._catalogue import known_code

__all__ = ["DataError", "ExitCode", "Problem", "UnknownRecordError"]


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
class Problem:
    """One thing wrong with the data, and where: file, line and column."""

    code: str
    """A stable code for the kind of problem (``foreign-key``, ``invalid-value``, …)."""
    message: str
    """What is wrong, and where it can be fixed."""
    file: str
    """The file, relative to the package folder (``data/statements.csv``)."""
    line: int | None = None
    """The physical line of the file where the row starts; ``None`` for a problem of the whole file."""
    column: str | None = None
    """The column (field) concerned; ``None`` for a problem of the whole row or file."""

    @property
    def title(self) -> str | None:
        """What kind of problem this is, in a few words (the catalogue's, as ``validate`` shows it)."""
        entry = known_code(self.code)
        return None if entry is None else entry.title

    @property
    def fix(self) -> str | None:
        """How to fix a problem of this kind (the catalogue's, as ``validate`` shows it)."""
        entry = known_code(self.code)
        return None if entry is None else entry.fix

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = "" if self.column is None else f" column {self.column!r}:"
        return f"{where}:{column} {self.message} [{self.code}]"


class DataError(Exception):
    """The data could not be loaded; ``problems`` says what is wrong and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"  {problem}" for problem in self.problems[:20])
        more = len(self.problems) - 20
        suffix = f"\n  … and {more} more" if more > 0 else ""
        fixes = {problem.code: problem.fix for problem in self.problems if problem.fix is not None}
        how = "".join(f"\n  {code}: {fix}" for code, fix in sorted(fixes.items()))
        advice = f"\nhow to fix them:{how}" if how else ""
        super().__init__(f"{len(self.problems)} problem(s) in the data package:\n{shown}{suffix}{advice}")


class UnknownRecordError(KeyError):
    """No record has the identifier asked for; ``suggestions`` holds identifiers close to it."""

    def __init__(self, message: str, wanted: str, suggestions: tuple[str, ...] = ()) -> None:
        self.wanted = wanted
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        self.message = message + hint
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
