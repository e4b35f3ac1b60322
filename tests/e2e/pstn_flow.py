"""What the PSTN end-to-end tests share: the provider's webhook endpoint on loopback, waiting for a condition, and
the events the PSTN topic holds for a customer."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson
from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI, Request, Response

from contracts import topics
from devstack.stack import Stack

T = TypeVar("T")


@dataclass
class Receiver:
    """The provider's webhook endpoint on loopback: keeps what arrives."""

    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/hooks")
        async def hooks(request: Request) -> Response:
            self.received.append((dict(request.headers), await request.body()))
            return Response(status_code=204)

        return app

    def of(self, customer_id: uuid.UUID, event_type: str) -> list[tuple[dict[str, str], bytes]]:
        return [
            (headers, body)
            for headers, body in self.received
            if (event := orjson.loads(body))["subject"] == str(customer_id) and event["type"] == event_type
        ]


async def eventually(check: Callable[[], Awaitable[T | None]], what: str, within: float = 60.0) -> T:
    """The first truthy answer of `check`, asked again until `within` seconds passed."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        if found := await check():
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {within}s: {what}")
        await asyncio.sleep(0.2)


async def pstn_events(stack: Stack, customer_id: uuid.UUID, wanted: dict[str, int]) -> dict[str, int]:
    """How many events of each type the PSTN topic holds for the customer, read until `wanted` are all there."""
    consumer = AIOKafkaConsumer(topics.PSTN, bootstrap_servers=stack.bootstrap_servers, auto_offset_reset="earliest")
    seen: dict[str, int] = {}
    try:
        await consumer.start()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(60):
                async for record in consumer:
                    event = orjson.loads(record.value)
                    if event["subject"] == str(customer_id):
                        seen[event["type"]] = seen.get(event["type"], 0) + 1
                        if all(seen.get(t, 0) >= n for t, n in wanted.items()):
                            break
    finally:
        await consumer.stop()
    return seen


async def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()
