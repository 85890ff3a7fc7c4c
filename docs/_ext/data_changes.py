"""The data changelog, record by record, generated from the data of each release when the site is built.

Releases are git tags ``v<version>`` (``v0.2.0``), also recorded with their commits in ``releases.toml``
(which reaches clones without tags). When the build starts, this extension compares the package at each
release with the package at the release before it (the first release is summarised: its tables and how
many records each holds), and the data this site is built from with the last release, and writes
the result as Markdown to ``docs/_generated/data-changes.md``, which the changelog page includes. The
file is written only when its content changes, so an unchanged build stays incremental.

Nothing is fetched: the tags must be in the local clone. A source tree that is not a git checkout (an
unpacked archive) gets a note saying so instead of the lists, and the build goes on.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packaging.version import InvalidVersion, Version

import proscribed
from proscribed._data._diff import PackageDiff, RevisionError, _git, diff_packages, package_at_revision
from proscribed._data._releases import read_releases
from proscribed._schema._descriptor import DESCRIPTOR_NAME

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "GENERATED",
    "Release",
    "anchor",
    "data_changes_markdown",
    "release_tags",
    "unreleased_diff",
    "write_if_changed",
]

GENERATED = Path("_generated") / "data-changes.md"
"""Where the page is written, relative to the documentation's source folder."""

PACKAGE_DIR = "datapackage"
TAG_PREFIX = "v"
HEADING_LEVEL = 3
NOT_A_CHECKOUT = (
    "This copy of the source is not a git checkout (or git is not installed), so its releases, which are "
    "git tags, cannot be compared here. The documentation built from a clone of the repository lists "
    "every record added, removed and changed in each release; `proscribed diff OLD NEW` compares any two "
    "versions of the package."
)


class NotACheckoutError(Exception):
    """The source tree is not the top of a git checkout."""


@dataclass(frozen=True, slots=True)
class Release:
    """A release tag and the version it names."""

    tag: str
    version: Version


def _checkout_root(repository: Path) -> Path:
    """*repository*, when it is the top folder of a git checkout; else :class:`NotACheckoutError`.

    A source tree unpacked inside some other git repository is not a checkout of this one: its top
    folder must be *repository* itself.
    """
    try:
        top = Path(_git(repository, "rev-parse", "--show-toplevel").decode("utf-8").strip())
    except (RevisionError, OSError) as error:
        raise NotACheckoutError(str(error)) from None
    if top.resolve() != repository.resolve():
        raise NotACheckoutError(f"{repository} is inside the git checkout {top}, not the top of one")
    return top


def release_tags(repository: Path) -> list[Release]:
    """The releases of the checkout at *repository*, oldest first.

    They are its release tags and the releases recorded in ``releases.toml``; tags that name no version are
    left out.
    """
    root = _checkout_root(repository)
    listed = set(_git(root, "tag", "--list", f"{TAG_PREFIX}*").decode("utf-8").split())
    listed |= {record.tag for record in read_releases(root)}
    releases = []
    for tag in sorted(listed):
        try:
            releases.append(Release(tag, Version(tag.removeprefix(TAG_PREFIX))))
        except InvalidVersion:
            continue
    return sorted(releases, key=lambda release: release.version)


def _is_shallow(root: Path) -> bool:
    try:
        return _git(root, "rev-parse", "--is-shallow-repository").decode("utf-8").strip() == "true"
    except RevisionError:
        return False


@contextmanager
def _empty_like(root: Path) -> Iterator[Path]:
    """A package with the descriptor and the column headers of the package at *root*, and no records."""
    descriptor = json.loads((root / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="proscribed-empty-") as folder:
        target = Path(folder)
        (target / DESCRIPTOR_NAME).write_text(json.dumps(descriptor), encoding="utf-8")
        for resource in descriptor.get("resources", []):
            source = root / str(resource["path"])
            header = next(csv.reader(io.StringIO(source.read_text(encoding="utf-8").removeprefix("\ufeff"))), [])
            destination = target / str(resource["path"])
            destination.parent.mkdir(parents=True, exist_ok=True)
            with destination.open("w", encoding="utf-8", newline="") as stream:
                csv.writer(stream, lineterminator="\n").writerow(header)
        yield target


def _diff_from(old: Path | None, new: Path) -> PackageDiff:
    """The differences from *old* to *new*; from an empty package when there is no *old*."""
    if old is not None:
        return diff_packages(old, new)
    with _empty_like(new) as empty:
        return diff_packages(empty, new)


@contextmanager
def _package_at(release: Release | None, root: Path) -> Iterator[Path | None]:
    if release is None:
        yield None
        return
    with package_at_revision(release.tag, repository=root, package_dir=PACKAGE_DIR) as package:
        yield package


def unreleased_diff(repository: Path, releases: list[Release] | None = None) -> tuple[Release | None, PackageDiff]:
    """The last release, and the differences from it (or from nothing) to the package in the source tree."""
    if releases is None:
        releases = release_tags(repository)
    last = releases[-1] if releases else None
    with _package_at(last, repository) as old:
        return last, _diff_from(old, repository / PACKAGE_DIR)


def anchor(release: Release | None) -> str:
    """The label of a release's section (``data-changes-0.2.0``), or of the unreleased changes."""
    return f"data-changes-{'unreleased' if release is None else release.version}"


def _section(result: PackageDiff, release: Release | None, title: str, intro: str) -> str:
    """A section with a stable label, so that links to it survive changes of its title."""
    markdown = result.to_markdown(title=title, level=HEADING_LEVEL, summary=True, collapsible=True, intro=intro)
    return f"({anchor(release)})=\n{markdown}"


def _unreleased_section(repository: Path, releases: list[Release]) -> str:
    last, result = unreleased_diff(repository, releases)
    if last is None:
        intro = (
            "No release has been tagged yet, so every record of the data this site was built from "
            f"(data version {result.new_version}) is listed as added."
        )
        return _section(result, None, "Not yet released", intro)
    intro = f"The data this site was built from (data version {result.new_version}) against release {last.tag}."
    return _section(result, None, f"Not yet released (since {last.version})", intro)


def _first_release_section(release: Release, package: Path) -> str:
    """The first release, summarised: how many records each table holds (listing them all says nothing)."""
    dataset = proscribed.load(package)
    rows = "\n".join(f"| `{name}` | {count:,} |" for name, count in dataset.counts().items())
    heading = f"({anchor(release)})=\n{'#' * HEADING_LEVEL} {release.version} (first release)"
    intro = (
        f"The first release of the data (data version {dataset.version}), with the tables and the number of "
        "records in each. Later releases list every record added, removed or changed since the one before."
    )
    return f"{heading}\n\n{intro}\n\n| table | records |\n|---|---:|\n{rows}\n"


def _release_section(repository: Path, release: Release, previous: Release | None) -> str:
    try:
        with (
            _package_at(previous, repository) as old,
            package_at_revision(release.tag, repository=repository, package_dir=PACKAGE_DIR) as new,
        ):
            if old is None:
                return _first_release_section(release, new)
            result = diff_packages(old, new)
    except (RevisionError, proscribed.DataError) as error:
        heading = f"({anchor(release)})=\n{'#' * HEADING_LEVEL} {release.version}"
        return f"{heading}\n\nThe package at {release.tag} could not be read: {error}.\n"
    assert previous is not None  # noqa: S101  (the first release returned above)
    title = f"{release.version} (since {previous.version})"
    return _section(result, release, title, f"From {previous.tag} to {release.tag}.")


def data_changes_markdown(repository: Path) -> str:
    """The content of the generated page: the unreleased changes, then each release, newest first."""
    lead = (
        "% Generated by docs/_ext/data_changes.py when the documentation is built: do not edit.\n\n"
        "Every record added, removed or changed, release by release, computed from the CSV files at each "
        "release's git tag (what `proscribed diff` reports). Records are matched by primary key; open a "
        "table's list to see its records.\n"
    )
    try:
        releases = release_tags(repository)
    except NotACheckoutError:
        return f"{lead}\n{NOT_A_CHECKOUT}\n"
    sections = [lead]
    if _is_shallow(repository):
        sections.append(
            "This is a shallow clone: releases outside its history may be missing. "
            "`git fetch --unshallow --tags` fetches them.\n"
        )
    sections.append(_unreleased_section(repository, releases))
    for index in range(len(releases) - 1, -1, -1):
        previous = releases[index - 1] if index > 0 else None
        sections.append(_release_section(repository, releases[index], previous))
    return "\n".join(sections)


def write_if_changed(path: Path, content: str) -> bool:
    """Write *content* to *path* unless it already holds it; True when written."""
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return True


def _generate(app: Sphinx) -> None:
    source = Path(app.srcdir)
    write_if_changed(source / GENERATED, data_changes_markdown(source.parent))


def setup(app: Sphinx) -> dict[str, Any]:
    """Generate the page when the build starts."""
    app.connect("builder-inited", _generate)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
