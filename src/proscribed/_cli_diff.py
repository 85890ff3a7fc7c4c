"""The ``diff`` command: what changed between two versions of the data package."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from ._descriptor import DESCRIPTOR_NAME
from ._diff import PackageDiff, RevisionError, _compare, _read_version, _root_of, package_at_revision

__all__ = ["diff"]

EXIT_IO = 2


@contextlib.contextmanager
def _version_root(spec: str, repository: Path | None, package_dir: str) -> Iterator[tuple[Path, str]]:
    """The package folder *spec* names: an existing path, else a git revision checked out to a temporary folder."""
    path = Path(spec)
    if path.exists():
        root, _ = _root_of(path)
        if not (root / DESCRIPTOR_NAME).is_file():
            raise click.UsageError(f"{spec} holds no {DESCRIPTOR_NAME}")
        yield root, spec
        return
    try:
        with package_at_revision(spec, repository=repository, package_dir=package_dir) as root:
            yield root, spec
    except RevisionError as error:
        raise click.UsageError(f"{spec!r} is neither a package path nor a readable git revision: {error}") from None


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
    try:
        with (
            _version_root(old, repository, package_dir) as (old_root, old_name),
            _version_root(new, repository, package_dir) as (new_root, new_name),
        ):
            result: PackageDiff = _compare(_read_version(old_root, old_name), _read_version(new_root, new_name))
    except (OSError, ValueError, KeyError) as error:
        click.echo(f"error: cannot read a package: {error}", err=True)
        sys.exit(EXIT_IO)
    if output_format == "json":
        click.echo(result.to_json(), nl=False)
    elif output_format == "markdown":
        click.echo(result.to_markdown(title=title), nl=False)
    else:
        click.echo(result.to_text(), nl=False)
