"""One minimal broken package per error code: each reports exactly its code, file, row and line."""

import datetime
import json
import shutil
from pathlib import Path

import pytest

from proscribed._schema._descriptor import generated_files
from proscribed._validate import CATALOGUE, Finding, validate

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = datetime.date(2026, 6, 1)
UNREACHABLE = {
    "invalid-value": "no column of the current models has a failure without a more specific code",
    "unrepresentable": "reported by fmt only (tests/test_hostile_units.py, a cell fmt cannot write back)",
    "symbolic-link": "reported by fmt only (tests/test_hostile_units.py, a table that is a link)",
}


def materialise(name: str, target: Path) -> Path:
    """The base package with the fixture's files laid over it."""
    shutil.copytree(FIXTURES / "_base", target)
    for relative, text in generated_files().items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    fixture = FIXTURES / name
    if name == "_base":
        return target
    spec = json.loads((fixture / "fixture.json").read_text(encoding="utf-8"))
    for relative in spec.get("delete", ()):
        (target / relative).unlink()
    descriptor = target / "datapackage.json"
    for before, after in spec.get("descriptor_replace", ()):
        text = descriptor.read_text(encoding="utf-8")
        assert before in text, f"{name}: {before!r} is not in the generated descriptor"
        descriptor.write_text(text.replace(before, after, 1), encoding="utf-8")
    for source in sorted(fixture.rglob("*")):
        if source.is_file() and source.name != "fixture.json":
            destination = target / source.relative_to(fixture)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    return target


def located(package: Path, spec: dict[str, object], line: object) -> object:
    """An expected line; ``"replaced"`` stands for the line of the fixture's replacement in the descriptor."""
    if line != "replaced":
        return line
    [[_, after]] = spec["descriptor_replace"]  # type: ignore[misc]
    text = (package / "datapackage.json").read_text(encoding="utf-8")
    return text[: text.index(after)].count("\n") + 1


def fixture_names() -> list[str]:
    return sorted(path.name for path in FIXTURES.iterdir() if path.is_dir() and not path.name.startswith("_"))


def test_the_base_package_is_valid_and_loads(tmp_path: Path) -> None:
    import proscribed

    shutil.copytree(FIXTURES / "_base", tmp_path / "package")
    package = tmp_path / "package"
    for relative, text in generated_files().items():
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        (package / relative).write_text(text, encoding="utf-8")
    report = validate(package, today=TODAY)
    assert report.findings == []
    assert proscribed.load(package).counts()["designations"] == 2


def test_every_code_has_exactly_one_fixture() -> None:
    codes = {entry.code for entry in CATALOGUE}
    assert set(fixture_names()) == codes - UNREACHABLE.keys()


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_reports_exactly_its_code(name: str, tmp_path: Path) -> None:
    package = materialise(name, tmp_path / "package")
    spec = json.loads((FIXTURES / name / "fixture.json").read_text(encoding="utf-8"))
    report = validate(package, today=TODAY)
    found = [
        {"file": finding.file, "row": finding.row, "line": finding.line, "field": finding.field}
        for finding in report.findings
        if finding.code == name
    ]
    expected = spec["expected"] if isinstance(spec["expected"], list) else [spec["expected"]]
    expected = [{**entry, "line": located(package, spec, entry["line"])} for entry in expected]
    assert sorted(found, key=str) == sorted(expected, key=str), [str(finding) for finding in report.findings]
    others = {finding.code for finding in report.findings} - {name}
    assert others == set(spec.get("also", ())), [str(finding) for finding in report.findings]


def loading_findings(package: Path) -> tuple[Finding, ...]:
    """What loading *package* refuses it for (nothing when it loads)."""
    import proscribed

    try:
        proscribed.load(package)
    except proscribed.DataError as error:
        return error.problems
    return ()


ONLY_VALIDATE = {
    "future-date": "depends on the clock: loading gives the same data on any day",
    "descriptor-drift": "loading reads the tables by the models whatever the generated files say",
    "descriptor-profile": "loading reads the tables by the models whatever the generated files say",
    "reference-unreadable": "a note that references into an unreadable file were not checked",
}
"""Codes that only validation reports, and why (docs/reference/validation.md says the same)."""


@pytest.mark.parametrize("name", fixture_names())
def test_loading_refuses_what_validate_refuses_in_the_same_words(name: str, tmp_path: Path) -> None:

    package = materialise(name, tmp_path / "package")
    report = validate(package, today=TODAY, max_per_code=None)
    validated = {(f.code, f.file, f.line, f.field, f.message) for f in report.findings if f.code not in ONLY_VALIDATE}
    loaded = {(p.code, p.file, p.line, p.field, p.message) for p in loading_findings(package)}
    assert loaded == validated


def test_the_public_validate_reports_findings_with_their_fix(tmp_path: Path) -> None:
    import proscribed
    from proscribed._validate import error_code

    package = materialise("formula-text", tmp_path / "package")
    report = proscribed.validate(package)
    assert isinstance(report, proscribed.Report)
    assert not report.valid
    [finding] = [finding for finding in report.findings if finding.code == "formula-text"]
    assert isinstance(finding, proscribed.Finding)
    assert (finding.file, finding.line, finding.field) == ("data/actors.csv", 4, "name")
    assert finding.fix == error_code("formula-text").fix
    assert finding.title == "Text a spreadsheet would run as a formula"


@pytest.mark.parametrize("value", ["1_000", " 5", "5.0", "٣", "1e3", "-3", "+5", "7"])
def test_an_integer_cell_is_judged_alike_by_loading_and_validation(value: str, tmp_path: Path) -> None:

    package = materialise("_base", tmp_path / "package")
    events = package / "data" / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8").replace("Moscow,,,,confirmed", f"Moscow,,{value},,confirmed"),
        encoding="utf-8",
    )
    validated = [(finding.code, finding.line, finding.field) for finding in validate(package, today=TODAY).findings]
    loaded = [(problem.code, problem.line, problem.field) for problem in loading_findings(package)]
    assert loaded == validated
    assert bool(loaded) == (value not in {"+5", "7"})


def test_an_unknown_reference_says_which_identifier_was_meant_in_both_engines(tmp_path: Path) -> None:
    import proscribed

    package = materialise("_base", tmp_path / "package")
    statements = package / "data" / "statements.csv"
    text = statements.read_text(encoding="utf-8")
    statements.write_text(text.replace(",per-example-speaker,", ",per-example-speakr,", 1), encoding="utf-8")
    [finding] = [f for f in validate(package, today=TODAY).findings if f.code == "foreign-key"]
    assert "(actors.csv, column actor_id); did you mean per-example-speaker" in finding.message
    with pytest.raises(proscribed.DataError) as raised:
        proscribed.load(package)
    assert [p.message for p in raised.value.problems if p.code == "foreign-key"] == [finding.message]


@pytest.mark.parametrize("name", fixture_names())
def test_loading_says_how_to_fix_each_problem_as_validation_does(name: str, tmp_path: Path) -> None:
    import proscribed

    package = materialise(name, tmp_path / "package")
    fixes = {f.code: f.fix for f in validate(package, today=TODAY).findings if f.code not in ONLY_VALIDATE}
    if not fixes:
        proscribed.load(package)  # a fixture of a code only validation reports: loading succeeds
        return
    with pytest.raises(proscribed.DataError) as raised:
        proscribed.load(package)
    assert {problem.code: problem.fix for problem in raised.value.problems} == fixes
    for code, fix in fixes.items():
        assert f"\n  {code}: {fix}" in str(raised.value)
