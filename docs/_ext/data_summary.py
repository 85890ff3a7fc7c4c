"""Directives that summarise the data this site was built from, so the summaries follow each release.

``data-glance``
    The tables, what each holds, and how many rows this build's data has.
``designation-coverage``
    For each designated actor and jurisdiction, the recorded acts in the order they took effect.
``unconfirmed-records``
    Every record whose verification is not ``confirmed``, with the note that says why.

Each notes the CSV files as dependencies, so an incremental build redraws them when the data changes.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING, Any

import pycountry
from docutils import nodes
from node_helpers import literal, paragraph
from schema_reference import Cell, ReferenceDirective

import proscribed
from proscribed._io._paths import shipped_root
from proscribed._schema._descriptor import DESCRIPTOR_NAME
from proscribed._schema._tables import TABLES
from proscribed._schema._types import INTERNATIONAL_BODIES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["jurisdiction_name", "setup"]


@cache
def jurisdiction_name(code: str) -> str:
    """The English name of a jurisdiction code: a country's common name, or an international body."""
    if code in INTERNATIONAL_BODIES:
        return INTERNATIONAL_BODIES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


class _DataDirective(ReferenceDirective):
    """Loads the shipped data and rebuilds the page when any of its files changes."""

    def dataset(self) -> proscribed.Dataset:
        """The shipped dataset, with its files noted as dependencies of this page."""
        root = shipped_root()
        for table in TABLES:
            self.env.note_dependency(str(root / table.path))
        self.env.note_dependency(str(root / DESCRIPTOR_NAME))
        self.env.note_dependency(__file__)
        return proscribed.load()


class DataGlance(_DataDirective):
    """The tables with what they hold and the number of rows in the data this site was built from."""

    def run(self) -> list[nodes.Node]:
        """Render the overview table."""
        self.note_model_sources()
        dataset = self.dataset()
        counts = dataset.counts()
        rows: list[list[Cell]] = [
            [
                paragraph(self.table_ref(table.name)),
                paragraph(table.description),
                paragraph(str(counts[table.name])),
            ]
            for table in TABLES
        ]
        table = self.table((22, 63, 15), ("Table", "What it holds", "Rows"), rows)
        caption = paragraph(
            f"Row counts of data version {dataset.version}, the data this site was built from.",
            classes=["caption-note"],
        )
        return [table, caption]


class DesignationCoverage(_DataDirective):
    """Which actors have recorded acts in which jurisdictions, and what the acts are."""

    def run(self) -> list[nodes.Node]:
        """Render one row per actor and jurisdiction."""
        dataset = self.dataset()
        jurisdictions: dict[str, set[str]] = defaultdict(set)
        for act in dataset.designations:
            jurisdictions[act.actor_id].add(act.jurisdiction)
        rows: list[list[Cell]] = []
        for actor_id in sorted(jurisdictions, key=lambda key: dataset.actor(key).name):
            for code in sorted(jurisdictions[actor_id], key=jurisdiction_name):
                acts = dataset.designations_of(actor_id, code)
                rows.append(
                    [
                        paragraph(dataset.actor(actor_id).name),
                        paragraph(f"{jurisdiction_name(code)} ({code})"),
                        [
                            paragraph(
                                literal(dataset.instrument_of(act).takes_effect.text),
                                f" {_act_summary(dataset, act)}: ",
                                literal(act.designation_id),
                            )
                            for act in acts
                        ],
                    ]
                )
        return [
            self.table((22, 22, 56), ("Actor", "Jurisdiction", "Acts, in the order they took effect"), rows),
            paragraph(
                f"Recorded in data version {dataset.version}. A missing jurisdiction means that no act is "
                "recorded yet, not that none exists.",
                classes=["caption-note"],
            ),
        ]


def _act_summary(dataset: proscribed.Dataset, act: proscribed.Designation) -> str:
    """What an act does, on which list, and whom it covers when not the whole organisation."""
    summary = f"{act.action}, {act.list_id} ({dataset.designation_list(act.list_id).measure})"
    if act.scope is not proscribed.Scope.ENTITY:
        summary += f" ({act.scope})"
    return summary


class UnconfirmedRecords(_DataDirective):
    """Every record that is not confirmed, with what is unconfirmed or disputed, table by table."""

    def run(self) -> list[nodes.Node]:
        """Render, for each table with a verification column, a count and one row per record."""
        dataset = self.dataset()
        rendered: list[nodes.Node] = []
        for table in TABLES:
            if "verification" not in table.columns:
                continue
            records = dataset.table(table.name)
            rows: list[list[Cell]] = []
            for record in records:
                verification = getattr(record, "verification")  # noqa: B009  (the column varies by table)
                if verification is proscribed.Verification.CONFIRMED:
                    continue
                rows.append(
                    [
                        paragraph(literal(str(getattr(record, table.primary_key[0])))),
                        paragraph(str(verification)),
                        paragraph(str(getattr(record, "verification_note", "") or "")),
                    ]
                )
            heading = f"{table.name}: {len(rows)} of {len(records)} not confirmed"
            rendered.append(nodes.rubric(heading, heading))
            if rows:
                rendered.append(
                    self.table((30, 14, 56), ("Record", "Verification", "What is unconfirmed or disputed"), rows)
                )
        rendered.append(paragraph(f"Records of data version {dataset.version}.", classes=["caption-note"]))
        return rendered


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("data-glance", DataGlance)
    app.add_directive("designation-coverage", DesignationCoverage)
    app.add_directive("unconfirmed-records", UnconfirmedRecords)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
