import importlib.metadata
import json
from pathlib import Path

import frictionless

from proscribed._schema._descriptor import build_descriptor, check_generated, render_descriptor
from proscribed._schema._release import VERSION
from proscribed._schema._tables import TABLES
from proscribed._schema._vocab import Action

from .conftest import PACKAGE


def resource(name: str) -> dict:
    return next(r for r in build_descriptor()["resources"] if r["name"] == name)


def test_committed_generated_files_match_the_models() -> None:
    assert check_generated(PACKAGE) == []


def test_drift_is_detected(package_copy: Path) -> None:
    descriptor = build_descriptor()
    descriptor["resources"][0]["schema"]["fields"][0]["description"] = "edited by hand"
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (package_copy / "datapackage.json").write_text(text, encoding="utf-8")
    (package_copy / "schemas" / "events.schema.json").unlink()
    assert check_generated(package_copy) == ["datapackage.json", "schemas/events.schema.json"]


def test_rendering_is_deterministic() -> None:
    assert render_descriptor() == render_descriptor()
    assert render_descriptor().endswith("}\n")


def test_package_metadata() -> None:
    descriptor = build_descriptor()
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["name"] == "proscribed"
    assert [license_["name"] for license_ in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert descriptor["contributors"]
    assert descriptor["sources"]
    assert descriptor["created"].endswith("Z")


def test_versions_agree() -> None:
    import proscribed

    committed = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    assert committed["version"] == VERSION == proscribed.__version__ == importlib.metadata.version("proscribed")


def test_one_table_resource_per_registered_table() -> None:
    resources = build_descriptor()["resources"]
    assert [r["name"] for r in resources] == [table.name for table in TABLES]
    for res in resources:
        assert res["type"] == "table"
        assert res["dialect"]["delimiter"] == ","
        assert res["path"] == f"data/{res['name']}.csv"
        assert res["schema"]["primaryKey"]
        table = next(t for t in TABLES if t.name == res["name"])
        assert [f["name"] for f in res["schema"]["fields"]] == list(table.columns)
        assert all(field["description"] for field in res["schema"]["fields"])


def test_foreign_keys_follow_identifier_types() -> None:
    keys = {fk["fields"][0]: fk["reference"] for fk in resource("statements")["schema"]["foreignKeys"]}
    assert keys["speaker_id"] == {"resource": "actors", "fields": ["actor_id"]}
    assert keys["event_id"] == {"resource": "events", "fields": ["event_id"]}
    assert keys["quote_source_id"] == {"resource": "sources", "fields": ["source_id"]}
    self_reference = {fk["fields"][0]: fk["reference"] for fk in resource("designations")["schema"]["foreignKeys"]}
    assert self_reference["related_designation_id"] == {"fields": ["designation_id"]}
    assert "foreignKeys" not in resource("citations")["schema"] or all(
        fk["fields"] != ["record_id"] for fk in resource("citations")["schema"]["foreignKeys"]
    )


def test_vocabularies_become_enums_and_categories() -> None:
    action = next(f for f in resource("designations")["schema"]["fields"] if f["name"] == "action")
    assert action["constraints"]["enum"] == [term.value for term in Action]
    assert {"value": "suspend", "label": Action.SUSPEND.description} in action["categories"]
    assert [category["value"] for category in action["categories"]] == [term.value for term in Action]
    assert action["constraints"]["required"] is True


def test_optional_fields_are_not_required_and_jurisdictions_are_enumerated() -> None:
    fields = {f["name"]: f for f in resource("instruments")["schema"]["fields"]}
    assert "required" not in fields["effective_date"]["constraints"]
    assert {"RU", "UN", "EU"} <= set(fields["jurisdiction"]["constraints"]["enum"])
    actors = {f["name"]: f for f in resource("actors")["schema"]["fields"]}
    assert actors["wikidata_id"]["constraints"]["unique"] is True


def test_frictionless_validates_the_shipped_package() -> None:
    report = frictionless.validate(str(PACKAGE / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_catches_a_broken_copy(package_copy: Path) -> None:
    path = package_copy / "data" / "designations.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",ru-terrorist,list,", ",ru-terrorist,ban,", 1), encoding="utf-8")
    report = frictionless.validate(str(package_copy / "datapackage.json"))
    assert not report.valid
    assert {error[0] for error in report.flatten(["type"])} == {"constraint-error"}


def test_json_schemas_are_generated_for_every_table_and_validate_rows() -> None:
    import csv

    import jsonschema

    from proscribed._schema._descriptor import generated_files

    files = generated_files()
    for table in TABLES:
        schema = json.loads(files[f"schemas/{table.name}.schema.json"])
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["additionalProperties"] is False
        validator = jsonschema.Draft202012Validator(schema)
        with (PACKAGE / table.path).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                record = {key: value for key, value in row.items() if value}
                for name in ("fatalities", "count"):
                    if name in record:
                        record[name] = int(record[name])
                if "approximate" in record:
                    record["approximate"] = record["approximate"] == "true"
                validator.validate(record)
