"""The setup wizard's API models: one model a step, and the whole setup (R-CC-04)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cc_setup.catalogue import TelephonyOption
from servicekit import Country

CUSTOMER_ID = "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11"
Step = Literal["summary", "calling", "settings", "what_will_be_set_up", "review", "submit"]
NextStep = Literal["summary", "calling", "settings", "what_will_be_set_up", "review", "submit", "provisioning"]

SUMMARY_EXAMPLE: dict[str, Any] = {
    "kind": "trial",
    "order_reference": None,
    "licences": {"standard_agent": 5, "premium_agent": 0, "supervisor": 1},
    "addons": [],
    "administrator_email": "kari.nordmann@fjord-logistics.example",
    "complete": True,
}
CALLING_EXAMPLE: dict[str, Any] = {
    "sip_address": "fjord-logistics@cc.wholesale.example",
    "suggested_sip_address": "fjord-logistics-as@cc.wholesale.example",
    "complete": True,
}
SETTINGS_EXAMPLE: dict[str, Any] = {
    "country": "NO",
    "country_confirmed": True,
    "country_confirmed_at": "2026-12-02T09:35:00Z",
    "data_center": "eu2",
    "region": "emea",
    "time_zone": "Europe/Oslo",
    "time_zone_offered": True,
    "platform": "next_generation",
    "platform_choices": ["next_generation"],
    "telephony": "calling_carriers",
    "telephony_choices": [
        {
            "code": "calling_carriers",
            "title": "Calling-service-based carriers and PSTN through the calling service",
            "note": "requires an active calling subscription",
        }
    ],
    "telephony_selected_automatically": False,
    "complete": True,
}
WHAT_EXAMPLE: dict[str, Any] = {
    "items": [
        {"service": "tenant", "detail": "A contact-center tenant in data center eu2 (country of operation NO)"},
        {"service": "administrator", "detail": "The first administrator kari.nordmann@fjord-logistics.example"},
    ],
    "complete": True,
}
REVIEW_EXAMPLE: dict[str, Any] = {
    "summary": SUMMARY_EXAMPLE,
    "calling": CALLING_EXAMPLE,
    "settings": SETTINGS_EXAMPLE,
    "what_will_be_set_up": WHAT_EXAMPLE,
    "ready_to_submit": True,
    "missing": [],
}


class SummaryStep(BaseModel):
    """Licensing information of the order (R-CC-04's first step)."""

    model_config = ConfigDict(json_schema_extra={"examples": [SUMMARY_EXAMPLE]})

    kind: Literal["trial", "subscription"]
    order_reference: str | None
    licences: dict[str, int]
    addons: list[str]
    administrator_email: str
    complete: bool = True


class CallingStep(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [CALLING_EXAMPLE]})

    sip_address: str | None = Field(description="The organisation SIP address, once saved")
    suggested_sip_address: str = Field(description="What the step proposes from the customer's name")
    complete: bool


class CallingUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"sip_address": "fjord-logistics@cc.wholesale.example"}]}
    )

    sip_address: str = Field(min_length=3, max_length=320, description="name@domain, e.g. acme@cc.example")


class SettingsStep(BaseModel):
    """Contact-center settings, with the choices the current country and platform offer."""

    model_config = ConfigDict(json_schema_extra={"examples": [SETTINGS_EXAMPLE]})

    country: str = Field(description="Country of operation (R-CC-05); defaults to the order's")
    country_confirmed: bool = Field(description="Confirmed countries never change (R-CC-06)")
    country_confirmed_at: datetime | None
    data_center: str | None = Field(description="From the data-locality map (R-CC-05); fixed at confirmation")
    region: str | None
    time_zone: str | None = Field(description="IANA time zone; defaults from the region (R-CC-07)")
    time_zone_offered: bool = Field(description="False when AI services are provisioned (R-CC-07)")
    platform: str | None
    platform_choices: list[str] = Field(description="What the country offers (R-CC-08)")
    telephony: str | None
    telephony_choices: list[TelephonyOption] = Field(description="What the platform and region offer (R-CC-09)")
    telephony_selected_automatically: bool = Field(description="By the PSTN add-on (R-CC-10)")
    complete: bool


class SettingsUpdate(BaseModel):
    """Fields left out keep their value; a new country resets the choices it decides."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "country": "NO",
                    "time_zone": "Europe/Oslo",
                    "platform": "next_generation",
                    "telephony": "calling_carriers",
                }
            ]
        },
    )

    country: Country | None = None
    time_zone: str | None = Field(None, max_length=64, description="An IANA time zone (R-CC-07)")
    platform: str | None = Field(None, max_length=40, description="One of the step's platform_choices (R-CC-08)")
    telephony: str | None = Field(None, max_length=40, description="One of the step's telephony_choices (R-CC-09)")


class CountryConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"country": "NO"}]})

    country: Country = Field(description="The country of operation to confirm; it can never change (R-CC-06)")


class SetUpItem(BaseModel):
    service: str
    detail: str


class WhatWillBeSetUpStep(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [WHAT_EXAMPLE]})

    items: list[SetUpItem]
    complete: bool


class Missing(BaseModel):
    step: str
    field: str


class ReviewStep(BaseModel):
    """Everything submit provisions (R-CC-11), and what is still missing."""

    model_config = ConfigDict(json_schema_extra={"examples": [REVIEW_EXAMPLE]})

    summary: SummaryStep
    calling: CallingStep
    settings: SettingsStep
    what_will_be_set_up: WhatWillBeSetUpStep
    ready_to_submit: bool
    missing: list[Missing]


class StepState(BaseModel):
    step: Step
    complete: bool
    editable: bool


SETUP_EXAMPLE: dict[str, Any] = {
    "customer_id": CUSTOMER_ID,
    "order_id": "3e7d2c1b-9a8f-4e6d-8c5b-4a3f2e1d0c9b",
    "state": "in_progress",
    "setup_required": True,
    "next_step": "settings",
    "steps": [
        {"step": "summary", "complete": True, "editable": False},
        {"step": "calling", "complete": True, "editable": True},
        {"step": "settings", "complete": False, "editable": True},
    ],
    "summary": SUMMARY_EXAMPLE,
    "calling": CALLING_EXAMPLE,
    "settings": SETTINGS_EXAMPLE,
    "job_id": None,
    "version": 3,
    "updated_at": "2026-12-02T09:35:00Z",
}


class SetupRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [SETUP_EXAMPLE]})

    customer_id: uuid.UUID
    order_id: uuid.UUID
    state: Literal["in_progress", "submitted", "active", "failed"]
    setup_required: bool = Field(description="True until setup completes: the wizard is offered (R-CC-03)")
    next_step: NextStep | None
    steps: list[StepState]
    summary: SummaryStep
    calling: CallingStep
    settings: SettingsStep
    job_id: uuid.UUID | None = Field(description="The provisioning job, once submitted")
    version: int
    updated_at: datetime


class SetupStatus(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "setup_required": True,
                    "state": "in_progress",
                    "next_step": "calling",
                    "setup_href": f"/v1/customers/{CUSTOMER_ID}/contact-center/setup",
                }
            ]
        }
    )

    setup_required: bool = Field(description="R-CC-03: offer the wizard at every sign-in while true")
    state: str
    next_step: NextStep | None
    setup_href: str
