"""Rules across acts, their instruments, lists and names: one implementation for loading and validation.

Both :func:`proscribed.load` and ``proscribed validate`` hand their rows to :func:`check_acts`, in plain
form, and report what it finds in their own layout; the histories are walked by the same state machine as
the status queries (:mod:`._history`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ._edtf import EdtfError, ParsedDate
from ._history import MIN_DAY, Chain, HistoryAct, State, Step, build_chains, walk
from ._models import Designation
from ._types import cached_edtf
from ._vocab import Action, Scope

__all__ = ["ActRow", "AliasRow", "InstrumentRow", "Issue", "ListRow", "act_row", "check_acts", "history_act"]


@dataclass(frozen=True, slots=True)
class ListRow:
    """What the rules need of a list."""

    list_id: str
    jurisdiction: str
    started: str | None
    ended: str | None
    predecessor_id: str | None


@dataclass(frozen=True, slots=True)
class InstrumentRow:
    """What the rules need of an instrument."""

    instrument_id: str
    jurisdiction: str
    decision_date: str | None
    publication_date: str | None
    effective_date: str | None


@dataclass(frozen=True, slots=True)
class ActRow:
    """What the rules need of an act, with its position in its table."""

    index: int
    designation_id: str
    actor_id: str
    list_id: str
    action: Action
    scope: Scope
    instrument_id: str
    end_date: str | None
    related_id: str | None


def act_row(index: int, act: Designation) -> ActRow:
    """What the rules need of a validated act."""
    return ActRow(
        index,
        act.designation_id,
        act.actor_id,
        act.list_id,
        act.action,
        act.scope,
        act.instrument_id,
        act.end_date,
        act.related_designation_id,
    )


def history_act(  # noqa: PLR0913  (the act, then what its instrument and list say of it)
    act: ActRow,
    when: ParsedDate,
    *,
    list_end: ParsedDate | None,
    recorded: tuple[ParsedDate, ...] = (),
    disputed: bool = False,
    listed_name: str | None = None,
) -> HistoryAct:
    """The act as the state machine sees it, taking effect *when* its instrument did."""
    return HistoryAct(
        designation_id=act.designation_id,
        actor_id=act.actor_id,
        list_id=act.list_id,
        action=act.action,
        scope=act.scope,
        related_id=act.related_id,
        when=when,
        end=_date(act.end_date),
        list_end=list_end,
        recorded=recorded,
        disputed=disputed,
        listed_name=listed_name,
        instrument_id=act.instrument_id,
        row=act.index,
    )


@dataclass(frozen=True, slots=True)
class AliasRow:
    """What the rules need of a name: its actor and the act that put it on a list."""

    index: int
    actor_id: str
    designation_id: str | None


@dataclass(frozen=True, slots=True)
class Issue:
    """A broken rule: its error code, the table and row (index in file order), the column and the message."""

    code: str
    table: str
    index: int
    column: str | None
    message: str


def _date(text: str | None) -> ParsedDate | None:
    if text is None:
        return None
    try:
        return cached_edtf(text)
    except EdtfError:
        return None


def _takes_effect(instrument: InstrumentRow) -> ParsedDate | None:
    for text in (instrument.effective_date, instrument.decision_date, instrument.publication_date):
        parsed = _date(text)
        if parsed is not None:
            return parsed
    return None


def _certainly_before(later: ParsedDate, earlier: ParsedDate) -> bool:
    return later.upper is not None and earlier.lower is not None and later.upper < earlier.lower


def _first_day(date: ParsedDate) -> str:
    return date.lower.isoformat() if date.lower is not None else date.text


class _Checker:
    def __init__(self, lists: Iterable[ListRow], instruments: Iterable[InstrumentRow]) -> None:
        self.lists = {row.list_id: row for row in lists}
        self.instruments = {row.instrument_id: row for row in instruments}
        self.issues: list[Issue] = []

    def report(self, code: str, act: ActRow, column: str | None, message: str) -> None:
        self.issues.append(Issue(code, "designations", act.index, column, message))

    def history_act(self, act: ActRow) -> HistoryAct | None:
        """The act as the state machine sees it, or ``None`` if its list or instrument is not known."""
        listed_on = self.lists.get(act.list_id)
        instrument = self.instruments.get(act.instrument_id)
        when = None if instrument is None else _takes_effect(instrument)
        if listed_on is None or instrument is None or when is None:
            return None
        if instrument.jurisdiction != listed_on.jurisdiction:
            message = (
                f"the instrument {instrument.instrument_id} is of {instrument.jurisdiction}, but the list "
                f"{listed_on.list_id} is of {listed_on.jurisdiction}"
            )
            self.report("instrument-jurisdiction", act, "instrument_id", message)
        end = _date(act.end_date)
        if end is not None and _certainly_before(end, when):
            message = (
                f"end_date {end.text} is before the act takes effect ({when.text}, from {instrument.instrument_id})"
            )
            self.report("history-term", act, "end_date", message)
        started, ended = _date(listed_on.started), _date(listed_on.ended)
        if started is not None and _certainly_before(when, started):
            message = f"the act takes effect on {when.text}, before its list {listed_on.list_id} began ({started.text})"
            self.report("history-outside-list", act, "instrument_id", message)
        if ended is not None and _certainly_before(ended, when):
            message = f"the act takes effect on {when.text}, after its list {listed_on.list_id} ended ({ended.text})"
            self.report("history-outside-list", act, "instrument_id", message)
        return history_act(act, when, list_end=ended)

    def related(self, act: ActRow, mine: HistoryAct, related: HistoryAct) -> None:
        where = f"on {related.actor_id} on the list {related.list_id}"
        if related.actor_id != act.actor_id:
            message = f"related_designation_id {related.designation_id} is an act {where}, not on {act.actor_id}"
            self.report("history-related", act, "related_designation_id", message)
            return
        if act.action is Action.CARRY_OVER:
            predecessor = self.lists[act.list_id].predecessor_id
            if related.list_id != predecessor:
                wanted = "the list has no predecessor" if predecessor is None else f"its predecessor is {predecessor}"
                message = (
                    f"a 'carry_over' act continues a listing on the predecessor of {act.list_id}, but "
                    f"{related.designation_id} is {where} ({wanted})"
                )
                self.report("history-related", act, "related_designation_id", message)
        elif related.list_id != act.list_id:
            message = (
                f"related_designation_id {related.designation_id} is an act {where}, not on {act.list_id}: "
                "an act changes a listing on its own list"
            )
            self.report("history-related", act, "related_designation_id", message)
            return
        if (related.when.lower or MIN_DAY) > (mine.when.lower or MIN_DAY):
            message = (
                f"related_designation_id {related.designation_id} takes effect on {_first_day(related.when)}, "
                f"after this act ({_first_day(mine.when)})"
            )
            self.report("history-related", act, "related_designation_id", message)

    def carry_over_without_predecessor(self, act: ActRow) -> None:
        listed_on = self.lists.get(act.list_id)
        if act.action is Action.CARRY_OVER and listed_on is not None and listed_on.predecessor_id is None:
            message = (
                f"a 'carry_over' act continues a listing from the list's predecessor, but {act.list_id} has no "
                "predecessor_id; record the act as 'list', or name the predecessor list"
            )
            self.report("history-related", act, "action", message)

    def chains(self, rows: dict[str, ActRow], history: dict[str, HistoryAct], chains: Sequence[Chain]) -> None:
        for chain in chains:
            if chain.root.action not in (Action.LIST, Action.CARRY_OVER):
                first = rows[chain.root.designation_id]
                if chain.root.related_id is None or chain.root.related_id in history:
                    message = (
                        f"a {first.action.value!r} act with no listing before it: related_designation_id must lead "
                        f"to the 'list' act of {first.actor_id} on {first.list_id} that it changes"
                    )
                    self.report("history-without-listing", first, "related_designation_id", message)
                continue
            for rejection in walk(chain).rejected:
                act = rows[rejection.act.designation_id]
                since = rejection.since
                when = rejection.since_date or (None if since is None else since.when)
                standing = (
                    "not yet in force"
                    if since is None or when is None
                    else f"{_state_word(rejection.state)} since {when.text} ({since.designation_id})"
                )
                message = (
                    f"a {act.action.value!r} act on {_first_day(rejection.act.when)}, but the listing "
                    f"{chain.root.designation_id} is {standing}"
                )
                self.report("history-without-listing", act, "action", message)
        self.listed_twice(rows, chains)

    def listed_twice(self, rows: dict[str, ActRow], chains: Sequence[Chain]) -> None:
        by_list: dict[tuple[str, str], list[Chain]] = defaultdict(list)
        for chain in chains:
            if chain.root.action in (Action.LIST, Action.CARRY_OVER):
                by_list[chain.root.actor_id, chain.root.list_id].append(chain)
        for group in by_list.values():
            group.sort(key=lambda chain: (chain.root.when.lower or MIN_DAY, chain.root.row))
            for position, later in enumerate(group):
                start = later.root.when.lower or MIN_DAY
                for earlier in group[:position]:
                    state = walk(earlier, _by_day(start)).state
                    if state in (State.LISTED, State.SUSPENDED) and _overlap(earlier.root, later.root):
                        act = rows[later.root.designation_id]
                        message = (
                            f"{act.actor_id} is already on {act.list_id} by {earlier.root.designation_id} since "
                            f"{_first_day(earlier.root.when)}; record a renewal as 'renew' (or a change as 'amend') "
                            "with related_designation_id, or delist first"
                        )
                        self.report("history-listed-twice", act, "action", message)
                        break


def _overlap(first: HistoryAct, second: HistoryAct) -> bool:
    """Whether two listings on one list would list the same thing twice.

    Only two listings of the whole organisation by different instruments do. Parts of an organisation may
    be listed side by side and beside the whole (Russia's list names the Crimean branch of Right Sector
    and, later, Right Sector itself); a measure on its associates may stand beside a listing of it; and one
    instrument may make two entries for one organisation (the UK order of 2006 added Al-Ghurabaa and The
    Saved Sect, both names of Al-Muhajiroun).
    """
    if first.instrument_id and first.instrument_id == second.instrument_id:
        return False
    return first.scope is Scope.ENTITY and second.scope is Scope.ENTITY


def _by_day(day: datetime.date) -> Callable[[Step], bool]:
    def taken_effect(step: Step) -> bool:
        return step.start <= day

    return taken_effect


def _state_word(state: State) -> str:
    return "delisted (its term lapsed)" if state is State.LAPSED else state.value


def check_acts(
    lists: Iterable[ListRow],
    instruments: Iterable[InstrumentRow],
    acts: Iterable[ActRow],
    aliases: Iterable[AliasRow] = (),
) -> list[Issue]:
    """Every broken rule across acts, instruments, lists and names, in the order found.

    Acts whose list or instrument is unknown are skipped: the foreign keys report them.
    """
    checker = _Checker(lists, instruments)
    rows: dict[str, ActRow] = {}
    history: dict[str, HistoryAct] = {}
    for act in acts:
        rows.setdefault(act.designation_id, act)
        checker.carry_over_without_predecessor(act)
        made = checker.history_act(act)
        if made is not None:
            history.setdefault(act.designation_id, made)
    for act_id, made in history.items():
        related = history.get(made.related_id) if made.related_id is not None else None
        if related is not None:
            checker.related(rows[act_id], made, related)
    same_list = [
        made
        for made in history.values()
        if made.action is Action.CARRY_OVER
        or made.related_id is None
        or made.related_id not in history
        or history[made.related_id].list_id == made.list_id
    ]
    checker.chains(rows, history, build_chains(same_list))
    for alias in aliases:
        owner = rows.get(alias.designation_id) if alias.designation_id is not None else None
        if owner is not None and owner.actor_id != alias.actor_id:
            message = f"designation_id {owner.designation_id} is an act on {owner.actor_id}, not on {alias.actor_id}"
            checker.issues.append(Issue("alias-act", "aliases", alias.index, "designation_id", message))
    return checker.issues
