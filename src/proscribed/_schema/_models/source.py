"""Sources: the documents every record is cited from."""

from __future__ import annotations

from pydantic import Field

from .._types import ActorId, EdtfDate, LanguageTag, LongText, SourceId, Text, Url
from .._vocab import SourceClass, SourceType
from ._base import Record

__all__ = ["Source"]


class Source(Record):
    """A document that records cite: an article, an official page, a legal act, a report."""

    source_id: SourceId = Field(
        description="Stable identifier: 'src-', the publisher's slug, the issue date, then a few words.",
        examples=["src-tass-20240527-kabulov-spief"],
    )
    source_type: SourceType = Field(description="The kind of document (a subset of CSL item types).")
    source_class: SourceClass = Field(description="Who stands behind the document, for judging its weight.")
    title: Text | None = Field(
        default=None,
        description="The document's title as published, in its own language; empty when the copy read shows none.",
    )
    title_en: Text | None = Field(
        default=None, description="An English rendering of the title, when the title is not in English."
    )
    container_title: Text | None = Field(
        default=None,
        description="The site, newspaper, agency or gazette that published it, as it names itself.",
        examples=["TASS"],
    )
    publisher_id: ActorId | None = Field(
        default=None, description="The publisher as an actor, where it is one in the dataset."
    )
    original_publisher_id: ActorId | None = Field(
        default=None,
        description=(
            "For a reprint or a report that relays another outlet's story: the outlet that published "
            "it first (e.g. TASS for a site that reprints a TASS report)."
        ),
    )
    issued: EdtfDate | None = Field(
        default=None,
        description="Publication date as an EDTF value, at the precision the document shows.",
        examples=["2024-05-27"],
    )
    url: Url = Field(
        description=(
            "The document's address: the publisher's own page wherever a copy of it was found, else the copy "
            "that was read. An absolute http(s) URL."
        )
    )
    copy_url: Url | None = Field(
        default=None,
        description=(
            "The copy that was read, when it is not at url: a mirror, proxy or staging host of the publisher's "
            "page, or a reprint of it."
        ),
    )
    archive_url: Url | None = Field(default=None, description="A copy in a web archive, where one is known.")
    language: LanguageTag = Field(description="BCP 47 tag of the document's language.")
    note: LongText | None = Field(
        default=None,
        description="Anything a user should know about this source: known errors, what it relays, access.",
    )
