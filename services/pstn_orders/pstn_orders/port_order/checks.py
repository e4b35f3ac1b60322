"""The check before submission (R-PSTN-19): every preliminary problem at once, then the order compared field by
field with the losing carrier's customer service record, each difference answered with the rejection code it
would cause and its remedy (R-PSTN-22) before the carrier ever sees the order."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pstn_orders.carrier import CustomerServiceRecord, LosingAccount, MainBtnPlan, PortRejectionCode, ServiceAddress
from pstn_orders.document.models import Document
from pstn_orders.document.service import BILL_MAX_AGE
from pstn_orders.port_order.models import PortOrder
from pstn_orders.port_order.schemas import Difference
from pstn_orders.port_rejection import rejection_code
from pstn_orders.support.desks import DESKS, DeskContact, desk_for
from servicekit import ProblemError, ValidationFailed

Code = PortRejectionCode
_STREET = ("house_number", "pre_directional", "street_name", "street_suffix", "post_directional", "city", "state")


def code_help(code: PortRejectionCode | str) -> DeskContact | None:
    """The desk to contact about a rejection code: its own, or the route for rejections (`unknown`, R-PSTN-24)."""
    row = rejection_code(code)
    if row.desk is None:
        return desk_for("rejected", row.code.value)
    desk = DESKS[row.desk]
    return DeskContact(desk=row.desk, title=desk.title, purpose="port rejections", contact=desk.contact)


def _problem(field: str, reason: str, rule: str) -> dict[str, Any]:
    return ValidationFailed.field(field, reason, rule=rule).to_problem()


def preliminary(
    order: PortOrder,
    *,
    numbers: list[str],
    needs_pin: bool,
    bill: Document | None,
    plan_problem: ProblemError | None,
    now: datetime,
) -> list[dict[str, Any]]:
    """Every problem that stops the submission, all at once (R-PSTN-19)."""
    problems: list[dict[str, Any]] = []
    account = LosingAccount.model_validate(order.account)
    if plan_problem is not None:
        problems.append(plan_problem.to_problem())  # R-PSTN-15: the calling plan enabled on the location
    if not numbers:
        problems.append(_problem("numbers", "the order has no numbers left to port", "R-PSTN-15"))
    if bill is None:
        problems.append(_problem("bill_id", "attach the losing carrier's bill (PNG or PDF)", "R-PSTN-15"))
    elif bill.document_date is None or now.date() - bill.document_date > BILL_MAX_AGE:  # R-PSTN-15
        problems.append(
            _problem("bill_id", f"the bill is from {bill.document_date}, more than 30 days ago", "R-PSTN-15")
        )
    if order.mode == "self_service":
        if order.loa_id is None:  # R-PSTN-15: signed in the flow by the authorised person
            problems.append(_problem("loa", "the authorised person has not signed the LOA yet", "R-PSTN-15"))
        elif sorted(order.loa_numbers or []) != sorted(numbers):
            problems.append(_problem("loa", "the numbers changed since the LOA was signed: sign it again", "R-PSTN-15"))
    if needs_pin and not account.pin:  # R-PSTN-15: the account PIN, if any
        problems.append(_problem("account.pin", "wireless numbers: the port needs the account PIN", "R-PSTN-15"))
    if order.requested_at is not None and order.requested_at <= now:
        problems.append(_problem("requested_at", "the requested port date is in the past", "R-PSTN-17"))
    return problems


def _same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").upper().split()) == " ".join((b or "").upper().split())


def _postal(address: ServiceAddress) -> str:
    code = address.postal_code.upper().replace(" ", "")
    return code[:5] if address.country == "US" else code


def _difference(
    code: PortRejectionCode, field: str, given: str | None, record: str | None, numbers: Iterable[str] = ()
) -> Difference:
    row = rejection_code(code)
    return Difference(
        field=field,
        given=given,
        record=record,
        numbers=sorted(numbers),
        code=code.value,
        display_name=row.display_name,
        remedy=row.remedy,
        help=code_help(code),
    )


def against_record(
    account: LosingAccount, numbers: list[str], record: CustomerServiceRecord | None, main_btn: MainBtnPlan | None
) -> list[Difference]:
    """Each field of the order that differs from the record, with the code it would cause (R-PSTN-19)."""
    if record is None:
        return [_difference(Code.btn_mismatch, "account.btn", account.btn, None)]
    found: list[Difference] = []
    on_account = set(record.numbers)
    if absent := [n for n in numbers if n not in on_account]:
        found.append(_difference(Code.tn_not_portable, "numbers", None, None, absent))
    if not account.account_number:
        found.append(_difference(Code.account_number_required, "account.account_number", None, record.account_number))
    elif not _same(account.account_number, record.account_number):
        found.append(_difference(Code.account_number_mismatch, "account.account_number", account.account_number, None))
    if not _same(account.authorized_name, record.authorized_name):
        found.append(
            _difference(
                Code.account_name_mismatch, "account.authorized_name", account.authorized_name, record.authorized_name
            )
        )
    if not _same(account.company_name, record.company_name):
        found.append(
            _difference(Code.company_name_mismatch, "account.company_name", account.company_name, record.company_name)
        )
    given, kept = account.service_address, record.service_address
    if _postal(given) != _postal(kept):
        found.append(
            _difference(
                Code.zip_code_mismatch, "account.service_address.postal_code", given.postal_code, kept.postal_code
            )
        )
    for name in _STREET:
        if not _same(getattr(given, name), getattr(kept, name)):
            field = f"account.service_address.{name}"
            found.append(_difference(Code.service_address_mismatch, field, getattr(given, name), getattr(kept, name)))
    if record.pin_required and not account.pin:
        found.append(_difference(Code.invalid_pin, "account.pin", None, None))
    if pending := set(numbers) & set(record.pending_order_numbers):
        found.append(_difference(Code.pending_order, "numbers", None, None, pending))
    if featured := set(numbers) & set(record.special_feature_numbers):
        found.append(_difference(Code.tn_special_feature, "numbers", None, None, featured))
    if record.btn in numbers and not on_account <= set(numbers) and main_btn is None:
        found.append(_difference(Code.main_btn_pending, "main_btn", None, None, [record.btn]))
    return found
