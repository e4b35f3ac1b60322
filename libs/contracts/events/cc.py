"""Contact-center setup events, published by cc_setup on `cc_setup.contact_center.v1`, keyed by customer id."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Literal

from contracts import topics
from contracts.envelope import Event


class ContactCenterEvent(Event):
    topic: ClassVar[str] = topics.CONTACT_CENTER
    customer_id: uuid.UUID
    tenant_path: str  # the customer's materialized path (R-HIER-03)


class ContactCenterTrialStarted(ContactCenterEvent):
    """A contact-center trial started for the customer (R-CC-01); setup can follow at once (R-CC-16)."""

    type: ClassVar[str] = "cc.trial_started.v1"
    order_id: uuid.UUID
    country: str  # ISO 3166-1 alpha-2: the country of operation chosen at the start (R-CC-05)
    administrator_email: str  # who is welcomed as the customer administrator (R-CC-02)
    licences: dict[str, int]  # licence code -> quantity
    addons: list[str]
    started_by: str  # the API client


class ContactCenterOrderMapped(ContactCenterEvent):
    """A contact-center subscription order was mapped to the customer (R-CC-01); setup can follow (R-CC-16)."""

    type: ClassVar[str] = "cc.order_mapped.v1"
    order_id: uuid.UUID
    order_reference: str  # the provider's own order number
    country: str
    administrator_email: str
    licences: dict[str, int]
    addons: list[str]
    mapped_by: str


class ContactCenterSetupStepSaved(ContactCenterEvent):
    """A setup step was saved or changed before submission (R-CC-04); `values` is the step as it now is."""

    type: ClassVar[str] = "cc.setup_step_saved.v1"
    step: Literal["calling", "settings"]
    values: dict[str, str | None]
    saved_by: str


class ContactCenterCountryConfirmed(ContactCenterEvent):
    """The country of operation was confirmed and can never change (R-CC-06); it chose the data center."""

    type: ClassVar[str] = "cc.country_confirmed.v1"
    country: str
    data_center: str  # from the data-locality map (R-CC-05)
    region: str
    confirmed_by: str


class ContactCenterSetupSubmitted(ContactCenterEvent):
    """Setup was submitted: the tenant is being provisioned by the job (R-CC-11)."""

    type: ClassVar[str] = "cc.setup_submitted.v1"
    job_id: uuid.UUID
    run: int  # 1 for the submission, 2 and on for re-runs of a failed job
    country: str
    data_center: str
    platform: str
    telephony: str
    time_zone: str
    submitted_by: str


class ContactCenterProvisioningProgressed(ContactCenterEvent):
    """One step of the tenant's provisioning finished, or is tried again after a passing fault."""

    type: ClassVar[str] = "cc.provisioning_progressed.v1"
    job_id: uuid.UUID
    step: str
    state: Literal["succeeded", "retrying"]
    attempt: int
    detail: str | None = None


class ContactCenterActive(ContactCenterEvent):
    """The tenant is provisioned and the contact center is active (R-CC-11, R-CC-12)."""

    type: ClassVar[str] = "cc.active.v1"
    job_id: uuid.UUID
    tenant_id: str
    data_center: str
    platform: str
    telephony: str
    time_zone: str
    activated_at: datetime


class ContactCenterProvisioningFailed(ContactCenterEvent):
    """The tenant's provisioning stopped at a step; the reason and the desk to contact say why and who helps."""

    type: ClassVar[str] = "cc.provisioning_failed.v1"
    job_id: uuid.UUID
    step: str
    reason: str
    desk: str


class ContactCenterChatServicesSetUp(ContactCenterEvent):
    """A customer administrator set up the contact center's chat services on the active tenant (R-CC-15)."""

    type: ClassVar[str] = "cc.chat_services_set_up.v1"
    tenant_id: str
    set_up_by: str


# digital channels (connect): administrators kept in sync both ways (R-CC-13, R-CC-14)


class ContactCenterAdministratorAdded(ContactCenterEvent):
    """An administrator was added in connect: the platform invites them first (R-CC-14), with the role the mapping
    gives (R-CC-13)."""

    type: ClassVar[str] = "cc.administrator_added.v1"
    email: str
    connect_role: str
    platform_role: Literal["customer_full_admin", "customer_cc_admin", "customer_readonly_admin"]
    change_id: uuid.UUID


class ContactCenterAdministratorRoleSynced(ContactCenterEvent):
    """An administrator's role was carried across (R-CC-13): pushed to connect (`origin` platform) or changed in
    connect and to be applied in the platform (`origin` connect). One `change_id` per change, applied once."""

    type: ClassVar[str] = "cc.administrator_role_synced.v1"
    account_id: uuid.UUID | None  # the platform account, once there is one
    email: str
    connect_role: str
    platform_role: Literal["customer_full_admin", "customer_cc_admin", "customer_readonly_admin"]
    origin: Literal["platform", "connect"]
    change_id: uuid.UUID


class ContactCenterAdministratorInvited(ContactCenterEvent):
    """An administrator was added to connect and sent the connect invitation, after the platform one (R-CC-14)."""

    type: ClassVar[str] = "cc.administrator_invited.v1"
    administrator_id: uuid.UUID
    account_id: uuid.UUID | None
    email: str
    connect_role: str
    connect_user_id: str
    engage: bool  # never true for a partner administrator (R-CC-13)
    invited_at: datetime
    lapses_at: datetime  # 7 business days in the tenant's time zone and country (R-CC-14)


class ContactCenterAdministratorActivated(ContactCenterEvent):
    """The administrator signed in to connect for the first time: the connect account is active (R-CC-14)."""

    type: ClassVar[str] = "cc.administrator_activated.v1"
    administrator_id: uuid.UUID
    account_id: uuid.UUID | None
    email: str
    connect_user_id: str
    activated_at: datetime


class ContactCenterInvitationLapsed(ContactCenterEvent):
    """A connect invitation was not taken up within 7 business days: revoked in connect; the administrator must be
    added again (R-CC-14)."""

    type: ClassVar[str] = "cc.invitation_lapsed.v1"
    administrator_id: uuid.UUID
    account_id: uuid.UUID | None
    email: str
    connect_user_id: str
    invited_at: datetime
    lapsed_at: datetime
