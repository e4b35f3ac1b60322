"""Customer lifecycle events, published by the customers service on `customers.customer.v1`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from contracts import topics
from contracts.enums import ErrorReason
from contracts.envelope import Event


class BillingAddress(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    line1: str
    line2: str | None = None
    city: str
    region: str | None = None
    postal_code: str | None = None
    country: str  # ISO 3166-1 alpha-2


class CustomerEvent(Event):
    topic: ClassVar[str] = topics.CUSTOMERS
    customer_id: uuid.UUID
    parent_id: uuid.UUID | None
    tenant_path: str  # materialized path in the customer tree; consumers scope reads by it (R-HIER-03)


class CustomerCreated(CustomerEvent):
    """A customer was registered; screening starts from this event (R-RPL-01)."""

    type: ClassVar[str] = "customer.created.v1"
    external_id: str
    name: str
    billing_address: BillingAddress
    contact_email: str
    screening_ref: uuid.UUID  # the screening request this event asks for


class CustomerBillingAddressChanged(CustomerEvent):
    """The billing address changed; the customer must be screened again (R-RPL-01)."""

    type: ClassVar[str] = "customer.billing_address_changed.v1"
    name: str
    billing_address: BillingAddress
    screening_ref: uuid.UUID


class CustomerScreeningRequested(CustomerEvent):
    """The customer's screening is asked for again (R-RPL-01): its answer was late, or a stranded onboarding was
    re-run. Answered like customer.created: a ref already screened gets its outcome again, not a second screening.
    """

    type: ClassVar[str] = "customer.screening_requested.v1"
    name: str
    billing_address: BillingAddress
    screening_ref: uuid.UUID  # the screening request this event asks for
    attempt: int  # 1 for a re-run's first request, 2 and up when a late answer is asked for again


class CustomerReviewPending(CustomerEvent):
    """Screening found a possible match; onboarding waits for a reviewer (R-RPL-03)."""

    type: ClassVar[str] = "customer.review_pending.v1"
    review_case_id: uuid.UUID


class CustomerProvisioned(CustomerEvent):
    """The customer cleared screening (or was approved) and is provisioned (R-RPL-02, R-RPL-04)."""

    type: ClassVar[str] = "customer.provisioned.v1"
    name: str
    country: str
    # Optional since they were added to v1: downstream directories keep them (absent → paid, no add-ons).
    subscription: str | None = None  # trial | paid (R-PSTN-07)
    contact_email: str | None = None
    addons: dict[str, int] | None = None  # add-on code → quantity (R-CUST-05)


class CustomerFailed(CustomerEvent):
    """Onboarding stopped in `error` (R-RPL-04)."""

    type: ClassVar[str] = "customer.failed.v1"
    reason: ErrorReason
    detail: str


class CustomerCancelled(CustomerEvent):
    """The subscription was cancelled (R-CUST-07)."""

    type: ClassVar[str] = "customer.cancelled.v1"


class CustomerDeleted(CustomerEvent):
    """The customer was deleted (R-HIER-09); with a cascade, one event per customer of the subtree."""

    type: ClassVar[str] = "customer.deleted.v1"


class CustomerProvisioningRerun(CustomerEvent):
    """The provider asked to complete what provisioning held back (R-CUST-11): users, numbers, setups."""

    type: ClassVar[str] = "customer.provisioning_rerun.v1"
    run_id: uuid.UUID


class PackageStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    package: str
    status: str  # provisioned | failed
    warnings: list[str]
    errors: list[str]


class CustomerPackagesProvisioned(CustomerEvent):
    """Provisioning ran for the customer's packages; `state` is provisioned or provisioned_with_errors."""

    type: ClassVar[str] = "customer.packages_provisioned.v1"
    state: str
    packages: list[PackageStatus]


class UserCreated(CustomerEvent):
    """A user of the customer was registered with its package (R-CUST-01, R-CUST-04)."""

    type: ClassVar[str] = "customer.user_created.v1"
    user_id: uuid.UUID
    email: str
    role: str
    package: str


class UserPackageChanged(CustomerEvent):
    """A user moved to another package (R-CUST-06)."""

    type: ClassVar[str] = "customer.user_package_changed.v1"
    user_id: uuid.UUID
    previous_package: str
    package: str


class BalanceChanged(CustomerEvent):
    """A ledger entry moved the balance (R-HIER-08); amounts are decimal strings."""

    type: ClassVar[str] = "customer.balance_changed.v1"
    entry_id: uuid.UUID
    kind: str
    amount: str
    currency: str
    amount_usd: str
    balance_usd: str


class TariffChanged(CustomerEvent):
    """The customer (the owner) created or changed one of its tariffs (R-HIER-05)."""

    type: ClassVar[str] = "customer.tariff_changed.v1"
    tariff_id: uuid.UUID
    name: str
    currency: str
    is_default: bool


class CustomerSuspended(CustomerEvent):
    """A parent suspended the customer: its users keep their data, new assignments are refused."""

    type: ClassVar[str] = "customer.suspended.v1"
    reason: str | None


class CustomerResumed(CustomerEvent):
    type: ClassVar[str] = "customer.resumed.v1"


class CreditLimitChanged(CustomerEvent):
    """The credit limit changed: set, raised for a while, or back after a temporary increase expired."""

    type: ClassVar[str] = "customer.credit_limit_changed.v1"
    credit_limit_usd: str
    reason: str  # set | temporary_increase | temporary_increase_expired
    expires_at: str | None = None


class ApiClientRevoked(CustomerEvent):
    """An API client of the customer was revoked: every service refuses its tokens at once."""

    type: ClassVar[str] = "customer.api_client_revoked.v1"
    client_id: str


class WebhookEndpointDisabled(CustomerEvent):
    """One of the customer's webhook endpoints stopped receiving: its owner disabled it, or it kept failing
    through the whole retry schedule; its pending deliveries were marked failed."""

    type: ClassVar[str] = "customer.webhook_endpoint_disabled.v1"
    endpoint_id: uuid.UUID
    url: str
    reason: str  # disabled_by_owner | failing
    failing_since: str | None = None  # RFC 3339; when the endpoint last answered, for `failing`


class CustomerSubscriptionChanged(CustomerEvent):
    """A trial customer converted to a paid subscription (R-PSTN-31: porting opens; R-PSTN-07's cap ends)."""

    type: ClassVar[str] = "customer.subscription_changed.v1"
    subscription: str  # trial | paid
    previous_subscription: str


class CustomerAddonsChanged(CustomerEvent):
    """The customer's add-on quantities changed (R-CUST-05); `addons` is the whole new map."""

    type: ClassVar[str] = "customer.addons_changed.v1"
    addons: dict[str, int]  # add-on code → quantity
    previous_addons: dict[str, int]


class PstnProgrammeChanged(CustomerEvent):
    """The platform root enrolled a partner in the PSTN programme, or withdrew it (R-PSTN-02); the subject is
    the partner."""

    type: ClassVar[str] = "customer.pstn_programme_changed.v1"
    enrolled: bool
    calling_addendum_accepted_at: str | None  # RFC 3339; null while the calling addendum is not accepted


class LocationAddress(BaseModel):
    """A location's civic address (the civic fields of RFC 5139 / NENA CLDXF) and its country."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    house_number: str | None = None
    house_number_suffix: str | None = None
    pre_directional: str | None = None
    street_name: str
    street_suffix: str | None = None
    post_directional: str | None = None
    unit: str | None = None
    floor: str | None = None
    building: str | None = None
    city: str
    state: str | None = None
    postal_code: str | None = None
    country: str  # ISO 3166-1 alpha-2


class LocationEvent(CustomerEvent):
    """A location of the customer, whole as it is after the change."""

    location_id: uuid.UUID
    name: str
    address: LocationAddress
    time_zone: str  # IANA, e.g. America/New_York


class LocationCreated(LocationEvent):
    type: ClassVar[str] = "customer.location_created.v1"


class LocationUpdated(LocationEvent):
    type: ClassVar[str] = "customer.location_updated.v1"


class LocationDeleted(LocationEvent):
    """The location was deleted: it leaves every list, and no new PSTN work is done for it."""

    type: ClassVar[str] = "customer.location_deleted.v1"


# administrator accounts: the platform's own login for customer administrators (R-CC-02, R-CC-14)

AdministratorRole = Literal["customer_full_admin", "customer_cc_admin", "customer_readonly_admin"]


class AccountInvited(CustomerEvent):
    """A customer administrator was invited to the platform: the welcome email with its get-started link is on its
    way (R-CC-02, R-CC-14: the platform invitation comes first, it creates the account)."""

    type: ClassVar[str] = "customer.account_invited.v1"
    account_id: uuid.UUID
    email: str
    role: AdministratorRole
    expires_at: datetime  # when the get-started link stops working


class AccountActivated(CustomerEvent):
    """The administrator followed the link, set a password and accepted the terms of service: the account has
    access now (R-CC-02); the connect invitation may follow (R-CC-14)."""

    type: ClassVar[str] = "customer.account_activated.v1"
    account_id: uuid.UUID
    email: str
    role: AdministratorRole
    activated_at: datetime


class AccountRoleChanged(CustomerEvent):
    """An administrator's platform role changed: in the platform (`origin` platform), or applied from connect
    (`origin` connect, R-CC-13). `change_id` follows one change around both systems, so it is applied once."""

    type: ClassVar[str] = "customer.account_role_changed.v1"
    account_id: uuid.UUID
    email: str
    role: AdministratorRole
    origin: Literal["platform", "connect"]
    change_id: uuid.UUID
