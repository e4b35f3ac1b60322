"""The contact center once set up: its platform details (R-CC-12) and its chat services (R-CC-15)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.provisioner import ProvisionerUnavailable, StepRejected, TenantProvisioner
from cc_setup.setup.models import ContactCenterSetup
from cc_setup.setup.service import SetupService
from cc_setup.tenant.errors import NotTheCustomersAdministrator, SetupNotCompleted
from contracts.events import ContactCenterChatServicesSetUp
from servicekit import Clock, CustomerDirectory, Principal, ServiceUnavailable, Unprocessable, emit


class ContactCenterService:
    def __init__(
        self, *, directory: CustomerDirectory, setups: SetupService, provisioner: TenantProvisioner, clock: Clock
    ) -> None:
        self.directory = directory
        self.setups = setups
        self.provisioner = provisioner
        self.clock = clock

    async def settings(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, for_update: bool = False
    ) -> ContactCenterSetup:
        setup, _ = await self.setups.get(session, customer_id, principal=principal, for_update=for_update)
        if setup.state != "active":
            raise SetupNotCompleted(setup.state)  # R-CC-12: readable after setup
        return setup

    async def set_up_chat_services(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal
    ) -> ContactCenterSetup:
        """R-CC-15: a customer administrator sets up chat services on the active tenant; a repeat changes nothing."""
        if principal.customer_id != customer_id:
            raise NotTheCustomersAdministrator()  # R-CC-15: not a partner's administrator
        await self.directory.require_active(session, customer_id, principal=principal)
        setup = await self.settings(session, customer_id, principal=principal, for_update=True)
        if setup.chat_services_set_up_at is not None:
            return setup
        assert setup.tenant_id is not None
        try:
            await self.provisioner.set_up_chat_services(setup.tenant_id, key=str(customer_id))
        except ProvisionerUnavailable as exc:
            raise ServiceUnavailable(f"The contact-center platform did not answer: {exc}; try again.") from exc
        except StepRejected as exc:
            raise Unprocessable(f"The contact-center platform refused chat services: {exc.reason}") from exc
        setup.chat_services_set_up_at, setup.chat_services_set_up_by = self.clock.now(), principal.client_id
        await session.flush()
        await emit(
            session,
            ContactCenterChatServicesSetUp(
                customer_id=setup.customer_id,
                tenant_path=setup.tenant_path,
                tenant_id=setup.tenant_id,
                set_up_by=principal.client_id,
            ),
        )
        return setup
