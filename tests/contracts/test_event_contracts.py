"""Event contracts are what other services decode: a published version keeps its shape."""

from __future__ import annotations

import pytest

from contracts import snapshots, topics
from contracts.asyncapi import document
from contracts.events import EVENT_TYPES


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_a_published_event_version_keeps_its_shape(event_type: str) -> None:
    frozen = snapshots.frozen(event_type)
    assert frozen is not None, f"{event_type} has no frozen schema: run `python -m contracts.snapshots`"
    assert snapshots.breaking_changes(event_type) == [], f"{event_type} broke its contract: publish a new version"


def test_a_consumer_decodes_an_event_that_gained_an_optional_field() -> None:
    from contracts.envelope import Envelope
    from contracts.events import decode

    event_type = "customer.cancelled.v1"
    customer_id = "6f1c6a52-8f38-4d5e-9d57-2a3c3f0e7b11"
    data: dict[str, object] = {
        "customer_id": customer_id,
        "parent_id": None,
        "tenant_path": "/6f1c6a528f384d5e9d572a3c3f0e7b11/",
        "added_later": "a field this build does not know",
    }
    envelope = Envelope(source="/tests", type=event_type, subject=customer_id, data=data)

    assert decode(envelope).subject() == customer_id


def test_every_event_type_is_versioned_and_on_a_known_topic() -> None:
    for event_type, cls in EVENT_TYPES.items():
        assert event_type.rsplit(".", 1)[-1].startswith("v"), event_type
        assert cls.topic in topics.ALL, event_type


def test_the_asyncapi_document_lists_every_event_of_a_topic() -> None:
    doc = document("customers", sends=[topics.CUSTOMERS], receives=[topics.SCREENING])
    listed = {m["name"] for m in doc["components"]["messages"].values()}

    assert listed == {t for t, cls in EVENT_TYPES.items() if cls.topic in (topics.CUSTOMERS, topics.SCREENING)}
    assert {op["action"] for op in doc["operations"].values()} == {"send", "receive"}
