"""A port order's life after its draft (R-PSTN-21): the check before submission (R-PSTN-19), submission and
resubmission, supplements, cancellation through cancel-pending, on-demand activation on the FOC day, and what
the carrier reports: rejections with their code (R-PSTN-22), the FOC date, completion. The port's numbers are
the customer's as `pending` from the first submission (R-PSTN-39) and active from completion (R-PSTN-23)."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import PortOrderChecked
from pstn_orders.carrier import (
    Carrier,
    CarrierUnavailable,
    LosingAccount,
    MainBtnPlan,
    NumberOutcome,
    PortNotFound,
    PortRequest,
    PortRequestRefused,
    PortState,
    PortStatus,
)
from pstn_orders.country.modes import CountryMode
from pstn_orders.document.models import Document
from pstn_orders.document.repository import DocumentRepository
from pstn_orders.number.lifecycle import NumberLifecycle
from pstn_orders.number.models import PhoneNumber
from pstn_orders.port_order import checks, steps
from pstn_orders.port_order.errors import CarrierRefusedPort, NotOnFocDay, NumbersHeldElsewhere, PortPreliminaryErrors
from pstn_orders.port_order.models import PortOrder
from pstn_orders.port_order.notices import PortNotices
from pstn_orders.port_order.repository import PortOrderRepository
from pstn_orders.port_order.schemas import CheckReport, PortSupplement
from pstn_orders.port_order.service import PortOrderService, numbers_of
from pstn_orders.search.service import carrier_unavailable
from pstn_orders.support.desks import desk_for
from servicekit import Principal, ProblemError, Runtime, emit

log = structlog.get_logger()
CARRIER = "carrier"


class PortLifecycle:
    def __init__(
        self, *, orders: PortOrderService, carrier: Carrier, lifecycle: NumberLifecycle, notices: PortNotices
    ) -> None:
        self.orders = orders
        self.carrier = carrier
        self.lifecycle = lifecycle
        self.notices = notices
        self.clock = orders.clock
        self._runtime: Runtime | None = None

    def attach(self, runtime: Runtime) -> None:
        self._runtime = runtime

    # --- the check (R-PSTN-19) ----------------------------------------------------------------------------

    async def check(
        self, session: AsyncSession, customer_id: uuid.UUID, port_order_id: uuid.UUID, *, principal: Principal
    ) -> CheckReport:
        """Every preliminary problem at once, then each difference with the CSR and the code it would cause."""
        order = await self.orders.get(session, customer_id, port_order_id, principal=principal)
        problems = await self._preliminary(session, order, principal)
        account = LosingAccount.model_validate(order.account)
        try:
            record = await self.carrier.customer_service_record(account.btn)  # R-PSTN-19
        except CarrierUnavailable as exc:
            raise carrier_unavailable() from exc
        main_btn = MainBtnPlan.model_validate(order.main_btn) if order.main_btn else None
        differences = checks.against_record(account, numbers_of(order), record, main_btn)
        report = CheckReport(
            ready=not problems, problems=problems, record_found=record is not None, differences=differences
        )
        await emit(
            session,
            PortOrderChecked(
                customer_id=order.customer_id,
                tenant_path=order.tenant_path,
                port_order_id=order.id,
                order_number=order.order_number,
                ready=report.ready,
                problems=[str(p.get("invalid_params", [{}])[0].get("name", p["type"])) for p in problems],
                differences=[d.code for d in differences],
            ),
        )
        return report

    async def _preliminary(self, session: AsyncSession, order: PortOrder, principal: Principal) -> list[dict[str, Any]]:
        plan_problem: ProblemError | None = None
        try:
            await self.orders.locations.calling_plan_location(
                session, order.customer_id, order.location_id, principal=principal
            )
        except ProblemError as problem:
            plan_problem = problem
        bill = await _bill(session, order)
        numbers = numbers_of(order)
        return checks.preliminary(
            order,
            numbers=numbers,
            needs_pin=await PortOrderRepository.unscoped(session).wireless(order.cart_id, numbers),
            bill=bill,
            plan_problem=plan_problem,
            now=self.clock.now(),
        )

    # --- submission ----------------------------------------------------------------------------------------

    async def submit(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortOrder:
        """pending or rejected → submitted, once the preliminary check finds nothing (R-PSTN-19)."""
        order = await self.orders.editable(
            session, customer_id, port_order_id, principal=principal, if_match=if_match, action="submit"
        )
        if problems := await self._preliminary(session, order, principal):
            raise PortPreliminaryErrors(problems)  # R-PSTN-19: nothing is submitted with a problem
        await self._hold_numbers(session, order)
        action = "resubmitted" if order.state == "rejected" else "submitted"
        if order.mode == CountryMode.assisted:  # R-PSTN-25: PSTN technical support carries the port
            order.attempts += 1
            await steps.transition(
                session,
                self.clock,
                order,
                to_state="submitted",
                action=action,
                actor=principal.client_id,
                reason="taken by PSTN technical support",
            )
            return order
        request = await self._request(session, order, principal)
        try:
            status = await self.carrier.submit_port(request)
        except PortRequestRefused as exc:
            help = desk_for("action_required")
            raise CarrierRefusedPort(exc.reason, exc.rule, help.model_dump() if help else None) from exc
        except CarrierUnavailable as exc:
            raise carrier_unavailable() from exc
        order.carrier_port_id, order.rejection = status.carrier_port_id, None
        order.attempts += 1
        for number in order.numbers:
            number.status = NumberOutcome.in_progress.value
        await steps.transition(
            session, self.clock, order, to_state="submitted", action=action, actor=principal.client_id
        )
        await self.apply(session, status)  # a carrier that answers at once
        return order

    async def _hold_numbers(self, session: AsyncSession, order: PortOrder) -> None:
        """R-PSTN-39: from the first submission the port's numbers are the customer's, pending."""
        repo = PortOrderRepository.unscoped(session)
        have = {row.number for row in await repo.port_numbers(order.id)}
        missing = [n for n in numbers_of(order) if n not in have]
        if not missing:
            return
        if held := await repo.held(missing):
            raise NumbersHeldElsewhere(sorted(held))
        session.add_all(
            PhoneNumber(
                customer_id=order.customer_id,
                tenant_path=order.tenant_path,
                location_id=order.location_id,
                number=number,
                port_order_id=order.id,
            )
            for number in missing
        )
        await session.flush()

    async def supplement(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        data: PortSupplement,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortOrder:
        """Change a submitted order's wished date or account details at the carrier."""
        order = await self.orders.editable(
            session, customer_id, port_order_id, principal=principal, if_match=if_match, action="supplement"
        )
        if data.account is not None:
            order.account = data.account.model_dump(mode="json")
        if data.requested_at is not None:
            order.requested_at = data.requested_at
        if order.mode == CountryMode.self_service and order.carrier_port_id:
            request = await self._request(session, order, principal)
            try:
                status = await self.carrier.supplement_port(order.carrier_port_id, request)
            except (PortNotFound, PortRequestRefused) as exc:
                raise CarrierRefusedPort(str(exc), None, None) from exc
            except CarrierUnavailable as exc:
                raise carrier_unavailable() from exc
            await session.flush()
            await steps.updated(session, self.clock, order, action="supplemented", actor=principal.client_id)
            await self.apply(session, status)
        else:
            await session.flush()
            await steps.updated(session, self.clock, order, action="supplemented", actor=principal.client_id)
        return order

    async def _request(self, session: AsyncSession, order: PortOrder, principal: Principal) -> PortRequest:
        _, plan = await self.orders.locations.calling_plan_location(
            session, order.customer_id, order.location_id, principal=principal
        )
        bill = await _bill(session, order)
        assert order.loa_signed_at is not None
        return PortRequest(
            order_ref=str(order.id),
            account=plan.account,
            numbers=numbers_of(order),
            losing=LosingAccount.model_validate(order.account),
            requested_at=order.requested_at,
            loa_signed_at=order.loa_signed_at,
            bill_checksum=bill.sha256 if bill else None,
            voice=order.voice,
            messaging=order.messaging,
            main_btn=MainBtnPlan.model_validate(order.main_btn) if order.main_btn else None,
        )

    async def cancel(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortOrder:
        """A draft or a rejected order is cancelled at once; a submitted one is cancel-pending until the carrier
        confirms (R-PSTN-21)."""
        order = await self.orders.editable(
            session, customer_id, port_order_id, principal=principal, if_match=if_match, action="cancel"
        )
        if order.cancel_requested_at is not None:
            return order  # asked already: the carrier is confirming
        at_carrier = order.mode == CountryMode.self_service and order.carrier_port_id is not None
        if at_carrier:
            assert order.carrier_port_id is not None
            try:
                await self.carrier.cancel_port(order.carrier_port_id)
            except PortRequestRefused as exc:
                raise CarrierRefusedPort(exc.reason, exc.rule, None) from exc
            except PortNotFound:
                at_carrier = False
            except CarrierUnavailable as exc:
                raise carrier_unavailable() from exc
        if at_carrier and order.state in ("submitted", "foc_received"):
            order.cancel_requested_at = self.clock.now()
            await steps.transition(
                session, self.clock, order, to_state=order.state, action="cancel_requested", actor=principal.client_id
            )
            return order
        await self._cancelled(session, order, actor=principal.client_id)
        return order

    async def activate(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortOrder:
        """On-demand activation on the FOC day: the port completes now."""
        order = await self.orders.editable(
            session, customer_id, port_order_id, principal=principal, if_match=if_match, action="activate"
        )
        assert order.foc_at is not None
        assert order.carrier_port_id is not None
        if self.clock.now().date() != order.foc_at.date():
            raise NotOnFocDay(order.foc_at.isoformat())
        try:
            status = await self.carrier.activate_port(order.carrier_port_id)
        except (PortNotFound, PortRequestRefused) as exc:
            raise CarrierRefusedPort(str(exc), None, None) from exc
        except CarrierUnavailable as exc:
            raise carrier_unavailable() from exc
        await self.apply(session, status, actor=principal.client_id)
        return order

    # --- what the carrier reports --------------------------------------------------------------------------

    async def on_port_status(self, status: PortStatus) -> None:
        """The carrier's port status callback, in a transaction of its own."""
        if self._runtime is None:
            raise RuntimeError("port orders are not attached to the running service")
        async with self._runtime.sessionmaker.begin() as session:
            await self.apply(session, status)

    async def apply(self, session: AsyncSession, status: PortStatus, *, actor: str = CARRIER) -> PortOrder | None:
        """Move the order to what the carrier reports; repeats and stale reports change nothing."""
        try:
            order_id = uuid.UUID(status.order_ref)
        except ValueError:
            log.warning("port_order.unknown_carrier_port", order_ref=status.order_ref)
            return None
        order = await PortOrderRepository.unscoped(session).by_id(order_id, for_update=True)
        if order is None:
            log.warning("port_order.unknown_carrier_port", order_ref=status.order_ref)
            return None
        target = status.state.value
        if target == PortState.submitted or order.state not in steps.CARRIER_MOVES[target]:
            return order
        for number in order.numbers:
            if outcome := status.numbers.get(number.number):
                number.status = outcome.value
        if target == PortState.rejected and status.rejection is not None:
            rejection = status.rejection
            order.rejection = rejection.model_dump(mode="json")
            reason = f"{rejection.code.value}: {rejection.detail}"
            await steps.transition(
                session, self.clock, order, to_state="rejected", action="rejected", actor=actor, reason=reason,
                rejection_code=rejection.code.value,
            )  # fmt: skip
            await self.notices.tell(session, order, "rejected", code=rejection.code.value, detail=rejection.detail)
        elif target == PortState.foc_received:
            if order.state == "foc_received" and order.foc_at == status.foc_at:
                return order
            action = "foc_changed" if order.state == "foc_received" else "foc_received"
            order.foc_at = status.foc_at
            await steps.transition(session, self.clock, order, to_state="foc_received", action=action, actor=actor)
            await self.notices.tell(
                session, order, "foc_received", foc_at=status.foc_at.isoformat() if status.foc_at else None
            )
        elif target == PortState.completed:
            await self._completed(session, order, actor=actor)
        elif target == PortState.cancelled:
            await self._cancelled(session, order, actor=actor)
        return order

    async def _completed(self, session: AsyncSession, order: PortOrder, *, actor: str) -> None:
        """R-PSTN-23: the ported numbers are active and bill from now; the customer hears of the go-live."""
        now = self.clock.now()
        order.completed_at = now
        for number in order.numbers:
            number.status = NumberOutcome.success.value
        rows = await PortOrderRepository.unscoped(session).port_numbers(order.id, for_update=True)
        await self.lifecycle.activate(session, rows, at=now)  # R-PSTN-23
        await steps.transition(session, self.clock, order, to_state="completed", action="completed", actor=actor)
        await self.notices.tell(session, order, "completed", completed_at=now.isoformat())

    async def _cancelled(self, session: AsyncSession, order: PortOrder, *, actor: str) -> None:
        rows = await PortOrderRepository.unscoped(session).port_numbers(order.id, for_update=True)
        await self.lifecycle.fail(session, rows, reasons=dict.fromkeys(numbers_of(order), "the port was cancelled"))
        await steps.transition(session, self.clock, order, to_state="cancelled", action="cancelled", actor=actor)
        if order.attempts:
            await self.notices.tell(session, order, "cancelled")


async def _bill(session: AsyncSession, order: PortOrder) -> Document | None:
    """The order's attached bill, if any."""
    if order.bill_id is None:
        return None
    return await DocumentRepository.unscoped(session).get(order.customer_id, order.bill_id)
