"""Onboarding: a customer from registration, through screening, to its packages provisioned (the saga)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import structlog
from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState, ErrorReason
from contracts.events import BillingAddress as BillingAddressEvent
from contracts.events import (
    CustomerCreated,
    CustomerFailed,
    CustomerPackagesProvisioned,
    CustomerProvisioned,
    CustomerProvisioningRerun,
    CustomerReviewPending,
    CustomerScreeningRequested,
    ReviewApproved,
    ReviewRejected,
    ScreeningCleared,
    ScreeningFlagged,
)
from contracts.events import PackageStatus as PackageStatusEvent
from customers.billing.service import BillingService, to_usd
from customers.billing.tariffs import TariffService
from customers.customer.errors import (
    CustomerClosed,
    ExternalIdTaken,
    NotProvisioned,
    OnboardingStopped,
    ParentNotActive,
    ReviewPending,
    ScreeningUnderWay,
    WebLoginTaken,
)
from customers.customer.packages import (
    FAILED,
    PROVISIONED,
    PackageOrder,
    PackageOutcome,
    PackageProvisioner,
    ProvisioningUnavailable,
    live_state,
)
from customers.customer.repository import CustomerRepository
from customers.customer.schemas import CustomerCreate
from customers.customer.service import CLOSED, LIVE, CustomerService
from customers.dial_in.service import DialInDirectory
from customers.events import tenancy
from customers.models import Customer, child_path
from customers.user.service import UserService
from servicekit import Clock, Deadline, Principal, ProblemError, emit

log = structlog.get_logger()
PASSWORDS = PasswordHasher()
# What the partner reads (customer, customer.failed, webhooks) when screening stops onboarding: fixed texts, so
# nothing of a reviewer's reasoning can tip off a listed party (decisions.md, screening).
NEUTRAL_DETAIL: dict[ErrorReason, str] = {
    ErrorReason.RPL_REJECTED: "Onboarding stopped after restricted-party review.",
    ErrorReason.RPL_REVIEW_EXPIRED: "Onboarding stopped: the restricted-party review was not completed in time.",
}
SCREENING_DEADLINE = "customer.screening"  # the timer kind of a customer's screening step, keyed by customer id
SCREENING_UNANSWERED = (
    "Onboarding stopped: restricted-party screening did not answer in time, so the customer was not provisioned. "
    "Re-run onboarding with POST /v1/customers/{customer_id}/provisioning-runs, or contact the provisioning desk "
    "if it stops again."
)


@dataclass(frozen=True)
class ScreeningDeadline:
    """How long a screening may take: the first wait, the factor of each later wait, and the tries in all."""

    first_wait: timedelta
    factor: float
    tries: int


class OnboardingService:
    def __init__(
        self,
        *,
        customers: CustomerService,
        billing: BillingService,
        tariffs: TariffService,
        users: UserService,
        dial_in: DialInDirectory,
        provisioner: PackageProvisioner,
        clock: Clock,
        screening_deadline: ScreeningDeadline,
    ) -> None:
        self.customers = customers
        self.billing = billing
        self.tariffs = tariffs
        self.users = users
        self.dial_in = dial_in
        self.provisioner = provisioner
        # Every cross-service step has a deadline: a screening that does not answer is asked for again.
        self.screening = Deadline(
            service="customers",
            kind=SCREENING_DEADLINE,
            clock=clock,
            first_wait=screening_deadline.first_wait,
            factor=screening_deadline.factor,
            tries=screening_deadline.tries,
            ask_again=self._ask_screening_again,
            give_up=self._screening_unanswered,
        )

    # --- registration --------------------------------------------------------------------------

    async def precheck(
        self, session: AsyncSession, data: CustomerCreate, *, principal: Principal
    ) -> Sequence[ProblemError]:
        """Every rule a create would apply, each answered on its own; whatever the checks touch is rolled back."""
        repo = CustomerRepository.for_caller(session, principal)
        problems: list[ProblemError] = []
        async with session.begin_nested() as savepoint:
            parent = await repo.get(principal.customer_id)
            checks = [
                _live_parent(parent),
                _external_id_free(repo, parent, data),
                _web_login_free(repo, data),
                self.users.check_entitlement(session, data.packages, data.addons),
                self.tariffs.for_new_child(session, data.tariff_id, principal=principal),
                self.billing.usd_per_unit(session, data.currency),
            ]
            for check in checks:
                try:
                    await check
                except ProblemError as problem:
                    problems.append(problem)
            await savepoint.rollback()
        return problems

    async def create(self, session: AsyncSession, data: CustomerCreate, *, principal: Principal) -> Customer:
        repo = CustomerRepository.for_caller(session, principal)
        parent = await _live_parent(await repo.get(principal.customer_id))
        await _external_id_free(repo, parent, data)
        await _web_login_free(repo, data)
        await self.users.check_entitlement(session, data.packages, data.addons)  # R-CUST-04: all from the catalogue
        tariff = await self.tariffs.for_new_child(session, data.tariff_id, principal=principal)  # R-HIER-05
        rate = await self.billing.usd_per_unit(session, data.currency)
        dial_in_number, dial_in_region = await self.dial_in.default_for(
            session, data.billing_address.country
        )  # R-CUST-09
        customer_id, screening_ref = uuid.uuid4(), uuid.uuid4()
        customer = await repo.add(
            Customer(
                id=customer_id,
                parent_id=parent.id,
                path=child_path(parent.path, customer_id),
                external_id=data.external_id,
                name=data.name,
                kind=data.kind,
                state=CustomerState.PROVISIONING,  # R-CUST-10: answered at once, onboarding runs asynchronously
                billing_address=data.billing_address.model_dump(mode="json"),
                country=data.billing_address.country,  # R-CUST-08: billing country is the organisation country
                contact_email=str(data.contact_email),
                packages=data.packages,  # R-CUST-03: package → its seat cap
                addons=data.addons,
                subscription=data.subscription,  # R-PSTN-07: a trial orders few numbers and ports none
                dial_in_number=dial_in_number,
                dial_in_region=dial_in_region,
                screening_ref=screening_ref,
                screening_status="pending",
                tariff_id=tariff.id,
                time_zone=data.time_zone,
                language=data.language,
                web_login=data.web_login,
                password_hash=PASSWORDS.hash(data.password) if data.password else None,  # R-HIER-06
                balance_usd=Decimal(0),
                credit_limit_usd=to_usd(data.credit_limit, rate),
            )
        )
        # R-HIER-08: the opening balance is the first ledger entry.
        await self.billing.post(
            session, customer, "opening", data.opening_balance, data.currency, "opening balance", principal=principal
        )
        # R-RPL-01: every customer is screened; screening starts from this event.
        await emit(
            session,
            CustomerCreated(
                **tenancy(customer),
                external_id=data.external_id,
                name=customer.name,
                billing_address=BillingAddressEvent(**customer.billing_address),
                contact_email=customer.contact_email,
                screening_ref=screening_ref,
            ),
        )
        await self.screening.start(session, str(customer.id), {"screening_ref": str(screening_ref)})
        log.info("customer.created", customer_id=str(customer.id), parent_id=str(parent.id))
        return customer

    # --- screening outcomes (consumed from rpl_screening) ------------------------------------------

    async def on_screening_cleared(self, session: AsyncSession, event: ScreeningCleared) -> None:
        customer = await self._awaiting(session, event.customer_id, event.screening_ref)
        if customer is None:
            return
        customer.screening_status = "cleared"
        customer.review_case_id = None  # no case: the current screening found no possible match
        await self._provision(session, customer)  # R-RPL-02: no match, onboarding continues

    async def on_screening_flagged(self, session: AsyncSession, event: ScreeningFlagged) -> None:
        customer = await self._awaiting(session, event.customer_id, event.screening_ref)
        if customer is None:
            return
        customer.state = CustomerState.PENDING_RPL_REVIEW  # R-RPL-03: held for manual review
        customer.screening_status = "flagged"
        customer.review_case_id = event.review_case_id
        await session.flush()
        await emit(session, CustomerReviewPending(**tenancy(customer), review_case_id=event.review_case_id))

    async def on_review_approved(self, session: AsyncSession, event: ReviewApproved) -> None:
        customer = await self._awaiting(session, event.customer_id, event.screening_ref)
        if customer is None:
            return
        customer.screening_status = "approved"
        customer.review_case_id = event.review_case_id  # R-RPL-06: the case that decided it stays traceable
        await self._provision(session, customer)  # R-RPL-04: approved within the window → provisioned

    async def on_review_rejected(self, session: AsyncSession, event: ReviewRejected) -> None:
        customer = await self._awaiting(session, event.customer_id, event.screening_ref)
        if customer is None:
            return
        # R-RPL-04: rejected, or not resolved within 72 hours → error, onboarding stops.
        reason = ErrorReason.RPL_REVIEW_EXPIRED if event.expired else ErrorReason.RPL_REJECTED
        customer.state = CustomerState.ERROR
        customer.screening_status = "rejected"
        customer.review_case_id = event.review_case_id
        customer.error_reason = reason
        # R-RPL-03: the reviewer's notes stay with the screening team; the partner sees a fixed, neutral text.
        customer.error_detail = NEUTRAL_DETAIL[reason]
        await session.flush()
        await emit(session, CustomerFailed(**tenancy(customer), reason=reason, detail=NEUTRAL_DETAIL[reason]))

    async def _awaiting(self, session: AsyncSession, customer_id: uuid.UUID, ref: uuid.UUID) -> Customer | None:
        """The customer, if this outcome answers its current screening; stale outcomes are dropped."""
        await self.screening.hold(session, str(customer_id))  # the step, then the customer: as a firing locks them
        customer = await CustomerRepository.unscoped(session).get(customer_id, for_update=True)
        if customer is None or customer.state in CLOSED or customer.screening_ref != ref:
            log.info("screening.outcome_ignored", customer_id=str(customer_id), screening_ref=str(ref))
            return None
        await self.screening.answered(session, str(customer.id))  # a review's outcome answers it too
        return customer

    # --- the screening deadline (a late answer is asked for again, then given up) ---------------------

    async def _ask_screening_again(
        self, session: AsyncSession, key: str, payload: dict[str, Any], attempt: int
    ) -> bool:
        customer = await CustomerRepository.unscoped(session).get(uuid.UUID(key), for_update=True)
        if customer is None or customer.state != CustomerState.PROVISIONING or customer.screening_ref is None:
            return False  # answered, cancelled or deleted meanwhile: nothing waits
        await self._request_screening(session, customer, attempt)
        return True

    async def _screening_unanswered(self, session: AsyncSession, key: str, payload: dict[str, Any]) -> None:
        customer = await CustomerRepository.unscoped(session).get(uuid.UUID(key), for_update=True)
        if customer is None or customer.state != CustomerState.PROVISIONING:
            return
        detail = SCREENING_UNANSWERED.format(customer_id=customer.id)
        customer.state = CustomerState.ERROR  # bounded tries: the customer says why it stopped, not "provisioning"
        customer.error_reason = ErrorReason.SCREENING_UNAVAILABLE
        customer.error_detail = detail
        await session.flush()
        await emit(
            session, CustomerFailed(**tenancy(customer), reason=ErrorReason.SCREENING_UNAVAILABLE, detail=detail)
        )
        log.warning("screening.unanswered", customer_id=str(customer.id), screening_ref=str(customer.screening_ref))

    async def _request_screening(self, session: AsyncSession, customer: Customer, attempt: int) -> None:
        assert customer.screening_ref is not None
        # R-RPL-01: the customer's current ref; a screening already made for it is answered again, not repeated.
        await emit(
            session,
            CustomerScreeningRequested(
                **tenancy(customer),
                name=customer.name,
                billing_address=BillingAddressEvent(**customer.billing_address),
                screening_ref=customer.screening_ref,
                attempt=attempt,
            ),
        )

    # --- provisioning --------------------------------------------------------------------------

    async def rerun_provisioning(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal
    ) -> tuple[uuid.UUID, Customer]:
        """R-CUST-11: failed packages are retried here; held-back users, numbers and setups are completed
        by the services that own them, on the event. An onboarding stranded before screening answered
        (late past its first deadline, or stopped as screening_unavailable) starts screening again."""
        await self.screening.hold(session, str(customer_id))  # a deadline firing now finishes first
        customer = await self.customers.for_change(session, customer_id, principal=principal, allow_closed=True)
        if customer.state in LIVE:
            if await self._provision_packages(session, customer, retry_failed_only=True):
                await self._packages_provisioned(session, customer)
        else:
            await self._restart_stranded(session, customer)
        run_id = uuid.uuid4()
        await emit(session, CustomerProvisioningRerun(**tenancy(customer), run_id=run_id))
        return run_id, customer

    async def _restart_stranded(self, session: AsyncSession, customer: Customer) -> None:
        """R-CUST-11: an onboarding stranded before screening answered starts screening again, with a new ref;
        every other state that is not provisioned answers why it cannot run."""
        if customer.state == CustomerState.PENDING_RPL_REVIEW:
            raise ReviewPending(customer.review_case_id)  # R-RPL-03: a reviewer decides first
        if customer.state == CustomerState.ERROR and customer.error_reason != ErrorReason.SCREENING_UNAVAILABLE:
            raise OnboardingStopped(customer.error_reason)  # R-RPL-04: rejected or expired stays stopped
        if customer.state == CustomerState.CANCELLED:
            raise CustomerClosed(customer.state)
        if customer.state == CustomerState.PROVISIONING:
            waiting = await self.screening.waiting(session, str(customer.id))
            if waiting is not None and waiting.attempt == 1:  # not late yet: the first answer is still due
                raise ScreeningUnderWay(waiting.due_at)
        elif customer.state != CustomerState.ERROR:
            raise NotProvisioned(customer.state)
        # A new ref: a late answer to an earlier request is stale and ignored, and screening runs afresh.
        customer.state = CustomerState.PROVISIONING
        customer.error_reason = None
        customer.error_detail = None
        customer.screening_ref = screening_ref = uuid.uuid4()
        customer.screening_status = "pending"
        customer.review_case_id = None
        await session.flush()
        await self._request_screening(session, customer, attempt=1)
        await self.screening.start(session, str(customer.id), {"screening_ref": str(screening_ref)})
        log.info("onboarding.rerun", customer_id=str(customer.id), screening_ref=str(screening_ref))

    async def _provision(self, session: AsyncSession, customer: Customer) -> None:
        if customer.state in LIVE:
            await session.flush()
            return
        await self._provision_packages(session, customer)
        await session.flush()
        await emit(
            session,
            CustomerProvisioned(
                **tenancy(customer),
                name=customer.name,
                country=customer.country,
                subscription=customer.subscription,
                contact_email=customer.contact_email,
                addons={code: int(quantity) for code, quantity in customer.addons.items()},
            ),
        )
        await self._packages_provisioned(session, customer)

    async def _provision_packages(
        self, session: AsyncSession, customer: Customer, *, retry_failed_only: bool = False
    ) -> bool:
        """Provision the customer's packages, set its state from the outcomes; True when any status changed."""
        items = await self.users.catalogue(session)
        statuses: dict[str, Any] = dict(customer.package_status or {})
        own_dial_in = await self.dial_in.has_own(session, customer.country)
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
                    outcome = await self.provisioner.provision(order)
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

    async def _packages_provisioned(self, session: AsyncSession, customer: Customer) -> None:
        await session.flush()
        packages = [PackageStatusEvent(package=code, **status) for code, status in customer.package_status.items()]
        event = CustomerPackagesProvisioned(**tenancy(customer), state=customer.state, packages=packages)
        await emit(session, event)


async def _live_parent(parent: Customer | None) -> Customer:
    if parent is None or parent.state not in LIVE:
        raise ParentNotActive("Your organisation must be provisioned before it can register customers.")
    return parent


async def _external_id_free(repo: CustomerRepository, parent: Customer | None, data: CustomerCreate) -> None:
    if parent and (existing := await repo.by_external_id(parent.id, data.external_id)):
        raise ExternalIdTaken(data.external_id, existing.id)


async def _web_login_free(repo: CustomerRepository, data: CustomerCreate) -> None:
    if data.web_login and await repo.web_login_taken(data.web_login):
        raise WebLoginTaken(data.web_login)
