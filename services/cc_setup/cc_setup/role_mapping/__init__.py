"""R-CC-13's two role tables, as data: a platform administrator role to its connect role, and back.

The tables are rows, not code: a role renamed in connect, or a row added, is a change of `TO_CONNECT` or
`TO_PLATFORM` alone. Every other part of cc_setup asks `connect_role_for` and `platform_role_for`.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CONNECT_ROLES",
    "PARTNER_CONNECT_ROLE",
    "TENANT_OWNER",
    "TO_CONNECT",
    "TO_PLATFORM",
    "UnknownRole",
    "connect_role_for",
    "platform_role_for",
]

# R-CC-13 table 1: admin role in the platform -> role in connect.
TO_CONNECT: Final[dict[str, str]] = {
    "customer_full_admin": "tenant_owner",
    "customer_cc_admin": "tenant_owner",
    "customer_readonly_admin": "read_only",
}

# R-CC-13 table 2: role in connect -> admin role in the platform.
TO_PLATFORM: Final[dict[str, str]] = {
    "read_only": "customer_readonly_admin",
    "restricted": "customer_readonly_admin",
    "full_access": "customer_full_admin",
    "tenant_owner": "customer_full_admin",
    "limited_access": "customer_readonly_admin",
}

CONNECT_ROLES: Final[tuple[str, ...]] = tuple(TO_PLATFORM)
TENANT_OWNER: Final = "tenant_owner"  # the first customer administrator's role in connect (R-CC-14)
# A partner administrator administers the customer's connect tenant but never owns it, and has no engage (R-CC-13).
PARTNER_CONNECT_ROLE: Final = "full_access"


class UnknownRole(ValueError):
    def __init__(self, role: str, table: str) -> None:
        super().__init__(f"{role!r} is not a role of the {table} table")
        self.role, self.table = role, table


def connect_role_for(platform_role: str) -> str:
    """The connect role a platform administrator role maps to (R-CC-13 table 1)."""
    try:
        return TO_CONNECT[platform_role]
    except KeyError:
        raise UnknownRole(platform_role, "platform to connect") from None


def platform_role_for(connect_role: str) -> str:
    """The platform administrator role a connect role maps to (R-CC-13 table 2)."""
    try:
        return TO_PLATFORM[connect_role]
    except KeyError:
        raise UnknownRole(connect_role, "connect to platform") from None
