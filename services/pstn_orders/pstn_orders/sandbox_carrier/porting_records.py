"""The losing carriers' side of the sandbox: their accounts' records, and portability of numbers (R-PSTN-16)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from pstn_orders.carrier import CarrierUnavailable, CustomerServiceRecord, Portability
from pstn_orders.sandbox_carrier.magic import MagicLine, is_magic
from pstn_orders.sandbox_carrier.orders import json_value, national
from pstn_orders.sandbox_carrier.porting_checks import NumberFacts, facts_of_unlisted, own_number, portability
from pstn_orders.sandbox_carrier.porting_data import ACCOUNTS


async def seed_accounts(conn: AsyncConnection) -> None:
    """Write the off-net accounts and their numbers (again: the data in the code is the truth)."""
    for account in ACCOUNTS:
        record = CustomerServiceRecord(
            account_number=account.account_number,
            authorized_name=account.authorized_name,
            company_name=account.company_name,
            btn=account.btn,
            pin_required=account.pin is not None,
            service_address=account.service_address,
            numbers=list(account.numbers),
            pending_order_numbers=sorted(account.pending_order),
            special_feature_numbers=sorted(account.special_feature),
        )
        await conn.execute(
            text(
                "INSERT INTO sandbox_port_accounts (account_number, btn, losing_carrier, record, pin, wireless, "
                "answers) VALUES (:account, :btn, :carrier, :record, :pin, :wireless, :answers) "
                "ON CONFLICT (account_number) DO UPDATE SET btn = excluded.btn, "
                "losing_carrier = excluded.losing_carrier, record = excluded.record, pin = excluded.pin, "
                "wireless = excluded.wireless, answers = excluded.answers"
            ),
            {
                "account": account.account_number,
                "btn": account.btn,
                "carrier": account.losing_carrier,
                "record": record.model_dump_json(),
                "pin": account.pin,
                "wireless": account.wireless,
                "answers": account.answers.value if account.answers else None,
            },
        )
        await conn.execute(
            text(
                "INSERT INTO sandbox_port_numbers (number, account_number, rate_center, active, rate_center_portable) "
                "SELECT n, :account, :rate_center, NOT (n = ANY(:inactive)), NOT (n = ANY(:fixed)) "
                "FROM unnest(CAST(:numbers AS text[])) AS n ON CONFLICT (number) DO UPDATE SET "
                "account_number = excluded.account_number, rate_center = excluded.rate_center, "
                "active = excluded.active, rate_center_portable = excluded.rate_center_portable"
            ),
            {
                "account": account.account_number,
                "rate_center": account.rate_center,
                "inactive": sorted(account.inactive),
                "fixed": sorted(account.rate_center_not_portable),
                "numbers": list(account.numbers),
            },
        )


async def number_facts(conn: AsyncConnection, numbers: list[str]) -> dict[str, NumberFacts]:
    rows = await conn.execute(
        text(
            "SELECT n.number, n.account_number, n.rate_center, n.active, n.rate_center_portable, a.btn, "
            "a.losing_carrier, a.wireless, a.record->>'company_name' AS company_name "
            "FROM sandbox_port_numbers n JOIN sandbox_port_accounts a USING (account_number) "
            "WHERE n.number = ANY(:numbers)"
        ),
        {"numbers": numbers},
    )
    found = {
        row.number: NumberFacts(
            number=row.number,
            account_number=row.account_number,
            btn=row.btn,
            company_name=row.company_name,
            losing_carrier=row.losing_carrier,
            rate_center=row.rate_center,
            active=row.active,
            rate_center_portable=row.rate_center_portable,
            wireless=row.wireless,
        )
        for row in rows
    }
    return {n: found.get(n) or facts_of_unlisted(n) for n in numbers}


async def check_portability(conn: AsyncConnection, numbers: list[str]) -> list[Portability]:
    if any(is_magic(n, MagicLine.unavailable) for n in numbers):
        raise CarrierUnavailable("the portability check did not answer")
    facts = await number_facts(conn, numbers)
    nums = [num for num in map(national, numbers) if num is not None]
    own = {
        f"+1{row.num:010d}"
        for row in await conn.execute(text("SELECT num FROM sandbox_numbers WHERE num = ANY(:nums)"), {"nums": nums})
    }
    return [
        portability(facts[n]) if facts[n].account_number is not None or n not in own else own_number(n) for n in numbers
    ]


async def customer_service_record(conn: AsyncConnection, btn: str) -> CustomerServiceRecord | None:
    row = (await conn.execute(text("SELECT record FROM sandbox_port_accounts WHERE btn = :btn"), {"btn": btn})).first()
    return None if row is None else CustomerServiceRecord.model_validate(json_value(row.record))
