"""Search of the sandbox's inventory: filters, runs of consecutive numbers, aligned blocks, and alternatives."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from pstn_orders.carrier import AvailableNumber, Match, NumberSearch
from pstn_orders.sandbox_carrier.magic import MAGIC_LINES, asks_for_magic

# Rows another transaction is freeing (or holding) are skipped, not waited for: searches never queue up.
FREE_LAPSED = text(
    "UPDATE sandbox_numbers SET status = 'available', reservation_id = NULL, reserved_until = NULL "
    "WHERE num IN (SELECT num FROM sandbox_numbers WHERE status = 'reserved' AND reserved_until <= :now "
    "FOR UPDATE SKIP LOCKED)"
)

# Every index is ordered by number: walking one in order and stopping at the LIMIT (or at the first run) beats
# the bitmap-and-sort the planner picks from its row estimates, which cannot see the LIMIT through the run's
# window. Only a digit pattern (the trigram index, a bitmap) needs the planner's own choice.
PLANNER = text("SELECT set_config('enable_sort', :allow, true), set_config('enable_bitmapscan', :allow, true)")


async def free_lapsed(conn: AsyncConnection, now: datetime) -> None:
    """Numbers whose reservation lapsed are on offer again."""
    await conn.execute(FREE_LAPSED, {"now": now})


@dataclass
class Ask:
    """One pass over the inventory: the narrowing of a NumberSearch (or of an alternative to it)."""

    country: str
    state: str | None = None
    localities: list[str] | None = None  # the stored spellings of the locality asked
    prefix: str = ""  # leading national digits (area code, exchange, starts_with)
    nxx: str | None = None  # an exchange asked without its area code
    ends: str | None = None
    contains: str | None = None
    offer_magic: bool = False
    exclude: list[int] = field(default_factory=list)

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses = ["status = 'available'", "country = :country"]
        params: dict[str, Any] = {"country": self.country}
        if self.state:
            clauses.append("state = :state")
            params["state"] = self.state
        if self.localities is not None:
            clauses.append("locality = ANY(:localities)")
            params["localities"] = self.localities
        if self.prefix:
            scale = 10 ** (10 - len(self.prefix))
            clauses.append("num BETWEEN :low AND :high")
            params |= {"low": int(self.prefix) * scale, "high": (int(self.prefix) + 1) * scale - 1}
        if self.nxx:
            clauses.append("(num / 10000) % 1000 = :nxx")
            params["nxx"] = int(self.nxx)
        if self.ends:
            if len(self.ends) >= 4:
                clauses.append("num % 10000 = :line")  # the line index
                params["line"] = int(self.ends[-4:])
            if len(self.ends) != 4:
                clauses.append(f"num % {10 ** len(self.ends)} = :ends")
                params["ends"] = int(self.ends)
        if self.contains and len(self.contains) >= 3:
            clauses.append("num::text LIKE :contains")  # the trigram index
            params["contains"] = f"%{self.contains}%"
        elif self.contains:  # one or two digits: nearly every number, found walking in order
            clauses.append("strpos(num::text, :contains) > 0")
            params["contains"] = self.contains
        if not self.offer_magic:
            clauses.append(f"num % 10000 NOT IN ({', '.join(str(line) for line in sorted(MAGIC_LINES))})")
        if self.exclude:
            clauses.append("num <> ALL(:exclude)")
            params["exclude"] = self.exclude
        return " AND ".join(clauses), params


def merged_prefix(*parts: str) -> str | None:
    """The longest of prefixes that agree with each other; None when two contradict."""
    longest = ""
    for part in parts:
        if part.startswith(longest):
            longest = part
        elif not longest.startswith(part):
            return None
    return longest


async def _select(conn: AsyncConnection, ask: Ask, limit: int) -> list[Any]:
    where, params = ask.where()
    await conn.execute(PLANNER, {"allow": "on" if ask.contains else "off"})
    rows = await conn.execute(
        text(f"SELECT num, state, locality FROM sandbox_numbers WHERE {where} ORDER BY num LIMIT :limit"),
        params | {"limit": limit},
    )
    return list(rows)


async def _run(conn: AsyncConnection, ask: Ask, length: int, *, aligned: bool, first: Ask | None) -> list[Any]:
    """The first run of `length` consecutive free numbers in one exchange (starting on a multiple of `length`
    when aligned); `first` narrows the run's first number (a pattern)."""
    where, params = ask.where()
    await conn.execute(PLANNER, {"allow": "off"})
    outer = ["last = num + :span", "last / 10000 = num / 10000"]
    if aligned:
        outer.append("num % :length = 0")
    if first is not None:
        first_where, first_params = first.where()
        outer.append(first_where)
        params |= first_params
    found = (
        await conn.execute(
            text(
                f"SELECT num FROM (SELECT num, status, country, state, locality, "
                f"lead(num, :span) OVER (ORDER BY num) AS last FROM sandbox_numbers WHERE {where} ORDER BY num) t "
                f"WHERE {' AND '.join(outer)} LIMIT 1"
            ),
            params | {"span": length - 1, "length": length},
        )
    ).scalar()
    if found is None:
        return []
    rows = await conn.execute(
        text("SELECT num, state, locality FROM sandbox_numbers WHERE num BETWEEN :low AND :high ORDER BY num"),
        {"low": found, "high": found + length - 1},
    )
    return list(rows)


def _numbers(rows: list[Any], match: Match) -> list[AvailableNumber]:
    answered = []
    for row in rows:
        national = f"{row.num:010d}"
        answered.append(
            AvailableNumber(
                number=f"+1{national}",
                npa=national[:3],
                nxx=national[3:6],
                state=row.state,
                locality=row.locality,
                rate_center=row.locality,  # no better rate-center data: the locality
                match=match,
            )
        )
    return answered


class InventorySearch:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def localities(self, country: str, locality: str, state: str | None) -> list[tuple[str, str]]:
        """(locality, state) spellings of the inventory's ranges matching `locality` without regard to case."""
        rows = await self.conn.execute(
            text(
                "SELECT DISTINCT locality, state FROM sandbox_ranges WHERE lower(locality) = lower(:locality) "
                "AND country = :country AND (CAST(:state AS text) IS NULL OR state = :state)"
            ),
            {"locality": locality, "country": country, "state": state},
        )
        return [(row.locality, row.state) for row in rows]

    async def range_place(self, npa: str, nxx: str | None) -> tuple[str | None, str | None]:
        """(locality, state) of an exchange, or (None, state) of an area code."""
        if nxx is not None:
            row = (
                await self.conn.execute(
                    text("SELECT locality, state FROM sandbox_ranges WHERE npa = :npa AND nxx = :nxx"),
                    {"npa": npa, "nxx": nxx},
                )
            ).first()
            if row is not None:
                return row.locality, row.state
        state = (
            await self.conn.execute(
                text("SELECT state FROM sandbox_ranges WHERE npa = :npa GROUP BY state ORDER BY count(*) DESC LIMIT 1"),
                {"npa": npa},
            )
        ).scalar()
        return None, state

    async def find(self, query: NumberSearch) -> tuple[list[AvailableNumber], bool]:
        """Exact matches first; when the ask is not met, alternatives marked as such."""
        length = query.block_size or query.quantity
        together = query.block_size is not None or (query.consecutive and query.quantity > 1)
        pattern = query.pattern
        localities: list[str] | None = None
        locality_state: str | None = None
        if query.locality is not None:
            found = await self.localities(query.country, query.locality, query.state)
            localities = [name for name, _ in found]
            locality_state = found[0][1] if found else None
        area = query.npa + (query.nxx or "") if query.npa else ""
        prefix = merged_prefix(area, pattern.digits if pattern and pattern.position == "starts" else "")
        exact_ask = Ask(
            country=query.country,
            state=query.state,
            localities=localities,
            prefix=prefix or "",
            nxx=query.nxx if not query.npa else None,
            ends=pattern.digits if pattern and pattern.position == "ends" else None,
            contains=pattern.digits if pattern and pattern.position == "contains" else None,
            offer_magic=asks_for_magic(pattern.digits if pattern else None),
        )
        answered: list[AvailableNumber] = []
        if prefix is not None and localities != []:
            answered = await self._pass(exact_ask, length, together, query.block_size is not None, Match.exact)
        if len(answered) >= length:
            return answered, True

        # R-PSTN-35: alternatives, widening the geography step by step, without the pattern.
        range_locality, range_state = (None, None)
        if query.npa:
            range_locality, range_state = await self.range_place(query.npa, query.nxx)
        state = query.state or locality_state or range_state
        levels: list[tuple[Match, Ask]] = []
        base = Ask(country=query.country)
        if query.npa and (query.nxx or pattern or localities is not None):
            levels.append((Match.same_npa, replace(base, prefix=query.npa, state=query.state)))
        alternative_localities = localities or ([range_locality] if range_locality else None)
        if alternative_localities:
            levels.append((Match.same_locality, replace(base, localities=alternative_localities, state=state)))
        if state and (query.npa or localities or query.nxx or pattern):
            levels.append((Match.same_state, replace(base, state=state)))
        for match, ask in levels:
            if together:  # a run comes whole from one alternative
                answered = await self._pass(ask, length, True, query.block_size is not None, match)
            else:
                ask.exclude = [int(n.number[2:]) for n in answered]
                answered += await self._pass(ask, length - len(answered), False, False, match)
            if len(answered) >= length:
                break
        return answered, False

    async def _pass(self, ask: Ask, length: int, together: bool, aligned: bool, match: Match) -> list[AvailableNumber]:
        if not together:
            return _numbers(await _select(self.conn, ask, length), match)
        # The pattern narrows the run's first number only.
        first = None
        if ask.ends or ask.contains:
            first = Ask(country=ask.country, ends=ask.ends, contains=ask.contains, offer_magic=True)
            ask = replace(ask, ends=None, contains=None)
        return _numbers(await _run(self.conn, ask, length, aligned=aligned, first=first), match)
