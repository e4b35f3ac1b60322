"""The stack for a test session: PostgreSQL (embedded, or external by DSN) and a Tansu broker.

The broker keeps its records in memory unless TEST_BROKER_STORAGE=s3: then on durable storage (Tansu's S3 engine
on a SeaweedFS store in the session folder), which survives `kill_broker()`. Memory is the default because the
durable engine makes every produce ~10x and produce-to-consume ~20-35 % slower.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from devstack import broker, object_store
from devstack.broker import Storage
from devstack.object_store import ObjectStore
from devstack.postgres import (
    SANDBOX_CARRIER,
    SERVICES,
    EmbeddedPostgres,
    create_databases,
    database_url,
    drop_databases,
    migrate_all,
)

EXTERNAL_DSN_ENV = "TEST_DATABASE_URL"  # e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
BROKER_STORAGE_ENV = "TEST_BROKER_STORAGE"  # memory (default) or s3


@dataclass
class Stack:
    folder: Path
    server_url: str
    database_urls: dict[str, str]
    broker_port: int
    postgres: EmbeddedPostgres | None = None
    broker_process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    broker_storage: Storage = field(default_factory=Storage.memory)
    object_store: ObjectStore | None = None  # under folder/broker, when the broker is on durable storage
    carrier_database_url: str = ""  # the sandbox carrier's own database (pstn_orders' carrier)

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.broker_port}"

    @classmethod
    def start(cls, folder: Path, broker_storage: str | None = None) -> Stack:
        """`broker_storage`: "memory" or "s3"; None reads TEST_BROKER_STORAGE (memory if unset)."""
        kind = broker_storage or os.environ.get(BROKER_STORAGE_ENV) or "memory"
        if kind not in ("memory", "s3"):
            raise ValueError(f"{BROKER_STORAGE_ENV} must be 'memory' or 's3', not {kind!r}")
        external = os.environ.get(EXTERNAL_DSN_ENV)
        postgres = None if external else EmbeddedPostgres(folder / "postgres")
        server_url = external or postgres.url("postgres")  # type: ignore[union-attr]
        # On a shared external server each session gets its own databases.
        suffix = f"_t{uuid.uuid4().hex[:8]}" if external else ""
        urls = {s: database_url(server_url, s + suffix) for s in SERVICES}
        carrier_url = database_url(server_url, SANDBOX_CARRIER + suffix)
        asyncio.run(create_databases(server_url, [database_url_name(u) for u in [*urls.values(), carrier_url]]))
        asyncio.run(migrate_all(urls))
        stack = cls(folder, server_url, urls, broker.free_port(), postgres, carrier_database_url=carrier_url)
        try:
            if kind == "s3":
                stack.object_store = object_store.start(folder / "broker")
                stack.broker_storage = stack.object_store.storage()
            stack.start_broker()
        except BaseException:
            stack.stop()
            raise
        return stack

    @property
    def durable_broker(self) -> bool:
        return self.broker_storage.durable

    def start_broker(self) -> None:
        if self.broker_process is None or self.broker_process.poll() is not None:
            self.broker_process = broker.start(self.broker_port, self.broker_storage)

    def stop_broker(self) -> None:
        if self.broker_process is not None:
            self.broker_process.terminate()
            self.broker_process.wait(10)
            self.broker_process = None

    def kill_broker(self) -> None:
        """SIGKILL the broker, as a crash; start_broker() starts a new one on the same storage and port."""
        if self.broker_process is not None:
            self.broker_process.kill()
            self.broker_process.wait(10)
            self.broker_process = None

    def stop(self) -> None:
        self.stop_broker()
        if self.object_store is not None:
            self.object_store.stop()
            self.object_store = None
        if self.postgres is not None:
            self.postgres.stop()
        elif os.environ.get(EXTERNAL_DSN_ENV):
            names = [database_url_name(u) for u in [*self.database_urls.values(), self.carrier_database_url]]
            asyncio.run(drop_databases(self.server_url, names))


def database_url_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    return str(make_url(url).database)
