"""Customer administrators' platform accounts, in the customers service alone (in process, rolled back): invited from
the contact center's events or the hub, welcomed by email with a single-use get-started link (R-CC-02), signed in
with a token every service accepts and a profile that offers setup until the tenant is active (R-CC-03), their role
kept in step with connect (R-CC-13, R-CC-14)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import select

from contracts.enums import CustomerState, Role
from contracts.envelope import Envelope, Event
from contracts.events import (
    ContactCenterActive,
    ContactCenterAdministratorAdded,
    ContactCenterAdministratorRoleSynced,
    ContactCenterOrderMapped,
    ContactCenterTrialStarted,
    CustomerProvisioned,
)
from customers.account import consumers
from customers.account.models import Account
from customers.account.service import AccountService
from customers.models import Customer, child_path, platform
from devstack import broker
from devstack.in_process import InProcess, principal_below, root_principal
from devstack.mailsink import MemoryInbox
from devstack.services import Services
from servicekit import CustomerDirectory, ManualClock, Principal

pytestmark = pytest.mark.asyncio(loop_scope="session")

Open = Callable[[str], Awaitable[InProcess]]
PASSWORD = "correct horse battery staple"
ROOT = root_principal()


@dataclass
class World:
    api: InProcess
    services: Services
    partner: Principal
    customer: Principal  # an API client of the customer holding the full administrator role
    parent_id: uuid.UUID

    @property
    def customer_id(self) -> uuid.UUID:
        return self.customer.customer_id

    @property
    def accounts(self) -> AccountService:
        return self.api.runtime.component(AccountService)

    @property
    def clock(self) -> ManualClock:
        clock = self.api.runtime.clock
        assert isinstance(clock, ManualClock)
        return clock

    @property
    def mail(self) -> MemoryInbox:
        assert self.services.mail is not None
        return self.services.mail

    @property
    def base(self) -> str:
        return f"/v1/customers/{self.customer_id}/administrators"

    def client(self, principal: Principal | None = None) -> httpx.AsyncClient:
        return self.api.client(principal or self.partner)

    def anonymous(self, token: str | None = None) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.api.app),
            base_url="http://in-process",
            headers={"Authorization": f"Bearer {token}"} if token else {},
        )

    def cc_tenancy(self) -> dict[str, Any]:
        return {"customer_id": self.customer_id, "tenant_path": self.customer.tenant_path}

    async def hear(self, event: Event) -> None:
        """Apply one contact-center event as the customers.accounts subscription does."""
        envelope = Envelope.wrap(event, source="/services/cc_setup")
        async with self.api.session() as session, session.begin():
            await consumers.handlers(self.accounts).apply(session, envelope)

    async def trial(self, email: str) -> None:
        await self.hear(
            ContactCenterTrialStarted(
                **self.cc_tenancy(),
                order_id=uuid.uuid4(),
                country="NO",
                administrator_email=email,
                licences={"standard_agent": 5},
                addons=[],
                started_by=self.partner.client_id,
            )
        )

    async def events(self, event_type: str) -> list[dict[str, Any]]:
        """The data of every event of this type in customers' outbox for the customer."""
        outbox = platform.outbox
        async with self.api.session() as session:
            rows = await session.execute(
                select(outbox.c.payload).where(outbox.c.key == str(self.customer_id)).order_by(outbox.c.id)
            )
            return [p["data"] for (p,) in rows if p["type"] == event_type]

    async def account(self, email: str) -> Account:
        async with self.api.session() as session:
            account = await session.scalar(
                select(Account).where(Account.customer_id == self.customer_id, Account.email == email)
            )
        assert account is not None, f"no account for {email}"
        return account

    async def welcome_link(self, email: str) -> str:
        """Fire the due timers, as the worker would; the get-started link of the latest welcome email to `email`."""
        await self.api.runtime.timers.fire_due()
        sent = self.mail.to(email)
        assert sent, f"no welcome email to {email}"
        body = sent[-1].get_content()
        match = re.search(r"https?://\S+token=\S+", body)
        assert match, body
        return match.group(0)

    async def activate(self, token: str, password: str = PASSWORD, accept_terms: bool = True) -> httpx.Response:
        body = {"token": token, "password": password, "accept_terms": accept_terms}
        async with self.anonymous() as client:
            return await client.post("/v1/account-activations", json=body)

    async def sign_in(self, email: str, password: str = PASSWORD) -> httpx.Response:
        async with self.anonymous() as client:
            return await client.post("/v1/sessions", json={"email": email, "password": password})

    async def active_administrator(self, email: str) -> dict[str, Any]:
        await self.trial(email)
        activated = await self.activate(token_of(await self.welcome_link(email)))
        assert activated.status_code == 200, activated.text
        signed_in = await self.sign_in(email)
        assert signed_in.status_code == 201, signed_in.text
        body: dict[str, Any] = signed_in.json()
        return body


def token_of(link: str) -> str:
    return parse_qs(urlparse(link).query)["token"][0]


def unique_email(name: str = "kari") -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@fjord.example"


async def add_customer(api: InProcess, parent: Customer | None, name: str) -> Customer:
    customer_id = uuid.uuid4()
    parent_path = parent.path if parent else ROOT.tenant_path
    row = Customer(
        id=customer_id,
        parent_id=parent.id if parent else ROOT.customer_id,
        path=child_path(parent_path, customer_id),
        name=name,
        state=CustomerState.PROVISIONED,
        billing_address={"line1": "Storgata 1", "city": "Oslo", "country": "NO"},
        country="NO",
        contact_email="it@fjord.example",
    )
    async with api.session() as session, session.begin():
        session.add(row)
    return row


@pytest_asyncio.fixture(loop_scope="session")
async def world(in_process: Open, services: Services) -> World:
    api = await in_process("customers")
    partner_row = await add_customer(api, None, "Nordic Telecom Partner AS")
    customer_row = await add_customer(api, partner_row, "Fjord Logistics AS")
    partner = Principal("cl_partner", partner_row.id, partner_row.path, frozenset({Role.PARTNER_ADMIN}))
    customer = Principal("cl_customer", customer_row.id, customer_row.path, frozenset({Role.CUSTOMER_FULL_ADMIN}))
    return World(api, services, partner, customer, partner_row.id)


async def test_a_trial_welcomes_its_administrator_once_with_a_link_that_works_once(world: World) -> None:
    """R-CC-02: the administrator named at trial start gets one welcome email; the link sets a password and
    accepts the terms, and works once."""
    email = unique_email()
    await world.trial(email.upper())  # the address as typed: one account whatever its case
    await world.trial(email)  # heard again: nothing more
    await world.hear(
        ContactCenterOrderMapped(
            **world.cc_tenancy(),
            order_id=uuid.uuid4(),
            order_reference="SO-1",
            country="NO",
            administrator_email=email,
            licences={"standard_agent": 5},
            addons=[],
            mapped_by="cl_partner",
        )
    )

    invited = await world.events("customer.account_invited.v1")
    assert [(e["email"], e["role"]) for e in invited] == [(email, "customer_full_admin")]
    link = await world.welcome_link(email)
    assert len(world.mail.to(email)) == 1
    account = await world.account(email)
    assert account.state == "invited"
    assert token_of(link) not in (account.invitation_hash or "")  # R-CC-02: only the token's hash is kept

    activated = await world.activate(token_of(link))
    assert activated.status_code == 200, activated.text
    assert activated.json() | {"state": "active", "email": email, "role": "customer_full_admin"} == activated.json()
    assert activated.json()["terms_accepted_at"] is not None
    again = await world.activate(token_of(link), password="another long password")
    assert again.status_code == 422  # R-CC-02: single use
    assert again.json()["rule"] == "R-CC-02"
    assert again.json()["invalid_params"][0]["name"] == "token"
    [event] = await world.events("customer.account_activated.v1")
    assert event | {"account_id": str(account.id), "email": email, "role": "customer_full_admin"} == event
    assert (await world.sign_in(email, "another long password")).status_code == 401  # the second use set nothing


async def test_an_expired_get_started_link_is_refused(world: World) -> None:
    """R-CC-02: the get-started link expires (72 hours by default)."""
    email = unique_email()
    await world.trial(email)
    link = await world.welcome_link(email)
    [invited] = await world.events("customer.account_invited.v1")
    expires_at = datetime.fromisoformat(invited["expires_at"])
    assert timedelta(hours=71) < expires_at - world.clock.now() <= timedelta(hours=72)

    world.clock.advance(expires_at - world.clock.now() + timedelta(seconds=1))
    expired = await world.activate(token_of(link))

    assert expired.status_code == 422
    assert expired.json()["invalid_params"][0] | {"name": "token"} == expired.json()["invalid_params"][0]
    assert "expired" in expired.json()["detail"]
    assert (await world.account(email)).state == "invited"


async def test_activation_refuses_an_unknown_token_a_short_password_and_terms_not_accepted(world: World) -> None:
    """R-CC-02: a password of the minimum length and the terms of service accepted; a refusal changes nothing."""
    email = unique_email()
    await world.trial(email)
    token = token_of(await world.welcome_link(email))

    unknown = await world.activate("not-a-token-anyone-was-sent")
    short = await world.activate(token, password="short")
    no_terms = await world.activate(token, accept_terms=False)

    assert [r.status_code for r in (unknown, short, no_terms)] == [422, 422, 422]
    assert [r.json()["invalid_params"][0]["name"] for r in (unknown, short, no_terms)] == [
        "token",
        "password",
        "accept_terms",
    ]
    assert all(r.json()["rule"] == "R-CC-02" for r in (unknown, short, no_terms))
    assert "12 characters" in short.json()["detail"]
    assert (await world.account(email)).state == "invited"
    assert (await world.activate(token)).status_code == 200  # the link still works after the refusals


async def test_sign_in_is_refused_before_activation_the_same_way_as_a_wrong_password(world: World) -> None:
    """R-CC-02: access only after the password is set and the terms accepted; the refusal does not say why."""
    email = unique_email()
    await world.trial(email)
    token = token_of(await world.welcome_link(email))

    before = await world.sign_in(email, "")
    unknown = await world.sign_in(unique_email("nobody"))
    assert (await world.activate(token)).status_code == 200
    wrong = await world.sign_in(email, "not the password at all")

    assert [r.status_code for r in (before, unknown, wrong)] == [401, 401, 401]
    assert before.json()["detail"] == unknown.json()["detail"] == wrong.json()["detail"]


async def test_a_signed_in_administrator_is_offered_setup_until_the_contact_center_is_active(
    world: World, in_process: Open
) -> None:
    """R-CC-03: the token is the platform's (accepted by customers and cc_setup); setup_required at every sign-in
    until cc.active.v1 was heard for the customer."""
    email = unique_email()
    signed_in = await world.active_administrator(email)
    profile = signed_in["profile"]
    assert profile | {"email": email, "role": "customer_full_admin", "setup_required": True} == profile
    assert profile["customer_id"] == str(world.customer_id)
    token = signed_in["access_token"]
    async with world.anonymous(token) as admin:
        me = await admin.get("/v1/me")
        assert me.json() == profile
        own = await admin.get(f"/v1/customers/{world.customer_id}")
        assert own.status_code == 200, own.text  # the customer's tenancy: its own organisation
        assert (await admin.get(f"/v1/customers/{world.parent_id}")).status_code == 404  # R-HIER-03

    cc = await in_process("cc_setup")
    customer = world.customer
    provisioned = CustomerProvisioned(
        customer_id=customer.customer_id,
        parent_id=world.partner.customer_id,
        tenant_path=customer.tenant_path,
        name="Fjord Logistics AS",
        country="NO",
        contact_email="it@fjord.example",
    )
    async with cc.session() as session, session.begin():
        envelope = Envelope.wrap(provisioned, source="/services/customers")
        await cc.runtime.component(CustomerDirectory).handlers().apply(session, envelope)
    base = f"/v1/customers/{customer.customer_id}/contact-center"
    trial = {"country": "NO", "administrator_email": email, "licences": {"standard_agent": 5}}
    assert (await cc.client(world.partner).post(f"{base}/trials", json=trial)).status_code == 201
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=cc.app), base_url="http://cc", headers={"Authorization": f"Bearer {token}"}
    ) as at_cc:
        status = await at_cc.get(f"{base}/setup-status")
    assert status.status_code == 200, status.text  # cc_setup verifies the account's token as any other
    assert status.json()["setup_required"] is True

    assert (await world.sign_in(email)).json()["profile"]["setup_required"] is True  # R-CC-03: every sign-in
    active = ContactCenterActive(
        **world.cc_tenancy(),
        job_id=uuid.uuid4(),
        tenant_id="tenant-1",
        data_center="eu-north",
        platform="cloud",
        telephony="external_via_calling",
        time_zone="Europe/Oslo",
        activated_at=datetime.now(UTC),
    )
    await world.hear(active)
    await world.hear(active)  # heard again: still just active
    assert (await world.sign_in(email)).json()["profile"]["setup_required"] is False  # R-CC-03
    async with world.anonymous(token) as admin:
        assert (await admin.get("/v1/me")).json()["setup_required"] is False


async def test_an_api_client_token_has_no_profile(world: World) -> None:
    me = await world.client(world.customer).get("/v1/me")
    assert me.status_code == 403


async def test_the_hub_invites_lists_and_sends_a_new_link_to_an_administrator_not_yet_active(world: World) -> None:
    """R-CC-02: an administrator invited from the hub; asked again before activation, a new link replaces the
    first; once active, a second invitation is refused."""
    email = unique_email("ola")
    body = {"email": email, "role": "customer_cc_admin"}
    created = await world.client().post(world.base, json=body)
    assert created.status_code == 201, created.text
    assert created.json() | {"email": email, "role": "customer_cc_admin", "state": "invited"} == created.json()
    first = token_of(await world.welcome_link(email))

    again = await world.client(world.customer).post(world.base, json=body)  # the customer's own full admin
    assert again.status_code == 200, again.text
    second = token_of(await world.welcome_link(email))
    assert len(world.mail.to(email)) == 2
    assert (await world.activate(first)).status_code == 422  # the first link no longer works
    assert (await world.activate(second)).status_code == 200
    assert (await world.client().post(world.base, json=body)).status_code == 409

    listed = (await world.client().get(world.base)).json()["items"]
    assert [a["email"] for a in listed] == [email]
    one = await world.client().get(f"{world.base}/{created.json()['id']}")
    assert one.json()["state"] == "active"
    assert len(await world.events("customer.account_invited.v1")) == 2


async def test_only_the_customers_own_full_admin_or_the_tree_above_manage_its_administrators(world: World) -> None:
    """R-HIER-03: another customer's administrator neither sees nor invites; a read-only administrator may not."""
    body = {"email": unique_email(), "role": "customer_readonly_admin"}
    other = principal_below(world.partner, Role.CUSTOMER_FULL_ADMIN)
    readonly = Principal(
        "cl_readonly", world.customer_id, world.customer.tenant_path, frozenset({Role.CUSTOMER_READONLY_ADMIN})
    )

    assert (await world.client(other).post(world.base, json=body)).status_code == 404
    assert (await world.client(readonly).post(world.base, json=body)).status_code == 403
    assert (await world.client(ROOT).post(world.base, json=body)).status_code == 201
    assert await world.events("customer.account_invited.v1")


async def test_a_role_changed_in_the_hub_emits_the_change_for_connect(world: World) -> None:
    """R-CC-13: a role change in the platform goes out with origin platform and a new change id; If-Match guards
    it."""
    email = unique_email()
    await world.active_administrator(email)
    account = await world.account(email)
    path = f"{world.base}/{account.id}"
    read = await world.client().get(path)

    stale = await world.client().patch(path, json={"role": "customer_cc_admin"}, headers={"If-Match": '"999"'})
    changed = await world.client().patch(
        path, json={"role": "customer_cc_admin"}, headers={"If-Match": read.headers["ETag"]}
    )
    unchanged = await world.client().patch(path, json={"role": "customer_cc_admin"})

    assert stale.status_code == 412
    assert changed.status_code == 200, changed.text
    assert changed.json()["role"] == "customer_cc_admin"
    assert unchanged.status_code == 200
    [event] = await world.events("customer.account_role_changed.v1")
    assert event | {"account_id": str(account.id), "role": "customer_cc_admin", "origin": "platform"} == event
    uuid.UUID(event["change_id"])
    signed_in = await world.sign_in(email)
    assert signed_in.json()["profile"]["role"] == "customer_cc_admin"  # the next token carries the new role


async def test_a_role_changed_in_connect_is_applied_once_and_echoed_with_its_change_id(world: World) -> None:
    """R-CC-13: origin connect is applied to the account with that email and echoed with the SAME change id; the
    same change heard again, and a change pushed from here, change nothing."""
    email = unique_email()
    await world.active_administrator(email)
    account = await world.account(email)
    change_id = uuid.uuid4()
    synced = ContactCenterAdministratorRoleSynced(
        **world.cc_tenancy(),
        account_id=account.id,
        email=email,
        connect_role="read_only",
        platform_role="customer_readonly_admin",
        origin="connect",
        change_id=change_id,
    )

    await world.hear(synced)
    await world.hear(synced)
    await world.hear(synced.model_copy(update={"origin": "platform", "change_id": uuid.uuid4()}))
    await world.hear(synced.model_copy(update={"email": unique_email("nobody"), "change_id": uuid.uuid4()}))

    [event] = await world.events("customer.account_role_changed.v1")
    assert event | {"role": "customer_readonly_admin", "origin": "connect", "change_id": str(change_id)} == event
    assert (await world.account(email)).role == "customer_readonly_admin"
    later = synced.model_copy(update={"platform_role": "customer_full_admin"})  # an old change id, new role
    await world.hear(later)
    assert (await world.account(email)).role == "customer_readonly_admin"


async def test_an_administrator_added_in_connect_is_invited_to_the_platform_first(world: World) -> None:
    """R-CC-14: the platform invitation comes first, with the role the mapping gave."""
    email = unique_email("lise")
    added = ContactCenterAdministratorAdded(
        **world.cc_tenancy(),
        email=email,
        connect_role="read_only",
        platform_role="customer_readonly_admin",
        change_id=uuid.uuid4(),
    )
    await world.hear(added)
    await world.hear(added)

    [invited] = await world.events("customer.account_invited.v1")
    assert invited | {"email": email, "role": "customer_readonly_admin"} == invited
    assert len(world.mail.to(email)) == 0  # sent from the timer, after the commit
    assert token_of(await world.welcome_link(email))


async def test_a_welcome_email_is_retried_while_the_mail_server_is_down(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R-CC-02: the welcome email arrives once the mail server is back."""
    email = unique_email()
    mailer = world.accounts.mailer
    monkeypatch.setattr(mailer, "port", broker.free_port())  # nothing listens there
    await world.trial(email)
    await world.api.runtime.timers.fire_due()
    assert world.mail.to(email) == []
    assert (await world.account(email)).invitation_hash is None  # no link exists before one is sent

    monkeypatch.undo()
    world.clock.advance(timedelta(minutes=5))
    link = await world.welcome_link(email)
    assert (await world.activate(token_of(link))).status_code == 200


async def test_control_characters_in_a_sign_in_or_a_token_are_refused_as_input(world: World) -> None:
    async with world.anonymous() as client:
        signing_in = await client.post("/v1/sessions", json={"email": "kari\u0000@fjord.example", "password": "x"})
        activating = await client.post(
            "/v1/account-activations", json={"token": "a\u0000b", "password": PASSWORD, "accept_terms": True}
        )
    assert [signing_in.status_code, activating.status_code] == [422, 422]
    assert signing_in.json()["invalid_params"][0]["name"] == "email"
    assert activating.json()["invalid_params"][0]["name"] == "token"
