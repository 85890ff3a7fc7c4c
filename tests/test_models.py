from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from proscribed import (
    Action,
    Actor,
    Alias,
    Citation,
    Designation,
    DesignationList,
    Event,
    EventParticipant,
    Instrument,
    Role,
    Source,
    Statement,
)

ACTOR = {"actor_id": "org-taliban", "actor_type": "organization", "name": "Taliban", "org_class": "movement"}
ALIAS = {"actor_id": "org-taliban", "alias": "Движение «Талибан»", "lang": "ru", "alias_type": "legal"}
ROLE = {
    "role_id": "role-a-b",
    "person_id": "per-a",
    "organization_id": "org-b",
    "title": "Minister",
    "role_class": "minister",
    "period": "2011-07/..",
}
SOURCE = {
    "source_id": "src-tass-20240527",
    "source_type": "article-newspaper",
    "source_class": "wire",
    "url": "https://tass.com/economy/1794185",
    "language": "en",
}
CITATION = {
    "record_id": "stmt-a",
    "source_id": "src-a",
    "relation": "supports",
    "aspect": "quote",
    "excerpt": "They are the real power.",
    "excerpt_lang": "en",
}
STATEMENT = {
    "statement_id": "stmt-20240527-lavrov",
    "speaker_id": "per-sergey-lavrov",
    "date": "2024-05-27",
    "date_basis": "spoken",
    "setting": "press_conference",
    "quote": "They are the real power.",
    "quote_lang": "en",
    "quote_type": "direct",
    "quote_source_id": "src-a",
    "subject_id": "org-taliban",
    "stance": "favor",
    "stance_topic": "designation",
    "verification": "confirmed",
}
EVENT = {
    "event_id": "evt-20240605-spief",
    "event_type": "forum",
    "title": "SPIEF",
    "date": "2024-06-05/2024-06-08",
    "status": "occurred",
    "verification": "confirmed",
}
PARTICIPANT = {"event_id": "evt-a", "actor_id": "org-taliban", "participant_role": "attendee"}
DESIGNATION = {
    "designation_id": "des-ru-2003-taliban-list",
    "actor_id": "org-taliban",
    "list_id": "ru-terrorist",
    "action": "list",
    "scope": "entity",
    "instrument_id": "ins-ru-supreme-court-20030214",
    "verification": "confirmed",
}
INSTRUMENT = {
    "instrument_id": "ins-ru-supreme-court-20030214",
    "jurisdiction": "RU",
    "instrument_type": "court_decision",
    "title": "Decision of the Supreme Court",
    "title_lang": "en",
    "authority_id": "org-ru-supreme-court",
    "decision_date": "2003-02-14",
    "verification": "confirmed",
}
LIST = {
    "list_id": "ru-terrorist",
    "jurisdiction": "RU",
    "name": "Unified federal list of organisations recognised as terrorist",
    "measure": "terrorist",
    "authority_id": "state-ru",
}

VALID: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (Actor, ACTOR),
    (Alias, ALIAS),
    (Role, ROLE),
    (Source, SOURCE),
    (Citation, CITATION),
    (Statement, STATEMENT),
    (Event, EVENT),
    (EventParticipant, PARTICIPANT),
    (Designation, DESIGNATION),
    (Instrument, INSTRUMENT),
    (DesignationList, LIST),
]


def rejects(model: type[BaseModel], data: dict[str, Any], match: str | None = None) -> None:
    with pytest.raises(ValidationError, match=match):
        model.model_validate(data)


@pytest.mark.parametrize(("model", "data"), VALID, ids=lambda v: getattr(v, "__name__", ""))
def test_minimal_records_are_valid_and_frozen(model: type[BaseModel], data: dict[str, Any]) -> None:
    record = model.model_validate(data)
    first = next(iter(data))
    with pytest.raises(ValidationError, match="frozen"):
        setattr(record, first, data[first])


@pytest.mark.parametrize(("model", "data"), VALID, ids=lambda v: getattr(v, "__name__", ""))
def test_unknown_fields_are_rejected(model: type[BaseModel], data: dict[str, Any]) -> None:
    rejects(model, {**data, "colour": "red"}, "Extra inputs are not permitted")


@pytest.mark.parametrize("model", [model for model, _ in VALID], ids=lambda v: v.__name__)
def test_every_field_is_described(model: type[BaseModel]) -> None:
    assert model.__doc__
    for name, field in model.model_fields.items():
        assert field.description, f"{model.__name__}.{name} has no description"


@pytest.mark.parametrize(("model", "data"), VALID, ids=lambda v: getattr(v, "__name__", ""))
def test_required_fields_are_required(model: type[BaseModel], data: dict[str, Any]) -> None:
    for name, field in model.model_fields.items():
        if field.is_required():
            rejects(model, {key: value for key, value in data.items() if key != name}, "Field required")


def test_vocabulary_values_are_checked() -> None:
    rejects(Designation, {**DESIGNATION, "action": "ban"}, "action")
    rejects(Statement, {**STATEMENT, "stance": "positive"}, "stance")


def test_actor_prefix_must_match_type() -> None:
    rejects(Actor, {**ACTOR, "actor_id": "per-taliban"}, "starting with 'org-'")
    person = {"actor_id": "per-a", "actor_type": "person", "name": "A"}
    Actor.model_validate(person)
    rejects(Actor, {**person, "org_class": "movement"}, "org_class")


def test_organisations_need_a_class_and_states_a_country() -> None:
    rejects(Actor, {key: value for key, value in ACTOR.items() if key != "org_class"}, "org_class")
    rejects(Actor, {"actor_id": "state-ru", "actor_type": "state", "name": "Russia"}, "country")
    Actor.model_validate({"actor_id": "state-ru", "actor_type": "state", "name": "Russia", "country": "RU"})


def test_original_name_needs_its_language() -> None:
    rejects(Actor, {**ACTOR, "name_original": "طالبان"}, "name_original_lang")
    rejects(Actor, {**ACTOR, "name_original_lang": "ps"}, "name_original_lang")


def test_actor_is_not_its_own_parent() -> None:
    rejects(Actor, {**ACTOR, "parent_id": "org-taliban"}, "own parent")


def test_role_period_is_edtf() -> None:
    rejects(Role, {**ROLE, "period": "since July 2011"})
    rejects(Role, {**ROLE, "period": "2012/2011"}, "starts after it ends")
    rejects(Role, {**ROLE, "person_id": "org-b"}, "person_id")
    assert Role.model_validate(ROLE).held.open_end


def test_source_url_must_be_http() -> None:
    rejects(Source, {**SOURCE, "url": "javascript:alert(1)"})
    rejects(Source, {**SOURCE, "issued": "May 2024"})


def test_quote_not_in_english_needs_a_rendering_and_its_translator() -> None:
    russian = {**STATEMENT, "quote": "Это реальная власть.", "quote_lang": "ru"}
    rejects(Statement, russian, "quote_en is required")
    rejects(Statement, {**russian, "quote_en": "They are the real power."}, "translation_by is required")
    Statement.model_validate({**russian, "quote_en": "They are the real power.", "translation_by": "curator"})


def test_english_quote_carries_no_rendering() -> None:
    rejects(Statement, {**STATEMENT, "quote_en": "Again", "translation_by": "curator"}, "already in English")
    rejects(Statement, {**STATEMENT, "spoken_lang": "en"}, "spoken_lang")
    Statement.model_validate({**STATEMENT, "spoken_lang": "ru"})


def test_unconfirmed_records_say_why() -> None:
    for model, data in [(Statement, STATEMENT), (Event, EVENT), (Designation, DESIGNATION), (Instrument, INSTRUMENT)]:
        for level in ("partial", "unconfirmed", "disputed"):
            rejects(model, {**data, "verification": level}, "verification_note is required")
            model.model_validate({**data, "verification": level, "verification_note": "Only one source."})


def test_statement_dates() -> None:
    rejects(Statement, {**STATEMENT, "date": "2024-05-32"})
    assert Statement.model_validate({**STATEMENT, "date": "2023-06"}).when.precision == "month"


def test_citation_excerpt_rendering_rules() -> None:
    russian = {**CITATION, "excerpt": "Это реальная власть.", "excerpt_lang": "ru"}
    rejects(Citation, russian, "excerpt_en is required")
    Citation.model_validate({**russian, "excerpt_en": "They are the real power.", "translation_by": "curator"})
    rejects(Citation, {**CITATION, "record_id": "src-a"}, "record_id")


def test_event_parent_and_fatalities() -> None:
    rejects(Event, {**EVENT, "parent_event_id": EVENT["event_id"]}, "own parent")
    rejects(Event, {**EVENT, "fatalities": -1}, "fatalities")
    assert Event.model_validate({**EVENT, "fatalities": "145"}).fatalities == 145


def test_instrument_needs_a_date() -> None:
    rejects(Instrument, {**INSTRUMENT, "decision_date": None}, "at least one of")
    only_effective = {**INSTRUMENT, "decision_date": None, "effective_date": "2003-03"}
    assert Instrument.model_validate(only_effective).takes_effect.text == "2003-03"


def test_instrument_takes_effect_prefers_the_effective_date() -> None:
    instrument = Instrument.model_validate({**INSTRUMENT, "effective_date": "2003-03"})
    assert instrument.takes_effect.text == "2003-03"
    assert Instrument.model_validate(INSTRUMENT).takes_effect.text == "2003-02-14"
    assert [date.text for date in instrument.recorded_dates] == ["2003-02-14", "2003-03"]


def test_instrument_dates_are_in_order() -> None:
    rejects(Instrument, {**INSTRUMENT, "publication_date": "2002"}, "before decision_date")
    Instrument.model_validate({**INSTRUMENT, "effective_date": "2003-02"})
    # An instrument may take effect before it was made: an Act whose schedule commences retrospectively.
    Instrument.model_validate({**INSTRUMENT, "effective_date": "2003-01-29"})


def test_instrument_title_not_in_english_needs_a_rendering() -> None:
    russian = {**INSTRUMENT, "title": "Решение Верховного Суда", "title_lang": "ru"}
    rejects(Instrument, russian, "title_en is required")
    Instrument.model_validate({**russian, "title_en": "Decision of the Supreme Court"})
    rejects(Instrument, {**INSTRUMENT, "title_en": "Again"}, "already in English")
    rejects(Instrument, {**INSTRUMENT, "applicant_id": "org-ru-supreme-court"}, "applicant")


def test_list_identifier_starts_with_its_jurisdiction() -> None:
    rejects(DesignationList, {**LIST, "list_id": "us-terrorist"}, "starting with ru-")
    rejects(DesignationList, {**LIST, "list_id": "RU-terrorist"}, "list_id")
    rejects(DesignationList, {**LIST, "predecessor_id": "ru-terrorist"}, "own predecessor")
    rejects(DesignationList, {**LIST, "started": "2003", "ended": "2001"}, "before started")
    rejects(DesignationList, {**LIST, "name_original": "Единый список"}, "name_original_lang")
    DesignationList.model_validate({**LIST, "list_id": "ru-terrorist-2", "predecessor_id": "ru-terrorist"})


def test_designation_jurisdiction_is_its_list_s() -> None:
    assert Designation.model_validate(DESIGNATION).jurisdiction == "RU"
    assert Designation.model_validate({**DESIGNATION, "list_id": "un-1988"}).jurisdiction == "UN"


def test_designation_term_only_on_acts_with_a_term() -> None:
    Designation.model_validate({**DESIGNATION, "end_date": "2005-02-14"})
    amendment = {**DESIGNATION, "action": "amend", "related_designation_id": "des-ru-2001-taliban-list"}
    rejects(Designation, {**amendment, "end_date": "2005"}, "only for acts with a term")


def test_designation_scope_and_related_act() -> None:
    rejects(Designation, {**DESIGNATION, "scope": "associates"}, "scope_note is required")
    Designation.model_validate({**DESIGNATION, "scope": "associates", "scope_note": "Listed individuals."})
    suspension = {**DESIGNATION, "designation_id": "des-ru-2025-taliban-suspend", "action": "suspend"}
    for action in Action:
        if action not in (Action.LIST, Action.CARRY_OVER):
            rejects(Designation, {**suspension, "action": action.value}, "related_designation_id is required")
    Designation.model_validate({**suspension, "action": "carry_over"})
    rejects(Designation, {**DESIGNATION, "related_designation_id": "des-ru-1999-taliban-list"}, "names no related")
    rejects(Designation, {**suspension, "related_designation_id": suspension["designation_id"]}, "relate to itself")
    Designation.model_validate({**suspension, "related_designation_id": "des-ru-2003-taliban-list"})


def test_jurisdiction_accepts_international_bodies_only_from_the_list() -> None:
    Instrument.model_validate({**INSTRUMENT, "jurisdiction": "UN"})
    Instrument.model_validate({**INSTRUMENT, "jurisdiction": "EU"})
    rejects(Instrument, {**INSTRUMENT, "jurisdiction": "NATO"})
    rejects(Instrument, {**INSTRUMENT, "jurisdiction": "ZZ"}, "ISO 3166-1")


def test_identifier_examples_in_the_schema_name_real_records() -> None:
    import proscribed
    from proscribed._schema._tables import TABLES, referenced_table

    dataset = proscribed.load()
    checked = 0
    for table in TABLES:
        for name, field in table.model.model_fields.items():
            if referenced_table(field.annotation, field.metadata) is None and name != "record_id":
                continue
            for example in field.examples or ():
                dataset.get(example)
                checked += 1
    assert checked >= 10
