"""Screening a customer, and the outcome event it publishes (R-RPL-01..03, R-RPL-06)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import ReviewCaseState
from contracts.events import ListMatchFound, MatchEvidence, ScreeningCleared, ScreeningFlagged
from rpl_screening.models import ReviewCase, ReviewDecision, Screening
from rpl_screening.screening.engine import ScreeningEngine
from servicekit import Clock, cancel_timer, emit, schedule_timer

log = structlog.get_logger()
DEADLINE_TIMER = "review_case.deadline"

NO_LIST_LOADED = {
    "list_source": "none",
    "entry_uid": "-",
    "entry_name": "no restricted-party list is loaded",
    "matched_name": "-",
    "score": 1.0,
    "qualifiers": ["no_list_loaded"],
}


class ScreeningService:
    def __init__(self, engine: ScreeningEngine, clock: Clock, *, review_window: timedelta) -> None:
        self.engine = engine
        self.clock = clock
        self.review_window = review_window

    async def screen_customer(
        self,
        session: AsyncSession,
        *,
        customer_id: uuid.UUID,
        tenant_path: str,
        screening_ref: uuid.UUID,
        name: str,
        address: dict[str, Any],
        trigger: str,
    ) -> Screening:
        await self._supersede_open_cases(session, customer_id)
        if self.engine.loaded:
            found = self.engine.screen(name, country=address.get("country"), address=one_line(address))
            matches = [evidence(m) for m in found]
        else:
            # With no list loaded nothing can be cleared: the customer goes to a reviewer instead.
            matches = [NO_LIST_LOADED]
        screening = Screening(
            customer_id=customer_id,
            tenant_path=tenant_path,
            screening_ref=screening_ref,
            trigger=trigger,
            party={"name": name, "address": address},
            outcome="flagged" if matches else "clear",
            matches=matches,
            list_versions=list(self.engine.versions),
            threshold=self.engine.threshold or 0.0,
        )
        session.add(screening)
        await session.flush()
        common = {
            "customer_id": customer_id,
            "screening_id": screening.id,
            "screening_ref": screening_ref,
            "list_versions": tuple(screening.list_versions),
        }
        if not matches:
            await emit(session, ScreeningCleared(**common))  # R-RPL-02
            return screening
        case = await self._open_case(session, screening)
        await emit(
            session,
            ScreeningFlagged(
                **common,
                review_case_id=case.id,
                matches=tuple(MatchEvidence(**m) for m in matches),
                review_deadline=case.deadline_at.isoformat(),
            ),
        )  # R-RPL-03
        log.info("screening.flagged", customer_id=str(customer_id), matches=len(matches))
        return screening

    async def record_list_match(
        self,
        session: AsyncSession,
        latest: Screening,
        found: list[Any],
        new_version: str,
        list_versions: tuple[str, ...],
    ) -> Screening:
        """Continuous screening: a list update matches an already screened customer; a reviewer looks again.

        The case answers the customer's current screening (same ref), so a rejection stops the customer.
        """
        matches = [evidence(m) for m in found]
        screening = Screening(
            customer_id=latest.customer_id,
            tenant_path=latest.tenant_path,
            screening_ref=latest.screening_ref,
            trigger="list_update",
            party=latest.party,
            outcome="flagged",
            matches=matches,
            list_versions=list(list_versions),
            threshold=self.engine.threshold or 0.0,
        )
        session.add(screening)
        await session.flush()
        case = await self._open_case(session, screening)
        await emit(
            session,
            ListMatchFound(
                customer_id=screening.customer_id,
                screening_id=screening.id,
                screening_ref=screening.screening_ref,
                list_versions=tuple(screening.list_versions),
                review_case_id=case.id,
                matches=tuple(MatchEvidence(**m) for m in matches),
                new_list_version=new_version,
                review_deadline=case.deadline_at.isoformat(),
            ),
        )
        return screening

    async def _open_case(self, session: AsyncSession, screening: Screening) -> ReviewCase:
        deadline = self.clock.now() + self.review_window  # R-RPL-04: 72 hours by default
        case = ReviewCase(
            customer_id=screening.customer_id,
            tenant_path=screening.tenant_path,
            screening_id=screening.id,
            screening_ref=screening.screening_ref,
            state=ReviewCaseState.OPEN,
            deadline_at=deadline,
        )
        session.add(case)
        await session.flush()
        await schedule_timer(session, DEADLINE_TIMER, str(case.id), deadline, {"case_id": str(case.id)})
        return case

    async def _supersede_open_cases(self, session: AsyncSession, customer_id: uuid.UUID) -> None:
        """A new screening of the customer replaces any case still open for an older one."""
        open_cases = (
            await session.execute(
                select(ReviewCase)
                .where(ReviewCase.customer_id == customer_id, ReviewCase.state == ReviewCaseState.OPEN)
                .with_for_update()
            )
        ).scalars()
        now = self.clock.now()
        for case in open_cases:
            case.state = ReviewCaseState.SUPERSEDED
            case.decided_at = now
            case.decided_by = "system"
            case.decision_reason = "replaced by a newer screening of the same customer"
            session.add(
                ReviewDecision(
                    case_id=case.id,
                    action="superseded",
                    actor="system",
                    reason=case.decision_reason,
                    list_versions=list(self.engine.versions),
                )
            )
            await cancel_timer(session, DEADLINE_TIMER, str(case.id), now=now)


def evidence(match: Any) -> dict[str, Any]:
    return {
        "list_source": match.source,
        "entry_uid": match.uid,
        "entry_name": match.entry_name,
        "matched_name": match.matched_name,
        "score": round(match.score, 4),
        "qualifiers": list(match.qualifiers),
        "parts": {k: round(v, 4) for k, v in match.parts.items()},
        "entry_type": match.entry_type,
        "matched_alias": match.matched_alias,
    }


def one_line(address: dict[str, Any]) -> str:
    parts = (address.get(k) for k in ("line1", "line2", "city", "region", "postal_code"))
    return ", ".join(p for p in parts if p)
