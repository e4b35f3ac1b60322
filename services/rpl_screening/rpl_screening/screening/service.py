"""Screening parties and customers, and the outcome events it publishes (R-RPL-01..03, R-RPL-06)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import ReviewCaseState
from contracts.events import (
    ListMatchFound,
    MatchEvidence,
    ReviewApproved,
    ReviewRejected,
    ScreeningCleared,
    ScreeningFlagged,
)
from rpl_screening.matching import Match, ScreeningEngine
from rpl_screening.models import Screening
from rpl_screening.review_case.service import APPROVED_REASON, EXPIRED_REASON, REJECTED_REASON, ReviewCaseService
from rpl_screening.screening.repository import ScreeningRepository
from rpl_screening.screening.schemas import Party, ScreeningResult
from servicekit import PageRequest, Principal, emit

log = structlog.get_logger()

NO_LIST_LOADED: dict[str, Any] = {
    "list_source": "none",
    "entry_uid": "-",
    "entry_name": "no restricted-party list is loaded",
    "matched_name": "-",
    "score": 1.0,
    "qualifiers": ["no_list_loaded"],
}


class ScreeningService:
    def __init__(self, *, engine: ScreeningEngine, review_cases: ReviewCaseService) -> None:
        self.engine = engine
        self.review_cases = review_cases

    def check(self, party: Party) -> ScreeningResult:
        """Screen a prospect now (R-RPL-05): nothing is stored, nothing is published."""
        if self.engine.loaded:
            found = self.engine.screen(party.name, country=party.country, address=party.address, kind=party.kind)
            matches = [MatchEvidence(**evidence(m)) for m in found]
        else:
            matches = [MatchEvidence(**NO_LIST_LOADED)]  # never clear without a list
        return ScreeningResult(
            reference=party.reference,
            outcome="possible_match" if matches else "clear",
            matches=matches,
            list_versions=list(self.engine.versions),
            threshold=self.engine.threshold or 0.0,
        )

    async def check_all(self, parties: Sequence[Party]) -> list[ScreeningResult]:
        """The answers in the order sent, screened off the event loop."""
        return await asyncio.to_thread(lambda: [self.check(p) for p in parties])

    async def list(
        self, session: AsyncSession, page: PageRequest, *, principal: Principal, customer_id: uuid.UUID | None = None
    ) -> Sequence[Screening]:
        return await ScreeningRepository.for_caller(session, principal).list(page, customer_id=customer_id)

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
        """A customer event asked for a screening (R-RPL-01); acts for the platform, so it sees every tenant.

        Idempotent by `screening_ref`: a request already screened (the event came twice, or the customer asks
        again because the answer was lost) is answered with that screening's outcome, not screened again.
        """
        repo = ScreeningRepository.unscoped(session)
        await repo.lock_ref(screening_ref)
        if (done := await repo.answering(screening_ref)) is not None:
            await self._answer_again(session, repo, done)
            return done
        await self.review_cases.supersede_open(session, customer_id)
        if self.engine.loaded:
            found = self.engine.screen(name, country=address.get("country"), address=one_line(address))
            matches = [evidence(m) for m in found]
        else:
            # With no list loaded nothing can be cleared: the customer goes to a reviewer instead.
            matches = [NO_LIST_LOADED]
        screening = await repo.add(
            Screening(
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
        )
        common: dict[str, Any] = {
            "customer_id": customer_id,
            "screening_id": screening.id,
            "screening_ref": screening_ref,
            "list_versions": tuple(screening.list_versions),
        }
        if not matches:
            await emit(session, ScreeningCleared(**common))  # R-RPL-02
            return screening
        case = await self.review_cases.open_for(session, screening)
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

    async def _answer_again(self, session: AsyncSession, repo: ScreeningRepository, screening: Screening) -> None:
        """The outcome of a screening already made, published again: the case it opened says where it stands."""
        common: dict[str, Any] = {
            "customer_id": screening.customer_id,
            "screening_id": screening.id,
            "screening_ref": screening.screening_ref,
            "list_versions": tuple(screening.list_versions),
        }
        log.info("screening.answered_again", customer_id=str(screening.customer_id), outcome=screening.outcome)
        if screening.outcome == "clear":
            await emit(session, ScreeningCleared(**common))  # R-RPL-02
            return
        case = await repo.case_of(screening.id)
        if case is None or case.state == ReviewCaseState.SUPERSEDED:
            return  # a newer screening of the customer answers it; this ref is stale
        common["review_case_id"] = case.id
        if case.state == ReviewCaseState.OPEN:
            matches = tuple(MatchEvidence(**m) for m in screening.matches)
            deadline = case.deadline_at.isoformat()
            await emit(session, ScreeningFlagged(**common, matches=matches, review_deadline=deadline))  # R-RPL-03
        elif case.state == ReviewCaseState.APPROVED:
            await emit(session, ReviewApproved(**common, reviewer=case.decided_by or "", reason=APPROVED_REASON))
        else:
            expired = case.state == ReviewCaseState.EXPIRED
            reason = EXPIRED_REASON if expired else REJECTED_REASON
            reviewer = None if expired else case.decided_by
            await emit(session, ReviewRejected(**common, reviewer=reviewer, reason=reason, expired=expired))

    async def rescreen(
        self, session: AsyncSession, updated: ScreeningEngine, entries: set[tuple[str, str]], new_version: str
    ) -> int:
        """Continuous screening: every screened customer against a new version's added and changed entries only.

        Runs for the platform before the new version is adopted; answers how many customers it flagged.
        """
        if not entries:
            return 0
        flagged = 0
        for latest in await ScreeningRepository.unscoped(session).latest_without_open_case():
            address = latest.party.get("address") or {}
            found = updated.screen_changed(
                latest.party["name"], entries, country=address.get("country"), address=one_line(address)
            )
            if found:
                await self._record_list_match(session, latest, found, new_version, updated.versions)
                flagged += 1
        return flagged

    async def _record_list_match(
        self,
        session: AsyncSession,
        latest: Screening,
        found: Sequence[Match],
        new_version: str,
        list_versions: tuple[str, ...],
    ) -> None:
        """A list update matches an already screened customer; a reviewer looks again.

        The case answers the customer's current screening (same ref), so a rejection stops the customer.
        """
        matches = [evidence(m) for m in found]
        screening = await ScreeningRepository.unscoped(session).add(
            Screening(
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
        )
        case = await self.review_cases.open_for(session, screening)
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


def evidence(match: Match) -> dict[str, Any]:
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
