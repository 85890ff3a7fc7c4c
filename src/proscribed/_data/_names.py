"""Finding actors by name: case-, accent- and punctuation-insensitive, across scripts and spellings.

A name is compared in three forms: *normalised* (Latin script, lower case, accents and punctuation
removed: ``Al-Qa'ida`` is ``al qaida``, ``Хезболла`` is ``khezbolla``), as its *words*, and as a
consonant *skeleton* that common transliterations share (``Hizballah``, ``Hezbollah`` and ``Hizbullah``
are all ``hzblh``). Matches are ranked: the identifier itself, an exact name, all the query's words at the
start of the name's words, the same skeleton, a part of the name, then names that are close in spelling.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .._schema._models import Actor, Alias

__all__ = ["ActorMatch", "normalise_name", "search_actors", "skeleton"]

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
_SILENT = frozenset("'’‘ʼʻ`´\"")
_SKELETON_SOUNDS = (("kh", "h"), ("gh", "g"), ("ph", "f"), ("dh", "d"), ("ck", "k"), ("q", "k"), ("x", "h"))
_VOWELS = frozenset("aeiouy")
_NEAR = 0.8
_OWN_NAME = 0.005


@functools.lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """*text* in Latin script, lower case, without accents, apostrophes or punctuation; words split by one space."""
    letters = []
    for character in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(character) or character in _SILENT:
            continue
        latin = _CYRILLIC.get(character, character)
        letters.append(latin if latin.isalnum() else " ")
    return " ".join("".join(letters).split())


@functools.lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """The consonants of a normalised name, as spellings of one name in Latin script tend to share them."""
    joined = normalise_name(text).replace(" ", "")
    for sound, letter in _SKELETON_SOUNDS:
        joined = joined.replace(sound, letter)
    if not joined:
        return ""
    kept = joined[0] + "".join(letter for letter in joined[1:] if letter not in _VOWELS)
    return re.sub(r"(.)\1+", r"\1", kept)


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor found by a name query: the name that matched it and how well."""

    actor: Actor
    matched: str
    """The name, alias or identifier that matched the query."""
    score: float
    """How well it matched: higher is better; 1.0 or more for the identifier or an exact name."""
    how: str
    """How it matched: ``identifier``, ``exact``, ``words``, ``spelling``, ``part`` or ``near``."""

    def to_dict(self) -> dict[str, str | float]:
        """The match as the JSON object of ``proscribed actors --format json``."""
        return {
            "actor": self.actor.actor_id,
            "name": self.actor.name,
            "type": self.actor.actor_type.value,
            "matched": self.matched,
            "how": self.how,
            "score": round(self.score, 3),
        }


def _score(query: str, name: str) -> tuple[float, str] | None:  # noqa: PLR0911  (one return per rank)
    wanted, candidate = normalise_name(query), normalise_name(name)
    if not wanted or not candidate:
        return None
    if wanted.replace(" ", "") == candidate.replace(" ", ""):
        return 1.0, "exact"
    wanted_words, candidate_words = wanted.split(), candidate.split()
    if all(any(word.startswith(part) for word in candidate_words) for part in wanted_words):
        return 0.9 + 0.05 * len(wanted) / len(candidate), "words"
    if len(wanted) > 3 and skeleton(wanted) == skeleton(candidate):  # short names share skeletons
        return 0.85, "spelling"
    if len(wanted) > 2 and wanted in candidate:
        return 0.8 + 0.05 * len(wanted) / len(candidate), "part"
    ratio = max(
        difflib.SequenceMatcher(None, wanted, candidate).ratio(),
        difflib.SequenceMatcher(None, skeleton(wanted), skeleton(candidate)).ratio() - 0.05,
    )
    if ratio >= _NEAR:
        return 0.7 * ratio, "near"
    return None


def _best_match(actor: Actor, wanted: str, names: list[str], own: int) -> ActorMatch | None:
    """The best match of *wanted* with the actor's identifier or one of its *names* (the first *own* its own)."""
    if wanted == actor.actor_id:
        return ActorMatch(actor, actor.actor_id, 1.01, "identifier")
    best = None
    if re.fullmatch(r"(per|org|state)-[a-z0-9-]+", wanted) is not None:
        ratio = difflib.SequenceMatcher(None, wanted, actor.actor_id).ratio()
        if ratio >= _NEAR:
            best = ActorMatch(actor, actor.actor_id, 0.7 * ratio, "near")
    for position, name in enumerate(names):
        scored = _score(wanted, name)
        if scored is None:
            continue
        # The actor's own names rank a hair above the same match on an alias another actor shares.
        score = scored[0] + (_OWN_NAME if position < own else 0.0)
        if best is None or score > best.score:
            best = ActorMatch(actor, name, score, scored[1])
    return best


def search_actors(
    actors: Iterable[Actor], aliases: Iterable[Alias], query: str, *, limit: int | None = 10
) -> tuple[ActorMatch, ...]:
    """Actors whose identifier, name, original name or alias matches *query*, best first."""
    names: dict[str, list[str]] = {}
    own: dict[str, int] = {}
    by_id: dict[str, Actor] = {}
    for actor in actors:
        by_id[actor.actor_id] = actor
        names[actor.actor_id] = [actor.name, *([actor.name_original] if actor.name_original else [])]
        own[actor.actor_id] = len(names[actor.actor_id])
    for alias in aliases:
        if alias.actor_id in names:
            names[alias.actor_id].append(alias.alias)
    wanted = query.strip()
    found = (_best_match(actor, wanted, names[actor_id], own[actor_id]) for actor_id, actor in by_id.items())
    best = {match.actor.actor_id: match for match in found if match is not None}
    ranked = sorted(best.values(), key=lambda match: (-match.score, match.actor.name, match.actor.actor_id))
    return tuple(ranked if limit is None else ranked[:limit])
