"""The documents parts of pstn_orders (uploads, the signed LOA), built for create_app."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter

from pstn_orders.config import Settings
from pstn_orders.document.endpoints import UPLOAD_PATH, router
from pstn_orders.document.loa import LoaService
from pstn_orders.document.service import DocumentService
from pstn_orders.document.store import DocumentStore, FilesystemStore
from servicekit import Clock, CustomerDirectory


@dataclass
class DocumentParts:
    documents: DocumentService
    loas: LoaService

    @property
    def components(self) -> list[object]:
        return [self.documents, self.loas]

    @property
    def routers(self) -> list[APIRouter]:
        return [router]

    @property
    def upload_paths(self) -> tuple[str, ...]:
        """Paths whose bodies may run past the API's usual limit: the service checks the document's own."""
        return (UPLOAD_PATH,)


def document_parts(
    settings: Settings, *, clock: Clock, directory: CustomerDirectory, store: DocumentStore | None = None
) -> DocumentParts:
    documents = DocumentService(
        store=store or FilesystemStore(settings.documents_dir),
        directory=directory,
        clock=clock,
        max_bytes=settings.document_max_bytes,
    )
    return DocumentParts(documents=documents, loas=LoaService(documents=documents, clock=clock))
