"""The problems the data-locality map answers."""

from __future__ import annotations

from cc_setup.support import NO_LOCATION
from servicekit import NotFound, ValidationFailed


class NoCompatibleLocation(ValidationFailed):
    """R-CC-05: the country has no compatible contact-center location; the solution-assurance desk helps."""

    type = "no-compatible-location"
    title = "No compatible contact-center location for the country"
    rule = "R-CC-05"

    def __init__(self, country: str, *, step: str = "settings") -> None:
        super().__init__(
            f"The contact center cannot operate from {country}: no data center is compatible with it. Contact the "
            f"{NO_LOCATION.title} desk ({NO_LOCATION.contact}) for support.",
            step=step,
            field="country",
            country=country,
            desk=NO_LOCATION.model_dump(mode="json"),
        )


class LocalityNotFound(NotFound):
    type = "data-locality-not-found"
    title = "The country is not in the data-locality map"
    rule = "R-CC-05"

    def __init__(self, country: str) -> None:
        super().__init__(f"{country} has no compatible contact-center location.", country=country)


def bad_locality(field: str, reason: str) -> ValidationFailed:
    return ValidationFailed.field(field, reason, rule="R-CC-05")
