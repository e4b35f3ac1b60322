"""Number search (R-PSTN-35) within what the customer may order (R-PSTN-03, 05, 06, 11, 13, 25, 27)."""

from __future__ import annotations

import pytest

from tests.pstn_orders.conftest import NumbersWorld
from tests.pstn_orders.orders.conftest import search

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_search_by_area_code_and_prefix_answers_consecutive_numbers_with_the_policy_link(
    paid: NumbersWorld,
) -> None:
    # R-PSTN-35: area code, NXX, quantity, consecutive; R-PSTN-27: the number policy link where ordering answers
    client = paid.client()
    first = await search(client, paid.customer_id, npa="212", quantity=1)
    assert first.status_code == 200, first.text
    nxx = first.json()["numbers"][0]["nxx"]
    answer = await search(client, paid.customer_id, npa="212", nxx=nxx, quantity=5, consecutive=True)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["number_policy_url"].startswith("https://")
    exact = [n for n in body["numbers"] if n["match"] == "exact"]
    assert len(exact) == 5
    assert all(n["npa"] == "212" and n["nxx"] == nxx for n in exact)
    values = sorted(int(n["number"]) for n in exact)
    assert values == list(range(values[0], values[0] + 5))


async def test_search_offers_marked_alternatives_when_the_exact_ask_cannot_be_met(paid: NumbersWorld) -> None:
    # R-PSTN-35: when numbers are unavailable, alternatives are offered, marked as such
    answer = await search(paid.client(), paid.customer_id, npa="212", ends_with="00000", quantity=3)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["exact"] is False
    assert body["numbers"], "alternatives are offered"
    assert {n["match"] for n in body["numbers"]} - {"exact"}


async def test_a_block_search_answers_an_aligned_block_for_a_paid_customer(paid: NumbersWorld) -> None:
    # R-PSTN-35: block search; R-PSTN-13: blocks for paid subscriptions
    answer = await search(paid.client(), paid.customer_id, state="NY", block_size=10)
    assert answer.status_code == 200, answer.text
    numbers = sorted(n["number"] for n in answer.json()["numbers"] if n["match"] == "exact")
    assert len(numbers) == 10
    assert numbers[0].endswith("0")
    assert numbers[-1].endswith("9")


async def test_a_toll_free_area_code_is_refused(paid: NumbersWorld) -> None:
    # R-PSTN-05: toll-free numbers cannot be ordered, so they are not searched either
    for params in ({"npa": "800"}, {"starts_with": "888"}):
        answer = await search(paid.client(), paid.customer_id, **params)
        assert answer.status_code == 422, answer.text
        assert answer.json()["rule"] == "R-PSTN-05"


async def test_an_unknown_country_is_refused_naming_the_field(paid: NumbersWorld) -> None:
    # R-PSTN-03: the calling plan only in configured countries
    answer = await search(paid.client(), paid.customer_id, country="XX")
    assert answer.status_code == 422, answer.text
    assert answer.json()["rule"] == "R-PSTN-03"
    assert answer.json()["invalid_params"][0]["name"] == "country"


async def test_an_assisted_country_is_not_searched(paid: NumbersWorld) -> None:
    # R-PSTN-25: in an assisted country numbers come through a support request
    answer = await search(paid.client(), paid.customer_id, country="GB")
    assert answer.status_code == 422, answer.text
    assert answer.json()["rule"] == "R-PSTN-25"


async def test_more_than_100_numbers_are_refused(paid: NumbersWorld) -> None:
    # R-PSTN-06: at most 100 numbers an order
    answer = await search(paid.client(), paid.customer_id, quantity=101)
    assert answer.status_code == 422, answer.text
    assert answer.json()["rule"] == "R-PSTN-06"


async def test_a_trial_customer_cannot_search_blocks(trial: NumbersWorld) -> None:
    # R-PSTN-13: block orders are for paid subscriptions only
    answer = await search(trial.client(), trial.customer_id, block_size=10)
    assert answer.status_code == 422, answer.text
    assert answer.json()["rule"] == "R-PSTN-13"


async def test_a_search_for_a_location_needs_its_calling_plan(paid: NumbersWorld) -> None:
    # R-PSTN-11: numbers are ordered only for a location on the calling plan
    branch = await paid.location("Branch without calling plan")
    answer = await search(paid.client(), paid.customer_id, location_id=str(branch))
    assert answer.status_code == 409, answer.text
    assert answer.json()["rule"] == "R-PSTN-11"
    on_plan = await search(paid.client(), paid.customer_id, location_id=str(paid.location_id))
    assert on_plan.status_code == 200, on_plan.text


async def test_a_carrier_that_does_not_answer_is_a_503_to_retry(paid: NumbersWorld) -> None:
    answer = await search(paid.client(), paid.customer_id, locality="Unavailable")
    assert answer.status_code == 503, answer.text
    assert answer.headers["Retry-After"]
