"""Port carts: numbers to port pasted as text, CSV or an Excel sheet, each line classified on its own and checked
for portability at once through the sandbox carrier (R-PSTN-16, R-PSTN-37)."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from contracts.events import CustomerProvisioned
from tests.pstn_orders.conftest import NumbersWorld
from tests.pstn_orders.orders.conftest import another_partners_customer

pytestmark = pytest.mark.asyncio(loop_scope="session")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Off-net numbers; the sandbox's losing carriers judge numbers of no account by their last four digits.
PORTABLE = "+13034410142"
NOT_PORTABLE = "+13034419911"  # not in service
WIRELESS = "+13034419912"  # needs the account PIN
FIXED_RATE_CENTER = "+13034419913"  # rate center not portable


def base(world: NumbersWorld) -> str:
    return f"/v1/customers/{world.customer_id}/port-carts"


async def paste(client: httpx.AsyncClient, url: str, text: str, media_type: str = "text/plain") -> httpx.Response:
    return await client.post(url, content=text.encode(), headers={"content-type": media_type})


async def lines_of(client: httpx.AsyncClient, url: str, **params: Any) -> list[dict[str, Any]]:
    answer = await client.get(f"{url}/lines", params={"limit": 100, **params})
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_pasted_text_is_classified_line_by_line_and_the_cart_shows_counts(numbers_world: NumbersWorld) -> None:
    """R-PSTN-37: each line valid or invalid on its own, the cart the count; R-PSTN-05: toll-free refused;
    R-PSTN-16: the portability check runs at once and flags each number."""
    world = numbers_world
    (ours,) = await world.numbers(1)
    client = world.client()
    text = "\n".join(
        [
            PORTABLE,
            "(303) 441-9911",  # national writing of NOT_PORTABLE
            "hello",
            "+1 303 441 0142",  # PORTABLE again
            "1-800-555-0199",
            ours.number,
            WIRELESS,
            FIXED_RATE_CENTER,
            "",
        ]
    )
    created = await paste(client, base(world), text)
    assert created.status_code == 201, created.text
    cart = created.json()
    assert "numbers" not in cart
    assert cart["lines"] == 8
    assert cart["by_class"] == {"valid": 4, "invalid": 1, "duplicate": 1, "toll_free": 1, "already_ours": 1}
    assert cart["by_verdict"] == {"portable": 1, "not_portable": 1, "needs_pin": 1, "rate_center_not_portable": 1}
    url = f"{base(world)}/{cart['id']}"
    assert (await client.get(url)).json()["by_class"] == cart["by_class"]

    lines = await lines_of(client, url)
    assert [line["position"] for line in lines] == list(range(1, 9))  # listed in the order pasted
    by_raw = {line["raw"]: line for line in lines}
    assert by_raw["(303) 441-9911"]["number"] == NOT_PORTABLE
    assert by_raw["(303) 441-9911"]["verdict"] == "not_portable"
    assert by_raw["(303) 441-9911"]["verdict_reason"]
    assert by_raw["hello"]["line_class"] == "invalid"
    assert "not a telephone number" in by_raw["hello"]["reason"]
    assert by_raw["+1 303 441 0142"]["line_class"] == "duplicate"
    assert by_raw["1-800-555-0199"]["line_class"] == "toll_free"  # R-PSTN-05
    assert by_raw["1-800-555-0199"]["verdict"] is None
    assert by_raw[ours.number]["line_class"] == "already_ours"
    assert by_raw[WIRELESS]["verdict"] == "needs_pin"
    assert by_raw[WIRELESS]["wireless"] is True
    assert by_raw[FIXED_RATE_CENTER]["verdict"] == "rate_center_not_portable"

    first = await client.get(f"{url}/lines", params={"limit": 3})
    assert len(first.json()["items"]) == 3
    assert first.json()["next_cursor"]
    rest = await client.get(f"{url}/lines", params={"limit": 100, "cursor": first.json()["next_cursor"]})
    assert [line["position"] for line in rest.json()["items"]] == list(range(4, 9))
    flagged = await lines_of(client, url, verdict="needs_pin")
    assert [line["number"] for line in flagged] == [WIRELESS]
    assert [line["raw"] for line in await lines_of(client, url, line_class="invalid")] == ["hello"]

    (changed,) = await world.events("pstn.port_cart_changed.v1")
    assert changed["cart_id"] == cart["id"]
    assert changed["by_class"]["toll_free"] == 1


async def test_csv_and_an_excel_sheet_are_read_by_their_number_column(numbers_world: NumbersWorld) -> None:
    """R-PSTN-37: numbers pasted from a spreadsheet (CSV, Excel): the column holding numbers, header skipped."""
    world = numbers_world
    client = world.client()
    csv_text = "Site,Number,Seats\nDenver,+13034410150,12\nBoulder,303-441-0151,4\nLab,not a number 42,1\n"
    from_csv = await paste(client, base(world), csv_text, "text/csv")
    assert from_csv.status_code == 201, from_csv.text
    assert from_csv.json()["by_class"]["valid"] == 2
    assert from_csv.json()["by_class"]["invalid"] == 1

    sheet = workbook(
        [["Location", "Phone"], ["Denver", 3034410160], ["Denver", "+1 (303) 441-0161"], ["", None], ["Lab", "x"]]
    )
    files = {"file": ("numbers.xlsx", sheet, XLSX)}
    from_xlsx = await client.post(base(world), files=files)
    assert from_xlsx.status_code == 201, from_xlsx.text
    cart = from_xlsx.json()
    assert cart["lines"] == 3
    assert cart["by_class"]["valid"] == 2
    assert cart["by_class"]["invalid"] == 1
    numbers = [line["number"] for line in await lines_of(client, f"{base(world)}/{cart['id']}")]
    assert numbers == ["+13034410160", "+13034410161", None]


async def test_later_pastes_find_duplicates_and_a_deleted_line_gives_way(numbers_world: NumbersWorld) -> None:
    """R-PSTN-37: a number pasted again is a duplicate of the earlier line; deleting the earlier one makes the
    duplicate the valid line, with its verdict (R-PSTN-16)."""
    world = numbers_world
    client = world.client()
    created = (await paste(client, base(world), f"{WIRELESS}\n")).json()
    url = f"{base(world)}/{created['id']}"
    stale = f'"{created["version"]}"'
    added = await paste(client, f"{url}/lines", f"{WIRELESS}\n{PORTABLE}\n")
    assert added.status_code == 200, added.text
    assert added.json()["by_class"]["duplicate"] == 1
    assert added.json()["lines"] == 3
    first, duplicate, _ = await lines_of(client, url)
    assert duplicate["line_class"] == "duplicate"
    assert duplicate["position"] == 2

    refused = await client.delete(f"{url}/lines/{first['id']}", headers={"If-Match": stale})
    assert refused.status_code == 412, refused.text  # the cart changed since that version
    deleted = await client.delete(f"{url}/lines/{first['id']}")
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["lines"] == 2
    assert deleted.json()["by_class"]["duplicate"] == 0
    successor = (await lines_of(client, url))[0]
    assert successor["id"] == duplicate["id"]
    assert successor["line_class"] == "valid"
    assert successor["verdict"] == "needs_pin"


async def test_a_number_found_not_portable_is_referred_to_pstn_technical_support(numbers_world: NumbersWorld) -> None:
    """R-PSTN-16: non-portable numbers can be referred for review; R-PSTN-24: PSTN technical support reviews."""
    world = numbers_world
    client = world.client()
    cart = (await paste(client, base(world), f"{NOT_PORTABLE}\n{PORTABLE}\nnope\n")).json()
    url = f"{base(world)}/{cart['id']}"
    flagged, portable, invalid = await lines_of(client, url)

    referred = await client.post(f"{url}/lines/{flagged['id']}/referral")
    assert referred.status_code == 200, referred.text
    assert referred.json()["desk"]["desk"] == "pstn_technical_support"  # R-PSTN-24
    assert referred.json()["line"]["referred_at"] is not None
    again = await client.post(f"{url}/lines/{flagged['id']}/referral")
    assert again.json()["line"]["referred_at"] == referred.json()["line"]["referred_at"]
    assert (await client.get(url)).json()["referred"] == 1

    for line in (portable, invalid):
        refused = await client.post(f"{url}/lines/{line['id']}/referral")
        assert refused.status_code == 409, refused.text
        assert refused.json()["rule"] == "R-PSTN-16"
    (event,) = await world.events("pstn.port_line_referred.v1")
    assert event["number"] == NOT_PORTABLE
    assert event["desk"] == "pstn_technical_support"


async def test_trial_customers_cannot_port(numbers_world: NumbersWorld) -> None:
    """R-PSTN-07: a trial ports nothing; R-PSTN-31: porting comes once the organisation converts to paid."""
    world = numbers_world
    await world.deliver(
        CustomerProvisioned(**world.tenancy(), name="Fjord Logistics Inc", country="US", subscription="trial")
    )
    refused = await paste(world.client(), base(world), f"{PORTABLE}\n")
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert "R-PSTN-07" in problem["detail"]
    assert "R-PSTN-31" in problem["detail"]
    assert problem["rule"] == "R-PSTN-31"
    assert await world.events("pstn.port_cart_changed.v1") == []


async def test_what_is_not_a_list_of_numbers_is_refused_and_stores_nothing(numbers_world: NumbersWorld) -> None:
    """R-PSTN-37: a sheet that is not one, an empty paste, or another media type answers problem+json; so does a
    paste the carrier's portability check (R-PSTN-16) cannot answer now."""
    world = numbers_world
    client = world.client()
    broken = await client.post(base(world), files={"file": ("numbers.xlsx", b"PK\x03\x04 not a workbook", XLSX)})
    assert broken.status_code == 422, broken.text
    assert broken.json()["invalid_params"][0]["name"] == "file"
    assert broken.json()["rule"] == "R-PSTN-37"
    empty = await paste(client, base(world), "\n\n")
    assert empty.status_code == 422
    assert empty.json()["rule"] == "R-PSTN-37"
    carrier_down = await paste(client, base(world), f"{PORTABLE}\n+13034419904\n")  # the check does not answer
    assert carrier_down.status_code == 503, carrier_down.text
    json_body = await client.post(base(world), json={"numbers": [PORTABLE]})
    assert json_body.status_code == 415, json_body.text
    assert json_body.headers["content-type"].startswith("application/problem+json")
    assert await world.events("pstn.port_cart_changed.v1") == []


async def test_another_partners_customer_sees_no_port_cart(numbers_world: NumbersWorld) -> None:
    """A port cart is reached only from its customer's subtree: outside, it does not exist."""
    world = numbers_world
    cart = (await paste(world.client(), base(world), f"{PORTABLE}\n")).json()
    stranger = world.client(another_partners_customer())
    assert (await stranger.get(f"{base(world)}/{cart['id']}")).status_code == 404
    assert (await stranger.get(f"{base(world)}/{uuid.uuid4()}/lines")).status_code == 404
    assert (await paste(stranger, f"{base(world)}/{cart['id']}/lines", f"{WIRELESS}\n")).status_code == 404
