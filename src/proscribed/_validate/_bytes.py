"""Byte-level scans of Arrow string columns with numpy: one pass over a column's UTF-8 buffer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["per_row_count", "string_buffers"]


def string_buffers(values: pa.Array) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """The row offsets (length n + 1, starting at 0) and the UTF-8 bytes of a string column's rows."""
    import numpy as np  # noqa: PLC0415

    _, offsets_buffer, data_buffer = values.buffers()
    window = np.frombuffer(offsets_buffer, dtype=np.int32)[values.offset : values.offset + len(values) + 1]
    offsets = window.astype(np.int64)
    start = int(offsets[0]) if len(offsets) else 0
    relative: npt.NDArray[np.int64] = offsets - start
    if data_buffer is None or len(values) == 0:
        return relative, np.zeros(0, dtype=np.uint8)
    data: npt.NDArray[np.uint8] = np.frombuffer(data_buffer, dtype=np.uint8)[start : int(offsets[-1])]
    return relative, data


def per_row_count(offsets: npt.NDArray[np.int64], selected: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """How many *selected* bytes (a mask over the column's bytes) fall in each row."""
    import numpy as np  # noqa: PLC0415

    rows = len(offsets) - 1
    if len(selected) == 0 or rows == 0:
        return np.zeros(rows, dtype=np.int64)
    starts = np.minimum(offsets[:-1], len(selected) - 1)
    counts = np.add.reduceat(selected, starts, dtype=np.int64)
    counts[offsets[1:] == offsets[:-1]] = 0  # reduceat gives an empty row the byte at its start
    return counts
