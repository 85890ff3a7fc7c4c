import re

import pytest
from pydantic import TypeAdapter, ValidationError

from proscribed._schema._descriptor import build_descriptor
from proscribed._schema._edtf import EDTF_PATTERN
from proscribed._schema._types import (
    ActorId,
    CitableId,
    CountryCode,
    EdtfDate,
    Jurisdiction,
    LanguageTag,
    LongText,
    Text,
    Url,
    WikidataId,
    text_problem,
)


def valid(annotation: object, value: object) -> bool:
    try:
        TypeAdapter(annotation).validate_python(value)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("value", ["org-taliban", "per-zamir-kabulov", "state-ru", "org-ru-mfa-2"])
def test_actor_ids_accepted(value: str) -> None:
    assert valid(ActorId, value)


@pytest.mark.parametrize(
    "value", ["taliban", "org-", "org-Taliban", "org--taliban", "org-taliban-", "src-tass", "org_taliban", "x" * 101]
)
def test_actor_ids_rejected(value: str) -> None:
    assert not valid(ActorId, value)


def test_citable_ids_cover_every_cited_table() -> None:
    for value in ["stmt-a", "evt-a", "des-a", "role-a", "per-a", "org-a", "state-a"]:
        assert valid(CitableId, value)
    assert not valid(CitableId, "src-a")
    assert not valid(CitableId, "cit-a")


@pytest.mark.parametrize(("value", "ok"), [("RU", True), ("UN", True), ("EU", True), ("XX", False), ("ru", False)])
def test_jurisdictions(value: str, ok: bool) -> None:
    assert valid(Jurisdiction, value) is ok


def test_country_codes_exclude_international_bodies() -> None:
    assert valid(CountryCode, "KZ")
    assert not valid(CountryCode, "UN")


@pytest.mark.parametrize(("value", "ok"), [("en", True), ("ru", True), ("fa-AF", True), ("ps", True)])
def test_language_tags(value: str, ok: bool) -> None:
    assert valid(LanguageTag, value) is ok


@pytest.mark.parametrize("value", ["english", "EN", "eng", "en_GB", "zz-qq-invalid-tag-zzzzzzzzz"])
def test_language_tags_rejected(value: str) -> None:
    assert not valid(LanguageTag, value)


def test_non_canonical_language_tag_names_the_canonical_form() -> None:
    with pytest.raises(ValidationError, match="'en'"):
        TypeAdapter(LanguageTag).validate_python("eng")


@pytest.mark.parametrize("value", ["Q42418", "Q1"])
def test_wikidata_ids(value: str) -> None:
    assert valid(WikidataId, value)
    assert not valid(WikidataId, "Q0" + value[1:])
    assert not valid(WikidataId, value.lower())


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (" padded", "leading or trailing whitespace"),
        ("padded ", "leading or trailing whitespace"),
        ("Cafe\u0301", "NFC"),
        ("zero\u200bwidth", "U+200B"),
        ("over\u202eride", "U+202E"),
        ("iso\u2066late", "U+2066"),
        ("bell\x07", "U+0007"),
        ("tab\there", "tab"),
        ("two\nlines", "line break"),
        ("edge\u200c", "outside a word"),
        ("a\u200c b", "outside a word"),
    ],
)
def test_text_hygiene_problems(value: str, problem: str) -> None:
    found = text_problem(value)
    assert found is not None
    assert problem in found
    assert not valid(Text, value)


def test_text_hygiene_allows_persian_non_joiner_and_multiline_long_text() -> None:
    assert text_problem("امارت اسلامی") is None
    assert text_problem("می\u200cخواهم") is None
    assert valid(LongText, "first line\nsecond line")
    assert not valid(LongText, "windows\r\nline")


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://tass.com/politics/1945243", True),
        ("http://panafricannews.blogspot.com/2025/04/x.html", True),
        ("https://www.rantburg.com/comments.php?D=2024-09-07&HC=2&ID=709848", True),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("ftp://example.org/file", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("tass.com/politics/1", False),
        ("https://example.org/\u202egnp.exe", False),
        ("https://example.org/a\x00b", False),
        ("https://example.org/a\u200bb", False),
        ("https://example.org/a\u200cb", False),
    ],
)
def test_urls(value: str, ok: bool) -> None:
    assert valid(Url, value) is ok


def test_edtf_type_runs_the_parser_not_only_the_pattern() -> None:
    assert re.fullmatch(EDTF_PATTERN, "2023-02-30")
    assert not valid(EdtfDate, "2023-02-30")
    assert valid(EdtfDate, "2023-02-28")


def test_edtf_pattern_keeps_its_alternation_when_anchored() -> None:
    anchored = re.compile("^" + EDTF_PATTERN + "$")
    assert anchored.match("2024-06/..")
    assert not anchored.match("2024-06 and then some")
    assert not anchored.match("garbage 2024")


def test_descriptor_patterns_match_the_model_types() -> None:
    fields = {
        field["name"]: field
        for resource in build_descriptor()["resources"]
        if resource["name"] == "statements"
        for field in resource["schema"]["fields"]
    }
    assert fields["date"]["constraints"]["pattern"] == EDTF_PATTERN
    assert re.fullmatch(fields["statement_id"]["constraints"]["pattern"], "stmt-20240527-lavrov")


@pytest.mark.parametrize(("written", "meant"), [("UK", "GB"), ("uk", "GB"), ("EL", "GR"), ("RUS", "RU"), ("XA", None)])
def test_a_wrong_country_code_gets_the_code_meant(written: str, meant: str | None) -> None:
    from proscribed._schema._types import country_suggestion

    assert country_suggestion(written) == meant


def test_country_messages_name_no_template_and_suggest() -> None:
    import proscribed

    with pytest.raises(ValidationError) as caught:
        proscribed.Actor.model_validate(
            {"actor_id": "org-x", "actor_type": "organization", "name": "X", "country": "UK"}
        )
    message = caught.value.errors()[0]["msg"]
    assert "{" not in message
    assert message.endswith("did you mean GB?")
    with pytest.raises(ValueError, match=r"did you mean GB\?"):
        proscribed.load().status("org-taliban", "UK")
