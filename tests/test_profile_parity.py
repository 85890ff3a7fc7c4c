"""The validator's reduction of the Data Package v2 profile rejects whatever the official profile rejects.

The official profile ships in ``dplib-py`` (MIT), installed with the ``test`` extra; it is read from there,
never copied into the repository. A corpus of descriptors (the shipped one, and mutations of it that
break each part of the profile: resources, names, licences, contributors, paths, dialects, field types,
constraints, categories, keys) is checked against both. Wherever the official profile finds an error, the
reduction finds one at the same JSON path or a path inside or around it; and the reduction accepts exactly
what the official profile accepts. A property-based test draws field descriptors at random and asks the
same of both.
"""

from __future__ import annotations

import copy
import importlib.metadata
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proscribed._schema._descriptor import generated_files
from proscribed._validate._package import _profile

Descriptor = dict[str, Any]
Mutation = Callable[[Descriptor], None]


def official_profile() -> dict[str, Any]:
    path = importlib.metadata.distribution("dplib-py").locate_file("dplib/profiles/2.0/datapackage.json")
    profile: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    return profile


OFFICIAL = jsonschema.Draft7Validator(official_profile(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
OURS = jsonschema.Draft7Validator(_profile(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
SHIPPED: Descriptor = json.loads(generated_files()["datapackage.json"])


def _small() -> Descriptor:
    """The shipped descriptor cut to its first resource (actors) and three of its fields, to keep the corpus fast."""
    descriptor = copy.deepcopy(SHIPPED)
    descriptor["resources"] = descriptor["resources"][:1]
    schema = descriptor["resources"][0]["schema"]
    schema["fields"] = schema["fields"][:3]
    return descriptor


def _field(descriptor: Descriptor, name: str = "actor_id") -> dict[str, Any]:
    field: dict[str, Any] = next(f for f in descriptor["resources"][0]["schema"]["fields"] if f["name"] == name)
    return field


def _setter(*path: str | int, value: object) -> Mutation:
    def mutate(descriptor: Descriptor) -> None:
        target: Any = descriptor
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


def _deleter(*path: str | int) -> Mutation:
    def mutate(descriptor: Descriptor) -> None:
        target: Any = descriptor
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return mutate


def _field_setter(key: str, value: object, name: str = "actor_id") -> Mutation:
    def mutate(descriptor: Descriptor) -> None:
        _field(descriptor, name)[key] = value

    return mutate


def _typed_field(**field: object) -> Mutation:
    def mutate(descriptor: Descriptor) -> None:
        descriptor["resources"][0]["schema"]["fields"].append({"name": "extra", **field})

    return mutate


R = ("resources", 0)
SCHEMA = (*R, "schema")
PATHS = [
    "../outside.csv",
    "data/../../outside.csv",
    "/etc/passwd",
    ".hidden.csv",
    "./data/actors.csv",
    "~/actors.csv",
    "file:///etc/passwd",
    "data\\actors.csv",
    "ftp://example.org/actors.csv",
    "https://example.org/actors.csv",
    "javascript:alert(1)",
    "",
]
WRONG_VALUES: list[object] = [None, 0, 1.5, True, "text", [], ["text"], {}, {"key": "value"}]

NAMED: dict[str, Mutation] = {
    "resources missing": _deleter("resources"),
    "resources empty": _setter("resources", value=[]),
    "resources not a list": _setter("resources", value={"name": "actors"}),
    "resource not an object": _setter(*R, value="actors"),
    "resource without name": _deleter(*R, "name"),
    "resource without path or data": _deleter(*R, "path"),
    "resource with path and data": _setter(*R, "data", value=[]),
    "resource type unknown": _setter(*R, "type", value="spreadsheet"),
    "name a number": _setter("name", value=3),
    "resource name a list": _setter(*R, "name", value=["actors"]),
    "licenses empty": _setter("licenses", value=[]),
    "licenses a string": _setter("licenses", value="CC-BY-4.0"),
    "licence without name or path": _setter("licenses", value=[{"title": "CC"}]),
    "licence name with spaces": _setter("licenses", 0, "name", value="CC BY 4.0"),
    "licence path escaping": _setter("licenses", 0, "path", value="../LICENSE"),
    "resource licence name bad": _setter(*R, "licenses", value=[{"name": "a b"}]),
    "contributors empty": _setter("contributors", value=[]),
    "contributor empty": _setter("contributors", value=[{}]),
    "contributor email not a string": _setter("contributors", 0, "email", value=7),
    "contributor roles empty": _setter("contributors", 0, "roles", value=[]),
    "contributor path absolute": _setter("contributors", 0, "path", value="/home/me"),
    "$schema a number": _setter("$schema", value=2),
    "$schema null": _setter("$schema", value=None),
    "resource $schema a list": _setter(*R, "$schema", value=["x"]),
    "homepage not a URI": _setter("homepage", value="not a uri"),
    "created not a date-time": _setter("created", value="yesterday"),
    "keywords empty": _setter("keywords", value=[]),
    "keyword a number": _setter("keywords", value=[1]),
    "sources item empty": _setter("sources", value=[{}]),
    "mediatype without slash": _setter(*R, "mediatype", value="csv"),
    "bytes a string": _setter(*R, "bytes", value="100"),
    "hash malformed": _setter(*R, "hash", value="md5:xyz"),
    "encoding a number": _setter(*R, "encoding", value=8),
    "dialect a string": _setter(*R, "dialect", value="dialect.json"),
    "dialect header not boolean": _setter(*R, "dialect", "header", value="yes"),
    "dialect headerRows zero": _setter(*R, "dialect", "headerRows", value=[0]),
    "dialect commentRows strings": _setter(*R, "dialect", "commentRows", value=["1"]),
    "dialect delimiter a number": _setter(*R, "dialect", "delimiter", value=44),
    "dialect itemType unknown": _setter(*R, "dialect", "itemType", value="tuple"),
    "dialect sheetNumber zero": _setter(*R, "dialect", "sheetNumber", value=0),
    "dialect doubleQuote a string": _setter(*R, "dialect", "doubleQuote", value="true"),
    "schema missing fields": _deleter(*SCHEMA, "fields"),
    "schema fields empty": _setter(*SCHEMA, "fields", value=[]),
    "schema a number": _setter(*SCHEMA, value=5),
    "field without name": _deleter(*SCHEMA, "fields", 0, "name"),
    "field type unknown": _field_setter("type", "text"),
    "field type list": _field_setter("type", "list"),
    "field type a number": _field_setter("type", 1),
    "string format unknown": _field_setter("format", "bogus"),
    "string format email": _field_setter("format", "email"),
    "field title a number": _field_setter("title", 1),
    "field example a number": _field_setter("example", 1),
    "field rdfType a number": _field_setter("rdfType", 1),
    "constraints a list": _field_setter("constraints", []),
    "constraint required a string": _field_setter("constraints", {"required": "yes"}),
    "constraint maxLength a string": _field_setter("constraints", {"maxLength": "100"}),
    "constraint pattern a number": _field_setter("constraints", {"pattern": 1}),
    "constraint enum empty": _field_setter("constraints", {"enum": []}),
    "constraint enum repeated": _field_setter("constraints", {"enum": ["a", "a"]}),
    "constraint enum numbers on a string": _field_setter("constraints", {"enum": [1, 2]}),
    "constraint minimum on a string": _field_setter("constraints", {"minimum": 1}),
    "integer minimum a float": _typed_field(type="integer", constraints={"minimum": 1.5}),
    "integer enum floats": _typed_field(type="integer", constraints={"enum": [1.5]}),
    "integer format unknown": _typed_field(type="integer", format="hex"),
    "integer groupChar a number": _typed_field(type="integer", groupChar=1),
    "number decimalChar a number": _typed_field(type="number", decimalChar=1),
    "number maximum a list": _typed_field(type="number", constraints={"maximum": [1]}),
    "boolean trueValues empty": _typed_field(type="boolean", trueValues=[]),
    "boolean enum strings": _typed_field(type="boolean", constraints={"enum": ["true"]}),
    "boolean unique": _typed_field(type="boolean", constraints={"unique": "no"}),
    "date minimum a number": _typed_field(type="date", constraints={"minimum": 2020}),
    "year minimum a float": _typed_field(type="year", constraints={"minimum": 2020.5}),
    "geopoint format unknown": _typed_field(type="geopoint", format="wkt"),
    "geojson format unknown": _typed_field(type="geojson", format="shapefile"),
    "object jsonSchema a string": _typed_field(type="object", constraints={"jsonSchema": "{}"}),
    "array minLength a string": _typed_field(type="array", constraints={"minLength": "1"}),
    "any enum empty": _typed_field(type="any", constraints={"enum": []}),
    "duration maximum a number": _typed_field(type="duration", constraints={"maximum": 5}),
    "categories a string": _field_setter("categories", "a,b"),
    "categories numbers on a string": _field_setter("categories", [1, 2]),
    "categories without value": _field_setter("categories", [{"label": "A"}]),
    "categories on an integer with strings": _typed_field(type="integer", categories=["a"]),
    "categoriesOrdered a string": _field_setter("categoriesOrdered", "yes"),
    "missingValues a string": _setter(*SCHEMA, "missingValues", value="NA"),
    "missingValues numbers": _setter(*SCHEMA, "missingValues", value=[0]),
    "missingValues objects without value": _setter(*SCHEMA, "missingValues", value=[{"label": "n/a"}]),
    "field missingValues numbers": _field_setter("missingValues", [0]),
    "primaryKey a number": _setter(*SCHEMA, "primaryKey", value=1),
    "primaryKey numbers": _setter(*SCHEMA, "primaryKey", value=[1]),
    "uniqueKeys a string": _setter(*SCHEMA, "uniqueKeys", value="actor_id"),
    "uniqueKeys empty key": _setter(*SCHEMA, "uniqueKeys", value=[[]]),
    "foreignKey empty": _setter(*SCHEMA, "foreignKeys", value=[{}]),
    "foreignKey fields a number": _setter(*SCHEMA, "foreignKeys", 0, "fields", value=1),
    "foreignKey reference without fields": _setter(*SCHEMA, "foreignKeys", 0, "reference", value={}),
    "foreignKey reference resource a number": _setter(*SCHEMA, "foreignKeys", 0, "reference", "resource", value=1),
    "fieldsMatch unknown": _setter(*SCHEMA, "fieldsMatch", value="some"),
    **{f"resource path {path!r}": _setter(*R, "path", value=path) for path in PATHS},
    **{f"resource path list with {path!r}": _setter(*R, "path", value=[path]) for path in PATHS},
    "resource path list empty": _setter(*R, "path", value=[]),
}

NAMED |= {
    "contributor not an object": _setter("contributors", value=["The proscribed contributors"]),
    "foreignKey fields empty": _setter(*SCHEMA, "foreignKeys", 0, "fields", value=[]),
    "foreignKey fields repeated": _setter(*SCHEMA, "foreignKeys", 0, "fields", value=["parent_id", "parent_id"]),
    "fieldsMatch a string": _setter(*SCHEMA, "fieldsMatch", value="exact"),
    "fieldsMatch a list": _setter(*SCHEMA, "fieldsMatch", value=["exact"]),
}
"""Places where the published profile is laxer or stricter than the specification's text; the reduction
follows the profile (the descriptor never uses them, and drift would catch them anyway)."""


def _systematic() -> dict[str, Mutation]:
    """Every key of the package, of a resource, its dialect, schema, first field and its constraints, set to
    each of a handful of values of the wrong (or right) type."""
    descriptor = _small()
    places: list[tuple[str | int, ...]] = [()]
    places += [R, (*R, "dialect"), SCHEMA, (*SCHEMA, "fields", 0), (*SCHEMA, "fields", 0, "constraints")]
    places += [("licenses", 0), ("contributors", 0), (*SCHEMA, "foreignKeys", 0)]
    mutations: dict[str, Mutation] = {}
    for place in places:
        target: Any = descriptor
        for part in place:
            target = target[part]
        for key in target:
            for index, value in enumerate(WRONG_VALUES):
                mutations[f"{'.'.join(map(str, (*place, key)))} = #{index} {value!r}"[:120]] = _setter(
                    *place, key, value=value
                )
    return mutations


CORPUS: dict[str, Mutation] = {**NAMED, **_systematic()}


def _paths(validator: jsonschema.Draft7Validator, descriptor: Descriptor) -> list[tuple[str | int, ...]]:
    return [tuple(error.absolute_path) for error in validator.iter_errors(descriptor)]


def _related(theirs: tuple[str | int, ...], ours: tuple[str | int, ...]) -> bool:
    """True when one path lies inside the other: the same place, or the reduction is more precise."""
    shorter = min(len(theirs), len(ours))
    return theirs[:shorter] == ours[:shorter]


def test_the_shipped_descriptor_passes_both() -> None:
    assert _paths(OFFICIAL, SHIPPED) == []
    assert _paths(OURS, SHIPPED) == []


def test_the_official_profile_is_the_published_v2_profile() -> None:
    profile = official_profile()
    assert profile["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert profile["required"] == ["resources"]
    assert "fields" in json.dumps(profile["properties"]["resources"])


def test_the_corpus_breaks_the_official_profile_in_many_places() -> None:
    broken = {name for name, mutate in NAMED.items() if _paths(OFFICIAL, _mutated(mutate))}
    assert len(broken) > 100
    assert len(NAMED) - len(broken) < 20


def _mutated(mutate: Mutation) -> Descriptor:
    descriptor = _small()
    mutate(descriptor)
    return descriptor


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_reduction_rejects_what_the_official_profile_rejects(name: str) -> None:
    descriptor = _mutated(CORPUS[name])
    theirs = _paths(OFFICIAL, descriptor)
    ours = _paths(OURS, descriptor)
    assert bool(ours) == bool(theirs), (theirs, ours)
    for path in theirs:
        assert any(_related(path, mine) for mine in ours), (path, ours)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.sampled_from([0, 1, -1, 1.5, 2020])
    | st.sampled_from(["", "x", "default", "email", "uri", "array", "object", "topojson", "2020", "exact"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(["value", "label"]), children),
    max_leaves=6,
)
FIELD_KEYS = [
    "format", "categories", "categoriesOrdered", "bareNumber", "groupChar", "decimalChar", "trueValues",
    "falseValues", "example", "rdfType", "missingValues", "title", "description",
]  # fmt: skip
CONSTRAINT_KEYS = [
    "required", "unique", "pattern", "enum", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "jsonSchema",
]  # fmt: skip


@st.composite
def field_descriptors(draw: st.DrawFn) -> dict[str, object]:
    field: dict[str, object] = {"name": "extra"}
    kind = draw(st.none() | st.sampled_from(["string", "number", "integer", "boolean", "date", "time", "datetime",
                                              "year", "yearmonth", "duration", "object", "array", "geopoint",
                                              "geojson", "any", "list", 3]))  # fmt: skip
    if kind is not None:
        field["type"] = kind
    field |= draw(st.dictionaries(st.sampled_from(FIELD_KEYS), JSON_VALUES, max_size=3))
    if draw(st.booleans()):
        field["constraints"] = draw(st.dictionaries(st.sampled_from(CONSTRAINT_KEYS), JSON_VALUES, max_size=3))
    return field


@settings(max_examples=300, deadline=None)
@given(field_descriptors())
def test_random_fields_are_judged_alike(field: dict[str, object]) -> None:
    descriptor = _small()
    descriptor["resources"][0]["schema"]["fields"].append(field)
    theirs = _paths(OFFICIAL, descriptor)
    ours = _paths(OURS, descriptor)
    assert bool(ours) == bool(theirs), (theirs, ours)
    for path in theirs:
        assert any(_related(path, mine) for mine in ours), (path, ours)
