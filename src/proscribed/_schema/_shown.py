"""How a value from a data file is shown in a message: short, and with nothing invisible left in it."""

from __future__ import annotations

import json
from collections.abc import Sequence

__all__ = ["did_you_mean", "escape_invisible", "shown"]

_SHOWN_LENGTH = 80


def shown(value: object, limit: int = _SHOWN_LENGTH) -> str:
    """*value* as JSON for a message: shortened, and with every invisible or control character escaped."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(type(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return escape_invisible(text)


def escape_invisible(text: str) -> str:
    r"""*text* with every control, invisible or direction-changing character written as ``\uXXXX``."""
    return "".join(character if character.isprintable() else f"\\u{ord(character):04x}" for character in text)


def did_you_mean(candidates: Sequence[str]) -> str:
    """The words appended to a message about an unknown value: ``; did you mean a, b?``, or nothing."""
    return f"; did you mean {', '.join(candidates)}?" if candidates else ""
