"""Filters over statements and events: who, about whom, what stance, what kind, and when.

Every filter is optional; filters given together must all hold. A filter taking identifiers or terms
accepts one value or several (any of them matches).

Dates and windows
-----------------
A window runs from *start* to *end*, both days included; either may be left open. Each end may be a
:class:`datetime.date` or an EDTF value: ``start="2024-06"`` starts on 1 June 2024, ``end="2024"`` ends on
31 December 2024. A record's own date is usually a range of possible days (``2023-06``: any day of June
2023); with ``date_rule="overlaps"`` (the default) a record matches when that range meets the window, with
``date_rule="within"`` only when the whole range lies inside it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypedDict, Unpack

from .._schema._edtf import EdtfError, ParsedDate, parse_edtf
from .._schema._models import Event, Statement

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = [
    "DateRule",
    "EventFilters",
    "Match",
    "StatementFilters",
    "Window",
    "find_events",
    "find_statements",
    "window",
]

DateRule = Literal["overlaps", "within"]
Match = str | Iterable[str] | None
"""One value, several values (any of them matches), or ``None`` for no filter."""


class _WindowFilters(TypedDict, total=False):
    start: datetime.date | str | None
    """First day of the window: a date, or an EDTF value (``2024-06`` starts on 1 June 2024)."""
    end: datetime.date | str | None
    """Last day of the window: a date, or an EDTF value (``2024`` ends on 31 December 2024)."""
    date_rule: DateRule
    """``"overlaps"`` (the default): a record's possible days meet the window; ``"within"``: all lie in it."""


class StatementFilters(_WindowFilters, total=False):
    """The filters of :meth:`Dataset.find_statements <proscribed.Dataset.find_statements>`, all optional.

    The one definition of them: the method and ``proscribed statements`` take these.
    """

    speaker: Match
    """Actor identifiers of who spoke."""
    subject: Match
    """Actor identifiers of whom the statement is about."""
    on_behalf_of: Match
    """Actor identifiers of for whom the speaker spoke."""
    stance: Match
    """Stances toward the subject (vocabulary terms)."""
    topic: Match
    """What the stance is about (vocabulary terms)."""
    verification: Match
    """How far sources bear the statement out (vocabulary terms)."""
    contains: str | None
    """Text in the quote or its English rendering, ignoring case."""


class EventFilters(_WindowFilters, total=False):
    """The filters of :meth:`Dataset.find_events <proscribed.Dataset.find_events>`, all optional.

    The one definition of them: the method and ``proscribed events`` take these.
    """

    event_type: Match
    """Kinds of event (vocabulary terms)."""
    participant: Match
    """Actor identifiers of who took part."""
    participant_role: Match
    """Parts played (vocabulary terms); with *participant*, parts played by those actors."""
    status: Match
    """Whether the event took place or is planned (vocabulary terms)."""
    country: Match
    """Where it took place (ISO 3166-1 alpha-2 codes)."""


_MIN = datetime.date.min
_MAX = datetime.date.max


@dataclass(frozen=True, slots=True)
class Window:
    """A span of days, both ends included; ``None`` leaves an end open."""

    start: datetime.date | None
    end: datetime.date | None

    def accepts(self, when: ParsedDate, rule: DateRule) -> bool:
        """True when a record dated *when* matches the window under *rule*."""
        lower = when.lower or _MIN
        upper = when.upper or _MAX
        start = self.start or _MIN
        end = self.end or _MAX
        if rule == "within":
            return start <= lower and upper <= end
        return lower <= end and start <= upper


def _bound(value: datetime.date | str | None, *, upper: bool) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value.date() if isinstance(value, datetime.datetime) else value
    try:
        parsed = parse_edtf(value)
    except EdtfError as error:
        raise ValueError(f"a window end is a day or an EDTF date such as 2024-06: {error}") from None
    return parsed.upper if upper else parsed.lower


def window(start: datetime.date | str | None = None, end: datetime.date | str | None = None) -> Window:
    """The window from *start* to *end*; EDTF ends are widened to the whole period they name."""
    result = Window(_bound(start, upper=False), _bound(end, upper=True))
    if result.start is not None and result.end is not None and result.start > result.end:
        raise ValueError(f"the window starts ({result.start}) after it ends ({result.end})")
    return result


def _wanted(value: Match) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(str(item) for item in value)


def _rule(date_rule: str) -> DateRule:
    if date_rule == "overlaps":
        return "overlaps"
    if date_rule == "within":
        return "within"
    raise ValueError(f"date_rule is 'overlaps' or 'within', not {date_rule!r}")


def _date_key(when: ParsedDate, record_id: str) -> tuple[datetime.date, datetime.date, str]:
    return (when.lower or _MIN, when.upper or _MAX, record_id)


def find_statements(dataset: Dataset, **filters: Unpack[StatementFilters]) -> tuple[Statement, ...]:
    """Statements matching every filter given, in date order (see :class:`~proscribed.StatementFilters`)."""
    speaker, subject, stance = filters.get("speaker"), filters.get("subject"), filters.get("stance")
    topic, on_behalf_of, verification = filters.get("topic"), filters.get("on_behalf_of"), filters.get("verification")
    start, end, date_rule = filters.get("start"), filters.get("end"), filters.get("date_rule", "overlaps")
    contains = filters.get("contains")
    speakers, subjects, stances = _wanted(speaker), _wanted(subject), _wanted(stance)
    topics, principals, verifications = _wanted(topic), _wanted(on_behalf_of), _wanted(verification)
    span, rule = window(start, end), _rule(date_rule)
    needle = None if contains is None else contains.casefold()

    def keep(statement: Statement) -> bool:
        checks = (
            speakers is None or statement.speaker_id in speakers,
            subjects is None or statement.subject_id in subjects,
            stances is None or statement.stance in stances,
            topics is None or statement.stance_topic in topics,
            principals is None or statement.on_behalf_of_id in principals,
            verifications is None or statement.verification in verifications,
            span.accepts(statement.when, rule),
            needle is None or needle in f"{statement.quote}\n{statement.quote_en or ''}".casefold(),
        )
        return all(checks)

    found = [statement for statement in dataset.statements if keep(statement)]
    return tuple(sorted(found, key=lambda statement: _date_key(statement.when, statement.statement_id)))


def find_events(dataset: Dataset, **filters: Unpack[EventFilters]) -> tuple[Event, ...]:
    """Events matching every filter given, in date order (see :class:`~proscribed.EventFilters`).

    *participant* keeps events in which one of the actors took part; with *participant_role* as well, in
    one of those parts. *participant_role* alone keeps events in which anyone took one of those parts.
    """
    event_type, participant, participant_role = (
        filters.get("event_type"),
        filters.get("participant"),
        filters.get("participant_role"),
    )
    status, country = filters.get("status"), filters.get("country")
    start, end, date_rule = filters.get("start"), filters.get("end"), filters.get("date_rule", "overlaps")
    types, statuses, countries = _wanted(event_type), _wanted(status), _wanted(country)
    actors, parts = _wanted(participant), _wanted(participant_role)
    span, rule = window(start, end), _rule(date_rule)
    taking_part: set[str] | None = None
    if actors is not None or parts is not None:
        taking_part = {
            row.event_id
            for row in dataset.event_participants
            if (actors is None or row.actor_id in actors) and (parts is None or row.participant_role in parts)
        }

    def keep(event: Event) -> bool:
        checks = (
            types is None or event.event_type in types,
            statuses is None or event.status in statuses,
            countries is None or event.country in countries,
            taking_part is None or event.event_id in taking_part,
            span.accepts(event.when, rule),
        )
        return all(checks)

    found = [event for event in dataset.events if keep(event)]
    return tuple(sorted(found, key=lambda event: _date_key(event.when, event.event_id)))
