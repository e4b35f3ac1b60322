"""The port cart part of pstn_orders, built for create_app."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter

from pstn_orders.carrier.adapter import Carrier
from pstn_orders.config import Settings
from pstn_orders.port_cart.endpoints import router
from pstn_orders.port_cart.service import PortCartService
from servicekit import Clock, CustomerDirectory


@dataclass
class PortCartParts:
    carts: PortCartService

    @property
    def components(self) -> list[object]:
        return [self.carts]

    @property
    def routers(self) -> list[APIRouter]:
        return [router]


def port_cart_parts(
    settings: Settings, *, clock: Clock, carrier: Carrier, directory: CustomerDirectory
) -> PortCartParts:
    return PortCartParts(
        PortCartService(carrier=carrier, directory=directory, clock=clock, max_lines=settings.port_cart_max_lines)
    )
