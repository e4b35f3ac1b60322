"""Word lists the normaliser uses: legal forms and stopwords (rigour data when present), abbreviations."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rpl_screening.matching.text import fold_tokens, phonetic

ORG_TYPES_FILE = "other_lists/rigour_org_types.json"
STOPWORDS_FILE = "other_lists/rigour_name_stopwords.json"


def _mapping(text: str) -> dict[str, str]:
    return {short: full for short, full in (pair.split("=", 1) for pair in text.split())}


# Business abbreviations spelled out, so 'LUKOIL OIL COMP' and 'LUKOIL OIL COMPANY' compare equal (R-RPL-05).
ABBREVIATIONS: dict[str, str] = _mapping(
    """
    co=company comp=company cmpny=company compny=company companies=company corp=corporation
    corpn=corporation incorp=incorporated inc=incorporated ltd=limited lmtd=limited ltda=limitada
    intl=international int=international internat=international interntl=international grp=group
    gp=group comm=communications comms=communications communication=communications
    telecom=telecommunications telecomm=telecommunications mfg=manufacturing mfr=manufacturing
    manuf=manufacturing ind=industries inds=industries indus=industries industry=industries
    industrial=industries tech=technology techn=technology technol=technology
    technologies=technology svc=services svcs=services srvc=services srvcs=services srvces=services
    serv=services service=services hldg=holding hldgs=holding holdings=holding hold=holding
    mgmt=management mgt=management natl=national nat=national assn=association assoc=association
    bros=brothers univ=university sci=scientific inst=institute dev=development devt=development
    eng=engineering engg=engineering engr=engineering elec=electric pharm=pharmaceutical
    pharma=pharmaceutical pharmaceuticals=pharmaceutical chem=chemical chemicals=chemical
    trdg=trading invest=investment invt=investment investments=investment fin=financial
    ent=enterprises enterprise=enterprises sys=systems system=systems mktg=marketing
    dist=distribution distr=distribution transp=transport transportation=transport shpg=shipping
    nav=navigation petrol=petroleum prod=products product=products res=research ctr=center
    centre=center dept=department govt=government org=organization organisation=organization
    export=exports import=imports bk=bank xchange=exchange exch=exchange st=saint mt=mount ft=fort
    ste=sainte mohd=mohammed muhd=mohammed us=united_states usa=united_states uk=united_kingdom
    uae=united_arab_emirates
    """
)

# Words with no identifying power in a name; dropped before comparison.
CONNECTORS = frozenset({"and", "of", "the", "for", "und", "et", "y", "der", "die", "das", "des", "du"})
# Name particles: kept (they distinguish AL-ZAWAHIRI from ZAWAHIRI a little) but weigh little.
PARTICLES = frozenset(
    """
    abd abdul abu al ben bin bint da de del di dos el haji hajji ibn la las le los mac mullah ould
    shaykh sheikh st ul van von
    """.split()
)
# Words many unrelated companies share; matching on them alone is not evidence (R-RPL-05, 'CORP'/'TRADING').
GENERIC_ORG_WORDS = frozenset(
    """
    ab acquisition ag agency agro air airlines america american as asia asset assets association
    bancorp bancshares bank black blue business bv capital care center central chemical china city
    cjsc commercial committee common communications company construction consulting corp corporation
    council cv data de department development digital east electric electronics energy engineering
    enterprises equity estate euro export exports express factory federal finance financial first
    food foods foundation fund gas general global gmbh gold golden green group health healthcare
    holding home house import imports inc income incorporated industrial industries institute
    insurance international invest investment iran joint jsc kg limited line lines llc logistics ltd
    management manufacturing marine maritime market markets media medical metals middle mining
    ministry municipal national navigation network new north nv oao office oil ojsc ooo
    opportunities organization pacific pao partners petroleum pharmaceutical pharmaceuticals pjsc
    plant plc power private production products project projects properties property public real
    realty red reit research resources royal russia sa sales scientific sea securities services
    shares shipping shop society software solutions south srl star state steel stock store strategic
    sun supply systems tanker tankers team technology telecommunications therapeutics trade trading
    trans transport trust union unitary united universal usa west white world zao
    """.split()
)


# Places inside company names ('Deutsche Bank (Schweiz)', 'FABERLIC EUROPE') say little about identity.
REGION_WORDS = frozenset(
    """
    africa african americas arab arabia asia asian eastern europe european gulf hk latin middle
    northern overseas southern uk us usa western worldwide
    """.split()
)


@dataclass(frozen=True)
class LegalForm:
    tokens: tuple[str, ...]  # normalised alias, e.g. ("limited", "liability", "company")
    label: str  # what the qualifier shows, e.g. "LLC"
    generic: str  # the class compared between two names, e.g. "LLC", "JSC"


@dataclass(frozen=True)
class Vocabulary:
    legal_forms: tuple[LegalForm, ...]
    person_prefixes: frozenset[str]  # titles and honorifics ('dr', 'mr', 'colonel')
    generic_person_names: frozenset[str]
    org_prefixes: frozenset[str] = field(default_factory=frozenset)
    forms_by_key: dict[str, LegalForm] = field(default_factory=dict, hash=False, compare=False)
    max_form_words: int = 8


# Used when the rigour files are not beside the lists: the forms seen most on sanctions lists.
_FALLBACK_FORMS: tuple[tuple[str, str, str], ...] = (
    (
        "LLC",
        "LLC",
        "llc|l.l.c.|limited liability company|ooo|obshchestvo s ogranichennoy otvetstvennostyu|too|tov|gmbh|"
        "sarl|srl|s.r.l.|sp. z o.o.|s.r.o.|d.o.o.|fze|fzco|fz llc|bv|b.v.",
    ),
    (
        "JSC",
        "JSC",
        "jsc|joint stock company|ojsc|open joint stock company|cjsc|closed joint stock company|pjsc|"
        "public joint stock company|oao|zao|pao|ao|ag|aktiengesellschaft|sa|s.a.|spa|s.p.a.|nv|n.v.|plc|"
        "public limited company|as|a.s.",
    ),
    ("Ltd", "LLC", "ltd|limited|pte ltd|private limited|pty ltd|co ltd|company limited"),
    ("Inc", "JSC", "inc|incorporated|corp|corporation"),
    ("Co", "LLC", "co|company"),
    ("LP", "LP", "lp|l.p.|limited partnership|kg"),
    ("LLP", "LLP", "llp|limited liability partnership"),
    ("SA de CV", "JSC", "sa de cv|s.a. de c.v.|s de rl de cv|s. de r.l. de c.v."),
)
# Listed as forms somewhere, but ordinary name words in English: 'VECTOR GROUP' is not 'VECTOR'.
_NOT_FORMS = frozenset({("group",), ("holding",), ("trust",), ("bank",), ("fund",), ("partners",)})
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})  # series markers, not forms
_FALLBACK_PREFIXES = ("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "colonel", "general", "captain", "haji")


def _forms_from_rigour(raw: list[dict[str, object]]) -> list[tuple[str, str, list[str]]]:
    out = []
    for item in raw:
        listed = item.get("aliases")
        aliases = [str(a) for a in listed] if isinstance(listed, list) else []
        label = str(item.get("display") or item.get("compare") or item.get("generic") or (aliases or [""])[0])
        generic = str(item.get("generic") or item.get("compare") or label)
        for extra in (item.get("display"), item.get("compare")):
            if extra:
                aliases.append(str(extra))
        out.append((label, generic, aliases))
    return out


def _form_keys(forms: dict[tuple[str, ...], LegalForm]) -> dict[str, LegalForm]:
    """Glued words -> form; exact spellings win over folded ones ('PLC' is not 'PLLC')."""
    keys: dict[str, LegalForm] = {}
    for toks, form in forms.items():
        keys.setdefault("".join(toks), form)
    for toks, form in forms.items():
        folded = phonetic("".join(toks))
        if len(folded) >= 2:
            keys.setdefault(folded, form)
    return keys


@lru_cache(maxsize=8)
def load_vocabulary(data_dir: Path | None = None) -> Vocabulary:
    """Legal forms and stopwords from the rigour files under data_dir, or the packaged fallback."""
    forms_raw: list[tuple[str, str, list[str]]]
    org_file = data_dir / ORG_TYPES_FILE if data_dir else None
    if org_file is not None and org_file.is_file():
        forms_raw = _forms_from_rigour(json.loads(org_file.read_text(encoding="utf-8")))
    else:
        forms_raw = []
    # The packaged forms always apply too: rigour lacks some plain English ones ('Company', 'Co Ltd').
    forms_raw += [(label, generic, aliases.split("|")) for label, generic, aliases in _FALLBACK_FORMS]
    forms: dict[tuple[str, ...], LegalForm] = {}
    for label, generic, aliases in forms_raw:
        for alias in aliases:
            toks = tuple(expand_abbreviations(fold_tokens(alias)))
            if toks in _NOT_FORMS or len("".join(toks)) < 2:
                continue
            if toks and toks not in forms and not all(t in CONNECTORS or t in _ROMAN for t in toks):
                forms[toks] = LegalForm(toks, label, generic)
    prefixes: set[str] = set(_FALLBACK_PREFIXES)
    generic_names: set[str] = set()
    org_prefixes: set[str] = {"the"}
    stop_file = data_dir / STOPWORDS_FILE if data_dir else None
    if stop_file is not None and stop_file.is_file():
        stop = json.loads(stop_file.read_text(encoding="utf-8"))
        prefixes |= {" ".join(fold_tokens(p)) for p in stop.get("person_name_prefixes", [])}
        generic_names |= {" ".join(fold_tokens(p)) for p in stop.get("generic_person_names", [])}
        org_prefixes |= {" ".join(fold_tokens(p)) for p in stop.get("org_name_prefixes", [])}
    return Vocabulary(
        legal_forms=tuple(sorted(forms.values(), key=lambda f: -len(f.tokens))),
        forms_by_key=_form_keys(forms),
        max_form_words=max((len(t) for t in forms), default=1),
        person_prefixes=frozenset(p for p in prefixes if p),
        generic_person_names=frozenset(generic_names),
        org_prefixes=frozenset(org_prefixes),
    )


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Single-word country names and REGION_WORDS: low-weight words inside an organisation's name."""
    import pycountry

    words = set(REGION_WORDS)
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            toks = fold_tokens(str(getattr(country, attr, "") or ""))
            if len(toks) == 1:
                words.add(toks[0])
    return frozenset(words | {"schweiz", "deutschland", "italia", "espana", "mexico", "russia", "iran", "turkey"})


_ABBREVIATIONS_FOLDED = {phonetic(k): v for k, v in ABBREVIATIONS.items()}
GENERIC_FOLDED = frozenset(phonetic(w) for w in GENERIC_ORG_WORDS)


def expand_abbreviations(tokens: list[str]) -> list[str]:
    """'COMP' -> 'company'; matched on folded spelling too, so Cyrillic 'KORP' expands like 'CORP'."""
    expanded = (ABBREVIATIONS.get(t) or _ABBREVIATIONS_FOLDED.get(phonetic(t), t) for t in tokens)
    return [word for token in expanded for word in token.split("_")]  # 'us' -> 'united', 'states'


def is_generic_org_word(token: str) -> bool:
    return token in GENERIC_ORG_WORDS or phonetic(token) in GENERIC_FOLDED
