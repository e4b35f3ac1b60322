"""Emergency address validation as a carrier does it: US addresses in USPS Publication 28 form (usaddress,
usaddress-scourgify) with the ZIP checked against its state and city (zipcodes); Canadian postal codes by
format and by the province their first letter belongs to."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import usaddress
import zipcodes
from scourgify import normalize_address_record
from scourgify.exceptions import AddressNormalizationError, AddressValidationError

from pstn_orders.carrier import AddressCheck, AddressProblem, AddressVerdict, CarrierUnavailable, CivicAddress
from pstn_orders.sandbox_carrier.magic import AMBIGUOUS_HOUSE_NUMBER, REFUSED_HOUSE_NUMBER, UNAVAILABLE_LOCALITY
from pstn_orders.sandbox_carrier.ranges import CA_PROVINCES, US_STATES

ZIP = re.compile(r"^\d{5}(-\d{4})?$")
POSTAL_CODE = re.compile(r"^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]) ?(\d[ABCEGHJ-NPRSTV-Z]\d)$")
PO_BOX = re.compile(r"^\s*(P\.?\s*O\.?\s*BOX|POST\s+OFFICE\s+BOX)\b", re.IGNORECASE)
# Canada Post's forward sortation areas: the first letter names the province or territory.
PROVINCE_LETTERS = {
    "A": {"NL"},
    "B": {"NS"},
    "C": {"PE"},
    "E": {"NB"},
    "G": {"QC"},
    "H": {"QC"},
    "J": {"QC"},
    "K": {"ON"},
    "L": {"ON"},
    "M": {"ON"},
    "N": {"ON"},
    "P": {"ON"},
    "R": {"MB"},
    "S": {"SK"},
    "T": {"AB"},
    "V": {"BC"},
    "X": {"NT", "NU"},
    "Y": {"YT"},
}
CIVIC_FIELDS = (
    "house_number",
    "house_number_suffix",
    "pre_directional",
    "street_name",
    "street_suffix",
    "post_directional",
    "unit",
    "floor",
    "building",
    "city",
    "state",
    "postal_code",
)


def address_id(address: CivicAddress) -> str:
    key = "|".join(str(getattr(address, name) or "") for name in (*CIVIC_FIELDS, "country"))
    return "adr_" + hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


def _same(a: CivicAddress, b: CivicAddress) -> bool:
    def flat(value: str | None) -> str:
        return " ".join((value or "").upper().split())

    return all(flat(getattr(a, name)) == flat(getattr(b, name)) for name in CIVIC_FIELDS)


def _invalid(*problems: tuple[str, str]) -> AddressCheck:
    return AddressCheck(
        verdict=AddressVerdict.invalid, problems=[AddressProblem(field=f, reason=r) for f, r in problems]
    )


def _verdict(given: CivicAddress, normalised: CivicAddress) -> AddressCheck:
    if normalised.house_number == AMBIGUOUS_HOUSE_NUMBER and not (
        normalised.pre_directional or normalised.post_directional
    ):
        candidates = [normalised.model_copy(update={"pre_directional": d}) for d in ("N", "S")]
        return AddressCheck(verdict=AddressVerdict.ambiguous, candidates=candidates)
    if _same(given, normalised):
        return AddressCheck(verdict=AddressVerdict.valid, carrier_address_id=address_id(normalised))
    return AddressCheck(
        verdict=AddressVerdict.corrected, suggested=normalised, carrier_address_id=address_id(normalised)
    )


def _street_line(address: CivicAddress) -> str:
    number = " ".join(filter(None, [address.house_number, address.house_number_suffix]))
    parts = [number, address.pre_directional, address.street_name, address.street_suffix, address.post_directional]
    return " ".join(part for part in parts if part)


def _upper(value: str | None) -> str | None:
    return " ".join(value.upper().split()) if value else None


def validate_us(address: CivicAddress) -> AddressCheck:
    if address.state.upper() not in US_STATES:
        return _invalid(("state", f"{address.state} is not a US state"))
    if not ZIP.match(address.postal_code.strip()):
        return _invalid(("postal_code", "a ZIP code is five digits, or ZIP+4 (12345-6789)"))
    zip5 = address.postal_code.strip()[:5]
    places: list[dict[str, Any]] = zipcodes.matching(zip5)  # type: ignore[no-untyped-call]
    if not places:
        return _invalid(("postal_code", f"{zip5} is not a ZIP code"))
    place = places[0]
    if place["state"] != address.state.upper():
        return _invalid(("postal_code", f"ZIP {zip5} is in {place['state']}, not {address.state.upper()}"))
    cities = {c.upper() for c in [place["city"], *place.get("acceptable_cities", [])]}
    if " ".join(address.city.upper().split()) not in cities:
        return _invalid(
            ("postal_code", f"ZIP {zip5} belongs to {place['city'].upper()}, not {address.city.upper()}"),
            ("city", f"{address.city.upper()} is not a city of ZIP {zip5}"),
        )
    try:
        record = normalize_address_record(
            {
                "address_line_1": _street_line(address),
                "address_line_2": address.unit,
                "city": address.city,
                "state": address.state,
                "postal_code": address.postal_code,
            }
        )
        parts, _ = usaddress.tag(record["address_line_1"])
    except (AddressNormalizationError, AddressValidationError, usaddress.RepeatedLabelError) as exc:
        return _invalid(("street_name", f"the street cannot be read as a US address ({type(exc).__name__})"))
    if "AddressNumber" not in parts or "StreetName" not in parts:
        return _invalid(("street_name", "no house number and street name"))
    normalised = CivicAddress(
        house_number=parts["AddressNumber"],
        house_number_suffix=parts.get("AddressNumberSuffix"),
        pre_directional=parts.get("StreetNamePreDirectional"),
        street_name=" ".join(filter(None, [parts.get("StreetNamePreType"), parts["StreetName"]])),
        street_suffix=parts.get("StreetNamePostType"),
        post_directional=parts.get("StreetNamePostDirectional"),
        unit=record.get("address_line_2"),
        floor=_upper(address.floor),
        building=_upper(address.building),
        city=record["city"],
        state=record["state"],
        postal_code=record["postal_code"],
        country="US",
    )
    return _verdict(address, normalised)


def validate_ca(address: CivicAddress) -> AddressCheck:
    province = address.state.upper()
    if province not in CA_PROVINCES:
        return _invalid(("state", f"{address.state} is not a Canadian province or territory"))
    code = POSTAL_CODE.match(address.postal_code.strip().upper())
    if code is None:
        return _invalid(("postal_code", "a Canadian postal code reads A1A 1A1"))
    if province not in PROVINCE_LETTERS[code.group(1)[0]]:
        return _invalid(("postal_code", f"postal code {code.group(1)} is not in {province}"))
    normalised = CivicAddress(
        house_number=address.house_number.strip().upper(),
        house_number_suffix=_upper(address.house_number_suffix),
        pre_directional=_upper(address.pre_directional),
        street_name=_upper(address.street_name) or address.street_name,
        street_suffix=_upper(address.street_suffix),
        post_directional=_upper(address.post_directional),
        unit=_upper(address.unit),
        floor=_upper(address.floor),
        building=_upper(address.building),
        city=_upper(address.city) or address.city,
        state=province,
        postal_code=f"{code.group(1)} {code.group(2)}",
        country="CA",
    )
    return _verdict(address, normalised)


def validate_address(address: CivicAddress) -> AddressCheck:
    if address.city.strip().lower() == UNAVAILABLE_LOCALITY.lower():
        raise CarrierUnavailable("address validation is unavailable")
    if address.house_number.strip() == REFUSED_HOUSE_NUMBER:
        return _invalid(("house_number", "the carrier cannot route emergency calls to this address"))
    if PO_BOX.match(address.street_name):
        return _invalid(("street_name", "a post office box is not a place emergency services can go to"))
    return validate_us(address) if address.country == "US" else validate_ca(address)
