"""The validator's fast paths against its exact ones: every shortcut must reach the same findings.

Packages from the parity corpus are validated as they are, with statements and citations sorted (so
that the two files are joined as they stream), with that join refused (so that the cross-table layer
reads them again whole), and in tiny batches (so that every batch boundary is crossed). The parts the
shortcuts are built from (the quote search, the key and citation matching, the byte scans) are checked
against plain Python on generated values.
"""

import csv
import datetime
import io
import random
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proscribed._schema._integrity import ELISION, quote_in_excerpt
from proscribed._schema._tables import TABLES
from proscribed._schema._types import ID_MAX_LENGTH
from proscribed._validate import Finding, _merge, _read, validate
from proscribed._validate._bytes import per_row_count, string_buffers
from proscribed._validate._columns import ColumnRule, column_rules
from proscribed._validate._keys import duplicates
from proscribed._validate._merge import cited_pairs
from proscribed._validate._quotes import quotes_found

from .test_validate_fixtures import materialise
from .test_validate_parity import broken_package, read, write

TODAY = datetime.date(2026, 6, 1)
SEEDS = range(16)

Key = tuple[str, str, int | None, int | None, str | None, str]


def _keys(findings: list[Finding]) -> list[Key]:
    return sorted((f.code, f.file, f.row, f.line, f.field, f.message) for f in findings)


def sorted_package(seed: int, target: Path) -> Path:
    """A broken package whose statements and citations are in identifier order."""
    package = broken_package(seed, target)
    for name in ("statements", "citations"):
        path = package / "data" / f"{name}.csv"
        try:
            rows = read(path)
        except (FileNotFoundError, UnicodeDecodeError):
            continue
        if not rows:
            continue
        body = sorted(rows[1:], key=lambda row: row[0] if row else "")
        if body and body[-1]:
            # A line break in the last record sends the whole table to Python's csv module; keep the fast path.
            body[-1] = [cell.replace("\n", " ") for cell in body[-1]]
        write(path, [rows[0], *body])
    return package


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    return {seed: sorted_package(seed, tmp_path_factory.mktemp(f"sorted{seed}") / "package") for seed in SEEDS}


@pytest.fixture(scope="module")
def joined(packages: dict[int, Path]) -> dict[int, tuple[list[Key], bool]]:
    """Each package's findings, and whether statements and citations were joined as they streamed."""
    outcomes = {}
    original = _merge.CitationMerge.give_up
    gave_up: list[bool] = []

    def spy(self: _merge.CitationMerge) -> None:
        gave_up.append(True)
        original(self)

    _merge.CitationMerge.give_up = spy  # type: ignore[method-assign]
    try:
        for seed, package in packages.items():
            gave_up.clear()
            outcomes[seed] = (_keys(validate(package, today=TODAY).findings), not gave_up)
    finally:
        _merge.CitationMerge.give_up = original  # type: ignore[method-assign]
    return outcomes


def test_most_sorted_packages_take_the_join(joined: dict[int, tuple[list[Key], bool]]) -> None:
    assert sum(was_joined for _, was_joined in joined.values()) >= len(joined) // 2


@pytest.mark.parametrize("seed", SEEDS)
def test_the_join_and_the_whole_column_checks_agree(
    seed: int, packages: dict[int, Path], joined: dict[int, tuple[list[Key], bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_merge, "_is_sorted", lambda _: False)
    assert _keys(validate(packages[seed], today=TODAY).findings) == joined[seed][0]


@pytest.mark.parametrize("seed", SEEDS)
def test_tiny_batches_agree(
    seed: int, packages: dict[int, Path], joined: dict[int, tuple[list[Key], bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_read, "_BLOCK_SIZE", 512)
    monkeypatch.setattr(_read, "_BATCH_BYTES", 2048)
    monkeypatch.setattr(_read, "_PYTHON_BATCH_ROWS", 3)
    assert _keys(validate(packages[seed], today=TODAY).findings) == joined[seed][0]


def test_a_line_break_ending_a_batch_is_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = materialise("_base", tmp_path / "package")
    path = package / "data" / "citations.csv"
    rows = [row for row in read(path) if row]
    for row in rows[1:]:
        row[-1] = ""  # the notes, the last cell of each record
    rows[1][-1] = "the only note, and it ends with a line break\n"
    rows.insert(3, list(rows[2]))  # a repeated key, reported with the line its record starts on
    write(path, rows)
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    ends = [reader.line_num for _ in reader]  # the line each record ends on
    line = ends[2] + 1  # the record before the repeat ends on this line
    [repeat] = [finding for finding in validate(package, today=TODAY).findings if finding.code == "primary-key"]
    assert (repeat.row, repeat.line) == (4, line)
    monkeypatch.setattr(_read, "_BLOCK_SIZE", 64)
    monkeypatch.setattr(_read, "_BATCH_BYTES", 64)
    [repeat] = [finding for finding in validate(package, today=TODAY).findings if finding.code == "primary-key"]
    assert (repeat.row, repeat.line) == (4, line)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(b"ab\n\x00-\xc3\xa9 "), max_size=9).map(bytes), min_size=1, max_size=30))
def test_per_row_counts_count_every_byte(rows: list[bytes]) -> None:
    values = pa.array([row.decode("utf-8", errors="replace") or None for row in rows], pa.string())
    offsets, data = string_buffers(values)
    counts = per_row_count(offsets, data == ord("\n"))
    assert counts.tolist() == [(value or "").encode().count(b"\n") for value in values.to_pylist()]


WORDS = ["the", "court", "ruling", "Талибан", "«движение»", "…", "[…]", "a", "  ", "\n", "\x00", "banned"]


@st.composite
def quote_pairs(draw: st.DrawFn) -> tuple[str | None, str | None]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12))
    quote = " ".join(words)
    before = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=draw(st.sampled_from([0, 3, 30])))))
    after = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=4)))
    excerpt = draw(
        st.sampled_from([f"{before} {quote} {after}", f"{before}{quote}", quote, f"{before} {after}", quote[:-1]])
    )
    if draw(st.booleans()):
        excerpt = excerpt.replace(" ", "\n", 1)
    return (draw(st.sampled_from([quote, None])) or None, draw(st.sampled_from([excerpt, None])) or None)


@settings(max_examples=300, deadline=None)
@given(st.lists(quote_pairs(), min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_quotes_found_follows_the_rule(pairs: list[tuple[str | None, str | None]], rng: random.Random) -> None:
    quotes = pa.array([quote for quote, _ in pairs], pa.string())
    excerpts = pa.array([excerpt for _, excerpt in pairs], pa.string())
    expected = [
        quote is None
        or excerpt is None
        or (ELISION not in quote and quote in excerpt)
        or quote_in_excerpt(quote, excerpt)
        for quote, excerpt in pairs
    ]
    assert quotes_found(quotes, excerpts).tolist() == expected
    order = list(range(len(pairs)))
    rng.shuffle(order)  # pairs given by position, in any order, into the same columns
    found = quotes_found(quotes, excerpts, np.array(order), np.array(order))
    assert found.tolist() == [expected[index] for index in order]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]), st.sampled_from(["x", "y", None])), max_size=30),
    st.booleans(),
)
def test_duplicates_name_every_repeat_and_its_first_row(keys: list[tuple[str | None, str | None]], order: bool) -> None:
    if order:
        keys = sorted(keys, key=lambda key: (key[0] is None, key[0] or ""))
    first: dict[tuple[str | None, str | None], int] = {}
    expected = []
    for row, key in enumerate(keys):
        if key == (None, None):
            continue
        if key in first:
            expected.append((row, first[key]))
        else:
            first[key] = row
    columns = [pa.array([key[0] for key in keys], pa.string()), pa.array([key[1] for key in keys], pa.string())]
    assert duplicates(columns, np.zeros(len(keys), dtype=bool)) == expected


def _expected_pairs(
    statements: list[tuple[str | None, str | None]], citations: list[tuple[str | None, str | None]]
) -> tuple[list[bool], list[bool], set[tuple[int, int]]]:
    cited = [key[0] is not None and any(key[0] == other[0] for other in citations) for key in statements]
    reached = [key[0] is not None and any(key[0] == other[0] for other in statements) for key in citations]
    pairs = {
        (s, c)
        for s, statement in enumerate(statements)
        for c, citation in enumerate(citations)
        if statement[0] is not None and statement[1] is not None and statement == citation
    }
    return cited, reached, pairs


def _pairs(
    statements: list[tuple[str | None, str | None]], citations: list[tuple[str | None, str | None]]
) -> tuple[list[bool], list[bool], set[tuple[int, int]]]:
    cited, reached, statement_index, citation_index = cited_pairs(
        pa.array([key[0] for key in statements], pa.string()),
        pa.array([key[1] for key in statements], pa.string()),
        pa.array([key[0] for key in citations], pa.string()),
        pa.array([key[1] for key in citations], pa.string()),
    )
    return cited.tolist(), reached.tolist(), set(zip(statement_index.tolist(), citation_index.tolist(), strict=True))


IDS = st.sampled_from(["s1", "s2", "s3", "s4", None])
SOURCES = st.sampled_from(["x", "y", None])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(IDS, SOURCES), max_size=12), st.lists(st.tuples(IDS, SOURCES), max_size=12))
def test_cited_pairs_match_by_identifier_and_source(
    statements: list[tuple[str | None, str | None]], citations: list[tuple[str | None, str | None]]
) -> None:
    citations = sorted(citations, key=lambda key: (key[0] is None, key[0] or ""))
    assert _pairs(statements, citations) == _expected_pairs(statements, citations)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(IDS.filter(bool), SOURCES), min_size=1, max_size=12), st.lists(SOURCES, max_size=4))
def test_cited_pairs_of_statements_cited_in_order(
    citations: list[tuple[str | None, str | None]], sources: list[str | None]
) -> None:
    """Each statement cited, in the same order (the common case, matched without hashing)."""
    citations = sorted(citations, key=lambda key: key[0] or "")
    identifiers = sorted({key[0] for key in citations}, key=lambda key: key or "")
    statements = [(identifier, sources[index % len(sources)] if sources else None)
                  for index, identifier in enumerate(identifiers)]  # fmt: skip
    assert _pairs(statements, citations) == _expected_pairs(statements, citations)


ID_RULES = [
    rule for table in TABLES for rule in column_rules(table, {}).values() if rule.kind == "identifier" and rule.pattern
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="abstmrgpeo0-9Z_ é", max_size=14),
            st.sampled_from(["stmt-", "per-", "org-", "state-", "role-", "des-", "evt-", "src-"]).flatmap(
                lambda prefix: st.text(alphabet="az09-", max_size=8).map(lambda rest: prefix + rest)
            ),
            st.sampled_from(["per-" + "a" * 96, "per-" + "a" * 97]),  # 100 and 101 characters
            st.none(),
        ),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(ID_RULES),
)
def test_identifier_scan_accepts_exactly_the_pattern(values: list[str | None], rule: ColumnRule) -> None:
    assert rule.acceptor is not None
    assert rule.pattern is not None
    accepted = rule.acceptor(pa.array(values, pa.string())).tolist()
    assert accepted == [
        value is not None and len(value) <= ID_MAX_LENGTH and re.fullmatch(rule.pattern, value) is not None
        for value in values
    ]


def test_reading_ahead_stops_with_its_reader() -> None:
    import threading
    from collections.abc import Iterator

    from proscribed._validate import _run

    closed = []

    def endless() -> Iterator[int]:
        try:
            count = 0
            while True:
                count += 1
                yield count
        finally:
            closed.append(True)

    ahead = _run._ahead(endless())  # type: ignore[arg-type]
    assert [next(ahead), next(ahead)] == [1, 2]
    ahead.close()
    assert closed == [True]
    assert not [thread for thread in threading.enumerate() if thread.name == "proscribed-read-ahead"]

    def broken() -> Iterator[int]:
        yield 1
        raise _read.NeedsPythonReader("a ragged row")

    with pytest.raises(_read.NeedsPythonReader):
        list(_run._ahead(broken()))  # type: ignore[arg-type]


def test_validating_imports_neither_pandas_nor_langcodes(tmp_path: Path) -> None:
    """pyarrow imports pandas (a third of a second) on many conversions; the validator avoids them.

    langcodes loads its data for a tenth of a second; common language tags are checked from a list.
    """
    import subprocess
    import sys

    package = sorted_package(1, tmp_path / "package")
    code = (
        "import sys\n"
        "from proscribed._validate import validate\n"
        f"validate({str(package)!r})\n"
        "assert 'pandas' not in sys.modules\n"
        "assert 'langcodes' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
