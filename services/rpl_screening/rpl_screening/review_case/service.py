"""Review cases: opened for a flagged screening, decided by a reviewer or expired by the window (R-RPL-03, R-RPL-04)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import ReviewCaseState
from contracts.events import ReviewApproved, ReviewRejected
from rpl_screening.matching import ScreeningEngine
from rpl_screening.models import ReviewCase, ReviewDecision, Screening
from rpl_screening.review_case.errors import CaseAlreadyDecided, ReviewCaseNotFound
from rpl_screening.review_case.repository import ReviewCaseRepository
from servicekit import Clock, PageRequest, Principal, cancel_timer, emit, schedule_timer

log = structlog.get_logger()
DEADLINE_TIMER = "review_case.deadline"
# The reason an outcome event carries: fixed texts. A reviewer's own words stay in the case and its decisions,
# read by reviewers only (R-RPL-06); the customer side shows the partner a neutral reason (decisions.md, screening).
APPROVED_REASON = "approved by restricted-party review"
REJECTED_REASON = "rejected by restricted-party review"
EXPIRED_REASON = "not resolved within the review window"


class ReviewCaseService:
    def __init__(self, *, engine: ScreeningEngine, clock: Clock, review_window: timedelta) -> None:
        self.engine = engine
        self.clock = clock
        self.review_window = review_window

    async def list(
        self,
        session: AsyncSession,
        page: PageRequest,
        *,
        principal: Principal,
        state: ReviewCaseState | None = None,
        customer_id: uuid.UUID | None = None,
    ) -> Sequence[ReviewCase]:
        return await ReviewCaseRepository.for_caller(session, principal).list(
            page, state=state, customer_id=customer_id
        )

    async def get(self, session: AsyncSession, case_id: uuid.UUID, *, principal: Principal) -> ReviewCase:
        """The case with its evidence: the screening that opened it and every decision."""
        case = await ReviewCaseRepository.for_caller(session, principal).get_with_evidence(case_id)
        if case is None:
            raise ReviewCaseNotFound(f"No review case {case_id}.")
        return case

    async def approve(
        self, session: AsyncSession, case_id: uuid.UUID, reason: str, *, principal: Principal
    ) -> ReviewCase:
        repo = ReviewCaseRepository.for_caller(session, principal)
        case = await self._open_case(repo, case_id)
        self._decide(repo, case, ReviewCaseState.APPROVED, actor=principal.client_id, reason=reason)
        await cancel_timer(session, DEADLINE_TIMER, str(case.id), now=self.clock.now())
        # R-RPL-04: approved within the window → the customer is provisioned
        event = ReviewApproved(**self._common(case), reviewer=principal.client_id, reason=APPROVED_REASON)
        await emit(session, event)
        return case

    async def reject(
        self, session: AsyncSession, case_id: uuid.UUID, reason: str, *, principal: Principal
    ) -> ReviewCase:
        repo = ReviewCaseRepository.for_caller(session, principal)
        case = await self._open_case(repo, case_id)
        self._decide(repo, case, ReviewCaseState.REJECTED, actor=principal.client_id, reason=reason)
        await cancel_timer(session, DEADLINE_TIMER, str(case.id), now=self.clock.now())
        await emit(
            session,
            ReviewRejected(
                **self._common(case), reviewer=principal.client_id, reason=REJECTED_REASON, expired=False
            ),  # R-RPL-03: the reviewer's notes are not published
        )
        return case

    async def expire(self, session: AsyncSession, case_id: uuid.UUID) -> None:
        """The deadline timer fired: the window lapsed with the case still open (R-RPL-04)."""
        repo = ReviewCaseRepository.unscoped(session)
        case = await repo.get(case_id, for_update=True)
        if case is None or case.state != ReviewCaseState.OPEN:
            return
        self._decide(repo, case, ReviewCaseState.EXPIRED, actor="system", reason=EXPIRED_REASON)
        await emit(session, ReviewRejected(**self._common(case), reviewer=None, reason=EXPIRED_REASON, expired=True))
        log.info("review_case.expired", case_id=str(case.id))

    async def open_for(self, session: AsyncSession, screening: Screening) -> ReviewCase:
        """A flagged screening waits for a reviewer until the deadline; called for the platform, by screenings."""
        deadline = self.clock.now() + self.review_window  # R-RPL-04: 72 hours by default
        case = await ReviewCaseRepository.unscoped(session).add(
            ReviewCase(
                customer_id=screening.customer_id,
                tenant_path=screening.tenant_path,
                screening_id=screening.id,
                screening_ref=screening.screening_ref,
                state=ReviewCaseState.OPEN,
                deadline_at=deadline,
            )
        )
        await schedule_timer(session, DEADLINE_TIMER, str(case.id), deadline, {"case_id": str(case.id)})
        return case

    async def supersede_open(self, session: AsyncSession, customer_id: uuid.UUID) -> None:
        """A new screening of the customer replaces any case still open for an older one; called for the platform."""
        repo = ReviewCaseRepository.unscoped(session)
        now = self.clock.now()
        for case in await repo.open_of_customer(customer_id):
            case.state = ReviewCaseState.SUPERSEDED
            case.decided_at = now
            case.decided_by = "system"
            case.decision_reason = "replaced by a newer screening of the same customer"
            repo.add_decision(
                ReviewDecision(
                    case_id=case.id,
                    action="superseded",
                    actor="system",
                    reason=case.decision_reason,
                    list_versions=list(self.engine.versions),
                )
            )
            await cancel_timer(session, DEADLINE_TIMER, str(case.id), now=now)

    @staticmethod
    async def _open_case(repo: ReviewCaseRepository, case_id: uuid.UUID) -> ReviewCase:
        case = await repo.get(case_id, for_update=True)
        if case is None:
            raise ReviewCaseNotFound(f"No review case {case_id}.")
        if case.state != ReviewCaseState.OPEN:
            raise CaseAlreadyDecided(case.state)  # R-RPL-04
        return case

    def _decide(
        self, repo: ReviewCaseRepository, case: ReviewCase, state: ReviewCaseState, *, actor: str, reason: str
    ) -> None:
        case.state = state
        case.decided_at = self.clock.now()
        case.decided_by = actor
        case.decision_reason = reason
        # R-RPL-06: every decision is recorded with who, why and the list versions in force.
        repo.add_decision(
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
