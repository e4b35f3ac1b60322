"""The customer's users as the customers service announced them, with the numbers assigned to them."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from pstn_orders.number.repository import NumberRepository, WithNumbers
from pstn_orders.user.models import CallingUser
from pstn_orders.user.repository import CallingUserRepository
from servicekit import CustomerDirectory, NotFound, Principal


class CallingUserNotFound(NotFound):
    type = "user-not-found"
    title = "User not found"

    def __init__(self, customer_id: uuid.UUID, user_id: uuid.UUID) -> None:
        super().__init__(
            f"No user {user_id} of customer {customer_id} is known here (yet: users arrive from the customers "
            "service by events).",
            user_id=str(user_id),
        )


class UserWithNumbers(WithNumbers[CallingUser]):
    """A user as pstn_orders learnt it, with the numbers assigned to it."""


class CallingUserService:
    def __init__(self, *, directory: CustomerDirectory) -> None:
        self.directory = directory

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, user_id: uuid.UUID, *, principal: Principal
    ) -> UserWithNumbers:
        customer = await self.directory.get(session, customer_id, principal=principal)
        user = await CallingUserRepository.for_caller(session, principal).get(customer.customer_id, user_id)
        if user is None:
            raise CallingUserNotFound(customer_id, user_id)
        numbers = await NumberRepository.for_caller(session, principal).numbers_of("user", [user.id])
        return UserWithNumbers(user, numbers[user.id])
