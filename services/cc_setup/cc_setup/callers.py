"""Who may call what in the cc_setup API: the role checks its endpoints share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from contracts.enums import Role
from servicekit import Principal, require_roles

# R-CC-01: a partner administrator or the customer's administrator sets up (the root may act for either).
SetUpper = Annotated[
    Principal,
    Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN, Role.CUSTOMER_CC_ADMIN)),
]
# A SetUpper, or the customer's read-only administrator: they follow setup and read the settings.
Reader = Annotated[
    Principal,
    Depends(
        require_roles(
            Role.PLATFORM_ROOT,
            Role.PARTNER_ADMIN,
            Role.CUSTOMER_FULL_ADMIN,
            Role.CUSTOMER_CC_ADMIN,
            Role.CUSTOMER_READONLY_ADMIN,
        )
    ),
]
# R-CC-15: chat services are set up by a customer administrator, never a partner administrator.
CustomerAdmin = Annotated[Principal, Depends(require_roles(Role.CUSTOMER_FULL_ADMIN, Role.CUSTOMER_CC_ADMIN))]
Root = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT))]
# R-CC-13: a partner administrator uses the customer's connect too (the root may act for one).
PartnerAdmin = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN))]
