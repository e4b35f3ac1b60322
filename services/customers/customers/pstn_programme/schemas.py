"""PSTN programme API models."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, computed_field

from customers import examples


class PstnProgrammeUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"enrolled": True, "calling_addendum_accepted": True}]}
    )

    enrolled: bool = Field(description="The partner is authorised and enrolled in the PSTN programme")
    calling_addendum_accepted: bool = Field(
        description="The partner accepted the calling addendum; the time of the first acceptance is kept"
    )


class PstnProgrammeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.PSTN_PROGRAMME]})

    partner_id: uuid.UUID
    enrolled: bool
    calling_addendum_accepted_at: datetime | None
    version: int = Field(description="Also the ETag; 0 while the root never set it")
    updated_at: datetime | None

    @computed_field(description="Enrolled with the addendum accepted: its customers may use the calling plan")  # type: ignore[prop-decorator]
    @property
    def calling_plan_available(self) -> bool:
        return self.enrolled and self.calling_addendum_accepted_at is not None  # R-PSTN-02
