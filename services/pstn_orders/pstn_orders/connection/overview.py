"""A customer's PSTN setup at a glance: every location's connection and emergency address, what is left to do,
and whether setup was skipped (R-PSTN-32)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from pstn_orders.connection.models import PstnConnection
from pstn_orders.connection.repository import PstnConnectionRepository
from pstn_orders.connection.schemas import (
    ContractInformation,
    LocationSetupRead,
    PstnConnectionRead,
    PstnSetupRead,
    SetupState,
)
from pstn_orders.connection.service import CALLING_PLAN_ADDON
from pstn_orders.connection.setup import SetupProgress
from pstn_orders.country import CallingPlanCountries
from pstn_orders.emergency_address.models import EmergencyAddress
from pstn_orders.emergency_address.repository import EmergencyAddressRepository
from pstn_orders.location.models import Location
from pstn_orders.location.repository import LocationRepository, partner_enrolled
from servicekit import CustomerDirectory, Principal

ADDRESS_STEPS = {
    "corrected_pending": "accept or decline the carrier's correction of the emergency address",
    "ambiguous": "choose one of the carrier's candidates for the emergency address",
    "invalid": "PUT another emergency address",
}


class SetupOverview:
    def __init__(
        self,
        *,
        countries: CallingPlanCountries,
        directory: CustomerDirectory,
        setup: SetupProgress,
        number_policy_url: str,
    ) -> None:
        self.countries = countries
        self.directory = directory
        self.setup = setup
        self.number_policy_url = number_policy_url

    async def read(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> PstnSetupRead:
        customer = await self.directory.get(session, customer_id, principal=principal)
        locations = await LocationRepository.for_caller(session, principal).of_customer(customer_id)
        connections = await PstnConnectionRepository.for_caller(session, principal).of_customer(customer_id)
        addresses = await EmergencyAddressRepository.for_caller(session, principal).of_locations(
            [location.id for location in locations]
        )
        rows = [self._location(loc, connections.get(loc.id), addresses.get(loc.id)) for loc in locations]
        setup = await self.setup.get(session, customer_id)
        skipped = setup is not None and setup.skipped_at is not None and setup.resumed_at is None
        state: SetupState
        if skipped:
            state = "skipped"
        elif rows and all(r.connection is not None and not r.next_steps for r in rows):
            state = "complete"
        elif any(r.connection is not None or r.emergency_address_id is not None for r in rows):
            state = "in_progress"
        else:
            state = "not_started"
        tenant_path = locations[0].tenant_path if locations else None
        return PstnSetupRead(
            customer_id=customer_id,
            state=state,
            skipped_at=setup.skipped_at if setup else None,
            resumed_at=setup.resumed_at if setup else None,
            partner_enrolled=await partner_enrolled(session, tenant_path) if tenant_path else False,
            calling_plans_ordered=int(customer.addons.get(CALLING_PLAN_ADDON, 0)),
            contract_information=ContractInformation(company_name=customer.name, contact_email=customer.contact_email),
            number_policy_url=self.number_policy_url,
            locations=rows,
        )

    async def skip(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> PstnSetupRead:
        await self.directory.require_active(session, customer_id, principal=principal)
        await self.setup.skip(session, customer_id)  # R-PSTN-32
        return await self.read(session, customer_id, principal=principal)

    def _location(
        self, location: Location, connection: PstnConnection | None, address: EmergencyAddress | None
    ) -> LocationSetupRead:
        mode = self.countries.mode(location.country)
        steps = []
        if address is not None and address.status in ADDRESS_STEPS:
            steps.append(ADDRESS_STEPS[address.status])
        if connection is None:
            if address is None and mode is not None:
                steps.append("for the calling plan, PUT the location's emergency address")
            steps.append("PUT the location's PSTN connection")
        elif connection.must_move_to_integrated:
            steps.append("move to the integrated variant of the cloud-connected carrier")  # R-PSTN-26
        return LocationSetupRead(
            location_id=location.id,
            name=location.name,
            country=location.country,
            calling_plan_mode=mode,
            connection=PstnConnectionRead.model_validate(connection) if connection else None,
            emergency_address_id=address.id if address else None,
            emergency_address_status=address.status if address else None,  # type: ignore[arg-type]
            calling_plan_enabled=connection is not None and connection.calling_plan_enabled_at is not None,
            must_move_to_integrated=connection is not None and connection.must_move_to_integrated,
            next_steps=steps,
        )
