"""Screening outcomes from rpl_screening move the customer through the onboarding saga."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope
from contracts.events import ReviewApproved, ReviewRejected, ScreeningCleared, ScreeningFlagged
from customers.customer.onboarding import OnboardingService
from servicekit import EventHandlers


def handlers(service: OnboardingService) -> EventHandlers:
    async def on_screening_cleared(session: AsyncSession, event: ScreeningCleared, _: Envelope) -> None:
        await service.on_screening_cleared(session, event)

    async def on_screening_flagged(session: AsyncSession, event: ScreeningFlagged, _: Envelope) -> None:
        await service.on_screening_flagged(session, event)

    async def on_review_approved(session: AsyncSession, event: ReviewApproved, _: Envelope) -> None:
        await service.on_review_approved(session, event)

    async def on_review_rejected(session: AsyncSession, event: ReviewRejected, _: Envelope) -> None:
        await service.on_review_rejected(session, event)

    handlers = EventHandlers()
    handlers.add(ScreeningCleared, on_screening_cleared)
    handlers.add(ScreeningFlagged, on_screening_flagged)
    handlers.add(ReviewApproved, on_review_approved)
    handlers.add(ReviewRejected, on_review_rejected)
    return handlers
