"""The catalogue of error codes that loading and validation share: stable names, what each means, how to fix it.

Codes are part of the command's interface: scripts filter on them and the documentation lists them.
A code is never renamed or reused for another meaning; new checks get new codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CATALOGUE", "ErrorCode", "Layer", "error_code", "known_code"]


class Layer(StrEnum):
    """Which layer of the validation a code belongs to, in the order the layers run."""

    DESCRIPTOR = "descriptor"
    STRUCTURE = "structure"
    CELL = "cell"
    RECORD = "record"
    TABLE = "table"
    REFERENCES = "references"
    HYGIENE = "hygiene"


@dataclass(frozen=True, slots=True)
class ErrorCode:
    """One kind of error the validator reports."""

    code: str
    layer: Layer
    title: str
    description: str
    fix: str


CATALOGUE: tuple[ErrorCode, ...] = (
    ErrorCode(
        "descriptor-unreadable",
        Layer.DESCRIPTOR,
        "Descriptor is not JSON",
        "datapackage.json cannot be parsed as a JSON object.",
        "Regenerate it with `proscribed descriptor --write`; it is never edited by hand.",
    ),
    ErrorCode(
        "descriptor-profile",
        Layer.DESCRIPTOR,
        "Descriptor breaks the Data Package v2 profile",
        "datapackage.json is not valid against the official Data Package v2 JSON Schema "
        "(checked offline against a transcription that a test holds to the official profile). The field names the "
        "JSON path of the problem.",
        "Regenerate it with `proscribed descriptor --write`.",
    ),
    ErrorCode(
        "descriptor-drift",
        Layer.DESCRIPTOR,
        "Generated file differs from the models",
        "datapackage.json, or a JSON Schema under schemas/, differs from what the record models generate. "
        "The data is still checked against the models.",
        "Run `proscribed descriptor --write`; change the models, not the generated files.",
    ),
    ErrorCode(
        "file-missing",
        Layer.STRUCTURE,
        "Table file missing",
        "A table of the package has no CSV file at its path.",
        "Restore the file, with at least its header row.",
    ),
    ErrorCode(
        "file-unreadable",
        Layer.STRUCTURE,
        "Table file unreadable",
        "The CSV file exists but cannot be read (permissions, a folder in its place).",
        "Make the file a readable regular file.",
    ),
    ErrorCode(
        "encoding",
        Layer.STRUCTURE,
        "Not UTF-8",
        "The line contains bytes that are not valid UTF-8. The rest of the file is checked with the bad "
        "bytes replaced.",
        "Save the file as UTF-8.",
    ),
    ErrorCode(
        "byte-order-mark",
        Layer.STRUCTURE,
        "Byte-order mark",
        "The file starts with a UTF-8 byte-order mark.",
        "Save the file as UTF-8 without a byte-order mark (BOM).",
    ),
    ErrorCode(
        "csv-syntax",
        Layer.STRUCTURE,
        "Malformed CSV",
        "A quoted cell is never closed, so the rest of the file is read as one cell.",
        'Close the quote; a double quote inside a quoted cell is written twice ("").',
    ),
    ErrorCode(
        "unrepresentable",
        Layer.STRUCTURE,
        "Rows fmt cannot write back exactly",
        "Reported by `proscribed fmt` only: the file's rows would not survive a rewrite in canonical form "
        "unchanged, so fmt leaves the file as it is.",
        "Run `proscribed validate` and fix what it reports in the file; then run fmt again.",
    ),
    ErrorCode(
        "symbolic-link",
        Layer.STRUCTURE,
        "Table file is a symbolic link",
        "Reported by `proscribed fmt` only: rewriting the file would replace the link with a file, so fmt "
        "leaves it alone.",
        "Format the file the link points to, or replace the link with the file itself.",
    ),
    ErrorCode(
        "header",
        Layer.STRUCTURE,
        "Wrong header",
        "The header row does not name the table's columns in the order the models define. Cells are "
        "checked by position, as Frictionless does.",
        "Make the first row exactly the column names listed in the schema reference.",
    ),
    ErrorCode(
        "blank-row",
        Layer.STRUCTURE,
        "Blank row",
        "A row has no content (an empty line, or only commas).",
        "Delete the row.",
    ),
    ErrorCode(
        "missing-cell",
        Layer.STRUCTURE,
        "Missing cell",
        "The row has fewer cells than the header; the field names the first column without a cell.",
        "Add the missing cells (an empty cell is written as nothing between two commas).",
    ),
    ErrorCode(
        "extra-cell",
        Layer.STRUCTURE,
        "Extra cell",
        "The row has more cells than the header.",
        "Remove the extra cells, or quote a cell that contains a comma.",
    ),
    ErrorCode(
        "required",
        Layer.CELL,
        "Required value missing",
        "The column is required (not optional in the model, or part of the primary key) and the cell is empty.",
        "Fill in the cell.",
    ),
    ErrorCode(
        "type",
        Layer.CELL,
        "Wrong type",
        "The value is not of the column's type (e.g. not a whole number).",
        "Write a value of the column's type, without spaces or separators.",
    ),
    ErrorCode(
        "pattern",
        Layer.CELL,
        "Wrong form",
        "The value does not match the column's pattern (identifiers, codes, EDTF dates, URLs).",
        "Write the value in the form the schema reference gives for the column.",
    ),
    ErrorCode(
        "length",
        Layer.CELL,
        "Too long or too short",
        "The value has more (or fewer) characters than the column allows.",
        "Shorten the value, or move detail to a note column.",
    ),
    ErrorCode(
        "enum",
        Layer.CELL,
        "Not in the vocabulary",
        "The value is not a term of the column's controlled vocabulary.",
        "Use one of the listed terms, spelled exactly (lowercase).",
    ),
    ErrorCode(
        "range",
        Layer.CELL,
        "Out of range",
        "The number is outside the range the column allows (e.g. negative).",
        "Write a number in range.",
    ),
    ErrorCode(
        "date",
        Layer.CELL,
        "Invalid EDTF date",
        "The value looks like a date but is not a valid value of the accepted EDTF subset "
        "(an impossible day, an interval that ends before it starts, a qualifier where none is allowed).",
        "Write a real date at the precision known: 2024, 2024-06, 2024-06-05, 2024-06-05/2024-06-08, 2023-11~.",
    ),
    ErrorCode(
        "language",
        Layer.CELL,
        "Invalid language tag",
        "The value is not a valid BCP 47 language tag in canonical form.",
        "Write the tag in canonical form, e.g. en, ru, ps, uz-Cyrl.",
    ),
    ErrorCode(
        "country",
        Layer.CELL,
        "Unknown country code",
        "The value is not an ISO 3166-1 alpha-2 country code (or, where allowed, EU or UN).",
        "Use the two-letter ISO 3166-1 code, in capitals.",
    ),
    ErrorCode(
        "invalid-value",
        Layer.CELL,
        "Invalid value",
        "The model rejects the value for a reason not covered by a more specific code.",
        "Read the message; it is the model's own.",
    ),
    ErrorCode(
        "record-rule",
        Layer.RECORD,
        "Record breaks a rule of its model",
        "The cells are valid one by one, but together they break a rule of the record's model "
        "(e.g. a non-English quote without an English rendering). The field names the rule's first column.",
        "Read the message: it names the columns involved and what they need.",
    ),
    ErrorCode(
        "primary-key",
        Layer.TABLE,
        "Duplicate identifier",
        "Another row already has this primary key; the message gives its line.",
        "Give the record its own identifier, or delete the duplicate row.",
    ),
    ErrorCode(
        "unique",
        Layer.TABLE,
        "Duplicate value",
        "The column's values must be unique and another row already has this one.",
        "Keep the value on one row only.",
    ),
    ErrorCode(
        "foreign-key",
        Layer.REFERENCES,
        "Dangling reference",
        "The value names a record that does not exist in the referenced table.",
        "Add the record to the referenced table, or correct the identifier.",
    ),
    ErrorCode(
        "reference-unreadable",
        Layer.REFERENCES,
        "References not checked",
        "A table this one refers to could not be read, so these references were not checked.",
        "Fix the errors reported for the referenced table, then validate again.",
    ),
    ErrorCode(
        "citation-target",
        Layer.REFERENCES,
        "Citation of a missing record",
        "A citation's record_id names no record in the table its prefix points to (stmt- statements, "
        "evt- events, des- designations, ins- instruments, role- roles, per-/org-/state- actors, and a "
        "two-letter jurisdiction prefix such as gb- lists).",
        "Correct the record_id, or add the record.",
    ),
    ErrorCode(
        "uncited",
        Layer.REFERENCES,
        "Record cites no source",
        "Statements, events, designations, instruments, lists and roles must each be cited by at least one row "
        "of citations.csv.",
        "Add a citation row with the record's identifier, a source and the verbatim excerpt that supports it.",
    ),
    ErrorCode(
        "quote-source-uncited",
        Layer.REFERENCES,
        "Quote's source not cited",
        "A statement's quote_source_id is not among the sources its citations cite.",
        "Add a citation of that source for the statement, with the excerpt that contains the quote.",
    ),
    ErrorCode(
        "quote-not-in-excerpt",
        Layer.REFERENCES,
        "Quote not in the cited excerpt",
        "The quote does not appear verbatim in the excerpt cited from its quote source. Runs of whitespace "
        "count as one space, and […] marks omitted text.",
        "Copy the quote exactly as the source prints it, or widen the excerpt to contain it.",
    ),
    ErrorCode(
        "history-without-listing",
        Layer.REFERENCES,
        "Act on a listing that is not in force",
        "A delisting, suspension, reinstatement, renewal, review or amendment finds no listing its action can "
        "change on its date: there is no listing before it on that list, or the listing is in a state the "
        "action does not apply to (already delisted or lapsed, not suspended for a reinstatement, already "
        "suspended for a suspension). The states and the allowed actions are one table, shared with the "
        "status queries.",
        "Record the listing first, correct the dates, or point related_designation_id at the act it changes; "
        "record a listing after a delisting as a new 'list' act.",
    ),
    ErrorCode(
        "history-listed-twice",
        Layer.REFERENCES,
        "Listed while already listed",
        "A 'list' or 'carry_over' act takes effect while an earlier listing of the same actor on the same list "
        "is still in force (listed or suspended), both of the whole organisation and made by different "
        "instruments. A listing after the earlier one lapsed or was delisted is allowed, and so are listings "
        "of parts of an organisation beside each other or beside the whole, a measure on its associates "
        "beside a listing of it, and two entries made by one instrument.",
        "Record a renewal as 'renew' (or a change as 'amend') with related_designation_id, or delist first.",
    ),
    ErrorCode(
        "history-related",
        Layer.REFERENCES,
        "Related act does not fit",
        "related_designation_id names an act on another actor or on another list, an act that takes effect "
        "later, or a chain of acts that never reaches a listing; or a 'carry_over' act continues a listing that "
        "is not on its list's predecessor, or is on a list with no predecessor.",
        "Point related_designation_id at the earlier act this one changes, on the same list and actor.",
    ),
    ErrorCode(
        "history-term",
        Layer.REFERENCES,
        "Term ends before it starts",
        "An act's end_date falls before the day its instrument takes effect.",
        "Correct the end_date, or the instrument's dates.",
    ),
    ErrorCode(
        "history-outside-list",
        Layer.REFERENCES,
        "Act outside its list's lifetime",
        "An act's instrument takes effect before the act's list began (its started date) or after it ended.",
        "Correct the instrument's dates or the list's started and ended dates, or put the act on the right "
        "list (a predecessor list for acts before this one began).",
    ),
    ErrorCode(
        "instrument-jurisdiction",
        Layer.REFERENCES,
        "Instrument of another jurisdiction",
        "An act's instrument is of another jurisdiction than the act's list.",
        "Point instrument_id at the instrument that made the act, or put the act on the right list.",
    ),
    ErrorCode(
        "confirmed-evidence",
        Layer.REFERENCES,
        "Confirmed without the evidence it takes",
        "A record marked confirmed is supported neither by an official source (or a copy of an official legal "
        "text) nor by sources of two independent origins. A source's origin is the publisher it relays, else its "
        "publisher, else its site: a wire report and its reprints are one origin, and so are one publisher's outlets. "
        "For an act, its instrument's supporting sources count too.",
        "Cite an official source or an independent second one, or set verification to partial or unconfirmed "
        "and say why in verification_note.",
    ),
    ErrorCode(
        "alias-act",
        Layer.REFERENCES,
        "Name given by an act on another actor",
        "An alias's designation_id names an act on another actor than the alias's.",
        "Point designation_id at the act that gave this actor the name, or leave it empty.",
    ),
    ErrorCode(
        "text-hygiene",
        Layer.HYGIENE,
        "Unclean text",
        "Text must be in Unicode NFC, without leading or trailing whitespace, control characters, tabs, "
        "zero-width or bidirectional-override characters; line breaks only in long-text columns.",
        "Retype or clean the value; the message names the offending character by its code point.",
    ),
    ErrorCode(
        "formula-text",
        Layer.HYGIENE,
        "Text a spreadsheet would run as a formula",
        "A text value starts with =, +, - or @, so a spreadsheet opening the CSV file would evaluate it as a "
        "formula (CSV injection): it could show a wrong value, or make a link or a command out of the cell.",
        "Start the value with its first word: leave out a list bullet ('- ') or a leading sign, or say it in words "
        "('plus', 'minus'); quote a formula-like passage inside a sentence instead.",
    ),
    ErrorCode(
        "url",
        Layer.HYGIENE,
        "Not an http(s) URL",
        "URLs must be absolute http or https URLs with a host and without whitespace.",
        "Write the full URL, starting with https:// (or http://).",
    ),
    ErrorCode(
        "future-date",
        Layer.HYGIENE,
        "Date in the future",
        "A date lies after today. Only end_date of a designation (a scheduled lapse) and the date of a "
        "planned event may lie ahead.",
        "Correct the date; record a planned event with status 'planned'.",
    ),
)
"""Every error code, in the order the layers run."""

_BY_CODE = {entry.code: entry for entry in CATALOGUE}


def error_code(code: str) -> ErrorCode:
    """The catalogue entry for *code*."""
    return _BY_CODE[code]


def known_code(code: str) -> ErrorCode | None:
    """The catalogue entry for *code*, or ``None`` for a code only ``fmt`` reports."""
    return _BY_CODE.get(code)
