"""The problems review cases raise."""

from __future__ import annotations

from servicekit import Conflict, NotFound


class ReviewCaseNotFound(NotFound):
    type = "review-case-not-found"
    title = "Review case not found"


class CaseAlreadyDecided(Conflict):
    type = "review-case-closed"
    title = "The review case is already closed"
    rule = "R-RPL-04"

    def __init__(self, state: str) -> None:
        super().__init__(f"The case is {state}; only an open case can be decided.", state=state)
