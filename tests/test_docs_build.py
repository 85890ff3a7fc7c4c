"""The documentation builds warning-free and offline, and the built site says what the models say."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.version import InvalidVersion, Version
from sphinx.util.inventory import InventoryFile

import proscribed
from proscribed._data._diff import diff_versions
from proscribed._data._releases import read_releases
from proscribed._schema._tables import TABLES

from .conftest import REPOSITORY

DOCS = REPOSITORY / "docs"
UNREACHABLE = "http://127.0.0.1:9"
"""A proxy nothing listens on: any attempt of the build to reach the network fails, and fails it."""


def _sphinx(builder: str, out: Path, doctrees: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "http_proxy": UNREACHABLE,
        "https_proxy": UNREACHABLE,
        "HTTP_PROXY": UNREACHABLE,
        "HTTPS_PROXY": UNREACHABLE,
        "no_proxy": "",
        "NO_PROXY": "",
    }
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "-n",
        "-q",
        "-b",
        builder,
        "-d",
        str(doctrees),
        str(DOCS),
        str(out),
    ]
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs")
    result = _sphinx("html", root / "html", root / "doctrees")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root / "html"


def test_the_doctests_pass(tmp_path: Path) -> None:
    result = _sphinx("doctest", tmp_path / "doctest", tmp_path / "doctrees")
    assert result.returncode == 0, result.stdout + result.stderr
    report = (tmp_path / "doctest" / "output.txt").read_text(encoding="utf-8")
    assert "0 failures in tests" in report
    tested = set(re.findall(r"^Document: (\S+)$", report, flags=re.MULTILINE))
    assert {"tutorial", "how-to/export", "explanation/dates"} <= tested


def test_the_site_has_the_four_kinds_of_page(site: Path) -> None:
    for page in (
        "index.html",
        "tutorial.html",
        "how-to/contribute.html",
        "how-to/cite.html",
        "how-to/export.html",
        "reference/schema.html",
        "reference/value-types.html",
        "reference/vocabularies.html",
        "reference/diagram.html",
        "reference/cli.html",
        "reference/api.html",
        "explanation/data-model.html",
        "explanation/dates.html",
        "explanation/known-gaps.html",
        "changelog.html",
    ):
        assert (site / page).is_file(), page


def test_every_table_and_column_has_its_entry(site: Path) -> None:
    schema = (site / "reference" / "schema.html").read_text(encoding="utf-8")
    for table in TABLES:
        assert f'id="table-{table.name}"' in schema
        for column in table.columns:
            anchor = f"field-{table.name}-{column}".replace("_", "-")
            assert f'id="{anchor}"' in schema
        assert f"data/{table.name}.csv" in schema
        [download] = site.glob(f"_downloads/*/{table.name}.csv")
        assert download.read_bytes() == (REPOSITORY / "datapackage" / table.path).read_bytes()


def test_foreign_keys_link_to_their_target_table(site: Path) -> None:
    schema = (site / "reference" / "schema.html").read_text(encoding="utf-8")
    assert '<a class="reference internal" href="#field-actors-actor-id">' in schema
    assert '<a class="reference internal" href="#table-citations">' in schema


def test_vocabulary_terms_show_their_meaning(site: Path) -> None:
    schema = (site / "reference" / "schema.html").read_text(encoding="utf-8")
    vocabularies = (site / "reference" / "vocabularies.html").read_text(encoding="utf-8")
    for term in proscribed.Action:
        assert term.description.replace("'", "&#8217;") in schema or term.description in schema
        assert f'id="vocabulary-action-{term.value.replace("_", "-")}"' in vocabularies


def test_the_diagram_is_inline_svg_linking_to_the_schema(site: Path) -> None:
    page = (site / "reference" / "diagram.html").read_text(encoding="utf-8")
    assert '<figure class="er-diagram"><svg ' in page
    assert 'href="schema.html#table-designations"' in page
    standalone = (site / "_images" / "er-diagram.svg").read_text(encoding="utf-8")
    assert 'href="../reference/schema.html#table-designations"' in standalone


def test_every_public_name_is_in_the_inventory(site: Path) -> None:
    inventory = InventoryFile.loads((site / "objects.inv").read_bytes(), uri="")
    documented = {name for role in inventory.data.values() for name in role}
    for name in proscribed.__all__:
        assert f"proscribed.{name}" in documented, name
    assert "proscribed.Instrument.effective_date" in documented
    assert "proscribed.Designation.list_id" in documented
    assert "proscribed.Action.SUSPEND" in documented


def test_the_cli_reference_lists_every_command(site: Path) -> None:
    from proscribed._cli import main

    page = (site / "reference" / "cli.html").read_text(encoding="utf-8")
    for command in main.commands:
        assert f'id="proscribed-{command}"' in page


def test_the_site_loads_nothing_from_elsewhere(site: Path) -> None:
    external = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', re.IGNORECASE)
    for page in site.rglob("*.html"):
        found = external.search(page.read_text(encoding="utf-8"))
        assert found is None, f"{page.relative_to(site)}: {found.group(0) if found else ''}"


def test_every_error_code_has_its_anchor_and_fix(site: Path) -> None:
    from proscribed._validate import CATALOGUE

    page = (site / "reference" / "validation.html").read_text(encoding="utf-8")
    for entry in CATALOGUE:
        assert f'id="error-{entry.code}"' in page
        assert f'<span class="pre">{entry.code}</span>' in page


def test_the_timeline_is_on_the_home_page_and_with_the_known_gaps(site: Path) -> None:
    expected = sorted(entry.jurisdiction for entry in proscribed.load().timeline("org-taliban"))
    for page in ("index.html", "explanation/known-gaps.html"):
        text = (site / page).read_text(encoding="utf-8")
        assert text.count('<figure class="designation-timeline" id="timeline-org-taliban">') == 1, page
        figure = text[text.index('<figure class="designation-timeline"') : text.index("</figure>")]
        svgs = figure.split("<svg ")[1:]
        layouts = [re.search(r'class="timeline-svg (timeline-\w+)"', svg) for svg in svgs]
        assert [found.group(1) if found else None for found in layouts] == ["timeline-wide", "timeline-narrow"]
        for svg in svgs:
            assert sorted(re.findall(r'<g class="timeline-row" data-jurisdiction="(\w+)">', svg)) == expected, page
        assert '<details class="timeline-periods"><summary>' in text


def _releases() -> list[tuple[Version, str]]:
    """The releases: the release tags of the clone and those recorded in releases.toml."""
    listed = set(
        subprocess.run(
            ["git", "-C", str(REPOSITORY), "tag", "--list", "v*"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    listed |= {record.tag for record in read_releases(REPOSITORY)}
    releases = []
    for tag in listed:
        try:
            releases.append((Version(tag[1:]), tag))
        except InvalidVersion:
            continue
    return sorted(releases)


def _unreleased_counts() -> dict[str, dict[str, int]]:
    """What diff finds between the last release (or nothing) and the data, table by table."""
    releases = _releases()
    if not releases:
        return {name: {"added": count} for name, count in proscribed.load().counts().items() if count}
    result = diff_versions(releases[-1][1], REPOSITORY / "datapackage", repository=REPOSITORY)
    kinds = [kind for kind, count in result.counts().items() if count]
    return {
        table.table: {kind: len(getattr(table, kind)) for kind in kinds}
        for table in result.tables
        if not table.is_empty
    }


def test_the_changelog_lists_the_data_changes_that_diff_finds(site: Path) -> None:
    page = (site / "changelog.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="data-changes-record-by-record">') :]
    unreleased = section[section.index('id="data-changes-unreleased"') :]
    unreleased = unreleased[: unreleased.index("<section", 1)] if "<section" in unreleased[1:] else unreleased
    expected = _unreleased_counts()
    if not expected:
        assert "No records changed" in unreleased
        assert "<details>" not in unreleased
    else:
        table = unreleased[unreleased.index("<table") : unreleased.index("</table>")]
        kinds = [kind.lower() for kind in re.findall(r"<th[^>]*><p>(\w+)</p></th>", table)][1:]
        shown = {
            name: dict(zip(kinds, map(int, re.findall(r"<p>(\d+)</p>", cells)), strict=True))
            for name, cells in re.findall(r'<span class="pre">(\w+)</span></code></p></td>(.*?)</tr>', table, re.DOTALL)
        }
        assert shown == expected
        assert unreleased.count("<details>") == len(shown)
    releases = _releases()
    if releases:
        first = releases[0][0]
        assert f'id="data-changes-{str(first).replace(".", "-")}"' in section
        assert f"{first} (first release)" in section
