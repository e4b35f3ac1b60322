"""The broker connection: FastStream's Kafka broker, topic creation, and readiness."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from faststream.kafka import KafkaBroker

from servicekit._settings import ServiceSettings

log = structlog.get_logger()


def create_broker(settings: ServiceSettings) -> KafkaBroker:
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=settings.service_name,
        enable_idempotence=settings.kafka_idempotent_producer,
        acks="all",
        request_timeout_ms=10_000,
        logger=None,
    )


async def ensure_topics(settings: ServiceSettings, topics: Iterable[str]) -> set[str]:
    """Create the topics that do not exist yet; answers the ones it had to create."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers, request_timeout_ms=5_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t not in existing]
        if missing:
            response = await admin.create_topics(
                [NewTopic(t, settings.kafka_topic_partitions, 1) for t in missing], timeout_ms=5_000
            )
            missing = [topic for topic, error, *_ in response.topic_errors if error == 0]
            log.info("kafka.topics_created", topics=missing)
        return set(missing)
    finally:
        await admin.close()


async def start_broker(broker: KafkaBroker, *, attempts: int = 60, delay: float = 1.0) -> None:
    """Start the broker, waiting for it to come up (in the dev stack it starts beside us)."""
    for attempt in range(1, attempts + 1):
        try:
            await broker.start()
            return
        except Exception as exc:  # the broker may still be starting
            if attempt == attempts:
                raise
            log.warning("kafka.start_retry", attempt=attempt, error=str(exc))
            await broker.stop()
            await asyncio.sleep(delay)
