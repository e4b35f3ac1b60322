"""Documents for ports: uploads checked by their content (a bill PNG or PDF at most 30 days old, R-PSTN-15; a
country-specific LOA, R-PSTN-17), kept with a checksum, read back by the customer's tenants only; the LOA signed
on the platform as a real PDF (R-PSTN-15)."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from fpdf import FPDF
from sqlalchemy import func, select

from contracts.enums import Role
from devstack.in_process import principal_below, root_principal
from pstn_orders.document.models import Document

pytestmark = pytest.mark.asyncio(loop_scope="session")

MIB = 1_048_576


def pdf_bytes(*lines: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in lines or ("Empire Telephone - statement",):
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """A real RGB PNG: signature, IHDR, one IDAT of filtered rows, IEND."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xc0\x40\x20" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(rows))
        + png_chunk(b"IEND", b"")
    )


class Documents:
    def __init__(self, world: Any) -> None:
        self.world = world
        self.path = f"/v1/customers/{world.customer_id}/documents"
        self.folder = Path(world.api.runtime.settings.documents_dir)

    def today(self) -> Any:
        return self.world.api.runtime.clock.now().date()

    async def upload(
        self,
        data: bytes,
        filename: str,
        *,
        kind: str = "bill",
        media_type: str = "application/pdf",
        days_old: int | None = 3,
        principal: Any = None,
    ) -> Any:
        form = {"kind": kind}
        if days_old is not None:
            form["document_date"] = (self.today() - timedelta(days=days_old)).isoformat()
        return await self.world.client(principal).post(
            self.path, data=form, files={"file": (filename, data, media_type)}
        )

    def files(self) -> set[Path]:
        return {p for p in self.folder.rglob("*") if p.is_file()} if self.folder.exists() else set()

    async def rows(self) -> int:
        async with self.world.api.session() as session:
            count = await session.scalar(
                select(func.count()).select_from(Document).where(Document.customer_id == self.world.customer_id)
            )
            return int(count or 0)


def refused(answer: Any, field: str, rule: str) -> dict[str, Any]:
    assert answer.headers["content-type"].startswith("application/problem+json"), answer.text
    problem: dict[str, Any] = answer.json()
    assert problem["rule"] == rule
    assert [p["name"] for p in problem["invalid_params"]] == [field]
    return problem


async def test_a_pdf_bill_is_kept_with_its_checksum_and_downloaded_by_the_customers_tenants_only(
    numbers_world,
) -> None:
    """R-PSTN-15: the bill as a PDF, its date within 30 days; the order's tenants read it, anyone else gets 404."""
    documents = Documents(numbers_world)
    bill = pdf_bytes("Empire Telephone", "Account 880-114-2291", "Statement date: November 2026")

    uploaded = await documents.upload(bill, "bill-november.pdf")

    assert uploaded.status_code == 201, uploaded.text
    document = uploaded.json()
    assert (document["kind"], document["media_type"], document["size"]) == ("bill", "application/pdf", len(bill))
    assert document["document_date"] == (documents.today() - timedelta(days=3)).isoformat()
    assert document["sha256"] == hashlib.sha256(bill).hexdigest()
    one = f"{documents.path}/{document['id']}"
    for reader in (numbers_world.partner, numbers_world.customer):
        assert (await numbers_world.client(reader).get(one)).json() == document
        content = await numbers_world.client(reader).get(f"{one}/content")
        assert content.status_code == 200
        assert content.content == bill
        assert content.headers["content-type"] == "application/pdf"
    assert "Account 880-114-2291" in pypdf.PdfReader(io.BytesIO(content.content)).pages[0].extract_text()
    [event] = await numbers_world.events("pstn.document_stored.v1")
    assert (event["document_id"], event["sha256"], event["kind"]) == (document["id"], document["sha256"], "bill")

    stranger = principal_below(root_principal(), Role.PARTNER_ADMIN)
    for path in (one, f"{one}/content"):
        outside = await numbers_world.client(stranger).get(path)
        assert outside.status_code == 404, outside.text


async def test_a_png_bill_is_accepted_by_its_content(numbers_world) -> None:
    """R-PSTN-15: a bill may be a PNG; the content decides its media type, not the upload's claim."""
    documents = Documents(numbers_world)
    image = png_bytes()

    uploaded = await documents.upload(image, "bill-photo.png", media_type="application/octet-stream")

    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["media_type"] == "image/png"
    content = await numbers_world.client().get(f"{documents.path}/{uploaded.json()['id']}/content")
    assert (content.content, content.headers["content-type"]) == (image, "image/png")
    raw = await numbers_world.client().get(
        f"{documents.path}/{uploaded.json()['id']}/content", headers={"Accept": "application/octet-stream"}
    )
    assert (raw.content, raw.headers["content-type"]) == (image, "application/octet-stream")


def damaged_png() -> bytes:
    image = bytearray(png_bytes())
    image[20] ^= 0xFF  # a byte of the IHDR body: its CRC no longer matches
    return bytes(image)


@pytest.mark.parametrize(
    ("case", "data", "filename", "media_type", "reason"),
    [
        ("png named .pdf", png_bytes(), "bill.pdf", "application/pdf", "named 'bill.pdf' but its content is image/png"),
        ("truncated pdf", pdf_bytes()[:600], "bill.pdf", "application/pdf", "truncated"),
        ("empty file", b"", "bill.pdf", "application/pdf", "empty"),
        ("damaged png header", damaged_png(), "bill.png", "image/png", "CRC"),
        ("truncated png", png_bytes()[:-12], "bill.png", "image/png", "truncated"),
        ("text named .pdf", b"Account 880-114-2291\n", "bill.pdf", "application/pdf", "neither a PNG nor a PDF"),
        (
            "pdf header over garbage",
            b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n",
            "bill.pdf",
            "application/pdf",
            "does not parse",
        ),
        ("pdf claimed as png", pdf_bytes(), "bill", "image/png", "says image/png"),
    ],
)
async def test_an_upload_that_is_not_what_it_claims_is_refused_and_nothing_is_kept(
    numbers_world, case: str, data: bytes, filename: str, media_type: str, reason: str
) -> None:
    """R-PSTN-15: PNG or PDF by content (magic bytes, the PNG's IHDR, the PDF parsed); refusals store nothing."""
    documents = Documents(numbers_world)
    before = documents.files()

    answer = await documents.upload(data, filename, media_type=media_type)

    assert answer.status_code == 422, (case, answer.text)
    problem = refused(answer, "file", "R-PSTN-15")
    assert reason in problem["invalid_params"][0]["reason"], problem
    assert documents.files() == before
    assert await documents.rows() == 0
    assert await numbers_world.events("pstn.document_stored.v1") == []


async def test_an_oversized_upload_is_refused_with_413_and_nothing_is_kept(numbers_world) -> None:
    """R-PSTN-15: a document over the size limit (10 MiB) answers 413 problem+json naming the file."""
    documents = Documents(numbers_world)
    before = documents.files()
    body = pdf_bytes()
    oversized = body[:-6] + b" " * (10 * MIB + 1 - len(body)) + body[-6:]  # a valid PDF, one byte over the limit

    answer = await documents.upload(oversized, "bill.pdf")

    assert answer.status_code == 413, answer.text
    problem = refused(answer, "file", "R-PSTN-15")
    assert problem["type"].endswith("/document-too-large")
    assert (documents.files(), await documents.rows()) == (before, 0)
    at_limit = await documents.upload(body, "bill.pdf")
    assert at_limit.status_code == 201


async def test_a_bill_older_than_30_days_is_refused(numbers_world) -> None:
    """R-PSTN-15: a bill at most 30 days old; older, undated or future-dated bills are refused, nothing kept."""
    documents = Documents(numbers_world)
    before = documents.files()

    for days_old, reason in ((31, "more than 30 days ago"), (None, "needs its date"), (-1, "in the future")):
        answer = await documents.upload(pdf_bytes(), "bill.pdf", days_old=days_old)
        assert answer.status_code == 422, answer.text
        assert reason in refused(answer, "document_date", "R-PSTN-15")["detail"]
    assert (documents.files(), await documents.rows()) == (before, 0)

    thirty = await documents.upload(pdf_bytes(), "bill.pdf", days_old=30)
    assert thirty.status_code == 201, thirty.text


async def test_a_country_specific_loa_is_uploaded_as_kind_loa(numbers_world) -> None:
    """R-PSTN-17: in assisted countries the signed country-specific LOA is uploaded, checked like any document."""
    documents = Documents(numbers_world)
    letter = pdf_bytes("Carta de autorizacion", "Numeros: +525555550142")

    uploaded = await documents.upload(letter, "loa-mx.pdf", kind="loa", days_old=None)

    assert uploaded.status_code == 201, uploaded.text
    assert (uploaded.json()["kind"], uploaded.json()["document_date"]) == ("loa", None)
    fake = await documents.upload(png_bytes(), "loa-mx.pdf", kind="loa", days_old=None)
    assert fake.status_code == 422
    refused(fake, "file", "R-PSTN-15")
