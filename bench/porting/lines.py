"""The pasted lines the bench sends: valid off-net numbers in several writings, invalid lines, duplicates and
toll-free numbers, mixed as a customer's spreadsheet would have them."""

from __future__ import annotations

import io
import random

import phonenumbers
from openpyxl import Workbook  # type: ignore[import-untyped]

from pstn_orders.sandbox_carrier.magic import MagicLine, is_magic

# Central office codes of real US rate centers (Denver, Boulder, Austin, Seattle, Chicago).
EXCHANGES = ("303441", "303449", "512473", "206329", "312423")
TOLL_FREE = ("800", "833", "844", "855", "866", "877", "888")
INVALID = ("n/a", "call reception", "12345", "+1 000 000 0000", "555-CALL-NOW", "+44 20")


def _number(draw: random.Random) -> str:
    while True:
        exchange = draw.choice(EXCHANGES)
        line = draw.randrange(0, 10_000)
        number = f"+1{exchange}{line:04d}"
        if is_magic(number, MagicLine.unavailable):
            continue  # the sandbox's test value for a carrier that does not answer: the whole paste would fail
        if phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number


def _written(number: str, draw: random.Random) -> str:
    """The number as people write it: E.164, national with punctuation, digits only."""
    n = number[2:]
    return draw.choice((number, f"({n[:3]}) {n[3:6]}-{n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}", f"1{n}"))


def mixed_lines(count: int, seed: int = 7) -> list[str]:
    """About 70 % valid, 10 % invalid, 10 % duplicates of earlier lines, 10 % toll-free."""
    draw = random.Random(seed)
    lines: list[str] = []
    valid: list[str] = []
    while len(lines) < count:
        kind = draw.random()
        if kind < 0.7 or not valid:
            number = _number(draw)
            valid.append(number)
            lines.append(_written(number, draw))
        elif kind < 0.8:
            lines.append(draw.choice(INVALID))
        elif kind < 0.9:
            lines.append(_written(draw.choice(valid[-50:]), draw))  # a number repeated near its first line
        else:
            lines.append(f"1-{draw.choice(TOLL_FREE)}-{draw.randrange(200, 1000)}-{draw.randrange(0, 10_000):04d}")
    return lines


def as_text(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def as_xlsx(lines: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Site", "Number"])
    for index, line in enumerate(lines):
        sheet.append([f"site {index % 17}", line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
