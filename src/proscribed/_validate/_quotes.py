"""Whether each quote appears in its excerpt, for whole columns of (quote, excerpt) pairs.

The rule is :func:`proscribed._schema._integrity.quote_in_excerpt` (elisions marked ``[…]``, runs of whitespace
counting as one space). Most quotes appear in their excerpt as they are, and that is settled for
whole columns at once: the first eight bytes of each quote are looked for in its excerpt, and the
excerpt's window where they are found is compared with the whole quote by Arrow. Every pair this does
not settle (an elision, a quote of a dozen bytes or fewer, a window that differs) goes to the rule itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._schema._integrity import ELISION, quote_in_excerpt
from ._bytes import index_array, string_buffers, true_mask, valid_mask

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["quotes_found"]

_NEEDLE = 8
_WINDOW = 64  # an excerpt at most this much longer than its quote (plus the needle) is searched by numpy
_INLINE = 12  # Arrow keeps strings of up to 12 bytes inside the view itself


def _views(
    values: pa.Array, starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64], prefixes: npt.NDArray[np.int32]
) -> pa.Array:
    """Windows (longer than 12 bytes, starting with *prefixes*) into a string column's bytes, as string views."""
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415

    view = np.zeros((len(starts), 4), dtype=np.int32)
    view[:, 0] = lengths
    view[:, 1] = prefixes  # the first four bytes, kept in the view itself
    view[:, 3] = starts  # column 2, the buffer index, stays 0
    return pa.Array.from_buffers(pa.string_view(), len(starts), [None, pa.py_buffer(view), values.buffers()[2]])


def _absolute_offsets(values: pa.Array) -> npt.NDArray[np.int64]:
    import numpy as np  # noqa: PLC0415

    window = np.frombuffer(values.buffers()[1], dtype=np.int32)[values.offset : values.offset + len(values) + 1]
    return window.astype(np.int64)


def _plain_matches(
    quotes: pa.Array, excerpts: pa.Array, quote_rows: npt.NDArray[np.int64], excerpt_rows: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """For the given pairs (quotes longer than 12 bytes), True where the quote certainly appears in the excerpt.

    The quote's first eight bytes are looked for where the whole quote still fits: by numpy in the
    first bytes of the excerpt when it is not much longer than the quote, else by ``bytes.find``.
    The window found is then compared with the whole quote.
    """
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415
    from numpy.lib.stride_tricks import sliding_window_view  # noqa: PLC0415

    quote_offsets = _absolute_offsets(quotes)
    excerpt_offsets = _absolute_offsets(excerpts)
    quote_starts = quote_offsets[:-1][quote_rows]
    quote_lengths = (quote_offsets[1:] - quote_offsets[:-1])[quote_rows]
    excerpt_starts = excerpt_offsets[:-1][excerpt_rows]
    gaps = (excerpt_offsets[1:] - excerpt_offsets[:-1])[excerpt_rows] - quote_lengths  # where the quote may start
    quote_bytes = np.frombuffer(quotes.buffers()[2], dtype=np.uint8)
    first_eight = np.ndarray((len(quote_bytes) - 7,), dtype="<u8", buffer=quote_bytes, strides=(1,))[quote_starts]
    needles = first_eight.view(f"S{_NEEDLE}")  # (numpy drops trailing zero bytes: at worst a window does not match)
    excerpt_bytes = np.frombuffer(excerpts.buffers()[2], dtype=np.uint8)
    found_at = np.full(len(quote_rows), -1, dtype=np.int64)
    near = (gaps + _NEEDLE <= _WINDOW) & (excerpt_starts + _WINDOW <= len(excerpt_bytes))
    if near.any():
        windows = sliding_window_view(excerpt_bytes, _WINDOW)[excerpt_starts[near]]
        at = np.strings.find(windows.view(f"S{_WINDOW}").ravel(), needles[near])
        # The first occurrence in the window; past the gap it is not where the quote could be.
        found_at[near] = np.where((at >= 0) & (at <= gaps[near]), excerpt_starts[near] + at, -1)
    far = np.flatnonzero(~near)
    if len(far):
        base = int(excerpt_offsets[0])
        haystack = string_buffers(excerpts)[1].tobytes()
        starts = excerpt_starts[far] - base
        ends = starts + gaps[far] + _NEEDLE
        at = np.fromiter(
            map(haystack.find, needles[far].tolist(), starts.tolist(), ends.tolist()), dtype=np.int64, count=len(far)
        )
        found_at[far] = np.where(at >= 0, at + base, -1)
    hits = np.flatnonzero(found_at >= 0)
    matched = np.zeros(len(quote_rows), dtype=bool)
    if len(hits):
        prefixes = (first_eight[hits] & 0xFFFFFFFF).astype(np.uint32).view(np.int32)
        windows = _views(excerpts, found_at[hits], quote_lengths[hits], prefixes)
        whole = _views(quotes, quote_starts[hits], quote_lengths[hits], prefixes)
        matched[hits] = true_mask(pc.equal(windows, whole))
    return matched


def _containing(offsets: npt.NDArray[np.int64], data: npt.NDArray[np.uint8], needle: bytes) -> npt.NDArray[np.bool_]:
    """Which rows of a string column (its offsets and bytes) contain *needle* (whose second byte is rare)."""
    import numpy as np  # noqa: PLC0415

    rows = np.zeros(len(offsets) - 1, dtype=bool)
    size = len(needle)
    candidates = np.flatnonzero(data[1:] == needle[1])  # where the needle would start
    candidates = candidates[candidates + size <= len(data)]
    for position, byte in enumerate(needle):
        if not len(candidates):
            break
        candidates = candidates[data[candidates + position] == byte]
    if len(candidates):
        first = np.searchsorted(offsets, candidates, side="right") - 1
        last = np.searchsorted(offsets, candidates + size - 1, side="right") - 1
        rows[first[first == last]] = True  # not where it runs from one row into the next
    return rows


def quotes_found(
    quotes: pa.Array,
    excerpts: pa.Array,
    quote_rows: npt.NDArray[np.int64] | None = None,
    excerpt_rows: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.bool_]:
    """Pair by pair, whether the quote appears in the excerpt; an empty cell counts as found.

    The pairs are (``quotes[quote_rows[i]]``, ``excerpts[excerpt_rows[i]]``), by default row by row.
    (An empty quote or excerpt is reported by the cell layer, not as a quote missing from its excerpt.)
    """
    import numpy as np  # noqa: PLC0415

    quote_rows = np.arange(len(quotes)) if quote_rows is None else quote_rows
    excerpt_rows = np.arange(len(excerpts)) if excerpt_rows is None else excerpt_rows
    found = ~(valid_mask(quotes)[quote_rows] & valid_mask(excerpts)[excerpt_rows])
    if found.all():
        return found
    quote_offsets, quote_bytes = string_buffers(quotes)
    quote_lengths = np.diff(quote_offsets)[quote_rows]
    excerpt_lengths = np.diff(string_buffers(excerpts)[0])[excerpt_rows]
    elided = _containing(quote_offsets, quote_bytes, ELISION.encode())[quote_rows]
    plain = np.flatnonzero(~found & ~elided & (quote_lengths > _INLINE) & (excerpt_lengths >= quote_lengths))
    if len(plain):
        found[plain] = _plain_matches(quotes, excerpts, quote_rows[plain], excerpt_rows[plain])
    rest = np.flatnonzero(~found)
    if len(rest):
        pairs = zip(
            quotes.take(index_array(quote_rows[rest])).to_pylist(),
            excerpts.take(index_array(excerpt_rows[rest])).to_pylist(),
            strict=True,
        )
        found[rest] = [
            (ELISION not in quote and quote in excerpt) or quote_in_excerpt(quote, excerpt) for quote, excerpt in pairs
        ]
    return found
