"""Alembic helpers: the platform tables every service's first migration creates, and running upgrades."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection


def alembic_config(migrations_dir: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def migrations_dir(service: str) -> Path:
    """A service's Alembic folder, beside its package (services/<service>/migrations)."""
    import importlib

    package = importlib.import_module(service)
    return Path(package.__file__).resolve().parent.parent / "migrations"  # type: ignore[arg-type]


def upgrade_to_head(migrations_dir: Path, database_url: str) -> None:
    command.upgrade(alembic_config(migrations_dir, database_url), "head")


def run_migrations(target_metadata: MetaData) -> None:
    """Body of every service's migrations/env.py: online migrations over asyncpg."""
    import asyncio

    from alembic import context
    from sqlalchemy.ext.asyncio import create_async_engine

    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is set by servicekit.upgrade_to_head"

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url)
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
            await connection.commit()
        await engine.dispose()

    asyncio.run(run())
