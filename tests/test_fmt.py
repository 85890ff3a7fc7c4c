import csv
import io
import stat
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import proscribed
from proscribed import Alias, Source
from proscribed._cli import main
from proscribed._io._csvio import render_rows
from proscribed._io._fmt import UnformattableError, format_package, format_table_text
from proscribed._schema._tables import TABLES, table_named


def file_bytes(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def records(root: Path) -> dict[str, set[object]]:
    dataset = proscribed.load(root)
    return {table.name: set(dataset.table(table.name)) for table in TABLES}


def test_format_keeps_every_record_and_is_idempotent(package_copy: Path) -> None:
    before = records(package_copy)
    format_package(package_copy, write=True)
    assert records(package_copy) == before
    assert format_package(package_copy, write=False).changed == ()
    assert not list(package_copy.rglob("*.tmp"))


def test_messy_file_is_made_canonical(package_copy: Path) -> None:
    table = table_named("aliases")
    path = package_copy / table.path
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    rows = list(reader)
    columns = list(reversed(table.columns))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    for row in reversed(rows):
        writer.writerow([unicodedata.normalize("NFD", row[name]) for name in columns])
        writer.writerow([])
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    path.chmod(0o640)
    result = format_package(package_copy, write=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # a rewritten file keeps its permissions
    assert "data/aliases.csv" in result.changed
    text = path.read_bytes().decode("utf-8")
    assert not text.startswith("\ufeff")
    assert "\r" not in text
    assert text.splitlines()[0] == ",".join(table.columns)
    assert unicodedata.is_normalized("NFC", text)
    keys = [tuple(row[name] for name in table.primary_key) for row in csv.DictReader(io.StringIO(text))]
    assert keys == sorted(keys)
    proscribed.load(package_copy)


def test_unreadable_files_are_reported_and_left_alone(package_copy: Path) -> None:
    (package_copy / "data" / "events.csv").write_bytes(b"event_id\n\xff\n")
    (package_copy / "data" / "roles.csv").write_text('role_id,person_id\n"open\n', encoding="utf-8")
    before = file_bytes(package_copy)
    result = format_package(package_copy, write=True)
    assert {(p.file, p.code) for p in result.problems} == {
        ("data/events.csv", "encoding"),
        ("data/roles.csv", "header"),
    }
    after = file_bytes(package_copy)
    assert after[package_copy / "data" / "events.csv"] == before[package_copy / "data" / "events.csv"]
    assert after[package_copy / "data" / "roles.csv"] == before[package_copy / "data" / "roles.csv"]


def test_ragged_row_is_reported() -> None:
    table = table_named("aliases")
    raw = (",".join(table.columns) + "\norg-a,A\n").encode()
    with pytest.raises(UnformattableError, match=r"data/aliases\.csv:2: the row has 2 cells"):
        format_table_text(raw, table)


def test_cli_check_and_write(runner: CliRunner, package_copy: Path) -> None:
    path = package_copy / "data" / "actors.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    checked = runner.invoke(main, ["fmt", "--check", str(package_copy)])
    assert checked.exit_code == 1
    assert "would reformat" in checked.output
    assert b"\r\n" in path.read_bytes()
    written = runner.invoke(main, ["fmt", str(package_copy)])
    assert written.exit_code == 0
    assert "reformatted" in written.output
    assert runner.invoke(main, ["fmt", "--check", str(package_copy)]).exit_code == 0


def test_cli_reports_unreadable_file_with_exit_1(runner: CliRunner, package_copy: Path) -> None:
    (package_copy / "data" / "sources.csv").write_bytes(b"\xff\xfe")
    result = runner.invoke(main, ["fmt", str(package_copy)])
    assert result.exit_code == 1
    assert "data/sources.csv:1" in result.output
    assert "Traceback" not in result.output


_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=30).map(
    lambda text: unicodedata.normalize("NFC", text)
)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_rows_survive_write_read_write_byte_for_byte(data: st.DataObject) -> None:
    table = data.draw(st.sampled_from(TABLES))
    rows = data.draw(st.lists(st.fixed_dictionaries(dict.fromkeys(table.columns, _cell)), max_size=8))
    first = format_table_text(render_rows(table, rows).encode("utf-8"), table)
    second = format_table_text(first.encode("utf-8"), table)
    assert first == second
    read_back = list(csv.DictReader(io.StringIO(first, newline="")))
    assert sorted(tuple(row.values()) for row in read_back) == sorted(
        tuple(row[name] for name in table.columns) for row in rows
    )


_slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
_text = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1, max_size=40).filter(
    lambda text: (
        proscribed._schema._types.text_problem(text) is None and proscribed._schema._types.formula_problem(text) is None
    )
)
_aliases = st.builds(
    Alias,
    actor_id=_slug.map(lambda slug: f"org-{slug}"),
    alias=_text,
    lang=st.sampled_from(["en", "ru", "ps", "fa", "kk"]),
    alias_type=st.sampled_from(list(proscribed.AliasType)),
)
_sources = st.builds(
    Source,
    source_id=_slug.map(lambda slug: f"src-{slug}"),
    source_type=st.sampled_from(list(proscribed.SourceType)),
    source_class=st.sampled_from(list(proscribed.SourceClass)),
    title=st.none() | _text,
    url=_slug.map(lambda slug: f"https://example.org/{slug}?q=1,2"),
    language=st.sampled_from(["en", "ru"]),
    note=st.none() | _text,
)


def _read_models(text: str, model: type) -> list[object]:
    return [
        model.model_validate({key: value for key, value in row.items() if value})
        for row in csv.DictReader(io.StringIO(text, newline=""))
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(_aliases, max_size=6), st.lists(_sources, max_size=6))
def test_valid_records_survive_write_read_write(aliases: list[Alias], sources: list[Source]) -> None:
    for name, items, model in (("aliases", aliases, Alias), ("sources", sources, Source)):
        table = table_named(name)
        written = format_table_text(render_rows(table, [item.model_dump() for item in items]).encode(), table)
        back = _read_models(written, model)
        assert sorted(map(repr, back)) == sorted(map(repr, items))
        rewritten = format_table_text(render_rows(table, [item.model_dump() for item in back]).encode(), table)
        assert rewritten == written
