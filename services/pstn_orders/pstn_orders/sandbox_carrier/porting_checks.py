"""How the sandbox's losing carriers judge numbers and port requests: portability, and the one rejection code a
request earns (a real carrier answers the first problem it finds), from the request compared with the record.

Numbers of no account are judged by their last four digits (PortLine): the sandbox takes ports of any other
number, so a pasted list of real-looking numbers ports.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from pstn_orders.carrier import (
    CustomerServiceRecord,
    Portability,
    PortabilityVerdict,
    PortRejection,
    PortRejectionCode,
    PortRequest,
    ServiceAddress,
)

Code = PortRejectionCode


class PortLine(StrEnum):
    """Test values for numbers of no account, matched on the last four digits."""

    not_portable = "9911"  # inactive at its carrier: not portable (tn_not_portable when submitted)
    wireless = "9912"  # wireless: needs the PIN (invalid_pin when submitted without one)
    rate_center = "9913"  # in a rate center that is not portable (rate_center_not_supported when submitted)
    unknown = "9920"  # as a BTN of no account: the losing carrier answers `unknown`


UNKNOWN_CARRIER = "Legacy Telephone Co"
# The bill whose checksum is that of no bytes at all is invalid, as is a port with no bill.
EMPTY_BILL = hashlib.sha256(b"").hexdigest()
# The LOA must be signed before the submission and at most this long before it.
LOA_VALID_FOR = timedelta(days=60)
# The earliest port date a losing carrier commits to: this long after the submission.
FOC_LEAD = timedelta(days=3)


@dataclass(frozen=True, slots=True)  # made for every number a paste checks: slots make that cheaper
class NumberFacts:
    """What the carrier of an off-net number knows of it."""

    number: str
    account_number: str | None  # None: a number of no account in the sandbox
    btn: str | None
    company_name: str | None
    losing_carrier: str
    rate_center: str | None
    active: bool
    rate_center_portable: bool
    wireless: bool


def facts_of_unlisted(number: str) -> NumberFacts:
    line = number[-4:]
    return NumberFacts(
        number=number,
        account_number=None,
        btn=None,
        company_name=None,
        losing_carrier=UNKNOWN_CARRIER,
        rate_center=None,
        active=line != PortLine.not_portable,
        rate_center_portable=line != PortLine.rate_center,
        wireless=line == PortLine.wireless,
    )


def portability(facts: NumberFacts) -> Portability:
    """R-PSTN-16: one verdict per number."""
    verdict, reason = PortabilityVerdict.portable, None
    if not facts.active:  # R-PSTN-16
        verdict, reason = PortabilityVerdict.not_portable, "the number is not in service"
    elif not facts.rate_center_portable:
        verdict, reason = PortabilityVerdict.rate_center_not_portable, "its rate center is not portable"
    elif facts.wireless:
        verdict, reason = PortabilityVerdict.needs_pin, "wireless: the port needs the account PIN"
    return Portability(
        number=facts.number,
        verdict=verdict,
        reason=reason,
        losing_carrier=facts.losing_carrier,
        wireless=facts.wireless,
        rate_center=facts.rate_center,
    )


def own_number(number: str) -> Portability:
    return Portability(
        number=number, verdict=PortabilityVerdict.not_portable, reason="the number is already with this carrier"
    )


def _same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").upper().split()) == " ".join((b or "").upper().split())


def _zip(address: ServiceAddress) -> str:
    code = address.postal_code.upper().replace(" ", "")
    return code[:5] if address.country == "US" else code


def _street_differs(given: ServiceAddress, record: ServiceAddress) -> bool:
    fields = ("house_number", "pre_directional", "street_name", "street_suffix", "post_directional", "city", "state")
    return any(not _same(getattr(given, f), getattr(record, f)) for f in fields)


def _reject(code: PortRejectionCode, detail: str, numbers: list[str] | None = None) -> PortRejection:
    return PortRejection(code=code, detail=detail, numbers=numbers or [])


def documents_rejection(request: PortRequest, now: datetime) -> PortRejection | None:
    if request.loa_signed_at > now or now - request.loa_signed_at > LOA_VALID_FOR:
        return _reject(Code.invalid_loa, "the letter of agency is not signed within the last 60 days")
    if request.bill_checksum in (None, EMPTY_BILL):
        return _reject(Code.invalid_bill, "no readable bill of the previous carrier")
    if request.requested_at is not None and request.requested_at < now + FOC_LEAD:
        return _reject(Code.foc_rejected, "the requested date is sooner than the losing carrier can commit to")
    return None


def record_rejection(
    request: PortRequest,
    record: CustomerServiceRecord | None,
    facts: dict[str, NumberFacts],
    *,
    pin: str | None,
    answers: PortRejectionCode | None,
) -> PortRejection | None:
    """The first difference between the request and the losing carrier's record, as the code it causes."""
    listed = [n for n in request.numbers if facts[n].account_number is not None]
    if record is None:
        if listed:
            return _reject(Code.btn_mismatch, "the billing telephone number is not the numbers' account's", listed)
        return _unlisted_rejection(request, facts)
    ours = set(record.numbers)
    elsewhere = [n for n in listed if n not in ours]
    same_company = [n for n in elsewhere if _same(facts[n].company_name, record.company_name)]
    if same_company:
        groups: dict[str, list[str]] = {record.btn: [n for n in request.numbers if n in ours]}
        for number in same_company:
            groups.setdefault(facts[number].btn or "", []).append(number)
        btns = ", ".join(sorted(groups))
        rejection = _reject(Code.multiple_btns, f"the numbers are billed to several BTNs: {btns}", same_company)
        rejection.groups = groups
        return rejection
    if elsewhere:
        return _reject(Code.tn_error, "numbers that belong to another end user", elsewhere)
    absent = [n for n in request.numbers if n not in ours or not facts[n].active]
    if absent:
        return _reject(Code.tn_not_portable, "numbers inactive or not on the account", absent)
    fixed_rate_center = [n for n in request.numbers if not facts[n].rate_center_portable]
    if fixed_rate_center:
        return _reject(
            Code.rate_center_not_supported, "numbers in a rate center that is not portable", fixed_rate_center
        )
    losing = request.losing
    if not losing.account_number:
        return _reject(Code.account_number_required, "the account number is missing")
    if not _same(losing.account_number, record.account_number):
        return _reject(Code.account_number_mismatch, "the account number differs from the record")
    if not _same(losing.authorized_name, record.authorized_name):
        return _reject(Code.account_name_mismatch, "the authorized name differs from the record")
    if not _same(losing.company_name, record.company_name):
        return _reject(Code.company_name_mismatch, "the company name differs from the record")
    if _zip(losing.service_address) != _zip(record.service_address):
        return _reject(Code.zip_code_mismatch, "the postal code differs from the record")
    if _street_differs(losing.service_address, record.service_address):
        return _reject(Code.service_address_mismatch, "the service address differs from the record")
    if record.pin_required and (losing.pin is None or losing.pin.strip() != pin):
        return _reject(Code.invalid_pin, "the account PIN is missing or wrong")
    pending = [n for n in request.numbers if n in record.pending_order_numbers]
    if pending:
        return _reject(Code.pending_order, "an order is pending at the losing carrier on these numbers", pending)
    featured = [n for n in request.numbers if n in record.special_feature_numbers]
    if featured:
        return _reject(
            Code.tn_special_feature, "these numbers have a special feature (remote call forwarding)", featured
        )
    if record.btn in request.numbers and not ours <= set(request.numbers) and not _main_btn_planned(request, ours):
        return _reject(
            Code.main_btn_pending, "the BTN is ported while other numbers stay: give the new BTN", [record.btn]
        )
    if answers is not None:
        return _reject(answers, "the losing carrier rejected the order")
    return None


def _main_btn_planned(request: PortRequest, ours: set[str]) -> bool:
    """The request says what becomes of the numbers that stay: disconnected, or kept under one of them as BTN."""
    plan = request.main_btn
    if plan is None:
        return False
    return plan.remaining == "disconnect" or plan.new_btn in ours - set(request.numbers)


def _unlisted_rejection(request: PortRequest, facts: dict[str, NumberFacts]) -> PortRejection | None:
    """A port of numbers of no account: only their test values and the BTN's decide."""
    inactive = [n for n in request.numbers if not facts[n].active]
    if inactive:
        return _reject(Code.tn_not_portable, "numbers inactive at their carrier", inactive)
    fixed_rate_center = [n for n in request.numbers if not facts[n].rate_center_portable]
    if fixed_rate_center:
        return _reject(
            Code.rate_center_not_supported, "numbers in a rate center that is not portable", fixed_rate_center
        )
    wireless = [n for n in request.numbers if facts[n].wireless]
    if wireless and not request.losing.pin:
        return _reject(Code.invalid_pin, "wireless numbers: the account PIN is missing", wireless)
    if request.losing.btn.endswith(PortLine.unknown.value):
        return _reject(Code.unknown, "the losing carrier rejected the order")
    return None
