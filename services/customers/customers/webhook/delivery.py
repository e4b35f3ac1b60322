"""Sends due webhooks with Standard Webhooks signatures; each endpoint's deliveries are isolated.

Every attempt is its own task with a bounded time; at most `max_in_flight` attempts run at once, at most
`max_in_flight_per_endpoint` to one endpoint, so a slow or dead endpoint holds its own slots and no one else's.
A customer's events reach an endpoint one at a time, in event order (the repository's claim). Rows are claimed
with FOR UPDATE SKIP LOCKED and leased for the attempt, so several replicas share the work without sending
twice, and a replica that dies mid-attempt leaves its deliveries to be tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import structlog
from standardwebhooks import Webhook

from customers.webhook.repository import WebhookRepository
from customers.webhook.service import Outcome, WebhookService
from servicekit import LogThrottle, Runtime

log = structlog.get_logger()

LEASE_MARGIN = timedelta(seconds=60)  # beyond the attempt's timeout, before another replica may try again


@dataclass(frozen=True)
class Claimed:
    delivery_id: uuid.UUID
    endpoint_id: uuid.UUID
    url: str
    secret: str
    event_id: uuid.UUID
    payload: dict[str, Any]


class WebhookSender:
    """The background loop that sends every due delivery, built with the customers service's settings."""

    def __init__(
        self,
        *,
        webhooks: WebhookService,
        poll_seconds: float,
        timeout_seconds: float,
        max_in_flight: int,
        max_in_flight_per_endpoint: int,
    ) -> None:
        self.webhooks = webhooks
        self.poll_seconds = poll_seconds
        self.timeout_seconds = timeout_seconds
        self.max_in_flight = max_in_flight
        self.max_in_flight_per_endpoint = max_in_flight_per_endpoint
        self.in_flight: dict[uuid.UUID, uuid.UUID] = {}  # delivery id → endpoint id
        self._wake = asyncio.Event()

    async def run(self, runtime: Runtime) -> None:
        tasks: set[asyncio.Task[None]] = set()
        limits = httpx.Limits(max_connections=self.max_in_flight, max_keepalive_connections=self.max_in_flight)
        throttle = LogThrottle("webhooks.delivery_loop_failed")  # a database that is down: a line a minute
        async with httpx.AsyncClient(timeout=self.timeout_seconds, follow_redirects=False, limits=limits) as http:
            try:
                while True:
                    self._wake.clear()
                    try:
                        for claimed in await self.claim(runtime):
                            task = asyncio.create_task(self.send(runtime, http, claimed))
                            tasks.add(task)
                            task.add_done_callback(tasks.discard)
                    except asyncio.CancelledError:
                        raise
                    except Exception as exc:
                        throttle.failed(exc)
                    else:
                        throttle.succeeded()
                    # A finished attempt frees a slot and may let the customer's next event go.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)

    async def claim(self, runtime: Runtime) -> list[Claimed]:
        free = self.max_in_flight - len(self.in_flight)
        if free <= 0:
            return []
        now = runtime.clock.now()
        async with runtime.sessionmaker.begin() as session:
            rows = await WebhookRepository.unscoped(session).claim(
                now,
                limit=free,
                per_endpoint=self.max_in_flight_per_endpoint,
                in_flight=self.in_flight,
                lease_until=now + timedelta(seconds=self.timeout_seconds) + LEASE_MARGIN,
            )
            claimed = [Claimed(d.id, e.id, e.url, e.secret, d.event_id, d.payload) for d, e in rows]
        for c in claimed:
            self.in_flight[c.delivery_id] = c.endpoint_id
        return claimed

    async def send(self, runtime: Runtime, http: httpx.AsyncClient, claimed: Claimed) -> None:
        try:
            outcome = await self.post(http, claimed)
            async with runtime.sessionmaker.begin() as session:
                await self.webhooks.record(session, claimed.delivery_id, outcome)
        except asyncio.CancelledError:
            raise
        except Exception:  # the lease runs out and the delivery is tried again
            log.exception("webhooks.attempt_not_recorded", delivery_id=str(claimed.delivery_id))
        finally:
            self.in_flight.pop(claimed.delivery_id, None)
            self._wake.set()

    async def post(self, http: httpx.AsyncClient, claimed: Claimed) -> Outcome:
        sent_at = datetime.now(UTC)  # receivers check the signature's age against their wall clock
        body = orjson.dumps(claimed.payload).decode()
        msg_id = str(claimed.event_id)
        headers = {
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": Webhook(claimed.secret).sign(msg_id, sent_at, body),
        }
        try:
            async with asyncio.timeout(self.timeout_seconds):  # the whole attempt, however slowly it answers
                response = await http.post(claimed.url, content=body, headers=headers)
        except TimeoutError:
            return Outcome(ok=False, status_code=None, error=f"no answer within {self.timeout_seconds:g} s")
        except httpx.HTTPError as exc:
            return Outcome(ok=False, status_code=None, error=f"{type(exc).__name__}: {exc}"[:2000])
        return Outcome(ok=response.is_success, status_code=response.status_code, error=None)
