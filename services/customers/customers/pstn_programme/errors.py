from servicekit import Conflict


class NotAPartner(Conflict):
    type = "not-a-partner"
    title = "Only a partner joins the PSTN programme"
    rule = "R-PSTN-02"

    def __init__(self) -> None:
        super().__init__(
            "The PSTN programme is for partners, the customers directly below the platform root; the customers "
            "below a partner use the calling plan through their partner's enrolment."
        )
