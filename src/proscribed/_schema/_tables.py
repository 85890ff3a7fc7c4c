"""The table registry: which model each CSV file holds, its keys and its links to other tables.

Foreign keys are not listed by hand: a field whose type is a typed identifier of another table
(:class:`~proscribed._schema._types.References`) is a foreign key to that table's primary key.
"""

from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Literal, Union

from ._models import (
    Actor,
    Alias,
    Citation,
    Designation,
    DesignationList,
    Event,
    EventParticipant,
    Instrument,
    ListCount,
    Role,
    Source,
    Statement,
)
from ._models._base import Record
from ._types import References
from ._vocab import Vocabulary

__all__ = ["TABLES", "ForeignKey", "Table", "TableName", "table_named", "vocabulary_of"]

TableName = Literal[
    "actors",
    "roles",
    "sources",
    "lists",
    "instruments",
    "list_counts",
    "events",
    "event_participants",
    "statements",
    "designations",
    "aliases",
    "citations",
]


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """A column whose values must be primary keys of another (or the same) table."""

    field: str
    table: str
    target_field: str


@dataclass(frozen=True, slots=True)
class Table:
    """One CSV file of the package and the model of its rows."""

    name: TableName
    model: type[Record]
    primary_key: tuple[str, ...]
    title: str
    description: str
    unique: tuple[str, ...] = ()
    requires_citation: bool = False

    @property
    def path(self) -> str:
        """The CSV file's path relative to the package folder."""
        return f"data/{self.name}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names, in the order the CSV header must give them."""
        return tuple(self.model.model_fields)

    @property
    def foreign_keys(self) -> tuple[ForeignKey, ...]:
        """The table's foreign keys, derived from the identifier types of its fields."""
        keys = []
        for name, field in self.model.model_fields.items():
            target = referenced_table(field.annotation, field.metadata)
            if target is None or (target == self.name and name in self.primary_key):
                continue
            keys.append(ForeignKey(field=name, table=target, target_field=table_named(target).primary_key[0]))
        return tuple(keys)


def referenced_table(annotation: object, metadata: list[object] | None = None) -> str | None:
    """The table a field's identifier type points to, looking through ``Optional`` and ``Annotated``."""
    for item in metadata or ():
        if isinstance(item, References):
            return item.table
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *extras = typing.get_args(annotation)
        return referenced_table(base, extras)
    if origin in (Union, types.UnionType):
        for argument in typing.get_args(annotation):
            found = referenced_table(argument)
            if found is not None:
                return found
    return None


def vocabulary_of(annotation: object) -> type[Vocabulary] | None:
    """The controlled vocabulary a field takes its values from, if any."""
    if isinstance(annotation, type) and issubclass(annotation, Vocabulary):
        return annotation
    for argument in typing.get_args(annotation):
        found = vocabulary_of(argument)
        if found is not None:
            return found
    return None


TABLES: tuple[Table, ...] = (
    Table(
        name="actors",
        model=Actor,
        primary_key=("actor_id",),
        unique=("wikidata_id",),
        title="Actors",
        description="People, organisations and states: those who designate, are designated, speak or take part.",
    ),
    Table(
        name="roles",
        model=Role,
        primary_key=("role_id",),
        requires_citation=True,
        title="Roles",
        description="Posts held by people in organisations and states, with the period they are known to cover.",
    ),
    Table(
        name="sources",
        model=Source,
        primary_key=("source_id",),
        title="Sources",
        description="The documents that records cite: articles, official pages, legal acts and reports.",
    ),
    Table(
        name="lists",
        model=DesignationList,
        primary_key=("list_id",),
        requires_citation=True,
        title="Lists",
        description="Designation lists and programmes: the law each is kept under, who decides, how listings end.",
    ),
    Table(
        name="instruments",
        model=Instrument,
        primary_key=("instrument_id",),
        requires_citation=True,
        title="Instruments",
        description="Orders, notices, court decisions and regulations that make acts, each recorded once.",
    ),
    Table(
        name="list_counts",
        model=ListCount,
        primary_key=("count_id",),
        requires_citation=True,
        title="List counts",
        description="Published counts of the organisations on a list on a date, to check the recorded entries against.",
    ),
    Table(
        name="events",
        model=Event,
        primary_key=("event_id",),
        requires_citation=True,
        title="Events",
        description="Meetings, forums, legal steps, attacks and other events around the designations.",
    ),
    Table(
        name="event_participants",
        model=EventParticipant,
        primary_key=("event_id", "actor_id", "participant_role"),
        title="Event participants",
        description="Who took part in each event, and in what part.",
    ),
    Table(
        name="statements",
        model=Statement,
        primary_key=("statement_id",),
        requires_citation=True,
        title="Statements",
        description="Public statements about designated organisations: who said what, when, where and how.",
    ),
    Table(
        name="designations",
        model=Designation,
        primary_key=("designation_id",),
        requires_citation=True,
        title="Designations",
        description="Legal acts that list, suspend, delist or change an actor's designation: one row per act.",
    ),
    Table(
        name="aliases",
        model=Alias,
        primary_key=("actor_id", "alias"),
        title="Aliases",
        description="Other names of actors, each with its language: translations, transliterations, former names.",
    ),
    Table(
        name="citations",
        model=Citation,
        primary_key=("record_id", "source_id"),
        title="Citations",
        description="Which sources each record cites, with the verbatim passage that bears on it.",
    ),
)
"""Every table of the package, in an order where each table's references come before it."""


@functools.cache
def table_named(name: str) -> Table:
    """The registered table called *name*."""
    for table in TABLES:
        if table.name == name:
            return table
    raise KeyError(name)
