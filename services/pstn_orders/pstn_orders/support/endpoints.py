"""Who to contact about PSTN work, and the provider number policy (R-PSTN-24, R-PSTN-27)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict

from pstn_orders.connection.service import ConnectionService
from pstn_orders.support.desks import DESKS, Desk
from servicekit import PROBLEM_RESPONSES, Caller, component

router = APIRouter(tags=["pstn setup"], responses=PROBLEM_RESPONSES)


class PstnSupportRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number_policy_url": "https://wholesale.example/policies/pstn-numbers",
                    "desks": [
                        {
                            "desk": "technical_assistance",
                            "title": "Technical assistance",
                            "purposes": ["platform faults", "dropped calls", "call quality", "outages"],
                            "contact": "technical-assistance@wholesale.example",
                        }
                    ],
                }
            ]
        }
    )

    number_policy_url: str  # R-PSTN-27: governs new orders, ported numbers and cancellations
    desks: list[Desk]  # R-PSTN-24


@router.get("/v1/pstn-support", operation_id="get_pstn_support", response_model=PstnSupportRead)
async def get_pstn_support(
    principal: Caller, connections: Annotated[ConnectionService, Depends(component(ConnectionService))]
) -> PstnSupportRead:
    """The support desks and what each helps with, and the provider number policy."""
    return PstnSupportRead(number_policy_url=connections.number_policy_url, desks=list(DESKS.values()))
