"""The problems provisioning jobs answer."""

from __future__ import annotations

import uuid

from servicekit import Conflict, NotFound


class JobNotFound(NotFound):
    type = "provisioning-job-not-found"
    title = "Provisioning job not found"

    def __init__(self, customer_id: uuid.UUID) -> None:
        super().__init__(f"Customer {customer_id} has no such contact-center provisioning job (submit the setup).")


class JobNotFailed(Conflict):
    type = "provisioning-job-not-failed"
    title = "Only a failed provisioning job runs again"
    rule = "R-CC-11"

    def __init__(self, state: str) -> None:
        super().__init__(f"The provisioning job is {state}; only a failed job can be re-run.", state=state)
