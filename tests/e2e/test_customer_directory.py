"""Downstream services hear of every lifecycle change of a customer over the real broker."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def state_downstream(service: httpx.AsyncClient, customer_id: str, expected: str) -> str:
    """The customer's state as the service knows it, once it shows `expected` or after ~10 s."""
    state = "unknown"
    for _ in range(100):
        response = await service.get(f"/v1/customers/{customer_id}")
        if response.status_code == 200:
            state = response.json()["state"]
            if state == expected:
                break
        await asyncio.sleep(0.1)
    return state


async def test_suspend_resume_and_cancel_reach_pstn_orders_and_cc_setup(partner: Caller) -> None:
    created = await partner.create_customer()
    customer_id = created["id"]
    await partner.wait_for_state(customer_id, "provisioned")

    suspended = await partner.customers.post(f"/v1/customers/{customer_id}/suspend", json={"reason": "unpaid"})
    assert suspended.status_code == 200, suspended.text
    for downstream in (partner.pstn, partner.cc):
        assert await state_downstream(downstream, customer_id, "suspended") == "suspended"

    resumed = await partner.customers.post(f"/v1/customers/{customer_id}/resume")
    assert resumed.status_code == 200, resumed.text
    for downstream in (partner.pstn, partner.cc):
        assert await state_downstream(downstream, customer_id, "provisioned") == "provisioned"

    cancelled = await partner.customers.post(f"/v1/customers/{customer_id}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    for downstream in (partner.pstn, partner.cc):
        assert await state_downstream(downstream, customer_id, "cancelled") == "cancelled"
