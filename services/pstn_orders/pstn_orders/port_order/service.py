"""Drafting port orders: from a port cart to an order with the losing account, the bill and the signed LOA,
edited while pending or rejected (R-PSTN-21); a multiple_btns rejection is split into one draft per BTN group.
Submission and what follows are in port_order/lifecycle.py."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import PortOrderCreated
from pstn_orders.carrier import Carrier, LosingAccount, PortRejection, PortRejectionCode
from pstn_orders.country.modes import CallingPlanCountries, CountryMode
from pstn_orders.document.loa import LoaAccount, LoaService, LoaSigner
from pstn_orders.document.models import Document
from pstn_orders.document.service import DocumentService
from pstn_orders.number.lifecycle import NumberLifecycle
from pstn_orders.port_cart.errors import PortCartNotFound, TrialCannotPort
from pstn_orders.port_cart.repository import PortCartRepository
from pstn_orders.port_order import steps
from pstn_orders.port_order.errors import CartNotReady, NoSplitToMake, PortOrderNotFound
from pstn_orders.port_order.models import PortOrder, PortOrderEntry, PortOrderNumber
from pstn_orders.port_order.notices import PortNotices
from pstn_orders.port_order.repository import PortOrderRepository
from pstn_orders.port_order.schemas import LoaSignature, MainBtnAnswer, PortOrderCreate, PortOrderUpdate
from pstn_orders.search.errors import country_not_offered
from pstn_orders.search.locations import OrderingLocations
from pstn_orders.search.repository import subscription_of, tenant_path_of
from servicekit import (
    Clock,
    CustomerDirectory,
    PageRequest,
    Principal,
    ProblemError,
    ValidationFailed,
    check_version,
    emit,
)

NANP = ("US", "CA")
_RANDOM_BITS = (1 << 96) - 1
_PORTABLE = ("portable", "needs_pin")  # R-PSTN-16: the verdicts a port may carry


def number_id(position: int) -> uuid.UUID:
    """An id led by the number's position, so an order's numbers page in the order they were pasted."""
    return uuid.UUID(int=(position << 96) | (uuid.uuid4().int & _RANDOM_BITS))


def numbers_of(order: PortOrder) -> list[str]:
    return [n.number for n in order.numbers]


class PortOrderService:
    def __init__(
        self,
        *,
        carrier: Carrier,
        directory: CustomerDirectory,
        clock: Clock,
        locations: OrderingLocations,
        countries: CallingPlanCountries,
        documents: DocumentService,
        loa: LoaService,
        lifecycle: NumberLifecycle,
        notices: PortNotices,
    ) -> None:
        self.carrier = carrier
        self.directory = directory
        self.clock = clock
        self.locations = locations
        self.countries = countries
        self.documents = documents
        self.loa = loa
        self.lifecycle = lifecycle
        self.notices = notices

    async def create(
        self, session: AsyncSession, customer_id: uuid.UUID, data: PortOrderCreate, *, principal: Principal
    ) -> PortOrder:
        await self.directory.require_active(session, customer_id, principal=principal)
        if await subscription_of(session, customer_id) == "trial":
            raise TrialCannotPort(customer_id)  # R-PSTN-31: a trial ports nothing
        location = await self.locations.of_customer(session, customer_id, data.location_id, principal=principal)
        country = location.country.upper()
        mode = self.countries.mode(country)
        if mode is None:
            raise country_not_offered(country)  # R-PSTN-03
        try:
            await self.locations.calling_plan_location(session, customer_id, location.id, principal=principal)
        except ProblemError as problem:  # R-PSTN-15: a port needs the calling plan enabled on the location
            raise ValidationFailed.field(
                "location_id",
                f"a port needs the calling plan enabled on the location ({problem.detail})",
                rule="R-PSTN-15",
            ) from problem
        if country in NANP and data.voice != data.messaging:  # R-PSTN-18
            raise ValidationFailed.field(
                "messaging" if data.voice else "voice",
                "in the US and Canada a port moves voice and messaging together; porting only one of them is a "
                "request to PSTN technical support",
                rule="R-PSTN-18",
            )
        if not (data.voice or data.messaging):
            raise ValidationFailed.field("voice", "a port moves the numbers' voice service", rule="R-PSTN-18")
        cart = await PortCartRepository.for_caller(session, principal).get(customer_id, data.cart_id)
        if cart is None:
            raise PortCartNotFound(customer_id, data.cart_id)
        orders = PortOrderRepository.for_caller(session, principal)
        numbers, carriers = await self._cart_numbers(orders, cart.id)
        order_id = uuid.uuid4()
        order = PortOrder(
            id=order_id,
            customer_id=customer_id,
            tenant_path=await tenant_path_of(session, customer_id),
            order_number=f"PORT-{order_id.hex[:10].upper()}",
            location_id=location.id,
            country=country,
            mode=mode.value,
            cart_id=cart.id,
            losing_carrier=carriers.most_common(1)[0][0] if carriers else None,
            account=data.account.model_dump(mode="json"),
            voice=data.voice,
            messaging=data.messaging,
            requested_at=data.requested_at,
            notification_email=data.notification_email,
            created_by=principal.client_id,
            numbers=[PortOrderNumber(id=number_id(i), position=i, number=n) for i, n in enumerate(numbers, 1)],
        )
        return await self._drafted(session, orders, order, actor=principal.client_id)

    async def _cart_numbers(self, orders: PortOrderRepository, cart_id: uuid.UUID) -> tuple[list[str], Counter[str]]:
        """The cart's portable numbers; any line still flagged is answered for the caller to fix (R-PSTN-16)."""
        numbers: list[str] = []
        carriers: Counter[str] = Counter()
        flagged = []
        for line in await orders.cart_lines(cart_id):
            if line.line_class == "duplicate" or line.referred_at is not None:
                continue  # a repeat of a line kept; a number support reviews is not ported here
            if line.line_class != "valid" or line.number is None:
                flagged.append({"line_id": str(line.id), "raw": line.raw, "why": line.reason or line.line_class})
            elif line.verdict not in _PORTABLE:
                why = line.verdict_reason or str(line.verdict)
                flagged.append({"line_id": str(line.id), "raw": line.raw, "why": why})
            else:
                numbers.append(line.number)
                if line.losing_carrier:
                    carriers[line.losing_carrier] += 1
        if flagged:
            raise CartNotReady(flagged)  # R-PSTN-16
        if not numbers:
            raise ValidationFailed.field("cart_id", "the cart holds no portable number", rule="R-PSTN-37")
        return numbers, carriers

    async def _drafted(
        self, session: AsyncSession, orders: PortOrderRepository, order: PortOrder, *, actor: str
    ) -> PortOrder:
        await orders.add(order)
        session.add(
            PortOrderEntry(
                id=steps.entry_id(),
                port_order_id=order.id,
                created_at=self.clock.now(),
                actor=actor,
                action="created",
                to_state="pending",
            )
        )
        await emit(
            session,
            PortOrderCreated(
                customer_id=order.customer_id,
                tenant_path=order.tenant_path,
                port_order_id=order.id,
                order_number=order.order_number,
                location_id=order.location_id,
                mode=order.mode,
                numbers=numbers_of(order),
                split_from=order.split_from,
            ),
        )
        if order.mode == CountryMode.assisted:
            await self.notices.remind_loa(session, order)  # R-PSTN-17: until the country-specific LOA arrives
        return order

    async def get(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        *,
        principal: Principal,
        lock: bool = False,
    ) -> PortOrder:
        await self.directory.get(session, customer_id, principal=principal)
        order = await PortOrderRepository.for_caller(session, principal).get(
            customer_id, port_order_id, for_update=lock
        )
        if order is None:
            raise PortOrderNotFound(customer_id, port_order_id)
        return order

    async def of_customer(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        page: PageRequest,
        *,
        state: str | None,
        principal: Principal,
    ) -> Sequence[PortOrder]:
        await self.directory.get(session, customer_id, principal=principal)
        return await PortOrderRepository.for_caller(session, principal).of_customer(customer_id, page, state=state)

    async def editable(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
        action: str = "edit",
    ) -> PortOrder:
        """The order, locked, in a state `action` is allowed in (R-PSTN-21), at the version the caller read."""
        await self.directory.require_active(session, customer_id, principal=principal)
        order = await self.get(session, customer_id, port_order_id, principal=principal, lock=True)
        check_version(if_match, order.version, "port order")
        steps.require(order, action)
        return order

    async def edit(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        data: PortOrderUpdate,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortOrder:
        order = await self.editable(session, customer_id, port_order_id, principal=principal, if_match=if_match)
        if data.account is not None:
            order.account = data.account.model_dump(mode="json")
        if "requested_at" in data.model_fields_set:
            order.requested_at = data.requested_at
        if "notification_email" in data.model_fields_set:
            order.notification_email = data.notification_email
        if data.remove_numbers:
            await self._remove(session, order, data.remove_numbers)
        await session.flush()
        action = "numbers_removed" if data.remove_numbers and len(data.model_fields_set) == 1 else "edited"
        await steps.updated(session, self.clock, order, action=action, actor=principal.client_id)
        return order

    async def _remove(self, session: AsyncSession, order: PortOrder, numbers: list[str]) -> None:
        held = {n.number: n for n in order.numbers}
        for index, number in enumerate(numbers):
            if number not in held:
                raise ValidationFailed.field(f"remove_numbers[{index}]", f"{number} is not a number of this order")
        if len(set(numbers)) == len(held):
            raise ValidationFailed.field("remove_numbers", "an order keeps at least one number; cancel it instead")
        for number in set(numbers):
            order.numbers.remove(held[number])
        rows = [r for r in await PortOrderRepository.unscoped(session).port_numbers(order.id) if r.number in numbers]
        await self.lifecycle.fail(session, rows, reasons=dict.fromkeys(numbers, "taken out of the port order"))

    async def attach_bill(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        document_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortOrder:
        order = await self.editable(session, customer_id, port_order_id, principal=principal, if_match=if_match)
        bill = await self._document(session, order, document_id, "bill", principal)
        self.documents.check_bill_date(bill.document_date)  # R-PSTN-15: at most 30 days old
        order.bill_id = bill.id
        await session.flush()
        await steps.updated(session, self.clock, order, action="bill_attached", actor=principal.client_id)
        return order

    async def sign_loa(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        signature: LoaSignature,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortOrder:
        """The authorised person signs the platform's LOA, listing every number of the order (R-PSTN-15)."""
        order = await self.editable(session, customer_id, port_order_id, principal=principal, if_match=if_match)
        if order.mode == CountryMode.assisted:
            raise ValidationFailed.field(
                "loa",
                f"{order.country} ports take the signed country-specific LOA, uploaded (PUT …/loa); its template "
                "comes from partner support",
                rule="R-PSTN-17",
            )
        customer = await self.directory.get(session, customer_id, principal=principal)
        account = LosingAccount.model_validate(order.account)
        signer = LoaSigner(signature.first_name, signature.last_name, signature.title)
        signed_at = self.clock.now()
        document = await self.loa.sign(
            session,
            customer_id,
            customer_name=customer.name or account.company_name,
            numbers=numbers_of(order),
            account=LoaAccount(
                carrier=order.losing_carrier,
                account_number=account.account_number or "",
                authorized_name=account.authorized_name,
                company_name=account.company_name,
                btn=account.btn,
                service_address=account.service_address,
            ),
            signer=signer,
            principal=principal,
            signed_at=signed_at,  # the time the PDF prints is the order's
        )
        order.loa_id, order.loa_signed_at, order.loa_numbers = document.id, signed_at, numbers_of(order)
        order.loa_signer = signature.model_dump()
        await session.flush()
        await steps.updated(session, self.clock, order, action="loa_signed", actor=principal.client_id)
        return order

    async def upload_loa(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        document_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortOrder:
        """R-PSTN-17: the country-specific LOA, uploaded by the authorised contact, also after submission."""
        order = await self.editable(
            session, customer_id, port_order_id, principal=principal, if_match=if_match, action="cancel"
        )
        if order.mode != CountryMode.assisted:
            raise ValidationFailed.field(
                "document_id", "the authorised person signs the platform's LOA in the flow", rule="R-PSTN-15"
            )
        document = await self._document(session, order, document_id, "loa", principal)
        order.loa_id, order.loa_signed_at, order.loa_numbers = document.id, self.clock.now(), numbers_of(order)
        await session.flush()
        await steps.updated(session, self.clock, order, action="loa_uploaded", actor=principal.client_id)
        return order

    async def answer_main_btn(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        answer: MainBtnAnswer,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortOrder:
        """The port type, what becomes of the remaining numbers, and the new BTN (main_btn_pending, R-PSTN-22)."""
        order = await self.editable(session, customer_id, port_order_id, principal=principal, if_match=if_match)
        if answer.remaining == "keep" and not answer.new_btn:
            raise ValidationFailed.field("new_btn", "numbers that stay need a new BTN among them", rule="R-PSTN-22")
        if answer.new_btn and answer.new_btn in numbers_of(order):
            raise ValidationFailed.field("new_btn", "the new BTN is one of the numbers that stay", rule="R-PSTN-22")
        order.main_btn = answer.model_dump(mode="json")
        await session.flush()
        await steps.updated(session, self.clock, order, action="main_btn_answered", actor=principal.client_id)
        return order

    async def split(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        port_order_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> list[PortOrder]:
        """multiple_btns: one draft order per BTN group; this order is cancelled (R-PSTN-22)."""
        order = await self.editable(
            session, customer_id, port_order_id, principal=principal, if_match=if_match, action="split"
        )
        rejection = PortRejection.model_validate(order.rejection) if order.rejection else None
        if rejection is None or rejection.code != PortRejectionCode.multiple_btns or not rejection.groups:
            raise NoSplitToMake()
        account = LosingAccount.model_validate(order.account)
        orders = PortOrderRepository.for_caller(session, principal)
        drafts = []
        for btn, numbers in sorted(rejection.groups.items(), key=lambda group: group[0] != account.btn):
            draft_id = uuid.uuid4()
            own = btn == account.btn
            drafts.append(
                await self._drafted(
                    session,
                    orders,
                    PortOrder(
                        id=draft_id,
                        customer_id=order.customer_id,
                        tenant_path=order.tenant_path,
                        order_number=f"PORT-{draft_id.hex[:10].upper()}",
                        location_id=order.location_id,
                        country=order.country,
                        mode=order.mode,
                        cart_id=order.cart_id,
                        split_from=order.id,
                        losing_carrier=order.losing_carrier,
                        # Another BTN is another account: its number is asked for (the check says so).
                        account={**order.account, "btn": btn, **({} if own else {"account_number": None})},
                        voice=order.voice,
                        messaging=order.messaging,
                        requested_at=order.requested_at,
                        notification_email=order.notification_email,
                        bill_id=order.bill_id if own else None,
                        created_by=principal.client_id,
                        numbers=[
                            PortOrderNumber(id=number_id(i), position=i, number=n) for i, n in enumerate(numbers, 1)
                        ],
                    ),
                    actor=principal.client_id,
                )
            )
        rows = await PortOrderRepository.unscoped(session).port_numbers(order.id)
        await self.lifecycle.fail(session, rows, reasons=dict.fromkeys(numbers_of(order), "the port order was split"))
        await steps.transition(
            session,
            self.clock,
            order,
            to_state="cancelled",
            action="split",
            actor=principal.client_id,
            reason=f"split into {', '.join(d.order_number for d in drafts)}",
        )
        return drafts

    async def _document(
        self, session: AsyncSession, order: PortOrder, document_id: uuid.UUID, kind: str, principal: Principal
    ) -> Document:
        document = await self.documents.get(session, order.customer_id, document_id, principal=principal)
        if document.kind != kind:
            raise ValidationFailed.field(
                "document_id", f"the document is a {document.kind}, not a {kind}", rule="R-PSTN-15"
            )
        return document

    async def numbers(
        self, session: AsyncSession, order: PortOrder, page: PageRequest, *, status: str | None
    ) -> Sequence[PortOrderNumber]:
        return await PortOrderRepository.unscoped(session).numbers(order.id, page, status=status)

    async def timeline(self, session: AsyncSession, order: PortOrder, page: PageRequest) -> Sequence[PortOrderEntry]:
        return await PortOrderRepository.unscoped(session).timeline(order.id, page)
