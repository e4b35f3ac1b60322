"""All SQL on carrier contracts."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from pstn_orders.contract.models import PstnContract
from servicekit import TenantRepository


class ContractRepository(TenantRepository):
    async def get(self, contract_id: uuid.UUID, *, for_update: bool = False) -> PstnContract | None:
        stmt = select(PstnContract).where(self.in_tenant(PstnContract.tenant_path), PstnContract.id == contract_id)
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def of_customer(self, customer_id: uuid.UUID, *, for_update: bool = False) -> PstnContract | None:
        stmt = select(PstnContract).where(
            self.in_tenant(PstnContract.tenant_path), PstnContract.customer_id == customer_id
        )
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def add(self, contract: PstnContract) -> PstnContract:
        self.session.add(contract)
        await self.session.flush()
        return contract
