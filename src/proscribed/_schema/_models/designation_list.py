"""Lists: the designation lists and programmes that acts put organisations on and take them off."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from .._types import ActorId, EdtfDate, Jurisdiction, LanguageTag, ListId, LongText, Text, Url
from .._vocab import Measure
from ._base import Record, parsed_date
from .instrument import before

__all__ = ["DesignationList"]


class DesignationList(Record):
    """A designation list or programme under a law, kept by an authority.

    Every act in ``designations`` belongs to one list; an actor's status on a list follows from the acts
    on that list. A jurisdiction may keep several lists (the United States' Foreign Terrorist
    Organizations and Specially Designated Global Terrorists), which are never merged into one.
    """

    list_id: ListId = Field(
        description="Stable identifier: the jurisdiction in lower case, then a slug.",
        examples=["gb-proscribed", "us-fto", "ru-terrorist"],
    )
    jurisdiction: Jurisdiction = Field(
        description="Where the list applies: ISO 3166-1 alpha-2 country code, or EU or UN.", examples=["GB"]
    )
    name: Text = Field(
        description="The list's name in English.", examples=["Proscribed organisations (Terrorism Act 2000)"]
    )
    name_original: Text | None = Field(
        default=None, description="The list's official name in its own language, where that is not English."
    )
    name_original_lang: LanguageTag | None = Field(
        default=None, description="BCP 47 tag of name_original; required when name_original is given."
    )
    measure: Measure = Field(description="What being on the list means: a terrorist listing, a ban, sanctions.")
    legal_basis: Text | None = Field(
        default=None,
        description="The law the list is kept under, with the provisions; empty where it is not established.",
        examples=["Terrorism Act 2000, section 3 and Schedule 2"],
    )
    authority_id: ActorId = Field(
        description="Who decides listings: a minister, a government, a court, a council.",
        examples=["org-gb-home-office"],
    )
    keeper_id: ActorId | None = Field(
        default=None,
        description="Who keeps and publishes the list, where that is not the deciding authority.",
        examples=["org-ru-fsb"],
    )
    listing: LongText | None = Field(
        default=None, description="How an organisation comes to be listed: who decides, on what test."
    )
    delisting: LongText | None = Field(
        default=None,
        description="How a listing ends: revocation, deproscription, a court's decision, a term that lapses.",
    )
    term: LongText | None = Field(
        default=None,
        description=(
            "How long a listing lasts and how it is renewed, with the changes over time; empty if it lasts "
            "until revoked."
        ),
    )
    started: EdtfDate | None = Field(
        default=None,
        description="When the list began: the day its law came into force (EDTF); empty where not established.",
    )
    ended: EdtfDate | None = Field(
        default=None,
        description="When the list ceased (EDTF): every listing still on it ends that day. Empty while it exists.",
    )
    predecessor_id: ListId | None = Field(
        default=None,
        description="The list whose listings this one took over when it began ('carry_over' acts continue them).",
    )
    url: Url | None = Field(default=None, description="The official page of the list, where one exists.")
    note: LongText | None = Field(default=None, description="Context a user needs to read the list right.")

    @model_validator(mode="after")
    def check_rules(self) -> Self:
        """The identifier starts with the jurisdiction; dates in order; no list is its own predecessor."""
        prefix = self.list_id.split("-", 1)[0]
        if prefix != self.jurisdiction.lower():
            raise ValueError(
                f"a list of {self.jurisdiction} has a list_id starting with {self.jurisdiction.lower()}-, not {prefix}-"
            )
        if (self.name_original is None) != (self.name_original_lang is None):
            raise ValueError("name_original and name_original_lang are given together or not at all")
        if self.predecessor_id == self.list_id:
            raise ValueError("a list cannot be its own predecessor")
        started, ended = parsed_date(self.started), parsed_date(self.ended)
        if started is not None and ended is not None and before(ended, started):
            raise ValueError(f"ended {ended.text} is before started {started.text}")
        return self
