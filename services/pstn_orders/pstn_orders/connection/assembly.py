"""The setup parts of pstn_orders (countries, connections, emergency addresses, contracts), built for create_app."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter

from pstn_orders.carrier.adapter import Carrier
from pstn_orders.config import Settings
from pstn_orders.connection.endpoints import router as connection_router
from pstn_orders.connection.overview import SetupOverview
from pstn_orders.connection.service import ConnectionService
from pstn_orders.connection.setup import SetupProgress
from pstn_orders.contract.endpoints import router as contract_router
from pstn_orders.contract.service import CONTRACT_EMAIL_TIMER, ContractService
from pstn_orders.country import CallingPlanCountries
from pstn_orders.country.endpoints import router as country_router
from pstn_orders.emergency_address.endpoints import router as emergency_address_router
from pstn_orders.emergency_address.service import EmergencyAddressService
from pstn_orders.support.endpoints import router as support_router
from servicekit import Clock, CustomerDirectory, Mailer, SmtpMailer, TimerHandler


@dataclass
class SetupParts:
    countries: CallingPlanCountries
    connections: ConnectionService
    emergency_addresses: EmergencyAddressService
    contracts: ContractService
    overview: SetupOverview

    @property
    def components(self) -> list[object]:
        return [self.countries, self.connections, self.emergency_addresses, self.contracts, self.overview]

    @property
    def routers(self) -> list[APIRouter]:
        return [country_router, connection_router, emergency_address_router, contract_router, support_router]

    @property
    def timer_handlers(self) -> dict[str, TimerHandler]:
        return {CONTRACT_EMAIL_TIMER: self.contracts.on_email_timer}


def smtp_mailer(settings: Settings) -> SmtpMailer:
    return SmtpMailer(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.mail_from,
        username=settings.smtp_username,
        password=settings.smtp_password,
        start_tls=settings.smtp_start_tls,
    )


def setup_parts(
    settings: Settings, *, clock: Clock, carrier: Carrier, directory: CustomerDirectory, mailer: Mailer | None
) -> SetupParts:
    countries = CallingPlanCountries(settings.calling_plan_countries)
    progress = SetupProgress(clock=clock)
    return SetupParts(
        countries=countries,
        connections=ConnectionService(
            countries=countries,
            directory=directory,
            setup=progress,
            clock=clock,
            number_policy_url=settings.number_policy_url,
        ),
        emergency_addresses=EmergencyAddressService(
            carrier=carrier, countries=countries, directory=directory, setup=progress
        ),
        contracts=ContractService(
            clock=clock,
            mailer=mailer or smtp_mailer(settings),
            directory=directory,
            link_base_url=settings.contract_link_base_url,
        ),
        overview=SetupOverview(
            countries=countries, directory=directory, setup=progress, number_policy_url=settings.number_policy_url
        ),
    )
