"""FollowTheMoney entities: the designated actors and one ``Sanction`` per listing period.

Each actor with an act on itself (not only on its associates) becomes an ``Organization`` (a ``Person``
for people) with its names, aliases, country and Wikidata identifier. Each chain of acts on one list (a
listing and the acts that change it) becomes one ``Sanction``: ``startDate`` is when the listing took
effect, ``listingDate`` when its instrument was made or published, ``endDate`` the day it stopped
applying (a delisting or a lapse; empty while it applies), ``status`` where it stands today (``Active``,
``Suspended``, ``Inactive`` after a delisting, ``Expired`` after a lapse). ``authority``, ``program``,
``programId`` and ``programUrl`` describe the list; ``sourceUrl`` is the instrument's text where known, else
the first source of the listing act. Dates keep the precision the sources give, as far as FtM's plain
days, months and years can (:func:`ftm_date`): a date known only to a span of several years is left out.

The entities are written as JSON lines, the format ``followthemoney`` and its tools read; entity
identifiers are ``proscribed-`` and the record identifier.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._schema._history import Chain, Status
from .._schema._models import Actor, Designation
from .._schema._types import cached_edtf
from .._schema._vocab import ActorType, Measure, Scope
from ._status import chains_of, periods_of

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["ftm_entities", "write_ftm"]

_PREFIX = "proscribed-"
_TOPICS = {
    Measure.TERRORIST: "crime.terror",
    Measure.EXTREMIST: "crime.terror",
    Measure.BANNED: "sanction",
    Measure.SANCTIONS: "sanction",
}


def _entity_id(record_id: str) -> str:
    return _PREFIX + record_id


def ftm_date(text: str) -> str | None:
    """An EDTF value as FollowTheMoney writes dates: the day, month or year that holds all its possible days.

    FtM takes only a plain day, month or year: ``2014-06-20/2014-12-31`` becomes ``2014``, ``2013-05``
    stays ``2013-05``; a value whose possible days span more than one year, or are open, gives ``None``.
    """
    parsed = cached_edtf(text)
    low, high = parsed.lower, parsed.upper
    if low is None or high is None:
        return None
    if low == high:
        return low.isoformat()
    if (low.year, low.month) == (high.year, high.month):
        return f"{low.year:04d}-{low.month:02d}"
    if low.year == high.year:
        return f"{low.year:04d}"
    return None


def _actor_entity(dataset: Dataset, actor: Actor, measures: set[Measure]) -> dict[str, Any]:
    names = [alias.alias for alias in dataset.aliases_of(actor.actor_id)]
    if actor.name_original is not None:
        names.insert(0, actor.name_original)
    properties: dict[str, list[str]] = {"name": [actor.name]}
    aliases = [name for name in dict.fromkeys(names) if name != actor.name]
    if aliases:
        properties["alias"] = aliases
    if actor.country is not None:
        properties["country"] = [actor.country.lower()]
    if actor.wikidata_id is not None:
        properties["wikidataId"] = [actor.wikidata_id]
    if actor.description is not None:
        properties["description"] = [actor.description]
    topics = sorted({_TOPICS[measure] for measure in measures})
    if topics:
        properties["topics"] = topics
    schema = "Person" if actor.actor_type is ActorType.PERSON else "Organization"
    return {"id": _entity_id(actor.actor_id), "schema": schema, "properties": properties}


def _ending(dataset: Dataset, chain: Chain) -> tuple[str | None, str]:
    """When the chain's listing stopped applying (as date text) and the status word for today.

    A listing stops applying when the chain is delisted or lapses, or when an amendment narrows it to the
    actor's associates (it is then no longer a measure on the actor itself).
    """
    periods = periods_of(dataset, [chain])
    applying = (Status.LISTED, Status.SUSPENDED)
    started = False
    ended: str | None = None
    for period in periods:
        if period.status in applying:
            started, ended = True, None
        elif started and ended is None and period.start is not None:
            ended = period.since.text if period.since is not None else period.start.isoformat()
    today = periods[-1]
    if today.status is Status.LISTED:
        word = "Active"
    elif today.status is Status.SUSPENDED:
        word = "Suspended"
    else:
        word = "Expired" if today.lapsed else "Inactive"
    return ended, word


def _sanction(dataset: Dataset, chain: Chain) -> dict[str, Any]:
    root = dataset.designation(chain.root.designation_id)
    listed_on = dataset.designation_list(root.list_id)
    instrument = dataset.instrument_of(root)
    properties: dict[str, list[str]] = {
        "entity": [_entity_id(root.actor_id)],
        "authority": [dataset.actor(listed_on.authority_id).name],
        "program": [listed_on.name],
        "programId": [listed_on.list_id],
        "country": [listed_on.jurisdiction.lower()],
        "recordId": [root.designation_id],
    }
    start = ftm_date(instrument.takes_effect.text)
    if start is not None:
        properties["startDate"] = [start]
    ended, status = _ending(dataset, chain)
    properties["status"] = [status]
    listing_date = instrument.publication_date or instrument.decision_date
    listed_on_day = None if listing_date is None else ftm_date(listing_date)
    if listed_on_day is not None:
        properties["listingDate"] = [listed_on_day]
    end = None if ended is None else ftm_date(ended)
    if end is not None:
        properties["endDate"] = [end]
    if listed_on.url is not None:
        properties["programUrl"] = [listed_on.url]
    provisions = [listed_on.measure.value]
    if root.scope is not Scope.ENTITY and root.scope_note is not None:
        provisions.append(root.scope_note)
    properties["provisions"] = ["; ".join(provisions)]
    if instrument.reference is not None:
        properties["authorityId"] = [instrument.reference]
    source = instrument.url or next((item.url for item in dataset.evidence_of(root).supporting), None)
    if source is not None:
        properties["sourceUrl"] = [source]
    if root.note is not None:
        properties["description"] = [root.note]
    return {"id": _entity_id(root.designation_id), "schema": "Sanction", "properties": properties}


def ftm_entities(dataset: Dataset) -> Iterator[dict[str, Any]]:
    """Every entity of the export, each actor followed by its sanctions, actors in identifier order."""
    by_actor: dict[str, list[Designation]] = {}
    for act in dataset.designations:
        by_actor.setdefault(act.actor_id, []).append(act)
    for actor_id in sorted(by_actor):
        chains = [chain for chain in chains_of(dataset, by_actor[actor_id]) if chain.root.scope is not Scope.ASSOCIATES]
        if not chains:
            continue
        measures = {dataset.designation_list(chain.root.list_id).measure for chain in chains}
        yield _actor_entity(dataset, dataset.actor(actor_id), measures)
        for chain in chains:
            yield _sanction(dataset, chain)


def write_ftm(dataset: Dataset, target: Path) -> None:
    """Write the entities to *target* as JSON lines."""
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        for entity in ftm_entities(dataset):
            stream.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
