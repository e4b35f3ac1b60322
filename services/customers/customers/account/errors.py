from servicekit import Conflict, NotFound, Unauthorized, ValidationFailed


class AccountNotFound(NotFound):
    type = "account-not-found"
    title = "Account not found"

    def __init__(self, customer_id: object, account_id: object) -> None:
        super().__init__(f"No administrator account {account_id} of customer {customer_id}.")


class AccountExists(Conflict):
    type = "account-exists"
    title = "The administrator already has an active account"

    def __init__(self, email: str) -> None:
        super().__init__(f"{email} already has an active account for this customer.", field="email")


class SignInRefused(Unauthorized):
    type = "sign-in-refused"
    title = "Wrong email or password"

    def __init__(self) -> None:
        # The same answer for an unknown email, a wrong password and an account not yet activated.
        super().__init__("The email and password do not match an active account.")


def invitation_refused(reason: str) -> ValidationFailed:
    return ValidationFailed.field("token", reason, rule="R-CC-02")
