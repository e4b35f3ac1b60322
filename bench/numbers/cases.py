"""The searches the bench times, drawn from what the inventory holds so each one can be met."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text

from pstn_orders.carrier import NumberSearch, Pattern
from pstn_orders.sandbox_carrier import SandboxCarrier


@dataclass(frozen=True)
class Stocked:
    npas: list[str]
    exchanges: list[tuple[str, str]]
    states: list[str]


async def stocked(carrier: SandboxCarrier, sample: int = 500) -> Stocked:
    async with carrier.engine.connect() as conn:
        exchanges = [
            (f"{row.prefix:06d}"[:3], f"{row.prefix:06d}"[3:])
            for row in await conn.execute(
                text(
                    "SELECT DISTINCT num / 10000 AS prefix FROM sandbox_numbers TABLESAMPLE SYSTEM (1) "
                    "WHERE country = 'US' LIMIT :n"
                ),
                {"n": sample},
            )
        ]
        states = [
            row.state
            for row in await conn.execute(text("SELECT DISTINCT state FROM sandbox_ranges WHERE country = 'US'"))
        ]
    return Stocked(npas=sorted({npa for npa, _ in exchanges}), exchanges=exchanges, states=states)


Case = Callable[[random.Random], NumberSearch]


def cases(inventory: Stocked) -> dict[str, Case]:
    """Each case draws a fresh ask per run (area codes, exchanges, digits), so no run is a cached repeat."""

    def digits(r: random.Random, n: int) -> str:
        return "".join(r.choice("0123456789") for _ in range(n))

    return {
        "NPA": lambda r: NumberSearch(country="US", npa=r.choice(inventory.npas), quantity=10),
        "NPA+NXX": lambda r: NumberSearch(country="US", npa=(x := r.choice(inventory.exchanges))[0], nxx=x[1],
                                          quantity=10),
        "pattern ends 4": lambda r: NumberSearch(country="US", pattern=Pattern(digits=digits(r, 4), position="ends"),
                                                 quantity=10),
        "pattern contains 4 in NPA": lambda r: NumberSearch(
            country="US", npa=r.choice(inventory.npas), pattern=Pattern(digits=digits(r, 4), position="contains"),
            quantity=5,
        ),
        "pattern starts NPA-NXX-X": lambda r: NumberSearch(
            country="US", pattern=Pattern(digits="".join(r.choice(inventory.exchanges)) + digits(r, 1),
                                          position="starts"), quantity=10,
        ),
        "consecutive 10 in NPA": lambda r: NumberSearch(country="US", npa=r.choice(inventory.npas), quantity=10,
                                                        consecutive=True),
        "consecutive 100 in state": lambda r: NumberSearch(country="US", state=r.choice(inventory.states),
                                                           quantity=100, consecutive=True),
        "block of 100 in NPA": lambda r: NumberSearch(country="US", npa=r.choice(inventory.npas), block_size=100),
    }  # fmt: skip


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
