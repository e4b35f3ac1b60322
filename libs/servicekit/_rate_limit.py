"""Per-client rate limits shared by every replica: GCRA (the generic cell rate algorithm) in the service's database.

Each client has one row in `rate_limits`: its theoretical arrival time (TAT), when its bucket would be empty again.
A request at `now` is admitted when `max(tat, now) + interval <= now + burst * interval` and then moves the TAT to
`max(tat, now) + interval`; one upsert decides and records it, so concurrent requests on any replica queue on the
row's lock and never both take the last cell. A refused request changes nothing, and its Retry-After is when the
next cell frees. Time is the service's Clock (the request's), so tests move it with a ManualClock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit._settings import ServiceSettings

# One statement: the upsert admits (and returns the new TAT), or, when its WHERE refuses, the row as the statement
# found it answers why. Under a concurrent burst that row can predate the one the upsert locked, so a refused
# caller's Retry-After may be short by the requests that raced it; its retry is decided by the same rule.
_TAKE = text(
    """
    WITH admitted AS (
        INSERT INTO rate_limits AS r (key, tat) VALUES (:key, CAST(:now AS timestamptz) + CAST(:interval AS interval))
        ON CONFLICT (key) DO UPDATE
            SET tat = greatest(r.tat, CAST(:now AS timestamptz)) + CAST(:interval AS interval)
            WHERE greatest(r.tat, CAST(:now AS timestamptz)) + CAST(:interval AS interval)
                <= CAST(:now AS timestamptz) + CAST(:window AS interval)
        RETURNING r.tat
    )
    SELECT true AS admitted, tat FROM admitted
    UNION ALL
    SELECT false, tat FROM rate_limits WHERE key = :key AND NOT EXISTS (SELECT FROM admitted)
    """
)


@dataclass(frozen=True)
class Decision:
    admitted: bool
    remaining: int  # requests that could still be sent at once
    retry_after: int  # whole seconds until the next request is admitted (0: now)
    reset: int  # whole seconds until the full burst is available again

    def headers(self, limiter: RateLimiter) -> dict[str, str]:
        """RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers), plus Retry-After when refused."""
        headers = {
            "RateLimit-Policy": f'"client";q={limiter.burst};w={limiter.window_seconds}',
            "RateLimit": f'"client";r={self.remaining};t={self.reset}',
        }
        if not self.admitted:
            headers["Retry-After"] = str(self.retry_after)
        return headers


class RateLimiter:
    """`per_second` requests a second on average, up to `burst` at once; each key (an API client) separately."""

    def __init__(self, per_second: float, burst: int) -> None:
        if per_second <= 0 or burst < 1:
            raise ValueError("a rate limit needs a positive rate and a burst of at least one request")
        self.per_second = per_second
        self.burst = burst
        self.interval = timedelta(seconds=1 / per_second)
        self.window = self.interval * burst
        self.window_seconds = math.ceil(self.window.total_seconds())

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> RateLimiter | None:
        """None when either setting is 0: no limit."""
        if settings.rate_limit_per_second <= 0 or settings.rate_limit_burst <= 0:
            return None
        return cls(settings.rate_limit_per_second, settings.rate_limit_burst)

    async def take(self, session: AsyncSession, key: str, now: datetime) -> Decision:
        """Admit one request of `key` at `now`, or refuse it; commit the session promptly (the row stays locked)."""
        params = {"key": key, "now": now, "interval": self.interval, "window": self.window}
        row = (await session.execute(_TAKE, params)).one_or_none()
        if row is None:  # refused against a row inserted after the statement's snapshot: one cell from now
            return Decision(False, 0, math.ceil(self.interval.total_seconds()), self.window_seconds)
        admitted, tat = bool(row[0]), row[1]
        ahead = max(tat - now, timedelta())  # how far the bucket is filled
        remaining = max(0, math.floor((self.window - ahead) / self.interval + 1e-9))
        reset = math.ceil(ahead.total_seconds())
        if admitted:
            return Decision(True, remaining, 0, reset)
        wait = (ahead + self.interval - self.window).total_seconds()
        return Decision(False, 0, max(1, math.ceil(wait)), reset)
