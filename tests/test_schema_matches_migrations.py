"""Each service's ORM models describe exactly the schema its Alembic head creates (what `alembic check` checks)."""

from __future__ import annotations

import asyncio
import importlib
import pprint
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from devstack.postgres import create_databases, database_url, drop_databases
from devstack.stack import Stack

pytestmark = pytest.mark.asyncio(loop_scope="session")

SERVICES_DIR = Path(__file__).resolve().parents[1] / "services"
SERVICES = ("customers", "rpl_screening", "pstn_orders", "cc_setup")


@pytest.mark.parametrize("service", SERVICES)
async def test_each_service_models_match_its_migration_head(stack: Stack, service: str) -> None:
    metadata = importlib.import_module(f"{service}.models").Base.metadata
    async with _scratch_database(stack.server_url, service) as url:
        # The service's env.py runs its own event loop, so the upgrade runs in a worker thread.
        await asyncio.to_thread(command.upgrade, _alembic_config(service, url), "head")
        differences = await _differences(url, metadata)

    assert not differences, (
        f"{service}: the models differ from what the migrations create at head "
        f"(write a revision: make revision SERVICE={service} MESSAGE=...):\n{pprint.pformat(differences)}"
    )


@asynccontextmanager
async def _scratch_database(server_url: str, service: str) -> AsyncIterator[str]:
    """A new empty database beside the service databases the other tests use, dropped afterwards."""
    name = f"schema_check_{service}_{uuid.uuid4().hex[:8]}"
    await create_databases(server_url, [name])
    try:
        yield database_url(server_url, name)
    finally:
        await drop_databases(server_url, [name])


def _alembic_config(service: str, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SERVICES_DIR / service / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def _differences(url: str, metadata: MetaData) -> list[Any]:
    """What autogenerate would write, with the options of the services' env.py (types compared)."""

    def compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()
