"""The letter of agency: the platform's own LOA as a real PDF, signed in the flow by the authorised person
(R-PSTN-15), and stored as a document of kind loa."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlalchemy.ext.asyncio import AsyncSession

from pstn_orders.carrier.adapter import ServiceAddress
from pstn_orders.document.models import Document
from pstn_orders.document.service import DocumentService
from servicekit import Clock, Principal


@dataclass(frozen=True)
class LoaSigner:
    first_name: str  # R-PSTN-15: the signer's first and last name and title
    last_name: str
    title: str


@dataclass(frozen=True)
class LoaAccount:
    """The losing carrier's account the numbers leave (its PIN is never printed)."""

    carrier: str | None
    account_number: str
    authorized_name: str
    company_name: str
    btn: str
    service_address: ServiceAddress


@dataclass(frozen=True)
class LoaContent:
    customer_name: str
    numbers: list[str]
    account: LoaAccount
    signer: LoaSigner
    signed_at: datetime


def printable(text: str) -> str:
    """The text as the PDF's Latin-1 fonts can print it: an address from elsewhere shows `?` for what they lack."""
    return "".join(c if " " <= c <= "~" or "\xa0" <= c <= "\xff" else "?" for c in text)


def address_lines(address: ServiceAddress) -> list[str]:
    street = " ".join(
        part
        for part in (
            address.house_number,
            address.house_number_suffix,
            address.pre_directional,
            address.street_name,
            address.street_suffix,
            address.post_directional,
        )
        if part
    )
    extra = ", ".join(part for part in (address.unit, address.floor, address.building) if part)
    region = " ".join(part for part in (address.state, address.postal_code) if part)
    place = f"{address.city}, {region}, {address.country}"
    return [line for line in (street, extra, place) if line]


class LoaService:
    def __init__(self, *, documents: DocumentService, clock: Clock) -> None:
        self.documents = documents
        self.clock = clock

    def render(self, content: LoaContent) -> bytes:
        """The LOA as a PDF: the authorisation, every number, the losing account, the signer and the time."""
        pdf = FPDF(format="Letter")
        pdf.set_title("Letter of Agency")
        pdf.set_author(f"{content.signer.first_name} {content.signer.last_name}")
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.add_page()
        width = pdf.epw

        def line(text: str, *, size: float = 10, style: str = "", gap: float = 5) -> None:
            pdf.set_font("helvetica", style=style, size=size)
            pdf.multi_cell(width, gap, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

        account, signer = content.account, content.signer
        line("Letter of Agency", size=16, style="B", gap=9)
        line(
            f"I authorise the wholesale platform and its carrier to act as agent for {account.company_name} in "
            "porting the telephone numbers listed below from the current carrier, and to receive the customer "
            "service record of the account below for this purpose. I am the account owner or am authorised to "
            f"sign for it. The numbers will be served for {content.customer_name}."
        )
        pdf.ln(3)
        line("Current carrier account", style="B", size=11, gap=7)
        if account.carrier:
            line(f"Current carrier: {account.carrier}")
        line(f"Account number: {account.account_number}")
        line(f"Authorised name on the account: {account.authorized_name}")
        line(f"Company name: {account.company_name}")
        line(f"Billing telephone number (BTN): {account.btn}")
        line("Service address: " + "; ".join(address_lines(account.service_address)))
        pdf.ln(3)
        line(f"Numbers to port ({len(content.numbers)})", style="B", size=11, gap=7)
        pdf.set_font("helvetica", size=10)
        columns = 4
        cell = width / columns
        for start in range(0, len(content.numbers), columns):
            for number in content.numbers[start : start + columns]:
                pdf.cell(cell, 5, number)
            pdf.ln(5)
        pdf.ln(3)
        line("Signature", style="B", size=11, gap=7)
        line(f"Signed by: {signer.first_name} {signer.last_name}")
        line(f"Title: {signer.title}")
        line(f"Signed at: {content.signed_at.isoformat(timespec='seconds')}")
        return bytes(pdf.output())

    async def sign(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        *,
        customer_name: str,
        numbers: list[str],
        account: LoaAccount,
        signer: LoaSigner,
        principal: Principal,
        signed_at: datetime | None = None,
    ) -> Document:
        """Sign the LOA (now, unless given): render it and keep it as the customer's document of kind loa
        (R-PSTN-15)."""
        content = LoaContent(customer_name, numbers, account, signer, signed_at or self.clock.now())
        data = self.render(content)
        filename = f"loa-{content.signed_at:%Y%m%d-%H%M%S}.pdf"
        return await self.documents.keep(
            session, customer_id, data, kind="loa", filename=filename, media_type="application/pdf", principal=principal
        )
