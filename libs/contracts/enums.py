"""Enumerations shared across services."""

from enum import StrEnum


class CustomerState(StrEnum):
    # R-CUST-10: onboarding states; `provisioning` and `cancelled` are the product's additions.
    PROVISIONING = "provisioning"
    PENDING_RPL_REVIEW = "pending_rpl_review"
    PROVISIONED = "provisioned"
    PROVISIONED_WITH_ERRORS = "provisioned_with_errors"  # some packages failed; a re-run retries them
    ERROR = "error"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"  # users keep their data; new assignments are refused until resumed
    DELETED = "deleted"  # R-HIER-09: gone from every listing; its ledger history stays readable


class Role(StrEnum):
    PLATFORM_ROOT = "platform_root"
    PARTNER_ADMIN = "partner_admin"
    CUSTOMER_FULL_ADMIN = "customer_full_admin"
    CUSTOMER_READONLY_ADMIN = "customer_readonly_admin"
    CUSTOMER_CC_ADMIN = "customer_cc_admin"
    SCREENING_REVIEWER = "screening_reviewer"


class ReviewCaseState(StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"  # a newer screening of the same customer replaced it


class ErrorReason(StrEnum):
    """Why onboarding stopped; carried on customer.failed and shown on the customer."""

    RPL_REJECTED = "rpl_rejected"
    RPL_REVIEW_EXPIRED = "rpl_review_expired"
    SCREENING_UNAVAILABLE = "screening_unavailable"  # screening never answered; a re-run starts it again
