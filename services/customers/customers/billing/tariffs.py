"""Tariffs: rate plans a customer owns and assigns to its own children (R-HIER-05)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import TariffChanged
from customers.billing.errors import TariffNotFound
from customers.billing.models import Tariff
from customers.billing.repository import TariffRepository
from customers.billing.schemas import TariffCreate
from customers.billing.service import BillingService
from customers.customer.repository import CustomerRepository
from customers.events import tenancy
from servicekit import PageRequest, Principal, ValidationFailed, check_version, emit

NO_DEFAULT_TARIFF = (
    "is required: you have no default tariff; name one of yours, or create a default first with POST /v1/tariffs "
    'and "is_default": true'
)
ADD_DEFAULT_TARIFF = {
    "operation_id": "create_tariff",
    "method": "POST",
    "path": "/v1/tariffs",
    "body": {"name": "Standard", "currency": "USD", "is_default": True},
}


class TariffService:
    def __init__(self, *, billing: BillingService) -> None:
        self.billing = billing

    async def create(self, session: AsyncSession, data: TariffCreate, *, principal: Principal) -> Tariff:
        await self.billing.usd_per_unit(session, data.currency)
        tariffs = TariffRepository.for_caller(session, principal)
        if data.is_default:
            await _clear_default(tariffs, principal.customer_id)
        tariff = await tariffs.add(Tariff(owner_id=principal.customer_id, **data.model_dump()))
        await self._changed(session, tariff, principal)
        return tariff

    async def list(self, session: AsyncSession, page: PageRequest, *, principal: Principal) -> Sequence[Tariff]:
        return await TariffRepository.for_caller(session, principal).list_own(principal.customer_id, page)

    async def own(self, session: AsyncSession, tariff_id: uuid.UUID, *, principal: Principal) -> Tariff:
        """Tariffs are owned by a customer for its own children: a caller sees only its own."""
        tariff = await TariffRepository.for_caller(session, principal).own(principal.customer_id, tariff_id)
        if tariff is None:
            raise TariffNotFound(tariff_id)
        return tariff

    async def update(
        self,
        session: AsyncSession,
        tariff_id: uuid.UUID,
        data: TariffCreate,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> Tariff:
        tariff = await self.own(session, tariff_id, principal=principal)
        check_version(if_match, tariff.version, "tariff")
        await self.billing.usd_per_unit(session, data.currency)
        if data.is_default and not tariff.is_default:
            await _clear_default(TariffRepository.for_caller(session, principal), principal.customer_id)
        for key, value in data.model_dump().items():
            setattr(tariff, key, value)
        await session.flush()
        await self._changed(session, tariff, principal)
        return tariff

    async def for_new_child(
        self, session: AsyncSession, tariff_id: uuid.UUID | None, *, principal: Principal
    ) -> Tariff:
        """R-HIER-05: a customer is never created without a tariff of its parent's."""
        tariff = await TariffRepository.for_caller(session, principal).named_or_default(
            principal.customer_id, tariff_id
        )
        if tariff is None:
            if tariff_id:
                raise ValidationFailed.field("tariff_id", "is not one of your tariffs", rule="R-HIER-05")
            problem = ValidationFailed.field("tariff_id", NO_DEFAULT_TARIFF, rule="R-HIER-05")
            problem.extensions["fix"] = ADD_DEFAULT_TARIFF  # R-HIER-05: the refusal says how to get a tariff
            raise problem
        return tariff

    async def _changed(self, session: AsyncSession, tariff: Tariff, principal: Principal) -> None:
        owner = await CustomerRepository.for_caller(session, principal).get(tariff.owner_id)
        assert owner is not None  # the caller's own customer
        event = TariffChanged(
            **tenancy(owner),
            tariff_id=tariff.id,
            name=tariff.name,
            currency=tariff.currency,
            is_default=tariff.is_default,
        )
        await emit(session, event)


async def _clear_default(tariffs: TariffRepository, owner_id: uuid.UUID) -> None:
    for tariff in await tariffs.defaults(owner_id):
        tariff.is_default = False
