"""ETags are row versions; If-Match names the version the caller read before updating."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from servicekit._errors import VersionMismatch

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag of your last read; answered 412 `version-mismatch` if the resource changed since. "
        "Without it the update applies to whatever is current.",
    ),
]


def etag(version: int) -> str:
    return f'"{version}"'


def check_version(if_match: str | None, version: int, resource: str) -> None:
    """Refuse an update made from a stale read: If-Match names another version than the current one."""
    if if_match is not None and if_match.strip() not in (etag(version), "*"):
        raise VersionMismatch(resource, etag(version))
