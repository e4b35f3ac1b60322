"""Request and response examples for the OpenAPI document: what a provider or reviewer sees from each operation."""

from __future__ import annotations

from typing import Any

LIST_VERSION_ID = "9c2e4b1a-6d3f-4e8a-b7c5-1f0a2d3e4b5c"
CUSTOMER_ID = "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11"
SCREENING_ID = "e3a1b2c4-5d6e-4f70-8a9b-0c1d2e3f4a5b"
REVIEW_CASE_ID = "4f6a8b0c-2d1e-4a3b-9c5d-7e8f9a0b1c2d"
LIST_VERSION = "ofac_sdn@3f9a1c2e4b5d"
PREVIOUS_LIST_VERSION = "ofac_sdn@8b7e6d5c4a3f"
AT = "2026-11-23T09:30:00Z"

LIST_VERSION_READ: dict[str, Any] = {
    "id": LIST_VERSION_ID,
    "source": "ofac_sdn",
    "label": LIST_VERSION,
    "checksum": "3f9a1c2e4b5d6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f",
    "entry_count": 17843,
    "published": "11/21/2026",
    "origin": "feed",
    "previous_label": PREVIOUS_LIST_VERSION,
    "counts": {"added": 12, "removed": 3, "changed": 27},
    "imported_at": AT,
}

LIST_DIFF: dict[str, Any] = {
    "version": LIST_VERSION,
    "previous_version": PREVIOUS_LIST_VERSION,
    "added": ["52741", "52742"],
    "removed": ["36216"],
    "changed": ["306"],
}

LIST_ENTRY: dict[str, Any] = {
    "source": "ofac_sdn",
    "uid": "306",
    "list_version": LIST_VERSION,
    "name": "BANCO NACIONAL DE CUBA",
    "entry_type": "entity",
    "aliases": ["NATIONAL BANK OF CUBA", "BNC"],
    "addresses": [
        {"street": "Dai Ichi Bldg. 6th Floor, 10-2 Nishi-Shimbashi 2-chome", "city": "Tokyo", "country": "JP"}
    ],
    "countries": ["CU", "JP"],
    "programs": ["CUBA"],
    "remarks": None,
}

MATCH: dict[str, Any] = {
    "list_source": "ofac_sdn",
    "entry_uid": "306",
    "entry_name": "BANCO NACIONAL DE CUBA",
    "matched_name": "BANCO NACIONAL DE CUBA",
    "score": 0.97,
    "qualifiers": [],
    "parts": {"name": 0.97, "country": 1.0},
    "entry_type": "entity",
    "matched_alias": False,
}

PARTY: dict[str, Any] = {
    "name": "Banco Nacional de Cuba",
    "country": "CU",
    "address": "Aguiar 456, La Habana",
    "kind": "entity",
    "reference": "crm-4712",
}

CLEAR_PARTY: dict[str, Any] = {
    "name": "Fjordline Bakery Supplies AS",
    "country": "NO",
    "address": "Storgata 1, 0155 Oslo",
    "kind": "entity",
    "reference": "crm-4711",
}

SCREENING_RESULT: dict[str, Any] = {
    "reference": "crm-4712",
    "outcome": "possible_match",
    "matches": [MATCH],
    "list_versions": [LIST_VERSION, "un@a1b2c3d4e5f6"],
    "threshold": 0.85,
}

CLEAR_RESULT: dict[str, Any] = {
    "reference": "crm-4711",
    "outcome": "clear",
    "matches": [],
    "list_versions": [LIST_VERSION, "un@a1b2c3d4e5f6"],
    "threshold": 0.85,
}

PARTY_BATCH: dict[str, Any] = {"parties": [CLEAR_PARTY, PARTY]}

BATCH_RESULT: dict[str, Any] = {"results": [CLEAR_RESULT, SCREENING_RESULT]}

SCREENING: dict[str, Any] = {
    "id": SCREENING_ID,
    "customer_id": CUSTOMER_ID,
    "trigger": "customer.created.v1",
    "party": {"name": "Banco Nacional de Cuba", "country": "CU", "kind": "entity"},
    "outcome": "possible_match",
    "matches": [MATCH],
    "list_versions": [LIST_VERSION, "un@a1b2c3d4e5f6"],
    "threshold": 0.85,
    "created_at": AT,
}

REVIEW_CASE: dict[str, Any] = {
    "id": REVIEW_CASE_ID,
    "customer_id": CUSTOMER_ID,
    "state": "approved",
    "deadline_at": "2026-11-25T09:30:00Z",
    "decided_at": "2026-11-23T14:05:00Z",
    "decided_by": "reviewer@compliance.example",
    "decision_reason": "Different entity: registry number and address do not match.",
    "created_at": AT,
}

DECISION: dict[str, Any] = {
    "action": "approved",
    "actor": "reviewer@compliance.example",
    "reason": "Different entity: registry number and address do not match.",
    "list_versions": [LIST_VERSION, "un@a1b2c3d4e5f6"],
    "created_at": "2026-11-23T14:05:00Z",
}

REVIEW_CASE_DETAIL: dict[str, Any] = {**REVIEW_CASE, "screening": SCREENING, "decisions": [DECISION]}
