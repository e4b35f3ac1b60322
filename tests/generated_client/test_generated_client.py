"""A provider's flows through clients generated from each service's /openapi.json with openapi-python-client.

Each service's document is fetched from the running stack and turned into a client package in a temporary folder
once per module (`openapi-python-client generate --meta none`, post-hooks off: nothing is formatted or fetched).
The packages are imported under their own names and every call below goes through their generated async
functions and models: onboarding a partner and a flagged customer through its review, a user, a ledger
transaction and the balance, a screening check, and 4xx answers parsed into the generated `Problem` model. A
schema that does not match what a server sends fails here, in the generated `from_dict`.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import pytest_asyncio

from devstack.services import Services
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")

SERVICES = ("customers", "rpl_screening", "pstn_orders", "cc_setup")
LISTED_NAME = "Banco Nacional de Cuba"  # an SDN entity


@dataclass
class Generated:
    """One service's generated client package, imported under `name`."""

    name: str
    url: str

    def __call__(self, module: str) -> ModuleType:
        """A module of the package: `api.customers.create_customer`, `models`, `client` ..."""
        return importlib.import_module(f"{self.name}.{module}")

    def client(self, token: str) -> Any:
        return self("client").AuthenticatedClient(base_url=self.url, token=token, raise_on_unexpected_status=True)


async def _generate(service: str, url: str, folder: Path) -> Generated:
    async with httpx.AsyncClient(base_url=url) as http:
        response = await http.get("/openapi.json")
    response.raise_for_status()
    document = folder / f"{service}.json"
    document.write_bytes(response.content)
    config = folder / "config.yaml"
    # No ruff over the output (it is imported, not read); pasted numbers (text/plain, text/csv bodies) go as
    # bytes, as the README tells integrators whose generator knows no text bodies.
    config.write_text(
        "post_hooks: []\ncontent_type_overrides:\n"
        "  text/plain: application/octet-stream\n  text/csv: application/octet-stream\n"
        "  application/pdf: application/octet-stream\n"
    )
    name = f"generated_{service}_{uuid.uuid4().hex[:8]}"
    output = folder / name
    generator = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(document),
        "--output-path",
        str(output),
        "--meta",
        "none",
        "--config",
        str(config),
        "--fail-on-warning",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await generator.communicate()
    assert generator.returncode == 0, out.decode()
    spec = importlib.util.spec_from_file_location(
        name, output / "__init__.py", submodule_search_locations=[str(output)]
    )
    assert spec is not None
    assert spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    return Generated(name, url)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def generated(
    services: Services, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[dict[str, Generated]]:
    folder = tmp_path_factory.mktemp("generated_client")
    clients = await asyncio.gather(*(_generate(name, getattr(services, name).url, folder) for name in SERVICES))
    yield dict(zip(SERVICES, clients, strict=True))
    for client in clients:
        for module in [m for m in sys.modules if m == client.name or m.startswith(f"{client.name}.")]:
            del sys.modules[module]


def _token(caller: Caller) -> str:
    return caller.customers.headers["Authorization"].removeprefix("Bearer ")


async def _until(read: Callable[[], Awaitable[Any]], done: Callable[[Any], bool], within: float = 30.0) -> Any:
    """Poll a generated call until its parsed answer is `done` (what a provider's OSS does)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        answer = await read()
        if done(answer):
            return answer
        assert asyncio.get_running_loop().time() < deadline, f"never reached: {answer!r}"
        await asyncio.sleep(0.1)


def _customer_body(customers: Generated, name: str, country: str, city: str) -> Any:
    models = customers("models")
    return models.CustomerCreate(
        external_id=f"crm-{uuid.uuid4().hex[:12]}",
        name=name,
        billing_address=models.BillingAddress(
            line1="Storgata 1", city=city, postal_code="0155", country=models.BillingAddressCountry(country)
        ),
        contact_email="it@example.com",
        packages=models.CustomerCreatePackages.from_dict({"calling_standard": 5}),
    )


async def test_a_provider_onboards_through_the_generated_clients(generated: dict[str, Generated], root: Caller) -> None:
    customers, rpl = generated["customers"], generated["rpl_screening"]
    models, rpl_models = customers("models"), rpl("models")
    create_customer = customers("api.customers.create_customer")
    get_customer = customers("api.customers.get_customer")
    approve = rpl("api.review_cases.approve_review_case")

    async with customers.client(_token(root)) as as_root, rpl.client(_token(root)) as reviewer:

        async def approve_review(customer: Any, reason: str) -> Any:
            case_id = customer.screening.review_case_id
            detail = (await rpl("api.review_cases.get_review_case").asyncio_detailed(case_id, client=reviewer)).parsed
            assert isinstance(detail, rpl_models.ReviewCaseDetail)
            assert detail.state == rpl_models.ReviewCaseState.OPEN
            assert detail.screening.outcome == "flagged"
            answer = await approve.asyncio_detailed(case_id, client=reviewer, body=rpl_models.Decision(reason=reason))
            assert answer.status_code == 200, answer.content
            assert isinstance(answer.parsed, rpl_models.ReviewCaseRead)
            return detail

        # 1. The root creates a partner (approved if its screening flags it), its API client and its token.
        created = await create_customer.asyncio_detailed(
            client=as_root, body=_customer_body(customers, "Generated Telecom Partner AS", "NO", "Oslo")
        )
        assert created.status_code == 202, created.content
        assert isinstance(created.parsed, models.CustomerRead)
        assert created.parsed.state == models.CustomerState.PROVISIONING
        assert created.headers["Location"].endswith(f"/v1/customers/{created.parsed.id}")
        partner_id = created.parsed.id

        async def read_partner() -> Any:
            return (await get_customer.asyncio_detailed(partner_id, client=as_root)).parsed

        live = (models.CustomerState.PROVISIONED, models.CustomerState.PENDING_RPL_REVIEW)
        partner = await _until(read_partner, lambda c: c.state in live)
        if partner.state == models.CustomerState.PENDING_RPL_REVIEW:  # partners are screened too (R-RPL-01)
            await approve_review(partner, "test partner")
            partner = await _until(read_partner, lambda c: c.state == models.CustomerState.PROVISIONED)

        api_client = await customers("api.access.create_api_client").asyncio_detailed(
            partner_id,
            client=as_root,
            body=models.ApiClientCreate(name="OSS", roles=[models.Role.PARTNER_ADMIN]),
        )
        assert api_client.status_code == 201, api_client.content
        credential = api_client.parsed
        assert isinstance(credential, models.ApiClientCreated)
        async with customers("client").Client(base_url=customers.url) as anonymous:
            token = await customers("api.access.create_token").asyncio_detailed(
                client=anonymous,
                body=models.BodyCreateToken(
                    grant_type="client_credentials",
                    client_id=credential.client_id,
                    client_secret=credential.client_secret,
                ),
            )
        assert token.status_code == 200, token.content
        assert isinstance(token.parsed, models.TokenRead)

        # 2. The partner's OSS: a default tariff (R-HIER-05), then a customer that is a listed party.
        async with customers.client(token.parsed.access_token) as as_partner:
            tariff = await customers("api.billing.create_tariff").asyncio_detailed(
                client=as_partner, body=models.TariffCreate(name="Standard", currency="USD", is_default=True)
            )
            assert tariff.status_code == 201, tariff.content
            assert isinstance(tariff.parsed, models.TariffRead)

            flagged = await create_customer.asyncio_detailed(
                client=as_partner, body=_customer_body(customers, LISTED_NAME, "CU", "Havana")
            )
            assert flagged.status_code == 202, flagged.content
            customer_id = flagged.parsed.id

            async def read_customer() -> Any:
                return (await get_customer.asyncio_detailed(customer_id, client=as_partner)).parsed

            # R-RPL-03, R-RPL-04: flagged, it waits for a reviewer; approved, it is provisioned.
            pending = await _until(read_customer, lambda c: c.state == models.CustomerState.PENDING_RPL_REVIEW)
            assert pending.tariff_id == tariff.parsed.id
            await approve_review(pending, "Different entity.")
            again = await approve.asyncio_detailed(
                pending.screening.review_case_id, client=reviewer, body=rpl_models.Decision(reason="twice")
            )
            assert again.status_code == 409
            assert isinstance(again.parsed, rpl_models.Problem)
            assert again.parsed.type_.endswith("/review-case-closed")
            customer = await _until(read_customer, lambda c: c.state == models.CustomerState.PROVISIONED)
            assert customer.screening.status == "approved"
            assert customer.country == "CU"

            user = await customers("api.users.create_user").asyncio_detailed(
                customer_id,
                client=as_partner,
                body=models.UserCreate(
                    email="ops@example.com", name="Ops", package="calling_standard", extension="101"
                ),
            )
            assert user.status_code == 201, user.content
            assert isinstance(user.parsed, models.UserRead)
            assert user.parsed.customer_id == customer_id

            # Money is a decimal string both ways; a retry with the same Idempotency-Key books nothing more.
            post_transaction = customers("api.billing.post_transaction")
            funds = models.TransactionCreate(kind=models.TransactionCreateKind.ADD_FUNDS, amount="25.50")
            key = uuid.uuid4().hex
            booked = await post_transaction.asyncio_detailed(
                customer_id, client=as_partner, body=funds, idempotency_key=key
            )
            assert booked.status_code == 201, booked.content
            assert isinstance(booked.parsed, models.LedgerEntryRead)
            assert Decimal(booked.parsed.amount) == Decimal("25.50")
            replayed = await post_transaction.asyncio_detailed(
                customer_id, client=as_partner, body=funds, idempotency_key=key
            )
            assert replayed.headers.get("Idempotent-Replayed") == "true"
            assert replayed.parsed.id == booked.parsed.id

            balance = await customers("api.billing.get_balance").asyncio_detailed(customer_id, client=as_partner)
            assert balance.status_code == 200, balance.content
            assert isinstance(balance.parsed, models.BalanceRead)
            assert (Decimal(balance.parsed.balance), balance.parsed.currency) == (Decimal("25.50"), "USD")
            ledger = await customers("api.billing.list_ledger_entries").asyncio_detailed(customer_id, client=as_partner)
            assert isinstance(ledger.parsed, models.PageLedgerEntryRead)
            assert [e.id for e in ledger.parsed.items].count(booked.parsed.id) == 1  # booked once, newest last
            assert Decimal(ledger.parsed.items[-1].balance_usd) == Decimal("25.50")

            # The provisioned customer reaches the downstream directories, read through their own clients.
            for downstream in (generated["pstn_orders"], generated["cc_setup"]):
                async with downstream.client(token.parsed.access_token) as http:
                    get_known = downstream("api.customers.get_known_customer")

                    async def read_known(get_known: ModuleType = get_known, http: Any = http) -> Any:
                        return await get_known.asyncio_detailed(customer_id, client=http)

                    known = await _until(read_known, lambda answer: answer.status_code == 200)
                    assert (known.parsed.customer_id, known.parsed.country) == (customer_id, "CU")


async def test_a_screening_check_through_the_generated_client(generated: dict[str, Generated], root: Caller) -> None:
    rpl = generated["rpl_screening"]
    models = rpl("models")
    check_party = rpl("api.screenings.check_party")
    async with rpl.client(_token(root)) as http:
        listed = await check_party.asyncio_detailed(
            client=http, body=models.Party(name=LISTED_NAME, country=models.PartyCountryType0("CU"), reference="p-1")
        )
        clean = await check_party.asyncio_detailed(
            client=http, body=models.Party(name="Fjordline Bakery Supplies", country=models.PartyCountryType0("NO"))
        )

    assert listed.status_code == 200, listed.content
    assert isinstance(listed.parsed, models.ScreeningResult)
    assert listed.parsed.outcome == models.ScreeningResultOutcome.POSSIBLE_MATCH
    assert listed.parsed.reference == "p-1"
    assert listed.parsed.list_versions
    assert any("CUBA" in match.entry_name.upper() for match in listed.parsed.matches)
    assert clean.parsed.outcome == models.ScreeningResultOutcome.CLEAR


async def test_refusals_come_back_as_the_generated_problem_model(
    generated: dict[str, Generated], partner: Caller
) -> None:
    customers = generated["customers"]
    models = customers("models")
    # The schema's country enum reaches the client: it cannot even build an unknown country.
    with pytest.raises(ValueError, match="XX"):
        models.BillingAddressCountry("XX")

    async with customers.client(_token(partner)) as http:
        body = _customer_body(customers, "Fjordline Bakery Supplies", "NO", "Oslo")
        body.packages = models.CustomerCreatePackages.from_dict({"no_such_package": 1})
        unknown_package = await customers("api.customers.create_customer").asyncio_detailed(client=http, body=body)
        bad_amount = await customers("api.billing.post_transaction").asyncio_detailed(
            partner.customer_id,
            client=http,
            body=models.TransactionCreate(kind=models.TransactionCreateKind.ADD_FUNDS, amount="12.5.0"),
        )
        missing = await customers("api.customers.get_customer").asyncio_detailed(uuid.uuid4(), client=http)
    async with customers("client").AuthenticatedClient(base_url=customers.url, token="not-a-token") as stranger:
        refused = await customers("api.customers.get_customer").asyncio_detailed(uuid.uuid4(), client=stranger)

    for answer, status in ((unknown_package, 422), (bad_amount, 422), (missing, 404), (refused, 401)):
        assert answer.status_code == status, answer.content
        assert isinstance(answer.parsed, models.Problem), answer.content
        assert answer.parsed.status == status
        assert answer.headers["content-type"] == "application/problem+json"
    assert [p.name for p in unknown_package.parsed.invalid_params] == ["packages.no_such_package"]
    assert [p.name for p in bad_amount.parsed.invalid_params] == ["amount"]
