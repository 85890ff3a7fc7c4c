"""The query commands: ``status``, ``timeline``, ``statements``, ``events`` and ``export``."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .._data._dataset import Dataset, load
from .._data._evidence import Evidence
from .._data._export import FORMATS, csv_text, export
from .._data._status import JurisdictionTimeline, Status, StatusResult, Timeline, as_day
from .._io._paths import working_package
from .._schema._models import Actor, Event, Statement
from .._schema._models._base import Record
from .._schema._problems import DataError, ExitCode, UnknownRecordError
from .._schema._vocab import EventStatus, EventType, ParticipantRole, Relation, Scope, Stance, StanceTopic, Verification

__all__ = ["events", "export_command", "jurisdictions_option", "statements", "status", "timeline"]

if TYPE_CHECKING:
    from click.decorators import FC


def _package_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--package",
        "package",
        type=click.Path(path_type=Path),
        metavar="PATH",
        help=(
            "A datapackage.json or the folder holding it; by default, the package of the checkout the "
            "current folder is in, else the data installed with proscribed."
        ),
    )(function)


on_option = click.option("--on", "on", metavar="DATE", help="The day asked about, YYYY-MM-DD; by default, today.")


def format_option(*choices: str) -> Callable[[FC], FC]:
    """The ``--format`` option of a command that prints in the formats *choices* (text by default)."""
    return click.option(
        "--format", "output_format", type=click.Choice(list(choices)), default="text", show_default=True
    )


def _load(package: Path | None) -> Dataset:
    try:
        return load(package if package is not None else working_package())
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from None
    except DataError as error:
        click.echo(str(error), err=True)
        sys.exit(ExitCode.INVALID)


def _fail(message: str) -> NoReturn:
    raise click.UsageError(message)


def _actor(dataset: Dataset, wanted: str) -> Actor:
    """The actor with identifier *wanted*, or the one actor whose name or alias it is."""
    try:
        return dataset.resolve_actor(wanted)
    except UnknownRecordError as error:
        hint = (
            "" if error.suggestions else "; give an identifier such as org-taliban, or a name (see proscribed actors)"
        )
        _fail(f"{error}{hint}")


def _day(value: str | None, option: str) -> datetime.date:
    try:
        return as_day(value)
    except ValueError as error:
        _fail(f"{option}: {error}")


def _codes(values: Iterable[str]) -> list[str]:
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


# --- status ----------------------------------------------------------------------------------------


def jurisdictions_option(default: str) -> Callable[[FC], FC]:
    """``-j/--jurisdiction``, repeatable or comma-separated; *default* says what is asked without it."""
    return click.option(
        "-j",
        "--jurisdiction",
        "jurisdictions",
        multiple=True,
        metavar="CC",
        help=f"A jurisdiction (ISO 3166-1 alpha-2, UN or EU); repeat it or separate codes by commas. {default}",
    )


@click.command()
@click.argument("actor", metavar="ACTOR")
@jurisdictions_option("By default, every jurisdiction with an act on the actor.")
@click.option(
    "--list",
    "list_id",
    metavar="LIST_ID",
    help="Only the acts on this list (us-fto, gb-proscribed, …); by default a jurisdiction's lists are combined.",
)
@on_option
@format_option("text", "json")
@_package_option
def status(  # noqa: PLR0913  (one option per filter)
    *,
    actor: str,
    jurisdictions: tuple[str, ...],
    list_id: str | None,
    on: str | None,
    output_format: str,
    package: Path | None,
) -> None:
    """Say whether an actor was listed, suspended or delisted on a day, and by which act.

    ACTOR is an actor identifier (org-taliban) or a name or alias that names one actor. With --list, the
    answer is for that list alone (its jurisdiction is implied). A result is marked uncertain when the
    dates on record are too imprecise, or disputed, to be sure on that day.
    """
    dataset = _load(package)
    subject = _actor(dataset, actor)
    day = _day(on, "--on")
    try:
        if list_id is not None:
            listed_on = dataset.designation_list(list_id)
            codes = _codes(jurisdictions) or [listed_on.jurisdiction]
            results = tuple(dataset.status(subject.actor_id, code, on=day, list=list_id) for code in codes)
        elif jurisdictions:
            results = tuple(dataset.status(subject.actor_id, code, on=day) for code in _codes(jurisdictions))
        else:
            results = dataset.status_all(subject.actor_id, on=day)
    except UnknownRecordError as error:
        _fail(f"--list: {error}")
    except ValueError as error:
        _fail(f"--jurisdiction: {error}")
    if output_format == "json":
        document = {"actor": subject.actor_id, "on": day.isoformat(), "results": [r.to_dict() for r in results]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    click.echo(f"{subject.name} ({subject.actor_id}) on {day.isoformat()}")
    if not results:
        click.echo("  no act on this actor is on record in any jurisdiction")
    for result in results:
        click.echo(_status_text(dataset, result))


def _label(status: Status) -> str:
    return status.value.replace("_", " ")


def _status_text(dataset: Dataset, result: StatusResult) -> str:
    where = result.jurisdiction if result.list_id is None else f"{result.jurisdiction} ({result.list_id})"
    head = f"  {where}  {_label(result.status)}"
    if result.since is not None:
        head += f" since {result.since.text}" + (" (lapse of a term)" if result.lapsed else "")
    if result.scope is not None and result.scope.value != "entity":
        head += f" [scope: {result.scope.value}]"
    if result.uncertain:
        head += "  (uncertain: imprecise or disputed dates)"
    lines = [head]
    if result.act is not None and result.instrument is not None:
        act, instrument = result.act, result.instrument
        authority = _name(dataset, instrument.authority_id)
        lines.append(f"      list: {act.list_id} ({dataset.designation_list(act.list_id).name})")
        lines.append(f"      act: {act.designation_id} ({act.action.value}, {authority}): {instrument.title}")
    lines.extend(f"      {_evidence_label(evidence)}: {evidence.url}" for evidence in result.sources)
    for evidence in result.contradicted_by:
        aspects = "/".join(aspect.value.replace("_", " ") for aspect in evidence.aspects)
        lines.append(f"      contradicts its {aspects} ({evidence.source.source_class.value}): {evidence.url}")
    for measure in result.related_measures:
        scope_from = measure.scope_act or measure.root
        since = "" if measure.since is None else f" since {measure.since.text}"
        deciding = measure.act.designation_id if measure.act else measure.root.designation_id
        scoped = "" if scope_from.designation_id == deciding else f"; on associates since {scope_from.designation_id}"
        lines.append(
            f"      on associates ({scope_from.scope_note or 'associates'}): "
            f"{_label(measure.status)}{since} ({deciding}{scoped})"
        )
    if result.status is Status.UNKNOWN:
        lines.append("      no act on this actor is on record in this jurisdiction")
    return "\n".join(lines)


def _evidence_label(evidence: Evidence) -> str:
    kind = "source" if evidence.relation is Relation.SUPPORTS else "partly"
    return f"{kind} ({evidence.source.source_class.value})"


def _name(dataset: Dataset, actor_id: str | None) -> str:
    if actor_id is None:
        return ""
    record = dataset._by_id.get(actor_id)  # noqa: SLF001  (a lookup that must not raise)
    return record.name if isinstance(record, Actor) else actor_id


# --- timeline --------------------------------------------------------------------------------------


@click.command()
@click.argument("actor", metavar="ACTOR")
@format_option("text", "json")
@_package_option
def timeline(actor: str, output_format: str, package: Path | None) -> None:
    """List the acts on an actor and the status periods they make, jurisdiction by jurisdiction.

    A period runs from its first day to its last day, both included; an uncertain period says which
    act's date, known only as a range of days, makes it so.
    """
    dataset = _load(package)
    subject = _actor(dataset, actor)
    result = dataset.timeline(subject.actor_id)
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(_timeline_text(dataset, subject, result))


def _timeline_text(dataset: Dataset, subject: Actor, result: Timeline) -> str:
    lines = [f"{subject.name} ({subject.actor_id})"]
    if not result.jurisdictions:
        lines.append("  no act on this actor is on record")
    for entry in result:
        lines.extend(_jurisdiction_text(dataset, entry))
    return "\n".join(lines)


def _jurisdiction_text(dataset: Dataset, entry: JurisdictionTimeline) -> list[str]:
    lines = [f"\n{entry.jurisdiction}", "  acts:"]
    width = max(len(instrument.takes_effect.text) for instrument in entry.instruments)
    for act, instrument in zip(entry.acts, entry.instruments, strict=True):
        scope = "" if act.scope.value == "entity" else f" [{act.scope.value}]"
        ending = "" if act.end_date is None else f", until {act.end_date}"
        lines.append(
            f"    {instrument.takes_effect.text:<{width}}  {act.action.value:<10} {act.designation_id}{scope}{ending} "
            f"({act.list_id}; {_name(dataset, instrument.authority_id)})"
        )
    lines.append("  periods:")
    for period in entry.periods:
        start = "…" if period.start is None else period.start.isoformat()
        last = "…" if period.end is None else period.end.isoformat()
        deciding = "" if period.act is None else f"  {period.act.designation_id}"
        flags = ""
        if period.scope is not None and period.scope is not Scope.ENTITY:
            flags += f" [{period.scope.value}]"
        flags += " (lapse)" if period.lapsed else ""
        if period.uncertain:
            reasons = "; ".join(str(date) for date in period.uncertain_dates)
            flags += f" (uncertain: {reasons})" if reasons else " (uncertain)"
        lines.append(f"    {start:>10} – {last:<10}  {_label(period.status):<10}{deciding}{flags}")
    return lines


# --- statements and events -------------------------------------------------------------------------

_LIST_FORMATS = ("text", "json", "jsonl", "csv")


def _records_out(
    model: type[Record], records: Sequence[Record], output_format: str, text: Callable[[Any], str]
) -> None:
    rows = [record.model_dump(mode="json") for record in records]
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif output_format == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif output_format == "csv":
        click.echo(csv_text(list(model.model_fields), rows), nl=False)
    else:
        for record in records:
            click.echo(text(record))
        click.echo(f"{len(records)} record(s)", err=True)


def _choices(vocabulary: Iterable[object]) -> click.Choice[str]:
    return click.Choice([str(term) for term in vocabulary])


def _window_options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option(
        "--within",
        is_flag=True,
        help="Keep only records whose whole date range lies inside the window (default: any overlap).",
    )(function)
    function = click.option("--to", "end", metavar="DATE", help="Last day of the window (EDTF: 2024-06-30, 2024).")(
        function
    )
    return click.option("--from", "start", metavar="DATE", help="First day of the window (EDTF: 2024-06-01, 2024-06).")(
        function
    )


@click.command()
@click.option("--speaker", multiple=True, metavar="ACTOR_ID", help="Who spoke; repeat for any of several.")
@click.option("--subject", multiple=True, metavar="ACTOR_ID", help="Whom the statement is about.")
@click.option("--on-behalf-of", "on_behalf_of", multiple=True, metavar="ACTOR_ID", help="For whom the speaker spoke.")
@click.option("--stance", multiple=True, type=_choices(Stance), help="The stance toward the subject.")
@click.option("--topic", multiple=True, type=_choices(StanceTopic), help="What the stance is about.")
@click.option("--verification", multiple=True, type=_choices(Verification), help="How far sources bear it out.")
@click.option("--contains", metavar="TEXT", help="Text in the quote or its English rendering (any case).")
@_window_options
@format_option(*_LIST_FORMATS)
@_package_option
def statements(  # noqa: PLR0913  (one option per filter)
    *,
    speaker: tuple[str, ...],
    subject: tuple[str, ...],
    on_behalf_of: tuple[str, ...],
    stance: tuple[str, ...],
    topic: tuple[str, ...],
    verification: tuple[str, ...],
    contains: str | None,
    start: str | None,
    end: str | None,
    within: bool,
    output_format: str,
    package: Path | None,
) -> None:
    """List statements matching every filter given, in date order.

    Actors are given by identifier or by a name that names one actor.
    """
    dataset = _load(package)
    try:
        found = dataset.find_statements(
            speaker=[_actor(dataset, value).actor_id for value in speaker] or None,
            subject=[_actor(dataset, value).actor_id for value in subject] or None,
            on_behalf_of=[_actor(dataset, value).actor_id for value in on_behalf_of] or None,
            stance=stance or None,
            topic=topic or None,
            verification=verification or None,
            contains=contains,
            start=start,
            end=end,
            date_rule="within" if within else "overlaps",
        )
    except ValueError as error:
        _fail(str(error))

    def text(statement: Statement) -> str:
        speaker_name = _name(dataset, statement.speaker_id)
        about = _name(dataset, statement.subject_id)
        words = statement.quote_en or statement.quote
        return (
            f"{statement.date}  {speaker_name} on {about}: {statement.stance.value} ({statement.stance_topic.value})"
            f"  [{statement.statement_id}]\n    “{words}”"
        )

    _records_out(Statement, found, output_format, text)


@click.command()
@click.option("--type", "event_type", multiple=True, type=_choices(EventType), help="The kind of event.")
@click.option("--participant", multiple=True, metavar="ACTOR_ID", help="An actor who took part.")
@click.option("--role", "participant_role", multiple=True, type=_choices(ParticipantRole), help="The part played.")
@click.option("--status", "event_status", multiple=True, type=_choices(EventStatus), help="Whether it took place.")
@click.option("--country", multiple=True, metavar="CC", help="Where it took place (ISO 3166-1 alpha-2).")
@_window_options
@format_option(*_LIST_FORMATS)
@_package_option
def events(  # noqa: PLR0913  (one option per filter)
    *,
    event_type: tuple[str, ...],
    participant: tuple[str, ...],
    participant_role: tuple[str, ...],
    event_status: tuple[str, ...],
    country: tuple[str, ...],
    start: str | None,
    end: str | None,
    within: bool,
    output_format: str,
    package: Path | None,
) -> None:
    """List events matching every filter given, in date order."""
    dataset = _load(package)
    try:
        found = dataset.find_events(
            event_type=event_type or None,
            participant=[_actor(dataset, value).actor_id for value in participant] or None,
            participant_role=participant_role or None,
            status=event_status or None,
            country=_codes(country) or None,
            start=start,
            end=end,
            date_rule="within" if within else "overlaps",
        )
    except ValueError as error:
        _fail(str(error))

    def text(event: Event) -> str:
        place = ", ".join(part for part in (event.place, event.country) if part)
        where = f" — {place}" if place else ""
        return f"{event.date}  {event.event_type.value}: {event.title}{where}  [{event.event_id}]"

    _records_out(Event, found, output_format, text)


# --- export ----------------------------------------------------------------------------------------


@click.command("export")
@click.option("--format", "output_format", type=click.Choice(FORMATS), required=True, help="The export format.")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    required=True,
    metavar="PATH",
    help="The file (json, sqlite) or folder (jsonl, csv, parquet) to write.",
)
@click.option("--force", is_flag=True, help="Replace PATH if it exists (a folder only if it holds an earlier export).")
@_package_option
def export_command(output_format: str, out: Path, force: bool, package: Path | None) -> None:
    """Export every table to JSON, JSON Lines, CSV, Parquet or SQLite.

    Each EDTF date column gets two real date columns beside it (X_lower, X_upper). The SQLite database
    declares its primary and foreign keys and has views for browsing (current_status, status_timeline,
    designations_named, statements_named, event_participants_named, citations_named). CSV cells that a
    spreadsheet would run as a formula get a leading apostrophe.
    """
    dataset = _load(package)
    try:
        written = export(dataset, out, output_format, overwrite=force)
    except (FileExistsError, FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        _fail(str(error))
    except ImportError as error:
        _fail(str(error))
    except OSError as error:
        click.echo(f"error: cannot write {out}: {error.strerror or error}", err=True)
        sys.exit(ExitCode.USAGE)
    click.echo(f"wrote {output_format} export of proscribed data {dataset.version} to {written}")
