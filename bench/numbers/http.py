"""The HTTP half of the bench: a calling-plan customer on the cluster, its searches and 100-number orders."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from bench.numbers.cases import cases, stocked
from devstack import testing
from devstack.cluster import Cluster
from devstack.config import ROOT_CLIENT_ID
from pstn_orders.carrier import NumberSearch
from pstn_orders.sandbox_carrier import SandboxCarrier


def endpoints(cluster: Cluster) -> Any:
    """What devstack.testing needs of a running stack: each service's URL and the root's credentials."""
    return SimpleNamespace(
        **{name: SimpleNamespace(url=cluster.url(name)) for name in cluster.services},
        root_client_id=ROOT_CLIENT_ID,
        root_client_secret=cluster.root_secret,
    )


def params(query: NumberSearch) -> dict[str, Any]:
    flat: dict[str, Any] = {"country": query.country, "quantity": query.quantity}
    for name in ("state", "npa", "nxx", "locality", "block_size"):
        if getattr(query, name) is not None:
            flat[name] = getattr(query, name)
    if query.consecutive:
        flat["consecutive"] = "true"
    if query.pattern is not None:
        flat[f"{query.pattern.position}_with" if query.pattern.position != "contains" else "contains"] = (
            query.pattern.digits
        )
    if query.block_size is not None:
        flat.pop("quantity")
    return flat


async def ready_location(admin: testing.Caller, customer_id: uuid.UUID, location_id: uuid.UUID) -> None:
    """The location's emergency address validated and the calling plan enabled (what ordering needs)."""
    site = testing.us_location("NY")["address"]
    base = f"/v1/customers/{customer_id}/locations/{location_id}"
    esa = await admin.pstn.put(f"{base}/emergency-address", json={k: v for k, v in site.items()})
    if esa.status_code == 200 and esa.json().get("status") == "corrected_pending":
        esa = await admin.pstn.post(f"{base}/emergency-address/acceptance", json={"accept": True})
    print(f"  emergency address: {esa.status_code} {esa.json().get('status', esa.text[:200])}", flush=True)
    connection = await admin.pstn.put(
        f"{base}/pstn-connection",
        json={"type": "calling_plan", "usage": "standard", "signer": {"name": "Ann Lee", "email": "ann@acme.example"}},
    )
    print(f"  calling plan: {connection.status_code} {connection.text[:200]}", flush=True)


async def http_phase(
    cluster: Cluster, carrier: SandboxCarrier, *, runs: int, orders: int, row: Callable[..., str]
) -> None:
    stack = endpoints(cluster)
    root = await testing.root(stack)
    partner = await testing.partner(stack, root)
    customer = await testing.calling_customer(stack, partner, root)
    admin, customer_id = customer.admin, customer.customer_id
    try:
        path = f"/v1/customers/{customer_id}/available-numbers"
        inventory = await stocked(carrier)
        draw = random.Random(34)
        print("search over HTTP (GET available-numbers, as the customer's administrator):", flush=True)
        for name, case in cases(inventory).items():
            times: list[float] = []
            failures = 0
            for _ in range(runs):
                started = time.perf_counter()
                answer = await admin.pstn.get(path, params=params(case(draw)))
                times.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    failures += 1
                    last = f"{answer.status_code} {answer.text[:160]}"
            print(row(name, times, f"non-200: {failures}" + (f" (last: {last})" if failures else "")), flush=True)

        await ready_location(admin, customer_id, customer.location_id)
        order_path = f"/v1/customers/{customer_id}/number-orders"
        order_times: list[float] = []
        confirmed: list[str] = []
        for i in range(orders):
            # Numbers of the location's own locality: an order of another one answers alerts to confirm first.
            ask = NumberSearch(country="US", state="NY", locality="New York", quantity=100, consecutive=True)
            found = await carrier.search(ask)
            body = {
                "location_id": str(customer.location_id),
                "numbers": [n.number for n in found.numbers],
                "confirm_alerts": confirmed,
            }
            started = time.perf_counter()
            answer = await admin.pstn.post(order_path, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
            elapsed = (time.perf_counter() - started) * 1000
            if answer.status_code == 409 and answer.json().get("alerts") and not confirmed:
                confirmed = [alert["code"] for alert in answer.json()["alerts"]]
                print(f"  orders confirm the alerts {confirmed}", flush=True)
                continue
            if answer.status_code not in (200, 201, 202):
                print(f"  order {i} answered {answer.status_code}: {answer.text[:400]}", flush=True)
                break
            order_times.append(elapsed)
        if order_times:
            print("order placed over HTTP (POST number-orders, 100 consecutive numbers each):", flush=True)
            # The customer's first order also sends it the carrier contract (R-PSTN-34): shown apart.
            print(f"  first order (sends the contract email) {order_times[0]:7.1f} ms", flush=True)
            if len(order_times) > 1:
                print(row("100-number order, the next ones", order_times[1:]), flush=True)
    finally:
        for caller in (admin, partner, root):
            await caller.aclose()
