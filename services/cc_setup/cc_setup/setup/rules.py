"""The wizard's choices checked against the data: pure functions over a setup, its order and its country's row of
the data-locality map."""

from __future__ import annotations

import re
import zoneinfo

from cc_setup.catalogue import AI_ADDON, AUTO_TELEPHONY, PSTN_ADDON, PSTN_ADDON_COUNTRIES, TELEPHONY, telephony_options
from cc_setup.locality.models import DataLocality
from cc_setup.setup.errors import invalid
from cc_setup.setup.models import ContactCenterSetup

_SIP = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SLUG = re.compile(r"[^a-z0-9]+")


def sip_address(value: str) -> str:
    """The organisation SIP address, lower case, as name@domain (R-CC-04's calling step)."""
    address = value.strip().lower().removeprefix("sip:")
    if not _SIP.match(address):
        raise invalid(
            "calling", "sip_address", f"{value!r} is not an organisation SIP address (name@domain)", "R-CC-04"
        )
    return address


def suggested_sip_address(customer_name: str | None, domain: str) -> str:
    slug = _SLUG.sub("-", (customer_name or "organisation").lower()).strip("-")[:60] or "organisation"
    return f"{slug}@{domain}"


def pstn_addon(addons: list[str]) -> bool:
    return PSTN_ADDON in addons


def ai_addon(addons: list[str]) -> bool:
    return AI_ADDON in addons


def check_pstn_country(addons: list[str], country: str) -> None:
    if pstn_addon(addons) and country not in PSTN_ADDON_COUNTRIES:
        raise invalid(
            "settings",
            "country",
            f"the contact-center PSTN add-on was ordered: the country of operation must be the United States, "
            f"not {country}",
            "R-CC-10",  # United States only
        )


def check_time_zone(value: str, *, addons: list[str], default: str) -> None:
    if ai_addon(addons) and value != default:
        raise invalid(
            "settings",
            "time_zone",
            "contact-center AI services are being provisioned: the tenant time zone is not offered and stays "
            f"{default}",
            "R-CC-07",  # with AI services the time-zone choice is not offered
        )
    if value not in zoneinfo.available_timezones():
        raise invalid("settings", "time_zone", f"{value!r} is not an IANA time zone", "R-CC-07")


def check_platform(value: str, locality: DataLocality) -> None:
    if value not in locality.platforms:
        raise invalid(
            "settings",
            "platform",
            f"{value!r} is not offered in {locality.country}; choose among {sorted(locality.platforms)}",
            "R-CC-08",  # the platform choices depend on the country
        )


def check_telephony(value: str, *, platform: str | None, locality: DataLocality, addons: list[str]) -> None:
    if pstn_addon(addons) and value != AUTO_TELEPHONY:
        raise invalid(
            "settings",
            "telephony",
            f"the contact-center PSTN add-on selects the telephony option {AUTO_TELEPHONY!r} by itself",
            "R-CC-10",
        )
    if platform is None:
        raise invalid("settings", "telephony", "choose the platform first: the options depend on it", "R-CC-09")
    offered = telephony_options(locality.region, platform)
    if value not in offered:
        known = "" if value in TELEPHONY else " (unknown option)"
        raise invalid(
            "settings",
            "telephony",
            f"{value!r}{known} is not offered on {platform} in region {locality.region}; choose among {list(offered)}",
            "R-CC-09",  # by platform and region
        )


def defaults_for(setup: ContactCenterSetup, locality: DataLocality | None, addons: list[str]) -> None:
    """A new country of operation: its default time zone (R-CC-07), its only platform, the add-on's telephony."""
    setup.time_zone = locality.default_time_zone if locality else None
    setup.platform = locality.platforms[0] if locality and len(locality.platforms) == 1 else None
    setup.telephony = AUTO_TELEPHONY if pstn_addon(addons) else None  # R-CC-10: selected automatically


def missing_defaults(setup: ContactCenterSetup, locality: DataLocality) -> None:
    if setup.time_zone is None:
        setup.time_zone = locality.default_time_zone  # R-CC-07
    if setup.platform is None and len(locality.platforms) == 1:
        setup.platform = locality.platforms[0]


def missing(setup: ContactCenterSetup) -> list[dict[str, str]]:
    """What submit still needs, step by step."""
    gaps = []
    if not setup.sip_address:
        gaps.append({"step": "calling", "field": "sip_address"})
    if setup.country_confirmed_at is None:
        gaps.append({"step": "settings", "field": "country_confirmed"})  # R-CC-06: confirmed explicitly
    for name in ("time_zone", "platform", "telephony"):
        if getattr(setup, name) is None:
            gaps.append({"step": "settings", "field": name})
    return gaps
