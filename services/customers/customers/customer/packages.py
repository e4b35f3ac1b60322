"""Per-package provisioning: each package a customer holds is switched on by the platform delivering
its services, and the outcome of each — with its warnings and errors — is kept on the customer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState
from customers.dial_in.service import has_own_dial_in
from customers.models import Customer
from customers.user.service import catalogue

PROVISIONED = "provisioned"
FAILED = "failed"


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


async def provision_packages(
    session: AsyncSession, customer: Customer, provisioner: PackageProvisioner, *, retry_failed_only: bool = False
) -> bool:
    """Provision the customer's packages, set its state from the outcomes; True when any status changed."""
    items = await catalogue(session)
    statuses: dict[str, Any] = dict(customer.package_status or {})
    own_dial_in = await has_own_dial_in(session, customer.country)
    changed = False
    for code, seats in sorted(customer.packages.items()):
        if retry_failed_only and statuses.get(code, {}).get("status") == PROVISIONED:
            continue
        item = items.get(code)
        if item is None or item.kind != "package":
            outcome = PackageOutcome(FAILED, errors=[f"{code} is no longer in the package catalogue"])
        else:
            order = PackageOrder(customer.id, customer.country, code, tuple(item.services), int(seats))
            try:
                outcome = await provisioner.provision(order)
            except ProvisioningUnavailable as exc:
                outcome = PackageOutcome(FAILED, errors=[f"the provisioning platform is unavailable: {exc}"])
            outcome = PackageOutcome(outcome.status, [*outcome.warnings], [*outcome.errors])
            if "meetings" in item.services and not own_dial_in:
                outcome.warnings.append(
                    f"the dial-in directory has no number for {customer.country}; meetings use the "
                    f"{customer.dial_in_region} default {customer.dial_in_number}"
                )
            if int(seats) == 0:
                outcome.warnings.append("no seats ordered: no user can hold this package")
        new = {"status": outcome.status, "warnings": outcome.warnings, "errors": outcome.errors}
        changed |= statuses.get(code) != new
        statuses[code] = new
    customer.package_status = statuses
    customer.state = live_state(statuses)
    return changed


def live_state(statuses: dict[str, Any]) -> CustomerState:
    """Some packages failed → provisioned_with_errors, until a provisioning run completes them."""
    failed = any(status["status"] == FAILED for status in statuses.values())
    return CustomerState.PROVISIONED_WITH_ERRORS if failed else CustomerState.PROVISIONED
