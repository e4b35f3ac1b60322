"""A screening request is answered once per ref: asked twice, the customer is screened once and told again."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from customers.models import ROOT_CUSTOMER_ID, child_path
from devstack import testing
from devstack.services import Services
from devstack.testing import Caller
from rpl_screening.models import ReviewCase, Screening, platform
from rpl_screening.screening.service import ScreeningService

pytestmark = pytest.mark.asyncio(loop_scope="session")

LISTED_NAME = "Banco Nacional de Cuba"  # an SDN entity


async def _request(services: Services, ref: uuid.UUID, customer_id: uuid.UUID, name: str, trigger: str) -> None:
    runtime = services.rpl_screening.runtime
    screenings = runtime.component(ScreeningService)
    address = testing.address("CU", city="Havana") if name == LISTED_NAME else testing.address()
    async with runtime.sessionmaker.begin() as session:
        await screenings.screen_customer(
            session,
            customer_id=customer_id,
            tenant_path=child_path(f"/{ROOT_CUSTOMER_ID.hex}/", customer_id),
            screening_ref=ref,
            name=name,
            address=address,
            trigger=trigger,
        )


async def _outcomes(services: Services, ref: uuid.UUID, customer_id: uuid.UUID) -> list[dict[str, Any]]:
    outbox = platform.outbox
    async with services.rpl_screening.runtime.sessionmaker() as session:
        stmt = select(outbox.c.payload).where(outbox.c.key == str(customer_id)).order_by(outbox.c.id)
        rows = (await session.scalars(stmt)).all()
    return [p for p in rows if p["data"].get("screening_ref") == str(ref)]


async def _count(services: Services, model: type[Screening] | type[ReviewCase], ref: uuid.UUID) -> int:
    async with services.rpl_screening.runtime.sessionmaker() as session:
        count = await session.scalar(select(func.count()).where(model.screening_ref == ref).select_from(model))
    return int(count or 0)


async def test_a_customer_created_twice_and_asked_again_is_screened_once_and_told_each_time(
    services: Services,
) -> None:
    # R-RPL-01: one screening per request; R-RPL-02: the clear outcome is published for every ask.
    ref, customer_id = uuid.uuid4(), uuid.uuid4()
    await _request(services, ref, customer_id, testing.CLEAN_NAME, "customer.created.v1")
    await _request(services, ref, customer_id, testing.CLEAN_NAME, "customer.created.v1")  # a duplicate publish
    await _request(services, ref, customer_id, testing.CLEAN_NAME, "customer.screening_requested.v1")

    assert await _count(services, Screening, ref) == 1
    outcomes = await _outcomes(services, ref, customer_id)
    assert [o["type"] for o in outcomes] == ["screening.cleared.v1"] * 3
    assert len({o["data"]["screening_id"] for o in outcomes}) == 1


async def test_a_flagged_customer_asked_again_gets_its_open_case_not_a_second_one(services: Services) -> None:
    # R-RPL-03: the possible match waits for a reviewer in one case, whatever the number of asks.
    ref, customer_id = uuid.uuid4(), uuid.uuid4()
    await _request(services, ref, customer_id, LISTED_NAME, "customer.created.v1")
    await _request(services, ref, customer_id, LISTED_NAME, "customer.screening_requested.v1")

    assert await _count(services, Screening, ref) == 1
    assert await _count(services, ReviewCase, ref) == 1
    outcomes = await _outcomes(services, ref, customer_id)
    assert [o["type"] for o in outcomes] == ["screening.flagged.v1"] * 2
    first, again = (o["data"] for o in outcomes)
    assert again["review_case_id"] == first["review_case_id"]
    assert again["review_deadline"] == first["review_deadline"]
    assert again["matches"] == first["matches"]


async def test_a_decided_case_asked_again_answers_with_its_decision(services: Services, root: Caller) -> None:
    # R-RPL-04: the reviewer's approval is the answer; asking again does not reopen the review.
    ref, customer_id = uuid.uuid4(), uuid.uuid4()
    await _request(services, ref, customer_id, LISTED_NAME, "customer.created.v1")
    case_id = (await _outcomes(services, ref, customer_id))[0]["data"]["review_case_id"]
    approved = await root.rpl.post(f"/v1/review-cases/{case_id}/approve", json={"reason": "Different entity."})
    assert approved.status_code == 200, approved.text

    await _request(services, ref, customer_id, LISTED_NAME, "customer.screening_requested.v1")

    assert await _count(services, ReviewCase, ref) == 1
    last = (await _outcomes(services, ref, customer_id))[-1]
    assert last["type"] == "screening.review_approved.v1"
    assert last["data"]["review_case_id"] == case_id
    assert (await root.rpl.get(f"/v1/review-cases/{case_id}")).json()["state"] == "approved"
