"""``CITATION.cff``: how to cite this release, generated from the package descriptor.

The repository's ``CITATION.cff`` cites the last release: it is this module's output when the release is
cut (``python -m proscribed._data._citation > CITATION.cff``, which takes the version and the day from the
descriptor), committed, and a test fails when it drifts from the descriptor's title, authors and licence
or from the last release recorded in ``releases.toml``.
"""

from __future__ import annotations

import datetime
import json

from .._schema._descriptor import build_descriptor

__all__ = ["render_citation"]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render_citation(version: str | None = None, released: datetime.date | None = None) -> str:
    """The text of ``CITATION.cff`` (Citation File Format 1.2.0) for a release; by default the descriptor's."""
    descriptor = build_descriptor()
    version = descriptor["version"] if version is None else version
    day = descriptor["created"][:10] if released is None else released.isoformat()
    authors = "\n".join(f"  - name: {_quoted(contributor['title'])}" for contributor in descriptor["contributors"])
    keywords = "\n".join(f"  - {_quoted(keyword)}" for keyword in descriptor["keywords"])
    data_licence = descriptor["licenses"][0]
    abstract = descriptor["description"].split(" Generated from ", 1)[0]
    return (
        "# Generated from the package descriptor by `python -m proscribed._data._citation`: do not edit by hand.\n"
        "cff-version: 1.2.0\n"
        'message: "If you use this data or software, please cite it as below."\n'
        "type: dataset\n"
        f"title: {_quoted(descriptor['title'])}\n"
        f"abstract: {_quoted(abstract)}\n"
        f"authors:\n{authors}\n"
        f"version: {_quoted(version)}\n"
        f"date-released: {day}\n"
        f"license: {_quoted(data_licence['name'])}\n"
        f"license-url: {_quoted(data_licence['path'])}\n"
        f"keywords:\n{keywords}\n"
    )


if __name__ == "__main__":
    print(render_citation(), end="")  # noqa: T201  (the module's output is the file)
