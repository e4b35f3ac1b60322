"""PSTN events, published by pstn_orders on `pstn_orders.pstn.v1`, keyed by customer id."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from contracts import topics
from contracts.envelope import Event


class PstnEvent(Event):
    topic: ClassVar[str] = topics.PSTN
    customer_id: uuid.UUID
    tenant_path: str  # the customer's materialized path (R-HIER-03)


# --- connections, emergency addresses, contracts -----------------------------------------------------------


class EmergencyAddressFields(BaseModel):
    """A civic address in the fields of RFC 5139 / NENA CLDXF, as stored and as the carrier validated it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    house_number: str
    house_number_suffix: str | None = None
    pre_directional: str | None = None
    street_name: str
    street_suffix: str | None = None
    post_directional: str | None = None
    unit: str | None = None
    floor: str | None = None
    building: str | None = None
    city: str
    state: str | None = None  # USPS state or Canadian province code; some countries have none
    postal_code: str
    country: str  # ISO 3166-1 alpha-2


class PstnSetupSkipped(PstnEvent):
    """The customer's PSTN setup was skipped for now, typically at trial start (R-PSTN-32)."""

    type: ClassVar[str] = "pstn.setup_skipped.v1"
    skipped_at: datetime


class PstnSetupResumed(PstnEvent):
    """A skipped PSTN setup was taken up again (R-PSTN-32)."""

    type: ClassVar[str] = "pstn.setup_resumed.v1"
    resumed_at: datetime


class EmergencyAddressChanged(PstnEvent):
    """An emergency service address was given, validated by the carrier, accepted, chosen or declined.

    `location_id` names the location whose numbers it serves (R-PSTN-09); none for a number's own (R-PSTN-10).
    Only a `valid` address may be used for emergency calls.
    """

    type: ClassVar[str] = "pstn.emergency_address_changed.v1"
    emergency_address_id: uuid.UUID
    location_id: uuid.UUID | None
    status: Literal["valid", "corrected_pending", "ambiguous", "invalid"]
    address: EmergencyAddressFields
    carrier_address_id: str | None = None


class PstnConnectionChanged(PstnEvent):
    """A location's PSTN connection was chosen or changed (R-PSTN-01)."""

    type: ClassVar[str] = "pstn.connection_changed.v1"
    location_id: uuid.UUID
    connection_type: Literal["calling_plan", "cloud_connected", "local_gateway"]
    carrier_name: str | None = None  # the third-party carrier of a cloud-connected PSTN
    integrated: bool | None = None
    usage: Literal["standard", "contact_center", "high_volume"]
    must_move_to_integrated: bool = False  # R-PSTN-26


class CallingPlanEnabled(PstnEvent):
    """The provider calling plan was enabled on a location, with its signer and validated address (R-PSTN-09)."""

    type: ClassVar[str] = "pstn.calling_plan_enabled.v1"
    location_id: uuid.UUID
    signer_name: str
    signer_email: str
    emergency_address_id: uuid.UUID


class CallingPlanBillingStarted(PstnEvent):
    """Calling plans provisioned through the platform bill at once, prorated for the rest of the month (R-PSTN-23).

    The charge for the first period is the monthly price x `quantity` x `billed_days` / `period_days`.
    """

    type: ClassVar[str] = "pstn.calling_plan_billing_started.v1"
    location_id: uuid.UUID
    addon: str  # the catalogue add-on billed, provider_calling_plan
    quantity: int  # calling plans the customer ordered
    starts_at: datetime
    channel: Literal["platform", "commerce"]  # provisioned here: at once; through commerce: the service date
    period_start: datetime  # the first billing period, prorated: [period_start, period_end)
    period_end: datetime
    billed_days: int
    period_days: int


class PstnContractSent(PstnEvent):
    """The carrier contract (or, for a trial, the carrier terms) went to the customer for e-signature (R-PSTN-34)."""

    type: ClassVar[str] = "pstn.contract_sent.v1"
    contract_id: uuid.UUID
    kind: Literal["contract", "terms"]
    sent_to: str
    link: str


class PstnContractSigned(PstnEvent):
    """A customer administrator signed the carrier contract; waiting orders may be activated (R-PSTN-12)."""

    type: ClassVar[str] = "pstn.contract_signed.v1"
    contract_id: uuid.UUID
    signed_at: datetime
    signer_name: str


# --- orders, numbers, assignments, billing -----------------------------------------------------------------


class NumberReservationChanged(PstnEvent):
    """Numbers were reserved for the customer, or the reservation was extended, released, ordered or lapsed."""

    type: ClassVar[str] = "pstn.number_reservation_changed.v1"
    reservation_id: uuid.UUID
    numbers: list[str]  # E.164
    state: Literal["held", "released", "ordered", "expired"]
    expires_at: datetime


class NumberCartChanged(PstnEvent):
    """A cart of chosen numbers was created, edited, emptied or turned into an order (R-PSTN-36)."""

    type: ClassVar[str] = "pstn.number_cart_changed.v1"
    cart_id: uuid.UUID
    numbers: list[str]
    state: Literal["open", "ordered", "deleted"]
    order_id: uuid.UUID | None = None


class NumberOrderPlaced(PstnEvent):
    """A new-number order was placed: numbers waiting for the contract and the carrier, or a support request."""

    type: ClassVar[str] = "pstn.number_order_placed.v1"
    order_id: uuid.UUID
    order_number: str  # the PSTN order number the customer quotes
    location_id: uuid.UUID
    kind: Literal["numbers", "support_request"]
    numbers: list[str]
    quantity: int
    block: bool
    advanced: bool
    awaiting_signature: bool  # R-PSTN-34: nothing is processed before the customer signs the contract


class NumberOrderActivated(PstnEvent):
    """The customer signed: the carrier is provisioning the order's numbers, due by `expected_at` (R-PSTN-30)."""

    type: ClassVar[str] = "pstn.number_order_activated.v1"
    order_id: uuid.UUID
    expected_at: datetime


class NumberOrderProvisioned(PstnEvent):
    """The carrier provisioned the order; `failed` lists numbers it could not provision (partial fulfilment)."""

    type: ClassVar[str] = "pstn.number_order_provisioned.v1"
    order_id: uuid.UUID
    provisioned: list[str]
    failed: dict[str, str] = {}  # number -> reason


class NumberOrderFailed(PstnEvent):
    """The order went to error: no number was provisioned, or the carrier never confirmed; the desk helps."""

    type: ClassVar[str] = "pstn.number_order_failed.v1"
    order_id: uuid.UUID
    reason: str
    failed: dict[str, str] = {}
    desk: str  # R-PSTN-24: who to contact


class NumberOrderActionRequired(PstnEvent):
    """The order waits for PSTN technical support (the assisted flow, R-PSTN-14, R-PSTN-20)."""

    type: ClassVar[str] = "pstn.number_order_action_required.v1"
    order_id: uuid.UUID
    order_number: str
    reason: str
    desk: str


class NumberSupportRequested(PstnEvent):
    """In an assisted country, new numbers are asked of PSTN technical support (R-PSTN-14)."""

    type: ClassVar[str] = "pstn.number_support_requested.v1"
    order_id: uuid.UUID
    order_number: str
    location_id: uuid.UUID
    country: str
    quantity: int
    number_type: Literal["local", "national"]
    details: str | None = None


# numbers: activation, billing, assignment, own emergency address, release; hunt groups and auto attendants


class NumberEvent(PstnEvent):
    """One of the customer's numbers, as it is after the change."""

    number_id: uuid.UUID
    number: str  # E.164
    location_id: uuid.UUID


class NumberActivated(NumberEvent):
    """The carrier provisioned the number: it is the customer's, unassigned, and carries calls."""

    type: ClassVar[str] = "pstn.number_activated.v1"
    order_id: uuid.UUID | None
    block_id: uuid.UUID | None
    activated_at: datetime


class NumberProvisioningFailed(NumberEvent):
    """The carrier could not provision the number of an order; it never becomes the customer's."""

    type: ClassVar[str] = "pstn.number_provisioning_failed.v1"
    order_id: uuid.UUID | None
    reason: str


class NumberBillingStarted(NumberEvent):
    """R-PSTN-23: a new number bills from its activation, prorated over the days left in that month."""

    type: ClassVar[str] = "pstn.number_billing_started.v1"
    billing_starts_on: date  # the activation date, in UTC
    days_in_month: int  # the proration basis: days of the activation's month
    billed_days: int  # the activation day to the month's last day, both counted


class NumberAssigned(NumberEvent):
    type: ClassVar[str] = "pstn.number_assigned.v1"
    assignee_kind: Literal["user", "hunt_group", "auto_attendant"]
    assignee_id: uuid.UUID


class NumberUnassigned(NumberEvent):
    type: ClassVar[str] = "pstn.number_unassigned.v1"
    assignee_kind: Literal["user", "hunt_group", "auto_attendant"]
    assignee_id: uuid.UUID


class NumberEmergencyAddressChanged(NumberEvent):
    """R-PSTN-10: the number carries its own emergency address, or (null) goes back to its location's."""

    type: ClassVar[str] = "pstn.number_emergency_address_changed.v1"
    emergency_address_id: uuid.UUID | None


class NumberReleased(NumberEvent):
    """The number was disconnected at the carrier and is no longer the customer's (a block goes whole)."""

    type: ClassVar[str] = "pstn.number_released.v1"
    block_id: uuid.UUID | None


class CallTargetEvent(PstnEvent):
    """A hunt group or auto attendant, as it is after the change."""

    location_id: uuid.UUID
    name: str
    numbers: list[str]  # E.164, the numbers that ring into it


class HuntGroupCreated(CallTargetEvent):
    type: ClassVar[str] = "pstn.hunt_group_created.v1"
    hunt_group_id: uuid.UUID


class HuntGroupUpdated(CallTargetEvent):
    type: ClassVar[str] = "pstn.hunt_group_updated.v1"
    hunt_group_id: uuid.UUID


class HuntGroupDeleted(CallTargetEvent):
    type: ClassVar[str] = "pstn.hunt_group_deleted.v1"
    hunt_group_id: uuid.UUID


class AutoAttendantCreated(CallTargetEvent):
    type: ClassVar[str] = "pstn.auto_attendant_created.v1"
    auto_attendant_id: uuid.UUID


class AutoAttendantUpdated(CallTargetEvent):
    type: ClassVar[str] = "pstn.auto_attendant_updated.v1"
    auto_attendant_id: uuid.UUID


class AutoAttendantDeleted(CallTargetEvent):
    type: ClassVar[str] = "pstn.auto_attendant_deleted.v1"
    auto_attendant_id: uuid.UUID


# port carts: numbers to port in, pasted and checked (R-PSTN-16, R-PSTN-37)


class PortCartChanged(PstnEvent):
    """Lines were pasted into a port cart or taken out of it; the cart as counts after the change (R-PSTN-37)."""

    type: ClassVar[str] = "pstn.port_cart_changed.v1"
    cart_id: uuid.UUID
    lines: int
    by_class: dict[str, int]  # valid | invalid | duplicate | toll_free | already_ours
    by_verdict: dict[str, int]  # portable | not_portable | needs_pin | rate_center_not_portable


class PortLineReferred(PstnEvent):
    """A number the portability check flagged was referred to PSTN technical support for review (R-PSTN-16)."""

    type: ClassVar[str] = "pstn.port_line_referred.v1"
    cart_id: uuid.UUID
    line_id: uuid.UUID
    number: str
    verdict: str
    reason: str | None = None
    desk: str  # the desk reviewing it (R-PSTN-24)


# documents: bills and letters of agency kept for ports (R-PSTN-15, R-PSTN-17)


class DocumentStored(PstnEvent):
    """A document of the customer was kept: an uploaded bill or LOA, or the LOA signed on the platform."""

    type: ClassVar[str] = "pstn.document_stored.v1"
    document_id: uuid.UUID
    kind: Literal["bill", "loa", "other"]
    filename: str
    media_type: str  # what the content is: image/png | application/pdf
    size: int
    sha256: str
    document_date: date | None = None  # a bill's date


# port orders: a port from draft to completion (R-PSTN-21)


class PortOrderCreated(PstnEvent):
    """A port order was drafted (state pending) from a port cart, or from a split of another order."""

    type: ClassVar[str] = "pstn.port_order_created.v1"
    port_order_id: uuid.UUID
    order_number: str
    location_id: uuid.UUID
    mode: str  # self_service | assisted (R-PSTN-25)
    numbers: list[str]
    split_from: uuid.UUID | None = None


class PortOrderUpdated(PstnEvent):
    """A port order's details or documents changed while it was being filled in, or by a supplement."""

    type: ClassVar[str] = "pstn.port_order_updated.v1"
    port_order_id: uuid.UUID
    order_number: str
    # edited | numbers_removed | bill_attached | loa_signed | loa_uploaded | main_btn_answered | supplemented
    action: str
    state: str
    numbers: int


class PortOrderChecked(PstnEvent):
    """The order was checked before submission (R-PSTN-19): its problems and its differences with the CSR."""

    type: ClassVar[str] = "pstn.port_order_checked.v1"
    port_order_id: uuid.UUID
    order_number: str
    ready: bool  # no preliminary problem: it can be submitted
    problems: list[str]  # the rule or field of each preliminary problem
    differences: list[str]  # the rejection code each CSR difference would cause


class PortOrderStateChanged(PstnEvent):
    """A transition of R-PSTN-21, as kept on the order's timeline."""

    type: ClassVar[str] = "pstn.port_order_state_changed.v1"
    port_order_id: uuid.UUID
    order_number: str
    action: str  # submitted | resubmitted | rejected | foc_received | completed | cancel_requested | cancelled ...
    from_state: str | None
    to_state: str
    cancel_pending: bool = False
    actor: str
    reason: str | None = None
    rejection_code: str | None = None
    foc_at: datetime | None = None
    completed_at: datetime | None = None
