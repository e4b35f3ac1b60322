"""Where the provider calling plan is offered, and how numbers are ordered there (R-PSTN-03, R-PSTN-25)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict

from pstn_orders.country.modes import CallingPlanCountries, CountryMode
from servicekit import PROBLEM_RESPONSES, Caller, component

router = APIRouter(tags=["pstn setup"], responses=PROBLEM_RESPONSES)
Countries = Annotated[CallingPlanCountries, Depends(component(CallingPlanCountries))]


class CallingPlanCountryRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"country": "US", "mode": "self_service"}]})

    country: str
    mode: CountryMode


@router.get(
    "/v1/calling-plan-countries",
    operation_id="list_calling_plan_countries",
    response_model=list[CallingPlanCountryRead],
)
async def list_calling_plan_countries(principal: Caller, countries: Countries) -> list[CallingPlanCountryRead]:
    """The countries the calling plan is offered in, each with its ordering mode."""
    return [CallingPlanCountryRead(country=c, mode=m) for c, m in sorted(countries.modes.items())]
