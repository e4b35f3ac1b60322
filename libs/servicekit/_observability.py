"""JSON logs with a request id that follows the work across HTTP and Kafka, and Prometheus metrics."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from typing import Any

import structlog
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit._errors import PayloadTooLarge
from servicekit._problem_handlers import database_unavailable, error_text, problem_response

REQUEST_ID_HEADER = "x-request-id"

_log = structlog.get_logger()

HTTP_REQUESTS = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
EVENTS_PUBLISHED = Counter("outbox_events_published_total", "Events published by the relay", ["service"])
OUTBOX_PENDING = Gauge("outbox_pending_events", "Outbox rows not yet published", ["service"])
EVENTS_CONSUMED = Counter("events_consumed_total", "Events applied by consumers", ["service", "type", "outcome"])
MESSAGES_PARKED = Counter("messages_parked_total", "Messages parked after repeated failures", ["service", "topic"])
TIMERS_FIRED = Counter("timers_fired_total", "Durable timers fired", ["service", "kind"])
DEADLINE_RETRIES = Counter("deadline_retries_total", "Late answers asked for again", ["service", "kind"])
DEADLINE_GAVE_UP = Counter("deadline_gave_up_total", "Steps given up after their last try", ["service", "kind"])


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    renderer: Any = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )
    _route_kafka_client_logs()


KAFKA_LOG_EVERY_SECONDS = 30.0


class _RepeatFilter(logging.Filter):
    """Lets a message template through once per `every` seconds and says how many like it were held back.

    A Kafka client that cannot reach its broker retries several times a second and logs each retry."""

    def __init__(self, every: float) -> None:
        super().__init__()
        self.every = every
        self.seen: dict[tuple[str, object], tuple[float, int]] = {}  # (logger, template) → (last shown, held back)

    def filter(self, record: logging.LogRecord) -> bool:
        key, now = (record.name, record.msg), time.monotonic()
        last = self.seen.get(key)
        if last is not None and now - last[0] < self.every:
            self.seen[key] = (last[0], last[1] + 1)
            return False
        held_back = last[1] if last is not None else 0
        self.seen[key] = (now, 0)
        record.held_back = held_back
        return True


class _StructlogHandler(logging.Handler):
    """A standard-library logger's records as the service's own log lines (JSON in production)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            fields: dict[str, Any] = {"logger": record.name}
            if held_back := getattr(record, "held_back", 0):
                fields["similar_not_shown"] = held_back
            structlog.get_logger().log(record.levelno, record.getMessage(), **fields)
        except Exception:
            self.handleError(record)


def _route_kafka_client_logs() -> None:
    """aiokafka's own lines: warnings and up only, each kind at most once per KAFKA_LOG_EVERY_SECONDS (a broker
    that is gone is reported once, not on every reconnect), rendered like every other line."""
    kafka = logging.getLogger("aiokafka")
    kafka.setLevel(logging.WARNING)
    kafka.propagate = False
    if not any(isinstance(h, _StructlogHandler) for h in kafka.handlers):
        handler = _StructlogHandler()
        handler.addFilter(_RepeatFilter(KAFKA_LOG_EVERY_SECONDS))
        kafka.addHandler(handler)


class LogThrottle:
    """Logs a background loop's repeated failure without flooding the log.

    The first failure is logged at once (an unexpected one with its traceback, an unreachable database as one
    warning line), then at most one line per `every` seconds with how many failures were not shown, and one
    `<event>.recovered` line when the loop works again:

        throttle = LogThrottle("relay.failed")
        while True:
            try:
                await step()
            except Exception as exc:
                throttle.failed(exc)
            else:
                throttle.succeeded()
    """

    def __init__(self, event: str, *, every: float = 60.0, **fields: Any) -> None:
        self.event, self.every, self.fields = event, every, fields
        self.failures = 0  # in a row, since the last success
        self.not_shown = 0
        self._last_shown: float | None = None

    def failed(self, exc: BaseException, **fields: Any) -> None:
        now = time.monotonic()
        self.failures += 1
        if self._last_shown is not None and now - self._last_shown < self.every:
            self.not_shown += 1
            return
        first = self._last_shown is None
        self._last_shown = now
        context = self.fields | fields | {"error": error_text(exc), "failures": self.failures}
        if self.not_shown:
            context["not_shown"] = self.not_shown
        self.not_shown = 0
        if first and not database_unavailable(exc):
            _log.error(self.event, exc_info=exc, **context)  # a fault of ours: the traceback, once
        else:
            _log.warning(self.event, **context)

    def succeeded(self) -> None:
        if self.failures:
            _log.info(f"{self.event}.recovered", failures=self.failures, **self.fields)
        self.failures, self.not_shown, self._last_shown = 0, 0, None


def current_request_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("request_id")
    return str(value) if value else None


class RequestContextMiddleware:
    """Binds a request id (the caller's X-Request-ID or a new one), echoes it, and times the request."""

    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        request_id = headers.get(REQUEST_ID_HEADER.encode(), b"").decode()[:100] or uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id, service=self.service)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((REQUEST_ID_HEADER.encode(), request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = scope.get("route")
            HTTP_REQUESTS.labels(
                self.service, scope["method"], getattr(route, "path", "unmatched"), str(status)
            ).observe(time.perf_counter() - started)


class BodyLimitMiddleware:
    """Refuses bodies over the limit before the app reads them (declared or streamed)."""

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, upload_paths: tuple[str, ...] = (), max_upload_bytes: int = 0
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # File imports (list files, documents run to megabytes) get the larger limit; a `{name}` segment of a path
        # stands for any one segment ("/v1/customers/{customer_id}/documents").
        self.upload_paths = [
            re.compile("/".join("[^/]+" if segment[:1] == "{" else re.escape(segment) for segment in path.split("/")))
            for path in upload_paths
        ]
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = any(path.fullmatch(scope["path"]) for path in self.upload_paths)
        limit = self.max_upload_bytes if upload else self.max_bytes
        too_large = PayloadTooLarge(f"The body may be at most {limit} bytes.", max_bytes=limit)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await problem_response(too_large, Request(scope))(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise too_large
            return message

        await self.app(scope, counting_receive, send)


async def metrics_endpoint(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
