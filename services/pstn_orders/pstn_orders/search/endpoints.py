"""Number search HTTP API."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from pstn_orders.callers import Orderer
from pstn_orders.search.schemas import NumberSearchQuery, NumberSearchRead
from pstn_orders.search.service import NumberSearchService
from servicekit import PROBLEM_RESPONSES, Session, component

router = APIRouter(prefix="/v1/customers", tags=["number orders"], responses=PROBLEM_RESPONSES)

Searches = Annotated[NumberSearchService, Depends(component(NumberSearchService))]


@router.get(
    "/{customer_id}/available-numbers", operation_id="search_available_numbers", response_model=NumberSearchRead
)
async def search_available_numbers(
    customer_id: uuid.UUID,
    query: Annotated[NumberSearchQuery, Query()],
    session: Session,
    principal: Orderer,
    searches: Searches,
) -> NumberSearchRead:
    """Find numbers to order (R-PSTN-35); alternatives are marked when the exact ask cannot be met."""
    result = await searches.search(session, customer_id, query, principal=principal)
    return NumberSearchRead.model_validate({**result.model_dump(), "number_policy_url": searches.number_policy_url})
