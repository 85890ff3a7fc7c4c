"""The guards behind the hostile-input behaviour, one by one, in process (``test_hostile.py`` runs the CLI)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import proscribed
from proscribed._cli import main
from proscribed._io import _fmt
from proscribed._io._fmt import UnformattableError, departure, format_package, format_table_text
from proscribed._io._guard import (
    MAX_DESCRIPTOR_BYTES,
    DescriptorError,
    file_problem,
    read_descriptor,
    resource_path_problem,
    value_lines,
)
from proscribed._schema._problems import DataError
from proscribed._schema._shown import shown
from proscribed._schema._tables import table_named
from proscribed._validate import validate

from .test_hostile import canonical_package

if TYPE_CHECKING:
    from click.testing import CliRunner

TODAY = datetime.date(2026, 6, 1)
ACTORS = table_named("actors")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return canonical_package(tmp_path / "package")


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("data/actors.csv", None),
        ("data/sub/actors.csv", None),
        ("data/..actors.csv", None),
        ("../actors.csv", "leads out of the package folder"),
        ("data/../../actors.csv", "leads out of the package folder"),
        ("data\\..\\..\\actors.csv", "leads out of the package folder"),
        ("/etc/passwd", "is an absolute path"),
        ("\\\\server\\share\\actors.csv", "is an absolute path"),
        ("C:\\data\\actors.csv", "is an absolute path"),
        ("https://example.org/actors.csv", "is a URL"),
        ("file:///etc/passwd", "is a URL"),
        ("//example.org/actors.csv", "is an absolute path"),
        ("javascript:alert(1)", "is a URL"),
        ("", "is not a file path"),
        (["data/actors.csv"], "is not a file path"),
    ],
)
def test_resource_paths(path: object, problem: str | None) -> None:
    found = resource_path_problem(path)
    assert (found is None) if problem is None else (found is not None and found.startswith(problem)), found


def test_links_inside_the_package_are_followed_and_links_out_are_not(package: Path, tmp_path: Path) -> None:
    actors = package / ACTORS.path
    (package / "data" / "real-actors.csv").write_bytes(actors.read_bytes())
    actors.unlink()
    actors.symlink_to("real-actors.csv")
    assert file_problem(package, ACTORS.path) is None
    assert proscribed.load(package).counts()["actors"] == 5
    assert validate(package, today=TODAY).valid
    actors.unlink()
    actors.symlink_to(tmp_path / "elsewhere.csv")
    assert "outside the package folder" in str(file_problem(package, ACTORS.path))
    actors.unlink()
    actors.symlink_to("actors.csv")
    assert "cannot be resolved" in str(file_problem(package, ACTORS.path))


def test_fmt_never_replaces_a_link(package: Path) -> None:
    actors = package / ACTORS.path
    real = package / "data" / "real-actors.csv"
    real.write_bytes(actors.read_bytes().replace(b"\n", b"\r\n"))
    actors.unlink()
    actors.symlink_to("real-actors.csv")
    result = format_package(package, write=True)
    assert [(problem.file, problem.code) for problem in result.problems] == [(ACTORS.path, "symbolic-link")]
    assert actors.is_symlink()
    assert b"\r\n" in real.read_bytes()


def test_a_loop_of_links_is_an_error_not_a_crash(package: Path) -> None:
    actors = package / ACTORS.path
    actors.unlink()
    actors.symlink_to("actors.csv")
    with pytest.raises(DataError) as raised:
        proscribed.load(package)
    assert [(problem.code, problem.file) for problem in raised.value.problems] == [("file-unreadable", ACTORS.path)]
    assert ("file-unreadable", ACTORS.path) in {(f.code, f.file) for f in validate(package, today=TODAY).findings}


def test_an_unreadable_table_is_reported_once_not_through_every_reference(package: Path) -> None:
    actors = package / ACTORS.path
    actors.write_text("actor_id,kind\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        proscribed.load(package)
    assert {(problem.code, problem.file) for problem in raised.value.problems} == {("header", ACTORS.path)}


def test_rows_with_bad_bytes_keep_their_keys(package: Path) -> None:
    actors = package / ACTORS.path
    actors.write_bytes(actors.read_bytes().replace(b"Example Court", b"Example \xe9 Court"))
    with pytest.raises(DataError) as raised:
        proscribed.load(package)
    [problem] = raised.value.problems
    assert (problem.code, problem.field) == ("encoding", "name")
    assert "b'\\xe9'" in problem.message


def test_descriptor_limits(tmp_path: Path) -> None:
    path = tmp_path / "datapackage.json"
    cases = {
        b'{"a": NaN}': "NaN is not a JSON number",
        b'{"a": 1, "a": 2}': 'the key "a" appears twice',
        b'\xef\xbb\xbf{"a": 1}': "byte-order mark",
        b'{"a": "\xff"}': "not UTF-8",
        b"[1, 2]": "not a JSON object",
        b'{"a":\n' + b"[" * 65 + b"]" * 65 + b"}": "nest more than 64 levels",
        b" " * (MAX_DESCRIPTOR_BYTES + 1): "larger than 16 MB",
    }
    for raw, message in cases.items():
        path.write_bytes(raw)
        with pytest.raises(DescriptorError, match=message):
            read_descriptor(path)
    path.write_bytes(b'{"a":\n' + b"[" * 63 + b"]" * 63 + b"}")
    assert read_descriptor(path)[0]["a"]
    path.write_bytes(b'{"a":\n' + b"[" * 64 + b"]" * 64 + b"}")
    with pytest.raises(DescriptorError) as raised:
        read_descriptor(path)
    assert raised.value.line == 2


def test_descriptor_errors_carry_the_line_of_their_value(package: Path) -> None:
    descriptor = package / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8")
    text = text.replace('"name": "CC-BY-4.0"', '"name": "CC BY 4.0"', 1)
    descriptor.write_text(text, encoding="utf-8")
    line = text[: text.index("CC BY 4.0")].count("\n") + 1
    findings = {(f.code, f.line, f.field) for f in validate(package, today=TODAY).findings}
    assert ("descriptor-profile", line, "licenses[0].name") in findings
    assert ("descriptor-drift", line, "licenses[0].name") in findings


def test_value_lines() -> None:
    text = '{\n "a": [1,\n  {"b": "x,\\"]y"}],\n "c": {}\n}'
    assert value_lines(text) == {(): 1, ("a",): 2, ("a", 0): 2, ("a", 1): 3, ("a", 1, "b"): 3, ("c",): 4}
    assert json.loads(text)["a"][1]["b"] == 'x,"]y'


def test_shown_escapes_what_a_terminal_would_act_on() -> None:
    assert shown("a\u202eb\x1b[2J") == '"a\\u202eb\\u001b[2J"'
    assert shown("x" * 200).endswith("…")
    assert len(shown("x" * 200)) == 80


def test_export_refuses_to_write_inside_the_package(package: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["export", "--format", "json", "--out", str(package / "data" / "x.json"), "--package", str(package)]
    )
    assert result.exit_code == 2
    assert "inside the data package folder" in result.output
    assert not (package / "data" / "x.json").exists()


def test_diff_refuses_resource_paths_out_of_the_package(package: Path, tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "secret.csv").write_text("password\nhunter2\n", encoding="utf-8")
    descriptor = package / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8").replace('"path": "data/actors.csv"', '"path": "../secret.csv"')
    descriptor.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["diff", str(package), str(package)])
    assert result.exit_code == 2
    assert "leads out of the package folder" in result.output
    assert "hunter2" not in result.output


def _table_text(rows: list[str]) -> bytes:
    return ("\n".join([",".join(ACTORS.columns), *rows]) + "\n").encode("utf-8")


ROW_A = "org-a,organization,A,,,media,RU,,,"
ROW_B = "org-b,organization,B,,,media,RU,,,"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xef\xbb\xbf" + _table_text([ROW_A]), "line 1: the file starts with a byte-order mark"),
        (_table_text([ROW_A]).replace(b"\n", b"\r\n"), "line 1: a carriage return"),
        (_table_text([ROW_B, ROW_A]), "line 2: rows are not sorted by primary key"),
        (_table_text([ROW_A, "", ROW_B]), "line 3: a blank line"),
        (_table_text(["org-a,organization,Ae\u0301,,,media,RU,,,"]), "line 2: text that is not in Unicode NFC"),
        (_table_text(['org-a,organization,"A",,,media,RU,,,']), "line 2: quoting, row order or blank lines"),
        (_table_text([ROW_A])[:-1], "line 2: the end of the file"),
    ],
)
def test_fmt_check_says_where_a_file_departs(raw: bytes, reason: str) -> None:
    assert departure(raw, format_table_text(raw, ACTORS)).startswith(reason)


def test_fmt_refuses_what_it_cannot_write_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """The read-back check is live: a renderer that lost a carriage return would be caught, not trusted."""
    raw = _table_text(['org-a,organization,"A\rB",,,media,RU,,,'])
    assert format_table_text(raw, ACTORS) == raw.decode("utf-8")
    careless = _fmt.render_rows

    def loses_carriage_returns(table: object, rows: list[dict[str, str]]) -> str:
        return careless(table, rows).replace('"A\rB"', "A\rB")  # type: ignore[arg-type]

    monkeypatch.setattr(_fmt, "render_rows", loses_carriage_returns)
    with pytest.raises(UnformattableError, match="cannot be written back exactly"):
        format_table_text(raw, ACTORS)
