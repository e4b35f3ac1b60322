"""Connect, the digital-channel product (R-CC-13): the adapter cc_setup calls, its sandbox, and the signed
webhooks connect sends back."""

from cc_setup.connect.adapter import (
    ConnectRefused,
    ConnectService,
    ConnectTenant,
    ConnectTenantRequest,
    ConnectUnavailable,
    ConnectUser,
)
from cc_setup.connect.sandbox import SandboxConnect

__all__ = [
    "ConnectRefused",
    "ConnectService",
    "ConnectTenant",
    "ConnectTenantRequest",
    "ConnectUnavailable",
    "ConnectUser",
    "SandboxConnect",
]
