"""The problems reservations answer."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from servicekit import Conflict, NotFound


class ReservationNotFound(NotFound):
    type = "reservation-not-found"
    title = "Reservation not found"

    def __init__(self, customer_id: uuid.UUID, reservation_id: uuid.UUID) -> None:
        super().__init__(
            f"Customer {customer_id} has no reservation {reservation_id}.", reservation_id=str(reservation_id)
        )


class ReservationNotHeld(Conflict):
    type = "reservation-not-held"
    title = "The reservation no longer holds its numbers"

    def __init__(self, reservation_id: uuid.UUID, state: str) -> None:
        super().__init__(f"Reservation {reservation_id} is {state}.", reservation_id=str(reservation_id), state=state)


class NumbersNotAvailable(Conflict):
    """Reserved by another customer, or taken since the search: a reserved number is nobody else's."""

    type = "numbers-not-available"
    title = "Numbers not available"

    def __init__(self, numbers: Sequence[str]) -> None:
        listed = list(numbers)
        super().__init__(f"No longer available: {', '.join(listed)}. Search again and choose others.", numbers=listed)
