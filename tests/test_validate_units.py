"""The validator's parts: the catalogue, the clean-text acceptor, record-rule projections, line numbers."""

import datetime
import inspect
import textwrap
import unicodedata
from pathlib import Path
from unittest import mock

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import model_validator

import proscribed
from proscribed._schema._tables import TABLES, table_named
from proscribed._schema._types import formula_problem, text_problem
from proscribed._validate import CATALOGUE, Layer, validate
from proscribed._validate._columns import column_rules
from proscribed._validate._rules import RecordRules, read_fields, undeclared_content_rules
from proscribed._validate._textclass import compute_ranges, stable_ranges

from .test_validate_fixtures import TODAY, materialise


def test_catalogue_codes_are_unique_and_documented() -> None:
    codes = [entry.code for entry in CATALOGUE]
    assert len(codes) == len(set(codes))
    for entry in CATALOGUE:
        assert entry.title
        assert entry.description.endswith(".")
        assert entry.fix.endswith(".")
        assert isinstance(entry.layer, Layer)
    layers = [entry.layer for entry in CATALOGUE]
    assert layers == sorted(layers, key=list(Layer).index)


def test_importing_the_validator_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, proscribed._validate, proscribed._cli\n"
        "heavy = {'pyarrow', 'numpy', 'jsonschema', 'frictionless'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_generated_descriptor_meets_the_profile() -> None:
    """The profile check is skipped for a descriptor identical to the generated one: it must pass."""
    import json

    from proscribed._io._guard import value_lines
    from proscribed._schema._descriptor import DESCRIPTOR_NAME
    from proscribed._validate._package import _profile_findings, generated

    text = generated()[DESCRIPTOR_NAME]
    assert _profile_findings(json.loads(text), value_lines(text)) == []


def test_the_committed_language_table_matches_the_model() -> None:
    from importlib.metadata import version

    from proscribed._validate import _language_table
    from proscribed._validate._languages import accepted_two_letter_tags, known_tags

    if version("langcodes") == _language_table.LANGCODES_VERSION:
        assert list(_language_table.TWO_LETTER) == accepted_two_letter_tags()
        assert known_tags() == frozenset(accepted_two_letter_tags())
    else:
        assert known_tags() is None


def test_the_committed_unicode_table_matches_this_python() -> None:
    from proscribed._validate import _textclass_table

    if unicodedata.unidata_version == _textclass_table.UNICODE_VERSION:
        assert stable_ranges() == compute_ranges()


TEXT_RULES = column_rules(table_named("citations"), {})
ALPHABET = st.sampled_from(
    list("abc XYZ.,;\"'-=+@")
    + list("Мосвaطالبان«»—…ё")
    + ["\n", "\t", "\r", "\u00a0", "\u200b", "\u200c", "\u200d", "\u202e", "\u0301", "e\u0301", "\ufeff", "\x7f"]
    + ["\u00e9", "\u1100\u1161", "\uac00", "\u2028", "\u3000", "\U0001f600", "\u0958", "\u212b"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(ALPHABET, max_size=12).map("".join), min_size=1, max_size=20))
def test_clean_text_acceptor_never_accepts_unclean_text(values: list[str]) -> None:
    for name, multiline in (("locator", False), ("excerpt", True)):
        rule = TEXT_RULES[name]
        assert rule.acceptor is not None
        accepted = rule.acceptor(pa.array(values, pa.string())).tolist()
        for value, ok in zip(values, accepted, strict=True):
            if ok:
                assert text_problem(value, multiline=multiline) is None, (name, value)
                assert formula_problem(value) is None, (name, value)
                assert rule.verdict(value) is None, (name, value)


def test_clean_text_acceptor_accepts_ordinary_text() -> None:
    rule = TEXT_RULES["excerpt"]
    assert rule.acceptor is not None
    values = ["Russia's Supreme Court", "Верховный суд «приостановил»", "طالبان", "Naïve café — 2025", "a\nb"]
    assert rule.acceptor(pa.array(values)).tolist() == [True] * len(values)


def test_rules_read_only_the_columns_they_name() -> None:
    statements = table_named("statements").model
    function = statements.__pydantic_decorators__.model_validators["check_rules"].func
    assert set(read_fields(statements, function)) == {
        "quote",
        "quote_lang",
        "spoken_lang",
        "quote_en",
        "translation_by",
        "verification",
        "verification_note",
    }


def _rows_of(table_name: str) -> list[dict[str, str | None]]:
    dataset = proscribed.load()
    return [
        {name: (None if value is None else str(getattr(value, "value", value))) for name, value in record}
        for record in dataset.table(table_name)
    ]


@pytest.mark.parametrize("table", [table for table in TABLES if table.model.__pydantic_decorators__.model_validators])
def test_projected_rules_agree_with_the_model_row_by_row(table: proscribed._schema._tables.Table) -> None:  # type: ignore[name-defined]
    """On shipped rows and mutations of them, projected rules fail exactly where the model's rules do."""
    import random

    from pydantic import ValidationError

    rules = column_rules(table, {})
    rows = _rows_of(table.name)
    rng = random.Random(4)  # noqa: S311  (test data)
    variants = list(rows)
    for _ in range(200):
        row = dict(rng.choice(rows))
        name = rng.choice(list(row))
        row[name] = rng.choice([None, *(other[name] for other in rows)])
        variants.append(row)
    checker = RecordRules(table.model, rules)
    columns = {name: pa.array([row[name] for row in variants], pa.string()) for name in table.columns}
    bad = {name: np.zeros(len(variants), dtype=bool) for name in table.columns}
    present = np.ones(len(variants), dtype=bool)
    for name, rule in rules.items():
        for index, row in enumerate(variants):
            value = row[name]
            if (value is None and rule.required) or (value is not None and rule.verdict(value) is not None):
                bad[name][index] = True
    failures = {failure.index for failure in checker.check(columns, present, bad)}
    for index, row in enumerate(variants):
        if any(bad[name][index] for name in table.columns):
            continue
        try:
            table.model.model_validate({key: value for key, value in row.items() if value is not None})
            model_fails = False
        except ValidationError:
            model_fails = True
        assert (index in failures) == model_fails, row


def test_lines_count_line_breaks_inside_quoted_cells(tmp_path: Path) -> None:
    package = materialise("_base", tmp_path / "package")
    statements = package / "data" / "statements.csv"
    text = statements.read_text(encoding="utf-8")
    first_row = text.splitlines(keepends=True)[1:3]
    second = "".join(first_row).replace("stmt-20240527-example-speaker-real-power", "stmt-20240528-example-bad", 1)
    statements.write_text(text + second.replace(",spoken,", ",shouted,", 1), encoding="utf-8")
    report = validate(package, today=TODAY)
    [finding] = [finding for finding in report.findings if finding.code == "enum"]
    assert (finding.row, finding.line, finding.field) == (3, 4, "date_basis")


def test_validation_never_modifies_files(tmp_path: Path) -> None:
    package = materialise("csv-syntax", tmp_path / "package")
    before = {path: path.read_bytes() for path in package.rglob("*") if path.is_file()}
    validate(package, today=datetime.date(2026, 6, 1))
    assert before == {path: path.read_bytes() for path in package.rglob("*") if path.is_file()}


def test_the_documentation_renders_the_catalogue_and_the_hook_and_workflow_exist() -> None:
    from .conftest import REPOSITORY

    page = (REPOSITORY / "docs" / "reference" / "validation.md").read_text(encoding="utf-8")
    assert "```{error-codes}" in page
    hooks = (REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: proscribed validate" in hooks
    workflow = (REPOSITORY / "docs" / "examples" / "github-workflow.yml").read_text(encoding="utf-8")
    assert "proscribed validate datapackage --format github" in workflow


def test_every_rule_that_reads_content_is_declared_beside_its_model() -> None:
    problems = [
        problem for table in TABLES for problem in undeclared_content_rules(table.model, column_rules(table, {}))
    ]
    assert problems == []


class _ProbeStatement(table_named("statements").model):  # type: ignore[misc]
    """A statement model grown a rule on free text, as a contributor might write one."""

    @model_validator(mode="after")
    def check_no_placeholder(self) -> "_ProbeStatement":
        if self.note is not None and "TODO" in self.note:
            raise ValueError("note still says TODO")
        return self


def test_a_rule_on_free_text_is_caught_by_the_declaration_test_and_enforced_by_validation() -> None:
    table = table_named("statements")
    rules = column_rules(table, {})
    [problem] = undeclared_content_rules(_ProbeStatement, rules)
    assert problem.startswith("_ProbeStatement.check_no_placeholder reads note by content; name it in")
    [row] = _rows_of("statements")[:1]
    rows = [{**row, "note": "checked against the decree"}, {**row, "note": "TODO find the decree"}, row]
    columns = {name: pa.array([each[name] for each in rows], pa.string()) for name in table.columns}
    bad = {name: np.zeros(len(rows), dtype=bool) for name in table.columns}
    failures = RecordRules(_ProbeStatement, rules).check(columns, np.ones(len(rows), dtype=bool), bad)
    assert [(failure.index, failure.field, failure.message) for failure in failures] == [
        (1, "note", "note still says TODO")
    ]


@pytest.mark.parametrize(
    ("body", "read"),
    [
        ("if self.note is None: raise ValueError('x')", set()),
        ("if self.note and self.quote_en: raise ValueError('x')", set()),
        ("if self.quote_en == self.quote: raise ValueError(f'{self.quote!r}')", set()),
        ("if not self.statement_id.startswith('stmt-'): raise ValueError('x')", set()),
        ("if self.speaker_id.split('-', 1)[0] != 'per': raise ValueError('x')", set()),
        ("if len(self.quote) > 10: raise ValueError('x')", {"quote"}),
        ("if self.quote == 'x': raise ValueError('x')", {"quote"}),
        ("if self.statement_id.startswith('stmt-2024'): raise ValueError('x')", {"statement_id"}),
        ("text = self.note\nif text: raise ValueError('x')", {"note"}),
        ("if self.quote.lower(): raise ValueError('x')", {"quote"}),
        ("if print(self.note): raise ValueError('x')", {"note"}),
        ("check_verification(self.verification, self.verification_note)", set()),
    ],
)
def test_what_counts_as_reading_content(body: str, read: set[str]) -> None:
    from proscribed._schema._models._base import check_verification
    from proscribed._validate._content import content_reads

    table = table_named("statements")
    kinds = {name: rule.kind for name, rule in column_rules(table, {}).items()}
    source = "def rule(self):\n" + textwrap.indent(body, "    ") + "\n    return self\n"
    scope: dict[str, object] = {"check_verification": check_verification}
    exec(compile(source, "<rule>", "exec"), scope)  # noqa: S102  (a rule written in the test)
    rule = scope["rule"]
    real = inspect.getsource
    with mock.patch("inspect.getsource", side_effect=lambda obj: source if obj is rule else real(obj)):
        assert content_reads(table.model, rule, kinds) == read  # type: ignore[arg-type]
