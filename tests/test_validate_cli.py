"""The `proscribed validate` command: exit codes, the three formats, the default package, no tracebacks."""

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from proscribed._cli import main

from .test_validate_fixtures import materialise


def broken(tmp_path: Path) -> Path:
    package = materialise("foreign-key", tmp_path / "package")
    actors = package / "data" / "actors.csv"
    actors.write_text(actors.read_text(encoding="utf-8").replace("Example Court,", "Example Court ,"), encoding="utf-8")
    return package


def test_the_shipped_package_is_valid(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "valid: 12 tables" in result.output


def test_text_output_groups_by_file_with_line_and_column(runner: CliRunner, tmp_path: Path) -> None:
    package = broken(tmp_path)
    result = runner.invoke(main, ["validate", str(package), "--today", "2026-06-01"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    actors = next(index for index, line in enumerate(lines) if line.endswith("data/actors.csv"))
    assert lines[actors + 1].startswith("  line 4, name: ")
    assert lines[actors + 1].endswith("[text-hygiene]")
    assert any(line.startswith("  line 2, actor_id: 'org-nobody'") for line in lines)
    assert "invalid: 2 error(s)" in result.output
    assert "foreign-key ×1: Add the record to the referenced table" in result.output
    assert "Traceback" not in result.output


def test_json_output(runner: CliRunner, tmp_path: Path) -> None:
    package = broken(tmp_path)
    result = runner.invoke(main, ["validate", str(package), "--format", "json", "--today", "2026-06-01"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    assert report["counts"] == {"foreign-key": 1, "text-hygiene": 1}
    [dangling] = [error for error in report["errors"] if error["code"] == "foreign-key"]
    assert dangling["file"] == "data/event_participants.csv"
    assert (dangling["row"], dangling["line"], dangling["field"]) == (2, 2, "actor_id")
    assert {"code", "file", "row", "field", "message", "line", "title", "fix"} <= dangling.keys()
    assert report["tables"]["actors"]["rows"] == 5


def test_github_annotations(runner: CliRunner, tmp_path: Path) -> None:
    package = broken(tmp_path)
    os.chdir(tmp_path)
    result = runner.invoke(main, ["validate", "package", "--format", "github", "--today", "2026-06-01"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("::error file=package/data/actors.csv,line=4,title=text-hygiene%3A Unclean text::name: ")
    assert lines[1].startswith("::error file=package/data/event_participants.csv,line=2,title=foreign-key")
    assert package.exists()


def test_github_annotation_escapes_newlines_and_separators() -> None:
    from proscribed._cli._validate import _escape_data, _escape_property

    assert _escape_data("a\nb\r100%") == "a%0Ab%0D100%25"
    assert _escape_property("data/x.csv,line:1") == "data/x.csv%2Cline%3A1"


def test_default_package_is_the_datapackage_folder_of_the_current_directory(runner: CliRunner, tmp_path: Path) -> None:
    broken(tmp_path / "checkout")
    os.chdir(tmp_path / "checkout")
    (tmp_path / "checkout" / "package").rename(tmp_path / "checkout" / "datapackage")
    result = runner.invoke(main, ["validate", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["package"].endswith("checkout/datapackage")


def test_a_missing_package_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no datapackage.json" in result.output


def test_an_unreadable_descriptor_is_an_io_error(runner: CliRunner, tmp_path: Path) -> None:
    package = materialise("_base", tmp_path / "package")
    (package / "datapackage.json").unlink()
    (package / "datapackage.json").mkdir()
    result = runner.invoke(main, ["validate", str(package / "datapackage.json")])
    assert result.exit_code == 2


def test_bad_options_are_usage_errors(runner: CliRunner) -> None:
    assert runner.invoke(main, ["validate", "--format", "xml"]).exit_code == 2
    assert runner.invoke(main, ["validate", "--today", "yesterday"]).exit_code == 2


def test_today_decides_what_is_future(runner: CliRunner, tmp_path: Path) -> None:
    package = materialise("future-date", tmp_path / "package")
    assert runner.invoke(main, ["validate", str(package), "--today", "2026-06-01"]).exit_code == 1
    assert runner.invoke(main, ["validate", str(package), "--today", "2030-01-01"]).exit_code == 0


def test_no_progress_display_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    package = materialise("_base", tmp_path / "package")
    done = subprocess.run(
        [sys.executable, "-m", "proscribed", "validate", str(package)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""


def test_progress_display_on_a_terminal() -> None:
    from proscribed._cli import _validate as _cli_validate

    shown: list[str] = []
    progress = _cli_validate._Progress()
    _cli_validate.click.echo = lambda message, **_: shown.append(str(message))  # type: ignore[assignment]
    try:
        progress("statements", 1000)
        progress.clear()
    finally:
        import click

        _cli_validate.click.echo = click.utils.echo  # type: ignore[assignment]
    assert "checking statements: 1,000 rows" in shown[0]


def flooded(tmp_path: Path, blank_rows: int) -> Path:
    """A package whose actors file ends with *blank_rows* blank lines and one actor with a stray space."""
    package = materialise("_base", tmp_path / "package")
    actors = package / "data" / "actors.csv"
    text = actors.read_text(encoding="utf-8").replace("Example Movement,", "Example Movement ,")
    actors.write_text(text + "\n" * blank_rows, encoding="utf-8")
    return package


def test_errors_beyond_the_limit_per_code_are_counted_not_listed(tmp_path: Path) -> None:
    from proscribed._validate import validate

    package = flooded(tmp_path, 2500)
    records = len((package / "data" / "actors.csv").read_text(encoding="utf-8").rstrip("\n").splitlines())
    report = validate(package, max_per_code=1000)
    blank = sorted(finding.line or 0 for finding in report.findings if finding.code == "blank-row")
    assert blank == list(range(records + 1, records + 1001))  # the first ones are the ones listed
    assert report.omitted == {("data/actors.csv", "blank-row"): 1500}
    assert report.counts() == {"blank-row": 2500, "text-hygiene": 1}
    assert not report.valid
    everything = validate(package, max_per_code=None)
    assert len(everything.findings) == 2501
    assert everything.omitted == {}


def test_the_limit_per_code_in_each_output_format(runner: CliRunner, tmp_path: Path) -> None:
    package = flooded(tmp_path, 30)
    text = runner.invoke(main, ["validate", str(package), "--max-per-code", "10"])
    assert text.exit_code == 1
    assert "  … and 20 more [blank-row] error(s) in this file, not listed (--max-per-code 0 lists all)" in text.output
    assert "invalid: 31 error(s)" in text.output
    assert "blank-row ×30:" in text.output
    assert text.output.count("[blank-row]") == 11
    data = json.loads(
        runner.invoke(main, ["validate", str(package), "--format", "json", "--max-per-code", "10"]).output
    )
    assert data["counts"] == {"blank-row": 30, "text-hygiene": 1}
    assert data["omitted"] == [{"file": "data/actors.csv", "code": "blank-row", "count": 20}]
    assert len(data["errors"]) == 11
    github = runner.invoke(main, ["validate", str(package), "--format", "github", "--max-per-code", "10"]).output
    assert github.count("::error ") == 12
    assert "20 more blank-row error(s) not listed" in github
    unlimited = runner.invoke(main, ["validate", str(package), "--format", "json", "--max-per-code", "0"])
    assert len(json.loads(unlimited.output)["errors"]) == 31
    negative = runner.invoke(main, ["validate", str(package), "--max-per-code", "-1"])
    assert negative.exit_code == 2
