"""What every record model shares: strictness, immutability and the common cross-field rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from .._edtf import ParsedDate
from .._types import cached_edtf, is_english
from .._vocab import TranslationBy, Verification

__all__ = ["Record", "check_translation", "check_verification", "parsed_date"]


class Record(BaseModel):
    """Base of all record models: frozen, and unknown fields are rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    future_dates: ClassVar[Mapping[str, tuple[str, str] | None]] = {}
    """Date fields that may lie after today: always (``None``), or while another field has a given value.

    Validation reports any other date after today (``future-date``); loading does not, as it must give
    the same records on any day.
    """

    content_rules: ClassVar[frozenset[str]] = frozenset()
    """The model's rules (``model_validator`` names) that read an identifier or free text by its content.

    Validation runs such a rule on each distinct value of those fields instead of once per shape of the
    row, which costs time on large tables; a test fails when a rule reads content and is not named here.
    """


def parsed_date(value: str | None) -> ParsedDate | None:
    """The parsed form of an optional EDTF field, with its strict bounds."""
    return None if value is None else cached_edtf(value)


def check_verification(verification: Verification, note: str | None) -> None:
    """A record that is not confirmed says why in its verification note."""
    if verification is not Verification.CONFIRMED and note is None:
        raise ValueError(
            f"verification_note is required when verification is {verification.value!r}: "
            "say what is unconfirmed or which sources disagree"
        )


def check_translation(
    *, text_field: str, language: str, english: str | None, translation_by: TranslationBy | None
) -> None:
    """Text not in English carries an English rendering and says who made it; English text carries none."""
    english_field = f"{text_field}_en"
    if is_english(language):
        if english is not None:
            raise ValueError(f"{english_field} must be empty when {text_field} is already in English")
        if translation_by is not None:
            raise ValueError(f"translation_by must be empty when {text_field} is already in English")
        return
    if english is None:
        raise ValueError(f"{english_field} is required when {text_field} is not in English ({language!r})")
    if translation_by is None:
        raise ValueError(f"translation_by is required: say who made the English rendering in {english_field}")
