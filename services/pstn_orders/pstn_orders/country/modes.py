"""Where the provider calling plan is offered, and how numbers are ordered there (R-PSTN-03, R-PSTN-25)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class CountryMode(StrEnum):
    # Inventory search, block orders, terms accepted and LOAs e-signed in the flow, automatic checks.
    self_service = "self_service"
    # R-PSTN-25: new numbers through a support request, ports with extra documents.
    assisted = "assisted"


# The configured default (docs/decisions.md): the NANP countries the carrier serves from inventory are
# self-service; the others the provider offers are served by PSTN technical support.
DEFAULT_MODES: dict[str, CountryMode] = {
    "US": CountryMode.self_service,
    "CA": CountryMode.self_service,
    "GB": CountryMode.assisted,
    "AU": CountryMode.assisted,
}

# The countries whose emergency addresses the carrier validates itself (carrier.adapter.CivicAddress).
CARRIER_VALIDATED = frozenset({"US", "CA"})


class CallingPlanCountries:
    """The configured calling-plan countries and their ordering modes."""

    def __init__(self, modes: Mapping[str, CountryMode]) -> None:
        self.modes = dict(modes)

    def mode(self, country: str) -> CountryMode | None:
        """The ordering mode of `country`; none where the calling plan is not offered (R-PSTN-03)."""
        return self.modes.get(country.upper())


def calling_plan_country(countries: CallingPlanCountries, country: str) -> CountryMode | None:
    return countries.mode(country)
