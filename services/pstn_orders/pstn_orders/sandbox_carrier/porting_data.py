"""The sandbox's off-net numbers: accounts at losing carriers, each with its customer service record (CSR).

Every number here is outside the sandbox's own inventory (each one's hundred-block is one the inventory reaches
only past a hundred million numbers), so ports of them are ports in. Each account is made to play some rejection
codes from a difference with its record (the README lists which); a number of no account ports as described in
pstn_orders.sandbox_carrier.porting_checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from pstn_orders.carrier import CivicAddress, PortRejectionCode


@dataclass(frozen=True)
class OffNetAccount:
    account_number: str
    btn: str
    losing_carrier: str
    authorized_name: str
    company_name: str
    service_address: CivicAddress
    numbers: tuple[str, ...]
    rate_center: str
    pin: str | None = None  # wireless accounts: the port needs it
    wireless: bool = False
    pending_order: frozenset[str] = frozenset()  # an LSR is pending on these
    special_feature: frozenset[str] = frozenset()  # remote call forwarding on these
    inactive: frozenset[str] = frozenset()  # disconnected: not portable
    rate_center_not_portable: frozenset[str] = frozenset()
    answers: PortRejectionCode | None = None  # what the losing carrier answers once the record matches


def run(prefix: str, first: int, count: int) -> tuple[str, ...]:
    """`count` consecutive numbers from +1<prefix><first> (prefix: NPA-NXX and the hundreds digit)."""
    return tuple(f"+1{prefix}{first + i:03d}" for i in range(count))


def address(
    house: str,
    street: str,
    suffix: str | None,
    city: str,
    state: str,
    zip_code: str,
    *,
    unit: str | None = None,
    pre_directional: str | None = None,
) -> CivicAddress:
    return CivicAddress(
        house_number=house,
        pre_directional=pre_directional,
        street_name=street,
        street_suffix=suffix,
        unit=unit,
        city=city,
        state=state,
        postal_code=zip_code,
        country="CA" if state in ("ON", "BC", "QC", "AB") else "US",
    )


ACCOUNTS: tuple[OffNetAccount, ...] = (
    # A clean account of sixty numbers: every detail right, it ports.
    OffNetAccount(
        account_number="8812447109",
        btn="+12127360200",
        losing_carrier="Hudson Bell Telephone",
        authorized_name="Maria Alvarez",
        company_name="Acme Dental Group LLC",
        service_address=address("350", "5TH", "AVE", "NEW YORK", "NY", "10118", unit="STE 4100"),
        numbers=run("2127360", 200, 60),
        rate_center="NEW YORK",
    ),
    # Pending orders and a special feature on some numbers.
    OffNetAccount(
        account_number="TX-550193",
        btn="+12147410100",
        losing_carrier="Lone Star Telephone",
        authorized_name="Dwayne Carter",
        company_name="Lone Star Logistics Inc",
        service_address=address("2100", "ROSS", "AVE", "DALLAS", "TX", "75201"),
        numbers=run("2147410", 100, 20),
        rate_center="DALLAS",
        pending_order=frozenset({"+12147410118", "+12147410119"}),
        special_feature=frozenset({"+12147410117"}),
    ),
    # One company, two accounts with two BTNs at the same carrier: one order per BTN.
    OffNetAccount(
        account_number="CHI-77120",
        btn="+13122360200",
        losing_carrier="Lakeshore Telecom",
        authorized_name="Priya Natarajan",
        company_name="Windy City Law LLP",
        service_address=address("233", "WACKER", "DR", "CHICAGO", "IL", "60606", pre_directional="S"),
        numbers=run("3122360", 200, 10),
        rate_center="CHICAGO",
    ),
    OffNetAccount(
        account_number="CHI-77121",
        btn="+13122360250",
        losing_carrier="Lakeshore Telecom",
        authorized_name="Priya Natarajan",
        company_name="Windy City Law LLP",
        service_address=address("233", "WACKER", "DR", "CHICAGO", "IL", "60606", pre_directional="S"),
        numbers=run("3122360", 250, 10),
        rate_center="CHICAGO",
    ),
    # Wireless: the port needs the account PIN.
    OffNetAccount(
        account_number="550012398",
        btn="+12063240300",
        losing_carrier="Cascade Wireless",
        authorized_name="Tom Becker",
        company_name="Emerald Coffee Roasters",
        service_address=address("1912", "PIKE", "PL", "SEATTLE", "WA", "98101"),
        numbers=run("2063240", 300, 5),
        rate_center="SEATTLE",
        pin="4821",
        wireless=True,
    ),
    # Two numbers in a rate center the platform cannot port into.
    OffNetAccount(
        account_number="LA-3390021",
        btn="+12134860100",
        losing_carrier="Pacific Coast Telco",
        authorized_name="Grace Kim",
        company_name="Sunset Studios Inc",
        service_address=address("6121", "SUNSET", "BLVD", "LOS ANGELES", "CA", "90028"),
        numbers=run("2134860", 100, 10),
        rate_center="LOS ANGELES",
        rate_center_not_portable=frozenset({"+12134860108", "+12134860109"}),
    ),
    # Canada, with one disconnected number.
    OffNetAccount(
        account_number="416-883-2201",
        btn="+14169680200",
        losing_carrier="Northern Telephone",
        authorized_name="Jean Tremblay",
        company_name="Maple Leaf Accounting Ltd",
        service_address=address("200", "BAY", "ST", "TORONTO", "ON", "M5J 2J2"),
        numbers=run("4169680", 200, 10),
        rate_center="TORONTO",
        inactive=frozenset({"+14169680209"}),
    ),
    # Wireless in Canada.
    OffNetAccount(
        account_number="BC-1002931",
        btn="+16046810100",
        losing_carrier="Cascade Wireless",
        authorized_name="Aiko Tanaka",
        company_name="Harbour Design Studio",
        service_address=address("555", "BURRARD", "ST", "VANCOUVER", "BC", "V7X 1M8"),
        numbers=run("6046810", 100, 3),
        rate_center="VANCOUVER",
        pin="7730",
        wireless=True,
    ),
    # A business on a wireless plan, sixty numbers: the port needs the PIN.
    OffNetAccount(
        account_number="WA-8830154",
        btn="+15096240100",
        losing_carrier="Inland Northwest Mobile",
        authorized_name="Hannah Lindqvist",
        company_name="Spokane Valley Clinic PLLC",
        service_address=address("1120", "SPRAGUE", "AVE", "SPOKANE", "WA", "99201", pre_directional="W"),
        numbers=run("5096240", 100, 60),
        rate_center="SPOKANE",
        pin="2468",
        wireless=True,
    ),
    # A large account: a thousand numbers, for ports of many numbers at once.
    OffNetAccount(
        account_number="PDX-4410078",
        btn="+15032411000",
        losing_carrier="Columbia River Telecom",
        authorized_name="Grace Okafor",
        company_name="Rose City Call Services Inc",
        service_address=address("1221", "BROADWAY", None, "PORTLAND", "OR", "97204", pre_directional="SW"),
        numbers=tuple(f"+150324{n}" for n in range(11000, 12000)),
        rate_center="PORTLAND",
    ),
    # The losing carrier answers with a reason nobody knows, whatever the order says.
    OffNetAccount(
        account_number="FL-0042117",
        btn="+13053770300",
        losing_carrier="Sunshine Telephone",
        authorized_name="Luis Ortega",
        company_name="Biscayne Imports LLC",
        service_address=address("801", "BRICKELL", "AVE", "MIAMI", "FL", "33131"),
        numbers=run("3053770", 300, 5),
        rate_center="MIAMI",
        answers=PortRejectionCode.unknown,
    ),
)
