"""Per-package provisioning: each package a customer holds is switched on by the platform delivering
its services, and the outcome of each — with its warnings and errors — is kept on the customer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Protocol

from contracts.enums import CustomerState

PROVISIONED: Final = "provisioned"
FAILED: Final = "failed"


@dataclass(frozen=True)
class PackageOrder:
    customer_id: uuid.UUID
    country: str
    package: str
    services: tuple[str, ...]
    seats: int


@dataclass(frozen=True)
class PackageOutcome:
    status: Literal["provisioned", "failed"]
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class ProvisioningUnavailable(Exception):
    """The platform could not be reached; the package stays failed until provisioning is re-run."""


class PackageProvisioner(Protocol):
    """Switches on the services of one package for an organisation; raises only ProvisioningUnavailable."""

    async def provision(self, order: PackageOrder) -> PackageOutcome: ...


class EntitlementProvisioner:
    """The platform's own services: the entitlement recorded on the customer is what grants them."""

    async def provision(self, order: PackageOrder) -> PackageOutcome:
        return PackageOutcome(PROVISIONED)


def live_state(statuses: dict[str, Any]) -> CustomerState:
    """Some packages failed → provisioned_with_errors, until a provisioning run completes them."""
    failed = any(status["status"] == FAILED for status in statuses.values())
    return CustomerState.PROVISIONED_WITH_ERRORS if failed else CustomerState.PROVISIONED
