"""Per-column checks, derived from the record models.

Each column's rule is the model's own field type, run through a pydantic ``TypeAdapter`` once per
distinct value. A vectorised *acceptor* in front of it (a regular expression, a length bound or a set
membership test run by Arrow over the whole column) lets values through that the field type certainly
accepts; only the remaining values, usually none, reach the adapter. An acceptor is always derived
from the field's own constraints and never rejects anything by itself: the adapter has the last word
and writes the message.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import StringConstraints, TypeAdapter, ValidationError

from .._schema import _types
from .._schema._edtf import EdtfError, parse_edtf
from .._schema._tables import Table, vocabulary_of
from .._schema._types import (
    FORMULA_STARTS,
    INTEGER_TEXT,
    INTERNATIONAL_BODIES,
    References,
    text_problem,
    url_problem,
    value_error_code,
)
from ._bytes import bool_array, per_row_any, string_array, string_buffers, true_mask
from ._languages import known_tags
from ._textclass import clean_text_regex

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa
    from pydantic.fields import FieldInfo

__all__ = ["ColumnRule", "Kind", "column_rules"]

Kind = Literal["identifier", "text", "value"]
"""How record rules may read a column: identifiers and free text only by null-ness, prefix and equality."""

Acceptor = Callable[["pa.Array"], "npt.NDArray[np.bool_]"]
"""Which values of a string column the field type certainly accepts (a null is not accepted)."""

_UNSAFE_FOR_RE2 = re.compile(r"\\[sdwbSDWB1-9]|\(\?[=!<]")
_ID_PATTERN = re.compile(r"\^\(([a-z|]+)\)-")
_SHOWN_LENGTH = 60


def _signature(annotation: object) -> tuple[object, tuple[object, ...]]:
    if typing.get_origin(annotation) is Annotated:
        base, *metadata = typing.get_args(annotation)
        return base, tuple(metadata)
    return annotation, ()


_IDENTIFIERS = {
    _signature(alias)
    for alias in (
        _types.ActorId,
        _types.PersonId,
        _types.RoleId,
        _types.SourceId,
        _types.StatementId,
        _types.EventId,
        _types.DesignationId,
        _types.InstrumentId,
        _types.CountId,
        _types.ListId,
        _types.CitableId,
        _types.WikidataId,
    )
}
_TEXT = _signature(_types.Text)
_LONG_TEXT = _signature(_types.LongText)
_URL = _signature(_types.Url)
_COUNTRY = _signature(_types.CountryCode)
_LANGUAGE = _signature(_types.LanguageTag)
_JURISDICTION = _signature(_types.Jurisdiction)


def _field_type(info: FieldInfo) -> tuple[object, tuple[object, ...]]:
    """The field's type without ``None``, as (base type, metadata)."""
    annotation: object = info.annotation
    if typing.get_origin(annotation) in (typing.Union, __import__("types").UnionType):
        options = [arm for arm in typing.get_args(annotation) if arm is not type(None)]
        annotation = options[0]
    base, metadata = _signature(annotation)
    return base, (*metadata, *info.metadata)


def _constraints(metadata: tuple[object, ...]) -> StringConstraints | None:
    found = [item for item in metadata if isinstance(item, StringConstraints)]
    return found[0] if len(found) == 1 else None


def _shown(value: str) -> str:
    text = value if len(value) <= _SHOWN_LENGTH else value[: _SHOWN_LENGTH - 1] + "…"
    return repr(text)


@dataclass
class ColumnRule:
    """How one column of one table is checked."""

    table: str
    name: str
    required: bool
    integer: bool
    kind: Kind
    edtf: bool
    annotation: Any
    """The field's type without ``None``, with its constraints and validators."""
    acceptor: Acceptor | None
    membership: bool
    """Whether the acceptor is a lookup in a fixed set of terms (a vocabulary, the country codes)."""
    pattern: str | None
    vocabulary: tuple[str, ...] | None
    known: frozenset[str] = frozenset()
    """Plain string values the field's type certainly accepts unchanged (checked without its validator)."""
    verdicts: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)

    @functools.cached_property
    def adapter(self) -> TypeAdapter[Any]:
        """The field type's validator (built when a value first needs it: most columns never do)."""
        return TypeAdapter(self.annotation)

    def verdict(self, raw: str) -> tuple[str, str] | None:
        """The (code, message) of what is wrong with a non-empty cell value, or ``None``; memoised."""
        try:
            return self.verdicts[raw]
        except KeyError:
            pass
        found = self._judge(raw)
        self.verdicts[raw] = found
        return found

    def value(self, raw: str) -> object:
        """The model's value for a cell the column accepts (an enum member, an int, the string)."""
        if raw in self.known:
            return raw
        try:
            return self.values[raw]
        except KeyError:
            value = self.adapter.validate_python(raw)
            self.values[raw] = value
            return value

    def _judge(self, raw: str) -> tuple[str, str] | None:
        if self.integer and INTEGER_TEXT.fullmatch(raw) is None:
            return "type", f"{_shown(raw)} is not an integer: write digits only, without spaces or separators"
        try:
            self.values[raw] = self.adapter.validate_python(raw)
        except ValidationError as error:
            return self._explain(raw, error.errors(include_url=False)[0])
        return None

    def _explain(self, raw: str, detail: Any) -> tuple[str, str]:  # noqa: ANN401, PLR0911  (pydantic's ErrorDetails; one return per code)
        kind = detail["type"]
        context = detail.get("ctx") or {}
        shown = _shown(raw)
        code = value_error_code(kind, self.name, raw)
        if code == "url" and kind == "string_pattern_mismatch":
            return code, f"{shown}: URL {url_problem(raw)}"
        if code == "pattern" and self.edtf:
            try:
                parse_edtf(raw)
            except EdtfError as error:
                if "does not exist" in str(error):
                    return "date", str(error)
        if code == "pattern":
            problem = text_problem(raw)
            hint = f" ({problem})" if problem else ""
            return code, f"{shown} is not {self._form()}{hint}"
        if code == "length":
            bound = "at most" if kind == "string_too_long" else "at least"
            limit = context.get("max_length", context.get("min_length"))
            return code, f"{len(raw)} characters; the column allows {bound} {limit}"
        if code == "enum":
            terms = ", ".join(self.vocabulary or ())
            return code, f"{shown} is not a term of the vocabulary; use one of: {terms}"
        if code == "type":
            return code, f"{shown} is not an integer"
        if code == "range":
            return code, f"{shown}: {detail['msg'].lower()}"
        return code, f"{shown}: {detail['msg']}"

    def _form(self) -> str:
        if self.edtf:
            return "an EDTF date of the accepted form (e.g. 2024, 2024-06, 2024-06-05, 2024-06-05/2024-06-08)"
        if self.pattern is None:
            return "of the required form"
        prefixes = _ID_PATTERN.match(self.pattern)
        if prefixes is not None:
            starts = " or ".join(f"'{prefix}-'" for prefix in prefixes.group(1).split("|"))
            return f"an identifier: {starts} then lowercase letters and digits, words joined by single hyphens"
        return f"of the form {self.pattern}"


def _text_acceptor(*, multiline: bool, constraints: StringConstraints) -> Acceptor:
    """Accept clean text: ASCII rows by a scan of the column's bytes, the others by a Unicode-aware regex."""
    import numpy as np  # noqa: PLC0415  (the validator imports numpy and pyarrow lazily)
    import pyarrow.compute as pc  # noqa: PLC0415

    pattern = clean_text_regex(multiline=multiline)
    edge_forbidden = np.zeros(256, dtype=bool)
    edge_forbidden[:0x21] = True
    edge_forbidden[0x7F:] = True  # a non-ASCII first or last byte may belong to Unicode whitespace
    first_forbidden = edge_forbidden.copy()
    first_forbidden[[ord(character) for character in sorted(FORMULA_STARTS)]] = True

    def accept(values: pa.Array) -> npt.NDArray[np.bool_]:
        offsets, data = string_buffers(values)
        lengths = np.diff(offsets)
        non_empty = lengths > 0
        if not len(data):
            return non_empty
        starts = np.minimum(offsets[:-1], len(data) - 1)
        # Each row's highest byte: below 0x7F the row is ASCII without DEL; from 0x80 it holds other characters
        # (and goes to the regular expression, which accepts neither DEL nor any other control).
        highest = np.maximum.reduceat(data, starts)
        bad = np.zeros(len(lengths), dtype=bool)
        if data.min() < 0x20:  # control bytes (or line breaks) are rare: look closer
            control = data < 0x20
            if multiline:
                control &= data != 0x0A
            bad = per_row_any(offsets, control)
        first = np.where(non_empty, offsets[:-1], 0)
        last = np.where(non_empty, offsets[1:] - 1, 0)
        edges = first_forbidden[data[first]] | edge_forbidden[data[last]]
        accepted = non_empty & (highest < 0x7F) & ~bad & ~edges
        unsure = non_empty & (highest >= 0x80) & ~bad
        if unsure.any():
            matched = pc.match_substring_regex(values.filter(bool_array(unsure)), pattern)
            accepted[unsure] = true_mask(matched)
        return accepted & _length_ok(lengths, values, constraints)

    return accept


def _length_ok(
    lengths: npt.NDArray[np.int64], values: pa.Array, constraints: StringConstraints
) -> npt.NDArray[np.bool_]:
    """Rows whose character count is within the bounds (a UTF-8 byte count bounds it from both sides)."""
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    result = lengths > 0
    low, high = constraints.min_length or 0, constraints.max_length
    unsure = (lengths > high) if high is not None else np.zeros(len(lengths), dtype=bool)
    unsure |= lengths < 4 * low
    if unsure.any():
        characters = np.frombuffer(pc.utf8_length(values).buffers()[1], dtype=np.int32)
        characters = characters[values.offset : values.offset + len(values)]
        within = characters >= low
        if high is not None:
            within &= characters <= high
        result &= ~unsure | within
    return result


def _pattern_acceptor(constraints: StringConstraints) -> Acceptor | None:
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    pattern = constraints.pattern
    if not isinstance(pattern, str) or _UNSAFE_FOR_RE2.search(pattern):
        return None

    def accept(values: pa.Array) -> npt.NDArray[np.bool_]:
        lengths = np.diff(string_buffers(values)[0])
        return true_mask(pc.match_substring_regex(values, pattern)) & _length_ok(lengths, values, constraints)

    return accept


_SLUG_PATTERN = re.compile(r"\^\(((?:[a-z]+\|)*[a-z]+)\)-" + re.escape("[a-z0-9]+(-[a-z0-9]+)*") + r"\$")
"""The identifiers' pattern, exactly: one of some lowercase prefixes, a hyphen, then the slug that
:func:`_slug_acceptor` scans for (any other pattern is left to the regular expression)."""
_WORD = 8


def _slug_acceptor(constraints: StringConstraints) -> Acceptor | None:
    """For an identifier pattern (prefix, hyphen, slug), the same test as a scan of the column's bytes.

    Only for a pattern of exactly that form, whose prefixes are read from the pattern itself:
    ``^(p|q)-[a-z0-9]+(-[a-z0-9]+)*$`` accepts what starts with ``p-`` or ``q-`` followed by at least
    one character, has only lowercase letters, digits and hyphens, no two hyphens in a row, and
    does not end with a hyphen.
    """
    import numpy as np  # noqa: PLC0415

    pattern = constraints.pattern
    match = _SLUG_PATTERN.fullmatch(pattern) if isinstance(pattern, str) else None
    if match is None:
        return None
    prefixes = [(prefix + "-").encode("ascii") for prefix in match.group(1).split("|")]
    if max(len(prefix) for prefix in prefixes) > _WORD:
        return None
    limit = constraints.max_length

    def accept(values: pa.Array) -> npt.NDArray[np.bool_]:
        offsets, data = string_buffers(values)
        lengths = np.diff(offsets)
        result = lengths > 0
        if limit is not None:
            result &= lengths <= limit  # only ASCII is accepted: one byte per character
        if not len(data):
            return result
        hyphen = data == 0x2D
        bad = ((data < 0x30) & ~hyphen) | ((data > 0x39) & (data < 0x61)) | (data > 0x7A)
        bad[:-1] |= hyphen[:-1] & hyphen[1:]  # two hyphens in a row (across rows, the first row ends with one)
        result &= ~per_row_any(offsets, bad)
        result &= data[np.maximum(offsets[1:] - 1, 0)] != 0x2D
        padded = np.concatenate([data, np.zeros(_WORD, dtype=np.uint8)])
        words = np.ndarray((len(padded) - _WORD + 1,), dtype="<u8", buffer=padded, strides=(1,))
        first = words[np.minimum(offsets[:-1], len(data))]
        known = np.zeros(len(lengths), dtype=bool)
        for prefix in prefixes:
            mask = np.uint64((1 << (8 * len(prefix))) - 1)
            known |= ((first & mask) == np.uint64(int.from_bytes(prefix, "little"))) & (lengths > len(prefix))
        return result & known

    return accept


def _set_acceptor(terms: frozenset[str]) -> Acceptor:
    import pyarrow.compute as pc  # noqa: PLC0415

    value_set = string_array(sorted(terms))

    def accept(values: pa.Array) -> npt.NDArray[np.bool_]:
        return true_mask(pc.is_in(values, value_set=value_set))

    return accept


def _has_validator(metadata: tuple[object, ...]) -> bool:
    return any(not isinstance(item, (StringConstraints, References)) for item in metadata)


def _acceptor(base: object, metadata: tuple[object, ...]) -> Acceptor | None:
    signature = (base, metadata)
    constraints = _constraints(metadata)
    if signature in (_TEXT, _LONG_TEXT) and constraints is not None:
        return _text_acceptor(multiline=signature == _LONG_TEXT, constraints=constraints)
    if signature == _LANGUAGE:
        tags = known_tags()  # the common tags, listed from the model's own rule (see _languages.py)
        return _set_acceptor(tags) if tags is not None else None
    if signature in (_COUNTRY, _JURISDICTION):
        codes = _types._country_codes()  # noqa: SLF001  (the models' own code list)
        return _set_acceptor(codes | INTERNATIONAL_BODIES.keys() if signature == _JURISDICTION else codes)
    if base is str and constraints is not None and not _has_validator(metadata):
        return _slug_acceptor(constraints) or _pattern_acceptor(constraints)
    return None


def _kind(signature: tuple[object, tuple[object, ...]]) -> Kind:
    if signature in _IDENTIFIERS:
        return "identifier"
    if signature in (_TEXT, _LONG_TEXT, _URL):
        return "text"
    return "value"


def _rule(table: Table, name: str, info: FieldInfo, descriptor_type: str) -> ColumnRule:
    base, metadata = _field_type(info)
    vocabulary = vocabulary_of(info.annotation)
    constraints = _constraints(metadata)
    annotated: Any = Annotated[base, *metadata] if metadata else base
    if vocabulary is not None:
        acceptor: Acceptor | None = _set_acceptor(frozenset(term.value for term in vocabulary))
    else:
        acceptor = _acceptor(base, metadata)
    pattern = constraints.pattern if constraints is not None and isinstance(constraints.pattern, str) else None
    return ColumnRule(
        table=table.name,
        name=name,
        required=info.is_required() or name in table.primary_key,
        integer=descriptor_type == "integer",
        kind=_kind((base, metadata)),
        edtf=(base, metadata) == _signature(_types.EdtfDate),
        annotation=annotated,
        membership=vocabulary is not None or (base, metadata) in (_COUNTRY, _JURISDICTION),
        acceptor=acceptor,
        pattern=pattern,
        vocabulary=tuple(term.value for term in vocabulary) if vocabulary is not None else None,
        known=(known_tags() or frozenset()) if (base, metadata) == _LANGUAGE else frozenset(),
    )


def column_rules(table: Table, descriptor_types: dict[str, str]) -> dict[str, ColumnRule]:
    """The rule of every column of *table*, in header order."""
    return {
        name: _rule(table, name, info, descriptor_types.get(name, "string"))
        for name, info in table.model.model_fields.items()
    }
