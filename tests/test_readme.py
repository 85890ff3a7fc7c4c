"""The README's examples run as written: the Python quick start, and every command of the shell list."""

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPOSITORY

README = (REPOSITORY / "README.md").read_text(encoding="utf-8")


def _block(after: str, language: str) -> str:
    start = README.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(README, start)
    assert match is not None, f"no {language} block after {after!r}"
    return match.group(1)


SHELL_COMMANDS = [
    line.split("  #", 1)[0].strip()
    for line in _block("From a shell:", "sh").splitlines()
    if line.startswith("proscribed")
]


def test_the_quick_start_runs() -> None:
    code = _block("## Quick start", "python")
    completed = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=REPOSITORY
    )
    assert completed.returncode == 0, completed.stderr
    assert "org-taliban in RU on 2025-06-01: suspended since 2025-05-20" in completed.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this repository, without its tags: what a new contributor gets from a mirror."""
    target = tmp_path_factory.mktemp("readme") / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-tags", str(REPOSITORY), str(target)], check=True)
    return target


@pytest.mark.parametrize("command", SHELL_COMMANDS)
def test_each_shell_command_runs_as_written(clone: Path, command: str) -> None:
    script = shutil.which("proscribed", path=str(Path(sys.executable).parent))
    assert script is not None
    arguments = shlex.split(command)
    completed = subprocess.run([script, *arguments[1:]], check=False, capture_output=True, text=True, cwd=clone)
    assert completed.returncode == 0, f"{command}\n{completed.stdout}\n{completed.stderr}"
    assert completed.stdout.strip(), command


def test_the_shell_list_covers_every_command() -> None:
    from proscribed._cli import main

    listed = {shlex.split(command)[1] for command in SHELL_COMMANDS if not command.startswith("proscribed --")}
    assert set(main.commands) - listed == set()
