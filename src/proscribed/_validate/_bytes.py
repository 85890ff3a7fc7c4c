"""Moving data between Arrow and numpy through their buffers, and byte-level scans of string columns.

The helpers read and build Arrow arrays from their buffers directly: pyarrow's own conversions
(``to_numpy`` on booleans, ``pa.array`` on Python or numpy values) import pandas whenever it is
installed, which would cost every validation run a third of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = [
    "bool_array",
    "index_array",
    "per_row_any",
    "per_row_count",
    "string_array",
    "string_buffers",
    "true_mask",
    "valid_mask",
]


def string_buffers(values: pa.Array) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """The row offsets (length n + 1, starting at 0) and the UTF-8 bytes of a string column's rows."""
    import numpy as np  # noqa: PLC0415

    _, offsets_buffer, data_buffer = values.buffers()
    if offsets_buffer is None:
        return np.zeros(len(values) + 1, dtype=np.int64), np.zeros(0, dtype=np.uint8)
    window = np.frombuffer(offsets_buffer, dtype=np.int32)[values.offset : values.offset + len(values) + 1]
    offsets = window.astype(np.int64)
    start = int(offsets[0]) if len(offsets) else 0
    relative: npt.NDArray[np.int64] = offsets - start
    if data_buffer is None or len(values) == 0:
        return relative, np.zeros(0, dtype=np.uint8)
    data: npt.NDArray[np.uint8] = np.frombuffer(data_buffer, dtype=np.uint8)[start : int(offsets[-1])]
    return relative, data


def per_row_count(offsets: npt.NDArray[np.int64], selected: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """How many *selected* bytes (a mask over the column's bytes, usually sparse) fall in each row."""
    import numpy as np  # noqa: PLC0415

    rows = len(offsets) - 1
    positions = np.flatnonzero(selected)
    owners = np.searchsorted(offsets, positions, side="right") - 1  # the row each selected byte belongs to
    counts: npt.NDArray[np.int64] = np.bincount(owners, minlength=rows).astype(np.int64)
    return counts


def per_row_any(offsets: npt.NDArray[np.int64], selected: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Which rows hold at least one *selected* byte (a mask over the column's bytes)."""
    import numpy as np  # noqa: PLC0415

    rows = len(offsets) - 1
    if len(selected) == 0 or rows == 0:
        return np.zeros(rows, dtype=bool)
    padded = np.append(selected, False).view(np.uint8)  # a byte more, so that every row's start is an index
    found: npt.NDArray[np.bool_] = np.maximum.reduceat(padded, offsets[:-1]).view(bool)
    found[offsets[1:] == offsets[:-1]] = False  # reduceat gives an empty row the byte at its start
    return found


def _bits(buffer: pa.Buffer, offset: int, length: int) -> npt.NDArray[np.bool_]:
    import numpy as np  # noqa: PLC0415

    packed = np.frombuffer(buffer, dtype=np.uint8)
    bits: npt.NDArray[np.bool_] = np.unpackbits(packed, count=offset + length, bitorder="little")[offset:].view(bool)
    return bits


def valid_mask(values: pa.Array) -> npt.NDArray[np.bool_]:
    """Which entries of an array are not null."""
    import numpy as np  # noqa: PLC0415

    validity = values.buffers()[0]
    if values.null_count == 0 or validity is None:
        return np.ones(len(values), dtype=bool)
    return _bits(validity, values.offset, len(values)).copy()


def true_mask(values: pa.Array) -> npt.NDArray[np.bool_]:
    """A boolean array's true entries, null counting as false."""
    data = values.buffers()[1]
    assert data is not None  # noqa: S101  (a boolean array has a data buffer)
    mask = _bits(data, values.offset, len(values)).copy()
    if values.null_count:
        mask &= valid_mask(values)
    return mask


def bool_array(mask: npt.NDArray[np.bool_]) -> pa.Array:
    """A numpy mask as an Arrow boolean array (no nulls)."""
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415

    packed = np.packbits(np.asarray(mask, dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(mask), [None, pa.py_buffer(packed)])


def index_array(indices: npt.NDArray[np.integer]) -> pa.Array:
    """Numpy positions as an Arrow int64 array (no nulls)."""
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415

    contiguous = np.ascontiguousarray(indices, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(contiguous), [None, pa.py_buffer(contiguous)])


def string_array(values: Sequence[str]) -> pa.Array:
    """Python strings as an Arrow string array (no nulls)."""
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415

    encoded = [value.encode("utf-8") for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(value) for value in encoded], dtype=np.int32, out=offsets[1:])
    data = b"".join(encoded)
    return pa.Array.from_buffers(pa.string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(data)])
