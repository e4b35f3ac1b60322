"""Each event version's JSON schema, frozen in libs/contracts/schemas/ once published.

A published version keeps every field it had, with the same schema, and the same required fields: consumers
in other services decode it. It may gain optional fields (decoders drop fields they do not know). Any other
change is a new version (`…v2`) beside the old one. `python -m contracts.snapshots` freezes new versions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from contracts.events import EVENT_TYPES

FOLDER = Path(__file__).resolve().parent / "schemas"


def current(event_type: str) -> dict[str, Any]:
    return EVENT_TYPES[event_type].model_json_schema()


def frozen(event_type: str) -> dict[str, Any] | None:
    path = FOLDER / f"{event_type}.json"
    return json.loads(path.read_text()) if path.exists() else None


def breaking_changes(event_type: str) -> list[str]:
    """What the current model changed incompatibly since the frozen schema."""
    old, new = frozen(event_type) or {}, current(event_type)
    problems = []
    if set(new.get("required", [])) != set(old.get("required", [])):
        problems.append(f"required fields {sorted(old.get('required', []))} → {sorted(new.get('required', []))}")
    for name, schema in old.get("properties", {}).items():
        if name not in new.get("properties", {}):
            problems.append(f"field {name!r} removed")
        elif _shape(new["properties"][name]) != _shape(schema):
            problems.append(f"field {name!r} changed")
    for name, schema in old.get("$defs", {}).items():
        if name in new.get("$defs", {}) and _shape(new["$defs"][name]) != _shape(schema):
            problems.append(f"type {name!r} changed")
    return problems


def _shape(schema: Any) -> Any:
    """A schema without its prose: descriptions and examples may be improved at any time."""
    if isinstance(schema, dict):
        return {k: _shape(v) for k, v in schema.items() if k not in ("description", "examples", "title")}
    if isinstance(schema, list):
        return [_shape(v) for v in schema]
    return schema


def freeze_new() -> list[str]:
    FOLDER.mkdir(exist_ok=True)
    written = []
    for event_type in sorted(EVENT_TYPES):
        if frozen(event_type) is None:
            (FOLDER / f"{event_type}.json").write_text(json.dumps(current(event_type), indent=2, sort_keys=True) + "\n")
            written.append(event_type)
    return written


if __name__ == "__main__":
    for event_type in freeze_new():
        print(f"froze {event_type}")
