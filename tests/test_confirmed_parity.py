"""The ``confirmed`` rule judged alike by loading and validation on the shipped records, when broken at random.

Validation sets aside, in one vectorised pass, the records whose supporting citations already settle the
rule; the loader judges every record. Weakening random citations and sources of the real package must
give both the same ``confirmed-evidence`` findings, so the shortcut can hide nothing.
"""

import csv
import datetime
import io
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import proscribed
from proscribed._validate import validate

PACKAGE = Path(__file__).resolve().parents[1] / "datapackage"
TODAY = datetime.date(2026, 6, 1)


def _rewrite(path: Path, change: Callable[[list[dict[str, str]], random.Random], None], rng: random.Random) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or ())
        rows = list(reader)
    change(rows, rng)
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _weaken_citations(rows: list[dict[str, str]], rng: random.Random) -> None:
    for row in rng.sample(rows, 400):
        if row["relation"] == "supports":
            row["relation"] = "partly_supports"


def _demote_sources(rows: list[dict[str, str]], rng: random.Random) -> None:
    official = [row for row in rows if row["source_class"] == "official"]
    for row in rng.sample(official, min(len(official), 60)):
        row["source_class"] = "news"
    for row in rng.sample(rows, 60):
        row["original_publisher_id"] = ""


@pytest.mark.parametrize("seed", range(4))
def test_the_confirmed_rule_is_judged_alike_on_broken_real_data(seed: int, tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(PACKAGE, package)
    rng = random.Random(seed)  # noqa: S311  (a reproducible mutation, not a secret)
    _rewrite(package / "data" / "citations.csv", _weaken_citations, rng)
    _rewrite(package / "data" / "sources.csv", _demote_sources, rng)

    report = validate(package, today=TODAY, max_per_code=None)
    validated = {(f.file, f.line, f.field, f.message) for f in report.findings if f.code == "confirmed-evidence"}
    with pytest.raises(proscribed.DataError) as raised:
        proscribed.load(package)
    loaded = {(p.file, p.line, p.field, p.message) for p in raised.value.problems if p.code == "confirmed-evidence"}
    assert validated, "the mutation broke no confirmed record: the test would prove nothing"
    assert loaded == validated
