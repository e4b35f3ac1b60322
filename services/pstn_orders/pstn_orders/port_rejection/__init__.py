"""Port rejections: what each of the losing carrier's rejection codes means, how to fix it, and whom to ask."""

from pstn_orders.port_rejection.codes import REJECTION_CODES, RejectionCode, rejection_code

__all__ = ["REJECTION_CODES", "RejectionCode", "rejection_code"]
