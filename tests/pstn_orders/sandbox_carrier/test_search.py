"""Number search at the sandbox (R-PSTN-11, R-PSTN-35): every filter, runs of consecutive numbers, aligned
blocks, and alternatives marked as such when the exact ask cannot be met."""

from __future__ import annotations

import pytest

from pstn_orders.carrier import CarrierUnavailable, Match, NumberSearch, Pattern
from tests.pstn_orders.sandbox_carrier.conftest import Sandbox

pytestmark = pytest.mark.asyncio(loop_scope="session")


def nationals(numbers: list[str]) -> list[int]:
    return [int(n[2:]) for n in numbers]


async def busiest_exchange(sandbox: Sandbox) -> tuple[str, str, str, str]:
    [row] = await sandbox.rows(
        "SELECT num / 10000 AS prefix, min(state) AS state, min(locality) AS locality FROM sandbox_numbers "
        "WHERE country = 'US' AND status = 'available' GROUP BY num / 10000 ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    prefix = str(row.prefix)
    return prefix[:3], prefix[3:], row.state, row.locality


async def test_search_by_area_code_and_exchange(sandbox: Sandbox) -> None:
    """R-PSTN-35: area code (NPA) and central office code (NXX)."""
    npa, nxx, _, _ = await busiest_exchange(sandbox)
    by_npa = await sandbox.carrier.search(NumberSearch(country="US", npa=npa, quantity=10))
    assert by_npa.exact
    assert len(by_npa.numbers) == 10
    assert all(n.npa == npa and n.number.startswith(f"+1{npa}") and n.match == Match.exact for n in by_npa.numbers)
    by_exchange = await sandbox.carrier.search(NumberSearch(country="US", npa=npa, nxx=nxx, quantity=10))
    assert by_exchange.exact
    assert {(n.npa, n.nxx) for n in by_exchange.numbers} == {(npa, nxx)}
    by_nxx_alone = await sandbox.carrier.search(NumberSearch(country="US", nxx=nxx, quantity=5))
    assert by_nxx_alone.numbers
    assert all(n.nxx == nxx for n in by_nxx_alone.numbers)


async def test_search_by_state_and_locality(sandbox: Sandbox) -> None:
    """R-PSTN-11: by state and by city; the locality matches whatever its case."""
    _, _, state, locality = await busiest_exchange(sandbox)
    by_state = await sandbox.carrier.search(NumberSearch(country="US", state=state, quantity=15))
    assert by_state.exact
    assert all(n.state == state for n in by_state.numbers)
    by_locality = await sandbox.carrier.search(NumberSearch(country="US", locality=locality.upper(), quantity=5))
    assert by_locality.exact
    assert all(n.locality == locality for n in by_locality.numbers)


async def test_search_by_pattern_starts_contains_ends(sandbox: Sandbox) -> None:
    npa, nxx, _, _ = await busiest_exchange(sandbox)
    starts = await sandbox.carrier.search(
        NumberSearch(country="US", pattern=Pattern(digits=npa + nxx[:2], position="starts"), quantity=5)
    )
    assert starts.exact
    assert all(n.number[2:].startswith(npa + nxx[:2]) for n in starts.numbers)
    [row] = await sandbox.rows(
        "SELECT num FROM sandbox_numbers WHERE status = 'available' AND num / 10000 = :prefix "
        "AND num % 10000 < 9900 ORDER BY num DESC LIMIT 1",
        prefix=int(npa + nxx),
    )
    line = f"{row.num % 10000:04d}"
    ends = await sandbox.carrier.search(NumberSearch(country="US", pattern=Pattern(digits=line, position="ends")))
    assert ends.exact
    assert ends.numbers[0].number.endswith(line)
    middle = f"{row.num:010d}"[4:9]
    contains = await sandbox.carrier.search(
        NumberSearch(country="US", pattern=Pattern(digits=middle, position="contains"), quantity=3)
    )
    assert contains.exact
    assert all(middle in n.number[2:] for n in contains.numbers)


async def test_consecutive_numbers_when_quantity_is_more_than_one(sandbox: Sandbox) -> None:
    """R-PSTN-35: with quantity > 1, optionally consecutive numbers."""
    _, _, state, _ = await busiest_exchange(sandbox)
    for quantity in (10, 37):
        result = await sandbox.carrier.search(
            NumberSearch(country="US", state=state, quantity=quantity, consecutive=True)
        )
        run = nationals([n.number for n in result.numbers])
        assert result.exact
        assert len(run) == quantity
        assert run == list(range(run[0], run[0] + quantity))
        assert len({n // 10000 for n in run}) == 1  # one exchange


async def test_aligned_blocks_of_10_50_and_100(sandbox: Sandbox) -> None:
    """R-PSTN-35 and R-PSTN-11: block search; a block starts on its own boundary (…00 to …99 for 100)."""
    for size in (10, 50, 100):
        result = await sandbox.carrier.search(NumberSearch(country="US", block_size=size))
        block = nationals([n.number for n in result.numbers])
        assert result.exact
        assert block == list(range(block[0], block[0] + size))
        assert block[0] % size == 0


async def test_alternative_in_the_same_area_code(sandbox: Sandbox) -> None:
    """R-PSTN-35: an exchange with no free numbers offers the area code's other exchanges, marked same_npa."""
    npa, _, _, _ = await busiest_exchange(sandbox)
    stocked = {
        str(r.nxx)
        for r in await sandbox.rows(
            "SELECT DISTINCT (num / 10000) % 1000 AS nxx FROM sandbox_numbers WHERE num / 10000000 = :npa", npa=int(npa)
        )
    }
    empty = next(f"{c}" for c in range(200, 1000) if str(c) not in stocked and str(c)[1:] != "11")
    result = await sandbox.carrier.search(NumberSearch(country="US", npa=npa, nxx=empty, quantity=4))
    assert not result.exact
    assert len(result.numbers) == 4
    assert all(n.match == Match.same_npa and n.npa == npa and n.nxx != empty for n in result.numbers)


async def test_alternative_in_the_same_locality(sandbox: Sandbox) -> None:
    """R-PSTN-35: an exchange of an area code with nothing on offer points to its locality's other area codes."""
    rows = await sandbox.rows(
        "SELECT r.npa, r.nxx, r.locality, r.state FROM sandbox_ranges r WHERE r.country = 'US' "
        "AND NOT EXISTS (SELECT 1 FROM sandbox_numbers n WHERE n.num BETWEEN r.npa::bigint * 10000000 "
        "AND r.npa::bigint * 10000000 + 9999999) "
        "AND EXISTS (SELECT 1 FROM sandbox_numbers n WHERE n.locality = r.locality AND n.state = r.state "
        "AND n.status = 'available') ORDER BY r.npa, r.nxx LIMIT 1"
    )
    assert rows, "the inventory has a locality stocked in one area code but not in another"
    ask = rows[0]
    result = await sandbox.carrier.search(NumberSearch(country="US", npa=ask.npa, nxx=ask.nxx, quantity=2))
    assert not result.exact
    assert result.numbers
    assert all(n.match == Match.same_locality and n.locality == ask.locality for n in result.numbers)
    assert all(n.npa != ask.npa for n in result.numbers)


async def test_alternative_in_the_same_state(sandbox: Sandbox) -> None:
    """R-PSTN-35: a pattern nobody holds in the state offers other numbers of the state, marked same_state."""
    _, _, state, _ = await busiest_exchange(sandbox)
    result = await sandbox.carrier.search(
        NumberSearch(country="US", state=state, pattern=Pattern(digits="98765432", position="ends"), quantity=3)
    )
    assert not result.exact
    assert len(result.numbers) == 3
    assert all(n.match == Match.same_state and n.state == state for n in result.numbers)


async def test_a_run_that_cannot_be_met_is_offered_whole_elsewhere(sandbox: Sandbox) -> None:
    """R-PSTN-35: 100 consecutive numbers in an exchange partly in service come as one run of an alternative."""
    [row] = await sandbox.rows(
        "SELECT num / 10000 AS prefix FROM sandbox_numbers WHERE country = 'US' GROUP BY num / 10000 "
        "HAVING count(*) FILTER (WHERE status = 'available') < 90 ORDER BY 1 LIMIT 1"
    )
    prefix = str(row.prefix)
    result = await sandbox.carrier.search(
        NumberSearch(country="US", npa=prefix[:3], nxx=prefix[3:], quantity=100, consecutive=True)
    )
    run = nationals([n.number for n in result.numbers])
    assert not result.exact
    assert len(run) == 100
    assert run == list(range(run[0], run[0] + 100))
    assert len({n.match for n in result.numbers}) == 1
    assert result.numbers[0].match != Match.exact


async def test_test_numbers_are_offered_only_when_asked_for(sandbox: Sandbox) -> None:
    plain = await sandbox.carrier.search(NumberSearch(country="US", quantity=100))
    assert not any(n.number[-4:] in {"9901", "9902", "9903", "9904"} for n in plain.numbers)
    asked = await sandbox.carrier.search(NumberSearch(country="US", pattern=Pattern(digits="9901", position="ends")))
    assert asked.exact
    assert asked.numbers[0].number.endswith("9901")


async def test_the_unavailable_locality_finds_the_carrier_unavailable(sandbox: Sandbox) -> None:
    with pytest.raises(CarrierUnavailable):
        await sandbox.carrier.search(NumberSearch(country="US", locality="Unavailable"))
