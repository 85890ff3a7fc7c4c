"""Constrained value types shared by the record models: identifiers, dates, codes, text and URLs.

Each type is an ``Annotated[str, ...]`` whose rules live in one predicate here, so that the models,
the descriptor and the validator all apply the same rule.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from ._edtf import EDTF_PATTERN, EdtfError, ParsedDate, parse_edtf
from ._shown import did_you_mean, shown

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = [
    "CUSTOM_ERROR_CODES",
    "FORMULA_STARTS",
    "INTEGER_TEXT",
    "INTERNATIONAL_BODIES",
    "ActorId",
    "CitableId",
    "Count",
    "CountId",
    "CountryCode",
    "DesignationId",
    "EdtfDate",
    "EventId",
    "InstrumentId",
    "Jurisdiction",
    "LanguageTag",
    "ListId",
    "LongText",
    "PersonId",
    "References",
    "RoleId",
    "SourceId",
    "StatementId",
    "Text",
    "Url",
    "WikidataId",
    "cached_edtf",
    "citable_table",
    "country_suggestion",
    "formula_problem",
    "is_english",
    "is_jurisdiction",
    "text_problem",
    "url_problem",
    "value_error_code",
]

_SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
ID_MAX_LENGTH = 100

INTERNATIONAL_BODIES: dict[str, str] = {
    "EU": "European Union",
    "UN": "United Nations (Security Council and its committees)",
}
"""Codes for international bodies accepted as jurisdictions beside ISO 3166-1 alpha-2 countries."""


@dataclass(frozen=True, slots=True)
class References:
    """Marks an identifier type as a reference to the primary key of a table."""

    table: str


def _id_pattern(prefixes: str) -> StringConstraints:
    return StringConstraints(pattern=rf"^({prefixes})-{_SLUG}$", max_length=ID_MAX_LENGTH)


ActorId = Annotated[str, _id_pattern("per|org|state"), References("actors")]
PersonId = Annotated[str, _id_pattern("per"), References("actors")]
RoleId = Annotated[str, _id_pattern("role"), References("roles")]
SourceId = Annotated[str, _id_pattern("src"), References("sources")]
StatementId = Annotated[str, _id_pattern("stmt"), References("statements")]
EventId = Annotated[str, _id_pattern("evt"), References("events")]
DesignationId = Annotated[str, _id_pattern("des"), References("designations")]
InstrumentId = Annotated[str, _id_pattern("ins"), References("instruments")]
CountId = Annotated[str, _id_pattern("cnt"), References("list_counts")]
LIST_ID_PATTERN = rf"^[a-z]{{2}}-{_SLUG}$"
ListId = Annotated[str, StringConstraints(pattern=LIST_ID_PATTERN, max_length=ID_MAX_LENGTH), References("lists")]
"""A list's identifier: its jurisdiction in lower case, then a slug (``gb-proscribed``, ``un-1988``)."""

CITABLE_PREFIXES: dict[str, str] = {
    "stmt": "statements",
    "evt": "events",
    "des": "designations",
    "ins": "instruments",
    "cnt": "list_counts",
    "role": "roles",
    "per": "actors",
    "org": "actors",
    "state": "actors",
}
"""Which table a citation's ``record_id`` points into, by the identifier's prefix. A two-letter prefix
(a jurisdiction in lower case) points into ``lists``."""

LIST_TABLE = "lists"

CitableId = Annotated[
    str,
    StringConstraints(pattern=rf"^(({'|'.join(CITABLE_PREFIXES)})|[a-z]{{2}})-{_SLUG}$", max_length=ID_MAX_LENGTH),
]


def citable_table(record_id: str) -> str | None:
    """The table a citation's *record_id* points into, by its prefix, or ``None`` if none."""
    prefix = record_id.split("-", 1)[0]
    if prefix in CITABLE_PREFIXES:
        return CITABLE_PREFIXES[prefix]
    if len(prefix) == 2 and prefix.isascii() and prefix.islower() and prefix.isalpha():
        return LIST_TABLE
    return None


WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$", max_length=12)]


@functools.lru_cache(maxsize=8192)
def cached_edtf(text: str) -> ParsedDate:
    """Parse an EDTF value once; values recur across rows and tables."""
    return parse_edtf(text)


def _check_edtf(value: str) -> str:
    try:
        cached_edtf(value)
    except EdtfError as error:
        raise PydanticCustomError("edtf", "{reason}", {"reason": str(error)}) from None
    return value


EdtfDate = Annotated[
    str,
    StringConstraints(pattern=rf"^{EDTF_PATTERN}$", max_length=60),
    AfterValidator(_check_edtf),
]


@functools.cache
def _country_codes() -> frozenset[str]:
    import pycountry  # noqa: PLC0415  (deferred: import proscribed stays light)

    return frozenset(country.alpha_2 for country in pycountry.countries)


class _CodeList:
    """JSON Schema hook listing the accepted codes; computed only when a schema is generated."""

    def __init__(self, *, with_bodies: bool) -> None:
        self.with_bodies = with_bodies

    def codes(self) -> list[str]:
        codes = set(_country_codes())
        if self.with_bodies:
            codes |= INTERNATIONAL_BODIES.keys()
        return sorted(codes)

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["enum"] = self.codes()
        return schema


_COMMON_MISTAKES = {"UK": "GB", "EL": "GR"}
"""Codes in common use that are not ISO 3166-1 alpha-2 (the United Kingdom's, and Greece's in the EU)."""


def country_suggestion(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code someone who wrote *text* most likely meant, or ``None``.

    ``UK`` gives ``GB``, ``EL`` gives ``GR``, and a three-letter code or a country's name gives its code.
    """
    import pycountry  # noqa: PLC0415  (only when a code is wrong)

    cleaned = text.strip()
    if cleaned.upper() in _COMMON_MISTAKES:
        return _COMMON_MISTAKES[cleaned.upper()]
    try:
        found = pycountry.countries.lookup(cleaned)
    except LookupError:
        return None
    code = str(found.alpha_2)
    return None if code == cleaned else code


def _did_you_mean(value: str) -> str:
    suggestion = country_suggestion(value)
    return did_you_mean([] if suggestion is None else [suggestion])


def _check_country(value: str) -> str:
    if value not in _country_codes():
        raise PydanticCustomError(
            "country_code",
            "not an ISO 3166-1 alpha-2 country code{hint}",
            {"hint": _did_you_mean(value)},
        )
    return value


def is_jurisdiction(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 country code or an accepted international body (``UN``, ``EU``)."""
    return code in INTERNATIONAL_BODIES or code in _country_codes()


def _check_jurisdiction(value: str) -> str:
    if not is_jurisdiction(value):
        raise PydanticCustomError(
            "jurisdiction",
            "neither an ISO 3166-1 alpha-2 country code nor one of {bodies}{hint}",
            {"bodies": ", ".join(sorted(INTERNATIONAL_BODIES)), "hint": _did_you_mean(value)},
        )
    return value


CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    AfterValidator(_check_country),
    _CodeList(with_bodies=False),
]
Jurisdiction = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    AfterValidator(_check_jurisdiction),
    _CodeList(with_bodies=True),
]


@functools.lru_cache(maxsize=1024)
def _language_problem(value: str) -> str | None:
    import langcodes  # noqa: PLC0415  (deferred: import proscribed stays light)

    if not langcodes.tag_is_valid(value):
        return f"{value!r} is not a valid BCP 47 language tag"
    canonical = langcodes.standardize_tag(value)
    if canonical != value:
        return f"{value!r} is not in canonical BCP 47 form; write {canonical!r}"
    return None


def _check_language(value: str) -> str:
    problem = _language_problem(value)
    if problem is not None:
        raise PydanticCustomError("language_tag", "{problem}", {"problem": problem})
    return value


LanguageTag = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$", max_length=35),
    AfterValidator(_check_language),
]


def is_english(language: str) -> bool:
    """True when a BCP 47 tag denotes English (any region or script)."""
    return language == "en" or language.startswith("en-")


_FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls, except tab and line feed
    "\u200b\u200e\u200f\u2060\ufeff"  # zero-width space, direction marks, word joiner, BOM
    "\u202a-\u202e\u2066-\u2069]"  # bidirectional embeddings, overrides and isolates
)
_JOINER = re.compile("[\u200c\u200d]")


CUSTOM_ERROR_CODES = {
    "edtf": "date",
    "language_tag": "language",
    "country_code": "country",
    "jurisdiction": "country",
    "text_hygiene": "text-hygiene",
    "spreadsheet_formula": "formula-text",
    "url": "url",
}
"""The error code, in validation's catalogue, of each kind of error the value types raise."""

_KIND_CODES = {
    "missing": "required",
    "string_too_long": "length",
    "string_too_short": "length",
    "enum": "enum",
    **dict.fromkeys(("greater_than_equal", "greater_than", "less_than_equal", "less_than"), "range"),
    **CUSTOM_ERROR_CODES,
}


def value_error_code(kind: str, column: str, raw: object) -> str:
    """The code, in validation's catalogue, of a value that a column refuses with a Pydantic error *kind*.

    Loading and validation both name a refused cell by this function, so that they say it alike.
    """
    if kind == "string_pattern_mismatch":
        is_bad_url = column.endswith("url") and isinstance(raw, str) and url_problem(raw) is not None
        return "url" if is_bad_url else "pattern"
    if kind.startswith(("int_", "float_")):
        return "type"
    return _KIND_CODES.get(kind, "invalid-value")


INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
"""How an integer is written in a CSV cell: digits, with an optional sign; no spaces, separators or point."""


def _integer_cell(value: object) -> object:
    if isinstance(value, str) and INTEGER_TEXT.fullmatch(value) is None:
        raise PydanticCustomError(
            "int_parsing",
            "{value} is not an integer: write digits only, without spaces or separators",
            {"value": shown(value)},
        )
    return value


Count = Annotated[int, Field(ge=0), BeforeValidator(_integer_cell)]
"""A count: an integer of at least 0, written in a cell as digits only (Python would also take ``1_000``,
`` 5`` or ``5.0``)."""

FORMULA_STARTS = frozenset("=+-@")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection; tab and
carriage return, the others, are not allowed in text at all)."""


def formula_problem(value: str) -> str | None:
    """Say why a spreadsheet would evaluate *value* as a formula, or return ``None`` when it would not."""
    if value[:1] in FORMULA_STARTS:
        return f"starts with {value[0]!r}, so a spreadsheet opening the file would read it as a formula"
    return None


def text_problem(value: str, *, multiline: bool = False) -> str | None:  # noqa: PLR0911  (one return per rule)
    """Say what is wrong with a text value, or return ``None`` when it is clean.

    Clean text is NFC-normalised, has no leading or trailing whitespace, no control characters (no
    tab, and no line break unless *multiline*), no invisible formatting characters and no
    bidirectional overrides. Zero-width (non-)joiners are allowed only between two letters, where
    Persian and Indic scripts need them.
    """
    if value != value.strip():
        return "has leading or trailing whitespace"
    if unicodedata.normalize("NFC", value) != value:
        return "is not in Unicode NFC form"
    forbidden = _FORBIDDEN_CHARACTERS.search(value)
    if forbidden is not None:
        return f"contains the invisible or control character U+{ord(forbidden.group()):04X}"
    if "\t" in value:
        return "contains a tab"
    if not multiline and ("\n" in value or "\r" in value):
        return "contains a line break"
    if "\r" in value:
        return "contains a carriage return; use line feeds only"
    for joiner in _JOINER.finditer(value):
        start = joiner.start()
        before = value[start - 1] if start > 0 else " "
        after = value[start + 1] if start + 1 < len(value) else " "
        if not (before.isalpha() and after.isalpha()):
            return f"contains the zero-width joiner U+{ord(joiner.group()):04X} outside a word"
    return None


def _text_validator(*, multiline: bool) -> AfterValidator:
    def check(value: str) -> str:
        formula = formula_problem(value)
        if formula is not None:
            raise PydanticCustomError("spreadsheet_formula", "text {problem}", {"problem": formula})
        problem = text_problem(value, multiline=multiline)
        if problem is not None:
            raise PydanticCustomError("text_hygiene", "text {problem}", {"problem": problem})
        return value

    return AfterValidator(check)


Text = Annotated[str, StringConstraints(min_length=1, max_length=2000), _text_validator(multiline=False)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=20000), _text_validator(multiline=True)]


def url_problem(value: str) -> str | None:
    """Say what is wrong with a URL, or return ``None``: only absolute http(s) URLs with a host pass."""
    if any(character.isspace() for character in value):
        return "contains whitespace"
    hidden = _FORBIDDEN_CHARACTERS.search(value) or _JOINER.search(value)
    if hidden is not None:
        return f"contains the invisible or control character U+{ord(hidden.group()):04X}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        return "is not an http(s) URL"
    if not parts.hostname:
        return "has no host"
    return None


def _check_url(value: str) -> str:
    problem = url_problem(value)
    if problem is not None:
        raise PydanticCustomError("url", "URL {problem}", {"problem": problem})
    return value


Url = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s/?#]+[^\s]*$", max_length=2000),
    AfterValidator(_check_url),
]
