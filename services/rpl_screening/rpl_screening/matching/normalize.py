"""Names -> comparable token forms (R-RPL-05: case, punctuation, diacritics, scripts, legal forms, titles)."""

from __future__ import annotations

from dataclasses import dataclass

from rpl_screening.matching.numbers import digits
from rpl_screening.matching.text import fold_tokens, phonetic
from rpl_screening.matching.vocab import (
    CONNECTORS,
    LegalForm,
    Vocabulary,
    expand_abbreviations,
    is_generic_org_word,
)

# Short legal-form codes that customers glue onto a name ('ARGUMENTJSC'); split off before stripping.
_GLUED_FORMS = (
    "ojsc",
    "pjsc",
    "cjsc",
    "jsc",
    "llc",
    "ltd",
    "oao",
    "ooo",
    "zao",
    "gmbh",
    "plc",
    "fzco",
    "fze",
)


@dataclass(frozen=True, slots=True)
class NameForm:
    tokens: tuple[str, ...]
    raw: tuple[str, ...] = ()  # every word before legal forms and titles were dropped
    legal: tuple[LegalForm, ...] = ()  # legal forms stripped from the ends (entity names only)
    titles: tuple[str, ...] = ()  # honorifics dropped (person names only)

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def _glue_initials(tokens: list[str]) -> list[str]:
    """'U K' and 'A B C' are written-out initials: one word, as 'U.K.' and 'A.B.C.' already are."""
    out: list[str] = []
    run: list[str] = []
    for tok in [*tokens, ""]:
        if len(tok) == 1 and tok.isalpha():
            run.append(tok)
            continue
        out += ["".join(run)] if len(run) > 1 else run
        run = []
        if tok:
            out.append(tok)
    return out


def _split_glued(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        if len(tok) >= 6 and not tok.isdigit():
            for code in _GLUED_FORMS:
                if tok.endswith(code) and len(tok) - len(code) >= 3:
                    out += [tok[: -len(code)], code]
                    break
                if tok.startswith(code) and len(tok) - len(code) >= 3:
                    out += [code, tok[len(code) :]]
                    break
            else:
                out.append(tok)
        else:
            out.append(tok)
    return out


def _match_form(tokens: list[str], vocab: Vocabulary, at_start: bool) -> tuple[LegalForm, int] | None:
    # Keyed on the glued, spelling-folded words, so 'S DE R L DE C V', 'S. de R.L. de C.V.' and the
    # Cyrillic round trip 'KOMPANIY' all find their form.
    for n in range(min(len(tokens), vocab.max_form_words), 0, -1):  # longest first
        glued = "".join(tokens[:n] if at_start else tokens[-n:])
        form = vocab.forms_by_key.get(glued) or vocab.forms_by_key.get(phonetic(glued))
        if form is not None:
            return form, n  # n words of the name: 'sp z oo' is the one-word form 'spzoo'
    return None


def _strip_legal_forms(tokens: list[str], vocab: Vocabulary) -> tuple[list[str], list[LegalForm]]:
    # Only at the ends: inside a name 'company' or 'bank' is part of the name and keeps a (low) weight.
    found: list[LegalForm] = []
    changed = True
    while changed and tokens:
        changed = False
        for at_start in (False, True):
            found_form = _match_form(tokens, vocab, at_start)
            if found_form is None or found_form[1] >= len(tokens):
                continue
            form, n = found_form
            rest = tokens[n:] if at_start else tokens[:-n]
            if max(len(t) for t in rest) < 3:  # 'AT&T' is not the Austrian form 'AT' before 'T'
                continue
            if all(is_generic_org_word(t) for t in rest):  # 'BT GROUP' keeps 'BT': 'GROUP' alone says nothing
                continue
            tokens = rest
            found.append(form)
            changed = True
    return tokens, found


def analyse(name: str, vocab: Vocabulary, *, person: bool) -> NameForm:
    """The tokens a name is compared on; persons keep legal-looking words, entities lose titles never."""
    raw = fold_tokens(name)
    if person:
        kept = [t for t in raw if t not in vocab.person_prefixes and t not in CONNECTORS]
        titles = tuple(t for t in raw if t in vocab.person_prefixes)
        return NameForm(tuple(kept or raw), raw=tuple(kept or raw), titles=titles)
    tokens = [t for t in digits(expand_abbreviations(_split_glued(_glue_initials(raw)))) if t not in CONNECTORS]
    while len(tokens) > 1 and tokens[0] in vocab.org_prefixes:
        tokens = tokens[1:]
    stripped, legal = _strip_legal_forms(tokens, vocab)
    return NameForm(tuple(stripped or tokens), raw=tuple(raw), legal=tuple(legal))
