"""One history state machine: validation and the status queries agree on every generated history.

Histories of acts on one organisation on one list are drawn at random (every action, any earlier act as
the related one, terms of random length). Each is written as a package, validated, and loaded without
the loader's checks; then

* the acts that ``validate`` reports as ``history-without-listing`` are exactly those that a small
  reference interpreter of :data:`proscribed._schema._history.TRANSITIONS` refuses, and
* on the day of every act, and the day before and after, :meth:`Dataset.status` gives the state the
  reference interpreter reaches.

The reference interpreter is written here from the documented rules, apart from the engine's code.
"""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import proscribed
from proscribed import Action, Dataset, Status
from proscribed._schema._descriptor import generated_files
from proscribed._schema._history import LAPSES, TRANSITIONS, Lapse, State
from proscribed._validate import validate

from .fixtures_query.package import BASE_ACTORS, act, split_act, write_package

D = datetime.date
TERMED = {Action.LIST, Action.CARRY_OVER, Action.RENEW, Action.SUSPEND}


@dataclass(frozen=True)
class Drawn:
    designation_id: str
    action: Action
    day: D
    related: str | None
    end: D | None


@st.composite
def histories(draw: st.DrawFn) -> list[Drawn]:
    count = draw(st.integers(min_value=1, max_value=6))
    gaps = draw(st.lists(st.integers(min_value=1, max_value=400), min_size=count, max_size=count))
    day = D(2001, 1, 1)
    acts: list[Drawn] = []
    others = [action for action in Action if action not in (Action.LIST, Action.CARRY_OVER)]
    for index in range(count):
        day += datetime.timedelta(days=gaps[index])
        action = Action.LIST if index == 0 else draw(st.sampled_from(others))
        related = None if index == 0 else acts[draw(st.integers(0, index - 1))].designation_id
        end = None
        if action in TERMED and draw(st.booleans()):
            end = day + datetime.timedelta(days=draw(st.integers(min_value=1, max_value=900)))
        acts.append(Drawn(f"des-{index}", action, day, related, end))
    return acts


def reference(acts: list[Drawn], on: D) -> tuple[State, set[str]]:  # noqa: C901, PLR0912  (the rules, one by one)
    """The chain's state on *on*, and the acts refused up to then, by the documented rules."""
    events: list[tuple[D, int, int, Drawn]] = []
    for position, drawn in enumerate(acts):
        if drawn.day <= on:
            events.append((drawn.day, 0, position, drawn))
        if drawn.end is not None and drawn.end <= on:
            events.append((drawn.end, 1, position, drawn))
    state, term, suspension = State.NOT_LISTED, None, None
    applied: set[str] = set()
    refused: set[str] = set()
    for _, kind, _, drawn in sorted(events, key=lambda event: event[:3]):
        if kind == 1:
            if drawn.designation_id not in applied:
                continue
            lapse = Lapse.SUSPENSION if drawn.action is Action.SUSPEND else Lapse.TERM
            running = suspension if lapse is Lapse.SUSPENSION else term
            after = LAPSES.get((state, lapse))
            if drawn.designation_id == running and after is not None:
                state = after
                if after is State.LISTED:
                    suspension = None
                else:
                    term = suspension = None
            continue
        if drawn.related is not None and drawn.related not in applied:
            continue  # an act has no effect before the act it changes has
        after = TRANSITIONS.get((state, drawn.action))
        if after is None:
            refused.add(drawn.designation_id)
            continue
        applied.add(drawn.designation_id)
        if drawn.action in (Action.LIST, Action.RENEW):
            term = drawn.designation_id if drawn.end is not None else None
        elif drawn.action is Action.SUSPEND:
            suspension = drawn.designation_id if drawn.end is not None else None
        elif drawn.action is Action.REINSTATE:
            suspension = None
        elif drawn.action is Action.DELIST:
            term = suspension = None
        state = after
    return state, refused


def rows_of(acts: list[Drawn]) -> list[dict[str, str]]:
    rows = []
    for drawn in acts:
        fields = {"decision_date": drawn.day.isoformat()}
        if drawn.related is not None:
            fields["related_designation_id"] = drawn.related
        if drawn.end is not None:
            fields["end_date"] = drawn.end.isoformat()
        rows.append(act(drawn.designation_id, drawn.action.value, **fields))
    return rows


def unchecked(rows: list[dict[str, str]]) -> Dataset:
    """The package's records as a dataset, without the loader's history checks."""
    designations, instruments, lists = [], [], {}
    for row in rows:
        act_row, instrument, listed_on = split_act(row)
        designations.append(proscribed.Designation.model_validate(act_row))
        assert instrument is not None
        instruments.append(proscribed.Instrument.model_validate(instrument))
        lists[listed_on["list_id"]] = proscribed.DesignationList.model_validate(listed_on)
    actors = tuple(proscribed.Actor.model_validate(row) for row in BASE_ACTORS)
    return Dataset(
        version="0",
        root=Path(),
        actors=actors,
        aliases=(),
        roles=(),
        sources=(),
        lists=tuple(lists.values()),
        instruments=tuple(instruments),
        list_counts=(),
        events=(),
        event_participants=(),
        statements=(),
        designations=tuple(designations),
        citations=(),
    )


REPORTED = {
    Status.NOT_LISTED: State.NOT_LISTED,
    Status.LISTED: State.LISTED,
    Status.SUSPENDED: State.SUSPENDED,
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_validation_and_status_follow_one_state_machine(acts: list[Drawn]) -> None:
    rows = rows_of(acts)
    with tempfile.TemporaryDirectory() as folder:
        root = write_package(Path(folder) / "package", {"designations": rows})
        for relative, text in generated_files().items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text, encoding="utf-8")
        report = validate(root, today=D(2030, 1, 1))
    flagged = {
        rows[finding.row - 2]["designation_id"]  # row 1 is the header
        for finding in report.findings
        if finding.code == "history-without-listing" and finding.file == "data/designations.csv" and finding.row
    }
    assert {finding.code for finding in report.findings} <= {"history-without-listing"}
    _, refused = reference(acts, D(2099, 1, 1))
    assert flagged == refused
    dataset = unchecked(rows)
    days = {drawn.day + datetime.timedelta(days=shift) for drawn in acts for shift in (-1, 0, 1)}
    days |= {drawn.end + datetime.timedelta(days=shift) for drawn in acts if drawn.end for shift in (-1, 0)}
    for day in sorted(days):
        state, _ = reference(acts, day)
        result = dataset.status("org-x", "RU", on=day)
        expected = result.status if result.status is not Status.DELISTED else None
        if expected is None:
            assert state in (State.DELISTED, State.LAPSED), (day, state, result)
            assert result.lapsed == (state is State.LAPSED), (day, state, result)
        else:
            assert REPORTED[expected] is state, (day, state, result)
