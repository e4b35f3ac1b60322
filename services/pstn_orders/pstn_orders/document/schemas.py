"""Document API models."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pstn_orders.carrier.adapter import CivicAddress

# The LOA's PDF fonts hold Latin-1: names and titles must print exactly, so the schema allows printable Latin-1.
PRINTABLE_LATIN_1 = r"^[\x20-\x7e\xa0-\xff]*$"
LoaText = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=PRINTABLE_LATIN_1)]
E164 = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")]


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


class LosingAccountForLoa(BaseModel):
    model_config = ConfigDict(extra="forbid")

    carrier: LoaText | None = None
    account_number: LoaText
    authorized_name: LoaText
    company_name: LoaText
    btn: E164  # the billing telephone number
    service_address: CivicAddress


class SignerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first_name: LoaText  # R-PSTN-15: first and last name and title
    last_name: LoaText
    title: LoaText


class LoaCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "numbers": ["+12125550142", "+12125550143"],
                    "losing_account": {
                        "carrier": "Empire Telephone",
                        "account_number": "880-114-2291",
                        "authorized_name": "Dana Whitfield",
                        "company_name": "Fjord Logistics Inc",
                        "btn": "+12125550142",
                        "service_address": {
                            "house_number": "350",
                            "street_name": "5th",
                            "street_suffix": "AVE",
                            "city": "New York",
                            "state": "NY",
                            "postal_code": "10118",
                            "country": "US",
                        },
                    },
                    "signer": {"first_name": "Dana", "last_name": "Whitfield", "title": "Office Manager"},
                }
            ]
        },
    )

    numbers: Annotated[list[E164], Field(min_length=1, max_length=5000)]
    losing_account: LosingAccountForLoa
    signer: SignerCreate
