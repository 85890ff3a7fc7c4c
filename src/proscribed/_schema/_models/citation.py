"""Citations: the link between a record and a source, with the passage that bears on it."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from .._types import CitableId, LanguageTag, LongText, SourceId, Text
from .._vocab import Aspect, Relation, TranslationBy
from ._base import Record, check_translation

__all__ = ["Citation"]


class Citation(Record):
    """A source cited by a record, with the verbatim passage that supports, qualifies or contradicts it."""

    record_id: CitableId = Field(
        description=(
            "The record cited for: a statement, event, designation, role or actor identifier; "
            "its prefix says which table."
        ),
        examples=["stmt-20240527-sergey-lavrov-real-power"],
    )
    source_id: SourceId = Field(description="The source cited.")
    relation: Relation = Field(description="Whether the passage supports the record, partly, or contradicts it.")
    aspect: Aspect = Field(description="Which part of the record the passage bears on.")
    excerpt: LongText = Field(
        description=(
            "The passage, verbatim as the source prints it. Omitted text is marked […]; a bullet that only marks "
            "a list item is left out; nothing else is changed."
        )
    )
    excerpt_lang: LanguageTag = Field(description="BCP 47 tag of the excerpt's language.")
    excerpt_en: LongText | None = Field(
        default=None, description="An English rendering of the excerpt; required when it is not in English."
    )
    translation_by: TranslationBy | None = Field(
        default=None, description="Who made the English rendering; required with excerpt_en."
    )
    locator: Text | None = Field(
        default=None, description="Where in the source the passage is: paragraph, page, timecode."
    )
    note: LongText | None = Field(default=None, description="What this source adds, or how it differs.")

    @model_validator(mode="after")
    def check_rendering(self) -> Self:
        """An excerpt not in English carries an English rendering and says who made it."""
        check_translation(
            text_field="excerpt",
            language=self.excerpt_lang,
            english=self.excerpt_en,
            translation_by=self.translation_by,
        )
        return self
