"""Emergency service addresses: given, validated by the carrier, corrected or chosen, and announced."""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import EmergencyAddressChanged, EmergencyAddressFields
from pstn_orders.carrier.adapter import AddressCheck, AddressVerdict, Carrier, CarrierUnavailable, CivicAddress
from pstn_orders.connection.locations import customer_location
from pstn_orders.connection.setup import SetupProgress
from pstn_orders.country import CARRIER_VALIDATED, CallingPlanCountries
from pstn_orders.emergency_address.errors import (
    CallingPlanCountryRequired,
    CarrierNotAnswering,
    EmergencyAddressInvalid,
    EmergencyAddressNotFound,
    NothingToAnswer,
)
from pstn_orders.emergency_address.models import EmergencyAddress
from pstn_orders.emergency_address.repository import EmergencyAddressRepository
from pstn_orders.emergency_address.schemas import CorrectionAnswer, EmergencyAddressAnswer, EmergencyAddressInput
from servicekit import CustomerDirectory, Principal, ValidationFailed, check_version, emit

DECLINED = [{"field": "address", "reason": "the carrier's correction was declined; the address as given is not valid"}]


class Owner(Protocol):
    """Whose address it is: a customer's place in the tree (a location, a number)."""

    @property
    def customer_id(self) -> uuid.UUID: ...

    @property
    def tenant_path(self) -> str: ...


class EmergencyAddressService:
    def __init__(
        self,
        *,
        carrier: Carrier,
        countries: CallingPlanCountries,
        directory: CustomerDirectory,
        setup: SetupProgress,
    ) -> None:
        self.carrier = carrier
        self.countries = countries
        self.directory = directory
        self.setup = setup

    # --- a location's address, editable later (R-PSTN-10) ---------------------------------------------

    async def for_location(
        self, session: AsyncSession, customer_id: uuid.UUID, location_id: uuid.UUID, *, principal: Principal
    ) -> EmergencyAddress:
        await customer_location(session, customer_id, location_id, principal=principal)
        address = await EmergencyAddressRepository.for_caller(session, principal).of_location(location_id)
        if address is None:
            raise EmergencyAddressNotFound(location_id)
        return address

    async def put_for_location(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        location_id: uuid.UUID,
        data: EmergencyAddressInput,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> EmergencyAddress:
        """Give (or edit, R-PSTN-10) the address that serves every number of the location (R-PSTN-09)."""
        await self.directory.require_active(session, customer_id, principal=principal)
        location = await customer_location(session, customer_id, location_id, principal=principal)
        repository = EmergencyAddressRepository.for_caller(session, principal)
        address = await repository.of_location(location_id, for_update=True)
        if address is not None:  # R-PSTN-10: the location's address is edited later like this
            check_version(if_match, address.version, "emergency address")
        fields = data.model_dump()
        check = await self._check(fields)  # an invalid address raises here: nothing is changed
        if address is None:
            address = EmergencyAddress(
                customer_id=customer_id, tenant_path=location.tenant_path, location_id=location_id
            )
            _record(address, fields, check)
            await repository.add(address)
        else:
            _record(address, fields, check)
            await session.flush()
        await self.setup.resume(session, customer_id, location.tenant_path)  # R-PSTN-32
        await _announce(session, address)
        return address

    async def answer_for_location(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        location_id: uuid.UUID,
        body: EmergencyAddressAnswer,
        *,
        principal: Principal,
    ) -> EmergencyAddress:
        await self.directory.require_active(session, customer_id, principal=principal)
        await customer_location(session, customer_id, location_id, principal=principal)
        address = await EmergencyAddressRepository.for_caller(session, principal).of_location(
            location_id, for_update=True
        )
        if address is None:
            raise EmergencyAddressNotFound(location_id)
        return await self.answer(session, address, body)

    # --- any address: a location's or a number's own (R-PSTN-10) ------------------------------------------

    async def validate(
        self, session: AsyncSession, owner: Owner, address: CivicAddress | EmergencyAddressInput
    ) -> EmergencyAddress:
        """A new address of `owner`'s, validated by the carrier (not tied to a location: a number's own)."""
        fields = address.model_dump()
        if self.countries.mode(fields["country"]) is None:
            offered = sorted(self.countries.modes)
            raise CallingPlanCountryRequired("country", fields["country"], offered)  # R-PSTN-03
        check = await self._check(fields)
        row = EmergencyAddress(customer_id=owner.customer_id, tenant_path=owner.tenant_path, location_id=None)
        _record(row, fields, check)
        await EmergencyAddressRepository(session, tenant_path=owner.tenant_path).add(row)
        await _announce(session, row)
        return row

    async def answer(
        self, session: AsyncSession, address: EmergencyAddress, body: EmergencyAddressAnswer
    ) -> EmergencyAddress:
        """Accept or decline the carrier's correction, or choose one of its candidates."""
        if isinstance(body, CorrectionAnswer):
            if address.status != "corrected_pending":
                raise NothingToAnswer(address.status, "corrected_pending")
            suggested = dict(address.suggested or {})
            if not body.accept:
                address.status, address.suggested, address.problems = "invalid", None, DECLINED
                address.carrier_address_id = None
            elif address.carrier_address_id is not None:  # the carrier's id of its correction: valid once accepted
                address.address, address.status, address.suggested = suggested, "valid", None
                address.validated_by = "carrier"
            else:
                _record(address, suggested, await self._check(suggested))
        else:
            if address.status != "ambiguous":
                raise NothingToAnswer(address.status, "ambiguous")
            if body.candidate >= len(address.candidates):
                raise ValidationFailed.field(
                    "candidate", f"there are {len(address.candidates)} candidates, numbered from 0"
                )
            chosen = dict(address.candidates[body.candidate])
            _record(address, chosen, await self._check(chosen))
        await session.flush()
        await _announce(session, address)
        return address

    async def _check(self, fields: dict[str, Any]) -> AddressCheck | None:
        """The carrier's verdict; none where the carrier does not validate addresses through its API."""
        country = fields["country"]
        if self.countries.mode(country) is None:
            raise CallingPlanCountryRequired("country", country, sorted(self.countries.modes))  # R-PSTN-03
        if country not in CARRIER_VALIDATED:
            return None
        state = fields.get("state")
        if state is None or len(state) != 2:  # the schema cannot say it: required in the US and Canada only
            raise ValidationFailed.field("state", "a two-letter state or province code is needed in the US and Canada")
        try:
            check = await self.carrier.validate_address(CivicAddress.model_validate(fields))  # R-PSTN-33
        except CarrierUnavailable as exc:
            raise CarrierNotAnswering() from exc
        if check.verdict == AddressVerdict.invalid:
            raise EmergencyAddressInvalid([(p.field, p.reason) for p in check.problems])  # R-PSTN-33
        return check


def _record(address: EmergencyAddress, fields: dict[str, Any], check: AddressCheck | None) -> None:
    address.address = fields
    address.suggested, address.candidates, address.problems = None, [], []
    address.carrier_address_id, address.validated_by = None, None
    if check is None:
        # Assisted countries (R-PSTN-25): PSTN technical support forwards the address to the carrier with the
        # support request that orders the numbers (R-PSTN-14), so it is taken as given.
        address.status, address.validated_by = "valid", "support"
    elif check.verdict == AddressVerdict.valid:
        address.status, address.validated_by = "valid", "carrier"
        address.carrier_address_id = check.carrier_address_id
    elif check.verdict == AddressVerdict.corrected:
        address.status = "corrected_pending"
        address.suggested = check.suggested.model_dump() if check.suggested else None
        address.carrier_address_id = check.carrier_address_id  # used only once the correction is accepted
    else:
        address.status = "ambiguous"
        address.candidates = [c.model_dump() for c in check.candidates]


async def _announce(session: AsyncSession, address: EmergencyAddress) -> None:
    await emit(
        session,
        EmergencyAddressChanged(
            customer_id=address.customer_id,
            tenant_path=address.tenant_path,
            emergency_address_id=address.id,
            location_id=address.location_id,
            status=address.status,  # type: ignore[arg-type]
            address=EmergencyAddressFields.model_validate(address.address),
            carrier_address_id=address.carrier_address_id if address.usable else None,
        ),
    )
