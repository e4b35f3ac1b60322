"""The port order parts of pstn_orders, built for create_app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import APIRouter

from pstn_orders.carrier import Carrier, PortStatus
from pstn_orders.config import Settings
from pstn_orders.connection.assembly import SetupParts
from pstn_orders.document.assembly import DocumentParts
from pstn_orders.number.assembly import NumberParts
from pstn_orders.port_order.endpoints import router
from pstn_orders.port_order.lifecycle import PortLifecycle
from pstn_orders.port_order.notices import EMAIL_TIMER, LOA_REMINDER_TIMER, PortNotices
from pstn_orders.port_order.service import PortOrderService
from pstn_orders.search.locations import OrderingLocations
from servicekit import Clock, CustomerDirectory, Runtime, TimerHandler


@dataclass
class PortOrderParts:
    orders: PortOrderService
    ports: PortLifecycle
    notices: PortNotices

    @property
    def components(self) -> list[object]:
        return [self.orders, self.ports, self.notices]

    @property
    def routers(self) -> list[APIRouter]:
        return [router]

    @property
    def timer_handlers(self) -> dict[str, TimerHandler]:
        return {EMAIL_TIMER: self.notices.on_email_timer, LOA_REMINDER_TIMER: self.notices.on_loa_reminder}

    def attach(self, runtime: Runtime) -> None:
        self.ports.attach(runtime)

    async def on_port_status(self, status: PortStatus) -> None:
        await self.ports.on_port_status(status)


def port_order_parts(
    settings: Settings,
    *,
    clock: Clock,
    carrier: Carrier,
    directory: CustomerDirectory,
    setup: SetupParts,
    numbers: NumberParts,
    documents: DocumentParts,
) -> PortOrderParts:
    notices = PortNotices(
        mailer=setup.contracts.mailer, clock=clock, loa_reminder_every=timedelta(hours=settings.port_loa_reminder_hours)
    )
    orders = PortOrderService(
        carrier=carrier,
        directory=directory,
        clock=clock,
        locations=OrderingLocations(connections=setup.connections),
        countries=setup.countries,
        documents=documents.documents,
        loa=documents.loas,
        lifecycle=numbers.lifecycle,
        notices=notices,
    )
    ports = PortLifecycle(orders=orders, carrier=carrier, lifecycle=numbers.lifecycle, notices=notices)
    return PortOrderParts(orders=orders, ports=ports, notices=notices)
