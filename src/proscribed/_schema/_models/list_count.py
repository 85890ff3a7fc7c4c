"""Published counts: how many organisations a list held on a date, as an official or other source says."""

from __future__ import annotations

from pydantic import Field

from .._types import Count, CountId, EdtfDate, ListId, LongText
from .._vocab import CountBasis
from ._base import Record

__all__ = ["ListCount"]


class ListCount(Record):
    """A published count of a list's entries on a date, with the source that states it.

    Counts are recorded as their sources state them, so that the entries recorded in the data can be
    checked against them; where the two differ, the note says why.
    """

    count_id: CountId = Field(
        description="Stable identifier: 'cnt-', the list identifier, then the date the count describes.",
        examples=["cnt-gb-proscribed-2024-03"],
    )
    list_id: ListId = Field(description="The list counted.", examples=["gb-proscribed"])
    date: EdtfDate = Field(
        description="The day (or month) the count describes, as an EDTF value.", examples=["2024-03"]
    )
    count: Count = Field(description="The number the source gives.")
    basis: CountBasis = Field(description="What the number counts.")
    approximate: bool = Field(
        default=False, description="True when the source gives the number as approximate ('some 76', 'about 60')."
    )
    note: LongText | None = Field(
        default=None,
        description="What the count covers, and why the entries recorded in the data differ from it, where they do.",
    )
