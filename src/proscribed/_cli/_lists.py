"""The list commands: ``listed``, ``counts``, ``compare`` and ``actors``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click

from .._data._export import csv_text
from .._data._lists import Comparison, ListedEntry, ListedResult, SizeChange
from .._data._status import Status
from .._schema._vocab import Measure, Scope
from ._query import (
    _actor,
    _codes,
    _day,
    _fail,
    _load,
    _package_option,
    format_option,
    jurisdictions_option,
    on_option,
)

__all__ = ["actors", "compare", "counts", "listed"]

_MEASURES = click.Choice([term.value for term in Measure])
_LIST_OPTION = click.option(
    "--list",
    "list_id",
    metavar="LIST_ID",
    help="One list of the jurisdiction (gb-proscribed, us-fto, …); by default, all of them.",
)
_MEASURE_OPTION = click.option(
    "--measure", type=_MEASURES, help="Only the jurisdiction's lists of this measure (terrorist, sanctions, …)."
)


def _echo_json(document: object) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


# --- listed ---------------------------------------------------------------------------------------------


@click.command()
@click.argument("jurisdiction", metavar="JURISDICTION")
@on_option
@_LIST_OPTION
@_MEASURE_OPTION
@click.option("--include-suspended", is_flag=True, help="Include organisations whose listing is suspended.")
@format_option("text", "json", "csv")
@_package_option
def listed(  # noqa: PLR0913  (one option per filter)
    *,
    jurisdiction: str,
    on: str | None,
    list_id: str | None,
    measure: str | None,
    include_suspended: bool,
    output_format: str,
    package: Path | None,
) -> None:
    """List the organisations listed in a jurisdiction on a day, with the act behind each.

    JURISDICTION is an ISO 3166-1 alpha-2 code, UN or EU. An organisation counts when its status is listed
    on that day; an entry marked uncertain may be otherwise because a date on record is imprecise or
    disputed.
    """
    dataset = _load(package)
    day = _day(on, "--on")
    try:
        result = dataset.listed(jurisdiction, day, list=list_id, measure=measure, include_suspended=include_suspended)
    except KeyError as error:
        _fail(f"--list: {error}")
    except ValueError as error:
        _fail(str(error))
    if output_format == "json":
        _echo_json(result.to_dict())
    elif output_format == "csv":
        rows = [
            {**entry.to_dict(), "reference": entry.instrument.reference, "lists": " ".join(entry.lists)}
            for entry in result
        ]
        names = [
            "actor",
            "actor_name",
            "name",
            "status",
            "since",
            "list",
            "act",
            "instrument",
            "reference",
            "uncertain",
            "scope",
            "lists",
        ]
        click.echo(csv_text(names, rows), nl=False)
    else:
        click.echo(_listed_text(result))


def _shown_name(entry: ListedEntry) -> str:
    """The organisation's own name (the list's wording is in JSON and CSV), with the part listed if not whole."""
    return entry.actor.name if entry.scope is Scope.ENTITY else f"{entry.actor.name} [{entry.scope.value}]"


def _listed_text(result: ListedResult) -> str:
    where = result.jurisdiction if result.list_id is None else f"{result.jurisdiction}, list {result.list_id}"
    uncertain = f", {result.uncertain} uncertain" if result.uncertain else ""
    entries = f" ({result.entry_count} entries)" if result.entry_count != result.count else ""
    lines = [f"{where} on {result.on.isoformat()}: {result.count} listed{entries}{uncertain}"]
    shown = sorted(result, key=lambda entry: (_shown_name(entry).casefold(), entry.actor.actor_id))
    width = max((len(_shown_name(entry)) for entry in shown), default=0)
    for entry in shown:
        since = "" if entry.since is None else entry.since.text
        flags = " (uncertain)" if entry.uncertain else ""
        flags += "" if entry.status is Status.LISTED else f" ({entry.status.value})"
        reference = entry.instrument.reference or entry.instrument.instrument_id
        lines.append(f"  {_shown_name(entry):<{width}}  since {since:<10}  {entry.list_id}  {reference}{flags}")
    if result.possibly:
        lines.append(
            f"possibly also listed ({len(result.possibly)}; their status that day depends on imprecise dates):"
        )
        lines.extend(
            f"  {_shown_name(entry)}  {entry.status.value} since {'' if entry.since is None else entry.since.text}"
            for entry in result.possibly
        )
    return "\n".join(lines)


# --- counts over time -------------------------------------------------------------------------------------


@click.command()
@click.argument("jurisdiction", metavar="JURISDICTION")
@_LIST_OPTION
@_MEASURE_OPTION
@format_option("text", "json", "csv")
@_package_option
def counts(
    *, jurisdiction: str, list_id: str | None, measure: str | None, output_format: str, package: Path | None
) -> None:
    """Show how many organisations were listed in a jurisdiction on each day the number changed.

    Each line holds from its day until the next line's day, with the organisations added and removed.
    """
    dataset = _load(package)
    try:
        changes = dataset.list_sizes(jurisdiction, list=list_id, measure=measure)
    except KeyError as error:
        _fail(f"--list: {error}")
    except ValueError as error:
        _fail(str(error))
    if output_format == "json":
        _echo_json({"jurisdiction": jurisdiction.upper(), "list": list_id, "changes": [c.to_dict() for c in changes]})
    elif output_format == "csv":
        rows = [
            {**change.to_dict(), "added": " ".join(change.added), "removed": " ".join(change.removed)}
            for change in changes
        ]
        click.echo(csv_text(["day", "count", "entries", "added", "removed", "uncertain"], rows), nl=False)
    else:
        click.echo(_counts_text(changes))


def _counts_text(changes: Sequence[SizeChange]) -> str:
    if not changes:
        return "no organisation has been listed"
    lines = []
    for change in changes:
        moves = [f"+{actor}" for actor in change.added] + [f"-{actor}" for actor in change.removed]
        uncertain = f" ({change.uncertain} uncertain)" if change.uncertain else ""
        entries = f" ({change.entries} entries)" if change.entries != change.count else ""
        lines.append(f"  {change.day.isoformat()}  {change.count:>4}{entries}{uncertain}  {' '.join(moves)}")
    return "\n".join(lines)


# --- compare ----------------------------------------------------------------------------------------------

_SYMBOLS = {
    Status.LISTED: "L",
    Status.SUSPENDED: "S",
    Status.DELISTED: "D",
    Status.NOT_LISTED: "-",
    Status.UNKNOWN: ".",
}


@click.command()
@click.argument("actors", nargs=-1, metavar="[ACTOR]...")
@on_option
@jurisdictions_option("By default, every jurisdiction with a list.")
@_MEASURE_OPTION
@format_option("text", "json", "csv")
@_package_option
def compare(  # noqa: PLR0913  (one option per filter)
    *,
    actors: tuple[str, ...],
    on: str | None,
    jurisdictions: tuple[str, ...],
    measure: str | None,
    output_format: str,
    package: Path | None,
) -> None:
    """Compare which jurisdictions list which organisations on a day.

    ACTOR is an identifier or a name; without any, every organisation with an act on record. The text
    output is a matrix: L listed, S suspended, D delisted, - not listed, . nothing on record; ? marks an
    uncertain answer.
    """
    dataset = _load(package)
    day = _day(on, "--on")
    chosen = [_actor(dataset, value).actor_id for value in actors] or None
    try:
        result = dataset.compare(day, actors=chosen, jurisdictions=_codes(jurisdictions) or None, measure=measure)
    except ValueError as error:
        _fail(str(error))
    if output_format == "json":
        _echo_json(result.to_dict())
    elif output_format == "csv":
        click.echo(csv_text(["actor", "name", *result.jurisdictions], result.table()), nl=False)
    else:
        click.echo(_compare_text(result))


def _compare_text(result: Comparison) -> str:
    width = max((len(row.actor.name) for row in result), default=4)
    header = f"{'on ' + result.on.isoformat():<{width}}  " + " ".join(f"{code:<3}" for code in result.jurisdictions)
    lines = [header]
    for row in result:
        cells = [
            f"{_SYMBOLS[row.statuses[code]] + ('?' if code in row.uncertain else ''):<3}"
            for code in result.jurisdictions
        ]
        lines.append(f"{row.actor.name:<{width}}  " + " ".join(cells))
    lines.append("L listed  S suspended  D delisted  - not listed  . nothing on record  ? uncertain")
    return "\n".join(lines)


# --- actors -----------------------------------------------------------------------------------------------


@click.command()
@click.argument("query", metavar="QUERY")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most this many matches.")
@format_option("text", "json")
@_package_option
def actors(*, query: str, limit: int, output_format: str, package: Path | None) -> None:
    """Find actors by any of their names or aliases, best match first.

    The match ignores case, accents and punctuation, reads Cyrillic as Latin, and finds common spellings
    of one name (Hizballah, Hezbollah, Hizbullah).
    """
    dataset = _load(package)
    matches = dataset.search_actors(query, limit=limit)
    if output_format == "json":
        _echo_json({"query": query, "results": [match.to_dict() for match in matches]})
        return
    if not matches:
        click.echo(f"no actor matches {query!r}")
        return
    for match in matches:
        via = "" if match.matched == match.actor.name else f"  (as {match.matched!r})"
        click.echo(f"  {match.actor.actor_id:<40} {match.actor.name}{via}")
