"""The problems port carts answer."""

from __future__ import annotations

import uuid

from servicekit import Conflict, NotFound


class PortCartNotFound(NotFound):
    type = "port-cart-not-found"
    title = "Port cart not found"

    def __init__(self, customer_id: uuid.UUID, cart_id: uuid.UUID) -> None:
        super().__init__(f"Customer {customer_id} has no port cart {cart_id}.", cart_id=str(cart_id))


class PortCartLineNotFound(NotFound):
    type = "port-cart-line-not-found"
    title = "Port cart line not found"

    def __init__(self, cart_id: uuid.UUID, line_id: uuid.UUID) -> None:
        super().__init__(f"Port cart {cart_id} has no line {line_id}.", line_id=str(line_id))


class TrialCannotPort(Conflict):
    type = "trial-cannot-port"
    title = "Trial customers cannot port numbers"
    rule = "R-PSTN-31"

    def __init__(self, customer_id: uuid.UUID) -> None:
        super().__init__(
            f"Customer {customer_id} is on a trial: a trial orders new numbers only and ports nothing (R-PSTN-07); "
            "porting becomes available once the organisation converts to paid (R-PSTN-31).",
            rules=["R-PSTN-07", "R-PSTN-31"],
        )


class LineNotReferable(Conflict):
    type = "port-line-not-referable"
    title = "Only a number found not portable is referred"
    rule = "R-PSTN-16"

    def __init__(self, line_id: uuid.UUID, why: str) -> None:
        super().__init__(
            f"Line {line_id} {why}; PSTN technical support reviews numbers the portability check flagged.",
            line_id=str(line_id),
        )
