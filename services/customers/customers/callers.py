"""Who may call what in the customers API: the role checks its endpoints share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from contracts.enums import Role
from servicekit import Principal, require_roles

# The platform root or a partner acting on its subtree (customers, tariffs, billing, API clients).
Manager = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN))]
# A Manager, or a customer's own full administrator (users, webhook endpoints).
Admin = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN))]
Root = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT))]
