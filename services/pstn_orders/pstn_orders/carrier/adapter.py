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


class CivicAddress(BaseModel):
    """A civic address in the fields of RFC 5139 / NENA CLDXF (the element each maps to in brackets)."""

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
    state: str = Field(min_length=2, max_length=2)  # A1: USPS state or Canadian province code
    postal_code: str = Field(max_length=10)  # PC
    country: Literal["US", "CA"]  # country (ISO 3166-1 alpha-2): the NANP countries the carriers serve


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


class Carrier(Protocol):
    """A carrier's API, as pstn_orders uses it."""

    name: str

    async def start(self, on_status: StatusHandler) -> None:
        """Begin delivering order status callbacks to `on_status` (a real carrier's webhooks)."""

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
