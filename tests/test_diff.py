import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import proscribed
from proscribed import PackageDiff, diff_packages, diff_revisions
from proscribed._cli import main
from proscribed._data._diff import FieldChange, RevisionError, package_at_revision

from .fixtures_query.package import Row, cite, rich_tables, write_package

NEW_STATEMENT: Row = {
    "statement_id": "stmt-20250601-anna-a-new",
    "speaker_id": "per-a",
    "date": "2025-06-01",
    "date_basis": "spoken",
    "setting": "briefing",
    "quote": "Something `new`.",
    "quote_lang": "en",
    "quote_type": "direct",
    "quote_source_id": "src-a",
    "subject_id": "org-x",
    "stance": "favor",
    "stance_topic": "general",
    "verification": "confirmed",
}


def changed_tables() -> dict[str, list[Row]]:
    tables = rich_tables()
    tables["statements"].append(NEW_STATEMENT)
    tables["citations"].append(cite(NEW_STATEMENT["statement_id"], excerpt="She said: Something `new`."))
    tables["aliases"] = [alias for alias in tables["aliases"] if alias["alias"] != "X-X"]
    suspension = next(row for row in tables["designations"] if row["designation_id"] == "des-ru-2025-x-suspend")
    suspension["verification"] = "partial"
    suspension["verification_note"] = "One report dates it to 17 April."
    tables["actors"][0]["name"] = "Group X (renamed)"
    return tables


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    return write_package(tmp_path / "old", rich_tables()), write_package(tmp_path / "new", changed_tables())


def test_records_added_removed_and_changed(versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = diff_packages(old, new)
    assert (result.old_version, result.new_version) == ("0.1.0", "0.1.0")
    assert result.counts() == {"added": 2, "removed": 1, "changed": 2}
    statements = result.table("statements")
    assert [entry.key for entry in statements.added] == [("stmt-20250601-anna-a-new",)]
    assert statements.added[0].row["quote"] == "Something `new`."
    citations = result.table("citations")
    assert [entry.key for entry in citations.added] == [("stmt-20250601-anna-a-new", "src-a")]
    aliases = result.table("aliases")
    assert [entry.key for entry in aliases.removed] == [("org-x", "X-X")]
    [designation] = result.table("designations").changed
    assert designation.key == ("des-ru-2025-x-suspend",)
    assert designation.changes == (
        FieldChange("verification", "disputed", "partial"),
        FieldChange("verification_note", "One report says it took effect at once.", "One report dates it to 17 April."),
    )
    [actor] = result.table("actors").changed
    assert (actor.key, actor.fields, actor.label) == (("org-x",), ("name",), "Group X (renamed)")
    assert result.table("events").is_empty
    assert not result.is_empty


def test_the_same_package_has_no_differences(versions: tuple[Path, Path]) -> None:
    old, _ = versions
    result = diff_packages(old, old / "datapackage.json")
    assert result.is_empty
    assert result.counts() == {"added": 0, "removed": 0, "changed": 0}
    assert result.to_text().endswith("no differences\n")
    assert "No records changed." in result.to_markdown()
    assert result.to_dict()["tables"] == []


def test_datasets_and_checkouts_are_accepted(versions: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = versions
    checkout = tmp_path / "checkout"
    shutil.copytree(new, checkout / "datapackage")
    assert diff_packages(proscribed.load(old), checkout).counts() == diff_packages(old, new).counts()


def test_text_rendering(versions: tuple[Path, Path]) -> None:
    text = diff_packages(*versions).to_text()
    assert "2 added, 1 removed, 2 changed" in text
    assert "\nstatements\n  + stmt-20250601-anna-a-new — Something `new`.\n" in text
    assert "  - org-x / X-X — X-X\n" in text
    assert "  ~ des-ru-2025-x-suspend: verification, verification_note\n" in text
    assert "      verification: 'disputed' → 'partial'\n" in text


def test_markdown_rendering_for_the_data_changelog(versions: tuple[Path, Path]) -> None:
    markdown = diff_packages(*versions).to_markdown(title="Data changes in 0.2.0", level=3)
    lines = markdown.splitlines()
    assert lines[0] == "### Data changes in 0.2.0"
    assert "2 records added, 1 removed, 2 changed." in lines
    assert "#### `designations`" in lines
    assert (
        "- Changed `des-ru-2025-x-suspend`: `verification` `disputed` → `partial`; "
        "`verification_note` `One report says it took effect at once.` → `One report dates it to 17 April.`"
    ) in lines
    assert "- Added `stmt-20250601-anna-a-new` — Something `new`." in lines
    assert "- Removed `org-x / X-X` — X-X" in lines
    default = diff_packages(*versions).to_markdown()
    assert default.startswith("## Data changes in 0.1.0 (since 0.1.0)\n")


def test_values_with_backticks_stay_code_in_markdown(tmp_path: Path) -> None:
    old_tables, new_tables = rich_tables(), rich_tables()
    new_tables["actors"][0]["description"] = "Uses `ticks`"
    result = diff_packages(write_package(tmp_path / "a", old_tables), write_package(tmp_path / "b", new_tables))
    assert "`description` (empty) → `` Uses `ticks` ``" in result.to_markdown()


def test_markdown_with_a_summary_and_collapsible_tables(versions: tuple[Path, Path]) -> None:
    result = diff_packages(*versions)
    markdown = result.to_markdown(title="0.2.0", level=3, summary=True, collapsible=True, intro="Since 0.1.0.")
    lines = markdown.splitlines()
    assert lines[:5] == ["### 0.2.0", "", "Since 0.1.0.", "", "2 records added, 1 removed, 2 changed."]
    assert "| Table | Added | Removed | Changed |" in lines
    assert "| `aliases` | 0 | 1 | 0 |" in lines
    assert "| `designations` | 0 | 0 | 1 |" in lines
    assert sum(line.startswith("| `") for line in lines) == 5
    assert not any(line.startswith("####") for line in lines)
    assert markdown.count("<details>\n<summary>") == markdown.count("</details>") == 5
    assert "<summary><code>statements</code>: 1 added</summary>" in lines
    assert "<summary><code>designations</code>: 1 changed</summary>" in lines
    assert "- Added `stmt-20250601-anna-a-new` — Something `new`." in lines
    assert result.to_markdown(summary=True, collapsible=True).startswith(result.to_markdown().split("\n\n")[0])


def test_summary_leaves_out_kinds_of_change_that_no_table_has(tmp_path: Path) -> None:
    old_tables, new_tables = rich_tables(), rich_tables()
    new_tables["actors"][0]["name"] = "Renamed"
    result = diff_packages(write_package(tmp_path / "a", old_tables), write_package(tmp_path / "b", new_tables))
    lines = result.to_markdown(summary=True).splitlines()
    assert "| Table | Changed |" in lines
    assert "| `actors` | 1 |" in lines


def test_text_from_the_data_is_escaped_in_markdown(tmp_path: Path) -> None:
    new_tables = rich_tables()
    titles = ["«Талибан»* <b>banned</b> [1] & {x}_y_ `a_b`", "A lone ` backtick_"]
    for number, title in enumerate(titles):
        new_tables["sources"].append({**new_tables["sources"][0], "source_id": f"src-new-{number}", "title": title})
    result = diff_packages(write_package(tmp_path / "a", rich_tables()), write_package(tmp_path / "b", new_tables))
    lines = result.to_markdown().splitlines()
    assert "- Added `src-new-0` — «Талибан»\\* \\<b\\>banned\\</b\\> \\[1\\] \\& \\{x\\}\\_y\\_ `a_b`" in lines
    assert "- Added `src-new-1` — A lone \\` backtick\\_" in lines


def test_control_and_direction_characters_are_shown_as_escapes(tmp_path: Path) -> None:
    new_tables = rich_tables()
    hostile = "\x1b[2J\u202eevil"
    new_tables["sources"].append({**new_tables["sources"][0], "source_id": f"src-{hostile}", "title": hostile})
    old_tables = rich_tables()
    old_tables["actors"][0]["name"], new_tables["actors"][0]["name"] = "Plain", f"Plain{hostile}"
    result = diff_packages(write_package(tmp_path / "a", old_tables), write_package(tmp_path / "b", new_tables))
    for rendering in (result.to_text(), result.to_markdown()):
        assert "\x1b" not in rendering
        assert "\u202e" not in rendering
    text = result.to_text()
    assert "  + src-\\u001b[2J\\u202eevil — \\u001b[2J\\u202eevil" in text.splitlines()
    assert "name: 'Plain' → 'Plain\\x1b[2J\\u202eevil'" in text


def test_long_values_show_where_they_differ(tmp_path: Path) -> None:
    start = "A long note that says the same thing for many words, so that its first eighty characters agree"
    old_tables, new_tables = rich_tables(), rich_tables()
    old_tables["actors"][0]["description"] = start + ", and then it ends one way."
    new_tables["actors"][0]["description"] = start + ", and then it ends another way."
    result = diff_packages(write_package(tmp_path / "a", old_tables), write_package(tmp_path / "b", new_tables))
    shown = "`description` `…agree, and then it ends one way.` → `…agree, and then it ends another way.`"
    assert shown in result.to_markdown()
    assert (
        "description: '…agree, and then it ends one way.' → '…agree, and then it ends another way.'" in result.to_text()
    )


def test_json_rendering(versions: tuple[Path, Path]) -> None:
    document = json.loads(diff_packages(*versions).to_json())
    assert document["counts"] == {"added": 2, "removed": 1, "changed": 2}
    tables = {table["table"]: table for table in document["tables"]}
    assert set(tables) == {"actors", "aliases", "statements", "designations", "citations"}
    [change] = tables["designations"]["changed"]
    assert change == {
        "key": ["des-ru-2025-x-suspend"],
        "fields": ["verification", "verification_note"],
        "changes": {
            "verification_note": {
                "old": "One report says it took effect at once.",
                "new": "One report dates it to 17 April.",
            },
            "verification": {"old": "disputed", "new": "partial"},
        },
    }
    assert tables["aliases"]["removed"][0]["record"] == {
        "actor_id": "org-x",
        "alias": "X-X",
        "lang": "en",
        "alias_type": "abbreviation",
        "designation_id": None,
    }


def edit_descriptor(root: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = root / "datapackage.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_schema_change_is_reported(versions: tuple[Path, Path]) -> None:
    old, new = versions
    roles = old / "data" / "roles.csv"
    header, *rows = roles.read_text(encoding="utf-8").splitlines()
    roles.write_text("\n".join([header.removesuffix(",note"), *(row.removesuffix(",") for row in rows)]) + "\n")

    def drop_note_and_events(document: dict[str, Any]) -> None:
        for resource in document["resources"]:
            if resource["name"] == "roles":
                resource["schema"]["fields"] = [f for f in resource["schema"]["fields"] if f["name"] != "note"]
        document["resources"] = [r for r in document["resources"] if r["name"] != "events"]

    edit_descriptor(old, drop_note_and_events)
    result = diff_packages(old, new)
    assert result.table("roles").columns_added == ("note",)
    assert result.table("roles").changed == ()
    events = result.table("events")
    assert events.table_added
    assert len(events.added) == 3
    assert "- New table." in result.to_markdown()
    assert "- New column(s): note." in result.to_markdown()
    reverse = diff_packages(new, old)
    assert reverse.table("roles").columns_removed == ("note",)
    assert reverse.table("events").table_removed
    assert len(reverse.table("events").removed) == 3


def test_unreadable_packages(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no datapackage\.json"):
        diff_packages(tmp_path, tmp_path)
    (tmp_path / "datapackage.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        diff_packages(tmp_path, tmp_path)


# --- git revisions -----------------------------------------------------------------------------------


def git(repository: Path, *arguments: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    completed = subprocess.run(
        [*command, "-C", str(repository), *arguments], capture_output=True, text=True, check=True
    )
    return completed.stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repository"
    root.mkdir()
    git(root, "init", "-q")
    write_package(root / "datapackage", rich_tables())
    (root / "README").write_text("x\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    git(root, "tag", "v1")
    shutil.rmtree(root / "datapackage")
    write_package(root / "datapackage", changed_tables())
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "second")
    git(root, "tag", "v2")
    return root


def test_diff_between_revisions(repository: Path, versions: tuple[Path, Path]) -> None:
    result = diff_revisions("v1", "v2", repository=repository)
    assert (result.old, result.new) == ("v1", "v2")
    expected = diff_packages(*versions)
    assert result.tables == expected.tables
    assert result.to_markdown() == expected.to_markdown()


def test_a_revision_is_read_byte_for_byte(repository: Path) -> None:
    with package_at_revision("v2", repository=repository) as root:
        files = sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file())
        checkout = repository / "datapackage"
        assert files == sorted(path.relative_to(checkout) for path in checkout.rglob("*") if path.is_file())
        for name in files:
            assert (root / name).read_bytes() == (repository / "datapackage" / name).read_bytes()
        assert proscribed.load(root).counts()["statements"] == 4
    assert not root.exists()


@pytest.mark.parametrize(
    ("revision", "message"),
    [
        ("v9", "'v9' is not a revision"),
        ("--all", "not a git revision"),
        ("", "not a git revision"),
    ],
)
def test_bad_revisions(repository: Path, revision: str, message: str) -> None:
    with pytest.raises(RevisionError, match=message), package_at_revision(revision, repository=repository):
        pass


def _record_release(repository: Path, version: str, commit: str, date: str = "2026-12-02") -> None:
    with (repository / "releases.toml").open("a", encoding="utf-8") as stream:
        stream.write(f'[[release]]\nversion = "{version}"\ndate = {date}\ncommit = "{commit}"\n\n')


def test_a_release_recorded_in_releases_toml_needs_no_tag(repository: Path) -> None:
    commit = git(repository, "rev-parse", "v1").strip()
    git(repository, "tag", "-d", "v1")
    with pytest.raises(RevisionError, match=r"'v0\.1\.0' is not a revision"):
        diff_revisions("v0.1.0", "v2", repository=repository)
    _record_release(repository, "0.1.0", commit)
    assert (
        diff_revisions("v0.1.0", "v2", repository=repository).tables
        == diff_revisions(commit, "v2", repository=repository).tables
    )


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ('[[release]]\nversion = "0.1"\ndate = 2026-12-02\ncommit = "' + "a" * 40 + '"\n', "version must be X.Y.Z"),
        ('[[release]]\nversion = "0.1.0"\ndate = "yesterday"\ncommit = "' + "a" * 40 + '"\n', "date must be"),
        ('[[release]]\nversion = "0.1.0"\ndate = 2026-12-02\ncommit = "abc"\n', "full 40-character hash"),
        ("[[release]\n", "not TOML"),
        ('[[release]]\nversion = "0.1.0"\ndate = 2026-12-02\ncommit = "' + "a" * 40 + '"\n', "not in this clone"),
    ],
)
def test_a_broken_record_of_releases_is_named(repository: Path, record: str, message: str) -> None:
    (repository / "releases.toml").write_text(record, encoding="utf-8")
    with pytest.raises(RevisionError, match=message):
        diff_revisions("v0.1.0", "v2", repository=repository)


def test_a_revision_without_a_package(repository: Path) -> None:
    with pytest.raises(RevisionError, match=r"has no elsewhere/datapackage\.json"):
        diff_revisions("v1", "v2", repository=repository, package_dir="elsewhere")


def test_a_folder_outside_git(tmp_path: Path) -> None:
    with pytest.raises(RevisionError, match="not inside a git repository"):
        diff_revisions("v1", "v2", repository=tmp_path)


# --- the command -------------------------------------------------------------------------------------


def test_diff_command_between_paths(runner: CliRunner, versions: tuple[Path, Path]) -> None:
    old, new = versions
    for fmt, expected in (
        ("text", diff_packages(old, new).to_text()),
        ("json", diff_packages(old, new).to_json()),
        ("markdown", diff_packages(old, new).to_markdown()),
    ):
        result = runner.invoke(main, ["diff", str(old), str(new), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert result.output == expected


def test_diff_command_between_revisions_and_paths(
    runner: CliRunner, repository: Path, versions: tuple[Path, Path]
) -> None:
    arguments = ["diff", "v1", "v2", "--repository", str(repository), "--format", "markdown", "--title", "Changes"]
    result = runner.invoke(main, arguments)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## Changes\n")
    assert "- Changed `des-ru-2025-x-suspend`" in result.output
    mixed = runner.invoke(main, ["diff", "v1", str(versions[1]), "--repository", str(repository)])
    assert mixed.exit_code == 0
    assert "2 added, 1 removed, 2 changed" in mixed.output


def test_diff_command_errors(runner: CliRunner, repository: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["diff", "v1", "nope", "--repository", str(repository)])
    assert result.exit_code == 2
    assert "'nope' is neither a package path nor a readable git revision" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(main, ["diff", str(empty), "v1", "--repository", str(repository)])
    assert result.exit_code == 2
    assert "holds no datapackage.json" in result.output
    assert "Traceback" not in result.output


def test_the_diff_is_a_public_name() -> None:
    assert proscribed.PackageDiff is PackageDiff


def test_data_changelog_section_from_revisions_or_paths(repository: Path, versions: tuple[Path, Path]) -> None:
    from proscribed._data._diff import data_changelog

    from_revisions = data_changelog("v1", "v2", repository=repository, title="Data changes in 0.2.0")
    from_paths = data_changelog(versions[0], versions[1], title="Data changes in 0.2.0")
    assert from_revisions == from_paths
    assert from_revisions.startswith("## Data changes in 0.2.0\n\n2 records added, 1 removed, 2 changed.\n")
    checkout = data_changelog("v1", repository, repository=repository, level=3)
    assert checkout.startswith("### Data changes in 0.1.0 (since 0.1.0)\n")
    assert "- Changed `des-ru-2025-x-suspend`" in checkout
