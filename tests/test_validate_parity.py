"""Parity with the independent referee: every error frictionless reports, proscribed validate reports too.

A seeded corpus of broken packages is generated from the base fixture package: tricky cell values,
duplicated, dropped, truncated and padded rows, blank lines, renamed and missing header labels,
deleted files and bytes that are not UTF-8. For each, every frictionless error must be matched by one
of ours in the same file, at the same record number (frictionless' rowNumber), for the same field.
"""

import csv
import datetime
import io
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from proscribed._schema._descriptor import generated_files
from proscribed._schema._tables import TABLES, table_named
from proscribed._validate import Finding, validate

from .test_validate_fixtures import FIXTURES

frictionless = pytest.importorskip("frictionless")

TODAY = datetime.date(2026, 6, 1)
SEEDS = range(30)
TRICKY = [
    "",
    " x",
    "x ",
    "1.0",
    "٣",
    "1_000",
    "-1",
    " 12",
    "2020-1-5",
    "2025-02-30",
    "2023-11~",
    "ORG-X",
    "org-x\n",
    "a" * 2001,
    "ftp://x y",
    "https://example.org/ok",
    "Q0",
    "Q42418",
    "happened",
    "XX",
    "RU",
    "en-us",
    "ru",
    "zero\u200bwidth",
    "org-nobody",
    "org-example-movement",
    "src-agency-20240527-example",
    "stmt-x",
    "des-ru-2003-example-list",
    "list",
    "…",
    "\u202eevil",
    "e\u0301",
    '"quoted"',
    "a,b",
]

Rows = list[list[str]]


def read(path: Path) -> Rows:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write(path: Path, rows: Rows) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def mutate_cell(rows: Rows, rng: random.Random) -> None:
    if len(rows) < 2:
        return
    row = rng.randrange(1, len(rows))
    column = rng.randrange(len(rows[row]))
    rows[row][column] = rng.choice(TRICKY)


def duplicate_row(rows: Rows, rng: random.Random) -> None:
    if len(rows) > 1:
        rows.insert(rng.randrange(1, len(rows) + 1), list(rows[rng.randrange(1, len(rows))]))


def drop_row(rows: Rows, rng: random.Random) -> None:
    if len(rows) > 1:
        del rows[rng.randrange(1, len(rows))]


def truncate_row(rows: Rows, rng: random.Random) -> None:
    if len(rows) > 1:
        row = rows[rng.randrange(1, len(rows))]
        del row[rng.randrange(1, len(row)) :]


def pad_row(rows: Rows, rng: random.Random) -> None:
    if len(rows) > 1:
        rows[rng.randrange(1, len(rows))].append(rng.choice(["x", ""]))


def blank_row(rows: Rows, rng: random.Random) -> None:
    rows.insert(rng.randrange(1, len(rows) + 1), [])


def rename_label(rows: Rows, rng: random.Random) -> None:
    rows[0][rng.randrange(len(rows[0]))] = rng.choice(["renamed", "", rows[0][0]])


def drop_column(rows: Rows, rng: random.Random) -> None:
    column = rng.randrange(len(rows[0]))
    for row in rows:
        if column < len(row):
            del row[column]


MUTATIONS: list[tuple[int, Callable[[Rows, random.Random], None]]] = [
    (12, mutate_cell),
    (2, duplicate_row),
    (2, drop_row),
    (1, truncate_row),
    (1, pad_row),
    (1, blank_row),
    (1, rename_label),
    (1, drop_column),
]


def broken_package(seed: int, target: Path) -> Path:
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    package = _base(target)
    for _ in range(rng.randint(1, 4)):
        table = rng.choice(TABLES)
        path = package / table.path
        if rng.random() < 0.04:
            path.unlink(missing_ok=True)
            continue
        if not path.exists():
            continue
        if rng.random() < 0.04:
            path.write_bytes(path.read_bytes() + b"org-x,\xff\xfe,en,alias\n")
            continue
        rows = read(path)
        weights, functions = zip(*MUTATIONS, strict=True)
        rng.choices(functions, weights)[0](rows, rng)
        write(path, rows)
    return package


def _base(target: Path) -> Path:
    """A valid package: the base fixture with its generated files."""
    shutil.copytree(FIXTURES / "_base", target)
    for relative, text in generated_files().items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(text, encoding="utf-8")
    return target


def referee(package: Path) -> list[tuple[str, int | None, str | None, str, tuple[str, ...]]]:
    """(file, rowNumber, fieldName, type, fieldNames) of every frictionless error."""
    report = frictionless.validate(str(package / "datapackage.json"))
    errors = [("datapackage.json", None, None, error.type, ()) for error in report.errors]
    for task in report.tasks:
        file = table_named(task.name).path
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None) or None
            names = tuple(getattr(error, "field_names", ()) or ())
            if error.type.endswith("-label"):
                row = 1
            errors.append((file, row, field, error.type, names))
    return errors


def covered(error: tuple[str, int | None, str | None, str, tuple[str, ...]], ours: list[Finding]) -> bool:
    file, row, field, kind, names = error
    if file == "datapackage.json":
        return any(finding.code.startswith("descriptor-") for finding in ours)
    if row is None:
        # A file-level error; frictionless also reports one in every table whose foreign keys reach a broken file.
        table = next(table for table in TABLES if table.path == file)
        related = {file} | {table_named(key.table).path for key in table.foreign_keys}
        if table.name == "citations":
            related |= {other.path for other in TABLES}
        return any(finding.file in related and finding.row is None for finding in ours)
    same_row = [finding for finding in ours if finding.file == file and finding.row == row]
    if kind == "primary-key":
        keys = set(table_named(next(t.name for t in TABLES if t.path == file)).primary_key)
        return any(finding.field is None or finding.field in keys or "," in finding.field for finding in same_row)
    if kind == "blank-row":
        return any(finding.code == "blank-row" for finding in same_row)
    if kind == "foreign-key":
        return any(finding.field in names for finding in same_row)
    return any(finding.field == field for finding in same_row)


Outcome = tuple[list[tuple[str, int | None, str | None, str, tuple[str, ...]]], list[Finding]]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Outcome]:
    """Each seed's package, validated by the referee and by us (once for the whole module)."""
    found = {}
    for seed in SEEDS:
        package = broken_package(seed, tmp_path_factory.mktemp(f"seed{seed}") / "package")
        found[seed] = (referee(package), validate(package, today=TODAY).findings)
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_every_referee_error_is_reported(seed: int, outcomes: dict[int, Outcome]) -> None:
    theirs, ours = outcomes[seed]
    missed = [error for error in theirs if not covered(error, ours)]
    assert not missed, (missed, [str(finding) for finding in ours])


def test_the_corpus_breaks_packages_in_many_ways(outcomes: dict[int, Outcome]) -> None:
    kinds = {error[3] for theirs, _ in outcomes.values() for error in theirs}
    assert {"constraint-error", "primary-key", "foreign-key", "missing-cell", "extra-cell", "blank-row"} <= kinds
