"""Documents HTTP API: upload a bill or a country-specific LOA, sign the platform's LOA, read them back."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from pydantic.json_schema import SkipJsonSchema

from contracts.problem import Problem
from pstn_orders.callers import Orderer, Reader
from pstn_orders.document.loa import LoaService
from pstn_orders.document.schemas import DocumentRead
from pstn_orders.document.service import DocumentKind, DocumentService
from servicekit import PROBLEM_RESPONSES, Session, component

router = APIRouter(prefix="/v1/customers", tags=["documents"], responses=PROBLEM_RESPONSES)
Documents = Annotated[DocumentService, Depends(component(DocumentService))]
Loas = Annotated[LoaService, Depends(component(LoaService))]
UPLOAD_PATH = "/v1/customers/{customer_id}/documents"
OCTET_STREAM = "application/octet-stream"
BINARY = ("application/pdf", "image/png", OCTET_STREAM)
REFUSED = {
    413: {"model": Problem, "description": "`document-too-large`: the file is over the size limit (R-PSTN-15)"},
    409: {"model": Problem, "description": "`customer-not-active` (suspended or cancelled)"},
    422: {
        "model": Problem,
        "description": "`validation-failed` naming `file` (empty, not a sound PNG or PDF, a name or type its content "
        "contradicts) or `document_date` (a bill without its date, or older than 30 days), with the rule",
    },
}


@router.post(
    "/{customer_id}/documents",
    status_code=201,
    operation_id="upload_document",
    response_model=DocumentRead,
    responses=REFUSED,  # type: ignore[arg-type]
)
async def upload_document(
    customer_id: uuid.UUID,
    session: Session,
    principal: Orderer,
    documents: Documents,
    file: Annotated[UploadFile, File(description="A PNG or PDF; its content decides what it is")],
    kind: Annotated[DocumentKind, Form(description="bill, loa (a country-specific LOA, R-PSTN-17) or other")],
    # A form field cannot be null: the schema says absent, not null.
    document_date: Annotated[
        date | SkipJsonSchema[None], Form(description="A bill's date: at most 30 days old (R-PSTN-15)")
    ] = None,
) -> DocumentRead:
    """Upload a document of the customer: the losing carrier's bill, a signed country-specific LOA or another."""
    data = await file.read(documents.max_bytes + 1)  # one byte more than allowed is enough to refuse it
    document = await documents.upload(
        session,
        customer_id,
        data,
        kind=kind,
        filename=file.filename or "document",
        declared_type=file.content_type,
        document_date=document_date,
        principal=principal,
    )
    return DocumentRead.model_validate(document)


@router.get("/{customer_id}/documents/{document_id}", operation_id="get_document", response_model=DocumentRead)
async def get_document(
    customer_id: uuid.UUID, document_id: uuid.UUID, session: Session, principal: Reader, documents: Documents
) -> DocumentRead:
    """One document's facts: kind, name, media type, size, checksum, a bill's date."""
    return DocumentRead.model_validate(await documents.get(session, customer_id, document_id, principal=principal))


@router.get(
    "/{customer_id}/documents/{document_id}/content",
    operation_id="get_document_content",
    response_class=Response,
    responses={
        200: {
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}} for media_type in BINARY},
            "description": "The document's bytes as uploaded or signed, in their media type (or as "
            "application/octet-stream when the request accepts only that)",
        }
    },
)
async def get_document_content(
    customer_id: uuid.UUID,
    document_id: uuid.UUID,
    request: Request,
    session: Session,
    principal: Reader,
    documents: Documents,
) -> Response:
    """Download a document: the customer's tenants only; anyone else is answered 404."""
    document, data = await documents.content(session, customer_id, document_id, principal=principal)
    accepted = request.headers.get("accept", "")
    raw = OCTET_STREAM in accepted and document.media_type not in accepted  # a client that wants plain bytes
    return Response(
        data,
        media_type=OCTET_STREAM if raw else document.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(document.filename)}",
            "Digest": f"sha-256={document.sha256}",
            "X-Content-Type-Options": "nosniff",
        },
    )
