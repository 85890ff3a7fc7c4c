"""An actor's designation status in a jurisdiction on a day, and its timeline, derived from the legal acts.

How the status is derived
-------------------------
Acts form *chains*: each act that is not a ``list`` act names, in ``related_designation_id``, the act it
changes, so every act leads back to a root (normally a ``list`` act). Within a chain the acts take effect
in order of their effective dates (:attr:`~proscribed.Designation.takes_effect`) and move the chain
between states:

* ``list`` makes the chain *listed*; ``reinstate`` and ``renew`` make it listed again (``renew`` leaves a
  suspended chain suspended, with the new term);
* ``suspend`` makes it *suspended*, unless it was already delisted;
* ``delist`` makes it *delisted*;
* ``amend`` leaves the status as it is;
* an ``end_date`` on a ``list`` or ``renew`` act is the day that term lapses: from that day the chain is
  delisted, unless a ``renew`` taking effect by that day gave it a new term. An ``end_date`` on a
  ``suspend`` act is the day the suspension lapses: from that day the chain is listed again. ``end_date``
  on other acts is ignored.

An act has no effect before the act it changes has taken effect (a suspension cannot precede the listing
it suspends). Acts taking effect on the same day apply in chain order, and before any term lapsing that day.

A chain takes the scope of its latest act in effect. Chains whose scope is ``associates`` (measures on
individuals and entities linked to the actor, not on the actor itself) never make the actor listed: they
are reported apart, as *related measures*. The other chains of a jurisdiction combine by precedence,
*listed* over *suspended* over *delisted* over *not listed*: the actor is listed if any chain is listed,
else suspended if any is suspended, and so on. The act reported is the act that set the winning status in
the chain holding it (for listed and suspended, the chain that has held it longest; for delisted, the
chain that reached it last).

Dates known only roughly
------------------------
An act counts from the first day it can have taken effect (the lower bound of its effective date). The
answer is *uncertain* when it could differ depending on the day, within its known range, that some act
took effect or lapsed: every combination of the acts whose range contains the day asked is tried, and
the answer is uncertain if they disagree. An act known only to ``2013-05`` asked about on ``2013-05-10``
gives an uncertain answer; asked about on ``2013-05-31`` or later, a certain one.

An act's dates are *disputed* when its verification is ``disputed`` and the dispute bears on its date:
a citation contradicts it on its date (or on the record as a whole), or no contradicting citation says
what is disputed. A contradicting citation on an act that the curators nonetheless judged ``confirmed``,
``partial`` or ``unconfirmed`` (an outlier report, weighed and set aside) does not make its date
disputed. The range of a disputed act spans all the dates it records (decision, publication, effective);
if it records only one date, the range is open at both ends.

Acts of one chain keep their order whatever their ranges: an act cannot take effect before the act it
changes, so an act's range is narrowed to end no later than those of the acts that change it, and to
start no earlier than that of the act it changes.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._edtf import ParsedDate
from ._models import Citation, Designation, Source
from ._models._base import parsed_date
from ._types import INTERNATIONAL_BODIES, is_jurisdiction
from ._vocab import Action, Aspect, Measure, Relation, Scope, Verification, Vocabulary

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = [
    "ChainStatus",
    "JurisdictionTimeline",
    "Status",
    "StatusPeriod",
    "StatusResult",
    "Timeline",
    "all_timelines",
    "as_day",
    "check_jurisdiction",
    "date_disputed",
    "status",
    "status_all",
    "timeline",
]

_MIN = datetime.date.min
_MAX = datetime.date.max
_MAX_COMBINATIONS_EXPONENT = 12
"""Above this many acts of uncertain timing on one day, the answer is reported uncertain without trying
every combination."""


class Status(Vocabulary):
    """An actor's designation status in one jurisdiction on one day."""

    LISTED = "listed", "An act listing or banning the actor is in force."
    SUSPENDED = "suspended", "The listing or ban is suspended: not applied, but not removed."
    DELISTED = "delisted", "The actor was listed and has been delisted, or the listing lapsed."
    NOT_LISTED = (
        "not_listed",
        (
            "Acts are on record in the jurisdiction, but none on the actor itself was in force yet: the day is "
            "before the first act took effect, or the only acts are measures on the actor's associates."
        ),
    )
    UNKNOWN = "unknown", "No act on the actor is on record in the jurisdiction: the dataset cannot say."


_PRECEDENCE = (Status.LISTED, Status.SUSPENDED, Status.DELISTED, Status.NOT_LISTED)


def as_day(value: datetime.date | str | None) -> datetime.date:
    """The day asked about: a date, an ISO ``YYYY-MM-DD`` string, or ``None`` for today."""
    if value is None:
        return datetime.date.today()  # noqa: DTZ011  (the user's calendar day is meant)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"a day is given as YYYY-MM-DD, e.g. 2024-06-01, not {value!r}")


def check_jurisdiction(code: str) -> str:
    """*code* in upper case, if it is an ISO 3166-1 alpha-2 code or an accepted body (``UN``, ``EU``)."""
    normalised = code.strip().upper()
    if not is_jurisdiction(normalised):
        bodies = ", ".join(sorted(INTERNATIONAL_BODIES))
        raise ValueError(f"unknown jurisdiction {code!r}: use an ISO 3166-1 alpha-2 country code, or one of {bodies}")
    return normalised


def date_disputed(act: Designation, citations: Iterable[Citation]) -> bool:
    """True when the sources disagree on when *act* took effect (see the module documentation)."""
    if act.verification is not Verification.DISPUTED:
        return False
    contradicted = {citation.aspect for citation in citations if citation.relation is Relation.CONTRADICTS}
    return not contradicted or bool(contradicted & {Aspect.DATE, Aspect.RECORD})


@dataclass(frozen=True, slots=True)
class ChainStatus:
    """The status of one chain of acts (a listing and the acts that change it) on a day."""

    root: Designation
    """The act the chain starts from, normally a ``list`` act."""
    status: Status
    act: Designation | None
    """The act that set the status, or ``None`` while no act of the chain is in force."""
    since: ParsedDate | None
    """When the status was set: the act's effective date, or its end date for a lapse."""
    lapsed: bool
    """True when the status follows from the lapse of ``act`` (its ``end_date``), not from its taking effect."""
    scope: Scope
    measure: Measure
    uncertain: bool
    scope_act: Designation | None = None
    """The latest act of the chain in force, whose scope (and scope note) the chain takes."""


@dataclass(frozen=True, slots=True)
class StatusResult:
    """An actor's status in one jurisdiction on one day, with the act and sources behind it."""

    actor_id: str
    jurisdiction: str
    on: datetime.date
    status: Status
    since: ParsedDate | None
    """When the status was set (EDTF, with bounds); ``None`` for not listed and unknown."""
    act: Designation | None
    """The act that set the status; ``None`` for not listed and unknown."""
    sources: tuple[Source, ...]
    """The sources the act cites."""
    uncertain: bool
    """True when the answer depends on where, within its known range, an act's date falls."""
    lapsed: bool = False
    """True when the status follows from the lapse of ``act`` rather than from its taking effect."""
    scope: Scope | None = None
    """Whom the deciding act covers: the organisation itself or a named part of it."""
    measure: Measure | None = None
    chains: tuple[ChainStatus, ...] = ()
    """Every chain of acts on the actor itself in the jurisdiction, with its own status."""
    related_measures: tuple[ChainStatus, ...] = ()
    """Chains of acts on the actor's associates that have taken effect: they do not make the actor listed."""

    def __str__(self) -> str:
        """One line: jurisdiction, status, since when, by which act, and whether uncertain."""
        text = f"{self.actor_id} in {self.jurisdiction} on {self.on.isoformat()}: {self.status.value}"
        if self.since is not None:
            text += f" since {self.since.text}"
        if self.act is not None:
            text += f" ({self.act.designation_id}{', lapsed' if self.lapsed else ''})"
        return text + (" [uncertain]" if self.uncertain else "")

    def to_dict(self) -> dict[str, Any]:
        """The result as the JSON object of ``proscribed status --format json``.

        Beside the status, ``related_measures`` lists the measures in force on the actor's associates
        (e.g. UN sanctions on listed Taliban members), which do not make the actor itself listed.
        """
        return {
            "jurisdiction": self.jurisdiction,
            "status": self.status.value,
            "since": None if self.since is None else self.since.text,
            "act": None if self.act is None else act_summary(self.act),
            "sources": [source_summary(source) for source in self.sources],
            "uncertain": self.uncertain,
            "related_measures": [_measure_summary(measure) for measure in self.related_measures],
        }


def _measure_summary(measure: ChainStatus) -> dict[str, Any]:
    scope_from = measure.scope_act or measure.root
    return {
        "status": measure.status.value,
        "since": None if measure.since is None else measure.since.text,
        "act": act_summary(measure.act or measure.root),
        "scope_act": scope_from.designation_id,
        "scope_note": scope_from.scope_note,
        "uncertain": measure.uncertain,
    }


def act_summary(act: Designation) -> dict[str, Any]:
    """The fields of an act a reader of a status needs, as JSON-ready values."""
    return {
        "designation_id": act.designation_id,
        "action": act.action.value,
        "measure": act.measure.value,
        "scope": act.scope.value,
        "authority_id": act.authority_id,
        "instrument": act.instrument,
        "takes_effect": act.takes_effect.text,
        "end_date": act.end_date,
        "verification": act.verification.value,
    }


def source_summary(source: Source) -> dict[str, Any]:
    """The fields of a source a reader needs to find it, as JSON-ready values."""
    return {
        "source_id": source.source_id,
        "title": source.title,
        "container_title": source.container_title,
        "issued": source.issued,
        "url": source.url,
    }


@dataclass(frozen=True, slots=True)
class StatusPeriod:
    """A stretch of days with one status, one deciding act and one certainty.

    ``start`` is the first day (``None``: from the beginning of the record); ``end`` is the first day of the
    next period, so the period covers ``start <= day < end`` (``None``: it lasts to this day).
    """

    status: Status
    start: datetime.date | None
    end: datetime.date | None
    act: Designation | None
    since: ParsedDate | None
    lapsed: bool
    uncertain: bool

    @property
    def last_day(self) -> datetime.date | None:
        """The last day of the period, or ``None`` while it lasts."""
        return None if self.end is None else self.end - datetime.timedelta(days=1)

    def covers(self, day: datetime.date) -> bool:
        """True when *day* falls within the period."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def to_dict(self) -> dict[str, Any]:
        """The period as JSON-ready values."""
        return {
            "status": self.status.value,
            "start": None if self.start is None else self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "designation_id": None if self.act is None else self.act.designation_id,
            "since": None if self.since is None else self.since.text,
            "lapsed": self.lapsed,
            "uncertain": self.uncertain,
        }


@dataclass(frozen=True, slots=True)
class JurisdictionTimeline:
    """The acts on an actor in one jurisdiction, and the status periods they make."""

    jurisdiction: str
    acts: tuple[Designation, ...]
    """Every act, in the order they took effect (chain order on the same day)."""
    periods: tuple[StatusPeriod, ...]
    """Consecutive periods covering all days; the first has no start, the last no end."""
    related_measures: tuple[Designation, ...]
    """The acts among ``acts`` whose scope is the actor's associates."""

    def period_on(self, day: datetime.date | str) -> StatusPeriod:
        """The period covering *day*."""
        wanted = as_day(day)
        return next(period for period in self.periods if period.covers(wanted))


@dataclass(frozen=True, slots=True)
class Timeline:
    """An actor's acts and status periods in every jurisdiction on record, by jurisdiction code."""

    actor_id: str
    jurisdictions: tuple[JurisdictionTimeline, ...]

    def __getitem__(self, jurisdiction: str) -> JurisdictionTimeline:
        """The timeline of one jurisdiction."""
        for entry in self.jurisdictions:
            if entry.jurisdiction == jurisdiction.upper():
                return entry
        raise KeyError(f"no act on {self.actor_id} is on record in {jurisdiction!r}")

    def __iter__(self) -> Iterator[JurisdictionTimeline]:
        return iter(self.jurisdictions)

    def __len__(self) -> int:
        return len(self.jurisdictions)

    def to_dict(self) -> dict[str, Any]:
        """The timeline as JSON-ready values."""
        return {
            "actor": self.actor_id,
            "jurisdictions": [
                {
                    "jurisdiction": entry.jurisdiction,
                    "acts": [act_summary(act) for act in entry.acts],
                    "periods": [period.to_dict() for period in entry.periods],
                    "related_measures": [act.designation_id for act in entry.related_measures],
                }
                for entry in self.jurisdictions
            ],
        }


# --- the state of one chain ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Step:
    """An act taking effect, or a time-limited act lapsing, with the days it may have happened on."""

    act: Designation
    lapse: bool
    when: ParsedDate
    start: datetime.date
    """The day the step counts from."""
    earliest: datetime.date
    latest: datetime.date
    """Before ``earliest`` the step has certainly not happened; from ``latest`` on it certainly has."""
    depth: int

    def sort_key(self) -> tuple[datetime.date, int, int, str]:
        return (self.start, 1 if self.lapse else 0, self.depth, self.act.designation_id)


@dataclass(frozen=True, slots=True)
class _Chain:
    root: Designation
    steps: tuple[_Step, ...]
    members: frozenset[str]


@dataclass(slots=True)
class _ChainState:
    status: Status = Status.NOT_LISTED
    act: Designation | None = None
    since: ParsedDate | None = None
    lapsed: bool = False
    scope: Scope = Scope.ENTITY
    measure: Measure = Measure.TERRORIST
    scope_act: Designation | None = None
    term: str | None = None
    suspension: str | None = None
    applied: set[str] = field(default_factory=set)

    def set(self, status: Status, act: Designation, since: ParsedDate, *, lapsed: bool = False) -> None:
        if status is not self.status:
            self.status, self.act, self.since, self.lapsed = status, act, since, lapsed

    def apply(self, step: _Step) -> None:
        act = step.act
        if step.lapse:
            self._lapse(step)
            return
        self.applied.add(act.designation_id)
        self.scope, self.measure, self.scope_act = act.scope, act.measure, act
        has_term = act.end_date is not None
        if act.action is Action.LIST:
            self.set(Status.LISTED, act, step.when)
            self.term = act.designation_id if has_term else None
        elif act.action is Action.RENEW:
            if self.status is not Status.SUSPENDED:
                self.set(Status.LISTED, act, step.when)
            self.term = act.designation_id if has_term else None
        elif act.action is Action.SUSPEND:
            if self.status is not Status.DELISTED:
                self.set(Status.SUSPENDED, act, step.when)
                self.suspension = act.designation_id if has_term else None
        elif act.action is Action.REINSTATE:
            self.set(Status.LISTED, act, step.when)
            self.suspension = None
        elif act.action is Action.DELIST:
            self.set(Status.DELISTED, act, step.when)
            self.term = self.suspension = None

    def _lapse(self, step: _Step) -> None:
        act_id = step.act.designation_id
        if act_id not in self.applied:
            return
        if act_id == self.suspension and self.status is Status.SUSPENDED:
            self.set(Status.LISTED, step.act, step.when, lapsed=True)
            self.suspension = None
        elif act_id == self.term and self.status in (Status.LISTED, Status.SUSPENDED):
            self.set(Status.DELISTED, step.act, step.when, lapsed=True)
            self.term = self.suspension = None


Included = Callable[[_Step], bool]


def _chain_state(chain: _Chain, included: Included) -> _ChainState:
    state = _ChainState(scope=chain.root.scope, measure=chain.root.measure)
    for step in chain.steps:
        parent = step.act.related_designation_id
        if parent in chain.members and parent not in state.applied:
            continue
        if included(step):
            state.apply(step)
    return state


def _counts(state: _ChainState) -> bool:
    return state.scope is not Scope.ASSOCIATES


def _combined(states: Sequence[_ChainState]) -> Status:
    present = {state.status for state in states if _counts(state)}
    return next((status for status in _PRECEDENCE if status in present), Status.NOT_LISTED)


# --- building chains from acts ----------------------------------------------------------------------


def _step_window(when: ParsedDate, act_dates: Sequence[ParsedDate] | None) -> tuple[datetime.date, datetime.date]:
    earliest = when.lower or _MIN
    latest = when.upper or _MAX
    if act_dates is not None:
        if len({date.text for date in act_dates}) < 2:
            return _MIN, _MAX
        earliest = min(earliest, *(date.lower or _MIN for date in act_dates))
        latest = max(latest, *(date.upper or _MAX for date in act_dates))
    return earliest, latest


def _steps_of(act: Designation, depth: int, disputed: bool) -> list[_Step]:
    when = act.takes_effect
    recorded = [
        parsed
        for parsed in map(parsed_date, (act.decision_date, act.publication_date, act.effective_date))
        if parsed is not None
    ]
    earliest, latest = _step_window(when, recorded if disputed else None)
    steps = [
        _Step(act, lapse=False, when=when, start=when.lower or _MIN, earliest=earliest, latest=latest, depth=depth)
    ]
    ending = parsed_date(act.end_date)
    if ending is not None and act.action in (Action.LIST, Action.RENEW, Action.SUSPEND):
        start = ending.lower or _MIN
        steps.append(
            _Step(act, lapse=True, when=ending, start=start, earliest=start, latest=ending.upper or _MAX, depth=depth)
        )
    return steps


def _chains(acts: Sequence[Designation], disputed: Callable[[Designation], bool]) -> tuple[_Chain, ...]:
    by_id = {act.designation_id: act for act in acts}

    def ancestry(act: Designation) -> list[Designation]:
        line = [act]
        seen = {act.designation_id}
        parent_id = act.related_designation_id
        while parent_id is not None and parent_id in by_id and parent_id not in seen:
            seen.add(parent_id)
            line.append(by_id[parent_id])
            parent_id = by_id[parent_id].related_designation_id
        return line

    members: dict[str, list[_Step]] = {}
    roots: dict[str, Designation] = {}
    for act in acts:
        line = ancestry(act)
        root = line[-1]
        roots[root.designation_id] = root
        members.setdefault(root.designation_id, []).extend(_steps_of(act, len(line) - 1, disputed(act)))
    members = {root_id: _in_chain_order(steps) for root_id, steps in members.items()}
    chains = [
        _Chain(roots[root_id], tuple(sorted(steps, key=_Step.sort_key)), frozenset(s.act.designation_id for s in steps))
        for root_id, steps in members.items()
    ]
    return tuple(sorted(chains, key=lambda chain: chain.steps[0].sort_key()))


def _in_chain_order(steps: Sequence[_Step]) -> list[_Step]:
    """The steps with each act's range narrowed so that no act can precede the act it changes."""
    effects = {step.act.designation_id: step for step in steps if not step.lapse}
    earliest = {key: step.earliest for key, step in effects.items()}
    latest = {key: step.latest for key, step in effects.items()}
    for _ in range(len(effects)):
        moved = False
        for key, step in effects.items():
            parent = step.act.related_designation_id
            if parent is None or parent not in effects or parent == key:
                continue
            if earliest[parent] > earliest[key]:
                earliest[key], moved = earliest[parent], True
            if latest[key] < latest[parent]:
                latest[parent], moved = latest[key], True
        if not moved:
            break
    narrowed = []
    for step in steps:
        key = step.act.designation_id
        if step.lapse:
            narrowed.append(step)
            continue
        # A range never excludes the day the act counts from, so the answer given is always a possible one.
        low, high = min(earliest[key], step.start), max(latest[key], step.start)
        narrowed.append(dataclasses.replace(step, earliest=low, latest=high))
    return narrowed


# --- evaluating a jurisdiction on a day -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Evaluation:
    status: Status
    holder: _ChainState | None
    chains: tuple[ChainStatus, ...]
    related: tuple[ChainStatus, ...]
    uncertain: bool


def _possible_outcomes(steps: Sequence[_Step], day: datetime.date, outcome: Callable[[Included], object]) -> bool:
    """True when the outcome differs between the orders the uncertainly timed steps may have happened in."""
    straddling = [step for step in steps if step.earliest <= day < step.latest]
    if not straddling:
        return False
    if len(straddling) > _MAX_COMBINATIONS_EXPONENT:
        return True
    certain = {id(step) for step in steps if step.latest <= day}
    seen: set[object] = set()
    for choice in itertools.product((False, True), repeat=len(straddling)):
        chosen = certain | {id(step) for step, on in zip(straddling, choice, strict=True) if on}
        seen.add(outcome(functools.partial(_member, chosen)))
        if len(seen) > 1:
            return True
    return False


def _member(chosen: set[int], step: _Step) -> bool:
    return id(step) in chosen


def _holder(status: Status, states: Sequence[_ChainState]) -> _ChainState | None:
    holding = [state for state in states if _counts(state) and state.status is status and state.act is not None]
    if not holding:
        return None

    def started(state: _ChainState) -> tuple[datetime.date, str]:
        assert state.since is not None  # noqa: S101  (a chain with an act has a since)
        assert state.act is not None  # noqa: S101
        return (state.since.lower or _MIN, state.act.designation_id)

    if status is Status.DELISTED:
        return max(holding, key=started)
    return min(holding, key=started)


def _evaluate(chains: Sequence[_Chain], day: datetime.date) -> _Evaluation:
    def in_force(step: _Step) -> bool:
        return step.start <= day

    states = [_chain_state(chain, in_force) for chain in chains]
    status = _combined(states)
    all_steps = [step for chain in chains for step in chain.steps]
    uncertain = _possible_outcomes(
        all_steps, day, lambda included: _combined([_chain_state(chain, included) for chain in chains])
    )
    reports = []
    for chain, state in zip(chains, states, strict=True):
        chain_uncertain = _possible_outcomes(chain.steps, day, functools.partial(_outcome_of, chain))
        reports.append(
            ChainStatus(
                root=chain.root,
                status=state.status,
                act=state.act,
                since=state.since,
                lapsed=state.lapsed,
                scope=state.scope,
                measure=state.measure,
                uncertain=chain_uncertain,
                scope_act=state.scope_act,
            )
        )
    counting = tuple(report for report in reports if report.scope is not Scope.ASSOCIATES)
    related = tuple(
        report for report in reports if report.scope is Scope.ASSOCIATES and report.status is not Status.NOT_LISTED
    )
    return _Evaluation(status, _holder(status, states), counting, related, uncertain)


def _outcome_of(chain: _Chain, included: Included) -> tuple[Status, Scope]:
    state = _chain_state(chain, included)
    return (state.status, state.scope)


# --- the public functions -------------------------------------------------------------------------


def _acts(dataset: Dataset, actor_id: str, jurisdiction: str | None) -> tuple[Designation, ...]:
    dataset.actor(actor_id)
    return dataset.designations_of(actor_id, jurisdiction)


def _chains_in(dataset: Dataset, acts: Sequence[Designation]) -> tuple[_Chain, ...]:
    return _chains(acts, lambda act: date_disputed(act, dataset.citations_of(act.designation_id)))


def status(dataset: Dataset, actor_id: str, jurisdiction: str, on: datetime.date | str | None = None) -> StatusResult:
    """The status of *actor_id* in *jurisdiction* on the day *on* (see the module documentation)."""
    code = check_jurisdiction(jurisdiction)
    day = as_day(on)
    acts = _acts(dataset, actor_id, code)
    return _result(dataset, actor_id, code, day, _chains_in(dataset, acts))


def _result(dataset: Dataset, actor_id: str, code: str, day: datetime.date, chains: Sequence[_Chain]) -> StatusResult:
    if not chains:
        return StatusResult(actor_id, code, day, Status.UNKNOWN, None, None, (), uncertain=False)
    evaluation = _evaluate(chains, day)
    holder = evaluation.holder
    act = None if holder is None else holder.act
    return StatusResult(
        actor_id=actor_id,
        jurisdiction=code,
        on=day,
        status=evaluation.status,
        since=None if holder is None else holder.since,
        act=act,
        sources=() if act is None else dataset.sources_of(act.designation_id),
        uncertain=evaluation.uncertain,
        lapsed=holder is not None and holder.lapsed,
        scope=None if holder is None else holder.scope,
        measure=None if holder is None else holder.measure,
        chains=evaluation.chains,
        related_measures=evaluation.related,
    )


def status_all(dataset: Dataset, actor_id: str, on: datetime.date | str | None = None) -> tuple[StatusResult, ...]:
    """The status of *actor_id* on *on* in every jurisdiction with an act on the actor, by code."""
    day = as_day(on)
    acts = _acts(dataset, actor_id, None)
    by_code: dict[str, list[Designation]] = {}
    for act in acts:
        by_code.setdefault(act.jurisdiction, []).append(act)
    return tuple(_result(dataset, actor_id, code, day, _chains_in(dataset, by_code[code])) for code in sorted(by_code))


def _breakpoints(chains: Sequence[_Chain]) -> list[datetime.date]:
    days: set[datetime.date] = set()
    for chain in chains:
        for step in chain.steps:
            days.update((step.start, step.earliest, step.latest))
    days.discard(_MIN)
    days.discard(_MAX)
    return sorted(days)


def _periods(chains: Sequence[_Chain]) -> tuple[StatusPeriod, ...]:
    days = _breakpoints(chains)
    starts: list[datetime.date | None] = [None, *days]
    periods: list[StatusPeriod] = []
    for index, start in enumerate(starts):
        probe = start if start is not None else (days[0] - datetime.timedelta(days=1) if days else _MIN)
        end = starts[index + 1] if index + 1 < len(starts) else None
        evaluation = _evaluate(chains, probe)
        holder = evaluation.holder
        period = StatusPeriod(
            status=evaluation.status,
            start=start,
            end=end,
            act=None if holder is None else holder.act,
            since=None if holder is None else holder.since,
            lapsed=holder is not None and holder.lapsed,
            uncertain=evaluation.uncertain,
        )
        if periods and _same(periods[-1], period):
            periods[-1] = StatusPeriod(
                period.status, periods[-1].start, end, period.act, period.since, period.lapsed, period.uncertain
            )
        else:
            periods.append(period)
    return tuple(periods)


def _same(first: StatusPeriod, second: StatusPeriod) -> bool:
    return (first.status, first.act, first.lapsed, first.uncertain) == (
        second.status,
        second.act,
        second.lapsed,
        second.uncertain,
    )


def timeline(dataset: Dataset, actor_id: str) -> Timeline:
    """The acts on *actor_id* and its status periods, in every jurisdiction on record, by code."""
    return _timeline_of(dataset, actor_id, _acts(dataset, actor_id, None))


def all_timelines(dataset: Dataset) -> tuple[Timeline, ...]:
    """The timeline of every actor with an act on record, by actor identifier."""
    by_actor: dict[str, list[Designation]] = {}
    for act in dataset.designations:
        by_actor.setdefault(act.actor_id, []).append(act)
    return tuple(_timeline_of(dataset, actor_id, by_actor[actor_id]) for actor_id in sorted(by_actor))


def _timeline_of(dataset: Dataset, actor_id: str, acts: Sequence[Designation]) -> Timeline:
    by_code: dict[str, list[Designation]] = {}
    for act in acts:
        by_code.setdefault(act.jurisdiction, []).append(act)
    entries = []
    for code in sorted(by_code):
        chains = _chains_in(dataset, by_code[code])
        ordered = tuple(step.act for step in sorted(_all_steps(chains), key=_Step.sort_key) if not step.lapse)
        entries.append(
            JurisdictionTimeline(
                jurisdiction=code,
                acts=ordered,
                periods=_periods(chains),
                related_measures=tuple(act for act in ordered if act.scope is Scope.ASSOCIATES),
            )
        )
    return Timeline(actor_id, tuple(entries))


def _all_steps(chains: Sequence[_Chain]) -> list[_Step]:
    return [step for chain in chains for step in chain.steps]
