import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import proscribed
from proscribed._cli import main

from .fixtures_query.package import rich_tables, write_package


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_package(tmp_path_factory.mktemp("rich"), rich_tables())


def run(runner: CliRunner, *arguments: str) -> tuple[int, str]:
    result = runner.invoke(main, list(arguments))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# --- status ------------------------------------------------------------------------------------------


def test_status_json_contract(runner: CliRunner, rich: Path) -> None:
    code, output = run(runner, "status", "org-x", "--on", "2025-06-01", "--format", "json", "--package", str(rich))
    assert code == 0, output
    document = json.loads(output)
    assert set(document) == {"actor", "on", "results"}
    assert (document["actor"], document["on"]) == ("org-x", "2025-06-01")
    for result in document["results"]:
        assert set(result) == {
            "jurisdiction", "status", "since", "list", "act", "sources", "contradicted_by", "uncertain",
            "related_measures",
        }  # fmt: skip
    by_code = {result["jurisdiction"]: result for result in document["results"]}
    assert list(by_code) == ["RU", "UN"]
    russia = by_code["RU"]
    assert (russia["status"], russia["since"], russia["uncertain"]) == ("suspended", "2025-05-20", False)
    assert russia["act"]["designation_id"] == "des-ru-2025-x-suspend"
    assert [source["source_id"] for source in russia["sources"]] == ["src-b"]
    assert [source["source_id"] for source in russia["contradicted_by"]] == ["src-a"]
    united_nations = by_code["UN"]
    assert (united_nations["status"], united_nations["act"], united_nations["since"]) == ("not_listed", None, None)
    [measure] = united_nations["related_measures"]
    assert measure["act"]["scope"] == "associates"
    assert measure["scope_note"]
    assert russia["related_measures"] == []


def test_status_for_chosen_jurisdictions(runner: CliRunner, rich: Path) -> None:
    arguments = ["status", "org-x", "--on", "2025-05-01", "--format", "json", "--package", str(rich)]
    code, output = run(runner, *arguments, "-j", "ru,fr", "--jurisdiction", "UN")
    assert code == 0, output
    results = json.loads(output)["results"]
    assert [(r["jurisdiction"], r["status"], r["uncertain"]) for r in results] == [
        ("RU", "listed", True),
        ("FR", "unknown", False),
        ("UN", "not_listed", False),
    ]


def test_status_text_names_act_sources_and_associates(runner: CliRunner, rich: Path) -> None:
    code, output = run(runner, "status", "Group X", "--on", "2025-05-01", "--package", str(rich))
    assert code == 0, output
    assert output.startswith("Group X (org-x) on 2025-05-01\n")
    assert "RU  listed since 2003-02-14  (uncertain" in output
    assert "act: des-ru-2003-x-list (list, Supreme Court)" in output
    assert "source (official): https://example.org/a" in output
    assert "UN  not listed" in output
    assert (
        "on associates (Individuals and entities associated with Group X): listed since 2011-06 (des-un-2011-x-list)"
        in output
    )


def test_status_text_shows_contradicting_sources_apart(runner: CliRunner, rich: Path) -> None:
    code, output = run(runner, "status", "Group X", "-j", "RU", "--on", "2025-06-01", "--package", str(rich))
    assert code == 0, output
    assert "      source (official): https://example.org/b?x=1&y=2\n" in output
    assert "      contradicts its date (official): https://example.org/a\n" in output
    assert "source (official): https://example.org/a" not in output
    code, output = run(runner, "status", "Group X", "-j", "RU", "--on", "2025-06-01", "--format", "json",
                       "--package", str(rich))  # fmt: skip
    [russia] = json.loads(output)["results"]
    assert [item["url"] for item in russia["sources"]] == ["https://example.org/b?x=1&y=2"]
    assert [(item["url"], item["relation"]) for item in russia["contradicted_by"]] == [
        ("https://example.org/a", "contradicts")
    ]


def test_status_defaults_to_today(runner: CliRunner, rich: Path) -> None:
    code, output = run(runner, "status", "org-x", "--format", "json", "--package", str(rich))
    assert code == 0
    assert json.loads(output)["on"] == datetime.date.today().isoformat()  # noqa: DTZ011  (the CLI's calendar day)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["status", "org-nobody"], "no actor 'org-nobody'"),
        (["status", "org-x", "-j", "XX"], "unknown jurisdiction 'XX'"),
        (["status", "org-x", "--on", "2024-06"], "YYYY-MM-DD"),
        (["status", "org-x", "--format", "yaml"], "yaml"),
        (["timeline", "org-nobody"], "no actor"),
        (["statements", "--from", "June"], "EDTF"),
        (["statements", "--stance", "pro"], "pro"),
        (["events", "--participant", "per-nobody"], "no actor"),
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, rich: Path, arguments: list[str], message: str) -> None:
    code, output = run(runner, *arguments, "--package", str(rich))
    assert code == 2
    assert message in output


def test_a_missing_package_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    code, output = run(runner, "status", "org-x", "--package", str(tmp_path))
    assert code == 2
    assert "no datapackage.json" in output


def test_an_invalid_package_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    package = write_package(tmp_path, rich_tables())
    path = package / "data" / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",forum,", ",gala,", 1), encoding="utf-8")
    code, output = run(runner, "status", "org-x", "--package", str(package))
    assert code == 1
    assert "data/events.csv:2: column 'event_type'" in output


def test_status_on_the_shipped_data(runner: CliRunner) -> None:
    code, output = run(runner, "status", "org-taliban", "-j", "RU", "--on", "2024-06-01", "--format", "json")
    assert code == 0
    [result] = json.loads(output)["results"]
    assert (result["jurisdiction"], result["status"]) == ("RU", "listed")


# --- timeline ----------------------------------------------------------------------------------------


def test_timeline_text(runner: CliRunner, rich: Path) -> None:
    code, output = run(runner, "timeline", "org-x", "--package", str(rich))
    assert code == 0, output
    assert "\nRU\n  acts:\n    2003-02-14  list       des-ru-2003-x-list (ru-terrorist; Supreme Court)\n" in output
    assert (
        "2025-04-17 – 2025-05-19  listed      des-ru-2003-x-list "
        "(uncertain: des-ru-2025-x-suspend took effect between 2025-04-17 and 2025-05-20)"
    ) in output
    assert "2025-05-20 – …           suspended   des-ru-2025-x-suspend" in output
    assert "des-un-2011-x-list [associates]" in output


def test_timeline_json(runner: CliRunner, rich: Path) -> None:
    code, output = run(runner, "timeline", "org-x", "--format", "json", "--package", str(rich))
    assert code == 0
    document = json.loads(output)
    assert document == proscribed.load(rich).timeline("org-x").to_dict()
    russia = next(entry for entry in document["jurisdictions"] if entry["jurisdiction"] == "RU")
    assert russia["periods"][-1] == {
        "status": "suspended",
        "start": "2025-05-20",
        "end": None,
        "designation_id": "des-ru-2025-x-suspend",
        "since": "2025-05-20",
        "scope": "entity",
        "lapsed": False,
        "uncertain": False,
        "uncertain_dates": [],
    }
    suspend = next(act for act in russia["acts"] if act["designation_id"] == "des-ru-2025-x-suspend")
    assert [item["url"] for item in suspend["sources"]] == ["https://example.org/b?x=1&y=2"]
    assert [item["url"] for item in suspend["contradicted_by"]] == ["https://example.org/a"]
    uncertain = russia["periods"][-2]
    assert (uncertain["start"], uncertain["end"]) == ("2025-04-17", "2025-05-19")  # the last day, included
    assert uncertain["uncertain_dates"] == [
        {"designation_id": "des-ru-2025-x-suspend", "lapse": False, "earliest": "2025-04-17", "latest": "2025-05-20"}
    ]


# --- statements and events ---------------------------------------------------------------------------


def test_statements_text(runner: CliRunner, rich: Path) -> None:
    code, output = run(runner, "statements", "--speaker", "Anna A", "--stance", "favor", "--package", str(rich))
    assert code == 0, output
    assert "2024-05-27  Anna A on Group X: favor (designation)  [stmt-20240527-anna-a-real-power]" in output
    assert "“They are the real power.”" in output


def test_statements_json_and_jsonl(runner: CliRunner, rich: Path) -> None:
    base = ["statements", "--subject", "org-x", "--from", "2024", "--package", str(rich)]
    code, output = run(runner, *base, "--format", "json")
    assert code == 0
    assert [row["statement_id"] for row in json.loads(output)] == [
        "stmt-20240527-anna-a-real-power",
        "stmt-202504-anna-a-talks",
    ]
    code, output = run(runner, *base, "--format", "jsonl", "--to", "2024-12-31")
    assert code == 0
    assert [json.loads(line)["statement_id"] for line in output.splitlines()] == ["stmt-20240527-anna-a-real-power"]


def test_statements_csv(runner: CliRunner, rich: Path) -> None:
    code, output = run(runner, "statements", "--speaker", "per-b", "--format", "csv", "--package", str(rich))
    assert code == 0
    [row] = list(csv.DictReader(io.StringIO(output)))
    assert row["quote_en"] == "This is dangerous"
    assert row["quote"] == "Это =опасно"


def test_statements_within(runner: CliRunner, rich: Path) -> None:
    base = ["statements", "--from", "2023-06-10", "--to", "2023-06-20", "--format", "jsonl", "--package", str(rich)]
    assert run(runner, *base)[1].count("\n") == 1
    assert run(runner, *base, "--within")[1] == ""


def test_events(runner: CliRunner, rich: Path) -> None:
    code, output = run(runner, "events", "--participant", "org-x", "--role", "subject", "--package", str(rich))
    assert code == 0, output
    assert output.splitlines()[0] == "2025-04-17  court_ruling: The ruling — RU  [evt-20250417-ruling]"
    code, output = run(runner, "events", "--country", "uz", "--format", "json", "--package", str(rich))
    assert [row["event_id"] for row in json.loads(output)] == ["evt-20240605-forum"]
    code, output = run(runner, "events", "--type", "attack", "--format", "csv", "--package", str(rich))
    [row] = list(csv.DictReader(io.StringIO(output)))
    assert (row["title"], row["fatalities"]) == ("An attack", "3")


def test_no_match_in_csv_prints_the_header(runner: CliRunner, rich: Path) -> None:
    code, output = run(runner, "events", "--type", "visit", "--format", "csv", "--package", str(rich))
    assert (code, output) == (0, ",".join(proscribed.Event.model_fields) + "\n")


def test_listed_text_names_each_organisation_in_english_and_json_keeps_the_lists_wording(runner: CliRunner) -> None:
    code, text = run(runner, "listed", "RU", "--list", "ru-terrorist", "--on", "2022-07-21")
    assert code == 0
    names = [line[2:].split("  since ")[0].rstrip() for line in text.splitlines()[1:]]
    assert names == sorted(names, key=str.casefold)
    assert "Al-Qaida" in names
    assert not any("«" in name for name in names)
    code, output = run(runner, "listed", "RU", "--list", "ru-terrorist", "--on", "2022-07-21", "--format", "json")
    [al_qaida] = [entry for entry in json.loads(output)["results"] if entry["actor"] == "org-al-qaida"]
    assert (al_qaida["actor_name"], al_qaida["name"]) == ("Al-Qaida", "«База» («Аль-Каида»)")


def test_the_commands_filter_by_the_apis_one_definition_of_filters() -> None:
    from proscribed._cli._query import events, statements

    renamed = {"within": "date_rule", "event_status": "status"}
    for command, filters in ((statements, proscribed.StatementFilters), (events, proscribed.EventFilters)):
        options = {renamed.get(str(param.name), str(param.name)) for param in command.params}
        assert options - {"output_format", "package"} == set(filters.__optional_keys__)
