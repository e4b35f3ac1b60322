"""Customer HTTP API: translation between HTTP and the customer service, nothing else."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from contracts.enums import CustomerState, Role
from customers.customer.repository import CustomerFilter
from customers.customer.schemas import (
    BillingAddressUpdate,
    CustomerCreate,
    CustomerRead,
    PrecheckResult,
    ProvisioningRun,
    SuspendRequest,
)
from customers.customer.service import customer_service, etag
from servicekit import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    PROBLEM_RESPONSES,
    Answer,
    IdempotencyKey,
    Page,
    Principal,
    Session,
    current_principal,
    idempotent,
    page_of,
    require_roles,
)

router = APIRouter(prefix="/v1/customers", tags=["customers"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(current_principal)]
Manager = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN))]
IfMatch = Annotated[str | None, Header(description="ETag from a previous read; 412 if the customer changed since")]


@router.post(
    "",
    status_code=202,
    operation_id="create_customer",
    response_model=CustomerRead,
    responses={409: {"description": "external_id already used, or your organisation is not provisioned"}},
)
async def create_customer(
    body: CustomerCreate,
    request: Request,
    session: Session,
    principal: Manager,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Register a customer; it starts in `provisioning` and is screened before it is provisioned."""

    async def act() -> Answer:
        customer = await customer_service.create(session, body, principal=principal)
        location = str(request.url_for("get_customer", customer_id=customer.id))
        return 202, CustomerRead.of(customer).model_dump(mode="json"), {"Location": location, "ETag": etag(customer)}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.post("/precheck", operation_id="precheck_customer", response_model=PrecheckResult)
async def precheck_customer(
    body: CustomerCreate, request: Request, session: Session, principal: Manager
) -> PrecheckResult:
    """Dry run of a create: every rule is checked and each failure answered; nothing is stored or published."""
    problems = await customer_service.precheck(session, body, principal=principal)
    await session.rollback()
    return PrecheckResult(ok=not problems, problems=[p.to_problem(request.url.path) for p in problems])


@router.get("/{customer_id}", operation_id="get_customer", response_model=CustomerRead)
async def get_customer(customer_id: uuid.UUID, session: Session, principal: Reader, response: Response) -> CustomerRead:
    """Read one customer of your subtree, with its onboarding state."""
    customer = await customer_service.get(session, customer_id, principal=principal)
    response.headers["ETag"] = etag(customer)
    return CustomerRead.of(customer)


@router.get("", operation_id="list_customers", response_model=Page[CustomerRead])
async def list_customers(
    session: Session,
    principal: Reader,
    state: Annotated[CustomerState | None, Query(description="Cancelled customers show only when asked")] = None,
    external_id: Annotated[str | None, Query(max_length=200)] = None,
    parent_id: Annotated[uuid.UUID | None, Query(description="Only customers directly under this one")] = None,
    scope: Annotated[
        Literal["subtree", "children"], Query(description="Your whole subtree, or your direct children")
    ] = "subtree",
    name: Annotated[str | None, Query(min_length=1, max_length=200, description="Name contains")] = None,
    created_since: datetime | None = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Page[CustomerRead]:
    """List the customers below you (R-HIER-03: never above, never beside), oldest first."""
    filters = CustomerFilter(
        state=state,
        external_id=external_id,
        parent_id=principal.customer_id if scope == "children" else parent_id,
        name=name,
        created_since=created_since,
    )
    rows = await customer_service.list(session, principal=principal, filters=filters, cursor=cursor, limit=limit)
    return page_of(list(rows), limit, to_item=CustomerRead.of)


@router.put(
    "/{customer_id}/billing-address",
    status_code=202,
    operation_id="update_billing_address",
    response_model=CustomerRead,
    responses={412: {"description": "If-Match does not match"}},
)
async def update_billing_address(
    customer_id: uuid.UUID,
    body: BillingAddressUpdate,
    session: Session,
    principal: Manager,
    response: Response,
    if_match: IfMatch = None,
) -> CustomerRead:
    """Change the billing address; the customer is screened again (R-RPL-01)."""
    customer = await customer_service.change_billing_address(
        session, customer_id, body.billing_address, principal=principal, if_match=if_match
    )
    response.headers["ETag"] = etag(customer)
    return CustomerRead.of(customer)


@router.post("/{customer_id}/cancel", operation_id="cancel_customer", response_model=CustomerRead)
async def cancel_customer(
    customer_id: uuid.UUID, session: Session, principal: Manager, response: Response, if_match: IfMatch = None
) -> CustomerRead:
    """Cancel the customer's subscription; it leaves active listings (R-CUST-07)."""
    customer = await customer_service.cancel(session, customer_id, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(customer)
    return CustomerRead.of(customer)


@router.delete("/{customer_id}", status_code=204, operation_id="delete_customer")
async def delete_customer(
    customer_id: uuid.UUID,
    session: Session,
    principal: Manager,
    cascade: Annotated[bool, Query(description="Also delete its sub-customers and users")] = False,
) -> Response:
    """Delete a customer (R-HIER-09): refused while it has sub-customers or users unless `cascade=true`.

    The customer leaves every listing; its ledger history stays readable.
    """
    await customer_service.delete(session, customer_id, principal=principal, cascade=cascade)
    return Response(status_code=204)


@router.post(
    "/{customer_id}/provisioning-runs",
    status_code=202,
    operation_id="rerun_provisioning",
    response_model=ProvisioningRun,
)
async def rerun_provisioning(customer_id: uuid.UUID, session: Session, principal: Manager) -> ProvisioningRun:
    """Complete what provisioning held back (R-CUST-11): failed packages are retried at once; the services
    owning users, numbers and setups act on the `customer.provisioning_rerun.v1` event."""
    run_id, customer = await customer_service.rerun_provisioning(session, customer_id, principal=principal)
    read = CustomerRead.of(customer)
    return ProvisioningRun(run_id=run_id, state=read.state, package_status=read.package_status)


@router.post("/{customer_id}/suspend", operation_id="suspend_customer", response_model=CustomerRead)
async def suspend_customer(
    customer_id: uuid.UUID, body: SuspendRequest, session: Session, principal: Manager
) -> CustomerRead:
    """Suspend a provisioned customer below you: its users keep their data; new assignments are refused."""
    return CustomerRead.of(
        await customer_service.suspend(session, customer_id, principal=principal, reason=body.reason)
    )


@router.post("/{customer_id}/resume", operation_id="resume_customer", response_model=CustomerRead)
async def resume_customer(customer_id: uuid.UUID, session: Session, principal: Manager) -> CustomerRead:
    return CustomerRead.of(await customer_service.resume(session, customer_id, principal=principal))
