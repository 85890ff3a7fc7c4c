"""What ``confirmed`` takes: one implementation of the rule for loading and validation.

A record may say it is ``confirmed`` when the sources that support it include an official source (or a
faithful copy of an official legal text), or come from at least two independent origins. A source's
origin is the publisher it relays (``original_publisher_id``), else its publisher, else its site (the
address's host without ``www.``, ``m.`` or ``amp.``): a wire report and its reprints are one origin, and
so are the outlets of one publisher. Only citations that support the record count; for an act, so do
those of its instrument.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ._actcheck import Issue
from ._vocab import Relation, SourceClass, SourceType, Verification

__all__ = ["CitationRow", "SourceRow", "VerifiedRow", "check_confirmed", "is_official", "origin_of"]

_MOBILE_PREFIX = re.compile(r"^(?:www\d*|m|amp)\.")
_LEGAL_TEXTS = frozenset({SourceType.LEGISLATION, SourceType.LEGAL_CASE})


@dataclass(frozen=True, slots=True)
class VerifiedRow:
    """A record that states its verification, with its position in its table."""

    table: str
    index: int
    record_id: str
    verification: Verification
    instrument_id: str | None = None
    """For an act: its instrument, whose supporting sources count for it."""


@dataclass(frozen=True, slots=True)
class CitationRow:
    """What the rule needs of a citation."""

    record_id: str
    source_id: str
    relation: Relation


@dataclass(frozen=True, slots=True)
class SourceRow:
    """What the rule needs of a source."""

    source_id: str
    source_type: SourceType
    source_class: SourceClass
    publisher_id: str | None
    original_publisher_id: str | None
    url: str


def origin_of(source: SourceRow) -> str:
    """Who a source's text comes from: the publisher it relays, else its publisher, else its site."""
    if source.original_publisher_id is not None:
        return source.original_publisher_id
    if source.publisher_id is not None:
        return source.publisher_id
    host = (urlsplit(source.url).hostname or source.url).rstrip(".")
    return _MOBILE_PREFIX.sub("", host)


def is_official(source: SourceRow) -> bool:
    """True for an official source, or a copy of an official legal text that names its original publisher."""
    copied_legal_text = source.source_type in _LEGAL_TEXTS and source.original_publisher_id is not None
    return source.source_class is SourceClass.OFFICIAL or copied_legal_text


def check_confirmed(
    records: Iterable[VerifiedRow], citations: Iterable[CitationRow], sources: Iterable[SourceRow]
) -> list[Issue]:
    """Every ``confirmed`` record whose supporting sources are neither official nor two independent ones.

    A record is not judged when it cites nothing (it is reported as uncited) or cites a source that is
    unknown or invalid (that source, or the foreign key, is reported).
    """
    known = {source.source_id: source for source in sources}
    supporting: dict[str, list[SourceRow]] = defaultdict(list)
    cited: set[str] = set()
    unresolved: set[str] = set()
    for citation in citations:
        cited.add(citation.record_id)
        source = known.get(citation.source_id)
        if source is None:
            unresolved.add(citation.record_id)
        if citation.relation is Relation.SUPPORTS and source is not None:
            supporting[citation.record_id].append(source)
    issues = []
    for record in records:
        if record.verification is not Verification.CONFIRMED or record.record_id not in cited:
            continue  # a record that cites nothing is reported as uncited
        if {record.record_id, record.instrument_id} & unresolved:
            continue  # a source that is missing or invalid is reported where it is
        found = list(supporting.get(record.record_id, ()))
        if record.instrument_id is not None:
            found += supporting.get(record.instrument_id, ())
        origins = sorted({origin_of(source) for source in found})
        if any(is_official(source) for source in found) or len(origins) >= 2:
            continue
        if not found:
            what = "no source supports it"
        else:
            named = ", ".join(sorted({source.source_id for source in found}))
            what = f"its supporting sources ({named}) have one origin, {origins[0]}, and none is official"
        message = (
            f"{record.record_id} is confirmed, but {what}: confirmed needs an official source or two independent "
            "ones; cite another source, or mark it partial or unconfirmed and say why"
        )
        issues.append(Issue("confirmed-evidence", record.table, record.index, "verification", message))
    return issues
