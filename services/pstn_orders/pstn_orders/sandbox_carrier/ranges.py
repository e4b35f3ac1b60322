"""The NANP ranges the sandbox holds numbers in: real US and Canadian NPA-NXX codes from phonenumbers' geocoder.

A range is one central office code (NPA-NXX) with the place the geocoder names for it ("Jersey City, NJ"). Codes
that never hold an ordinary geographic number are left out: N11 service codes, toll-free and other
non-geographic area codes, the 555 exchange (555-01XX is reserved for fiction) and the test/premium exchanges.
The rate center is the locality: the geocoder carries no rate-center data, and the locality is what a rate
center is usually named after.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import phonenumbers
from phonenumbers.geodata import GEOCODE_DATA

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
CA_PROVINCES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())

# Area codes that are not geographic: toll-free (the 8XX codes of the toll-free plan, in use and reserved),
# personal communications and machine-to-machine (5XX), 600, 622, interexchange (700), government (710) and
# premium (900). Caribbean and Pacific area codes drop out by region (they are not US or CA).
NON_GEOGRAPHIC_NPAS = frozenset(
    {
        "800",
        "822",
        "833",
        "844",
        "855",
        "866",
        "877",
        "880",
        "881",
        "882",
        "883",
        "884",
        "885",
        "886",
        "887",
        "888",
        "889",
        "500",
        "521",
        "522",
        "523",
        "524",
        "525",
        "526",
        "527",
        "528",
        "529",
        "533",
        "544",
        "566",
        "577",
        "588",
        "600",
        "622",
        "700",
        "710",
        "900",
        "950",
        "958",
        "959",
        "976",
    }
)
# Exchanges that hold no assignable subscriber numbers: directory and fiction (555), carrier access (950), the
# test codes (958, 959) and premium-rate (976).
RESERVED_NXXS = frozenset({"555", "950", "958", "959", "976"})


def is_n11(code: str) -> bool:
    return code[1:] == "11"


def assignable_npa(npa: str) -> bool:
    return npa[0] in "23456789" and not is_n11(npa) and npa[1] != "9" and npa not in NON_GEOGRAPHIC_NPAS


def assignable_nxx(nxx: str) -> bool:
    return nxx[0] in "23456789" and not is_n11(nxx) and nxx not in RESERVED_NXXS


@dataclass(frozen=True)
class NumberRange:
    npa: str
    nxx: str
    country: str  # US | CA
    state: str  # USPS state or Canadian province code
    locality: str

    @property
    def rate_center(self) -> str:
        return self.locality  # no rate-center data in the geocoder: the locality stands for it

    @property
    def prefix(self) -> int:
        return int(self.npa + self.nxx)


def _place(description: str) -> tuple[str, str] | None:
    locality, _, state = description.rpartition(", ")
    if not locality or not state:
        return None  # a whole state or province, no locality
    return locality, state


def _geocoded(prefix: str) -> str:
    """The geocoder's English description of a prefix: the longest prefix it knows, as its lookup does."""
    for length in range(len(prefix), 1, -1):
        names = GEOCODE_DATA.get(prefix[:length])
        if names is not None:
            return str(names.get("en", ""))
    return ""


def _country(npa: str) -> str | None:
    """US or CA for a geographic area code of theirs, None for another NANP country's or an unassigned one."""
    sample = phonenumbers.parse(f"+1{npa}2224567")
    country = phonenumbers.region_code_for_number(sample)
    return country if country in ("US", "CA") and phonenumbers.is_valid_number(sample) else None


@cache
def nanp_ranges() -> tuple[NumberRange, ...]:
    """Every assignable US/CA NPA-NXX the geocoder places in a locality, in a stable, well-spread order.

    Where the geocoder places a whole area code (or part of one) in one locality without listing its exchanges
    (212: New York, NY), each assignable exchange of it is a range of that locality."""
    npas = sorted({key[1:4] for key in GEOCODE_DATA if key[0] == "1" and len(key) >= 4})
    found: list[NumberRange] = []
    for npa in npas:
        if not assignable_npa(npa) or (country := _country(npa)) is None:
            continue
        states = US_STATES if country == "US" else CA_PROVINCES
        for code in range(200, 1000):
            nxx = f"{code:03d}"
            if not assignable_nxx(nxx):
                continue
            place = _place(_geocoded(f"1{npa}{nxx}"))
            if place is not None and place[1] in states:
                found.append(NumberRange(npa, nxx, country, place[1], place[0]))
    # Hashed order: any prefix of the list is spread over the whole continent, the same on every machine.
    return tuple(sorted(found, key=lambda r: hashlib.blake2b(f"{r.npa}{r.nxx}".encode(), digest_size=8).digest()))
