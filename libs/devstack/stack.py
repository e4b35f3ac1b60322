"""The stack for a test session: PostgreSQL (embedded, or external by DSN) and a Tansu broker."""

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from devstack import broker
from devstack.postgres import SERVICES, EmbeddedPostgres, create_databases, database_url, drop_databases, migrate_all

EXTERNAL_DSN_ENV = "TEST_DATABASE_URL"  # e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/postgres


@dataclass
class Stack:
    folder: Path
    server_url: str
    database_urls: dict[str, str]
    broker_port: int
    postgres: EmbeddedPostgres | None = None
    broker_process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.broker_port}"

    @classmethod
    def start(cls, folder: Path) -> Stack:
        external = os.environ.get(EXTERNAL_DSN_ENV)
        postgres = None if external else EmbeddedPostgres(folder / "postgres")
        server_url = external or postgres.url("postgres")  # type: ignore[union-attr]
        # On a shared external server each session gets its own databases.
        suffix = f"_t{uuid.uuid4().hex[:8]}" if external else ""
        urls = {s: database_url(server_url, s + suffix) for s in SERVICES}
        asyncio.run(create_databases(server_url, [database_url_name(u) for u in urls.values()]))
        asyncio.run(migrate_all(urls))
        stack = cls(folder, server_url, urls, broker.free_port(), postgres)
        stack.start_broker()
        return stack

    def start_broker(self) -> None:
        self.broker_process = broker.start(self.broker_port)

    def stop_broker(self) -> None:
        if self.broker_process is not None:
            self.broker_process.terminate()
            self.broker_process.wait(10)
            self.broker_process = None

    def stop(self) -> None:
        self.stop_broker()
        if self.postgres is not None:
            self.postgres.stop()
        elif os.environ.get(EXTERNAL_DSN_ENV):
            asyncio.run(drop_databases(self.server_url, [database_url_name(u) for u in self.database_urls.values()]))


def database_url_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    return str(make_url(url).database)
