"""ETags are row versions; If-Match names the version the caller read before updating."""

from __future__ import annotations


def etag(version: int) -> str:
    return f'"{version}"'


def stale(if_match: str | None, version: int) -> bool:
    """True when If-Match names another version than the current one ('*' matches any)."""
    return if_match is not None and if_match.strip() not in (etag(version), "*")
