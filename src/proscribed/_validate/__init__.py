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

from .._dataset import package_root
from ._catalogue import CATALOGUE, ErrorCode, Layer, error_code
from ._findings import Finding, Report, TableStats
from ._run import Progress, validate_package

__all__ = ["CATALOGUE", "ErrorCode", "Finding", "Layer", "Progress", "Report", "TableStats", "error_code", "validate"]


def validate(
    path: str | os.PathLike[str],
    *,
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> Report:
    """Validate the data package at *path* (a ``datapackage.json`` or its folder).

    *today* is the day after which dates count as future (by default the current date). *progress*,
    if given, is called as tables are read. Raises :class:`FileNotFoundError` when there is no
    descriptor at *path*, and :class:`OSError` when it cannot be read.
    """
    root: Path = package_root(path).resolve()
    return validate_package(root, today=today, progress=progress)
