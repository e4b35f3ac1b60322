"""System-wide settings: the root's alone unless it delegates a named permission (R-HIER-04)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from customers.billing.models import ExchangeRate
from customers.billing.repository import ExchangeRateRepository
from customers.customer.errors import CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.dial_in.repository import DialInRepository
from customers.system_settings.errors import CatalogueItemNotFound, NotDelegated, UnknownCurrency
from customers.system_settings.models import Delegation
from customers.system_settings.repository import DelegationRepository
from customers.system_settings.schemas import DelegationCreate
from customers.user.models import CatalogueItem
from customers.user.repository import CatalogueRepository
from servicekit import Clock, Principal, ValidationFailed

BASE_CURRENCY = "USD"


class SystemSettingsService:
    def __init__(self, *, clock: Clock) -> None:
        self.clock = clock

    async def check_may_manage(self, session: AsyncSession, principal: Principal, permission: str) -> None:
        """The root, or an administrator of a customer the root delegated `permission` to (R-HIER-04)."""
        if principal.has(Role.PLATFORM_ROOT):
            return
        if principal.has(Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN):
            if await DelegationRepository(session).get(principal.customer_id, permission):
                return
        raise NotDelegated(permission)

    # --- delegations ---------------------------------------------------------------------------

    async def grant(self, session: AsyncSession, data: DelegationCreate, *, principal: Principal) -> Delegation:
        if await CustomerRepository.for_caller(session, principal).get(data.customer_id) is None:
            raise CustomerNotFound(data.customer_id)
        delegations = DelegationRepository(session)
        delegation = await delegations.get(data.customer_id, data.permission) or Delegation(
            customer_id=data.customer_id, permission=data.permission, granted_by=principal.client_id
        )
        return await delegations.put(delegation)

    async def delegations(self, session: AsyncSession) -> Sequence[Delegation]:
        return await DelegationRepository(session).all()

    async def revoke(self, session: AsyncSession, customer_id: uuid.UUID, permission: str) -> None:
        await DelegationRepository(session).remove(customer_id, permission)

    # --- the settings --------------------------------------------------------------------------

    async def set_exchange_rate(self, session: AsyncSession, currency: str, usd_per_unit: Decimal) -> ExchangeRate:
        """Set (or add) a currency's rate in USD (R-HIER-07); every later conversion uses it."""
        code = currency.upper()
        if len(code) != 3 or not code.isalpha():
            raise UnknownCurrency(currency)
        if code == BASE_CURRENCY and usd_per_unit != 1:
            # R-HIER-07: balances are kept in USD and every rate is USD per unit, so USD is 1 by definition.
            raise ValidationFailed.field(
                "usd_per_unit", "USD is the base currency; its rate is fixed at 1", rule="R-HIER-07"
            )
        return await ExchangeRateRepository(session).put(code, usd_per_unit, self.clock.now())

    async def set_orderable(self, session: AsyncSession, code: str, orderable: bool) -> CatalogueItem:
        item = await CatalogueRepository(session).get(code)
        if item is None:
            raise CatalogueItemNotFound(code)
        item.orderable = orderable  # R-CUST-05: add-ons become orderable when the platform offers them
        await session.flush()
        return item

    async def dial_in_numbers(self, session: AsyncSession, country: str) -> Sequence[str]:
        return await DialInRepository(session).numbers(country)

    async def set_dial_in_numbers(self, session: AsyncSession, country: str, numbers: Sequence[str]) -> None:
        """R-CUST-09: new customers of the country get its first number."""
        await DialInRepository(session).replace(country, numbers)
