"""The request's one transaction, shared by the endpoint and the caller's credential check."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession


async def request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One request, one transaction, committed before the response is sent (scope="function" where it is used):
    a 2xx then always means the change and its events are durable."""
    async with request.app.state.runtime.sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
