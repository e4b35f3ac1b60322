"""System-wide settings belong to the root unless it delegates a named permission (R-HIER-04)."""

from __future__ import annotations

import pytest

from devstack import testing
from devstack.services import Services
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_only_the_root_or_a_delegate_changes_exchange_rates(services: Services, root: Caller) -> None:
    partner = await testing.partner(services, root, name="Fjordline Bakery Supplies")
    other = await testing.partner(services, root, name="Fjordline Bakery Supplies")

    refused = await partner.customers.put("/v1/exchange-rates/ISK", json={"usd_per_unit": "0.0072"})
    assert refused.status_code == 403

    granted = await root.customers.post(
        "/v1/delegations", json={"customer_id": str(partner.customer_id), "permission": "exchange_rates"}
    )
    assert granted.status_code == 201, granted.text
    allowed = await partner.customers.put("/v1/exchange-rates/ISK", json={"usd_per_unit": "0.0072"})
    assert allowed.status_code == 200
    assert allowed.json()["usd_per_unit"] == "0.0072"
    # The permission is named: it does not open the other settings, nor reach another partner.
    assert (await partner.customers.put("/v1/catalogue/attendant_console", json={"orderable": True})).status_code == 403
    assert (await other.customers.put("/v1/exchange-rates/ISK", json={"usd_per_unit": "1"})).status_code == 403

    revoked = await root.customers.delete(f"/v1/delegations/{partner.customer_id}/exchange_rates")
    assert revoked.status_code == 204
    assert (await partner.customers.put("/v1/exchange-rates/ISK", json={"usd_per_unit": "1"})).status_code == 403
    for caller in (partner, other):
        await caller.aclose()


async def test_the_dial_in_directory_is_managed_data(root: Caller) -> None:
    # R-CUST-09 through R-HIER-04: the root changes the directory; new customers of the country follow it.
    assert (await root.customers.put("/v1/dial-in-numbers/IS", json={"numbers": ["+3545390701"]})).status_code == 200
    assert (await root.customers.get("/v1/dial-in-numbers/IS")).json() == {"numbers": ["+3545390701"]}
    bad = await root.customers.put("/v1/dial-in-numbers/IS", json={"numbers": ["5390701"]})
    assert bad.status_code == 422


async def test_the_usd_rate_stays_at_one(root: Caller) -> None:
    # R-HIER-07: balances are kept and shown in USD; every other rate is USD per unit, so USD itself is 1.
    moved = await root.customers.put("/v1/exchange-rates/usd", json={"usd_per_unit": "1.10"})
    assert moved.status_code == 422, moved.text
    assert [p["name"] for p in moved.json()["invalid_params"]] == ["usd_per_unit"]
    assert moved.json()["rule"] == "R-HIER-07"
    same = await root.customers.put("/v1/exchange-rates/USD", json={"usd_per_unit": "1.000"})
    assert same.status_code == 200, same.text
    rates = {r["currency"]: r["usd_per_unit"] for r in (await root.customers.get("/v1/exchange-rates")).json()}
    assert rates["USD"] == "1.0000000000"
