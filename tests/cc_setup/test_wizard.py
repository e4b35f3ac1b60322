"""The setup wizard: its steps in order, and the rule of each choice."""

from __future__ import annotations

import zoneinfo

import pytest

from tests.cc_setup.conftest import CcWorld, new_world

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_the_steps_are_read_in_order_and_setup_stays_required(cc: CcWorld) -> None:
    # R-CC-03: offered (setup_required) until completed; R-CC-04: summary -> calling -> settings -> ... -> submit
    await cc.start_trial()
    setup = (await cc.client().get(f"{cc.base}/setup")).json()
    assert setup["setup_required"] is True
    assert [s["step"] for s in setup["steps"]] == [
        "summary", "calling", "settings", "what_will_be_set_up", "review", "submit",
    ]  # fmt: skip
    assert setup["next_step"] == "calling"
    status = (await cc.client(cc.readonly).get(f"{cc.base}/setup-status")).json()
    assert status == {
        "setup_required": True,
        "state": "in_progress",
        "next_step": "calling",
        "setup_href": f"/v1/customers/{cc.customer_id}/contact-center/setup",
    }
    summary = (await cc.client().get(f"{cc.base}/setup/summary")).json()
    assert summary["licences"]["standard_agent"] == 5
    calling = (await cc.client().get(f"{cc.base}/setup/calling")).json()
    assert calling == {
        "sip_address": None,
        "suggested_sip_address": "fjord-logistics-as@cc.wholesale.example",
        "complete": False,
    }
    review = (await cc.client().get(f"{cc.base}/setup/review")).json()
    assert review["ready_to_submit"] is False
    assert {"step": "calling", "field": "sip_address"} in review["missing"]
    assert {"step": "settings", "field": "country_confirmed"} in review["missing"]


async def test_the_country_of_operation_defaults_from_the_order_with_its_data_center(cc: CcWorld) -> None:
    # R-CC-05: the order's country, its data center from the data-locality map; R-CC-07: the region's time zone
    await cc.start_trial()
    settings = (await cc.client().get(f"{cc.base}/setup/settings")).json()
    locality = (await cc.client().get("/v1/contact-center/data-locality/NO")).json()
    assert settings["country"] == "NO"
    assert settings["country_confirmed"] is False
    assert settings["data_center"] == locality["data_center"]
    assert settings["time_zone"] == "Europe/Oslo" == locality["default_time_zone"]
    assert settings["platform_choices"] == locality["platforms"]


async def test_a_norwegian_setup_lands_in_the_data_center_the_locality_map_gives(cc: CcWorld) -> None:
    # R-CC-05: confirmation fixes the data center the map gives for the country
    await cc.start_trial()
    confirmed = await cc.confirm("NO")
    assert confirmed.status_code == 200, confirmed.text
    locality = (await cc.client(cc.readonly).get("/v1/contact-center/data-locality/NO")).json()
    assert confirmed.json()["data_center"] == locality["data_center"] == "eu2"
    assert confirmed.json()["region"] == "emea"
    [event] = await cc.events("cc.country_confirmed.v1")
    assert event["data_center"] == "eu2"


async def test_a_country_with_no_compatible_location_is_sent_to_solution_assurance(cc: CcWorld) -> None:
    # R-CC-05: refused, telling the user to contact the solution-assurance desk; nothing changes
    await cc.start_trial()
    before = await cc.client().get(f"{cc.base}/setup/settings")
    answer = await cc.put_settings(country="KP")
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert answer.headers["content-type"] == "application/problem+json"
    assert problem["type"].endswith("/no-compatible-location")
    assert problem["rule"] == "R-CC-05"
    assert problem["step"] == "settings"
    assert problem["field"] == "country"
    assert problem["desk"]["desk"] == "solution_assurance"
    assert "solution assurance" in problem["detail"].lower()
    after = await cc.client().get(f"{cc.base}/setup/settings")
    assert after.json() == before.json()
    assert after.headers["ETag"] == before.headers["ETag"]
    assert (await cc.confirm("KP")).status_code == 422


async def test_an_order_country_with_no_location_must_be_changed_before_confirmation(cc: CcWorld) -> None:
    # R-CC-05: the order's country is only the default
    await cc.start_trial(country="RU")
    settings = (await cc.client().get(f"{cc.base}/setup/settings")).json()
    assert settings["data_center"] is None
    assert settings["platform_choices"] == []
    assert (await cc.confirm("RU")).json()["rule"] == "R-CC-05"
    changed = await cc.put_settings(country="FI")
    assert changed.status_code == 200, changed.text
    assert changed.json()["time_zone"] == "Europe/Helsinki"


async def test_a_confirmed_country_can_never_change(cc: CcWorld) -> None:
    # R-CC-06: confirmed explicitly, then fixed
    await cc.start_trial()
    assert (await cc.confirm("NO")).status_code == 200
    again = await cc.confirm("NO")
    assert again.status_code == 200  # confirming it again changes nothing
    assert len(await cc.events("cc.country_confirmed.v1")) == 1
    changed = await cc.put_settings(country="SE")
    assert changed.status_code == 409, changed.text
    assert changed.json()["rule"] == "R-CC-06"
    assert changed.json()["field"] == "country"
    other = await cc.confirm("SE")
    assert other.status_code == 409
    assert other.json()["type"].endswith("/country-of-operation-confirmed")
    assert (await cc.client().get(f"{cc.base}/setup/settings")).json()["country"] == "NO"
    same = await cc.put_settings(country="NO", time_zone="Europe/Berlin")
    assert same.status_code == 200, same.text


async def test_the_country_is_confirmed_explicitly_before_submit(cc: CcWorld) -> None:
    # R-CC-06: saving a country is not confirming it
    await cc.start_trial()
    await cc.client().put(f"{cc.base}/setup/calling", json={"sip_address": "fjord@cc.example"})
    saved = await cc.put_settings(country="SE", platform="next_generation", telephony="calling_carriers")
    assert saved.status_code == 200, saved.text
    assert saved.json()["country_confirmed"] is False
    submitted = await cc.submit()
    assert submitted.status_code == 409, submitted.text
    assert submitted.json()["missing"] == [{"step": "settings", "field": "country_confirmed"}]


async def test_the_time_zone_may_change_to_any_iana_zone(cc: CcWorld) -> None:
    # R-CC-07: defaults from the region, may be changed to IANA zones
    await cc.start_trial()
    assert "Pacific/Chatham" in zoneinfo.available_timezones()
    changed = await cc.put_settings(time_zone="Pacific/Chatham")
    assert changed.status_code == 200, changed.text
    assert changed.json()["time_zone"] == "Pacific/Chatham"
    assert changed.json()["time_zone_offered"] is True
    bad = await cc.put_settings(time_zone="Mars/Olympus_Mons")
    assert bad.status_code == 422
    assert (bad.json()["rule"], bad.json()["step"], bad.json()["field"]) == ("R-CC-07", "settings", "time_zone")
    [saved] = await cc.events("cc.setup_step_saved.v1")
    assert saved["values"]["time_zone"] == "Pacific/Chatham"


async def test_with_ai_services_the_time_zone_is_not_offered_and_a_change_is_refused(cc: CcWorld) -> None:
    # R-CC-07: when contact-center AI services are provisioned the time-zone choice is not offered
    await cc.map_order(country="GB", addons=["cc_ai"])
    settings = (await cc.client().get(f"{cc.base}/setup/settings")).json()
    assert settings["time_zone_offered"] is False
    assert settings["time_zone"] == "Europe/London"
    refused = await cc.put_settings(time_zone="Europe/Dublin")
    assert refused.status_code == 422, refused.text
    assert refused.json()["rule"] == "R-CC-07"
    assert (await cc.client().get(f"{cc.base}/setup/settings")).json()["time_zone"] == "Europe/London"
    assert (await cc.put_settings(time_zone="Europe/London")).status_code == 200  # the default itself is fine


async def test_the_platform_choices_depend_on_the_country(cc: CcWorld) -> None:
    # R-CC-08: one or several platforms, by the country of operation
    await cc.map_order(country="US")
    us = (await cc.client().get(f"{cc.base}/setup/settings")).json()
    assert us["platform_choices"] == ["next_generation", "classic"]
    assert us["platform"] is None  # several: the user chooses
    assert (await cc.put_settings(platform="classic")).status_code == 200
    moved = await cc.put_settings(country="CA")
    assert moved.json()["platform_choices"] == ["next_generation"]
    assert moved.json()["platform"] == "next_generation"  # the only choice is taken
    refused = await cc.put_settings(platform="classic")
    assert refused.status_code == 422, refused.text
    assert (refused.json()["rule"], refused.json()["field"]) == ("R-CC-08", "platform")


@pytest.mark.parametrize(
    ("country", "region", "options"),
    [
        ("US", "north_america", ["calling_carriers", "external_via_calling", "external_via_vpop"]),
        ("CA", "north_america", ["calling_carriers", "external_via_calling", "external_via_vpop"]),
        ("DE", "emea", ["calling_carriers", "external_via_calling", "external_via_vpop"]),
        ("BR", "latam", ["calling_carriers", "external_via_calling", "external_via_vpop"]),
        ("JP", "apjc", ["calling_carriers", "external_via_calling", "external_via_vpop"]),
        ("TR", "gulf", ["calling_carriers", "external_via_calling"]),
        ("OM", "gulf", ["calling_carriers", "external_via_calling"]),
        ("ZA", "southern_africa", ["calling_carriers", "external_via_calling"]),
    ],
)
async def test_each_region_offers_its_telephony_options(
    cc: CcWorld, country: str, region: str, options: list[str]
) -> None:
    # R-CC-09: the telephony options by platform and region, row by row
    await cc.map_order(country=country)
    settings = (await cc.put_settings(platform="next_generation")).json()
    assert settings["region"] == region
    assert [o["code"] for o in settings["telephony_choices"]] == options
    for option in options:
        chosen = await cc.put_settings(telephony=option)
        assert chosen.status_code == 200, chosen.text
    if "external_via_vpop" not in options:
        refused = await cc.put_settings(telephony="external_via_vpop")
        assert refused.status_code == 422, refused.text
        assert (refused.json()["rule"], refused.json()["step"], refused.json()["field"]) == (
            "R-CC-09", "settings", "telephony",
        )  # fmt: skip


async def test_the_pstn_add_on_selects_the_telephony_option_by_itself(cc: CcWorld) -> None:
    # R-CC-10: with the contact-center PSTN add-on the telephony option is selected automatically
    await cc.map_order(country="US", addons=["cc_pstn"])
    settings = (await cc.client().get(f"{cc.base}/setup/settings")).json()
    assert settings["telephony"] == "calling_carriers"
    assert settings["telephony_selected_automatically"] is True
    kept = await cc.put_settings(platform="classic")
    assert kept.json()["telephony"] == "calling_carriers"
    other = await cc.put_settings(telephony="external_via_vpop")
    assert other.status_code == 422
    assert other.json()["rule"] == "R-CC-10"
    abroad = await cc.put_settings(country="CA")
    assert abroad.status_code == 422, abroad.text
    assert (abroad.json()["rule"], abroad.json()["field"]) == ("R-CC-10", "country")


async def test_a_step_goes_back_and_changes_until_submit_with_if_match(cc: CcWorld) -> None:
    # R-CC-04: back and change before submitting; a stale If-Match is refused
    await cc.start_trial()
    first = await cc.client().put(f"{cc.base}/setup/calling", json={"sip_address": "SIP:Fjord@CC.Example"})
    assert first.status_code == 200, first.text
    assert first.json()["sip_address"] == "fjord@cc.example"
    stale = first.headers["ETag"]
    second = await cc.client().put(
        f"{cc.base}/setup/calling", json={"sip_address": "fjord-ops@cc.example"}, headers={"If-Match": stale}
    )
    assert second.status_code == 200, second.text
    late = await cc.client().put(
        f"{cc.base}/setup/calling", json={"sip_address": "late@cc.example"}, headers={"If-Match": stale}
    )
    assert late.status_code == 412
    assert (await cc.client().get(f"{cc.base}/setup/calling")).json()["sip_address"] == "fjord-ops@cc.example"
    assert [e["values"]["sip_address"] for e in await cc.events("cc.setup_step_saved.v1")] == [
        "fjord@cc.example", "fjord-ops@cc.example",
    ]  # fmt: skip


async def test_an_invalid_sip_address_names_the_step_the_field_and_the_rule(cc: CcWorld) -> None:
    await cc.start_trial()
    answer = await cc.client().put(f"{cc.base}/setup/calling", json={"sip_address": "not an address"})
    assert answer.status_code == 422
    assert (answer.json()["step"], answer.json()["field"], answer.json()["rule"]) == (
        "calling", "sip_address", "R-CC-04",
    )  # fmt: skip


async def test_what_will_be_set_up_and_the_review_show_the_subscription(cc: CcWorld) -> None:
    # R-CC-11: review shows the subscription details
    await cc.start_trial()
    await cc.ready()
    what = (await cc.client().get(f"{cc.base}/setup/what-will-be-set-up")).json()
    assert what["complete"] is True
    services = {i["service"]: i["detail"] for i in what["items"]}
    assert "eu2" in services["tenant"]
    assert "kari.nordmann@fjord-logistics.example" in services["administrator"]
    review = (await cc.client().get(f"{cc.base}/setup/review")).json()
    assert review["ready_to_submit"] is True
    assert review["missing"] == []
    assert review["summary"]["kind"] == "trial"
    assert (await cc.client().get(f"{cc.base}/setup")).json()["next_step"] == "submit"


async def test_an_organisation_sip_address_belongs_to_one_organisation(cc: CcWorld) -> None:
    await cc.start_trial()
    other = await new_world(cc.api, name="Other Org AS")
    await other.start_trial()
    taken = await other.client().put(f"{other.base}/setup/calling", json={"sip_address": "shared@cc.example"})
    assert taken.status_code == 200
    answer = await cc.client().put(f"{cc.base}/setup/calling", json={"sip_address": "Shared@CC.example"})
    assert answer.status_code == 409, answer.text
    assert (answer.json()["type"].rsplit("/", 1)[-1], answer.json()["field"]) == ("sip-address-taken", "sip_address")
    again = await other.client().put(f"{other.base}/setup/calling", json={"sip_address": "shared@cc.example"})
    assert again.status_code == 200  # its own address again is fine
