"""Build a small, valid data package from a few records, filling in the fields a test does not care about."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from proscribed._io._csvio import render_rows
from proscribed._schema._descriptor import render_descriptor
from proscribed._schema._tables import TABLES

Row = dict[str, Any]

BASE_ACTORS: list[Row] = [
    {"actor_id": "org-x", "actor_type": "organization", "name": "Group X", "org_class": "movement"},
    {"actor_id": "org-court", "actor_type": "organization", "name": "Supreme Court", "org_class": "court"},
    {"actor_id": "state-ru", "actor_type": "state", "name": "Russia", "country": "RU"},
]
BASE_SOURCES: list[Row] = [
    {
        "source_id": "src-a",
        "source_type": "document",
        "source_class": "official",
        "title": "A statement",
        "url": "https://example.org/a",
        "language": "en",
        "issued": "2020-01-01",
    }
]
ACT_DEFAULTS: Row = {
    "actor_id": "org-x",
    "scope": "entity",
    "verification": "confirmed",
}
INSTRUMENT_FIELDS = ("decision_date", "publication_date", "effective_date", "authority_id", "applicant_id")
"""Fields an :func:`act` may be given that belong to its instrument."""
LIST_FIELDS = ("jurisdiction", "measure", "program")
"""Fields an :func:`act` may be given that choose its list."""


def act(designation_id: str, action: str, **fields: Any) -> Row:
    """A designation row with defaults; give at least one date.

    Dates (and authority, applicant) given here go to an instrument of the act's own, ``ins-`` and the
    act's identifier without ``des-``, unless ``instrument_id`` names another; jurisdiction (default RU),
    measure (default terrorist) and program choose the list (``ru-terrorist``, ``un-sanctions``, …) unless
    ``list_id`` is given. :func:`write_package` writes the instruments and lists.
    """
    row = {**ACT_DEFAULTS, "designation_id": designation_id, "action": action, **fields}
    if row["scope"] != "entity" and "scope_note" not in row:
        row["scope_note"] = "Named individuals and entities"
    if row["verification"] != "confirmed" and "verification_note" not in row:
        row["verification_note"] = "Sources disagree."
    return row


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def split_act(row: Row) -> tuple[Row, Row | None, Row]:
    """The designation row proper, the instrument it brings (if any), and its list."""
    jurisdiction = row.get("jurisdiction", "RU")
    measure = row.get("measure", "terrorist")
    program = row.get("program")
    list_id = row.get("list_id") or f"{jurisdiction.lower()}-{_slug(program) if program else measure}"
    listed_on = {
        "list_id": list_id,
        "jurisdiction": jurisdiction,
        "name": program or f"The {measure} list of {jurisdiction}",
        "measure": measure,
        "authority_id": "org-court",
    }
    act_row = {key: value for key, value in row.items() if key not in INSTRUMENT_FIELDS + LIST_FIELDS}
    act_row["list_id"] = list_id
    instrument = None
    if "instrument_id" not in row:
        instrument_id = "ins-" + row["designation_id"].removeprefix("des-")
        act_row["instrument_id"] = instrument_id
        instrument = {
            "instrument_id": instrument_id,
            "jurisdiction": jurisdiction,
            "instrument_type": "court_decision",
            "title": "Decision of the court",
            "title_lang": "en",
            "authority_id": row.get("authority_id", "org-court"),
            "verification": "confirmed",
            **{key: row[key] for key in INSTRUMENT_FIELDS if key in row and key != "authority_id"},
        }
    return act_row, instrument, listed_on


def _with_instruments_and_lists(rows: dict[str, list[Row]]) -> None:
    """Split acts given with their dates into acts, instruments and lists."""
    acts, instruments, lists = [], list(rows["instruments"]), {row["list_id"]: row for row in rows["lists"]}
    for row in rows["designations"]:
        act_row, instrument, listed_on = split_act(row)
        acts.append(act_row)
        if instrument is not None:
            instruments.append(instrument)
        lists.setdefault(listed_on["list_id"], listed_on)
    rows["designations"], rows["instruments"], rows["lists"] = acts, instruments, list(lists.values())


def cite(record_id: str, *, source_id: str = "src-a", **fields: Any) -> Row:
    """A citation row supporting *record_id* with a short excerpt."""
    return {
        "record_id": record_id,
        "source_id": source_id,
        "relation": "supports",
        "aspect": "record",
        "excerpt": "The court ruled.",
        "excerpt_lang": "en",
        **fields,
    }


def write_package(root: Path, tables: Mapping[str, Sequence[Row]]) -> Path:
    """Write a package under *root*: the given tables, the base actors and sources where none are given,
    and a supporting citation for every designation, statement, event and role that has none."""
    rows: dict[str, list[Row]] = {table.name: list(tables.get(table.name, ())) for table in TABLES}
    if "actors" not in tables:
        rows["actors"] = copy.deepcopy(BASE_ACTORS)
    if "sources" not in tables:
        rows["sources"] = copy.deepcopy(BASE_SOURCES)
    _with_instruments_and_lists(rows)
    cited = {row["record_id"] for row in rows["citations"]}
    keys = {
        "designations": "designation_id",
        "statements": "statement_id",
        "events": "event_id",
        "roles": "role_id",
        "instruments": "instrument_id",
        "lists": "list_id",
    }
    for name, key in keys.items():
        for row in rows[name]:
            if row[key] not in cited:
                rows["citations"].append(cite(row[key]))
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "datapackage.json").write_text(render_descriptor(), encoding="utf-8")
    for table in TABLES:
        text = render_rows(table, rows[table.name])
        (root / table.path).write_text(text, encoding="utf-8", newline="")
    return root


def rich_tables() -> dict[str, list[Row]]:
    """Every table filled, with text that quotes and escapes must survive and dates at every precision."""
    actors: list[Row] = [
        *BASE_ACTORS[:1],
        {**BASE_ACTORS[1], "country": "RU", "parent_id": "state-ru"},
        BASE_ACTORS[2],
        {"actor_id": "org-mfa", "actor_type": "organization", "name": "Foreign Ministry", "org_class": "ministry",
         "country": "RU", "parent_id": "state-ru", "description": 'Not a formula: =HYPERLINK("https://example.org","click")'},
        {"actor_id": "per-a", "actor_type": "person", "name": "Anna A", "name_original": "Анна А",
         "name_original_lang": "ru", "country": "RU", "wikidata_id": "Q4115189"},
        {"actor_id": "per-b", "actor_type": "person", "name": 'Boris, "B"', "country": "KZ",
         "description": "Line one.\nLine two, with a comma."},
    ]  # fmt: skip
    aliases: list[Row] = [
        {"actor_id": "org-x", "alias": "X @ group", "lang": "en", "alias_type": "alias"},
        {"actor_id": "org-x", "alias": "X-X", "lang": "en", "alias_type": "abbreviation"},
        {"actor_id": "org-x", "alias": "'Group' X", "lang": "en", "alias_type": "former"},
        {"actor_id": "org-x", "alias": "Группа «Икс»", "lang": "ru", "alias_type": "legal"},
    ]
    roles: list[Row] = [
        {"role_id": "role-anna-a-minister", "person_id": "per-a", "organization_id": "org-mfa",
         "title": "Minister", "role_class": "minister", "period": "2020-01/.."},
    ]  # fmt: skip
    sources: list[Row] = [
        BASE_SOURCES[0],
        {"source_id": "src-b", "source_type": "webpage", "source_class": "official", "title": "Заявление",
         "title_en": "Statement", "issued": "2024-06", "url": "https://example.org/b?x=1&y=2", "language": "ru"},
    ]  # fmt: skip
    events: list[Row] = [
        {"event_id": "evt-20240605-forum", "event_type": "forum", "title": "A forum", "date": "2024-06-05/2024-06-08",
         "status": "occurred", "country": "UZ", "place": "Tashkent", "verification": "confirmed"},
        {"event_id": "evt-2023-attack", "event_type": "attack", "title": "An attack", "date": "2023",
         "status": "alleged", "fatalities": 3, "verification": "unconfirmed", "verification_note": "One source."},
        {"event_id": "evt-20250417-ruling", "event_type": "court_ruling", "title": "The ruling", "date": "2025-04-17",
         "status": "occurred", "country": "RU", "parent_event_id": "evt-20240605-forum", "verification": "confirmed"},
    ]  # fmt: skip
    participants: list[Row] = [
        {"event_id": "evt-20240605-forum", "actor_id": "per-a", "participant_role": "attendee",
         "role_id": "role-anna-a-minister"},
        {"event_id": "evt-20240605-forum", "actor_id": "per-b", "participant_role": "host"},
        {"event_id": "evt-2023-attack", "actor_id": "org-x", "participant_role": "perpetrator", "note": "claimed"},
        {"event_id": "evt-20250417-ruling", "actor_id": "org-court", "participant_role": "court"},
        {"event_id": "evt-20250417-ruling", "actor_id": "org-x", "participant_role": "subject"},
    ]  # fmt: skip
    statement_defaults: Row = {"date_basis": "spoken", "setting": "press_conference", "quote_type": "direct",
                               "quote_lang": "en", "quote_source_id": "src-a", "subject_id": "org-x",
                               "verification": "confirmed"}  # fmt: skip
    statements: list[Row] = [
        {**statement_defaults, "statement_id": "stmt-20240527-anna-a-real-power", "speaker_id": "per-a",
         "role_id": "role-anna-a-minister", "on_behalf_of_id": "state-ru", "date": "2024-05-27",
         "quote": "They are the real power.", "stance": "favor", "stance_topic": "designation"},
        {**statement_defaults, "statement_id": "stmt-202306-boris-b-danger", "speaker_id": "per-b", "date": "2023-06",
         "quote": "Это =опасно", "quote_lang": "ru", "quote_en": "This is dangerous", "translation_by": "curator",
         "quote_source_id": "src-b", "stance": "against", "stance_topic": "security", "date_basis": "published"},
        {**statement_defaults, "statement_id": "stmt-202504-anna-a-talks", "speaker_id": "per-a",
         "date": "[2025-04-01..2025-04-04]", "quote": "We will talk to them.", "stance": "neutral",
         "stance_topic": "engagement", "event_id": "evt-20240605-forum", "verification": "unconfirmed",
         "verification_note": "Only one report.\nIt gives no day."},
    ]  # fmt: skip
    designations: list[Row] = [
        act("des-ru-2003-x-list", "list", decision_date="2003-02-14", listed_name="Группа «Икс»",
            applicant_id="org-mfa"),
        act("des-ru-2025-x-suspend", "suspend", decision_date="2025-04-17", effective_date="2025-05-20",
            related_designation_id="des-ru-2003-x-list", verification="disputed",
            verification_note="One report says it took effect at once."),
        act("des-un-2011-x-list", "list", jurisdiction="UN", measure="sanctions", scope="associates",
            scope_note="Individuals and entities associated with Group X", decision_date="2011-06"),
    ]  # fmt: skip
    citations: list[Row] = [
        cite("stmt-20240527-anna-a-real-power", excerpt="She said: They are the real power. Then she left."),
        cite("stmt-202306-boris-b-danger", source_id="src-b", excerpt="Он сказал: Это =опасно", excerpt_lang="ru",
             excerpt_en="He said: This is dangerous", translation_by="curator", locator="para. 2"),
        cite("stmt-202504-anna-a-talks", excerpt="We will talk to them."),
        cite("des-ru-2025-x-suspend", relation="contradicts", aspect="date", excerpt="It takes effect immediately."),
        cite("des-ru-2025-x-suspend", source_id="src-b", aspect="date", excerpt="Вступило в силу 20 мая.",
             excerpt_lang="ru", excerpt_en="Came into force on 20 May.", translation_by="curator"),
    ]  # fmt: skip
    return copy.deepcopy(
        {
            "actors": actors,
            "aliases": aliases,
            "roles": roles,
            "sources": sources,
            "events": events,
            "event_participants": participants,
            "statements": statements,
            "designations": designations,
            "citations": citations,
        }
    )
