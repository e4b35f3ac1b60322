"""The carrier contract: sent once, by email with a link naming it, on the customer's first order (R-PSTN-34);
signed only by a full administrator of the customer, partners told the customer must sign (R-PSTN-12)."""

from __future__ import annotations

import asyncio
import re
import uuid
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from contracts.enums import Role
from devstack import testing
from devstack.in_process import InProcess, principal_below
from devstack.services import Services
from devstack.testing import Caller
from pstn_orders.contract.service import CONTRACT_EMAIL_TIMER, ContractService
from pstn_orders.models import platform

from .conftest import SetupWorld, new_world

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def send(api: InProcess, customer_id: uuid.UUID) -> uuid.UUID:
    """What an order does on a customer's first PSTN order."""
    contracts = api.runtime.component(ContractService)
    async with api.session() as session, session.begin():
        contract = await contracts.ensure_sent(session, customer_id)
        return contract.id


async def test_only_a_full_administrator_of_the_customer_signs_partners_see_the_customer_must(
    world: SetupWorld,
) -> None:
    """R-PSTN-12: partners see that the customer must sign; only a customer administrator can accept."""
    contract_id = await send(world.api, world.customer_id)

    seen = await world.client().get(f"{world.base}/pstn-contract")
    by_partner = await world.client().post(f"/v1/pstn-contracts/{contract_id}/signature", json={"signer_name": "P"})
    reader = principal_below(world.partner, Role.CUSTOMER_READONLY_ADMIN, customer_id=world.customer_id)
    by_reader = await world.client(reader).post(
        f"/v1/pstn-contracts/{contract_id}/signature", json={"signer_name": "R"}
    )

    assert seen.status_code == 200, seen.text
    assert seen.json()["state"] == "sent"
    assert seen.json()["next_step"].startswith("The customer must sign")
    assert by_partner.status_code == 403, by_partner.text
    assert by_partner.json()["type"].endswith("/customer-must-sign")
    assert by_partner.json()["rule"] == "R-PSTN-12"
    assert by_reader.status_code == 403
    assert await world.events("pstn.contract_signed.v1") == []

    own = await world.client(world.customer).get(f"/v1/pstn-contracts/{contract_id}")
    assert own.json()["next_step"].startswith("Sign it")
    signed = await world.client(world.customer).post(
        f"/v1/pstn-contracts/{contract_id}/signature", json={"signer_name": "Ada Lovelace"}
    )
    twice = await world.client(world.customer).post(
        f"/v1/pstn-contracts/{contract_id}/signature", json={"signer_name": "Someone Else"}
    )

    assert signed.status_code == 200, signed.text
    assert signed.json()["state"] == "signed"
    assert signed.json()["next_step"] is None
    assert twice.json()["signer_name"] == "Ada Lovelace"
    [event] = await world.events("pstn.contract_signed.v1")
    assert event["contract_id"] == str(contract_id)
    contracts = world.api.runtime.component(ContractService)
    async with world.api.session() as session:
        assert await contracts.is_signed(session, world.customer_id)


async def test_another_customers_administrator_cannot_sign_or_see_the_contract(world: SetupWorld) -> None:
    """R-PSTN-12: a full administrator of another customer is not this customer's administrator."""
    contract_id = await send(world.api, world.customer_id)
    other = await new_world(world.api)

    signed = await world.client(other.customer).post(
        f"/v1/pstn-contracts/{contract_id}/signature", json={"signer_name": "Mallory"}
    )

    assert signed.status_code == 404, signed.text
    assert (await world.client(other.customer).get(f"/v1/pstn-contracts/{contract_id}")).status_code == 404


async def test_the_contract_is_sent_once_however_many_orders_ask(world: SetupWorld) -> None:
    """R-PSTN-34: the first PSTN order sends it; later orders find it sent. A trial signs the carrier terms."""
    first, second = await send(world.api, world.customer_id), await send(world.api, world.customer_id)
    trial = await new_world(world.api, subscription="trial")
    await send(world.api, trial.customer_id)

    assert first == second
    [sent] = await world.events("pstn.contract_sent.v1")
    assert sent["kind"] == "contract"
    assert sent["sent_to"] == "it@hudson-bakery.example"
    assert sent["link"].endswith(f"/v1/pstn-contracts/{first}")
    [trial_sent] = await trial.events("pstn.contract_sent.v1")
    assert trial_sent["kind"] == "terms"


async def test_no_contract_before_the_first_order(world: SetupWorld) -> None:
    missing = await world.client().get(f"{world.base}/pstn-contract")

    assert missing.status_code == 404, missing.text


async def test_the_contract_email_links_to_the_contract_the_customer_administrator_signs(
    services: Services, partner: Caller, root: Caller
) -> None:
    """R-PSTN-34: emailed over SMTP to the customer's contact, once, with a link naming the contract; R-PSTN-12."""
    customer = await testing.calling_customer(services, partner, root)
    contracts = services.pstn_orders.runtime.component(ContractService)
    sent = set()
    for _ in range(2):  # two orders
        async with services.pstn_orders.runtime.sessionmaker.begin() as session:
            sent.add((await contracts.ensure_sent(session, customer.customer_id)).id)
    [contract_id] = sent

    message = await email_about(services, contract_id)
    assert message["To"] == "it@hudson-valley-bakery.example"
    link = re.search(r"(http://\S+/v1/pstn-contracts/([0-9a-f-]{36}))", message.get_content())
    assert link is not None, message.get_content()
    url, linked = link.groups()
    assert linked == str(contract_id)
    assert url.startswith(services.pstn_orders.url)
    page = await customer.admin.pstn.get(url)
    assert page.status_code == 200, page.text
    signed = await customer.admin.pstn.post(f"{url}/signature", json={"signer_name": "Ada Lovelace"})
    assert signed.status_code == 200, signed.text
    assert signed.json()["state"] == "signed"
    timers = platform.timers
    async with services.pstn_orders.runtime.sessionmaker() as session:
        emails = (
            await session.execute(
                select(timers.c.fired_at).where(timers.c.kind == CONTRACT_EMAIL_TIMER, timers.c.key == str(contract_id))
            )
        ).all()
    assert len(emails) == 1  # one email, however many orders asked
    assert emails[0].fired_at is not None
    await customer.admin.aclose()


async def email_about(services: Services, contract_id: uuid.UUID, within: float = 15.0) -> EmailMessage:
    assert services.mail is not None
    for _ in range(int(within / 0.1)):
        found = [m for m in services.mail.messages if m["X-Pstn-Contract-Id"] == str(contract_id)]
        if found:
            assert len(found) == 1
            return found[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f"no email about contract {contract_id} within {within}s")
