"""The sandbox carrier: a carrier that lives in its own PostgreSQL database and behaves like a real one."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import structlog
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from pstn_orders.carrier import (
    AddressCheck,
    CarrierOrder,
    CarrierOrderRequest,
    CarrierOrderStatus,
    CarrierUnavailable,
    CivicAddress,
    CustomerServiceRecord,
    NumberSearch,
    Portability,
    PortRequest,
    PortStatus,
    PortStatusHandler,
    Reservation,
    SearchResult,
    StatusHandler,
)
from pstn_orders.sandbox_carrier import orders, porting, porting_records
from pstn_orders.sandbox_carrier.addresses import validate_address
from pstn_orders.sandbox_carrier.inventory import InventoryBuilt, build_inventory, inventory_size
from pstn_orders.sandbox_carrier.magic import UNAVAILABLE_LOCALITY
from pstn_orders.sandbox_carrier.schema import SCHEMA_LOCK, create_tables
from pstn_orders.sandbox_carrier.search import InventorySearch, free_lapsed
from servicekit import Clock, LogThrottle, SystemClock

log = structlog.get_logger()


class SandboxCarrier:
    """Implements pstn_orders.carrier.Carrier.

    `deliver=False` serves the API alone: fulfilment and status callbacks are played by the process that
    delivers (one worker of the service), as a real carrier plays them once however many clients it has.
    """

    name = "sandbox"

    def __init__(
        self,
        database_url: str,
        *,
        clock: Clock | None = None,
        inventory_size: int = 5000,
        standard_fulfilment: timedelta = timedelta(minutes=10),
        advanced_fulfilment: timedelta = timedelta(days=5),
        poll_seconds: float = 1.0,
        retry_first: timedelta = timedelta(seconds=5),
        retry_max: timedelta = timedelta(minutes=10),
        deliver: bool = True,
        pool_size: int = 5,
        port_timings: porting.PortTimings | None = None,
    ) -> None:
        self.database_url = database_url
        self.clock = clock or SystemClock()
        self.inventory_size = inventory_size
        self.standard_fulfilment = standard_fulfilment
        self.advanced_fulfilment = advanced_fulfilment
        self.poll_seconds = poll_seconds
        self.retry_first = retry_first
        self.retry_max = retry_max
        self.deliver = deliver
        self.pool_size = pool_size
        self.port_timings = port_timings or porting.PortTimings()
        self._engine: AsyncEngine | None = None
        self._on_status: StatusHandler | None = None
        self._on_port_status: PortStatusHandler | None = None
        self._task: asyncio.Task[None] | None = None
        self.failures = LogThrottle("sandbox_carrier.failed", service="pstn_orders")

    # --- life --------------------------------------------------------------------------------------------

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise CarrierUnavailable("the sandbox carrier is not started")
        return self._engine

    async def start(self, on_status: StatusHandler, on_port_status: PortStatusHandler | None = None) -> None:
        """Make the tables and the inventory (once), then play fulfilment and deliver status callbacks.

        Port status callbacks wait for a process started with `on_port_status`."""
        self._engine = create_async_engine(self.database_url, pool_size=self.pool_size)
        self._on_status = on_status
        self._on_port_status = on_port_status
        async with self.engine.begin() as conn:
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
            await create_tables(conn)
            await porting_records.seed_accounts(conn)
            if await inventory_size(conn) is None and self.inventory_size > 0:
                built = await build_inventory(conn, self.inventory_size)
                log.info("sandbox_carrier.inventory_built", size=built.size, seconds=round(built.seconds, 2))
        if self.deliver:
            self._task = asyncio.create_task(self._run())

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    async def rebuild_inventory(self, size: int) -> InventoryBuilt:
        """Replace the inventory with `size` numbers (the bench's ten million)."""
        async with self.engine.begin() as conn:
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
            return await build_inventory(conn, size)

    # --- the carrier's API -------------------------------------------------------------------------------

    async def validate_address(self, address: CivicAddress) -> AddressCheck:
        return validate_address(address)

    async def search(self, query: NumberSearch) -> SearchResult:
        if query.locality is not None and query.locality.strip().lower() == UNAVAILABLE_LOCALITY.lower():
            raise CarrierUnavailable("number search is unavailable")
        async with self._connect() as conn:
            await free_lapsed(conn, self.clock.now())
            numbers, exact = await InventorySearch(conn).find(query)
        return SearchResult(numbers=numbers, exact=exact)

    async def reserve(self, numbers: list[str], *, holder: str, until: datetime) -> Reservation:
        async with self._connect() as conn:
            return await orders.reserve(conn, numbers, holder, until, self.clock.now())

    async def extend_reservation(self, reservation_id: str, *, until: datetime) -> Reservation:
        async with self._connect() as conn:
            return await orders.extend(conn, reservation_id, until, self.clock.now())

    async def release_reservation(self, reservation_id: str) -> None:
        async with self._connect() as conn:
            await orders.release(conn, reservation_id)

    async def place_order(self, request: CarrierOrderRequest) -> CarrierOrder:
        async with self._connect() as conn:
            return await orders.place(conn, request, self.clock.now())

    async def activate(self, carrier_order_id: str) -> CarrierOrder:
        async with self._connect() as conn:
            return await orders.activate(
                conn,
                carrier_order_id,
                self.clock.now(),
                standard=self.standard_fulfilment,
                advanced=self.advanced_fulfilment,
            )

    async def order_status(self, carrier_order_id: str) -> CarrierOrderStatus:
        async with self._connect() as conn:
            return await orders.get_order(conn, carrier_order_id)

    async def disconnect(self, numbers: list[str]) -> None:
        async with self._connect() as conn:
            await orders.disconnect(conn, numbers)

    # --- porting -----------------------------------------------------------------------------------------

    async def check_portability(self, numbers: list[str]) -> list[Portability]:
        async with self._connect() as conn:
            return await porting_records.check_portability(conn, numbers)

    async def customer_service_record(self, btn: str) -> CustomerServiceRecord | None:
        async with self._connect() as conn:
            return await porting_records.customer_service_record(conn, btn)

    async def submit_port(self, request: PortRequest) -> PortStatus:
        async with self._connect() as conn:
            return await porting.submit(conn, request, self.clock.now(), self.port_timings)

    async def supplement_port(self, carrier_port_id: str, request: PortRequest) -> PortStatus:
        async with self._connect() as conn:
            return await porting.supplement(conn, carrier_port_id, request, self.clock.now(), self.port_timings)

    async def cancel_port(self, carrier_port_id: str) -> PortStatus:
        async with self._connect() as conn:
            return await porting.cancel(conn, carrier_port_id, self.clock.now(), self.port_timings)

    async def activate_port(self, carrier_port_id: str) -> PortStatus:
        async with self._connect() as conn:
            return await porting.activate(conn, carrier_port_id, self.clock.now())

    async def port_status(self, carrier_port_id: str) -> PortStatus:
        async with self._connect() as conn:
            return await porting.port_status(conn, carrier_port_id)

    @contextlib.asynccontextmanager
    async def _connect(self) -> AsyncIterator[AsyncConnection]:
        try:
            async with self.engine.begin() as conn:
                yield conn
        except (OSError, InterfaceError, OperationalError) as exc:  # its database is out of reach: so is the carrier
            raise CarrierUnavailable(str(exc)) from exc

    # --- what the carrier does on its own ----------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            try:
                await self.play()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.failures.failed(exc)
            else:
                self.failures.succeeded()
            await asyncio.sleep(self.poll_seconds)

    async def play(self) -> int:
        """Finish the orders due by the clock's now and deliver the callbacks due; answers how many delivered."""
        now = self.clock.now()
        async with self.engine.begin() as conn:
            await free_lapsed(conn, now)
            await orders.fulfil_due(conn, now)
            await porting.play_due(conn, now, self.port_timings)
        delivered = 0
        while await self._deliver_one():
            delivered += 1
        return delivered

    async def _deliver_one(self) -> bool:
        """Deliver the next callback due; a handler that raises gets it again later, backing off."""
        assert self._on_status is not None
        async with self.engine.begin() as conn:
            now = self.clock.now()
            row = (
                await conn.execute(
                    text(
                        "SELECT id, kind, order_id, payload, attempts FROM sandbox_callbacks "
                        "WHERE delivered_at IS NULL AND due_at <= :now AND (kind = 'order' OR :ports) "
                        "ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED"
                    ),
                    {"now": now, "ports": self._on_port_status is not None},
                )
            ).first()
            if row is None:
                return False
            payload = orders.json_value(row.payload)
            try:
                if row.kind == "port":
                    assert self._on_port_status is not None
                    await self._on_port_status(PortStatus.model_validate(payload))
                else:
                    await self._on_status(CarrierOrderStatus.model_validate(payload))
            except Exception as exc:
                wait = min(self.retry_first * 2**row.attempts, self.retry_max)
                log.warning("sandbox_carrier.callback_refused", order=row.order_id, error=str(exc))
                await conn.execute(
                    text(
                        "UPDATE sandbox_callbacks SET attempts = attempts + 1, due_at = :due, last_error = :error "
                        "WHERE id = :id"
                    ),
                    {"id": row.id, "due": now + wait, "error": f"{type(exc).__name__}: {exc}"[:500]},
                )
                return False
            await conn.execute(
                text("UPDATE sandbox_callbacks SET attempts = attempts + 1, delivered_at = :now WHERE id = :id"),
                {"id": row.id, "now": now},
            )
            return True
