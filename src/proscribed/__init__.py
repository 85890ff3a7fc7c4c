"""proscribed: how states and international bodies designate and delist organisations.

Load the dataset with :func:`load` and query the typed records of the :class:`Dataset` it returns.
Importing the package reads no file; the data is read on the first :func:`load`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._data._dataset import Dataset, load
from ._data._evidence import Evidence, EvidenceGroups
from ._data._lists import Comparison, ComparisonRow, ListedEntry, ListedResult, SizeChange
from ._data._names import ActorMatch
from ._data._query import EventFilters, StatementFilters
from ._data._status import (
    ChainStatus,
    JurisdictionTimeline,
    Status,
    StatusPeriod,
    StatusResult,
    Timeline,
    UncertainDate,
)
from ._schema._edtf import EdtfError, ParsedDate, Precision, parse_edtf
from ._schema._models import (
    Actor,
    Alias,
    Citation,
    Designation,
    DesignationList,
    Event,
    EventParticipant,
    Instrument,
    ListCount,
    Role,
    Source,
    Statement,
)
from ._schema._problems import DataError, Finding, UnknownRecordError
from ._schema._vocab import (
    Action,
    ActorType,
    AliasType,
    Aspect,
    CountBasis,
    DateBasis,
    EventStatus,
    EventType,
    InstrumentType,
    Measure,
    OrgClass,
    ParticipantRole,
    QuoteType,
    Relation,
    RoleClass,
    Scope,
    Setting,
    SourceClass,
    SourceType,
    Stance,
    StanceTopic,
    TranslationBy,
    Verification,
    Vocabulary,
)

if TYPE_CHECKING:
    from ._data._diff import (
        FieldChange,
        PackageDiff,
        RecordChange,
        RecordEntry,
        TableDiff,
        diff_packages,
        diff_revisions,
    )
    from ._validate import Report, TableStats, validate

    __version__: str

_IMPORTED_WHEN_ASKED = {
    **dict.fromkeys(
        (
            "FieldChange",
            "PackageDiff",
            "RecordChange",
            "RecordEntry",
            "TableDiff",
            "diff_packages",
            "diff_revisions",
        ),
        "._data._diff",
    ),
    **dict.fromkeys(("Report", "TableStats", "validate"), "._validate"),
}
"""Public names whose modules are imported on first use: comparing versions and validating are rarer than
loading, and their imports would slow every ``import proscribed``."""

__all__ = [
    "Action",
    "Actor",
    "ActorMatch",
    "ActorType",
    "Alias",
    "AliasType",
    "Aspect",
    "ChainStatus",
    "Citation",
    "Comparison",
    "ComparisonRow",
    "CountBasis",
    "DataError",
    "Dataset",
    "DateBasis",
    "Designation",
    "DesignationList",
    "EdtfError",
    "Event",
    "EventFilters",
    "EventParticipant",
    "EventStatus",
    "EventType",
    "Evidence",
    "EvidenceGroups",
    "FieldChange",
    "Finding",
    "Instrument",
    "InstrumentType",
    "JurisdictionTimeline",
    "ListCount",
    "ListedEntry",
    "ListedResult",
    "Measure",
    "OrgClass",
    "PackageDiff",
    "ParsedDate",
    "ParticipantRole",
    "Precision",
    "QuoteType",
    "RecordChange",
    "RecordEntry",
    "Relation",
    "Report",
    "Role",
    "RoleClass",
    "Scope",
    "Setting",
    "SizeChange",
    "Source",
    "SourceClass",
    "SourceType",
    "Stance",
    "StanceTopic",
    "Statement",
    "StatementFilters",
    "Status",
    "StatusPeriod",
    "StatusResult",
    "TableDiff",
    "TableStats",
    "Timeline",
    "TranslationBy",
    "UncertainDate",
    "UnknownRecordError",
    "Verification",
    "Vocabulary",
    "__version__",
    "diff_packages",
    "diff_revisions",
    "load",
    "parse_edtf",
    "validate",
]


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415  (read only when asked for)

        return version("proscribed")
    module = _IMPORTED_WHEN_ASKED.get(name)
    if module is not None:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'proscribed' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
