"""Loading, validating, exporting and building the documentation work with no network at all.

The work runs in a new user and network namespace (``unshare -rn``): the process is root there, with only
a loopback interface that is down, so any attempt to reach a host fails at once. The test first proves the
network is really gone, then runs everything. Where ``unshare`` is missing or user namespaces are
disabled, the test fails and says so: it never skips.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import REPOSITORY

TIMEOUT = 600

NO_NETWORK = textwrap.dedent(
    """
    import socket
    for address in (("1.1.1.1", 53), ("127.0.0.1", 9)):
        try:
            socket.create_connection(address, timeout=3).close()
        except OSError:
            continue
        raise SystemExit(f"reached {address}: the network is not cut")
    try:
        socket.getaddrinfo("pypi.org", 443)
    except OSError:
        pass
    else:
        raise SystemExit("resolved pypi.org: the network is not cut")
    print("network cut")
    """
)

EVERYTHING = textwrap.dedent(
    """
    import subprocess, sys
    from pathlib import Path

    import proscribed
    from proscribed._io._paths import shipped_root
    from proscribed._data._export import FORMATS
    from proscribed._validate import validate

    out = Path(sys.argv[1])
    dataset = proscribed.load()
    assert dataset.designations, "no data"
    report = validate(shipped_root())
    assert report.valid, [str(finding) for finding in report.findings[:5]]
    for fmt in FORMATS:
        suffix = "." + fmt if fmt in ("json", "sqlite", "ftm") else ""
        dataset.export(out / f"export-{fmt}{suffix}", fmt)
    command = [sys.executable, "-m", "sphinx", "-W", "-n", "-q", "-b", "html",
               "-d", str(out / "doctrees"), sys.argv[2], str(out / "html")]
    built = subprocess.run(command, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    print("loaded, validated, exported and built offline")
    """
)


def _unshare() -> str:
    found = shutil.which("unshare")
    assert found is not None, (
        "this test needs `unshare` (util-linux) to cut the network; install it. It must not be skipped: "
        "loading, validating, exporting and the docs build are proven offline here."
    )
    return found


def _offline(unshare: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [unshare, "-rn", sys.executable, *arguments], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def test_the_network_is_really_cut() -> None:
    done = _offline(_unshare(), "-c", NO_NETWORK)
    assert done.returncode == 0, (
        "`unshare -rn` could not cut the network here (are unprivileged user namespaces disabled? see "
        f"/proc/sys/kernel/unprivileged_userns_clone): {done.stdout}{done.stderr}"
    )
    assert done.stdout.strip() == "network cut"


def test_load_validate_export_and_docs_build_with_no_network(tmp_path: Path) -> None:
    done = _offline(_unshare(), "-c", EVERYTHING, str(tmp_path), str(REPOSITORY / "docs"))
    assert done.returncode == 0, done.stdout + done.stderr[-5000:]
    assert "loaded, validated, exported and built offline" in done.stdout
    assert (tmp_path / "html" / "index.html").is_file()
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("export-")) == [
        "export-csv",
        "export-ftm.ftm",
        "export-json.json",
        "export-jsonl",
        "export-parquet",
        "export-sqlite.sqlite",
    ]
