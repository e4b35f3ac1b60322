"""Customer HTTP API: translation between HTTP and the customer services, nothing else."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from contracts.enums import CustomerState
from contracts.problem import Problem
from customers.callers import Manager
from customers.customer.onboarding import OnboardingService
from customers.customer.schemas import (
    AddonsUpdate,
    BillingAddressUpdate,
    CustomerCreate,
    CustomerFilter,
    CustomerRead,
    PrecheckResult,
    ProvisioningRun,
    SuspendRequest,
)
from customers.customer.service import CustomerService
from customers.customer.subscription import SubscriptionService
from servicekit import (
    PROBLEM_RESPONSES,
    SINGLE_LINE,
    Answer,
    Caller,
    IdempotencyKey,
    IfMatch,
    Page,
    Paging,
    Session,
    component,
    etag,
    idempotent,
    page_of,
)

router = APIRouter(prefix="/v1/customers", tags=["customers"], responses=PROBLEM_RESPONSES)

Customers = Annotated[CustomerService, Depends(component(CustomerService))]
Onboarding = Annotated[OnboardingService, Depends(component(OnboardingService))]
Subscriptions = Annotated[SubscriptionService, Depends(component(SubscriptionService))]


@router.post(
    "",
    status_code=202,
    operation_id="create_customer",
    response_model=CustomerRead,
    responses={
        409: {"model": Problem, "description": "external_id already used, or your organisation is not provisioned"}
    },
)
async def create_customer(
    body: CustomerCreate,
    request: Request,
    session: Session,
    principal: Manager,
    onboarding: Onboarding,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Register a customer; it starts in `provisioning` and is screened before it is provisioned."""

    async def act() -> Answer:
        customer = await onboarding.create(session, body, principal=principal)
        location = str(request.url_for("get_customer", customer_id=customer.id))
        headers = {"Location": location, "ETag": etag(customer.version)}
        return 202, CustomerRead.model_validate(customer).model_dump(mode="json"), headers

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.post("/precheck", operation_id="precheck_customer", response_model=PrecheckResult)
async def precheck_customer(
    body: CustomerCreate, request: Request, session: Session, principal: Manager, onboarding: Onboarding
) -> PrecheckResult:
    """Dry run of a create: every rule is checked and each failure answered; nothing is stored or published."""
    problems = await onboarding.precheck(session, body, principal=principal)
    return PrecheckResult(ok=not problems, problems=[p.to_problem(request.url.path) for p in problems])


@router.get("/{customer_id}", operation_id="get_customer", response_model=CustomerRead)
async def get_customer(
    customer_id: uuid.UUID, session: Session, principal: Caller, customers: Customers, response: Response
) -> CustomerRead:
    """Read one customer of your subtree, with its onboarding state."""
    customer = await customers.get(session, customer_id, principal=principal)
    response.headers["ETag"] = etag(customer.version)
    return CustomerRead.model_validate(customer)


@router.get("", operation_id="list_customers", response_model=Page[CustomerRead])
async def list_customers(
    session: Session,
    principal: Caller,
    customers: Customers,
    page: Paging,
    state: Annotated[CustomerState | None, Query(description="Cancelled customers show only when asked")] = None,
    external_id: Annotated[str | None, Query(max_length=200, pattern=SINGLE_LINE)] = None,
    parent_id: Annotated[uuid.UUID | None, Query(description="Only customers directly under this one")] = None,
    scope: Annotated[
        Literal["subtree", "children"], Query(description="Your whole subtree, or your direct children")
    ] = "subtree",
    name: Annotated[
        str | None, Query(min_length=1, max_length=200, pattern=SINGLE_LINE, description="Name contains")
    ] = None,
    created_since: datetime | None = None,
) -> Page[CustomerRead]:
    """List the customers below you (R-HIER-03: never above, never beside), oldest first."""
    filters = CustomerFilter(
        state=state,
        external_id=external_id,
        parent_id=principal.customer_id if scope == "children" else parent_id,
        name=name,
        created_since=created_since,
    )
    rows = await customers.list(session, page, principal=principal, filters=filters)
    return page_of(rows, page, CustomerRead)


@router.put(
    "/{customer_id}/billing-address",
    status_code=202,
    operation_id="update_billing_address",
    response_model=CustomerRead,
    responses={412: {"model": Problem, "description": "If-Match does not match"}},
)
async def update_billing_address(
    customer_id: uuid.UUID,
    body: BillingAddressUpdate,
    session: Session,
    principal: Manager,
    customers: Customers,
    response: Response,
    if_match: IfMatch = None,
) -> CustomerRead:
    """Change the billing address; the customer is screened again (R-RPL-01)."""
    customer = await customers.change_billing_address(
        session, customer_id, body, principal=principal, if_match=if_match
    )
    response.headers["ETag"] = etag(customer.version)
    return CustomerRead.model_validate(customer)


@router.post("/{customer_id}/cancel", operation_id="cancel_customer", response_model=CustomerRead)
async def cancel_customer(
    customer_id: uuid.UUID,
    session: Session,
    principal: Manager,
    customers: Customers,
    response: Response,
    if_match: IfMatch = None,
) -> CustomerRead:
    """Cancel the customer's subscription; it leaves active listings (R-CUST-07)."""
    customer = await customers.cancel(session, customer_id, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(customer.version)
    return CustomerRead.model_validate(customer)


@router.delete("/{customer_id}", status_code=204, operation_id="delete_customer")
async def delete_customer(
    customer_id: uuid.UUID,
    session: Session,
    principal: Manager,
    customers: Customers,
    cascade: Annotated[bool, Query(description="Also delete its sub-customers and users")] = False,
) -> Response:
    """Delete a customer (R-HIER-09): refused while it has sub-customers or users unless `cascade=true`.

    The customer leaves every listing; its ledger history stays readable.
    """
    await customers.delete(session, customer_id, principal=principal, cascade=cascade)
    return Response(status_code=204)


@router.post(
    "/{customer_id}/provisioning-runs",
    status_code=202,
    operation_id="rerun_provisioning",
    response_model=ProvisioningRun,
    responses={
        202: {
            "description": "The run started. A provisioned customer's failed packages were retried (its state "
            "after them is in the answer); a stranded onboarding is back in `provisioning` and screened again."
        },
        409: {
            "model": Problem,
            "description": "Nothing can run yet or any more: `customer-pending-review` (a reviewer decides first), "
            "`onboarding-stopped` (rejected or expired in restricted-party review), `screening-under-way` (the "
            "screening is not late yet; `rerun_after` says when it is), `customer-not-provisioned` (e.g. "
            "suspended), `customer-closed` (cancelled)",
        },
    },
)
async def rerun_provisioning(
    customer_id: uuid.UUID, session: Session, principal: Manager, onboarding: Onboarding
) -> ProvisioningRun:
    """Re-run provisioning, or a stranded onboarding (R-CUST-11).

    A provisioned customer: failed packages are retried at once; the services owning users, numbers and setups
    act on the `customer.provisioning_rerun.v1` event. A customer whose screening never answered (still
    `provisioning` past its first deadline, or `error` with reason `screening_unavailable`) goes back to
    `provisioning` and is screened again, with the same deadlines as a new customer.
    """
    run_id, customer = await onboarding.rerun_provisioning(session, customer_id, principal=principal)
    read = CustomerRead.model_validate(customer)
    return ProvisioningRun(run_id=run_id, state=read.state, package_status=read.package_status)


@router.post("/{customer_id}/suspend", operation_id="suspend_customer", response_model=CustomerRead)
async def suspend_customer(
    customer_id: uuid.UUID, body: SuspendRequest, session: Session, principal: Manager, customers: Customers
) -> CustomerRead:
    """Suspend a provisioned customer below you: its users keep their data; new assignments are refused."""
    return CustomerRead.model_validate(
        await customers.suspend(session, customer_id, principal=principal, reason=body.reason)
    )


@router.post("/{customer_id}/resume", operation_id="resume_customer", response_model=CustomerRead)
async def resume_customer(
    customer_id: uuid.UUID, session: Session, principal: Manager, customers: Customers
) -> CustomerRead:
    """Resume a suspended customer in the state its packages' outcomes give it."""
    return CustomerRead.model_validate(await customers.resume(session, customer_id, principal=principal))


@router.post(
    "/{customer_id}/conversion",
    operation_id="convert_customer",
    response_model=CustomerRead,
    responses={
        404: {"model": Problem, "description": "`customer-not-found`: not below you"},
        409: {
            "model": Problem,
            "description": "`subscription-already-paid`, or `customer-closed` (cancelled, stopped or deleted)",
        },
        412: {"model": Problem, "description": "`version-mismatch`: If-Match is not the customer's current ETag"},
    },
)
async def convert_customer(
    customer_id: uuid.UUID,
    session: Session,
    principal: Manager,
    subscriptions: Subscriptions,
    response: Response,
    if_match: IfMatch = None,
) -> CustomerRead:
    """Convert a trial customer to a paid subscription: the trial's number cap ends and porting opens."""
    customer = await subscriptions.convert(session, customer_id, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(customer.version)
    return CustomerRead.model_validate(customer)


@router.put(
    "/{customer_id}/addons",
    operation_id="update_customer_addons",
    response_model=CustomerRead,
    responses={
        404: {"model": Problem, "description": "`customer-not-found`: not below you"},
        409: {"model": Problem, "description": "`customer-closed` (cancelled, stopped or deleted)"},
        412: {"model": Problem, "description": "`version-mismatch`: If-Match is not the customer's current ETag"},
        422: {
            "model": Problem,
            "description": "`validation-failed` naming `addons.<code>`: not an add-on of the catalogue, or not "
            "orderable yet (R-CUST-05)",
        },
    },
)
async def update_customer_addons(
    customer_id: uuid.UUID,
    body: AddonsUpdate,
    session: Session,
    principal: Manager,
    subscriptions: Subscriptions,
    response: Response,
    if_match: IfMatch = None,
) -> CustomerRead:
    """Set the customer's add-on quantities, e.g. its provider calling plan licences (R-CUST-05, R-PSTN-02)."""
    customer = await subscriptions.change_addons(session, customer_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(customer.version)
    return CustomerRead.model_validate(customer)
