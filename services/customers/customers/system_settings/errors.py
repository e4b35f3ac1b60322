from servicekit import Forbidden, NotFound


class NotDelegated(Forbidden):
    # A plain `forbidden`, as every role check answers.
    def __init__(self, permission: str) -> None:
        super().__init__(f"Only the platform root, or a customer it delegated {permission!r} to, may do this.")


class UnknownCurrency(NotFound):
    def __init__(self, currency: str) -> None:
        super().__init__(f"No currency {currency!r}.")


class CatalogueItemNotFound(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(f"No catalogue item {code!r}.")
