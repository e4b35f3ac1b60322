"""Topic names: `<service>.<aggregate>.v<major>`, keyed by customer id."""

CUSTOMERS = "customers.customer.v1"
SCREENING = "rpl_screening.screening.v1"
PSTN = "pstn_orders.pstn.v1"
CONTACT_CENTER = "cc_setup.contact_center.v1"

ALL = (CUSTOMERS, SCREENING, PSTN, CONTACT_CENTER)
