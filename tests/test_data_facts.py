"""Key facts of the Taliban case, pinned through the records themselves."""

from __future__ import annotations

import datetime

import pytest

import proscribed
from proscribed import Dataset
from proscribed._schema._models import Designation
from proscribed._schema._vocab import Action, Measure, Scope, Verification

TALIBAN = "org-taliban"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return proscribed.load()


def measure_of(ds: Dataset, act: Designation) -> Measure:
    return ds.designation_list(act.list_id).measure


def acts_in_force(ds: Dataset, jurisdiction: str, on: str, measure: Measure | None = None) -> list[Designation]:
    """The acts on the Taliban in a jurisdiction that had certainly taken effect by *on*, in order."""
    day = datetime.date.fromisoformat(on)
    acts = ds.designations_of(TALIBAN, jurisdiction)
    return [
        act
        for act in acts
        if (effect := ds.instrument_of(act).takes_effect).upper is not None
        and effect.upper <= day
        and (measure is None or measure_of(ds, act) is measure)
    ]


def evidence(ds: Dataset, act_id: str) -> list[proscribed.Citation]:
    """The citations of an act and of its instrument."""
    act = ds.designation(act_id)
    return [*ds.citations_of(act_id), *ds.citations_of(act.instrument_id)]


def last_action(ds: Dataset, jurisdiction: str, on: str, measure: Measure | None = None) -> Action | None:
    acts = acts_in_force(ds, jurisdiction, on, measure)
    return acts[-1].action if acts else None


def test_russia_listing_and_suspension(ds: Dataset) -> None:
    acts = ds.designations_of(TALIBAN, "RU")
    assert [act.designation_id for act in acts] == ["des-ru-2003-taliban-list", "des-ru-2025-taliban-suspend"]
    listing, suspension = acts
    assert listing.action is Action.LIST
    assert listing.list_id == suspension.list_id == "ru-terrorist"
    assert measure_of(ds, listing) is Measure.TERRORIST
    decision = ds.instrument_of(listing)
    assert decision.decision_date == "2003-02-14"
    assert decision.authority_id == "org-ru-supreme-court"
    assert suspension.action is Action.SUSPEND
    assert suspension.related_designation_id == listing.designation_id
    suspending = ds.instrument_of(suspension)
    assert suspending.decision_date == "2025-04-17"
    assert suspending.effective_date == "2025-05-20"
    assert suspension.verification is Verification.DISPUTED
    assert suspending.verification is Verification.DISPUTED
    assert suspending.applicant_id == "org-ru-prosecutor-general"


def test_russia_status_on_dates(ds: Dataset) -> None:
    assert last_action(ds, "RU", "2024-06-01") is Action.LIST
    assert last_action(ds, "RU", "2025-06-01") is Action.SUSPEND
    # Decided but not yet in force on 1 May 2025.
    assert last_action(ds, "RU", "2025-05-01") is Action.LIST


def test_russia_suspension_records_the_immediate_effect_report(ds: Dataset) -> None:
    citations = evidence(ds, "des-ru-2025-taliban-suspend")
    contradicting = [c for c in citations if c.relation.value == "contradicts"]
    assert any("immediately" in c.excerpt or "immediate effect" in c.excerpt for c in contradicting)
    assert any("May 20" in c.excerpt for c in citations)


def test_kazakhstan_delisted_by_june_2024(ds: Dataset) -> None:
    assert last_action(ds, "KZ", "2023-06-01") is Action.LIST
    assert last_action(ds, "KZ", "2024-06-01") is Action.DELIST
    delisting = ds.designation("des-kz-2023-taliban-delist")
    assert delisting.related_designation_id == "des-kz-2005-taliban-list"
    assert ds.instrument_of(delisting).publication_date == "2023-12-29"


def test_kyrgyzstan_delisted_in_september_2024(ds: Dataset) -> None:
    assert last_action(ds, "KG", "2024-06-01") is Action.LIST
    assert last_action(ds, "KG", "2024-10-01") is Action.DELIST


def test_tajikistan_still_lists_the_taliban(ds: Dataset) -> None:
    acts = ds.designations_of(TALIBAN, "TJ")
    assert [act.action for act in acts] == [Action.LIST]
    assert ds.instrument_of(acts[0]).decision_date == "2006-03-30"
    assert ds.instrument_of(acts[0]).authority_id == "org-tj-supreme-court"


def test_united_states_sdgt_since_july_2002(ds: Dataset) -> None:
    terrorist = [act for act in ds.designations_of(TALIBAN, "US") if measure_of(ds, act) is Measure.TERRORIST]
    assert len(terrorist) == 1
    sdgt = terrorist[0]
    assert sdgt.action is Action.LIST
    assert sdgt.list_id == "us-sdgt"
    order = ds.instrument_of(sdgt)
    assert order.decision_date == "2002-07-02"
    assert order.publication_date == "2002-07-03"
    assert order.reference == "E.O. 13268"
    assert "Specially Designated Global Terrorist" in ds.designation_list(sdgt.list_id).name
    # One executive order made two acts: the end of the 1999 sanctions and the SDGT listing.
    assert {act.designation_id for act in ds.acts_of_instrument(order.instrument_id)} == {
        "des-us-2002-taliban-list",
        "des-us-2002-taliban-delist",
    }
    assert last_action(ds, "US", "2002-06-30", Measure.TERRORIST) is None
    assert last_action(ds, "US", "2024-06-01", Measure.TERRORIST) is Action.LIST
    assert last_action(ds, "US", "2025-06-01", Measure.TERRORIST) is Action.LIST


def test_united_states_never_lists_the_taliban_as_fto(ds: Dataset) -> None:
    for act in ds.designations_of(TALIBAN, "US"):
        assert act.list_id != "us-fto"
        assert "Foreign Terrorist Organization" not in ds.designation_list(act.list_id).name
    assert ds.status(TALIBAN, "US", on="2025-06-01", list="us-fto").status.value == "unknown"
    assert "org-haqqani-network" in {entry.actor.actor_id for entry in ds.listed("US", on="2025-06-01", list="us-fto")}
    assert ds.status(TALIBAN, "US", on="2025-06-01", list="us-sdgt").status.value == "listed"


def test_united_states_1999_sanctions_ended_by_eo_13268(ds: Dataset) -> None:
    assert last_action(ds, "US", "2000-01-01", Measure.SANCTIONS) is Action.LIST
    assert last_action(ds, "US", "2003-01-01", Measure.SANCTIONS) is Action.DELIST


def test_canada_listing_known_to_the_month(ds: Dataset) -> None:
    (act,) = ds.designations_of(TALIBAN, "CA")
    assert act.action is Action.LIST
    assert measure_of(ds, act) is Measure.TERRORIST
    assert ds.instrument_of(act).decision_date == "2013-05"


def test_un_sanctions_are_not_a_terrorist_designation(ds: Dataset) -> None:
    acts = ds.designations_of(TALIBAN, "UN")
    assert acts
    assert all(measure_of(ds, act) is Measure.SANCTIONS for act in acts)
    current = acts[-1]
    assert current.designation_id == "des-un-2011-taliban-amend"
    assert current.scope is Scope.ASSOCIATES
    assert current.scope_note is not None
    assert "not listed as an entity" in current.scope_note


@pytest.mark.parametrize("jurisdiction", ["EU", "GB", "AU", "NZ"])
def test_western_regimes_cover_associates_not_the_movement(ds: Dataset, jurisdiction: str) -> None:
    acts = acts_in_force(ds, jurisdiction, "2025-06-01")
    assert acts
    assert acts[-1].scope is Scope.ASSOCIATES
    assert acts[-1].scope_note


def test_coverage_thresholds(ds: Dataset) -> None:
    jurisdictions = {act.jurisdiction for act in ds.designations}
    assert {"RU", "KZ", "KG", "TJ", "US", "CA", "UN", "EU", "GB", "AU", "NZ"} <= jurisdictions
    assert len(ds.statements) >= 30
    assert len(ds.events) >= 20


def test_recognition_on_3_july_2025(ds: Dataset) -> None:
    event = ds.event("evt-20250703-russia-recognises-islamic-emirate")
    assert event.date == "2025-07-03"
    assert event.event_type.value == "recognition"


def test_seed_statements_are_recorded(ds: Dataset) -> None:
    for statement_id in (
        "stmt-20240527-sergey-lavrov-real-power",
        "stmt-20240527-sergey-lavrov-kazakhstan-decision",
        "stmt-20240527-zamir-kabulov-position-positive",
        "stmt-20240527-zamir-kabulov-spief-cooperation",
        "stmt-20240524-alexander-bortnikov-restore-order",
        "stmt-20240527-suhail-shaheen-never-terrorists",
        "stmt-20240401-ru-mfa-status-being-considered",
        "stmt-2023-zamir-kabulov-earn-recognition",
    ):
        assert ds.statement(statement_id).subject_id == TALIBAN


def test_seed_discrepancies_are_flagged(ds: Dataset) -> None:
    rtvi = ds.statement("stmt-2023-zamir-kabulov-earn-recognition")
    assert rtvi.verification is Verification.DISPUTED
    assert rtvi.when.uncertain
    assert "June 2023" in (rtvi.verification_note or "")
    alleged = ds.event("evt-2023-11-kabulov-not-terrorists-by-nature")
    assert alleged.status.value == "alleged"
    assert alleged.verification is Verification.UNCONFIRMED
    poppy = ds.event("evt-2023-afghan-poppy-cultivation-falls")
    assert poppy.verification is Verification.DISPUTED
    assert "Helmand" in (poppy.description or "")
    heroin = ds.event("evt-2018-2020-afghan-share-of-world-opiates")
    assert heroin.verification is Verification.PARTIAL
    assert ds.statement("stmt-20240527-sergey-lavrov-12-15-people").verification is Verification.DISPUTED
    shaheen = ds.statement("stmt-20240527-suhail-shaheen-never-terrorists")
    assert shaheen.verification is Verification.PARTIAL


def test_russia_2003_listing_march_date_recorded_as_partial_support(ds: Dataset) -> None:
    citations = evidence(ds, "des-ru-2003-taliban-list")
    march = [c for c in citations if "March 2003" in c.excerpt or "марта 2003" in c.excerpt]
    assert march
    assert all(c.relation.value == "partly_supports" for c in march)
