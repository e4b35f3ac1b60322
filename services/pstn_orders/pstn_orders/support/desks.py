"""Who helps with what (R-PSTN-24), kept as data: each desk, its purposes and its contact, and the desk an order
status names."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class DeskName(StrEnum):
    partner_help_desk = "partner_help_desk"
    pstn_technical_support = "pstn_technical_support"
    technical_assistance = "technical_assistance"
    commerce_support = "commerce_support"
    invoice_and_collections = "invoice_and_collections"


class Desk(BaseModel):
    model_config = ConfigDict(frozen=True)

    desk: DeskName
    title: str
    purposes: tuple[str, ...]
    contact: str  # where to write


DESKS: dict[DeskName, Desk] = {
    d.desk: d
    for d in (
        Desk(
            desk=DeskName.partner_help_desk,
            title="Partner help desk",
            purposes=("guidance", "documentation", "regulatory-fee pre-quotes", "other questions about the offer"),
            contact="partner-help@wholesale.example",
        ),
        Desk(
            desk=DeskName.pstn_technical_support,
            title="PSTN technical support",
            purposes=(
                "PSTN questions",
                "port expedites",
                "port-date reschedules",
                "port rejections",
                "specific port date/time requests",
                "port-date changes after FOC",
                "order cancellations",
                "orders in assisted countries",
            ),
            contact="pstn-support@wholesale.example",
        ),
        Desk(
            desk=DeskName.technical_assistance,
            title="Technical assistance",
            purposes=("platform faults", "dropped calls", "call quality", "outages"),
            contact="technical-assistance@wholesale.example",
        ),
        Desk(
            desk=DeskName.commerce_support,
            title="Commerce support",
            purposes=("quotes", "ordering", "provisioning", "subscriptions", "billing disputes"),
            contact="commerce-support@wholesale.example",
        ),
        Desk(
            desk=DeskName.invoice_and_collections,
            title="Invoice and collections",
            purposes=("VAT", "payments", "other billing questions"),
            contact="invoices@wholesale.example",
        ),
    )
}

# (order state, reason) -> the desk and why; a reason of None matches any reason of that state.
_ROUTES: dict[tuple[str, str | None], tuple[DeskName, str]] = {
    ("error", None): (DeskName.technical_assistance, "platform faults"),  # R-PSTN-24
    ("action_required", None): (DeskName.pstn_technical_support, "PSTN questions"),  # R-PSTN-24
    ("rejected", "unknown"): (DeskName.pstn_technical_support, "port rejections"),  # R-PSTN-24
}


class DeskContact(BaseModel):
    """The desk to contact about an order in this state, for what, and how."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "desk": "technical_assistance",
                    "title": "Technical assistance",
                    "purpose": "platform faults",
                    "contact": "technical-assistance@wholesale.example",
                }
            ]
        }
    )

    desk: DeskName
    title: str
    purpose: str
    contact: str


def desk_for(order_state: str, reason: str | None = None) -> DeskContact | None:
    """The desk an order (or port) in `order_state` names; none when the state needs no help."""
    route = _ROUTES.get((order_state, reason)) or _ROUTES.get((order_state, None))
    if route is None:
        return None
    name, purpose = route
    desk = DESKS[name]
    return DeskContact(desk=name, title=desk.title, purpose=purpose, contact=desk.contact)
