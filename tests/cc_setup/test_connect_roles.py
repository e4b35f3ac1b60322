"""R-CC-13's two role tables, both ways, and R-CC-14's business days (weekends and public holidays skipped)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cc_setup.business_days import add_business_days, is_business_day
from cc_setup.role_mapping import TO_CONNECT, TO_PLATFORM, UnknownRole, connect_role_for, platform_role_for

# R-CC-13 as the requirements write it: (admin role in the hub, role in connect), then (role in connect, hub role).
TABLE_1 = [
    ("customer_full_admin", "tenant_owner"),
    ("customer_cc_admin", "tenant_owner"),
    ("customer_readonly_admin", "read_only"),
]
TABLE_2 = [
    ("read_only", "customer_readonly_admin"),
    ("restricted", "customer_readonly_admin"),
    ("full_access", "customer_full_admin"),
    ("tenant_owner", "customer_full_admin"),
    ("limited_access", "customer_readonly_admin"),
]


@pytest.mark.parametrize(("platform_role", "connect_role"), TABLE_1)
def test_a_platform_role_maps_to_its_connect_role(platform_role: str, connect_role: str) -> None:
    # R-CC-13: table 1, every row
    assert connect_role_for(platform_role) == connect_role


@pytest.mark.parametrize(("connect_role", "platform_role"), TABLE_2)
def test_a_connect_role_maps_back_to_its_platform_role(connect_role: str, platform_role: str) -> None:
    # R-CC-13: table 2, every row
    assert platform_role_for(connect_role) == platform_role


def test_the_tables_are_exactly_the_rows_of_the_requirements() -> None:
    # R-CC-13: role names are data; nothing more, nothing less
    assert sorted(TO_CONNECT.items()) == sorted(TABLE_1)
    assert sorted(TO_PLATFORM.items()) == sorted(TABLE_2)


def test_a_role_no_table_knows_is_refused() -> None:
    # R-CC-13: an unknown role is never guessed
    with pytest.raises(UnknownRole):
        connect_role_for("partner_admin")
    with pytest.raises(UnknownRole):
        platform_role_for("supervisor")


def test_seven_business_days_skip_a_weekend_and_norwegian_christmas() -> None:
    # R-CC-14: 7 business days in the tenant's time zone, the country's public holidays skipped
    invited = datetime(2026, 12, 22, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Oslo
    lapses = add_business_days(invited, 7, time_zone="Europe/Oslo", country="NO")
    # Wed 23, Thu 24, (Fri 25 and Sat 26 holidays, Sun 27), Mon 28 ... Thu 31, (Fri 1 January), Mon 4 January
    assert lapses == datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    assert not is_business_day(datetime(2026, 12, 25).date(), "NO")
    assert not is_business_day(datetime(2026, 12, 27).date(), "NO")
    assert is_business_day(datetime(2026, 12, 24).date(), "NO")


def test_the_days_are_counted_in_the_tenant_time_zone() -> None:
    # R-CC-07: the tenant's time zone is connect's
    # R-CC-14: a Friday evening in New York is a Saturday in Tokyo
    friday_evening_new_york = datetime(2026, 3, 7, 1, 0, tzinfo=UTC)  # Fri 6 March 20:00 EST, Sat 10:00 in Tokyo
    new_york = add_business_days(friday_evening_new_york, 1, time_zone="America/New_York", country="US")
    tokyo = add_business_days(friday_evening_new_york, 1, time_zone="Asia/Tokyo", country="JP")
    assert new_york == datetime(2026, 3, 10, 0, 0, tzinfo=UTC)  # Mon 9 March 20:00 EDT (clocks moved on the 8th)
    assert tokyo == datetime(2026, 3, 9, 1, 0, tzinfo=UTC)  # Mon 9 March 10:00 JST
