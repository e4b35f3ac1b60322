"""The problems the setup wizard answers; an invalid choice names its step, its field and the rule."""

from __future__ import annotations

import uuid

from servicekit import Conflict, NotFound, ValidationFailed


def invalid(step: str, field: str, reason: str, rule: str) -> ValidationFailed:
    """A choice the step refuses: problem+json naming the step, the field and the rule."""
    error = ValidationFailed.field(field, reason, rule=rule)
    error.extensions |= {"step": step, "field": field}
    return error


class SetupNotFound(NotFound):
    type = "contact-center-setup-not-found"
    title = "The customer has no contact-center setup"
    rule = "R-CC-01"

    def __init__(self, customer_id: uuid.UUID) -> None:
        super().__init__(
            f"Customer {customer_id} has no contact-center setup: start a trial or map a subscription order first.",
            customer_id=str(customer_id),
        )


class SetupSubmitted(Conflict):
    """R-CC-04: steps are changed before submitting; after it the tenant is being (or was) provisioned."""

    type = "setup-already-submitted"
    title = "The setup was submitted"
    rule = "R-CC-04"

    def __init__(self, state: str) -> None:
        super().__init__(f"The setup is {state}: its steps can no longer change.", state=state)


class CountryConfirmed(Conflict):
    type = "country-of-operation-confirmed"
    title = "The country of operation is confirmed and cannot change"
    rule = "R-CC-06"

    def __init__(self, confirmed: str, asked: str) -> None:
        super().__init__(
            f"The country of operation was confirmed as {confirmed}; it can never change (asked: {asked}).",
            step="settings",
            field="country",
            country=confirmed,
        )


class SetupIncomplete(Conflict):
    type = "setup-incomplete"
    title = "The setup has steps left to complete"
    rule = "R-CC-04"

    def __init__(self, missing: list[dict[str, str]]) -> None:
        listed = ", ".join(f"{m['step']}.{m['field']}" for m in missing)
        super().__init__(f"Complete these before submitting: {listed}.", missing=missing)


class SetupNotSubmitted(Conflict):
    type = "setup-not-submitted"
    title = "The setup has not been submitted"
    rule = "R-CC-11"

    def __init__(self) -> None:
        super().__init__("The order summary is available once the setup is submitted.")


class SipAddressTaken(Conflict):
    type = "sip-address-taken"
    title = "The organisation SIP address belongs to another organisation"
    rule = "R-CC-04"

    def __init__(self, address: str) -> None:
        super().__init__(
            f"{address} is the SIP address of another organisation; choose another.",
            step="calling",
            field="sip_address",
        )
