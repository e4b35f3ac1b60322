"""Country names as the lists spell them -> ISO 3166 alpha-2."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# Spellings used by OFAC, UN and trade.gov that pycountry's lookup does not resolve (or resolves wrongly).
_LIST_SPELLINGS: dict[str, str] = {
    "russia": "RU",
    "russian federation": "RU",
    "iran": "IR",
    "iran (islamic republic of)": "IR",
    "korea, north": "KP",
    "north korea": "KP",
    "democratic people's republic of korea": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "burma": "MM",
    "syria": "SY",
    "syrian arab republic": "SY",
    "congo, democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "congo, republic of the": "CG",
    "republic of the congo": "CG",
    "congo": "CG",
    "venezuela": "VE",
    "bolivia": "BO",
    "tanzania": "TZ",
    "united republic of tanzania": "TZ",
    "vietnam": "VN",
    "viet nam": "VN",
    "laos": "LA",
    "lao people's democratic republic": "LA",
    "moldova": "MD",
    "republic of moldova": "MD",
    "turkey": "TR",
    "turkiye": "TR",
    "taiwan": "TW",
    "macau": "MO",
    "macao": "MO",
    "hong kong": "HK",
    "palestinian": "PS",
    "palestine": "PS",
    "state of palestine": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "region: gaza": "PS",
    "region: west bank": "PS",
    "region: north gaza": "PS",
    "region: northern gaza": "PS",
    "region: crimea": "UA",
    "region: russia": "RU",
    "region: china": "CN",
    "region: northern mali": "ML",
    "region: kafia kingi": "SD",
    "cote d ivoire": "CI",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "the gambia": "GM",
    "gambia, the": "GM",
    "bahamas, the": "BS",
    "man, isle of": "IM",
    "virgin islands, british": "VG",
    "north macedonia, the republic of": "MK",
    "macedonia": "MK",
    "kosovo": "XK",  # user-assigned code, used by OFAC and the EU
    "czech republic": "CZ",
    "united kingdom": "GB",
    "united kingdom of great britain and northern ireland": "GB",
    "united states": "US",
    "united states of america": "US",
    "brunei": "BN",
    "cape verde": "CV",
    "swaziland": "SZ",
    "micronesia, federated states of": "FM",
    "saint martin": "MF",
    "netherlands antilles": "AN",
}
_UNKNOWN = {"", "undetermined", "unknown", "region: commonwealth of independent states"}


@lru_cache(maxsize=4096)
def to_iso2(name: str | None) -> str | None:
    """ISO alpha-2 for a list's country spelling; None when it is not a country (regions, 'undetermined')."""
    if not name:
        return None
    key = re.sub(r"\s+", " ", name.strip()).casefold()
    if key in _UNKNOWN:
        return None
    if key in _LIST_SPELLINGS:
        return _LIST_SPELLINGS[key]
    if len(key) == 2 and key.isalpha():
        found = pycountry.countries.get(alpha_2=key.upper())
        return found.alpha_2 if found is not None else None
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        pass
    if key.startswith("region: "):
        return to_iso2(key.removeprefix("region: "))
    return None
