"""The record models, one module per record kind."""

from .actor import Actor, Alias
from .citation import Citation
from .designation import Designation
from .designation_list import DesignationList
from .event import Event, EventParticipant
from .instrument import Instrument
from .list_count import ListCount
from .role import Role
from .source import Source
from .statement import Statement

__all__ = [
    "Actor",
    "Alias",
    "Citation",
    "Designation",
    "DesignationList",
    "Event",
    "EventParticipant",
    "Instrument",
    "ListCount",
    "Role",
    "Source",
    "Statement",
]
