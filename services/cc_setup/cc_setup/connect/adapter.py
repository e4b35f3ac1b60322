"""What cc_setup asks of connect, the digital-channel product (R-CC-13): its tenant, created with the
contact-center tenant, and the tenant's users.

Connect reports what happens on its side (a role changed, a user added, a first sign-in) by a signed webhook to
cc_setup's inbound endpoint (`POST /v1/contact-center/connect-events`); the adapter only makes calls. Every call
that creates takes a key, and a repeat with the same key answers what the first call did.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal, Protocol

ConnectUserState = Literal["invited", "active", "revoked"]


@dataclass(frozen=True)
class ConnectTenantRequest:
    key: str  # the provisioning job's id: one connect tenant a job
    customer_id: uuid.UUID
    name: str
    country: str
    time_zone: str  # R-CC-07: the tenant's time zone is the one connect uses
    data_center: str
    owner_email: str  # R-CC-14: the first customer administrator owns the connect tenant


@dataclass(frozen=True)
class ConnectTenant:
    tenant_id: str
    time_zone: str
    owner_email: str


@dataclass(frozen=True)
class ConnectUser:
    user_id: str
    tenant_id: str
    email: str
    role: str
    engage: bool
    state: ConnectUserState
    invitation_url: str | None  # where the connect invitation email points, while invited


class ConnectUnavailable(Exception):
    """A passing fault (timeout, throttling, connect down): the call is tried again later."""


class ConnectRefused(Exception):
    """Connect refused the call for good (an unknown tenant or user, a role it does not have)."""


class ConnectService(Protocol):
    async def create_tenant(self, request: ConnectTenantRequest) -> ConnectTenant:
        """Create the connect tenant of a contact-center tenant; a repeated key answers the same tenant."""

    async def add_user(self, tenant_id: str, *, email: str, role: str, engage: bool, key: str) -> ConnectUser:
        """Add (or invite again) a user with a connect role and the engage flag; answers the user and its
        invitation. A user of that email already in the tenant is answered, with this role and flag."""

    async def change_role(self, tenant_id: str, user_id: str, *, role: str, key: str) -> ConnectUser:
        """Give a user another connect role; a repeated key changes nothing more."""

    async def revoke_invitation(self, tenant_id: str, user_id: str) -> None:
        """Withdraw an invitation not taken up: the user can no longer sign in with it."""
