"""Port carts: numbers to port in, pasted as text, CSV or Excel, each line classified and checked at once."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events.pstn import PortCartChanged, PortLineReferred
from pstn_orders.carrier.adapter import Carrier, CarrierUnavailable, PortabilityVerdict
from pstn_orders.port_cart.classify import Classified, LineClass, classify
from pstn_orders.port_cart.errors import LineNotReferable, PortCartLineNotFound, PortCartNotFound, TrialCannotPort
from pstn_orders.port_cart.models import PortCart, PortCartLine
from pstn_orders.port_cart.repository import PortCartRepository
from pstn_orders.port_cart.schemas import PastedLines, PortCartRead, Verdict
from pstn_orders.search.repository import subscription_of, tenant_path_of
from pstn_orders.search.service import carrier_unavailable
from pstn_orders.support.desks import DeskContact, desk_for
from servicekit import Clock, CustomerDirectory, PageRequest, Principal, ValidationFailed, check_version, emit

_RAW_LENGTH = 200
# The verdict columns of a line the carrier was not asked about (every line of one COPY has every column).
_UNCHECKED: dict[str, Any] = dict.fromkeys(("verdict", "verdict_reason", "losing_carrier", "wireless", "rate_center"))


# R-PSTN-24: a number that needs help to port goes to the desk an order needing action names.
def _review_desk() -> DeskContact:
    desk = desk_for("action_required")
    if desk is None:
        raise LookupError("the support routes name no desk for action_required")
    return desk


_REVIEW_DESK = _review_desk()
# What a duplicate takes over from the line it repeated when that line is deleted: its class and the verdict.
_TAKEN_OVER = ("line_class", "reason", "verdict", "verdict_reason", "losing_carrier", "wireless", "rate_center")


def _line_ids(first: int, count: int) -> list[uuid.UUID]:
    """Version-4 ids led by the lines' positions: lines sharing a created_at (one paste) still page in the order
    pasted. The random bits of a paste are drawn at once, not a system call a line."""
    random = secrets.token_bytes(12 * count)
    return [
        uuid.UUID(int=(first + i) << 96 | int.from_bytes(random[12 * i : 12 * i + 12]), version=4) for i in range(count)
    ]


class PortCartService:
    def __init__(self, *, carrier: Carrier, directory: CustomerDirectory, clock: Clock, max_lines: int) -> None:
        self.carrier = carrier
        self.directory = directory
        self.clock = clock
        self.max_lines = max_lines

    async def create(
        self, session: AsyncSession, customer_id: uuid.UUID, pasted: PastedLines, *, principal: Principal
    ) -> PortCartRead:
        await self._may_port(session, customer_id, principal)
        cart = await PortCartRepository.for_caller(session, principal).add(
            PortCart(customer_id=customer_id, tenant_path=await tenant_path_of(session, customer_id))
        )
        await self._paste(session, cart, pasted, principal)
        return await self._changed(session, cart, principal)

    async def add_lines(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        cart_id: uuid.UUID,
        pasted: PastedLines,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortCartRead:
        await self._may_port(session, customer_id, principal)
        cart = await self._cart(session, customer_id, cart_id, principal, lock=True)
        check_version(if_match, cart.version, "port cart")
        await self._paste(session, cart, pasted, principal)
        return await self._changed(session, cart, principal)

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, cart_id: uuid.UUID, *, principal: Principal
    ) -> PortCartRead:
        cart = await self._cart(session, customer_id, cart_id, principal)
        return await self._read(session, cart, principal)

    async def lines(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        cart_id: uuid.UUID,
        page: PageRequest,
        *,
        line_class: LineClass | None,
        verdict: Verdict | None,
        principal: Principal,
    ) -> Sequence[PortCartLine]:
        cart = await self._cart(session, customer_id, cart_id, principal)
        return await PortCartRepository.for_caller(session, principal).lines(
            cart.id, page, line_class=line_class, verdict=verdict
        )

    async def delete_line(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        cart_id: uuid.UUID,
        line_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> PortCartRead:
        """Take a line out; a later duplicate of its number, if any, becomes the valid line in its place."""
        await self.directory.require_active(session, customer_id, principal=principal)
        repo = PortCartRepository.for_caller(session, principal)
        cart = await self._cart(session, customer_id, cart_id, principal, lock=True)
        check_version(if_match, cart.version, "port cart")
        line = await repo.line(cart.id, line_id, for_update=True)
        if line is None:
            raise PortCartLineNotFound(cart.id, line_id)
        if line.number is not None and line.line_class != LineClass.duplicate:
            successor = await repo.first_duplicate(cart.id, line.number)
            if successor is not None:
                for field in _TAKEN_OVER:
                    setattr(successor, field, getattr(line, field))
        await repo.delete_line(line)
        cart.lines -= 1
        await session.flush()
        return await self._changed(session, cart, principal)

    async def refer(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        cart_id: uuid.UUID,
        line_id: uuid.UUID,
        *,
        principal: Principal,
    ) -> tuple[PortCartLine, DeskContact]:
        """Send a number the portability check flagged to PSTN technical support for review (R-PSTN-16)."""
        await self.directory.require_active(session, customer_id, principal=principal)
        cart = await self._cart(session, customer_id, cart_id, principal)
        line = await PortCartRepository.for_caller(session, principal).line(cart.id, line_id, for_update=True)
        if line is None:
            raise PortCartLineNotFound(cart.id, line_id)
        if line.line_class != LineClass.valid or line.verdict is None:
            raise LineNotReferable(line.id, f"is {line.line_class}, not a checked number")  # R-PSTN-16
        if line.verdict == Verdict.portable:
            raise LineNotReferable(line.id, "is portable")  # R-PSTN-16
        desk = _REVIEW_DESK
        if line.referred_at is None:  # a second referral of the same line changes nothing
            line.referred_at = self.clock.now()
            await session.flush()
            await emit(
                session,
                PortLineReferred(
                    customer_id=cart.customer_id,
                    tenant_path=cart.tenant_path,
                    cart_id=cart.id,
                    line_id=line.id,
                    number=line.number or line.raw,
                    verdict=line.verdict,
                    reason=line.verdict_reason,
                    desk=desk.desk.value,
                ),
            )
        return line, desk

    async def _may_port(self, session: AsyncSession, customer_id: uuid.UUID, principal: Principal) -> None:
        await self.directory.require_active(session, customer_id, principal=principal)
        if await subscription_of(session, customer_id) == "trial":
            raise TrialCannotPort(customer_id)  # R-PSTN-07 and R-PSTN-31: trials port nothing

    async def _paste(self, session: AsyncSession, cart: PortCart, pasted: PastedLines, principal: Principal) -> None:
        if not pasted.entries:
            raise ValidationFailed.field("body", "no numbers found in what was sent", rule="R-PSTN-37")
        if cart.lines + len(pasted.entries) > self.max_lines:
            raise ValidationFailed.field(
                "body", f"a port cart holds at most {self.max_lines} lines; it has {cart.lines}", rule="R-PSTN-37"
            )
        repo = PortCartRepository.for_caller(session, principal)
        fresh = cart.lines == 0  # a new cart: nothing to find duplicates of, positions start at 1
        seen = set() if fresh else await repo.numbers_in(cart.id)
        lines = [classify(entry[:_RAW_LENGTH], seen) for entry in pasted.entries]  # R-PSTN-37: each on its own
        await self._not_ours(repo, lines)
        checks = await self._portability([c.number for c in lines if c.line_class == LineClass.valid and c.number])
        first = 1 if fresh else await repo.last_position(cart.id) + 1
        verdicts = [
            checks.get(c.number or "", _UNCHECKED) if c.line_class == LineClass.valid else _UNCHECKED for c in lines
        ]
        columns: dict[str, list[Any]] = {
            "id": _line_ids(first, len(lines)),
            "position": list(range(first, first + len(lines))),
            "raw": [c.raw for c in lines],
            "number": [c.number for c in lines],
            "line_class": [c.line_class.value for c in lines],
            "reason": [c.reason for c in lines],
            **{field: [v[field] for v in verdicts] for field in _UNCHECKED},
        }
        await repo.add_lines(cart.id, columns)
        cart.lines += len(lines)
        await session.flush()

    async def _not_ours(self, repo: PortCartRepository, lines: list[Classified]) -> None:
        held = await repo.held_numbers([c.number for c in lines if c.line_class == LineClass.valid and c.number])
        for line in lines:
            if line.number in held and line.line_class == LineClass.valid:
                line.line_class, line.reason = LineClass.already_ours, f"{line.number} is already on the platform"

    async def _portability(self, numbers: list[str]) -> dict[str, dict[str, Any]]:
        """The carrier's verdict on each number, asked at once (R-PSTN-16)."""
        if not numbers:
            return {}
        try:
            answers = await self.carrier.check_portability(numbers)  # R-PSTN-16
        except CarrierUnavailable as exc:
            raise carrier_unavailable() from exc  # the paste is not kept half-checked: send it again
        return {
            a.number: {
                "verdict": PortabilityVerdict(a.verdict).value,
                "verdict_reason": a.reason,
                "losing_carrier": a.losing_carrier,
                "wireless": a.wireless,
                "rate_center": a.rate_center,
            }
            for a in answers
        }

    async def _cart(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        cart_id: uuid.UUID,
        principal: Principal,
        *,
        lock: bool = False,
    ) -> PortCart:
        cart = await PortCartRepository.for_caller(session, principal).get(customer_id, cart_id, for_update=lock)
        if cart is None:
            raise PortCartNotFound(customer_id, cart_id)
        return cart

    async def _read(self, session: AsyncSession, cart: PortCart, principal: Principal) -> PortCartRead:
        by_class, by_verdict, referred = await PortCartRepository.for_caller(session, principal).counts(cart.id)
        return PortCartRead(
            id=cart.id,
            customer_id=cart.customer_id,
            lines=cart.lines,
            by_class={c: by_class.get(c.value, 0) for c in LineClass},
            by_verdict={v: by_verdict.get(v.value, 0) for v in Verdict},
            referred=referred,
            version=cart.version,
            created_at=cart.created_at,
            updated_at=cart.updated_at,
        )

    async def _changed(self, session: AsyncSession, cart: PortCart, principal: Principal) -> PortCartRead:
        read = await self._read(session, cart, principal)
        await emit(
            session,
            PortCartChanged(
                customer_id=cart.customer_id,
                tenant_path=cart.tenant_path,
                cart_id=cart.id,
                lines=read.lines,
                by_class={c.value: n for c, n in read.by_class.items()},
                by_verdict={v.value: n for v, n in read.by_verdict.items()},
            ),
        )
        return read
