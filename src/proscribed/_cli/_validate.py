"""``proscribed validate``: check a data package and report every error, for people or for CI."""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from pathlib import Path

import click

from .._io._paths import default_package
from .._schema._descriptor import DESCRIPTOR_NAME
from .._schema._problems import DEFAULT_MAX_PER_CODE, ExitCode

__all__ = ["validate_command"]

_PROGRESS_INTERVAL = 0.1


def _shown_path(path: Path) -> str:
    """*path* relative to the current folder where it is inside it (as CI annotations need), else absolute."""
    absolute = Path(os.path.abspath(path))  # noqa: PTH100  (not resolve(): a table that is a link is shown where it is)
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


class _Progress:
    """A one-line progress display on stderr, redrawn at most ten times a second."""

    def __init__(self) -> None:
        self.last = 0.0
        self.shown = False

    def __call__(self, table: str, rows: int) -> None:
        now = time.monotonic()
        if now - self.last < _PROGRESS_INTERVAL:
            return
        self.last = now
        self.shown = True
        click.echo(f"\r\x1b[Kchecking {table}: {rows:,} rows", nl=False, err=True)

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", nl=False, err=True)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _text_report(report: object, root: Path) -> str:
    from .._validate import Report, error_code  # noqa: PLC0415

    assert isinstance(report, Report)  # noqa: S101
    lines = [f"Validated {_shown_path(root / DESCRIPTOR_NAME)}"]
    omitted_by_file: dict[str, list[tuple[str, int]]] = {}
    for (file, code), count in report.omitted.items():
        omitted_by_file.setdefault(file, []).append((code, count))
    current = ""
    for finding in report.sorted_findings():
        if finding.file != current:
            lines.extend(_omitted_lines(omitted_by_file.pop(current, [])))
            current = finding.file
            lines.append("")
            lines.append(_shown_path(root / finding.file))
        where = "" if finding.line is None else f"line {finding.line}"
        if finding.row is not None and finding.row != finding.line:
            where += f" (row {finding.row})"
        if finding.field:
            where = f"{where}, {finding.field}" if where else finding.field
        lines.append(f"  {where or 'file'}: {finding.message} [{finding.code}]")
    lines.extend(_omitted_lines(omitted_by_file.pop(current, [])))
    counts = report.counts()
    rows = sum(table.rows for table in report.tables)
    if not counts:
        lines.append(f"valid: {len(report.tables)} tables, {rows:,} rows, no errors ({report.seconds:.2f} s)")
        return "\n".join(lines)
    lines.append("")
    total = sum(counts.values())
    lines.append(f"invalid: {total:,} error(s) in {len(report.tables)} tables, {rows:,} rows ({report.seconds:.2f} s)")
    for code, count in counts.items():
        lines.append(f"  {code} ×{count:,}: {error_code(code).fix}")
    return "\n".join(lines)


def _omitted_lines(omitted: list[tuple[str, int]]) -> list[str]:
    return [
        f"  … and {count:,} more [{code}] error(s) in this file, not listed (--max-per-code 0 lists all)"
        for code, count in omitted
    ]


def _github_report(report: object, root: Path) -> str:
    from .._validate import Report, error_code  # noqa: PLC0415

    assert isinstance(report, Report)  # noqa: S101
    lines = []
    for finding in report.sorted_findings():
        properties = [f"file={_escape_property(_shown_path(root / finding.file))}"]
        if finding.line is not None:
            properties.append(f"line={finding.line}")
        properties.append(f"title={_escape_property(finding.code + ': ' + error_code(finding.code).title)}")
        column = f"{finding.field}: " if finding.field else ""
        message = f"{column}{finding.message}. Fix: {error_code(finding.code).fix}"
        lines.append(f"::error {','.join(properties)}::{_escape_data(message)}")
    for (file, code), count in report.omitted.items():
        where = _escape_property(_shown_path(root / file))
        lines.append(f"::error file={where},title={_escape_property(code)}::{count:,} more {code} error(s) not listed")
    if report.valid:
        lines.append(f"::notice title=proscribed validate::{_shown_path(root)} is valid")
    return "\n".join(lines)


@click.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path), metavar="[PATH]")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: grouped by file, for people; json: for scripts; github: workflow annotations.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Treat dates after this day (YYYY-MM-DD) as future; default: the current date.",
)
@click.option(
    "--max-per-code",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_PER_CODE,
    show_default=True,
    help="List at most this many errors of each code in each file (0: all); the rest are counted.",
)
def validate_command(path: Path | None, output_format: str, today: datetime.datetime | None, max_per_code: int) -> None:
    """Check a data package: every table, every cell, every rule; report every error.

    PATH is a datapackage.json or the folder holding it. By default, the package of the checkout the
    current folder is in (datapackage/ in it or a parent, or the folder itself), else the data installed
    with proscribed.

    Exit status: 0 when the package is valid, 1 when it is not, 2 for usage or I/O errors.
    """
    from .._validate import validate  # noqa: PLC0415  (the validator's imports are heavy)

    root_path = path if path is not None else default_package()
    progress = _Progress() if sys.stderr.isatty() and output_format == "text" else None
    try:
        report = validate(
            root_path, today=today.date() if today else None, progress=progress, max_per_code=max_per_code or None
        )
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        click.echo(f"error: cannot read {root_path}: {error.strerror or error}", err=True)
        sys.exit(ExitCode.USAGE)
    finally:
        if progress is not None:
            progress.clear()
    root = report.root
    if output_format == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif output_format == "github":
        text = _github_report(report, root)
        if text:
            click.echo(text)
    else:
        click.echo(_text_report(report, root))
    sys.exit(ExitCode.OK if report.valid else ExitCode.INVALID)
