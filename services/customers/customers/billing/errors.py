from servicekit import Conflict, NotFound


class CreditLimitExceeded(Conflict):
    type = "credit-limit-exceeded"
    title = "The debit would take the balance below the credit limit"
    rule = "R-HIER-08"


class TariffNotFound(NotFound):
    def __init__(self, tariff_id: object) -> None:
        super().__init__(f"No tariff {tariff_id} of yours.")
