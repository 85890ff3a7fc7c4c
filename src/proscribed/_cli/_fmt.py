"""``proscribed fmt``: rewrite the CSV files in canonical form, or check that they are."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .._io._fmt import format_package
from .._io._paths import default_package, package_root
from .._schema._problems import ExitCode

__all__ = ["fmt"]


@click.command()
@click.option("--check", is_flag=True, help="Only report files not in canonical form; change nothing (for CI).")
@click.argument("path", required=False, type=click.Path(path_type=Path), metavar="[PATH]")
def fmt(check: bool, path: Path | None) -> None:
    """Rewrite the package's CSV files in canonical form.

    Columns in the models' order, rows sorted by primary key, minimal quoting, LF line ends, UTF-8
    without a byte-order mark, text in Unicode NFC. Files are replaced atomically, and only when their
    bytes change. PATH is a datapackage.json or its folder; by default, the package of the checkout the
    current folder is in (the copy installed with proscribed is never rewritten). Exit 0 when all is
    canonical (or was made so), 1 with --check when a file would change or when a file cannot be read as
    CSV, 2 for usage errors.
    """
    try:
        root = default_package(writing=True) if path is None else package_root(path)
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from None
    result = format_package(root, write=not check)
    for problem in result.problems:
        click.echo(f"error: {problem}", err=True)
    for relative in result.changed:
        reason = result.reasons.get(relative)
        suffix = f" ({reason})" if reason else ""
        click.echo(f"{'would reformat' if check else 'reformatted'} {root / relative}{suffix}")
    if result.problems or (check and result.changed):
        sys.exit(ExitCode.INVALID)
    if not result.changed:
        click.echo(f"all files in {root} are in canonical form")
