"""Users and the package caps they draw on (R-CUST-03..06)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState, Role
from contracts.events import UserCreated, UserPackageChanged
from customers.customer.errors import CustomerIsSuspended, CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.events import tenancy
from customers.models import Customer
from customers.user.models import CatalogueItem, User
from customers.user.schemas import UserCreate
from servicekit import (
    Conflict,
    NotFound,
    Principal,
    ValidationFailed,
    check_version,
    emit,
    paginate,
)


class PackageCapReached(Conflict):
    type = "package-cap-reached"
    title = "Every seat of the package is taken"
    rule = "R-CUST-03"


class AdminDowngrade(Conflict):
    type = "admin-package-downgrade"
    title = "A full administrator's package cannot be downgraded"
    rule = "R-CUST-06"


async def catalogue(session: AsyncSession) -> dict[str, CatalogueItem]:
    return {item.code: item for item in await session.scalars(select(CatalogueItem))}


async def check_entitlement(session: AsyncSession, packages: Mapping[str, int], addons: Mapping[str, int]) -> None:
    """Package and add-on codes of a new customer must be in the catalogue; add-ons must be orderable."""
    items = await catalogue(session)
    for code in packages:
        if code not in items or items[code].kind != "package":
            known = sorted(c for c, i in items.items() if i.kind == "package")
            raise ValidationFailed.field(f"packages.{code}", f"is not a package; one of {known}", rule="R-CUST-04")
    for code, quantity in addons.items():
        if code not in items or items[code].kind != "addon":
            raise ValidationFailed.field(f"addons.{code}", "is not an add-on of the catalogue", rule="R-CUST-05")
        if quantity and not items[code].orderable:
            raise ValidationFailed.field(f"addons.{code}", "is not orderable yet", rule="R-CUST-05")


async def _managed_customer(
    session: AsyncSession, customer_id: uuid.UUID, principal: Principal, *, lock: bool
) -> Customer:
    """Users are managed by the customer's own full administrators or by anyone above it."""
    customer = await CustomerRepository(session, tenant_path=principal.tenant_path).get(customer_id, for_update=lock)
    if customer is None:
        raise CustomerNotFound(customer_id)
    if customer.id == principal.customer_id and not principal.has(Role.CUSTOMER_FULL_ADMIN, Role.PLATFORM_ROOT):
        raise CustomerNotFound(customer_id)
    return customer


async def _take_seat(session: AsyncSession, customer: Customer, package: str) -> None:
    """R-CUST-03: the caller holds the customer row locked, so racing requests count one after another."""
    if customer.state == CustomerState.SUSPENDED:
        raise CustomerIsSuspended()
    cap = int(customer.packages.get(package, 0))
    in_use = await session.scalar(
        select(func.count()).select_from(User).where(User.customer_id == customer.id, User.package == package)
    )
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


async def create_user(session: AsyncSession, customer_id: uuid.UUID, data: UserCreate, *, principal: Principal) -> User:
    customer = await _managed_customer(session, customer_id, principal, lock=True)
    items = await catalogue(session)
    if data.package is None and data.role != "full_admin":
        raise ValidationFailed.field("package", "every user holds exactly one package", rule="R-CUST-04")
    package = data.package or _organisation_package(customer, items)
    if package not in items or items[package].kind != "package":
        raise ValidationFailed.field("package", f"{package!r} is not a package of the catalogue", rule="R-CUST-04")
    if "calling" in items[package].services and not (data.extension or data.phone_number):
        raise ValidationFailed.field("extension", "a calling package needs an extension, a phone number or both")
    if await session.scalar(select(User.id).where(User.customer_id == customer.id, User.email == data.email)):
        raise Conflict(f"The customer already has a user {data.email}.", field="email")
    await _take_seat(session, customer, package)
    user = User(customer_id=customer.id, **data.model_dump(exclude={"package"}), package=package)
    session.add(user)
    await session.flush()
    await session.refresh(user)
    event = UserCreated(**tenancy(customer), user_id=user.id, email=user.email, role=user.role, package=package)
    await emit(session, event)
    return user


async def change_package(
    session: AsyncSession,
    customer_id: uuid.UUID,
    user_id: uuid.UUID,
    package: str,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> User:
    customer = await _managed_customer(session, customer_id, principal, lock=True)
    user = await session.scalar(select(User).where(User.id == user_id, User.customer_id == customer.id))
    if user is None:
        raise NotFound(f"No user {user_id} of customer {customer_id}.")
    check_version(if_match, user.version, "user")
    items = await catalogue(session)
    if package not in items or items[package].kind != "package":
        raise ValidationFailed.field("package", f"{package!r} is not a package of the catalogue", rule="R-CUST-04")
    if package == user.package:
        return user
    if user.role == "full_admin" and items[package].level < items[user.package].level:
        raise AdminDowngrade(
            f"{user.email} is a full administrator on {user.package!r}; {package!r} would be a downgrade.",
            current=user.package,
            requested=package,
        )
    if "calling" in items[package].services and not (user.extension or user.phone_number):
        raise ValidationFailed.field("package", "a calling package needs the user's extension or phone number first")
    await _take_seat(session, customer, package)
    previous, user.package = user.package, package
    await session.flush()
    event = UserPackageChanged(**tenancy(customer), user_id=user.id, previous_package=previous, package=package)
    await emit(session, event)
    return user


async def list_users(
    session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, cursor: str | None, limit: int
) -> Sequence[User]:
    customer = await _managed_customer(session, customer_id, principal, lock=False)
    stmt = select(User).where(User.customer_id == customer.id)
    return (await session.scalars(paginate(stmt, User.created_at, User.id, cursor=cursor, limit=limit))).all()
