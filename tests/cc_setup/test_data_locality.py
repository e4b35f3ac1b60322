"""The data-locality map: managed data, read by anyone, changed by the platform root only (R-CC-05)."""

from __future__ import annotations

import pytest

from devstack.in_process import root_principal
from tests.cc_setup.conftest import CcWorld

pytestmark = pytest.mark.asyncio(loop_scope="session")

ROW = {
    "data_center": "eu2",
    "region": "emea",
    "default_time_zone": "Atlantic/Reykjavik",
    "platforms": ["next_generation"],
}


async def test_any_authenticated_caller_reads_the_map(cc: CcWorld) -> None:
    listed = await cc.client(cc.readonly).get("/v1/contact-center/data-locality", params={"region": "gulf"})
    assert listed.status_code == 200, listed.text
    assert [r["country"] for r in listed.json()["items"]] == ["BH", "JO", "KW", "OM", "TR"]  # R-CC-09's Gulf row
    missing = await cc.client().get("/v1/contact-center/data-locality/KP")
    assert missing.status_code == 404


async def test_only_the_platform_root_edits_the_map(cc: CcWorld) -> None:
    # R-CC-05: managed data
    refused = await cc.client().put("/v1/contact-center/data-locality/IS", json=ROW)
    assert refused.status_code == 403
    root = cc.client(root_principal())
    added = await root.put("/v1/contact-center/data-locality/IS", json=ROW)
    assert added.status_code == 201, added.text
    changed = await root.put(
        "/v1/contact-center/data-locality/IS",
        json=ROW | {"data_center": "eu1"},
        headers={"If-Match": added.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    stale = await root.put("/v1/contact-center/data-locality/IS", json=ROW, headers={"If-Match": added.headers["ETag"]})
    assert stale.status_code == 412
    bad = await root.put("/v1/contact-center/data-locality/IS", json=ROW | {"platforms": ["mainframe"]})
    assert bad.status_code == 422
    assert bad.json()["invalid_params"][0]["name"] == "platforms"


async def test_a_new_row_lets_setup_proceed_and_a_confirmed_setup_keeps_its_data_center(cc: CcWorld) -> None:
    # R-CC-05: the map decides the data center; R-CC-06: confirmation fixes it
    await cc.start_trial(country="IS")
    assert (await cc.confirm("IS")).json()["rule"] == "R-CC-05"
    root = cc.client(root_principal())
    assert (await root.put("/v1/contact-center/data-locality/IS", json=ROW)).status_code == 201
    confirmed = await cc.confirm("IS")
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["data_center"] == "eu2"
    assert confirmed.json()["time_zone"] == "Atlantic/Reykjavik"
    await root.put("/v1/contact-center/data-locality/IS", json=ROW | {"data_center": "eu1"})
    assert (await cc.client().get(f"{cc.base}/setup/settings")).json()["data_center"] == "eu2"
    assert (await root.delete("/v1/contact-center/data-locality/IS")).status_code == 204
    assert (await cc.client().get(f"{cc.base}/setup/settings")).json()["data_center"] == "eu2"
