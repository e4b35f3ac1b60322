"""Number search over the carrier's inventory, within what the customer may order (R-PSTN-11, R-PSTN-35)."""

from __future__ import annotations

import uuid
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from pstn_orders.carrier.adapter import Carrier, CarrierUnavailable, NumberSearch, Pattern, SearchResult
from pstn_orders.country.modes import CallingPlanCountries, CountryMode
from pstn_orders.search.errors import (
    block_for_trial,
    country_assisted,
    country_not_offered,
    toll_free_refused,
    too_many_numbers,
)
from pstn_orders.search.locations import OrderingLocations
from pstn_orders.search.numbering import is_toll_free_npa
from pstn_orders.search.repository import subscription_of
from pstn_orders.search.schemas import NumberSearchQuery
from servicekit import CustomerDirectory, Principal, ServiceUnavailable, ValidationFailed

CARRIER_COUNTRIES = ("US", "CA")  # where the carrier holds an inventory to search
BLOCK_SIZES: dict[int, Literal[10, 50, 100]] = {10: 10, 50: 50, 100: 100}


def carrier_unavailable() -> ServiceUnavailable:
    return ServiceUnavailable("The carrier does not answer now; try again shortly.", headers={"Retry-After": "30"})


class NumberSearchService:
    def __init__(
        self,
        *,
        carrier: Carrier,
        countries: CallingPlanCountries,
        directory: CustomerDirectory,
        locations: OrderingLocations,
        max_numbers: int,
        number_policy_url: str,
    ) -> None:
        self.carrier = carrier
        self.countries = countries
        self.directory = directory
        self.locations = locations
        self.max_numbers = max_numbers
        self.number_policy_url = number_policy_url  # R-PSTN-27: searching and ordering link to it

    async def search(
        self, session: AsyncSession, customer_id: uuid.UUID, query: NumberSearchQuery, *, principal: Principal
    ) -> SearchResult:
        await self.directory.require_active(session, customer_id, principal=principal)
        country = query.country.upper()
        if query.location_id is not None:
            location, _ = await self.locations.calling_plan_location(
                session, customer_id, query.location_id, principal=principal
            )
            country = location.country
        mode = self.countries.mode(country)
        if mode is None:
            raise country_not_offered(country)  # R-PSTN-03
        if mode is CountryMode.assisted:
            raise country_assisted(country)  # R-PSTN-25
        if country not in CARRIER_COUNTRIES:
            raise country_not_offered(country)  # R-PSTN-03: configured, but the carrier holds no inventory there
        if query.npa and is_toll_free_npa(query.npa):
            raise toll_free_refused("npa", f"area code {query.npa}")  # R-PSTN-05
        if query.starts_with and is_toll_free_npa(query.starts_with[:3]):
            raise toll_free_refused("starts_with", f"{query.starts_with}…")  # R-PSTN-05
        if query.quantity > self.max_numbers:
            raise too_many_numbers("quantity", query.quantity, self.max_numbers)  # R-PSTN-06
        if query.block_size is not None and query.block_size not in BLOCK_SIZES:
            raise ValidationFailed.field("block_size", "blocks are of 10, 50 or 100 numbers", rule="R-PSTN-35")
        if query.block_size and await subscription_of(session, customer_id) == "trial":
            raise block_for_trial("block_size")  # R-PSTN-13
        try:
            return await self.carrier.search(_carrier_query(query, country))  # R-PSTN-35
        except CarrierUnavailable as exc:
            raise carrier_unavailable() from exc


def _carrier_query(query: NumberSearchQuery, country: str) -> NumberSearch:
    """R-PSTN-35: state, area code, NXX, locality, a digit pattern, quantity, consecutive runs and blocks."""
    asked: list[tuple[Literal["starts", "contains", "ends"], str | None]] = [
        ("starts", query.starts_with),
        ("contains", query.contains),
        ("ends", query.ends_with),
    ]
    patterns = [Pattern(digits=digits, position=position) for position, digits in asked if digits]
    if len(patterns) > 1:
        raise ValidationFailed.field("starts_with", "give one of starts_with, contains and ends_with")
    return NumberSearch(
        country="US" if country == "US" else "CA",
        state=query.state.upper() if query.state else None,
        npa=query.npa,
        nxx=query.nxx,
        locality=query.locality,
        pattern=patterns[0] if patterns else None,
        quantity=query.quantity,
        consecutive=query.consecutive and query.quantity > 1,
        block_size=10
        if query.block_size == 10
        else 50
        if query.block_size == 50
        else 100
        if query.block_size
        else None,
    )
