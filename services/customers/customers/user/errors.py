from servicekit import Conflict, NotFound


class PackageCapReached(Conflict):
    type = "package-cap-reached"
    title = "Every seat of the package is taken"
    rule = "R-CUST-03"


class AdminDowngrade(Conflict):
    type = "admin-package-downgrade"
    title = "A full administrator's package cannot be downgraded"
    rule = "R-CUST-06"


class EmailTaken(Conflict):
    # A plain `conflict` naming the field.
    def __init__(self, email: str) -> None:
        super().__init__(f"The customer already has a user {email}.", field="email")


class NumberTaken(Conflict):
    # A plain `conflict` naming the field: an extension or phone number is one user's within a customer.
    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"Another user of the customer already has {field.replace('_', ' ')} {value}.", field=field)


class UserNotFound(NotFound):
    def __init__(self, customer_id: object, user_id: object) -> None:
        super().__init__(f"No user {user_id} of customer {customer_id}.")
