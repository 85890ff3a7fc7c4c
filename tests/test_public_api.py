import re

import proscribed

from .conftest import REPOSITORY

EXPECTED = {
    "FieldChange", "RecordChange", "RecordEntry", "TableDiff",
    "Action", "Actor", "ActorType", "Alias", "AliasType", "Aspect", "ChainStatus", "Citation", "DataError",
    "Dataset", "DateBasis", "Designation", "EdtfError", "Event", "EventParticipant", "EventStatus", "EventType",
    "JurisdictionTimeline", "Measure", "OrgClass", "PackageDiff", "ParsedDate", "ParticipantRole", "Precision",
    "QuoteType", "Relation", "Role", "RoleClass", "Scope", "Setting", "Source", "SourceClass",
    "SourceType", "Stance", "StanceTopic", "Statement", "Status", "StatusPeriod", "StatusResult", "Timeline",
    "TranslationBy", "Verification", "Vocabulary", "__version__", "diff_packages", "diff_revisions", "load",
    "parse_edtf",
    "DesignationList", "Instrument", "InstrumentType", "ActorMatch", "Comparison", "ComparisonRow", "ListedEntry",
    "ListedResult", "SizeChange", "UnknownRecordError", "ListCount", "CountBasis", "Evidence", "EvidenceGroups",
    "UncertainDate", "validate", "Report", "Finding", "TableStats", "StatementFilters", "EventFilters",
}  # fmt: skip


def test_public_names_are_exactly_all() -> None:
    assert set(proscribed.__all__) == EXPECTED
    for name in proscribed.__all__:
        assert getattr(proscribed, name) is not None


def test_vocabulary_terms_all_carry_a_description() -> None:
    for name in proscribed.__all__:
        value = getattr(proscribed, name)
        if isinstance(value, type) and issubclass(value, proscribed.Vocabulary) and value is not proscribed.Vocabulary:
            assert value.__doc__
            for term in value:
                assert term.description, f"{name}.{term.name}"


def test_readme_quick_start_runs() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    [snippet] = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    exec(compile(snippet, "README.md", "exec"), {})  # noqa: S102  (the README's own example)


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    command = re.search(r"<!-- test-command -->\n```sh\n(.+)\n```", readme)
    assert command is not None
    assert command.group(1).startswith("python -m pip install -e")
    assert "test-command" in (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")
