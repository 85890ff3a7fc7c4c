"""The documentation's Sphinx extensions (docs/_ext), tested as functions, without building a site."""

import importlib
import re
import sys
import zlib
from collections.abc import Iterator
from types import ModuleType

import pytest

import proscribed
from proscribed._tables import TABLES
from proscribed._types import CITABLE_PREFIXES

from .conftest import REPOSITORY

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
    assert fields["events", "fatalities"].type_label == "integer"
    assert "not empty" in fields["actors", "name"].constraints
    jurisdiction = fields["designations", "jurisdiction"]
    assert jurisdiction.type_label == "jurisdiction"
    assert any(re.fullmatch(r"one of \d+ codes", text) for text in jurisdiction.constraints)
    decision_date = fields["designations", "decision_date"]
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
    assert public_api.public_target("proscribed._dataset.Dataset") == "proscribed.Dataset"
    assert public_api.public_target("proscribed._models.actor.Actor") == "proscribed.Actor"
    assert public_api.public_target("proscribed._models.actor.Actor.name") == "proscribed.Actor.name"
    assert public_api.public_target("proscribed._models._base.Record") is None
    assert public_api.public_target("proscribed.Dataset") is None


def test_the_api_guard_names_missing_and_private_objects() -> None:
    public_api = _extension("public_api")
    documented = {f"proscribed.{name}" for name in proscribed.__all__} - {"proscribed.load"}
    documented |= {"proscribed._dataset.package_root", "proscribed.__version__"}
    missing, private = public_api.missing_public_names(documented)
    assert missing == ["load"]
    assert private == ["proscribed._dataset.package_root"]


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
