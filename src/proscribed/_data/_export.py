"""Export the dataset to JSON, JSON Lines, CSV, Parquet or SQLite, and to pandas or polars DataFrames.

Every export holds every table with the columns of the package, plus, beside each EDTF date column
``X``, two real date columns ``X_lower`` and ``X_upper``: the first and last day the value can denote
(empty where an interval end is open or unknown). The instruments and designations tables also get
``takes_effect``, ``takes_effect_lower`` and ``takes_effect_upper``: the date the instrument (the act's
instrument) took effect (effective date, else decision date, else publication date); designations also
get ``jurisdiction``, the jurisdiction of the act's list.

* ``json``: one file, ``{"name", "version", "tables": {table: [row, ...]}}``; dates as ISO strings.
* ``jsonl``, ``csv``, ``parquet``: a folder with one file per table and ``export.json``, which lists the
  tables with their primary and foreign keys.
* ``ftm``: FollowTheMoney entities as JSON lines: an ``Organization`` (or ``Person``) per designated actor and
  a ``Sanction`` per listing period (:mod:`proscribed._data._ftm`).
* ``sqlite``: one database with declared primary keys, foreign keys and vocabularies, an index on every
  foreign key, a ``status_periods`` table (every actor's status periods, as :meth:`Dataset.timeline`
  gives them) and views for browsing (see :data:`SQLITE_VIEWS`).

CSV cells that a spreadsheet would run as a formula are neutralised: a cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe, and so does a cell that already
starts with an apostrophe, so that removing one leading apostrophe from every cell that has one restores
the text exactly (:func:`restore_cell`). The other formats keep the exact text.

Writes are atomic: the export is written beside its destination under a temporary name, then renamed.
An existing destination is replaced only when asked (``overwrite=True``), and a folder only if it holds an
earlier export; a destination inside the exported package's folder (or holding it) is refused.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import importlib.util
import io
import json
import os
import shutil
import sqlite3
import tempfile
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic.functional_validators import AfterValidator

from .._schema._descriptor import _unwrap
from .._schema._models import Designation, Instrument
from .._schema._models._base import Record
from .._schema._tables import TABLES, Table, table_named, vocabulary_of
from .._schema._types import cached_edtf
from ._ftm import write_ftm
from ._status import all_timelines

if TYPE_CHECKING:
    import pandas
    import polars

    from ._dataset import Dataset

__all__ = [
    "FORMATS",
    "MANIFEST_NAME",
    "SQLITE_VIEWS",
    "TABLE_FORMATS",
    "Column",
    "ExportFormat",
    "columns_of",
    "export",
    "export_rows",
    "neutralise_cell",
    "restore_cell",
    "to_arrow",
    "to_pandas",
    "to_polars",
]

ExportFormat = Literal["json", "jsonl", "csv", "parquet", "sqlite", "ftm"]
TABLE_FORMATS: tuple[ExportFormat, ...] = ("json", "jsonl", "csv", "parquet", "sqlite")
"""The formats that hold every table of the package."""
FORMATS: tuple[ExportFormat, ...] = (*TABLE_FORMATS, "ftm")
MANIFEST_NAME = "export.json"
_FOLDER_FORMATS = ("jsonl", "csv", "parquet")

Kind = Literal["string", "integer", "number", "boolean", "date", "edtf"]
Value = str | int | float | bool | datetime.date | None


@dataclass(frozen=True, slots=True)
class Column:
    """A column of an exported table."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    derived: bool = False
    """True for columns computed from others (date bounds, ``takes_effect``); they are not in the CSV files."""


def _is_edtf(annotation: object, metadata: Sequence[object] = ()) -> bool:
    from .._schema._types import _check_edtf  # noqa: PLC0415  (the EDTF validator marks EDTF fields)

    if any(isinstance(item, AfterValidator) and item.func is _check_edtf for item in metadata):
        return True
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *extras = typing.get_args(annotation)
        return _is_edtf(base, extras)
    if origin in (Union, types.UnionType):
        return any(_is_edtf(argument) for argument in typing.get_args(annotation))
    return False


def _bounds(name: str, what: str) -> tuple[Column, Column]:
    return (
        Column(f"{name}_lower", "date", f"First day {what} can denote.", derived=True),
        Column(f"{name}_upper", "date", f"Last day {what} can denote.", derived=True),
    )


_TAKES_EFFECT = "takes_effect"
_JURISDICTION = "jurisdiction"


@functools.cache
def columns_of(table: Table) -> tuple[Column, ...]:
    """The columns of *table* in an export, in order."""
    schema = table.model.model_json_schema()
    definitions = schema.get("$defs", {})
    required = set(schema.get("required", ()))
    columns: list[Column] = []
    for name, field in table.model.model_fields.items():
        property_schema, _ = _unwrap(schema["properties"][name], definitions)
        edtf = _is_edtf(field.annotation, field.metadata)
        kind: Kind = "edtf" if edtf else typing.cast("Kind", property_schema.get("type", "string"))
        columns.append(Column(name, kind, field.description or "", required=name in required))
        if edtf:
            columns.extend(_bounds(name, f"{name}"))
    if table.model is Designation:
        columns.append(
            Column(_JURISDICTION, "string", "The jurisdiction of the act's list.", required=True, derived=True)
        )
    if table.model in (Designation, Instrument):
        columns.append(
            Column(
                _TAKES_EFFECT,
                "edtf",
                "When the instrument took effect: effective_date, else decision_date, else publication_date.",
                required=True,
                derived=True,
            )
        )
        columns.extend(_bounds(_TAKES_EFFECT, _TAKES_EFFECT))
    return tuple(columns)


def _record_values(dataset: Dataset, table: Table, record: Record) -> dict[str, Value]:
    values: dict[str, Value] = dict(record.model_dump(mode="json"))
    if isinstance(record, Designation):
        values[_JURISDICTION] = record.jurisdiction
        values[_TAKES_EFFECT] = dataset.instrument_of(record).takes_effect.text
    elif isinstance(record, Instrument):
        values[_TAKES_EFFECT] = record.takes_effect.text
    row: dict[str, Value] = {}
    for column in columns_of(table):
        if column.derived and column.kind == "date":
            source, _, bound = column.name.rpartition("_")
            text = values[source]
            parsed = None if text is None else cached_edtf(str(text))
            row[column.name] = None if parsed is None else (parsed.lower if bound == "lower" else parsed.upper)
        else:
            row[column.name] = values[column.name]
    return row


def export_rows(dataset: Dataset, table_name: str) -> list[dict[str, Value]]:
    """The rows of a table as exported.

    Field values are as in the CSV files (integers as integers, empty cells as ``None``); the derived date
    columns hold :class:`datetime.date` values.
    """
    table = table_named(table_name)
    return [_record_values(dataset, table, record) for record in dataset.table(table.name)]


# --- CSV cells -------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise_cell(text: str) -> str:
    """*text* made safe to open in a spreadsheet: an apostrophe before a formula-like start."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def restore_cell(text: str) -> str:
    """The exact text of a neutralised CSV cell."""
    return text.removeprefix("'")


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise_cell(str(value))


def csv_text(columns: Sequence[str], rows: Sequence[Mapping[str, Value]]) -> str:
    """CSV text (RFC 4180, LF line ends) of *rows* with neutralised cells."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in columns])
    return buffer.getvalue()


def _json_value(value: Value) -> str | int | float | bool | None:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _json_row(row: Mapping[str, Value]) -> dict[str, str | int | float | bool | None]:
    return {name: _json_value(value) for name, value in row.items()}


# --- atomic writes ---------------------------------------------------------------------------------


def _check_destination(path: Path, fmt: ExportFormat, *, overwrite: bool) -> None:
    if not path.exists():
        if not path.parent.is_dir():
            raise FileNotFoundError(f"cannot write {path}: the folder {path.parent} does not exist")
        return
    if not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True (--force) to replace it")
    if fmt in _FOLDER_FORMATS:
        if not path.is_dir():
            raise FileExistsError(f"{path} is a file; a {fmt} export is a folder")
        if any(path.iterdir()) and not (path / MANIFEST_NAME).is_file():
            raise FileExistsError(f"{path} is a folder that does not hold an earlier export; not replacing it")
    elif path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; a {fmt} export is a single file")


def _check_outside_package(path: Path, root: Path) -> None:
    """Refuse a destination inside the package being exported, or holding it: an export never replaces data."""
    destination = path.resolve()
    package = root.resolve()
    if destination.is_relative_to(package) or package.is_relative_to(destination):
        raise FileExistsError(
            f"{path} is inside the data package folder {root}, or holds it; write the export elsewhere"
        )


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _give_default_permissions(path: Path) -> None:
    """Give *path*, and every file and folder under it, the permissions a plain ``open`` or ``mkdir`` would.

    Temporary files and folders are created private (0600, 0700); what is exported is not private.
    """
    mask = _umask()
    paths = [path, *path.rglob("*")] if path.is_dir() else [path]
    for each in paths:
        each.chmod((0o777 if each.is_dir() else 0o666) & ~mask)


@contextlib.contextmanager
def _atomic_file(path: Path) -> Iterator[Path]:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _give_default_permissions(temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def _atomic_folder(path: Path) -> Iterator[Path]:
    temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        yield temporary
        _give_default_permissions(temporary)
        if path.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
            retired.rmdir()
            path.rename(retired)
            temporary.rename(path)
            shutil.rmtree(retired)
        else:
            temporary.rename(path)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary)


# --- the formats -----------------------------------------------------------------------------------


def _manifest(dataset: Dataset, fmt: ExportFormat, suffix: str) -> dict[str, Any]:
    tables = [
        {
            "name": table.name,
            "path": f"{table.name}.{suffix}",
            "rows": len(dataset.table(table.name)),
            "primary_key": list(table.primary_key),
            "foreign_keys": [
                {"field": key.field, "table": key.table, "target_field": key.target_field} for key in table.foreign_keys
            ],
            "columns": [
                {"name": column.name, "type": "string" if column.kind == "edtf" else column.kind}
                for column in columns_of(table)
            ],
        }
        for table in TABLES
    ]
    manifest: dict[str, Any] = {"name": "proscribed", "version": dataset.version, "format": fmt, "tables": tables}
    if fmt == "csv":
        manifest["formula_rule"] = (
            "A cell starting with =, +, -, @, a tab, a carriage return or an apostrophe has an apostrophe "
            "prepended; remove one leading apostrophe from every cell that has one to restore the exact text."
        )
    return manifest


def _write_json(dataset: Dataset, target: Path) -> None:
    document = {
        "name": "proscribed",
        "version": dataset.version,
        "tables": {table.name: [_json_row(row) for row in export_rows(dataset, table.name)] for table in TABLES},
    }
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _write_jsonl(dataset: Dataset, folder: Path) -> None:
    for table in TABLES:
        lines = (json.dumps(_json_row(row), ensure_ascii=False) + "\n" for row in export_rows(dataset, table.name))
        (folder / f"{table.name}.jsonl").write_text("".join(lines), encoding="utf-8", newline="")


def _write_csv(dataset: Dataset, folder: Path) -> None:
    for table in TABLES:
        names = [column.name for column in columns_of(table)]
        text = csv_text(names, export_rows(dataset, table.name))
        (folder / f"{table.name}.csv").write_text(text, encoding="utf-8", newline="")


def _import_pyarrow() -> Any:  # noqa: ANN401  (pyarrow ships no type information)
    import pyarrow  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415  (loaded only when needed)

    return pyarrow


def to_arrow(dataset: Dataset, table_name: str) -> Any:  # noqa: ANN401  (a pyarrow.Table; pyarrow is untyped)
    """A table as a :class:`pyarrow.Table`, with typed columns (dates as ``date32``, integers as ``int64``)."""
    pa = _import_pyarrow()
    table = table_named(table_name)
    arrow_types = {
        "string": pa.string(),
        "edtf": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }
    columns = columns_of(table)
    fields = [
        pa.field(
            column.name,
            arrow_types[column.kind],
            nullable=not column.required,
            metadata={"description": column.description},
        )
        for column in columns
    ]
    metadata = {
        "proscribed.version": dataset.version,
        "proscribed.table": table.name,
        "proscribed.primary_key": json.dumps(list(table.primary_key)),
        "proscribed.foreign_keys": json.dumps(
            [{"field": k.field, "table": k.table, "target_field": k.target_field} for k in table.foreign_keys]
        ),
    }
    schema = pa.schema(fields, metadata=metadata)
    rows = export_rows(dataset, table.name)
    arrays = {column.name: [row[column.name] for row in rows] for column in columns}
    return pa.table(arrays, schema=schema)


def _write_parquet(dataset: Dataset, folder: Path) -> None:
    _import_pyarrow()
    import pyarrow.parquet  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415  (loaded only when needed)

    for table in TABLES:
        pyarrow.parquet.write_table(to_arrow(dataset, table.name), folder / f"{table.name}.parquet")


def _missing_extra(package: str) -> ImportError:
    return ImportError(f"{package} is not installed; install it with: python -m pip install 'proscribed[{package}]'")


def to_pandas(dataset: Dataset, table_name: str) -> pandas.DataFrame:
    """A table as a pandas DataFrame (needs the ``pandas`` extra)."""
    if importlib.util.find_spec("pandas") is None:
        raise _missing_extra("pandas")
    frame: pandas.DataFrame = to_arrow(dataset, table_name).to_pandas()
    return frame


def to_polars(dataset: Dataset, table_name: str) -> polars.DataFrame:
    """A table as a polars DataFrame (needs the ``polars`` extra)."""
    try:
        import polars  # noqa: PLC0415  (an optional extra)
    except ImportError:
        raise _missing_extra("polars") from None
    frame = polars.from_arrow(to_arrow(dataset, table_name))
    assert isinstance(frame, polars.DataFrame)  # noqa: S101  (a table converts to a DataFrame)
    return frame


# --- SQLite ----------------------------------------------------------------------------------------

_SQL_TYPES = {
    "string": "TEXT",
    "edtf": "TEXT",
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "date": "DATE",
}


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _create_table(table: Table) -> str:
    lines = []
    for column in columns_of(table):
        line = f"  {_quoted(column.name)} {_SQL_TYPES[column.kind]}"
        if column.required:
            line += " NOT NULL"
        if not column.derived:
            vocabulary = vocabulary_of(table.model.model_fields[column.name].annotation)
            if vocabulary is not None:
                terms = ", ".join(_literal(term.value) for term in vocabulary)
                line += f" CHECK ({_quoted(column.name)} IN ({terms}))"
        lines.append(line)
    lines.append(f"  PRIMARY KEY ({', '.join(map(_quoted, table.primary_key))})")
    lines.extend(
        f"  FOREIGN KEY ({_quoted(key.field)}) REFERENCES {_quoted(key.table)} ({_quoted(key.target_field)})"
        for key in table.foreign_keys
    )
    body = ",\n".join(lines)
    return f"CREATE TABLE {_quoted(table.name)} (\n{body}\n)"


_STATUS_PERIODS = """CREATE TABLE "status_periods" (
  "actor_id" TEXT NOT NULL,
  "jurisdiction" TEXT NOT NULL,
  "period" INTEGER NOT NULL,
  "status" TEXT NOT NULL CHECK ("status" IN ('listed', 'suspended', 'delisted', 'not_listed')),
  "period_start" DATE,
  "period_end" DATE,
  "designation_id" TEXT,
  "since" TEXT,
  "lapsed" INTEGER NOT NULL,
  "uncertain" INTEGER NOT NULL,
  PRIMARY KEY ("actor_id", "jurisdiction", "period"),
  FOREIGN KEY ("actor_id") REFERENCES "actors" ("actor_id"),
  FOREIGN KEY ("designation_id") REFERENCES "designations" ("designation_id")
)"""

SQLITE_VIEWS: dict[str, str] = {
    "current_status": """
SELECT p.actor_id, a.name AS actor_name, p.jurisdiction, p.status, p.since, p.designation_id,
       d.list_id, d.action, i.title AS instrument, p.uncertain
FROM status_periods AS p
JOIN actors AS a ON a.actor_id = p.actor_id
LEFT JOIN designations AS d ON d.designation_id = p.designation_id
LEFT JOIN instruments AS i ON i.instrument_id = d.instrument_id
WHERE (p.period_start IS NULL OR p.period_start <= date('now'))
  AND (p.period_end IS NULL OR date('now') <= p.period_end)""",
    "status_timeline": """
SELECT p.actor_id, a.name AS actor_name, p.jurisdiction, p.period_start, p.period_end, p.status,
       p.designation_id, d.list_id, d.action, i.title AS instrument, p.since, p.lapsed, p.uncertain
FROM status_periods AS p
JOIN actors AS a ON a.actor_id = p.actor_id
LEFT JOIN designations AS d ON d.designation_id = p.designation_id
LEFT JOIN instruments AS i ON i.instrument_id = d.instrument_id""",
    "designations_named": """
SELECT d.designation_id, d.actor_id, actor.name AS actor_name, d.jurisdiction, d.list_id, l.name AS list_name,
       l.measure, d.action, d.scope, d.listed_name, d.takes_effect, d.takes_effect_lower, d.takes_effect_upper,
       d.end_date, i.instrument_id, i.title AS instrument, i.reference, i.url AS instrument_url,
       i.authority_id, authority.name AS authority_name, i.applicant_id, applicant.name AS applicant_name,
       d.related_designation_id, d.verification
FROM designations AS d
JOIN actors AS actor ON actor.actor_id = d.actor_id
JOIN lists AS l ON l.list_id = d.list_id
JOIN instruments AS i ON i.instrument_id = d.instrument_id
JOIN actors AS authority ON authority.actor_id = i.authority_id
LEFT JOIN actors AS applicant ON applicant.actor_id = i.applicant_id""",
    "statements_named": """
SELECT s.statement_id, s.date, s.date_lower, s.date_upper, s.speaker_id, speaker.name AS speaker_name,
       s.speaker_role, s.on_behalf_of_id, principal.name AS on_behalf_of_name,
       s.subject_id, subject.name AS subject_name, s.stance, s.stance_topic, s.quote, s.quote_lang, s.quote_en,
       s.quote_type, s.setting, s.place, s.country, s.quote_source_id, source.url AS quote_source_url,
       s.verification
FROM statements AS s
JOIN actors AS speaker ON speaker.actor_id = s.speaker_id
JOIN actors AS subject ON subject.actor_id = s.subject_id
LEFT JOIN actors AS principal ON principal.actor_id = s.on_behalf_of_id
JOIN sources AS source ON source.source_id = s.quote_source_id""",
    "event_participants_named": """
SELECT e.event_id, e.date, e.date_lower, e.date_upper, e.event_type, e.title, p.actor_id,
       a.name AS actor_name, p.participant_role, p.role_id, p.note
FROM event_participants AS p
JOIN events AS e ON e.event_id = p.event_id
JOIN actors AS a ON a.actor_id = p.actor_id""",
    "citations_named": """
SELECT c.record_id, c.source_id, s.title AS source_title, s.container_title, s.issued, s.url, c.relation,
       c.aspect, c.excerpt, c.excerpt_lang, c.excerpt_en, c.locator, c.note
FROM citations AS c
JOIN sources AS s ON s.source_id = c.source_id""",
}
"""The views of the SQLite export, by name: their SQL."""


def _sql_value(value: Value) -> str | int | float | None:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def status_period_rows(dataset: Dataset) -> list[tuple[Any, ...]]:
    """Every designated actor's status periods, as rows of the ``status_periods`` table."""
    rows: list[tuple[Any, ...]] = []
    for history in all_timelines(dataset):
        for entry in history:
            for index, period in enumerate(entry.periods):
                rows.append(
                    (
                        history.actor_id,
                        entry.jurisdiction,
                        index,
                        period.status.value,
                        None if period.start is None else period.start.isoformat(),
                        None if period.end is None else period.end.isoformat(),
                        None if period.act is None else period.act.designation_id,
                        None if period.since is None else period.since.text,
                        int(period.lapsed),
                        int(period.uncertain),
                    )
                )
    return rows


def _insert_statement(table_name: str, names: Sequence[str]) -> str:
    quoted = ", ".join(map(_quoted, names))
    marks = ", ".join("?" for _ in names)
    return f"INSERT INTO {_quoted(table_name)} ({quoted}) VALUES ({marks})"  # noqa: S608  (registry names; values are bound)


def _write_sqlite(dataset: Dataset, target: Path) -> None:
    connection = sqlite3.connect(target)
    try:
        # The database is built under a temporary name and renamed when complete: no journal is needed.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        with connection:
            for table in TABLES:
                connection.execute(_create_table(table))
                for key in table.foreign_keys:
                    index = _quoted(f"{table.name}_{key.field}")
                    connection.execute(f"CREATE INDEX {index} ON {_quoted(table.name)} ({_quoted(key.field)})")
            for table in TABLES:
                names = [column.name for column in columns_of(table)]
                statement = _insert_statement(table.name, names)
                rows = export_rows(dataset, table.name)
                connection.executemany(statement, [[_sql_value(row[name]) for name in names] for row in rows])
            connection.execute(_STATUS_PERIODS)
            connection.executemany(
                "INSERT INTO status_periods VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", status_period_rows(dataset)
            )
            connection.execute('CREATE TABLE "proscribed_export" ("key" TEXT PRIMARY KEY, "value" TEXT NOT NULL)')
            connection.executemany(
                "INSERT INTO proscribed_export VALUES (?, ?)", [("name", "proscribed"), ("version", dataset.version)]
            )
            for name, sql in SQLITE_VIEWS.items():
                connection.execute(f"CREATE VIEW {_quoted(name)} AS {sql.strip()}")
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"the SQLite export breaks its foreign keys: {problems[:5]}")
    finally:
        connection.close()


_FILE_WRITERS: dict[str, Callable[[Dataset, Path], None]] = {
    "json": _write_json,
    "sqlite": _write_sqlite,
    "ftm": write_ftm,
}
_FOLDER_WRITERS: dict[str, tuple[Callable[[Dataset, Path], None], str]] = {
    "jsonl": (_write_jsonl, "jsonl"),
    "csv": (_write_csv, "csv"),
    "parquet": (_write_parquet, "parquet"),
}


def export(dataset: Dataset, path: str | os.PathLike[str], fmt: str, *, overwrite: bool = False) -> Path:
    """Write *dataset* to *path* in format *fmt* (see the module documentation); return the path written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    chosen: ExportFormat = fmt
    target = Path(path)
    _check_outside_package(target, dataset.root)
    _check_destination(target, chosen, overwrite=overwrite)
    if chosen in _FILE_WRITERS:
        with _atomic_file(target) as temporary:
            _FILE_WRITERS[chosen](dataset, temporary)
        return target
    writer, suffix = _FOLDER_WRITERS[chosen]
    with _atomic_folder(target) as folder:
        writer(dataset, folder)
        manifest = json.dumps(_manifest(dataset, chosen, suffix), ensure_ascii=False, indent=2) + "\n"
        (folder / MANIFEST_NAME).write_text(manifest, encoding="utf-8")
    return target
