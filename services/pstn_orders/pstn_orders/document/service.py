"""Documents: uploads checked by their content before anything is kept (R-PSTN-15, R-PSTN-17), kept with a
checksum behind the DocumentStore, read back by the customer's tenants only."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import DocumentStored
from pstn_orders.document.content import Refusal, media_type_of
from pstn_orders.document.errors import DocumentNotFound, DocumentTooLarge
from pstn_orders.document.models import Document
from pstn_orders.document.repository import DocumentRepository
from pstn_orders.document.store import DocumentStore
from servicekit import Clock, CustomerDirectory, Principal, ValidationFailed, emit

DocumentKind = Literal["bill", "loa", "other"]  # R-PSTN-17: loa is also the uploaded country-specific LOA
BILL_MAX_AGE = timedelta(days=30)  # R-PSTN-15


class DocumentService:
    def __init__(self, *, store: DocumentStore, directory: CustomerDirectory, clock: Clock, max_bytes: int) -> None:
        self.store = store
        self.directory = directory
        self.clock = clock
        self.max_bytes = max_bytes

    async def upload(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        data: bytes,
        *,
        kind: DocumentKind,
        filename: str,
        declared_type: str | None,
        document_date: date | None,
        principal: Principal,
    ) -> Document:
        """Keep an uploaded bill, country-specific LOA (R-PSTN-17) or other document once its content passes."""
        await self.directory.require_active(session, customer_id, principal=principal)
        if len(data) > self.max_bytes:
            raise DocumentTooLarge(self.max_bytes)  # R-PSTN-15
        try:
            media_type = media_type_of(data, filename=filename, declared=declared_type)  # R-PSTN-15
        except Refusal as refusal:
            raise ValidationFailed.field("file", refusal.reason, rule="R-PSTN-15") from None
        if kind == "bill":
            self.check_bill_date(document_date)
        return await self.keep(
            session,
            customer_id,
            data,
            kind=kind,
            filename=filename,
            media_type=media_type,
            document_date=document_date,
            principal=principal,
        )

    def check_bill_date(self, document_date: date | None) -> None:
        today = self.clock.now().date()
        if document_date is None:
            raise ValidationFailed.field("document_date", "a bill needs its date", rule="R-PSTN-15")
        if document_date > today:
            raise ValidationFailed.field("document_date", "the bill's date is in the future", rule="R-PSTN-15")
        if today - document_date > BILL_MAX_AGE:  # R-PSTN-15
            raise ValidationFailed.field(
                "document_date",
                f"the bill is from {document_date}, more than 30 days ago; upload a recent one",
                rule="R-PSTN-15",
            )

    async def keep(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        data: bytes,
        *,
        kind: DocumentKind,
        filename: str,
        media_type: str,
        principal: Principal,
        document_date: date | None = None,
    ) -> Document:
        """Store the bytes, then the row that finds them; the event says it is there."""
        tenant_path = await DocumentRepository.for_caller(session, principal).tenant_path_of(customer_id)
        if tenant_path is None:
            await self.directory.get(session, customer_id, principal=principal)  # answers the caller's 404
            raise AssertionError("a customer the directory knows has a tenant path")
        key = await self.store.put(data)
        document = Document(
            customer_id=customer_id,
            tenant_path=tenant_path,
            kind=kind,
            filename=filename,
            media_type=media_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            storage_key=key,
            document_date=document_date,
            uploaded_by=principal.client_id,
        )
        try:
            await DocumentRepository.unscoped(session).add(document)
        except BaseException:
            await self.store.delete(key)  # no row: nothing may find the bytes
            raise
        await emit(
            session,
            DocumentStored(
                customer_id=customer_id,
                tenant_path=tenant_path,
                document_id=document.id,
                kind=kind,
                filename=filename,
                media_type=media_type,
                size=document.size,
                sha256=document.sha256,
                document_date=document_date,
            ),
        )
        return document

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, document_id: uuid.UUID, *, principal: Principal
    ) -> Document:
        await self.directory.get(session, customer_id, principal=principal)
        document = await DocumentRepository.for_caller(session, principal).get(customer_id, document_id)
        if document is None:
            raise DocumentNotFound(document_id)
        return document

    async def content(
        self, session: AsyncSession, customer_id: uuid.UUID, document_id: uuid.UUID, *, principal: Principal
    ) -> tuple[Document, bytes]:
        """The document and its bytes, for the customer's tenants only (anyone else: 404)."""
        document = await self.get(session, customer_id, document_id, principal=principal)
        return document, await self.store.get(document.storage_key)
