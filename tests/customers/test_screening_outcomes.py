"""What a partner sees of a screening review: its state and case id, never the reviewer's notes (R-RPL-03, R-RPL-04)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from devstack import testing
from devstack.services import Services
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")

LISTED_NAME = "Banco Nacional de Cuba"  # an SDN entity
NOTES = "Matches SDN entry 306; DOB and passport confirmed by the desk."


async def _flagged(partner: Caller) -> dict:
    created = await partner.create_customer(name=LISTED_NAME, billing_address=testing.address("CU", city="Havana"))
    return await partner.wait_for_state(created["id"], "pending_rpl_review")


async def test_a_rejected_customer_shows_a_neutral_reason_and_the_notes_stay_with_reviewers(
    services: Services, root: Caller, partner: Caller
) -> None:
    # R-RPL-04: a rejection stops onboarding in `error`; the partner learns only the neutral reason code.
    customer = await _flagged(partner)
    case_id = customer["screening"]["review_case_id"]
    rejected = await root.rpl.post(f"/v1/review-cases/{case_id}/reject", json={"reason": NOTES})
    assert rejected.status_code == 200, rejected.text

    failed = await partner.wait_for_state(customer["id"], "error")
    assert failed["error"] == {"reason": "rpl_rejected", "detail": "Onboarding stopped after restricted-party review."}
    # Neither service publishes the notes: webhooks are built from the customer events.
    for service in (services.customers, services.rpl_screening):
        async with service.runtime.sessionmaker() as session:
            leaked = await session.scalar(
                text("SELECT count(*) FROM outbox WHERE CAST(payload AS TEXT) LIKE :notes"), {"notes": "%passport%"}
            )
        assert leaked == 0, service.name
    # R-RPL-06: the reviewer's reason is recorded where reviewers, and only they, read it.
    case = (await root.rpl.get(f"/v1/review-cases/{case_id}")).json()
    assert case["decisions"][-1]["reason"] == NOTES
    assert (await partner.rpl.get(f"/v1/review-cases/{case_id}")).status_code in (403, 404)


async def test_an_approved_customer_keeps_its_review_case_id(root: Caller, partner: Caller) -> None:
    # R-RPL-04: approved within the window → provisioned; R-RPL-06: the case it was decided in stays traceable.
    customer = await _flagged(partner)
    case_id = customer["screening"]["review_case_id"]
    approved = await root.rpl.post(f"/v1/review-cases/{case_id}/approve", json={"reason": "Different entity."})
    assert approved.status_code == 200, approved.text

    provisioned = await partner.wait_for_state(customer["id"], "provisioned")
    assert provisioned["screening"] == {"status": "approved", "review_case_id": case_id}
