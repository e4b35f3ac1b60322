"""The sandbox carrier's tables, in its own database: it stands for an outside system, so no Alembic history."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# One lock key for making the tables and building the inventory, so replicas starting together build it once.
SCHEMA_LOCK = 0x5A4E_0001

TABLES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE IF NOT EXISTS sandbox_meta (key text PRIMARY KEY, value text NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sandbox_ranges (
        npa char(3) NOT NULL, nxx char(3) NOT NULL, country char(2) NOT NULL, state char(2) NOT NULL,
        locality text NOT NULL, rate_center text NOT NULL, PRIMARY KEY (npa, nxx))""",
    # num: the ten national digits as an integer (NPA-NXX-XXXX), so prefixes are ranges and runs are arithmetic.
    """CREATE TABLE IF NOT EXISTS sandbox_numbers (
        num bigint PRIMARY KEY, country char(2) NOT NULL, state char(2) NOT NULL, locality text NOT NULL,
        status text NOT NULL, reservation_id text, reserved_until timestamptz, order_id text)""",
    """CREATE TABLE IF NOT EXISTS sandbox_reservations (
        id text PRIMARY KEY, holder text NOT NULL, numbers bigint[] NOT NULL, expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sandbox_orders (
        id text PRIMARY KEY, order_ref text NOT NULL UNIQUE, request jsonb NOT NULL, state text NOT NULL,
        outcomes jsonb NOT NULL, reasons jsonb NOT NULL, created_at timestamptz NOT NULL,
        activated_at timestamptz, expected_at timestamptz, finished_at timestamptz)""",
    """CREATE INDEX IF NOT EXISTS sandbox_orders_due ON sandbox_orders (expected_at) WHERE state = 'in_progress'""",
    # The carrier's webhooks: each status is delivered until the receiver takes it.
    """CREATE TABLE IF NOT EXISTS sandbox_callbacks (
        id bigserial PRIMARY KEY, order_id text NOT NULL, payload jsonb NOT NULL, due_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0, last_error text, delivered_at timestamptz)""",
    """CREATE INDEX IF NOT EXISTS sandbox_callbacks_due ON sandbox_callbacks (due_at) WHERE delivered_at IS NULL""",
    # kind: an order's status (CarrierOrderStatus) or a port's (PortStatus).
    """ALTER TABLE sandbox_callbacks ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'order'""",
    # Porting: the losing carriers' accounts (their customer service records) and their numbers, then the ports.
    """CREATE TABLE IF NOT EXISTS sandbox_port_accounts (
        account_number text PRIMARY KEY, btn text NOT NULL UNIQUE, losing_carrier text NOT NULL,
        record jsonb NOT NULL, pin text, wireless boolean NOT NULL, answers text)""",
    """CREATE TABLE IF NOT EXISTS sandbox_port_numbers (
        number text PRIMARY KEY, account_number text NOT NULL REFERENCES sandbox_port_accounts ON DELETE CASCADE,
        rate_center text NOT NULL, active boolean NOT NULL, rate_center_portable boolean NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sandbox_ports (
        id text PRIMARY KEY, order_ref text NOT NULL UNIQUE, request jsonb NOT NULL, state text NOT NULL,
        tries integer NOT NULL, submitted_at timestamptz NOT NULL, decide_at timestamptz, foc_at timestamptz,
        rejection jsonb, cancel_at timestamptz, finished_at timestamptz)""",
    """CREATE INDEX IF NOT EXISTS sandbox_ports_due ON sandbox_ports (decide_at)
        WHERE state IN ('submitted', 'foc_received')""",
]

# What search needs at ten million numbers: every index covers only the numbers on offer, ordered by number so a
# LIMIT (and a run or block scan) stops early.
NUMBER_INDEXES = [
    "CREATE INDEX sandbox_numbers_free ON sandbox_numbers (num) WHERE status = 'available'",
    "CREATE INDEX sandbox_numbers_free_country ON sandbox_numbers (country, num) WHERE status = 'available'",
    "CREATE INDEX sandbox_numbers_free_state ON sandbox_numbers (state, num) WHERE status = 'available'",
    "CREATE INDEX sandbox_numbers_free_locality ON sandbox_numbers (locality, num) WHERE status = 'available'",
    # ends_with of four digits or more: the line number picks the candidates.
    "CREATE INDEX sandbox_numbers_free_line ON sandbox_numbers ((num % 10000), num) WHERE status = 'available'",
    # contains: the trigrams of the digits (a pattern of three digits or more).
    "CREATE INDEX sandbox_numbers_free_digits ON sandbox_numbers USING gin ((num::text) gin_trgm_ops) "
    "WHERE status = 'available'",
    "CREATE INDEX sandbox_numbers_held ON sandbox_numbers (reserved_until) WHERE status = 'reserved'",
]


async def create_tables(conn: AsyncConnection) -> None:
    for statement in TABLES:
        await conn.execute(text(statement))
