from __future__ import annotations

import uuid

from contracts.problem import InvalidParam
from servicekit import NotFound, PayloadTooLarge


class DocumentNotFound(NotFound):
    type = "document-not-found"
    title = "No such document"

    def __init__(self, document_id: uuid.UUID) -> None:
        super().__init__(f"No document {document_id} for this customer.")


class DocumentTooLarge(PayloadTooLarge):
    type = "document-too-large"
    title = "The document is too large"
    rule = "R-PSTN-15"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"file: a document may be at most {limit} bytes (R-PSTN-15).",
            max_bytes=limit,
            invalid_params=[InvalidParam(name="file", reason=f"larger than {limit} bytes")],
        )
