"""The problems the contact center's settings answer."""

from __future__ import annotations

from servicekit import Conflict


class SetupNotCompleted(Conflict):
    type = "contact-center-setup-not-completed"
    title = "The contact center is not set up yet"
    rule = "R-CC-12"

    def __init__(self, state: str) -> None:
        super().__init__(
            f"The contact-center setup is {state}: its platform details are readable once the tenant is active.",
            state=state,
        )
