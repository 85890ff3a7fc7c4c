"""The documentation's Sphinx extensions (docs/_ext), tested as functions, without building a site."""

import copy
import datetime
import importlib
import os
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest

import proscribed
from proscribed import PackageDiff, diff_revisions
from proscribed._data._diff import diff_versions
from proscribed._schema._tables import TABLES
from proscribed._schema._types import CITABLE_PREFIXES

from .conftest import REPOSITORY
from .fixtures_query.package import Row, act, rich_tables, write_package

EXTENSIONS = REPOSITORY / "docs" / "_ext"


def _extension(name: str) -> ModuleType:
    if str(EXTENSIONS) not in sys.path:
        sys.path.insert(0, str(EXTENSIONS))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def schema_model() -> ModuleType:
    return _extension("schema_model")


@pytest.fixture(scope="module")
def er_diagram() -> ModuleType:
    return _extension("er_diagram")


# The schema model: what the reference says about each table and column.


def test_every_table_is_documented_with_its_columns_in_file_order(schema_model: ModuleType) -> None:
    documents = schema_model.table_docs()
    assert [document.name for document in documents] == [table.name for table in TABLES]
    for document, table in zip(documents, TABLES, strict=True):
        assert tuple(field.name for field in document.fields) == table.columns
        assert document.model_name == table.model.__name__
        assert all(field.description for field in document.fields)


def test_links_are_the_registry_foreign_keys(schema_model: ModuleType) -> None:
    for document, table in zip(schema_model.table_docs(), TABLES, strict=True):
        plain = {
            (field.name, link.table, link.field)
            for field in document.fields
            for link in field.links
            if not link.by_prefix
        }
        assert plain == {(key.field, key.table, key.target_field) for key in table.foreign_keys}


def test_citations_point_into_every_citable_table_by_prefix(schema_model: ModuleType) -> None:
    citations = next(document for document in schema_model.table_docs() if document.name == "citations")
    record_id = next(field for field in citations.fields if field.name == "record_id")
    by_table = {link.table: set(link.prefixes) for link in record_id.links}
    expected: dict[str, set[str]] = {}
    for prefix, table in CITABLE_PREFIXES.items():
        expected.setdefault(table, set()).add(prefix)
    assert by_table == expected
    assert all(link.by_prefix for link in record_id.links)


def test_referenced_by_is_the_inverse_of_the_links(schema_model: ModuleType) -> None:
    documents = schema_model.table_docs()
    incoming = {
        (document.name, field.name, link.table)
        for document in documents
        for field in document.fields
        for link in field.links
    }
    listed = {(source, column, document.name) for document in documents for source, column in document.referenced_by}
    assert listed == incoming


def test_vocabulary_columns_carry_their_vocabulary(schema_model: ModuleType) -> None:
    designations = next(document for document in schema_model.table_docs() if document.name == "designations")
    action = next(field for field in designations.fields if field.name == "action")
    assert action.vocabulary is proscribed.Action
    assert action.type_label == "Action"
    assert ("designations", "action") in schema_model.vocabulary_users(proscribed.Action)
    used = {field.vocabulary for document in schema_model.table_docs() for field in document.fields} - {None}
    assert set(schema_model.vocabularies()) == used


def test_constraints_are_readable(schema_model: ModuleType) -> None:
    fields = {(document.name, field.name): field for document in schema_model.table_docs() for field in document.fields}
    assert fields["events", "fatalities"].constraints == ("at least 0",)
    assert fields["events", "fatalities"].type_label == "count"
    assert "not empty" in fields["actors", "name"].constraints
    jurisdiction = fields["instruments", "jurisdiction"]
    assert jurisdiction.type_label == "jurisdiction"
    assert any(re.fullmatch(r"one of \d+ codes", text) for text in jurisdiction.constraints)
    decision_date = fields["instruments", "decision_date"]
    assert "pattern: see EDTF date" in decision_date.constraints
    assert fields["actors", "wikidata_id"].constraints[0] == "unique"
    assert fields["designations", "designation_id"].key == "primary key"
    assert fields["citations", "source_id"].key == "part of the primary key"
    assert fields["designations", "designation_id"].required
    assert not fields["designations", "note"].required


def test_identifier_examples_match_their_patterns(schema_model: ModuleType) -> None:
    kinds = schema_model.identifier_types()
    checked = 0
    for document in schema_model.table_docs():
        for field in document.fields:
            if field.type_name in kinds:
                for example in field.examples:
                    assert re.fullmatch(kinds[field.type_name].pattern, example), (document.name, field.name)
                    checked += 1
    assert checked > 0


def test_identifier_types_name_their_table_and_prefixes(schema_model: ModuleType) -> None:
    kinds = schema_model.identifier_types()
    assert kinds["ActorId"].prefixes == ("per", "org", "state")
    assert kinds["ActorId"].table == "actors"
    assert kinds["CitableId"].table is None
    assert list(kinds)[-1] == "CitableId"


@pytest.fixture
def without_url_prose(schema_model: ModuleType, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delitem(schema_model.VALUE_TYPES, "Url")
    schema_model.table_docs.cache_clear()
    yield
    schema_model.table_docs.cache_clear()


@pytest.mark.usefixtures("without_url_prose")
def test_a_value_type_without_prose_fails_the_build(schema_model: ModuleType) -> None:
    with pytest.raises(schema_model.UndocumentedTypeError, match="'Url'"):
        schema_model.table_docs()


def test_anchors_are_stable(schema_model: ModuleType) -> None:
    assert schema_model.table_anchor("event_participants") == "table-event_participants"
    assert schema_model.field_anchor("event_participants", "role_id") == "field-event-participants-role-id"
    assert schema_model.type_anchor("PersonId") == "type-identifiers"
    assert schema_model.type_anchor("EdtfDate") == "type-edtfdate"
    assert schema_model.vocabulary_anchor(proscribed.Verification) == "vocabulary-verification"


def test_value_type_constraints_come_from_the_types(schema_model: ModuleType) -> None:
    assert "at most 60 characters" in schema_model.value_type_constraints("EdtfDate")
    assert any(text.startswith("pattern: Q") for text in schema_model.value_type_constraints("WikidataId"))
    assert schema_model.value_type_constraints("int") == ()


# The diagram.


def test_diagram_has_every_table_and_every_reference(er_diagram: ModuleType) -> None:
    dot = er_diagram.diagram_dot(lambda _label: None)
    for table in TABLES:
        assert f'"{table.name}" [label=<' in dot
        for key in table.foreign_keys:
            assert f'"{table.name}":"{key.field}":e -> "{key.table}":"{key.target_field}":w [style=solid' in dot
    dashed = re.findall(r'"citations":"record_id":e -> "(\w+)":"\w+":w \[style=dashed', dot)
    assert sorted(dashed) == sorted(set(CITABLE_PREFIXES.values()))


def test_diagram_renders_to_svg_with_links(er_diagram: ModuleType) -> None:
    svg = er_diagram.render_svg(er_diagram.diagram_dot(lambda label: f"schema.html#{label}"))
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg
    assert "<!--" not in svg
    for table in TABLES:
        assert f">{table.name}<" in svg
    assert 'href="schema.html#table-actors"' in svg
    assert 'href="schema.html#field-designations-related-designation-id"' in svg


# Offline inventories, the public API guard and the citation.


def test_local_inventories_are_readable_by_intersphinx() -> None:
    local_inventory = _extension("local_inventory")
    from sphinx.util.inventory import InventoryFile

    for inventory in local_inventory.INVENTORIES.values():
        content = local_inventory.inventory_bytes(inventory)
        header, _, compressed = content.partition(b"zlib.\n")
        assert header.startswith(b"# Sphinx inventory version 2")
        assert zlib.decompress(compressed)
        loaded = InventoryFile.loads(content, uri=inventory.base_url)
        for name, role, path in inventory.objects:
            assert loaded.data[role][name].uri == inventory.base_url + path


def test_private_paths_of_public_objects_resolve_to_public_names() -> None:
    public_api = _extension("public_api")
    assert public_api.public_target("proscribed._data._dataset.Dataset") == "proscribed.Dataset"
    assert public_api.public_target("proscribed._schema._models.actor.Actor") == "proscribed.Actor"
    assert public_api.public_target("proscribed._schema._models.actor.Actor.name") == "proscribed.Actor.name"
    assert public_api.public_target("proscribed._schema._models._base.Record") is None
    assert public_api.public_target("proscribed.Dataset") is None


def test_the_api_guard_names_missing_and_private_objects() -> None:
    public_api = _extension("public_api")
    documented = {f"proscribed.{name}" for name in proscribed.__all__} - {"proscribed.load"}
    documented |= {"proscribed._data._dataset.package_root", "proscribed.__version__"}
    missing, private = public_api.missing_public_names(documented)
    assert missing == ["load"]
    assert private == ["proscribed._data._dataset.package_root"]


def test_the_citation_names_the_release() -> None:
    dataset_citation = _extension("dataset_citation")
    assert proscribed.__version__ in dataset_citation.plain_citation()
    entry = dataset_citation.bibtex()
    assert entry.startswith("@misc{proscribed_")
    assert f"version = {{{proscribed.__version__}}}" in entry
    assert entry.count("{") == entry.count("}")


def test_inline_markup_makes_code_of_backticks() -> None:
    node_helpers = _extension("node_helpers")
    nodes = node_helpers.inline_markup("write `en`, not `eng`")
    assert [node.astext() for node in nodes] == ["write ", "en", ", not ", "eng"]
    assert [type(node).__name__ for node in nodes] == ["Text", "literal", "Text", "literal"]
    with pytest.raises(ValueError, match="unbalanced"):
        node_helpers.inline_markup("an `open code span")


def test_jurisdiction_names() -> None:
    data_summary = _extension("data_summary")
    assert data_summary.jurisdiction_name("UN").startswith("United Nations")
    assert data_summary.jurisdiction_name("KG") == "Kyrgyzstan"


# The timeline figure.

SVG = "{http://www.w3.org/2000/svg}"
TODAY = datetime.date(2026, 1, 1)


@pytest.fixture(scope="module")
def timeline() -> ModuleType:
    return _extension("timeline")


@pytest.fixture
def timeline_package(tmp_path: Path) -> proscribed.Dataset:
    designations = [
        *rich_tables()["designations"],
        act("des-kz-2005-x-list", "list", jurisdiction="KZ", decision_date="2005"),
        act("des-kz-2023-x-delist", "delist", jurisdiction="KZ", decision_date="2023-12-29",
            related_designation_id="des-kz-2005-x-list"),
    ]  # fmt: skip
    return proscribed.load(write_package(tmp_path / "package", {**rich_tables(), "designations": designations}))


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314  (the SVG is this project's own output)


def _rows(svg: str) -> dict[str, ElementTree.Element]:
    root = _parse(svg)
    return {
        group.attrib["data-jurisdiction"]: group
        for group in root.iter(f"{SVG}g")
        if "data-jurisdiction" in group.attrib
    }


def _bands(row: ElementTree.Element) -> list[set[str]]:
    return [
        set(rect.attrib["class"].split()) for rect in row.iter(f"{SVG}rect") if "band" in rect.attrib.get("class", "")
    ]


@pytest.mark.parametrize("layout", ["WIDE", "NARROW"])
def test_the_timeline_has_one_row_per_jurisdiction_of_the_shipped_data(timeline: ModuleType, layout: str) -> None:
    dataset = proscribed.load()
    rows = timeline.timeline_rows(dataset, "org-taliban", TODAY)
    svg = timeline.timeline_svg(
        rows, actor_name="Taliban", today=TODAY, element_id="t", layout=getattr(timeline, layout)
    )
    drawn = _rows(svg)
    expected = [entry.jurisdiction for entry in dataset.timeline("org-taliban")]
    assert len(drawn) == len(expected)
    assert set(drawn) == set(expected)
    root = _parse(svg)
    assert root.attrib["role"] == "img"
    assert "jurisdictions" in root.attrib["aria-label"]
    ticks = {act for group in root.iter(f"{SVG}g") for act in group.attrib.get("data-acts", "").split()}
    assert ticks == {act.designation_id for act in dataset.designations_of("org-taliban")}


def test_uncertain_periods_are_hatched(timeline: ModuleType, timeline_package: proscribed.Dataset) -> None:
    rows = timeline.timeline_rows(timeline_package, "org-x", TODAY)
    drawn = _rows(timeline.timeline_svg(rows, actor_name="Group X", today=TODAY, element_id="t"))
    kazakhstan = {(band.kind, band.start, band.end, band.uncertain) for band in rows[0].bands}
    assert kazakhstan == {
        ("listed", datetime.date(2005, 1, 1), datetime.date(2005, 12, 31), True),
        ("listed", datetime.date(2005, 12, 31), datetime.date(2023, 12, 29), False),
        ("delisted", datetime.date(2023, 12, 29), TODAY, False),
    }
    assert _bands(drawn["KZ"]).count({"band", "band-listed", "uncertain"}) == 1
    russia = next(row for row in rows if row.jurisdiction == "RU")
    [uncertain] = [band for band in russia.bands if band.uncertain]
    assert (uncertain.start, uncertain.end) == (datetime.date(2025, 4, 17), datetime.date(2025, 5, 20))
    assert {"band", "band-suspended"} in _bands(drawn["RU"])
    for row in rows:
        marked = sum("uncertain" in classes for classes in _bands(drawn[row.jurisdiction]))
        assert marked == sum(band.uncertain for band in (*row.bands, *row.associates))


def test_measures_on_associates_are_not_drawn_as_a_listing(
    timeline: ModuleType, timeline_package: proscribed.Dataset
) -> None:
    rows = timeline.timeline_rows(timeline_package, "org-x", TODAY)
    united_nations = next(row for row in rows if row.jurisdiction == "UN")
    assert [(band.kind, band.start, band.end) for band in united_nations.bands] == [
        ("not_listed", datetime.date(2011, 6, 1), TODAY)
    ]
    assert [(band.start, band.end, band.uncertain) for band in united_nations.associates] == [
        (datetime.date(2011, 6, 1), datetime.date(2011, 7, 1), True),
        (datetime.date(2011, 7, 1), TODAY, False),
    ]
    drawn = _rows(timeline.timeline_svg(rows, actor_name="Group X", today=TODAY, element_id="t"))
    classes = _bands(drawn["UN"])
    assert not any("band-listed" in band for band in classes)
    assert sum("band-associates" in band for band in classes) == 2
    assert not next(row for row in rows if row.jurisdiction == "RU").associates


def test_the_figure_has_a_caption_and_a_table_of_every_period(
    timeline: ModuleType, timeline_package: proscribed.Dataset
) -> None:
    figure = timeline.timeline_html(timeline_package, "org-x", TODAY)
    rows = timeline.timeline_rows(timeline_package, "org-x", TODAY)
    assert figure.startswith('<figure class="designation-timeline" id="timeline-org-x">')
    assert "<figcaption>Group X: designation status by jurisdiction" in figure
    assert f'<time datetime="{TODAY.isoformat()}">' in figure
    table = figure[figure.index("<details") : figure.index("</details>")]
    assert table.count("<tr>") - 1 == sum(len(row.bands) + len(row.associates) for row in rows)
    assert '<th scope="rowgroup" rowspan="3">United Nations (UN)</th><td class="day">2011-06-01</td>' in table
    assert '<tr><td class="day">2011-06-01</td><td class="day">2011-06-30</td><td>Measures on associates' in table
    assert "<td>Listed, <em>uncertain</em></td><td><code>des-kz-2005-x-list</code></td>" in table


def test_the_figure_is_drawn_on_the_source_date_epoch(timeline: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert timeline.build_date() == datetime.date(2026, 1, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = datetime.datetime.now(tz=datetime.UTC).date()
    assert before <= timeline.build_date() <= datetime.datetime.now(tz=datetime.UTC).date()


# The data changes, release by release.


@pytest.fixture(scope="module")
def data_changes() -> ModuleType:
    return _extension("data_changes")


def git(repository: Path, *arguments: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    completed = subprocess.run(
        [*command, "-C", str(repository), *arguments], capture_output=True, text=True, check=True
    )
    return completed.stdout


def _commit(root: Path, tables: dict[str, list[Row]], tag: str | None = None) -> None:
    shutil.rmtree(root / "datapackage", ignore_errors=True)
    write_package(root / "datapackage", tables)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "data")
    if tag is not None:
        git(root, "tag", tag)


def _summary_counts(markdown: str, title: str) -> dict[str, dict[str, int]]:
    """The count table under the heading *title*, as {table: {kind: count}}."""
    section = markdown.split(f"### {title}\n", 1)[1].split("\n### ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")]
    kinds = [cell.strip().lower() for cell in lines[0].strip("|").split("|")][1:]
    counts = {}
    for line in lines[2:]:
        table, *cells = (cell.strip() for cell in line.strip("|").split("|"))
        counts[table.strip("`")] = dict(zip(kinds, map(int, cells), strict=True))
    return counts


def _expected_counts(result: PackageDiff) -> dict[str, dict[str, int]]:
    kinds = [kind for kind in ("added", "removed", "changed") if result.counts()[kind]]
    return {
        table.table: {kind: len(getattr(table, kind)) for kind in kinds}
        for table in result.tables
        if not table.is_empty
    }


@pytest.fixture
def released(tmp_path: Path) -> Path:
    root = tmp_path / "repository"
    root.mkdir()
    git(root, "init", "-q")
    first = rich_tables()
    _commit(root, first, "v0.1.0")
    second = rich_tables()
    second["aliases"] = second["aliases"][1:]
    second["actors"][0]["name"] = "Group X (renamed)"
    _commit(root, second, "v0.2.0")
    git(root, "tag", "vnext")
    third = copy.deepcopy(second)
    third["designations"].append(act("des-kz-2005-x-list", "list", jurisdiction="KZ", decision_date="2005"))
    shutil.rmtree(root / "datapackage")
    write_package(root / "datapackage", third)
    return root


def test_each_release_lists_the_records_that_diff_finds(data_changes: ModuleType, released: Path) -> None:
    markdown = data_changes.data_changes_markdown(released)
    assert [release.tag for release in data_changes.release_tags(released)] == ["v0.1.0", "v0.2.0"]
    titles = [line for line in markdown.splitlines() if line.startswith("### ")]
    assert titles == ["### Not yet released (since 0.2.0)", "### 0.2.0 (since 0.1.0)", "### 0.1.0 (first release)"]
    assert "\n(data-changes-unreleased)=\n### Not yet released" in markdown
    assert "\n(data-changes-0.2.0)=\n### 0.2.0 (since 0.1.0)\n" in markdown
    between = diff_revisions("v0.1.0", "v0.2.0", repository=released)
    assert _summary_counts(markdown, "0.2.0 (since 0.1.0)") == _expected_counts(between)
    assert _summary_counts(markdown, "0.2.0 (since 0.1.0)") == {
        "actors": {"removed": 0, "changed": 1},
        "aliases": {"removed": 1, "changed": 0},
    }
    unreleased = diff_versions("v0.2.0", released / "datapackage", repository=released)
    assert _summary_counts(markdown, "Not yet released (since 0.2.0)") == _expected_counts(unreleased)
    # the first release is summarised by its tables' sizes, not listed record by record
    now = proscribed.load(released / "datapackage").counts()
    first_release = markdown.split("### 0.1.0 (first release)", 1)[1]
    assert f"| `designations` | {now['designations'] - 1:,} |" in first_release
    assert f"| `actors` | {now['actors']:,} |" in first_release
    assert "<details>" not in first_release
    changed_since = len(unreleased.to_dict()["tables"])
    assert changed_since == 4  # the act, its instrument, its (new) list, and their citations
    assert markdown.count("<details>") == markdown.count("</details>") == 2 + changed_since
    assert "<summary><code>aliases</code>: 1 removed</summary>" in markdown


def test_a_release_recorded_in_releases_toml_is_found_without_its_tag(data_changes: ModuleType, released: Path) -> None:
    commit = git(released, "rev-parse", "v0.1.0").strip()
    git(released, "tag", "-d", "v0.1.0")
    (released / "releases.toml").write_text(
        f'[[release]]\nversion = "0.1.0"\ndate = 2026-01-01\ncommit = "{commit}"\n', encoding="utf-8"
    )
    assert [release.tag for release in data_changes.release_tags(released)] == ["v0.1.0", "v0.2.0"]
    between = diff_revisions("v0.1.0", "v0.2.0", repository=released)
    assert _summary_counts(data_changes.data_changes_markdown(released), "0.2.0 (since 0.1.0)") == _expected_counts(
        between
    )


def test_without_releases_the_data_is_compared_with_an_empty_package(data_changes: ModuleType, tmp_path: Path) -> None:
    root = tmp_path / "repository"
    root.mkdir()
    git(root, "init", "-q")
    _commit(root, rich_tables())
    markdown = data_changes.data_changes_markdown(root)
    assert "### Not yet released\n\nNo release has been tagged yet" in markdown
    counts = proscribed.load(root / "datapackage").counts()
    assert _summary_counts(markdown, "Not yet released") == {
        name: {"added": count} for name, count in counts.items() if count
    }


def test_a_source_tree_outside_git_gets_a_note(data_changes: ModuleType, released: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "unpacked"
    shutil.copytree(released, unpacked, ignore=shutil.ignore_patterns(".git"))
    markdown = data_changes.data_changes_markdown(unpacked)
    assert data_changes.NOT_A_CHECKOUT in markdown
    assert "###" not in markdown
    nested = released / "vendored" / "proscribed"
    shutil.copytree(unpacked, nested)
    assert data_changes.NOT_A_CHECKOUT in data_changes.data_changes_markdown(nested)


def test_the_page_is_written_only_when_it_changes(data_changes: ModuleType, tmp_path: Path) -> None:
    page = tmp_path / "_generated" / "data-changes.md"
    assert data_changes.write_if_changed(page, "one\n")
    os.utime(page, (0, 0))
    assert not data_changes.write_if_changed(page, "one\n")
    assert page.stat().st_mtime == 0
    assert data_changes.write_if_changed(page, "two\n")
    assert page.read_text(encoding="utf-8") == "two\n"
