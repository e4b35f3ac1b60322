"""Environment for the stack's services: one place that knows ports, URLs and secrets of the dev stack."""

from __future__ import annotations

import secrets
from pathlib import Path

from servicekit import generate_keypair

DEFAULT_PORTS = {"customers": 8001, "rpl_screening": 8002, "pstn_orders": 8003, "cc_setup": 8004}
ROOT_CLIENT_ID = "root"


def ensure_keys(folder: Path) -> tuple[Path, Path]:
    """The token signing key pair, made once and kept, so tokens survive a restart."""
    folder.mkdir(parents=True, exist_ok=True)
    private, public = folder / "jwt-private.pem", folder / "jwt-public.pem"
    if not private.exists():
        private_pem, public_pem = generate_keypair()
        private.write_bytes(private_pem)
        private.chmod(0o600)
        public.write_bytes(public_pem)
    return private, public


def ensure_secret(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def service_env(
    *,
    database_urls: dict[str, str],
    broker_port: int,
    keys: tuple[Path, Path],
    root_secret: str,
    rpl_data_dir: Path,
    smtp_port: int,
) -> dict[str, str]:
    """Settings for all four services, as environment variables (what production sets too)."""
    private, public = keys
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{broker_port}",
        "KAFKA_IDEMPOTENT_PRODUCER": "false",  # Tansu refuses idempotent producers
        "KAFKA_SESSION_TIMEOUT_MS": "1000",  # Tansu holds a consumer (re)join for up to two sessions
        "KAFKA_HEARTBEAT_INTERVAL_MS": "200",
        # What Tansu gives a topic it creates on first produce (after a restart, a send in flight
        # can arrive before the topics are made again); the same count keeps every key's partition.
        "KAFKA_TOPIC_PARTITIONS": "4",
        "JWT_PUBLIC_KEY_FILE": str(public),
        "CUSTOMERS_JWT_PRIVATE_KEY_FILE": str(private),
        "CUSTOMERS_BOOTSTRAP_CLIENT_ID": ROOT_CLIENT_ID,
        "CUSTOMERS_BOOTSTRAP_CLIENT_SECRET": root_secret,
        "CUSTOMERS_WEBHOOK_REQUIRE_HTTPS": "false",  # a local receiver listens on plain http
        "RPL_SCREENING_LISTS_DIR": str(rpl_data_dir),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
    }
    for service, url in database_urls.items():
        env[f"{service.upper()}_DATABASE_URL"] = url
        # honcho kills what has not stopped 5 s after Ctrl-C: a service whose broker is gone stops waiting for it
        # after 2 s (the offsets it could not commit are redelivered, and its inbox drops the repeats).
        env[f"{service.upper()}_BROKER_STOP_TIMEOUT_SECONDS"] = "2"
    return env


def default_rpl_data_dir(project_root: Path) -> Path:
    return (project_root / ".." / "shared" / "data" / "rpl").resolve()
