from __future__ import annotations

from servicekit import Conflict, Forbidden, NotFound


class CustomerMustSign(Forbidden):
    type = "customer-must-sign"
    title = "The customer must sign"
    rule = "R-PSTN-12"

    def __init__(self, sent_to: str) -> None:
        super().__init__(
            "Only a full administrator of the customer can sign the carrier contract; it was emailed to "
            f"{sent_to}. The customer must sign.",
        )


class ContractNotFound(NotFound):
    type = "pstn-contract-not-found"
    title = "No carrier contract"

    def __init__(self, what: str) -> None:
        super().__init__(f"No carrier contract {what}; it is sent with the customer's first number order.")


class NoContactEmail(Conflict):
    type = "customer-contact-email-missing"
    title = "The customer has no contact email to send the contract to"
    rule = "R-PSTN-34"
