"""Ports in at the sandbox: portability per number (R-PSTN-16), the losing carriers' records, every rejection
code of R-PSTN-22 played from a difference with the record or a test value, FOC and completion on the clock
(R-PSTN-30), resubmission, supplements, cancellation and on-demand activation, every change told back (R-PSTN-21)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from pstn_orders.carrier import (
    CarrierAccount,
    CivicAddress,
    LosingAccount,
    NumberOutcome,
    PortabilityVerdict,
    PortRejectionCode,
    PortRequest,
    PortRequestRefused,
    PortState,
    PortStatus,
)
from pstn_orders.port_rejection import REJECTION_CODES, rejection_code
from pstn_orders.sandbox_carrier.porting_data import ACCOUNTS, OffNetAccount
from pstn_orders.support.desks import DeskName
from tests.pstn_orders.sandbox_carrier.conftest import Sandbox

pytestmark = pytest.mark.asyncio(loop_scope="session")

BY_BTN = {a.btn: a for a in ACCOUNTS}
ACME = BY_BTN["+12127360200"]
DALLAS = BY_BTN["+12147410100"]
CHICAGO, CHICAGO_SECOND = BY_BTN["+13122360200"], BY_BTN["+13122360250"]
SEATTLE = BY_BTN["+12063240300"]
LOS_ANGELES = BY_BTN["+12134860100"]
TORONTO = BY_BTN["+14169680200"]
MIAMI = BY_BTN["+13053770300"]
REVIEW = timedelta(days=2, minutes=1)  # the losing carrier has answered


def port_request(
    sandbox: Sandbox, account: OffNetAccount, numbers: list[str] | None = None, **fields: Any
) -> PortRequest:
    """A request that matches the account's record in every detail, but for `fields` (losing.* for the account)."""
    losing = {
        "account_number": account.account_number,
        "authorized_name": account.authorized_name,
        "company_name": account.company_name,
        "btn": account.btn,
        "pin": account.pin,
        "service_address": account.service_address,
    }
    for key in list(fields):
        if key.startswith("losing_"):
            losing[key.removeprefix("losing_")] = fields.pop(key)
    return PortRequest(
        order_ref=str(uuid.uuid4()),
        account=CarrierAccount(
            customer_id=str(uuid.uuid4()),
            company_name="Northwind Voice",
            contact_email="porting@northwind.example",
            signer_name=account.authorized_name,
        ),
        numbers=list(account.numbers[:5]) if numbers is None else numbers,
        losing=LosingAccount.model_validate(losing),
        loa_signed_at=fields.pop("loa_signed_at", sandbox.clock.now() - timedelta(days=1)),
        bill_checksum=fields.pop("bill_checksum", hashlib.sha256(b"a bill").hexdigest()),
        **fields,
    )


async def told(sandbox: Sandbox, port_id: str, state: PortState) -> PortStatus:
    """The port status callback telling `state`, once delivered."""
    await sandbox.eventually(lambda: any(s.state == state for s in sandbox.ports.of(port_id)))
    return next(s for s in sandbox.ports.of(port_id) if s.state == state)


async def answered(sandbox: Sandbox, request: PortRequest) -> PortStatus:
    submitted = await sandbox.carrier.submit_port(request)
    assert submitted.state == PortState.submitted
    sandbox.clock.advance(REVIEW)
    await sandbox.eventually(lambda: bool(sandbox.ports.of(submitted.carrier_port_id)))
    return await sandbox.carrier.port_status(submitted.carrier_port_id)


def moved(address: CivicAddress, **fields: str) -> CivicAddress:
    return address.model_copy(update=fields)


Case = Callable[[Sandbox], PortRequest]

# R-PSTN-22: each code, and the request that earns it.
CASES: dict[PortRejectionCode, tuple[Case, list[str]]] = {
    PortRejectionCode.account_number_mismatch: (
        lambda s: port_request(s, ACME, losing_account_number="8812447100"),
        [],
    ),
    PortRejectionCode.account_number_required: (lambda s: port_request(s, ACME, losing_account_number=None), []),
    PortRejectionCode.account_name_mismatch: (
        lambda s: port_request(s, ACME, losing_authorized_name="Mario Alvarez"),
        [],
    ),
    PortRejectionCode.btn_mismatch: (
        lambda s: port_request(s, ACME, losing_btn="+12127360299"),
        list(ACME.numbers[:5]),
    ),
    PortRejectionCode.company_name_mismatch: (lambda s: port_request(s, ACME, losing_company_name="Acme Dental"), []),
    PortRejectionCode.multiple_btns: (
        lambda s: port_request(s, CHICAGO, [*CHICAGO.numbers, *CHICAGO_SECOND.numbers[:2]]),
        list(CHICAGO_SECOND.numbers[:2]),
    ),
    PortRejectionCode.foc_rejected: (
        lambda s: port_request(s, ACME, requested_at=s.clock.now() + timedelta(days=1)),
        [],
    ),
    PortRejectionCode.unknown: (lambda s: port_request(s, MIAMI), []),
    PortRejectionCode.invalid_pin: (lambda s: port_request(s, SEATTLE, losing_pin="1111"), []),
    PortRejectionCode.pending_order: (
        lambda s: port_request(s, DALLAS, ["+12147410110", "+12147410118"]),
        ["+12147410118"],
    ),
    PortRejectionCode.main_btn_pending: (lambda s: port_request(s, ACME, list(ACME.numbers[:10])), [ACME.btn]),
    PortRejectionCode.service_address_mismatch: (
        lambda s: port_request(s, ACME, losing_service_address=moved(ACME.service_address, street_name="6TH")),
        [],
    ),
    PortRejectionCode.tn_special_feature: (
        lambda s: port_request(s, DALLAS, ["+12147410110", "+12147410117"]),
        ["+12147410117"],
    ),
    PortRejectionCode.tn_error: (
        lambda s: port_request(s, ACME, [*ACME.numbers[1:3], "+12147410110"]),
        ["+12147410110"],
    ),
    PortRejectionCode.tn_not_portable: (
        lambda s: port_request(s, TORONTO, ["+14169680201", "+14169680209"]),
        ["+14169680209"],
    ),
    PortRejectionCode.rate_center_not_supported: (
        lambda s: port_request(s, LOS_ANGELES, ["+12134860101", "+12134860108"]),
        ["+12134860108"],
    ),
    PortRejectionCode.zip_code_mismatch: (
        lambda s: port_request(s, ACME, losing_service_address=moved(ACME.service_address, postal_code="10001")),
        [],
    ),
    PortRejectionCode.invalid_bill: (lambda s: port_request(s, ACME, bill_checksum=None), []),
    PortRejectionCode.invalid_loa: (
        lambda s: port_request(s, ACME, loa_signed_at=s.clock.now() - timedelta(days=90)),
        [],
    ),
}


async def test_every_r_pstn_22_code_has_a_sandbox_case() -> None:
    """R-PSTN-22: the sandbox plays every code of the table."""
    assert set(CASES) == set(PortRejectionCode)


@pytest.mark.parametrize("code", list(CASES), ids=str)
async def test_the_sandbox_rejects_with_each_r_pstn_22_code(sandbox: Sandbox, code: PortRejectionCode) -> None:
    """R-PSTN-22: a difference with the customer service record (or a test value) rejects the port with its code,
    the numbers it is about, and a remedy from the table."""
    case, numbers = CASES[code]
    request = case(sandbox)
    status = await answered(sandbox, request)
    assert status.state == PortState.rejected
    assert status.rejection is not None
    assert status.rejection.code == code
    assert status.rejection.numbers == numbers
    assert all(status.numbers[n] == NumberOutcome.failed for n in numbers)
    assert rejection_code(status.rejection.code).remedy


async def test_the_rejection_table_routes_unknown_to_pstn_technical_support() -> None:
    """R-PSTN-22: every code has a display name, a meaning and a remedy; R-PSTN-24: `unknown` goes to PSTN technical
    support, the others the customer fixes."""
    assert set(REJECTION_CODES) == set(PortRejectionCode)
    assert all(row.display_name and row.meaning and row.remedy for row in REJECTION_CODES.values())
    assert REJECTION_CODES[PortRejectionCode.unknown].desk == DeskName.pstn_technical_support
    assert {code for code, row in REJECTION_CODES.items() if row.desk is not None} == {PortRejectionCode.unknown}
    assert rejection_code("not_a_code").code == PortRejectionCode.unknown


async def test_portability_is_answered_per_number(sandbox: Sandbox) -> None:
    """R-PSTN-16: portable, not portable with the reason, wireless needs the PIN, rate center not portable — for
    numbers of the losing carriers' accounts, numbers of no account by their test values, and the carrier's own."""
    [own] = await sandbox.free_numbers(1)
    asked = {
        ACME.numbers[3]: PortabilityVerdict.portable,
        SEATTLE.numbers[0]: PortabilityVerdict.needs_pin,
        "+12134860108": PortabilityVerdict.rate_center_not_portable,
        "+14169680209": PortabilityVerdict.not_portable,
        "+14157829911": PortabilityVerdict.not_portable,
        "+14157829912": PortabilityVerdict.needs_pin,
        "+14157829913": PortabilityVerdict.rate_center_not_portable,
        "+14157824321": PortabilityVerdict.portable,
        own: PortabilityVerdict.not_portable,
    }
    answers = await sandbox.carrier.check_portability(list(asked))
    assert [a.number for a in answers] == list(asked)
    assert {a.number: a.verdict for a in answers} == asked
    by_number = {a.number: a for a in answers}
    assert by_number[ACME.numbers[3]].losing_carrier == ACME.losing_carrier
    assert by_number[SEATTLE.numbers[0]].wireless
    assert by_number["+14169680209"].reason
    assert by_number[own].reason == "the number is already with this carrier"


async def test_the_customer_service_record_is_found_by_its_btn(sandbox: Sandbox) -> None:
    """R-PSTN-15: the losing carrier's record of the account, its PIN requirement, pending orders and features."""
    record = await sandbox.carrier.customer_service_record(ACME.btn)
    assert record is not None
    assert record.account_number == ACME.account_number
    assert record.numbers == list(ACME.numbers)
    assert len(record.numbers) == 60
    assert record.service_address == ACME.service_address
    assert not record.pin_required
    seattle = await sandbox.carrier.customer_service_record(SEATTLE.btn)
    assert seattle is not None
    assert seattle.pin_required
    dallas = await sandbox.carrier.customer_service_record(DALLAS.btn)
    assert dallas is not None
    assert dallas.pending_order_numbers == ["+12147410118", "+12147410119"]
    assert dallas.special_feature_numbers == ["+12147410117"]
    assert await sandbox.carrier.customer_service_record("+12127360299") is None


async def test_a_port_gets_its_foc_and_completes_about_three_weeks_after_the_loa(sandbox: Sandbox) -> None:
    """R-PSTN-30 and R-PSTN-21: submitted, FOC received a few days later for about 3 weeks after the LOA, then
    completed on the FOC date, every number ported; each change told by a callback, delivered again when refused."""
    loa = sandbox.clock.now() - timedelta(hours=2)
    numbers = list(ACME.numbers[10:60])
    request = port_request(sandbox, ACME, numbers, loa_signed_at=loa)
    submitted = await sandbox.carrier.submit_port(request)
    assert (await sandbox.carrier.submit_port(request)).carrier_port_id == submitted.carrier_port_id  # idempotent
    assert submitted.numbers == dict.fromkeys(numbers, NumberOutcome.in_progress)

    sandbox.clock.advance(timedelta(days=1))
    await sandbox.carrier.play()
    assert (await sandbox.carrier.port_status(submitted.carrier_port_id)).state == PortState.submitted
    sandbox.ports.refuse_next = 1
    sandbox.clock.advance(timedelta(days=1, minutes=1))
    await sandbox.eventually(lambda: sandbox.ports.refuse_next == 0)
    assert not sandbox.ports.of(submitted.carrier_port_id)  # refused: delivered again later
    sandbox.clock.advance(timedelta(seconds=31))
    foc = await told(sandbox, submitted.carrier_port_id, PortState.foc_received)
    assert foc.order_ref == request.order_ref
    assert foc.foc_at == loa + timedelta(days=21)

    sandbox.clock.advance(foc.foc_at - sandbox.clock.now() + timedelta(minutes=1))
    completed = await told(sandbox, submitted.carrier_port_id, PortState.completed)
    assert completed.numbers == dict.fromkeys(numbers, NumberOutcome.success)


async def test_a_rejected_port_submitted_again_is_a_new_try(sandbox: Sandbox) -> None:
    """R-PSTN-22: the customer fixes the order (the PIN of a wireless port) and resubmits it; R-PSTN-21: rejected
    goes back to submitted, then to foc_received."""
    first = port_request(sandbox, SEATTLE, losing_pin=None)
    rejected = await answered(sandbox, first)
    assert rejected.rejection is not None
    assert rejected.rejection.code == PortRejectionCode.invalid_pin

    fixed = first.model_copy(update={"losing": first.losing.model_copy(update={"pin": SEATTLE.pin})})
    again = await sandbox.carrier.submit_port(fixed)
    assert again.carrier_port_id == rejected.carrier_port_id
    assert again.state == PortState.submitted
    assert again.rejection is None
    sandbox.clock.advance(REVIEW)
    await told(sandbox, again.carrier_port_id, PortState.foc_received)


async def test_a_port_of_only_voice_or_only_messaging_is_refused(sandbox: Sandbox) -> None:
    """R-PSTN-18: in the US and Canada voice and messaging move together; porting only one is a request to PSTN
    technical support, refused by the carrier's API with that reason, and nothing is submitted."""
    for voice, messaging in ((True, False), (False, True)):
        request = port_request(sandbox, ACME, voice=voice, messaging=messaging)
        with pytest.raises(PortRequestRefused) as refused:
            await sandbox.carrier.submit_port(request)
        assert refused.value.rule == "R-PSTN-18"
        assert "PSTN technical support" in refused.value.reason
        assert not await sandbox.rows("SELECT id FROM sandbox_ports WHERE order_ref = :ref", ref=request.order_ref)


async def test_a_supplement_changes_the_date_and_the_carrier_commits_again(sandbox: Sandbox) -> None:
    """A submitted port's date changed by a supplement: reviewed again, the new FOC is the requested date."""
    request = port_request(sandbox, ACME, list(ACME.numbers[1:4]))
    status = await answered(sandbox, request)
    assert status.state == PortState.foc_received
    wished = (sandbox.clock.now() + timedelta(days=40)).replace(microsecond=0)
    supplemented = await sandbox.carrier.supplement_port(
        status.carrier_port_id, request.model_copy(update={"requested_at": wished})
    )
    assert supplemented.state == PortState.submitted
    assert supplemented.foc_at is None
    sandbox.clock.advance(REVIEW)
    await sandbox.eventually(lambda: len(sandbox.ports.of(status.carrier_port_id)) == 2)
    assert (await sandbox.carrier.port_status(status.carrier_port_id)).foc_at == wished


async def test_a_cancellation_is_confirmed_by_the_carrier(sandbox: Sandbox) -> None:
    """R-PSTN-21: cancelled once the carrier confirms it (the port stays as it was meanwhile); a completed port
    cannot be cancelled."""
    submitted = await sandbox.carrier.submit_port(port_request(sandbox, ACME, list(ACME.numbers[4:6])))
    asked = await sandbox.carrier.cancel_port(submitted.carrier_port_id)
    assert asked.state == PortState.submitted
    sandbox.clock.advance(timedelta(minutes=31))
    cancelled = await told(sandbox, submitted.carrier_port_id, PortState.cancelled)
    assert cancelled.numbers == dict.fromkeys(ACME.numbers[4:6], NumberOutcome.failed)
    sandbox.clock.advance(REVIEW)
    await sandbox.carrier.play()
    assert [s.state for s in sandbox.ports.of(submitted.carrier_port_id)] == [PortState.cancelled]


async def test_a_port_is_activated_on_demand_on_its_foc_day(sandbox: Sandbox) -> None:
    """On-demand activation: refused before the FOC day, completes the port at once on it (R-PSTN-21)."""
    status = await answered(sandbox, port_request(sandbox, ACME, list(ACME.numbers[6:9])))
    assert status.state == PortState.foc_received
    assert status.foc_at is not None
    with pytest.raises(PortRequestRefused):
        await sandbox.carrier.activate_port(status.carrier_port_id)
    day_start = datetime.combine(status.foc_at.date(), datetime.min.time(), tzinfo=status.foc_at.tzinfo)
    sandbox.clock.advance(max(day_start - sandbox.clock.now(), timedelta()) + timedelta(seconds=1))
    assert sandbox.clock.now() < status.foc_at
    activated = await sandbox.carrier.activate_port(status.carrier_port_id)
    assert activated.state == PortState.completed
    await told(sandbox, status.carrier_port_id, PortState.completed)
    with pytest.raises(PortRequestRefused):
        await sandbox.carrier.cancel_port(status.carrier_port_id)
