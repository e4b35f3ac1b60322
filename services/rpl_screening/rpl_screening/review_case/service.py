"""Reviewers' decisions on flagged customers, and the review window's expiry (R-RPL-03, R-RPL-04, R-RPL-06)."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import ReviewCaseState
from contracts.events import ReviewApproved, ReviewRejected
from rpl_screening.models import ReviewCase, ReviewDecision
from rpl_screening.review_case.repository import ReviewCaseRepository
from rpl_screening.screening.engine import ScreeningEngine
from rpl_screening.screening.service import DEADLINE_TIMER
from servicekit import Clock, Conflict, NotFound, Principal, cancel_timer, emit

log = structlog.get_logger()


class ReviewCaseNotFound(NotFound):
    type = "review-case-not-found"
    title = "Review case not found"


class CaseAlreadyDecided(Conflict):
    type = "review-case-closed"
    title = "The review case is already closed"
    rule = "R-RPL-04"

    def __init__(self, state: str) -> None:
        super().__init__(f"The case is {state}; only an open case can be decided.", state=state)


class ReviewCaseService:
    def __init__(self, engine: ScreeningEngine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock

    async def approve(
        self, session: AsyncSession, case_id: uuid.UUID, reason: str, *, principal: Principal
    ) -> ReviewCase:
        case = await self._open_case(session, case_id, principal)
        self._decide(session, case, ReviewCaseState.APPROVED, actor=principal.client_id, reason=reason)
        await cancel_timer(session, DEADLINE_TIMER, str(case.id), now=self.clock.now())
        # R-RPL-04: approved within the window → the customer is provisioned
        await emit(session, ReviewApproved(**self._common(case), reviewer=principal.client_id, reason=reason))
        return case

    async def reject(
        self, session: AsyncSession, case_id: uuid.UUID, reason: str, *, principal: Principal
    ) -> ReviewCase:
        case = await self._open_case(session, case_id, principal)
        self._decide(session, case, ReviewCaseState.REJECTED, actor=principal.client_id, reason=reason)
        await cancel_timer(session, DEADLINE_TIMER, str(case.id), now=self.clock.now())
        await emit(
            session, ReviewRejected(**self._common(case), reviewer=principal.client_id, reason=reason, expired=False)
        )
        return case

    async def expire(self, session: AsyncSession, timer: Row[Any]) -> None:
        """Timer handler: the window lapsed with the case still open (R-RPL-04)."""
        case = (
            await session.execute(
                select(ReviewCase).where(ReviewCase.id == uuid.UUID(timer.payload["case_id"])).with_for_update()
            )
        ).scalar_one_or_none()
        if case is None or case.state != ReviewCaseState.OPEN:
            return
        reason = "not resolved within the review window"
        self._decide(session, case, ReviewCaseState.EXPIRED, actor="system", reason=reason)
        await emit(session, ReviewRejected(**self._common(case), reviewer=None, reason=reason, expired=True))
        log.info("review_case.expired", case_id=str(case.id))

    async def _open_case(self, session: AsyncSession, case_id: uuid.UUID, principal: Principal) -> ReviewCase:
        case = await ReviewCaseRepository(session, tenant_path=principal.tenant_path).get(case_id, for_update=True)
        if case is None:
            raise ReviewCaseNotFound(f"No review case {case_id}.")
        if case.state != ReviewCaseState.OPEN:
            raise CaseAlreadyDecided(case.state)
        return case

    def _decide(
        self, session: AsyncSession, case: ReviewCase, state: ReviewCaseState, *, actor: str, reason: str
    ) -> None:
        case.state = state
        case.decided_at = self.clock.now()
        case.decided_by = actor
        case.decision_reason = reason
        # R-RPL-06: every decision is recorded with who, why and the list versions in force.
        session.add(
            ReviewDecision(
                case_id=case.id,
                action=state.value,
                actor=actor,
                reason=reason,
                list_versions=list(self.engine.versions),
            )
        )

    def _common(self, case: ReviewCase) -> dict[str, Any]:
        return {
            "customer_id": case.customer_id,
            "screening_id": case.screening_id,
            "screening_ref": case.screening_ref,
            "list_versions": tuple(self.engine.versions),
            "review_case_id": case.id,
        }
