from pstn_orders.country.modes import (
    CARRIER_VALIDATED,
    DEFAULT_MODES,
    CallingPlanCountries,
    CountryMode,
    calling_plan_country,
)

__all__ = ["CARRIER_VALIDATED", "DEFAULT_MODES", "CallingPlanCountries", "CountryMode", "calling_plan_country"]
