"""What a paste request carries: newline text, CSV, or a multipart upload of a sheet, read into entries."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from pstn_orders.port_cart.parsing import XLSX_MEDIA_TYPE, csv_entries, text_entries, xlsx_entries
from pstn_orders.port_cart.schemas import PastedLines
from servicekit import UnsupportedMediaType, ValidationFailed

_ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip package

# The request bodies a paste takes, for the OpenAPI document.
PASTE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {"schema": {"type": "string"}, "example": "+12125550100\n(303) 555-0142\n1-800-555-0199\n"},
            "text/csv": {"schema": {"type": "string"}, "example": "name,number\nFront desk,+12125550100\n"},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                },
                "encoding": {"file": {"contentType": f"{XLSX_MEDIA_TYPE}, text/csv, text/plain"}},
            },
        },
    }
}


async def pasted_lines(request: Request) -> PastedLines:
    """The entries of the request's body as its media type says (the content decides for an upload)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "multipart/form-data":
        return await _upload(request)
    if media_type in ("text/plain", "text/csv"):
        text = _text(await request.body(), "body")  # the API's body limit holds it (servicekit)
        if media_type == "text/csv":
            return PastedLines(source="csv", entries=csv_entries(text))
        return PastedLines(source="text", entries=text_entries(text))
    raise UnsupportedMediaType(
        f"Send numbers as text/plain, text/csv, or multipart/form-data with a file (.xlsx, .csv, .txt); "
        f"got {media_type or 'no media type'}."
    )


async def _upload(request: Request) -> PastedLines:
    async with request.form(max_files=1, max_fields=5) as form:  # closes the spooled file after reading
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise ValidationFailed.field("file", "a file part named `file` is required", rule="R-PSTN-37")
        content = await file.read()  # the API's body limit holds it (servicekit)
        name = (file.filename or "").lower()
        is_csv = name.endswith(".csv") or (file.content_type or "").startswith("text/csv")
    if content.startswith(_ZIP_MAGIC):
        return PastedLines(source="xlsx", entries=xlsx_entries(content))
    if name.endswith(".xlsx"):
        raise ValidationFailed.field("file", "not a readable .xlsx workbook", rule="R-PSTN-37")
    text = _text(content, "file")
    if is_csv:
        return PastedLines(source="csv", entries=csv_entries(text))
    return PastedLines(source="text", entries=text_entries(text))


def _text(content: bytes, field: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed.field(field, "text must be UTF-8", rule="R-PSTN-37") from exc
