"""The problems port orders answer."""

from __future__ import annotations

import uuid
from typing import Any

from servicekit import Conflict, NotFound, Unprocessable


class PortOrderNotFound(NotFound):
    type = "port-order-not-found"
    title = "Port order not found"

    def __init__(self, customer_id: uuid.UUID, port_order_id: uuid.UUID) -> None:
        super().__init__(f"Customer {customer_id} has no port order {port_order_id}.", port_order_id=str(port_order_id))


class PortOrderState(Conflict):
    """R-PSTN-21: the transition or edit is not one the order's state allows."""

    type = "port-order-state"
    title = "The port order's state does not allow this"
    rule = "R-PSTN-21"

    def __init__(self, state: str, action: str, allowed_in: list[str]) -> None:
        super().__init__(
            f"The port order is {state}; {action} is allowed only when it is {' or '.join(allowed_in)}.",
            state=state,
            allowed_in=allowed_in,
        )


class CartNotReady(Unprocessable):
    type = "port-cart-not-ready"
    title = "The port cart holds lines to fix first"
    rule = "R-PSTN-16"

    def __init__(self, lines: list[dict[str, Any]]) -> None:
        shown = ", ".join(f"{line['raw']} ({line['why']})" for line in lines[:10])
        more = f" and {len(lines) - 10} more" if len(lines) > 10 else ""
        super().__init__(
            f"Remove these lines from the cart, or refer the numbers to PSTN technical support, before drafting "
            f"the port: {shown}{more}.",
            lines=lines,
        )


class PortPreliminaryErrors(Unprocessable):
    """R-PSTN-19: the preliminary check found problems; all of them are listed."""

    type = "port-order-not-ready"
    title = "The port order has problems to fix before it is submitted"
    rule = "R-PSTN-19"

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        details = "; ".join(str(p.get("detail", p["title"])) for p in problems)
        super().__init__(f"Fix these before submitting: {details}", problems=problems)


class CarrierRefusedPort(Unprocessable):
    type = "port-request-refused"
    title = "The carrier does not take this port request"

    def __init__(self, reason: str, rule: str | None, help: dict[str, Any] | None) -> None:
        super().__init__(reason, help=help)
        if rule:
            self.extensions["rule"] = rule


class NotOnFocDay(Conflict):
    type = "port-not-on-foc-day"
    title = "A port is activated on demand on its FOC day only"
    rule = "R-PSTN-21"

    def __init__(self, foc_at: str) -> None:
        super().__init__(f"The port's firm order commitment is for {foc_at}; activate it on that day.", foc_at=foc_at)


class NoSplitToMake(Conflict):
    type = "port-order-no-split"
    title = "Only an order rejected with multiple_btns is split"
    rule = "R-PSTN-22"

    def __init__(self) -> None:
        super().__init__("The order was not rejected with multiple_btns: there is no split by BTN to make.")


class NumbersHeldElsewhere(Conflict):
    type = "port-numbers-held"
    title = "Numbers of the port are already on the platform"
    rule = "R-PSTN-16"

    def __init__(self, numbers: list[str]) -> None:
        super().__init__(
            f"These numbers are already on the platform and cannot be ported in: {', '.join(numbers)}; remove them.",
            numbers=numbers,
        )
