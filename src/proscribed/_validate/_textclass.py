"""A conservative, vectorisable test for clean text: which characters can never make text unclean.

:func:`proscribed._schema._types.text_problem` is the rule. Checking it one value at a time costs a Python
call per cell, so the validator first runs one regular expression over a whole column (in RE2,
inside Arrow) that accepts only values the rule certainly accepts; every other value goes through
``text_problem`` itself, through the model's own field type.

A value is accepted when every character is *stable*: in the Basic Multilingual Plane, not a control,
format, private-use, unassigned or separator character, with canonical combining class 0 and Unicode's
NFC quick-check property "Yes" (it is its own NFC form and never composes with a preceding character). A string of such
characters is in NFC (that is what the quick check guarantees), so
neither normalisation nor any forbidden character can be in it. Its first and last characters must
also not be whitespace, and its first not a character that makes a spreadsheet read a formula.
Anything else (supplementary-plane characters, combining marks, joiners) is left to the exact check.
"""

from __future__ import annotations

import functools
import unicodedata

from .._schema._types import FORMULA_STARTS

__all__ = ["clean_text_regex"]

_LAST_BMP = 0xFFFF
_HANGUL_VOWELS_AND_TRAILS = ((0x1161, 0x1175), (0x11A8, 0x11C2))
_EXCLUDED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


@functools.cache
def _composition_seconds() -> frozenset[int]:
    """Characters that may combine with a preceding one under NFC (quick check "Maybe"), over-approximated."""
    seconds: set[int] = set()
    # Composites outside the BMP have their second part outside it too, so the BMP scan suffices.
    for code_point in range(0xC0, _LAST_BMP + 1):
        decomposition = unicodedata.decomposition(chr(code_point))
        if not decomposition or decomposition.startswith("<"):
            continue
        parts = decomposition.split()
        if len(parts) == 2:
            seconds.add(int(parts[1], 16))
    for first, last in _HANGUL_VOWELS_AND_TRAILS:
        seconds.update(range(first, last + 1))
    return frozenset(seconds)


def _is_stable(code_point: int, seconds: frozenset[int]) -> bool:
    character = chr(code_point)
    return (
        unicodedata.category(character) not in _EXCLUDED_CATEGORIES
        and unicodedata.combining(character) == 0
        and code_point not in seconds
        and unicodedata.is_normalized("NFC", character)
    )


def _ranges(code_points: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code_point in code_points:
        if ranges and ranges[-1][1] == code_point - 1:
            ranges[-1] = (ranges[-1][0], code_point)
        else:
            ranges.append((code_point, code_point))
    return ranges


def _class(ranges: list[tuple[int, int]]) -> str:
    def escape(code_point: int) -> str:
        return f"\\x{{{code_point:X}}}"

    parts = [escape(low) if low == high else f"{escape(low)}-{escape(high)}" for low, high in ranges]
    return "[" + "".join(parts) + "]"


def stable_ranges() -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The stable characters, and those that may also start or end a value, as code point ranges.

    Computed from the running Python's Unicode database (about half a second), or read from
    :mod:`._textclass_table` when that was generated from the same Unicode version.
    """
    from . import _textclass_table  # noqa: PLC0415

    if unicodedata.unidata_version == _textclass_table.UNICODE_VERSION:
        return list(_textclass_table.STABLE), list(_textclass_table.EDGE)
    return compute_ranges()


def compute_ranges() -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Compute :func:`stable_ranges` from the Unicode database."""
    seconds = _composition_seconds()
    stable = [code_point for code_point in range(0x20, _LAST_BMP + 1) if _is_stable(code_point, seconds)]
    edge = [code_point for code_point in stable if not chr(code_point).isspace()]
    return _ranges(stable), _ranges(edge)


@functools.cache
def clean_text_regex(*, multiline: bool) -> str:
    """An RE2 pattern matching only text that :func:`~proscribed._schema._types.text_problem` accepts.

    The converse does not hold: some clean text does not match, and is then checked exactly.
    """
    stable, edge = stable_ranges()
    inner = sorted([*stable, (0x0A, 0x0A)]) if multiline else stable
    first = _without(edge, {ord(character) for character in FORMULA_STARTS})
    return f"^{_class(first)}(?:{_class(inner)}*{_class(edge)})?$"


def _without(ranges: list[tuple[int, int]], excluded: set[int]) -> list[tuple[int, int]]:
    """The code point *ranges* with the *excluded* code points taken out."""
    kept = [code_point for low, high in ranges for code_point in range(low, high + 1) if code_point not in excluded]
    return _ranges(kept)


def render_table() -> str:
    """The source of :mod:`._textclass_table` for the running Python's Unicode version."""
    stable, edge = compute_ranges()
    return (
        '"""Generated by ``python -m proscribed._validate._textclass``: see :mod:`._textclass`."""\n\n'
        f"UNICODE_VERSION = {unicodedata.unidata_version!r}\n"
        f"STABLE: tuple[tuple[int, int], ...] = {tuple(stable)!r}\n"
        f"EDGE: tuple[tuple[int, int], ...] = {tuple(edge)!r}\n"
    )


if __name__ == "__main__":
    from pathlib import Path

    Path(__file__).with_name("_textclass_table.py").write_text(render_table(), encoding="utf-8")
