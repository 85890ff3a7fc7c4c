import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import proscribed
from proscribed._cli import main
from proscribed._schema._descriptor import render_descriptor


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    data_version = proscribed.load().version
    assert result.output == f"proscribed {proscribed.__version__} (data {data_version})\n"


def test_summary_counts_every_table(runner: CliRunner) -> None:
    result = runner.invoke(main, ["summary"])
    assert result.exit_code == 0, result.output
    counts = proscribed.load().counts()
    assert f"proscribed data {proscribed.load().version}" in result.output
    for name, count in counts.items():
        assert f"{name}" in result.output
        assert str(count) in result.output
    assert "jurisdiction(s): " in result.output


def test_summary_of_a_broken_copy_exits_1_without_traceback(runner: CliRunner, package_copy: Path) -> None:
    path = package_copy / "data" / "events.csv"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(",court_ruling,")].count("\n") + 1
    path.write_text(text.replace(",court_ruling,", ",trial,", 1), encoding="utf-8")
    result = runner.invoke(main, ["summary", str(package_copy)])
    assert result.exit_code == 1
    assert f"data/events.csv:{line}: column 'event_type'" in result.output
    assert "Traceback" not in result.output


def test_summary_of_a_missing_package_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["summary", str(tmp_path)])
    assert result.exit_code == 2
    assert "no datapackage.json" in result.output


def test_descriptor_prints_the_generated_descriptor(runner: CliRunner) -> None:
    result = runner.invoke(main, ["descriptor"])
    assert result.exit_code == 0
    assert result.output == render_descriptor()
    assert json.loads(result.output)["name"] == "proscribed"


def test_descriptor_check_passes_on_the_repository(runner: CliRunner) -> None:
    result = runner.invoke(main, ["descriptor", "--check"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_descriptor_check_fails_on_drift_and_write_repairs_it(runner: CliRunner, package_copy: Path) -> None:
    target = package_copy / "datapackage.json"
    target.write_text(target.read_text(encoding="utf-8").replace('"Actors"', '"People"'), encoding="utf-8")
    (package_copy / "schemas" / "roles.schema.json").unlink()
    failed = runner.invoke(main, ["descriptor", "--check", str(package_copy)])
    assert failed.exit_code == 1
    assert "datapackage.json differs from what the models generate" in failed.output
    assert "roles.schema.json differs" in failed.output
    written = runner.invoke(main, ["descriptor", "--write", str(target)])
    assert written.exit_code == 0
    assert written.output.count("wrote ") == 2
    assert target.read_text(encoding="utf-8") == render_descriptor()
    assert runner.invoke(main, ["descriptor", "--check", str(package_copy)]).exit_code == 0
    again = runner.invoke(main, ["descriptor", "--write", str(package_copy)])
    assert "already up to date" in again.output


def test_descriptor_rejects_a_path_that_is_not_a_descriptor(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["descriptor", "--check", str(other)])
    assert result.exit_code == 2


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "proscribed", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"proscribed {proscribed.__version__} (data {proscribed.load().version})"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("proscribed")
    result = subprocess.run([str(script), "summary"], capture_output=True, text=True, check=True)
    assert "designation acts in" in result.stdout


def test_exit_codes_are_defined_once() -> None:
    """Every command exits through ExitCode; click's usage errors use the same code as ours."""
    import re

    import click

    from proscribed._schema._problems import ExitCode

    sources = Path(proscribed.__file__).parent.glob("_cli*.py")
    literal_exits = [
        (path.name, match.group(0))
        for path in sources
        for match in re.finditer(r"(?:sys\.exit|\.exit)\((?!ExitCode\.|\))[^)]*\)", path.read_text(encoding="utf-8"))
    ]
    assert literal_exits == []
    assert click.UsageError("x").exit_code == ExitCode.USAGE


def test_every_command_works_on_the_package_of_the_checkout_it_runs_in(tmp_path: Path) -> None:
    """One rule: inside a checkout its datapackage/, else the installed copy, which no command rewrites."""
    import os
    import shutil
    import subprocess
    import sys

    checkout = tmp_path / "checkout"
    shutil.copytree(Path(proscribed.__file__).resolve().parents[2] / "datapackage", checkout / "datapackage")
    inside = checkout / "datapackage" / "data"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "proscribed", *arguments]
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment, check=False)

    installed = proscribed.load().root.resolve()
    for cwd, expected in ((inside, (checkout / "datapackage").resolve()), (elsewhere, installed)):
        summary = run("summary", cwd=cwd)
        assert f"({expected})" in summary.stdout, summary.stdout
        report = run("validate", cwd=cwd)
        assert report.returncode == 0, report.stdout
        assert str(expected) in report.stdout, report.stdout
        listed = run("listed", "RU", "--on", "2024-01-01", "--format", "json", cwd=cwd)
        assert listed.returncode == 0, listed.stderr
    refused = run("fmt", cwd=elsewhere)
    assert refused.returncode == 2
    assert "never rewritten" in refused.stderr
    assert run("descriptor", "--write", cwd=elsewhere).returncode == 2
    assert run("fmt", "--check", cwd=inside).returncode == 0
