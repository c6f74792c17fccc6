"""What a figure counts: a canonical measure ('troops', 'killed', ...) or the counted noun.

Two figures are only ever compared when they count the same thing, so this decides as much
about conflicts as the numbers do. Families are listed in docs/semantics.md.
"""

from __future__ import annotations

import re

_TROOP_NOUNS = frozenset(
    ["troops", "troop", "soldiers", "soldier", "forces", "mercenaries", "mercenary", "servicemen", "serviceman", "personnel", "fighters", "fighter", "men", "conscripts", "recruits", "marines", "paratroopers", "infantry"]
)
_PERSON_NOUNS = frozenset(
    ["people", "persons", "civilians", "residents", "children", "adults", "women", "men", "villagers", "migrants", "workers", "passengers", "victims", "protesters", "demonstrators", "prisoners", "inhabitants"]
)
# Event words, checked in this order: the first family whose word stands near the figure wins.
_EVENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("casualties", re.compile(
        r"\bcasualt(?:y|ies)\b|\b(?:killed|dead|deaths)\s+(?:and|or)\s+(?:wounded|injured|"
        r"injuries)\b|\b(?:deaths|killed)\s+and\s+injur", re.I)),
    ("killed", re.compile(
        r"\b(?:killed|killing|kills|dead|deaths?|died|dying|fatalities|fatality|death toll|"
        r"lives lost|lost their lives|perished|slain|bodies)\b", re.I)),
    ("wounded", re.compile(r"\b(?:wounded|wounding|injured|injuring|injur(?:y|ies)|hurt)\b",
                           re.I)),
    ("captured", re.compile(r"\b(?:captured|capturing|taken prisoner|prisoners of war|POWs?)\b")),
    ("missing", re.compile(r"\bmissing\b", re.I)),
    ("displaced", re.compile(r"\b(?:displaced|refugees|fled|evacuated|evacuees|homeless)\b", re.I)),
    ("arrested", re.compile(r"\b(?:arrested|arrests?|detained|detentions?)\b", re.I)),
)
_SKIP = frozenset(
    ["of", "the", "a", "an", "more", "additional", "other", "new", "extra", "north", "south", "east", "west", "korean", "russian", "ukrainian", "american", "chinese", "british", "german", "french", "israeli", "palestinian", "syrian", "iranian", "local", "foreign", "total", "estimated", "reported", "confirmed", "further", "its", "their", "his", "her", "our", "around", "about", "nearly", "some", "roughly"]
)
_STOP = frozenset(
    ["to", "in", "on", "at", "for", "from", "by", "with", "was", "were", "is", "are", "have", "has", "had", "be", "been", "being", "will", "would", "could", "and", "or", "but", "that", "which", "who", "since", "as", "than", "into", "over", "after", "before", "during", "while", "this", "these", "those", "it", "they", "he", "she", "we", "said", "says"]
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")
_IRREGULAR = {"people": "people", "men": "man", "women": "woman", "children": "child",
              "personnel": "personnel", "police": "police", "data": "data", "news": "news",
              "series": "series", "species": "species", "feet": "foot", "lives": "life"}


def singular(word: str) -> str:
    """A plain English singular, good enough for counted nouns."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def counted_noun(sentence: str, end: int) -> str | None:
    """The head noun right after a figure: '11,000 North Korean troops to' -> 'troops'."""
    words = [m.group(0) for m in _TOKEN.finditer(sentence[end : end + 80])]
    gap = sentence[end : end + 3]
    if gap[:1] in {",", ";", ".", ")"}:
        return None
    head = None
    for i, w in enumerate(words[:6]):
        lw = w.lower()
        if lw in _STOP:
            break
        if lw in _SKIP or (w[0].isupper() and i < 3 and lw not in _TROOP_NOUNS):
            continue
        head = lw
        # "troops killed": take the first noun; a following participle is the event.
        break
    return head


def measure_of(sentence: str, start: int, end: int, unit: str | None) -> str | None:
    """The measure of the figure at [start, end) in `sentence` (sentence coordinates)."""
    noun = counted_noun(sentence, end)
    after = sentence[end : end + 60]
    before = sentence[max(0, start - 60) : start]
    clause_after = re.split(r"[;,.]|\bbut\b|\bwhile\b", after, maxsplit=1)[0]
    clause_before = re.split(r"[;,.]|\bbut\b|\bwhile\b", before)[-1]

    event = _event(noun or "", clause_after, clause_before)
    if noun in _TROOP_NOUNS:
        return event or "troops"
    if event:
        return event
    if unit in {"%", "pp"} or (unit and unit.isupper()):
        # a share or an amount of money: what it is of ("61% of the vote", "$4bn in aid")
        of = re.match(r"\s*(?:of|in|for|on)\s+(?:the\s+|its\s+|their\s+)?([A-Za-z][a-z-]+)", after)
        if of and of.group(1).lower() not in _STOP:
            return singular(of.group(1))
        before_noun = re.search(r"([a-z][a-z-]+)\s+(?:was|is|of|at|stood at|reached|totalled|"
                                r"totaled|rose to|fell to|hit)\s+(?:about\s+|around\s+)?\W?$",
                                before)
        return singular(before_noun.group(1)) if before_noun else None
    if noun and unit is None:
        return singular(noun)
    if unit:
        before_noun = re.search(r"\b(?:a|an|the)\s+([a-z][a-z-]+)\s+of\s+(?:about\s+)?$", before)
        return singular(before_noun.group(1)) if before_noun else None
    return None


def _event(noun: str, clause_after: str, clause_before: str) -> str | None:
    near_after = " ".join(clause_after.split()[:7])
    for name, pattern in _EVENTS:
        if pattern.search(noun):
            return name
    for name, pattern in _EVENTS:
        if pattern.search(near_after):
            return name
    near_before = " ".join(clause_before.split()[-6:])
    for name, pattern in _EVENTS:
        if pattern.search(near_before):
            return name
    return None
