"""The provisioning job's API models (R-CC-11)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from cc_setup.support import PROVISIONING_FAULT, Desk

CUSTOMER_ID = "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11"
JOB_ID = "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a"
JOB_EXAMPLE: dict[str, Any] = {
    "id": JOB_ID,
    "customer_id": CUSTOMER_ID,
    "state": "in_progress",
    "run": 1,
    "steps": [
        {"step": "tenant", "state": "succeeded", "attempts": 1, "started_at": "2026-12-02T09:41:00Z",
         "finished_at": "2026-12-02T09:41:00Z", "detail": "tenant cct-4f1e2d3c4b5a6978 created in data center eu2"},
        {"step": "telephony", "state": "retrying", "attempts": 1, "started_at": "2026-12-02T09:42:00Z",
         "finished_at": None, "detail": "the platform timed out on the telephony step"},
        {"step": "digital_channels", "state": "pending", "attempts": 0, "started_at": None, "finished_at": None,
         "detail": None},
        {"step": "administrator", "state": "pending", "attempts": 0, "started_at": None, "finished_at": None,
         "detail": None},
    ],
    "current_step": "telephony",
    "tenant_id": "cct-4f1e2d3c4b5a6978",
    "data_center": "eu2",
    "administrator_email": "kari.nordmann@fjord-logistics.example",
    "administrator_created": False,
    "failed_step": None,
    "failure_reason": None,
    "help": None,
    "created_at": "2026-12-02T09:40:00Z",
    "updated_at": "2026-12-02T09:42:00Z",
    "completed_at": None,
    "version": 3,
}  # fmt: skip


class JobStep(BaseModel):
    step: str
    state: Literal["pending", "in_progress", "retrying", "succeeded", "failed"]
    attempts: int
    started_at: datetime | None = None
    finished_at: datetime | None = None
    detail: str | None = None


class JobRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [JOB_EXAMPLE]})

    id: uuid.UUID
    customer_id: uuid.UUID
    state: Literal["in_progress", "active", "failed"] = Field(description="in_progress, then active or failed")
    run: int = Field(description="1, then 2 and on for each re-run of a failed job")
    steps: list[JobStep] = Field(description="Each step's progress, in order")
    tenant_id: str | None
    failed_step: str | None
    failure_reason: str | None = Field(description="Why the job failed, as the platform said")
    request: dict[str, Any] = Field(exclude=True)
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    version: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def current_step(self) -> str | None:
        return next((s.step for s in self.steps if s.state != "succeeded"), None)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def data_center(self) -> str:
        return str(self.request["data_center"])

    @computed_field(description="The first administrator, created by the last step")  # type: ignore[prop-decorator]
    @property
    def administrator_email(self) -> str:
        return str(self.request["administrator_email"])

    @computed_field  # type: ignore[prop-decorator]
    @property
    def administrator_created(self) -> bool:
        return any(s.step == "administrator" and s.state == "succeeded" for s in self.steps)

    @computed_field(description="Whom to contact about a failed job")  # type: ignore[prop-decorator]
    @property
    def help(self) -> Desk | None:
        return PROVISIONING_FAULT if self.state == "failed" else None
