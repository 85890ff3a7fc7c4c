"""Questions over whole lists: who was listed on a day, how many over time, and who lists whom.

Each answer follows from the same chains of acts as :func:`proscribed.Dataset.status`: an organisation is
on a jurisdiction's list on a day when its status there (on that list, or on any of the jurisdiction's
lists) is *listed*, by the rules in :mod:`proscribed._data._status`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._schema._edtf import ParsedDate
from .._schema._history import Chain
from .._schema._models import Actor, Designation, Instrument
from .._schema._vocab import Measure, Scope
from ._status import Status, StatusPeriod, as_day, chains_of, check_jurisdiction, check_list, periods_of, result_of

if TYPE_CHECKING:
    import pandas

    from ._dataset import Dataset

__all__ = [
    "Comparison",
    "ComparisonRow",
    "ListedEntry",
    "ListedResult",
    "SizeChange",
    "compare",
    "list_sizes",
    "listed",
]


@dataclass(frozen=True, slots=True)
class ListedEntry:
    """One organisation on a list on a day, with the act that put it there."""

    actor: Actor
    name: str
    """The entry as the list names it on that day (the latest listed name on record), else the actor's name."""
    status: Status
    since: ParsedDate | None
    list_id: str
    """The list of the act that set the status."""
    act: Designation
    instrument: Instrument
    uncertain: bool
    scope: Scope
    lists: tuple[str, ...]
    """Every list of the jurisdiction on which the actor has that status on that day."""
    entries: int = 1
    """How many entries of the lists name the actor with that status: usually one, more where a list names
    an organisation twice (two names added by one order, a branch beside the whole)."""

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready values (one item of ``results`` of ``proscribed listed --format json``)."""
        return {
            "entries": self.entries,
            "actor": self.actor.actor_id,
            "actor_name": self.actor.name,
            "name": self.name,
            "status": self.status.value,
            "since": None if self.since is None else self.since.text,
            "list": self.list_id,
            "act": self.act.designation_id,
            "instrument": self.instrument.instrument_id,
            "uncertain": self.uncertain,
            "scope": self.scope.value,
            "lists": list(self.lists),
        }


@dataclass(frozen=True, slots=True)
class ListedResult:
    """The organisations listed in a jurisdiction (or on one list) on a day."""

    jurisdiction: str
    on: datetime.date
    list_id: str | None
    measure: Measure | None
    entries: tuple[ListedEntry, ...]
    """In the order of their names."""
    possibly: tuple[ListedEntry, ...] = ()
    """Organisations not counted as listed on that day that may have been: their status is uncertain (an
    imprecise or disputed date), and another reading of the dates would list them. In the order of their names."""

    @property
    def count(self) -> int:
        """How many organisations are listed."""
        return len(self.entries)

    @property
    def entry_count(self) -> int:
        """How many entries of the lists are listed: official counts of a list count these."""
        return sum(entry.entries for entry in self.entries)

    @property
    def uncertain(self) -> int:
        """How many of the entries are uncertain on that day (an imprecise or disputed date)."""
        return sum(entry.uncertain for entry in self.entries)

    def __iter__(self) -> Iterator[ListedEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def to_dict(self) -> dict[str, Any]:
        """The result as the JSON document of ``proscribed listed --format json``."""
        return {
            "jurisdiction": self.jurisdiction,
            "on": self.on.isoformat(),
            "list": self.list_id,
            "measure": None if self.measure is None else self.measure.value,
            "count": self.count,
            "entries": self.entry_count,
            "uncertain": self.uncertain,
            "results": [entry.to_dict() for entry in self.entries],
            "possibly": [entry.to_dict() for entry in self.possibly],
        }


def _acts_by_actor(
    dataset: Dataset, jurisdiction: str, list_id: str | None, measure: Measure | None
) -> dict[str, list[Designation]]:
    wanted = {
        record.list_id
        for record in dataset.lists_of(jurisdiction)
        if (list_id is None or record.list_id == list_id) and (measure is None or record.measure is measure)
    }
    by_actor: dict[str, list[Designation]] = {}
    for act in dataset.designations:
        if act.list_id in wanted:
            by_actor.setdefault(act.actor_id, []).append(act)
    return by_actor


def _measure(measure: Measure | str | None) -> Measure | None:
    if measure is None or isinstance(measure, Measure):
        return measure
    for term in Measure:
        if term.value == measure:
            return term
    raise ValueError(f"unknown measure {measure!r}: use one of {', '.join(term.value for term in Measure)}")


def _scope(dataset: Dataset, jurisdiction: str, list_id: str | None) -> tuple[str, str | None]:
    code = check_jurisdiction(jurisdiction)
    if list_id is not None:
        check_list(dataset, list_id, code)
    return code, list_id


def _name_on(dataset: Dataset, acts: Sequence[Designation], day: datetime.date) -> str | None:
    """The latest listed name among *acts* that had taken effect by *day*."""
    named = None
    latest = datetime.date.min
    for act in acts:
        first = dataset.instrument_of(act).takes_effect.lower or datetime.date.min
        if act.listed_name is not None and first <= day and first >= latest:
            named, latest = act.listed_name, first
    return named


def listed(  # noqa: PLR0913  (the question's filters, each a keyword)
    dataset: Dataset,
    jurisdiction: str,
    on: datetime.date | str | None = None,
    *,
    list_id: str | None = None,
    measure: Measure | str | None = None,
    include_suspended: bool = False,
) -> ListedResult:
    """The organisations listed in *jurisdiction* on *on* (on one list, or of one measure, if given).

    Only organisations whose status is *listed* are included; with *include_suspended*, also those whose
    listing is suspended. Measures on an organisation's associates never make it listed.
    """
    code, list_id = _scope(dataset, jurisdiction, list_id)
    chosen = _measure(measure)
    day = as_day(on)
    statuses = {Status.LISTED, Status.SUSPENDED} if include_suspended else {Status.LISTED}
    entries: list[ListedEntry] = []
    possibly: list[ListedEntry] = []
    for actor_id, acts in _acts_by_actor(dataset, code, list_id, chosen).items():
        result = result_of(dataset, actor_id, code, day, chains_of(dataset, acts))
        if result.status in statuses and result.act is not None:
            chosen_entries = entries
        elif result.uncertain and result.chains:
            chosen_entries = possibly
        else:
            continue
        deciding = result.act or result.chains[0].root
        holding = tuple(dict.fromkeys(chain.list_id for chain in result.chains if chain.status is result.status))
        chain_acts = [act for act in acts if act.list_id == deciding.list_id]
        actor = dataset.actor(actor_id)
        chosen_entries.append(
            ListedEntry(
                actor=actor,
                name=_name_on(dataset, chain_acts, day) or actor.name,
                status=result.status,
                since=result.since,
                list_id=deciding.list_id,
                act=deciding,
                instrument=dataset.instrument_of(deciding),
                uncertain=result.uncertain,
                scope=result.scope or Scope.ENTITY,
                lists=holding,
                entries=sum(chain.status is result.status for chain in result.chains),
            )
        )
    possibly.sort(key=lambda entry: (entry.name.casefold(), entry.actor.actor_id))
    entries.sort(key=lambda entry: (entry.name.casefold(), entry.actor.actor_id))
    return ListedResult(code, day, list_id, chosen, tuple(entries), tuple(possibly))


# --- counts over time ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SizeChange:
    """The number of organisations listed from one day on, and who came and went that day."""

    day: datetime.date
    count: int
    """How many organisations were listed from this day."""
    entries: int
    """How many entries of the lists were listed from this day (see :attr:`ListedResult.entry_count`)."""
    added: tuple[str, ...]
    """Actors listed from this day who were not the day before."""
    removed: tuple[str, ...]
    """Actors listed the day before who are not from this day."""
    uncertain: int
    """How many of the entries counted are uncertain on this day."""

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready values."""
        return {
            "day": self.day.isoformat(),
            "count": self.count,
            "entries": self.entries,
            "added": list(self.added),
            "removed": list(self.removed),
            "uncertain": self.uncertain,
        }


def _period_on(periods: Sequence[StatusPeriod], day: datetime.date) -> StatusPeriod:
    return next(period for period in periods if period.covers(day))


def list_sizes(
    dataset: Dataset,
    jurisdiction: str,
    *,
    list_id: str | None = None,
    measure: Measure | str | None = None,
) -> tuple[SizeChange, ...]:
    """How many organisations were listed in *jurisdiction* (or on one list) on each day the number changed.

    Each item holds from its day until the next item's day. Days on which only the certainty changed are
    included too, so that ``uncertain`` is right between them.
    """
    code, list_id = _scope(dataset, jurisdiction, list_id)
    chosen = _measure(measure)
    periods: dict[str, tuple[StatusPeriod, ...]] = {}
    entry_periods: list[tuple[StatusPeriod, ...]] = []
    for actor_id, acts in _acts_by_actor(dataset, code, list_id, chosen).items():
        chains = chains_of(dataset, acts)
        periods[actor_id] = periods_of(dataset, chains)
        entry_periods.extend(periods_of(dataset, [chain]) for chain in chains)
    days = sorted(
        {period.start for runs in (*periods.values(), *entry_periods) for period in runs if period.start is not None}
    )
    changes: list[SizeChange] = []
    before: set[str] = set()
    for day in days:
        listed_now = set()
        uncertain = 0
        for actor_id, runs in periods.items():
            period = _period_on(runs, day)
            if period.status is Status.LISTED:
                listed_now.add(actor_id)
                uncertain += period.uncertain
        entries = sum(_period_on(runs, day).status is Status.LISTED for runs in entry_periods)
        added, removed = tuple(sorted(listed_now - before)), tuple(sorted(before - listed_now))
        previous = changes[-1] if changes else None
        if (
            added
            or removed
            or (previous is not None and (previous.uncertain, previous.entries) != (uncertain, entries))
        ):
            changes.append(SizeChange(day, len(listed_now), entries, added, removed, uncertain))
        before = listed_now
    return tuple(changes)


# --- comparison across jurisdictions ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One organisation's status in each jurisdiction compared, on one day."""

    actor: Actor
    statuses: dict[str, Status]
    """By jurisdiction code; ``unknown`` where no act on the actor is on record there."""
    uncertain: frozenset[str]
    """The jurisdictions where the status is uncertain on that day."""

    @property
    def listed_in(self) -> tuple[str, ...]:
        """The jurisdictions that list the organisation."""
        return tuple(code for code, status in self.statuses.items() if status is Status.LISTED)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Organisations × jurisdictions on one day: who lists whom."""

    on: datetime.date
    jurisdictions: tuple[str, ...]
    measure: Measure | None
    rows: tuple[ComparisonRow, ...]

    def __iter__(self) -> Iterator[ComparisonRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_dict(self) -> dict[str, Any]:
        """The comparison as the JSON document of ``proscribed compare --format json``."""
        return {
            "on": self.on.isoformat(),
            "measure": None if self.measure is None else self.measure.value,
            "jurisdictions": list(self.jurisdictions),
            "results": [
                {
                    "actor": row.actor.actor_id,
                    "name": row.actor.name,
                    "listed_in": list(row.listed_in),
                    "statuses": {code: status.value for code, status in row.statuses.items()},
                    "uncertain": sorted(row.uncertain),
                }
                for row in self.rows
            ],
        }

    def table(self) -> list[dict[str, str]]:
        """One dict per organisation: ``actor``, ``name``, then one status per jurisdiction (rows of the CSV)."""
        return [
            {
                "actor": row.actor.actor_id,
                "name": row.actor.name,
                **{
                    code: row.statuses[code].value + ("?" if code in row.uncertain else "")
                    for code in self.jurisdictions
                },
            }
            for row in self.rows
        ]

    def to_pandas(self) -> pandas.DataFrame:
        """The matrix as a DataFrame indexed by actor identifier, one column per jurisdiction (needs pandas)."""
        try:
            import pandas as pd  # noqa: PLC0415  (an optional dependency)
        except ImportError as error:
            raise ImportError("to_pandas needs pandas: pip install 'proscribed[pandas]'") from error
        frame = pd.DataFrame(
            [{code: row.statuses[code].value for code in self.jurisdictions} for row in self.rows],
            index=pd.Index([row.actor.actor_id for row in self.rows], name="actor"),
            columns=list(self.jurisdictions),
        )
        frame.insert(0, "name", [row.actor.name for row in self.rows])
        return frame


def compare(
    dataset: Dataset,
    on: datetime.date | str | None = None,
    *,
    actors: Sequence[str] | None = None,
    jurisdictions: Sequence[str] | None = None,
    measure: Measure | str | None = None,
) -> Comparison:
    """The status of organisations in several jurisdictions on *on*.

    By default every actor with an act on record (other than on its associates) and every jurisdiction
    with a list; with *measure*, only lists of that measure count.
    """
    day = as_day(on)
    chosen = _measure(measure)
    lists = [record for record in dataset.lists if chosen is None or record.measure is chosen]
    codes = (
        tuple(dict.fromkeys(check_jurisdiction(code) for code in jurisdictions))
        if jurisdictions
        else tuple(sorted({record.jurisdiction for record in lists}))
    )
    counted = {record.list_id for record in lists if record.jurisdiction in codes}
    by_actor: dict[str, list[Designation]] = {}
    for act in dataset.designations:
        if act.list_id in counted:
            by_actor.setdefault(act.actor_id, []).append(act)
    if actors is None:
        chosen_actors = sorted(
            actor_id for actor_id, acts in by_actor.items() if any(act.scope is not Scope.ASSOCIATES for act in acts)
        )
    else:
        chosen_actors = [dataset.actor(actor_id).actor_id for actor_id in actors]
    rows = []
    for actor_id in chosen_actors:
        statuses: dict[str, Status] = {}
        uncertain = set()
        for code in codes:
            acts = [act for act in by_actor.get(actor_id, ()) if act.jurisdiction == code]
            chains: tuple[Chain, ...] = chains_of(dataset, acts)
            result = result_of(dataset, actor_id, code, day, chains)
            statuses[code] = result.status
            if result.uncertain:
                uncertain.add(code)
        rows.append(ComparisonRow(dataset.actor(actor_id), statuses, frozenset(uncertain)))
    rows.sort(key=lambda row: (-len(row.listed_in), row.actor.name.casefold()))
    return Comparison(day, codes, chosen, tuple(rows))
