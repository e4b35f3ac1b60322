"""Tariffs, exchange rates and ledger transactions over HTTP. Money travels as decimal strings, never floats."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from customers import examples
from servicekit import SingleLine, Text


def _decimal_pattern(places: int, *, integer_digits: int, signed: bool = False, positive: bool = False) -> str:
    """A decimal string with up to `places` decimal places and no exponent, e.g. "12.50"."""
    integer = f"(0|[1-9][0-9]{{0,{integer_digits - 1}}})"
    fraction = f"(\\.[0-9]{{1,{places}}})?"
    if not positive:
        return f"^{'-?' if signed else ''}{integer}{fraction}$"
    # Above zero, spelt without look-ahead so generators read it: a non-zero integer part, or 0.<non-zero fraction>.
    tiny = "|".join(f"0{{{k}}}[1-9][0-9]{{0,{places - 1 - k}}}" for k in range(places))
    return f"^([1-9][0-9]{{0,{integer_digits - 1}}}{fraction}|0\\.({tiny}))$"


def _decimal_string(pattern: str, example: str) -> BeforeValidator:
    """Money (or a rate) as a decimal string, never a JSON number: one rule for every amount of the API."""
    compiled = re.compile(pattern)

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError(f'send a decimal string, e.g. "{example}", not a JSON number')
        if not compiled.match(value):
            raise ValueError(f'must be a decimal string such as "{example}", with no exponent')
        return value

    return BeforeValidator(check)


def _as_string(pattern: str, example: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": pattern, "examples": [example]})


AS_STRING = PlainSerializer(lambda d: f"{d:f}", return_type=str)
MONEY = _decimal_pattern(4, integer_digits=12, signed=True)
NON_NEGATIVE_MONEY = _decimal_pattern(4, integer_digits=12)
POSITIVE_MONEY = _decimal_pattern(4, integer_digits=12, positive=True)
RATE = _decimal_pattern(10, integer_digits=10, positive=True)
# What answers carry: the stored NUMERIC(20,4) / (20,10), converted balances included.
MONEY_READ = r"^-?(0|[1-9][0-9]*)(\.[0-9]{1,4})?$"
RATE_READ = r"^(0|[1-9][0-9]*)(\.[0-9]{1,10})?$"

Money = Annotated[Decimal, _decimal_string(MONEY, "12.50"), AS_STRING, _as_string(MONEY, "12.50")]
"""An amount sent: a decimal string with up to 4 places and 12 digits before the point ("-12.50" allowed)."""
NonNegativeMoney = Annotated[
    Decimal, _decimal_string(NON_NEGATIVE_MONEY, "12.50"), AS_STRING, _as_string(NON_NEGATIVE_MONEY, "12.50")
]
PositiveMoney = Annotated[
    Decimal, _decimal_string(POSITIVE_MONEY, "12.50"), AS_STRING, _as_string(POSITIVE_MONEY, "12.50")
]
Rate = Annotated[Decimal, _decimal_string(RATE, "1.0825"), AS_STRING, _as_string(RATE, "1.0825")]
"""USD per unit of a currency: a positive decimal string with up to 10 places."""
MoneyRead = Annotated[Decimal, AS_STRING, _as_string(MONEY_READ, "12.5000")]
RateRead = Annotated[Decimal, AS_STRING, _as_string(RATE_READ, "1.0825000000")]
Currency = Annotated[str, StringConstraints(to_upper=True, pattern=r"^[A-Za-z]{3}$")]


class TariffCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "SMB Nordics", "currency": "EUR", "is_default": True}]},
    )

    name: Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]
    currency: Currency = Field(description="ISO 4217; one of the managed exchange rates")
    description: Annotated[Text, StringConstraints(max_length=2000)] | None = None
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
    notes: Annotated[Text, StringConstraints(max_length=2000)] | None = None


class LedgerEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.LEDGER_ENTRY]})

    id: uuid.UUID
    kind: str = Field(description="opening, debit, credit or add_funds")
    amount: MoneyRead
    currency: str
    usd_per_unit: RateRead
    amount_usd: MoneyRead = Field(description="Signed effect on the balance")
    balance_usd: MoneyRead = Field(description="The balance after this entry")
    notes: str | None
    actor: str
    created_at: datetime


class BalanceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.BALANCE]})

    customer_id: uuid.UUID
    currency: str
    balance: MoneyRead
    credit_limit: MoneyRead
    available: MoneyRead = Field(description="How far debits may still go: balance + credit limit")
    usd_per_unit: RateRead


class ExchangeRateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.EXCHANGE_RATE]})

    currency: str
    usd_per_unit: RateRead
    updated_at: datetime


class ExchangeRateUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"usd_per_unit": "1.0825"}]})

    usd_per_unit: Rate


class CreditLimitUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"credit_limit": "500.00", "currency": "EUR"}]}
    )

    credit_limit: NonNegativeMoney
    currency: Currency = "USD"


class TemporaryIncrease(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"amount": "200.00", "currency": "USD", "expires_at": "2026-12-31T23:59:59Z"}]},
    )

    amount: PositiveMoney
    currency: Currency = "USD"
    expires_at: AwareDatetime = Field(description="When the limit goes back down by the same amount")
