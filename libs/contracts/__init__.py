"""Wire contracts shared by every service: events, their envelope, enums, topics, problems."""

from contracts import topics
from contracts.enums import CustomerState, ErrorReason, ReviewCaseState, Role
from contracts.envelope import Envelope, Event
from contracts.problem import InvalidParam, Problem

__all__ = [
    "CustomerState",
    "Envelope",
    "ErrorReason",
    "Event",
    "InvalidParam",
    "Problem",
    "ReviewCaseState",
    "Role",
    "topics",
]
