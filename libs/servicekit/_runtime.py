"""What a running service holds, reachable from a request; its parts are looked up by their class."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from fastapi import Request
from faststream.kafka import KafkaBroker
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from servicekit._auth import TokenVerifier
from servicekit._clock import Clock
from servicekit._rate_limit import RateLimiter
from servicekit._relay import Relay
from servicekit._revocations import CredentialCheck
from servicekit._settings import ServiceSettings
from servicekit._timers import TimerRunner

T = TypeVar("T")


@dataclass
class Runtime:
    settings: ServiceSettings
    clock: Clock
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    broker: KafkaBroker
    relay: Relay
    timers: TimerRunner
    verifier: TokenVerifier
    # The service's own parts (its service classes, adapters, engines), one instance per class.
    components: dict[type, object] = field(default_factory=dict)
    # What refuses a verified token before it expires (revoked client, closed organisation); None: nothing.
    credentials: CredentialCheck | None = None
    # Per-client request rate, checked with the caller's token; None: unlimited.
    limiter: RateLimiter | None = None

    def component(self, kind: type[T]) -> T:
        found = self.components.get(kind)
        if not isinstance(found, kind):
            raise LookupError(f"{kind.__name__} is not a component of {self.settings.service_name}")
        return found


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime
