"""The AsyncAPI 3.0 document of the events a service sends and receives, built from the contracts.

Internal consumers read it the way HTTP clients read OpenAPI: every topic, every event type, every field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from contracts.envelope import Envelope
from contracts.events import EVENT_TYPES


def message_name(event_type: str) -> str:
    return event_type.replace(".", "_")


def _message(event_type: str) -> dict[str, Any]:
    event = EVENT_TYPES[event_type]
    envelope = Envelope.model_json_schema()
    envelope["properties"]["type"] = {"const": event_type, "type": "string"}
    envelope["properties"]["data"] = event.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = envelope["properties"]["data"].pop("$defs", {})
    return {
        "name": event_type,
        "title": event.__name__,
        "summary": (event.__doc__ or "").strip().splitlines()[0] if event.__doc__ else event_type,
        "contentType": "application/cloudevents+json",
        "headers": {
            "type": "object",
            "properties": {"x-request-id": {"type": "string", "description": "The HTTP request that caused it"}},
        },
        "payload": envelope,
        "x-defs": defs,
    }


def document(service: str, *, sends: Iterable[str], receives: Iterable[str]) -> dict[str, Any]:
    sends, receives = tuple(sends), tuple(receives)
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for topic in sorted({*sends, *receives}):
        types = sorted(t for t, cls in EVENT_TYPES.items() if cls.topic == topic)
        for event_type in types:
            message = _message(event_type)
            schemas |= message.pop("x-defs")
            messages[message_name(event_type)] = message
        channels[topic] = {
            "address": topic,
            "description": "Keyed by customer id: one customer's events arrive in order.",
            "messages": {message_name(t): {"$ref": f"#/components/messages/{message_name(t)}"} for t in types},
        }
    operations = {
        f"{action}_{topic.replace('.', '_')}": {"action": action, "channel": {"$ref": f"#/channels/{topic}"}}
        for action, topics in (("send", sends), ("receive", receives))
        for topic in topics
    }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": f"{service} events", "version": "1.0.0"},
        "defaultContentType": "application/cloudevents+json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
