"""The problems numbers, their assignments and their release answer."""

from __future__ import annotations

import uuid

from servicekit import Conflict, NotFound, Unprocessable


class NumberNotFound(NotFound):
    type = "number-not-found"
    title = "Number not found"

    def __init__(self, customer_id: uuid.UUID, number_id: uuid.UUID) -> None:
        super().__init__(f"No number {number_id} of customer {customer_id}.", number_id=str(number_id))


class AssigneeNotFound(NotFound):
    type = "assignee-not-found"
    title = "Nothing of the customer to assign the number to"

    def __init__(self, kind: str, assignee_id: uuid.UUID) -> None:
        super().__init__(f"The customer has no {kind.replace('_', ' ')} {assignee_id}.", field="assignee_id", kind=kind)


class NumberNotActive(Conflict):
    type = "number-not-active"
    title = "The number is not active"

    def __init__(self, number: str, state: str) -> None:
        super().__init__(
            f"{number} is {state}; only an active number (unassigned or assigned) can be changed.",
            number=number,
            state=state,
        )


class NumberAlreadyAssigned(Conflict):
    type = "number-already-assigned"
    title = "The number is assigned to something else"

    def __init__(self, number: str, kind: str, assignee_id: uuid.UUID) -> None:
        super().__init__(
            f"{number} is assigned to {kind.replace('_', ' ')} {assignee_id}; unassign it first.",
            number=number,
            assignee_kind=kind,
            assignee_id=str(assignee_id),
        )


class NumberNotAssigned(Conflict):
    type = "number-not-assigned"
    title = "The number is not assigned"

    def __init__(self, number: str) -> None:
        super().__init__(f"{number} is not assigned to anything.", number=number)


class UserHasNumber(Conflict):
    type = "user-has-number"
    title = "The user already has a number"

    def __init__(self, user_id: uuid.UUID, number: str) -> None:
        super().__init__(
            f"User {user_id} already has {number}; unassign it first.", user_id=str(user_id), number=number
        )


class NumberInUse(Conflict):
    type = "number-in-use"
    title = "An assigned number cannot be released"

    def __init__(self, numbers: list[str]) -> None:
        super().__init__(
            f"Unassign {', '.join(numbers)} before releasing: a number in use is not given back by accident.",
            numbers=numbers,
        )


class BlockReleasedWhole(Conflict):
    type = "block-released-whole"
    title = "A block's numbers are released only as the whole block"
    rule = "R-PSTN-13"

    def __init__(self, number: str, block_id: uuid.UUID) -> None:
        super().__init__(
            f"{number} belongs to block {block_id}; release the block (DELETE .../number-blocks/{block_id}).",
            number=number,
            block_id=str(block_id),
        )


class BlockNotFound(NotFound):
    type = "number-block-not-found"
    title = "Number block not found"

    def __init__(self, customer_id: uuid.UUID, block_id: uuid.UUID) -> None:
        super().__init__(f"No number block {block_id} of customer {customer_id}.", block_id=str(block_id))


class OwnAddressNotValid(Unprocessable):
    """The carrier corrected the address, or found several: nothing changed; PUT the one meant."""

    type = "number-emergency-address-not-valid"
    title = "The carrier did not validate the address as given"
    rule = "R-PSTN-10"
