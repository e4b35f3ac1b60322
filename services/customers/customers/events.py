"""What every customer event carries: who it is about and where it sits in the tree."""

from __future__ import annotations

from customers.models import Customer


def tenancy(customer: Customer) -> dict[str, object]:
    """Consumers scope by `tenant_path` (R-HIER-03); events are keyed and ordered by `customer_id`."""
    return {"customer_id": customer.id, "parent_id": customer.parent_id, "tenant_path": customer.path}
