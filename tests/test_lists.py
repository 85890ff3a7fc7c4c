"""Questions over whole lists, in Python and on the command line: listed, counts, compare, actors.

Synthetic packages pin the rules (a batch instrument, a lapse, a late renewal, a re-listing, a rename, two
lists in one jurisdiction); the shipped data pins real cases (the UK's first order of 21 organisations,
the US lapses of 1999, the MEK's revocation, al-Qa'ida in Iraq renamed ISIL, Russia's suspension).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import proscribed
from proscribed import Dataset, Status
from proscribed._cli import main

from .fixtures_query.package import BASE_ACTORS, Row, act, write_package

Build = Callable[..., Dataset]
SHIPPED = proscribed.load()

ACTORS: list[Row] = [
    *BASE_ACTORS,
    {"actor_id": "org-y", "actor_type": "organization", "name": "Group Y", "org_class": "armed_group"},
    {"actor_id": "org-z", "actor_type": "organization", "name": "Hizballah", "org_class": "movement"},
]
BATCH: Row = {
    "instrument_id": "ins-ru-2003-batch",
    "jurisdiction": "RU",
    "instrument_type": "court_decision",
    "title": "Decision recognising three organisations as terrorist",
    "title_lang": "en",
    "authority_id": "org-court",
    "decision_date": "2003-02-14",
    "verification": "confirmed",
}


@pytest.fixture
def build(tmp_path: Path) -> Build:
    counter = iter(range(1000))

    def make(*acts: Row, instruments: tuple[Row, ...] = (), aliases: tuple[Row, ...] = ()) -> Dataset:
        tables = {"designations": acts, "actors": ACTORS, "instruments": instruments, "aliases": aliases}
        return proscribed.load(write_package(tmp_path / f"package-{next(counter)}", tables))

    return make


def names(result: proscribed.ListedResult) -> list[str]:
    return [entry.actor.actor_id for entry in result]


def test_a_batch_instrument_lists_several_organisations_at_once(build: Build) -> None:
    dataset = build(
        *(act(f"des-ru-2003-{slug}-list", "list", actor_id=f"org-{slug}", instrument_id="ins-ru-2003-batch")
          for slug in ("x", "y", "z")),
        instruments=(BATCH,),
    )  # fmt: skip
    assert len(dataset.acts_of_instrument("ins-ru-2003-batch")) == 3
    assert dataset.listed("RU", on="2003-02-13").count == 0
    on_the_day = dataset.listed("RU", on="2003-02-14")
    assert names(on_the_day) == ["org-x", "org-y", "org-z"]
    assert {entry.instrument.instrument_id for entry in on_the_day} == {"ins-ru-2003-batch"}
    [change] = dataset.list_sizes("RU")
    assert (change.day.isoformat(), change.count, change.added) == ("2003-02-14", 3, ("org-x", "org-y", "org-z"))


def test_a_lapse_a_late_renewal_and_a_relisting(build: Build) -> None:
    dataset = build(
        act("des-x-list", "list", decision_date="1997-10-08", end_date="1999-10-08"),
        act("des-x-renew", "renew", decision_date="1999-10-08", end_date="2001-10-08",
            related_designation_id="des-x-list"),
        act("des-y-list", "list", actor_id="org-y", decision_date="1997-10-08", end_date="1999-10-08"),
        act("des-y-relist", "list", actor_id="org-y", decision_date="2005-01-01"),
        act("des-z-list", "list", actor_id="org-z", decision_date="1997-10-08", end_date="1999-10-08"),
        act("des-z-renew", "renew", actor_id="org-z", decision_date="2000-01-01", related_designation_id="des-z-list"),
    )  # fmt: skip
    assert names(dataset.listed("RU", on="1999-10-07")) == ["org-x", "org-y", "org-z"]
    assert names(dataset.listed("RU", on="1999-10-08")) == ["org-x"]  # renewed on the day of the lapse
    assert names(dataset.listed("RU", on="2000-01-01")) == ["org-x", "org-z"]  # a late renewal lists again
    assert names(dataset.listed("RU", on="2001-10-08")) == ["org-z"]
    assert names(dataset.listed("RU", on="2005-01-01")) == ["org-y", "org-z"]  # a re-listing after the lapse
    lapsed = dataset.status("org-y", "RU", on="2000-01-01")
    assert (lapsed.status, lapsed.lapsed) == (Status.DELISTED, True)
    sizes = [(change.day.isoformat(), change.count) for change in dataset.list_sizes("RU")]
    assert sizes == [("1997-10-08", 3), ("1999-10-08", 1), ("2000-01-01", 2), ("2001-10-08", 1), ("2005-01-01", 2)]


def test_a_rename_keeps_one_actor_and_the_list_shows_the_name_of_the_day(build: Build) -> None:
    dataset = build(
        act("des-z-list", "list", actor_id="org-z", listed_name="Hizballah External Security Organisation",
            scope="part", scope_note="The external security organisation", decision_date="2001-03-29"),
        act("des-z-amend", "amend", actor_id="org-z", listed_name="Hizballah (Party of God)",
            decision_date="2019-03-01", related_designation_id="des-z-list"),
        aliases=({"actor_id": "org-z", "alias": "Party of God", "lang": "en", "alias_type": "legal",
                  "designation_id": "des-z-amend"},),
    )  # fmt: skip
    [before] = dataset.listed("RU", on="2010-01-01")
    [after] = dataset.listed("RU", on="2020-01-01")
    assert (before.name, before.scope.value) == ("Hizballah External Security Organisation", "part")
    assert (after.name, after.scope.value) == ("Hizballah (Party of God)", "entity")
    assert before.actor == after.actor
    assert before.since == after.since  # the listing is one, from 2001
    assert [match.actor.actor_id for match in dataset.search_actors("Party of God")] == ["org-z"]


def test_lists_of_one_jurisdiction_are_asked_apart_or_together(build: Build) -> None:
    dataset = build(
        act("des-x-sdgt", "list", jurisdiction="US", program="SDGT", decision_date="2002-07-02"),
        act("des-y-fto", "list", actor_id="org-y", jurisdiction="US", program="FTO", decision_date="1997-10-08"),
        act("des-y-sdgt", "list", actor_id="org-y", jurisdiction="US", program="SDGT", decision_date="2001-10-12"),
    )  # fmt: skip
    together = dataset.listed("US", on="2010-01-01")
    assert names(together) == ["org-x", "org-y"]
    assert [entry.lists for entry in together] == [("us-sdgt",), ("us-fto", "us-sdgt")]
    assert names(dataset.listed("US", on="2010-01-01", list="us-fto")) == ["org-y"]
    assert dataset.status("org-x", "US", on="2010-01-01", list="us-fto").status is Status.UNKNOWN
    with pytest.raises(ValueError, match="a list of US, not of RU"):
        dataset.listed("RU", list="us-fto")
    with pytest.raises(KeyError, match="did you mean us-fto"):
        dataset.listed("US", list="us-ftp")


def test_suspended_entries_are_listed_only_when_asked(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2003-02-14"),
        act("des-suspend", "suspend", decision_date="2025-04-17", related_designation_id="des-list"),
    )
    assert dataset.listed("RU", on="2025-06-01").count == 0
    [entry] = dataset.listed("RU", on="2025-06-01", include_suspended=True)
    assert (entry.status, entry.act.designation_id) == (Status.SUSPENDED, "des-suspend")


def test_an_imprecise_date_makes_an_entry_possibly_listed(build: Build) -> None:
    dataset = build(
        act("des-list", "list", decision_date="2010-01-01"),
        act("des-delist", "delist", decision_date="2012/2017", related_designation_id="des-list",
            verification="unconfirmed", verification_note="Inferred from its absence from later tables."),
    )  # fmt: skip
    result = dataset.listed("RU", on="2014-01-01")
    assert result.count == 0
    [maybe] = result.possibly
    assert (maybe.actor.actor_id, maybe.status, maybe.uncertain) == ("org-x", Status.DELISTED, True)
    assert result.to_dict()["possibly"][0]["actor"] == "org-x"


def test_compare_is_a_matrix_of_organisations_by_jurisdiction(build: Build) -> None:
    dataset = build(
        act("des-ru", "list", decision_date="2003-02-14"),
        act("des-kz", "list", jurisdiction="KZ", decision_date="2005-03-15"),
        act("des-kz-delist", "delist", jurisdiction="KZ", decision_date="2023-12-29", related_designation_id="des-kz"),
        act("des-y", "list", actor_id="org-y", jurisdiction="KZ", decision_date="2010-01-01"),
    )  # fmt: skip
    comparison = dataset.compare(on="2024-06-01")
    assert comparison.jurisdictions == ("KZ", "RU")
    rows = {row.actor.actor_id: row for row in comparison}
    assert rows["org-x"].statuses == {"KZ": Status.DELISTED, "RU": Status.LISTED}
    assert rows["org-y"].statuses == {"KZ": Status.LISTED, "RU": Status.UNKNOWN}
    assert rows["org-x"].listed_in == ("RU",)
    frame = comparison.to_pandas()
    assert frame.loc["org-x", "KZ"] == "delisted"
    assert list(frame.columns) == ["name", "KZ", "RU"]
    only = dataset.compare(on="2024-06-01", actors=["org-y"], jurisdictions=["ru", "KZ"])
    assert [row.actor.actor_id for row in only] == ["org-y"]
    assert only.jurisdictions == ("RU", "KZ")


# --- finding actors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "actor_id"),
    [
        ("Hezbollah", "org-hezbollah"),
        ("Hizballah", "org-hezbollah"),
        ("hizbullah", "org-hezbollah"),
        ("Хезболла", "org-hezbollah"),
        ("TALIBAN", "org-taliban"),
        ("Талибан", "org-taliban"),
        ("al qaida", "org-al-qaida"),
        ("Al-Qa'ida", "org-al-qaida"),
        ("Islamic State of Iraq and the Levant", "org-isil"),
        ("Jabhat al Nusra", "org-al-nusra-front"),
        ("PKK", "org-pkk"),
        ("Kongra Gel", "org-pkk"),
    ],
)
def test_actors_are_found_by_any_name_spelling_or_script(query: str, actor_id: str) -> None:
    matches = SHIPPED.search_actors(query, limit=3)
    assert matches
    assert matches[0].actor.actor_id == actor_id, [match.to_dict() for match in matches]


def test_an_unknown_actor_gets_suggestions() -> None:
    with pytest.raises(proscribed.UnknownRecordError) as caught:
        SHIPPED.actor("org-talibn")
    assert "org-taliban" in caught.value.suggestions
    assert "did you mean org-taliban" in str(caught.value)
    assert isinstance(caught.value, KeyError)
    assert SHIPPED.resolve_actor("Taliban").actor_id == "org-taliban"
    with pytest.raises(proscribed.UnknownRecordError):
        SHIPPED.resolve_actor("nobody at all")


# --- the real lists -----------------------------------------------------------------------------------


def test_the_uk_order_of_2001_added_21_organisations() -> None:
    acts = SHIPPED.acts_of_instrument("ins-gb-si-2001-1261")
    assert len(acts) == 21
    assert all(act.action is proscribed.Action.LIST and act.list_id == "gb-proscribed" for act in acts)
    before, after = (
        SHIPPED.listed("GB", on="2001-03-28", list="gb-proscribed"),
        SHIPPED.listed("GB", on="2001-03-29", list="gb-proscribed"),
    )
    assert (before.count, after.count) == (14, 35)
    carried = [entry for entry in before if entry.act.action is proscribed.Action.CARRY_OVER]
    assert len(carried) == 14


def test_the_mek_was_deproscribed_in_the_uk_and_revoked_in_the_us() -> None:
    mek = "org-mujahedin-e-khalq"
    assert SHIPPED.status(mek, "GB", on="2008-01-01", list="gb-proscribed").status is Status.LISTED
    assert SHIPPED.status(mek, "GB", on="2009-01-01", list="gb-proscribed").status is Status.DELISTED
    assert SHIPPED.status(mek, "US", on="2012-09-27", list="us-fto").status is Status.LISTED
    revoked = SHIPPED.status(mek, "US", on="2012-09-28", list="us-fto")
    assert (revoked.status, revoked.lapsed) == (Status.DELISTED, False)


def test_three_us_designations_lapsed_in_1999() -> None:
    before = {entry.actor.actor_id for entry in SHIPPED.listed("US", on="1999-10-07", list="us-fto")}
    after = {entry.actor.actor_id for entry in SHIPPED.listed("US", on="1999-10-08", list="us-fto")}
    lapsed = before - after
    assert len(lapsed) == 3
    for actor_id in lapsed:
        result = SHIPPED.status(actor_id, "US", on="1999-10-08", list="us-fto")
        assert (result.status, result.lapsed) == (Status.DELISTED, True)
    assert len(after) == 28


def test_al_qaida_in_iraq_became_isil_on_the_us_list() -> None:
    def entry_on(day: str) -> proscribed.ListedEntry:
        [entry] = [entry for entry in SHIPPED.listed("US", on=day, list="us-fto") if entry.actor.actor_id == "org-isil"]
        return entry

    renamed = SHIPPED.designation("des-us-2014-isil-amend")
    assert renamed.action is proscribed.Action.AMEND
    assert renamed.listed_name == "Islamic State of Iraq and the Levant (ISIL)"
    before, after = entry_on("2010-01-01"), entry_on("2014-12-31")
    assert before.name != after.name
    assert after.name == renamed.listed_name
    assert before.since == after.since  # one listing, renamed: the organisation has been listed since 2004
    added = {alias.alias for alias in SHIPPED.aliases_of("org-isil") if alias.designation_id == renamed.designation_id}
    assert "Daesh" in added


def test_russia_suspended_the_taliban_and_lists_it_no_longer() -> None:
    def taliban_in(day: str, *, include_suspended: bool = False) -> bool:
        result = SHIPPED.listed("RU", on=day, list="ru-terrorist", include_suspended=include_suspended)
        return "org-taliban" in {entry.actor.actor_id for entry in result}

    assert taliban_in("2024-06-01")
    assert not taliban_in("2025-06-01")
    assert taliban_in("2025-06-01", include_suspended=True)


def test_the_ftm_export_has_a_sanction_per_listing_of_the_mek() -> None:
    from proscribed._data._ftm import ftm_entities

    sanctions = [
        entity
        for entity in ftm_entities(SHIPPED)
        if entity["schema"] == "Sanction" and entity["properties"]["entity"] == ["proscribed-org-mujahedin-e-khalq"]
    ]
    by_program = {entity["properties"]["programId"][0]: entity["properties"] for entity in sanctions}
    assert by_program["us-fto"]["startDate"] == ["1997-10-08"]
    assert by_program["us-fto"]["endDate"] == ["2012-09-28"]
    assert by_program["us-fto"]["status"] == ["Inactive"]
    assert by_program["gb-proscribed"]["status"] == ["Inactive"]


# --- the command line ---------------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *arguments: str) -> tuple[int, str]:
    result = runner.invoke(main, list(arguments))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_listed_json_contract(runner: CliRunner) -> None:
    code, output = run(runner, "listed", "GB", "--list", "gb-proscribed", "--on", "2001-03-29", "--format", "json")
    assert code == 0, output
    document = json.loads(output)
    assert {"jurisdiction", "on", "count", "results"} <= set(document)
    assert (document["jurisdiction"], document["on"], document["count"]) == ("GB", "2001-03-29", 35)
    for entry in document["results"]:
        assert {"actor", "name", "status", "since", "list", "act", "instrument", "uncertain"} <= set(entry)
    assert document["count"] == len(document["results"])


def test_listed_text_and_csv(runner: CliRunner) -> None:
    code, output = run(runner, "listed", "RU", "--on", "2024-03-31")
    assert code == 0
    assert output.startswith("RU on 2024-03-31: ")
    assert "Taliban" in output
    code, output = run(runner, "listed", "RU", "--on", "2024-03-31", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(output)))
    assert {"actor", "name", "status", "since", "list", "act", "instrument", "reference"} <= set(rows[0])
    assert "org-taliban" in {row["actor"] for row in rows}


def test_counts_compare_and_actors_commands(runner: CliRunner) -> None:
    code, output = run(runner, "counts", "US", "--list", "us-fto", "--format", "json")
    assert code == 0
    changes = json.loads(output)["changes"]
    assert (changes[0]["day"], changes[0]["count"]) == ("1997-10-08", 30)
    code, output = run(runner, "compare", "Taliban", "Hezbollah", "--on", "2024-06-01", "-j", "RU,US,GB")
    assert code == 0
    assert output.splitlines()[0].split()[-3:] == ["RU", "US", "GB"]
    code, output = run(runner, "compare", "--on", "2024-06-01", "--format", "json", "-j", "GB")
    assert code == 0
    assert json.loads(output)["jurisdictions"] == ["GB"]
    code, output = run(runner, "actors", "Hizbullah", "--format", "json")
    document = json.loads(output)
    assert document["query"] == "Hizbullah"
    assert document["results"][0]["actor"] == "org-hezbollah"
    assert set(document["results"][0]) >= {"actor", "name", "type", "matched"}


def test_commands_take_names_and_suggest_for_unknown_ones(runner: CliRunner) -> None:
    code, output = run(runner, "status", "Talibn", "-j", "RU")
    assert code == 2
    assert "did you mean org-taliban" in output
    code, output = run(runner, "status", "Taliban", "--list", "us-sdgt", "--on", "2024-01-01")
    assert code == 0
    assert "US (us-sdgt)  listed since 2002-07-02" in output
    code, output = run(runner, "listed", "GB", "--list", "gb-proscrbed")
    assert code == 2
    assert "did you mean gb-proscribed" in output
