"""An actor's designation status in a jurisdiction on a day, and its timeline, derived from the legal acts.

How the status is derived
-------------------------
Every act belongs to a list, and acts form *chains* on their list: a ``list`` or ``carry_over`` act starts a
chain, and every other act names, in ``related_designation_id``, the act it changes. Within a chain the acts
take effect in the order of their instruments' dates and move the chain between states by one transition
table, :data:`proscribed._schema._history.TRANSITIONS`, which validation applies too:

* ``list`` and ``carry_over`` make the chain *listed*; ``reinstate`` makes a suspended chain listed again;
* ``suspend`` makes a listed chain *suspended*; ``delist`` makes it *delisted*;
* ``amend``, ``review`` and ``renew`` leave the status as it is (``renew`` gives a new term, and a late
  renewal, after the term ran out, lists again);
* an ``end_date`` on a ``list``, ``carry_over`` or ``renew`` act is the day that term lapses: from that day
  the chain is delisted, unless a ``renew`` taking effect by that day gave it a new term. An ``end_date`` on
  a ``suspend`` act is the day the suspension lapses: from that day the chain is listed again. When a list
  ceases (its ``ended`` date), every chain on it still in force lapses that day.

An act whose transition is not in the table changes nothing (validation reports it). An act has no effect
before the act it changes has taken effect. Acts taking effect on the same day apply in chain order, and
before any term lapsing that day.

A chain takes the scope of its latest act in effect. Chains whose scope is ``associates`` (measures on
individuals and entities linked to the actor, not on the actor itself) never make the actor listed: they
are reported apart, as *related measures*. The other chains of a jurisdiction (on one list, or on all of
its lists) combine by precedence, *listed* over *suspended* over *delisted* over *not listed*: the actor is
listed if any chain is listed, else suspended if any is suspended, and so on. The act reported is the act
that set the winning status in the chain holding it (for listed and suspended, the chain that has held it
longest; for delisted, the chain that reached it last).

Dates known only roughly
------------------------
An act counts from the first day its instrument can have taken effect (the lower bound of its effective
date, else its decision date, else its publication date). The answer is *uncertain* when it could differ
depending on the day, within its known range, that some act took effect or lapsed: every combination of
the acts whose range contains the day asked is tried, and the answer is uncertain if they disagree. An act
known only to ``2013-05`` asked about on ``2013-05-10`` gives an uncertain answer; asked about on
``2013-05-31`` or later, a certain one.

An act's dates are *disputed* when the act or its instrument is ``disputed`` and the dispute bears on the
date: a citation of either contradicts it on its date (or on the record as a whole), or no contradicting
citation says what is disputed. A contradicting citation on a record that the curators nonetheless judged
``confirmed``, ``partial`` or ``unconfirmed`` (an outlier report, weighed and set aside) does not make its
date disputed. The range of a disputed act spans all the dates its instrument records (decision,
publication, effective); if it records only one date, the range is open at both ends.

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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._schema._edtf import ParsedDate
from .._schema._history import MAX_DAY, MIN_DAY, Chain, ChainState, HistoryAct, Status, Step, build_chains, walk
from .._schema._models import Citation, Designation, Instrument
from .._schema._types import INTERNATIONAL_BODIES, country_suggestion, is_jurisdiction
from .._schema._vocab import Aspect, Measure, Relation, Scope, Verification
from ._evidence import Evidence, EvidenceGroups

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = [
    "ChainStatus",
    "JurisdictionTimeline",
    "Status",
    "StatusPeriod",
    "StatusResult",
    "Timeline",
    "UncertainDate",
    "act_summary",
    "all_timelines",
    "as_day",
    "chains_of",
    "check_jurisdiction",
    "date_disputed",
    "evaluate",
    "status",
    "status_all",
    "timeline",
]

_MAX_COMBINATIONS_EXPONENT = 12
"""Above this many acts of uncertain timing on one day, the answer is reported uncertain without trying
every combination."""

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
        suggestion = country_suggestion(code)
        hint = "" if suggestion is None else f"did you mean {suggestion}? "
        raise ValueError(
            f"unknown jurisdiction {code!r}: {hint}use an ISO 3166-1 alpha-2 country code, or one of {bodies}"
        )
    return normalised


def date_disputed(
    act: Designation,
    citations: Iterable[Citation],
    instrument: Instrument | None = None,
    instrument_citations: Iterable[Citation] = (),
) -> bool:
    """True when the sources disagree on when *act* took effect (see the module documentation)."""
    for record, cited in ((act, citations), (instrument, instrument_citations)):
        if record is None or record.verification is not Verification.DISPUTED:
            continue
        contradicted = {citation.aspect for citation in cited if citation.relation is Relation.CONTRADICTS}
        if not contradicted or contradicted & {Aspect.DATE, Aspect.RECORD}:
            return True
    return False


@dataclass(frozen=True, slots=True)
class ChainStatus:
    """The status of one chain of acts (a listing and the acts that change it) on a day."""

    root: Designation
    """The act the chain starts from: a ``list`` or ``carry_over`` act."""
    status: Status
    act: Designation | None
    """The act that set the status, or ``None`` while no act of the chain is in force."""
    since: ParsedDate | None
    """When the status was set: the act's effective date, or its end date for a lapse."""
    lapsed: bool
    """True when the status follows from the lapse of ``act`` (its ``end_date``, or its list's end)."""
    scope: Scope
    measure: Measure
    uncertain: bool
    scope_act: Designation | None = None
    """The latest act of the chain in force, whose scope (and scope note) the chain takes."""
    instrument: Instrument | None = None
    """The instrument of ``act`` (of ``root`` while no act is in force)."""

    @property
    def list_id(self) -> str:
        """The list the chain is on."""
        return self.root.list_id


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
    sources: tuple[Evidence, ...]
    """The sources that support the act (or part of it) and its instrument, official and earliest first."""
    uncertain: bool
    """True when the answer depends on where, within its known range, an act's date falls."""
    lapsed: bool = False
    """True when the status follows from the lapse of ``act`` rather than from its taking effect."""
    scope: Scope | None = None
    """Whom the deciding act covers: the organisation itself or a named part of it."""
    measure: Measure | None = None
    chains: tuple[ChainStatus, ...] = ()
    """Every chain of acts on the actor itself in the jurisdiction (or on the list asked), with its status."""
    related_measures: tuple[ChainStatus, ...] = ()
    """Chains of acts on the actor's associates that have taken effect: they do not make the actor listed."""
    instrument: Instrument | None = None
    """The instrument that made ``act``."""
    list_id: str | None = None
    """The list asked about, or ``None`` when every list of the jurisdiction was combined."""
    contradicted_by: tuple[Evidence, ...] = ()
    """The sources cited for the act or its instrument that contradict it (its date, or the record)."""

    def __str__(self) -> str:
        """One line: jurisdiction, status, since when, by which act, and whether uncertain."""
        where = self.jurisdiction if self.list_id is None else f"{self.jurisdiction} ({self.list_id})"
        text = f"{self.actor_id} in {where} on {self.on.isoformat()}: {self.status.value}"
        if self.since is not None:
            text += f" since {self.since.text}"
        if self.act is not None:
            text += f" ({self.act.designation_id}{', lapsed' if self.lapsed else ''})"
        return text + (" [uncertain]" if self.uncertain else "")

    def to_dict(self) -> dict[str, Any]:
        """The result as the JSON object of ``proscribed status --format json``.

        ``list`` is the list of the act that set the status. Beside the status, ``related_measures`` lists
        the measures in force on the actor's associates (e.g. UN sanctions on listed Taliban members),
        which do not make the actor itself listed.
        """
        return {
            "jurisdiction": self.jurisdiction,
            "status": self.status.value,
            "since": None if self.since is None else self.since.text,
            "list": None if self.act is None else self.act.list_id,
            "act": None if self.act is None or self.instrument is None else act_summary(self.act, self.instrument),
            "sources": [evidence.to_dict() for evidence in self.sources],
            "contradicted_by": [evidence.to_dict() for evidence in self.contradicted_by],
            "uncertain": self.uncertain,
            "related_measures": [_measure_summary(measure) for measure in self.related_measures],
        }


def _measure_summary(measure: ChainStatus) -> dict[str, Any]:
    scope_from = measure.scope_act or measure.root
    act = measure.act or measure.root
    return {
        "status": measure.status.value,
        "since": None if measure.since is None else measure.since.text,
        "list": measure.list_id,
        "act": act.designation_id if measure.instrument is None else act_summary(act, measure.instrument),
        "scope_act": scope_from.designation_id,
        "scope_note": scope_from.scope_note,
        "uncertain": measure.uncertain,
    }


def act_summary(act: Designation, instrument: Instrument) -> dict[str, Any]:
    """The fields of an act a reader of a status needs, as JSON-ready values."""
    return {
        "designation_id": act.designation_id,
        "list": act.list_id,
        "action": act.action.value,
        "scope": act.scope.value,
        "listed_name": act.listed_name,
        "instrument_id": instrument.instrument_id,
        "instrument": instrument.title,
        "reference": instrument.reference,
        "authority_id": instrument.authority_id,
        "takes_effect": instrument.takes_effect.text,
        "end_date": act.end_date,
        "verification": act.verification.value,
    }


@dataclass(frozen=True, slots=True)
class UncertainDate:
    """An act whose day of effect (or whose term's end) is known only as a range of days.

    While a day falls in the range, and the status depends on where, the status on that day is uncertain.
    """

    act: Designation
    lapse: bool
    """True when the uncertain day is the end of the act's term, not the day it took effect."""
    earliest: datetime.date
    """The first day it may have happened on."""
    latest: datetime.date
    """The last day it may have happened on: by this day it certainly had."""

    def __str__(self) -> str:
        """In words: which act, what happened, and between which days."""
        what = (
            f"the term of {self.act.designation_id} ran out" if self.lapse else f"{self.act.designation_id} took effect"
        )
        return f"{what} between {self.earliest.isoformat()} and {self.latest.isoformat()}"

    def to_dict(self) -> dict[str, Any]:
        """The uncertain date as JSON-ready values."""
        return {
            "designation_id": self.act.designation_id,
            "lapse": self.lapse,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class StatusPeriod:
    """A stretch of days with one status, one deciding act, one scope and one certainty.

    ``start`` and ``end`` are the first and the last day of the period, both included (``None``: from the
    beginning of the record, or to this day), as in the command line's output and the documentation.
    """

    status: Status
    start: datetime.date | None
    end: datetime.date | None
    act: Designation | None
    since: ParsedDate | None
    lapsed: bool
    uncertain: bool
    scope: Scope | None = None
    """Whom the deciding act covers: the organisation itself or a named part of it."""
    uncertain_dates: tuple[UncertainDate, ...] = ()
    """Why the period is uncertain: the acts whose dates are known only as ranges that cover it."""

    def covers(self, day: datetime.date) -> bool:
        """True when *day* falls within the period."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def to_dict(self) -> dict[str, Any]:
        """The period as JSON-ready values; ``end`` is its last day."""
        return {
            "status": self.status.value,
            "start": None if self.start is None else self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "designation_id": None if self.act is None else self.act.designation_id,
            "since": None if self.since is None else self.since.text,
            "scope": None if self.scope is None else self.scope.value,
            "lapsed": self.lapsed,
            "uncertain": self.uncertain,
            "uncertain_dates": [date.to_dict() for date in self.uncertain_dates],
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
    instruments: tuple[Instrument, ...] = ()
    """The instrument of each act of ``acts``, in the same order."""
    evidence: tuple[EvidenceGroups, ...] = ()
    """The sources of each act of ``acts`` (and of its instrument), supporting apart from contradicting."""

    @property
    def lists(self) -> tuple[str, ...]:
        """The lists the acts are on, in the order they first appear."""
        return tuple(dict.fromkeys(act.list_id for act in self.acts))

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
                    "lists": list(entry.lists),
                    "acts": [
                        {
                            **act_summary(act, instrument),
                            "sources": [item.to_dict() for item in evidence.supporting],
                            "contradicted_by": [item.to_dict() for item in evidence.contradicting],
                        }
                        for act, instrument, evidence in zip(entry.acts, entry.instruments, entry.evidence, strict=True)
                    ],
                    "periods": [period.to_dict() for period in entry.periods],
                    "related_measures": [act.designation_id for act in entry.related_measures],
                }
                for entry in self.jurisdictions
            ],
        }


# --- evaluating chains on a day -------------------------------------------------------------------------


def _counts(state: ChainState) -> bool:
    return state.scope is not Scope.ASSOCIATES


def _combined(states: Sequence[ChainState]) -> Status:
    present = {state.status for state in states if _counts(state)}
    return next((status for status in _PRECEDENCE if status in present), Status.NOT_LISTED)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The combined status of some chains on a day, and of each chain."""

    status: Status
    holder: ChainState | None
    """The chain state whose act set the combined status."""
    chains: tuple[ChainStatus, ...]
    related: tuple[ChainStatus, ...]
    uncertain: bool
    straddling: tuple[Step, ...] = ()
    """When uncertain: the steps whose range of days covers the day."""


def _straddling(steps: Sequence[Step], day: datetime.date) -> list[Step]:
    return [step for step in steps if step.earliest <= day < step.latest]


def _possible_outcomes(
    steps: Sequence[Step], day: datetime.date, outcome: Callable[[Callable[[Step], bool]], object]
) -> bool:
    """True when the outcome differs between the orders the uncertainly timed steps may have happened in."""
    straddling = _straddling(steps, day)
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


def _member(chosen: set[int], step: Step) -> bool:
    return id(step) in chosen


def _holder(status: Status, states: Sequence[ChainState]) -> ChainState | None:
    holding = [state for state in states if _counts(state) and state.status is status and state.act is not None]
    if not holding:
        return None

    def started(state: ChainState) -> tuple[datetime.date, str]:
        assert state.since is not None  # noqa: S101  (a chain with an act has a since)
        assert state.act is not None  # noqa: S101
        return (state.since.lower or MIN_DAY, state.act.designation_id)

    if status is Status.DELISTED:
        return max(holding, key=started)
    return min(holding, key=started)


def evaluate(dataset: Dataset, chains: Sequence[Chain], day: datetime.date) -> Evaluation:
    """The status the *chains* combine to on *day*, with each chain's own status."""

    def in_force(step: Step) -> bool:
        return step.start <= day

    states = [walk(chain, in_force) for chain in chains]
    status = _combined(states)
    all_steps = [step for chain in chains for step in chain.steps]
    uncertain = _possible_outcomes(
        all_steps, day, lambda included: _combined([walk(chain, included) for chain in chains])
    )
    reports = []
    for chain, state in zip(chains, states, strict=True):
        chain_uncertain = _possible_outcomes(chain.steps, day, functools.partial(_outcome_of, chain))
        deciding = _act(dataset, state.act or chain.root)
        reports.append(
            ChainStatus(
                root=_act(dataset, chain.root),
                status=state.status,
                act=None if state.act is None else deciding,
                since=state.since,
                lapsed=state.lapsed,
                scope=state.scope,
                measure=dataset.designation_list(chain.root.list_id).measure,
                uncertain=chain_uncertain,
                scope_act=None if state.scope_act is None else _act(dataset, state.scope_act),
                instrument=dataset.instrument_of(deciding),
            )
        )
    counting = tuple(report for report in reports if report.scope is not Scope.ASSOCIATES)
    related = tuple(
        report for report in reports if report.scope is Scope.ASSOCIATES and report.status is not Status.NOT_LISTED
    )
    straddling = tuple(_straddling(all_steps, day)) if uncertain else ()
    return Evaluation(status, _holder(status, states), counting, related, uncertain, straddling)


def _outcome_of(chain: Chain, included: Callable[[Step], bool]) -> tuple[Status, Scope]:
    state = walk(chain, included)
    return (state.status, state.scope)


def _act(dataset: Dataset, act: HistoryAct) -> Designation:
    return dataset.designation(act.designation_id)


# --- the public functions -------------------------------------------------------------------------


def chains_of(dataset: Dataset, acts: Sequence[Designation]) -> tuple[Chain, ...]:
    """The chains *acts* form (acts of one actor, on one list or on several)."""
    return build_chains(dataset._history_act(act) for act in acts)  # noqa: SLF001  (the dataset's cache)


def _acts(dataset: Dataset, actor_id: str, jurisdiction: str | None, list_id: str | None) -> tuple[Designation, ...]:
    dataset.actor(actor_id)
    acts = dataset.designations_of(actor_id, jurisdiction)
    if list_id is None:
        return acts
    return tuple(act for act in acts if act.list_id == list_id)


def check_list(dataset: Dataset, list_id: str, jurisdiction: str | None = None) -> str:
    """*list_id*, if it is a list of the dataset (and of *jurisdiction*, when given)."""
    record = dataset.designation_list(list_id)
    if jurisdiction is not None and record.jurisdiction != jurisdiction:
        raise ValueError(f"the list {list_id} is a list of {record.jurisdiction}, not of {jurisdiction}")
    return record.list_id


def status(
    dataset: Dataset,
    actor_id: str,
    jurisdiction: str,
    on: datetime.date | str | None = None,
    list_id: str | None = None,
) -> StatusResult:
    """The status of *actor_id* in *jurisdiction* (on one list, if given) on the day *on*."""
    code = check_jurisdiction(jurisdiction)
    if list_id is not None:
        check_list(dataset, list_id, code)
    day = as_day(on)
    acts = _acts(dataset, actor_id, code, list_id)
    return result_of(dataset, actor_id, code, day, chains_of(dataset, acts), list_id)


def result_of(  # noqa: PLR0913, PLR0917  (the query, then the chains that answer it)
    dataset: Dataset,
    actor_id: str,
    code: str,
    day: datetime.date,
    chains: Sequence[Chain],
    list_id: str | None = None,
) -> StatusResult:
    """The status result that *chains* (an actor's, in one jurisdiction) give on *day*."""
    if not chains:
        return StatusResult(actor_id, code, day, Status.UNKNOWN, None, None, (), uncertain=False, list_id=list_id)
    evaluation = evaluate(dataset, chains, day)
    holder = evaluation.holder
    act = None if holder is None or holder.act is None else _act(dataset, holder.act)
    instrument = None if act is None else dataset.instrument(act.instrument_id)
    evidence = None if act is None else dataset.evidence_of(act)
    return StatusResult(
        actor_id=actor_id,
        jurisdiction=code,
        on=day,
        status=evaluation.status,
        since=None if holder is None else holder.since,
        act=act,
        sources=() if evidence is None else evidence.supporting,
        contradicted_by=() if evidence is None else evidence.contradicting,
        uncertain=evaluation.uncertain,
        lapsed=holder is not None and holder.lapsed,
        scope=None if holder is None else holder.scope,
        measure=None if act is None else dataset.designation_list(act.list_id).measure,
        chains=evaluation.chains,
        related_measures=evaluation.related,
        instrument=instrument,
        list_id=list_id,
    )


def status_all(dataset: Dataset, actor_id: str, on: datetime.date | str | None = None) -> tuple[StatusResult, ...]:
    """The status of *actor_id* on *on* in every jurisdiction with an act on the actor, by code."""
    day = as_day(on)
    acts = _acts(dataset, actor_id, None, None)
    by_code: dict[str, list[Designation]] = {}
    for act in acts:
        by_code.setdefault(act.jurisdiction, []).append(act)
    return tuple(result_of(dataset, actor_id, code, day, chains_of(dataset, by_code[code])) for code in sorted(by_code))


def breakpoints(chains: Sequence[Chain]) -> list[datetime.date]:
    """Every day on which the status the chains give may change."""
    days: set[datetime.date] = set()
    for chain in chains:
        for step in chain.steps:
            days.update((step.start, step.earliest, step.latest))
    days.discard(MIN_DAY)
    days.discard(MAX_DAY)
    return sorted(days)


def periods_of(dataset: Dataset, chains: Sequence[Chain]) -> tuple[StatusPeriod, ...]:
    """The status periods the chains make, covering every day.

    Adjacent days make one period while the status, the deciding act, its scope, the lapse and the
    certainty (with its reasons) stay the same, so that two periods in a row always differ visibly.
    """
    days = breakpoints(chains)
    starts: list[datetime.date | None] = [None, *days]
    periods: list[StatusPeriod] = []
    for index, start in enumerate(starts):
        probe = start if start is not None else (days[0] - datetime.timedelta(days=1) if days else MIN_DAY)
        next_start = starts[index + 1] if index + 1 < len(starts) else None
        end = None if next_start is None else next_start - datetime.timedelta(days=1)
        evaluation = evaluate(dataset, chains, probe)
        holder = evaluation.holder
        period = StatusPeriod(
            status=evaluation.status,
            start=start,
            end=end,
            act=None if holder is None or holder.act is None else _act(dataset, holder.act),
            since=None if holder is None else holder.since,
            lapsed=holder is not None and holder.lapsed,
            uncertain=evaluation.uncertain,
            scope=None if holder is None else holder.scope,
            uncertain_dates=_uncertain_dates(dataset, evaluation.straddling),
        )
        if periods and _same(periods[-1], period):
            periods[-1] = dataclasses.replace(period, start=periods[-1].start)
        else:
            periods.append(period)
    return tuple(periods)


def _uncertain_dates(dataset: Dataset, steps: Sequence[Step]) -> tuple[UncertainDate, ...]:
    dates = {
        (step.act.designation_id, step.lapse is not None): UncertainDate(
            _act(dataset, step.act), step.lapse is not None, step.earliest, step.latest
        )
        for step in sorted(steps, key=Step.sort_key)
    }
    return tuple(dates.values())


def _same(first: StatusPeriod, second: StatusPeriod) -> bool:
    def shown(period: StatusPeriod) -> tuple[object, ...]:
        return (period.status, period.act, period.scope, period.lapsed, period.uncertain, period.uncertain_dates)

    return shown(first) == shown(second)


def timeline(dataset: Dataset, actor_id: str) -> Timeline:
    """The acts on *actor_id* and its status periods, in every jurisdiction on record, by code."""
    return _timeline_of(dataset, actor_id, _acts(dataset, actor_id, None, None))


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
        chains = chains_of(dataset, by_code[code])
        ordered = tuple(
            _act(dataset, step.act)
            for step in sorted((step for chain in chains for step in chain.steps), key=Step.sort_key)
            if step.lapse is None
        )
        entries.append(
            JurisdictionTimeline(
                jurisdiction=code,
                acts=ordered,
                periods=periods_of(dataset, chains),
                related_measures=tuple(act for act in ordered if act.scope is Scope.ASSOCIATES),
                instruments=tuple(dataset.instrument(act.instrument_id) for act in ordered),
                evidence=tuple(dataset.evidence_of(act) for act in ordered),
            )
        )
    return Timeline(actor_id, tuple(entries))
