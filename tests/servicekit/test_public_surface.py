"""servicekit's public surface is its __all__: what services may import, and nothing else."""

from __future__ import annotations

import pkgutil

import servicekit

# Adding a name here is a decision about the platform every service is built on: write it down.
PUBLIC = [
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


def test_the_public_surface_is_exactly_the_declared_names() -> None:
    assert servicekit.__all__ == PUBLIC
    assert sorted(servicekit.__all__) == sorted(set(servicekit.__all__))


def test_every_declared_name_is_importable_from_the_package() -> None:
    missing = [name for name in servicekit.__all__ if not hasattr(servicekit, name)]
    assert missing == []


def test_modules_are_private_but_the_migrate_command() -> None:
    public_modules = [m.name for m in pkgutil.iter_modules(servicekit.__path__) if not m.name.startswith("_")]
    assert public_modules == ["migrate"]  # `python -m servicekit.migrate <service>`, a deploy step
