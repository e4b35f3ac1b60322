"""The problems trials and subscription orders answer."""

from __future__ import annotations

import uuid

from servicekit import Conflict, NotFound, ValidationFailed


class OrderExists(Conflict):
    type = "contact-center-order-exists"
    title = "The customer has a contact-center order already"

    def __init__(self, customer_id: uuid.UUID, kind: str) -> None:
        super().__init__(f"Customer {customer_id} has a contact-center {kind} already; continue its setup.", kind=kind)


class OrderNotFound(NotFound):
    type = "contact-center-order-not-found"
    title = "The customer has no contact-center order"
    rule = "R-CC-01"

    def __init__(self, customer_id: uuid.UUID) -> None:
        super().__init__(
            f"Customer {customer_id} has no contact-center trial or subscription order: start or map one first.",
            customer_id=str(customer_id),
        )


def pstn_addon_refused(reason: str) -> ValidationFailed:
    return ValidationFailed.field("addons", reason, rule="R-CC-10")
