"""Statements: who said what about an organisation, when, where and in what capacity."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from .._edtf import ParsedDate
from .._types import (
    ActorId,
    CountryCode,
    EdtfDate,
    EventId,
    LanguageTag,
    LongText,
    RoleId,
    SourceId,
    StatementId,
    Text,
    cached_edtf,
)
from .._vocab import DateBasis, QuoteType, Setting, Stance, StanceTopic, TranslationBy, Verification
from ._base import Record, check_translation, check_verification

__all__ = ["Statement"]


class Statement(Record):
    """An official's or an organisation's public statement, quoted as a source prints it."""

    statement_id: StatementId = Field(
        description="Stable identifier: 'stmt-', the date, the speaker's slug, then a few words.",
        examples=["stmt-20240527-sergey-lavrov-real-power"],
    )
    speaker_id: ActorId = Field(description="Who made the statement: a person, or an organisation speaking as one.")
    role_id: RoleId | None = Field(
        default=None, description="The post the speaker held when speaking, where it is in the roles table."
    )
    speaker_role: Text | None = Field(
        default=None,
        description="The speaker's capacity as the source describes it.",
        examples=["Special Representative of the President for Afghanistan"],
    )
    on_behalf_of_id: ActorId | None = Field(
        default=None, description="The organisation or state the speaker spoke for."
    )
    date: EdtfDate = Field(
        description="When the statement was made, as an EDTF value at the precision known.",
        examples=["2024-05-27", "2023-06", "[2025-04-01..2025-04-04]"],
    )
    date_basis: DateBasis = Field(description="What the date is the date of: the words, or their publication.")
    setting: Setting = Field(description="How the statement was made.")
    outlet_id: ActorId | None = Field(
        default=None, description="The news outlet the statement was made to, for interviews and broadcasts."
    )
    event_id: EventId | None = Field(default=None, description="The event at which the statement was made.")
    place: Text | None = Field(default=None, description="Where the statement was made, as reported.")
    country: CountryCode | None = Field(
        default=None, description="ISO 3166-1 alpha-2 code of the country where the statement was made."
    )
    quote: LongText = Field(
        description=(
            "The words, verbatim as the cited source prints them (a translation, if the source printed "
            "one). Omitted text is marked […]."
        )
    )
    quote_lang: LanguageTag = Field(description="BCP 47 tag of the language the quote is printed in.")
    spoken_lang: LanguageTag | None = Field(
        default=None,
        description=(
            "BCP 47 tag of the language the words were spoken in, when the source prints a translation "
            "(e.g. 'ru' for Lavrov quoted in English by TASS); empty when the quote is the original."
        ),
    )
    quote_en: LongText | None = Field(
        default=None, description="An English rendering of the quote; required when the quote is not in English."
    )
    translation_by: TranslationBy | None = Field(
        default=None, description="Who made the English rendering; required with quote_en."
    )
    quote_type: QuoteType = Field(description="Whether the source quotes the words directly or paraphrases them.")
    quote_source_id: SourceId = Field(
        description="The source whose text the quote reproduces; it is also among the statement's citations."
    )
    subject_id: ActorId = Field(description="The actor the statement is about: the target of its stance.")
    stance: Stance = Field(description="The statement's position toward its subject.")
    stance_topic: StanceTopic = Field(description="What the stance is about: listing, recognition, engagement …")
    verification: Verification = Field(description="How far independent sources bear the record out.")
    verification_note: LongText | None = Field(
        default=None, description="What is unconfirmed or disputed, and why; required unless confirmed."
    )
    note: LongText | None = Field(default=None, description="Context a user needs to read the statement right.")

    @property
    def when(self) -> ParsedDate:
        """The parsed date, with its strict bounds."""
        return cached_edtf(self.date)

    @model_validator(mode="after")
    def check_rules(self) -> Self:
        """A quote not in English has an English rendering; an unconfirmed record says why."""
        check_translation(
            text_field="quote",
            language=self.quote_lang,
            english=self.quote_en,
            translation_by=self.translation_by,
        )
        if self.spoken_lang is not None and self.spoken_lang == self.quote_lang:
            raise ValueError("spoken_lang is only for quotes printed in translation; leave it empty")
        check_verification(self.verification, self.verification_note)
        return self
