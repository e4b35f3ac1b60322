"""pstn_orders runs with the sandbox carrier by default: started with the app on its own database, closed with
it; a carrier passed to create_app is the one used."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from devstack.config import ensure_keys
from devstack.services import Services
from devstack.stack import Stack
from pstn_orders.carrier import CarrierUnavailable, NumberSearch
from pstn_orders.config import Settings
from pstn_orders.main import create_app
from pstn_orders.sandbox_carrier import SandboxCarrier

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_the_service_builds_the_sandbox_inventory_in_its_own_database(services: Services, stack: Stack) -> None:
    conn = await asyncpg.connect(stack.carrier_database_url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        assert await conn.fetchval("SELECT count(*) FROM sandbox_numbers") == Settings().sandbox_inventory_size
    finally:
        await conn.close()


async def test_the_carrier_given_is_started_and_closed_with_the_app(stack: Stack, tmp_path: Path) -> None:
    _, public = ensure_keys(tmp_path / "keys")
    settings = Settings(database_url=stack.database_urls["pstn_orders"], workers=False, jwt_public_key_file=public)
    carrier = SandboxCarrier(stack.carrier_database_url, inventory_size=0, deliver=False)
    app = create_app(settings, carrier=carrier)
    async with app.router.lifespan_context(app):
        result = await carrier.search(NumberSearch(country="US", quantity=3))
        assert len(result.numbers) == 3
    with pytest.raises(CarrierUnavailable):
        await carrier.search(NumberSearch(country="US"))
