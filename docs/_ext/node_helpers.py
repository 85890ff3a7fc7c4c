"""Small builders of docutils nodes shared by the documentation's directives."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence

from docutils import nodes

__all__ = ["as_list", "docstring_paragraphs", "inline_markup", "joined", "literal", "paragraph", "pill", "text"]


def text(content: str) -> nodes.Text:
    """A run of plain text."""
    return nodes.Text(content)


def paragraph(*children: nodes.Node | str, classes: Sequence[str] = ()) -> nodes.paragraph:
    """A paragraph of *children*; strings become plain text."""
    built = nodes.paragraph(classes=list(classes))
    built.extend(text(child) if isinstance(child, str) else child for child in children)
    return built


def literal(content: str) -> nodes.literal:
    """Inline code."""
    return nodes.literal(content, content)


def inline_markup(content: str) -> list[nodes.Node]:
    """Plain text in which spans between backticks are inline code, as in ```2023-06```."""
    parts = content.split("`")
    if len(parts) % 2 == 0:
        raise ValueError(f"unbalanced backticks in {content!r}")
    return [literal(part) if index % 2 else text(part) for index, part in enumerate(parts) if part]


def joined(items: Iterable[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    """*items* with *separator* text between them."""
    result: list[nodes.Node] = []
    for item in items:
        if result:
            result.append(text(separator))
        result.append(item)
    return result


def docstring_paragraphs(docstring: str | None) -> list[str]:
    """The paragraphs of a docstring, each on one line."""
    return [" ".join(part.split()) for part in inspect.cleandoc(docstring or "").split("\n\n") if part.strip()]


def pill(content: str, kind: str) -> nodes.inline:
    """A small rounded marker (``required``, ``optional``, ``primary key``), styled by the site's CSS."""
    return nodes.inline(content, content, classes=["pill", f"pill-{kind}"])


def as_list(cell: nodes.Node | Sequence[nodes.Node]) -> list[nodes.Node]:
    """A node or a sequence of nodes, as a list."""
    return [cell] if isinstance(cell, nodes.Node) else list(cell)
