"""Numbers that are not figures: years, days of a month, times of day, ages, ordinals and ranks,
phone, road and route numbers, page, article and section numbers (docs/semantics.md).

Two kinds of test: `non_figure_spans` finds whole expressions to skip ("a 30-year-old",
"0800 123 4567", "10:30"); `is_label` judges one number by the words around it ("Article 5").
"""

from __future__ import annotations

import re

from reconcile.extract.atoms import Atom
from reconcile.extract.words import wordset

MONTHS = wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# a number right after one of these names a thing rather than counting it
LABEL_NOUNS = wordset(
    "no nos number article articles page pages p pp resolution route highway interstate "
    "section chapter paragraph clause flight room line platform gate level category grade "
    "phase season episode volume vol version amendment decree item rule psalm apollo channel "
    "unit brigade division regiment battalion corps district ward block building floor lane "
    "road street avenue terminal stage round day game match week year tel phone code zone "
    "group squad bus train junction exit pier berth bay hall booth bed box lot precinct "
    "boeing model type mark mk act bill part annex schedule tier class table figure chart "
    "step verse question act lot ticket camp sector region cell"
)
_STRONG_LABELS = frozenset(
    {"no", "number", "article", "page", "resolution", "route", "section", "junction",
     "highway", "interstate", "category", "paragraph", "clause", "chapter", "exit"}
)

# Each pattern runs only when the cheap test next to it passes: most sentences have no phone
# number, no time of day and no age, and one big alternation would be tried at every position.
_PHONE = re.compile(
    r"(?<![\w.,])(?<!\d[ \u00a0\u202f\u2009])(?:\+\d{1,3}|\(?0\d{1,4}\)?)(?:[ .-]\d{2,5}){2,}"
    r"(?!\w)(?!,\d)"
    r"|(?<![\w.,])\(?\d{3}\)?[ .-]\d{3}[.-]\d{3,4}(?![\w])"
)
_PHONE_HINT = re.compile(r"\d[ .)-]+\d+[ .-]\d")
_EMERGENCY = re.compile(r"\b(?:call(?:ed|ing|s)?|dial(?:l?ed|l?ing|s)?|told|phoned|rang|ring)\s+"
                        r"(?:911|999|112)\b")
# "a.m." and "pm" in either case: "7 AM", "7 A.M."
_TIME = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:(?i:[ap]\.?m)\b\.?|h\b|hrs\b|GMT\b|UTC\b))?"
    r"|\b\d{1,2}(?:[.:]\d{2})?\s?(?i:[ap]\.m\.|[ap]m\b)"
    r"|\b\d{4}\s?(?:GMT|UTC|local time)\b"
)
_TIME_HINT = re.compile(r"\d:\d|\d\s?(?i:[ap]\.?m)|GMT|UTC|local time")
_AGE = re.compile(
    r"\b\d{1,3}-(?:year|month|week|day)s?-old\b"
    r"|\b(?:[a-z]+-)+(?:year|month|week)s?-old\b"
    r"|\baged?\s+(?:(?:between|from)\s+)?\d{1,3}(?:\s*(?:-|–|to|and)\s*\d{1,3})?\b"
    r"|\bage\s+of\s+\d{1,3}\b"
    r"|\b\d{1,3}\s+(?:years?|months?)\s+old\b"
    r"|\b(?:children|kids|minors|babies|infants|boys|girls|those|people|adults|anyone|pupils)"
    r"\s+(?:aged\s+)?(?:under|over|below|above|younger than|older than)\s+"
    r"(?:\d{1,2}|five|six|seven|ten|twelve|fourteen|fifteen|sixteen|eighteen|sixty(?:-five)?)"
    r"\b(?!\s*(?:%|per|years? of|[a-z]+s\b))"
)
_AGE_HINT = re.compile(r"-old|\bage|\bold\b|\b(?:under|over|below|above|younger|older)\s+\w")
_RANK = re.compile(r"\bNo\.?\s?\d+\b")
_FRACTION = re.compile(r"\b\d+/\d+\b")
# an age set off by commas after a name: "Marek Novak, 64, said", "said Halyna Moroz, 68."
_AGE_APPOSITION = re.compile(
    r"\b[A-Z][a-zà-ÿ'’-]+,\s(?P<age>\d{1,3})"
    r"(?=\s?(?:,(?!\d)|\.(?!\d)|;|\)|$|\s(?:in|from|of)\s))"
)
AGE_APPOSITION = _AGE_APPOSITION


def non_figure_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that look numeric but are not figures."""
    spans: list[tuple[int, int]] = []
    if _PHONE_HINT.search(text) or "+" in text:
        spans += [m.span() for m in _PHONE.finditer(text)]
    if "911" in text or "999" in text or "112" in text:
        spans += [m.span() for m in _EMERGENCY.finditer(text)]
    if _TIME_HINT.search(text):
        spans += [m.span() for m in _TIME.finditer(text)]
    if _AGE_HINT.search(text):
        spans += [m.span() for m in _AGE.finditer(text)]
    if "No" in text:
        spans += [m.span() for m in _RANK.finditer(text)]
    if "/" in text:
        spans += [m.span() for m in _FRACTION.finditer(text)]
    if ", " in text:
        spans += [m.span("age") for m in _AGE_APPOSITION.finditer(text)
                  if int(m.group("age")) <= 110]
    return spans


_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\W{0,2}$")
_NEXT_WORD = re.compile(r"\W{0,2}([A-Za-z]+)")
_PLURALS = frozenset({"people", "children", "men", "women", "personnel", "staff", "police",
                      "troops", "cattle", "sheep", "fish", "crew", "more"})
_NOT_PLURAL = frozenset({"was", "is", "has", "as", "its", "his", "this", "does", "saw", "sees",
                         "us", "yes", "thus", "plus"})


def is_label(text: str, a: Atom, money_or_unit: bool) -> bool:
    """True when the atom is a year, a day of a month, a label number or a code, not a count."""
    raw = text[a.start : a.end]
    before = text[max(0, a.start - 24) : a.start]
    after = text[a.end : a.end + 24]
    prev_m = _PREV_WORD.search(before)
    prev = prev_m.group(1).lower().rstrip(".") if prev_m else ""
    if a.vague is not None or a.word:
        if re.search(r"\bas\s+(?:many|much|few|little)\s+as\s*$", before, re.I):
            return False  # "as many as one": the hedge makes it a count, not "as one"
        return a.word and _non_count_word(raw.lower(), prev, after)
    plain_int = raw.isdigit()
    next_m = _NEXT_WORD.match(after)
    nxt = next_m.group(1).lower() if next_m else ""
    if plain_int and not money_or_unit:
        if 1800 <= a.value <= 2100 and len(raw) == 4:
            plural_next = (re.match(r"\s[a-z]+s\b", after) and nxt not in _NOT_PLURAL) or (
                nxt in _PLURALS)
            if not plural_next or prev in MONTHS:
                return True  # a year
        if a.value <= 31 and (prev in MONTHS or nxt in MONTHS):
            return True  # a day of a month
        if prev in LABEL_NOUNS and (
            prev in _STRONG_LABELS
            or not re.search(r"\b(?:the|some|about|around|a|per|each|every)\s+\w+\W{0,2}$",
                             before, re.I)
        ):
            return True  # "Article 5", "Route 66", "junction 18"
    if not a.scaled and re.search(r"[A-Za-z]-$", before):
        return True  # Covid-19, F-16, Su-25
    if after.startswith(("/", "-year-old", "-years-old", "-month-old")):
        return True
    return bool(before.endswith("/"))


_ONE_NEXT = wordset(
    "of another day way side thing time who that which point hand by another's or another and "
    "more last"
)
_ONE_PREV = wordset(
    "no any every the this that each which anyone someone only a like just as no-one everyone"
)


def _non_count_word(words: str, prev: str, after: str) -> bool:
    nxt_m = _NEXT_WORD.match(after)
    nxt = nxt_m.group(1).lower() if nxt_m else ""
    if words == "one":
        return nxt in _ONE_NEXT or prev in _ONE_PREV or after[:1] in {"'", "’"}
    if words in {"a dozen", "one"} and nxt == "another":
        return True
    return words in {"zero", "ten"} and prev in {"top"}
