"""Every rule a new-number order must meet, checked together: the precheck answers all of them, placing the first.

A draft resolves what the order asks for (the numbers, from a list, a cart, a reservation or the inventory) and
collects each problem and each alert; nothing is changed while drafting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from pstn_orders.carrier.adapter import Carrier, CarrierUnavailable, Match, NumberSearch
from pstn_orders.cart.models import NumberCart
from pstn_orders.cart.service import CartService
from pstn_orders.connection.service import CallingPlanLocation
from pstn_orders.country.modes import CallingPlanCountries, CountryMode
from pstn_orders.location.models import Location
from pstn_orders.number_order.errors import NotEnoughNumbers, TrialNumberLimit, one_source
from pstn_orders.number_order.repository import NumberOrderRepository
from pstn_orders.number_order.schemas import Alert, AutoAssign, NumberOrderCreate
from pstn_orders.reservation.errors import NumbersNotAvailable
from pstn_orders.reservation.models import NumberReservation
from pstn_orders.reservation.service import ReservationService
from pstn_orders.search.choice import chosen_numbers
from pstn_orders.search.errors import (
    block_for_trial,
    country_assisted,
    country_not_offered,
    toll_free_refused,
    too_many_numbers,
)
from pstn_orders.search.locations import OrderingLocations
from pstn_orders.search.numbering import NumberFacts, consecutive, is_toll_free_npa
from pstn_orders.search.repository import subscription_of
from pstn_orders.search.service import CARRIER_COUNTRIES, carrier_unavailable
from servicekit import CustomerDirectory, Principal, ProblemError, ValidationFailed


@dataclass
class Draft:
    """What an order would be, and everything that stands in its way."""

    customer_id: uuid.UUID
    subscription: str = "paid"
    location: Location | None = None
    plan: CallingPlanLocation | None = None
    mode: CountryMode | None = None
    numbers: list[NumberFacts] = field(default_factory=list)
    quantity: int = 0
    block: bool = False
    cart: NumberCart | None = None
    reservation: NumberReservation | None = None
    problems: list[ProblemError] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)

    def unconfirmed(self, confirmed: list[str]) -> list[Alert]:
        return [a for a in self.alerts if a.code not in confirmed]


class OrderRules:
    def __init__(
        self,
        *,
        carrier: Carrier,
        countries: CallingPlanCountries,
        directory: CustomerDirectory,
        locations: OrderingLocations,
        carts: CartService,
        reservations: ReservationService,
        max_numbers: int,
        trial_limit: int,
    ) -> None:
        self.carrier = carrier
        self.countries = countries
        self.directory = directory
        self.locations = locations
        self.carts = carts
        self.reservations = reservations
        self.max_numbers = max_numbers
        self.trial_limit = trial_limit

    async def draft(
        self, session: AsyncSession, customer_id: uuid.UUID, data: NumberOrderCreate, *, principal: Principal
    ) -> Draft:
        draft = Draft(customer_id=customer_id)
        try:
            await self.directory.require_active(session, customer_id, principal=principal)
            draft.subscription = await subscription_of(session, customer_id)
            draft.location = await self.locations.of_customer(
                session, customer_id, data.location_id, principal=principal
            )
        except ProblemError as problem:
            draft.problems.append(problem)
            return draft
        sources = [data.numbers, data.cart_id, data.reservation_id, data.auto_assign, data.support_request]
        if sum(source is not None for source in sources) != 1:
            draft.problems.append(one_source())
            return draft
        country = draft.location.country.upper()
        draft.mode = self.countries.mode(country)
        if draft.mode is None:
            draft.problems.append(country_not_offered(country))  # R-PSTN-03
            return draft
        await self._calling_plan(session, draft, data.location_id, principal)
        if data.support_request is not None:
            self._support_request(draft, data)
        elif draft.mode is CountryMode.assisted:
            draft.problems.append(country_assisted(country))  # R-PSTN-25
            return draft
        elif country not in CARRIER_COUNTRIES:
            draft.problems.append(country_not_offered(country))  # R-PSTN-03
            return draft
        else:
            await self._numbers(session, draft, data, principal)
            self._block(draft, data)
            self._alerts(draft, data)
        await self._trial_limit(session, draft)
        return draft

    async def _calling_plan(
        self, session: AsyncSession, draft: Draft, location_id: uuid.UUID, principal: Principal
    ) -> None:
        try:
            _, draft.plan = await self.locations.calling_plan_location(
                session, draft.customer_id, location_id, principal=principal
            )  # R-PSTN-11
        except ProblemError as problem:
            draft.problems.append(problem)

    def _support_request(self, draft: Draft, data: NumberOrderCreate) -> None:
        assert data.support_request is not None
        if draft.mode is not CountryMode.assisted:
            draft.problems.append(
                ValidationFailed.field(
                    "support_request",
                    "this country is self-service: search the inventory and order the numbers",
                    rule="R-PSTN-14",
                )
            )
        draft.quantity = data.support_request.quantity
        if draft.quantity > self.max_numbers:
            draft.problems.append(too_many_numbers("support_request.quantity", draft.quantity, self.max_numbers))

    async def _numbers(
        self, session: AsyncSession, draft: Draft, data: NumberOrderCreate, principal: Principal
    ) -> None:
        """The numbers the order asks for, each checked (R-PSTN-05, R-PSTN-06)."""
        raw: list[str] = []
        where = "numbers"
        try:
            if data.numbers is not None:
                raw = data.numbers
            elif data.cart_id is not None:
                draft.cart = await self.carts.open_for_order(
                    session, draft.customer_id, data.cart_id, principal=principal
                )
                raw, where = draft.cart.numbers, "cart_id"
            elif data.reservation_id is not None:
                draft.reservation = await self.reservations.held_for_order(
                    session, draft.customer_id, data.reservation_id, principal=principal
                )
                raw, where = draft.reservation.numbers, "reservation_id"
            elif data.auto_assign is not None:
                raw, where = await self._auto_assign(draft, data.auto_assign), "auto_assign"
        except ProblemError as problem:
            draft.problems.append(problem)
            return
        if not raw:
            draft.problems.append(ValidationFailed.field(where, "no numbers to order"))
        chosen, problems = chosen_numbers(raw, where, cap=self.max_numbers)
        draft.problems.extend(problems)
        assert draft.location is not None
        for index, number in enumerate(chosen):
            if number.country != draft.location.country.upper():
                draft.problems.append(
                    ValidationFailed.field(
                        f"{where}[{index}]",
                        f"{number.number} is a number of {number.country or 'no country'}, the location is in "
                        f"{draft.location.country}",
                        rule="R-PSTN-11",
                    )
                )
        draft.numbers = chosen
        draft.quantity = len(chosen)
        if chosen and (held := await NumberOrderRepository.unscoped(session).held([n.number for n in chosen])):
            draft.problems.append(NumbersNotAvailable(held))

    async def _auto_assign(self, draft: Draft, ask: AutoAssign) -> list[str]:
        """R-PSTN-11: numbers picked from the inventory by state, area code, city, prefix and quantity."""
        assert draft.location is not None
        quantity = ask.block_size or ask.quantity
        if quantity > self.max_numbers:
            raise too_many_numbers("auto_assign.quantity", quantity, self.max_numbers)  # R-PSTN-06
        if ask.npa and is_toll_free_npa(ask.npa):
            raise toll_free_refused("auto_assign.npa", f"area code {ask.npa}")  # R-PSTN-05
        if ask.block_size and draft.subscription == "trial":
            raise block_for_trial("auto_assign.block_size")  # R-PSTN-13
        query = NumberSearch(
            country="US" if draft.location.country.upper() == "US" else "CA",
            state=(ask.state or str(draft.location.address.get("state") or "") or None),
            npa=ask.npa,
            nxx=ask.nxx,
            locality=ask.locality,
            quantity=quantity,
            consecutive=ask.consecutive and quantity > 1,
            block_size=ask.block_size,
        )
        try:
            found = await self.carrier.search(query)
        except CarrierUnavailable as exc:
            raise carrier_unavailable() from exc
        exact = [n.number for n in found.numbers if n.match is Match.exact]
        if len(exact) < quantity:
            # R-PSTN-35: fewer exact matches than asked: the alternatives are offered instead
            raise NotEnoughNumbers(
                quantity, len(exact), [n.number for n in found.numbers if n.match is not Match.exact]
            )
        return exact[:quantity]

    def _block(self, draft: Draft, data: NumberOrderCreate) -> None:
        draft.block = data.block or bool(data.auto_assign and data.auto_assign.block_size)
        if not draft.block:
            return
        if draft.subscription == "trial":
            draft.problems.append(block_for_trial("block"))  # R-PSTN-13
        if len(draft.numbers) > self.max_numbers:
            draft.problems.append(
                ValidationFailed.field("block", "a block holds at most 100 numbers", rule="R-PSTN-13")
            )  # R-PSTN-13
        if len(draft.numbers) < 2 or not consecutive([n.number for n in draft.numbers]):
            draft.problems.append(
                ValidationFailed.field("block", "a block is one run of consecutive numbers", rule="R-PSTN-13")
            )  # R-PSTN-13

    def _alerts(self, draft: Draft, data: NumberOrderCreate) -> None:
        """R-PSTN-34: what the orderer reviews before the order goes ahead."""
        assert draft.location is not None
        city = str(draft.location.address.get("city") or "").casefold()
        state = str(draft.location.address.get("state") or "").upper()
        elsewhere = [
            n.number
            for n in draft.numbers
            if (n.state and state and n.state != state) or (n.locality and city and n.locality.casefold() != city)
        ]
        if elsewhere:  # R-PSTN-34
            draft.alerts.append(
                Alert(
                    code="other_locality",
                    message="These numbers belong to another locality (rate center) than the location's address; "
                    "callers see them as numbers of that place.",
                    numbers=elsewhere,
                )
            )
        if draft.block:
            draft.alerts.append(
                Alert(
                    code="block",
                    message="The numbers of a block can be released only together, as the whole block.",  # R-PSTN-13
                    numbers=[n.number for n in draft.numbers],
                )
            )
        if data.advanced:
            draft.alerts.append(
                Alert(
                    code="advanced",
                    message="Advanced standard numbers take about 5 days after the signature, not 10 minutes.",
                )
            )

    async def _trial_limit(self, session: AsyncSession, draft: Draft) -> None:
        if draft.subscription != "trial":
            return
        held = await NumberOrderRepository.unscoped(session).numbers_ordered(draft.customer_id)
        if held + draft.quantity > self.trial_limit:
            draft.problems.append(TrialNumberLimit(self.trial_limit, held, draft.quantity))  # R-PSTN-07
