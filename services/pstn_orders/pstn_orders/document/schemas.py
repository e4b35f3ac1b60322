"""Document API models."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

# The LOA's PDF fonts hold Latin-1: names and titles must print exactly, so the schema allows printable Latin-1.
PRINTABLE_LATIN_1 = r"^[\x20-\x7e\xa0-\xff]*$"
LoaText = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=PRINTABLE_LATIN_1)]


class DocumentRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "5d1c2b3a-4e5f-4a6b-9c7d-8e9f0a1b2c3d",
                    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                    "kind": "bill",
                    "filename": "bill-november.pdf",
                    "media_type": "application/pdf",
                    "size": 84211,
                    "sha256": "9f2c4e1d0b7a3f5e8c6d2a1b4e7f9c0d3a5b8e1f2c4d6a7b9e0f1c3d5a7b9e2f",
                    "document_date": "2026-11-20",
                    "uploaded_by": "partner-admin-7f3a",
                    "created_at": "2026-12-02T09:30:00Z",
                }
            ]
        },
    )

    id: uuid.UUID
    customer_id: uuid.UUID
    kind: Literal["bill", "loa", "other"]
    filename: str
    media_type: Literal["image/png", "application/pdf"]  # what the content is (R-PSTN-15)
    size: int
    sha256: str  # of the content, hex
    document_date: date | None  # a bill's date (R-PSTN-15)
    uploaded_by: str  # the client id of who uploaded or signed it
    created_at: datetime


class SignerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first_name: LoaText  # R-PSTN-15: first and last name and title
    last_name: LoaText
    title: LoaText
