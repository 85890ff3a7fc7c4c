"""Instruments: the orders, notices, decisions and regulations that make designation acts."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from .._edtf import ParsedDate
from .._types import ActorId, EdtfDate, InstrumentId, Jurisdiction, LanguageTag, LongText, Text, Url, is_english
from .._vocab import InstrumentType, Verification
from ._base import Record, check_verification, parsed_date

__all__ = ["Instrument", "before"]


class Instrument(Record):
    """One legal instrument: an order, notice, court decision or regulation, recorded once.

    An instrument that acts on many organisations (an order adding twenty groups to a schedule, a court
    decision recognising fifteen organisations as terrorist) is one record; each of its effects on one
    organisation is an act in ``designations`` that names it. The instrument's dates are the dates of
    its acts.
    """

    instrument_id: InstrumentId = Field(
        description="Stable identifier: 'ins-', the jurisdiction, then the instrument's number or a few words.",
        examples=["ins-gb-si-2001-1261", "ins-us-fr-62-52649", "ins-ru-supreme-court-20030214"],
    )
    jurisdiction: Jurisdiction = Field(
        description="Where the instrument has effect: ISO 3166-1 alpha-2 country code, or EU or UN.",
        examples=["GB"],
    )
    instrument_type: InstrumentType = Field(description="What kind of instrument it is.")
    title: Text = Field(
        description="The title as published, in its own language; for an untitled decision, a short description.",
        examples=["The Terrorism Act 2000 (Proscribed Organisations) (Amendment) Order 2001"],
    )
    title_lang: LanguageTag = Field(description="BCP 47 tag of the title's language.", examples=["en", "ru"])
    title_en: Text | None = Field(
        default=None, description="An English rendering of the title; required when the title is not in English."
    )
    reference: Text | None = Field(
        default=None,
        description="The official number or citation: statutory instrument number, gazette citation, case number.",
        examples=["SI 2001/1261", "62 FR 52649", "ГКПИ03-116"],
    )
    authority_id: ActorId = Field(
        description="Who made the instrument: a minister, a government, a court, a council.",
        examples=["org-ru-supreme-court"],
    )
    applicant_id: ActorId | None = Field(
        default=None, description="Who asked for it, where a court or authority acted on an application."
    )
    decision_date: EdtfDate | None = Field(
        default=None, description="When it was made, signed, decided or adopted (EDTF)."
    )
    publication_date: EdtfDate | None = Field(
        default=None, description="When it was published in a gazette or announced (EDTF)."
    )
    effective_date: EdtfDate | None = Field(
        default=None,
        description=(
            "When it came into force, where that differs from the decision (EDTF); it may precede the decision "
            "where the instrument has retrospective effect."
        ),
    )
    url: Url | None = Field(default=None, description="Where the instrument's own text is published.")
    verification: Verification = Field(
        description="How far independent sources bear out the instrument's number and dates."
    )
    verification_note: LongText | None = Field(
        default=None, description="What is unconfirmed or disputed, and why; required unless confirmed."
    )
    note: LongText | None = Field(default=None, description="Context a user needs to read the instrument right.")

    @property
    def takes_effect(self) -> ParsedDate:
        """When the instrument took effect: the effective date, else the decision date, else the publication date."""
        for value in (self.effective_date, self.decision_date, self.publication_date):
            parsed = parsed_date(value)
            if parsed is not None:
                return parsed
        raise AssertionError("unreachable: an instrument carries at least one date")

    @property
    def recorded_dates(self) -> tuple[ParsedDate, ...]:
        """Every date the instrument records: decision, publication and effective, where given."""
        values = (self.decision_date, self.publication_date, self.effective_date)
        return tuple(parsed for parsed in map(parsed_date, values) if parsed is not None)

    @model_validator(mode="after")
    def check_rules(self) -> Self:
        """At least one date; not published before it was made; a title not in English has an English rendering."""
        if self.decision_date is None and self.publication_date is None and self.effective_date is None:
            raise ValueError("give at least one of decision_date, publication_date and effective_date")
        decided, published = parsed_date(self.decision_date), parsed_date(self.publication_date)
        if decided is not None and published is not None and before(published, decided):
            raise ValueError(f"publication_date {published.text} is before decision_date {decided.text}")
        if not is_english(self.title_lang) and self.title_en is None:
            raise ValueError(f"title_en is required when the title is not in English ({self.title_lang!r})")
        if is_english(self.title_lang) and self.title_en is not None:
            raise ValueError("title_en must be empty when the title is already in English")
        if self.applicant_id is not None and self.applicant_id == self.authority_id:
            raise ValueError("the applicant and the authority are the same actor; leave applicant_id empty")
        check_verification(self.verification, self.verification_note)
        return self


def before(later: ParsedDate, earlier: ParsedDate) -> bool:
    """True when *later* certainly falls before *earlier* (its last possible day precedes the other's first)."""
    return later.upper is not None and earlier.lower is not None and later.upper < earlier.lower
