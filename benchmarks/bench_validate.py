"""Time `proscribed validate` against `frictionless validate` on packages shaped like the shipped data.

Run by hand (it is not a test):

    python benchmarks/bench_validate.py --rows 200000 1000000

For each N it writes a package under --out (default /tmp/proscribed-bench, never the repository): the
shipped package as it is, with its statements replicated until there are N of them, each copy with its
own identifier and with every citation of the statement copied with it (the same excerpts, sources,
speakers, roles, events and subjects, so every foreign key, citation target and quote-in-excerpt check
runs as it does on the real data), in the canonical order `proscribed fmt` writes, plus a handful of
planted errors of the kinds both tools detect. Each
tool then validates the same files in a fresh process; the script prints wall time, peak resident memory
(of the child process), the ratio, and whether every error frictionless reports was also reported by
proscribed (same file and row).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from proscribed._io._paths import shipped_root

PLANTED = 12


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        return header, list(reader)


def generate(rows: int, target: Path, seed: int = 1) -> list[tuple[str, int]]:
    """Write a package of *rows* statements into *target*; return the (file, row) of each planted error.

    The files are in the canonical order ``proscribed fmt`` writes (rows sorted by primary key), as the
    shipped files are.
    """
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(shipped_root(), target)
    statement_header, statements = _read(target / "data" / "statements.csv")
    citation_header, citations = _read(target / "data" / "citations.csv")
    of_statement: dict[str, list[list[str]]] = {}
    for citation in citations:
        of_statement.setdefault(citation[0], []).append(citation)
    others = [
        citation for citation in citations if citation[0] not in of_statement or not citation[0].startswith("stmt-")
    ]
    column = {name: index for index, name in enumerate(statement_header)}
    count = len(statements)
    order = sorted(
        (statements[number % count][0] + (f"-r{number // count:07d}" if number >= count else ""), number % count)
        for number in range(rows)
    )
    planted_rows = set(rng.sample(range(1, rows), PLANTED))
    planted = []
    with (
        (target / "data" / "statements.csv").open("w", encoding="utf-8", newline="") as statement_file,
        (target / "data" / "citations.csv").open("w", encoding="utf-8", newline="") as citation_file,
    ):
        statement_writer = csv.writer(statement_file, lineterminator="\n")
        citation_writer = csv.writer(citation_file, lineterminator="\n")
        statement_writer.writerow(statement_header)
        citation_writer.writerow(citation_header)
        citation_writer.writerows(citation for citation in others if citation[0] < "stmt-")
        previous_id = ""
        for position, (statement_id, original_index) in enumerate(order):
            original = statements[original_index]
            copy = [statement_id, *original[1:]]
            if position in planted_rows:
                kind = len(planted) % 4
                if kind == 0:
                    copy[column["speaker_id"]] = "per-nobody"  # foreign key
                elif kind == 1:
                    copy[column["stance"]] = "enthusiastic"  # not in the vocabulary
                elif kind == 2:
                    copy[column["date"]] = "27 May 2024"  # not an EDTF date
                else:
                    copy[0] = previous_id  # duplicate identifier, reported on the second
                planted.append(("data/statements.csv", position + 2))
            statement_writer.writerow(copy)
            if copy[0] != previous_id:
                citation_writer.writerows([copy[0], *citation[1:]] for citation in of_statement.get(original[0], ()))
            previous_id = copy[0]
        citation_writer.writerows(citation for citation in others if citation[0] >= "stmt-")
    return planted


def _measure(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stdout of *command*, run in a fresh process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "sys.stderr.write(f'{seconds} {peak}\\n')\n"
        "sys.stdout.write(done.stdout)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    seconds, peak = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), float(peak), done.stdout


def _frictionless_rows(report: dict[str, object]) -> set[tuple[str, int]]:
    found = set()
    for task in report.get("tasks", []):  # type: ignore[union-attr]
        for error in task["errors"]:
            if error.get("rowNumber") is not None:
                found.add((task["place"], error["rowNumber"]))
    return found


def main() -> None:
    """Generate, validate with both tools, and print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=Path("/tmp/proscribed-bench"))  # noqa: S108  (outside the repo)
    parser.add_argument("--skip-frictionless", action="store_true", help="time proscribed only")
    arguments = parser.parse_args()
    proscribed = str(Path(sys.executable).with_name("proscribed"))
    frictionless = str(Path(sys.executable).with_name("frictionless"))
    print(f"{'statements':>10} {'MB':>6} {'proscribed s':>12} {'MB peak':>8} {'frictionless s':>14} "
          f"{'MB peak':>8} {'ratio':>7}  same findings")  # fmt: skip
    for rows in [0, *arguments.rows]:
        target = shipped_root() if rows == 0 else arguments.out / f"n{rows}"
        started = time.perf_counter()
        planted = [] if rows == 0 else generate(rows, target)
        size = sum(path.stat().st_size for path in (target / "data").iterdir()) / 1e6
        print(f"# {target} ({size:.0f} MB), ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        ours_s, ours_mb, ours_out = _measure([proscribed, "validate", str(target), "--format", "json"])
        ours = {(error["file"], error["row"]) for error in json.loads(ours_out)["errors"]}
        label = "shipped" if rows == 0 else f"{rows:,}"
        if arguments.skip_frictionless:
            print(f"{label:>10} {size:>6.0f} {ours_s:>12.2f} {ours_mb:>8.0f} {'-':>14} {'-':>8} {'-':>7}  "
                  f"planted errors found: {all(error in ours for error in planted)}")  # fmt: skip
            continue
        theirs_s, theirs_mb, theirs_out = _measure([frictionless, "validate", str(target / "datapackage.json"),
                                                    "--json"])  # fmt: skip
        theirs = _frictionless_rows(json.loads(theirs_out))
        same = theirs <= ours and all(error in ours for error in planted)
        print(f"{label:>10} {size:>6.0f} {ours_s:>12.2f} {ours_mb:>8.0f} {theirs_s:>14.2f} {theirs_mb:>8.0f} "
              f"{theirs_s / ours_s:>6.1f}x  {'yes' if same else 'NO'} ({len(theirs)} rows flagged by frictionless, "
              f"{len(ours)} by proscribed)")  # fmt: skip


if __name__ == "__main__":
    main()
