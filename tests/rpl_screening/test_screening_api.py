"""Screening over HTTP on the real lists: ad-hoc and batch checks, list versions, imports, continuous screening."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
from pathlib import Path

import orjson
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from contracts import topics
from devstack import testing
from devstack.pytest_plugin import rpl_data_dir
from devstack.services import Services, serve
from devstack.stack import Stack
from devstack.testing import Caller
from rpl_screening.list_formats import ListFeed, ListFormat
from rpl_screening.list_formats.loader import SDN_JOINED
from rpl_screening.list_version.feeds import FeedRefresher
from rpl_screening.list_version.importer import ListImporter
from rpl_screening.matching import ScreeningEngine

pytestmark = pytest.mark.asyncio(loop_scope="session")

# Real list extracts (see its README): what the tests screen against when the shared data folder is not loaded.
FIXTURE_LISTS = Path(__file__).parent / "fixtures" / "lists"
BIS_DPL = "csl/bis_dpl_2022-09.tsv"

CSL_HEADER = (
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,"
    "standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,"
    "vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,"
    "places_of_birth,source_information_url,ids"
).split(",")


@pytest_asyncio.fixture(loop_scope="session")
async def lists_loaded(services: Services, root: Caller) -> None:
    """The running service screens against a real SDN list: the shared one, else the fixture's, uploaded once."""
    if services.rpl_screening.runtime.component(ScreeningEngine).current("ofac_sdn") is not None:
        return
    sdn = FIXTURE_LISTS / SDN_JOINED
    response = await root.rpl.post(
        "/v1/list-versions",
        data={"format": ListFormat.OFAC_SDN_JSONL},
        files={"file": (sdn.name, sdn.read_bytes(), "application/x-ndjson")},
    )
    assert response.status_code == 201, response.text


def publisher_files() -> Path:
    """What the feed test's publisher serves: the shared data folder, else the fixture folder."""
    folder = rpl_data_dir()
    return folder if folder is not None and (folder / BIS_DPL).is_file() else FIXTURE_LISTS


def csl_csv(*names: str) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSL_HEADER)
    writer.writeheader()
    for n, name in enumerate(names):
        writer.writerow(
            {k: "" for k in CSL_HEADER}
            | {"_id": f"test-{n}", "source": "Entity List (EL) - Bureau of Industry and Security", "name": name}
        )
    return out.getvalue().encode()


async def test_a_listed_prospect_is_a_possible_match_that_explains_itself(root: Caller, lists_loaded: None) -> None:
    # R-RPL-05, R-RPL-06: name and country screened; the answer names the entry, list version, alias and score.
    response = await root.rpl.post(
        "/v1/screenings/check", json={"name": "Banco Nacional de Cuba", "country": "CU", "reference": "p-1"}
    )

    assert response.status_code == 200, response.text
    result = response.json()
    assert result["outcome"] == "possible_match"
    assert result["reference"] == "p-1"
    best = result["matches"][0]
    assert (best["list_source"], best["entry_uid"]) == ("ofac_sdn", "306")
    assert best["score"] >= result["threshold"]
    assert best["parts"]
    assert any(v.startswith("ofac_sdn@") for v in result["list_versions"])


async def test_a_batch_answers_each_party_in_order(root: Caller, lists_loaded: None) -> None:
    parties = [
        {"name": "Fjordline Bakery Supplies", "country": "NO", "reference": "clean"},
        {"name": "BANCO NACIONAL DE CUBA", "reference": "listed"},
        {"name": "Storfjord Marine Electronics AS", "country": "NO", "reference": "clean-2"},
    ]
    response = await root.rpl.post("/v1/screenings/batch", json={"parties": parties})

    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["reference"] for r in results] == ["clean", "listed", "clean-2"]
    assert [r["outcome"] for r in results] == ["clear", "possible_match", "clear"]


async def test_a_batch_over_a_thousand_parties_is_refused_naming_the_field(root: Caller) -> None:
    response = await root.rpl.post("/v1/screenings/batch", json={"parties": [{"name": f"P {i}"} for i in range(1001)]})

    assert response.status_code == 422
    assert [p["name"] for p in response.json()["invalid_params"]] == ["parties"]


async def test_an_unknown_country_is_refused(root: Caller) -> None:
    response = await root.rpl.post("/v1/screenings/check", json={"name": "Acme", "country": "QQ"})

    assert response.status_code == 422
    assert [p["name"] for p in response.json()["invalid_params"]] == ["country"]


async def test_an_entry_is_looked_up_on_the_active_list(root: Caller, lists_loaded: None) -> None:
    response = await root.rpl.get("/v1/list-entries/ofac_sdn/306")

    assert response.status_code == 200, response.text
    entry = response.json()
    assert entry["name"] == "BANCO NACIONAL DE CUBA"
    assert entry["list_version"].startswith("ofac_sdn@")
    assert (await root.rpl.get("/v1/list-entries/ofac_sdn/not-an-entry")).status_code == 404


async def test_a_malformed_list_file_is_refused_and_the_active_version_stays(root: Caller, lists_loaded: None) -> None:
    # R-RPL-06: a failed import changes nothing; screenings keep naming the version in force.
    before = (await root.rpl.get("/v1/list-versions", params={"source": "ofac_sdn", "limit": 100})).json()["items"]
    response = await root.rpl.post(
        "/v1/list-versions",
        data={"format": "ofac_sdn_csv"},
        files={"file": ("SDN.CSV", b'306,"BANCO",-0-\nnot,a,valid,sdn,row\n', "text/csv")},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalid_params"]] == ["file"]
    after = (await root.rpl.get("/v1/list-versions", params={"source": "ofac_sdn", "limit": 100})).json()["items"]
    assert after == before
    check = (await root.rpl.post("/v1/screenings/check", json={"name": "Banco Nacional de Cuba"})).json()
    assert check["matches"][0]["entry_uid"] == "306"


async def test_a_customer_cleared_yesterday_is_flagged_when_the_list_adds_it_today(
    services: Services, stack: Stack, root: Caller, lists_loaded: None
) -> None:
    # Continuous screening: a new list version re-screens existing customers against what it added.
    partner = await testing.partner(services, root, name="Continuous Partner AS")
    created = await partner.create_customer(name="Vindholm Kelp Traders")
    customer = await partner.wait_for_state(created["id"], "provisioned")
    assert customer["screening"]["status"] == "cleared"

    upload = await root.rpl.post(
        "/v1/list-versions",
        data={"format": "csl"},
        files={"file": ("consolidated.csv", csl_csv("Vindholm Kelp Traders", "Quartzline Drone Parts"), "text/csv")},
    )
    assert upload.status_code == 201, upload.text
    version = upload.json()
    assert version["counts"] == {"added": 2, "removed": 0, "changed": 0}

    event = await _event_on_broker(stack, "screening.list_match.v1", created["id"])
    assert event["data"]["new_list_version"] == version["label"]
    assert event["data"]["matches"][0]["entry_uid"] == "test-0"
    case = (await root.rpl.get(f"/v1/review-cases/{event['data']['review_case_id']}")).json()
    assert case["state"] == "open"
    assert case["screening"]["trigger"] == "list_update"
    assert (await root.rpl.get(f"/v1/list-versions/{version['id']}/diff")).json()["added"] == ["test-0", "test-1"]

    again = await root.rpl.post(
        "/v1/list-versions",
        data={"format": "csl"},
        files={"file": ("consolidated.csv", csl_csv("Vindholm Kelp Traders", "Quartzline Drone Parts"), "text/csv")},
    )
    assert again.status_code == 200  # the same file twice is one version
    await partner.aclose()


async def test_a_publisher_feed_is_fetched_and_imported_once_per_change(services: Services, root: Caller) -> None:
    publisher = FastAPI()
    publisher.mount("/files", StaticFiles(directory=publisher_files()))
    async with contextlib.AsyncExitStack() as stack:
        running = await stack.enter_async_context(serve("publisher", publisher))
        feeds = [
            ListFeed(format=ListFormat.BIS_DPL, url=f"{running.url}/files/{BIS_DPL}"),
            ListFeed(format=ListFormat.UN_XML, url=f"{running.url}/files/nowhere.xml"),  # a feed that is down
        ]
        runtime = services.rpl_screening.runtime
        refresher = FeedRefresher(feeds, runtime.component(ListImporter))

        first = await refresher.refresh_once(runtime.sessionmaker)
        second = await refresher.refresh_once(runtime.sessionmaker)

    assert len(first) == 1
    assert first[0].startswith("bis_dpl@")
    assert second == []  # unchanged since: not imported again
    versions = (await root.rpl.get("/v1/list-versions", params={"source": "bis_dpl"})).json()["items"]
    assert [v["label"] for v in versions] == first
    assert versions[0]["origin"] == "feed"


async def _event_on_broker(stack: Stack, event_type: str, subject: str) -> dict:
    consumer = AIOKafkaConsumer(
        topics.SCREENING, bootstrap_servers=stack.bootstrap_servers, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    try:
        async with asyncio.timeout(30):
            async for record in consumer:
                event: dict = orjson.loads(record.value)
                if event["type"] == event_type and event["subject"] == subject:
                    return event
    finally:
        await consumer.stop()
    raise AssertionError("unreachable")
