"""Response examples for the OpenAPI document: what a provider sees from each operation."""

from __future__ import annotations

from typing import Any

from customers.customer.errors import ExternalIdTaken

CUSTOMER_ID = "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11"
PARTNER_ID = "5d1e2f3a-7b6c-4d8e-9f0a-1b2c3d4e5f60"
TARIFF_ID = "7a3c9e1b-2d4f-4a6b-8c0d-e1f2a3b4c5d6"
USER_ID = "c4d5e6f7-0a1b-4c2d-8e3f-a4b5c6d7e8f9"
AT = "2026-11-23T09:30:00Z"

PACKAGE_STATUS: dict[str, Any] = {"package": "enterprise", "status": "provisioned", "warnings": [], "errors": []}

CUSTOMER: dict[str, Any] = {
    "id": CUSTOMER_ID,
    "parent_id": PARTNER_ID,
    "external_id": "crm-000417",
    "name": "Fjordline Bakery Supplies AS",
    "kind": "end_customer",
    "state": "provisioned",
    "billing_address": {"line1": "Strandgaten 12", "city": "Bergen", "postal_code": "5013", "country": "NO"},
    "country": "NO",
    "contact_email": "it@fjordline.example",
    "packages": {"enterprise": 25},
    "addons": {},
    "subscription": "paid",
    "package_status": [PACKAGE_STATUS],
    "dial_in": {"number": "+4721930646", "region": "EURO"},
    "tariff_id": TARIFF_ID,
    "time_zone": "Europe/Oslo",
    "language": "nb",
    "web_login": "fjordline-admin",
    "balance_usd": "120.0000",
    "credit_limit_usd": "500.0000",
    "screening": {"status": "cleared", "review_case_id": None},
    "error": None,
    "version": 3,
    "created_at": AT,
    "updated_at": AT,
}

USER: dict[str, Any] = {
    "id": USER_ID,
    "customer_id": CUSTOMER_ID,
    "email": "kari.nordmann@fjordline.example",
    "name": "Kari Nordmann",
    "role": "user",
    "package": "enterprise",
    "extension": "2041",
    "phone_number": "+4755123456",
    "version": 1,
    "created_at": AT,
}

CATALOGUE_ITEM: dict[str, Any] = {
    "code": "enterprise",
    "kind": "package",
    "name": "Messaging, meetings and calling",
    "level": 4,
    "services": ["messaging", "meetings", "calling"],
    "orderable": True,
}

TARIFF: dict[str, Any] = {
    "id": TARIFF_ID,
    "owner_id": PARTNER_ID,
    "name": "Business EUR 2027",
    "currency": "EUR",
    "description": "Per-minute rates for business customers",
    "is_default": True,
    "version": 1,
    "created_at": AT,
}

LEDGER_ENTRY: dict[str, Any] = {
    "id": "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
    "kind": "debit",
    "amount": "10.00",
    "currency": "EUR",
    "usd_per_unit": "1.080000",
    "amount_usd": "10.8000",
    "balance_usd": "109.2000",
    "notes": "November calls",
    "actor": PARTNER_ID,
    "created_at": AT,
}

BALANCE: dict[str, Any] = {
    "customer_id": CUSTOMER_ID,
    "currency": "EUR",
    "balance": "101.11",
    "credit_limit": "462.96",
    "available": "564.07",
    "usd_per_unit": "1.080000",
}

EXCHANGE_RATE: dict[str, Any] = {"currency": "EUR", "usd_per_unit": "1.080000", "updated_at": AT}

DELEGATION: dict[str, Any] = {
    "customer_id": PARTNER_ID,
    "permission": "exchange_rates",
    "granted_by": "00000000-0000-0000-0000-000000000001",
    "created_at": AT,
}

PRECHECK: dict[str, Any] = {
    "ok": False,
    "problems": [ExternalIdTaken("crm-000417", CUSTOMER_ID).to_problem()],
}

PROVISIONING_RUN: dict[str, Any] = {
    "run_id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
    "state": "provisioned",
    "package_status": [PACKAGE_STATUS],
}

TOKEN: dict[str, Any] = {
    "access_token": "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJvc3MifQ.c2ln",
    "token_type": "Bearer",
    "expires_in": 3600,
}

API_CLIENT: dict[str, Any] = {
    "client_id": "oss-provisioning-7f3a",
    "customer_id": PARTNER_ID,
    "name": "OSS provisioning",
    "roles": ["partner_admin"],
    "created_at": AT,
    "client_secret": "s3cr3t-shown-once-9b1c2d",
}

WEBHOOK_ENDPOINT: dict[str, Any] = {
    "id": "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
    "customer_id": PARTNER_ID,
    "url": "https://oss.provider.example/hooks/wholesale",
    "event_types": ["customer.provisioned.v1", "customer.failed.v1"],
    "description": "Onboarding outcomes",
    "enabled": True,
    "created_at": AT,
}

WEBHOOK_DELIVERY: dict[str, Any] = {
    "id": "6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c",
    "event_id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
    "event_type": "customer.provisioned.v1",
    "status": "delivered",
    "attempts": 1,
    "next_attempt_at": None,
    "last_status_code": 204,
    "last_error": None,
    "created_at": AT,
    "delivered_at": AT,
}

LOCATION_ID = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a"

LOCATION_CREATE: dict[str, Any] = {
    "name": "Manhattan office",
    "address": {
        "house_number": "350",
        "street_name": "5th",
        "street_suffix": "Ave",
        "unit": "Suite 4100",
        "city": "New York",
        "state": "NY",
        "postal_code": "10118",
        "country": "US",
    },
    "time_zone": "America/New_York",
}

LOCATION: dict[str, Any] = LOCATION_CREATE | {
    "id": LOCATION_ID,
    "customer_id": CUSTOMER_ID,
    "address": LOCATION_CREATE["address"]
    | {
        "house_number_suffix": None,
        "pre_directional": None,
        "post_directional": None,
        "floor": None,
        "building": None,
    },
    "country": "US",
    "version": 1,
    "created_at": AT,
    "updated_at": AT,
}

PSTN_PROGRAMME: dict[str, Any] = {
    "partner_id": PARTNER_ID,
    "enrolled": True,
    "calling_addendum_accepted_at": AT,
    "calling_plan_available": True,
    "version": 2,
    "updated_at": AT,
}
