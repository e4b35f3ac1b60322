"""Notices a broker that lost its state (a restart of the memory-backed dev broker) and recovers from it.

Each service keeps a marker topic of its own on the broker. When the marker is gone, the broker forgot
everything: the watch creates the topics again, restarts the subscribers (their consumer group starts
over from the earliest record) and has the relay publish the recent past again. Consumers' inboxes drop
what they already applied, so the repeat is harmless. A durable Kafka cluster never trips it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import structlog
from aiokafka.admin import AIOKafkaAdminClient
from faststream.kafka import KafkaBroker

from servicekit._kafka import ensure_topics
from servicekit._relay import Relay
from servicekit._settings import ServiceSettings

log = structlog.get_logger()


class BrokerWatch:
    def __init__(self, *, settings: ServiceSettings, broker: KafkaBroker, relay: Relay, topics: Iterable[str]) -> None:
        self.settings = settings
        self.broker = broker
        self.relay = relay
        self.marker = f"_epoch.{settings.service_name}"
        self.topics = (*topics, self.marker)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.settings.broker_watch_seconds)
            try:
                if not await self.marker_present():
                    await self.recover()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the broker is down: the relay retries, we look again later
                log.debug("broker_watch.unreachable", error=str(exc) or type(exc).__name__)

    async def marker_present(self) -> bool:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.settings.kafka_bootstrap_servers, request_timeout_ms=3_000)
        await admin.start()
        try:
            return self.marker in await admin.list_topics()
        finally:
            await admin.close()

    async def recover(self) -> None:
        log.warning("broker_watch.broker_lost_state", service=self.settings.service_name)
        await ensure_topics(self.settings, self.topics)
        for subscriber in self.broker.subscribers:
            await subscriber.stop()
            await subscriber.start()
        await self.relay.replay_recent()
