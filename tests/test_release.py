"""The release record: releases.toml, CITATION.cff and the version they name."""

import datetime
import subprocess

import yaml

import proscribed
from proscribed._data._citation import render_citation
from proscribed._data._releases import read_releases
from proscribed._schema._release import CREATED, VERSION

from .conftest import REPOSITORY


def test_every_recorded_release_is_a_commit_of_this_history_with_its_version() -> None:
    releases = read_releases(REPOSITORY)
    for release in releases:
        versions = [
            subprocess.run(
                ["git", "-C", str(REPOSITORY), "show", f"{release.commit}:{path}"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            for path in ("src/proscribed/_schema/_release.py", "src/proscribed/_release.py")  # where it was then
        ]
        [shown] = [text for text in versions if text]
        assert f'VERSION = "{release.version}"' in shown, release
        assert f'CREATED = "{release.date.isoformat()}T' in shown, release
    assert [release.version for release in releases] == sorted(
        (release.version for release in releases), key=lambda text: tuple(map(int, text.split(".")))
    )


def test_citation_cff_cites_the_last_release_as_the_descriptor_describes_it() -> None:
    releases = read_releases(REPOSITORY)
    if releases:
        expected = render_citation(releases[-1].version, releases[-1].date)
    else:
        expected = render_citation(VERSION, datetime.date.fromisoformat(CREATED[:10]))
    text = (REPOSITORY / "CITATION.cff").read_text(encoding="utf-8")
    assert text == expected, "CITATION.cff drifted: regenerate it as docs/how-to/release.md says"
    citation = yaml.safe_load(text)
    assert citation["cff-version"] == "1.2.0"
    assert {"title", "authors", "version", "date-released", "license", "message"} <= set(citation)
    assert citation["license"] == "CC-BY-4.0"


def test_the_data_and_the_code_name_one_version() -> None:
    assert proscribed.load().version == VERSION
