"""The port order API's models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from pstn_orders.carrier import LosingAccount, MainBtnPlan, ServiceAddress
from pstn_orders.document.schemas import SignerCreate
from pstn_orders.support import DeskContact

CUSTOMER_ID = "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11"
LOCATION_ID = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
CART_ID = "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a"
PORT_ORDER_ID = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a"
DOCUMENT_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"

ADDRESS_EXAMPLE: dict[str, Any] = {
    "house_number": "350", "street_name": "5TH", "street_suffix": "AVE", "unit": "STE 4100", "city": "NEW YORK",
    "state": "NY", "postal_code": "10118", "country": "US",
}  # fmt: skip
ACCOUNT_EXAMPLE: dict[str, Any] = {
    "account_number": "8812447109",
    "authorized_name": "Maria Alvarez",
    "company_name": "Acme Dental Group LLC",
    "btn": "+12127360200",
    "pin": None,
    "service_address": ADDRESS_EXAMPLE,
}
CREATE_EXAMPLE: dict[str, Any] = {
    "cart_id": CART_ID,
    "location_id": LOCATION_ID,
    "account": ACCOUNT_EXAMPLE,
    "requested_at": "2026-12-28T15:00:00Z",
    "notification_email": "porting@acme-dental.example",
}


class PortOrderCreate(BaseModel):
    """A port order drafted from a port cart: every valid, portable line of the cart is a number of the order."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CREATE_EXAMPLE]})

    cart_id: uuid.UUID = Field(description="The port cart whose numbers are ported")
    location_id: uuid.UUID = Field(description="The location the numbers serve; its calling plan must be enabled")
    account: LosingAccount = Field(description="The losing carrier's account, as on its bill (R-PSTN-15)")
    requested_at: datetime | None = Field(None, description="The wished port date and time (not a guarantee)")
    notification_email: EmailStr | None = Field(None, description="An extra address for status emails")
    voice: bool = Field(True, description="Port the numbers' voice service (US/CA: with messaging, R-PSTN-18)")
    messaging: bool = Field(True, description="Port the numbers' messaging service (US/CA: with voice, R-PSTN-18)")


class PortOrderUpdate(BaseModel):
    """Edit a pending or rejected order: only what is sent changes."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"account": {**ACCOUNT_EXAMPLE, "pin": "2468"}, "remove_numbers": ["+12127360218"]}]
        },
    )

    account: LosingAccount | None = None
    requested_at: datetime | None = None
    notification_email: EmailStr | None = None
    remove_numbers: list[str] = Field(default_factory=list, description="E.164 numbers to take out of the order")


class PortSupplement(BaseModel):
    """Change a submitted order's wished date or account details at the carrier."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"requested_at": "2027-01-04T15:00:00Z"}]}
    )

    requested_at: datetime | None = None
    account: LosingAccount | None = None


class LoaSignature(SignerCreate):
    """The authorised person signs the platform's LOA for this order's numbers (R-PSTN-15)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"first_name": "Maria", "last_name": "Alvarez", "title": "Office manager"}]},
    )


class DocumentRef(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"document_id": DOCUMENT_ID}]})

    document_id: uuid.UUID = Field(description="A document uploaded to the customer's documents")


class MainBtnAnswer(MainBtnPlan):
    """The answer main_btn_pending asks for (R-PSTN-22)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"port_type": "partial", "remaining": "keep", "new_btn": "+12127360201"}]},
    )


class AccountRead(BaseModel):
    account_number: str | None
    authorized_name: str
    company_name: str
    btn: str
    pin_given: bool = Field(description="A PIN was given (it is never shown again)")
    service_address: ServiceAddress


class LoaSignerRead(BaseModel):
    first_name: str
    last_name: str
    title: str


class RejectionRead(BaseModel):
    """The carrier's rejection with its remedy (R-PSTN-22) and the desk to contact (R-PSTN-24)."""

    code: str
    display_name: str
    meaning: str
    remedy: str
    detail: str
    numbers: list[str]
    help: DeskContact | None
    split: list[BtnGroup] | None = Field(None, description="multiple_btns: one draft order per BTN group")
    question: list[str] | None = Field(None, description="main_btn_pending: what to answer before resubmitting")


class BtnGroup(BaseModel):
    btn: str
    numbers: list[str]


class PortOrderRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": PORT_ORDER_ID, "order_number": "PORT-3C2B1A098F", "customer_id": CUSTOMER_ID,
                    "location_id": LOCATION_ID, "country": "US", "mode": "self_service", "state": "rejected",
                    "cancel_pending": False, "cart_id": CART_ID, "split_from": None,
                    "losing_carrier": "Hudson Bell Telephone",
                    "account": {**ACCOUNT_EXAMPLE, "pin_given": False}, "voice": True, "messaging": True,
                    "requested_at": "2026-12-28T15:00:00Z", "notification_email": "porting@acme-dental.example",
                    "numbers": 45, "by_status": {"in_progress": 45}, "bill_id": DOCUMENT_ID,
                    "loa_id": "4b3a2918-7f6e-4d5c-8b4a-3f2e1d0c9b8a",
                    "loa_signer": {"first_name": "Maria", "last_name": "Alvarez", "title": "Office manager"},
                    "loa_signed_at": "2026-12-02T10:00:00Z", "loa_current": True, "main_btn": None,
                    "carrier_port_id": "SBXP-41C2A7", "attempts": 1, "foc_at": None,
                    "rejection": {
                        "code": "zip_code_mismatch", "display_name": "ZIP code mismatch",
                        "meaning": "The postal code differs from the customer service record.",
                        "remedy": "Update the postal code and resubmit.",
                        "detail": "the postal code differs from the record", "numbers": [], "help": None,
                        "split": None, "question": None,
                    },
                    "completed_at": None, "help": None, "version": 4,
                    "created_at": "2026-12-02T09:30:00Z", "updated_at": "2026-12-04T09:30:00Z",
                }
            ]
        }
    )  # fmt: skip

    id: uuid.UUID
    order_number: str = Field(description="The port order number to quote to support")
    customer_id: uuid.UUID
    location_id: uuid.UUID
    country: str
    mode: str = Field(description="self_service or assisted (R-PSTN-25)")
    state: str = Field(description="pending, submitted, rejected, foc_received, completed or cancelled (R-PSTN-21)")
    cancel_pending: bool = Field(description="A cancellation was asked for; the carrier has not confirmed it yet")
    cart_id: uuid.UUID | None
    split_from: uuid.UUID | None
    losing_carrier: str | None
    account: AccountRead
    voice: bool
    messaging: bool
    requested_at: datetime | None
    notification_email: str | None
    numbers: int = Field(description="How many numbers the order ports; list them at …/numbers")
    by_status: dict[str, int] = Field(description="Numbers per status: draft, in_progress, success, failed")
    bill_id: uuid.UUID | None
    loa_id: uuid.UUID | None
    loa_signer: LoaSignerRead | None
    loa_signed_at: datetime | None
    loa_current: bool = Field(description="The LOA lists exactly the order's numbers (else sign it again)")
    main_btn: MainBtnPlan | None
    carrier_port_id: str | None
    attempts: int = Field(description="Submissions to the carrier so far")
    foc_at: datetime | None = Field(description="The firm order commitment date from the losing carrier")
    rejection: RejectionRead | None
    completed_at: datetime | None
    help: DeskContact | None = Field(description="The desk to contact about the order in its state (R-PSTN-24)")
    version: int
    created_at: datetime
    updated_at: datetime


class PortNumberRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [{"id": DOCUMENT_ID, "number": "+12127360201", "status": "in_progress"}]},
    )

    id: uuid.UUID
    number: str
    status: str = Field(description="draft (not submitted yet), in_progress, success or failed")


class TimelineEntryRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": DOCUMENT_ID, "at": "2026-12-04T09:30:00Z", "actor": "carrier", "action": "rejected",
                    "from_state": "submitted", "to_state": "rejected",
                    "reason": "zip_code_mismatch: the postal code differs from the record",
                }
            ]
        },
    )  # fmt: skip

    id: uuid.UUID
    at: datetime = Field(validation_alias="created_at")
    actor: str = Field(description="The API client that acted, or `carrier`")
    action: str
    from_state: str | None
    to_state: str
    reason: str | None


class Difference(BaseModel):
    """A field of the order that differs from the losing carrier's record, and what the carrier would answer."""

    field: str = Field(description="The order's field, e.g. account.service_address.postal_code")
    given: str | None
    record: str | None = Field(description="What the record holds (never a PIN)")
    numbers: list[str] = []
    code: str = Field(description="The rejection code the difference would cause (R-PSTN-22)")
    display_name: str
    remedy: str
    help: DeskContact | None


class CheckReport(BaseModel):
    """The check before submission (R-PSTN-19): every problem at once, then the comparison with the CSR."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ready": True,
                    "problems": [],
                    "record_found": True,
                    "differences": [
                        {
                            "field": "account.service_address.postal_code", "given": "10001", "record": "10118",
                            "numbers": [], "code": "zip_code_mismatch", "display_name": "ZIP code mismatch",
                            "remedy": "Update the postal code and resubmit.", "help": None,
                        }
                    ],
                }
            ]
        }
    )  # fmt: skip

    ready: bool = Field(description="No preliminary problem: the order can be submitted (differences or not)")
    problems: list[dict[str, Any]] = Field(description="One RFC 9457 problem per preliminary error")
    record_found: bool = Field(description="The losing carrier has a customer service record for the BTN")
    differences: list[Difference]


RejectionRead.model_rebuild()
Action = Literal["submit", "cancel", "activate"]
