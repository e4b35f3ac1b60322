"""No input ever causes a 5xx: control characters, countries that are not ISO, and money sent as JSON numbers
are refused with 422 naming the field, the precheck agreeing with the create."""

from __future__ import annotations

from typing import Any

import pytest

from devstack import testing
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")

NUL = "Bad\u0000Name AS"
CONTROL = "must not contain control characters"


def _refused(response: Any, field: str) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    problem: dict[str, Any] = response.json()
    assert [p["name"] for p in problem["invalid_params"]] == [field], problem
    return problem


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": NUL}, "name"),
        ({"external_id": "crm-\u0000"}, "external_id"),
        ({"billing_address": testing.address(line1=NUL)}, "billing_address.line1"),
        ({"billing_address": testing.address(city="Os\u0000lo")}, "billing_address.city"),
        ({"packages": {"calling\u0000": 1}}, "packages.calling\u0000.[key]"),
    ],
)
async def test_a_nul_in_a_customer_text_is_refused_by_the_create_and_the_precheck(
    partner: Caller, overrides: dict[str, Any], field: str
) -> None:
    body = testing.customer_body(**overrides)
    for path in ("/v1/customers", "/v1/customers/precheck"):  # the precheck agrees with the create
        problem = _refused(await partner.customers.post(path, json=body), field)
        assert CONTROL in problem["invalid_params"][0]["reason"]
    stored = await partner.customers.get("/v1/customers", params={"external_id": body["external_id"]})
    assert stored.status_code in (200, 422)
    if stored.status_code == 200:
        assert stored.json()["items"] == []


async def test_a_nul_in_a_name_filter_is_refused_naming_it(partner: Caller) -> None:
    problem = _refused(await partner.customers.get("/v1/customers?name=%00"), "query.name")
    assert CONTROL in problem["detail"]
    _refused(await partner.customers.get("/v1/customers?external_id=crm%00"), "query.external_id")


async def test_a_nul_in_user_tariff_and_transaction_texts_is_refused(partner: Caller) -> None:
    customer = (await partner.create_customer(packages={"meetings": 2}))["id"]
    user = {"email": "kari@example.com", "name": NUL, "package": "meetings"}
    _refused(await partner.customers.post(f"/v1/customers/{customer}/users", json=user), "name")
    _refused(await partner.customers.post(f"/v1/customers/{customer}/users/precheck", json=user), "name")
    _refused(await partner.customers.post("/v1/tariffs", json={"name": NUL, "currency": "USD"}), "name")
    _refused(
        await partner.customers.post("/v1/tariffs", json={"name": "Nordic", "currency": "USD", "description": NUL}),
        "description",
    )
    notes = {"kind": "add_funds", "amount": "10.00", "notes": "Invoice\u0000 1"}
    _refused(await partner.customers.post(f"/v1/customers/{customer}/transactions", json=notes), "notes")
    multi_line = notes | {"notes": "Invoice 1\nsecond line"}  # notes may span lines
    assert (await partner.customers.post(f"/v1/customers/{customer}/transactions", json=multi_line)).status_code == 201


@pytest.mark.parametrize("country", ["NOR", "XX", "no", "%25", "%F0%9F%87%B3%F0%9F%87%B4", "N%00"])
async def test_a_dial_in_country_that_is_not_iso_is_refused_naming_it(root: Caller, country: str) -> None:
    # R-CUST-09: the directory is keyed by ISO 3166-1 alpha-2 countries; nothing else is ever stored.
    _refused(await root.customers.get(f"/v1/dial-in-numbers/{country}"), "path.country")
    put = await root.customers.put(f"/v1/dial-in-numbers/{country}", json={"numbers": ["+4721930646"]})
    _refused(put, "path.country")


async def test_a_billing_country_is_upper_case_iso(partner: Caller) -> None:
    # R-CUST-08
    body = testing.customer_body(billing_address=testing.address("no"))
    _refused(await partner.customers.post("/v1/customers", json=body), "billing_address.country")
    _refused(await partner.customers.post("/v1/customers/precheck", json=body), "billing_address.country")


async def test_every_money_field_takes_a_decimal_string_and_refuses_a_number(partner: Caller, root: Caller) -> None:
    # One rule for every amount: a decimal string with up to 4 places, never a JSON number; answers are strings.
    for field in ("opening_balance", "credit_limit"):
        for number in (12.5, 12):
            body = testing.customer_body() | {field: number}
            problem = _refused(await partner.customers.post("/v1/customers", json=body), field)
            assert "not a JSON number" in problem["detail"]
            _refused(await partner.customers.post("/v1/customers/precheck", json=body), field)
    for bad in ("1e3", "12.12345", " 12", "NaN", ""):
        _refused(
            await partner.customers.post("/v1/customers", json=testing.customer_body(credit_limit=bad)), "credit_limit"
        )
    created = await partner.create_customer(opening_balance="12.50", credit_limit="100")
    assert (created["balance_usd"], created["credit_limit_usd"]) == ("12.5000", "100.0000")
    customer = created["id"]

    transactions = f"/v1/customers/{customer}/transactions"
    for number in (10.5, 10):
        _refused(await partner.customers.post(transactions, json={"kind": "add_funds", "amount": number}), "amount")
    booked = await partner.customers.post(transactions, json={"kind": "add_funds", "amount": "10"})
    assert booked.status_code == 201, booked.text
    entry = booked.json()
    assert all(isinstance(entry[k], str) for k in ("amount", "usd_per_unit", "amount_usd", "balance_usd"))
    _refused(await partner.customers.post(transactions, json={"kind": "add_funds", "amount": "0"}), "amount")

    limit = f"/v1/customers/{customer}/credit-limit"
    _refused(await partner.customers.put(limit, json={"credit_limit": 200}), "credit_limit")
    balance = await partner.customers.put(limit, json={"credit_limit": "200"})
    assert balance.status_code == 200, balance.text
    assert all(isinstance(balance.json()[k], str) for k in ("balance", "credit_limit", "available", "usd_per_unit"))

    increase = {"amount": 50, "expires_at": "2099-01-01T00:00:00Z"}
    _refused(await partner.customers.post(f"{limit}/temporary-increases", json=increase), "amount")
    raised = await partner.customers.post(f"{limit}/temporary-increases", json=increase | {"amount": "50"})
    assert raised.status_code == 201, raised.text

    rate = "/v1/exchange-rates/XTS"  # ISO 4217's code for testing: no test reads it
    _refused(await root.customers.put(rate, json={"usd_per_unit": 1.5}), "usd_per_unit")
    set_rate = await root.customers.put(rate, json={"usd_per_unit": "1.5"})
    assert set_rate.status_code == 200, set_rate.text
    assert set_rate.json()["usd_per_unit"].startswith("1.5")
