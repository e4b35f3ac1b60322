"""Tariffs, exchange rates and ledger transactions over HTTP. Money travels as decimal strings, never floats."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, StringConstraints

from customers import examples


def _decimal_string(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError('send money as a decimal string, e.g. "12.50", not a JSON number')
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_decimal_string),
    Field(max_digits=16, decimal_places=4),
    PlainSerializer(lambda d: f"{d:f}", return_type=str),
]
PositiveMoney = Annotated[Money, Field(gt=0)]
Currency = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{3}$")]


class TariffCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "SMB Nordics", "currency": "EUR", "is_default": True}]},
    )

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    currency: Currency = Field(description="ISO 4217; one of the managed exchange rates")
    description: Annotated[str, StringConstraints(max_length=2000)] | None = None
    is_default: bool = Field(False, description="Assigned to a new child that names no tariff")


class TariffRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.TARIFF]})

    id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    currency: str
    description: str | None
    is_default: bool
    version: int
    created_at: datetime


class TransactionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"kind": "add_funds", "amount": "250.00", "currency": "EUR", "notes": "Invoice 2026-11"}]
        },
    )

    kind: Literal["debit", "credit", "add_funds"]
    amount: PositiveMoney
    currency: Currency = "USD"
    notes: Annotated[str, StringConstraints(max_length=2000)] | None = None


class LedgerEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.LEDGER_ENTRY]})

    id: uuid.UUID
    kind: str = Field(description="opening, debit, credit or add_funds")
    amount: Money
    currency: str
    usd_per_unit: Annotated[Decimal, PlainSerializer(lambda d: f"{d:f}", return_type=str)]
    amount_usd: Money = Field(description="Signed effect on the balance")
    balance_usd: Money = Field(description="The balance after this entry")
    notes: str | None
    actor: str
    created_at: datetime


class BalanceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.BALANCE]})

    customer_id: uuid.UUID
    currency: str
    balance: Money
    credit_limit: Money
    available: Money = Field(description="How far debits may still go: balance + credit limit")
    usd_per_unit: Annotated[Decimal, PlainSerializer(lambda d: f"{d:f}", return_type=str)]


class ExchangeRateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.EXCHANGE_RATE]})

    currency: str
    usd_per_unit: Annotated[Decimal, PlainSerializer(lambda d: f"{d:f}", return_type=str)]
    updated_at: datetime


class ExchangeRateUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"usd_per_unit": "1.0825"}]})

    usd_per_unit: Annotated[Decimal, BeforeValidator(_decimal_string), Field(gt=0, max_digits=20, decimal_places=10)]


class CreditLimitUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"credit_limit": "500.00", "currency": "EUR"}]}
    )

    credit_limit: Annotated[Money, Field(ge=0)]
    currency: Currency = "USD"


class TemporaryIncrease(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"amount": "200.00", "currency": "USD", "expires_at": "2026-12-31T23:59:59Z"}]},
    )

    amount: PositiveMoney
    currency: Currency = "USD"
    expires_at: AwareDatetime = Field(description="When the limit goes back down by the same amount")
