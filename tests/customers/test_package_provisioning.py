"""Per-package provisioning status: warnings, failed packages, `provisioned_with_errors`, and a re-run
that completes them (R-CUST-11)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from customers.customer.onboarding import OnboardingService
from customers.customer.packages import (
    PackageOrder,
    PackageOutcome,
    ProvisioningUnavailable,
)
from devstack import testing
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


class CollaborationPlatform:
    """Stands in for the external platform that switches on a package's services."""

    def __init__(self) -> None:
        self.refused: dict[str, str] = {}
        self.unreachable = False
        self.orders: list[PackageOrder] = []

    async def provision(self, order: PackageOrder) -> PackageOutcome:
        self.orders.append(order)
        if self.unreachable:
            raise ProvisioningUnavailable("connection refused")
        if reason := self.refused.get(order.package):
            return PackageOutcome("failed", errors=[reason])
        return PackageOutcome("provisioned")


@pytest.fixture
def platform(services: Services) -> Iterator[CollaborationPlatform]:
    # The shared stack's customers app was built with the default provisioner; this test swaps in the fake.
    onboarding = services.customers.runtime.component(OnboardingService)
    fake, previous = CollaborationPlatform(), onboarding.provisioner
    onboarding.provisioner = fake
    yield fake
    onboarding.provisioner = previous


async def test_each_package_reports_its_status_and_warnings(partner: Caller, platform: CollaborationPlatform) -> None:
    # Mexico has no dial-in number of its own: the meetings package warns that the AMER default is used.
    created = await partner.create_customer(
        packages={"meetings": 3, "calling_standard": 0}, billing_address=testing.address("MX", city="Monterrey")
    )
    customer = await partner.wait_for_state(created["id"], "provisioned")

    status = {p["package"]: p for p in customer["package_status"]}
    assert status["meetings"]["status"] == "provisioned"
    assert status["meetings"]["warnings"] == [
        "the dial-in directory has no number for MX; meetings use the AMER default +16465588656"
    ]
    assert status["calling_standard"]["warnings"] == ["no seats ordered: no user can hold this package"]
    assert {(o.package, o.seats, o.country) for o in platform.orders} == {
        ("meetings", 3, "MX"),
        ("calling_standard", 0, "MX"),
    }


async def test_a_failed_package_leaves_the_customer_provisioned_with_errors_until_a_rerun(
    partner: Caller, platform: CollaborationPlatform, stack: Stack
) -> None:
    platform.refused["calling_standard"] = "no calling licence left for the organisation"
    created = await partner.create_customer(packages={"calling_standard": 5, "messaging": 10})

    customer = await partner.wait_for_state(created["id"], "provisioned_with_errors")
    status = {p["package"]: p for p in customer["package_status"]}
    assert status["messaging"] == {"package": "messaging", "status": "provisioned", "warnings": [], "errors": []}
    assert status["calling_standard"]["status"] == "failed"
    assert status["calling_standard"]["errors"] == ["no calling licence left for the organisation"]
    # The customer is live: users of the packages that worked can be created meanwhile.
    user = await partner.customers.post(
        f"/v1/customers/{created['id']}/users",
        json={"email": "ops@example.com", "name": "Ops", "role": "user", "package": "messaging"},
    )
    assert user.status_code == 201, user.text

    # The platform is down during the first re-run: the package stays failed and says why.
    platform.unreachable = True
    platform.orders.clear()
    run = await partner.customers.post(f"/v1/customers/{created['id']}/provisioning-runs")
    assert run.status_code == 202, run.text
    assert run.json()["state"] == "provisioned_with_errors"
    assert [o.package for o in platform.orders] == ["calling_standard"]  # only the failed package is retried
    failed = next(p for p in run.json()["package_status"] if p["package"] == "calling_standard")
    assert failed["errors"] == ["the provisioning platform is unavailable: connection refused"]

    # R-CUST-11: once the platform accepts it, a re-run completes the customer.
    platform.unreachable = False
    platform.refused.clear()
    run = await partner.customers.post(f"/v1/customers/{created['id']}/provisioning-runs")
    assert run.json()["state"] == "provisioned"
    assert (await partner.customers.get(f"/v1/customers/{created['id']}")).json()["state"] == "provisioned"

    seen = await testing.customer_event_types(stack, created["id"], until="customer.provisioning_rerun.v1")
    assert seen.count("customer.packages_provisioned.v1") >= 2  # on provisioning and on the re-run that changed it


async def test_a_suspended_customer_resumes_to_its_package_outcome(
    partner: Caller, platform: CollaborationPlatform
) -> None:
    platform.refused["messaging"] = "organisation domain not verified"
    created = await partner.create_customer(packages={"messaging": 2})
    await partner.wait_for_state(created["id"], "provisioned_with_errors")

    assert (await partner.customers.post(f"/v1/customers/{created['id']}/suspend", json={})).status_code == 200
    resumed = await partner.customers.post(f"/v1/customers/{created['id']}/resume")
    assert resumed.json()["state"] == "provisioned_with_errors"
