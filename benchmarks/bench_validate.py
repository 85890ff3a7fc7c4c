"""Time `proscribed validate` against `frictionless validate` on synthetic packages of growing size.

Run by hand (it is not a test):

    python benchmarks/bench_validate.py --rows 10000 100000 1000000

For each N it writes a package under --out (default /tmp/proscribed-bench, never the repository):
10,000 actors, 1,000 sources, N statements whose speaker and subject are actors, and N citations (one per
statement, its excerpt containing the quote), plus a handful of planted errors of the kinds both tools
detect. Each tool then validates the same files in a fresh process; the script prints wall time, peak
resident memory (of the child process), the ratio, and whether every error frictionless reports was
also reported by proscribed (same file and row).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from proscribed._descriptor import generated_files
from proscribed._tables import TABLES

ACTORS = 10_000
SOURCES = 1_000
WORDS = [
    "the",
    "movement",
    "government",
    "talks",
    "security",
    "recognition",
    "list",
    "ban",
    "court",
    "ruling",
    "decision",
    "minister",
    "afghanistan",
    "russia",
    "cooperation",
    "region",
    "terrorist",
    "organisation",
    "power",
    "reality",
    "allies",
    "process",
]
RUSSIAN = ["движение", "правительство", "переговоры", "безопасность", "признание", "список", "запрет", "суд", "решение"]
PLANTED = 12


def _rows_to_csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _sentence(rng: random.Random, words: list[str], count: int) -> str:
    return " ".join(rng.choice(words) for _ in range(count)).capitalize() + "."


def generate(rows: int, target: Path, seed: int = 1) -> list[tuple[str, int]]:
    """Write a package of *rows* statements into *target*; return the (file, row) of each planted error."""
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    if target.exists():
        shutil.rmtree(target)
    (target / "data").mkdir(parents=True)
    for relative, text in generated_files().items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(text, encoding="utf-8")
    columns = {table.name: table.columns for table in TABLES}
    people = [f"per-speaker-{index:05d}" for index in range(ACTORS // 2)]
    groups = [f"org-group-{index:05d}" for index in range(ACTORS - len(people))]
    actors = [[actor, "person", f"Speaker {actor[-5:]}", "", "", "", "RU", "", "", ""] for actor in people]
    actors += [[actor, "organization", f"Group {actor[-5:]}", "", "", "movement", "AF", "", "", ""] for actor in groups]
    sources = [
        [f"src-agency-{index:05d}", "article-newspaper", "wire", f"Report {index}", "", "Agency", "", "",
         "2024-05-27", f"https://example.org/report/{index}", "", "en", ""]
        for index in range(SOURCES)
    ]  # fmt: skip
    statements = []
    citations = []
    for index in range(rows):
        statement_id = f"stmt-{index:08d}-speaker"
        source_id = f"src-agency-{rng.randrange(SOURCES):05d}"
        day = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        russian = rng.random() < 0.2
        quote = _sentence(rng, RUSSIAN if russian else WORDS, 22)
        quote_en = _sentence(rng, WORDS, 22) if russian else ""
        statements.append([
            statement_id, rng.choice(people), "", "Minister", "", day, "spoken", "press_conference", "", "",
            "Moscow", "RU", quote, "ru" if russian else "en", "", quote_en, "curator" if russian else "", "direct",
            source_id, rng.choice(groups), rng.choice(["favor", "against", "neutral"]), "designation",
            "confirmed", "", "",
        ])  # fmt: skip
        excerpt = f"The agency reported: {quote} It added more."
        citations.append([
            statement_id, source_id, "supports", "quote", excerpt, "ru" if russian else "en",
            f"The agency reported: {quote_en}" if russian else "", "curator" if russian else "", "", "",
        ])  # fmt: skip
    planted = []
    for number in range(PLANTED):
        index = rng.randrange(rows)
        kind = number % 4
        if kind == 0:
            statements[index][1] = "per-nobody"  # foreign key
        elif kind == 1:
            statements[index][20] = "enthusiastic"  # not in the vocabulary
        elif kind == 2:
            statements[index][5] = "27 May 2024"  # not an EDTF date
        else:
            index = max(index, 1)
            statements[index][0] = statements[index - 1][0]  # duplicate identifier, reported on the second
            citations[index][0] = statements[index][0]
        planted.append(("data/statements.csv", index + 2))
    tables = {"actors": actors, "sources": sources, "statements": statements, "citations": citations}
    for name, header in columns.items():
        text = _rows_to_csv(header, tables.get(name, []))
        (target / "data" / f"{name}.csv").write_text(text, encoding="utf-8")
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
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=Path("/tmp/proscribed-bench"))  # noqa: S108  (outside the repo)
    parser.add_argument("--skip-frictionless", action="store_true", help="time proscribed only")
    arguments = parser.parse_args()
    proscribed = str(Path(sys.executable).with_name("proscribed"))
    frictionless = str(Path(sys.executable).with_name("frictionless"))
    print(f"{'statements':>10} {'MB':>6} {'proscribed s':>12} {'MB peak':>8} {'frictionless s':>14} "
          f"{'MB peak':>8} {'ratio':>7}  same findings")  # fmt: skip
    for rows in arguments.rows:
        target = arguments.out / f"n{rows}"
        started = time.perf_counter()
        planted = generate(rows, target)
        size = sum(path.stat().st_size for path in (target / "data").iterdir()) / 1e6
        print(f"# generated {target} ({size:.0f} MB) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        ours_s, ours_mb, ours_out = _measure([proscribed, "validate", str(target), "--format", "json"])
        ours = {(error["file"], error["row"]) for error in json.loads(ours_out)["errors"]}
        if arguments.skip_frictionless:
            print(f"{rows:>10,} {size:>6.0f} {ours_s:>12.2f} {ours_mb:>8.0f} {'-':>14} {'-':>8} {'-':>7}  "
                  f"planted errors found: {all(error in ours for error in planted)}")  # fmt: skip
            continue
        theirs_s, theirs_mb, theirs_out = _measure([frictionless, "validate", str(target / "datapackage.json"),
                                                    "--json"])  # fmt: skip
        theirs = _frictionless_rows(json.loads(theirs_out))
        same = theirs <= ours and all(error in ours for error in planted)
        print(f"{rows:>10,} {size:>6.0f} {ours_s:>12.2f} {ours_mb:>8.0f} {theirs_s:>14.2f} {theirs_mb:>8.0f} "
              f"{theirs_s / ours_s:>6.0f}x  {'yes' if same else 'NO'} ({len(theirs)} rows flagged by frictionless, "
              f"{len(ours)} by proscribed)")  # fmt: skip


if __name__ == "__main__":
    main()
