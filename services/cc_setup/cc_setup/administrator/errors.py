"""The problems connect administrators and connect's webhooks answer."""

from __future__ import annotations

import uuid

from servicekit import BadRequest, Conflict, NotFound, Unauthorized


class AdministratorNotFound(NotFound):
    type = "connect-administrator-not-found"
    title = "Connect administrator not found"

    def __init__(self, customer_id: uuid.UUID) -> None:
        super().__init__(f"Customer {customer_id} has no such administrator in connect.")


class AdministratorNotLapsed(Conflict):
    type = "connect-administrator-not-lapsed"
    title = "Only a lapsed administrator is added again"
    rule = "R-CC-14"

    def __init__(self, state: str) -> None:
        super().__init__(
            f"The administrator's connect invitation is {state}; only a lapsed one is added again.", state=state
        )


class PartnerAdministratorKnown(Conflict):
    type = "connect-administrator-exists"
    title = "The administrator is in connect already"
    rule = "R-CC-13"

    def __init__(self, email: str, state: str) -> None:
        super().__init__(f"{email} is an administrator of this connect tenant already ({state}).", state=state)


class WebhookSignatureInvalid(Unauthorized):
    type = "connect-webhook-signature-invalid"
    title = "The connect webhook's signature does not verify"

    def __init__(self, reason: str) -> None:
        super().__init__(f"The webhook was refused: {reason}. Sign it with the connect webhook secret.")


class WebhookPayloadInvalid(BadRequest):
    type = "connect-webhook-payload-invalid"
    title = "The connect webhook's body is not a connect event"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}", field=field)
