"""The problems the contact center's settings answer."""

from __future__ import annotations

from servicekit import Conflict, Forbidden


class SetupNotCompleted(Conflict):
    type = "contact-center-setup-not-completed"
    title = "The contact center is not set up yet"
    rule = "R-CC-12"

    def __init__(self, state: str) -> None:
        super().__init__(
            f"The contact-center setup is {state}: its platform details are readable once the tenant is active.",
            state=state,
        )


class NotTheCustomersAdministrator(Forbidden):
    type = "not-the-customers-administrator"
    title = "Only the customer's own administrator sets up chat services"
    rule = "R-CC-15"

    def __init__(self) -> None:
        super().__init__(
            "Chat services are set up by an administrator of the customer itself, not of its partner or above."
        )
