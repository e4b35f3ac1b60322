"""What endpoints take from the request: its one transaction, the caller, and the service's components."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit._auth import Principal, current_principal
from servicekit._clock import Clock
from servicekit._runtime import runtime_of

T = TypeVar("T")


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One request, one transaction, committed before the response is sent (scope="function" below):
    a 2xx then always means the change and its events are durable."""
    async with runtime_of(request).sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


Session = Annotated[AsyncSession, Depends(_request_session, scope="function")]
Caller = Annotated[Principal, Depends(current_principal)]


def component(kind: type[T]) -> Callable[[Request], T]:
    """A dependency answering the running service's instance of `kind` (registered by create_app)."""

    def dependency(request: Request) -> T:
        return runtime_of(request).component(kind)

    dependency.__name__ = f"{kind.__name__.lower()}_component"
    return dependency


def _clock(request: Request) -> Clock:
    return runtime_of(request).clock


RequestClock = Annotated[Clock, Depends(_clock)]
