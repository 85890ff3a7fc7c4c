import datetime
import itertools
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

import proscribed
from proscribed import Dataset, Scope, Status, StatusResult

from .fixtures_query.package import BASE_ACTORS, Row, act, cite, split_act, write_package

D = datetime.date
Build = Callable[..., Dataset]


@pytest.fixture
def build(tmp_path: Path) -> Build:
    """Load a package holding the given designation acts (and extra citations)."""
    counter = iter(range(1000))

    def make(*acts: Row, citations: Sequence[Row] = ()) -> Dataset:
        root = write_package(tmp_path / f"package-{next(counter)}", {"designations": acts, "citations": citations})
        return proscribed.load(root)

    return make


def state(dataset: Dataset, day: str, jurisdiction: str = "RU") -> tuple[str, str | None, bool]:
    result = dataset.status("org-x", jurisdiction, on=day)
    return result.status.value, None if result.act is None else result.act.designation_id, result.uncertain


# --- exact days --------------------------------------------------------------------------------------


def test_the_day_before_on_and_after_an_exact_act(build: Build) -> None:
    dataset = build(act("des-list", "list", decision_date="2010-03-15"))
    assert state(dataset, "2010-03-14") == ("not_listed", None, False)
    assert state(dataset, "2010-03-15") == ("listed", "des-list", False)
    assert state(dataset, "2010-03-16") == ("listed", "des-list", False)


def test_the_effective_date_wins_over_decision_and_publication(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2010-03-15", publication_date="2010-03-20", effective_date="2010-04-01")
    )
    assert state(dataset, "2010-03-31") == ("not_listed", None, False)
    result = dataset.status("org-x", "RU", on="2010-04-01")
    assert result.status is Status.LISTED
    assert result.since is not None
    assert result.since.text == "2010-04-01"


def test_publication_date_is_used_when_it_is_the_only_date(build: Build) -> None:
    dataset = build(act("des-list", "list", publication_date="2010-03-20"))
    assert state(dataset, "2010-03-19")[0] == "not_listed"
    assert state(dataset, "2010-03-20")[0] == "listed"


def test_suspension_then_reinstatement(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2010-01-01"),
        act("des-suspend", "suspend", decision_date="2015-03-01", related_designation_id="des-list"),
        act("des-reinstate", "reinstate", decision_date="2016-06-01", related_designation_id="des-suspend"),
    )
    assert state(dataset, "2015-02-28") == ("listed", "des-list", False)
    assert state(dataset, "2015-03-01") == ("suspended", "des-suspend", False)
    assert state(dataset, "2016-05-31") == ("suspended", "des-suspend", False)
    assert state(dataset, "2016-06-01") == ("listed", "des-reinstate", False)


def test_delisting(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2006-09-15"),
        act("des-delist", "delist", publication_date="2024-09-02", related_designation_id="des-list"),
    )
    assert state(dataset, "2024-09-01") == ("listed", "des-list", False)
    result = dataset.status("org-x", "RU", on="2024-09-02")
    assert (result.status, result.since is not None and result.since.text) == (Status.DELISTED, "2024-09-02")


def test_amendment_changes_scope_not_status(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2010-01-01"),
        act(
            "des-amend",
            "amend",
            decision_date="2012-01-01",
            scope="part",
            scope_note="The armed wing",
            related_designation_id="des-list",
        ),
    )
    before = dataset.status("org-x", "RU", on="2011-01-01")
    after = dataset.status("org-x", "RU", on="2012-06-01")
    assert (before.status, before.scope) == (Status.LISTED, Scope.ENTITY)
    assert (after.status, after.scope) == (Status.LISTED, Scope.PART)
    assert after.act is not None
    assert after.act.designation_id == "des-list"


# --- imprecise and open dates ------------------------------------------------------------------------


def test_month_precision_is_uncertain_within_the_month(build: Build) -> None:
    dataset = build(act("des-list", "list", decision_date="2013-05"))
    assert state(dataset, "2013-04-30") == ("not_listed", None, False)
    assert state(dataset, "2013-05-01") == ("listed", "des-list", True)
    assert state(dataset, "2013-05-10") == ("listed", "des-list", True)
    assert state(dataset, "2013-05-30") == ("listed", "des-list", True)
    assert state(dataset, "2013-05-31") == ("listed", "des-list", False)
    assert state(dataset, "2013-06-01") == ("listed", "des-list", False)


def test_year_precision_of_a_later_act(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2003-02-14"),
        act("des-delist", "delist", decision_date="2024", related_designation_id="des-list"),
    )
    assert state(dataset, "2023-12-31") == ("listed", "des-list", False)
    assert state(dataset, "2024-06-01") == ("delisted", "des-delist", True)
    assert state(dataset, "2024-12-31") == ("delisted", "des-delist", False)


def test_acts_within_one_imprecise_range_make_every_order_possible(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2003-02-14"),
        act("des-suspend", "suspend", decision_date="2015", related_designation_id="des-list"),
        act("des-reinstate", "reinstate", decision_date="2015", related_designation_id="des-suspend"),
    )
    status, _, uncertain = state(dataset, "2015-06-01")
    assert (status, uncertain) == ("listed", True)
    assert state(dataset, "2016-01-01") == ("listed", "des-reinstate", False)


def test_an_imprecise_act_that_cannot_change_the_answer_leaves_it_certain(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2003-02-14"),
        act("des-amend", "amend", decision_date="2015-06", related_designation_id="des-list"),
    )
    assert state(dataset, "2015-06-10") == ("listed", "des-list", False)


def test_an_interval_open_at_the_end(build: Build) -> None:
    dataset = build(act("des-list", "list", effective_date="2013-05/.."))
    assert state(dataset, "2013-04-30") == ("not_listed", None, False)
    assert state(dataset, "2013-05-01") == ("listed", "des-list", True)
    assert state(dataset, "2030-01-01") == ("listed", "des-list", True)


def test_an_interval_open_at_the_start(build: Build) -> None:
    dataset = build(act("des-list", "list", effective_date="../2013-05"))
    assert state(dataset, "1990-01-01") == ("listed", "des-list", True)
    assert state(dataset, "2013-05-31") == ("listed", "des-list", False)


def test_a_range_of_possible_days(build: Build) -> None:
    dataset = build(act("des-list", "list", effective_date="[2024-06-05..2024-06-08]"))
    assert state(dataset, "2024-06-04") == ("not_listed", None, False)
    assert state(dataset, "2024-06-07") == ("listed", "des-list", True)
    assert state(dataset, "2024-06-08") == ("listed", "des-list", False)


# --- disputed dates ----------------------------------------------------------------------------------


def disputed_suspension(**fields: str) -> Row:
    return act(
        "des-suspend",
        "suspend",
        related_designation_id="des-list",
        verification="disputed",
        verification_note="One report says it took effect at once.",
        **fields,
    )


def test_a_contradicted_effective_date_makes_the_days_between_uncertain(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2003-02-14"),
        disputed_suspension(decision_date="2025-04-17", effective_date="2025-05-20"),
        citations=[cite("des-suspend", relation="contradicts", aspect="date"), cite("des-list")],
    )
    assert state(dataset, "2025-04-16") == ("listed", "des-list", False)
    assert state(dataset, "2025-04-17") == ("listed", "des-list", True)
    assert state(dataset, "2025-05-19") == ("listed", "des-list", True)
    assert state(dataset, "2025-05-20") == ("suspended", "des-suspend", False)


def test_a_dispute_about_something_else_leaves_the_date_certain(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2003-02-14"),
        disputed_suspension(decision_date="2025-04-17", effective_date="2025-05-20"),
        citations=[cite("des-suspend", relation="contradicts", aspect="legal_effect"), cite("des-list")],
    )
    assert state(dataset, "2025-05-01") == ("listed", "des-list", False)


def test_an_outlier_contradiction_on_an_act_judged_partial_leaves_the_date_certain(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2005-03-15", verification="partial"),
        citations=[cite("des-list", relation="contradicts", aspect="date")],
    )
    assert state(dataset, "2005-03-14") == ("not_listed", None, False)
    assert state(dataset, "2010-01-01") == ("listed", "des-list", False)


def test_an_act_cannot_be_placed_before_the_act_it_changes(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2005-03-15"),
        act("des-amend", "amend", decision_date="2009", related_designation_id="des-list"),
        disputed_suspension(decision_date="2012-01-01"),
        act("des-reinstate", "reinstate", decision_date="2014-01-01", related_designation_id="des-suspend"),
    )
    assert state(dataset, "2005-01-01") == ("not_listed", None, False)
    assert state(dataset, "2010-06-01") == ("listed", "des-list", True)
    assert state(dataset, "2013-06-01") == ("suspended", "des-suspend", True)
    assert state(dataset, "2014-01-01") == ("listed", "des-reinstate", False)


def test_a_disputed_act_with_one_date_is_uncertain_wherever_it_matters(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2003-02-14"),
        disputed_suspension(decision_date="2025-04-17"),
    )
    assert state(dataset, "2003-02-13") == ("not_listed", None, False)
    assert state(dataset, "2020-01-01") == ("listed", "des-list", True)
    assert state(dataset, "2026-01-01") == ("suspended", "des-suspend", True)


# --- terms that lapse --------------------------------------------------------------------------------


def test_a_time_limited_listing_lapses_on_its_end_date(build: Build) -> None:
    dataset = build(act("des-list", "list", decision_date="2010-01-01", end_date="2013-01-01"))
    assert state(dataset, "2012-12-31") == ("listed", "des-list", False)
    result = dataset.status("org-x", "RU", on="2013-01-01")
    assert (result.status, result.lapsed, result.uncertain) == (Status.DELISTED, True, False)
    assert result.since is not None
    assert result.since.text == "2013-01-01"


def test_a_renewal_on_the_day_of_lapse_keeps_the_listing(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2010-01-01", end_date="2013-01-01"),
        act("des-renew", "renew", decision_date="2013-01-01", end_date="2016-01-01", related_designation_id="des-list"),
    )
    assert state(dataset, "2013-01-01") == ("listed", "des-list", False)
    assert state(dataset, "2015-12-31") == ("listed", "des-list", False)
    assert state(dataset, "2016-01-01") == ("delisted", "des-renew", False)


def test_a_late_renewal_lists_again(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2010-01-01", end_date="2013-01-01"),
        act("des-renew", "renew", decision_date="2013-02-01", related_designation_id="des-list"),
    )
    assert state(dataset, "2013-01-15") == ("delisted", "des-list", False)
    assert state(dataset, "2013-02-01") == ("listed", "des-renew", False)
    assert state(dataset, "2040-01-01") == ("listed", "des-renew", False)


def test_a_time_limited_suspension_lapses_back_to_listed(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2010-01-01"),
        act(
            "des-suspend",
            "suspend",
            decision_date="2020-01-01",
            end_date="2020-07-01",
            related_designation_id="des-list",
        ),
    )
    assert state(dataset, "2020-06-30") == ("suspended", "des-suspend", False)
    result = dataset.status("org-x", "RU", on="2020-07-01")
    assert (result.status, result.lapsed) == (Status.LISTED, True)
    assert result.act is not None
    assert result.act.designation_id == "des-suspend"


# --- several chains, scope ---------------------------------------------------------------------------


def test_associates_only_is_not_listed_and_carries_the_measures(build: Build) -> None:
    dataset = build(
        act(
            "des-un-list",
            "list",
            jurisdiction="UN",
            measure="sanctions",
            scope="associates",
            decision_date="2011-06-17",
        )
    )
    before = dataset.status("org-x", "UN", on="2011-06-16")
    assert (before.status, before.related_measures) == (Status.NOT_LISTED, ())
    result = dataset.status("org-x", "UN", on="2024-01-01")
    assert (result.status, result.act, result.since, result.sources) == (Status.NOT_LISTED, None, None, ())
    assert result.chains == ()
    [measure] = result.related_measures
    assert (measure.status, measure.scope) == (Status.LISTED, Scope.ASSOCIATES)
    assert measure.act is not None
    assert measure.act.designation_id == "des-un-list"


def test_associates_beside_an_entity_listing(build: Build) -> None:
    dataset = build(
        act("des-us-sdgt", "list", jurisdiction="US", decision_date="2002-07-02"),
        act("des-us-assoc", "list", jurisdiction="US", program="Associates", scope="associates",
            decision_date="2001-01-01"),
        act("des-us-assoc-delist", "delist", jurisdiction="US", program="Associates", scope="associates",
            decision_date="2003-01-01", related_designation_id="des-us-assoc"),
    )  # fmt: skip
    assert state(dataset, "2001-06-01", "US") == ("not_listed", None, False)
    assert state(dataset, "2002-07-02", "US") == ("listed", "des-us-sdgt", False)
    later = dataset.status("org-x", "US", on="2004-01-01")
    assert [chain.root.designation_id for chain in later.chains] == ["des-us-sdgt"]
    assert [chain.status for chain in later.related_measures] == [Status.DELISTED]


def test_an_amendment_to_associates_scope_ends_the_listing_of_the_organisation(build: Build) -> None:
    dataset = build(
        act("des-un", "list", jurisdiction="UN", measure="sanctions", decision_date="1999-10-15"),
        act("des-un-amend", "amend", jurisdiction="UN", measure="sanctions", scope="associates",
            scope_note="Individuals and entities associated with the movement", decision_date="2011-06-17",
            related_designation_id="des-un"),
    )  # fmt: skip
    assert state(dataset, "2011-06-16", "UN") == ("listed", "des-un", False)
    result = dataset.status("org-x", "UN", on="2011-06-17")
    assert (result.status, result.act, result.chains) == (Status.NOT_LISTED, None, ())
    [measure] = result.related_measures
    assert (measure.status, measure.scope, measure.act) == (Status.LISTED, Scope.ASSOCIATES, dataset.designations[0])
    assert measure.scope_act == dataset.designations[1]


def test_a_part_listing_counts_and_says_its_scope(build: Build) -> None:
    dataset = build(act("des-part", "list", scope="part", scope_note="The armed wing", decision_date="2001-01-01"))
    result = dataset.status("org-x", "RU", on="2002-01-01")
    assert (result.status, result.scope) == (Status.LISTED, Scope.PART)


def test_listed_if_any_chain_is_listed(build: Build) -> None:
    dataset = build(
        act("des-a", "list", decision_date="2003-01-01"),
        act("des-a-delist", "delist", decision_date="2015-01-01", related_designation_id="des-a"),
        act("des-b", "list", measure="extremist", decision_date="2010-01-01"),
        act(
            "des-b-suspend", "suspend", measure="extremist", decision_date="2020-01-01", related_designation_id="des-b"
        ),
    )
    assert state(dataset, "2012-01-01") == ("listed", "des-a", False)
    assert state(dataset, "2016-01-01") == ("listed", "des-b", False)
    result = dataset.status("org-x", "RU", on="2021-01-01")
    assert (result.status, result.act and result.act.designation_id) == (Status.SUSPENDED, "des-b-suspend")
    assert {chain.root.designation_id: chain.status for chain in result.chains} == {
        "des-a": Status.DELISTED,
        "des-b": Status.SUSPENDED,
    }


def test_delisted_everywhere_names_the_last_delisting(build: Build) -> None:
    dataset = build(
        act("des-a", "list", decision_date="2003-01-01"),
        act("des-a-delist", "delist", decision_date="2015-01-01", related_designation_id="des-a"),
        act("des-b", "list", measure="extremist", decision_date="2010-01-01"),
        act("des-b-delist", "delist", measure="extremist", decision_date="2018-01-01", related_designation_id="des-b"),
    )
    assert state(dataset, "2019-01-01") == ("delisted", "des-b-delist", False)


def test_unknown_jurisdiction_actor_and_bad_input(build: Build) -> None:
    dataset = build(act("des-list", "list", decision_date="2010-01-01"))
    result = dataset.status("org-x", "FR", on="2020-01-01")
    assert (result.status, result.act, result.since, result.uncertain) == (Status.UNKNOWN, None, None, False)
    assert dataset.status("org-x", "ru", on="2020-01-01").jurisdiction == "RU"
    with pytest.raises(ValueError, match="unknown jurisdiction 'XX'"):
        dataset.status("org-x", "XX")
    with pytest.raises(KeyError, match="org-nobody"):
        dataset.status("org-nobody", "RU")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        dataset.status("org-x", "RU", on="2024-06")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        dataset.status("org-x", "RU", on="2024-02-30")


def test_the_day_may_be_a_date_a_datetime_or_today(build: Build) -> None:
    dataset = build(act("des-list", "list", decision_date="2010-01-01"))
    as_date = dataset.status("org-x", "RU", on=D(2011, 1, 1))
    as_datetime = dataset.status("org-x", "RU", on=datetime.datetime(2011, 1, 1, 12, 0, tzinfo=datetime.UTC))
    assert as_date == as_datetime
    assert dataset.status("org-x", "RU").on == D.today()


def test_status_all_covers_every_jurisdiction_on_record(build: Build) -> None:
    dataset = build(
        act("des-ru", "list", decision_date="2010-01-01"),
        act("des-kz", "list", jurisdiction="KZ", decision_date="2012-01-01"),
        act("des-un", "list", jurisdiction="UN", scope="associates", decision_date="2011-01-01"),
    )
    results = dataset.status_all("org-x", on="2011-06-01")
    assert [(r.jurisdiction, r.status) for r in results] == [
        ("KZ", Status.NOT_LISTED),
        ("RU", Status.LISTED),
        ("UN", Status.NOT_LISTED),
    ]
    assert all(isinstance(result, StatusResult) for result in results)


def test_the_result_carries_the_sources_of_the_act(build: Build) -> None:
    dataset = build(act("des-list", "list", decision_date="2010-01-01"))
    result = dataset.status("org-x", "RU", on="2011-01-01")
    assert [evidence.source.source_id for evidence in result.sources] == ["src-a"]
    assert result.contradicted_by == ()
    assert str(result) == "org-x in RU on 2011-01-01: listed since 2010-01-01 (des-list)"
    document = result.to_dict()
    assert set(document) == {
        "jurisdiction", "status", "since", "list", "act", "sources", "contradicted_by", "uncertain",
        "related_measures",
    }  # fmt: skip
    assert document["list"] == document["act"]["list"] == "ru-terrorist"
    assert document["act"]["designation_id"] == "des-list"
    assert document["act"]["instrument_id"] == "ins-list"
    assert document["sources"][0]["url"] == "https://example.org/a"
    assert {"url", "title", "publisher", "relation", "source_class"} <= set(document["sources"][0])
    json.dumps(document)


def test_sources_are_grouped_by_what_they_say_and_ordered_official_then_earliest(tmp_path: Path) -> None:
    def source(source_id: str, source_class: str, source_type: str, issued: str | None) -> Row:
        return {
            "source_id": source_id, "source_type": source_type, "source_class": source_class, "title": source_id,
            "url": f"https://example.org/{source_id}", "language": "en", "issued": issued,
        }  # fmt: skip

    sources = [
        source("src-a", "news", "article-newspaper", "2020-01-01"),
        source("src-news-early", "news", "article-newspaper", "2010-01-02"),
        source("src-decision", "official", "legal_case", "2010-01-01"),
        source("src-statement", "official", "webpage", "2009-12-30"),
        source("src-wire", "wire", "article-newspaper", None),
        source("src-wrong", "official", "document", "2010-01-03"),
    ]
    citations = [
        cite("des-list", source_id="src-a"),
        cite("des-list", source_id="src-news-early"),
        cite("ins-list", source_id="src-decision", aspect="legal_effect"),
        cite("des-list", source_id="src-statement", relation="partly_supports"),
        # a source that supports the record but contradicts its date is a contradicting source
        cite("des-list", source_id="src-wrong"),
        cite("ins-list", source_id="src-wrong", relation="contradicts", aspect="date"),
        cite("des-list", source_id="src-wire", relation="contradicts", aspect="record"),
    ]
    root = write_package(
        tmp_path / "package",
        {"designations": [act("des-list", "list", decision_date="2010-01-01")], "sources": sources,
         "citations": citations},
    )  # fmt: skip
    result = proscribed.load(root).status("org-x", "RU", on="2011-01-01")
    supporting = [(evidence.source.source_id, evidence.relation.value) for evidence in result.sources]
    assert supporting == [
        ("src-decision", "supports"),  # official legal text
        ("src-statement", "partly_supports"),  # official, not a legal text
        ("src-news-early", "supports"),  # news, the earliest first
        ("src-a", "supports"),
    ]
    contradicting = [(evidence.source.source_id, evidence.aspects) for evidence in result.contradicted_by]
    assert contradicting == [("src-wrong", (proscribed.Aspect.DATE,)), ("src-wire", (proscribed.Aspect.RECORD,))]
    document = result.to_dict()
    assert [item["source_id"] for item in document["contradicted_by"]] == ["src-wrong", "src-wire"]
    assert {item["relation"] for item in document["sources"]} == {"supports", "partly_supports"}
    assert {item["relation"] for item in document["contradicted_by"]} == {"contradicts"}


# --- timeline ----------------------------------------------------------------------------------------


def test_timeline_periods(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2010-05"),
        act("des-suspend", "suspend", decision_date="2015-03-01", related_designation_id="des-list"),
        act("des-reinstate", "reinstate", decision_date="2016-06-01", related_designation_id="des-suspend"),
        act("des-kz", "list", jurisdiction="KZ", decision_date="2012-01-01"),
    )
    timeline = dataset.timeline("org-x")
    assert [entry.jurisdiction for entry in timeline] == ["KZ", "RU"]
    russia = timeline["RU"]
    assert [a.designation_id for a in russia.acts] == ["des-list", "des-suspend", "des-reinstate"]
    periods = [(p.status.value, p.start, p.end, p.uncertain) for p in russia.periods]
    # a period's end is its last day, as the command line and the docs show it
    assert periods == [
        ("not_listed", None, D(2010, 4, 30), False),
        ("listed", D(2010, 5, 1), D(2010, 5, 30), True),
        ("listed", D(2010, 5, 31), D(2015, 2, 28), False),
        ("suspended", D(2015, 3, 1), D(2016, 5, 31), False),
        ("listed", D(2016, 6, 1), None, False),
    ]
    [why] = russia.periods[1].uncertain_dates
    assert (why.act.designation_id, why.lapse, why.earliest, why.latest) == (
        "des-list", False, D(2010, 5, 1), D(2010, 5, 31)
    )  # fmt: skip
    assert str(why) == "des-list took effect between 2010-05-01 and 2010-05-31"
    assert russia.periods[2].uncertain_dates == ()
    assert russia.period_on("2016-05-31").status is Status.SUSPENDED
    assert russia.period_on("2016-06-01").status is Status.LISTED
    assert russia.period_on("2015-12-31").status is Status.SUSPENDED
    json.dumps(timeline.to_dict())
    with pytest.raises(KeyError, match="FR"):
        timeline["FR"]


@pytest.mark.parametrize(
    "acts",
    [
        [
            act("des-list", "list", decision_date="2013-05"),
            act("des-delist", "delist", decision_date="2020", related_designation_id="des-list"),
        ],
        [
            act("des-list", "list", decision_date="2010-01-01", end_date="2013-01"),
            act("des-renew", "renew", decision_date="2012-12", related_designation_id="des-list"),
            act("des-un", "list", scope="associates", decision_date="2011-02"),
        ],
        [
            act("des-list", "list", effective_date="../2013-05"),
            act(
                "des-suspend",
                "suspend",
                decision_date="2013-05-10",
                end_date="2013-06",
                related_designation_id="des-list",
            ),
        ],
    ],
)
def test_timeline_agrees_with_status_on_every_day(build: Build, acts: list[Row]) -> None:
    dataset = build(*acts)
    [entry] = dataset.timeline("org-x")
    day = D(2009, 12, 1)
    while day < D(2021, 2, 1):
        result = dataset.status("org-x", "RU", on=day)
        period = entry.period_on(day)
        assert (period.status, period.act, period.uncertain) == (result.status, result.act, result.uncertain), day
        day += datetime.timedelta(days=3)


# --- the shipped data --------------------------------------------------------------------------------


def test_shipped_data_russia_kazakhstan_kyrgyzstan() -> None:
    dataset = proscribed.load()
    assert dataset.status("org-taliban", "RU", on="2003-02-13").status is Status.NOT_LISTED
    assert dataset.status("org-taliban", "RU", on="2024-06-01").status is Status.LISTED
    suspended = dataset.status("org-taliban", "RU", on="2025-06-01")
    assert (suspended.status, suspended.uncertain) == (Status.SUSPENDED, False)
    assert suspended.act is not None
    assert suspended.act.designation_id == "des-ru-2025-taliban-suspend"
    assert dataset.status("org-taliban", "RU", on="2025-05-01").uncertain
    kazakhstan = dataset.status("org-taliban", "KZ", on="2010-06-01")
    assert (kazakhstan.status, kazakhstan.uncertain) == (Status.LISTED, False)
    assert kazakhstan.act is not None
    assert kazakhstan.act.designation_id == "des-kz-2005-taliban-list"
    assert dataset.status("org-taliban", "KG", on="2024-06-01").status is Status.LISTED
    assert dataset.status("org-taliban", "KG", on="2024-10-01").status is Status.DELISTED


def test_no_status_answer_in_the_shipped_data_shows_a_contradicting_source_as_support() -> None:
    dataset = proscribed.load()
    contradicting = {
        (citation.record_id, citation.source_id)
        for citation in dataset.citations
        if citation.relation is proscribed.Relation.CONTRADICTS
    }
    answers = shown_against = 0
    for history in (dataset.timeline(actor_id) for actor_id in sorted({row.actor_id for row in dataset.designations})):
        for entry in history:
            for period in entry.periods:
                day = period.start or datetime.date(1990, 1, 1)
                result = dataset.status(history.actor_id, entry.jurisdiction, on=day)
                if result.act is None:
                    continue
                answers += 1
                records = (result.act.designation_id, result.act.instrument_id)
                for evidence in result.sources:
                    assert all((record, evidence.source.source_id) not in contradicting for record in records)
                for evidence in result.contradicted_by:
                    shown_against += 1
                    assert any((record, evidence.source.source_id) in contradicting for record in records)
    assert answers > 500
    assert shown_against > 0


# --- properties over random chains of acts -----------------------------------------------------------


Records = tuple[list[proscribed.Designation], list[proscribed.Instrument], list[proscribed.DesignationList]]


def in_memory(records: Records) -> Dataset:
    """A dataset of acts with their instruments and lists, built without the loader's checks."""
    designations, instruments, lists = records
    actors = tuple(proscribed.Actor.model_validate(row) for row in BASE_ACTORS)
    return Dataset(
        "0", Path(), actors, (), (), (), tuple(lists), tuple(instruments), (), (), (), (), tuple(designations), ()
    )


def edtf_of(day: D, precision: str) -> str:
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return day.isoformat()[:7]
    if precision == "year":
        return day.isoformat()[:4]
    return f"[{day.isoformat()}..{(day + datetime.timedelta(days=6)).isoformat()}]"


PRECISIONS = st.sampled_from(["day", "day", "month", "year", "range"])
DAYS = st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31))


@st.composite
def chains(draw: st.DrawFn, *, exact: bool = False) -> Records:
    precision = st.just("day") if exact else PRECISIONS
    acts: list[proscribed.Designation] = []
    instruments: list[proscribed.Instrument] = []
    lists: dict[str, proscribed.DesignationList] = {}
    count = draw(st.integers(min_value=1, max_value=5))
    for index in range(count):
        action = "list" if index == 0 else draw(st.sampled_from(["suspend", "reinstate", "delist", "renew", "amend"]))
        fields: dict[str, str] = {"decision_date": edtf_of(draw(DAYS), draw(precision))}
        if action in ("list", "renew", "suspend") and draw(st.booleans()):
            fields["end_date"] = edtf_of(draw(DAYS), draw(precision))
        if index:
            fields["related_designation_id"] = acts[draw(st.integers(0, index - 1))].designation_id
        row, instrument, listed_on = split_act(act(f"des-{index}", action, **fields))
        try:
            acts.append(proscribed.Designation.model_validate(row))
            assert instrument is not None
            instruments.append(proscribed.Instrument.model_validate(instrument))
        except ValueError:
            reject()
        lists.setdefault(listed_on["list_id"], proscribed.DesignationList.model_validate(listed_on))
    return acts, instruments, list(lists.values())


def _shown(period: proscribed.StatusPeriod) -> tuple[object, ...]:
    return (period.act, period.scope, period.lapsed, period.uncertain, period.uncertain_dates)


def probe_days(dataset: Dataset) -> list[D]:
    days = {D(1999, 12, 31), D(2031, 6, 1)}
    for entry in dataset.timeline("org-x"):
        for period in entry.periods:
            for day in (period.start, period.end):
                if day is not None:
                    days.update({day, day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)})
    return sorted(days)


@settings(max_examples=60, deadline=None)
@given(chains())
def test_timeline_periods_agree_with_status_on_every_boundary(acts: Records) -> None:
    dataset = in_memory(acts)
    [entry] = dataset.timeline("org-x")
    assert entry.periods[0].start is None
    assert entry.periods[-1].end is None
    for first, second in itertools.pairwise(entry.periods):
        assert first.end is not None
        assert second.start == first.end + datetime.timedelta(days=1)
        assert first.status != second.status or _shown(first) != _shown(second)
    for day in probe_days(dataset):
        result = dataset.status("org-x", "RU", on=day)
        period = entry.period_on(day)
        assert (period.status, period.act, period.lapsed, period.uncertain, period.scope) == (
            result.status,
            result.act,
            result.lapsed,
            result.uncertain,
            result.scope,
        ), day


@settings(max_examples=60, deadline=None)
@given(chains(exact=True))
def test_exact_dates_never_give_an_uncertain_answer(acts: Records) -> None:
    dataset = in_memory(acts)
    for day in probe_days(dataset):
        result = dataset.status("org-x", "RU", on=day)
        assert not result.uncertain
        assert result.status is not Status.UNKNOWN
