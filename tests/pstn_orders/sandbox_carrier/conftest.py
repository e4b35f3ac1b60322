"""A sandbox carrier of its own for these tests: its own database on the session's server, its own clock."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest_asyncio
from sqlalchemy import text

from devstack.postgres import create_databases, database_url, drop_databases
from devstack.stack import Stack
from pstn_orders.carrier import CarrierAccount, CarrierOrderRequest, CarrierOrderStatus, PortStatus
from pstn_orders.sandbox_carrier import SandboxCarrier
from servicekit import ManualClock

SIZE = 20_000


@dataclass
class Receiver:
    """The carrier's status callbacks as a provider's endpoint receives them; it can refuse the first ones."""

    received: list[CarrierOrderStatus] = field(default_factory=list)
    refuse_next: int = 0
    refused: int = 0

    async def __call__(self, status: CarrierOrderStatus) -> None:
        if self.refuse_next > 0:
            self.refuse_next -= 1
            self.refused += 1
            raise RuntimeError("receiver unavailable")
        self.received.append(status)

    def of(self, carrier_order_id: str) -> list[CarrierOrderStatus]:
        return [s for s in self.received if s.carrier_order_id == carrier_order_id]


@dataclass
class PortReceiver:
    """The carrier's port status callbacks as a provider's endpoint receives them; it can refuse the first ones."""

    received: list[PortStatus] = field(default_factory=list)
    refuse_next: int = 0

    async def __call__(self, status: PortStatus) -> None:
        if self.refuse_next > 0:
            self.refuse_next -= 1
            raise RuntimeError("receiver unavailable")
        self.received.append(status)

    def of(self, carrier_port_id: str) -> list[PortStatus]:
        return [s for s in self.received if s.carrier_port_id == carrier_port_id]


@dataclass
class Sandbox:
    carrier: SandboxCarrier
    clock: ManualClock
    receiver: Receiver
    ports: PortReceiver = field(default_factory=PortReceiver)

    async def rows(self, sql: str, **params: Any) -> list[Any]:
        async with self.carrier.engine.connect() as conn:
            return list(await conn.execute(text(sql), params))

    async def free_numbers(self, count: int, *, where: str = "TRUE", **params: Any) -> list[str]:
        """Free ordinary numbers (no test values) no other test took, straight from the inventory."""
        rows = await self.rows(
            f"SELECT num FROM sandbox_numbers WHERE status = 'available' AND num % 10000 NOT BETWEEN 9901 AND 9904 "
            f"AND {where} ORDER BY random() LIMIT :count",
            count=count,
            **params,
        )
        return [f"+1{row.num}" for row in rows]

    async def eventually(self, check: Callable[[], bool], within: float = 15.0) -> None:
        deadline = asyncio.get_running_loop().time() + within
        while not check():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("the carrier did not get there")
            await asyncio.sleep(0.05)


def order_request(numbers: list[str], **fields: Any) -> CarrierOrderRequest:
    customer_id = fields.pop("customer_id", str(uuid.uuid4()))
    return CarrierOrderRequest(
        order_ref=fields.pop("order_ref", str(uuid.uuid4())),
        account=CarrierAccount(
            customer_id=customer_id, company_name="Acme Dental", contact_email="it@acme.example", signer_name="Ann Lee"
        ),
        numbers=numbers,
        **fields,
    )


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def sandbox(stack: Stack) -> AsyncIterator[Sandbox]:
    name = f"sandbox_carrier_tests_{uuid.uuid4().hex[:8]}"
    await create_databases(stack.server_url, [name])
    clock = ManualClock()
    receiver = Receiver()
    carrier = SandboxCarrier(
        database_url(stack.server_url, name),
        clock=clock,
        inventory_size=SIZE,
        poll_seconds=0.05,
        retry_first=timedelta(seconds=30),
        retry_max=timedelta(minutes=5),
    )
    ports = PortReceiver()
    await carrier.start(receiver, ports)
    try:
        yield Sandbox(carrier, clock, receiver, ports)
    finally:
        await carrier.close()
        await drop_databases(stack.server_url, [name])
