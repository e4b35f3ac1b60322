"""Carrier contract API models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from servicekit import SingleLine


class PstnContractRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                    "kind": "contract",
                    "state": "sent",
                    "sent_to": "it@fjord-logistics.example",
                    "sent_at": "2026-12-02T09:30:00Z",
                    "link": "https://api.wholesale.example/v1/pstn-contracts/9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                    "signed_at": None,
                    "signer_name": None,
                    "next_step": "The customer must sign: a customer administrator signs it from the link "
                    "emailed to it@fjord-logistics.example. No order is processed before.",
                }
            ]
        },
    )

    id: uuid.UUID
    customer_id: uuid.UUID
    kind: Literal["contract", "terms"]  # terms: a trial customer's carrier terms (R-PSTN-30)
    state: Literal["sent", "signed"]
    sent_to: str
    sent_at: datetime
    link: str
    signed_at: datetime | None
    signer_name: str | None
    next_step: str | None = None  # who must do what; none once signed


class SignatureCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"signer_name": "Ada Lovelace"}]})

    signer_name: Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]
