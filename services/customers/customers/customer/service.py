"""Customer onboarding: registration, re-screening on address change, and the saga's state machine."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal

import structlog
from argon2 import PasswordHasher
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState, ErrorReason
from contracts.events import (
    BillingAddress as BillingAddressEvent,
)
from contracts.events import (
    CustomerBillingAddressChanged,
    CustomerCancelled,
    CustomerCreated,
    CustomerDeleted,
    CustomerFailed,
    CustomerPackagesProvisioned,
    CustomerProvisioned,
    CustomerProvisioningRerun,
    CustomerResumed,
    CustomerReviewPending,
    CustomerSuspended,
    ReviewApproved,
    ReviewRejected,
    ScreeningCleared,
    ScreeningFlagged,
)
from contracts.events import PackageStatus as PackageStatusEvent
from customers.billing import service as billing
from customers.customer.errors import (
    CustomerClosed,
    CustomerNotFound,
    ExternalIdTaken,
    HasDependents,
    NotProvisioned,
    NotSuspended,
    ParentNotActive,
    WebLoginTaken,
)
from customers.customer.packages import EntitlementProvisioner, PackageProvisioner, live_state, provision_packages
from customers.customer.repository import CustomerFilter, CustomerRepository, unscoped
from customers.customer.schemas import BillingAddress, CustomerCreate
from customers.dial_in.service import default_dial_in
from customers.events import tenancy
from customers.models import Customer, child_path
from customers.user.models import User
from customers.user.service import check_entitlement
from servicekit import Principal, ProblemError, check_version, emit
from servicekit import etag as version_etag

log = structlog.get_logger()
PASSWORDS = PasswordHasher()
CLOSED = (CustomerState.ERROR, CustomerState.CANCELLED, CustomerState.DELETED)
LIVE = (CustomerState.PROVISIONED, CustomerState.PROVISIONED_WITH_ERRORS)


def etag(customer: Customer) -> str:
    return version_etag(customer.version)


class CustomerService:
    def __init__(self, provisioner: PackageProvisioner | None = None) -> None:
        self.provisioner: PackageProvisioner = provisioner or EntitlementProvisioner()

    async def precheck(
        self, session: AsyncSession, data: CustomerCreate, *, principal: Principal
    ) -> list[ProblemError]:
        """Every rule a create would apply, each answered on its own; nothing is written."""
        repo = CustomerRepository(session, tenant_path=principal.tenant_path)
        parent = await repo.get(principal.customer_id)
        problems: list[ProblemError] = []

        async def parent_active() -> None:
            if parent is None or parent.state not in LIVE:
                raise ParentNotActive("Your organisation must be provisioned before it can register customers.")

        async def external_id_free() -> None:
            if parent and (existing := await repo.by_external_id(parent.id, data.external_id)):
                raise ExternalIdTaken(data.external_id, existing.id)

        async def web_login_free() -> None:
            if data.web_login and await session.scalar(select(Customer.id).where(Customer.web_login == data.web_login)):
                raise WebLoginTaken(data.web_login)

        checks = [
            parent_active(),
            external_id_free(),
            web_login_free(),
            check_entitlement(session, data.packages, data.addons),
            billing.tariff_for_new_child(session, principal.customer_id, data.tariff_id),
            billing.usd_per_unit(session, data.currency),
        ]
        for check in checks:
            try:
                await check
            except ProblemError as problem:
                problems.append(problem)
        return problems

    async def create(self, session: AsyncSession, data: CustomerCreate, *, principal: Principal) -> Customer:
        repo = CustomerRepository(session, tenant_path=principal.tenant_path)
        parent = await repo.get(principal.customer_id)
        if parent is None or parent.state not in LIVE:
            raise ParentNotActive("Your organisation must be provisioned before it can register customers.")
        if existing := await repo.by_external_id(parent.id, data.external_id):
            raise ExternalIdTaken(data.external_id, existing.id)
        if data.web_login and await session.scalar(select(Customer.id).where(Customer.web_login == data.web_login)):
            raise WebLoginTaken(data.web_login)
        await check_entitlement(session, data.packages, data.addons)  # R-CUST-03..05
        tariff = await billing.tariff_for_new_child(session, parent.id, data.tariff_id)  # R-HIER-05
        rate = await billing.usd_per_unit(session, data.currency)
        dial_in_number, dial_in_region = await default_dial_in(session, data.billing_address.country)  # R-CUST-09
        customer_id = uuid.uuid4()
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
                packages=data.packages,
                addons=data.addons,
                dial_in_number=dial_in_number,
                dial_in_region=dial_in_region,
                screening_ref=uuid.uuid4(),
                screening_status="pending",
                tariff_id=tariff.id,
                time_zone=data.time_zone,
                language=data.language,
                web_login=data.web_login,
                password_hash=PASSWORDS.hash(data.password) if data.password else None,  # R-HIER-06
                balance_usd=Decimal(0),
                credit_limit_usd=billing.to_usd(data.credit_limit, rate),
            )
        )
        # R-HIER-08: the opening balance is the first ledger entry.
        await billing.post(
            session, customer, "opening", data.opening_balance, data.currency, "opening balance", principal.client_id
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
                screening_ref=customer.screening_ref,
            ),
        )
        log.info("customer.created", customer_id=str(customer.id), parent_id=str(parent.id))
        return customer

    async def get(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> Customer:
        customer = await CustomerRepository(session, tenant_path=principal.tenant_path).get(customer_id)
        if customer is None:
            raise CustomerNotFound(customer_id)
        return customer

    async def list(
        self,
        session: AsyncSession,
        *,
        principal: Principal,
        filters: CustomerFilter,
        cursor: str | None,
        limit: int,
    ) -> Sequence[Customer]:
        return await CustomerRepository(session, tenant_path=principal.tenant_path).list(
            filters, cursor=cursor, limit=limit
        )

    async def change_billing_address(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        address: BillingAddress,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> Customer:
        customer = await self._for_update(session, customer_id, principal, if_match)
        customer.billing_address = address.model_dump(mode="json")
        customer.country = address.country  # R-CUST-08
        customer.dial_in_number, customer.dial_in_region = await default_dial_in(session, address.country)
        customer.screening_ref = uuid.uuid4()
        customer.screening_status = "pending"
        await session.flush()
        # R-RPL-01: a changed billing address is screened again.
        await emit(
            session,
            CustomerBillingAddressChanged(
                **tenancy(customer),
                name=customer.name,
                billing_address=BillingAddressEvent(**customer.billing_address),
                screening_ref=customer.screening_ref,
            ),
        )
        return customer

    async def cancel(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, if_match: str | None
    ) -> Customer:
        customer = await self._for_update(session, customer_id, principal, if_match)
        customer.state = CustomerState.CANCELLED  # R-CUST-07: leaves active listings, history stays readable
        customer.screening_ref = None
        await session.flush()
        await emit(session, CustomerCancelled(**tenancy(customer)))
        return customer

    async def delete(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, cascade: bool
    ) -> list[Customer]:
        """R-HIER-09: refused while it has children or users, unless a cascade is asked for; ledgers stay."""
        customer = await self._for_update(session, customer_id, principal, None, allow_closed=True)
        subtree = list(
            await session.scalars(
                select(Customer)
                .where(
                    Customer.path.startswith(customer.path, autoescape=True), Customer.state != CustomerState.DELETED
                )
                .order_by(Customer.path.desc())  # deepest first
                .with_for_update()
            )
        )
        children = [c for c in subtree if c.id != customer.id]
        users = await session.scalar(
            select(func.count()).select_from(User).where(User.customer_id.in_([c.id for c in subtree]))
        )
        if (children or users) and not cascade:
            raise HasDependents(len(children), int(users or 0))
        await session.execute(delete(User).where(User.customer_id.in_([c.id for c in subtree])))
        for member in subtree:
            member.state = CustomerState.DELETED
            member.screening_ref = None
            member.web_login = None  # free the login; the ledger and the record stay
            await session.flush()
            await emit(session, CustomerDeleted(**tenancy(member)))
        return subtree

    async def suspend(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, reason: str | None
    ) -> Customer:
        customer = await self._for_update(session, customer_id, principal, None)
        if customer.state not in LIVE:
            raise NotProvisioned(customer.state)
        customer.state = CustomerState.SUSPENDED
        await session.flush()
        await emit(session, CustomerSuspended(**tenancy(customer), reason=reason))
        return customer

    async def resume(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> Customer:
        customer = await self._for_update(session, customer_id, principal, None)
        if customer.state != CustomerState.SUSPENDED:
            raise NotSuspended(customer.state)
        customer.state = live_state(customer.package_status)
        await session.flush()
        await emit(session, CustomerResumed(**tenancy(customer)))
        return customer

    async def rerun_provisioning(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal
    ) -> tuple[uuid.UUID, Customer]:
        """R-CUST-11: failed packages are retried here; held-back users, numbers and setups are completed
        by the services that own them, on the event."""
        customer = await self._for_update(session, customer_id, principal, None)
        if customer.state not in LIVE:
            raise NotProvisioned(customer.state)
        if await provision_packages(session, customer, self.provisioner, retry_failed_only=True):
            await self._packages_provisioned(session, customer)
        run_id = uuid.uuid4()
        await emit(session, CustomerProvisioningRerun(**tenancy(customer), run_id=run_id))
        return run_id, customer

    async def _for_update(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        principal: Principal,
        if_match: str | None,
        *,
        allow_closed: bool = False,
    ) -> Customer:
        customer = await CustomerRepository(session, tenant_path=principal.tenant_path).get(
            customer_id, for_update=True
        )
        if customer is None or customer.id == principal.customer_id:
            raise CustomerNotFound(customer_id)
        check_version(if_match, customer.version, "customer")
        if customer.state == CustomerState.DELETED or (customer.state in CLOSED and not allow_closed):
            raise CustomerClosed(customer.state)
        return customer

    # --- screening outcomes (consumed from rpl_screening) -------------------------------------

    async def on_screening_cleared(self, session: AsyncSession, event: ScreeningCleared) -> None:
        customer = await self._awaiting(session, event.customer_id, event.screening_ref)
        if customer is None:
            return
        customer.screening_status = "cleared"
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
        await self._provision(session, customer)  # R-RPL-04: approved within the window → provisioned

    async def on_review_rejected(self, session: AsyncSession, event: ReviewRejected) -> None:
        customer = await self._awaiting(session, event.customer_id, event.screening_ref)
        if customer is None:
            return
        # R-RPL-04: rejected, or not resolved within 72 hours → error, onboarding stops.
        reason = ErrorReason.RPL_REVIEW_EXPIRED if event.expired else ErrorReason.RPL_REJECTED
        customer.state = CustomerState.ERROR
        customer.screening_status = "rejected"
        customer.error_reason = reason
        customer.error_detail = event.reason
        await session.flush()
        await emit(session, CustomerFailed(**tenancy(customer), reason=reason, detail=event.reason))

    async def _awaiting(self, session: AsyncSession, customer_id: uuid.UUID, ref: uuid.UUID) -> Customer | None:
        """The customer, if this outcome answers its current screening; stale outcomes are dropped."""
        customer = await unscoped(session).get(customer_id, for_update=True)
        if customer is None or customer.state in CLOSED or customer.screening_ref != ref:
            log.info("screening.outcome_ignored", customer_id=str(customer_id), screening_ref=str(ref))
            return None
        return customer

    async def _provision(self, session: AsyncSession, customer: Customer) -> None:
        customer.review_case_id = None
        if customer.state in LIVE:
            await session.flush()
            return
        await provision_packages(session, customer, self.provisioner)
        await session.flush()
        await emit(session, CustomerProvisioned(**tenancy(customer), name=customer.name, country=customer.country))
        await self._packages_provisioned(session, customer)

    async def _packages_provisioned(self, session: AsyncSession, customer: Customer) -> None:
        await session.flush()
        packages = [PackageStatusEvent(package=code, **status) for code, status in customer.package_status.items()]
        event = CustomerPackagesProvisioned(**tenancy(customer), state=customer.state, packages=packages)
        await emit(session, event)


customer_service = CustomerService()
