"""The order summary (R-CC-11) as a real PDF: the customer, its country of operation and data center, the
licences and add-ons, and what was set up."""

from __future__ import annotations

import uuid

import pycountry
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.catalogue import ADDONS, LICENCES, PLATFORMS, TELEPHONY
from cc_setup.setup.errors import SetupNotSubmitted
from cc_setup.setup.repository import SetupRepository
from cc_setup.setup.service import SetupService
from servicekit import Principal


def printable(text: str) -> str:
    """As the PDF's Latin-1 fonts print it: what they lack shows as `?`."""
    return "".join(c if " " <= c <= "~" or "\xa0" <= c <= "\xff" else "?" for c in text)


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return f"{country.name} ({code})" if country else code


class OrderSummary:
    def __init__(self, *, setups: SetupService) -> None:
        self.setups = setups

    async def render(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> bytes:
        setup, order = await self.setups.get(session, customer_id, principal=principal)
        if setup.state == "in_progress":
            raise SetupNotSubmitted()  # R-CC-04: the summary follows the submit
        name = await SetupRepository.unscoped(session).customer_name(customer_id) or str(customer_id)
        pdf = FPDF(format="A4")
        pdf.set_title("Contact-center order summary")
        pdf.set_author("Wholesale platform")
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.add_page()

        def line(text: str, *, size: float = 10, style: str = "", gap: float = 6) -> None:
            pdf.set_font("helvetica", style=style, size=size)
            pdf.multi_cell(pdf.epw, gap, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

        line("Contact-center order summary", size=16, style="B", gap=10)
        line(f"Customer: {name}")
        line(f"Customer id: {customer_id}")
        kind = "Trial" if order.kind == "trial" else f"Subscription order {order.order_reference}"
        line(f"Order: {kind}")
        line(f"Administrator: {order.administrator_email}")
        pdf.ln(3)
        line("Contact-center settings", size=12, style="B", gap=8)
        line(f"Country of operation: {country_name(setup.country)}")
        line(f"Data center: {setup.data_center} (region {setup.region})")
        line(f"Platform: {PLATFORMS.get(setup.platform or '', setup.platform or '-')}")
        telephony = TELEPHONY[setup.telephony].title if setup.telephony in TELEPHONY else setup.telephony
        line(f"Telephony: {telephony}")
        line(f"Time zone: {setup.time_zone}")
        line(f"Organisation SIP address: {setup.sip_address}")
        pdf.ln(3)
        line("Licences", size=12, style="B", gap=8)
        for code, quantity in order.licences.items():
            line(f"{LICENCES.get(code, code)}: {quantity}")
        line("Add-ons", size=12, style="B", gap=8)
        for addon in order.addons or ["none"]:
            line(ADDONS.get(addon, addon))
        pdf.ln(3)
        submitted = setup.submitted_at.isoformat(timespec="seconds") if setup.submitted_at else "-"
        line(f"Submitted: {submitted} by {setup.submitted_by}")
        line(f"Setup state: {setup.state}" + (f", tenant {setup.tenant_id}" if setup.tenant_id else ""))
        return bytes(pdf.output())
