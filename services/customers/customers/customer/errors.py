from datetime import datetime

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


class ReviewPending(Conflict):
    type = "customer-pending-review"
    title = "The customer waits for restricted-party review"
    rule = "R-RPL-03"

    def __init__(self, review_case_id: object) -> None:
        super().__init__(
            "The customer is 'pending_rpl_review': a reviewer decides whether onboarding continues, and it "
            "continues by itself when approved; there is nothing to re-run meanwhile.",
            state="pending_rpl_review",
            review_case_id=str(review_case_id) if review_case_id else None,
        )


class OnboardingStopped(Conflict):
    type = "onboarding-stopped"
    title = "Onboarding stopped after restricted-party review"
    rule = "R-RPL-04"

    def __init__(self, reason: str | None) -> None:
        super().__init__(
            "The customer is 'error' after restricted-party review: its onboarding cannot be re-run. "
            "Contact the screening desk if you think the decision is wrong.",
            state="error",
            reason=reason,
        )


class ScreeningUnderWay(Conflict):
    type = "screening-under-way"
    title = "The customer's screening is still under way"
    rule = "R-CUST-11"

    def __init__(self, due_at: datetime) -> None:
        super().__init__(
            "The customer is 'provisioning' and its screening is not late yet; it can be re-run once its "
            f"first answer is overdue (after {due_at.isoformat()}).",
            state="provisioning",
            rerun_after=due_at.isoformat(),
        )


class AlreadyPaid(Conflict):
    type = "subscription-already-paid"
    title = "The customer's subscription is already paid"

    def __init__(self) -> None:
        super().__init__("Only a trial converts to paid; this customer is on a paid subscription.", subscription="paid")
