"""Over real ports, a port from a pasted sheet to live numbers: 50 lines pasted from an .xlsx file and the flagged
ones fixed; a real PDF bill uploaded; the LOA signed (its PDF lists the numbers and the signer); the check before
submission reports a ZIP mismatch with the CSR, fixed; submitted, rejected by the sandbox carrier for the PIN,
fixed and resubmitted; FOC; two pending numbers assigned to users; completed on the clock, the numbers active
and billing. Every step is an event on the PSTN topic and a webhook to the provider; every problem an email."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

import pypdf
import pytest
from fpdf import FPDF
from openpyxl import Workbook  # type: ignore[import-untyped]

from devstack import testing
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller
from pstn_orders.carrier import PortRejectionCode
from pstn_orders.port_rejection import REJECTION_CODES
from pstn_orders.sandbox_carrier.porting_data import ACCOUNTS
from tests.e2e.pstn_flow import Receiver, eventually, ok, pstn_events

pytestmark = pytest.mark.asyncio(loop_scope="session")

SPOKANE = next(a for a in ACCOUNTS if a.btn == "+15096240100")  # wireless: the port needs the PIN
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(rows: list[str]) -> bytes:
    book = Workbook()
    page = book.active
    page.append(["Phone number", "Site"])
    for number in rows:
        page.append([number, "Spokane clinic"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bill_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in ("Inland Northwest Mobile", f"Account {SPOKANE.account_number}", "Monthly statement"):
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


async def test_a_port_from_a_pasted_sheet_to_live_billing_numbers(
    services: Services, stack: Stack, root: Caller, partner: Caller, pstn_receiver: Receiver
) -> None:
    receiver = pstn_receiver
    await ok(await partner.customers.post("/v1/webhook-endpoints", json={"url": receiver.url}), 201)
    calling = await testing.calling_customer(services, partner, root, name="Spokane Valley Clinic PLLC")
    customer, location = calling.customer_id, calling.location_id
    pstn, base = partner.pstn, f"/v1/customers/{calling.customer_id}"
    at_location = f"{base}/locations/{location}"
    esa = await ok(await pstn.put(f"{at_location}/emergency-address", json=testing.us_location("NY")["address"]))
    if esa["status"] == "corrected_pending":
        await ok(await pstn.post(f"{at_location}/emergency-address/acceptance", json={"accept": True}))
    signer = {"name": "Hannah Lindqvist", "email": "hannah@spokane-clinic.example"}
    await ok(await pstn.put(f"{at_location}/pstn-connection", json={"type": "calling_plan", "signer": signer}))
    assert services.mail is not None
    inbox = services.mail

    # 50 lines from an Excel sheet: 45 of the clinic's numbers and five that the check flags or repeats.
    numbers = list(SPOKANE.numbers[1:46])
    flagged = ["+18005550123", "not a number", "+13034419911", "+13034419913"]
    lines = [*numbers[:20], *flagged, numbers[0], *numbers[20:]]
    assert len(lines) == 50
    files = {"file": ("numbers.xlsx", sheet(lines), XLSX)}
    cart = await ok(await pstn.post(f"{base}/port-carts", files=files), 201)
    assert (cart["lines"], cart["by_class"]["duplicate"], cart["by_class"]["toll_free"]) == (50, 1, 1)  # R-PSTN-05
    assert cart["by_verdict"]["needs_pin"] == 45  # R-PSTN-16: wireless numbers need the PIN
    cart_lines = (await ok(await pstn.get(f"{base}/port-carts/{cart['id']}/lines", params={"limit": 100})))["items"]
    for line in cart_lines:
        if line["raw"] in flagged:
            deleted = await pstn.delete(
                f"{base}/port-carts/{cart['id']}/lines/{line['id']}", headers={"If-Match": f'"{cart["version"]}"'}
            )
            cart = await ok(deleted)

    # The bill, and the draft with the account as the customer reads it off the bill, ZIP and PIN mistyped.
    today = services.clock.now().date()
    form = {"kind": "bill", "document_date": (today - timedelta(days=5)).isoformat()}
    bill = await ok(
        await pstn.post(f"{base}/documents", data=form, files={"file": ("bill.pdf", bill_pdf(), "application/pdf")}),
        201,
    )
    address = SPOKANE.service_address.model_dump(mode="json", exclude_none=True)
    account = {
        "account_number": SPOKANE.account_number,
        "authorized_name": SPOKANE.authorized_name,
        "company_name": SPOKANE.company_name,
        "btn": SPOKANE.btn,
        "pin": "1357",
        "service_address": {**address, "postal_code": "99202"},
    }
    draft = {
        "cart_id": cart["id"],
        "location_id": str(location),
        "account": account,
        "notification_email": "porting@spokane-clinic.example",
    }
    order = await ok(
        await pstn.post(f"{base}/port-orders", json=draft, headers={"Idempotency-Key": f"port-{customer}"}), 201
    )
    one = f"{base}/port-orders/{order['id']}"
    assert (order["state"], order["numbers"], order["losing_carrier"]) == ("pending", 45, SPOKANE.losing_carrier)
    await ok(await pstn.put(f"{one}/bill", json={"document_id": bill["id"]}))
    loa_signer = {"first_name": "Hannah", "last_name": "Lindqvist", "title": "Practice manager"}
    signed = await ok(await pstn.post(f"{one}/loa-signature", json=loa_signer))
    loa = await pstn.get(f"{base}/documents/{signed['loa_id']}/content")
    assert loa.status_code == 200
    assert loa.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(loa.content)).pages)
    assert all(n in text for n in numbers), "the LOA lists every number"  # R-PSTN-15
    assert "Hannah Lindqvist" in text
    assert "Practice manager" in text

    # The check before submission: the ZIP differs from the CSR; fixed (R-PSTN-19).
    report = await ok(await pstn.post(f"{one}/check"))
    assert report["ready"]
    assert report["record_found"]
    assert [(d["code"], d["given"], d["record"]) for d in report["differences"]] == [
        ("zip_code_mismatch", "99202", "99201")
    ]
    await ok(await pstn.patch(one, json={"account": {**account, "service_address": address}}))
    assert (await ok(await pstn.post(f"{one}/check")))["differences"] == []

    # Submitted: the numbers are the customer's, pending (R-PSTN-39); the carrier rejects the wrong PIN.
    submitted = await ok(await pstn.post(f"{one}/submission"))
    assert submitted["state"] == "submitted"
    pending = await ok(await pstn.get(f"{base}/numbers", params={"state": "pending", "limit": 100}))
    by_number = {n["number"]: n for n in pending["items"]}
    assert sorted(by_number) == sorted(numbers)
    services.clock.advance(timedelta(days=2, minutes=1))

    async def in_state(state: str) -> dict[str, Any] | None:
        read: dict[str, Any] = (await pstn.get(one)).json()
        return read if read["state"] == state else None

    rejected = await eventually(lambda: in_state("rejected"), "the carrier's rejection")
    assert rejected["rejection"]["code"] == "invalid_pin"
    assert rejected["rejection"]["remedy"] == REJECTION_CODES[PortRejectionCode.invalid_pin].remedy

    async def notice(kind: str) -> str | None:
        sent = [m for m in inbox.messages if m["X-Port-Order-Id"] == order["id"] and m["X-Port-Order-Notice"] == kind]
        return str(sent[0].get_content()) if sent else None

    problem_mail = await eventually(lambda: notice("rejected"), "the rejection emailed")  # R-PSTN-19
    assert REJECTION_CODES[PortRejectionCode.invalid_pin].remedy in problem_mail
    mailed = next(
        m for m in inbox.messages if m["X-Port-Order-Notice"] == "rejected" and m["X-Port-Order-Id"] == order["id"]
    )
    assert "porting@spokane-clinic.example" in mailed["To"]
    assert "it@hudson-valley-bakery.example" in mailed["To"]

    # Fixed and resubmitted: the losing carrier commits to a date about three weeks after the LOA.
    await ok(await pstn.patch(one, json={"account": {**account, "service_address": address, "pin": SPOKANE.pin}}))
    resubmitted = await ok(await pstn.post(f"{one}/submission"))
    assert (resubmitted["state"], resubmitted["attempts"]) == ("submitted", 2)
    services.clock.advance(timedelta(days=2, minutes=1))
    focd = await eventually(lambda: in_state("foc_received"), "the FOC")
    foc_at = datetime.fromisoformat(focd["foc_at"])
    assert foc_at - datetime.fromisoformat(signed["loa_signed_at"]) >= timedelta(days=21)  # R-PSTN-30
    await eventually(lambda: notice("foc_received"), "the FOC emailed")

    # Two pending numbers to users before completion (R-PSTN-39).
    users = []
    for extension, (email, name) in enumerate(
        [("hannah@spokane-clinic.example", "Hannah Lindqvist"), ("omar@spokane-clinic.example", "Omar Haddad")], 3001
    ):
        body = {"email": email, "name": name, "package": "calling_standard", "extension": str(extension)}
        users.append(await ok(await partner.customers.post(f"{base}/users", json=body), 201))
    for user, number in zip(users, numbers[:2], strict=True):

        async def known(user: dict[str, Any] = user) -> bool:
            return (await pstn.get(f"{base}/users/{user['id']}")).status_code == 200

        await eventually(known, "pstn_orders knows the user")
        row = by_number[number]
        assigned = await ok(
            await pstn.put(
                f"{base}/numbers/{row['id']}/assignment", json={"assignee_kind": "user", "assignee_id": user["id"]}
            )
        )
        assert (assigned["state"], assigned["assignee_id"]) == ("pending", user["id"])  # no calls before completion

    # Completed on the FOC date: the numbers carry calls and bill from now (R-PSTN-23).
    services.clock.advance(foc_at - services.clock.now() + timedelta(minutes=1))
    done = await eventually(lambda: in_state("completed"), "the completion", within=90)
    assert done["by_status"] == {"success": 45}
    active = await ok(await pstn.get(f"{base}/numbers", params={"limit": 100}))
    states = {n["number"]: n["state"] for n in active["items"] if n["number"] in numbers}
    assert [states[n] for n in numbers[:2]] == ["assigned", "assigned"]
    assert {states[n] for n in numbers[2:]} == {"unassigned"}
    await eventually(lambda: notice("completed"), "the go-live emailed")
    timeline = (await ok(await pstn.get(f"{one}/timeline", params={"limit": 100})))["items"]
    moves = [e["action"] for e in timeline if e["from_state"] != e["to_state"]]
    assert moves == ["created", "submitted", "rejected", "resubmitted", "foc_received", "completed"]

    # Every step an event, and each delivered to the provider's webhook endpoint.
    wanted = {
        "pstn.port_cart_changed.v1": 5,
        "pstn.document_stored.v1": 2,
        "pstn.port_order_created.v1": 1,
        "pstn.port_order_updated.v1": 4,
        "pstn.port_order_checked.v1": 2,
        "pstn.port_order_state_changed.v1": 5,
        "pstn.number_assigned.v1": 2,
        "pstn.number_activated.v1": 45,
        "pstn.number_billing_started.v1": 45,
    }
    seen = await pstn_events(stack, customer, wanted)
    assert {t: n for t, n in wanted.items() if seen.get(t, 0) < n} == {}, seen

    async def delivered() -> bool:
        return all(len(receiver.of(customer, t)) >= n for t, n in wanted.items())

    await eventually(delivered, "every step delivered by webhook", within=90)
