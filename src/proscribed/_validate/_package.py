"""The descriptor layer: datapackage.json against the Data Package v2 profile and against the models."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .._descriptor import DESCRIPTOR_NAME, generated_files
from .._guard import DescriptorError, file_problem, read_descriptor, resource_path_problem, shown
from ._findings import Finding

__all__ = ["check_descriptor", "generated", "generated_descriptor", "value_lines"]

_PROFILE = "datapackage.json"
_MAX_DRIFT_FINDINGS = 20
_MAX_MESSAGE = 200


@functools.cache
def generated() -> dict[str, str]:
    """Every generated file's expected text (a pure function of the models, so computed once)."""
    return generated_files()


@functools.cache
def generated_descriptor() -> dict[str, Any]:
    """The descriptor the models generate."""
    descriptor: dict[str, Any] = json.loads(generated()[DESCRIPTOR_NAME])
    return descriptor


@functools.cache
def _profile() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("profiles", _PROFILE).read_text(encoding="utf-8")
    profile: dict[str, Any] = json.loads(text)
    return profile


def _pointer(path: list[str | int]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else (f".{part}" if index else part)
                   for index, part in enumerate(path)) or "(root)"  # fmt: skip


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


def _line_of(path: Sequence[str | int], lines: dict[tuple[str | int, ...], int]) -> int | None:
    """The line of the value at *path*, or of the nearest enclosing value the text shows."""
    for length in range(len(path), -1, -1):
        found = lines.get(tuple(path[:length]))
        if found is not None:
            return found
    return None


def _message(error: Any) -> str:  # noqa: ANN401  (a jsonschema.ValidationError; jsonschema ships no types)
    """The profile's complaint, short: jsonschema quotes the whole offending value, which may be huge."""
    if error.validator in ("oneOf", "anyOf"):
        return f"{shown(error.instance)} is none of the forms the profile allows here"
    message = str(error.message)
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return "".join(character if character.isprintable() else f"\\u{ord(character):04x}" for character in message)


def _profile_findings(descriptor: object, lines: dict[tuple[str | int, ...], int]) -> list[Finding]:
    import jsonschema  # noqa: PLC0415  (deferred: only the validator needs it)

    validator = jsonschema.Draft7Validator(_profile(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    findings = []
    for error in sorted(validator.iter_errors(descriptor), key=lambda error: list(map(str, error.absolute_path))):
        path = list(error.absolute_path)
        where = _pointer(path)
        message = f"{where}: {_message(error)}"
        findings.append(Finding("descriptor-profile", DESCRIPTOR_NAME, message, None, _line_of(path, lines), where))
    return findings


def _differences(actual: object, expected: object, path: list[str | int]) -> list[tuple[list[str | int], str]]:
    if isinstance(actual, dict) and isinstance(expected, dict):
        found: list[tuple[list[str | int], str]] = []
        for key in expected:
            if key not in actual:
                found.append(([*path, key], "is missing"))
            else:
                found.extend(_differences(actual[key], expected[key], [*path, key]))
        found.extend(([*path, key], "is not generated by the models") for key in actual if key not in expected)
        return found
    if isinstance(actual, list) and isinstance(expected, list):
        if len(actual) != len(expected):
            return [(path, f"has {len(actual)} items; the models generate {len(expected)}")]
        found = []
        for index, (left, right) in enumerate(zip(actual, expected, strict=True)):
            found.extend(_differences(left, right, [*path, index]))
        return found
    if actual != expected or type(actual) is not type(expected):
        refused = resource_path_problem(actual) if _is_resource_path(path) else None
        if refused is not None:
            return [(path, f"is {shown(actual)}, which {refused}; the models generate {shown(expected)}")]
        return [(path, f"is {shown(actual)}; the models generate {shown(expected)}")]
    return []


def _is_resource_path(path: list[str | int]) -> bool:
    return len(path) == 3 and path[0] == "resources" and path[2] == "path"


def _drift_findings(
    root: Path, descriptor: object, text: str, lines: dict[tuple[str | int, ...], int]
) -> list[Finding]:
    findings = []
    expected_files = generated()
    if text != expected_files[DESCRIPTOR_NAME]:
        differences = _differences(descriptor, generated_descriptor(), [])
        for path, problem in differences[:_MAX_DRIFT_FINDINGS]:
            where = _pointer(path)
            message = f"{where} {problem}; run `proscribed descriptor --write`"
            findings.append(Finding("descriptor-drift", DESCRIPTOR_NAME, message, None, _line_of(path, lines), where))
        if len(differences) > _MAX_DRIFT_FINDINGS:
            more = len(differences) - _MAX_DRIFT_FINDINGS
            findings.append(Finding("descriptor-drift", DESCRIPTOR_NAME, f"… and {more} more differences"))
        if not differences:
            message = "the file's formatting differs from the generated text; run `proscribed descriptor --write`"
            findings.append(Finding("descriptor-drift", DESCRIPTOR_NAME, message))
    for relative, expected in expected_files.items():
        if relative == DESCRIPTOR_NAME:
            continue
        state = _generated_file_state(root, relative, expected)
        if state is not None:
            findings.append(
                Finding("descriptor-drift", relative, f"{relative} {state}; run `proscribed descriptor --write`")
            )
    return findings


def _generated_file_state(root: Path, relative: str, expected: str) -> str | None:
    """What is wrong with a generated file other than the descriptor, or ``None`` when it is as generated."""
    unsafe = file_problem(root, relative)
    if unsafe is not None:
        return unsafe
    try:
        with (root / relative).open("rb") as stream:
            raw = stream.read(len(expected.encode("utf-8")) + 1)
    except FileNotFoundError:
        return "is missing"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    return None if raw == expected.encode("utf-8") else "differs from what the models generate"


def check_descriptor(root: Path) -> list[Finding]:
    """Everything wrong with the descriptor (and the other generated files) under *root*.

    The descriptor is read only if it is a regular file inside the package, at most 16 MB of UTF-8 JSON
    nested at most 64 levels deep; its resource paths are compared, never followed. Raises
    :class:`OSError` when the descriptor cannot be read at all.
    """
    try:
        descriptor, text = read_descriptor(root / DESCRIPTOR_NAME)
    except DescriptorError as error:
        return [Finding("descriptor-unreadable", DESCRIPTOR_NAME, error.message, None, error.line)]
    if text == generated()[DESCRIPTOR_NAME]:
        # The generated descriptor passes the profile (tests/test_profile_parity.py); only the schemas remain.
        return _drift_findings(root, descriptor, text, {})
    lines = value_lines(text)
    return [*_profile_findings(descriptor, lines), *_drift_findings(root, descriptor, text, lines)]
