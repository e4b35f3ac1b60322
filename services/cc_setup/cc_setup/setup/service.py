"""The setup wizard (R-CC-04): each step read and saved, back and change until submit."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.catalogue import LICENCES, PLATFORMS, TELEPHONY, telephony_options
from cc_setup.locality.models import DataLocality
from cc_setup.locality.repository import DataLocalityRepository
from cc_setup.locality.service import DataLocalityService
from cc_setup.order.models import ContactCenterOrder
from cc_setup.provisioning.models import ProvisioningJob
from cc_setup.setup import rules
from cc_setup.setup.errors import CountryConfirmed, SetupNotFound, SetupSubmitted, SipAddressTaken
from cc_setup.setup.models import ContactCenterSetup
from cc_setup.setup.repository import SetupRepository
from cc_setup.setup.schemas import (
    CallingStep,
    CallingUpdate,
    CountryConfirmation,
    Missing,
    NextStep,
    ReviewStep,
    SettingsStep,
    SettingsUpdate,
    SetUpItem,
    SetupRead,
    SetupStatus,
    StepState,
    SummaryStep,
    WhatWillBeSetUpStep,
)
from contracts.events import ContactCenterCountryConfirmed, ContactCenterSetupStepSaved
from servicekit import Clock, CustomerDirectory, Principal, check_version, emit


class SetupService:
    def __init__(
        self, *, directory: CustomerDirectory, localities: DataLocalityService, clock: Clock, sip_domain: str
    ) -> None:
        self.directory = directory
        self.localities = localities
        self.clock = clock
        self.sip_domain = sip_domain

    # --- opening and reading ---------------------------------------------------------------------------------

    async def open(self, session: AsyncSession, order: ContactCenterOrder) -> ContactCenterSetup:
        """The wizard of a new order: its country is the order's (R-CC-05), with that country's defaults."""
        setup = ContactCenterSetup(
            customer_id=order.customer_id, tenant_path=order.tenant_path, order_id=order.id, country=order.country
        )
        rules.defaults_for(setup, await DataLocalityRepository(session).get(order.country), order.addons)
        return await SetupRepository.unscoped(session).add(setup)

    async def tenant_path_of(self, session: AsyncSession, customer_id: uuid.UUID) -> str:
        return await SetupRepository.unscoped(session).tenant_path_of(customer_id)

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, for_update: bool = False
    ) -> tuple[ContactCenterSetup, ContactCenterOrder]:
        await self.directory.get(session, customer_id, principal=principal)
        setup = await SetupRepository.for_caller(session, principal).get(customer_id, for_update=for_update)
        if setup is None:
            raise SetupNotFound(customer_id)
        order = await session.get_one(ContactCenterOrder, setup.order_id)
        return setup, order

    async def read(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> SetupRead:
        setup, order = await self.get(session, customer_id, principal=principal)
        return await self.view(session, setup, order)

    async def view(self, session: AsyncSession, setup: ContactCenterSetup, order: ContactCenterOrder) -> SetupRead:
        calling = await self._calling(session, setup)
        settings = await self._settings(session, setup, order)
        job_id = await session.scalar(
            select(ProvisioningJob.id).where(ProvisioningJob.customer_id == setup.customer_id)
        )
        editable = setup.state == "in_progress"  # R-CC-04: back and change until submit
        return SetupRead(
            customer_id=setup.customer_id,
            order_id=setup.order_id,
            state=setup.state,  # type: ignore[arg-type]
            setup_required=setup.setup_required,  # R-CC-03
            next_step=self._next_step(setup),
            steps=[
                StepState(step="summary", complete=True, editable=False),
                StepState(step="calling", complete=calling.complete, editable=editable),
                StepState(step="settings", complete=settings.complete, editable=editable),
                StepState(step="what_will_be_set_up", complete=calling.complete and settings.complete, editable=False),
                StepState(step="review", complete=not rules.missing(setup), editable=False),
                StepState(step="submit", complete=setup.state != "in_progress", editable=False),
            ],
            summary=self.summary(order),
            calling=calling,
            settings=settings,
            job_id=job_id,
            version=setup.version,
            updated_at=setup.updated_at,
        )

    async def status(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> SetupStatus:
        setup, _ = await self.get(session, customer_id, principal=principal)
        return SetupStatus(
            setup_required=setup.setup_required,  # R-CC-03
            state=setup.state,
            next_step=self._next_step(setup),
            setup_href=f"/v1/customers/{customer_id}/contact-center/setup",
        )

    @staticmethod
    def _next_step(setup: ContactCenterSetup) -> NextStep | None:
        if setup.state == "active":
            return None
        if setup.state != "in_progress":
            return "provisioning"
        gaps = {m["step"] for m in rules.missing(setup)}
        if "calling" in gaps:
            return "calling"
        if "settings" in gaps:
            return "settings"
        return "submit"

    @staticmethod
    def summary(order: ContactCenterOrder) -> SummaryStep:
        return SummaryStep(
            kind=order.kind,  # type: ignore[arg-type]
            order_reference=order.order_reference,
            licences=order.licences,
            addons=order.addons,
            administrator_email=order.administrator_email,
        )

    async def calling(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> CallingStep:
        setup, _ = await self.get(session, customer_id, principal=principal)
        return await self._calling(session, setup)

    async def _calling(self, session: AsyncSession, setup: ContactCenterSetup) -> CallingStep:
        name = await SetupRepository.unscoped(session).customer_name(setup.customer_id)
        return CallingStep(
            sip_address=setup.sip_address,
            suggested_sip_address=rules.suggested_sip_address(name, self.sip_domain),
            complete=setup.sip_address is not None,
        )

    async def settings(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> SettingsStep:
        setup, order = await self.get(session, customer_id, principal=principal)
        return await self._settings(session, setup, order)

    async def _settings(
        self, session: AsyncSession, setup: ContactCenterSetup, order: ContactCenterOrder
    ) -> SettingsStep:
        locality = await DataLocalityRepository(session).get(setup.country)
        confirmed = setup.country_confirmed_at is not None
        region = setup.region if confirmed else (locality.region if locality else None)
        choices = telephony_options(region, setup.platform) if region and setup.platform else ()
        return SettingsStep(
            country=setup.country,
            country_confirmed=confirmed,
            country_confirmed_at=setup.country_confirmed_at,
            data_center=setup.data_center if confirmed else (locality.data_center if locality else None),
            region=region,
            time_zone=setup.time_zone,
            time_zone_offered=not rules.ai_addon(order.addons),  # R-CC-07
            platform=setup.platform,
            platform_choices=list(locality.platforms) if locality else [],
            telephony=setup.telephony,
            telephony_choices=[TELEPHONY[c] for c in choices],
            telephony_selected_automatically=rules.pstn_addon(order.addons),  # R-CC-10
            complete=not any(m["step"] == "settings" for m in rules.missing(setup)),
        )

    # --- saving steps ------------------------------------------------------------------------------------------

    async def _editable(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, if_match: str | None
    ) -> tuple[ContactCenterSetup, ContactCenterOrder]:
        await self.directory.require_active(session, customer_id, principal=principal)
        setup, order = await self.get(session, customer_id, principal=principal, for_update=True)
        if setup.state != "in_progress":
            raise SetupSubmitted(setup.state)  # R-CC-04: changes come before the submit
        check_version(if_match, setup.version, "contact-center setup")
        return setup, order

    async def save_calling(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        data: CallingUpdate,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> ContactCenterSetup:
        setup, _ = await self._editable(session, customer_id, principal=principal, if_match=if_match)
        address = rules.sip_address(data.sip_address)
        holder = await SetupRepository.unscoped(session).sip_address_holder(address)
        if holder is not None and holder != customer_id:
            raise SipAddressTaken(address)
        try:
            async with session.begin_nested():  # a racing setup took it since
                setup.sip_address = address
                await session.flush()
        except IntegrityError as exc:
            raise SipAddressTaken(address) from exc
        await self._saved(session, setup, "calling", {"sip_address": setup.sip_address}, principal)
        return setup

    async def save_settings(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        data: SettingsUpdate,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> ContactCenterSetup:
        setup, order = await self._editable(session, customer_id, principal=principal, if_match=if_match)
        await self._apply(session, setup, order, data)
        await session.flush()
        values = {k: getattr(setup, k) for k in ("country", "time_zone", "platform", "telephony")}
        await self._saved(session, setup, "settings", values, principal)
        return setup

    async def _apply(
        self, session: AsyncSession, setup: ContactCenterSetup, order: ContactCenterOrder, data: SettingsUpdate
    ) -> DataLocality:
        country = data.country or setup.country
        if setup.country_confirmed_at is not None and country != setup.country:
            raise CountryConfirmed(setup.country, country)  # R-CC-06: never changes once confirmed
        locality = await self.localities.locate(session, country)  # R-CC-05: refused without a compatible location
        rules.check_pstn_country(order.addons, country)
        if country != setup.country:
            setup.country = country
            rules.defaults_for(setup, locality, order.addons)
        else:
            rules.missing_defaults(setup, locality)  # a country the map did not know when the setup opened
        if data.time_zone is not None:
            rules.check_time_zone(data.time_zone, addons=order.addons, default=locality.default_time_zone)
            setup.time_zone = data.time_zone
        if data.platform is not None:
            rules.check_platform(data.platform, locality)
            if data.platform != setup.platform and not rules.pstn_addon(order.addons):
                setup.telephony = None  # the options depend on the platform (R-CC-09)
            setup.platform = data.platform
        if data.telephony is not None:
            rules.check_telephony(data.telephony, platform=setup.platform, locality=locality, addons=order.addons)
            setup.telephony = data.telephony
        return locality

    async def confirm_country(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        data: CountryConfirmation,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> ContactCenterSetup:
        """R-CC-06: the country of operation is confirmed explicitly, once; it fixes the data center (R-CC-05)."""
        await self.directory.require_active(session, customer_id, principal=principal)
        setup, order = await self.get(session, customer_id, principal=principal, for_update=True)
        if setup.country_confirmed_at is not None:
            if data.country != setup.country:
                raise CountryConfirmed(setup.country, data.country)  # R-CC-06
            return setup  # confirming the confirmed country again changes nothing
        if setup.state != "in_progress":
            raise SetupSubmitted(setup.state)
        check_version(if_match, setup.version, "contact-center setup")
        locality = await self._apply(session, setup, order, SettingsUpdate(country=data.country))
        setup.country_confirmed_at = self.clock.now()
        setup.country_confirmed_by = principal.client_id
        setup.data_center, setup.region = locality.data_center, locality.region  # R-CC-05: the map's data center
        await session.flush()
        await emit(
            session,
            ContactCenterCountryConfirmed(
                customer_id=setup.customer_id,
                tenant_path=setup.tenant_path,
                country=setup.country,
                data_center=locality.data_center,
                region=locality.region,
                confirmed_by=principal.client_id,
            ),
        )
        return setup

    async def _saved(
        self,
        session: AsyncSession,
        setup: ContactCenterSetup,
        step: str,
        values: dict[str, str | None],
        principal: Principal,
    ) -> None:
        await emit(
            session,
            ContactCenterSetupStepSaved(
                customer_id=setup.customer_id,
                tenant_path=setup.tenant_path,
                step=step,  # type: ignore[arg-type]
                values=values,
                saved_by=principal.client_id,
            ),
        )

    # --- what will be set up, review --------------------------------------------------------------------------

    async def what_will_be_set_up(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal
    ) -> WhatWillBeSetUpStep:
        setup, order = await self.get(session, customer_id, principal=principal)
        return await self._what(session, setup, order)

    async def _what(
        self, session: AsyncSession, setup: ContactCenterSetup, order: ContactCenterOrder
    ) -> WhatWillBeSetUpStep:
        settings = await self._settings(session, setup, order)
        where = settings.data_center or "(the country's data center)"
        licences = ", ".join(f"{n} {LICENCES.get(code, code).lower()}" for code, n in order.licences.items() if n)
        items = [
            SetUpItem(
                service="tenant",
                detail=f"A contact-center tenant in data center {where} (country of operation {setup.country})",
            ),
            SetUpItem(service="platform", detail=PLATFORMS.get(setup.platform or "", "platform not chosen yet")),
            SetUpItem(
                service="telephony",
                detail=TELEPHONY[setup.telephony].title if setup.telephony else "telephony option not chosen yet",
            ),
            SetUpItem(
                service="digital_channels",
                detail=f"Digital channels (connect and engage), time zone {setup.time_zone or 'not chosen yet'}",
            ),
            SetUpItem(service="administrator", detail=f"The first administrator {order.administrator_email}"),
            SetUpItem(service="licences", detail=licences),
        ]
        items += [SetUpItem(service=f"addon:{a}", detail=_ADDON_DETAIL.get(a, a)) for a in order.addons]
        calling = setup.sip_address is not None
        return WhatWillBeSetUpStep(items=items, complete=calling and settings.complete)

    async def review(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> ReviewStep:
        setup, order = await self.get(session, customer_id, principal=principal)
        gaps = rules.missing(setup)
        return ReviewStep(
            summary=self.summary(order),
            calling=await self._calling(session, setup),
            settings=await self._settings(session, setup, order),
            what_will_be_set_up=await self._what(session, setup, order),
            ready_to_submit=setup.state == "in_progress" and not gaps,
            missing=[Missing(**m) for m in gaps],
        )


_ADDON_DETAIL = {
    "cc_pstn": "Contact-center PSTN: the telephony option is selected automatically",
    "cc_ai": "Contact-center AI services",
}
