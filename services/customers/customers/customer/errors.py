from servicekit import Conflict, NotFound


class CustomerNotFound(NotFound):
    type = "customer-not-found"
    title = "Customer not found"
    rule = "R-HIER-03"

    def __init__(self, customer_id: object) -> None:
        super().__init__(f"No customer {customer_id} among your customers.", customer_id=str(customer_id))


class ExternalIdTaken(Conflict):
    type = "external-id-taken"
    title = "External id already used"

    def __init__(self, external_id: str, existing_id: object) -> None:
        super().__init__(
            f"You already have a customer with external_id {external_id!r}.",
            external_id=external_id,
            existing_customer_id=str(existing_id),
        )


class ParentNotActive(Conflict):
    type = "parent-not-active"
    title = "Only a provisioned customer can own customers"
    rule = "R-HIER-06"


class CustomerClosed(Conflict):
    type = "customer-closed"
    title = "The customer is closed"

    def __init__(self, state: str) -> None:
        super().__init__(f"A customer in state {state!r} cannot be changed.", state=state)


class WebLoginTaken(Conflict):
    type = "web-login-taken"
    title = "Web login already used"
    rule = "R-HIER-06"

    def __init__(self, login: str) -> None:
        super().__init__(f"The web login {login!r} belongs to another customer.", field="web_login")


class HasDependents(Conflict):
    type = "customer-has-dependents"
    title = "The customer has sub-customers or users"
    rule = "R-HIER-09"

    def __init__(self, children: int, users: int) -> None:
        super().__init__(
            f"It has {children} sub-customers and {users} users; ask for cascade=true to delete them all.",
            children=children,
            users=users,
        )


class NotProvisioned(Conflict):
    type = "customer-not-provisioned"
    title = "Only a provisioned customer can be provisioned again"
    rule = "R-CUST-11"

    def __init__(self, state: str) -> None:
        super().__init__(f"The customer is {state!r}; provisioning runs again once it is provisioned.", state=state)


class NotSuspended(Conflict):
    type = "customer-not-suspended"
    title = "Only a suspended customer can be resumed"

    def __init__(self, state: str) -> None:
        super().__init__(f"The customer is {state!r}.", state=state)


class CustomerIsSuspended(Conflict):
    type = "customer-suspended"
    title = "The customer is suspended"

    def __init__(self) -> None:
        super().__init__("New assignments are refused while the customer is suspended; its users keep their data.")
