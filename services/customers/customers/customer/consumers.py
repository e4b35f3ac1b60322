"""Screening outcomes from rpl_screening move the customer through the onboarding saga."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope, Event
from contracts.events import ReviewApproved, ReviewRejected, ScreeningCleared, ScreeningFlagged
from customers.customer.service import customer_service


async def on_screening_cleared(session: AsyncSession, event: Event, _: Envelope) -> None:
    assert isinstance(event, ScreeningCleared)
    await customer_service.on_screening_cleared(session, event)


async def on_screening_flagged(session: AsyncSession, event: Event, _: Envelope) -> None:
    assert isinstance(event, ScreeningFlagged)
    await customer_service.on_screening_flagged(session, event)


async def on_review_approved(session: AsyncSession, event: Event, _: Envelope) -> None:
    assert isinstance(event, ReviewApproved)
    await customer_service.on_review_approved(session, event)


async def on_review_rejected(session: AsyncSession, event: Event, _: Envelope) -> None:
    assert isinstance(event, ReviewRejected)
    await customer_service.on_review_rejected(session, event)


HANDLERS = {
    ScreeningCleared.type: on_screening_cleared,
    ScreeningFlagged.type: on_screening_flagged,
    ReviewApproved.type: on_review_approved,
    ReviewRejected.type: on_review_rejected,
}
