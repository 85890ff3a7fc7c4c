"""The cell layer (and the hygiene checks that concern single cells): every cell against its column's rule.

A column whose batch holds few distinct values (dates, language tags, references to other tables) is
dictionary-encoded and checked one distinct value at a time; the codes are kept for the later
layers of the same batch (foreign keys, record rules). A column of mostly distinct values (identifiers,
free text), or one whose acceptor is a lookup in a vocabulary, is checked row by row by its acceptor,
and only the values the acceptor leaves reach the model's adapter, once each.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .._schema import _messages as messages
from .._schema._edtf import ParsedDate
from .._schema._tables import Table
from .._schema._types import cached_edtf
from ._bytes import bool_array, index_array, string_array, true_mask, valid_mask
from ._columns import ColumnRule
from ._findings import Finding
from ._read import Batch

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["CellCheck", "Encoded", "check_cells", "encode"]

_DISTINCT_SHARE = 0.5
"""Above this share of distinct values in a batch, a column is checked row by row from then on."""

_KNOWN_LIMIT = 1 << 16
"""How many values the model has accepted are remembered per column, so later batches skip them."""


@dataclass(frozen=True)
class Encoded:
    """A column of one batch as its distinct values and, per row, the position of its value (-1: empty)."""

    dictionary: pa.Array
    codes: npt.NDArray[np.int32]

    def rows_where(self, selected: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        """Which rows hold one of the *selected* distinct values."""
        import numpy as np  # noqa: PLC0415

        lookup = np.append(selected, False)  # code -1 (an empty cell) reads the appended False
        result: npt.NDArray[np.bool_] = lookup[self.codes]
        return result


def encode(values: pa.Array) -> Encoded:
    """Dictionary-encode a string column."""
    import numpy as np  # noqa: PLC0415

    encoded = values.dictionary_encode()
    indices = encoded.indices
    codes = np.frombuffer(indices.buffers()[1], dtype=np.int32)[indices.offset : indices.offset + len(indices)].copy()
    if indices.null_count:
        codes[~valid_mask(indices)] = -1
    return Encoded(encoded.dictionary, codes)


@dataclass
class CellCheck:
    """The cell checks of one table in one run: which columns are worth dictionary-encoding."""

    today: datetime.date
    table: Table
    rules: dict[str, ColumnRule]
    encoded: frozenset[str] = frozenset()
    """Columns later layers want dictionary-encoded (those are encoded whatever their acceptor)."""
    row_by_row: set[str] = field(default_factory=set)
    accepted: dict[str, pa.Array] = field(default_factory=dict)
    """Per column, values its field type accepted in earlier batches."""
    not_future: dict[str, pa.Array] = field(default_factory=dict)
    """Per date column, values found not to lie after today in earlier batches."""

    def check(self, batch: Batch) -> tuple[list[Finding], npt.NDArray[np.bool_], dict[str, Encoded]]:
        """Check every cell of a batch: the findings, which cells are bad (rows by columns), the encodings made."""
        import numpy as np  # noqa: PLC0415

        bad = np.zeros((len(batch), len(self.rules)), dtype=bool)
        findings: list[Finding] = []
        encodings: dict[str, Encoded] = {}
        for position, (name, rule) in enumerate(self.rules.items()):
            values = batch.columns[name]
            column_bad = np.zeros(len(batch), dtype=bool)
            findings.extend(self._column(rule, batch, values, column_bad, encodings))
            bad[:, position] = column_bad
        return findings, bad, encodings

    def _column(
        self,
        rule: ColumnRule,
        batch: Batch,
        values: pa.Array,
        bad: npt.NDArray[np.bool_],
        encodings: dict[str, Encoded],
    ) -> list[Finding]:
        import numpy as np  # noqa: PLC0415

        findings: list[Finding] = []
        present = valid_mask(values)
        if rule.required:
            missing = ~present & ~batch.blank
            absent = batch.absent.get(rule.name)
            if absent is not None:
                bad |= absent
                missing &= ~absent
            bad |= missing
            message = messages.required(rule.name)
            findings.extend(self._finding(batch, int(index), "required", message, rule.name)
                            for index in np.flatnonzero(missing))  # fmt: skip
        count = int(present.sum())
        if not count:
            return findings
        if rule.name in self.row_by_row or (rule.membership and rule.name not in self.encoded):
            verdicts, failing = self._row_by_row(rule, values, present)
            encoded = None
        else:
            encoded = encode(values)
            encodings[rule.name] = encoded
            if len(encoded.dictionary) > _DISTINCT_SHARE * count:
                self.row_by_row.add(rule.name)
            verdicts, failing = self._distinct(rule, encoded)
        bad |= failing
        for index in np.flatnonzero(failing):
            code, message = verdicts[int(index)]
            findings.append(self._finding(batch, int(index), code, message, rule.name))
        if rule.edtf:
            findings.extend(self._future(rule, batch, values, present & ~bad, encoded))
        return findings

    def _distinct(self, rule: ColumnRule, encoded: Encoded) -> tuple[dict[int, tuple[str, str]], npt.NDArray[np.bool_]]:
        """Judge each distinct value once; return the verdict of each failing row, and which rows fail."""
        import numpy as np  # noqa: PLC0415

        dictionary = encoded.dictionary
        unsure = ~rule.acceptor(dictionary) if rule.acceptor is not None else np.ones(len(dictionary), dtype=bool)
        unsure &= ~_among(dictionary, self.accepted.get(rule.name))
        positions = np.flatnonzero(unsure)
        if not len(positions):
            return {}, np.zeros(len(encoded.codes), dtype=bool)
        unsure_values = dictionary.take(index_array(positions))
        verdicts = [rule.verdict(value) for value in unsure_values.to_pylist()]
        passed = np.array([verdict is None for verdict in verdicts], dtype=bool)
        _remember(self.accepted, rule.name, unsure_values.filter(bool_array(passed)))
        if passed.all():
            return {}, np.zeros(len(encoded.codes), dtype=bool)
        failing_codes = {int(position): verdict for position, verdict in zip(positions, verdicts, strict=True)
                         if verdict is not None}  # fmt: skip
        selected = np.zeros(len(dictionary), dtype=bool)
        selected[list(failing_codes)] = True
        failing = encoded.rows_where(selected)
        rows = np.flatnonzero(failing)
        return {int(row): failing_codes[int(encoded.codes[row])] for row in rows}, failing

    @staticmethod
    def _row_by_row(
        rule: ColumnRule, values: pa.Array, present: npt.NDArray[np.bool_]
    ) -> tuple[dict[int, tuple[str, str]], npt.NDArray[np.bool_]]:
        import numpy as np  # noqa: PLC0415
        import pyarrow.compute as pc  # noqa: PLC0415

        residue = present & ~rule.acceptor(values) if rule.acceptor is not None else present
        failing = np.zeros(len(values), dtype=bool)
        if not residue.any():
            return {}, failing
        candidates = pc.unique(values.filter(bool_array(residue))).to_pylist()
        failing_values = [value for value in candidates if rule.verdict(value) is not None]
        if not failing_values:
            return {}, failing
        failing = residue & true_mask(pc.is_in(values, value_set=string_array(failing_values)))
        verdicts = {}
        for index in np.flatnonzero(failing):
            verdict = rule.verdict(values[int(index)].as_py())
            assert verdict is not None  # noqa: S101  (selected as failing)
            verdicts[int(index)] = verdict
        return verdicts, failing

    def _future(
        self,
        rule: ColumnRule,
        batch: Batch,
        values: pa.Array,
        usable: npt.NDArray[np.bool_],
        encoded: Encoded | None,
    ) -> list[Finding]:
        import numpy as np  # noqa: PLC0415

        allowed = self.table.model.future_dates.get(rule.name, ())
        if allowed is None or not usable.any():
            return []
        if encoded is None:
            encoded = encode(values)
        in_use = np.zeros(len(encoded.dictionary), dtype=bool)
        in_use[encoded.codes[usable]] = True
        in_use &= ~_among(encoded.dictionary, self.not_future.get(rule.name))
        positions = np.flatnonzero(in_use)
        ahead = np.zeros(len(encoded.dictionary), dtype=bool)
        candidates = encoded.dictionary.take(index_array(positions))
        for position, value in zip(positions, candidates.to_pylist(), strict=True):
            ahead[position] = _future(value, self.today)
        _remember(self.not_future, rule.name, candidates.filter(bool_array(~ahead[positions])))
        mask = usable & encoded.rows_where(ahead)
        if allowed and mask.any():
            other, exempt_value = allowed
            exempt = encode(batch.columns[other])
            mask &= ~exempt.rows_where(true_mask(_equal_to(exempt.dictionary, exempt_value)))
        message = f"lies after today ({self.today.isoformat()})"
        return [
            self._finding(batch, int(index), "future-date", f"{values[int(index)].as_py()!r} {message}", rule.name)
            for index in np.flatnonzero(mask)
        ]

    def _finding(self, batch: Batch, index: int, code: str, message: str, column: str) -> Finding:
        return Finding(code, self.table.path, message, int(batch.row_numbers[index]), int(batch.lines[index]), column)


def _among(values: pa.Array, known: pa.Array | None) -> npt.NDArray[np.bool_]:
    """Which values are among *known* (none when nothing is known)."""
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if known is None or not len(known):
        return np.zeros(len(values), dtype=bool)
    return true_mask(pc.is_in(values, value_set=known))


def _remember(memory: dict[str, pa.Array], name: str, values: pa.Array) -> None:
    import pyarrow as pa  # noqa: PLC0415

    known = memory.get(name)
    if not len(values) or (known is not None and len(known) >= _KNOWN_LIMIT):
        return
    memory[name] = values if known is None else pa.concat_arrays([known, values])


def _equal_to(values: pa.Array, value: str) -> pa.Array:
    import pyarrow.compute as pc  # noqa: PLC0415

    return pc.is_in(values, value_set=string_array([value]))


def _latest_start(parsed: ParsedDate) -> datetime.date | None:
    """The earliest day on which the last event a value names can have happened."""
    if parsed.is_interval:
        end = parsed.text.partition("/")[2]
        if end in ("", ".."):
            return parsed.lower
        return cached_edtf(end).lower
    return parsed.lower


@functools.lru_cache(maxsize=1 << 16)
def _future(raw: str, today: datetime.date) -> bool:
    start = _latest_start(cached_edtf(raw))
    return start is not None and start > today


def check_cells(
    today: datetime.date, table: Table, rules: dict[str, ColumnRule], batch: Batch
) -> tuple[list[Finding], npt.NDArray[np.bool_]]:
    """Check every cell of one batch on its own; return the findings and which cells are bad (rows by columns)."""
    findings, bad, _ = CellCheck(today, table, rules).check(batch)
    return findings, bad
