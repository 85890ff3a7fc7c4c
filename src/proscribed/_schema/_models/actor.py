"""Actors: the people, organisations and states that designate, are designated, speak or take part."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from .._types import ActorId, DesignationId, Jurisdiction, LanguageTag, LongText, Text, WikidataId
from .._vocab import ActorType, AliasType, OrgClass
from ._base import Record

__all__ = ["Actor", "Alias"]

_PREFIX_OF_TYPE = {ActorType.PERSON: "per-", ActorType.ORGANIZATION: "org-", ActorType.STATE: "state-"}


class Actor(Record):
    """A person, organisation or state."""

    actor_id: ActorId = Field(
        description=(
            "Stable identifier, minted once: 'per-' for people, 'org-' for organisations and "
            "'state-' for states, then a lowercase slug of the name."
        ),
        examples=["org-taliban", "per-zamir-kabulov", "state-ru"],
    )
    actor_type: ActorType = Field(description="Whether the actor is a person, an organisation or a state.")
    name: Text = Field(description="The name most used in English-language sources.", examples=["Zamir Kabulov"])
    name_original: Text | None = Field(
        default=None,
        description="The name in the actor's own language and script, where it differs from the English name.",
        examples=["Замир Кабулов"],
    )
    name_original_lang: LanguageTag | None = Field(
        default=None, description="BCP 47 tag of name_original; required when name_original is given."
    )
    org_class: OrgClass | None = Field(
        default=None, description="The class of an organisation; required for organisations, empty otherwise."
    )
    country: Jurisdiction | None = Field(
        default=None,
        description=(
            "The state or international body the actor belongs to or acts for: ISO 3166-1 alpha-2, "
            "or EU or UN. Required for states (their own code)."
        ),
    )
    parent_id: ActorId | None = Field(
        default=None,
        description="The organisation or state this organisation is part of (a ministry's state, a court's state).",
    )
    wikidata_id: WikidataId | None = Field(
        default=None,
        description="Wikidata item of the actor; given only where the match is certain.",
        examples=["Q42418"],
    )
    description: LongText | None = Field(
        default=None, description="One or two sentences saying who or what the actor is."
    )

    @model_validator(mode="after")
    def check_type_rules(self) -> Self:
        """The identifier prefix, organisation class and country agree with the actor type."""
        prefix = _PREFIX_OF_TYPE[self.actor_type]
        if not self.actor_id.startswith(prefix):
            raise ValueError(f"a {self.actor_type.value} has an actor_id starting with {prefix!r}")
        if (self.actor_type is ActorType.ORGANIZATION) != (self.org_class is not None):
            raise ValueError("org_class is required for organisations and must be empty otherwise")
        if self.actor_type is ActorType.STATE and self.country is None:
            raise ValueError("a state carries its own ISO 3166-1 alpha-2 code in country")
        if (self.name_original is None) != (self.name_original_lang is None):
            raise ValueError("name_original and name_original_lang are given together or not at all")
        if self.parent_id == self.actor_id:
            raise ValueError("an actor cannot be its own parent")
        return self


class Alias(Record):
    """Another name of an actor, in a given language: one row per name."""

    actor_id: ActorId = Field(description="The actor this name belongs to.")
    alias: Text = Field(
        description="The name exactly as written in its language and script.",
        examples=["Движение «Талибан»", "Islamic Emirate of Afghanistan"],
    )
    lang: LanguageTag = Field(description="BCP 47 tag of the language (and script, where needed) of the name.")
    alias_type: AliasType = Field(description="How the name relates to the actor.")
    designation_id: DesignationId | None = Field(
        default=None,
        description=(
            "The act that put this name on a list (a listing naming it, an amendment adding it as another name "
            "or renaming the entry); the name is on the list from that act's date. Empty for names not given by "
            "an act."
        ),
    )
