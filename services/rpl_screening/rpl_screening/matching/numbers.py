"""Numbers written as words, ordinals or Roman numerals become digits in organisation names:
'Brigade Forty-Four' / 'Brigade 44', '1st International' / 'First International', 'Fund VIII' / 'Fund 8'."""

from __future__ import annotations

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
_UNITS += "seventeen eighteen nineteen"
UNITS = {word: n for n, word in enumerate(_UNITS.split())}
TENS = {w: 10 * n for n, w in enumerate("- - twenty thirty forty fifty sixty seventy eighty ninety".split()) if n > 1}
TENS["fourty"] = 40  # a common misspelling
ORDINALS = {w: n + 1 for n, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split())}
# Single letters are left alone: 'I', 'V' and 'X' are as often initials as numerals.
ROMAN = {"ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "xi": 11, "xii": 12}


def _value(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    for source in (UNITS, ORDINALS, ROMAN):
        if token in source:
            return source[token]
    if token[:-2].isdigit() and token[-2:] in ("st", "nd", "rd", "th"):
        return int(token[:-2])  # '1st', '22nd'
    return None


def digits(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in TENS:
            tens = TENS[token]
            unit = _value(tokens[i + 1]) if i + 1 < len(tokens) else None
            if unit is not None and 0 < unit < 10:
                out.append(str(tens + unit))  # 'forty four', 'forty 4'
                i += 2
                continue
            out.append(str(tens))
        else:
            value = _value(token)
            out.append(str(value) if value is not None else token)
        i += 1
    return out
