"""What a reviewer sees for each hit: the score, its parts, and the country/address qualifiers (R-RPL-06)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rpl_screening.list_formats import ListEntry, to_iso2
from rpl_screening.matching.scoring import Prepared
from rpl_screening.matching.text import fold_tokens

COUNTRY_MATCH = 0.03
COUNTRY_MISMATCH = 0.05
ADDRESS_MATCH = 0.02
# Customers are companies and people, never ships or aircraft: a hit on a vessel's name ('DOVER', 'ACE')
# alone is weak evidence, measured as most alerts on clean listed-company names.
CRAFT_PENALTY = 0.15
QUALIFIER_SPAN = COUNTRY_MATCH + ADDRESS_MATCH  # the most qualifiers can add to a name score
QUALIFY_FROM = 0.5  # a country cannot lift a name that does not resemble the entry at all
_ADDRESS_NOISE = frozenset({"street", "str", "road", "rd", "avenue", "ave", "floor", "building", "bldg", "no"})


@dataclass(frozen=True)
class Thresholds:
    # R-RPL-03: at or above -> possible match, pending review; below -> clear.
    # Tuned with bench.screening: SDN name variants vs listed-company negatives, nomenklatura pairs.
    review: float = 0.8


@dataclass(frozen=True)
class Match:
    uid: str
    source: str
    entry_name: str
    entry_type: str
    matched_name: str  # the primary name or the alias that matched
    matched_alias: bool
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    qualifiers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


def _country_code(country: str | None) -> str | None:
    if not country:
        return None
    return to_iso2(country) or (country.upper() if len(country) == 2 else None)


def _address_overlap(address: str, entry: ListEntry) -> list[str]:
    asked = {t for t in fold_tokens(address) if len(t) >= 3 and t not in _ADDRESS_NOISE}
    listed: set[str] = set()
    for a in entry.addresses:
        listed.update(fold_tokens(" ".join(p for p in (a.street, a.city) if p)))
    return sorted(asked & listed)


def build_match(
    entry: ListEntry,
    matched: str,
    alias: bool,
    score: float,
    parts: dict[str, float],
    query: Prepared,
    listed: Prepared,
    country: str | None,
    address: str | None,
) -> Match:
    """Apply R-RPL-05 qualifiers (country, address) to a name score and record why."""
    qualifiers: list[str] = []
    qualifiers += [f"legal_form_stripped:{f.label}" for f in query.legal]
    qualifiers += [f"entry_legal_form:{f.label}" for f in listed.legal]
    if "legal_form_mismatch" in parts:
        qualifiers.append(f"legal_form_mismatch:-{parts['legal_form_mismatch']}")
    if entry.entry_type in ("vessel", "aircraft"):
        score -= CRAFT_PENALTY
        qualifiers.append(f"{entry.entry_type}_name:-{CRAFT_PENALTY}")
    code = _country_code(country)
    if code and entry.countries and score >= QUALIFY_FROM:
        if code in entry.countries:
            score += COUNTRY_MATCH
            qualifiers.append(f"country_match:{code}")
        else:
            score -= COUNTRY_MISMATCH
            qualifiers.append(f"country_mismatch:-{COUNTRY_MISMATCH}")
    if address and entry.addresses and score >= QUALIFY_FROM:
        shared = _address_overlap(address, entry)
        if len(shared) >= 2 or (shared and not entry.countries):
            score += ADDRESS_MATCH
            qualifiers.append(f"address_match:{' '.join(shared[:4])}")
    return Match(
        uid=entry.uid,
        source=entry.source,
        entry_name=entry.name,
        entry_type=entry.entry_type,
        matched_name=matched,
        matched_alias=alias,
        score=round(max(0.0, min(1.0, score)), 4),
        parts=parts,
        qualifiers=tuple(qualifiers),
        countries=entry.countries,
    )
