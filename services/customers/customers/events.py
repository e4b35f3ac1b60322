"""What every customer event carries: who it is about and where it sits in the tree."""

from __future__ import annotations

import uuid
from typing import TypedDict

from customers.models import Customer


class Tenancy(TypedDict):
    customer_id: uuid.UUID
    parent_id: uuid.UUID | None
    tenant_path: str


def tenancy(customer: Customer) -> Tenancy:
    """Consumers scope by `tenant_path` (R-HIER-03); events are keyed and ordered by `customer_id`."""
    return Tenancy(customer_id=customer.id, parent_id=customer.parent_id, tenant_path=customer.path)
