"""The package as users get it: a wheel in a fresh virtual environment, and an editable checkout."""

import json
import os
import subprocess
import sys
import venv
import zipfile
from importlib.metadata import distribution
from pathlib import Path

import pytest

import proscribed
from proscribed._schema._tables import TABLES

from .conftest import REPOSITORY

LOAD_CHECK = """
import json, proscribed
from proscribed._io._paths import shipped_root
ds = proscribed.load()
print(json.dumps({"root": str(shipped_root()), "version": ds.version, "counts": ds.counts(),
                  "package_version": proscribed.__version__}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPOSITORY)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("proscribed-*.whl")
    return built


def test_wheel_carries_the_data_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "proscribed/_datapackage/datapackage.json" in names
    for table in TABLES:
        assert f"proscribed/_datapackage/{table.path}" in names
    assert "proscribed/py.typed" in names
    for table in TABLES:
        assert f"proscribed/_datapackage/schemas/{table.name}.schema.json" in names
    metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: MIT AND CC-BY-4.0" in text
    licences = {name.rsplit("/", 1)[-1] for name in names if "/licenses/" in name}
    assert licences == {"LICENSE", "LICENSE-DATA"}


def test_wheel_loads_in_a_fresh_virtual_environment(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [str(python), "-c", LOAD_CHECK],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"},
    )
    report = json.loads(result.stdout)
    assert report["root"].startswith(str(environment))
    assert report["root"].endswith("proscribed/_datapackage")
    assert report["counts"] == proscribed.load().counts()
    assert report["version"] == report["package_version"] == proscribed.__version__
    summary = subprocess.run(
        [str(environment / "bin" / "proscribed"), "summary"], check=True, capture_output=True, text=True
    )
    assert "designation acts in" in summary.stdout


def test_editable_install_reads_the_checkout() -> None:
    direct_url = distribution("proscribed").read_text("direct_url.json")
    if direct_url is None or not json.loads(direct_url).get("dir_info", {}).get("editable"):
        pytest.fail("the test environment must be an editable install (pip install -e '.[test]')")
    result = subprocess.run([sys.executable, "-c", LOAD_CHECK], check=True, capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert report["root"] == str(REPOSITORY / "datapackage")
    assert report["counts"] == proscribed.load().counts()
