"""Statements and their citations, joined while both files stream, when both are in identifier order.

Curated files keep statements sorted by ``statement_id`` and citations sorted by ``record_id``. Read side
by side, always advancing the file that is behind, the two then meet identifier by identifier, and every
statement identifier below both files' last one is complete on both sides: its statements and
citations can be joined, checked and dropped. Only that window is held in memory, never a whole
column of quotes or excerpts.

Every citation takes part (a statement identifier of the wrong form is still cited as it is), so the
citations file must be in ``record_id`` order throughout. Joined this way: statements that no citation
cites (``uncited``), citations of statements that do not exist (``citation-target``), and each
statement's quote against the excerpt cited from its quote source (``quote-source-uncited``,
``quote-not-in-excerpt``). As soon as either file turns out not to be in
order (or a table has to be read again), the join gives up, and the cross-table layer checks the
same rules over whole columns instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .._schema._types import CITABLE_PREFIXES
from ._bytes import bool_array, index_array, true_mask, valid_mask
from ._keys import duplicates
from ._quotes import quotes_found

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["CitationMerge", "cited_pairs"]

STATEMENT_PREFIX = next(prefix for prefix, table in CITABLE_PREFIXES.items() if table == "statements") + "-"


@dataclass
class _Segment:
    """Consecutive rows of one side, sorted by identifier: identifier, source, text, and row index."""

    ids: pa.Array
    sources: pa.Array
    texts: pa.Array
    rows: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.rows)

    def split(self, bound: str) -> tuple[_Segment, _Segment]:
        """The rows whose identifier is below *bound*, and the others (the identifiers are sorted)."""
        low, high = 0, len(self)
        while low < high:
            middle = (low + high) // 2
            if self.ids[middle].as_py() < bound:
                low = middle + 1
            else:
                high = middle
        return self.slice(0, low), self.slice(low, len(self))

    def slice(self, start: int, stop: int) -> _Segment:
        return _Segment(
            self.ids.slice(start, stop - start),
            self.sources.slice(start, stop - start),
            self.texts.slice(start, stop - start),
            self.rows[start:stop],
        )


def _joined(segments: list[_Segment]) -> _Segment:
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415

    if len(segments) == 1:
        return segments[0]
    return _Segment(
        pa.concat_arrays([segment.ids for segment in segments]),
        pa.concat_arrays([segment.sources for segment in segments]),
        pa.concat_arrays([segment.texts for segment in segments]),
        np.concatenate([segment.rows for segment in segments]),
    )


@dataclass
class _Side:
    """One file's progress: the rows waiting for the other side, and the last identifier read."""

    pending: list[_Segment] = field(default_factory=list)
    last: str | None = None
    done: bool = False

    def take_below(self, bound: str | None) -> _Segment | None:
        """Remove and return the waiting rows whose identifier is below *bound* (all of them for ``None``)."""
        if bound is None:
            ready, self.pending = self.pending, []
        else:
            ready = []
            while self.pending:
                below, rest = self.pending[0].split(bound)
                if len(below):
                    ready.append(below)
                if len(rest):
                    self.pending[0] = rest
                    break
                self.pending.pop(0)
        return _joined(ready) if ready else None


def _is_sorted(ids: pa.Array) -> bool:
    import pyarrow.compute as pc  # noqa: PLC0415

    if len(ids) < 2:
        return True
    return bool(true_mask(pc.less_equal(ids.slice(0, len(ids) - 1), ids.slice(1))).all())


@dataclass
class CitationMerge:
    """The join of statements and citations, fed batch by batch as the two files are read."""

    active: bool = True
    statements: _Side = field(default_factory=_Side)
    citations: _Side = field(default_factory=_Side)
    uncited: list[tuple[npt.NDArray[np.int64], pa.Array]] = field(default_factory=list)
    """Statement rows no citation cites, with their identifiers."""
    missing_targets: list[tuple[npt.NDArray[np.int64], pa.Array]] = field(default_factory=list)
    """Citation rows whose statement does not exist, with their record_id."""
    quote_uncited: list[tuple[npt.NDArray[np.int64], pa.Array]] = field(default_factory=list)
    """Statement rows whose quote source is not among their citations (with those sources)."""
    quote_missing: list[tuple[npt.NDArray[np.int64], pa.Array]] = field(default_factory=list)
    """Statement rows whose quote is in none of the excerpts cited from their quote source (with those sources)."""
    statement_repeats: list[tuple[int, int, str]] = field(default_factory=list)
    """Statement rows whose identifier an earlier row has: (row, that row, the identifier)."""
    citation_repeats: list[tuple[int, int, str]] = field(default_factory=list)
    """Citation rows whose (record_id, source_id) an earlier row has: (row, that row, the key)."""
    loose_citations: list[tuple[npt.NDArray[np.int64], pa.Array]] = field(default_factory=list)
    """Citation rows with a source but no record_id, with their sources (their keys are compared at the end)."""

    def wants_statements(self) -> bool:
        """Whether the statements file should be read next (it is behind, or the join has given up)."""
        if self.statements.done:
            return False
        if self.citations.done or not self.active or self.statements.last is None:
            return True
        return self.citations.last is not None and self.statements.last <= self.citations.last

    def give_up(self) -> None:
        """Stop joining (a file is out of order, or is read again); the cross-table layer takes over."""
        self.active = False
        self.statements.pending.clear()
        self.citations.pending.clear()

    def add_statements(self, columns: dict[str, pa.Array], first_row: int) -> None:
        """The next batch of statements (rows numbered from *first_row*)."""
        if self.active:
            ids = columns["statement_id"]
            self._add(self.statements, ids, valid_mask(ids), columns["quote_source_id"], columns["quote"], first_row)

    def add_citations(self, columns: dict[str, pa.Array], first_row: int) -> None:
        """The next batch of citations (rows numbered from *first_row*)."""
        import numpy as np  # noqa: PLC0415

        if self.active:
            # Every citation takes part: a statement identifier of the wrong form may still be cited as it is.
            ids, sources = columns["record_id"], columns["source_id"]
            loose = ~valid_mask(ids) & valid_mask(sources)
            if loose.any():
                self.loose_citations.append((np.flatnonzero(loose) + first_row, sources.filter(bool_array(loose))))
            self._add(self.citations, ids, valid_mask(ids), sources, columns["excerpt"], first_row)

    def finish_statements(self) -> None:
        """The statements file has been read to its end."""
        self.statements.done = True
        self._flush()

    def finish_citations(self) -> None:
        """The citations file has been read to its end."""
        self.citations.done = True
        self._flush()

    def _add(  # noqa: PLR0913, PLR0917  (one batch's parts)
        self,
        side: _Side,
        ids: pa.Array,
        selected: npt.NDArray[np.bool_],
        sources: pa.Array,
        texts: pa.Array,
        first_row: int,
    ) -> None:
        import numpy as np  # noqa: PLC0415

        rows = np.flatnonzero(selected)
        if len(rows) == 0:
            return
        if len(rows) < len(ids):
            chosen = bool_array(selected)
            ids, sources, texts = ids.filter(chosen), sources.filter(chosen), texts.filter(chosen)
        if not _is_sorted(ids) or (side.last is not None and ids[0].as_py() < side.last):
            self.give_up()
            return
        side.pending.append(_Segment(ids, sources, texts, rows.astype(np.int64) + first_row))
        side.last = ids[len(ids) - 1].as_py()
        self._flush()

    def _flush(self) -> None:
        """Join every identifier that both files have passed."""
        if not self.active:
            return
        bounds = [side.last for side in (self.statements, self.citations) if not side.done]
        if any(bound is None for bound in bounds):
            return  # a file not yet started (or with no statement identifier yet) may still hold any identifier
        bound = min(bound for bound in bounds if bound is not None) if bounds else None
        statements = self.statements.take_below(bound)
        citations = self.citations.take_below(bound)
        self._join(statements, citations)

    def _join(self, statements: _Segment | None, citations: _Segment | None) -> None:
        import numpy as np  # noqa: PLC0415
        import pyarrow.compute as pc  # noqa: PLC0415

        self._repeats(statements, citations)
        if statements is None:
            if citations is not None:
                self._missing_targets(citations, true_mask(pc.starts_with(citations.ids, STATEMENT_PREFIX)))
            return
        listed = valid_mask(statements.sources)
        if citations is None:
            self.uncited.append((statements.rows, statements.ids))
            self._quote_failures(self.quote_uncited, statements, listed)
            return
        cited, reached, statement_index, citation_index = cited_pairs(
            statements.ids, statements.sources, citations.ids, citations.sources
        )
        if not cited.all():
            self.uncited.append((statements.rows[~cited], statements.ids.filter(bool_array(~cited))))
        self._missing_targets(citations, true_mask(pc.starts_with(citations.ids, STATEMENT_PREFIX)) & ~reached)
        found = quotes_found(statements.texts, citations.texts, statement_index, citation_index)
        checked = np.zeros(len(statements), dtype=bool)
        checked[statement_index] = True
        passed = np.zeros(len(statements), dtype=bool)
        passed[statement_index[found]] = True
        self._quote_failures(self.quote_uncited, statements, listed & ~checked)
        self._quote_failures(self.quote_missing, statements, checked & ~passed)

    def _repeats(self, statements: _Segment | None, citations: _Segment | None) -> None:
        """Primary keys repeated in the window (it holds every row of each of its identifiers)."""
        import numpy as np  # noqa: PLC0415

        if statements is not None:
            for position, first in duplicates([statements.ids], np.zeros(len(statements), dtype=bool)):
                key = statements.ids[position].as_py()
                self.statement_repeats.append((int(statements.rows[position]), int(statements.rows[first]), key))
        if citations is not None:
            for position, first in duplicates([citations.ids, citations.sources], np.zeros(len(citations), dtype=bool)):
                key = f"{citations.ids[position].as_py()}, {citations.sources[position].as_py()}"
                self.citation_repeats.append((int(citations.rows[position]), int(citations.rows[first]), key))

    def _missing_targets(self, citations: _Segment, missing: npt.NDArray[np.bool_]) -> None:
        if missing.any():
            self.missing_targets.append((citations.rows[missing], citations.ids.filter(bool_array(missing))))

    @staticmethod
    def _quote_failures(
        into: list[tuple[npt.NDArray[np.int64], pa.Array]], statements: _Segment, failing: npt.NDArray[np.bool_]
    ) -> None:
        if failing.any():
            into.append((statements.rows[failing], statements.sources.filter(bool_array(failing))))


def _int32_values(values: pa.Array) -> npt.NDArray[np.int32]:
    import numpy as np  # noqa: PLC0415

    return np.frombuffer(values.buffers()[1], dtype=np.int32)[values.offset : values.offset + len(values)]


def cited_pairs(
    statement_ids: pa.Array, statement_sources: pa.Array, citation_ids: pa.Array, citation_sources: pa.Array
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Statements and citations matched by identifier (citations of one identifier must be next to each other).

    Returns which statements some citation cites, which citations cite an existing statement, and
    every (statement, citation) pair with the same identifier and the same (quote) source.
    """
    import numpy as np  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    count = len(citation_ids)
    same = np.zeros(0, dtype=bool)
    if count > 1:
        same = true_mask(pc.equal(citation_ids.slice(0, count - 1), citation_ids.slice(1)))
    run_starts = np.flatnonzero(np.r_[True, ~same]) if count else np.zeros(0, np.int64)
    run_length = np.diff(np.r_[run_starts, count])
    run_of = np.repeat(np.arange(len(run_starts)), run_length)
    heads = citation_ids.take(index_array(run_starts))
    if len(heads) == len(statement_ids) and not heads.null_count and true_mask(pc.equal(heads, statement_ids)).all():
        first_of = run_starts.astype(np.int64)  # in order, one statement per identifier: no need to hash them
        cited = np.ones(len(statement_ids), dtype=bool)
    else:
        first = pc.index_in(statement_ids, value_set=citation_ids, skip_nulls=True)  # each one's first citation
        cited = valid_mask(first)
        first_of = _int32_values(first).astype(np.int64)
    reached_runs = np.zeros(len(run_starts), dtype=bool)
    reached_runs[run_of[first_of[cited]]] = True
    reached = reached_runs[run_of]
    listed = np.flatnonzero(cited & valid_mask(statement_sources))
    starts = first_of[listed]
    counts = run_length[run_of[starts]]
    statement_index = np.repeat(listed.astype(np.int64), counts)
    within = np.arange(len(statement_index), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    citation_index = np.repeat(starts, counts) + within
    same_source = true_mask(
        pc.equal(
            statement_sources.take(index_array(statement_index)),
            citation_sources.take(index_array(citation_index)),
        )
    )
    return cited, reached, statement_index[same_source], citation_index[same_source]
