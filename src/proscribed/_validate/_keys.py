"""Repeated keys among the rows of a table (primary and unique keys), found over whole columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._bytes import bool_array, index_array, true_mask, valid_mask

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["duplicates", "int_values"]


def int_values(values: pa.Array) -> npt.NDArray[np.int64]:
    """An Arrow integer array's values (whatever is stored where an entry is null)."""
    import numpy as np  # noqa: PLC0415

    width = np.int64 if values.type.bit_width == 64 else np.int32
    raw = np.frombuffer(values.buffers()[1], dtype=width)[values.offset : values.offset + len(values)]
    return raw.astype(np.int64)


def _codes(values: pa.Array) -> npt.NDArray[np.int64]:
    """Each value's position among the column's distinct values; -1 for an empty cell."""
    import numpy as np  # noqa: PLC0415

    indices = values.dictionary_encode().indices
    return np.where(valid_mask(indices), int_values(indices), -1)


def _repeats(keys: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """(row, first row with the same key) for every repeated key among *rows*."""
    import numpy as np  # noqa: PLC0415

    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    repeated = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
    if not len(repeated):
        return []
    run_starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    first_of = run_starts[np.searchsorted(run_starts, repeated, side="right") - 1]
    return sorted(zip(rows[order[repeated]].tolist(), rows[order[first_of]].tolist(), strict=True))


def _combined(codes: list[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
    """One integer per row that is equal exactly when all the codes are."""
    import numpy as np  # noqa: PLC0415

    combined = np.zeros(len(codes[0]), dtype=np.int64)
    radix = 1
    for code in codes:
        width = int(code.max()) + 2 if len(code) else 1  # codes run from -1
        if radix * width >= 1 << 62:
            _, inverse = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
            return inverse.reshape(-1).astype(np.int64)
        combined += (code + 1) * radix
        radix *= width
    return combined


def duplicates(columns: list[pa.Array], skip: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(row, first row with the same key) for every repeated key; rows with *skip* or an all-empty key are ignored.

    A key whose first column runs in order (as in a sorted file) is settled without hashing that column:
    equal keys are then next to each other.
    """
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    present = np.zeros(len(skip), dtype=bool)
    for column in columns:
        present |= valid_mask(column)
    usable = np.flatnonzero(present & ~skip)
    if len(usable) < 2:
        return []
    selection = bool_array(present & ~skip) if len(usable) < len(skip) else None
    first = columns[0] if selection is None else columns[0].filter(selection)
    if first.null_count == 0:
        earlier, later = first.slice(0, len(first) - 1), first.slice(1)
        if true_mask(pc.less_equal(earlier, later)).all():
            same = true_mask(pc.equal(earlier, later))
            if not same.any():
                return []
            in_run = np.r_[same, False] | np.r_[False, same]
            run = np.cumsum(np.r_[True, ~same])  # equal first columns share a run number
            rows = np.flatnonzero(in_run)
            codes = [run[rows].astype(np.int64)]
            picked = index_array(usable[rows])
            codes += [_codes(column.take(picked)) for column in columns[1:]]
            return _repeats(_combined(codes), usable[rows])
    picked_all = index_array(usable) if selection is not None else None
    codes = [_codes(column if picked_all is None else column.take(picked_all)) for column in columns]
    return _repeats(_combined(codes), usable)
