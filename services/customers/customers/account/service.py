"""Administrator accounts: invited (R-CC-02, R-CC-14), activated with a password and the terms (R-CC-02), signed in
with a token of the platform's issuer and a profile that offers setup until it is done (R-CC-03), their role kept
in step with connect (R-CC-13)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import structlog
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from contracts.events import AccountActivated, AccountInvited, AccountRoleChanged
from customers.access.service import AccessService
from customers.account.errors import AccountExists, AccountNotFound, SignInRefused, invitation_refused
from customers.account.models import Account
from customers.account.repository import AccountRepository, ContactCenterRepository
from customers.account.schemas import (
    ActivationCreate,
    AdministratorCreate,
    AdministratorRole,
    Profile,
    SessionCreate,
    SessionRead,
)
from customers.customer.errors import CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.models import Customer
from servicekit import (
    Clock,
    Forbidden,
    Mailer,
    PageRequest,
    Principal,
    TokenIssuer,
    ValidationFailed,
    check_version,
    emit,
    schedule_timer,
)

log = structlog.get_logger()

WELCOME_EMAIL_TIMER = "account.welcome_email"
EMAIL_ATTEMPTS = 6  # a mail server that is down is tried again after 5, 10, 15 … minutes
PASSWORDS = PasswordHasher()
# Verified when no account matches, so an unknown email takes as long as a wrong password.
UNKNOWN_HASH = PASSWORDS.hash(secrets.token_urlsafe(16))
ACCOUNT_SUBJECT_PREFIX = "acct_"  # a token's `sub` for an administrator account; API clients' start with "cl_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_subject(account_id: uuid.UUID) -> str:
    return f"{ACCOUNT_SUBJECT_PREFIX}{account_id.hex}"


class AccountService:
    def __init__(
        self,
        *,
        issuer: TokenIssuer,
        access: AccessService,
        clock: Clock,
        mailer: Mailer,
        link_base_url: str,
        invitation_ttl: timedelta,
        password_min_length: int,
    ) -> None:
        self.issuer = issuer
        self.access = access
        self.clock = clock
        self.mailer = mailer
        self.link_base_url = link_base_url
        self.invitation_ttl = invitation_ttl
        self.password_min_length = password_min_length

    # Invitations

    async def invite(
        self, session: AsyncSession, customer: Customer, email: str, role: AdministratorRole
    ) -> tuple[Account, bool]:
        """The customer's account for the email, invited now unless it has one already; whether it is new."""
        email = email.strip().lower()
        accounts = AccountRepository.unscoped(session)
        now, account_id = self.clock.now(), uuid.uuid4()
        expires = now + self.invitation_ttl
        inserted = await accounts.insert_new(  # one account per customer and email: a repeat invites no one
            {
                "id": account_id,
                "customer_id": customer.id,
                "tenant_path": customer.path,
                "email": email,
                "role": role,
                "state": "invited",
                "invitation_expires_at": expires,
            }
        )
        account = await accounts.by_email(customer.id, email)
        assert account is not None
        if inserted:
            await self._send_invitation(session, customer, account)
        return account, inserted

    async def _send_invitation(self, session: AsyncSession, customer: Customer, account: Account) -> None:
        await emit(
            session,
            AccountInvited(
                customer_id=customer.id,
                parent_id=customer.parent_id,
                tenant_path=customer.path,
                account_id=account.id,
                email=account.email,
                role=account.role,  # type: ignore[arg-type]
                expires_at=account.invitation_expires_at,
            ),
        )
        # R-CC-02: the welcome email goes after the commit, from a durable timer: a mail server that is down is
        # tried again, and a rolled-back invitation sends nothing.
        payload = {"account_id": str(account.id), "attempt": 1}
        await schedule_timer(session, WELCOME_EMAIL_TIMER, str(account.id), self.clock.now(), payload)

    async def invite_administrator(
        self, session: AsyncSession, customer_id: uuid.UUID, data: AdministratorCreate, *, principal: Principal
    ) -> tuple[Account, bool]:
        """Invite an administrator of the customer; an invited one not yet active is sent a new link."""
        customer = await self._customer(session, customer_id, principal)
        account, created = await self.invite(session, customer, data.email, data.role)
        if created:
            return account, True
        if account.state == "active":
            raise AccountExists(account.email)
        locked = await AccountRepository.unscoped(session).get(customer.id, account.id, for_update=True)
        assert locked is not None
        # A new link replaces the one sent before (lost or expired); the role is the one asked for now.
        locked.role = data.role
        locked.invitation_hash = locked.invitation_emailed_at = None
        locked.invitation_expires_at = self.clock.now() + self.invitation_ttl
        await session.flush()
        await self._send_invitation(session, customer, locked)
        return locked, False

    async def on_welcome_timer(self, session: AsyncSession, timer: Row[Any]) -> None:
        """Email the get-started link; the token exists only in the email, the account keeps its hash."""
        account = await AccountRepository.unscoped(session).by_id(uuid.UUID(timer.payload["account_id"]))
        if account is None or account.state != "invited" or account.invitation_emailed_at is not None:
            return
        token = secrets.token_urlsafe(32)
        try:
            await self.mailer.send(welcome_email(account, self.link(token)))
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            attempt = int(timer.payload["attempt"])
            log.warning("account.welcome_email_failed", account_id=str(account.id), attempt=attempt, error=str(exc))
            if attempt < EMAIL_ATTEMPTS:
                due = self.clock.now() + timedelta(minutes=5 * attempt)
                payload = {"account_id": str(account.id), "attempt": attempt + 1}
                await schedule_timer(session, WELCOME_EMAIL_TIMER, str(account.id), due, payload)
            return
        account.invitation_hash = token_hash(token)
        account.invitation_emailed_at = self.clock.now()
        await session.flush()

    def link(self, token: str) -> str:
        separator = "&" if "?" in self.link_base_url else "?"
        return f"{self.link_base_url}{separator}token={token}"

    # Activation

    async def activate(self, session: AsyncSession, data: ActivationCreate) -> Account:
        """The get-started link used: a password set and the terms accepted, once (R-CC-02)."""
        account = await AccountRepository.unscoped(session).by_invitation(token_hash(data.token))
        now = self.clock.now()
        if account is None:
            raise invitation_refused("This get-started link is not known; ask your administrator for a new one.")
        if account.invitation_used_at is not None:  # R-CC-02
            raise invitation_refused("This get-started link was used already; sign in with your password.")
        if now >= account.invitation_expires_at:  # R-CC-02
            raise invitation_refused(
                f"This get-started link expired at {account.invitation_expires_at.isoformat()}; ask for a new one."
            )
        if len(data.password) < self.password_min_length:
            raise ValidationFailed.field(
                "password", f"A password has at least {self.password_min_length} characters.", rule="R-CC-02"
            )
        if data.accept_terms is not True:  # R-CC-02
            raise ValidationFailed.field(
                "accept_terms", "The terms of service must be accepted before access is given.", rule="R-CC-02"
            )
        account.password_hash = PASSWORDS.hash(data.password)
        account.state = "active"
        account.terms_accepted_at = account.activated_at = account.invitation_used_at = now
        await session.flush()
        customer = await self._customer_of(session, account)
        await emit(
            session,
            AccountActivated(
                customer_id=customer.id,
                parent_id=customer.parent_id,
                tenant_path=customer.path,
                account_id=account.id,
                email=account.email,
                role=account.role,  # type: ignore[arg-type]
                activated_at=now,
            ),
        )
        return account

    # Sign-in and profile

    async def sign_in(self, session: AsyncSession, data: SessionCreate) -> SessionRead:
        """A token of the platform's issuer for an active account, and its profile (R-CC-03)."""
        candidates = await AccountRepository.unscoped(session).all_by_email(
            data.email.strip().lower(), data.customer_id
        )
        account = next((a for a in candidates if _password_matches(a, data.password)), None)
        if not candidates:
            _password_matches(None, data.password)
        if account is None or account.state != "active":  # R-CC-02: access only after activation
            raise SignInRefused()
        customer = await self._customer_of(session, account)
        principal = Principal(
            client_id=account_subject(account.id),
            customer_id=customer.id,
            tenant_path=customer.path,
            roles=frozenset({Role(account.role)}),
        )
        if await self.access.refusal(session, principal):  # a closed organisation signs no one in
            raise SignInRefused()
        return SessionRead(
            access_token=self.issuer.issue(principal),
            expires_in=int(self.issuer.ttl.total_seconds()),
            profile=await self.profile_of(session, account),
        )

    async def me(self, session: AsyncSession, *, principal: Principal) -> Profile:
        if not principal.client_id.startswith(ACCOUNT_SUBJECT_PREFIX):
            raise Forbidden("Only an administrator account has a profile; this token is an API client's.")
        account = await AccountRepository.for_caller(session, principal).by_id(
            uuid.UUID(hex=principal.client_id.removeprefix(ACCOUNT_SUBJECT_PREFIX))
        )
        if account is None or account.state != "active":
            raise SignInRefused()
        return await self.profile_of(session, account)

    async def profile_of(self, session: AsyncSession, account: Account) -> Profile:
        active = await ContactCenterRepository(session).is_active(account.customer_id)
        return Profile(
            account_id=account.id,
            email=account.email,
            role=account.role,  # type: ignore[arg-type]
            customer_id=account.customer_id,
            setup_required=not active,  # R-CC-03: offered at every sign-in until the tenant is active
        )

    # The hub's administrator list and role changes

    async def list(
        self, session: AsyncSession, customer_id: uuid.UUID, page: PageRequest, *, principal: Principal
    ) -> Sequence[Account]:
        await self._customer(session, customer_id, principal)
        return await AccountRepository.for_caller(session, principal).list(customer_id, page)

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, account_id: uuid.UUID, *, principal: Principal
    ) -> Account:
        await self._customer(session, customer_id, principal)
        account = await AccountRepository.for_caller(session, principal).get(customer_id, account_id)
        if account is None:
            raise AccountNotFound(customer_id, account_id)
        return account

    async def change_role(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        account_id: uuid.UUID,
        role: AdministratorRole,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> Account:
        """A role changed in the hub; connect follows from the event (R-CC-13)."""
        customer = await self._customer(session, customer_id, principal)
        account = await AccountRepository.for_caller(session, principal).get(customer_id, account_id, for_update=True)
        if account is None:
            raise AccountNotFound(customer_id, account_id)
        check_version(if_match, account.version, "account")
        if account.role == role:
            return account
        change_id = uuid.uuid4()
        await self._apply_role(session, customer, account, role, origin="platform", change_id=change_id)
        return account

    async def _apply_role(
        self,
        session: AsyncSession,
        customer: Customer,
        account: Account,
        role: str,
        *,
        origin: str,
        change_id: uuid.UUID,
    ) -> None:
        await AccountRepository.unscoped(session).record_change(change_id, account.id, role, origin)
        account.role = role
        await session.flush()
        await emit(
            session,
            AccountRoleChanged(
                customer_id=customer.id,
                parent_id=customer.parent_id,
                tenant_path=customer.path,
                account_id=account.id,
                email=account.email,
                role=role,  # type: ignore[arg-type]
                origin=origin,  # type: ignore[arg-type]
                change_id=change_id,  # R-CC-13: one id follows the change around both systems
            ),
        )

    # What the contact center tells

    async def on_administrator_named(
        self, session: AsyncSession, customer_id: uuid.UUID, email: str, role: AdministratorRole
    ) -> None:
        """A trial, a mapped order or connect named an administrator: the platform invites them first (R-CC-14)."""
        customer = await CustomerRepository.unscoped(session).get(customer_id)
        if customer is None:
            log.warning("account.invitation_for_unknown_customer", customer_id=str(customer_id))
            return
        await self.invite(session, customer, email, role)

    async def on_role_synced(
        self, session: AsyncSession, customer_id: uuid.UUID, email: str, role: str, change_id: uuid.UUID
    ) -> None:
        """A role changed in connect: applied once, echoed with the same change id (R-CC-13)."""
        accounts = AccountRepository.unscoped(session)
        if await accounts.change_applied(change_id):  # R-CC-13: a change heard again is not applied twice
            return
        account = await accounts.by_email(customer_id, email.strip().lower(), for_update=True)
        customer = await CustomerRepository.unscoped(session).get(customer_id)
        if account is None or customer is None:
            log.info("account.role_sync_without_account", customer_id=str(customer_id), change_id=str(change_id))
            return
        if account.role == role:
            await accounts.record_change(change_id, account.id, role, "connect")
            return
        await self._apply_role(session, customer, account, role, origin="connect", change_id=change_id)

    async def on_contact_center_active(self, session: AsyncSession, customer_id: uuid.UUID, at: datetime) -> None:
        await ContactCenterRepository(session).mark_active(customer_id, at)  # R-CC-03: setup is complete

    # Tenancy

    async def _customer(self, session: AsyncSession, customer_id: uuid.UUID, principal: Principal) -> Customer:
        customer = await CustomerRepository.for_caller(session, principal).get(customer_id)  # R-HIER-03
        if customer is None:
            raise CustomerNotFound(customer_id)
        if not principal.has(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN) and principal.customer_id != customer_id:
            raise Forbidden("A customer administrator manages the administrators of its own organisation only.")
        return customer

    async def _customer_of(self, session: AsyncSession, account: Account) -> Customer:
        customer = await CustomerRepository.unscoped(session).get(account.customer_id)
        assert customer is not None  # an account's customer is never deleted from the table
        return customer


def _password_matches(account: Account | None, password: str) -> bool:
    try:
        return PASSWORDS.verify(account.password_hash if account and account.password_hash else UNKNOWN_HASH, password)
    except VerificationError:
        return False


def welcome_email(account: Account, link: str) -> EmailMessage:
    message = EmailMessage()
    message["To"] = account.email
    message["Subject"] = "Welcome: get started with your contact center"
    message["X-Account-Id"] = str(account.id)
    message.set_content(
        "You are invited as an administrator of your organisation's contact center.\n\n"
        f"Get started here: {link}\n\n"
        "Set your password and accept the terms of service; then you can sign in. The link works once, until "
        f"{account.invitation_expires_at:%Y-%m-%d %H:%M} UTC.\n"
    )
    return message
