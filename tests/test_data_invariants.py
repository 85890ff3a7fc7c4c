"""Data-wide invariants every release of the records must keep."""

from __future__ import annotations

from collections import Counter

import pytest

import proscribed
from proscribed import Dataset
from proscribed._schema._integrity import quote_in_excerpt
from proscribed._schema._types import is_english
from proscribed._schema._vocab import Action, Verification


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return proscribed.load()


def test_every_citable_record_is_cited(ds: Dataset) -> None:
    records = (
        [s.statement_id for s in ds.statements]
        + [e.event_id for e in ds.events]
        + [d.designation_id for d in ds.designations]
        + [r.role_id for r in ds.roles]
        + [i.instrument_id for i in ds.instruments]
        + [listed.list_id for listed in ds.lists]
    )
    uncited = [record for record in records if not ds.citations_of(record)]
    assert uncited == []


def test_every_excerpt_is_non_empty_and_rendered_in_english(ds: Dataset) -> None:
    for citation in ds.citations:
        assert citation.excerpt.strip()
        if not is_english(citation.excerpt_lang):
            assert citation.excerpt_en
            assert citation.translation_by is not None


def test_every_source_is_cited(ds: Dataset) -> None:
    cited = {citation.source_id for citation in ds.citations}
    assert [s.source_id for s in ds.sources if s.source_id not in cited] == []


def test_source_urls_are_unique(ds: Dataset) -> None:
    counts = Counter(source.url for source in ds.sources)
    assert [url for url, n in counts.items() if n > 1] == []


def test_every_actor_is_referenced(ds: Dataset) -> None:
    referenced: set[str | None] = set()
    for s in ds.statements:
        referenced |= {s.speaker_id, s.on_behalf_of_id, s.outlet_id, s.subject_id}
    for p in ds.event_participants:
        referenced.add(p.actor_id)
    for d in ds.designations:
        referenced.add(d.actor_id)
    for i in ds.instruments:
        referenced |= {i.authority_id, i.applicant_id}
    for listed in ds.lists:
        referenced |= {listed.authority_id, listed.keeper_id}
    for r in ds.roles:
        referenced |= {r.person_id, r.organization_id}
    for src in ds.sources:
        referenced |= {src.publisher_id, src.original_publisher_id}
    for a in ds.actors:
        referenced.add(a.parent_id)
    assert [a.actor_id for a in ds.actors if a.actor_id not in referenced] == []


def test_every_quote_is_in_its_quote_source_excerpt(ds: Dataset) -> None:
    for statement in ds.statements:
        excerpts = [
            c.excerpt for c in ds.citations_of(statement.statement_id) if c.source_id == statement.quote_source_id
        ]
        assert excerpts, statement.statement_id
        assert quote_in_excerpt(statement.quote, excerpts[0]), statement.statement_id


def test_statement_roles_belong_to_the_speaker(ds: Dataset) -> None:
    for statement in ds.statements:
        if statement.role_id is not None:
            assert ds.role(statement.role_id).person_id == statement.speaker_id, statement.statement_id
    for participant in ds.event_participants:
        if participant.role_id is not None:
            assert ds.role(participant.role_id).person_id == participant.actor_id, participant.event_id


def test_related_acts_share_actor_and_list(ds: Dataset) -> None:
    for act in ds.designations:
        if act.action is Action.LIST or (act.action is Action.CARRY_OVER and act.related_designation_id is None):
            continue
        assert act.related_designation_id is not None
        related = ds.designation(act.related_designation_id)
        assert related.actor_id == act.actor_id
        if act.action is Action.CARRY_OVER:
            assert related.list_id == ds.designation_list(act.list_id).predecessor_id
        else:
            assert related.list_id == act.list_id
        before, after = ds.instrument_of(related).takes_effect, ds.instrument_of(act).takes_effect
        assert before.lower is not None
        assert after.lower is not None
        assert before.lower <= after.lower


def test_every_list_identifier_starts_with_its_jurisdiction(ds: Dataset) -> None:
    for listed in ds.lists:
        assert listed.list_id.startswith(listed.jurisdiction.lower() + "-")
    for act in ds.designations:
        assert ds.designation_list(act.list_id).jurisdiction == act.jurisdiction == ds.instrument_of(act).jurisdiction


def test_unconfirmed_records_say_why(ds: Dataset) -> None:
    for record in [*ds.statements, *ds.events, *ds.designations, *ds.instruments]:
        if record.verification is not Verification.CONFIRMED:
            assert record.verification_note


def test_disputed_records_cite_a_contradicting_or_partial_source(ds: Dataset) -> None:
    for record_id, verification in [
        *((s.statement_id, s.verification) for s in ds.statements),
        *((e.event_id, e.verification) for e in ds.events),
        *((d.designation_id, d.verification) for d in ds.designations),
        *((i.instrument_id, i.verification) for i in ds.instruments),
    ]:
        if verification is Verification.DISPUTED:
            relations = {c.relation.value for c in ds.citations_of(record_id)}
            assert relations & {"contradicts", "partly_supports"}, record_id
