"""Who may call what in the pstn_orders API: the role checks its endpoints share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from contracts.enums import Role
from servicekit import Principal, require_roles

# The platform root, a partner acting on its subtree, or the customer's own full administrator: they order.
Orderer = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN))]
# An Orderer, or the customer's read-only administrator: they see orders, carts and reservations.
Reader = Annotated[
    Principal,
    Depends(
        require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN, Role.CUSTOMER_READONLY_ADMIN)
    ),
]
