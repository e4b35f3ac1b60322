"""Number search over the carrier's inventory (R-PSTN-11, R-PSTN-35)."""
