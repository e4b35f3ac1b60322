"""What pstn_orders asks of a carrier, and what the carrier tells it back.

One interface for every carrier: `create_app(carrier=...)` takes any implementation; the sandbox carrier
(pstn_orders.sandbox_carrier) is the default for `make run` and the tests, a real carrier's client implements
the same methods over its API. Porting adds its methods here. Numbers are E.164 strings ("+12125550123").

Calls are made outside the caller's database transaction where they can be: a carrier is an outside system,
and every call may raise CarrierUnavailable (the caller answers 503 with Retry-After, or asks again later).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field


class CarrierUnavailable(Exception):
    """The carrier did not answer, or answered that it cannot now; the call may be made again."""


class NumbersUnavailable(Exception):
    """Some of the numbers asked for are no longer available (taken since the search, or reserved by another)."""

    def __init__(self, numbers: list[str]) -> None:
        super().__init__(f"not available: {', '.join(numbers)}")
        self.numbers = numbers


class ReservationNotFound(Exception):
    """The reservation does not exist at the carrier, or it lapsed."""


class CarrierOrderNotFound(Exception):
    """The carrier knows no order of that id."""


# --- emergency addresses ----------------------------------------------------------------------------------


class ServiceAddress(BaseModel):
    """A civic address in the fields of RFC 5139 / NENA CLDXF (the element each maps to in brackets), anywhere."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    house_number: str = Field(max_length=20)  # HNO
    house_number_suffix: str | None = Field(default=None, max_length=10)  # HNS ("1/2", "A")
    pre_directional: str | None = Field(default=None, max_length=2)  # PRD ("N", "SW")
    street_name: str = Field(max_length=60)  # RD
    street_suffix: str | None = Field(default=None, max_length=10)  # STS, USPS Publication 28 ("AVE", "ST")
    post_directional: str | None = Field(default=None, max_length=2)  # POD
    unit: str | None = Field(default=None, max_length=20)  # UNIT ("STE 400", "APT 2B")
    floor: str | None = Field(default=None, max_length=10)  # FLR
    building: str | None = Field(default=None, max_length=60)  # BLD
    city: str = Field(max_length=60)  # A3
    state: str | None = Field(default=None, max_length=60)  # A1
    postal_code: str = Field(max_length=10)  # PC
    country: str = Field(pattern=r"^[A-Z]{2}$")  # country (ISO 3166-1 alpha-2)


class CivicAddress(ServiceAddress):
    """A civic address in the NANP countries the carriers serve, which they validate."""

    state: str = Field(min_length=2, max_length=2)  # A1: USPS state or Canadian province code
    country: Literal["US", "CA"]  # narrower than any ISO country


class AddressVerdict(StrEnum):
    valid = "valid"  # usable as it is
    corrected = "corrected"  # usable as `suggested`; the caller accepts or declines it
    ambiguous = "ambiguous"  # matches several addresses: the caller picks one of `candidates`
    invalid = "invalid"  # not an address the carrier can route emergency calls to; `problems` name the fields


class AddressProblem(BaseModel):
    field: str  # a CivicAddress field name
    reason: str


class AddressCheck(BaseModel):
    verdict: AddressVerdict
    suggested: CivicAddress | None = None  # with `corrected`
    candidates: list[CivicAddress] = []  # with `ambiguous`
    problems: list[AddressProblem] = []  # with `invalid`
    carrier_address_id: str | None = None  # the carrier's id of a valid (or accepted corrected) address


# --- search and reservations ------------------------------------------------------------------------------


class Pattern(BaseModel):
    digits: str = Field(pattern=r"^[0-9]{1,10}$")
    position: Literal["starts", "contains", "ends"]  # of the ten national digits


class NumberSearch(BaseModel):
    """Every field narrows the search; `quantity` numbers at most are answered."""

    country: Literal["US", "CA"]
    state: str | None = None  # USPS state / province code
    npa: str | None = Field(default=None, pattern=r"^[2-9][0-9]{2}$")  # area code
    nxx: str | None = Field(default=None, pattern=r"^[2-9][0-9]{2}$")  # central office code
    locality: str | None = None  # city / rate center
    pattern: Pattern | None = None
    quantity: int = Field(default=1, ge=1, le=100)
    consecutive: bool = False  # with quantity > 1: one run of consecutive numbers
    block_size: Literal[10, 50, 100] | None = None  # an aligned block (…0 to …9 for 10); overrides quantity


class Match(StrEnum):
    exact = "exact"  # meets every criterion asked
    same_npa = "same_npa"  # alternative: the area code asked, another NXX
    same_locality = "same_locality"  # alternative: the locality asked, another area code
    same_state = "same_state"  # alternative: the state asked


class AvailableNumber(BaseModel):
    number: str  # E.164
    npa: str
    nxx: str
    state: str
    locality: str
    rate_center: str
    match: Match = Match.exact


class SearchResult(BaseModel):
    numbers: list[AvailableNumber]  # exact matches first, then alternatives marked as such
    exact: bool  # the ask was met in full without alternatives


class Reservation(BaseModel):
    reservation_id: str
    numbers: list[str]
    expires_at: datetime


# --- orders -----------------------------------------------------------------------------------------------


class CarrierAccount(BaseModel):
    """What setup forwards to the carrier about the customer (R-PSTN-33)."""

    customer_id: str
    company_name: str
    contact_email: str
    signer_name: str


class CarrierOrderRequest(BaseModel):
    order_ref: str  # our order id; the carrier echoes it in every status
    account: CarrierAccount
    numbers: list[str]
    reservation_id: str | None = None
    block: bool = False
    advanced: bool = False  # advanced standard numbers take about 5 days instead of about 10 minutes
    emergency_addresses: dict[str, str] = {}  # number -> carrier_address_id


class CarrierOrderState(StrEnum):
    accepted = "accepted"  # received, waiting for activation (the customer's signature)
    in_progress = "in_progress"  # activated; numbers being provisioned
    completed = "completed"  # every number provisioned
    partially_completed = "partially_completed"  # some numbers provisioned, others failed
    failed = "failed"  # no number provisioned


class NumberOutcome(StrEnum):
    in_progress = "in_progress"
    success = "success"
    failed = "failed"


class CarrierOrder(BaseModel):
    carrier_order_id: str
    order_ref: str
    state: CarrierOrderState
    expected_at: datetime | None = None  # set once activated


class CarrierOrderStatus(CarrierOrder):
    numbers: dict[str, NumberOutcome]
    reasons: dict[str, str] = {}  # number -> why it failed


StatusHandler = Callable[[CarrierOrderStatus], Awaitable[None]]


# --- porting ----------------------------------------------------------------------------------------------


class PortNotFound(Exception):
    """The carrier knows no port of that id."""


class PortRequestRefused(Exception):
    """The carrier does not take this port request through its API at all (not a rejection of a submitted port)."""

    def __init__(self, reason: str, *, rule: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.rule = rule


class PortabilityVerdict(StrEnum):
    portable = "portable"
    not_portable = "not_portable"  # `reason` says why (inactive, not on any account, ...)
    needs_pin = "needs_pin"  # wireless: the port needs the losing account's PIN
    rate_center_not_portable = "rate_center_not_portable"


class Portability(BaseModel):
    number: str  # E.164
    verdict: PortabilityVerdict
    reason: str | None = None
    losing_carrier: str | None = None
    wireless: bool = False
    rate_center: str | None = None


class LosingAccount(BaseModel):
    """The losing carrier's account as the customer states it (it must match the bill, R-PSTN-15)."""

    account_number: str | None = None
    authorized_name: str
    company_name: str
    btn: str  # billing telephone number, E.164
    pin: str | None = None
    service_address: ServiceAddress  # where the numbers are served (in assisted countries, outside the NANP)


class CustomerServiceRecord(BaseModel):
    """The losing carrier's record of an account, which a port request is compared with."""

    account_number: str
    authorized_name: str
    company_name: str
    btn: str
    pin_required: bool = False
    service_address: CivicAddress
    numbers: list[str]
    pending_order_numbers: list[str] = []  # an LSR (port-out, address change ...) is pending on them
    special_feature_numbers: list[str] = []  # remote call forwarding and the like


class PortRejectionCode(StrEnum):
    """The codes of R-PSTN-22's table; their display names, remedies and desks are in pstn_orders.port_rejection."""

    account_number_mismatch = "account_number_mismatch"
    account_number_required = "account_number_required"
    account_name_mismatch = "account_name_mismatch"
    btn_mismatch = "btn_mismatch"
    company_name_mismatch = "company_name_mismatch"
    multiple_btns = "multiple_btns"
    foc_rejected = "foc_rejected"
    unknown = "unknown"
    invalid_pin = "invalid_pin"
    pending_order = "pending_order"
    main_btn_pending = "main_btn_pending"
    service_address_mismatch = "service_address_mismatch"
    tn_special_feature = "tn_special_feature"
    tn_error = "tn_error"
    tn_not_portable = "tn_not_portable"
    rate_center_not_supported = "rate_center_not_supported"
    zip_code_mismatch = "zip_code_mismatch"
    invalid_bill = "invalid_bill"
    invalid_loa = "invalid_loa"


class MainBtnPlan(BaseModel):
    """What happens when the account's main BTN is ported while other numbers stay (main_btn_pending, R-PSTN-22)."""

    port_type: Literal["full", "partial"]
    remaining: Literal["keep", "disconnect"]  # the account's numbers that are not ported
    new_btn: str | None = None  # one of the remaining numbers, when they are kept


class PortRequest(BaseModel):
    order_ref: str  # our port order id; the carrier echoes it in every status
    account: CarrierAccount
    numbers: list[str]
    losing: LosingAccount
    requested_at: datetime | None = None  # the wished port date and time
    loa_signed_at: datetime
    bill_checksum: str | None = None  # sha256 of the losing carrier's bill
    voice: bool = True  # US/CA ports move voice and messaging together (R-PSTN-18)
    messaging: bool = True
    main_btn: MainBtnPlan | None = None


class PortState(StrEnum):  # R-PSTN-21: the carrier's side of a port order's states
    submitted = "submitted"  # received, being validated by the losing carrier
    rejected = "rejected"  # `rejection` says why; a resubmission (same order_ref) is a new try
    foc_received = "foc_received"  # the losing carrier committed to `foc_at`
    completed = "completed"
    cancelled = "cancelled"


class PortRejection(BaseModel):
    code: PortRejectionCode
    detail: str
    numbers: list[str] = []  # the numbers the code is about, when it is about some
    groups: dict[str, list[str]] = {}  # multiple_btns: the requested numbers of each BTN


class PortStatus(BaseModel):
    carrier_port_id: str
    order_ref: str
    state: PortState
    foc_at: datetime | None = None
    rejection: PortRejection | None = None
    numbers: dict[str, NumberOutcome]


PortStatusHandler = Callable[[PortStatus], Awaitable[None]]


class Carrier(Protocol):
    """A carrier's API, as pstn_orders uses it."""

    name: str

    async def start(self, on_status: StatusHandler, on_port_status: PortStatusHandler | None = None) -> None:
        """Begin delivering order (and port) status callbacks to the handlers (a real carrier's webhooks)."""

    async def close(self) -> None: ...

    async def validate_address(self, address: CivicAddress) -> AddressCheck: ...

    async def search(self, query: NumberSearch) -> SearchResult: ...

    async def reserve(self, numbers: list[str], *, holder: str, until: datetime) -> Reservation:
        """Hold the numbers for `holder` until `until`; NumbersUnavailable names any that cannot be held."""

    async def extend_reservation(self, reservation_id: str, *, until: datetime) -> Reservation: ...

    async def release_reservation(self, reservation_id: str) -> None: ...

    async def place_order(self, request: CarrierOrderRequest) -> CarrierOrder:
        """Accept the order (idempotent on order_ref); NumbersUnavailable when a number was taken meanwhile."""

    async def activate(self, carrier_order_id: str) -> CarrierOrder:
        """The customer signed: fulfilment starts now and ends at `expected_at` (R-PSTN-30)."""

    async def order_status(self, carrier_order_id: str) -> CarrierOrderStatus: ...

    async def disconnect(self, numbers: list[str]) -> None:
        """Give numbers back to the carrier's inventory (a released number or block)."""

    async def check_portability(self, numbers: list[str]) -> list[Portability]:
        """One verdict per number, in the order asked (R-PSTN-16)."""

    async def customer_service_record(self, btn: str) -> CustomerServiceRecord | None:
        """The losing carrier's record of the account billed to `btn`; None when it has none."""

    async def submit_port(self, request: PortRequest) -> PortStatus:
        """Submit (idempotent on order_ref; a rejected port submitted again is a new try); PortRequestRefused."""

    async def supplement_port(self, carrier_port_id: str, request: PortRequest) -> PortStatus:
        """Change a submitted port's date or details; PortNotFound."""

    async def cancel_port(self, carrier_port_id: str) -> PortStatus: ...

    async def activate_port(self, carrier_port_id: str) -> PortStatus:
        """On-demand activation on the FOC day: the port completes now."""

    async def port_status(self, carrier_port_id: str) -> PortStatus: ...
