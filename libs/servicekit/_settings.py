"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _shared(name: str) -> AliasChoices:
    """Accept both `<SERVICE>_<FIELD>` (via the prefix) and the unprefixed, stack-wide name."""
    return AliasChoices(name.lower(), name)


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: str = "service"
    # False: serve the HTTP API only, without the relay, consumers, timers and background loops (an API-only
    # replica, or a service run in-process by a test).
    workers: bool = True
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    database_pool_size: int = 10
    kafka_bootstrap_servers: str = Field("127.0.0.1:9092", validation_alias=_shared("KAFKA_BOOTSTRAP_SERVERS"))
    # The dev broker (Tansu) refuses idempotent producers; production Kafka should keep this on.
    kafka_idempotent_producer: bool = Field(True, validation_alias=_shared("KAFKA_IDEMPOTENT_PRODUCER"))
    kafka_topic_partitions: int = Field(6, validation_alias=_shared("KAFKA_TOPIC_PARTITIONS"))
    # Kafka's defaults; the dev stack shortens them because Tansu holds a (re)join for up to two sessions.
    kafka_session_timeout_ms: int = Field(10_000, validation_alias=_shared("KAFKA_SESSION_TIMEOUT_MS"))
    kafka_heartbeat_interval_ms: int = Field(3_000, validation_alias=_shared("KAFKA_HEARTBEAT_INTERVAL_MS"))
    # A message that keeps failing is parked after this many attempts so it cannot stall its partition.
    consumer_max_attempts: int = 5
    # Records handed over per poll: applied a partition per transaction, partitions concurrently.
    consumer_batch_size: int = 200
    # How long a poll waits for records; an empty poll then pauses as long again (FastStream's batch loop), so this
    # bounds the latency an idle consumer adds to a hop.
    consumer_batch_wait_ms: int = 50
    outbox_poll_seconds: float = 0.5
    outbox_batch_size: int = 500
    # After the broker lost its topics (a restart of the memory-backed dev broker), events sent since every
    # consumer confirmed are published again (within this window when no confirmation was recorded yet);
    # consumers' inboxes make the repeat harmless.
    outbox_replay_window_seconds: int = 3600
    broker_watch_seconds: float = 2.0
    # How often the watch records what every consumer group has confirmed of this service's events (the replay
    # after a broker lost its state starts there).
    broker_confirm_seconds: float = 10.0
    # aiokafka may retry its last offset commit without end when the group is rebalancing as it stops;
    # shutdown goes on after this (inboxes drop what an uncommitted offset redelivers).
    broker_stop_timeout_seconds: float = 10.0
    timer_poll_seconds: float = 1.0
    idempotency_retention_hours: int = 24
    outbox_retention_days: int = 7
    inbox_retention_days: int = 30
    housekeeping_interval_seconds: float = 3600
    # The token issuer's JWK Set (customers' /.well-known/jwks.json), fetched and cached: keys rotate without a
    # restart. Unset: the one key of `jwt_public_key_file`. An unknown kid refetches at most once per interval.
    jwks_url: str | None = Field(None, validation_alias=_shared("JWKS_URL"))
    jwks_refetch_interval_seconds: float = Field(10.0, validation_alias=_shared("JWKS_REFETCH_INTERVAL_SECONDS"))
    jwt_public_key_file: Path | None = Field(None, validation_alias=_shared("JWT_PUBLIC_KEY_FILE"))
    jwt_issuer: str = Field("wholesale-customers", validation_alias=_shared("JWT_ISSUER"))
    jwt_audience: str = Field("wholesale-api", validation_alias=_shared("JWT_AUDIENCE"))
    # Where callers get tokens (the customers service's /oauth/token), as the OpenAPI documents it.
    token_url: str = Field("/oauth/token", validation_alias=_shared("TOKEN_URL"))
    # Per API client (the token's `sub`), shared by every replica through the service's database (`rate_limits`):
    # this many requests a second on average, up to the burst at once; 0 in either turns the limit off.
    rate_limit_per_second: float = Field(50.0, ge=0, validation_alias=_shared("RATE_LIMIT_PER_SECOND"))
    rate_limit_burst: int = Field(200, ge=0, validation_alias=_shared("RATE_LIMIT_BURST"))
    max_body_bytes: int = 1_048_576
    max_upload_bytes: int = 64 * 1_048_576
    log_level: str = Field("INFO", validation_alias=_shared("LOG_LEVEL"))
    log_json: bool = Field(True, validation_alias=_shared("LOG_JSON"))
