"""What the validator reports: one finding per error, and the report that collects them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ._catalogue import error_code

__all__ = ["Finding", "Report", "TableStats"]


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


@dataclass(frozen=True, slots=True)
class TableStats:
    """How much of one table was read."""

    name: str
    file: str
    rows: int


@dataclass
class Report:
    """Everything one validation run found."""

    root: Path
    findings: list[Finding] = field(default_factory=list)
    tables: list[TableStats] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def valid(self) -> bool:
        """True when nothing was found."""
        return not self.findings

    def sorted_findings(self) -> list[Finding]:
        """The findings in file, line and column order."""
        return sorted(self.findings, key=Finding.sort_key)

    def to_json(self) -> dict[str, object]:
        """The report as a JSON-ready dictionary (the ``--format json`` output)."""
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.code] = counts.get(finding.code, 0) + 1
        return {
            "valid": self.valid,
            "package": str(self.root),
            "errors": [finding.to_json() for finding in self.sorted_findings()],
            "counts": dict(sorted(counts.items())),
            "tables": {table.name: {"file": table.file, "rows": table.rows} for table in self.tables},
            "seconds": round(self.seconds, 3),
        }
