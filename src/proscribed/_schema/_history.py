"""The history of a listing: one state machine, used by the status queries and by validation alike.

Acts form *chains* on one list: a chain starts with a ``list`` or ``carry_over`` act, and every other act
names, in ``related_designation_id``, the act of the chain it changes. Within a chain the acts take effect
in the order of their instruments' dates and move the chain between states, by :data:`TRANSITIONS`. A
term that runs out (an ``end_date``), or the end of the list itself, moves it by :data:`LAPSES`. An act
whose transition is not in the table (a suspension of a delisted listing, a reinstatement of a listing
that is not suspended) changes nothing: the status queries ignore it and validation reports it, since
both walk the chain with :func:`walk`.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from ._edtf import ParsedDate
from ._vocab import Action, Scope, Vocabulary

__all__ = [
    "LAPSES",
    "TRANSITIONS",
    "Chain",
    "ChainState",
    "HistoryAct",
    "Lapse",
    "Rejection",
    "State",
    "Status",
    "Step",
    "build_chains",
    "walk",
]

MIN_DAY = datetime.date.min
MAX_DAY = datetime.date.max


class Status(Vocabulary):
    """An actor's designation status in one jurisdiction (or on one list) on one day."""

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


class State(Enum):
    """Where one chain of acts stands. ``LAPSED`` is reported as delisted, with ``lapsed`` set."""

    NOT_LISTED = "not listed"
    LISTED = "listed"
    SUSPENDED = "suspended"
    LAPSED = "lapsed"
    DELISTED = "delisted"

    @property
    def status(self) -> Status:
        """The status this state is reported as."""
        return _REPORTED[self]


_REPORTED = {
    State.NOT_LISTED: Status.NOT_LISTED,
    State.LISTED: Status.LISTED,
    State.SUSPENDED: Status.SUSPENDED,
    State.LAPSED: Status.DELISTED,
    State.DELISTED: Status.DELISTED,
}


class Lapse(Enum):
    """What runs out on a day without an act: a term, a suspension's term, or the list itself."""

    TERM = "term"
    SUSPENSION = "suspension"
    LIST_END = "list_end"


TRANSITIONS: Mapping[tuple[State, Action], State] = {
    (State.NOT_LISTED, Action.LIST): State.LISTED,
    (State.NOT_LISTED, Action.CARRY_OVER): State.LISTED,
    (State.LISTED, Action.AMEND): State.LISTED,
    (State.LISTED, Action.RENEW): State.LISTED,
    (State.LISTED, Action.REVIEW): State.LISTED,
    (State.LISTED, Action.SUSPEND): State.SUSPENDED,
    (State.LISTED, Action.DELIST): State.DELISTED,
    (State.SUSPENDED, Action.AMEND): State.SUSPENDED,
    (State.SUSPENDED, Action.RENEW): State.SUSPENDED,
    (State.SUSPENDED, Action.REVIEW): State.SUSPENDED,
    (State.SUSPENDED, Action.REINSTATE): State.LISTED,
    (State.SUSPENDED, Action.DELIST): State.DELISTED,
    (State.LAPSED, Action.RENEW): State.LISTED,
}
"""Every allowed act: (the chain's state before it, the action) gives the state after it.

A renewal keeps a suspended listing suspended, with its new term; a renewal that comes after the term ran
out (a late renewal) lists again. Anything not in the table is refused.
"""

LAPSES: Mapping[tuple[State, Lapse], State] = {
    (State.LISTED, Lapse.TERM): State.LAPSED,
    (State.SUSPENDED, Lapse.TERM): State.LAPSED,
    (State.SUSPENDED, Lapse.SUSPENSION): State.LISTED,
    (State.LISTED, Lapse.LIST_END): State.LAPSED,
    (State.SUSPENDED, Lapse.LIST_END): State.LAPSED,
}
"""What running out does: a term that lapses ends the listing, a suspension that lapses restores it, and
the end of a list ends every listing still on it. A lapse in any other state changes nothing."""


@dataclass(frozen=True, slots=True)
class HistoryAct:
    """What the state machine needs of one act: its identity, effect, dates and place in its chain."""

    designation_id: str
    actor_id: str
    list_id: str
    action: Action
    scope: Scope
    related_id: str | None
    when: ParsedDate
    """When the act took effect: its instrument's effective, decision or publication date."""
    end: ParsedDate | None = None
    """When the act's term runs out (its ``end_date``)."""
    list_end: ParsedDate | None = None
    """When the act's list ceased, if it has."""
    recorded: tuple[ParsedDate, ...] = ()
    """Every date the act's instrument records, for the span of a disputed date."""
    disputed: bool = False
    """True when sources disagree on when the act took effect."""
    listed_name: str | None = None
    """The entry as the act's instrument writes it, if recorded."""
    instrument_id: str = ""
    """The instrument that made the act."""
    row: int = -1
    """Where the act came from (a row number), for messages; -1 when not from a file."""


@dataclass(frozen=True, slots=True)
class Step:
    """An act taking effect, or something running out, with the days it may have happened on."""

    act: HistoryAct
    lapse: Lapse | None
    when: ParsedDate
    start: datetime.date
    """The day the step counts from."""
    earliest: datetime.date
    latest: datetime.date
    """Before ``earliest`` the step has certainly not happened; from ``latest`` on it certainly has."""
    depth: int

    def sort_key(self) -> tuple[datetime.date, int, int, str]:
        """Steps apply by day, acts before lapses on the same day, then in chain order."""
        return (self.start, 0 if self.lapse is None else 1, self.depth, self.act.designation_id)


@dataclass(frozen=True, slots=True)
class Chain:
    """A listing and the acts that change it, in the order they apply."""

    root: HistoryAct
    steps: tuple[Step, ...]
    members: frozenset[str]


@dataclass(frozen=True, slots=True)
class Rejection:
    """An act the state machine refused: its action is not allowed in the chain's state at the time."""

    act: HistoryAct
    state: State
    since: HistoryAct | None
    """The act that put the chain in that state (``None`` before the chain began)."""
    since_date: ParsedDate | None = None
    """When the chain entered that state: the act's date, or the day its term ran out for a lapse."""


@dataclass(slots=True)
class ChainState:
    """Where a chain stands after some of its steps, and which act put it there."""

    state: State = State.NOT_LISTED
    act: HistoryAct | None = None
    since: ParsedDate | None = None
    lapsed: bool = False
    scope: Scope = Scope.ENTITY
    scope_act: HistoryAct | None = None
    named: HistoryAct | None = None
    """The latest act applied that records the entry's name."""
    term: str | None = None
    suspension: str | None = None
    applied: set[str] = field(default_factory=set)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def status(self) -> Status:
        """The reported status of the chain."""
        return self.state.status

    def _move(self, state: State, act: HistoryAct, since: ParsedDate, *, lapsed: bool = False) -> None:
        """Move to *state*; the act and day are those that changed the reported status, kept while it holds."""
        if state.status is not self.state.status:
            self.act, self.since, self.lapsed = act, since, lapsed
        self.state = state

    def apply(self, step: Step) -> None:
        """Apply one step, or record its refusal."""
        act = step.act
        if step.lapse is not None:
            self._lapse(step)
            return
        after = TRANSITIONS.get((self.state, act.action))
        if after is None:
            self.rejected.append(Rejection(act, self.state, self.act, self.since))
            return
        self.applied.add(act.designation_id)
        self.scope, self.scope_act = act.scope, act
        if act.listed_name is not None:
            self.named = act
        has_term = act.end is not None
        if act.action in (Action.LIST, Action.CARRY_OVER, Action.RENEW):
            self.term = act.designation_id if has_term else None
        elif act.action is Action.SUSPEND:
            self.suspension = act.designation_id if has_term else None
        elif act.action is Action.REINSTATE:
            self.suspension = None
        elif act.action is Action.DELIST:
            self.term = self.suspension = None
        self._move(after, act, step.when)

    def _lapse(self, step: Step) -> None:
        act_id = step.act.designation_id
        if act_id not in self.applied:
            return
        if step.lapse is Lapse.TERM and act_id != self.term:
            return
        if step.lapse is Lapse.SUSPENSION and act_id != self.suspension:
            return
        after = LAPSES.get((self.state, step.lapse)) if step.lapse is not None else None
        if after is None:
            return
        self._move(after, step.act, step.when, lapsed=True)
        if after is State.LISTED:
            self.suspension = None
        else:
            self.term = self.suspension = None


Included = Callable[[Step], bool]


def walk(chain: Chain, included: Included | None = None) -> ChainState:
    """Apply a chain's steps in order (those *included*, by default all) and return where it stands.

    An act has no effect before the act it changes has taken effect, so an act whose parent in the chain
    was not applied is skipped.
    """
    state = ChainState(scope=chain.root.scope)
    for step in chain.steps:
        parent = step.act.related_id
        if step.act.action not in _ROOTS and parent in chain.members and parent not in state.applied:
            continue
        if included is None or included(step):
            state.apply(step)
    return state


_ROOTS = frozenset({Action.LIST, Action.CARRY_OVER})
_TERMED = frozenset({Action.LIST, Action.CARRY_OVER, Action.RENEW, Action.SUSPEND})


def _step_window(when: ParsedDate, recorded: Sequence[ParsedDate] | None) -> tuple[datetime.date, datetime.date]:
    earliest = when.lower or MIN_DAY
    latest = when.upper or MAX_DAY
    if recorded is not None:
        if len({date.text for date in recorded}) < 2:  # one date cannot bound a dispute
            return MIN_DAY, MAX_DAY
        earliest = min(earliest, *(date.lower or MIN_DAY for date in recorded))
        latest = max(latest, *(date.upper or MAX_DAY for date in recorded))
    return earliest, latest


def _steps_of(act: HistoryAct, depth: int) -> list[Step]:
    when = act.when
    earliest, latest = _step_window(when, act.recorded if act.disputed else None)
    steps = [Step(act, None, when, when.lower or MIN_DAY, earliest, latest, depth)]
    if act.end is not None and act.action in _TERMED:
        kind = Lapse.SUSPENSION if act.action is Action.SUSPEND else Lapse.TERM
        start = act.end.lower or MIN_DAY
        steps.append(Step(act, kind, act.end, start, start, act.end.upper or MAX_DAY, depth))
    if act.list_end is not None and act.action in _ROOTS:
        start = act.list_end.lower or MIN_DAY
        steps.append(Step(act, Lapse.LIST_END, act.list_end, start, start, act.list_end.upper or MAX_DAY, depth))
    return steps


def build_chains(acts: Iterable[HistoryAct]) -> tuple[Chain, ...]:
    """The chains the acts form, each starting at its root, ordered by when they begin.

    An act's chain is found by following ``related_id`` until a ``list`` or ``carry_over`` act (whose own
    related act, on a predecessor list, belongs to another chain), an act not among *acts*, or a cycle.
    """
    by_id = {act.designation_id: act for act in acts}

    def ancestry(act: HistoryAct) -> list[HistoryAct]:
        line = [act]
        seen = {act.designation_id}
        current = act
        while current.action not in _ROOTS and current.related_id in by_id and current.related_id not in seen:
            current = by_id[current.related_id]
            seen.add(current.designation_id)
            line.append(current)
        return line

    members: dict[str, list[Step]] = {}
    roots: dict[str, HistoryAct] = {}
    for act in by_id.values():
        line = ancestry(act)
        root = line[-1]
        roots[root.designation_id] = root
        members.setdefault(root.designation_id, []).extend(_steps_of(act, len(line) - 1))
    chains = [
        Chain(
            roots[root_id],
            tuple(sorted(_in_chain_order(steps), key=Step.sort_key)),
            frozenset(step.act.designation_id for step in steps),
        )
        for root_id, steps in members.items()
    ]
    return tuple(sorted(chains, key=lambda chain: chain.steps[0].sort_key()))


def _in_chain_order(steps: Sequence[Step]) -> list[Step]:
    """The steps with each act's range narrowed so that no act can precede the act it changes."""
    effects = {step.act.designation_id: step for step in steps if step.lapse is None}
    earliest = {key: step.earliest for key, step in effects.items()}
    latest = {key: step.latest for key, step in effects.items()}
    for _ in range(len(effects)):
        moved = False
        for key, step in effects.items():
            parent = step.act.related_id
            if step.act.action in _ROOTS or parent is None or parent not in effects or parent == key:
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
        if step.lapse is not None:
            narrowed.append(step)
            continue
        # A range never excludes the day the act counts from, so the answer given is always a possible one.
        low, high = min(earliest[key], step.start), max(latest[key], step.start)
        narrowed.append(dataclasses.replace(step, earliest=low, latest=high))
    return narrowed
