import csv
import dataclasses
import datetime
import io
import json
import os
import sqlite3
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import proscribed
from proscribed import Dataset
from proscribed._cli import main
from proscribed._data import _export as export_module
from proscribed._data._export import FORMATS, MANIFEST_NAME, TABLE_FORMATS, columns_of, neutralise_cell, restore_cell
from proscribed._data._ftm import ftm_date
from proscribed._schema._tables import TABLES, table_named
from proscribed._schema._types import cached_edtf

from .fixtures_query.package import rich_tables, write_package

Rows = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return proscribed.load(write_package(tmp_path_factory.mktemp("rich"), rich_tables()))


# --- reading exports back ---------------------------------------------------------------------------


def read_json(path: Path) -> Rows:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["name"] == "proscribed"
    return document["tables"]


def read_jsonl(path: Path) -> Rows:
    return {
        table.name: [json.loads(line) for line in (path / f"{table.name}.jsonl").read_text("utf-8").splitlines()]
        for table in TABLES
    }


def read_csv(path: Path) -> Rows:
    tables: Rows = {}
    for table in TABLES:
        with (path / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        tables[table.name] = [{key: restore_cell(value) or None for key, value in row.items()} for row in rows]
    return tables


def read_parquet(path: Path) -> Rows:
    return {table.name: pq.read_table(path / f"{table.name}.parquet").to_pylist() for table in TABLES}


def read_sqlite(path: Path) -> Rows:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return {
            table.name: [dict(row) for row in connection.execute(f'SELECT * FROM "{table.name}" ORDER BY rowid')]  # noqa: S608  (registry names)
            for table in TABLES
        }
    finally:
        connection.close()


READERS: dict[str, Callable[[Path], Rows]] = {
    "json": read_json,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "parquet": read_parquet,
    "sqlite": read_sqlite,
}


def check_export(dataset: Dataset, fmt: str, path: Path) -> None:
    """A table export reads back as the dataset; an FtM export holds valid entities of it."""
    if fmt == "ftm":
        assert_valid_ftm(dataset, path)
    else:
        assert_round_trip(dataset, READERS[fmt](path))


def _comparable(value: str) -> str:
    """A value as FtM keeps it: it cleans URLs to end in a slash after a bare host, and changes nothing else."""
    return value.rstrip("/")


def assert_valid_ftm(dataset: Dataset, path: Path) -> list[dict[str, Any]]:
    """Every line is an entity that the followthemoney library builds without dropping a value."""
    from followthemoney import model

    entities = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert entities
    for entity in entities:
        proxy = model.get_proxy(entity, cleaned=False)
        built = proxy.to_dict()
        assert built["schema"] == entity["schema"]
        assert {name: sorted(map(_comparable, values)) for name, values in built["properties"].items()} == {
            name: sorted(map(_comparable, values)) for name, values in entity["properties"].items()
        }, entity["id"]
    ids = [entity["id"] for entity in entities]
    assert len(ids) == len(set(ids))
    known = set(ids)
    for entity in entities:
        if entity["schema"] == "Sanction":
            assert entity["properties"]["entity"][0] in known
    assert {entity["id"].removeprefix("proscribed-") for entity in entities} <= {
        record_id for table in ("actors", "designations") for record_id in dataset._by_id
    }
    return entities


def as_text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def assert_round_trip(dataset: Dataset, tables: Rows) -> None:
    """Every table read back equals what was loaded, and each bound column matches its EDTF value."""
    for table in TABLES:
        rows = tables[table.name]
        names = [column.name for column in columns_of(table)]
        assert all(list(row) == names for row in rows), table.name
        fields = set(table.model.model_fields)
        rebuilt = tuple(
            table.model.model_validate({k: v for k, v in row.items() if k in fields and v is not None}) for row in rows
        )
        assert rebuilt == dataset.table(table.name), table.name
        for row in rows:
            for name in names:
                if name.endswith(("_lower", "_upper")):
                    source, _, bound = name.rpartition("_")
                    parsed = None if row[source] is None else cached_edtf(row[source])
                    expected = None if parsed is None else getattr(parsed, bound)
                    assert as_text(row[name]) == as_text(expected), (table.name, name)


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_round_trip_of_the_rich_fixture(rich: Dataset, tmp_path: Path, fmt: str) -> None:
    written = rich.export(tmp_path / f"out.{fmt}", fmt)
    assert_round_trip(rich, READERS[fmt](written))


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_round_trip_of_the_shipped_data(tmp_path: Path, fmt: str) -> None:
    dataset = proscribed.load()
    written = dataset.export(tmp_path / f"out.{fmt}", fmt)
    assert_round_trip(dataset, READERS[fmt](written))


FORMULA_TEXT = {
    ("actors", "org-mfa", "description"): '=HYPERLINK("https://example.org","click")',
    ("actors", "per-b", "name"): '+Boris, "B"',
    ("events", "evt-2023-attack", "title"): "=An attack",
    ("statements", "stmt-202306-boris-b-danger", "quote_en"): "-This is dangerous",
}
"""Cells a spreadsheet would run: loading refuses them, so they are put into records without validation, as a
package edited after loading (or a future column without the text rule) could hold them."""


@pytest.fixture(scope="module")
def formulas(rich: Dataset) -> Dataset:
    """The rich dataset with text that starts like a formula, set without validation."""
    changed: dict[str, list[Any]] = {}
    for (table, record_id, field), text in FORMULA_TEXT.items():
        records = changed.setdefault(table, list(getattr(rich, table)))
        key = table_named(table).primary_key[0]
        index = next(i for i, record in enumerate(records) if getattr(record, key) == record_id)
        records[index] = records[index].model_copy(update={field: text})
    aliases = [
        alias.model_copy(update={"alias": "@" + alias.alias}) if alias.alias == "X @ group" else alias
        for alias in rich.aliases
    ]
    return dataclasses.replace(rich, aliases=tuple(aliases), **{table: tuple(rows) for table, rows in changed.items()})


@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet", "sqlite"])
def test_exact_text_is_kept_outside_csv(formulas: Dataset, tmp_path: Path, fmt: str) -> None:
    tables = READERS[fmt](formulas.export(tmp_path / "out", fmt))
    ministry = next(row for row in tables["actors"] if row["actor_id"] == "org-mfa")
    assert ministry["description"] == '=HYPERLINK("https://example.org","click")'
    assert {row["alias"] for row in tables["aliases"]} >= {"@X @ group", "X-X", "'Group' X"}


def test_csv_cells_that_would_run_as_formulas_are_neutralised(formulas: Dataset, tmp_path: Path) -> None:
    folder = formulas.export(tmp_path / "out", "csv")
    with (folder / "actors.csv").open(encoding="utf-8", newline="") as handle:
        actors = {row["actor_id"]: row for row in csv.DictReader(handle)}
    assert actors["org-mfa"]["description"] == '\'=HYPERLINK("https://example.org","click")'
    assert actors["per-b"]["name"] == '\'+Boris, "B"'
    assert actors["per-b"]["description"] == "Line one.\nLine two, with a comma."
    with (folder / "aliases.csv").open(encoding="utf-8", newline="") as handle:
        aliases = [row["alias"] for row in csv.DictReader(handle)]
    assert aliases == ["'@X @ group", "X-X", "''Group' X", "Группа «Икс»"]
    with (folder / "events.csv").open(encoding="utf-8", newline="") as handle:
        assert "'=An attack" in {row["title"] for row in csv.DictReader(handle)}
    every_cell = [
        cell
        for path in folder.glob("*.csv")
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
        for cell in row
    ]
    assert not [cell for cell in every_cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'x", "''", "plain", "", "a=b"])
def test_neutralising_is_undone_exactly(text: str) -> None:
    cell = neutralise_cell(text)
    assert restore_cell(cell) == text
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_bound_columns_sit_beside_each_edtf_column() -> None:
    statements = [column.name for column in columns_of(table_named("statements"))]
    assert statements[statements.index("date") : statements.index("date") + 3] == ["date", "date_lower", "date_upper"]
    instruments = [column.name for column in columns_of(table_named("instruments"))]
    for name in ("decision_date", "publication_date", "effective_date", "takes_effect"):
        position = instruments.index(name)
        assert instruments[position + 1 : position + 3] == [f"{name}_lower", f"{name}_upper"]
    designations = [column.name for column in columns_of(table_named("designations"))]
    for name in ("end_date", "takes_effect"):
        position = designations.index(name)
        assert designations[position + 1 : position + 3] == [f"{name}_lower", f"{name}_upper"]
    assert "jurisdiction" in designations
    sources = [column.name for column in columns_of(table_named("sources"))]
    assert "issued_lower" in sources
    assert "url_lower" not in sources


def test_open_bounds_are_empty(rich: Dataset, tmp_path: Path) -> None:
    [role] = read_json(rich.export(tmp_path / "out.json", "json"))["roles"]
    assert (role["period"], role["period_lower"], role["period_upper"]) == ("2020-01/..", "2020-01-01", None)


def test_json_export_is_deterministic(rich: Dataset, tmp_path: Path) -> None:
    first = rich.export(tmp_path / "a.json", "json").read_bytes()
    second = rich.export(tmp_path / "b.json", "json").read_bytes()
    assert first == second


def test_folder_exports_carry_a_manifest_of_keys(rich: Dataset, tmp_path: Path) -> None:
    manifest = json.loads((rich.export(tmp_path / "out", "jsonl") / MANIFEST_NAME).read_text("utf-8"))
    assert (manifest["format"], manifest["version"]) == ("jsonl", rich.version)
    designations = next(table for table in manifest["tables"] if table["name"] == "designations")
    assert designations["primary_key"] == ["designation_id"]
    assert designations["rows"] == 3
    assert {"field": "related_designation_id", "table": "designations", "target_field": "designation_id"} in (
        designations["foreign_keys"]
    )
    assert {"name": "takes_effect_lower", "type": "date"} in designations["columns"]


# --- parquet, DataFrames ----------------------------------------------------------------------------


def test_parquet_types_and_metadata(rich: Dataset, tmp_path: Path) -> None:
    import pyarrow as pa

    table = pq.read_table(rich.export(tmp_path / "out", "parquet") / "events.parquet")
    assert table.schema.field("date_lower").type == pa.date32()
    assert table.schema.field("fatalities").type == pa.int64()
    assert table.schema.field("event_id").nullable is False
    assert b"description" in table.schema.field("title").metadata
    assert json.loads(table.schema.metadata[b"proscribed.primary_key"]) == ["event_id"]


def test_pandas_frame(rich: Dataset) -> None:
    frame = rich.to_pandas("statements")
    assert list(frame.columns) == [column.name for column in columns_of(table_named("statements"))]
    assert len(frame) == 3
    first = frame.iloc[0]
    assert first["statement_id"] == "stmt-20240527-anna-a-real-power"
    assert first["date_lower"] == datetime.date(2024, 5, 27)


def test_polars_frame(rich: Dataset) -> None:
    import polars as pl

    frame = rich.to_polars("designations")
    assert frame.schema["takes_effect_lower"] == pl.Date
    assert frame["designation_id"].to_list() == [act.designation_id for act in rich.designations]
    assert frame.filter(pl.col("scope") == "associates")["jurisdiction"].to_list() == ["UN"]


def test_a_missing_extra_says_how_to_install_it(rich: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module.importlib.util, "find_spec", lambda _name: None)
    with pytest.raises(ImportError, match=r"pip install 'proscribed\[pandas\]'"):
        rich.to_pandas("actors")
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match=r"pip install 'proscribed\[polars\]'"):
        rich.to_polars("actors")


def test_unknown_table_and_format(rich: Dataset, tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        rich.to_arrow("people")
    with pytest.raises(ValueError, match="unknown export format 'xlsx'"):
        rich.export(tmp_path / "out.xlsx", "xlsx")


# --- SQLite -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database(rich: Dataset, tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path = rich.export(tmp_path_factory.mktemp("sqlite") / "proscribed.sqlite", "sqlite")
    return sqlite3.connect(path)


def test_sqlite_declares_primary_and_foreign_keys(database: sqlite3.Connection) -> None:
    for table in TABLES:
        info = database.execute(f'PRAGMA table_info("{table.name}")').fetchall()
        primary = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
        assert primary == list(table.primary_key), table.name
        declared = {(row[3], row[2], row[4]) for row in database.execute(f'PRAGMA foreign_key_list("{table.name}")')}
        assert declared == {(key.field, key.table, key.target_field) for key in table.foreign_keys}, table.name
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_declares_types_and_vocabularies(database: sqlite3.Connection) -> None:
    types = {row[1]: row[2] for row in database.execute('PRAGMA table_info("events")')}
    assert (types["date"], types["date_lower"], types["fatalities"]) == ("TEXT", "DATE", "INTEGER")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        database.execute("UPDATE designations SET action = 'ban'")


def test_sqlite_views(database: sqlite3.Connection) -> None:
    views = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert views == set(export_module.SQLITE_VIEWS)
    for view in views:
        database.execute(f'SELECT * FROM "{view}"').fetchall()  # noqa: S608  (names of our own views)
    current = database.execute(
        "SELECT jurisdiction, status, since, designation_id FROM current_status WHERE actor_id = 'org-x'"
    ).fetchall()
    assert current == [("RU", "suspended", "2025-05-20", "des-ru-2025-x-suspend"), ("UN", "not_listed", None, None)]
    speakers = database.execute(
        "SELECT speaker_name, subject_name FROM statements_named ORDER BY date_lower"
    ).fetchall()
    assert speakers[0] == ('Boris, "B"', "Group X")
    authorities = dict(database.execute("SELECT designation_id, authority_name FROM designations_named").fetchall())
    assert authorities["des-ru-2003-x-list"] == "Supreme Court"


def test_sqlite_status_periods_match_the_timeline(rich: Dataset, database: sqlite3.Connection) -> None:
    rows = database.execute(
        "SELECT jurisdiction, status, period_start, period_end, designation_id, uncertain FROM status_periods "
        "WHERE actor_id = 'org-x' ORDER BY jurisdiction, period"
    ).fetchall()
    expected = [
        (entry.jurisdiction, p.status.value, as_text(p.start), as_text(p.end), p.act and p.act.designation_id,
         int(p.uncertain))
        for entry in rich.timeline("org-x")
        for p in entry.periods
    ]  # fmt: skip
    assert rows == expected


# --- safe writes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_existing_destination_is_kept_unless_asked(rich: Dataset, tmp_path: Path, fmt: str) -> None:
    target = rich.export(tmp_path / "out", fmt)
    with pytest.raises(FileExistsError, match="overwrite"):
        rich.export(target, fmt)
    assert rich.export(target, fmt, overwrite=True) == target
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def test_a_folder_that_is_not_an_export_is_never_replaced(rich: Dataset, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="does not hold an earlier export"):
        rich.export(precious, "csv", overwrite=True)
    with pytest.raises(IsADirectoryError):
        rich.export(precious, "json", overwrite=True)
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_missing_parent_folder_is_an_error(rich: Dataset, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        rich.export(tmp_path / "no" / "out.json", "json")


def broken_writer(_dataset: Dataset, destination: Path) -> None:
    partial = destination / "actors.csv" if destination.is_dir() else destination
    partial.write_text("partial", encoding="utf-8")
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv", "parquet"])
def test_a_failed_write_leaves_the_old_export_and_no_debris(
    rich: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    target = rich.export(tmp_path / "out", fmt)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    if fmt in export_module._FILE_WRITERS:
        monkeypatch.setitem(export_module._FILE_WRITERS, fmt, broken_writer)
    else:
        monkeypatch.setitem(export_module._FOLDER_WRITERS, fmt, (broken_writer, fmt))
    with pytest.raises(OSError, match="No space"):
        rich.export(target, fmt, overwrite=True)
    after = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert after == before
    assert [path.name for path in tmp_path.iterdir()] == ["out"]


# --- the command -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_command(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    package = write_package(tmp_path / "package", rich_tables())
    out = tmp_path / "out"
    result = runner.invoke(main, ["export", "--format", fmt, "--out", str(out), "--package", str(package)])
    assert result.exit_code == 0, result.output
    assert f"wrote {fmt} export" in result.output
    check_export(proscribed.load(package), fmt, out)
    again = runner.invoke(main, ["export", "--format", fmt, "--out", str(out), "--package", str(package)])
    assert again.exit_code == 2
    assert "--force" in again.output
    forced = runner.invoke(main, ["export", "--format", fmt, "--out", str(out), "--force", "--package", str(package)])
    assert forced.exit_code == 0


def test_export_command_needs_format_and_out(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["export", "--out", str(tmp_path / "x")]).exit_code == 2
    assert runner.invoke(main, ["export", "--format", "json"]).exit_code == 2
    bad = runner.invoke(main, ["export", "--format", "xlsx", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2


# --- FollowTheMoney --------------------------------------------------------------------------------------


def test_ftm_export_of_the_shipped_data_is_valid_and_complete(tmp_path: Path) -> None:
    dataset = proscribed.load()
    entities = assert_valid_ftm(dataset, dataset.export(tmp_path / "out.ftm", "ftm"))
    sanctions = [entity for entity in entities if entity["schema"] == "Sanction"]
    listed_acts = {
        act.designation_id
        for act in dataset.designations
        if act.action.value in ("list", "carry_over") and act.scope.value != "associates"
    }
    assert {entity["properties"]["recordId"][0] for entity in sanctions} == listed_acts
    for entity in sanctions:
        properties = entity["properties"]
        act = dataset.designation(properties["recordId"][0])
        listed_on = dataset.designation_list(act.list_id)
        assert properties["programId"] == [listed_on.list_id]
        assert properties["program"] == [listed_on.name]
        assert properties["country"] == [listed_on.jurisdiction.lower()]
        assert properties.get("startDate", [None]) == [ftm_date(dataset.instrument_of(act).takes_effect.text)]
        assert properties["status"][0] in {"Active", "Suspended", "Inactive", "Expired"}


def test_ftm_sanctions_follow_the_history(rich: Dataset, tmp_path: Path) -> None:
    entities = {entity["id"]: entity for entity in assert_valid_ftm(rich, rich.export(tmp_path / "x.ftm", "ftm"))}
    organisation = entities["proscribed-org-x"]
    assert organisation["schema"] == "Organization"
    assert "Группа «Икс»" in organisation["properties"]["alias"]
    russia = entities["proscribed-des-ru-2003-x-list"]["properties"]
    assert russia["status"] == ["Suspended"]
    assert russia["startDate"] == ["2003-02-14"]
    assert "endDate" not in russia
    # A measure on associates is not a sanction on the organisation itself.
    assert "proscribed-des-un-2011-x-list" not in entities


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2014-06-20", "2014-06-20"),
        ("2013-05", "2013-05"),
        ("2014-06-20/2014-12-31", "2014"),
        ("[2024-06-05..2024-06-08]", "2024-06"),
        ("2005-10-11/2017", None),
        ("2013-10-11/..", None),
    ],
)
def test_ftm_dates_are_the_day_month_or_year_that_holds_the_edtf_value(edtf: str, expected: str | None) -> None:
    assert ftm_date(edtf) == expected


@pytest.mark.parametrize("mask", [0o022, 0o027])
@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_get_the_permissions_the_umask_gives(rich: Dataset, tmp_path: Path, fmt: str, mask: int) -> None:
    previous = os.umask(mask)
    try:
        written = rich.export(tmp_path / f"out-{fmt}", fmt)
    finally:
        os.umask(previous)
    paths = [written, *written.rglob("*")] if written.is_dir() else [written]
    for path in paths:
        expected = (0o777 if path.is_dir() else 0o666) & ~mask
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
