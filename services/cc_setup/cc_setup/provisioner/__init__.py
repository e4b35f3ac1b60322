"""The tenant provisioner: the adapter to the contact-center platform that creates tenants (R-CC-11), and its
sandbox."""

from cc_setup.provisioner.adapter import (
    STEPS,
    ProvisionerUnavailable,
    StepRejected,
    StepResult,
    TenantProvisioner,
    TenantRequest,
)
from cc_setup.provisioner.sandbox import SandboxProvisioner

__all__ = [
    "STEPS",
    "ProvisionerUnavailable",
    "SandboxProvisioner",
    "StepRejected",
    "StepResult",
    "TenantProvisioner",
    "TenantRequest",
]
