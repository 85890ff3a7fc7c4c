"""The cell layer (and the hygiene checks that concern single cells): every cell against its column's rule."""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING

from .._edtf import ParsedDate
from .._tables import Table
from .._types import cached_edtf
from ._columns import ColumnRule
from ._findings import Finding
from ._read import Batch

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["FUTURE_ALLOWED", "check_cells"]

FUTURE_ALLOWED: dict[tuple[str, str], tuple[str, str] | None] = {
    ("designations", "end_date"): None,
    ("events", "date"): ("status", "planned"),
}
"""Date columns that may lie in the future: always (``None``), or when another column has a given value."""


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


def _finding(table: Table, batch: Batch, index: int, code: str, message: str, column: str) -> Finding:  # noqa: PLR0913, PLR0917  (a finding's parts)
    return Finding(code, table.path, message, int(batch.row_numbers[index]), int(batch.lines[index]), column)


def _column_findings(
    table: Table, rule: ColumnRule, batch: Batch, values: pa.Array, bad: npt.NDArray[np.bool_]
) -> list[Finding]:
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    findings: list[Finding] = []
    present = values.is_valid().to_numpy(zero_copy_only=False)
    if rule.required:
        missing = ~present & ~batch.blank
        absent = batch.absent.get(rule.name)
        if absent is not None:
            bad |= absent
            missing &= ~absent
        bad |= missing
        findings.extend(
            _finding(table, batch, int(index), "required", f"{rule.name} is required and the cell is empty", rule.name)
            for index in np.flatnonzero(missing)
        )
    if not present.any():
        return findings
    if rule.acceptor is not None:
        accepted = pc.fill_null(rule.acceptor(values), fill_value=False).to_numpy(zero_copy_only=False)
        residue = present & ~accepted
    else:
        residue = present
    if not residue.any():
        return findings
    candidates = pc.unique(values.filter(pa.array(residue))).to_pylist()
    failing = [value for value in candidates if rule.verdict(value) is not None]
    if not failing:
        return findings
    rows = np.flatnonzero(
        residue & pc.is_in(values, value_set=pa.array(failing, pa.string())).to_numpy(zero_copy_only=False)
    )
    bad[rows] = True
    for index in rows:
        verdict = rule.verdict(values[int(index)].as_py())
        assert verdict is not None  # noqa: S101  (selected as failing)
        findings.append(_finding(table, batch, int(index), verdict[0], verdict[1], rule.name))
    return findings


def _future_findings(  # noqa: PLR0913, PLR0917  (the pieces of one check, passed as they are)
    table: Table,
    rule: ColumnRule,
    batch: Batch,
    values: pa.Array,
    bad: npt.NDArray[np.bool_],
    today: datetime.date,
) -> list[Finding]:
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    allowed = FUTURE_ALLOWED.get((table.name, rule.name), ())
    if allowed is None:
        return []
    usable = values.is_valid().to_numpy(zero_copy_only=False) & ~bad
    if not usable.any():
        return []
    candidates = pc.unique(values.filter(pa.array(usable))).to_pylist()
    ahead = [value for value in candidates if _future(value, today)]
    if not ahead:
        return []
    mask = usable & pc.is_in(values, value_set=pa.array(ahead, pa.string())).to_numpy(zero_copy_only=False)
    if allowed:
        other, exempt_value = allowed
        exempt = pc.fill_null(pc.equal(batch.columns[other], exempt_value), fill_value=False)
        mask &= ~exempt.to_numpy(zero_copy_only=False)
    message = f"lies after today ({today.isoformat()})"
    return [
        _finding(table, batch, int(index), "future-date", f"{values[int(index)].as_py()!r} {message}", rule.name)
        for index in np.flatnonzero(mask)
    ]


def check_cells(
    today: datetime.date, table: Table, rules: dict[str, ColumnRule], batch: Batch
) -> tuple[list[Finding], npt.NDArray[np.bool_]]:
    """Check every cell of a batch; return the findings and which cells are bad (rows by columns)."""
    import numpy as np  # noqa: PLC0415

    bad = np.zeros((len(batch), len(rules)), dtype=bool)
    findings: list[Finding] = []
    for position, (name, rule) in enumerate(rules.items()):
        values = batch.columns[name]
        column_bad = np.zeros(len(batch), dtype=bool)
        findings.extend(_column_findings(table, rule, batch, values, column_bad))
        if rule.edtf:
            findings.extend(_future_findings(table, rule, batch, values, column_bad, today))
        bad[:, position] = column_bad
    return findings, bad
