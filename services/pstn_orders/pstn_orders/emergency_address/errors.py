from __future__ import annotations

from contracts.problem import InvalidParam
from servicekit import Conflict, NotFound, ServiceUnavailable, ValidationFailed


class EmergencyAddressInvalid(ValidationFailed):
    """The carrier cannot route emergency calls to the address; each problem names its field."""

    type = "emergency-address-invalid"
    title = "The carrier found the emergency address invalid"
    rule = "R-PSTN-33"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        named = "; ".join(f"{field}: {reason}" for field, reason in problems)
        super().__init__(
            f"The carrier cannot validate the address ({named}). Correct these fields and PUT it again; nothing "
            "was changed.",
            invalid_params=[InvalidParam(name=field, reason=reason) for field, reason in problems],
        )


class CallingPlanCountryRequired(ValidationFailed):
    type = "calling-plan-country-required"
    title = "The calling plan is not offered in this country"
    rule = "R-PSTN-03"

    def __init__(self, field: str, country: str, offered: list[str]) -> None:
        super().__init__(
            f"The provider calling plan is not offered in {country}; it is offered in {', '.join(offered)}.",
            invalid_params=[InvalidParam(name=field, reason=f"{country} is not a calling-plan country")],
        )


class EmergencyAddressNotFound(NotFound):
    type = "emergency-address-not-found"
    title = "No emergency address"

    def __init__(self, location_id: object) -> None:
        super().__init__(f"Location {location_id} has no emergency address yet; PUT one.")


class NothingToAnswer(Conflict):
    type = "emergency-address-nothing-to-answer"
    title = "The emergency address has no correction or candidates to answer"

    def __init__(self, status: str, expected: str) -> None:
        super().__init__(
            f"The address is {status}; `{'accept' if expected == 'corrected_pending' else 'candidate'}` answers an "
            f"address that is {expected}.",
            status=status,
        )


class CarrierNotAnswering(ServiceUnavailable):
    type = "carrier-unavailable"
    title = "The carrier did not answer"

    def __init__(self) -> None:
        super().__init__(
            "The carrier did not answer; nothing was changed. Try again shortly.", headers={"Retry-After": "30"}
        )
