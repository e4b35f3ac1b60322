"""Every event contract, and the registry that decodes an envelope back into one."""

from contracts.envelope import Envelope, Event
from contracts.events.customers import (
    ApiClientRevoked,
    BalanceChanged,
    BillingAddress,
    CreditLimitChanged,
    CustomerBillingAddressChanged,
    CustomerCancelled,
    CustomerCreated,
    CustomerDeleted,
    CustomerFailed,
    CustomerPackagesProvisioned,
    CustomerProvisioned,
    CustomerProvisioningRerun,
    CustomerResumed,
    CustomerReviewPending,
    CustomerScreeningRequested,
    CustomerSuspended,
    PackageStatus,
    TariffChanged,
    UserCreated,
    UserPackageChanged,
    WebhookEndpointDisabled,
)
from contracts.events.screening import (
    ListMatchFound,
    MatchEvidence,
    ReviewApproved,
    ReviewRejected,
    ScreeningCleared,
    ScreeningFlagged,
)

EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (
        CustomerCreated,
        CustomerBillingAddressChanged,
        CustomerScreeningRequested,
        CustomerReviewPending,
        CustomerProvisioned,
        CustomerFailed,
        CustomerCancelled,
        CustomerDeleted,
        CustomerProvisioningRerun,
        CustomerPackagesProvisioned,
        CustomerSuspended,
        CustomerResumed,
        CreditLimitChanged,
        ApiClientRevoked,
        UserCreated,
        UserPackageChanged,
        BalanceChanged,
        TariffChanged,
        WebhookEndpointDisabled,
        ScreeningCleared,
        ScreeningFlagged,
        ReviewApproved,
        ReviewRejected,
        ListMatchFound,
    )
}


def decode(envelope: Envelope) -> Event:
    """The typed event inside an envelope; KeyError for a type this build does not know.

    Fields this build does not know are dropped: a producer may add optional fields to a version.
    """
    cls = EVENT_TYPES[envelope.type]
    return cls.model_validate({k: v for k, v in envelope.data.items() if k in cls.model_fields})


__all__ = [
    "ApiClientRevoked",
    "CreditLimitChanged",
    "CustomerResumed",
    "CustomerSuspended",
    "BalanceChanged",
    "TariffChanged",
    "UserCreated",
    "UserPackageChanged",
    "WebhookEndpointDisabled",
    "CustomerDeleted",
    "CustomerProvisioningRerun",
    "CustomerPackagesProvisioned",
    "PackageStatus",
    "EVENT_TYPES",
    "ListMatchFound",
    "BillingAddress",
    "CustomerBillingAddressChanged",
    "CustomerCancelled",
    "CustomerCreated",
    "CustomerFailed",
    "CustomerProvisioned",
    "CustomerReviewPending",
    "CustomerScreeningRequested",
    "MatchEvidence",
    "ReviewApproved",
    "ReviewRejected",
    "ScreeningCleared",
    "ScreeningFlagged",
    "decode",
]
