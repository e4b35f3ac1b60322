"""Delivers pending webhooks: Standard Webhooks signatures, retries on a fixed schedule, then gives up.

Rows are claimed with FOR UPDATE SKIP LOCKED, so several replicas share the work without sending twice.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import orjson
import structlog
from standardwebhooks import Webhook

from customers.webhook.models import WebhookDelivery, WebhookEndpoint
from customers.webhook.repository import WebhookRepository
from servicekit import Clock, Runtime

log = structlog.get_logger()

# After the first attempt, as Standard Webhooks suggests: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
RETRY_AFTER = [timedelta(seconds=s) for s in (5, 300, 1800, 7200, 18000, 36000, 36000)]
BATCH = 50


class WebhookSender:
    """The background loop that sends every due delivery, built with the customers service's settings."""

    def __init__(self, *, poll_seconds: float, timeout_seconds: float) -> None:
        self.poll_seconds = poll_seconds
        self.timeout_seconds = timeout_seconds

    async def run(self, runtime: Runtime) -> None:
        async with httpx.AsyncClient(timeout=self.timeout_seconds, follow_redirects=False) as http:
            while True:
                try:
                    while await self.deliver_due(runtime, http) == BATCH:
                        pass
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("webhooks.delivery_loop_failed")
                await asyncio.sleep(self.poll_seconds)

    async def deliver_due(self, runtime: Runtime, http: httpx.AsyncClient) -> int:
        """Attempt every delivery that is due; answers how many were attempted."""
        async with runtime.sessionmaker.begin() as session:
            due = await WebhookRepository.unscoped(session).due(runtime.clock.now(), BATCH)
            await asyncio.gather(*(attempt(http, d, e, runtime.clock) for d, e in due))
        return len(due)


async def attempt(http: httpx.AsyncClient, delivery: WebhookDelivery, endpoint: WebhookEndpoint, clock: Clock) -> None:
    now = clock.now()
    sent_at = datetime.now(UTC)  # receivers check the signature's age against their wall clock
    body = orjson.dumps(delivery.payload).decode()
    msg_id = str(delivery.event_id)
    headers = {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": Webhook(endpoint.secret).sign(msg_id, sent_at, body),
    }
    delivery.attempts += 1
    try:
        response = await http.post(endpoint.url, content=body, headers=headers)
        delivery.last_status_code, delivery.last_error = response.status_code, None
        ok = response.is_success
    except httpx.HTTPError as exc:
        delivery.last_status_code, delivery.last_error = None, f"{type(exc).__name__}: {exc}"[:2000]
        ok = False
    if ok:
        delivery.status, delivery.delivered_at = "delivered", now
    elif delivery.attempts > len(RETRY_AFTER):
        delivery.status = "failed"
        log.warning("webhooks.gave_up", delivery_id=str(delivery.id), attempts=delivery.attempts)
    else:
        delivery.next_attempt_at = now + RETRY_AFTER[delivery.attempts - 1]
