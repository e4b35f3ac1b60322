"""No onboarding waits forever on a lost screening: customers asks again, gives up, and a partner re-runs it.

How a request is lost here: rpl_screening fails on every request for one customer (its screening raises), so
the consumer retries the message and then parks it, which is how the platform drops a message it cannot
apply. Nothing answers customers, as when the broker lost the event or rpl_screening was down past its
retention. Restoring the screening models rpl_screening back in service; the parked messages stay parked.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from customers.customer.onboarding import OnboardingService
from devstack import testing
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller
from rpl_screening.models import platform as rpl_platform
from rpl_screening.screening.service import ScreeningService

pytestmark = pytest.mark.asyncio(loop_scope="session")

LISTED_NAME = "Banco Nacional de Cuba"  # an SDN entity


@contextlib.contextmanager
def screening_fails_for(services: Services, name: str) -> Iterator[list[str]]:
    """rpl_screening cannot screen customers of this name until the block ends; yields the failed triggers."""
    screenings = services.rpl_screening.runtime.component(ScreeningService)
    real = screenings.screen_customer
    failed: list[str] = []

    async def failing(session: Any, **request: Any) -> Any:
        if request["name"] == name:
            failed.append(request["trigger"])
            raise ConnectionError("the restricted-party screening is unavailable")
        return await real(session, **request)

    screenings.screen_customer = failing  # type: ignore[method-assign]
    try:
        yield failed
    finally:
        del screenings.screen_customer  # the class's method again


async def parked(services: Services, customer_id: str, event_type: str, *, count: int = 1) -> None:
    """Until rpl_screening has parked `count` messages of that type for the customer: they are lost."""
    table = rpl_platform.parked_messages
    for _ in range(300):
        async with services.rpl_screening.runtime.sessionmaker() as session:
            values = (await session.scalars(select(table.c.value).where(table.c.key == customer_id))).all()
        if sum(f'"type":"{event_type}"' in v.replace(" ", "") for v in values) >= count:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"no parked {event_type} for {customer_id}")


async def screenings_of(root: Caller, customer_id: str) -> list[dict[str, Any]]:
    response = await root.rpl.get("/v1/screenings", params={"customer_id": customer_id})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def onboarding(event_types: list[str]) -> list[str]:
    """The onboarding saga's events among a customer's events (its ledger and tariff events aside)."""
    saga = ("created", "screening_requested", "review_pending", "provisioned", "failed")
    return [t for t in event_types if t.removeprefix("customer.").removesuffix(".v1") in saga]


async def past_deadline(services: Services, attempt: int) -> None:
    """Move time past the wait of the given try and fire what fell due (the runner would, a moment later)."""
    step = services.customers.runtime.component(OnboardingService).screening
    services.clock.advance(step.wait(attempt) + timedelta(seconds=1))
    await services.customers.runtime.timers.fire_due()


async def test_a_lost_screening_request_is_asked_again_and_the_customer_is_provisioned(
    services: Services, root: Caller, partner: Caller, stack: Stack
) -> None:
    name = "Fjordline Bakery Supplies Tromso"
    with screening_fails_for(services, name):
        created = await partner.create_customer(name=name)
        await parked(services, created["id"], "customer.created.v1")
    assert (await partner.customers.get(f"/v1/customers/{created['id']}")).json()["state"] == "provisioning"

    await past_deadline(services, 1)

    customer = await partner.wait_for_state(created["id"], "provisioned")
    assert customer["screening"]["status"] == "cleared"
    screenings = await screenings_of(root, created["id"])
    assert [s["trigger"] for s in screenings] == ["customer.screening_requested.v1"], "screened once, when asked"
    seen = await testing.customer_event_types(stack, created["id"], until="customer.provisioned.v1")
    assert onboarding(seen) == ["customer.created.v1", "customer.screening_requested.v1", "customer.provisioned.v1"]


async def test_screening_that_never_answers_stops_onboarding_and_a_rerun_completes_it(
    services: Services, root: Caller, partner: Caller, stack: Stack
) -> None:
    # R-CUST-11: the partner re-runs a stranded onboarding once screening is back.
    name = "Fjordline Bakery Supplies Bodo"
    tries = services.customers.runtime.component(OnboardingService).screening.tries
    with screening_fails_for(services, name) as failed:
        created = await partner.create_customer(name=name)
        early = await partner.customers.post(f"/v1/customers/{created['id']}/provisioning-runs")
        assert early.status_code == 409, early.text
        assert early.json()["type"].endswith("/screening-under-way")
        assert "rerun_after" in early.json()

        for attempt in range(1, tries + 1):
            await past_deadline(services, attempt)

        failed_customer = await partner.wait_for_state(created["id"], "error")
        await parked(services, created["id"], "customer.screening_requested.v1", count=tries - 1)
    assert failed.count("customer.screening_requested.v1") >= tries - 1
    assert failed_customer["error"]["reason"] == "screening_unavailable"
    assert "did not answer in time" in failed_customer["error"]["detail"]
    assert "provisioning-runs" in failed_customer["error"]["detail"]
    seen = await testing.customer_event_types(stack, created["id"], until="customer.failed.v1")
    asked_again = ["customer.screening_requested.v1"] * (tries - 1)
    assert onboarding(seen) == ["customer.created.v1", *asked_again, "customer.failed.v1"]
    assert await screenings_of(root, created["id"]) == []

    run = await partner.customers.post(f"/v1/customers/{created['id']}/provisioning-runs")

    assert run.status_code == 202, run.text
    assert run.json()["state"] == "provisioning"
    uuid.UUID(run.json()["run_id"])
    customer = await partner.wait_for_state(created["id"], "provisioned")
    assert customer["error"] is None
    assert len(await screenings_of(root, created["id"])) == 1


async def test_a_customer_late_past_its_first_deadline_can_be_rerun(
    services: Services, root: Caller, partner: Caller
) -> None:
    # R-CUST-11
    name = "Fjordline Bakery Supplies Alta"
    with screening_fails_for(services, name):
        created = await partner.create_customer(name=name)
        await past_deadline(services, 1)  # asked again, lost again
        await parked(services, created["id"], "customer.screening_requested.v1")

    run = await partner.customers.post(f"/v1/customers/{created['id']}/provisioning-runs")

    assert run.status_code == 202, run.text
    await partner.wait_for_state(created["id"], "provisioned")
    assert len(await screenings_of(root, created["id"])) == 1


async def test_a_customer_held_or_stopped_by_review_cannot_be_rerun(root: Caller, partner: Caller) -> None:
    # R-RPL-03: held for review, nothing to re-run; R-RPL-04: rejected, onboarding stays stopped.
    created = await partner.create_customer(name=LISTED_NAME, billing_address=testing.address("CU", city="Havana"))
    held = await partner.wait_for_state(created["id"], "pending_rpl_review")

    pending = await partner.customers.post(f"/v1/customers/{created['id']}/provisioning-runs")
    assert pending.status_code == 409
    assert pending.json()["type"].endswith("/customer-pending-review")
    assert pending.json()["review_case_id"] == held["screening"]["review_case_id"]

    case_id = held["screening"]["review_case_id"]
    rejected = await root.rpl.post(f"/v1/review-cases/{case_id}/reject", json={"reason": "Confirmed listed party."})
    assert rejected.status_code == 200, rejected.text
    await partner.wait_for_state(created["id"], "error")

    stopped = await partner.customers.post(f"/v1/customers/{created['id']}/provisioning-runs")
    assert stopped.status_code == 409
    assert stopped.json()["type"].endswith("/onboarding-stopped")
    assert stopped.json()["reason"] == "rpl_rejected"
