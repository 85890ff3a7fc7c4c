"""Hostile and broken input: every command fails cleanly, changes nothing, and stays within time and memory.

Each case breaks a small valid package one way (large inputs are generated here, never committed) and runs
``validate`` (JSON and text), ``summary`` (the loader), ``export`` (CSV, JSON, SQLite), ``fmt --check`` and
``fmt`` in one child process with a cap on its address space, a timeout, and an audit hook that refuses
any network access and records any opening of a file outside the package. The test then asserts, command
by command: the exit status, an error naming file, line and field, no traceback, no invisible or control
character echoed to the terminal, no file of the package (or outside it) changed, and the peak memory.

Decisions the cases pin down (``docs/reference/validation.md``, "Hostile input"):

* CRLF line ends are RFC 4180 and read the same as LF: ``validate`` and ``load`` accept them, ``fmt --check``
  reports them and ``fmt`` rewrites them. A carriage return *inside* a cell is unclean text.
* A byte-order mark is an error for ``validate`` and ``load``; ``fmt`` removes it (nothing else changes).
* Spreadsheet formulas in text cells are legitimate text: ``validate`` and ``load`` accept them, the CSV
  export neutralises them with a leading apostrophe, the other exports keep the exact text.
* Dates far in the future are valid values for the loader, which never consults the clock; ``validate``
  reports them as ``future-date``. Years beyond 9999 are not EDTF of the accepted subset.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from proscribed._io._fmt import format_package
from proscribed._validate import DEFAULT_MAX_PER_CODE

from .test_validate_fixtures import materialise

TODAY = "2026-06-01"
ADDRESS_SPACE = 4 << 30
"""A backstop on the child's address space: Arrow reserves much more than it uses, so memory is judged
by the peak resident size below, and this only stops a runaway allocation."""
MEMORY = 600 << 20
"""Peak resident memory allowed to one child process running every command on a small broken package."""
TIMEOUT = 300

RUNNER = textwrap.dedent(
    """
    import contextlib, hashlib, io, json, os, resource, stat, sys, traceback
    from pathlib import Path

    spec = json.loads(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (spec["address_space"], spec["address_space"]))
    secrets = {os.path.realpath(path) for path in spec["secrets"]}
    events = []
    watching = [True]

    def audit(event, args):
        if event.startswith("socket.") or event == "urllib.Request":
            events.append("network: " + event)
            raise PermissionError("network access attempted: " + event)
        if event == "open" and watching[0] and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.realpath(os.fsdecode(args[0]))
            if path in secrets:
                events.append("opened " + path)

    def digest():
        watching[0] = False
        found = {}
        for top in spec["watched"]:
            for folder, _, names in os.walk(top):
                for name in names:
                    path = os.path.join(folder, name)
                    mode = os.lstat(path).st_mode
                    if stat.S_ISLNK(mode):
                        found[path] = "link to " + os.readlink(path)
                    elif stat.S_ISREG(mode):
                        with open(path, "rb") as handle:
                            found[path] = hashlib.sha256(handle.read()).hexdigest()
                    else:
                        found[path] = "special"
        watching[0] = True
        return found

    sys.addaudithook(audit)
    from proscribed._cli import main

    results = [{"digest": digest()}]
    for args in spec["commands"]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(args, prog_name="proscribed")
                code = 0
            except SystemExit as exit:
                code = 0 if exit.code is None else exit.code if isinstance(exit.code, int) else 1
            except BaseException:
                traceback.print_exc()
                code = "crash"
        results.append({"exit": code, "stdout": out.getvalue(), "stderr": err.getvalue(), "digest": digest()})
    # VmHWM is this process's own high-water mark; ru_maxrss would also count the parent's at fork time.
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) * 1024
    Path(spec["report"]).write_text(json.dumps({"results": results, "events": events, "peak": peak}))
    """
)


@dataclass(frozen=True)
class Place:
    """Where a case works: the package it breaks, and a folder outside it."""

    package: Path
    outside: Path


Finding = tuple[str, str, int | None, str | None]
"""(code, file, line, field) of a validator finding."""


@dataclass
class Expected:
    """What every command must do with one broken package."""

    findings: set[Finding]
    """Findings ``validate`` must report (others may come with them)."""
    load: tuple[int, str] = (0, "")
    """``summary`` (and so every export): exit status and a fragment of its error output."""
    fmt_check: tuple[int, str] = (0, "")
    """``fmt --check``: exit status and a fragment of its output."""
    fmt_writes: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None
    """For input ``fmt`` can represent exactly: the files it rewrites, from the files before. None: none."""
    exported: Callable[[Path], None] | None = None
    """Checks of the exports, when they succeed."""
    memory: int = MEMORY
    secrets: list[Path] = field(default_factory=list)
    """Files outside the package that no command may open."""
    counts: dict[str, int] | None = None
    """How many errors of each code ``validate`` counts, listed or not (None: not checked)."""


def _line_of(path: Path, text: str) -> int:
    content = path.read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 1


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first *old* in the file with *new*; return the line it is on."""
    line = _line_of(path, old)
    content = path.read_text(encoding="utf-8")
    path.write_text(content.replace(old, new, 1), encoding="utf-8", newline="")
    return line


def _edit_bytes(path: Path, old: bytes, new: bytes) -> int:
    raw = path.read_bytes()
    line = raw[: raw.index(old)].count(b"\n") + 1
    path.write_bytes(raw.replace(old, new, 1))
    return line


def _edit_descriptor(package: Path, old: str, new: str) -> int:
    return _edit(package / "datapackage.json", old, new)


ACTORS = "data/actors.csv"
SOURCES = "data/sources.csv"
STATEMENTS = "data/statements.csv"
CITATIONS = "data/citations.csv"
DESCRIPTOR = "datapackage.json"
LOAD_FAILS = 1
COURT = "org-ru-court,organization,Example Court,"


def invalid_utf8(place: Place) -> Expected:
    package = place.package
    line = _edit_bytes(package / ACTORS, b"Example Court", b"Example \xff Court")
    message = f"{ACTORS}:{line}: column 'name': bytes that are not UTF-8"
    return Expected({("encoding", ACTORS, line, "name")}, (LOAD_FAILS, message), (1, message))


def byte_order_mark(place: Place) -> Expected:
    package = place.package
    path = package / ACTORS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return Expected(
        {("byte-order-mark", ACTORS, 1, None)},
        (LOAD_FAILS, f"{ACTORS}:1: the file starts with a byte-order mark"),
        (1, "(line 1: the file starts with a byte-order mark)"),
        fmt_writes=lambda before: {ACTORS: before[ACTORS].removeprefix(b"\xef\xbb\xbf")},
    )


def crlf_line_ends(place: Place) -> Expected:
    package = place.package
    path = package / ACTORS
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return Expected(
        set(),
        fmt_check=(1, "(line 1: a carriage return (CRLF or CR line end); canonical line ends are LF)"),
        fmt_writes=lambda before: {ACTORS: before[ACTORS].replace(b"\r\n", b"\n")},
    )


def crlf_inside_a_cell(place: Place) -> Expected:
    package = place.package
    path = package / STATEMENTS
    line = _line_of(path, "stmt-")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return Expected(
        {("text-hygiene", STATEMENTS, line, "quote")},
        (LOAD_FAILS, f"{STATEMENTS}:{line}: column 'quote': … text contains the invisible or control character U+000D"),
        (1, "(line 1: a carriage return (CRLF or CR line end); canonical line ends are LF)"),
        fmt_writes=lambda before: {STATEMENTS: before[STATEMENTS].replace(b"\r\n", b"\n")},
    )


def nul_byte(place: Place) -> Expected:
    package = place.package
    line = _edit_bytes(package / ACTORS, b"Example Court", b"Example\x00Court")
    return Expected(
        {("text-hygiene", ACTORS, line, "name")},
        (LOAD_FAILS, f"{ACTORS}:{line}: column 'name': … text contains the invisible or control character U+0000"),
    )


def unbalanced_quote(place: Place) -> Expected:
    package = place.package
    line = _edit(package / ACTORS, "Example Court", '"Example Court')
    message = f"{ACTORS}:{line}: a quoted cell opens on this line and is never closed"
    return Expected({("csv-syntax", ACTORS, line, None)}, (LOAD_FAILS, message), (1, message))


def fifty_megabyte_cell(place: Place) -> Expected:
    package = place.package
    line = _edit(package / CITATIONS, "the court's spokesperson", "x" * 50_000_000)
    return Expected(
        {("length", CITATIONS, line, "excerpt")},
        (LOAD_FAILS, f"{CITATIONS}:{line}: column 'excerpt': 50000000 characters; the column allows at most 20000"),
        memory=1200 << 20,
    )


def million_column_header(place: Place) -> Expected:
    package = place.package
    path = package / ACTORS
    body = path.read_bytes().split(b"\n", 1)[1]
    path.write_bytes(b",".join([b"actor_id", *[b"x"] * 999_999]) + b"\n" + body)
    return Expected(
        {("header", ACTORS, 1, None)},
        (LOAD_FAILS, f"{ACTORS}:1: the header row is longer than 1,048,576 bytes; the file is not read further"),
        (1, f"{ACTORS}:1: the header must hold exactly the columns"),
    )


def a_million_blank_rows(place: Place) -> Expected:
    path = place.package / ACTORS
    original = path.read_bytes()
    first_blank = original.count(b"\n") + 1
    path.write_bytes(original + b"\n" * 1_000_000)
    return Expected(
        {("blank-row", ACTORS, first_blank, None), ("blank-row", ACTORS, first_blank + 999, None)},
        (LOAD_FAILS, f"{ACTORS}:{first_blank}: the row is blank; delete it … and 999980 more"),
        (1, f"would reformat … {ACTORS} (line {first_blank}: the end of the file (a missing or extra line end))"),
        fmt_writes=lambda _: {ACTORS: original},
        counts={"blank-row": 1_000_000},
    )


def wide_header(place: Place) -> Expected:
    package = place.package
    path = package / ACTORS
    header, body = path.read_bytes().split(b"\n", 1)
    path.write_bytes(header + b",x" * 50_000 + b"\n" + body)
    return Expected(
        {("header", ACTORS, 1, None)},
        (LOAD_FAILS, f"{ACTORS}:1: the header names 50,010 columns and the table has 10; the file is not read further"),
        (1, f"{ACTORS}:1: the header must hold exactly the columns"),
    )


def _secret(outside: Path) -> Path:
    secret = outside / "secret.csv"
    secret.write_text("password\nhunter2\n", encoding="utf-8")
    return secret


def _path_expected(place: Place, path: str, why: str) -> Expected:
    package, outside = place.package, place.outside
    line = _edit_descriptor(package, '"path": "data/actors.csv"', f'"path": {json.dumps(path)}')
    return Expected(
        {("descriptor-drift", DESCRIPTOR, line, "resources[0].path")},
        (LOAD_FAILS, f"{DESCRIPTOR}:40: column 'resources[0].path': {json.dumps(path)[:20]} … {why}"),
        secrets=[_secret(outside)],
    )


def path_with_dot_dot(place: Place) -> Expected:
    expected = _path_expected(place, "../secret.csv", "leads out of the package folder")
    expected.findings.add(("descriptor-profile", DESCRIPTOR, next(iter(expected.findings))[2], "resources[0].path"))
    return expected


def absolute_path(place: Place) -> Expected:
    outside = place.outside
    expected = _path_expected(place, str(outside / "secret.csv"), "is an absolute path")
    expected.findings.add(("descriptor-profile", DESCRIPTOR, next(iter(expected.findings))[2], "resources[0].path"))
    return expected


def remote_url(place: Place) -> Expected:
    return _path_expected(place, "https://example.org/actors.csv", "is a URL")


def symbolic_link_out(place: Place) -> Expected:
    package, outside = place.package, place.outside
    secret = outside / "actors.csv"
    shutil.move(package / ACTORS, secret)
    (package / ACTORS).symlink_to(secret)
    message = f"{ACTORS}: {ACTORS} is a symbolic link to {secret.resolve()}, outside the package folder"
    return Expected({("file-unreadable", ACTORS, None, None)}, (LOAD_FAILS, message), (1, message), secrets=[secret])


def data_folder_linked_out(place: Place) -> Expected:
    package, outside = place.package, place.outside
    moved = outside / "data"
    shutil.move(package / "data", moved)
    (package / "data").symlink_to(moved)
    message = f"{ACTORS}: {ACTORS} is a symbolic link to {moved.resolve() / 'actors.csv'}, outside the package folder"
    return Expected(
        {("file-unreadable", ACTORS, None, None), ("file-unreadable", CITATIONS, None, None)},
        (LOAD_FAILS, message),
        (1, message),
        secrets=sorted(moved.iterdir()),
    )


def named_pipe(place: Place) -> Expected:
    package = place.package
    path = package / "data" / "aliases.csv"
    path.unlink()
    os.mkfifo(path)
    message = "data/aliases.csv: data/aliases.csv is not a regular file"
    return Expected({("file-unreadable", "data/aliases.csv", None, None)}, (LOAD_FAILS, message), (1, message))


def descriptor_not_json(place: Place) -> Expected:
    package = place.package
    (package / DESCRIPTOR).write_text('{\n  "name": "proscribed",\n  "version": 0.1.0\n}\n', encoding="utf-8")
    return Expected(
        {("descriptor-unreadable", DESCRIPTOR, 3, None)},
        (LOAD_FAILS, f"{DESCRIPTOR}:3: not valid JSON"),
    )


def descriptor_nested_deeply(place: Place) -> Expected:
    package = place.package
    depth = 1_000_000
    (package / DESCRIPTOR).write_text('{"resources":\n' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    message = f"{DESCRIPTOR}:2: arrays and objects nest more than 64 levels deep"
    return Expected({("descriptor-unreadable", DESCRIPTOR, 2, None)}, (LOAD_FAILS, message))


def descriptor_with_a_repeated_key(place: Place) -> Expected:
    package = place.package
    _edit_descriptor(package, '"name": "proscribed",', '"name": "proscribed",\n  "name": "other",')
    message = f'{DESCRIPTOR}: not valid JSON: the key "name" appears twice'
    return Expected({("descriptor-unreadable", DESCRIPTOR, None, None)}, (LOAD_FAILS, message))


def control_characters_in_the_version(place: Place) -> Expected:
    package = place.package
    text = (package / DESCRIPTOR).read_text(encoding="utf-8")
    version = json.loads(text)["version"]
    line = _edit_descriptor(package, f'"version": "{version}"', '"version": "\\u001b]0;pwned\\u0007\\u202e"')
    return Expected(
        {("descriptor-drift", DESCRIPTOR, line, "version")},
        (LOAD_FAILS, f"{DESCRIPTOR}:6: column 'version': the version is \"\\u001b]0;pwned\\u0007\\u202e\""),
    )


def bidi_and_zero_width(place: Place) -> Expected:
    package = place.package
    actor = _edit(package / ACTORS, "Example Court", "Example \u202eCourt")
    statement = _edit(package / STATEMENTS, "They are the real power.", "They are the\u200b real power.")
    return Expected(
        {("text-hygiene", ACTORS, actor, "name"), ("text-hygiene", STATEMENTS, statement, "quote")},
        (LOAD_FAILS, f"{ACTORS}:{actor}: column 'name': … text contains the invisible or control character U+202E"),
    )


def spreadsheet_formulas(place: Place) -> Expected:
    package = place.package
    court = _edit(package / ACTORS, ",Example Court,", ',"=HYPERLINK(""http://example.org/x"";""click"")",')
    speaker = _edit(package / ACTORS, ",Example Speaker,", ",@SUM(1+1),")
    agency = _edit(package / ACTORS, ",Example Agency,", ",+7 495 000,")
    event = _edit(package / "data" / "events.csv", "The court suspends the ban", "-the ban-")
    return Expected(
        {
            ("formula-text", ACTORS, court, "name"),
            ("formula-text", ACTORS, speaker, "name"),
            ("formula-text", ACTORS, agency, "name"),
            ("formula-text", "data/events.csv", event, "title"),
        },
        (
            LOAD_FAILS,
            f"{ACTORS}:{court}: column 'name': … text starts with '=', so a spreadsheet opening the file would read it",
        ),
    )


def script_urls(place: Place) -> Expected:
    package = place.package
    report = _edit(package / SOURCES, "https://example.org/report", "javascript:alert(1)")
    ruling = _edit(package / SOURCES, "https://example.org/ruling,", '"data:text/html,<script>alert(1)</script>",')
    return Expected(
        {("url", SOURCES, report, "url"), ("url", SOURCES, ruling, "url")},
        (LOAD_FAILS, f"{SOURCES}:{report}: column 'url':"),
    )


def far_future_dates(place: Place) -> Expected:
    package = place.package
    line = _edit(package / STATEMENTS, "2024-05-27,spoken", "9999-12-31,spoken")

    def exported(out: Path) -> None:
        document = json.loads((out / "export.json").read_text(encoding="utf-8"))
        [statement] = document["tables"]["statements"]
        assert (statement["date_lower"], statement["date_upper"]) == ("9999-12-31", "9999-12-31")

    return Expected({("future-date", STATEMENTS, line, "date")}, exported=exported)


def year_beyond_9999(place: Place) -> Expected:
    package = place.package
    line = _edit(package / STATEMENTS, "2024-05-27,spoken", "12024-05-27,spoken")
    return Expected(
        {("pattern", STATEMENTS, line, "date")},
        (LOAD_FAILS, f"{STATEMENTS}:{line}: column 'date': '12024-05-27' is not an EDTF date of the accepted form"),
    )


CASES: dict[str, Callable[[Place], Expected]] = {
    case.__name__: case
    for case in (
        invalid_utf8,
        byte_order_mark,
        crlf_line_ends,
        crlf_inside_a_cell,
        nul_byte,
        unbalanced_quote,
        fifty_megabyte_cell,
        million_column_header,
        wide_header,
        a_million_blank_rows,
        path_with_dot_dot,
        absolute_path,
        remote_url,
        symbolic_link_out,
        data_folder_linked_out,
        named_pipe,
        descriptor_not_json,
        descriptor_nested_deeply,
        descriptor_with_a_repeated_key,
        control_characters_in_the_version,
        bidi_and_zero_width,
        spreadsheet_formulas,
        script_urls,
        far_future_dates,
        year_beyond_9999,
    )
}


def canonical_package(target: Path) -> Path:
    """The valid base package of the validator's fixtures, in canonical form."""
    package = materialise("_base", target)
    assert format_package(package, write=True).problems == ()
    return package


def _files(package: Path) -> dict[str, bytes]:
    return {
        path.relative_to(package).as_posix(): path.read_bytes()
        for path in package.rglob("*")
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 1 << 24
    }


@dataclass
class Run:
    commands: list[list[str]]
    results: list[dict[str, object]]
    events: list[str]
    peak: int

    def of(self, *prefix: str) -> dict[str, object]:
        index = next(i for i, args in enumerate(self.commands) if args[: len(prefix)] == list(prefix))
        return self.results[index + 1]

    def output(self, *prefix: str) -> str:
        result = self.of(*prefix)
        return str(result["stdout"]) + str(result["stderr"])


def run_everything(package: Path, outside: Path, secrets: list[Path], tmp_path: Path) -> Run:
    out = tmp_path / "exports"
    out.mkdir()
    commands = [
        ["validate", str(package), "--format", "json", "--today", TODAY],
        ["validate", str(package), "--today", TODAY],
        ["summary", str(package)],
        ["export", "--format", "csv", "--out", str(out / "csv"), "--package", str(package)],
        ["export", "--format", "json", "--out", str(out / "export.json"), "--package", str(package)],
        ["export", "--format", "sqlite", "--out", str(out / "export.sqlite"), "--package", str(package)],
        ["fmt", "--check", str(package)],
        ["fmt", str(package)],
    ]
    report = tmp_path / "report.json"
    spec = {
        "address_space": ADDRESS_SPACE,
        "secrets": [str(path) for path in secrets],
        "watched": [str(package), str(outside)],
        "commands": commands,
        "report": str(report),
    }
    completed = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(spec)], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    document = json.loads(report.read_text(encoding="utf-8"))
    return Run(commands, document["results"], document["events"], document["peak"])


def _findings(run: Run) -> set[Finding]:
    report = json.loads(str(run.of("validate", run.commands[0][1], "--format")["stdout"]))
    return {(error["code"], error["file"], error["line"], error["field"]) for error in report["errors"]}


def _says(output: str, fragments: str) -> bool:
    """True when every part of *fragments* (parts separated by " … ") is in *output*, in order."""
    position = 0
    for part in fragments.split(" … "):
        found = output.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def _shows_no_invisible_characters(text: str) -> bool:
    return all(character.isprintable() or character == "\n" for character in text)


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(name: str, tmp_path: Path) -> None:
    package = canonical_package(tmp_path / "package")
    outside = tmp_path / "outside"
    outside.mkdir()
    expected = CASES[name](Place(package, outside))
    before = _files(package)
    run = run_everything(package, outside, expected.secrets, tmp_path)

    assert run.events == [], "a command opened a file outside the package or reached for the network"
    assert run.peak < expected.memory, f"peak resident memory {run.peak >> 20} MB"
    for args, result in zip(run.commands, run.results[1:], strict=True):
        shown = " ".join(args[:2])
        assert result["exit"] in (0, 1, 2), (shown, result["stderr"])
        assert "Traceback" not in str(result["stderr"]), (shown, result["stderr"])
        assert _shows_no_invisible_characters(str(result["stdout"]) + str(result["stderr"])), shown

    digests = [result["digest"] for result in run.results]
    fmt_index = len(digests) - 1
    assert all(digest == digests[0] for digest in digests[:fmt_index]), "a command that only reads changed a file"

    found = _findings(run)
    assert expected.findings <= found, sorted(found)
    report = json.loads(str(run.of("validate", str(package), "--format")["stdout"]))
    listed = Counter(error["code"] for error in report["errors"])
    assert max(listed.values(), default=0) <= DEFAULT_MAX_PER_CODE
    assert sum(report["counts"].values()) == len(report["errors"]) + sum(item["count"] for item in report["omitted"])
    if expected.counts is not None:
        assert report["counts"] == expected.counts
    assert run.of("validate", str(package), "--format")["exit"] == (1 if expected.findings else 0), sorted(found)
    assert (expected.findings == set()) == (found == set()), sorted(found)

    load_exit, load_says = expected.load
    assert run.of("summary")["exit"] == load_exit, run.output("summary")
    assert _says(run.output("summary"), load_says), run.output("summary")
    for export in ("csv", "json", "sqlite"):
        assert run.of("export", "--format", export)["exit"] == load_exit, run.output("export", "--format", export)
        assert _says(run.output("export", "--format", export), load_says)
    if expected.exported is not None:
        expected.exported(tmp_path / "exports")

    check_exit, check_says = expected.fmt_check
    if expected.fmt_writes is None and check_exit == 0:
        assert run.output("fmt", "--check").startswith("all files in ")
    assert run.of("fmt", "--check")["exit"] == check_exit, run.output("fmt", "--check")
    assert _says(run.output("fmt", "--check"), check_says), run.output("fmt", "--check")
    assert run.of("fmt", str(package))["exit"] == (check_exit if expected.fmt_writes is None else 0)
    after = _files(package)
    rewritten = {} if expected.fmt_writes is None else expected.fmt_writes(before)
    assert after == {**before, **rewritten}, "fmt changed what it should have left alone"


def test_the_base_package_is_valid_canonical_and_exports(tmp_path: Path) -> None:
    package = canonical_package(tmp_path / "package")
    outside = tmp_path / "outside"
    outside.mkdir()
    run = run_everything(package, outside, [], tmp_path)
    assert [result["exit"] for result in run.results[1:]] == [0] * len(run.commands)
    assert _findings(run) == set()
    assert run.peak < MEMORY


def test_the_runner_sees_network_access_and_secrets(tmp_path: Path) -> None:
    """The audit hook is not blind: a command that does reach for the network or a watched file is caught."""
    secret = _secret(tmp_path)
    spec = {
        "address_space": ADDRESS_SPACE,
        "secrets": [str(secret)],
        "watched": [],
        "commands": [],
        "report": str(tmp_path / "report.json"),
    }
    probe = RUNNER.replace(
        "results = [",
        "open(spec['secrets'][0]).close()\n"
        "try:\n    __import__('socket').getaddrinfo('example.org', 443)\nexcept PermissionError:\n    pass\n"
        "results = [",
    )
    subprocess.run([sys.executable, "-c", probe, json.dumps(spec)], check=True, timeout=TIMEOUT)
    events = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["events"]
    assert events == [f"opened {secret.resolve()}", "network: socket.getaddrinfo"]


def test_a_digest_change_would_be_seen(tmp_path: Path) -> None:
    """The before-and-after comparison is not vacuous: fmt on a messy file changes a digest."""
    package = canonical_package(tmp_path / "package")
    actors = package / ACTORS
    actors.write_bytes(actors.read_bytes().replace(b"\n", b"\r\n"))
    run = run_everything(package, tmp_path / "package", [], tmp_path)
    assert run.results[-1]["digest"] != run.results[0]["digest"]
    assert hashlib.sha256(actors.read_bytes()).hexdigest() in run.results[-1]["digest"].values()  # type: ignore[union-attr]


LOADING_STOPS = {
    "unbalanced_quote": "a quote never closed swallows the rest of the file: loading reports the syntax error "
    "and reads no further, so what follows from the swallowed rows (the cells missing from the row the quote "
    "opens, references to the rows after it) is reported by validation only, as Frictionless reports it",
}
"""Hostile cases where loading reports a subset of validation's findings, and why."""


@pytest.mark.parametrize("name", list(CASES))
def test_loading_refuses_a_hostile_package_as_validation_does(name: str, tmp_path: Path) -> None:
    """Every hostile case through both engines in this process: the same codes, files, lines and fields.

    Loading may also report a code of ``ONLY_VALIDATE`` that stops it from reading (a descriptor that
    points outside the package), so those count on both sides when loading reports them.
    """
    import datetime

    from proscribed._validate import validate

    from .test_validate_fixtures import ONLY_VALIDATE, loading_findings

    package = canonical_package(tmp_path / "package")
    outside = tmp_path / "outside"
    outside.mkdir()
    CASES[name](Place(package, outside))
    report = validate(package, today=datetime.date.fromisoformat(TODAY), max_per_code=None)
    validated = {(f.code, f.file, f.line, f.field) for f in report.findings}
    loaded = {(p.code, p.file, p.line, p.field) for p in loading_findings(package)}
    assert loaded <= validated
    required = {finding for finding in validated if finding[0] not in ONLY_VALIDATE}
    if name in LOADING_STOPS:
        assert loaded, LOADING_STOPS[name]
        assert {finding for finding in required if finding[0] == "csv-syntax"} <= loaded
    else:
        assert required <= loaded
