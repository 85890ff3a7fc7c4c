"""What a data package may make proscribed read: its own files, and nothing else.

A package is untrusted input: a pull request can change any file in it. Whatever reads one (the loader,
the validator, ``fmt``, ``diff``) reads only regular files inside the package folder, never a file a
symbolic link leads out of the folder to, never a device or a pipe, and never anything over the network;
and it reads the descriptor only when it is small, valid UTF-8 JSON of bounded depth.
"""

from __future__ import annotations

import json
import re
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._schema._shown import shown

__all__ = [
    "MAX_DESCRIPTOR_BYTES",
    "MAX_DESCRIPTOR_DEPTH",
    "DescriptorError",
    "file_problem",
    "line_of",
    "read_descriptor",
    "resource_path_problem",
    "value_lines",
]

MAX_DESCRIPTOR_BYTES = 16 << 20
"""The largest descriptor read; the generated one is about 100 kB."""
MAX_DESCRIPTOR_DEPTH = 64
"""The deepest nesting of arrays and objects accepted in a descriptor; the generated one nests 8 deep."""

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


def resource_path_problem(value: object) -> str | None:
    """Say why a descriptor's resource path is not a relative path inside the package, or return ``None``."""
    if not isinstance(value, str) or not value:
        return "is not a file path"
    if _DRIVE.match(value) or value.startswith(("/", "\\")):
        return "is an absolute path; resource paths are relative to the package folder"
    if _SCHEME.match(value) or value.startswith("//"):
        return "is a URL; proscribed reads only files inside the package folder, never the network"
    if ".." in re.split(r"[\\/]", value):
        return "leads out of the package folder ('..')"
    return None


def file_problem(root: Path, relative: str) -> str | None:
    """Say why *relative* under *root* is not a regular file inside the package, or return ``None``.

    Symbolic links are followed: one that stays inside the package folder is fine, one that leads out of
    it is not. A missing file is not a problem here; the caller reports it in its own words.
    """
    path = root / relative
    try:
        resolved = path.resolve(strict=False)
        base = root.resolve(strict=False)
    except (OSError, RuntimeError) as error:
        return f"cannot be resolved ({error})"
    if not resolved.is_relative_to(base):
        return f"is a symbolic link to {resolved}, outside the package folder; tables must be files inside it"
    try:
        mode = resolved.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a folder, a device or a pipe); it must be a CSV file"
    return None


class DescriptorError(Exception):
    """The descriptor cannot be read as a JSON object; ``line`` is where, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _depth(document: object) -> int:
    deepest = 0
    pending: list[tuple[object, int]] = [(document, 1)]
    while pending:
        value, level = pending.pop()
        if isinstance(value, dict):
            deepest = max(deepest, level)
            pending.extend((item, level + 1) for item in value.values())
        elif isinstance(value, list):
            deepest = max(deepest, level)
            pending.extend((item, level + 1) for item in value)
    return deepest


class _NotJsonError(ValueError):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        repeated = next(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
        raise _NotJsonError(f"the key {shown(repeated)} appears twice in one object; tools disagree on which wins")
    return document


def _constant(name: str) -> object:
    raise _NotJsonError(f"{name} is not a JSON number")


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _line_too_deep(text: str, limit: int) -> int | None:
    """The line on which nesting first goes deeper than *limit*."""
    level = 0
    for token in _TOKENS.finditer(text):
        mark = token.group()
        if mark in "[{":
            level += 1
            if level > limit:
                return text.count("\n", 0, token.start()) + 1
        elif mark in "]}":
            level -= 1
    return None


def read_descriptor(path: Path) -> tuple[dict[str, Any], str]:
    """The descriptor at *path* as a JSON object, with its text; :class:`DescriptorError` if it is not one.

    Raises :class:`OSError` when the file cannot be read at all.
    """
    problem = file_problem(path.parent, path.name)
    if problem is not None:
        raise DescriptorError(f"{path.name} {problem}")
    with path.open("rb") as stream:
        raw = stream.read(MAX_DESCRIPTOR_BYTES + 1)
    if len(raw) > MAX_DESCRIPTOR_BYTES:
        raise DescriptorError(f"the descriptor is larger than {MAX_DESCRIPTOR_BYTES >> 20} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DescriptorError(
            f"not UTF-8: byte {error.start} is {raw[error.start : error.start + 1]!r}", line
        ) from None
    if text.startswith("\ufeff"):
        raise DescriptorError("the descriptor starts with a byte-order mark; JSON has none", 1)
    too_deep = f"arrays and objects nest more than {MAX_DESCRIPTOR_DEPTH} levels deep"
    try:
        document = json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise DescriptorError(f"not valid JSON: {error.msg} (column {error.colno})", error.lineno) from None
    except _NotJsonError as error:
        raise DescriptorError(f"not valid JSON: {error}") from None
    except RecursionError:
        raise DescriptorError(too_deep, _line_too_deep(text, MAX_DESCRIPTOR_DEPTH)) from None
    if not isinstance(document, dict):
        raise DescriptorError("the descriptor is not a JSON object", 1)
    if _depth(document) > MAX_DESCRIPTOR_DEPTH:
        raise DescriptorError(too_deep, _line_too_deep(text, MAX_DESCRIPTOR_DEPTH))
    return document, text


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.DOTALL)


@dataclass
class _Container:
    path: tuple[str | int, ...]
    is_object: bool
    key: str | int = 0
    expects_key: bool = False


def value_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The line on which each value of a JSON document starts, by its path of keys and indices."""
    lines: dict[tuple[str | int, ...], int] = {}
    stack: list[_Container] = []
    line, position = 1, 0
    for token in _TOKEN.finditer(text):
        line += text.count("\n", position, token.start())
        position = token.start()
        mark = token.group()
        top = stack[-1] if stack else None
        if top is not None and top.expects_key and mark.startswith('"'):
            top.key, top.expects_key = json.loads(mark), False
        elif mark == ",":
            if top is not None and top.is_object:
                top.expects_key = True
            elif top is not None and isinstance(top.key, int):
                top.key += 1
        elif mark in "]}":
            if stack:
                stack.pop()
        elif mark != ":":
            path = () if top is None else (*top.path, top.key)
            lines.setdefault(path, line)
            if mark in "[{":
                stack.append(_Container(path, is_object=mark == "{", expects_key=mark == "{"))
    return lines


def line_of(path: Sequence[str | int], lines: dict[tuple[str | int, ...], int]) -> int | None:
    """The line of the value at *path*, or of the nearest enclosing value the text shows."""
    for length in range(len(path), -1, -1):
        found = lines.get(tuple(path[:length]))
        if found is not None:
            return found
    return None
