"""Locations of a customer: its sites, each with a civic address and an IANA time zone. pstn_orders keeps a
projection of them from their events (connections, emergency addresses and numbers belong to a location)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import pycountry
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState, Role
from contracts.events import LocationAddress as LocationAddressEvent
from contracts.events import LocationCreated, LocationDeleted, LocationUpdated
from customers.customer.errors import CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.events import Tenancy, tenancy
from customers.location.errors import CustomerTakesNoLocations, LocationNameTaken, LocationNotFound
from customers.location.models import Location
from customers.location.repository import LocationRepository
from customers.location.schemas import LocationCreate, LocationUpdate
from customers.models import Customer
from servicekit import Clock, PageRequest, Principal, ValidationFailed, check_version, emit

# A customer stopped by screening, cancelled or deleted takes no location changes; a suspended one keeps its
# locations (and may correct them) but gets no new ones: no new PSTN work while suspended.
CLOSED = (CustomerState.ERROR, CustomerState.CANCELLED)
NO_NEW = (*CLOSED, CustomerState.SUSPENDED)
# Countries whose `state` is a subdivision code the carrier's address checks need (US and CA numbering).
STATE_CODED = ("US", "CA")
SUBDIVISIONS = frozenset(str(s.code) for s in pycountry.subdivisions if s.country_code in STATE_CODED)  # "US-NY"


class LocationService:
    def __init__(self, *, clock: Clock) -> None:
        self.clock = clock

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, location_id: uuid.UUID, *, principal: Principal
    ) -> Location:
        customer = await self._customer(session, customer_id, principal)
        location = await LocationRepository.for_caller(session, principal).get(customer.id, location_id)
        if location is None:
            raise LocationNotFound(location_id)
        return location

    async def list(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        page: PageRequest,
        *,
        principal: Principal,
        country: str | None = None,
    ) -> Sequence[Location]:
        customer = await self._customer(session, customer_id, principal)
        return await LocationRepository.for_caller(session, principal).list(customer.id, page, country=country)

    async def create(
        self, session: AsyncSession, customer_id: uuid.UUID, data: LocationCreate, *, principal: Principal
    ) -> Location:
        customer = await self._managed(session, customer_id, principal)
        if customer.state in NO_NEW:  # a suspended or cancelled customer gets no new PSTN work
            raise CustomerTakesNoLocations(customer.state, change="added")
        locations = LocationRepository.for_caller(session, principal)
        await _name_free(locations, customer.id, data.name)
        location = await locations.add(
            Location(
                customer_id=customer.id,
                name=data.name,
                address=_address(data),
                country=data.address.country,
                time_zone=data.time_zone,
            )
        )
        await emit(session, LocationCreated(**_whole(customer, location)))
        return location

    async def update(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        location_id: uuid.UUID,
        data: LocationUpdate,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> Location:
        customer, location = await self._for_change(session, customer_id, location_id, principal, if_match, "changed")
        if data.name.lower() != location.name.lower():
            await _name_free(LocationRepository.for_caller(session, principal), customer.id, data.name)
        address = _address(data)
        if (data.name, address, data.time_zone) == (location.name, location.address, location.time_zone):
            return location  # nothing changed: no new version, no event
        location.name, location.address, location.country = data.name, address, data.address.country
        location.time_zone = data.time_zone
        await session.flush()
        await emit(session, LocationUpdated(**_whole(customer, location)))
        return location

    async def delete(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        location_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> None:
        customer, location = await self._for_change(session, customer_id, location_id, principal, if_match, "deleted")
        location.deleted_at = self.clock.now()
        await session.flush()
        await emit(session, LocationDeleted(**_whole(customer, location)))

    async def _for_change(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        location_id: uuid.UUID,
        principal: Principal,
        if_match: str | None,
        change: str,
    ) -> tuple[Customer, Location]:
        customer = await self._managed(session, customer_id, principal)
        location = await LocationRepository.for_caller(session, principal).get(
            customer.id, location_id, for_update=True
        )
        if location is None:
            raise LocationNotFound(location_id)
        check_version(if_match, location.version, "location")
        if customer.state in CLOSED:
            raise CustomerTakesNoLocations(customer.state, change=change)
        return customer, location

    async def _customer(self, session: AsyncSession, customer_id: uuid.UUID, principal: Principal) -> Customer:
        """R-HIER-03: a customer of the caller's subtree (itself included); anything else is not found."""
        customer = await CustomerRepository.for_caller(session, principal).get(customer_id)
        if customer is None or customer.state == CustomerState.DELETED:
            raise CustomerNotFound(customer_id)  # R-HIER-03
        return customer

    async def _managed(self, session: AsyncSession, customer_id: uuid.UUID, principal: Principal) -> Customer:
        """Locked for a change, by the customer's own full administrators or anyone above it (as users are)."""
        customer = await CustomerRepository.for_caller(session, principal).get(customer_id, for_update=True)
        if customer is None or customer.state == CustomerState.DELETED:
            raise CustomerNotFound(customer_id)  # R-HIER-03
        if customer.id == principal.customer_id and not principal.has(Role.CUSTOMER_FULL_ADMIN, Role.PLATFORM_ROOT):
            raise CustomerNotFound(customer_id)
        return customer


async def _name_free(locations: LocationRepository, customer_id: uuid.UUID, name: str) -> None:
    # Under the customer row lock: two racing creates with one name see each other.
    if existing := await locations.named(customer_id, name):
        raise LocationNameTaken(name, existing.id)


def _address(data: LocationCreate) -> dict[str, Any]:
    """The address as stored. US and Canadian ones name their state or province by its code (upper case): the
    carrier checks the ZIP or postal code against it."""
    address = data.address.model_dump(mode="json")
    country, state = data.address.country, data.address.state
    if country not in STATE_CODED:
        return address
    if state is None:
        raise ValidationFailed.field("address.state", f"a {country} address needs its state or province code")
    if f"{country}-{state.upper()}" not in SUBDIVISIONS:
        raise ValidationFailed.field(
            "address.state", f"{state!r} is not a state or province code of {country} (e.g. NY, ON)"
        )
    return address | {"state": state.upper()}


class WholeLocation(Tenancy):
    location_id: uuid.UUID
    name: str
    address: LocationAddressEvent
    time_zone: str


def _whole(customer: Customer, location: Location) -> WholeLocation:
    """What every location event carries: the whole location as it is now."""
    return WholeLocation(
        **tenancy(customer),
        location_id=location.id,
        name=location.name,
        address=LocationAddressEvent(**location.address),
        time_zone=location.time_zone,
    )
