"""The record of releases: which commit each version of code and data was cut from.

Every release is tagged ``v<version>`` in git, and also written to ``releases.toml`` at the top of the
repository. Tags do not always travel with a clone (a mirror, a copy of the branch), but the file does,
so that ``proscribed diff v0.1.0 HEAD`` and the data changelog find a release from the history alone.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RELEASES_FILE", "ReleaseRecord", "ReleasesError", "read_releases", "release_commit"]

RELEASES_FILE = "releases.toml"
"""The file, at the top of the repository, that records the releases."""

_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class ReleasesError(ValueError):
    """``releases.toml`` is not a well-formed record of releases."""


@dataclass(frozen=True, slots=True)
class ReleaseRecord:
    """One release: its version, the day it was cut and the commit it was cut from."""

    version: str
    date: datetime.date
    commit: str

    @property
    def tag(self) -> str:
        """The git tag of the release (``v0.1.0``)."""
        return f"v{self.version}"


def read_releases(repository: Path) -> tuple[ReleaseRecord, ...]:
    """The releases recorded in *repository*'s ``releases.toml``, oldest first; none when there is no file."""
    path = repository / RELEASES_FILE
    if not path.is_file():
        return ()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ReleasesError(f"{path}: not TOML: {error}") from None
    entries = document.get("release", [])
    if not isinstance(entries, list):
        raise ReleasesError(f"{path}: 'release' must be an array of tables ([[release]])")
    records = []
    for number, entry in enumerate(entries, start=1):
        version, date, commit = (
            entry.get(key) if isinstance(entry, dict) else None for key in ("version", "date", "commit")
        )
        if not (isinstance(version, str) and _VERSION.match(version)):
            raise ReleasesError(f"{path}: release {number}: version must be X.Y.Z, not {version!r}")
        if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
            raise ReleasesError(f"{path}: release {number}: date must be a TOML date (2026-12-02), not {date!r}")
        if not (isinstance(commit, str) and _COMMIT.match(commit)):
            raise ReleasesError(f"{path}: release {number}: commit must be a full 40-character hash, not {commit!r}")
        records.append(ReleaseRecord(version, date, commit))
    return tuple(sorted(records, key=lambda record: tuple(int(part) for part in record.version.split("."))))


def release_commit(repository: Path, revision: str) -> str | None:
    """The commit a release tag names according to ``releases.toml`` (``v0.1.0``), or ``None``."""
    return next((record.commit for record in read_releases(repository) if record.tag == revision), None)
