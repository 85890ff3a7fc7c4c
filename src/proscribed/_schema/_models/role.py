"""Roles: who held which post, when."""

from __future__ import annotations

from pydantic import Field

from .._edtf import ParsedDate
from .._types import ActorId, EdtfDate, LongText, PersonId, RoleId, Text, cached_edtf
from .._vocab import RoleClass
from ._base import Record

__all__ = ["Role"]


class Role(Record):
    """A post held by a person in an organisation or state over a period."""

    role_id: RoleId = Field(
        description="Stable identifier: 'role-', the person's slug, then the post's.",
        examples=["role-zamir-kabulov-special-representative-afghanistan"],
    )
    person_id: PersonId = Field(description="The person holding the post.")
    organization_id: ActorId = Field(
        description="The organisation or state in which the post is held.", examples=["org-ru-mfa"]
    )
    title: Text = Field(
        description="The post's title as officially used, in English.",
        examples=["Special Representative of the President of Russia for Afghanistan"],
    )
    role_class: RoleClass = Field(description="A coarse class of the post, comparable across countries.")
    period: EdtfDate = Field(
        description=(
            "When the post was held, as an EDTF value: an interval ('2011-07/..' still held, "
            "'2011-07/' end unknown), or a single date on which the person is known to have held it."
        ),
        examples=["2011-07/..", "2024-05"],
    )
    note: LongText | None = Field(default=None, description="Anything a user should know about this record.")

    @property
    def held(self) -> ParsedDate:
        """The parsed period, with its strict bounds."""
        return cached_edtf(self.period)
