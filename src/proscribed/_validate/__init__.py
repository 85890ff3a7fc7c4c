"""``proscribed validate``: the gate for every contribution.

:func:`validate` checks a data package in one run, layer by layer (descriptor, CSV structure, cells,
records, tables, references across tables, content hygiene), and reports every error with its file,
record, line and column. :data:`CATALOGUE` lists the error codes.

Importing this module is cheap; pyarrow, numpy and jsonschema are imported when a validation runs.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from .._io._paths import package_root
from .._schema._catalogue import CATALOGUE, ErrorCode, Layer, error_code
from ._findings import DEFAULT_MAX_PER_CODE, Finding, Report, TableStats
from ._run import Progress, validate_package

__all__ = [
    "CATALOGUE",
    "DEFAULT_MAX_PER_CODE",
    "ErrorCode",
    "Finding",
    "Layer",
    "Progress",
    "Report",
    "TableStats",
    "error_code",
    "validate",
]


def validate(
    path: str | os.PathLike[str],
    *,
    today: datetime.date | None = None,
    progress: Progress | None = None,
    max_per_code: int | None = DEFAULT_MAX_PER_CODE,
) -> Report:
    """Validate the data package at *path* (a ``datapackage.json`` or its folder).

    *today* is the day after which dates count as future (by default the current date). *progress*,
    if given, is called as tables are read. At most *max_per_code* errors of each code in each file are
    listed in :attr:`Report.findings` (``None``: all of them); the rest are counted in
    :attr:`Report.omitted`. Raises :class:`FileNotFoundError` when there is no descriptor at *path*, and
    :class:`OSError` when it cannot be read.
    """
    if max_per_code is not None and max_per_code < 1:
        raise ValueError(f"max_per_code must be at least 1, or None; got {max_per_code}")
    root: Path = package_root(path).resolve()
    return validate_package(root, today=today, progress=progress, max_per_code=max_per_code)
