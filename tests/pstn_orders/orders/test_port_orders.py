"""Port orders in pstn_orders alone (in process, rolled back): drafted from a port cart, checked before
submission field by field against the losing carrier's record, and moved through R-PSTN-21's states by the
carrier's reports; a port's numbers are pending, assignable, and active and billing once it completes."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pypdf
import pytest
from fpdf import FPDF
from sqlalchemy import update

from devstack.services import Services
from pstn_orders.carrier import NumberOutcome, PortRejection, PortRejectionCode, PortState, PortStatus
from pstn_orders.models import platform
from pstn_orders.port_order.lifecycle import PortLifecycle
from pstn_orders.port_rejection import REJECTION_CODES
from pstn_orders.sandbox_carrier.porting_data import ACCOUNTS
from tests.pstn_orders.conftest import NumbersWorld
from tests.pstn_orders.orders.conftest import assisted_location

pytestmark = pytest.mark.asyncio(loop_scope="session")

BY_BTN = {a.btn: a for a in ACCOUNTS}
ACME = BY_BTN["+12127360200"]  # the clean account of sixty numbers
SPOKANE = BY_BTN["+15096240100"]  # wireless: the port needs the PIN


def account_of(account: Any, **changes: Any) -> dict[str, Any]:
    body = {
        "account_number": account.account_number,
        "authorized_name": account.authorized_name,
        "company_name": account.company_name,
        "btn": account.btn,
        "pin": account.pin,
        "service_address": account.service_address.model_dump(mode="json", exclude_none=True),
    }
    for key, value in changes.items():
        if key in body["service_address"] or key == "postal_code":
            body["service_address"][key] = value
        else:
            body[key] = value
    return body


def bill_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Hudson Bell Telephone - statement of account 8812447109", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


async def ok(answer: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    return body


class Porting:
    """The calls a provider makes to port numbers for the world's customer."""

    def __init__(self, world: NumbersWorld) -> None:
        self.world = world
        self.client = world.client()
        self.base = f"/v1/customers/{world.customer_id}"

    async def cart(self, numbers: list[str]) -> dict[str, Any]:
        answer = await self.client.post(
            f"{self.base}/port-carts", content="\n".join(numbers).encode(), headers={"content-type": "text/plain"}
        )
        return await ok(answer, 201)

    async def draft(self, numbers: list[str], account: dict[str, Any], **fields: Any) -> httpx.Response:
        cart = await self.cart(numbers)
        body = {"cart_id": cart["id"], "location_id": str(self.world.location_id), "account": account, **fields}
        return await self.client.post(f"{self.base}/port-orders", json=body)

    def order(self, order: dict[str, Any]) -> str:
        return f"{self.base}/port-orders/{order['id']}"

    async def get(self, order: dict[str, Any]) -> dict[str, Any]:
        return await ok(await self.client.get(self.order(order)))

    async def bill(self, order: dict[str, Any], *, days_old: int = 5) -> dict[str, Any]:
        today = self.world.api.runtime.clock.now().date()
        form = {"kind": "bill", "document_date": (today - timedelta(days=days_old)).isoformat()}
        files = {"file": ("bill.pdf", bill_pdf(), "application/pdf")}
        document = await ok(await self.client.post(f"{self.base}/documents", data=form, files=files), 201)
        return await ok(await self.client.put(f"{self.order(order)}/bill", json={"document_id": document["id"]}))

    async def sign(self, order: dict[str, Any]) -> dict[str, Any]:
        signer = {"first_name": "Maria", "last_name": "Alvarez", "title": "Office manager"}
        return await ok(await self.client.post(f"{self.order(order)}/loa-signature", json=signer))

    async def ready(self, numbers: list[str], account: dict[str, Any]) -> dict[str, Any]:
        """A drafted order with its bill and signed LOA."""
        order = await ok(await self.draft(numbers, account), 201)
        await self.bill(order)
        return await self.sign(order)

    async def submit(self, order: dict[str, Any]) -> httpx.Response:
        return await self.client.post(f"{self.order(order)}/submission")

    async def carrier_says(self, order: dict[str, Any], state: str, **fields: Any) -> dict[str, Any]:
        """The carrier's port status callback for the order, applied as the callback applies it."""
        read = await self.get(order)
        numbers = await self.numbers(order)
        status = PortStatus(
            carrier_port_id=read["carrier_port_id"] or "reported",
            order_ref=order["id"],
            state=PortState(state),
            numbers={n: NumberOutcome.in_progress for n in numbers},
            **fields,
        )
        ports = self.world.api.runtime.component(PortLifecycle)
        async with self.world.api.session() as session, session.begin():
            await ports.apply(session, status)
        return await self.get(order)

    async def numbers(self, order: dict[str, Any]) -> list[str]:
        page = await ok(await self.client.get(f"{self.order(order)}/numbers", params={"limit": 100}))
        return [n["number"] for n in page["items"]]

    async def timeline(self, order: dict[str, Any]) -> list[dict[str, Any]]:
        page = await ok(await self.client.get(f"{self.order(order)}/timeline", params={"limit": 100}))
        return list(page["items"])


@pytest.fixture
def porting(paid: NumbersWorld) -> Porting:
    return Porting(paid)


async def test_a_trial_customer_cannot_draft_a_port(trial: NumbersWorld) -> None:
    """R-PSTN-07 and R-PSTN-31: a trial ports nothing; the problem names both rules."""
    body = {"cart_id": str(uuid.uuid4()), "location_id": str(trial.location_id), "account": account_of(ACME)}
    answer = await trial.client().post(f"/v1/customers/{trial.customer_id}/port-orders", json=body)
    assert answer.status_code == 409, answer.text
    problem = answer.json()
    assert problem["type"].endswith("/trial-cannot-port")
    assert {"R-PSTN-07", "R-PSTN-31"} <= set(problem["rules"])


async def test_a_location_without_the_calling_plan_takes_no_port(porting: Porting) -> None:
    """R-PSTN-15: a port needs the calling plan enabled on the location."""
    elsewhere = await porting.world.location("Warehouse")
    cart = await porting.cart(list(ACME.numbers[:2]))
    body = {"cart_id": cart["id"], "location_id": str(elsewhere), "account": account_of(ACME)}
    answer = await porting.client.post(f"{porting.base}/port-orders", json=body)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert (problem["rule"], problem["invalid_params"][0]["name"]) == ("R-PSTN-15", "location_id")
    assert "calling plan" in problem["detail"]


async def test_porting_only_voice_in_the_us_is_a_support_request(porting: Porting) -> None:
    """R-PSTN-18: in the US and Canada voice and messaging move together."""
    answer = await porting.draft(list(ACME.numbers[:2]), account_of(ACME), voice=True, messaging=False)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["rule"] == "R-PSTN-18"
    assert problem["invalid_params"][0]["name"] == "messaging"
    assert "PSTN technical support" in problem["detail"]


async def test_lines_the_check_flagged_are_fixed_before_the_draft(porting: Porting) -> None:
    """R-PSTN-16: a toll-free (R-PSTN-05) or not portable line is named for the caller to remove first."""
    cart = await porting.cart([ACME.numbers[0], "+18005550199", "+13034419911", ACME.numbers[0]])
    body = {"cart_id": cart["id"], "location_id": str(porting.world.location_id), "account": account_of(ACME)}
    answer = await porting.client.post(f"{porting.base}/port-orders", json=body)
    assert answer.status_code == 422, answer.text
    flagged = {line["raw"] for line in answer.json()["lines"]}
    assert flagged == {"+18005550199", "+13034419911"}  # the duplicate is no problem: it repeats a line kept
    lines = (await ok(await porting.client.get(f"{porting.base}/port-carts/{cart['id']}/lines"))).get("items", [])
    for line in lines:
        if line["raw"] in flagged:
            removed = await porting.client.delete(f"{porting.base}/port-carts/{cart['id']}/lines/{line['id']}")
            assert removed.status_code == 200, removed.text
    order = await ok(await porting.client.post(f"{porting.base}/port-orders", json=body), 201)
    assert (order["state"], order["numbers"], order["losing_carrier"]) == ("pending", 1, ACME.losing_carrier)


async def test_the_preliminary_check_answers_every_problem_at_once_and_submission_waits_for_them(
    porting: Porting,
) -> None:
    """R-PSTN-19: no bill, no signed LOA and no PIN for wireless numbers, all in one answer; nothing submitted."""
    order = await ok(await porting.draft(list(SPOKANE.numbers[50:53]), account_of(SPOKANE, pin=None)), 201)
    report = await ok(await porting.client.post(f"{porting.order(order)}/check"))
    fields = {p["invalid_params"][0]["name"] for p in report["problems"]}
    assert not report["ready"]
    assert fields == {"bill_id", "loa", "account.pin"}
    refused = await porting.submit(order)
    assert refused.status_code == 422, refused.text
    assert refused.json()["rule"] == "R-PSTN-19"
    assert len(refused.json()["problems"]) == 3
    assert (await porting.get(order))["state"] == "pending"


async def test_the_check_compares_the_order_with_the_record_field_by_field(porting: Porting) -> None:
    """R-PSTN-19: each difference with the CSR is answered with the rejection code it would cause and its remedy
    (R-PSTN-22) before the carrier sees the order; the submitter may still submit."""
    wrong = account_of(ACME, postal_code="10001", authorized_name="Mary Alvarez", account_number=None)
    order = await porting.ready(list(ACME.numbers[1:6]), wrong)
    report = await ok(await porting.client.post(f"{porting.order(order)}/check"))
    assert report["ready"]
    assert report["record_found"]
    by_code = {d["code"]: d for d in report["differences"]}
    assert set(by_code) == {"zip_code_mismatch", "account_name_mismatch", "account_number_required"}
    zip_difference = by_code["zip_code_mismatch"]
    assert (zip_difference["field"], zip_difference["given"], zip_difference["record"]) == (
        "account.service_address.postal_code",
        "10001",
        "10118",
    )
    assert zip_difference["remedy"] == REJECTION_CODES[PortRejectionCode.zip_code_mismatch].remedy
    fixed = await ok(await porting.client.patch(porting.order(order), json={"account": account_of(ACME)}))
    assert fixed["account"]["service_address"]["postal_code"] == "10118"
    again = await ok(await porting.client.post(f"{porting.order(order)}/check"))
    assert again["differences"] == []
    submitted = await ok(await porting.submit(order))
    assert submitted["state"] == "submitted"


async def test_the_order_moves_only_through_the_lifecycle_and_keeps_a_timeline(porting: Porting) -> None:
    """R-PSTN-21: pending → submitted → rejected → submitted → foc_received → cancel-pending → cancelled; edits only
    while pending or rejected, any other transition 409 naming the state; every step on the timeline."""
    order = await porting.ready(list(ACME.numbers[10:13]), account_of(ACME))
    early = await porting.client.post(f"{porting.order(order)}/activation")
    assert early.status_code == 409, early.text
    assert early.json()["state"] == "pending"
    await ok(await porting.submit(order))
    edit = await porting.client.patch(porting.order(order), json={"notification_email": "ops@acme.example"})
    assert edit.status_code == 409, edit.text
    assert (edit.json()["rule"], edit.json()["state"]) == ("R-PSTN-21", "submitted")
    rejection = PortRejection(code=PortRejectionCode.foc_rejected, detail="the requested date is too soon")
    rejected = await porting.carrier_says(order, "rejected", rejection=rejection)
    assert rejected["state"] == "rejected"
    assert rejected["rejection"]["remedy"] == REJECTION_CODES[PortRejectionCode.foc_rejected].remedy
    await ok(await porting.client.patch(porting.order(order), json={"requested_at": None}))
    resubmitted = await ok(await porting.submit(order))
    assert (resubmitted["state"], resubmitted["attempts"], resubmitted["rejection"]) == ("submitted", 2, None)
    foc_at = porting.world.api.runtime.clock.now() + timedelta(days=20)
    focd = await porting.carrier_says(order, "foc_received", foc_at=foc_at)
    assert focd["state"] == "foc_received"
    cancelling = await ok(await porting.client.post(f"{porting.order(order)}/cancellation"))
    assert (cancelling["state"], cancelling["cancel_pending"]) == ("foc_received", True)
    cancelled = await porting.carrier_says(order, "cancelled")
    assert (cancelled["state"], cancelled["cancel_pending"]) == ("cancelled", False)
    late = await porting.submit(order)
    assert late.status_code == 409, late.text
    assert late.json()["state"] == "cancelled"
    steps = [(e["action"], e["from_state"], e["to_state"]) for e in await porting.timeline(order)]
    transitions = [s for s in steps if s[1] != s[2] or s[0] in ("created", "cancel_requested")]
    assert transitions == [
        ("created", None, "pending"),
        ("submitted", "pending", "submitted"),
        ("rejected", "submitted", "rejected"),
        ("resubmitted", "rejected", "submitted"),
        ("foc_received", "submitted", "foc_received"),
        ("cancel_requested", "foc_received", "foc_received"),
        ("cancelled", "foc_received", "cancelled"),
    ]
    actors = {e["action"]: e["actor"] for e in await porting.timeline(order)}
    assert actors["rejected"] == "carrier"
    assert actors["submitted"] == porting.world.partner.client_id


@pytest.mark.parametrize("code", list(PortRejectionCode))
async def test_every_rejection_code_is_answered_with_its_remedy_and_desk(
    porting: Porting, code: PortRejectionCode
) -> None:
    """R-PSTN-22: each code shows its display name, meaning and remedy; `unknown` names PSTN technical support
    (R-PSTN-24)."""
    order = await porting.ready([ACME.numbers[20]], account_of(ACME))
    await ok(await porting.submit(order))
    rejected = await porting.carrier_says(
        order, "rejected", rejection=PortRejection(code=code, detail="as the carrier said")
    )
    row = REJECTION_CODES[code]
    shown = rejected["rejection"]
    assert (shown["code"], shown["display_name"], shown["remedy"]) == (code.value, row.display_name, row.remedy)
    if code is PortRejectionCode.unknown:
        assert shown["help"]["desk"] == "pstn_technical_support"
        assert rejected["help"]["desk"] == "pstn_technical_support"
    if code is PortRejectionCode.main_btn_pending:
        assert shown["question"]
        assert any("new_btn" in q for q in shown["question"])


async def test_a_multiple_btns_rejection_splits_into_one_draft_per_btn_group(porting: Porting) -> None:
    """R-PSTN-22: multiple_btns answers a ready split; the order is cancelled and each BTN gets a draft."""
    chicago, second = BY_BTN["+13122360200"], BY_BTN["+13122360250"]
    numbers = [*chicago.numbers[1:3], *second.numbers[1:3]]
    order = await porting.ready(numbers, account_of(chicago))
    await ok(await porting.submit(order))
    groups = {chicago.btn: list(chicago.numbers[1:3]), second.btn: list(second.numbers[1:3])}
    rejection = PortRejection(code=PortRejectionCode.multiple_btns, detail="several BTNs", groups=groups)
    rejected = await porting.carrier_says(order, "rejected", rejection=rejection)
    assert {g["btn"] for g in rejected["rejection"]["split"]} == set(groups)
    drafts = await porting.client.post(f"{porting.order(order)}/split")
    assert drafts.status_code == 201, drafts.text
    by_btn = {d["account"]["btn"]: d for d in drafts.json()}
    assert set(by_btn) == set(groups)
    assert {d["state"] for d in by_btn.values()} == {"pending"}
    assert by_btn[chicago.btn]["account"]["account_number"] == chicago.account_number
    assert by_btn[second.btn]["account"]["account_number"] is None  # the other account's number is asked for
    for btn, draft in by_btn.items():
        assert sorted(await porting.numbers(draft)) == sorted(groups[btn])
        assert draft["split_from"] == order["id"]
    assert (await porting.get(order))["state"] == "cancelled"


async def test_main_btn_pending_asks_how_the_btn_is_ported_and_the_answer_goes_with_the_resubmission(
    porting: Porting,
) -> None:
    """R-PSTN-22: main_btn_pending asks the port type, the remaining numbers and the new BTN."""
    order = await porting.ready([ACME.btn, ACME.numbers[1]], account_of(ACME))
    report = await ok(await porting.client.post(f"{porting.order(order)}/check"))
    assert [d["code"] for d in report["differences"]] == ["main_btn_pending"]
    bad = await porting.client.put(
        f"{porting.order(order)}/main-btn", json={"port_type": "partial", "remaining": "keep"}
    )
    assert bad.status_code == 422, bad.text
    assert bad.json()["invalid_params"][0]["name"] == "new_btn"
    answer = {"port_type": "partial", "remaining": "keep", "new_btn": ACME.numbers[2]}
    answered = await ok(await porting.client.put(f"{porting.order(order)}/main-btn", json=answer))
    assert answered["main_btn"] == answer
    assert (await ok(await porting.client.post(f"{porting.order(order)}/check")))["differences"] == []
    assert (await ok(await porting.submit(order)))["state"] == "submitted"


async def test_pending_port_numbers_are_assigned_before_completion_and_bill_from_it(porting: Porting) -> None:
    """R-PSTN-39: a port's numbers are pending, assignable to users before completion, carrying no calls;
    R-PSTN-23: completion activates them and starts their billing."""
    world = porting.world
    numbers = list(ACME.numbers[30:33])
    order = await porting.ready(numbers, account_of(ACME))
    await ok(await porting.submit(order))
    pending = await ok(await porting.client.get(f"{porting.base}/numbers", params={"state": "pending", "limit": 50}))
    rows = {n["number"]: n for n in pending["items"] if n["number"] in numbers}
    assert sorted(rows) == sorted(numbers)
    user = await world.user("hanna@fjord.example")
    first = rows[numbers[0]]
    assigned = await ok(
        await porting.client.put(
            f"{porting.base}/numbers/{first['id']}/assignment", json={"assignee_kind": "user", "assignee_id": str(user)}
        )
    )
    assert (assigned["state"], assigned["assignee_id"]) == ("pending", str(user))  # no calls before completion
    assert await world.events("pstn.number_billing_started.v1") == []
    done = await porting.carrier_says(order, "completed")
    assert done["state"] == "completed"
    assert done["by_status"] == {"success": 3}
    after = {
        n["number"]: n
        for n in (await ok(await porting.client.get(f"{porting.base}/numbers", params={"limit": 50})))["items"]
    }
    assert after[numbers[0]]["state"] == "assigned"
    assert {after[n]["state"] for n in numbers[1:]} == {"unassigned"}
    billing = [e for e in await world.events("pstn.number_billing_started.v1") if e["number"] in numbers]
    assert len(billing) == 3


async def test_the_signed_loa_is_a_pdf_listing_every_number_the_account_and_the_signer(porting: Porting) -> None:
    """R-PSTN-15: the LOA signed in the flow names the signer's first and last name and title, lists every number
    and the losing account, and carries the signing time; it is kept as a document of kind loa."""
    numbers = list(ACME.numbers[1:60])
    order = await ok(await porting.draft(numbers, account_of(ACME)), 201)
    signer = {"first_name": "Dana", "last_name": "Whitfield", "title": "Office Manager"}
    signed = await ok(await porting.client.post(f"{porting.order(order)}/loa-signature", json=signer))
    assert signed["loa_current"]
    document = await ok(await porting.client.get(f"{porting.base}/documents/{signed['loa_id']}"))
    assert (document["kind"], document["media_type"]) == ("loa", "application/pdf")
    content = await porting.client.get(f"{porting.base}/documents/{signed['loa_id']}/content")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content.content)).pages)
    assert [n for n in numbers if n not in text] == []
    for expected in ("Dana Whitfield", "Office Manager", ACME.account_number, ACME.company_name, "10118", "STE 4100"):
        assert expected in text
    signed_at = datetime.fromisoformat(signed["loa_signed_at"]).isoformat(timespec="seconds")
    assert f"Signed at: {signed_at}" in text
    stored = [e for e in await porting.world.events("pstn.document_stored.v1") if e["kind"] == "loa"]
    assert [e["document_id"] for e in stored] == [signed["loa_id"]]
    removed = await ok(await porting.client.patch(porting.order(order), json={"remove_numbers": [numbers[0]]}))
    assert not removed["loa_current"]  # the LOA no longer lists exactly the order's numbers: sign it again


async def test_an_loa_without_the_signers_title_is_refused(porting: Porting) -> None:
    """R-PSTN-15: the signer's first and last name and title are all required, and must print as given."""
    order = await ok(await porting.draft([ACME.numbers[40]], account_of(ACME)), 201)
    untitled = {"first_name": "Dana", "last_name": "Whitfield"}
    unprintable = {"first_name": "Dana", "last_name": "Whitfield \u738b", "title": "Office Manager"}
    for body, field in ((untitled, "title"), (unprintable, "last_name")):
        answer = await porting.client.post(f"{porting.order(order)}/loa-signature", json=body)
        assert answer.status_code == 422, answer.text
        assert [p["name"] for p in answer.json()["invalid_params"]] == [field]
    assert (await porting.get(order))["loa_id"] is None


async def test_an_assisted_port_takes_the_uploaded_country_loa_and_reminds_until_it_arrives(
    porting: Porting, services: Services
) -> None:
    """R-PSTN-17: in an assisted country the LOA is the signed country-specific one, uploaded; a submitter who is
    not the authorised contact submits without it, and the order contacts are reminded by email until it arrives."""
    world = porting.world
    london = await assisted_location(world)
    cart = await porting.cart(["+442079460101", "+442079460102"])
    body = {
        "cart_id": cart["id"],
        "location_id": str(london),
        "account": {
            "account_number": "LDN-220931",
            "authorized_name": "Oliver Grant",
            "company_name": "Fjord Logistics UK Ltd",
            "btn": "+442079460101",
            "service_address": {
                "house_number": "10",
                "street_name": "Downing",
                "street_suffix": "ST",
                "city": "London",
                "state": "LND",
                "postal_code": "SW1A 2AA",
                "country": "GB",
            },
        },  # fmt: skip
        "requested_at": (world.api.runtime.clock.now() + timedelta(days=20)).isoformat(),
        "notification_email": "porting@fjord-logistics.example",
    }
    order = await ok(await porting.client.post(f"{porting.base}/port-orders", json=body), 201)
    assert order["mode"] == "assisted"
    in_flow = await porting.client.post(
        f"{porting.order(order)}/loa-signature", json={"first_name": "O", "last_name": "G", "title": "CFO"}
    )
    assert in_flow.status_code == 422, in_flow.text
    assert in_flow.json()["rule"] == "R-PSTN-17"
    await porting.bill(order)
    submitted = await ok(await porting.submit(order))
    assert (submitted["state"], submitted["loa_id"]) == ("submitted", None)

    async def remind() -> list[Any]:
        timers = platform.timers
        async with world.api.session() as session, session.begin():
            await session.execute(
                update(timers)
                .where(
                    timers.c.key == order["id"], timers.c.kind == "port_order.loa_reminder", timers.c.fired_at.is_(None)
                )
                .values(due_at=world.api.runtime.clock.now() - timedelta(seconds=1))
            )
        await world.api.runtime.timers.fire_due()
        assert services.mail is not None
        return [m for m in services.mail.messages if m["X-Port-Order-Id"] == order["id"]]

    reminders = await remind()
    assert [m["X-Port-Order-Notice"] for m in reminders] == ["loa_missing"]
    assert "porting@fjord-logistics.example" in reminders[0]["To"]
    letter = bill_pdf()
    form = {"kind": "loa"}
    document = await ok(
        await porting.client.post(
            f"{porting.base}/documents", data=form, files={"file": ("loa-gb.pdf", letter, "application/pdf")}
        ),
        201,
    )
    uploaded = await ok(await porting.client.put(f"{porting.order(order)}/loa", json={"document_id": document["id"]}))
    assert (uploaded["loa_id"], uploaded["state"]) == (document["id"], "submitted")
    assert len(await remind()) == 1  # no reminder once it arrived


async def test_a_submitted_port_is_supplemented_and_activated_on_demand_on_its_foc_day(
    porting: Porting, services: Services
) -> None:
    """R-PSTN-21: a supplement changes a submitted order's wished date at the carrier; on the FOC day the port is
    activated on demand, before the carrier's own time, and completes."""
    world = porting.world
    clock = services.clock
    numbers = list(ACME.numbers[50:53])
    order = await porting.ready(numbers, account_of(ACME))
    await ok(await porting.submit(order))
    wish = (clock.now() + timedelta(days=25)).replace(microsecond=0)
    supplemented = await ok(
        await porting.client.post(f"{porting.order(order)}/supplements", json={"requested_at": wish.isoformat()})
    )
    assert supplemented["requested_at"] == wish.isoformat().replace("+00:00", "Z")
    assert "supplemented" in [e["action"] for e in await porting.timeline(order)]
    early = await porting.client.post(f"{porting.order(order)}/activation")
    assert early.status_code == 409, early.text
    carrier = world.api.runtime.component(PortLifecycle).carrier
    clock.advance(timedelta(days=2, minutes=1))  # the losing carrier's review
    for _ in range(100):
        status = await carrier.port_status(supplemented["carrier_port_id"])
        if status.state is PortState.foc_received:
            break
        await asyncio.sleep(0.1)
    assert status.state is PortState.foc_received
    assert status.foc_at is not None
    assert status.foc_at >= wish  # the wished date holds: it was later than the carrier's earliest
    ports = world.api.runtime.component(PortLifecycle)
    async with world.api.session() as session, session.begin():
        await ports.apply(session, status)
    not_yet = await porting.client.post(f"{porting.order(order)}/activation")
    assert not_yet.status_code == 409, not_yet.text
    assert not_yet.json()["type"].endswith("/port-not-on-foc-day")
    clock.advance(status.foc_at.replace(hour=0, minute=1, second=0, microsecond=0) - clock.now())
    activated = await ok(await porting.client.post(f"{porting.order(order)}/activation"))
    assert (activated["state"], activated["by_status"]) == ("completed", {"success": 3})
    states = {
        n["number"]: n["state"]
        for n in (await ok(await porting.client.get(f"{porting.base}/numbers", params={"limit": 100})))["items"]
    }
    assert {states[n] for n in numbers} == {"unassigned"}


async def test_port_orders_are_listed_a_page_at_a_time_and_by_state(porting: Porting) -> None:
    first = await ok(await porting.draft([ACME.numbers[44]], account_of(ACME)), 201)
    second = await ok(await porting.draft([ACME.numbers[45]], account_of(ACME)), 201)
    page = await ok(await porting.client.get(f"{porting.base}/port-orders", params={"limit": 1}))
    assert len(page["items"]) == 1
    rest = await ok(
        await porting.client.get(f"{porting.base}/port-orders", params={"limit": 1, "cursor": page["next_cursor"]})
    )
    assert rest["next_cursor"] is None
    # One transaction's orders share created_at: the pages follow the id, each order once.
    assert {page["items"][0]["id"], rest["items"][0]["id"]} == {first["id"], second["id"]}
    assert (rest["items"][0]["account"]["pin_given"], rest["items"][0]["numbers"]) == (False, 1)
    submitted = await ok(await porting.client.get(f"{porting.base}/port-orders", params={"state": "submitted"}))
    assert submitted["items"] == []
