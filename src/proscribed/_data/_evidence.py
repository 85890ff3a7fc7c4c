"""The sources behind a record, grouped by what they say of it and ordered by weight.

A source may be cited for a record more than once (for the record, for its date). Its relation to the
record is the weakest of those citations: a source that contradicts any aspect is a contradicting source,
whatever else it supports, so that nothing that contradicts a record is ever shown as its support.
Within a group, official sources come first, then wire, news and the rest; among sources of one class,
the legal texts and official documents before other kinds; then the earliest first, undated last.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .._schema._models import Actor, Citation, Source
from .._schema._types import cached_edtf
from .._schema._vocab import Aspect, Relation, SourceClass, SourceType

__all__ = ["Evidence", "EvidenceGroups", "group_evidence", "weigh"]

_CLASS_ORDER = (
    SourceClass.OFFICIAL,
    SourceClass.WIRE,
    SourceClass.NEWS,
    SourceClass.ANALYSIS,
    SourceClass.REFERENCE,
    SourceClass.AGGREGATOR,
    SourceClass.OTHER,
)
_PRIMARY_TYPES = (SourceType.LEGISLATION, SourceType.LEGAL_CASE, SourceType.DOCUMENT)
_RELATION_ORDER = (Relation.CONTRADICTS, Relation.PARTLY_SUPPORTS, Relation.SUPPORTS)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A source as evidence for a record: what it says of the record, and on which aspects."""

    source: Source
    relation: Relation
    """The weakest relation of the source's citations of the record (contradicts, then partly supports)."""
    aspects: tuple[Aspect, ...]
    """The aspects the citations with that relation bear on."""
    publisher: str | None = None
    """The publisher's name (the publisher actor's, else the container title)."""

    @property
    def url(self) -> str:
        """Where the source is published."""
        return self.source.url

    def to_dict(self) -> dict[str, Any]:
        """The evidence as JSON-ready values."""
        return {
            "source_id": self.source.source_id,
            "url": self.source.url,
            "title": self.source.title_en or self.source.title,
            "publisher": self.publisher,
            "issued": self.source.issued,
            "source_class": self.source.source_class.value,
            "relation": self.relation.value,
            "aspects": [aspect.value for aspect in self.aspects],
        }


@dataclass(frozen=True, slots=True)
class EvidenceGroups:
    """A record's evidence in two groups: what supports or qualifies it, and what contradicts it."""

    supporting: tuple[Evidence, ...]
    """Sources that support the record or part of it, strongest first."""
    contradicting: tuple[Evidence, ...]
    """Sources that contradict the record or one of its aspects, strongest first."""


def weigh(evidence: Evidence) -> tuple[int, int, str, str]:
    """The sort key of evidence within a group: class, then legal texts first, then the earliest."""
    source = evidence.source
    primary = 0 if source.source_type in _PRIMARY_TYPES else 1
    issued = "9999"
    if source.issued is not None:
        lower = cached_edtf(source.issued).lower
        issued = "0000" if lower is None else lower.isoformat()
    return (_CLASS_ORDER.index(source.source_class), primary, issued, source.source_id)


def group_evidence(
    citations: Iterable[Citation], source_of: dict[str, Source], publishers: dict[str, Actor]
) -> EvidenceGroups:
    """The evidence the *citations* (of one record, or of an act and its instrument) give, grouped and ordered."""
    by_source: dict[str, list[Citation]] = {}
    for citation in citations:
        by_source.setdefault(citation.source_id, []).append(citation)
    items = []
    for source_id, cited in by_source.items():
        relation = min((citation.relation for citation in cited), key=_RELATION_ORDER.index)
        aspects = tuple(dict.fromkeys(citation.aspect for citation in cited if citation.relation is relation))
        source = source_of[source_id]
        publisher = publishers.get(source.publisher_id or "")
        items.append(Evidence(source, relation, aspects, publisher.name if publisher else source.container_title))
    items.sort(key=weigh)
    return EvidenceGroups(
        supporting=tuple(item for item in items if item.relation is not Relation.CONTRADICTS),
        contradicting=tuple(item for item in items if item.relation is Relation.CONTRADICTS),
    )
