"""Designations: the legal acts that list, suspend, delist or otherwise change an actor's status."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from .._edtf import ParsedDate
from .._types import ActorId, DesignationId, EdtfDate, Jurisdiction, LongText, Text, Url
from .._vocab import Action, Measure, Scope, Verification
from ._base import Record, check_verification, parsed_date

__all__ = ["Designation"]


class Designation(Record):
    """One legal act on an actor's designation in one jurisdiction: one row per act.

    An actor's status in a jurisdiction on a date follows from the acts in force by then; the acts
    are never collapsed into a single "listed from … to …" row.
    """

    designation_id: DesignationId = Field(
        description="Stable identifier: 'des-', the jurisdiction, the year, the actor's slug, then the action.",
        examples=["des-ru-2003-taliban-list", "des-ru-2025-taliban-suspend"],
    )
    actor_id: ActorId = Field(description="The actor the act is about.", examples=["org-taliban"])
    jurisdiction: Jurisdiction = Field(
        description="Where the act applies: ISO 3166-1 alpha-2 country code, or EU or UN.", examples=["RU"]
    )
    action: Action = Field(description="What the act does to the designation.")
    measure: Measure = Field(description="What kind of listing the act concerns.")
    scope: Scope = Field(
        description="Whom the act applies to: the organisation itself, a part of it, or its associates."
    )
    scope_note: Text | None = Field(
        default=None, description="Who exactly is covered; required unless the scope is the whole entity."
    )
    program: Text | None = Field(
        default=None,
        description="The listing programme or legal status, as the authority names it.",
        examples=["Specially Designated Global Terrorist (E.O. 13224)"],
    )
    list_name: Text | None = Field(
        default=None,
        description="The list the entry is on, in English.",
        examples=["Unified federal list of organisations recognised as terrorist"],
    )
    authority_id: ActorId = Field(
        description="The body that made the act: a court, a government, a council, a committee.",
        examples=["org-ru-supreme-court"],
    )
    applicant_id: ActorId | None = Field(
        default=None, description="Who asked for the act, where a court acted on an application."
    )
    instrument: Text = Field(
        description="The legal act: its kind and title, in English.",
        examples=["Decision of the Supreme Court of the Russian Federation"],
    )
    instrument_ref: Text | None = Field(
        default=None, description="The act's official number or case number.", examples=["E.O. 13268"]
    )
    instrument_url: Url | None = Field(default=None, description="Where the text of the act is published.")
    decision_date: EdtfDate | None = Field(
        default=None, description="When the act was decided, signed or adopted (EDTF)."
    )
    publication_date: EdtfDate | None = Field(
        default=None, description="When the act was published in a gazette or announced (EDTF)."
    )
    effective_date: EdtfDate | None = Field(
        default=None, description="When the act took legal effect, where it differs from the decision (EDTF)."
    )
    end_date: EdtfDate | None = Field(
        default=None,
        description=(
            "When a time-limited act lapses (EDTF): the act is no longer in force from this day. "
            "Empty for acts without a term."
        ),
    )
    related_designation_id: DesignationId | None = Field(
        default=None,
        description=(
            "The act this one changes: the listing a suspension suspends or a delisting ends. "
            "Required for every action but 'list'."
        ),
    )
    verification: Verification = Field(description="How far independent sources bear the record out.")
    verification_note: LongText | None = Field(
        default=None, description="What is unconfirmed or disputed, and why; required unless confirmed."
    )
    note: LongText | None = Field(default=None, description="Context a user needs to read the act right.")

    @property
    def takes_effect(self) -> ParsedDate:
        """When the act took effect: the effective date, else the decision date, else the publication date."""
        for value in (self.effective_date, self.decision_date, self.publication_date):
            parsed = parsed_date(value)
            if parsed is not None:
                return parsed
        raise AssertionError("unreachable: a designation carries at least one date")

    @model_validator(mode="after")
    def check_rules(self) -> Self:
        """Dates are present and in order; the scope and the related act are stated where needed."""
        if self.decision_date is None and self.publication_date is None and self.effective_date is None:
            raise ValueError("give at least one of decision_date, publication_date and effective_date")
        if self.scope is not Scope.ENTITY and self.scope_note is None:
            raise ValueError(f"scope_note is required when scope is {self.scope.value!r}: say who is covered")
        if self.action is not Action.LIST and self.related_designation_id is None:
            raise ValueError(
                f"related_designation_id is required for a {self.action.value!r} act: name the act it changes"
            )
        if self.related_designation_id == self.designation_id:
            raise ValueError("an act cannot relate to itself")
        decided = parsed_date(self.decision_date)
        for name in ("publication_date", "effective_date", "end_date"):
            later = parsed_date(getattr(self, name))
            if decided is not None and later is not None and _before(later, decided):
                raise ValueError(f"{name} {later.text} is before decision_date {decided.text}")
        effective = parsed_date(self.effective_date)
        ending = parsed_date(self.end_date)
        if effective is not None and ending is not None and _before(ending, effective):
            raise ValueError(f"end_date {ending.text} is before effective_date {effective.text}")
        check_verification(self.verification, self.verification_note)
        return self


def _before(later: ParsedDate, earlier: ParsedDate) -> bool:
    """True when *later* certainly falls before *earlier* (its last possible day precedes the other's first)."""
    return later.upper is not None and earlier.lower is not None and later.upper < earlier.lower
