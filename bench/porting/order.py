"""The port-order half of bench/porting: a 1,000-number port order checked against its CSR and submitted.

The sandbox's large account (PDX-4410078, +1 503 241 1000–1999) is pasted into a cart and drafted into one order
with its bill and a signed LOA; then `--runs` checks (POST …/check: the preliminary check and the field-by-field
comparison with the 1,000-number CSR) and one submission are timed over HTTP. Target: check + submit < 1 s.
"""

from __future__ import annotations

import argparse
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fpdf import FPDF

from bench.numbers.cases import percentile
from bench.numbers.http import endpoints
from devstack import testing
from devstack.cluster import Cluster
from pstn_orders.sandbox_carrier.porting_data import ACCOUNTS

TARGET_MS = 1000
LARGE = next(a for a in ACCOUNTS if len(a.numbers) == 1000)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--order-runs", type=int, default=20, help="checks of the 1,000-number order to time")


def bill() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=f"{LARGE.losing_carrier} - statement of account {LARGE.account_number}")
    return bytes(pdf.output())


async def timed(admin: testing.Caller, method: str, path: str, status: int, **request: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    answer = await admin.pstn.request(method, path, **request)
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != status:
        raise SystemExit(f"{method} {path} answered {answer.status_code}: {answer.text[:400]}")
    return elapsed, answer.json()


async def calling_plan(admin: testing.Caller, customer: testing.CallingCustomer) -> None:
    at = f"/v1/customers/{customer.customer_id}/locations/{customer.location_id}"
    esa = await timed(admin, "PUT", f"{at}/emergency-address", 200, json=testing.us_location("NY")["address"])
    if esa[1]["status"] == "corrected_pending":
        await timed(admin, "POST", f"{at}/emergency-address/acceptance", 200, json={"accept": True})
    signer = {"name": "Grace Okafor", "email": "grace@rose-city-calls.example"}
    await timed(admin, "PUT", f"{at}/pstn-connection", 200, json={"type": "calling_plan", "signer": signer})


async def run(cluster: Cluster, args: argparse.Namespace) -> None:
    stack = endpoints(cluster)
    root = await testing.root(stack)
    partner = await testing.partner(stack, root)
    customer = await testing.calling_customer(stack, partner, root, name=LARGE.company_name)
    admin, base = partner, f"/v1/customers/{customer.customer_id}"
    try:
        await calling_plan(admin, customer)
        key = {"Idempotency-Key": str(uuid.uuid4())}
        paste_ms, cart = await timed(
            admin, "POST", f"{base}/port-carts", 201, content="\n".join(LARGE.numbers).encode(),
            headers={"content-type": "text/plain", **key},
        )  # fmt: skip
        today = datetime.now(UTC).date()  # the cluster runs on the system clock
        form = {"kind": "bill", "document_date": (today - timedelta(days=3)).isoformat()}
        _, document = await timed(
            admin, "POST", f"{base}/documents", 201, data=form, files={"file": ("bill.pdf", bill(), "application/pdf")}
        )
        account = {
            "account_number": LARGE.account_number,
            "authorized_name": LARGE.authorized_name,
            "company_name": LARGE.company_name,
            "btn": LARGE.btn,
            "service_address": LARGE.service_address.model_dump(mode="json", exclude_none=True),
        }
        draft = {"cart_id": cart["id"], "location_id": str(customer.location_id), "account": account}
        draft_ms, order = await timed(admin, "POST", f"{base}/port-orders", 201, json=draft)
        one = f"{base}/port-orders/{order['id']}"
        await timed(admin, "PUT", f"{one}/bill", 200, json={"document_id": document["id"]})
        signer = {"first_name": "Grace", "last_name": "Okafor", "title": "Operations director"}
        sign_ms, _ = await timed(admin, "POST", f"{one}/loa-signature", 200, json=signer)
        checks: list[float] = []
        for _ in range(args.order_runs):
            elapsed, report = await timed(admin, "POST", f"{one}/check", 200)
            checks.append(elapsed)
            if not report["ready"] or report["differences"]:
                raise SystemExit(f"the order does not match its CSR: {report}")
        submit_ms, submitted = await timed(admin, "POST", f"{one}/submission", 200)
        assert submitted["state"] == "submitted", submitted
        print(f"  1,000-number port order ({LARGE.account_number}): paste {paste_ms:.0f} ms, draft {draft_ms:.0f} ms, "
              f"LOA signed (PDF of 1,000 numbers) {sign_ms:.0f} ms", flush=True)  # fmt: skip
        print(
            f"  check against the CSR     p50 {percentile(checks, 50):7.1f} ms   p99 {percentile(checks, 99):7.1f} ms"
            f"   n={len(checks)}",
            flush=True,
        )
        print(f"  submission                {submit_ms:7.1f} ms", flush=True)
        total = checks[0] + submit_ms
        print(f"  check + submit (first)    {total:7.1f} ms   target < {TARGET_MS} ms", flush=True)
    finally:
        for caller in (customer.admin, partner, root):
            await caller.aclose()
