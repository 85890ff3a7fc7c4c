"""A bounded fuzz of the CSV reader, ``fmt`` and the validator: broken bytes never crash or hang them.

Inputs are drawn near the shape of a real table (its header, perhaps shuffled or cut; rows of cells full
of commas, quotes, line breaks, NUL, byte-order marks, bidirectional controls and bytes that are not
UTF-8; a quote left open; a truncated last line) and as raw bytes. Every example runs under an alarm: a
hang fails the test instead of stalling CI. The whole module runs in well under a minute.
"""

from __future__ import annotations

import datetime
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import proscribed
from proscribed._io._csvio import UNREADABLE, read_rows
from proscribed._io._fmt import UnformattableError, format_table_text
from proscribed._schema._problems import DataError, Finding
from proscribed._schema._tables import TABLES, Table, table_named
from proscribed._validate import CATALOGUE, validate

from .test_hostile import canonical_package

TODAY = datetime.date(2026, 6, 1)
WATCHDOG_SECONDS = 30
"""Far above what one example takes (milliseconds); only a hang reaches it."""

PIECES = st.sampled_from(
    [",", '"', '""', "\n", "\r\n", "\r", "\x00", "\ufeff", "\u202e", "\u200b", " ", "\t", "x", "Ё", "طالبان", "…"]
)
BAD_BYTES = st.sampled_from([b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80"])


class Hang(Exception):  # noqa: N818  (it names what happened)
    """An example ran past the watchdog."""


def _alarm(*_: object) -> None:
    raise Hang(f"no answer after {WATCHDOG_SECONDS} s")


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _guarded() -> None:
    signal.alarm(WATCHDOG_SECONDS)


@st.composite
def cells(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(PIECES | st.text(max_size=3), max_size=6)))


@st.composite
def table_bytes(draw: st.DrawFn, table: Table) -> bytes:
    """Bytes shaped like *table*'s file, broken in a few of the ways files break."""
    header = list(table.columns)
    shape = draw(st.sampled_from(["exact", "shuffled", "cut", "extra", "junk"]))
    if shape == "shuffled":
        header = draw(st.permutations(header))
    elif shape == "cut":
        header = header[: draw(st.integers(0, len(header) - 1))]
    elif shape == "extra":
        header = [*header, draw(cells())]
    elif shape == "junk":
        header = draw(st.lists(cells(), max_size=4))
    rows = draw(st.lists(st.lists(cells(), min_size=0, max_size=len(table.columns) + 2), max_size=6))
    quote = draw(st.booleans())

    def line(values: list[str]) -> str:
        if quote:
            return ",".join('"' + value.replace('"', '""') + '"' for value in values)
        return ",".join(values)

    text = "\n".join(line(row) for row in [header, *rows]) + draw(st.sampled_from(["\n", "", "\r\n", '"']))
    raw = text.encode("utf-8", errors="surrogatepass")
    for _ in range(draw(st.integers(0, 2))):
        position = draw(st.integers(0, len(raw)))
        raw = raw[:position] + draw(BAD_BYTES) + raw[position:]
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    return raw


def inputs(table: Table) -> st.SearchStrategy[bytes]:
    return table_bytes(table) | st.binary(max_size=300)


def _problems_are_placed(problems: list[Finding], table: Table) -> None:
    for problem in problems:
        assert problem.file == table.path
        assert problem.line is None or problem.line >= 1
        assert problem.field is None or problem.field in table.columns


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_reader_and_fmt_never_crash(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    table = data.draw(st.sampled_from(TABLES))
    raw = data.draw(inputs(table))
    root = tmp_path_factory.mktemp("reader")
    (root / "data").mkdir()
    (root / table.path).write_bytes(raw)
    _guarded()
    problems: list[Finding] = []
    rows = list(read_rows(root, table, problems))
    _problems_are_placed(problems, table)
    assert all(set(row.cells) == set(table.columns) for row in rows)
    try:
        canonical = format_table_text(raw, table)
    except UnformattableError as error:
        refusal = error.problem
    else:
        refusal = None
        assert format_table_text(canonical.encode("utf-8"), table) == canonical
        assert not any(problem.code in UNREADABLE - {"header"} for problem in problems), problems
    if refusal is not None:
        assert refusal.file == table.path
        assert problems, f"fmt refused ({refusal}) what the reader read without a problem"
    signal.alarm(0)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return canonical_package(tmp_path_factory.mktemp("fuzz") / "package")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_validator_and_the_loader_never_crash(data: st.DataObject, package: Path) -> None:
    """Any bytes in one table: the validator reports, the loader raises DataError, and they agree on validity."""
    table = data.draw(st.sampled_from([table_named(name) for name in ("actors", "aliases", "statements", "citations")]))
    raw = data.draw(inputs(table))
    path = package / table.path
    original = path.read_bytes()
    path.write_bytes(raw)
    try:
        _guarded()
        report = validate(package, today=TODAY)
        codes = {entry.code for entry in CATALOGUE}
        assert {finding.code for finding in report.findings} <= codes
        try:
            proscribed.load(package)
        except DataError as error:
            refused: DataError | None = error
        else:
            refused = None
        signal.alarm(0)
        if refused is not None:
            assert refused.problems
            assert not report.valid, f"the loader refused what the validator passed: {refused}"
    finally:
        path.write_bytes(original)


def test_a_header_that_stops_before_the_excerpts(package: Path) -> None:
    """Found by the fuzz: the quote check reads the excerpts again, and the file has no such column."""
    path = package / "data" / "citations.csv"
    original = path.read_bytes()
    path.write_bytes(b",,\n")
    try:
        report = validate(package, today=TODAY)
    finally:
        path.write_bytes(original)
    assert ("header", "data/citations.csv", 1, "excerpt") in {
        (f.code, f.file, f.line, f.field) for f in report.findings
    }
