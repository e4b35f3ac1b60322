"""The problems list versions raise; each keeps the servicekit type it answers with."""

from __future__ import annotations

import uuid

from contracts.problem import InvalidParam
from rpl_screening.list_formats import ListFormat, ListFormatError
from servicekit import NotFound, ValidationFailed


class ListVersionNotFound(NotFound):
    def __init__(self, version_id: uuid.UUID) -> None:
        super().__init__(f"No list version {version_id}.")


class ListEntryNotFound(NotFound):
    def __init__(self, source: str, uid: str) -> None:
        super().__init__(f"No entry {uid} on the active {source} list.")


class InvalidListFile(ValidationFailed):
    """The file is not the format it was sent as; nothing is imported and the version in force stays."""

    rule = "R-RPL-06"

    def __init__(self, fmt: ListFormat, error: ListFormatError) -> None:
        reason = f"is not a valid {fmt} list: {error}"
        super().__init__(f"file: {reason}", invalid_params=[InvalidParam(name="file", reason=reason)])
