"""Time status queries, timelines, exports and diffs on a synthetic package (run by hand).

    python benchmarks/query.py [ACTORS] [JURISDICTIONS]

Builds a package with ACTORS organisations (default 300), each with a chain of acts (list, suspend,
reinstate, delist, with a month-precision act among them) in JURISDICTIONS jurisdictions (default 10),
then times the query functions on it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import proscribed
from fixtures_query.package import BASE_ACTORS, Row, act, write_package
from proscribed._data._diff import diff_packages

CODES = ["RU", "KZ", "KG", "TJ", "UZ", "US", "CA", "GB", "AU", "NZ", "FR", "DE", "IN", "CN", "TR"]


def synthetic(actors: int, jurisdictions: int) -> dict[str, list[Row]]:
    """Tables with *actors* organisations, each with four acts in each of *jurisdictions* jurisdictions."""
    actor_rows = list(BASE_ACTORS)
    designations = []
    for number in range(actors):
        actor_id = f"org-group-{number}"
        actor_rows.append({"actor_id": actor_id, "actor_type": "organization", "name": f"Group {number}",
                           "org_class": "movement"})  # fmt: skip
        for code in CODES[:jurisdictions]:
            prefix = f"des-{code.lower()}-{number}"
            year = 2000 + number % 20
            designations += [
                act(f"{prefix}-list", "list", actor_id=actor_id, jurisdiction=code, decision_date=f"{year}-03"),
                act(f"{prefix}-suspend", "suspend", actor_id=actor_id, jurisdiction=code,
                    decision_date=f"{year + 2}-05-01", related_designation_id=f"{prefix}-list"),
                act(f"{prefix}-reinstate", "reinstate", actor_id=actor_id, jurisdiction=code,
                    decision_date=f"{year + 3}", related_designation_id=f"{prefix}-suspend"),
                act(f"{prefix}-delist", "delist", actor_id=actor_id, jurisdiction=code,
                    decision_date=f"{year + 5}-01-10", related_designation_id=f"{prefix}-list"),
            ]  # fmt: skip
    return {"actors": actor_rows, "designations": designations}


def timed(label: str, function: Callable[[], object]) -> object:
    """Run *function* once and print how long it took."""
    start = time.perf_counter()
    result = function()
    print(f"{label:<44} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    """Build the package and time each query."""
    actors = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    jurisdictions = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        package = write_package(root / "package", synthetic(actors, jurisdictions))
        dataset = proscribed.load(package)
        print(f"{len(dataset.actors)} actors, {len(dataset.designations)} designation acts")
        timed("status (one actor, one jurisdiction) x100", lambda: [
            dataset.status("org-group-7", "RU", on="2010-06-01") for _ in range(100)])  # fmt: skip
        timed(f"status_all for {actors} actors", lambda: [
            dataset.status_all(f"org-group-{n}", on="2010-06-01") for n in range(actors)])  # fmt: skip
        timed(f"timeline for {actors} actors", lambda: [
            dataset.timeline(f"org-group-{n}") for n in range(actors)])  # fmt: skip
        for fmt in ("json", "jsonl", "csv", "parquet", "sqlite"):
            timed(f"export {fmt}", lambda fmt=fmt: dataset.export(root / f"out-{fmt}", fmt))
        timed("diff of the package with itself", lambda: diff_packages(package, package))


if __name__ == "__main__":
    main()
