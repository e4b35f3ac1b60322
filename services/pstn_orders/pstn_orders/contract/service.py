"""The carrier contract: sent once for e-signature with the customer's first order (R-PSTN-34), signed only by a
customer administrator (R-PSTN-12)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import structlog
from sqlalchemy import Row, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from contracts.events import PstnContractSent, PstnContractSigned
from pstn_orders.contract.errors import ContractNotFound, CustomerMustSign, NoContactEmail
from pstn_orders.contract.models import PstnContract
from pstn_orders.contract.repository import ContractRepository
from pstn_orders.models import known_customers
from servicekit import Clock, CustomerDirectory, Mailer, Principal, emit, schedule_timer

log = structlog.get_logger()

CONTRACT_EMAIL_TIMER = "pstn_contract.email"
EMAIL_ATTEMPTS = 6  # a mail server that is down is tried again after 5, 10, 15 … minutes


class ContractService:
    def __init__(self, *, clock: Clock, mailer: Mailer, directory: CustomerDirectory, link_base_url: str) -> None:
        self.clock = clock
        self.mailer = mailer
        self.directory = directory
        self.link_base_url = link_base_url.rstrip("/")

    async def ensure_sent(self, session: AsyncSession, customer_id: uuid.UUID) -> PstnContract:
        """The customer's contract, sent now if this is its first PSTN order (R-PSTN-34); sent once only."""
        existing = await ContractRepository.unscoped(session).of_customer(customer_id)
        if existing is not None:  # R-PSTN-34: sent once, on the first order
            return existing
        customer = (
            await session.execute(select(known_customers).where(known_customers.c.customer_id == customer_id))
        ).one()
        if not customer.contact_email:
            raise NoContactEmail(f"Customer {customer_id} has no contact email; the contract cannot be sent.")
        contract_id, now = uuid.uuid4(), self.clock.now()
        link = f"{self.link_base_url}/v1/pstn-contracts/{contract_id}"
        kind = "terms" if customer.subscription == "trial" else "contract"  # R-PSTN-30: a trial accepts terms
        inserted = await session.scalar(
            pg_insert(PstnContract)
            .values(
                id=contract_id,
                customer_id=customer_id,
                tenant_path=customer.tenant_path,
                kind=kind,
                state="sent",
                sent_to=customer.contact_email,
                link=link,
                sent_at=now,
                version=1,
            )
            .on_conflict_do_nothing(index_elements=[PstnContract.customer_id])
            .returning(PstnContract.id)
        )
        contract = await ContractRepository.unscoped(session).of_customer(customer_id)
        assert contract is not None
        if inserted is None:
            return contract  # another order of the customer sent it a moment ago
        await emit(
            session,
            PstnContractSent(
                customer_id=customer_id,
                tenant_path=customer.tenant_path,
                contract_id=contract_id,
                kind=kind,  # type: ignore[arg-type]
                sent_to=customer.contact_email,
                link=link,
            ),
        )
        # The email goes after the commit, from a durable timer: a rolled-back order sends nothing (R-PSTN-34).
        payload = {"contract_id": str(contract_id), "attempt": 1}
        await schedule_timer(session, CONTRACT_EMAIL_TIMER, str(contract_id), now, payload)
        return contract

    async def is_signed(self, session: AsyncSession, customer_id: uuid.UUID) -> bool:
        contract = await ContractRepository.unscoped(session).of_customer(customer_id)
        return contract is not None and contract.state == "signed"

    async def of_customer(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> PstnContract:
        await self.directory.get(session, customer_id, principal=principal)
        contract = await ContractRepository.for_caller(session, principal).of_customer(customer_id)
        if contract is None:
            raise ContractNotFound(f"for customer {customer_id} yet")
        return contract

    async def get(self, session: AsyncSession, contract_id: uuid.UUID, *, principal: Principal) -> PstnContract:
        contract = await ContractRepository.for_caller(session, principal).get(contract_id)
        if contract is None:
            raise ContractNotFound(str(contract_id))
        return contract

    async def sign(
        self, session: AsyncSession, contract_id: uuid.UUID, signer_name: str, *, principal: Principal
    ) -> PstnContract:
        """A full administrator of the customer signs; waiting orders are activated from the event (R-PSTN-12)."""
        contract = await ContractRepository.for_caller(session, principal).get(contract_id, for_update=True)
        if contract is None:
            raise ContractNotFound(str(contract_id))
        if not may_sign(principal, contract):
            raise CustomerMustSign(contract.sent_to)  # R-PSTN-12
        if contract.state == "signed":
            return contract  # signed already: the first signature stands
        await self.directory.require_active(session, contract.customer_id, principal=principal)
        now = self.clock.now()
        contract.state, contract.signed_at, contract.signer_name = "signed", now, signer_name
        contract.signed_by_client = principal.client_id
        await session.flush()
        await emit(
            session,
            PstnContractSigned(
                customer_id=contract.customer_id,
                tenant_path=contract.tenant_path,
                contract_id=contract.id,
                signed_at=now,
                signer_name=signer_name,
            ),
        )
        return contract

    def next_step(self, contract: PstnContract, principal: Principal) -> str | None:
        if contract.state == "signed":
            return None
        if may_sign(principal, contract):
            return f"Sign it: POST /v1/pstn-contracts/{contract.id}/signature. No order is processed before."
        return (  # R-PSTN-12: partners see that the customer must sign
            f"The customer must sign: a customer administrator signs it from the link emailed to {contract.sent_to}. "
            "No order is processed before."
        )

    async def on_email_timer(self, session: AsyncSession, timer: Row[Any]) -> None:
        """Email the contract's link to the customer's contact; a mail server that is down is tried again."""
        contract = await ContractRepository.unscoped(session).get(uuid.UUID(timer.payload["contract_id"]))
        if contract is None or contract.emailed_at is not None:
            return
        try:
            await self.mailer.send(contract_email(contract))
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            attempt = int(timer.payload["attempt"])
            log.warning("pstn_contract.email_failed", contract_id=str(contract.id), attempt=attempt, error=str(exc))
            if attempt < EMAIL_ATTEMPTS:
                due = self.clock.now() + timedelta(minutes=5 * attempt)
                payload = {"contract_id": str(contract.id), "attempt": attempt + 1}
                await schedule_timer(session, CONTRACT_EMAIL_TIMER, str(contract.id), due, payload)
            return
        contract.emailed_at = self.clock.now()
        await session.flush()


def may_sign(principal: Principal, contract: PstnContract) -> bool:
    """Only a full administrator of the customer itself (R-PSTN-12)."""
    return principal.has(Role.CUSTOMER_FULL_ADMIN) and principal.customer_id == contract.customer_id


def contract_email(contract: PstnContract) -> EmailMessage:
    what = "carrier terms of service" if contract.kind == "terms" else "carrier contract"
    message = EmailMessage()
    message["To"] = contract.sent_to
    message["Subject"] = f"Please sign the {what} for your phone numbers"
    message["X-Pstn-Contract-Id"] = str(contract.id)
    message.set_content(
        f"Your first phone number order is waiting for your signature of the {what} (contract {contract.id}).\n\n"
        f"Sign it here: {contract.link}\n\n"
        "Only a full administrator of your organisation can sign it. Your numbers are activated once it is signed; "
        "standard numbers about 10 minutes later.\n"
    )
    return message
