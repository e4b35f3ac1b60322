"""All SQL on documents."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from pstn_orders.document.models import Document
from pstn_orders.models import known_customers
from servicekit import TenantRepository


class DocumentRepository(TenantRepository):
    async def get(self, customer_id: uuid.UUID, document_id: uuid.UUID) -> Document | None:
        return await self.session.scalar(
            select(Document).where(
                self.in_tenant(Document.tenant_path), Document.customer_id == customer_id, Document.id == document_id
            )
        )

    async def tenant_path_of(self, customer_id: uuid.UUID) -> str | None:
        stmt = select(known_customers.c.tenant_path).where(
            self.in_tenant(known_customers.c.tenant_path), known_customers.c.customer_id == customer_id
        )
        return await self.session.scalar(stmt)

    async def add(self, document: Document) -> Document:
        self.session.add(document)
        await self.session.flush()
        return document
