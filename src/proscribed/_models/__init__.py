"""The record models, one module per record kind."""

from .actor import Actor, Alias
from .citation import Citation
from .designation import Designation
from .event import Event, EventParticipant
from .role import Role
from .source import Source
from .statement import Statement

__all__ = [
    "Actor",
    "Alias",
    "Citation",
    "Designation",
    "Event",
    "EventParticipant",
    "Role",
    "Source",
    "Statement",
]
