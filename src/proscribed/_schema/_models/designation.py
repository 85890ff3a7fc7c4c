"""Designations: the legal acts that list, suspend, delist or otherwise change an actor's status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Self

from pydantic import Field, model_validator

from .._types import ActorId, DesignationId, EdtfDate, InstrumentId, ListId, LongText, Text
from .._vocab import Action, Scope, Verification
from ._base import Record, check_verification

__all__ = ["ROOT_ACTIONS", "TERM_ACTIONS", "Designation"]

ROOT_ACTIONS = frozenset({Action.LIST, Action.CARRY_OVER})
"""Actions that start a listing; every other act changes an earlier one (``related_designation_id``)."""

TERM_ACTIONS = frozenset({Action.LIST, Action.CARRY_OVER, Action.RENEW, Action.SUSPEND})
"""Actions that may carry an ``end_date``: a listing's or renewal's term, or a suspension's."""


class Designation(Record):
    """One legal act on an actor's entry on one list: one row per act.

    An actor's status on a list on a date follows from the acts in force by then; the acts are never
    collapsed into a single "listed from … to …" row. The act's dates are those of its instrument.
    """

    future_dates: ClassVar[Mapping[str, tuple[str, str] | None]] = {"end_date": None}

    designation_id: DesignationId = Field(
        description="Stable identifier: 'des-', the jurisdiction, the year, the actor's slug, then the action.",
        examples=["des-ru-2003-taliban-list", "des-ru-2025-taliban-suspend"],
    )
    actor_id: ActorId = Field(description="The actor the act is about.", examples=["org-taliban"])
    list_id: ListId = Field(description="The list the act belongs to.", examples=["ru-terrorist"])
    action: Action = Field(description="What the act does to the actor's entry on the list.")
    scope: Scope = Field(
        description="Whom the act applies to: the organisation itself, a part of it, or its associates."
    )
    scope_note: Text | None = Field(
        default=None, description="Who exactly is covered; required unless the scope is the whole entity."
    )
    listed_name: Text | None = Field(
        default=None,
        description=(
            "The entry as the instrument writes it, with any names it gives in brackets; empty where the "
            "instrument's wording was not read."
        ),
        examples=["Hamas Izz al-Din al-Qassem Brigades"],
    )
    instrument_id: InstrumentId = Field(
        description="The instrument that made the act; its dates are the act's dates.",
        examples=["ins-ru-supreme-court-20030214"],
    )
    end_date: EdtfDate | None = Field(
        default=None,
        description=(
            "For an act with a term (a listing, renewal or suspension made for a fixed time): the day it lapses "
            "(EDTF), the first day it is no longer in force. Empty for acts without a term."
        ),
    )
    related_designation_id: DesignationId | None = Field(
        default=None,
        description=(
            "The act this one changes: the listing a suspension suspends, a delisting ends or a renewal renews. "
            "Required for every action but 'list' and 'carry_over'; for 'carry_over', optionally the act on "
            "the predecessor list whose listing it continues."
        ),
    )
    verification: Verification = Field(description="How far independent sources bear the record out.")
    verification_note: LongText | None = Field(
        default=None, description="What is unconfirmed or disputed, and why; required unless confirmed."
    )
    note: LongText | None = Field(default=None, description="Context a user needs to read the act right.")

    @property
    def jurisdiction(self) -> str:
        """The jurisdiction of the act's list, from the list identifier (``gb-proscribed`` is ``GB``)."""
        return self.list_id.split("-", 1)[0].upper()

    @model_validator(mode="after")
    def check_rules(self) -> Self:
        """The scope and the related act are stated where needed; a term only on acts that have one."""
        if self.scope is not Scope.ENTITY and self.scope_note is None:
            raise ValueError(f"scope_note is required when scope is {self.scope.value!r}: say who is covered")
        if self.action not in ROOT_ACTIONS and self.related_designation_id is None:
            raise ValueError(
                f"related_designation_id is required for a {self.action.value!r} act: name the act it changes"
            )
        if self.action is Action.LIST and self.related_designation_id is not None:
            raise ValueError(
                "a 'list' act starts a listing and names no related act; record a change of an existing listing "
                "as 'amend', 'renew' or 'review', and a listing continued from a predecessor list as 'carry_over'"
            )
        if self.related_designation_id == self.designation_id:
            raise ValueError("an act cannot relate to itself")
        if self.end_date is not None and self.action not in TERM_ACTIONS:
            allowed = ", ".join(sorted(action.value for action in TERM_ACTIONS))
            raise ValueError(f"end_date is only for acts with a term ({allowed}), not for a {self.action.value!r} act")
        check_verification(self.verification, self.verification_note)
        return self
