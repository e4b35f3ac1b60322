"""R-PSTN-22's table as data: each rejection code's display name, meaning and remedy, and the desk to contact.

The customer fixes the order and resubmits it for every code but `unknown`, which goes to PSTN technical support
(R-PSTN-24); `multiple_btns` is not fixed by resubmitting: the order is split into one order per BTN group.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from pstn_orders.carrier import PortRejectionCode
from pstn_orders.support.desks import DeskName

Code = PortRejectionCode


class RejectionCode(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: PortRejectionCode
    display_name: str
    meaning: str
    remedy: str
    desk: DeskName | None = None  # whom to contact; None: the customer fixes it
    resubmit: bool = True  # fixed by correcting the order and resubmitting it


_SAME_AS_BTN = " (for some carriers it equals the BTN or the number itself)"

REJECTION_CODES: dict[PortRejectionCode, RejectionCode] = {
    row.code: row
    for row in (
        RejectionCode(
            code=Code.account_number_mismatch,
            display_name="Account number mismatch",
            meaning="The account number differs from the customer service record.",
            remedy="Update the account number and resubmit" + _SAME_AS_BTN + ".",
        ),
        RejectionCode(
            code=Code.account_number_required,
            display_name="Account number required",
            meaning="The account number is missing.",
            remedy="Add the account number and resubmit" + _SAME_AS_BTN + ".",
        ),
        RejectionCode(
            code=Code.account_name_mismatch,
            display_name="Authorized name mismatch",
            meaning="The authorizing person differs from the customer service record.",
            remedy="Update the authorized name and resubmit.",
        ),
        RejectionCode(
            code=Code.btn_mismatch,
            display_name="Billing telephone number mismatch",
            meaning="The billing telephone number (BTN or ATN) differs from the customer service record.",
            remedy="Update the billing telephone number and resubmit.",
        ),
        RejectionCode(
            code=Code.company_name_mismatch,
            display_name="Company name mismatch",
            meaning="The entity name differs from the customer service record.",
            remedy="Update the company name with the previous carrier and resubmit.",
        ),
        RejectionCode(
            code=Code.multiple_btns,
            display_name="Multiple billing telephone numbers",
            meaning="The losing carrier needs one order per billing telephone number.",
            remedy="Cancel the order and create one order per BTN group.",
            resubmit=False,
        ),
        RejectionCode(
            code=Code.foc_rejected,
            display_name="Requested date rejected",
            meaning="The requested port date cannot be met.",
            remedy="Update the requested port date and resubmit.",
        ),
        RejectionCode(
            code=Code.unknown,
            display_name="Unknown rejection",
            meaning="The losing carrier gave no reason the platform knows.",
            remedy="Contact PSTN technical support.",
            desk=DeskName.pstn_technical_support,  # R-PSTN-24
            resubmit=False,
        ),
        RejectionCode(
            code=Code.invalid_pin,
            display_name="Invalid PIN",
            meaning="A PIN or passcode is required for a wireless port, and the one given is missing or wrong.",
            remedy="Update the PIN and resubmit.",
        ),
        RejectionCode(
            code=Code.pending_order,
            display_name="Pending order on the account",
            meaning="The losing carrier has a pending LSR on the account (a port-out or an address change, say).",
            remedy="Remove those numbers and resubmit.",
        ),
        RejectionCode(
            code=Code.main_btn_pending,
            display_name="Main billing number in the port",
            meaning=(
                "The billing telephone number itself is among the ported numbers: give the port type, what happens "
                "to the remaining numbers, and the new BTN."
            ),
            remedy="Remove the main BTN and resubmit; include it in the last batch when porting in several.",
        ),
        RejectionCode(
            code=Code.service_address_mismatch,
            display_name="Service address mismatch",
            meaning="The service location differs from the customer service record.",
            remedy="Update the service address, state and city, and resubmit.",
        ),
        RejectionCode(
            code=Code.tn_special_feature,
            display_name="Number has a special feature",
            meaning="A number has a special feature (remote call forwarding, say).",
            remedy="Remove the number or the feature and resubmit.",
        ),
        RejectionCode(
            code=Code.tn_error,
            display_name="Number not the end user's",
            meaning="A number does not belong to the end user.",
            remedy="Remove the number and resubmit.",
        ),
        RejectionCode(
            code=Code.tn_not_portable,
            display_name="Number not portable",
            meaning="A number is inactive or not on the account.",
            remedy="Remove the number and resubmit.",
        ),
        RejectionCode(
            code=Code.rate_center_not_supported,
            display_name="Rate center not supported",
            meaning="A number's rate center is not portable.",
            remedy="Remove the number and resubmit.",
        ),
        RejectionCode(
            code=Code.zip_code_mismatch,
            display_name="ZIP code mismatch",
            meaning="The postal code differs from the customer service record.",
            remedy="Update the postal code and resubmit.",
        ),
        RejectionCode(
            code=Code.invalid_bill,
            display_name="Invalid bill",
            meaning="The previous carrier's bill is invalid.",
            remedy="Upload the correct bill in the order's previous-carrier-bill section and resubmit.",
        ),
        RejectionCode(
            code=Code.invalid_loa,
            display_name="Invalid letter of agency",
            meaning="The letter of agency is invalid.",
            remedy="Sign the LOA again and resubmit, or contact PSTN technical support.",
        ),
    )
}


def rejection_code(code: PortRejectionCode | str) -> RejectionCode:
    """The row of a code; a code the table does not know reads as `unknown` (R-PSTN-24: ask PSTN support)."""
    try:
        return REJECTION_CODES[PortRejectionCode(code)]
    except ValueError:
        return REJECTION_CODES[PortRejectionCode.unknown]
