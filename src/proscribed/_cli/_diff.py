"""The ``diff`` command: what changed between two versions of the data package."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .._schema._problems import ExitCode

__all__ = ["diff"]


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option(
    "--repository",
    type=click.Path(path_type=Path, file_okay=False),
    help="The git repository to read revisions from; by default, the one holding the current folder.",
)
@click.option(
    "--package-dir",
    default="datapackage",
    show_default=True,
    help="The package's folder inside the repository, for revisions.",
)
@click.option("--title", help="The heading of the Markdown section (default: 'Data changes in NEW (since OLD)').")
def diff(  # noqa: PLR0913  (one parameter per option)
    *, old: str, new: str, output_format: str, repository: Path | None, package_dir: str, title: str | None
) -> None:
    """List the records added, removed and changed between two versions of the data package.

    OLD and NEW are each a package folder (or its datapackage.json, or a checkout holding datapackage/)
    or a git revision of the repository (a tag, a branch, a commit), read with git show. Records are
    matched by primary key; changed records list the fields that changed, with old and new values.
    """
    from .._data._diff import RevisionError, diff_versions  # noqa: PLC0415  (imported when used)

    try:
        result = diff_versions(old, new, repository=repository, package_dir=package_dir)
    except (RevisionError, FileNotFoundError) as error:
        raise click.UsageError(str(error)) from None
    except (OSError, ValueError, KeyError) as error:
        click.echo(f"error: cannot read a package: {error}", err=True)
        sys.exit(ExitCode.USAGE)
    if output_format == "json":
        click.echo(result.to_json(), nl=False)
    elif output_format == "markdown":
        click.echo(result.to_markdown(title=title), nl=False)
    else:
        click.echo(result.to_text(), nl=False)
