"""Repositories see one tenant's subtree of the customer tree, and nothing else (R-HIER-03)."""

from __future__ import annotations

from typing import Any, Self

from sqlalchemy import ColumnElement, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from servicekit._auth import Principal

PLATFORM_PATH = "/"  # every materialized path starts with it: the whole tree


class TenantRepository:
    """Base of every repository over rows that belong to a place in the tree (a `tenant_path` column).

    Built for the caller (`for_caller`) in requests; `unscoped` only for consumers and timers acting for the
    platform, never for a request.
    """

    def __init__(self, session: AsyncSession, *, tenant_path: str) -> None:
        self.session = session
        self.tenant_path = tenant_path

    @classmethod
    def for_caller(cls, session: AsyncSession, principal: Principal) -> Self:
        return cls(session, tenant_path=principal.tenant_path)

    @classmethod
    def unscoped(cls, session: AsyncSession) -> Self:
        return cls(session, tenant_path=PLATFORM_PATH)

    def in_tenant(self, path: InstrumentedAttribute[str] | ColumnElement[Any]) -> ColumnElement[bool]:
        """The row's path lies in the tenant's subtree: one indexed prefix range."""
        if self.tenant_path == PLATFORM_PATH:  # the platform's own consumers see the whole tree
            return true()
        return path.startswith(self.tenant_path, autoescape=True)  # R-HIER-03
