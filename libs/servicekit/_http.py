"""What endpoints take from the request: its one transaction, the caller, and the service's components."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit._auth import Principal, current_principal
from servicekit._runtime import runtime_of
from servicekit._session import request_session

T = TypeVar("T")


Session = Annotated[AsyncSession, Depends(request_session, scope="function")]
Caller = Annotated[Principal, Depends(current_principal)]


def component(kind: type[T]) -> Callable[[Request], T]:
    """A dependency answering the running service's instance of `kind` (registered by create_app)."""

    def dependency(request: Request) -> T:
        return runtime_of(request).component(kind)

    dependency.__name__ = f"{kind.__name__.lower()}_component"
    return dependency
