"""The problems number orders answer."""

from __future__ import annotations

import uuid
from typing import Any

from servicekit import Conflict, NotFound, ValidationFailed


class NumberOrderNotFound(NotFound):
    type = "number-order-not-found"
    title = "Number order not found"

    def __init__(self, customer_id: uuid.UUID, order_id: uuid.UUID) -> None:
        super().__init__(f"Customer {customer_id} has no number order {order_id}.", order_id=str(order_id))


class AlertsToConfirm(Conflict):
    """R-PSTN-34: the order raises alerts to review; send it again with their codes in confirm_alerts."""

    type = "alerts-to-confirm"
    title = "Review the order's alerts"
    rule = "R-PSTN-34"

    def __init__(self, alerts: list[dict[str, Any]]) -> None:
        codes = ", ".join(a["code"] for a in alerts)
        super().__init__(
            f"Review these alerts, then place the order again with confirm_alerts: [{codes}].", alerts=alerts
        )


class TrialNumberLimit(Conflict):
    type = "trial-number-limit"
    title = "A trial holds at most 10 numbers"
    rule = "R-PSTN-07"

    def __init__(self, limit: int, held: int, asked: int) -> None:
        super().__init__(
            f"A trial customer orders at most {limit} numbers in total; {held} are ordered already and this order "
            f"asks {asked} more. Convert the customer to paid for more.",
            field="numbers",
            limit=limit,
            ordered=held,
            asked=asked,
        )


class NotEnoughNumbers(Conflict):
    type = "not-enough-numbers"
    title = "The inventory cannot meet the ask"
    rule = "R-PSTN-35"

    def __init__(self, asked: int, found: int, alternatives: list[str]) -> None:
        super().__init__(
            f"{asked} numbers asked, {found} match exactly; search and choose among the alternatives.",
            field="auto_assign",
            alternatives=alternatives,
        )


def one_source() -> ValidationFailed:
    return ValidationFailed.field(
        "numbers", "give exactly one of numbers, cart_id, reservation_id, auto_assign and support_request"
    )
