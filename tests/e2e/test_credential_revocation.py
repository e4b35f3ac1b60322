"""A revoked client, or a suspended or cancelled organisation, is refused by every service at once, not when its
token expires: customers checks its own tables, the others hear it over the real broker."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from devstack import testing
from devstack.services import Services
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


def _reads(caller: Caller) -> list[tuple[str, object, str]]:
    """One authenticated read on each of the four services."""
    customer = f"/v1/customers/{caller.customer_id}"
    return [
        ("customers", caller.customers, customer),
        ("rpl_screening", caller.rpl, "/v1/screenings"),
        ("pstn_orders", caller.pstn, customer),
        ("cc_setup", caller.cc, customer),
    ]


async def _answers(caller: Caller) -> dict[str, tuple[int, str]]:
    answers = {}
    for name, http, path in _reads(caller):
        response = await http.get(path)  # type: ignore[attr-defined]
        problem = response.json().get("type", "") if response.status_code == 401 else ""
        answers[name] = (response.status_code, problem.rsplit("/", 1)[-1])
    return answers


async def _all_refused(caller: Caller, problem: str, *, within: float) -> dict[str, tuple[int, str]]:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        answers = await _answers(caller)
        if all(answer == (401, problem) for answer in answers.values()):
            return answers
        if asyncio.get_running_loop().time() > deadline:
            return answers
        await asyncio.sleep(0.05)


async def _all_accepted(caller: Caller, *, within: float) -> dict[str, tuple[int, str]]:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        answers = await _answers(caller)
        if all(status != 401 for status, _ in answers.values()) or asyncio.get_running_loop().time() > deadline:
            return answers
        await asyncio.sleep(0.05)


async def _client_of(services: Services, manager: Caller, customer_id: str, role: str) -> Caller:
    created = await manager.customers.post(
        f"/v1/customers/{customer_id}/api-clients", json={"name": "OSS", "roles": [role]}
    )
    assert created.status_code == 201, created.text
    client = created.json()
    return await testing.caller(services, client["client_id"], client["client_secret"], uuid.UUID(customer_id))


async def _provisioned_customer(services: Services, partner: Caller) -> Caller:
    created = await partner.create_customer()
    await partner.wait_for_state(created["id"], "provisioned")
    customer = await _client_of(services, partner, created["id"], "customer_full_admin")
    # The downstream directories know it before the test starts refusing anything.
    for http in (customer.pstn, customer.cc):
        for _ in range(100):
            if (await http.get(f"/v1/customers/{created['id']}")).status_code == 200:
                break
            await asyncio.sleep(0.1)
    return customer


async def test_a_revoked_clients_token_is_refused_on_every_service_within_a_second(
    services: Services, partner: Caller
) -> None:
    oss = await _client_of(services, partner, str(partner.customer_id), "partner_admin")
    try:
        assert all(status != 401 for status, _ in (await _all_accepted(oss, within=10)).values())

        revoked = await partner.customers.delete(f"/v1/customers/{partner.customer_id}/api-clients/{oss.client_id}")
        assert revoked.status_code == 204, revoked.text

        answers = await _all_refused(oss, "token-revoked", within=1.0)
        assert answers == {name: (401, "token-revoked") for name in answers}
        # The partner's other client is not touched.
        assert all(status != 401 for status, _ in (await _answers(partner)).values())
    finally:
        await oss.aclose()


async def test_a_suspended_organisation_is_refused_everywhere_until_resumed_and_a_cancelled_one_for_good(
    services: Services, partner: Caller
) -> None:
    customer = await _provisioned_customer(services, partner)
    try:
        assert all(status != 401 for status, _ in (await _all_accepted(customer, within=10)).values())

        suspended = await partner.customers.post(f"/v1/customers/{customer.customer_id}/suspend", json={})
        assert suspended.status_code == 200, suspended.text
        answers = await _all_refused(customer, "organisation-suspended", within=1.0)
        assert answers == {name: (401, "organisation-suspended") for name in answers}

        resumed = await partner.customers.post(f"/v1/customers/{customer.customer_id}/resume")
        assert resumed.status_code == 200, resumed.text
        answers = await _all_accepted(customer, within=1.0)
        assert all(status != 401 for status, _ in answers.values()), answers

        cancelled = await partner.customers.post(f"/v1/customers/{customer.customer_id}/cancel")
        assert cancelled.status_code == 200, cancelled.text
        answers = await _all_refused(customer, "organisation-closed", within=1.0)
        assert answers == {name: (401, "organisation-closed") for name in answers}
    finally:
        await customer.aclose()
