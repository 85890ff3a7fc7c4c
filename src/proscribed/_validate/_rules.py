"""The record layer: the models' own cross-field rules, run once per distinct projection of the rows.

A rule is a ``@model_validator(mode="after")`` of a record model. Which columns it reads is found in
its source: every ``self.<field>`` and every field name written as a string (for ``getattr``), also
inside properties and methods of the model that it calls. Rows are then projected onto those columns,
and the rule runs once per distinct projection on a record built with ``model_construct``.

Identifier and free-text columns have too many distinct values for that to save anything, so the
projection keeps only what a rule may read of them: whether they are empty, an identifier's prefix
(``org``, ``per``), and which of them are equal within the row. A projection whose rule fails is run
again on each of its real rows, so the messages name the real values. ``tests/test_validate_rules.py``
checks this contract against the models.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .._schema._messages import field_named
from .._schema._models._base import Record
from ._bytes import true_mask, valid_mask
from ._cells import Encoded, encode
from ._columns import ColumnRule, Kind
from ._content import content_reads, member_code, rule_syntax

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["RecordRules", "read_fields", "undeclared_content_rules"]

RuleFunction = Callable[[Record], object]


def _function_fields(  # noqa: C901  (one walk over the syntax tree)
    model: type[Record], function: Callable[..., object], seen: set[str]
) -> set[str] | None:
    """Fields a method of *model* reads, or ``None`` when that cannot be told from its source."""
    fields = set(model.model_fields)
    tree = rule_syntax(function)
    if tree is None:
        return None
    found: set[str] = set()
    allowed_self: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            allowed_self.add(id(node.value))
            name = node.attr
            if name in fields:
                found.add(name)
                continue
            is_member, code = member_code(model, name)
            if is_member and name not in seen:
                seen.add(name)
                inner = None if code is None else _function_fields(model, code, seen)
                if inner is None:
                    return None
                found |= inner
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and node.args
            and isinstance(node.args[0], ast.Name)
        ):
            allowed_self.add(id(node.args[0]))
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
            allowed_self.add(id(node.value))  # an after-validator returns the record itself
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in fields:
            found.add(node.value)
    arguments = {argument.arg for argument in ast.walk(tree) if isinstance(argument, ast.arg)}
    for node in ast.walk(tree):
        is_self = isinstance(node, ast.Name) and node.id == "self" and isinstance(node.ctx, ast.Load)
        if is_self and id(node) not in allowed_self and "self" in arguments:
            return None  # self passed on whole: any field may be read
    return found


def read_fields(model: type[Record], function: Callable[..., object]) -> tuple[str, ...]:
    """The columns a rule of *model* reads, in column order (all of them when that cannot be told)."""
    found = _function_fields(model, function, set())
    if found is None:
        return tuple(model.model_fields)
    return tuple(name for name in model.model_fields if name in found)


@dataclass
class _Rule:
    name: str
    function: RuleFunction
    fields: tuple[str, ...]
    content: frozenset[str] = frozenset()
    """Identifier and free-text fields the rule reads by content: projected by their whole value."""
    outcomes: dict[tuple[object, ...], str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleFailure:
    """A rule that fails on one row."""

    index: int
    field: str
    message: str


def _rules_of(model: type[Record], kinds: dict[str, Kind]) -> list[_Rule] | None:
    """The model's after-validators, or ``None`` when it has validators of another kind."""
    decorators = model.__pydantic_decorators__
    if decorators.field_validators or decorators.root_validators or decorators.validators:
        return None
    rules = []
    for name, decorator in decorators.model_validators.items():
        if decorator.info.mode != "after":
            return None
        function: RuleFunction = decorator.func
        rules.append(_Rule(name, function, read_fields(model, function), content_reads(model, function, kinds)))
    return rules


def undeclared_content_rules(model: type[Record], columns: dict[str, ColumnRule]) -> list[str]:
    """Rules of *model* that read identifiers or free text by content without being named in ``content_rules``.

    Each is described in a sentence that says which fields it reads and what to do.
    """
    kinds = {name: rule.kind for name, rule in columns.items()}
    problems = []
    for name, decorator in model.__pydantic_decorators__.model_validators.items():
        fields = content_reads(model, decorator.func, kinds)
        if bool(fields) != (name in model.content_rules):
            read = ", ".join(sorted(fields)) or "no identifier or free text"
            problems.append(
                f"{model.__name__}.{name} reads {read} by content; "
                + (
                    f"name it in {model.__name__}.content_rules (validation runs it per distinct value), "
                    "or read those fields only by presence, prefix and equality"
                    if fields
                    else f"remove it from {model.__name__}.content_rules"
                )
            )
    return problems


def _message(error: BaseException) -> str:
    return str(error).removeprefix("Value error, ")


class RecordRules:
    """The cross-field rules of one table's model."""

    def __init__(self, model: type[Record], columns: dict[str, ColumnRule]) -> None:
        self.model = model
        self.columns = columns
        rules = _rules_of(model, {name: rule.kind for name, rule in columns.items()})
        self.whole_model = rules is None
        self.rules = rules or []

    @property
    def encoded_columns(self) -> frozenset[str]:
        """Columns whose distinct values the projections read (all columns when the whole model runs)."""
        if self.whole_model:
            return frozenset()
        return frozenset(
            name for rule in self.rules for name in rule.fields if self._kind(rule, name) in ("value", "identifier")
        )

    def _kind(self, rule: _Rule, name: str) -> Kind:
        """How *rule* reads column *name*: a column it reads by content is read as a value."""
        return "value" if name in rule.content else self.columns[name].kind

    def _run(self, rule: _Rule, values: dict[str, object]) -> str | None:
        fields: dict[str, object] = {name: values.get(name) for name in self.model.model_fields}
        record = self.model.model_construct(None, **fields)
        try:
            rule.function(record)
        except (ValueError, AssertionError) as error:
            return _message(error)
        return None

    def _field_of(self, rule: _Rule, message: str) -> str:
        """The column a message is about: the column it names first, else the rule's first column."""
        named = field_named(message, tuple(self.model.model_fields))
        if named is not None:
            return named
        return rule.fields[0] if rule.fields else next(iter(self.model.model_fields))

    def check(  # noqa: C901  (filter, group, run, rerun)
        self,
        columns: dict[str, pa.Array],
        present: npt.NDArray[np.bool_],
        bad: dict[str, npt.NDArray[np.bool_]],
        encodings: Mapping[str, Encoded] | None = None,
    ) -> list[RuleFailure]:
        """Run every rule on a batch; return the failures by row index.

        A rule runs on the *present* (non-blank) rows whose cells in the columns it reads are valid, as
        the model runs its rules only on valid fields. *encodings* are columns of the batch already
        dictionary-encoded by the cell layer.
        """
        import numpy as np  # noqa: PLC0415

        failures: list[RuleFailure] = []
        if self.whole_model:
            clean = present.copy()
            for mask in bad.values():
                clean &= ~mask
            return self._check_whole(columns, np.flatnonzero(clean))
        for rule in self.rules:
            candidates = present.copy()
            for name in rule.fields:
                candidates &= ~bad[name]
            rows = np.flatnonzero(candidates)
            if len(rows) == 0:
                continue
            keys, representatives = self._projections(rule, columns, rows, encodings or {})
            for group, representative in enumerate(representatives):
                projection = self._projection(rule, columns, int(rows[representative]))
                if projection not in rule.outcomes:
                    rule.outcomes[projection] = self._run(rule, self._placeholders(rule, projection))
                if rule.outcomes[projection] is None:
                    continue
                for index in rows[keys == group]:
                    message = self._run(rule, self._real_values(rule, columns, int(index)))
                    if message is not None:
                        failures.append(RuleFailure(int(index), self._field_of(rule, message), message))
        return failures

    def _check_whole(self, columns: dict[str, pa.Array], rows: Iterable[int]) -> list[RuleFailure]:
        from pydantic import ValidationError  # noqa: PLC0415

        failures = []
        for index in rows:
            cells = {name: columns[name][int(index)].as_py() for name in self.model.model_fields}
            try:
                self.model.model_validate({name: value for name, value in cells.items() if value is not None})
            except ValidationError as error:
                for detail in error.errors(include_url=False):
                    if not detail["loc"]:
                        message = _message(ValueError(detail["msg"]))
                        failures.append(RuleFailure(int(index), next(iter(cells)), message))
        return failures

    def _projections(
        self,
        rule: _Rule,
        columns: dict[str, pa.Array],
        rows: npt.NDArray[np.intp],
        encodings: Mapping[str, Encoded],
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """Group *rows* by projection: the group of each row, and one row (position in *rows*) per group."""
        import numpy as np  # noqa: PLC0415
        import pyarrow.compute as pc  # noqa: PLC0415

        codes: list[npt.NDArray[np.int64]] = []
        opaque: list[pa.Array] = []
        for name in rule.fields:
            values = columns[name]
            kind = self._kind(rule, name)
            encoded = encodings.get(name)
            if kind == "value":
                encoded = encoded or encode(values)
                codes.append(encoded.codes[rows].astype(np.int64))
                continue
            if kind == "identifier":
                encoded = encoded or encode(values)
                prefixes = pc.replace_substring_regex(pc.utf8_slice_codeunits(encoded.dictionary, 0, 8), "-.*$", "")
                prefix_codes = np.append(encode(prefixes).codes, -1)  # an empty cell (code -1) reads the -1
                codes.append(prefix_codes[encoded.codes[rows]].astype(np.int64))
            else:
                codes.append((~valid_mask(values))[rows].astype(np.int64))
            opaque.append(values)
        for first in range(len(opaque)):
            for second in range(first + 1, len(opaque)):
                equal = true_mask(pc.equal(opaque[first], opaque[second]))
                codes.append(equal[rows].astype(np.int64))
        if not codes:
            return np.zeros(len(rows), dtype=np.intp), np.zeros(1, dtype=np.intp)
        combined = np.zeros(len(rows), dtype=np.int64)
        radix = 1
        for code in codes:
            width = int(code.max()) + 2  # codes run from -1
            if radix * width >= 1 << 62:
                matrix = np.stack(codes, axis=1)
                _, representatives, keys = np.unique(matrix, axis=0, return_index=True, return_inverse=True)
                return keys.reshape(-1), representatives
            combined += (code + 1) * radix
            radix *= width
        _, representatives, keys = np.unique(combined, return_index=True, return_inverse=True)
        return keys.reshape(-1), representatives

    def _projection(self, rule: _Rule, columns: dict[str, pa.Array], index: int) -> tuple[object, ...]:
        """What the rule may see of one row: values, or for opaque columns (null, prefix, equality class)."""
        raw = {name: columns[name][index].as_py() for name in rule.fields}
        seen: list[object] = []
        projection: list[object] = []
        for name in rule.fields:
            value = raw[name]
            kind = self._kind(rule, name)
            if kind == "value" or value is None:
                projection.append((name, value))
                continue
            if value not in seen:
                seen.append(value)
            prefix = str(value).split("-", 1)[0] if kind == "identifier" else ""
            projection.append((name, kind, prefix, seen.index(value)))
        return tuple(projection)

    def _placeholders(self, rule: _Rule, projection: tuple[object, ...]) -> dict[str, object]:
        values: dict[str, object] = {}
        for name, part in zip(rule.fields, projection, strict=True):
            assert isinstance(part, tuple)  # noqa: S101  (built by _projection)
            if len(part) == 2:
                raw = part[1]
                values[name] = None if raw is None else self.columns[name].value(str(raw))
            else:
                _, kind, prefix, equal_class = part
                values[name] = f"{prefix}-placeholder-{equal_class}" if kind == "identifier" else f"text {equal_class}"
        return values

    def _real_values(self, rule: _Rule, columns: dict[str, pa.Array], index: int) -> dict[str, object]:
        values: dict[str, object] = {}
        for name in rule.fields:
            raw = columns[name][index].as_py()
            values[name] = None if raw is None else self.columns[name].value(raw)
        return values
