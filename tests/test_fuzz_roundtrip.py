"""Faithful round trips: any valid generated dataset survives write -> read -> write byte for byte.

Records are drawn for every table from the models' own field types: identifiers from their patterns,
EDTF values of every accepted form, vocabulary terms, language tags from a small pool, clean text in
several scripts (with line breaks where a column allows them, commas, quotes and brackets everywhere),
URLs with characters CSV must quote. Each model's cross-field rules are met by construction where they
are simple and by rejection where they are not.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import re
import tempfile
import typing
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from hypothesis import HealthCheck, assume, given, reject, settings
from hypothesis import strategies as st
from pydantic import StringConstraints, ValidationError

from proscribed._data._dataset import read_records
from proscribed._io._csvio import render_rows
from proscribed._io._fmt import format_package, format_table_text
from proscribed._schema import _types
from proscribed._schema._edtf import EdtfError, parse_edtf
from proscribed._schema._models._base import Record
from proscribed._schema._models.designation import ROOT_ACTIONS as ROOTS
from proscribed._schema._models.designation import TERM_ACTIONS as TERMS
from proscribed._schema._tables import TABLES, Table, vocabulary_of
from proscribed._schema._vocab import Action, ActorType, Scope, Verification

Strategy = st.SearchStrategy[Any]

LANGUAGES = ["en", "en-GB", "ru", "ps", "fa", "uz-Cyrl", "kk", "ar", "zh-Hans", "tr"]
COUNTRIES = ["RU", "AF", "US", "KZ", "KG", "GB", "DE", "CN"]
LETTERS = "abcxyzABCXYZ0189МоскваТалибанжёطالبانکابل塔利班çéñüßØ"
PUNCTUATION = " ,.;:!?\"'()«»—–-…/%&@=+#*[]"
JOINED = ["\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "[…]", "\U0001f600", "e\u0301", "\u212b", "Å"]


def _clean(multiline: bool) -> Callable[[str], str]:
    def clean(text: str) -> str:
        text = unicodedata.normalize("NFC", text).strip()
        return re.sub(r"\s*\n\s*", "\n", text) if multiline else text

    return clean


def text(*, multiline: bool = False, max_size: int = 40) -> Strategy:
    """Clean text (``_types.text_problem`` accepts it): several scripts, CSV's special characters, line breaks."""
    pieces = st.sampled_from(list(LETTERS + PUNCTUATION) + JOINED + (["\n", "\n\n"] if multiline else []))
    return (
        st.lists(pieces, min_size=1, max_size=max_size)
        .map("".join)
        .map(_clean(multiline))
        .filter(
            lambda value: (
                value != ""
                and _types.text_problem(value, multiline=multiline) is None
                and _types.formula_problem(value) is None
            )
        )
    )


SLUG = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


def identifier(prefixes: list[str]) -> Strategy:
    return st.builds(lambda prefix, slug: f"{prefix}-{slug}", st.sampled_from(prefixes), SLUG)


@st.composite
def edtf_point(draw: st.DrawFn, *, qualified: bool = True) -> str:
    year = draw(st.integers(1900, 2099))
    form = draw(st.sampled_from(["year", "month", "day", "decade", "century", "month-unknown", "day-unknown"]))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    value = {
        "year": f"{year}",
        "month": f"{year}-{month:02d}",
        "day": f"{year}-{month:02d}-{day:02d}",
        "decade": f"{str(year)[:3]}X",
        "century": f"{str(year)[:2]}XX",
        "month-unknown": f"{year}-XX",
        "day-unknown": f"{year}-{month:02d}-XX",
    }[form]
    return value + (draw(st.sampled_from(["", "", "?", "~", "%"])) if qualified else "")


@st.composite
def edtf(draw: st.DrawFn) -> str:
    """An EDTF value of every form the dataset accepts (single dates, intervals, open ends, day ranges)."""
    form = draw(st.sampled_from(["point", "interval", "open-end", "open-start", "unknown-end", "range"]))
    if form == "point":
        value = draw(edtf_point())
    elif form == "interval":
        first, last = sorted([draw(edtf_point()), draw(edtf_point())], key=lambda point: parse_edtf(point).lower)
        value = f"{first}/{last}"
    elif form == "open-end":
        value = f"{draw(edtf_point())}/.."
    elif form == "open-start":
        value = f"../{draw(edtf_point())}"
    elif form == "unknown-end":
        value = f"{draw(edtf_point())}/"
    else:
        first = datetime.date(draw(st.integers(1990, 2030)), draw(st.integers(1, 12)), draw(st.integers(1, 28)))
        last = first + datetime.timedelta(days=draw(st.integers(1, 40)))
        value = f"[{first.isoformat()}..{last.isoformat()}]"
    try:
        parse_edtf(value)
    except EdtfError:
        reject()
    return value


URL = st.builds(
    lambda scheme, host, path, query: f"{scheme}://{host}/{path}{query}",
    st.sampled_from(["https", "http"]),
    st.sampled_from(["example.org", "tass.ru", "xn--80ak6aa92e.com", "news.example.co.uk:8080"]),
    st.text(alphabet=st.sampled_from(list("abc019-_.~/%,;'\"()")), max_size=20),
    st.sampled_from(["", "?q=1,2", '?a="b"', "#part", "?x=%D0%9C&y=2"]),
)


def _signature(annotation: object) -> tuple[object, tuple[object, ...]]:
    if typing.get_origin(annotation) is Annotated:
        base, *metadata = typing.get_args(annotation)
        return base, tuple(metadata)
    return annotation, ()


KINDS: dict[tuple[object, tuple[object, ...]], Strategy] = {
    _signature(_types.Text): text(),
    _signature(_types.LongText): text(multiline=True, max_size=80),
    _signature(_types.Url): URL,
    _signature(_types.EdtfDate): edtf(),
    _signature(_types.LanguageTag): st.sampled_from(LANGUAGES),
    _signature(_types.CountryCode): st.sampled_from(COUNTRIES),
    _signature(_types.Jurisdiction): st.sampled_from([*COUNTRIES, "UN", "EU"]),
    _signature(_types.WikidataId): st.integers(1, 10**8).map(lambda number: f"Q{number}"),
    _signature(_types.Count): st.integers(0, 10**6),
    _signature(_types.ListId): st.builds(
        lambda code, slug: f"{code}-{slug}", st.sampled_from(["ru", "un", "gb"]), SLUG
    ),
    _signature(_types.CitableId): identifier(["stmt", "evt", "des", "ins", "role", "org", "ru", "gb"]),
}


def field_strategy(annotation: object, metadata: list[object]) -> Strategy:
    """A strategy for one field, from its type: optional fields are sometimes empty."""
    arms = [arm for arm in typing.get_args(annotation) if arm is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, __import__("types").UnionType):
        return st.none() | field_strategy(arms[0], metadata)
    vocabulary = vocabulary_of(annotation)
    if vocabulary is not None:
        return st.sampled_from(list(vocabulary))
    if annotation is int:
        return st.integers(0, 10**6)
    if annotation is bool:
        return st.booleans()
    base, extras = _signature(annotation)
    found = KINDS.get((base, extras or tuple(metadata)))
    if found is not None:
        return found
    for item in (*extras, *metadata):
        if isinstance(item, StringConstraints) and item.pattern and item.pattern.startswith("^("):
            prefixes = item.pattern[2 : item.pattern.index(")")].split("|")
            return identifier(prefixes)
    raise AssertionError(f"no strategy for {annotation!r}")


def _term(model: type[Record], name: str, draw: st.DrawFn) -> Any:
    """A term of the vocabulary of an optional field."""
    vocabulary = vocabulary_of(model.model_fields[name].annotation)
    assert vocabulary is not None
    return draw(st.sampled_from(list(vocabulary)))


def _repair_actor(model: type[Record], values: dict[str, Any], draw: st.DrawFn) -> None:
    prefix = {ActorType.PERSON: "per", ActorType.ORGANIZATION: "org", ActorType.STATE: "state"}
    values["actor_id"] = f"{prefix[values['actor_type']]}-{values['actor_id'].split('-', 1)[1]}"
    if values["actor_type"] is not ActorType.ORGANIZATION:
        values["org_class"] = None
    elif values["org_class"] is None:
        values["org_class"] = _term(model, "org_class", draw)
    if values["actor_type"] is ActorType.STATE and values["country"] is None:
        values["country"] = "RU"
    if (values["name_original"] is None) != (values["name_original_lang"] is None):
        values["name_original"] = values["name_original_lang"] = None


def _repair_translation(model: type[Record], values: dict[str, Any], draw: st.DrawFn) -> None:
    for text_field, language_field in (("quote", "quote_lang"), ("excerpt", "excerpt_lang")):
        if language_field not in values:
            continue
        if values[language_field] in ("en", "en-GB"):
            values[f"{text_field}_en"] = values["translation_by"] = None
        else:
            values[f"{text_field}_en"] = values[f"{text_field}_en"] or "An English rendering."
            values["translation_by"] = values["translation_by"] or _term(model, "translation_by", draw)
    if values.get("spoken_lang") is not None and values["spoken_lang"] == values.get("quote_lang"):
        values["spoken_lang"] = None


def _repair_designation(values: dict[str, Any]) -> None:
    if values["scope"] is not Scope.ENTITY and values["scope_note"] is None:
        values["scope_note"] = "Named members only."
    if values["action"] in ROOTS:
        if values["action"] is Action.LIST:
            values["related_designation_id"] = None
    elif values["related_designation_id"] is None:
        values["related_designation_id"] = "des-earlier-act"
    if values["action"] not in TERMS:
        values["end_date"] = None


def _repair_instrument(values: dict[str, Any]) -> None:
    if values["decision_date"] is None and values["publication_date"] is None and values["effective_date"] is None:
        values["decision_date"] = "2020-01-01"
    if values["title_lang"] in ("en", "en-GB"):
        values["title_en"] = None
    elif values["title_en"] is None:
        values["title_en"] = "An English title."
    if values["applicant_id"] == values["authority_id"]:
        values["applicant_id"] = None


def _repair_list(values: dict[str, Any]) -> None:
    values["list_id"] = f"{values['jurisdiction'].lower()}-{values['list_id'].split('-', 1)[1]}"
    if (values["name_original"] is None) != (values["name_original_lang"] is None):
        values["name_original"] = values["name_original_lang"] = None
    if values["predecessor_id"] == values["list_id"]:
        values["predecessor_id"] = None


def _repair(model: type[Record], values: dict[str, Any], draw: st.DrawFn) -> None:
    """Meet the simple cross-field rules of each model; the rest are left to rejection."""
    if "actor_type" in values:
        _repair_actor(model, values, draw)
    _repair_translation(model, values, draw)
    if values.get("verification") not in (None, Verification.CONFIRMED) and values.get("verification_note") is None:
        values["verification_note"] = "Only one source reports it."
    if "action" in values:
        _repair_designation(values)
    if "instrument_type" in values:
        _repair_instrument(values)
    if "legal_basis" in values:
        _repair_list(values)


@st.composite
def records(draw: st.DrawFn, table: Table) -> Record:
    """One valid record of *table*."""
    fields = table.model.model_fields
    values = {name: draw(field_strategy(field.annotation, field.metadata)) for name, field in fields.items()}
    _repair(table.model, values, draw)
    try:
        return table.model.model_validate({name: value for name, value in values.items() if value is not None})
    except ValidationError:
        reject()


def datasets() -> Strategy:
    """Every table with a few valid records (references between tables are not needed for formatting)."""
    return st.fixed_dictionaries({table.name: st.lists(records(table), max_size=4) for table in TABLES})


def _write(root: Path, dataset: dict[str, list[Record]], order: random.Random) -> None:
    (root / "data").mkdir(exist_ok=True)
    for table in TABLES:
        rows = [record.model_dump(mode="json") for record in dataset[table.name]]
        order.shuffle(rows)
        (root / table.path).write_text(render_rows(table, rows), encoding="utf-8", newline="")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {table.path: (root / table.path).read_bytes() for table in TABLES}


def _multiset(records_: list[Record]) -> list[str]:
    return sorted(repr(record) for record in records_)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(datasets(), st.randoms(use_true_random=False))
def test_any_valid_dataset_survives_write_read_write_byte_for_byte(
    dataset: dict[str, list[Record]], order: random.Random
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _write(root, dataset, order)
        assert format_package(root, write=True).problems == ()
        written = _snapshot(root)
        read = read_records(root)
        assert read.problems == [], read.problems
        back = {name: [record for _, record in rows] for name, rows in read.rows.items()}
        for table in TABLES:
            assert _multiset(back[table.name]) == _multiset(dataset[table.name]), table.name
        _write(root, back, order)
        assert format_package(root, write=True).problems == ()
        assert _snapshot(root) == written
        assert format_package(root, write=False).changed == ()


CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list(',"\r\n\x00\ufeff\u202e\u200b')),
    max_size=12,
)


def _canonical_cell(value: str) -> str:
    return unicodedata.normalize("NFC", re.sub("\r+\n", "\n", value))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_arbitrary_cells_are_kept_exactly_up_to_nfc(data: st.DataObject) -> None:
    """Any cell text (control characters, lone carriage returns, quotes, NUL) is written back as read."""
    table = data.draw(st.sampled_from(TABLES))
    rows = data.draw(st.lists(st.fixed_dictionaries(dict.fromkeys(table.columns, CELL)), max_size=6))
    first = format_table_text(render_rows(table, rows).encode("utf-8"), table)
    assert format_table_text(first.encode("utf-8"), table) == first
    read_back = [
        [_canonical_cell(cell) for cell in row] for row in csv.reader(io.StringIO(first, newline=""), strict=True)
    ][1:]
    blank = ["" for _ in table.columns]
    expected = [[_canonical_cell(row[name]) for name in table.columns] for row in rows]
    assert sorted(read_back) == sorted(row for row in expected), (first, rows)
    assert blank not in read_back or blank in expected


@st.composite
def messy(draw: st.DrawFn, table: Table, rows: list[dict[str, str]]) -> bytes:
    """The same rows, laid out any way CSV allows: column order, quoting, line ends, blank lines, a BOM, NFD."""
    columns = draw(st.permutations(table.columns))
    line_end = draw(st.sampled_from(["\n", "\r\n"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=line_end, quoting=quoting)
    writer.writerow(columns)
    for row in draw(st.permutations(rows)):
        writer.writerow([unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), row[name]) for name in columns])
        if draw(st.booleans()):
            buffer.write(line_end)
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + buffer.getvalue()).encode("utf-8")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_every_layout_of_the_same_rows_formats_to_the_same_bytes(data: st.DataObject) -> None:
    table = data.draw(st.sampled_from(TABLES))
    dataset = data.draw(st.lists(records(table), min_size=1, max_size=4, unique_by=repr))
    keys = [tuple(getattr(record, name) for name in table.primary_key) for record in dataset]
    assume(len(set(keys)) == len(keys))
    rows = [{name: "" if value is None else str(value) for name, value in record.model_dump(mode="json").items()}
            for record in dataset]  # fmt: skip
    canonical = render_rows(table, sorted(rows, key=lambda row: tuple(row[name] for name in table.primary_key)))
    assert format_table_text(canonical.encode("utf-8"), table) == canonical
    assert format_table_text(data.draw(messy(table, rows)), table) == canonical
