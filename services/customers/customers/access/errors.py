from collections.abc import Iterable
from typing import ClassVar

from servicekit import Conflict, Forbidden, NotFound


class OAuthError(Exception):
    """An error of the token endpoint, answered in the RFC 6749 §5.2 form rather than as problem+json."""

    status: ClassVar[int] = 400
    error: ClassVar[str] = "invalid_request"

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class InvalidRequest(OAuthError):
    error = "invalid_request"


class UnsupportedGrantType(OAuthError):
    error = "unsupported_grant_type"


class InvalidClient(OAuthError):
    status = 401
    error = "invalid_client"

    def __init__(self, description: str = "Unknown client or wrong secret.") -> None:
        super().__init__(description)


class CustomerNotActive(Conflict):
    type = "customer-not-active"
    title = "The customer cannot hold API clients"


class ApiClientNotFound(NotFound):
    type = "api-client-not-found"
    title = "API client not found"
    rule = "R-HIER-03"

    def __init__(self, client_id: str) -> None:
        super().__init__(f"API client {client_id} does not exist (or is not yours).", client_id=client_id)


class RoleNotGrantable(Forbidden):
    # A plain `forbidden`, as every role check answers.
    def __init__(self, grantable: Iterable[str]) -> None:
        super().__init__(f"You may grant only: {', '.join(sorted(grantable))}.")
