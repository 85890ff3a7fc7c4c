"""What the validator reports: one finding per error, and the report that collects them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .._schema._problems import DEFAULT_MAX_PER_CODE, Finding

__all__ = ["DEFAULT_MAX_PER_CODE", "Finding", "Findings", "Report", "TableStats"]


class Findings:
    """Findings as they are collected: at most *limit* of each code in each file are kept, the rest counted.

    A *limit* of ``None`` keeps them all. The limit bounds the memory a file with millions of bad rows
    can take, while every error still counts.
    """

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.kept: list[Finding] = []
        self.seen: Counter[tuple[str, str]] = Counter()

    def append(self, finding: Finding) -> None:
        """Count *finding*, and keep it if fewer than the limit of its file and code are kept."""
        place = (finding.file, finding.code)
        self.seen[place] += 1
        if self.limit is None or self.seen[place] <= self.limit:
            self.kept.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Append each of *findings*."""
        for finding in findings:
            self.append(finding)

    def absorb(self, other: Findings) -> None:
        """Take in what *other* kept and counted (collected for another part of the package)."""
        self.extend(other.kept)
        self.seen.update(other.omitted())

    def clear(self) -> None:
        """Forget everything collected."""
        self.kept.clear()
        self.seen.clear()

    def omitted(self) -> dict[tuple[str, str], int]:
        """How many findings were counted but not kept, by file and code."""
        kept = Counter((finding.file, finding.code) for finding in self.kept)
        return {place: count - kept[place] for place, count in sorted(self.seen.items()) if count > kept[place]}


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
    """The package folder that was validated."""
    findings: list[Finding] = field(default_factory=list)
    """The errors found, at most the limit of each code in each file (see :attr:`omitted`)."""
    tables: list[TableStats] = field(default_factory=list)
    """What was read of each table."""
    seconds: float = 0.0
    """How long the validation took."""
    omitted: dict[tuple[str, str], int] = field(default_factory=dict)
    """Errors found but not listed, by (file, code), beyond the limit of each code per file."""

    def counts(self) -> dict[str, int]:
        """How many errors of each code were found, listed or not."""
        counts = Counter(finding.code for finding in self.findings)
        for (_, code), count in self.omitted.items():
            counts[code] += count
        return dict(sorted(counts.items()))

    @property
    def valid(self) -> bool:
        """True when nothing was found."""
        return not self.findings

    def sorted_findings(self) -> list[Finding]:
        """The findings in file, line and column order."""
        return sorted(self.findings, key=Finding.sort_key)

    def to_json(self) -> dict[str, object]:
        """The report as a JSON-ready dictionary (the ``--format json`` output)."""
        return {
            "valid": self.valid,
            "package": str(self.root),
            "errors": [finding.to_json() for finding in self.sorted_findings()],
            "counts": self.counts(),
            "omitted": [{"file": file, "code": code, "count": count} for (file, code), count in self.omitted.items()],
            "tables": {table.name: {"file": table.file, "rows": table.rows} for table in self.tables},
            "seconds": round(self.seconds, 3),
        }
