"""Load the data package into typed records, and navigate between them."""

from __future__ import annotations

import datetime
import functools
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from pydantic import ValidationError

from .._io._csvio import UNREADABLE, read_rows
from .._io._guard import DescriptorError, line_of, read_descriptor, resource_path_problem, value_lines
from .._io._paths import package_root, shipped_root
from .._schema import _messages as messages
from .._schema._actcheck import act_row, history_act
from .._schema._descriptor import DESCRIPTOR_NAME
from .._schema._history import HistoryAct
from .._schema._integrity import LoadedRow, check_integrity
from .._schema._messages import suggest_identifiers
from .._schema._models import (
    Actor,
    Alias,
    Citation,
    Designation,
    DesignationList,
    Event,
    EventParticipant,
    Instrument,
    ListCount,
    Role,
    Source,
    Statement,
)
from .._schema._models._base import Record, parsed_date
from .._schema._problems import DataError, Finding, UnknownRecordError
from .._schema._shown import shown
from .._schema._tables import TABLES, Table
from .._schema._types import cached_edtf, citable_table, text_problem, value_error_code
from .._schema._vocab import Measure
from ._evidence import EvidenceGroups, group_evidence
from ._lists import Comparison, ListedResult, SizeChange, compare, list_sizes, listed
from ._names import ActorMatch, search_actors
from ._query import EventFilters, StatementFilters, find_events, find_statements
from ._status import StatusResult, Timeline, date_disputed, status, status_all, timeline

if TYPE_CHECKING:
    import pandas
    import polars

__all__ = ["Dataset", "load"]

_R = TypeVar("_R", bound=Record)


@dataclass(frozen=True)
class Dataset:
    """The whole dataset as typed, validated, immutable records.

    Tables are tuples of records in file order. Look records up by identifier with :meth:`get` or
    the typed accessors (:meth:`actor`, :meth:`source`, …), and follow links with
    :meth:`citations_of`, :meth:`sources_of`, :meth:`designations_of` and the like.
    """

    version: str
    """The data version: the ``version`` of the package descriptor."""
    root: Path
    """The folder holding ``datapackage.json``."""
    actors: tuple[Actor, ...]
    """People, organisations and states."""
    aliases: tuple[Alias, ...]
    """Other names of actors, with their languages."""
    roles: tuple[Role, ...]
    """Posts held by people, over a period."""
    sources: tuple[Source, ...]
    """The documents that records cite."""
    lists: tuple[DesignationList, ...]
    """Designation lists and programmes, each kept under a law by an authority."""
    instruments: tuple[Instrument, ...]
    """The orders, notices, decisions and regulations that make acts, each recorded once."""
    list_counts: tuple[ListCount, ...]
    """Published counts of the organisations on a list on a date."""
    events: tuple[Event, ...]
    """Meetings, forums, legal steps, attacks and other events."""
    event_participants: tuple[EventParticipant, ...]
    """Who took part in each event, and in what part."""
    statements: tuple[Statement, ...]
    """Public statements, quoted as their sources print them."""
    designations: tuple[Designation, ...]
    """Legal acts on designations: one record per act."""
    citations: tuple[Citation, ...]
    """The sources each record cites, with the passage that bears on it."""
    _by_id: dict[str, Record] = field(init=False, repr=False, compare=False)
    _citations_by_record: dict[str, tuple[Citation, ...]] = field(init=False, repr=False, compare=False)
    _designations_by_actor: dict[str, tuple[Designation, ...]] = field(init=False, repr=False, compare=False)
    _history_acts: dict[str, HistoryAct] = field(init=False, repr=False, compare=False)
    _sources_by_id: dict[str, Source] = field(init=False, repr=False, compare=False)
    _actors_by_id: dict[str, Actor] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Record] = {}
        for table in TABLES:
            if len(table.primary_key) == 1:
                for record in self.table(table.name):
                    by_id[str(getattr(record, table.primary_key[0]))] = record
        citations: dict[str, list[Citation]] = defaultdict(list)
        for citation in self.citations:
            citations[citation.record_id].append(citation)
        acts: dict[str, list[Designation]] = defaultdict(list)
        for act in self.designations:
            acts[act.actor_id].append(act)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_citations_by_record", {key: tuple(value) for key, value in citations.items()})
        object.__setattr__(self, "_history_acts", {})
        object.__setattr__(self, "_sources_by_id", {source.source_id: source for source in self.sources})
        object.__setattr__(self, "_actors_by_id", {actor.actor_id: actor for actor in self.actors})

        def effect_order(act: Designation) -> tuple[str, datetime.date, str]:
            when = self.instrument(act.instrument_id).takes_effect
            return act.jurisdiction, when.lower or _EARLIEST, act.designation_id

        object.__setattr__(
            self,
            "_designations_by_actor",
            {key: tuple(sorted(value, key=effect_order)) for key, value in acts.items()},
        )

    def table(self, name: str) -> tuple[Record, ...]:
        """The records of the table called *name* (``"actors"``, ``"statements"``, …)."""
        if name not in {table.name for table in TABLES}:
            raise KeyError(f"no table called {name!r}; tables are {', '.join(t.name for t in TABLES)}")
        records: tuple[Record, ...] = getattr(self, name)
        return records

    def counts(self) -> dict[str, int]:
        """The number of records in each table, in registry order."""
        return {table.name: len(self.table(table.name)) for table in TABLES}

    def get(self, record_id: str) -> Record:
        """The record with identifier *record_id*, from whichever table holds it.

        Raises :class:`UnknownRecordError` (a :class:`KeyError`) with identifiers close to it.
        """
        try:
            return self._by_id[record_id]
        except KeyError:
            suggestions = tuple(suggest_identifiers(record_id, self._by_id))
            raise UnknownRecordError(f"no record with identifier {record_id!r}", record_id, suggestions) from None

    def _typed(self, record_id: str, kind: type[_R]) -> _R:
        record = self._by_id.get(record_id)
        if not isinstance(record, kind):
            of_kind = [key for key, value in self._by_id.items() if isinstance(value, kind)]
            suggestions = tuple(suggest_identifiers(record_id, of_kind))
            what = "no" if record is None else f"{record_id!r} is a {type(record).__name__}, not a"
            message = (
                f"{what} {kind.__name__} with identifier {record_id!r}" if record is None else f"{what} {kind.__name__}"
            )
            raise UnknownRecordError(message, record_id, suggestions)
        return record

    def actor(self, actor_id: str) -> Actor:
        """The actor with this identifier."""
        return self._typed(actor_id, Actor)

    def role(self, role_id: str) -> Role:
        """The role with this identifier."""
        return self._typed(role_id, Role)

    def source(self, source_id: str) -> Source:
        """The source with this identifier."""
        return self._typed(source_id, Source)

    def event(self, event_id: str) -> Event:
        """The event with this identifier."""
        return self._typed(event_id, Event)

    def statement(self, statement_id: str) -> Statement:
        """The statement with this identifier."""
        return self._typed(statement_id, Statement)

    def designation(self, designation_id: str) -> Designation:
        """The designation act with this identifier."""
        return self._typed(designation_id, Designation)

    def designation_list(self, list_id: str) -> DesignationList:
        """The list with this identifier (``gb-proscribed``, ``us-fto``, …)."""
        return self._typed(list_id, DesignationList)

    def instrument(self, instrument_id: str) -> Instrument:
        """The instrument with this identifier."""
        return self._typed(instrument_id, Instrument)

    def instrument_of(self, act: Designation) -> Instrument:
        """The instrument that made an act."""
        return self.instrument(act.instrument_id)

    def lists_of(self, jurisdiction: str) -> tuple[DesignationList, ...]:
        """The lists kept in a jurisdiction, in file order."""
        code = jurisdiction.strip().upper()
        return tuple(record for record in self.lists if record.jurisdiction == code)

    def counts_of(self, list_id: str) -> tuple[ListCount, ...]:
        """The published counts of a list, in date order."""
        found = [count for count in self.list_counts if count.list_id == list_id]
        return tuple(sorted(found, key=lambda count: (cached_edtf(count.date).lower or _EARLIEST, count.count_id)))

    def acts_of_instrument(self, instrument_id: str) -> tuple[Designation, ...]:
        """The acts an instrument made, in file order."""
        return tuple(act for act in self.designations if act.instrument_id == instrument_id)

    def evidence_of(self, record: Designation | str) -> EvidenceGroups:
        """The sources a record cites, supporting apart from contradicting, each group strongest first.

        For an act (a designation, or its identifier) the sources its instrument cites count too.
        """
        record_id = record.designation_id if isinstance(record, Designation) else record
        target = self.get(record_id)
        record_ids = [record_id]
        if isinstance(target, Designation):
            record_ids.append(target.instrument_id)
        citations = [citation for key in record_ids for citation in self.citations_of(key)]
        return group_evidence(citations, self._sources_by_id, self._actors_by_id)

    def _history_act(self, act: Designation) -> HistoryAct:
        """What the status state machine needs of an act: its instrument's dates, its list's end, its dispute."""
        known = self._history_acts.get(act.designation_id)
        if known is not None:
            return known
        instrument = self.instrument(act.instrument_id)
        disputed = date_disputed(
            act, self.citations_of(act.designation_id), instrument, self.citations_of(instrument.instrument_id)
        )
        made = history_act(
            act_row(-1, act),
            instrument.takes_effect,
            list_end=parsed_date(self.designation_list(act.list_id).ended),
            recorded=instrument.recorded_dates,
            disputed=disputed,
            listed_name=act.listed_name,
        )
        self._history_acts[act.designation_id] = made
        return made

    def citations_of(self, record_id: str) -> tuple[Citation, ...]:
        """The citations of a record, in file order."""
        return self._citations_by_record.get(record_id, ())

    def sources_of(self, record_id: str) -> tuple[Source, ...]:
        """The sources a record cites, in the order of its citations."""
        return tuple(self.source(citation.source_id) for citation in self.citations_of(record_id))

    def aliases_of(self, actor_id: str) -> tuple[Alias, ...]:
        """Other names of an actor."""
        return tuple(alias for alias in self.aliases if alias.actor_id == actor_id)

    def find_actors(self, name: str) -> tuple[Actor, ...]:
        """Actors one of whose names is *name*, ignoring case, accents, punctuation and script."""
        return tuple(match.actor for match in self.search_actors(name, limit=None) if match.how in _EXACT)

    def search_actors(self, query: str, *, limit: int | None = 10) -> tuple[ActorMatch, ...]:
        """Actors whose identifier, name, original name or alias matches *query*, best match first.

        The match ignores case, accents and punctuation, reads Cyrillic as Latin, and finds common
        spellings of one name (``Hizballah``, ``Hezbollah``, ``Hizbullah``); see :class:`ActorMatch`.
        """
        return search_actors(self.actors, self.aliases, query, limit=limit)

    def resolve_actor(self, wanted: str) -> Actor:
        """The actor with identifier *wanted*, or the one actor that *wanted* names exactly.

        Raises :class:`UnknownRecordError` with suggestions when nothing, or several actors, match.
        """
        record = self._by_id.get(wanted)
        if isinstance(record, Actor):
            return record
        matches = self.search_actors(wanted, limit=5)
        exact = [match for match in matches if match.how in _EXACT]
        if len(exact) == 1:
            return exact[0].actor
        if exact:
            names = tuple(match.actor.actor_id for match in exact)
            raise UnknownRecordError(f"{wanted!r} names several actors: give one identifier", wanted, names)
        suggestions = tuple(match.actor.actor_id for match in matches[:3])
        raise UnknownRecordError(f"no actor {wanted!r}", wanted, suggestions)

    def participants_of(self, event_id: str) -> tuple[EventParticipant, ...]:
        """Who took part in an event, and in what part."""
        return tuple(row for row in self.event_participants if row.event_id == event_id)

    def roles_of(self, person_id: str) -> tuple[Role, ...]:
        """The posts a person is recorded as holding."""
        return tuple(role for role in self.roles if role.person_id == person_id)

    def statements_by(self, speaker_id: str) -> tuple[Statement, ...]:
        """Statements made by an actor, in date order."""
        return _by_date(statement for statement in self.statements if statement.speaker_id == speaker_id)

    def statements_about(self, subject_id: str) -> tuple[Statement, ...]:
        """Statements whose subject is an actor, in date order."""
        return _by_date(statement for statement in self.statements if statement.subject_id == subject_id)

    def designations_of(
        self, actor_id: str, jurisdiction: str | None = None, list_id: str | None = None
    ) -> tuple[Designation, ...]:
        """The legal acts on an actor, optionally in one jurisdiction or on one list, in the order they took effect."""
        acts = self._designations_by_actor.get(actor_id, ())
        if jurisdiction is not None:
            acts = tuple(act for act in acts if act.jurisdiction == jurisdiction)
        if list_id is not None:
            acts = tuple(act for act in acts if act.list_id == list_id)
        return acts

    def status(
        self,
        actor_id: str,
        jurisdiction: str,
        on: datetime.date | str | None = None,
        list: str | None = None,  # noqa: A002  (the word of the command line's --list)
    ) -> StatusResult:
        """The designation status of an actor in a jurisdiction on a day (by default, today).

        *on* is a :class:`datetime.date` or an ISO ``YYYY-MM-DD`` string. With *list* (a list identifier such
        as ``us-fto``), only the acts on that list count; without it, the jurisdiction's lists are combined.
        The result says listed, suspended, delisted, not listed or unknown, with the act that set the status,
        its list and instrument, its sources, and whether the precision of the dates on record makes the
        answer uncertain. Raises :class:`KeyError` for an actor or list not in the dataset and
        :class:`ValueError` for a code that is not a jurisdiction, a list of another jurisdiction, or a
        malformed day.
        """
        return status(self, actor_id, jurisdiction, on, list)

    def status_all(self, actor_id: str, on: datetime.date | str | None = None) -> tuple[StatusResult, ...]:
        """The status of an actor on a day in every jurisdiction where an act on it is on record, by code."""
        return status_all(self, actor_id, on)

    def timeline(self, actor_id: str) -> Timeline:
        """The acts on an actor and the status periods they make, in every jurisdiction on record."""
        return timeline(self, actor_id)

    def listed(
        self,
        jurisdiction: str,
        on: datetime.date | str | None = None,
        *,
        list: str | None = None,  # noqa: A002  (the word of the command line's --list)
        measure: Measure | str | None = None,
        include_suspended: bool = False,
    ) -> ListedResult:
        """The organisations listed in a jurisdiction on a day (by default, today).

        With *list* (``gb-proscribed``), only that list counts; with *measure* (``terrorist``), only the
        jurisdiction's lists of that measure; otherwise all its lists. Each entry names the act that put the
        organisation on the list, its instrument, the name the list gives it, and whether the precision of
        the dates makes the answer uncertain. Suspended listings are left out unless *include_suspended*.
        """
        return listed(self, jurisdiction, on, list_id=list, measure=measure, include_suspended=include_suspended)

    def list_sizes(
        self,
        jurisdiction: str,
        *,
        list: str | None = None,  # noqa: A002  (the word of the command line's --list)
        measure: Measure | str | None = None,
    ) -> tuple[SizeChange, ...]:
        """How many organisations were listed in a jurisdiction (or on one list), on each day the number changed."""
        return list_sizes(self, jurisdiction, list_id=list, measure=measure)

    def compare(
        self,
        on: datetime.date | str | None = None,
        *,
        actors: Sequence[str] | None = None,
        jurisdictions: Sequence[str] | None = None,
        measure: Measure | str | None = None,
    ) -> Comparison:
        """Which jurisdictions list which organisations on a day: a matrix of statuses.

        By default every organisation with an act on record and every jurisdiction with a list;
        :meth:`Comparison.to_pandas` gives it as a DataFrame.
        """
        return compare(self, on, actors=actors, jurisdictions=jurisdictions, measure=measure)

    def find_statements(self, **filters: Unpack[StatementFilters]) -> tuple[Statement, ...]:
        """Statements matching every filter given, in date order.

        *speaker*, *subject* and *on_behalf_of* take actor identifiers; *stance*, *topic* and *verification*
        take vocabulary terms; each takes one value or several. *start* and *end* bound a window of days
        (a date, or an EDTF value such as ``2024-06``); with *date_rule* ``"overlaps"`` a statement matches
        when its possible days meet the window, with ``"within"`` when they all lie inside it. *contains*
        matches text in the quote or its English rendering, ignoring case. See
        :class:`~proscribed.StatementFilters`.
        """
        return find_statements(self, **filters)

    def find_events(self, **filters: Unpack[EventFilters]) -> tuple[Event, ...]:
        """Events matching every filter given, in date order.

        *event_type*, *participant_role* and *status* take vocabulary terms, *participant* actor
        identifiers, *country* ISO codes; the window and *date_rule* work as in :meth:`find_statements`.
        See :class:`~proscribed.EventFilters`.
        """
        return find_events(self, **filters)

    def export(self, path: str | os.PathLike[str], format: str, *, overwrite: bool = False) -> Path:  # noqa: A002  (the word users know)
        """Write every table to *path* as ``json``, ``jsonl``, ``csv``, ``parquet`` or ``sqlite``.

        ``json`` and ``sqlite`` write one file; the others a folder with one file per table and an
        ``export.json`` listing tables and keys. Each EDTF column ``X`` gets real date columns ``X_lower``
        and ``X_upper`` beside it. CSV cells a spreadsheet would run as formulas get a leading apostrophe.
        The write is atomic; an existing *path* is replaced only with *overwrite*.
        """
        from ._export import export  # noqa: PLC0415  (exports are imported when used)

        return export(self, path, format, overwrite=overwrite)

    def to_arrow(self, table: str) -> Any:  # noqa: ANN401  (a pyarrow.Table; pyarrow ships no types)
        """A table as a :class:`pyarrow.Table`: dates as ``date32``, date bounds beside each EDTF column."""
        from ._export import to_arrow  # noqa: PLC0415  (exports are imported when used)

        return to_arrow(self, table)

    def to_pandas(self, table: str) -> pandas.DataFrame:
        """A table as a pandas DataFrame, with the columns of :meth:`to_arrow` (needs ``proscribed[pandas]``)."""
        from ._export import to_pandas  # noqa: PLC0415  (exports are imported when used)

        return to_pandas(self, table)

    def to_polars(self, table: str) -> polars.DataFrame:
        """A table as a polars DataFrame, with the columns of :meth:`to_arrow` (needs ``proscribed[polars]``)."""
        from ._export import to_polars  # noqa: PLC0415  (exports are imported when used)

        return to_polars(self, table)


_EARLIEST = datetime.date.min
_EXACT = frozenset({"identifier", "exact"})


def _by_date(statements: Iterable[Statement]) -> tuple[Statement, ...]:
    return tuple(sorted(statements, key=lambda statement: statement.when.lower or _EARLIEST))


def _problems_from(error: ValidationError, table: Table, line: int) -> list[Finding]:
    """The problems of a row the models refuse, in validation's words: a cell as ``validate`` judges it."""
    from .._validate._run import cell_verdict  # noqa: PLC0415  (only when a row is refused)

    problems = []
    for detail in error.errors(include_url=False):
        location = detail["loc"]
        column = str(location[0]) if location else None
        message = detail["msg"].removeprefix("Value error, ")
        if column is None:
            named = messages.field_named(message, tuple(table.model.model_fields))
            problems.append(Finding("record-rule", table.path, message, line=line, field=named))
            continue
        raw = detail.get("input")
        verdict = cell_verdict(table, column, raw) if isinstance(raw, str) and raw else None
        code, message = verdict or (value_error_code(detail["type"], column, raw), message)
        if code == "required":
            message = messages.required(column)
        problems.append(Finding(code, table.path, message, line=line, field=column))
    return problems


@dataclass(frozen=True)
class RecordsRead:
    """What reading a package gave: valid rows, the keys of invalid rows, and the problems found.

    ``unreadable`` names the tables whose rows are not all known (a missing file, a wrong header, broken
    CSV): references into them are not checked, since every one would be reported as dangling.
    """

    rows: dict[str, list[LoadedRow]]
    invalid_keys: dict[str, set[tuple[object, ...]]]
    problems: list[Finding]
    unreadable: frozenset[str] = frozenset()
    refused: dict[str, list[LoadedRow]] = field(default_factory=dict)
    """Rows the models refused, built unvalidated from their cells that were not refused."""


def read_records(root: Path) -> RecordsRead:
    """Read and validate every table under *root*.

    The primary keys of rows that fail validation are kept, so that references to them are not
    reported a second time as dangling.
    """
    problems: list[Finding] = []
    rows: dict[str, list[LoadedRow]] = {}
    invalid_keys: dict[str, set[tuple[object, ...]]] = {}
    refused: dict[str, list[LoadedRow]] = {}
    unreadable: set[str] = set()
    for table in TABLES:
        refused[table.name] = []
        loaded: list[LoadedRow] = []
        invalid: set[tuple[object, ...]] = set()
        found: list[Finding] = []
        for row in read_rows(root, table, found):
            key = tuple(row.cells[name] for name in table.primary_key)
            if row.broken:
                invalid.add(key)
                continue
            cells = {name: value for name, value in row.cells.items() if value is not None}
            try:
                loaded.append((row.line, table.model.model_validate(cells)))
            except ValidationError as error:
                found.extend(_problems_from(error, table, row.line))
                invalid.add(key)
                bad = {str(detail["loc"][0]) for detail in error.errors(include_url=False) if detail["loc"]}
                kept = {name: value for name, value in cells.items() if name not in bad}
                refused[table.name].append((row.line, table.model.model_construct(None, **kept)))
        if any(problem.code in UNREADABLE for problem in found):
            unreadable.add(table.name)
        problems.extend(found)
        rows[table.name] = loaded
        invalid_keys[table.name] = invalid
    return RecordsRead(rows, invalid_keys, problems, frozenset(unreadable), refused)


_NEED_CITATIONS = frozenset({"uncited", "quote-source-uncited", "quote-not-in-excerpt"})


def _follows_from_unreadable(problem: Finding, read: RecordsRead) -> bool:
    """True for a reference problem that only says a table could not be read, again."""
    if not read.unreadable:
        return False
    if problem.code in _NEED_CITATIONS:
        return "citations" in read.unreadable
    table = next(table for table in TABLES if table.path == problem.file)
    if problem.code == "foreign-key":
        return any(key.field == problem.field and key.table in read.unreadable for key in table.foreign_keys)
    if problem.code == "citation-target":
        cited = next((record for line, record in read.rows[table.name] if line == problem.line), None)
        record_id = getattr(cited, "record_id", "")
        return citable_table(record_id) in read.unreadable
    return False


def _descriptor_problem(
    message: str, line: int | None = None, field: str | None = None, code: str = "descriptor-drift"
) -> DataError:
    return DataError([Finding(code, DESCRIPTOR_NAME, message, line=line, field=field)])


def shipped_version() -> str:
    """The version of the data shipped with the package, read from its descriptor alone."""
    return _read_version(shipped_root())


def _read_version(root: Path) -> str:
    """The descriptor's version, once the descriptor is known to point only at the package's own files."""
    try:
        descriptor_and_text = read_descriptor(root / DESCRIPTOR_NAME)
    except DescriptorError as error:
        raise _descriptor_problem(error.message, error.line, code="descriptor-unreadable") from None
    except OSError as error:
        message = f"cannot read {DESCRIPTOR_NAME}: {error.strerror or error}"
        raise _descriptor_problem(message, code="descriptor-unreadable") from None
    descriptor, text = descriptor_and_text
    version = descriptor.get("version")
    if not isinstance(version, str) or not version or len(version) > 100 or text_problem(version) is not None:
        message = f"the version is {shown(version)}; it must be a short line of clean text, e.g. 0.3.0"
        raise _descriptor_problem(message, line_of(("version",), value_lines(text)), field="version")
    problems = _resource_problems(descriptor.get("resources"), text)
    if problems:
        raise DataError(problems)
    return version


def _resource_problems(resources: object, text: str) -> list[Finding]:
    """Resource paths that lead anywhere but to the table files proscribed reads (*text*: the descriptor's)."""
    if not isinstance(resources, list):
        return []
    expected = {table.name: table.path for table in TABLES}
    problems = []
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict) or "path" not in resource:
            continue
        path = resource["path"]
        where = f"resources[{index}].path"
        problem = resource_path_problem(path)
        if problem is None and resource.get("name") in expected and path != expected[resource["name"]]:
            problem = f"differs from {expected[resource['name']]}, the file proscribed reads for this table"
        if problem is not None:
            message = f"{shown(path)} {problem}; run `proscribed descriptor --write`"
            line = line_of(("resources", index, "path"), value_lines(text))
            problems.append(Finding("descriptor-drift", DESCRIPTOR_NAME, message, line=line, field=where))
    return problems


def _build(root: Path) -> Dataset:
    version = _read_version(root)
    read = read_records(root)
    integrity = check_integrity(read.rows, known_invalid=read.invalid_keys, refused=read.refused)
    problems = [*read.problems, *(problem for problem in integrity if not _follows_from_unreadable(problem, read))]
    if problems:
        raise DataError(problems)
    rows = read.rows
    return Dataset(
        version=version,
        root=root,
        actors=_records(rows, "actors", Actor),
        aliases=_records(rows, "aliases", Alias),
        roles=_records(rows, "roles", Role),
        sources=_records(rows, "sources", Source),
        lists=_records(rows, "lists", DesignationList),
        instruments=_records(rows, "instruments", Instrument),
        list_counts=_records(rows, "list_counts", ListCount),
        events=_records(rows, "events", Event),
        event_participants=_records(rows, "event_participants", EventParticipant),
        statements=_records(rows, "statements", Statement),
        designations=_records(rows, "designations", Designation),
        citations=_records(rows, "citations", Citation),
    )


def _records(rows: Mapping[str, Sequence[LoadedRow]], name: str, kind: type[_R]) -> tuple[_R, ...]:
    return tuple(record for _, record in rows[name] if isinstance(record, kind))


@functools.cache
def _load_shipped() -> Dataset:
    return _build(shipped_root())


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the dataset: the copy shipped with the package, or the package at *path*.

    *path* names a ``datapackage.json`` or the folder holding it, e.g. a contributor's working copy.
    The shipped dataset is read once per process and then served from memory.

    Raises :class:`DataError` listing every problem (file, line, column) when the data is invalid.
    """
    if path is None:
        return _load_shipped()
    return _build(package_root(path))
