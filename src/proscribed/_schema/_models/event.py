"""Events: meetings, forums, legal steps, attacks and other happenings around a designation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Self

from pydantic import Field, model_validator

from .._edtf import ParsedDate
from .._types import ActorId, Count, CountryCode, EdtfDate, EventId, LongText, RoleId, Text, cached_edtf
from .._vocab import EventStatus, EventType, ParticipantRole, Verification
from ._base import Record, check_verification

__all__ = ["Event", "EventParticipant"]


class Event(Record):
    """Something that happened (or was planned) at a time and place."""

    future_dates: ClassVar[Mapping[str, tuple[str, str] | None]] = {"date": ("status", "planned")}

    event_id: EventId = Field(
        description="Stable identifier: 'evt-', the start date, then a few words.",
        examples=["evt-20240524-cis-security-services-bishkek"],
    )
    event_type: EventType = Field(description="What kind of event it was.")
    title: Text = Field(description="A short English title.")
    date: EdtfDate = Field(
        description="When it happened, as an EDTF value; spans are intervals.",
        examples=["2024-06-05/2024-06-08", "2024-03-22"],
    )
    status: EventStatus = Field(description="Whether the event took place.")
    country: CountryCode | None = Field(
        default=None, description="ISO 3166-1 alpha-2 code of the country where it took place."
    )
    place: Text | None = Field(default=None, description="Where it took place: city, venue.")
    parent_event_id: EventId | None = Field(
        default=None, description="A larger event this one was part of (a session within a forum)."
    )
    fatalities: Count | None = Field(
        default=None, description="People killed, for attacks, as the cited sources give it."
    )
    description: LongText | None = Field(default=None, description="What happened, in a few sentences.")
    verification: Verification = Field(description="How far independent sources bear the record out.")
    verification_note: LongText | None = Field(
        default=None, description="What is unconfirmed or disputed, and why; required unless confirmed."
    )

    @property
    def when(self) -> ParsedDate:
        """The parsed date, with its strict bounds."""
        return cached_edtf(self.date)

    @model_validator(mode="after")
    def check_rules(self) -> Self:
        """An event is not its own parent; an unconfirmed record says why."""
        if self.parent_event_id == self.event_id:
            raise ValueError("an event cannot be its own parent")
        check_verification(self.verification, self.verification_note)
        return self


class EventParticipant(Record):
    """An actor's part in an event: one row per actor and part."""

    event_id: EventId = Field(description="The event.")
    actor_id: ActorId = Field(description="The actor taking part.")
    participant_role: ParticipantRole = Field(description="The part the actor played.")
    role_id: RoleId | None = Field(
        default=None, description="The post in which a person took part, where it is in the roles table."
    )
    note: Text | None = Field(default=None, description="Anything a user should know about this part.")
