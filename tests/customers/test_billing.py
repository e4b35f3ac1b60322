"""Tariffs, balances and the ledger (R-HIER-05..08): money is exact, every change is an entry, none is lost."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from customers.models import Customer
from devstack import testing
from devstack.services import Services
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_customer_cannot_be_created_without_a_tariff(services: Services) -> None:
    # R-HIER-05: a partner with no tariff of its own cannot create customers; naming another's tariff fails too.
    root = await testing.root(services)
    bare = await testing.partner(services, root, name="Fjordline Bakery Supplies")
    listed = (await bare.customers.get("/v1/tariffs")).json()["items"]
    for tariff in listed:  # make it a partner without a default tariff
        await bare.customers.put(f"/v1/tariffs/{tariff['id']}", json={"name": tariff["name"], "currency": "USD"})
    body = testing.customer_body()
    response = await bare.customers.post("/v1/customers", json=body)

    assert response.status_code == 422
    problem = response.json()
    assert [p["name"] for p in problem["invalid_params"]] == ["tariff_id"]
    assert problem["rule"] == "R-HIER-05"
    roots = (await root.customers.get("/v1/tariffs")).json()["items"]
    foreign = await bare.customers.post("/v1/customers", json=body | {"tariff_id": roots[0]["id"]})
    assert foreign.status_code == 422  # the root's tariff is not this partner's to give
    assert (await bare.customers.get("/v1/customers", params={"external_id": body["external_id"]})).json()[
        "items"
    ] == []
    await bare.aclose()
    await root.aclose()


async def test_a_partner_without_a_default_tariff_is_told_how_to_add_one(services: Services) -> None:
    # R-HIER-05: the refusal names the fix, in its detail and as a `fix` a program can follow.
    root = await testing.root(services)
    bare = await testing.partner(services, root, name="Fjordline Bakery Supplies")
    for tariff in (await bare.customers.get("/v1/tariffs")).json()["items"]:
        await bare.customers.put(f"/v1/tariffs/{tariff['id']}", json={"name": tariff["name"], "currency": "USD"})
    refused = await bare.customers.post("/v1/customers", json=testing.customer_body())

    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert "POST /v1/tariffs" in problem["detail"]
    assert '"is_default": true' in problem["detail"]
    assert problem["fix"]["method"] == "POST"
    assert problem["fix"]["path"] == "/v1/tariffs"
    assert problem["fix"]["body"]["is_default"] is True
    followed = await bare.customers.post(problem["fix"]["path"], json=problem["fix"]["body"])
    assert followed.status_code == 201, followed.text
    created = await bare.customers.post("/v1/customers", json=testing.customer_body())
    assert created.status_code == 202, created.text
    assert created.json()["tariff_id"] == followed.json()["id"]
    await bare.aclose()
    await root.aclose()


async def test_a_new_customer_has_its_tariff_zone_language_and_a_hashed_password(
    services: Services, partner: Caller
) -> None:
    # R-HIER-06: given at creation; the password is kept only as a strong hash and never shown.
    tariff = (await partner.customers.post("/v1/tariffs", json={"name": "Nordic SMB", "currency": "NOK"})).json()
    created = await partner.create_customer(
        tariff_id=tariff["id"],
        time_zone="Europe/Oslo",
        language="nb",
        web_login=f"login-{tariff['id'][:8]}",
        password="correct horse battery staple",
    )

    assert (created["tariff_id"], created["time_zone"], created["language"]) == (tariff["id"], "Europe/Oslo", "nb")
    assert "password" not in created
    assert "password_hash" not in created
    async with services.customers.runtime.sessionmaker() as session:
        stored = str(await session.scalar(select(Customer.password_hash).where(Customer.id == created["id"])))
    assert stored.startswith("$argon2id$")
    bad = await partner.customers.post(
        "/v1/customers", json=testing.customer_body(time_zone="Mars/Olympus_Mons", language="xx")
    )
    assert sorted(p["name"] for p in bad.json()["invalid_params"]) == ["language", "time_zone"]


async def test_the_ledger_converts_each_transaction_and_keeps_every_entry(partner: Caller) -> None:
    # R-HIER-07: shown in USD by default or in a managed currency; R-HIER-08: only transactions move it.
    created = await partner.create_customer(opening_balance="100.00", credit_limit="50", currency="USD")
    customer = created["id"]
    eur = await partner.customers.post(
        f"/v1/customers/{customer}/transactions",
        json={"kind": "add_funds", "amount": "10.00", "currency": "EUR", "notes": "top-up"},
    )
    assert eur.status_code == 201, eur.text
    assert eur.json()["amount_usd"] == "10.8000"  # at the managed rate, 1 EUR = 1.08 USD
    debit = await partner.customers.post(
        f"/v1/customers/{customer}/transactions", json={"kind": "debit", "amount": "150.80", "currency": "USD"}
    )
    assert debit.json()["balance_usd"] == "-40.0000"

    refused = await partner.customers.post(
        f"/v1/customers/{customer}/transactions", json={"kind": "debit", "amount": "10.01", "currency": "USD"}
    )
    assert refused.status_code == 409  # would pass -50, the credit limit
    assert refused.json()["rule"] == "R-HIER-08"
    as_float = await partner.customers.post(
        f"/v1/customers/{customer}/transactions", json={"kind": "credit", "amount": 1.1, "currency": "USD"}
    )
    assert as_float.status_code == 422  # money is sent as decimal strings, never floats

    ledger = (await partner.customers.get(f"/v1/customers/{customer}/ledger")).json()["items"]
    assert [e["kind"] for e in ledger] == ["opening", "add_funds", "debit"]
    assert [e["balance_usd"] for e in ledger] == ["100.0000", "110.8000", "-40.0000"]
    balance = (await partner.customers.get(f"/v1/customers/{customer}/balance", params={"currency": "EUR"})).json()
    assert Decimal(balance["balance"]) == (Decimal("-40") / Decimal("1.08")).quantize(Decimal("0.0001"))
    assert (await partner.customers.get(f"/v1/customers/{customer}")).json()["balance_usd"] == "-40.0000"


async def test_a_customer_cannot_move_its_own_balance(services: Services, partner: Caller) -> None:
    # R-HIER-06: the parent bills its children; a customer does not post to its own ledger.
    child = await testing.partner(services, partner, name="Fjordline Bakery Supplies")
    response = await child.customers.post(
        f"/v1/customers/{child.customer_id}/transactions", json={"kind": "add_funds", "amount": "1000"}
    )
    assert response.status_code == 404
    await child.aclose()


async def test_a_retried_debit_is_booked_once(partner: Caller) -> None:
    # R-HIER-08: a provider retrying after a timeout must not be charged twice.
    first_customer = (await partner.create_customer(opening_balance="50"))["id"]
    other_customer = (await partner.create_customer(opening_balance="50"))["id"]
    debit = {"kind": "debit", "amount": "12.50", "notes": "November calls"}
    key = {"Idempotency-Key": str(uuid.uuid4())}

    first = await partner.customers.post(f"/v1/customers/{first_customer}/transactions", json=debit, headers=key)
    retry = await partner.customers.post(f"/v1/customers/{first_customer}/transactions", json=debit, headers=key)
    elsewhere = await partner.customers.post(f"/v1/customers/{other_customer}/transactions", json=debit, headers=key)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert elsewhere.status_code == 422  # the key belongs to the first request, path included
    assert (await partner.customers.get(f"/v1/customers/{first_customer}")).json()["balance_usd"] == "37.5000"
    assert (await partner.customers.get(f"/v1/customers/{other_customer}")).json()["balance_usd"] == "50.0000"


@pytest.mark.parametrize("round_", range(3))
async def test_concurrent_debits_never_lose_an_update_nor_pass_the_credit_limit(partner: Caller, round_: int) -> None:
    # R-HIER-08 under contention: 40 debits of 1.00 race on a balance of 20 with a credit limit of 10.
    created = await partner.create_customer(opening_balance="20", credit_limit="10")
    customer = created["id"]

    async def debit() -> int:
        response = await partner.customers.post(
            f"/v1/customers/{customer}/transactions", json={"kind": "debit", "amount": "1.00"}
        )
        return response.status_code

    statuses = await asyncio.gather(*(debit() for _ in range(40)))

    assert statuses.count(201) == 30
    assert statuses.count(409) == 10
    assert (await partner.customers.get(f"/v1/customers/{customer}")).json()["balance_usd"] == "-10.0000"
    ledger = (await partner.customers.get(f"/v1/customers/{customer}/ledger", params={"limit": 100})).json()["items"]
    assert sorted(e["balance_usd"] for e in ledger[1:]) == sorted(f"{b:.4f}" for b in range(-10, 20))


async def test_a_temporary_credit_limit_increase_ends_on_its_own(services: Services, partner: Caller) -> None:
    created = await partner.create_customer(credit_limit="10")
    customer = created["id"]
    expires = (services.clock.now() + timedelta(days=2)).isoformat()
    raised = await partner.customers.post(
        f"/v1/customers/{customer}/credit-limit/temporary-increases",
        json={"amount": "90", "currency": "USD", "expires_at": expires},
    )
    assert raised.status_code == 201, raised.text
    assert raised.json()["credit_limit"] == "100.0000"
    spend = await partner.customers.post(
        f"/v1/customers/{customer}/transactions", json={"kind": "debit", "amount": "60"}
    )
    assert spend.status_code == 201  # allowed only thanks to the increase

    services.clock.advance(timedelta(days=2, minutes=1))
    for _ in range(100):
        balance = (await partner.customers.get(f"/v1/customers/{customer}/balance")).json()
        if balance["credit_limit"] == "10.0000":
            break
        await asyncio.sleep(0.1)
    assert balance["credit_limit"] == "10.0000"
    more = await partner.customers.post(f"/v1/customers/{customer}/transactions", json={"kind": "debit", "amount": "1"})
    assert more.status_code == 409  # -60 is already below -10


async def test_a_suspended_customer_keeps_its_users_and_refuses_new_assignments(partner: Caller) -> None:
    customer = (await partner.create_customer(packages={"meetings": 5}))["id"]
    await partner.wait_for_state(customer, "provisioned")
    first = {"email": "a@example.com", "name": "A", "package": "meetings"}
    assert (await partner.customers.post(f"/v1/customers/{customer}/users", json=first)).status_code == 201

    suspended = await partner.customers.post(f"/v1/customers/{customer}/suspend", json={"reason": "unpaid"})
    assert suspended.json()["state"] == "suspended"
    second = {"email": "b@example.com", "name": "B", "package": "meetings"}
    refused = await partner.customers.post(f"/v1/customers/{customer}/users", json=second)
    assert refused.status_code == 409
    assert len((await partner.customers.get(f"/v1/customers/{customer}/users")).json()["items"]) == 1

    resumed = await partner.customers.post(f"/v1/customers/{customer}/resume")
    assert resumed.json()["state"] == "provisioned"
    assert (await partner.customers.post(f"/v1/customers/{customer}/users", json=second)).status_code == 201


async def test_a_credit_limit_set_from_a_stale_read_is_refused(partner: Caller) -> None:
    customer = (await partner.create_customer(opening_balance="20"))["id"]
    await partner.wait_for_state(customer, "provisioned")  # onboarding moves the version no more
    read = await partner.customers.get(f"/v1/customers/{customer}")
    debit = {"kind": "debit", "amount": "5"}
    assert (await partner.customers.post(f"/v1/customers/{customer}/transactions", json=debit)).status_code == 201

    limit = {"credit_limit": "100", "currency": "USD"}
    stale = await partner.customers.put(
        f"/v1/customers/{customer}/credit-limit", json=limit, headers={"If-Match": read.headers["etag"]}
    )
    fresh_etag = (await partner.customers.get(f"/v1/customers/{customer}")).headers["etag"]
    fresh = await partner.customers.put(
        f"/v1/customers/{customer}/credit-limit", json=limit, headers={"If-Match": fresh_etag}
    )

    assert stale.status_code == 412
    assert stale.json()["current_etag"] == fresh_etag
    assert fresh.status_code == 200
    assert fresh.json()["credit_limit"] == "100.0000"


async def test_a_credit_limit_answers_in_the_currency_it_was_set_in(services: Services, partner: Caller) -> None:
    # R-HIER-07: converted at the managed rates (1 EUR = 1.08 USD); the answer speaks the currency asked for.
    customer = (await partner.create_customer(opening_balance="0", credit_limit="0", currency="USD"))["id"]
    limit = await partner.customers.put(
        f"/v1/customers/{customer}/credit-limit", json={"credit_limit": "500.00", "currency": "EUR"}
    )
    assert limit.status_code == 200, limit.text
    assert (limit.json()["currency"], limit.json()["credit_limit"]) == ("EUR", "500.0000")
    assert limit.json()["usd_per_unit"] == "1.0800000000"

    expires = (services.clock.now() + timedelta(days=2)).isoformat()
    raised = await partner.customers.post(
        f"/v1/customers/{customer}/credit-limit/temporary-increases",
        json={"amount": "100", "currency": "EUR", "expires_at": expires},
    )
    assert raised.status_code == 201, raised.text
    assert (raised.json()["currency"], raised.json()["credit_limit"]) == ("EUR", "600.0000")
    in_usd = (await partner.customers.get(f"/v1/customers/{customer}/balance")).json()
    assert (in_usd["currency"], in_usd["credit_limit"]) == ("USD", "648.0000")
