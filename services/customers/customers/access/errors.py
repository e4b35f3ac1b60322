from collections.abc import Iterable

from servicekit import BadRequest, Conflict, Forbidden, Unauthorized


class UnsupportedGrantType(BadRequest):
    type = "unsupported-grant-type"
    title = "Only client_credentials is supported"


class InvalidClient(Unauthorized):
    type = "invalid-client"
    title = "Unknown client or wrong secret"


class CustomerNotActive(Conflict):
    type = "customer-not-active"
    title = "The customer cannot hold API clients"


class RoleNotGrantable(Forbidden):
    # A plain `forbidden`, as every role check answers.
    def __init__(self, grantable: Iterable[str]) -> None:
        super().__init__(f"You may grant only: {', '.join(sorted(grantable))}.")
