"""Building the sandbox's inventory: `size` numbers in hundred-blocks spread over the real NANP ranges.

Block i goes to range i mod R (R ranges in hashed order, so a small inventory is spread over the continent and
a large one holds several hundred-blocks of each range); its hundreds digits are a permutation per range, so a
range's blocks never collide. A quarter of the blocks are partly in service with other customers of the
carrier, as a real carrier's are: searches meet gaps, and only the other blocks offer whole aligned blocks.
Everything is made by PostgreSQL itself (generate_series), then indexed: ten million numbers in about a minute.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from pstn_orders.sandbox_carrier.ranges import nanp_ranges
from pstn_orders.sandbox_carrier.schema import NUMBER_INDEXES

BLOCK = 100


@dataclass(frozen=True)
class InventoryBuilt:
    size: int
    seconds: float
    database_bytes: int


async def inventory_size(conn: AsyncConnection) -> int | None:
    """The size the inventory was built with, None before the first build."""
    value = (await conn.execute(text("SELECT value FROM sandbox_meta WHERE key = 'inventory_size'"))).scalar()
    return None if value is None else int(value)


async def build_inventory(conn: AsyncConnection, size: int) -> InventoryBuilt:
    """Replace the inventory with `size` numbers (its reservations, orders and callbacks go with it)."""
    started = time.perf_counter()
    ranges = nanp_ranges()
    await conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    await conn.execute(
        text("TRUNCATE sandbox_numbers, sandbox_ranges, sandbox_reservations, sandbox_orders, sandbox_callbacks")
    )
    for statement in NUMBER_INDEXES:
        await conn.execute(text(f"DROP INDEX IF EXISTS {statement.split()[2]}"))
    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None
    await raw.copy_records_to_table(
        "sandbox_ranges",
        records=[(r.npa, r.nxx, r.country, r.state, r.locality, r.rate_center) for r in ranges],
        columns=["npa", "nxx", "country", "state", "locality", "rate_center"],
    )
    await conn.execute(
        text(
            "CREATE TEMP TABLE sandbox_range_order (i integer PRIMARY KEY, prefix bigint, country char(2), "
            "state char(2), locality text) ON COMMIT DROP"
        )
    )
    await raw.copy_records_to_table(
        "sandbox_range_order",
        records=[(i, r.prefix, r.country, r.state, r.locality) for i, r in enumerate(ranges)],
        columns=["i", "prefix", "country", "state", "locality"],
    )
    blocks = -(-size // BLOCK)
    # hundred = a permutation of 0..99 per range (37 is prime to 100); block 0 is the range's 99 block, so the
    # magic numbers (…9901 to …9904) are in even the smallest inventory.
    await conn.execute(
        text(
            """
            INSERT INTO sandbox_numbers (num, country, state, locality, status)
            SELECT r.prefix * 10000 + ((b.i / :ranges) * 37 + r.i * 53 + 99) % 100 * 100 + l.line,
                   r.country, r.state, r.locality,
                   CASE WHEN b.i > 0 AND (b.i::bigint * 2654435761) % 1000 < 250 AND (l.line * 7 + b.i) % 3 = 0
                        THEN 'in_service' ELSE 'available' END
            FROM generate_series(0, :blocks - 1) AS b(i)
            JOIN sandbox_range_order r ON r.i = b.i % :ranges
            CROSS JOIN generate_series(0, 99) AS l(line)
            WHERE b.i * 100 + l.line < :size
            """
        ),
        {"ranges": len(ranges), "blocks": blocks, "size": size},
    )
    for statement in NUMBER_INDEXES:
        await conn.execute(text(statement))
    await conn.execute(text("ANALYZE sandbox_numbers"))
    await conn.execute(
        text(
            "INSERT INTO sandbox_meta (key, value) VALUES ('inventory_size', :size) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"size": str(size)},
    )
    seconds = time.perf_counter() - started
    database_bytes = (await conn.execute(text("SELECT pg_database_size(current_database())"))).scalar_one()
    return InventoryBuilt(size=size, seconds=seconds, database_bytes=int(database_bytes))
