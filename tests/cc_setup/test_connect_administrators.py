"""Administrators in connect (R-CC-13, R-CC-14): the connect tenant created with the tenant (R-CC-07), the
connect invitation after the platform account's activation, its lapse after 7 business days, the first sign-in,
roles kept in step both ways, users added in connect, and partner administrators without engage."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from standardwebhooks import Webhook

from cc_setup.business_days import add_business_days
from cc_setup.connect import ConnectUnavailable
from cc_setup.connect.sandbox import INBOUND_PATH, SignInRefused
from contracts.events import AccountActivated, AccountRoleChanged
from devstack.services import Services
from tests.cc_setup.conftest import CcWorld

pytestmark = pytest.mark.asyncio(loop_scope="session")

# Countries of the data-locality map and their default time zones, searched for a public holiday ahead.
COUNTRIES = {
    "NO": "Europe/Oslo", "DE": "Europe/Berlin", "GB": "Europe/London", "US": "America/New_York",
    "FR": "Europe/Paris", "SE": "Europe/Stockholm", "DK": "Europe/Copenhagen", "FI": "Europe/Helsinki",
    "AT": "Europe/Vienna", "CH": "Europe/Zurich", "BE": "Europe/Brussels", "NL": "Europe/Amsterdam",
    "ES": "Europe/Madrid", "PT": "Europe/Lisbon", "IT": "Europe/Rome", "PL": "Europe/Warsaw",
    "IE": "Europe/Dublin", "CA": "America/Toronto", "MX": "America/Mexico_City", "BR": "America/Sao_Paulo",
    "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago", "CO": "America/Bogota", "PE": "America/Lima",
    "AU": "Australia/Sydney", "NZ": "Pacific/Auckland", "JP": "Asia/Tokyo", "SG": "Asia/Singapore",
    "IN": "Asia/Kolkata", "HK": "Asia/Hong_Kong", "MY": "Asia/Kuala_Lumpur", "PH": "Asia/Manila",
    "ZA": "Africa/Johannesburg", "TR": "Europe/Istanbul", "IL": "Asia/Jerusalem", "AE": "Asia/Dubai",
}  # fmt: skip


def email(name: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@fjord-logistics.example"


async def active_tenant(cc: CcWorld, owner: str, *, country: str = "NO") -> str:
    """A trial whose tenant was provisioned to active, `owner` its first administrator; answers the connect tenant."""
    await cc.start_trial(country=country, administrator_email=owner)
    await cc.ready()
    answer = await cc.submit()
    assert answer.status_code == 202, answer.text
    assert (await cc.until_done(answer.json()["id"]))["state"] == "active"
    tenant = await cc.connect.tenant_of(cc.customer_id)
    assert tenant is not None
    return tenant.tenant_id


async def activated(cc: CcWorld, address: str, role: str = "customer_full_admin") -> uuid.UUID:
    """The platform account's activation, as the customers service announces it; the invite timer fires."""
    account_id = uuid.uuid4()
    await cc.deliver(
        AccountActivated(**cc.tenancy(), account_id=account_id, email=address, role=role, activated_at=cc.clock.now())  # type: ignore[arg-type]
    )
    await cc.api.runtime.timers.fire_due()
    return account_id


async def administrators(cc: CcWorld) -> list[dict[str, Any]]:
    answer = await cc.client(cc.readonly).get(f"{cc.base}/administrators")
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def administrator(cc: CcWorld, address: str) -> dict[str, Any]:
    [found] = [a for a in await administrators(cc) if a["email"] == address]
    one = await cc.client().get(f"{cc.base}/administrators/{found['id']}")
    assert one.status_code == 200, one.text
    assert one.json() == found
    return found


def holiday_ahead(now: datetime) -> tuple[str, str]:
    """A country whose next 7 business days, from now or two hours on, hold a public holiday on a weekday."""
    for country, zone in COUNTRIES.items():
        if all(_weekday_holidays(now + timedelta(hours=h), zone, country) for h in (0, 2)):
            return country, zone
    raise LookupError


def _weekday_holidays(start: datetime, zone: str, country: str) -> list[Any]:
    end = add_business_days(start, 7, time_zone=zone, country=country)
    first, last = start.astimezone(ZoneInfo(zone)).date(), end.astimezone(ZoneInfo(zone)).date()
    days = [first + timedelta(days=n) for n in range(1, (last - first).days + 1)]
    public = holidays.country_holidays(country, years={first.year, last.year})
    return [d for d in days if d.weekday() < 5 and d in public]


async def test_the_connect_tenant_is_created_with_the_tenant_in_its_time_zone(cc: CcWorld) -> None:
    # R-CC-13: digital channels provisioned with the tenant
    # R-CC-07: in the tenant's time zone
    owner = email("kari")
    await cc.start_trial(administrator_email=owner)
    await cc.ready()
    await cc.put_settings(time_zone="Europe/Berlin")
    job = (await cc.submit()).json()
    done = await cc.until_done(job["id"])
    tenant = await cc.connect.tenant_of(cc.customer_id)
    assert tenant is not None
    assert tenant.time_zone == "Europe/Berlin"
    assert tenant.tenant_id.startswith("ctn_")
    assert tenant.owner_email == owner
    step = next(s for s in done["steps"] if s["step"] == "digital_channels")
    assert f"connect tenant {tenant.tenant_id}, time zone Europe/Berlin" in step["detail"]


async def test_an_activated_account_is_invited_to_connect_after_the_platform_and_owns_the_tenant(
    cc: CcWorld, services: Services
) -> None:
    # R-CC-14: the connect invitation follows the platform one (sent on activation); the first administrator owns
    # the connect tenant; R-CC-13: table 1 gives the role
    owner, reader = email("kari"), email("ola")
    tenant_id = await active_tenant(cc, owner)
    assert await administrators(cc) == []  # nobody is in connect before the platform account is active
    account_id = await activated(cc, owner)
    await activated(cc, reader, "customer_readonly_admin")
    first = await administrator(cc, owner)
    assert (first["state"], first["account_id"], first["tenant_owner"]) == ("invited", str(account_id), True)
    assert (first["connect_role"], first["platform_role"], first["engage"]) == (
        "tenant_owner",
        "customer_full_admin",
        True,
    )
    second = await administrator(cc, reader)
    assert (second["connect_role"], second["tenant_owner"]) == ("read_only", False)
    user = await cc.connect.user(tenant_id, owner)
    assert user is not None
    assert (user.user_id, user.role, user.state) == (first["connect_user_id"], "tenant_owner", "invited")
    assert user.invitation_url
    assert user.user_id.startswith("usr_")
    assert services.mail is not None
    [mail] = services.mail.to(owner)
    assert user.invitation_url in mail.get_content()
    assert "connect" in mail["Subject"]
    invited = await cc.events("cc.administrator_invited.v1")
    assert [e["email"] for e in invited] == [owner, reader]
    assert datetime.fromisoformat(invited[0]["lapses_at"]) == datetime.fromisoformat(first["lapses_at"])


async def test_an_account_activated_before_the_tenant_is_invited_once_the_tenant_is_active(cc: CcWorld) -> None:
    # R-CC-14: the tenant must be active for connect; the invitation follows its activation
    owner = email("kari")
    await cc.start_trial(administrator_email=owner)
    await activated(cc, owner)
    [waiting] = await administrators(cc)
    assert (waiting["state"], waiting["connect_user_id"]) == ("pending", None)
    await cc.ready()
    assert (await cc.until_done((await cc.submit()).json()["id"]))["state"] == "active"
    await cc.api.runtime.timers.fire_due()
    assert (await administrator(cc, owner))["state"] == "invited"


async def test_an_invitation_lapses_after_seven_business_days_over_a_weekend_and_a_public_holiday(
    cc: CcWorld,
) -> None:
    # R-CC-14: not activated in 7 business days -> lapsed (revoked in connect, an event); weekends and the tenant
    # country's public holidays are not business days
    # R-CC-07: counted in the tenant's time zone
    for _ in range(10):
        try:
            country, zone = holiday_ahead(cc.clock.now())
            break
        except LookupError:
            cc.clock.advance(timedelta(days=7))  # no holiday ahead in any of the countries: look a week on
    else:
        raise AssertionError("no public holiday within ten weeks in any country")
    owner = email("kari")
    tenant_id = await active_tenant(cc, owner, country=country)
    assert (await cc.client().get(f"{cc.base}/settings")).json()["time_zone"] == zone
    await activated(cc, owner)
    invited = await administrator(cc, owner)
    invited_at = datetime.fromisoformat(invited["invited_at"])
    lapses_at = datetime.fromisoformat(invited["lapses_at"])
    assert lapses_at == add_business_days(invited_at, 7, time_zone=zone, country=country)
    local_start, local_end = invited_at.astimezone(ZoneInfo(zone)), lapses_at.astimezone(ZoneInfo(zone))
    assert local_end.time() == local_start.time()
    skipped = (local_end.date() - local_start.date()).days - 7
    weekends = sum(
        (local_start.date() + timedelta(days=n)).weekday() >= 5
        for n in range(1, (local_end.date() - local_start.date()).days + 1)
    )
    assert weekends >= 2
    assert _weekday_holidays(invited_at, zone, country)  # a public holiday on a weekday lies in between
    assert skipped >= weekends + 1
    cc.clock.advance(lapses_at - cc.clock.now() - timedelta(minutes=1))
    await cc.api.runtime.timers.fire_due()
    assert (await administrator(cc, owner))["state"] == "invited"  # a minute before: still open
    cc.clock.advance(timedelta(minutes=2))
    await cc.api.runtime.timers.fire_due()
    lapsed = await administrator(cc, owner)
    assert lapsed["state"] == "lapsed"
    user = await cc.connect.user(tenant_id, owner)
    assert user is not None
    assert user.state == "revoked"
    [event] = await cc.events("cc.invitation_lapsed.v1")
    assert (event["email"], event["connect_user_id"]) == (owner, invited["connect_user_id"])
    # R-CC-14: a lapsed administrator is added again from the platform, with a new invitation
    again = await cc.client().post(f"{cc.base}/administrators/{lapsed['id']}/invitation")
    assert again.status_code == 202, again.text
    await cc.api.runtime.timers.fire_due()
    renewed = await administrator(cc, owner)
    assert renewed["state"] == "invited"
    assert renewed["connect_user_id"] == invited["connect_user_id"]
    assert datetime.fromisoformat(renewed["lapses_at"]) > lapses_at
    user = await cc.connect.user(tenant_id, owner)
    assert user is not None
    assert user.state == "invited"
    twice = await cc.client().post(f"{cc.base}/administrators/{lapsed['id']}/invitation")
    assert twice.status_code == 409
    assert twice.json()["rule"] == "R-CC-14"


async def test_the_first_sign_in_activates_the_connect_account_and_cancels_the_lapse(cc: CcWorld) -> None:
    # R-CC-14: the connect account activates on first sign-in; the lapse no longer applies
    owner = email("kari")
    tenant_id = await active_tenant(cc, owner)
    await activated(cc, owner)
    invited = await administrator(cc, owner)
    assert await cc.connect.sign_in(tenant_id, owner) == 200
    active = await administrator(cc, owner)
    assert active["state"] == "active"
    assert active["activated_at"] is not None
    [event] = await cc.events("cc.administrator_activated.v1")
    assert event["connect_user_id"] == invited["connect_user_id"]
    cc.clock.advance(datetime.fromisoformat(invited["lapses_at"]) - cc.clock.now() + timedelta(hours=1))
    await cc.api.runtime.timers.fire_due()
    assert (await administrator(cc, owner))["state"] == "active"
    assert await cc.events("cc.invitation_lapsed.v1") == []
    assert await cc.connect.sign_in(tenant_id, owner) is None  # a later sign-in reports nothing


async def test_a_role_changed_in_connect_arrives_mapped_and_its_echo_is_not_pushed_back(cc: CcWorld) -> None:
    # R-CC-13: table 2 maps connect's change back; the platform's echo with the same change_id is never pushed
    owner = email("kari")
    tenant_id = await active_tenant(cc, owner)
    account_id = await activated(cc, owner)
    for connect_role, platform_role in [
        ("read_only", "customer_readonly_admin"),
        ("full_access", "customer_full_admin"),
        ("restricted", "customer_readonly_admin"),
        ("tenant_owner", "customer_full_admin"),
        ("limited_access", "customer_readonly_admin"),
    ]:
        assert await cc.connect.change_role_in_connect(tenant_id, owner, connect_role) == 200
        synced = (await cc.events("cc.administrator_role_synced.v1"))[-1]
        assert (synced["origin"], synced["connect_role"], synced["platform_role"]) == (
            "connect",
            connect_role,
            platform_role,
        )
        assert synced["account_id"] == str(account_id)
        # the customers service applies it and echoes it with the same change_id
        await cc.deliver(
            AccountRoleChanged(
                **cc.tenancy(),
                account_id=account_id,
                email=owner,
                role=platform_role,  # type: ignore[arg-type]
                origin="connect",
                change_id=uuid.UUID(synced["change_id"]),
            )
        )
        user = await cc.connect.user(tenant_id, owner)
        assert user is not None
        assert user.role == connect_role  # not pushed back as table 1's mapping of the platform role
        row = await administrator(cc, owner)
        assert (row["connect_role"], row["platform_role"]) == (connect_role, platform_role)
    synced_events = await cc.events("cc.administrator_role_synced.v1")
    assert [e["origin"] for e in synced_events] == ["connect"] * 5
    assert len({e["change_id"] for e in synced_events}) == 5


async def test_a_role_change_from_the_platform_is_pushed_to_connect_once(cc: CcWorld) -> None:
    # R-CC-13: table 1 pushes the platform's change; a redelivered change_id is not applied twice
    owner, other = email("kari"), email("ola")
    tenant_id = await active_tenant(cc, owner)
    await activated(cc, owner)
    account_id = await activated(cc, other, "customer_readonly_admin")
    calls: list[tuple[str, str]] = []
    original = cc.connect.change_role

    async def counted(tenant: str, user_id: str, *, role: str, key: str) -> Any:
        calls.append((user_id, role))
        return await original(tenant, user_id, role=role, key=key)

    cc.connect.change_role = counted  # type: ignore[method-assign,assignment]
    try:
        for role, connect_role in [
            ("customer_cc_admin", "tenant_owner"),
            ("customer_readonly_admin", "read_only"),
            ("customer_full_admin", "tenant_owner"),
        ]:
            change = AccountRoleChanged(
                **cc.tenancy(),
                account_id=account_id,
                email=other,
                role=role,  # type: ignore[arg-type]
                origin="platform",
                change_id=uuid.uuid4(),
            )
            await cc.deliver(change)
            await cc.deliver(change)  # delivered again: the same change_id
            await cc.api.runtime.timers.fire_due()  # the push
            await cc.api.runtime.timers.fire_due()
            user = await cc.connect.user(tenant_id, other)
            assert user is not None
            assert user.role == connect_role
            synced = (await cc.events("cc.administrator_role_synced.v1"))[-1]
            assert (synced["origin"], synced["change_id"]) == ("platform", str(change.change_id))
            assert (synced["platform_role"], synced["connect_role"]) == (role, connect_role)
    finally:
        del cc.connect.change_role
    user = await cc.connect.user(tenant_id, other)
    assert user is not None
    # read_only -> tenant_owner -> read_only -> tenant_owner: three pushes, each once
    assert [role for _, role in calls] == ["tenant_owner", "read_only", "tenant_owner"]
    assert len(await cc.events("cc.administrator_role_synced.v1")) == 3


def signed(body: bytes, secret: str, webhook_id: str = "msg_test") -> dict[str, str]:
    now = datetime.now(UTC)
    return {
        "content-type": "application/json",
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(webhook_id, now, body.decode()),
    }


async def test_a_badly_signed_connect_webhook_is_refused_and_changes_nothing(cc: CcWorld) -> None:
    # R-CC-13: only connect's signed webhooks change roles
    owner = email("kari")
    tenant_id = await active_tenant(cc, owner)
    await activated(cc, owner)
    row = await administrator(cc, owner)
    body = json.dumps(
        {
            "type": "user.role_changed",
            "timestamp": datetime.now(UTC).isoformat(),
            "data": {"tenant_id": tenant_id, "user_id": row["connect_user_id"], "email": owner, "role": "read_only"},
        }
    ).encode()
    client = cc.client()
    wrong = signed(body, "whsec_" + "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==")
    for headers in (wrong, {"content-type": "application/json"}, {**signed(body, _secret(cc)), "webhook-id": "x"}):
        refused = await client.post(INBOUND_PATH, content=body, headers=headers)
        assert refused.status_code == 401, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["type"].endswith("connect-webhook-signature-invalid")
    bad = b'{"type": "user.deleted", "data": {}}'
    malformed = await client.post(INBOUND_PATH, content=bad, headers=signed(bad, _secret(cc), "msg_bad"))
    assert malformed.status_code == 400, malformed.text
    assert malformed.json()["type"].endswith("connect-webhook-payload-invalid")
    assert await administrator(cc, owner) == row
    assert await cc.events("cc.administrator_role_synced.v1") == []
    # the same body, well signed, is applied once however often it arrives
    for _ in range(2):
        ok = await client.post(INBOUND_PATH, content=body, headers=signed(body, _secret(cc), "msg_good"))
        assert ok.status_code == 200, ok.text
    assert ok.json() == {"webhook_id": "msg_good", "applied": False}
    assert len(await cc.events("cc.administrator_role_synced.v1")) == 1


def _secret(cc: CcWorld) -> str:
    secret: str = cc.api.runtime.settings.connect_webhook_secret  # type: ignore[attr-defined]
    return secret


async def test_a_user_added_in_connect_is_invited_to_the_platform_first(cc: CcWorld, services: Services) -> None:
    # R-CC-14: the platform invitation comes first (cc.administrator_added), then the connect invitation
    owner, added = email("kari"), email("siri")
    tenant_id = await active_tenant(cc, owner)
    assert await cc.connect.add_user_in_connect(tenant_id, added, "restricted") == 200
    [event] = await cc.events("cc.administrator_added.v1")
    assert (event["email"], event["connect_role"], event["platform_role"]) == (
        added,
        "restricted",
        "customer_readonly_admin",  # R-CC-13: table 2
    )
    waiting = await administrator(cc, added)
    assert waiting["state"] == "pending"
    assert services.mail is not None
    assert services.mail.to(added) == []  # no connect invitation before the platform account is active
    await activated(cc, added, "customer_readonly_admin")
    invited = await administrator(cc, added)
    assert (invited["state"], invited["connect_role"]) == ("invited", "restricted")
    assert invited["connect_user_id"] == waiting["connect_user_id"]
    assert len(services.mail.to(added)) == 1
    assert await cc.connect.sign_in(tenant_id, added) == 200
    assert (await administrator(cc, added))["state"] == "active"


async def test_partner_administrators_never_get_engage(cc: CcWorld) -> None:
    # R-CC-13: partner and customer administrators use connect at once; partner administrators have no engage
    owner, partner_admin = email("kari"), f"ops.{uuid.uuid4().hex[:8]}@northwind-partner.example"
    tenant_id = await active_tenant(cc, owner)
    await activated(cc, owner)
    answer = await cc.client(cc.partner).post(f"{cc.base}/partner-administrators", json={"email": partner_admin})
    assert answer.status_code == 202, answer.text
    await cc.api.runtime.timers.fire_due()
    partner_row = await administrator(cc, partner_admin)
    assert (partner_row["state"], partner_row["platform_role"], partner_row["engage"]) == (
        "invited",
        "partner_admin",
        False,
    )
    customer_row = await administrator(cc, owner)
    assert customer_row["engage"] is True
    user = await cc.connect.user(tenant_id, partner_admin)
    assert user is not None
    assert user.engage is False
    [event] = [e for e in await cc.events("cc.administrator_invited.v1") if e["email"] == partner_admin]
    assert event["engage"] is False
    # only a partner administrator adds one, and once
    denied = await cc.client(cc.customer).post(f"{cc.base}/partner-administrators", json={"email": partner_admin})
    assert denied.status_code == 403
    taken = await cc.client(cc.partner).post(f"{cc.base}/partner-administrators", json={"email": partner_admin})
    assert taken.status_code == 409
    # a role changed in connect for a partner administrator changes no platform account
    assert await cc.connect.change_role_in_connect(tenant_id, partner_admin, "read_only") == 200
    assert await cc.events("cc.administrator_role_synced.v1") == []
    user = await cc.connect.user(tenant_id, partner_admin)
    assert user is not None
    assert user.engage is False


async def test_a_lapsed_administrator_added_again_in_connect_gets_a_new_connect_invitation(
    cc: CcWorld, services: Services
) -> None:
    # R-CC-14: after a lapse the administrator is added again, here from connect; the platform account exists
    owner = email("kari")
    tenant_id = await active_tenant(cc, owner)
    await activated(cc, owner)
    invited = await administrator(cc, owner)
    cc.clock.advance(datetime.fromisoformat(invited["lapses_at"]) - cc.clock.now() + timedelta(minutes=1))
    await cc.api.runtime.timers.fire_due()
    assert (await administrator(cc, owner))["state"] == "lapsed"
    with pytest.raises(SignInRefused):
        await cc.connect.sign_in(tenant_id, owner)  # the revoked invitation no longer signs in
    assert await cc.connect.add_user_in_connect(tenant_id, owner, "tenant_owner") == 200
    await cc.api.runtime.timers.fire_due()
    again = await administrator(cc, owner)
    assert again["state"] == "invited"
    assert datetime.fromisoformat(again["lapses_at"]) > datetime.fromisoformat(invited["lapses_at"])
    assert await cc.events("cc.administrator_added.v1") == []  # the platform account exists: no platform invitation
    assert services.mail is not None
    assert len(services.mail.to(owner)) == 2  # a second connect invitation
    assert await cc.connect.sign_in(tenant_id, owner) == 200
    assert (await administrator(cc, owner))["state"] == "active"


async def test_connect_down_at_the_invitation_is_tried_again_and_the_invitation_follows(
    cc: CcWorld, services: Services
) -> None:
    # R-CC-14: a passing fault delays the connect invitation, it never loses it (one connect user, one email)
    owner = email("kari")
    tenant_id = await active_tenant(cc, owner)
    original = cc.connect.add_user
    faults = [ConnectUnavailable("connect timed out"), ConnectUnavailable("connect is throttling")]

    async def flaky(tenant: str, **kwargs: Any) -> Any:
        if faults:
            raise faults.pop(0)
        return await original(tenant, **kwargs)

    cc.connect.add_user = flaky  # type: ignore[method-assign,assignment]
    try:
        await activated(cc, owner)
        assert (await administrator(cc, owner))["state"] == "pending"
        await cc.minutes_pass(1)  # the first wait
        assert (await administrator(cc, owner))["state"] == "pending"
        await cc.minutes_pass(2)  # doubled
        assert (await administrator(cc, owner))["state"] == "invited"
    finally:
        del cc.connect.add_user
    user = await cc.connect.user(tenant_id, owner)
    assert user is not None
    assert user.user_id == (await administrator(cc, owner))["connect_user_id"]
    assert services.mail is not None
    assert len(services.mail.to(owner)) == 1


async def test_a_platform_role_change_waits_out_connect_being_down_and_is_then_pushed(cc: CcWorld) -> None:
    # R-CC-13: table 1 pushed when connect answers again; announced (origin platform) once connect has it
    owner = email("kari")
    tenant_id = await active_tenant(cc, owner)
    account_id = await activated(cc, owner)
    original = cc.connect.change_role
    faults = [ConnectUnavailable("connect is down")]

    async def flaky(tenant: str, user_id: str, **kwargs: Any) -> Any:
        if faults:
            raise faults.pop(0)
        return await original(tenant, user_id, **kwargs)

    cc.connect.change_role = flaky  # type: ignore[method-assign,assignment]
    try:
        change_id = uuid.uuid4()
        await cc.deliver(
            AccountRoleChanged(
                **cc.tenancy(),
                account_id=account_id,
                email=owner,
                role="customer_readonly_admin",
                origin="platform",
                change_id=change_id,
            )
        )
        await cc.api.runtime.timers.fire_due()
        user = await cc.connect.user(tenant_id, owner)
        assert user is not None
        assert user.role == "tenant_owner"  # not yet
        assert await cc.events("cc.administrator_role_synced.v1") == []
        await cc.minutes_pass(1)
    finally:
        del cc.connect.change_role
    user = await cc.connect.user(tenant_id, owner)
    assert user is not None
    assert user.role == "read_only"
    [synced] = await cc.events("cc.administrator_role_synced.v1")
    assert (synced["origin"], synced["change_id"], synced["connect_role"]) == ("platform", str(change_id), "read_only")
