"""What an uploaded file is, decided by its bytes: a PNG with a sound header, or a PDF that parses."""

from __future__ import annotations

import io
import logging
import struct
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import pypdf

PNG = "image/png"
PDF = "application/pdf"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PDF_SIGNATURE = b"%PDF-"
EXTENSIONS = {".png": PNG, ".pdf": PDF}
PNG_COLOUR_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged upload is refused; its parse warnings are noise


@dataclass(frozen=True)
class Refusal(Exception):
    """Why the content is not an acceptable document (the endpoint names the field and the rule)."""

    reason: str


def media_type_of(data: bytes, *, filename: str, declared: str | None) -> str:
    """The media type the content proves, refused unless a sound PNG or PDF that its name and type agree with."""
    if not data:
        raise Refusal("the file is empty")
    if data.startswith(PNG_SIGNATURE):
        check_png(data)
        found = PNG
    elif data.startswith(PDF_SIGNATURE):
        check_pdf(data)
        found = PDF
    else:
        raise Refusal("the content is neither a PNG nor a PDF")
    named = EXTENSIONS.get(PurePath(filename).suffix.lower())
    if named is not None and named != found:  # a PNG named .pdf: the content decides, and they disagree
        raise Refusal(f"the file is named {filename!r} but its content is {found}")
    if declared and declared not in ("application/octet-stream", found):
        raise Refusal(f"the upload says {declared} but its content is {found}")
    return found


def check_png(data: bytes) -> None:
    """The IHDR chunk first, whole, with a CRC that matches and values PNG allows; the file ends with IEND."""
    header = data[8:33]
    if len(header) < 25:
        raise Refusal("the PNG ends before its IHDR header")
    length, kind = struct.unpack(">I4s", header[:8])
    if kind != b"IHDR" or length != 13:
        raise Refusal("the PNG does not start with an IHDR header")
    body, (crc,) = header[8:21], struct.unpack(">I", header[21:25])
    if zlib.crc32(kind + body) != crc:
        raise Refusal("the PNG's IHDR header is damaged (CRC mismatch)")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", body)
    if not (width and height) or depth not in PNG_COLOUR_DEPTHS.get(colour, set()):
        raise Refusal("the PNG's IHDR header holds impossible values")
    if compression or filtering or interlace > 1:
        raise Refusal("the PNG's IHDR header holds impossible values")
    if not data.endswith(b"IEND\xaeB`\x82"):
        raise Refusal("the PNG is truncated (no IEND chunk at its end)")


def check_pdf(data: bytes) -> None:
    """An end-of-file marker (a truncated upload has none), a parse that finds its pages, and every page readable."""
    if b"%%EOF" not in data[-1024:]:
        raise Refusal("the PDF is truncated (no %%EOF marker at its end)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Refusal("the PDF is encrypted")
        pages = reader.pages
        if not len(pages):
            raise Refusal("the PDF has no pages")
        for page in pages:
            page.mediabox  # noqa: B018 - resolving each page object proves the file's structure holds
    except Refusal:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file; any of them means refused
        raise Refusal(f"the PDF does not parse ({type(exc).__name__})") from exc
