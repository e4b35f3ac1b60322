"""Users and the package caps they draw on (R-CUST-03..06)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState, Role
from contracts.events import UserCreated, UserPackageChanged
from customers.customer.errors import CustomerIsSuspended, CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.events import tenancy
from customers.models import Customer
from customers.user.errors import AdminDowngrade, EmailTaken, NumberTaken, PackageCapReached, UserNotFound
from customers.user.models import CatalogueItem, User
from customers.user.repository import CatalogueRepository, UserRepository
from customers.user.schemas import UserCreate
from servicekit import PageRequest, Principal, ProblemError, ValidationFailed, check_version, emit


class UserService:
    async def catalogue(self, session: AsyncSession) -> dict[str, CatalogueItem]:
        return {item.code: item for item in await CatalogueRepository(session).all()}

    async def listed_catalogue(self, session: AsyncSession) -> Sequence[CatalogueItem]:
        """Packages, then add-ons; each by level, then code."""
        items = await self.catalogue(session)
        return sorted(items.values(), key=lambda i: (i.kind, i.level, i.code))

    async def check_entitlement(
        self, session: AsyncSession, packages: Mapping[str, int], addons: Mapping[str, int]
    ) -> None:
        """Package and add-on codes of a new customer must be in the catalogue; add-ons must be orderable."""
        items = await self.catalogue(session)
        for code in packages:
            if code not in items or items[code].kind != "package":
                known = sorted(c for c, i in items.items() if i.kind == "package")
                raise ValidationFailed.field(f"packages.{code}", f"is not a package; one of {known}", rule="R-CUST-04")
        for code, quantity in addons.items():
            if code not in items or items[code].kind != "addon":
                raise ValidationFailed.field(f"addons.{code}", "is not an add-on of the catalogue", rule="R-CUST-05")
            if quantity and not items[code].orderable:
                raise ValidationFailed.field(f"addons.{code}", "is not orderable yet", rule="R-CUST-05")

    async def create(
        self, session: AsyncSession, customer_id: uuid.UUID, data: UserCreate, *, principal: Principal
    ) -> User:
        customer = await self._managed_customer(session, customer_id, principal, lock=True)
        users = UserRepository.for_caller(session, principal)
        items = await self.catalogue(session)
        if data.package is None and data.role != "full_admin":
            raise ValidationFailed.field("package", "every user holds exactly one package", rule="R-CUST-04")
        package = data.package or _organisation_package(customer, items)
        if package not in items or items[package].kind != "package":
            raise ValidationFailed.field("package", f"{package!r} is not a package of the catalogue", rule="R-CUST-04")
        if "calling" in items[package].services and not (data.extension or data.phone_number):
            raise ValidationFailed.field("extension", "a calling package needs an extension, a phone number or both")
        if await users.email_taken(customer.id, data.email):
            raise EmailTaken(data.email)
        # Under the customer row lock: two racing creates with one extension see each other (decisions.md, users).
        taken = await users.number_taken(customer.id, extension=data.extension, phone_number=data.phone_number)
        if taken is not None:
            raise NumberTaken(taken, str(getattr(data, taken)))
        await _take_seat(users, customer, package)
        user = await users.add(User(customer_id=customer.id, **data.model_dump(exclude={"package"}), package=package))
        event = UserCreated(**tenancy(customer), user_id=user.id, email=user.email, role=user.role, package=package)
        await emit(session, event)
        return user

    async def precheck(
        self, session: AsyncSession, customer_id: uuid.UUID, data: UserCreate, *, principal: Principal
    ) -> Sequence[ProblemError]:
        """A create run in a savepoint that is rolled back: what it would refuse, and nothing stored."""
        try:
            async with session.begin_nested() as savepoint:
                await self.create(session, customer_id, data, principal=principal)
                await savepoint.rollback()
        except ProblemError as problem:
            return [problem]
        return []

    async def change_package(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        user_id: uuid.UUID,
        package: str,
        *,
        principal: Principal,
        if_match: str | None = None,
    ) -> User:
        customer = await self._managed_customer(session, customer_id, principal, lock=True)
        users = UserRepository.for_caller(session, principal)
        user = await users.get(customer.id, user_id)
        if user is None:
            raise UserNotFound(customer_id, user_id)
        check_version(if_match, user.version, "user")
        items = await self.catalogue(session)
        if package not in items or items[package].kind != "package":
            raise ValidationFailed.field("package", f"{package!r} is not a package of the catalogue", rule="R-CUST-04")
        if package == user.package:
            return user
        if user.role == "full_admin" and items[package].level < items[user.package].level:
            raise AdminDowngrade(  # R-CUST-06
                f"{user.email} is a full administrator on {user.package!r}; {package!r} would be a downgrade.",
                current=user.package,
                requested=package,
            )
        if "calling" in items[package].services and not (user.extension or user.phone_number):
            raise ValidationFailed.field(
                "package", "a calling package needs the user's extension or phone number first"
            )
        await _take_seat(users, customer, package)
        previous, user.package = user.package, package
        await session.flush()
        event = UserPackageChanged(**tenancy(customer), user_id=user.id, previous_package=previous, package=package)
        await emit(session, event)
        return user

    async def list(
        self, session: AsyncSession, customer_id: uuid.UUID, page: PageRequest, *, principal: Principal
    ) -> Sequence[User]:
        customer = await self._managed_customer(session, customer_id, principal, lock=False)
        return await UserRepository.for_caller(session, principal).list(customer.id, page)

    async def _managed_customer(
        self, session: AsyncSession, customer_id: uuid.UUID, principal: Principal, *, lock: bool
    ) -> Customer:
        """Users are managed by the customer's own full administrators or by anyone above it."""
        customer = await CustomerRepository.for_caller(session, principal).get(customer_id, for_update=lock)
        if customer is None:
            raise CustomerNotFound(customer_id)
        if customer.id == principal.customer_id and not principal.has(Role.CUSTOMER_FULL_ADMIN, Role.PLATFORM_ROOT):
            raise CustomerNotFound(customer_id)
        return customer


async def _take_seat(users: UserRepository, customer: Customer, package: str) -> None:
    """R-CUST-03: the caller holds the customer row locked, so racing requests count one after another."""
    if customer.state == CustomerState.SUSPENDED:
        raise CustomerIsSuspended()
    cap = int(customer.packages.get(package, 0))
    in_use = await users.seats_taken(customer.id, package)
    if in_use >= cap:
        raise PackageCapReached(
            f"All {cap} seats of package {package!r} are in use.", package=package, cap=cap, in_use=in_use
        )


def _organisation_package(customer: Customer, items: Mapping[str, CatalogueItem]) -> str:
    """R-CUST-06: administrators get the organisation's package level: its highest entitled package."""
    entitled = [code for code, cap in customer.packages.items() if cap and code in items]
    if not entitled:
        raise ValidationFailed.field("package", "the customer is entitled to no package", rule="R-CUST-04")
    return max(entitled, key=lambda code: items[code].level)
