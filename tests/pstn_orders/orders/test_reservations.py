"""Reservations: found numbers held for the customer for a while (30 minutes by default), extended or released;
a reserved number is nobody else's."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import httpx
import pytest

from contracts.enums import Role
from contracts.events import CustomerProvisioned
from devstack.in_process import principal_below
from pstn_orders.reservation.service import ReservationService
from tests.pstn_orders.conftest import NumbersWorld
from tests.pstn_orders.orders.conftest import found_numbers

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def reserve(world: NumbersWorld, numbers: list[str], client: httpx.AsyncClient | None = None) -> httpx.Response:
    client = client or world.client()
    return await client.post(
        f"/v1/customers/{world.customer_id}/reservations",
        json={"numbers": numbers},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )


async def test_reserved_numbers_are_held_for_30_minutes_then_extended_and_released(paid: NumbersWorld) -> None:
    numbers = await found_numbers(paid.client(), paid.customer_id, state="NY", quantity=2)
    made = await reserve(paid, numbers)
    assert made.status_code == 201, made.text
    reservation = made.json()
    assert sorted(reservation["numbers"]) == sorted(numbers)
    assert reservation["state"] == "held"
    now = paid.api.runtime.clock.now()
    held_until = datetime.fromisoformat(reservation["expires_at"])
    assert timedelta(minutes=29) < held_until - now <= timedelta(minutes=30)

    path = f"/v1/customers/{paid.customer_id}/reservations/{reservation['id']}"
    stale = await paid.client().post(f"{path}/extension", headers={"If-Match": '"99"'})
    assert stale.status_code == 412, stale.text
    extended = await paid.client().post(f"{path}/extension", headers={"If-Match": made.headers["ETag"]})
    assert extended.status_code == 200, extended.text
    assert datetime.fromisoformat(extended.json()["expires_at"]) >= held_until

    released = await paid.client().delete(path)
    assert released.status_code == 200, released.text
    assert released.json()["state"] == "released"
    again = await paid.client().post(f"{path}/extension")
    assert again.status_code == 409, again.text
    states = [e["state"] for e in await paid.events("pstn.number_reservation_changed.v1")]
    assert states == ["held", "held", "released"]


async def test_a_reserved_number_is_nobody_elses(paid: NumbersWorld) -> None:
    numbers = await found_numbers(paid.client(), paid.customer_id, state="NY", quantity=1)
    assert (await reserve(paid, numbers)).status_code == 201
    other = principal_below(paid.partner, Role.CUSTOMER_FULL_ADMIN)
    await paid.deliver(
        CustomerProvisioned(
            customer_id=other.customer_id,
            parent_id=paid.partner.customer_id,
            tenant_path=other.tenant_path,
            name="Other Customer Inc",
            country="US",
        )
    )
    taken = await paid.client().post(
        f"/v1/customers/{other.customer_id}/reservations",
        json={"numbers": numbers},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert taken.status_code == 409, taken.text
    assert taken.json()["numbers"] == numbers


async def test_a_toll_free_or_malformed_number_cannot_be_reserved(paid: NumbersWorld) -> None:
    # R-PSTN-05: toll-free refused everywhere
    toll_free = await reserve(paid, ["+18005550123"])
    assert toll_free.status_code == 422, toll_free.text
    assert toll_free.json()["rule"] == "R-PSTN-05"
    malformed = await reserve(paid, ["212-555"])
    assert malformed.status_code == 422, malformed.text
    assert malformed.json()["invalid_params"][0]["name"] == "numbers[0]"
    assert await paid.events("pstn.number_reservation_changed.v1") == []


async def test_a_lapsed_reservation_expires_and_cannot_be_extended(paid: NumbersWorld) -> None:
    numbers = await found_numbers(paid.client(), paid.customer_id, state="NY", quantity=1)
    reservation = (await reserve(paid, numbers)).json()
    service = paid.api.runtime.component(ReservationService)
    async with paid.api.session() as session, session.begin():
        row = await service.get(session, paid.customer_id, uuid.UUID(reservation["id"]), principal=paid.partner)
        row.expires_at = paid.api.runtime.clock.now() - timedelta(seconds=1)  # as if 30 minutes had passed
    path = f"/v1/customers/{paid.customer_id}/reservations/{reservation['id']}"
    lapsed = await paid.client().post(f"{path}/extension")
    assert lapsed.status_code == 409, lapsed.text
    assert lapsed.json()["state"] == "expired"
