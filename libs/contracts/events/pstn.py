"""PSTN events, published by pstn_orders on `pstn_orders.pstn.v1`, keyed by customer id."""

from __future__ import annotations

import uuid
from typing import ClassVar

from contracts import topics
from contracts.envelope import Event


class PstnEvent(Event):
    topic: ClassVar[str] = topics.PSTN
    customer_id: uuid.UUID
    tenant_path: str  # the customer's materialized path (R-HIER-03)


# --- connections, emergency addresses, contracts -----------------------------------------------------------


# --- orders, numbers, assignments, billing -----------------------------------------------------------------
