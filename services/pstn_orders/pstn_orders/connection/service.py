"""Each location's PSTN connection, and what the provider calling plan asks before it is enabled."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import CallingPlanBillingStarted, CallingPlanEnabled, PstnConnectionChanged
from pstn_orders.carrier.adapter import CarrierAccount
from pstn_orders.connection.errors import (
    AlreadyOnAnotherConnection,
    CallingPlanLocationKept,
    CallingPlanNotEnabled,
    CallingPlanNotOrdered,
    EmergencyAddressRequired,
    PartnerNotEnrolled,
)
from pstn_orders.connection.locations import customer_location
from pstn_orders.connection.models import PstnConnection
from pstn_orders.connection.repository import PstnConnectionRepository
from pstn_orders.connection.schemas import PstnConnectionPut
from pstn_orders.connection.setup import SetupProgress
from pstn_orders.country import CallingPlanCountries, CountryMode
from pstn_orders.emergency_address.errors import CallingPlanCountryRequired
from pstn_orders.emergency_address.repository import EmergencyAddressRepository
from pstn_orders.location.models import Location
from pstn_orders.location.repository import LocationRepository, partner_enrolled
from servicekit import (
    Clock,
    CustomerDirectory,
    KnownCustomer,
    NotFound,
    Principal,
    ValidationFailed,
    check_version,
    emit,
)

CALLING_PLAN_ADDON = "provider_calling_plan"  # the catalogue add-on: outbound calling plan and number licences


@dataclass(frozen=True)
class CallingPlanLocation:
    """A location numbers may be ordered for (R-PSTN-11): what an order needs to know of it."""

    location_id: uuid.UUID
    customer_id: uuid.UUID
    tenant_path: str
    country: str
    mode: CountryMode  # R-PSTN-25
    emergency_address_id: uuid.UUID
    carrier_address_id: str | None  # none where support forwards the address (assisted countries)
    account: CarrierAccount  # R-PSTN-33: what setup forwards to the carrier


class ConnectionNotFound(NotFound):
    type = "pstn-connection-not-found"
    title = "No PSTN connection"

    def __init__(self, location_id: uuid.UUID) -> None:
        super().__init__(f"Location {location_id} has no PSTN connection yet; PUT one.")


class ConnectionService:
    def __init__(
        self,
        *,
        countries: CallingPlanCountries,
        directory: CustomerDirectory,
        setup: SetupProgress,
        clock: Clock,
        number_policy_url: str,
    ) -> None:
        self.countries = countries
        self.directory = directory
        self.setup = setup
        self.clock = clock
        self.number_policy_url = number_policy_url

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, location_id: uuid.UUID, *, principal: Principal
    ) -> PstnConnection:
        await customer_location(session, customer_id, location_id, principal=principal)
        connection = await PstnConnectionRepository.for_caller(session, principal).of_location(location_id)
        if connection is None:
            raise ConnectionNotFound(location_id)
        return connection

    async def put(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        location_id: uuid.UUID,
        data: PstnConnectionPut,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PstnConnection:
        """Choose or change the location's PSTN connection; each location its own (R-PSTN-01)."""
        customer = await self.directory.require_active(session, customer_id, principal=principal)
        location = await customer_location(session, customer_id, location_id, principal=principal)
        repository = PstnConnectionRepository.for_caller(session, principal)
        connection = await repository.of_location(location_id, for_update=True)  # R-PSTN-01: one per location
        if connection is not None:
            check_version(if_match, connection.version, "PSTN connection")
            if connection.type == "calling_plan" and data.type != "calling_plan":
                raise CallingPlanLocationKept(self.number_policy_url)  # R-PSTN-27
            if connection.type != "calling_plan" and data.type == "calling_plan":
                raise AlreadyOnAnotherConnection(connection.type)  # R-PSTN-04
        values = await self._values(session, customer, location, data)
        enabling = data.type == "calling_plan" and (connection is None or connection.calling_plan_enabled_at is None)
        first_calling_plan = enabling and not await repository.calling_plan_enabled_anywhere(customer_id)
        if connection is None:
            connection = PstnConnection(
                customer_id=customer_id, tenant_path=location.tenant_path, location_id=location_id, **values
            )
            await repository.add(connection)
        elif all(getattr(connection, k) == v for k, v in values.items()):
            return connection  # nothing changes
        else:
            for name, value in values.items():
                setattr(connection, name, value)
        now = self.clock.now()
        if enabling:
            connection.calling_plan_enabled_at = now
        await session.flush()
        await self.setup.resume(session, customer_id, location.tenant_path)  # R-PSTN-32
        await emit(
            session,
            PstnConnectionChanged(
                customer_id=customer_id,
                tenant_path=location.tenant_path,
                location_id=location_id,
                connection_type=data.type,
                carrier_name=connection.carrier_name,
                integrated=connection.integrated,
                usage=data.usage,
                must_move_to_integrated=connection.must_move_to_integrated,
            ),
        )
        if enabling:
            await self._announce_calling_plan(session, customer, connection, first_calling_plan, now)
        return connection

    async def _values(
        self, session: AsyncSession, customer: KnownCustomer, location: Location, data: PstnConnectionPut
    ) -> dict[str, object]:
        """The columns the request sets, once every rule of its connection type holds."""
        values: dict[str, object] = {
            "type": data.type,
            "usage": data.usage,
            "carrier_name": None,
            "integrated": None,
            "must_move_to_integrated": False,
            "signer_name": None,
            "signer_email": None,
        }
        if data.type != "cloud_connected":
            for name in ("carrier_name", "integrated"):
                if getattr(data, name) is not None:
                    raise ValidationFailed.field(name, "only a cloud_connected connection names its carrier")
        if data.type != "calling_plan" and data.signer is not None:
            raise ValidationFailed.field("signer", "only the calling plan takes a contract signer", rule="R-PSTN-09")
        if data.type == "cloud_connected":
            if data.carrier_name is None:
                raise ValidationFailed.field(
                    "carrier_name", "a cloud-connected PSTN names its carrier", rule="R-PSTN-01"
                )
            if data.integrated is None:
                raise ValidationFailed.field("integrated", "say whether the carrier is integrated", rule="R-PSTN-01")
            values |= {
                "carrier_name": data.carrier_name,
                "integrated": data.integrated,
                "must_move_to_integrated": not data.integrated,  # R-PSTN-26
            }
        if data.type == "calling_plan":
            await self._calling_plan_allowed(session, customer, location, data)
            assert data.signer is not None
            values |= {"signer_name": data.signer.name, "signer_email": str(data.signer.email)}
        return values

    async def _calling_plan_allowed(
        self, session: AsyncSession, customer: KnownCustomer, location: Location, data: PstnConnectionPut
    ) -> None:
        if data.usage != "standard":
            raise ValidationFailed.field(
                "usage", f"the calling plan is not for {data.usage.replace('_', ' ')} use", rule="R-PSTN-08"
            )  # R-PSTN-08
        if self.countries.mode(location.country) is None:
            offered = sorted(self.countries.modes)
            raise CallingPlanCountryRequired("location.country", location.country, offered)  # R-PSTN-03
        if not await partner_enrolled(session, location.tenant_path):
            raise PartnerNotEnrolled()  # R-PSTN-02
        if int(customer.addons.get(CALLING_PLAN_ADDON, 0)) < 1:
            raise CallingPlanNotOrdered(CALLING_PLAN_ADDON)  # R-PSTN-02
        if data.signer is None:  # R-PSTN-09
            raise ValidationFailed.field("signer", "the person who signs the carrier contract", rule="R-PSTN-09")
        address = await EmergencyAddressRepository(session, tenant_path=location.tenant_path).of_location(location.id)
        if address is None or not address.usable:
            raise EmergencyAddressRequired(address.status if address else None)  # R-PSTN-09

    async def _announce_calling_plan(
        self,
        session: AsyncSession,
        customer: KnownCustomer,
        connection: PstnConnection,
        first_calling_plan: bool,
        now: datetime,
    ) -> None:
        address = await EmergencyAddressRepository(session, tenant_path=connection.tenant_path).of_location(
            connection.location_id
        )
        assert address is not None
        assert connection.signer_name
        assert connection.signer_email
        await emit(
            session,
            CallingPlanEnabled(
                customer_id=connection.customer_id,
                tenant_path=connection.tenant_path,
                location_id=connection.location_id,
                signer_name=connection.signer_name,
                signer_email=connection.signer_email,
                emergency_address_id=address.id,
            ),
        )
        if first_calling_plan:
            # Provisioned through the platform, the customer's calling plans bill at once, prorated.
            start, end = month_of(now)  # R-PSTN-23
            await emit(
                session,
                CallingPlanBillingStarted(
                    customer_id=connection.customer_id,
                    tenant_path=connection.tenant_path,
                    location_id=connection.location_id,
                    addon=CALLING_PLAN_ADDON,
                    quantity=int(customer.addons.get(CALLING_PLAN_ADDON, 0)),
                    starts_at=now,
                    channel="platform",
                    period_start=start,
                    period_end=end,
                    billed_days=(end.date() - now.astimezone(UTC).date()).days,
                    period_days=(end - start).days,
                ),
            )

    async def require_calling_plan(
        self, session: AsyncSession, location_id: uuid.UUID, *, principal: Principal
    ) -> CallingPlanLocation:
        """The location, if numbers may be ordered for it: calling plan enabled, emergency address valid."""
        location = await LocationRepository.for_caller(session, principal).get(location_id)
        if location is None:
            raise CallingPlanNotEnabled(location_id, "no such location of yours")  # R-PSTN-11
        customer = await self.directory.require_active(session, location.customer_id, principal=principal)
        connection = await PstnConnectionRepository.for_caller(session, principal).of_location(location_id)
        if connection is None or connection.type != "calling_plan" or connection.calling_plan_enabled_at is None:
            current = connection.type if connection else "no PSTN connection"
            raise CallingPlanNotEnabled(location_id, f"this location has {current}")  # R-PSTN-11
        address = await EmergencyAddressRepository.for_caller(session, principal).of_location(location_id)
        if address is None or not address.usable:
            raise CallingPlanNotEnabled(location_id, "its emergency address is not validated")  # R-PSTN-11
        mode = self.countries.mode(location.country)
        if mode is None:
            raise CallingPlanNotEnabled(location_id, f"the calling plan is not offered in {location.country}")
        assert connection.signer_name is not None
        return CallingPlanLocation(
            location_id=location_id,
            customer_id=location.customer_id,
            tenant_path=location.tenant_path,
            country=location.country,
            mode=mode,
            emergency_address_id=address.id,
            carrier_address_id=address.carrier_address_id,
            account=CarrierAccount(
                customer_id=str(location.customer_id),
                company_name=customer.name or "",
                contact_email=customer.contact_email or "",
                signer_name=connection.signer_name,
            ),
        )


def month_of(moment: datetime) -> tuple[datetime, datetime]:
    """The calendar month (UTC) containing `moment`, as [start, end)."""
    moment = moment.astimezone(UTC)
    start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start, end
