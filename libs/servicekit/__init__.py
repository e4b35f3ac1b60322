"""The platform every service is built on: app, sessions, tenancy, paging, If-Match, events, timers, errors.

Import from the package (`from servicekit import Session, emit, TenantRepository`); its modules are private.
The names below are the whole public surface, pinned by tests/servicekit/test_public_surface.py.
"""

from servicekit._app import ServiceSpec, Subscription, create_service_app
from servicekit._auth import (
    Principal,
    TokenIssuer,
    TokenVerifier,
    current_principal,
    generate_keypair,
    public_key_of,
    require_roles,
)
from servicekit._clock import Clock, ManualClock, SystemClock
from servicekit._country import Country
from servicekit._customer_directory import (
    CustomerDirectory,
    CustomerNotActive,
    KnownCustomer,
    known_customers_table,
)
from servicekit._db import Json, PlatformTables, new_metadata, platform_tables
from servicekit._deadlines import AskAgain, Deadline, GiveUp, Waiting
from servicekit._errors import (
    PROBLEM_BASE,
    BadRequest,
    Conflict,
    Forbidden,
    IdempotencyKeyReused,
    MalformedJson,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    ProblemError,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    Unprocessable,
    UnsupportedMediaType,
    ValidationFailed,
    VersionMismatch,
)
from servicekit._housekeeping import purge
from servicekit._http import Caller, Session, component
from servicekit._idempotency import Answer, IdempotencyKey, idempotent
from servicekit._inbox import EventHandlers
from servicekit._jwks import KeySet
from servicekit._mail import Mailer, SmtpMailer
from servicekit._migrations import alembic_config, migrations_dir, run_migrations, upgrade_to_head
from servicekit._observability import LogThrottle
from servicekit._outbox import emit
from servicekit._pagination import (
    Page,
    PageRequest,
    Paging,
    decode_cursor,
    encode_cursor,
    page_of,
    paginate,
)
from servicekit._problem_handlers import PROBLEM_RESPONSES
from servicekit._repository import TenantRepository
from servicekit._revocations import CredentialCheck, refusal_for, tenant_ancestors
from servicekit._runtime import Runtime
from servicekit._settings import ServiceSettings
from servicekit._text import MULTI_LINE, SINGLE_LINE, SingleLine, Text
from servicekit._timers import TimerHandler, cancel_timer, schedule_timer
from servicekit._versions import IfMatch, check_version, etag

__all__ = [
    "MULTI_LINE",
    "PROBLEM_BASE",
    "PROBLEM_RESPONSES",
    "SINGLE_LINE",
    "Answer",
    "AskAgain",
    "BadRequest",
    "Caller",
    "Clock",
    "Conflict",
    "Country",
    "CredentialCheck",
    "CustomerDirectory",
    "CustomerNotActive",
    "Deadline",
    "EventHandlers",
    "Forbidden",
    "GiveUp",
    "IdempotencyKey",
    "IdempotencyKeyReused",
    "IfMatch",
    "Json",
    "KeySet",
    "KnownCustomer",
    "LogThrottle",
    "Mailer",
    "MalformedJson",
    "ManualClock",
    "NotFound",
    "Page",
    "PageRequest",
    "Paging",
    "PayloadTooLarge",
    "PlatformTables",
    "PreconditionFailed",
    "Principal",
    "ProblemError",
    "Runtime",
    "ServiceSettings",
    "ServiceSpec",
    "ServiceUnavailable",
    "Session",
    "SingleLine",
    "SmtpMailer",
    "Subscription",
    "SystemClock",
    "TenantRepository",
    "Text",
    "TimerHandler",
    "TokenIssuer",
    "TokenVerifier",
    "TooManyRequests",
    "Unauthorized",
    "UnsupportedMediaType",
    "Unprocessable",
    "ValidationFailed",
    "VersionMismatch",
    "Waiting",
    "alembic_config",
    "cancel_timer",
    "check_version",
    "component",
    "create_service_app",
    "current_principal",
    "decode_cursor",
    "emit",
    "encode_cursor",
    "etag",
    "generate_keypair",
    "idempotent",
    "known_customers_table",
    "migrations_dir",
    "new_metadata",
    "page_of",
    "paginate",
    "platform_tables",
    "public_key_of",
    "purge",
    "refusal_for",
    "require_roles",
    "run_migrations",
    "schedule_timer",
    "tenant_ancestors",
    "upgrade_to_head",
]
