"""Compare two versions of the data package: records added, removed and changed, field by field.

The comparison reads the CSV files as text through each version's own descriptor (its resources and
primary keys), so two versions with different schemas can still be compared: a column that exists in
only one version counts as empty in the other. Records are matched by primary key; a record whose key
changed shows as one removed and one added. Values are compared as the CSV cells hold them.

A version is a package folder (or its ``datapackage.json``), a loaded :class:`~proscribed.Dataset`, or,
with :func:`diff_revisions`, a git revision of a repository, read with ``git show`` (no network).
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .._io._guard import DescriptorError, file_problem, read_descriptor, resource_path_problem
from .._schema._descriptor import DESCRIPTOR_NAME
from .._schema._shown import escape_invisible, shown
from ._releases import RELEASES_FILE, ReleasesError, release_commit

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = [
    "FieldChange",
    "PackageDiff",
    "RecordChange",
    "RevisionError",
    "TableDiff",
    "data_changelog",
    "diff_packages",
    "diff_revisions",
    "diff_versions",
    "package_at_revision",
    "package_version",
]

Row = dict[str, str | None]
_LABEL_FIELDS = ("name", "title", "instrument", "alias", "quote_en", "quote", "excerpt_en", "excerpt", "url")
_SHORT = 80


class RevisionError(Exception):
    """A git revision could not be read: not a repository, an unknown revision, or no package in it."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field whose value differs between the versions (``None``: empty or absent)."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class RecordChange:
    """A record present in both versions whose fields differ."""

    key: tuple[str, ...]
    label: str | None
    changes: tuple[FieldChange, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the fields that changed."""
        return tuple(change.field for change in self.changes)


@dataclass(frozen=True, slots=True)
class RecordEntry:
    """A record present in only one version, with its cells."""

    key: tuple[str, ...]
    label: str | None
    row: Row


@dataclass(frozen=True, slots=True)
class TableDiff:
    """What differs in one table."""

    table: str
    primary_key: tuple[str, ...]
    added: tuple[RecordEntry, ...] = ()
    removed: tuple[RecordEntry, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    table_added: bool = False
    table_removed: bool = False

    @property
    def is_empty(self) -> bool:
        """True when nothing differs in the table."""
        return not (
            self.added
            or self.removed
            or self.changed
            or self.columns_added
            or self.columns_removed
            or self.table_added
            or self.table_removed
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return {
            "table": self.table,
            "primary_key": list(self.primary_key),
            "table_added": self.table_added,
            "table_removed": self.table_removed,
            "columns_added": list(self.columns_added),
            "columns_removed": list(self.columns_removed),
            "added": [{"key": list(entry.key), "record": entry.row} for entry in self.added],
            "removed": [{"key": list(entry.key), "record": entry.row} for entry in self.removed],
            "changed": [
                {
                    "key": list(change.key),
                    "fields": list(change.fields),
                    "changes": {item.field: {"old": item.old, "new": item.new} for item in change.changes},
                }
                for change in self.changed
            ],
        }


@dataclass(frozen=True, slots=True)
class PackageDiff:
    """The differences between two versions of the package, table by table."""

    old: str
    """What the old version is: a path or a git revision."""
    new: str
    old_version: str | None
    """The ``version`` in the old descriptor."""
    new_version: str | None
    tables: tuple[TableDiff, ...] = field(default=())
    """Every table of either version, in the order of the new descriptor, then tables only in the old."""

    @property
    def is_empty(self) -> bool:
        """True when the two versions hold the same records."""
        return all(table.is_empty for table in self.tables)

    def counts(self) -> dict[str, int]:
        """Records added, removed and changed over all tables."""
        return {
            "added": sum(len(table.added) for table in self.tables),
            "removed": sum(len(table.removed) for table in self.tables),
            "changed": sum(len(table.changed) for table in self.tables),
        }

    def table(self, name: str) -> TableDiff:
        """The differences in one table."""
        for table in self.tables:
            if table.table == name:
                return table
        raise KeyError(f"no table called {name!r} in either version")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: the versions compared, counts, and each table that differs."""
        return {
            "old": {"source": self.old, "version": self.old_version},
            "new": {"source": self.new, "version": self.new_version},
            "counts": self.counts(),
            "tables": [table.to_dict() for table in self.tables if not table.is_empty],
        }

    def to_json(self) -> str:
        """The JSON rendering."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        """A plain-text rendering for a terminal."""
        counts = self.counts()
        lines = [
            f"{self.old} ({self.old_version or 'no version'}) → {self.new} ({self.new_version or 'no version'})",
            f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed",
        ]
        for table in self.tables:
            if table.is_empty:
                continue
            lines.append(f"\n{escape_invisible(table.table)}")
            lines.extend(f"  {note}" for note in _table_notes(table))
            lines.extend(f"  + {_key(entry.key)}{_suffix(entry.label)}" for entry in table.added)
            lines.extend(f"  - {_key(entry.key)}{_suffix(entry.label)}" for entry in table.removed)
            for change in table.changed:
                lines.append(f"  ~ {_key(change.key)}: {escape_invisible(', '.join(change.fields))}")
                for item in change.changes:
                    old, new = _differing(item.old, item.new)
                    lines.append(f"      {escape_invisible(item.field)}: {_show(old)} → {_show(new)}")
        if self.is_empty:
            lines.append("no differences")
        return "\n".join(lines) + "\n"

    def to_markdown(
        self,
        *,
        title: str | None = None,
        level: int = 2,
        summary: bool = False,
        collapsible: bool = False,
        intro: str | None = None,
    ) -> str:
        """A Markdown section for a data changelog.

        *title* defaults to "Data changes in NEW_VERSION (since OLD_VERSION)"; *level* is the heading level
        of the section (tables get the next level). *intro* is a paragraph placed under the heading. With
        *summary*, a table of the records added, removed and changed in each table follows the totals.
        With *collapsible*, each table's list is an HTML ``<details>`` element, closed until the reader
        opens it, instead of a section of its own: the form for a first release of hundreds of records.
        Text from the data is escaped, so that it shows as written.
        """
        heading = "#" * level
        if title is None:
            title = f"Data changes in {self.new_version or self.new} (since {self.old_version or self.old})"
        counts = self.counts()
        lines = [f"{heading} {title}", ""]
        if intro:
            lines.extend([intro, ""])
        if self.is_empty:
            lines.append("No records changed.")
            return "\n".join(lines) + "\n"
        lines.append(
            f"{_plural(counts['added'], 'record')} added, {counts['removed']} removed, {counts['changed']} changed."
        )
        changed_tables = [table for table in self.tables if not table.is_empty]
        if summary:
            lines.extend(["", *_summary_table(changed_tables)])
        for table in changed_tables:
            entries = _markdown_entries(table)
            if collapsible:
                lines.extend(
                    ["", "<details>", f"<summary>{_summary_line(table)}</summary>", "", *entries, "", "</details>"]
                )
            else:
                lines.extend(["", f"{heading}# `{table.table}`", "", *entries])
        return "\n".join(lines) + "\n"


def _markdown_entries(table: TableDiff) -> list[str]:
    lines = [f"- {note[0].upper()}{note[1:]}." for note in _table_notes(table)]
    lines.extend(f"- Added {_code(_key(entry.key))}{_escaped(_suffix(entry.label))}" for entry in table.added)
    lines.extend(f"- Removed {_code(_key(entry.key))}{_escaped(_suffix(entry.label))}" for entry in table.removed)
    for change in table.changed:
        details = "; ".join(
            "{} {} → {}".format(_code(item.field), *map(_code_or_empty, _differing(item.old, item.new)))
            for item in change.changes
        )
        lines.append(f"- Changed {_code(_key(change.key))}: {details}")
    return lines


def _summary_table(tables: Sequence[TableDiff]) -> list[str]:
    """A table of the counts of each table; a kind of change that no table has gets no column."""
    kinds = [
        (name, counted)
        for name, counted in (("Added", "added"), ("Removed", "removed"), ("Changed", "changed"))
        if any(getattr(table, counted) for table in tables)
    ]
    lines = [
        "| Table | " + " | ".join(name for name, _ in kinds) + " |",
        "| :-- | " + " | ".join("--:" for _ in kinds) + " |",
    ]
    lines.extend(
        f"| `{table.table}` | " + " | ".join(str(len(getattr(table, counted))) for _, counted in kinds) + " |"
        for table in tables
    )
    return lines


def _summary_line(table: TableDiff) -> str:
    counts = [
        f"{len(entries)} {kind}"
        for kind, entries in (("added", table.added), ("removed", table.removed), ("changed", table.changed))
        if entries
    ]
    text = "; ".join([", ".join(counts), *_table_notes(table)] if counts else _table_notes(table))
    return f"<code>{html.escape(table.table)}</code>: {html.escape(text)}"


_MARKDOWN_SPECIAL = re.compile(r"([\\*_\[\]<>&{}|])")


def _escaped(text: str) -> str:
    """*text* with the characters Markdown (or MyST) would read as markup escaped, outside code spans.

    Backticks in pairs keep making code spans, as the labels of the data mean them to; a lone backtick is
    escaped with the rest.
    """
    if text.count("`") % 2:
        return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("`", "\\`")
    parts = text.split("`")
    return "`".join(part if index % 2 else _MARKDOWN_SPECIAL.sub(r"\\\1", part) for index, part in enumerate(parts))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _table_notes(table: TableDiff) -> list[str]:
    notes = []
    if table.table_added:
        notes.append("new table")
    if table.table_removed:
        notes.append("table removed")
    if table.columns_added:
        notes.append("new column(s): " + ", ".join(table.columns_added))
    if table.columns_removed:
        notes.append("column(s) removed: " + ", ".join(table.columns_removed))
    return notes


def _key(key: Sequence[str]) -> str:
    return " / ".join(escape_invisible(part) for part in key)


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHORT else flat[: _SHORT - 1] + "…"


def _short(text: str) -> str:
    return escape_invisible(_cut(text))


def _suffix(label: str | None) -> str:
    return "" if label is None else f" — {_short(label)}"


def _differing(old: str | None, new: str | None) -> tuple[str | None, str | None]:
    """*old* and *new*, flattened, and cut to the part where they differ when either is too long to show.

    Two long values that differ only after their first words would otherwise show as the same text.
    """
    if old is None or new is None:
        return old, new
    old, new = " ".join(old.split()), " ".join(new.split())
    if len(old) <= _SHORT and len(new) <= _SHORT:
        return old, new
    common = next((index for index, pair in enumerate(zip(old, new, strict=False)) if pair[0] != pair[1]), None)
    if common is None:
        common = min(len(old), len(new))
    start = max(0, common - _SHORT // 4)
    space = old.rfind(" ", max(0, start - _SHORT // 4), start)
    if start and space > 0:
        start = space + 1
    if not start:
        return old, new
    return "…" + old[start:], "…" + new[start:]


def _show(value: str | None) -> str:
    return "(empty)" if value is None else repr(_cut(value))  # repr escapes what is not printable


def _code(text: str) -> str:
    fence = "`"
    while fence in text:
        fence += "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _code_or_empty(value: str | None) -> str:
    return "(empty)" if value is None else _code(_short(value))


# --- reading a version -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    primary_key: tuple[str, ...]
    columns: tuple[str, ...]
    rows: dict[tuple[str, ...], Row]


@dataclass(frozen=True, slots=True)
class _Version:
    source: str
    version: str | None
    tables: dict[str, _Table]


def _descriptor_of(root: Path) -> dict[str, Any]:
    path = root / DESCRIPTOR_NAME
    try:
        document, _ = read_descriptor(path)
    except FileNotFoundError:
        raise FileNotFoundError(f"no {DESCRIPTOR_NAME} at {path}") from None
    except DescriptorError as error:
        raise ValueError(f"{path}: {error.message}") from None
    if not isinstance(document.get("resources"), list):
        raise ValueError(f"{path} has no list of resources")  # noqa: TRY004  (bad file content, not a bad argument)
    return document


def _read_table(root: Path, resource: Mapping[str, Any]) -> _Table:
    name = str(resource["name"])
    unsafe = resource_path_problem(resource["path"]) or file_problem(root, str(resource["path"]))
    if unsafe is not None:
        raise ValueError(f"{root / DESCRIPTOR_NAME}: the path of resource {shown(name)} {unsafe}")
    path = root / str(resource["path"])
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    schema = resource.get("schema") or {}
    declared = schema.get("primaryKey") or []
    primary_key = tuple([declared] if isinstance(declared, str) else declared)
    rows: dict[tuple[str, ...], Row] = {}
    for cells in reader:
        if not cells:
            continue
        row: Row = {column: (cell or None) for column, cell in zip(header, cells, strict=False)}
        key = tuple(row.get(column) or "" for column in primary_key) if primary_key else tuple(cells)
        rows[key] = row
    return _Table(name, primary_key, tuple(header), rows)


def _read_version(root: Path, source: str) -> _Version:
    descriptor = _descriptor_of(root)
    tables = {}
    for resource in descriptor["resources"]:
        if isinstance(resource, dict) and "name" in resource and "path" in resource:
            table = _read_table(root, resource)
            tables[table.name] = table
    version = descriptor.get("version")
    return _Version(source, version if isinstance(version, str) else None, tables)


def _root_of(version: str | os.PathLike[str] | Dataset) -> tuple[Path, str]:
    root = getattr(version, "root", None)
    if isinstance(root, Path):
        return root, str(root)
    path = Path(version)  # type: ignore[arg-type]
    if path.is_file() and path.name == DESCRIPTOR_NAME:
        return path.parent, str(path)
    if path.is_dir() and not (path / DESCRIPTOR_NAME).is_file() and (path / "datapackage" / DESCRIPTOR_NAME).is_file():
        return path / "datapackage", str(path)
    return path, str(path)


# --- comparing -------------------------------------------------------------------------------------


def _label(row: Row) -> str | None:
    for name in _LABEL_FIELDS:
        value = row.get(name)
        if value:
            return value
    return None


def _compare_table(old: _Table | None, new: _Table | None) -> TableDiff:
    name = (new or old).name  # type: ignore[union-attr]
    if old is None or new is None:
        present = new or old
        assert present is not None  # noqa: S101  (one side is present)
        entries = tuple(RecordEntry(key, _label(row), row) for key, row in present.rows.items())
        if old is None:
            return TableDiff(name, present.primary_key, added=entries, table_added=True)
        return TableDiff(name, present.primary_key, removed=entries, table_removed=True)
    columns = list(new.columns) + [column for column in old.columns if column not in new.columns]
    added = tuple(RecordEntry(key, _label(row), row) for key, row in new.rows.items() if key not in old.rows)
    removed = tuple(RecordEntry(key, _label(row), row) for key, row in old.rows.items() if key not in new.rows)
    changed = []
    for key, row in new.rows.items():
        before = old.rows.get(key)
        if before is None:
            continue
        changes = tuple(
            FieldChange(column, before.get(column), row.get(column))
            for column in columns
            if before.get(column) != row.get(column)
        )
        if changes:
            changed.append(RecordChange(key, _label(row), changes))
    return TableDiff(
        name,
        new.primary_key,
        added=added,
        removed=removed,
        changed=tuple(changed),
        columns_added=tuple(column for column in new.columns if column not in old.columns),
        columns_removed=tuple(column for column in old.columns if column not in new.columns),
    )


def _compare(old: _Version, new: _Version) -> PackageDiff:
    names = list(new.tables) + [name for name in old.tables if name not in new.tables]
    tables = tuple(_compare_table(old.tables.get(name), new.tables.get(name)) for name in names)
    return PackageDiff(old.source, new.source, old.version, new.version, tables)


def diff_packages(
    old: str | os.PathLike[str] | Dataset,
    new: str | os.PathLike[str] | Dataset,
) -> PackageDiff:
    """The differences between two package versions, each a folder, a ``datapackage.json`` or a Dataset.

    A folder holding a ``datapackage/`` folder (a repository checkout) stands for that package.
    """
    old_root, old_source = _root_of(old)
    new_root, new_source = _root_of(new)
    return _compare(_read_version(old_root, old_source), _read_version(new_root, new_source))


# --- git revisions ---------------------------------------------------------------------------------


def _git(repository: Path, *arguments: str) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise RevisionError("git is not installed; compare two package folders instead")
    completed = subprocess.run(  # noqa: S603  (a fixed program with arguments checked by the caller)
        [git, "-C", str(repository), *arguments], capture_output=True, check=False
    )
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {' '.join(arguments)} failed")
    return completed.stdout


def _repository_root(repository: str | os.PathLike[str] | None) -> Path:
    start = Path.cwd() if repository is None else Path(repository)
    try:
        top = _git(start, "rev-parse", "--show-toplevel")
    except RevisionError:
        raise RevisionError(f"{start} is not inside a git repository") from None
    return Path(top.decode("utf-8").strip())


def _resolve(root: Path, revision: str) -> str:
    """The commit *revision* names: a git revision, or a release recorded in ``releases.toml``."""

    def commit_of(name: str) -> str | None:
        try:
            found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
        except RevisionError:
            return None
        return found.decode("ascii").strip()

    resolved = commit_of(revision)
    if resolved is not None:
        return resolved
    try:
        recorded = release_commit(root, revision)
    except ReleasesError as error:
        raise RevisionError(str(error)) from None
    if recorded is None:
        raise RevisionError(f"{revision!r} is not a revision of the repository at {root}")
    resolved = commit_of(recorded)
    if resolved is None:
        raise RevisionError(
            f"{revision!r} is release commit {recorded} ({RELEASES_FILE}), which is not in this clone; "
            "fetch it with `git fetch --tags` from the repository it came from"
        )
    return resolved


@contextlib.contextmanager
def package_at_revision(
    revision: str,
    *,
    repository: str | os.PathLike[str] | None = None,
    package_dir: str = "datapackage",
) -> Iterator[Path]:
    """Yield a temporary folder holding the package as it was at *revision* of *repository*.

    *repository* defaults to the repository holding the current folder; *package_dir* is the package's
    folder inside it. *revision* is any git revision, or the tag of a release recorded in ``releases.toml``
    (which a clone without tags still resolves). Raises :class:`RevisionError` when the revision or the
    package cannot be read.
    """
    if not revision or revision.startswith("-"):
        raise RevisionError(f"{revision!r} is not a git revision")
    root = _repository_root(repository)
    commit_id = _resolve(root, revision)
    listing = _git(root, "ls-tree", "-r", "-z", "--name-only", commit_id, "--", package_dir)
    names = [name for name in listing.decode("utf-8").split("\0") if name]
    if f"{package_dir}/{DESCRIPTOR_NAME}" not in names:
        raise RevisionError(f"revision {revision!r} has no {package_dir}/{DESCRIPTOR_NAME}")
    with tempfile.TemporaryDirectory(prefix="proscribed-diff-") as folder:
        target = Path(folder)
        for name in names:
            relative = PurePosixPath(name).relative_to(package_dir)
            destination = target.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(_git(root, "show", f"{commit_id}:{name}"))
        yield target


def diff_revisions(
    old: str,
    new: str,
    *,
    repository: str | os.PathLike[str] | None = None,
    package_dir: str = "datapackage",
) -> PackageDiff:
    """The differences between the package at two git revisions of *repository*.

    *repository* defaults to the git repository holding the current folder; *package_dir* is the
    package's folder inside it. Nothing is fetched: both revisions must be in the local repository.
    """
    with (
        package_at_revision(old, repository=repository, package_dir=package_dir) as old_root,
        package_at_revision(new, repository=repository, package_dir=package_dir) as new_root,
    ):
        return _compare(_read_version(old_root, old), _read_version(new_root, new))


@contextlib.contextmanager
def package_version(
    spec: str | os.PathLike[str],
    *,
    repository: str | os.PathLike[str] | None = None,
    package_dir: str = "datapackage",
) -> Iterator[Path]:
    """Yield the package folder *spec* names: an existing path as it is, else the package at that git revision.

    A path may name the package folder, its ``datapackage.json``, or a checkout holding ``datapackage/``.
    Raises :class:`FileNotFoundError` for a path without a package and :class:`RevisionError` for anything
    else that is not a readable revision.
    """
    path = Path(spec)
    if path.exists():
        root, _ = _root_of(path)
        if not (root / DESCRIPTOR_NAME).is_file():
            raise FileNotFoundError(f"{spec} holds no {DESCRIPTOR_NAME}")
        yield root
        return
    try:
        with package_at_revision(str(spec), repository=repository, package_dir=package_dir) as root:
            yield root
    except RevisionError as error:
        raise RevisionError(f"{str(spec)!r} is neither a package path nor a readable git revision: {error}") from None


def diff_versions(
    old: str | os.PathLike[str],
    new: str | os.PathLike[str],
    *,
    repository: str | os.PathLike[str] | None = None,
    package_dir: str = "datapackage",
) -> PackageDiff:
    """The differences between two versions, each a package path or a git revision (see :func:`package_version`)."""
    with (
        package_version(old, repository=repository, package_dir=package_dir) as old_root,
        package_version(new, repository=repository, package_dir=package_dir) as new_root,
    ):
        return _compare(_read_version(old_root, str(old)), _read_version(new_root, str(new)))


def data_changelog(  # noqa: PLR0913  (keywords passed through)
    old: str | os.PathLike[str],
    new: str | os.PathLike[str],
    *,
    title: str | None = None,
    level: int = 2,
    repository: str | os.PathLike[str] | None = None,
    package_dir: str = "datapackage",
    summary: bool = False,
    collapsible: bool = False,
    intro: str | None = None,
) -> str:
    """The Markdown section of the data changelog between two versions (package paths or git revisions).

    For a release, *old* is the previous release's tag and *new* this release's tag (or ``HEAD``); *title*
    defaults to "Data changes in NEW_VERSION (since OLD_VERSION)" and *level* is its heading level.
    *summary*, *collapsible* and *intro* shape the section as :meth:`PackageDiff.to_markdown` describes.
    """
    result = diff_versions(old, new, repository=repository, package_dir=package_dir)
    return result.to_markdown(title=title, level=level, summary=summary, collapsible=collapsible, intro=intro)
