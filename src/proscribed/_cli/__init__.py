"""The ``proscribed`` command line: thin wrappers around the library."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import click

from .._data._dataset import load, shipped_version
from .._io._paths import default_package, working_package
from .._schema._descriptor import DESCRIPTOR_NAME, check_generated, render_descriptor, write_generated
from .._schema._problems import DataError, ExitCode
from ._diff import diff
from ._fmt import fmt
from ._lists import actors, compare, counts, listed
from ._query import events, export_command, statements, status, timeline
from ._validate import validate_command

__all__ = ["main"]


def _package_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.argument(
        "path",
        required=False,
        type=click.Path(path_type=Path),
        metavar="[PATH]",
    )(function)


def _show_version(context: click.Context, _parameter: click.Parameter, value: bool) -> None:
    if not value or context.resilient_parsing:
        return
    try:
        data = f"data {shipped_version()}"
    except DataError as error:
        data = f"the shipped data cannot be read: {error.problems[0].message}"
    click.echo(f"proscribed {metadata.version('proscribed')} ({data})")
    context.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version of the code and of the data it ships, and exit.",
)
def main() -> None:
    """Query and check proscribed.

    proscribed is a dataset of how states and international bodies designate and delist organisations
    as terrorist or banned.
    """


@main.command()
@_package_option
def summary(path: Path | None) -> None:
    """Show the data version and the number of records in each table.

    PATH is a datapackage.json or the folder holding it; by default, the package of the checkout the
    current folder is in, else the data installed with proscribed.
    """
    try:
        dataset = load(path if path is not None else working_package())
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from None
    except DataError as error:
        click.echo(str(error), err=True)
        sys.exit(ExitCode.INVALID)
    counts = dataset.counts()
    width = max(map(len, counts))
    click.echo(f"proscribed data {dataset.version} ({dataset.root})")
    for name, count in counts.items():
        click.echo(f"  {name:<{width}}  {count:>6}")
    designated = {act.jurisdiction for act in dataset.designations}
    click.echo(f"  designation acts in {len(designated)} jurisdiction(s): {', '.join(sorted(designated))}")


@main.command()
@click.option("--check", "mode", flag_value="check", help="Fail if a committed generated file differs from the models.")
@click.option("--write", "mode", flag_value="write", help="Regenerate the generated files from the models.")
@_package_option
def descriptor(mode: str | None, path: Path | None) -> None:
    """Print, check or write the files generated from the record models.

    They are datapackage.json (the Frictionless descriptor) and schemas/<table>.schema.json (JSON Schemas
    of the rows). Without an option, print the descriptor. PATH is the package folder or its
    datapackage.json; by default, the package of the checkout the current folder is in. Output is
    deterministic: the same models give the same bytes.
    """
    if mode is None:
        click.echo(render_descriptor(), nl=False)
        return
    try:
        root = _package_folder(path, writing=mode == "write")
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from None
    if mode == "check":
        stale = check_generated(root)
        if stale:
            for relative in stale:
                click.echo(f"error: {root / relative} differs from what the models generate", err=True)
            click.echo("run 'proscribed descriptor --write' to regenerate", err=True)
            sys.exit(ExitCode.INVALID)
        click.echo(f"generated files in {root} are up to date")
        return
    changed = write_generated(root)
    for relative in changed:
        click.echo(f"wrote {root / relative}")
    if not changed:
        click.echo(f"generated files in {root} were already up to date")


def _package_folder(path: Path | None, *, writing: bool) -> Path:
    if path is None:
        return default_package(writing=writing)
    if path.is_dir():
        return path
    if path.name != DESCRIPTOR_NAME:
        raise FileNotFoundError(f"{path} is neither a folder nor a {DESCRIPTOR_NAME}")
    return path.parent


main.add_command(fmt)
main.add_command(validate_command)
main.add_command(status)
main.add_command(timeline)
main.add_command(listed)
main.add_command(counts)
main.add_command(compare)
main.add_command(actors)
main.add_command(statements)
main.add_command(events)
main.add_command(export_command)
main.add_command(diff)
