import csv
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import proscribed
from proscribed import Actor, DataError, Designation, Source, Statement
from proscribed._io._paths import shipped_root

from .conftest import PACKAGE

EditCsv = Callable[[str, Callable[[str], str]], Path]


def test_import_reads_no_data_and_stays_light() -> None:
    code = (
        "import sys, proscribed, proscribed._data._dataset as d\n"
        "assert d._load_shipped.cache_info().currsize == 0\n"
        "heavy = {'frictionless', 'pandas', 'pyarrow', 'polars', 'pycountry', 'langcodes'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_shipped_dataset_is_loaded_once() -> None:
    assert proscribed.load() is proscribed.load()


def test_source_checkout_reads_the_repository_package() -> None:
    assert shipped_root() == PACKAGE


def test_tables_are_tuples_of_models() -> None:
    dataset = proscribed.load()
    assert dataset.version == proscribed.__version__
    assert dataset.actors
    assert all(isinstance(actor, Actor) for actor in dataset.actors)
    assert all(isinstance(act, Designation) for act in dataset.designations)
    assert isinstance(dataset.statements, tuple)
    assert set(dataset.counts()) == {
        "actors",
        "aliases",
        "roles",
        "sources",
        "lists",
        "instruments",
        "list_counts",
        "events",
        "event_participants",
        "statements",
        "designations",
        "citations",
    }


def test_lookup_and_navigation() -> None:
    dataset = proscribed.load()
    taliban = dataset.actor("org-taliban")
    assert taliban.name == "Taliban"
    assert dataset.get("org-taliban") is taliban
    assert "Islamic Emirate of Afghanistan" in {alias.alias for alias in dataset.aliases_of("org-taliban")}
    assert dataset.find_actors("islamic emirate of afghanistan") == (taliban,)
    acts = dataset.designations_of("org-taliban", "RU")
    assert [act.action.value for act in acts][:2] == ["list", "suspend"]
    suspension = acts[1]
    assert suspension.related_designation_id == acts[0].designation_id
    sources = dataset.sources_of(suspension.designation_id)
    assert sources
    assert all(isinstance(source, Source) for source in sources)
    statement = next(iter(dataset.statements))
    assert isinstance(dataset.statement(statement.statement_id), Statement)
    assert dataset.actor(statement.speaker_id).actor_id == statement.speaker_id
    assert statement in dataset.statements_by(statement.speaker_id)
    assert statement in dataset.statements_about(statement.subject_id)


def test_lookup_errors_are_clear() -> None:
    dataset = proscribed.load()
    with pytest.raises(KeyError, match="no record with identifier 'org-nobody'"):
        dataset.get("org-nobody")
    with pytest.raises(KeyError, match="is a Actor, not a Source"):
        dataset.source("org-taliban")
    with pytest.raises(KeyError, match="no table called"):
        dataset.table("people")


def test_load_a_working_copy_by_folder_or_descriptor(package_copy: Path) -> None:
    by_folder = proscribed.load(package_copy)
    by_file = proscribed.load(package_copy / "datapackage.json")
    assert by_folder.counts() == by_file.counts() == proscribed.load().counts()
    assert by_folder is not proscribed.load()


def test_missing_package_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no datapackage\.json"):
        proscribed.load(tmp_path)


def problems_of(path: Path) -> list[proscribed.Finding]:
    with pytest.raises(DataError) as caught:
        proscribed.load(path)
    return list(caught.value.problems)


def test_invalid_cell_is_reported_with_file_line_and_column(edit_csv: EditCsv) -> None:
    text = (PACKAGE / "data" / "instruments.csv").read_text(encoding="utf-8")
    line = text[: text.index(",2003-02-14,")].count("\n") + 1
    package = edit_csv("instruments", lambda text: text.replace(",2003-02-14,", ",14 Feb 2003,", 1))
    [problem] = problems_of(package)
    assert problem.file == "data/instruments.csv"
    assert problem.line == line
    assert problem.field == "decision_date"
    assert f"data/instruments.csv:{line}: column 'decision_date'" in str(problem)


def test_record_rule_is_reported(edit_csv: EditCsv) -> None:
    package = edit_csv("instruments", lambda text: text.replace(",2003-02-14,", ",,", 1))
    [problem] = problems_of(package)
    assert problem.code == "record-rule"
    assert "at least one of" in problem.message


def test_dangling_reference_is_reported(edit_csv: EditCsv) -> None:
    package = edit_csv("instruments", lambda text: text.replace("org-ru-supreme-court", "org-ru-high-court", 1))
    [problem] = problems_of(package)
    assert (problem.code, problem.field) == ("foreign-key", "authority_id")


def test_duplicate_identifier_is_reported(edit_csv: EditCsv) -> None:
    def duplicate_first_row(text: str) -> str:
        header, first, *rest = text.splitlines(keepends=True)
        return "".join([header, first, first, *rest])

    package = edit_csv("sources", duplicate_first_row)
    problems = problems_of(package)
    assert [(p.code, p.line) for p in problems] == [("primary-key", 3)]


def test_uncited_record_is_reported(edit_csv: EditCsv) -> None:
    def drop_event_citations(text: str) -> str:
        rows = list(csv.reader(io.StringIO(text, newline="")))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(row for row in rows if not row[0].startswith("evt-"))
        return buffer.getvalue()

    package = edit_csv("citations", drop_event_citations)
    problems = problems_of(package)
    assert {p.code for p in problems} == {"uncited"}
    assert all(p.file == "data/events.csv" for p in problems)


def test_quote_must_appear_in_its_cited_excerpt(edit_csv: EditCsv) -> None:
    package = edit_csv("statements", lambda text: text.replace("They (Taliban) are the real power.", "They rule.", 1))
    assert [p.code for p in problems_of(package)] == ["quote-not-in-excerpt"]


def test_citation_to_a_missing_record_is_reported(edit_csv: EditCsv) -> None:
    ghost = "stmt-ghost,src-tass-20250529-shoigu-sco,supports,record,x,en,,,,\n"
    package = edit_csv("citations", lambda text: text + ghost)
    [problem] = problems_of(package)
    assert (problem.code, problem.field) == ("citation-target", "record_id")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda text: text.replace("actor_id,", "id,", 1), "header"),
        (lambda text: text + "\n", "blank-row"),
        (lambda text: text + "org-x,organization\n", "missing-cell"),
        (lambda text: text + '"unterminated\n', "csv-syntax"),
    ],
)
def test_structural_problems(edit_csv: EditCsv, change: Callable[[str], str], code: str) -> None:
    package = edit_csv("actors", change)
    assert code in {p.code for p in problems_of(package)}


def test_encoding_problems(package_copy: Path) -> None:
    path = package_copy / "data" / "aliases.csv"
    path.write_bytes(path.read_bytes() + b"org-taliban,\xff\xfe,en,alias,\n")
    [problem] = problems_of(package_copy)
    assert problem.code == "encoding"
    assert problem.line == len(path.read_bytes().splitlines())


def test_missing_table_file(package_copy: Path) -> None:
    (package_copy / "data" / "roles.csv").unlink()
    assert "file-missing" in {p.code for p in problems_of(package_copy)}


def test_loading_never_modifies_files(edit_csv: EditCsv) -> None:
    package = edit_csv("actors", lambda text: text.replace(",Taliban,", ", Taliban,", 1))
    before = {path: path.read_bytes() for path in package.rglob("*") if path.is_file()}
    problems_of(package)
    after = {path: path.read_bytes() for path in package.rglob("*") if path.is_file()}
    assert before == after


def test_header_problems_name_what_is_wrong_without_flooding(package_copy: Path) -> None:
    path = package_copy / "data" / "aliases.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(header + "".join(f",extra{i}" for i in range(900)) + "\n" + rest, encoding="utf-8")
    problems = [p for p in problems_of(package_copy) if p.file == "data/aliases.csv"]
    assert {problem.code for problem in problems} == {"header"}
    assert len(problems) == 21  # twenty columns named, the rest counted
    assert problems[0].message == "column 6, 'extra0', is not a column of this table"
    assert problems[-1].message == "… and 880 more columns that are not columns of this table"


def test_a_header_of_too_many_columns_is_refused_in_one_problem(package_copy: Path) -> None:
    path = package_copy / "data" / "aliases.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(header + "".join(f",extra{i}" for i in range(100_000)) + "\n" + rest, encoding="utf-8")
    [problem] = [p for p in problems_of(package_copy) if p.file == "data/aliases.csv"]
    assert (problem.code, problem.line, problem.field) == ("header", 1, None)
    assert problem.message == "the header names 100,005 columns and the table has 5; the file is not read further"


def test_reordered_columns_point_to_fmt(package_copy: Path) -> None:
    path = package_copy / "data" / "aliases.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(",".join(reversed(header.split(","))) + "\n" + rest, encoding="utf-8")
    [problem] = [p for p in problems_of(package_copy) if p.file == "data/aliases.csv"]
    assert "proscribed fmt" in problem.message
