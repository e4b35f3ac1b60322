"""The provider's PSTN programme: a partner using the provider calling plan for its customers must be enrolled
and have accepted the calling addendum (R-PSTN-02). Only the platform root sets it."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState
from contracts.events import PstnProgrammeChanged
from customers.customer.errors import CustomerClosed, CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.events import tenancy
from customers.models import ROOT_CUSTOMER_ID
from customers.pstn_programme.errors import NotAPartner
from customers.pstn_programme.models import PstnProgramme
from customers.pstn_programme.repository import PstnProgrammeRepository
from customers.pstn_programme.schemas import PstnProgrammeRead, PstnProgrammeUpdate
from servicekit import Clock, Principal, check_version, emit


class PstnProgrammeService:
    def __init__(self, *, clock: Clock) -> None:
        self.clock = clock

    async def get(self, session: AsyncSession, partner_id: uuid.UUID, *, principal: Principal) -> PstnProgrammeRead:
        """The partner's standing, for the root and for the partner itself (R-HIER-03: nobody beside it)."""
        partner = await CustomerRepository.for_caller(session, principal).get(partner_id)
        if partner is None or partner.state == CustomerState.DELETED:
            raise CustomerNotFound(partner_id)
        programme = await PstnProgrammeRepository.for_caller(session, principal).get(partner_id)
        if programme is None:
            return _never_set(partner_id)
        return PstnProgrammeRead.model_validate(programme)

    async def change(
        self,
        session: AsyncSession,
        partner_id: uuid.UUID,
        data: PstnProgrammeUpdate,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PstnProgrammeRead:
        partner = await CustomerRepository.for_caller(session, principal).get(partner_id, for_update=True)
        if partner is None or partner.id == principal.customer_id or partner.state == CustomerState.DELETED:
            raise CustomerNotFound(partner_id)
        if partner.parent_id != ROOT_CUSTOMER_ID:
            raise NotAPartner()  # R-PSTN-02: the programme enrols partners
        if partner.state in (CustomerState.ERROR, CustomerState.CANCELLED):
            raise CustomerClosed(partner.state)
        repository = PstnProgrammeRepository.for_caller(session, principal)
        programme = await repository.get(partner.id, for_update=True)
        check_version(if_match, programme.version if programme else 0, "pstn programme")
        accepted_at = None
        if data.calling_addendum_accepted:  # the first acceptance is the one that counts
            accepted_at = (programme.calling_addendum_accepted_at if programme else None) or self.clock.now()
        if programme is None:
            if not data.enrolled and accepted_at is None:
                return _never_set(partner.id)  # nothing to record: it stays as it never was
            programme = await repository.add(
                PstnProgramme(partner_id=partner.id, enrolled=data.enrolled, calling_addendum_accepted_at=accepted_at)
            )
        elif (programme.enrolled, programme.calling_addendum_accepted_at) == (data.enrolled, accepted_at):
            return PstnProgrammeRead.model_validate(programme)  # nothing changed: no new version, no event
        else:
            programme.enrolled, programme.calling_addendum_accepted_at = data.enrolled, accepted_at
            await session.flush()
        accepted = programme.calling_addendum_accepted_at
        await emit(
            session,
            PstnProgrammeChanged(
                **tenancy(partner),
                enrolled=programme.enrolled,
                calling_addendum_accepted_at=accepted.isoformat() if accepted else None,
            ),
        )
        return PstnProgrammeRead.model_validate(programme)


def _never_set(partner_id: uuid.UUID) -> PstnProgrammeRead:
    return PstnProgrammeRead(
        partner_id=partner_id, enrolled=False, calling_addendum_accepted_at=None, version=0, updated_at=None
    )
