from __future__ import annotations

from servicekit import Conflict


class AlreadyOnAnotherConnection(Conflict):
    type = "location-on-another-pstn-connection"
    title = "The location is already in service on another PSTN connection"
    rule = "R-PSTN-04"

    def __init__(self, current: str) -> None:
        super().__init__(
            f"The location is in service on {current}; the calling plan is chosen when a location's PSTN connection "
            "is first set up, and an existing location cannot be switched to it.",
            current=current,
        )


class CallingPlanLocationKept(Conflict):
    type = "calling-plan-location-kept"
    title = "A calling-plan location keeps the calling plan"
    rule = "R-PSTN-27"

    def __init__(self, number_policy_url: str) -> None:
        super().__init__(
            "Leaving the calling plan is a service cancellation under the provider number policy; ask PSTN technical "
            "support.",
            number_policy_url=number_policy_url,
        )


class PartnerNotEnrolled(Conflict):
    type = "partner-not-enrolled-in-pstn-programme"
    title = "The partner is not enrolled in the PSTN programme"
    rule = "R-PSTN-02"

    def __init__(self) -> None:
        super().__init__(
            "The customer's partner must be enrolled in the PSTN programme with the calling addendum accepted (set "
            "by the platform) before the calling plan can be used."
        )


class CallingPlanNotOrdered(Conflict):
    type = "calling-plan-not-ordered"
    title = "The customer has no calling-plan order"
    rule = "R-PSTN-02"

    def __init__(self, addon: str) -> None:
        super().__init__(
            f"The customer needs at least one outbound calling plan: order the {addon!r} add-on "
            "(PUT /v1/customers/{customer_id}/addons on the customers service) first.",
            addon=addon,
        )


class EmergencyAddressRequired(Conflict):
    type = "emergency-address-not-validated"
    title = "The location has no validated emergency address"
    rule = "R-PSTN-09"

    def __init__(self, status: str | None) -> None:
        if status is None:
            detail = "PUT the location's emergency address first; the carrier validates it."
        elif status == "corrected_pending":
            detail = "The carrier corrected the location's emergency address: accept the correction first."
        elif status == "ambiguous":
            detail = "The location's emergency address is ambiguous: choose one of the carrier's candidates first."
        else:
            detail = "The location's emergency address is not valid: PUT another one."
        super().__init__(detail, emergency_address_status=status)


class CallingPlanNotEnabled(Conflict):
    type = "calling-plan-not-enabled"
    title = "The calling plan is not enabled on the location"
    rule = "R-PSTN-11"

    def __init__(self, location_id: object, reason: str) -> None:
        super().__init__(f"Numbers are ordered for a calling-plan location: {reason}", location_id=str(location_id))
