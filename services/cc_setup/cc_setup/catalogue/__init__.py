"""What contact-center setup offers, as data: regions, platforms, telephony options by region (R-CC-08, R-CC-09),
licences and add-ons. No database, no HTTP."""

from cc_setup.catalogue.offer import (
    ADDONS,
    AI_ADDON,
    AUTO_TELEPHONY,
    LICENCES,
    PLATFORMS,
    PSTN_ADDON,
    PSTN_ADDON_COUNTRIES,
    REGIONS,
    TELEPHONY,
    Region,
    TelephonyOption,
    telephony_options,
)

__all__ = [
    "ADDONS",
    "AI_ADDON",
    "AUTO_TELEPHONY",
    "LICENCES",
    "PLATFORMS",
    "PSTN_ADDON",
    "PSTN_ADDON_COUNTRIES",
    "REGIONS",
    "TELEPHONY",
    "Region",
    "TelephonyOption",
    "telephony_options",
]
