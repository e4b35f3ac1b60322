"""`make run`: start PostgreSQL, migrate, then run the broker, mail sink and four services under honcho."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from devstack import config
from devstack.postgres import SERVICES, EmbeddedPostgres, create_databases, database_url, migrate_all

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".data"


def main() -> int:
    ports = {s: int(os.environ.get(f"{s.upper()}_PORT", p)) for s, p in config.DEFAULT_PORTS.items()}
    broker_port = int(os.environ.get("BROKER_PORT", "9092"))
    smtp_port = int(os.environ.get("SMTP_PORT", "1025"))
    rpl_dir = Path(os.environ.get("RPL_SCREENING_LISTS_DIR", config.default_rpl_data_dir(ROOT)))

    external = os.environ.get("STACK_DATABASE_URL")
    postgres = None if external else EmbeddedPostgres(DATA / "postgres")
    server_url = external or postgres.url("postgres")  # type: ignore[union-attr]
    urls = {s: database_url(server_url, s) for s in SERVICES}
    asyncio.run(create_databases(server_url, list(SERVICES)))
    asyncio.run(migrate_all(urls))

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
    env["TOKEN_URL"] = f"http://127.0.0.1:{ports['customers']}/oauth/token"  # every service's /docs Authorize
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    print_banner(ports, root_secret, broker_port, smtp_port)
    try:
        return subprocess.call(
            [str(Path(sys.executable).parent / "honcho"), "start", "-f", str(ROOT / "deploy/local/Procfile")],
            env=os.environ | env,
            cwd=ROOT,
        )
    except KeyboardInterrupt:
        return 0
    finally:
        if postgres is not None:
            postgres.stop()


def print_banner(ports: dict[str, int], root_secret: str, broker_port: int, smtp_port: int) -> None:
    lines = ["", "Wholesale provisioning stack", ""]
    for service, port in ports.items():
        lines.append(f"  {service:<14} http://127.0.0.1:{port}   docs: http://127.0.0.1:{port}/docs")
    lines += [
        "",
        f"  broker         127.0.0.1:{broker_port} (Tansu, memory storage)",
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
