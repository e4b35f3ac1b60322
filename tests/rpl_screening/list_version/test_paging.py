"""List versions page like every other list: by (created_at, id), whatever the page size."""

from __future__ import annotations

import uuid

import pytest

from devstack.services import Services
from devstack.testing import Caller
from rpl_screening.models import ListVersion

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_two_versions_come_one_page_each_with_limit_one(services: Services, root: Caller) -> None:
    source = f"paging-{uuid.uuid4().hex[:8]}"  # a source of its own: no other version in the listing
    labels = [f"{source}@{n:012d}" for n in (1, 2)]
    for n, label in enumerate(labels, start=1):  # one transaction each: the second is imported later
        async with services.rpl_screening.runtime.sessionmaker.begin() as session:
            session.add(ListVersion(source=source, label=label, checksum="0" * 64, entry_count=n, published=None))

    first = await root.rpl.get("/v1/list-versions", params={"source": source, "limit": 1})
    assert first.status_code == 200, first.text
    assert [v["label"] for v in first.json()["items"]] == labels[:1]
    cursor = first.json()["next_cursor"]
    assert cursor
    second = await root.rpl.get("/v1/list-versions", params={"source": source, "limit": 1, "cursor": cursor})
    assert second.status_code == 200, second.text
    assert [v["label"] for v in second.json()["items"]] == labels[1:]
    assert second.json()["next_cursor"] is None
