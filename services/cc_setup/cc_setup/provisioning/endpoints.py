"""Submitting the setup and following the tenant's provisioning (R-CC-11)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel

from cc_setup.callers import Reader, SetUpper
from cc_setup.provisioning.models import ProvisioningJob
from cc_setup.provisioning.schemas import JobRead
from cc_setup.provisioning.service import ProvisioningService
from contracts.problem import Problem
from servicekit import PROBLEM_RESPONSES, Answer, IdempotencyKey, Session, component, etag, idempotent

router = APIRouter(prefix="/v1/customers", tags=["contact-center provisioning"], responses=PROBLEM_RESPONSES)
Provisioning = Annotated[ProvisioningService, Depends(component(ProvisioningService))]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "No such setup or job"}}


class _NoBody(BaseModel):
    """The setup's saved steps are what is submitted: an Idempotency-Key binds only the path."""


NO_BODY = _NoBody()


def job_path(job: ProvisioningJob) -> str:
    return f"/v1/customers/{job.customer_id}/contact-center/provisioning-jobs/{job.id}"


def _accepted(job: ProvisioningJob) -> Answer:
    headers = {"ETag": etag(job.version), "Location": job_path(job)}
    return 202, JobRead.model_validate(job).model_dump(mode="json"), headers


@router.post(
    "/{customer_id}/contact-center/setup/submission",
    status_code=202,
    operation_id="submit_contact_center_setup",
    response_model=JobRead,
    responses={
        **NOT_FOUND,
        409: {"model": Problem, "description": "`setup-incomplete` naming what is missing, or `customer-not-active`"},
    },
)
async def submit_contact_center_setup(
    customer_id: uuid.UUID,
    request: Request,
    session: Session,
    principal: SetUpper,
    provisioning: Provisioning,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Submit the setup: the tenant is provisioned asynchronously by the job answered (R-CC-11); a repeat answers
    the same job."""

    async def act() -> Answer:
        return _accepted(await provisioning.submit(session, customer_id, principal=principal))

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=NO_BODY, act=act)


@router.get(
    "/{customer_id}/contact-center/provisioning-jobs/{job_id}",
    operation_id="get_provisioning_job",
    response_model=JobRead,
    responses=NOT_FOUND,
)
async def get_provisioning_job(
    customer_id: uuid.UUID,
    job_id: uuid.UUID,
    session: Session,
    principal: Reader,
    provisioning: Provisioning,
    response: Response,
    wait: Annotated[
        float,
        Query(ge=0, le=30, description="Wait up to this many seconds for the job to change (or end) before answering"),
    ] = 0,
    seen_version: Annotated[
        int | None, Query(ge=1, description="The version you last saw: a job past it answers at once")
    ] = None,
) -> JobRead:
    """The provisioning job with each step's progress; `wait` makes it a waiter (long poll, bounded)."""
    job = await provisioning.get(
        session, customer_id, job_id, principal=principal, wait=wait, seen_version=seen_version
    )
    response.headers["ETag"] = etag(job.version)
    return JobRead.model_validate(job)


@router.post(
    "/{customer_id}/contact-center/provisioning-runs",
    status_code=202,
    operation_id="rerun_contact_center_provisioning",
    response_model=JobRead,
    responses={
        **NOT_FOUND,
        409: {"model": Problem, "description": "`provisioning-job-not-failed`, or `customer-not-active`"},
    },
)
async def rerun_contact_center_provisioning(
    customer_id: uuid.UUID,
    request: Request,
    session: Session,
    principal: SetUpper,
    provisioning: Provisioning,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Run a failed provisioning job again from the step that failed; the tenant already created is kept."""

    async def act() -> Answer:
        return _accepted(await provisioning.rerun(session, customer_id, principal=principal))

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=NO_BODY, act=act)
