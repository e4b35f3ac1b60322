"""A provisioned customer in cc_setup alone (in process, rolled back), known from its customers-service events,
with the callers of contact-center setup: its partner's administrator, its own administrators and the root."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest_asyncio
from sqlalchemy import select

from cc_setup.administrator.consumers import handlers as administrator_handlers
from cc_setup.administrator.service import AdministratorService
from cc_setup.administrator.sync import RoleSync
from cc_setup.connect import SandboxConnect
from cc_setup.models import platform
from cc_setup.provisioner import SandboxProvisioner
from contracts.enums import Role
from contracts.envelope import Envelope, Event
from contracts.events import CustomerProvisioned
from devstack.in_process import InProcess, principal_below, root_principal
from servicekit import CustomerDirectory, ManualClock, Principal

TRIAL = {
    "country": "NO",
    "administrator_email": "kari.nordmann@fjord-logistics.example",
    "licences": {"standard_agent": 5, "supervisor": 1},
}
ORDER = {
    "order_reference": "SO-2026-004211",
    "country": "US",
    "administrator_email": "ops@hudson-bakery.example",
    "licences": {"standard_agent": 25, "premium_agent": 5, "supervisor": 3},
}


@dataclass
class CcWorld:
    api: InProcess
    partner: Principal
    customer: Principal  # the customer's own full administrator
    cc_admin: Principal  # the customer's contact-center administrator
    readonly: Principal  # the customer's read-only administrator

    @property
    def customer_id(self) -> uuid.UUID:
        return self.customer.customer_id

    @property
    def base(self) -> str:
        return f"/v1/customers/{self.customer_id}/contact-center"

    @property
    def clock(self) -> ManualClock:
        clock = self.api.runtime.clock
        assert isinstance(clock, ManualClock)
        return clock

    @property
    def sandbox(self) -> SandboxProvisioner:
        return self.api.runtime.component(SandboxProvisioner)

    def client(self, principal: Principal | None = None) -> httpx.AsyncClient:
        return self.api.client(principal or self.partner)

    def tenancy(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "parent_id": self.partner.customer_id,
            "tenant_path": self.customer.tenant_path,
        }

    @property
    def connect(self) -> SandboxConnect:
        return self.api.runtime.component(SandboxConnect)

    async def deliver(self, event: Event) -> None:
        """Apply one customers-service event as cc_setup's consumer does."""
        envelope = Envelope.wrap(event, source="/services/customers")
        runtime = self.api.runtime
        administrators = administrator_handlers(runtime.component(AdministratorService), runtime.component(RoleSync))
        async with self.api.session() as session, session.begin():
            for handlers in (administrators, runtime.component(CustomerDirectory).handlers()):
                if handlers.handles(envelope.type):
                    await handlers.apply(session, envelope)
                    return
            raise AssertionError(f"cc_setup does not hear {envelope.type}")

    async def events(self, event_type: str) -> list[dict[str, Any]]:
        """The data of every event of this type the customer's changes put in cc_setup's outbox."""
        outbox = platform.outbox
        async with self.api.session() as session:
            rows = await session.execute(
                select(outbox.c.payload, outbox.c.topic)
                .where(outbox.c.key == str(self.customer_id))
                .order_by(outbox.c.id)
            )
            found = [(p, topic) for (p, topic) in rows if p["type"] == event_type]
        assert all(topic == "cc_setup.contact_center.v1" for _, topic in found)
        return [p["data"] for p, _ in found]

    async def start_trial(self, principal: Principal | None = None, **overrides: Any) -> dict[str, Any]:
        answer = await self.client(principal).post(f"{self.base}/trials", json=TRIAL | overrides)
        assert answer.status_code == 201, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def map_order(self, principal: Principal | None = None, **overrides: Any) -> dict[str, Any]:
        answer = await self.client(principal).post(f"{self.base}/subscription-orders", json=ORDER | overrides)
        assert answer.status_code == 201, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def put_settings(self, principal: Principal | None = None, **fields: Any) -> httpx.Response:
        return await self.client(principal).put(f"{self.base}/setup/settings", json=fields)

    async def confirm(self, country: str, principal: Principal | None = None) -> httpx.Response:
        return await self.client(principal).post(f"{self.base}/setup/country-confirmation", json={"country": country})

    async def ready(
        self, sip_address: str = "fjord@cc.example", principal: Principal | None = None, **settings: Any
    ) -> None:
        """Every step saved, the order's country confirmed: ready to submit."""
        client = self.client(principal)
        calling = await client.put(f"{self.base}/setup/calling", json={"sip_address": sip_address})
        assert calling.status_code == 200, calling.text
        current = (await client.get(f"{self.base}/setup/settings")).json()
        confirmed = await self.confirm(current["country"], principal)
        assert confirmed.status_code == 200, confirmed.text
        choices = confirmed.json()
        wanted = {"platform": choices["platform"] or choices["platform_choices"][0]} | settings
        saved = await self.put_settings(principal, **wanted)
        assert saved.status_code == 200, saved.text
        if saved.json()["telephony"] is None:
            saved = await self.put_settings(principal, telephony=saved.json()["telephony_choices"][0]["code"])
            assert saved.status_code == 200, saved.text

    async def submit(
        self, principal: Principal | None = None, *, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        return await self.client(principal).post(f"{self.base}/setup/submission", headers=headers or {})

    async def job(self, job_id: str, **params: Any) -> dict[str, Any]:
        answer = await self.client().get(f"{self.base}/provisioning-jobs/{job_id}", params=params)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def minutes_pass(self, minutes: float = 1) -> int:
        """Move the clock and fire the timers due by then, as the worker would."""
        self.clock.advance(timedelta(minutes=minutes))
        return await self.api.runtime.timers.fire_due()

    async def until_done(self, job_id: str, *, limit: int = 40) -> dict[str, Any]:
        for _ in range(limit):
            job = await self.job(job_id)
            if job["state"] != "in_progress":
                return job
            await self.minutes_pass(1)
        raise AssertionError(f"job {job_id} still in progress after {limit} minutes")


async def new_world(api: InProcess, *, country: str = "NO", name: str = "Fjord Logistics AS") -> CcWorld:
    partner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    customer = principal_below(partner, Role.CUSTOMER_FULL_ADMIN)
    same = {"customer_id": customer.customer_id}
    world = CcWorld(
        api,
        partner,
        customer,
        principal_below(partner, Role.CUSTOMER_CC_ADMIN, **same),
        principal_below(partner, Role.CUSTOMER_READONLY_ADMIN, **same),
    )
    await world.deliver(
        CustomerProvisioned(**world.tenancy(), name=name, country=country, contact_email="it@fjord.example")
    )
    return world


@pytest_asyncio.fixture(loop_scope="session")
async def cc_api(in_process: Callable[[str], Awaitable[InProcess]]) -> InProcess:
    return await in_process("cc_setup")


@pytest_asyncio.fixture(loop_scope="session")
async def cc(cc_api: InProcess) -> CcWorld:
    return await new_world(cc_api)
