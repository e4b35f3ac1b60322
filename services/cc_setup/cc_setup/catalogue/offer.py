"""The contact-center offer: regions and their telephony options (R-CC-09), platforms (R-CC-08), licences and
add-ons. Which platforms a country may choose lives in the data-locality map (a table), beside its data center."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Region(StrEnum):
    north_america = "north_america"
    emea = "emea"
    latam = "latam"
    apjc = "apjc"
    gulf = "gulf"  # Turkey, Jordan, Bahrain, Kuwait, Oman (R-CC-09)
    southern_africa = "southern_africa"


REGIONS: dict[Region, str] = {
    Region.north_america: "North America",
    Region.emea: "Europe, Middle East and Africa",
    Region.latam: "Latin America",
    Region.apjc: "Asia Pacific, Japan and China",
    Region.gulf: "Gulf region",
    Region.southern_africa: "Southern Africa",
}


class TelephonyOption(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    title: str
    note: str | None = None


CALLING_CARRIERS = "calling_carriers"
EXTERNAL_VIA_CALLING = "external_via_calling"
EXTERNAL_VIA_VPOP = "external_via_vpop"

TELEPHONY: dict[str, TelephonyOption] = {
    o.code: o
    for o in (
        TelephonyOption(
            code=CALLING_CARRIERS,
            title="Calling-service-based carriers and PSTN through the calling service",
            note="requires an active calling subscription",
        ),
        TelephonyOption(
            code=EXTERNAL_VIA_CALLING,
            title="External or third-party telephony through the calling service's PSTN services",
            note="added to the commerce order, free of charge",
        ),
        TelephonyOption(
            code=EXTERNAL_VIA_VPOP,
            title="External or third-party telephony via VPOP",
            note="legacy; not recommended for new customers",
        ),
    )
}

_ALL_THREE = (CALLING_CARRIERS, EXTERNAL_VIA_CALLING, EXTERNAL_VIA_VPOP)
_NO_VPOP = (CALLING_CARRIERS, EXTERNAL_VIA_CALLING)

# (region, platform) -> telephony option codes; a platform of None holds for every platform of the region.
_TELEPHONY_BY_REGION: dict[tuple[Region, str | None], tuple[str, ...]] = {
    (Region.north_america, None): _ALL_THREE,  # R-CC-09
    (Region.emea, None): _ALL_THREE,  # R-CC-09
    (Region.latam, None): _ALL_THREE,  # R-CC-09
    (Region.apjc, None): _ALL_THREE,  # R-CC-09
    (Region.gulf, None): _NO_VPOP,  # R-CC-09
    (Region.southern_africa, None): _NO_VPOP,  # R-CC-09
}


def telephony_options(region: Region | str, platform: str | None) -> tuple[str, ...]:
    """The telephony options a platform offers in a region (R-CC-09)."""
    region = Region(region)
    return _TELEPHONY_BY_REGION.get((region, platform)) or _TELEPHONY_BY_REGION.get((region, None), ())


PLATFORMS: dict[str, str] = {
    "next_generation": "Contact center, next-generation cloud platform",
    "classic": "Contact center, classic cloud platform",
}

LICENCES: dict[str, str] = {
    "standard_agent": "Standard agent",
    "premium_agent": "Premium agent",
    "supervisor": "Supervisor",
}

PSTN_ADDON = "cc_pstn"  # the contact-center PSTN add-on
AI_ADDON = "cc_ai"  # contact-center AI services
ADDONS: dict[str, str] = {
    PSTN_ADDON: "Contact-center PSTN (United States only; not for trials)",
    AI_ADDON: "Contact-center AI services",
}
PSTN_ADDON_COUNTRIES = frozenset({"US"})  # R-CC-10
AUTO_TELEPHONY = CALLING_CARRIERS  # R-CC-10: what the PSTN add-on selects by itself
