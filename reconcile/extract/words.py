"""Small word helpers shared by the extractors: tokens with offsets, plural and singular forms,
and the event words that name a canonical measure (docs/semantics.md, "Measures")."""

from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(r"[A-Za-zÀ-ÿ][\w'’-]*|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]")


class Token(NamedTuple):
    text: str
    low: str
    start: int
    end: int
    is_word: bool
    is_number: bool


def tokens_of(text: str) -> list[Token]:
    """Words, numbers and punctuation marks of `text` with their offsets."""
    out = []
    for m in _TOKEN.finditer(text):
        t = m.group(0)
        first = t[0]
        out.append(Token(t, t.lower().replace("’", "'"), m.start(), m.end(), first.isalpha(),
                         first.isdigit()))
    return out


def number_token(start: int, end: int) -> Token:
    """A stand-in for another figure, so that 'rose 5.5 percent to' reads 'rose 0 to'."""
    return Token("0", "0", start, end, False, True)


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(words.split())


def phrases(text: str) -> frozenset[str]:
    """A set of phrases written as one '|'-separated string."""
    return frozenset(text.split("|"))


# past tenses that do not end in -ed: where a noun phrase ends and its verb begins
PAST_TENSE = wordset(
    "fell rose grew said told took made won lost hit cut put set kept held left sent gave got "
    "went came saw found began brought bought built paid ran spent stood struck sold shot "
    "fought drew flew froze hid led met overtook rang sank shook slid spoke stole swept threw "
    "wrote became broke chose drove fled sought taught thought understood woke"
)


def _family(name: str, words: str) -> dict[str, str]:
    return dict.fromkeys(words.split(), name)


EVENT_OF: dict[str, str] = {
    **_family("killed", "killed kill kills killing dead death deaths died die dies dying "
                        "fatalities fatality fatal perished perish slain drowned toll bodies body"),
    **_family("wounded", "wounded wounding injured injuring injuries injury hurt"),
    **_family("casualties", "casualties casualty"),
    **_family("captured", "captured capturing captives captive pows pow"),
    **_family("missing", "missing"),
    **_family("displaced", "displaced refugees refugee fled flee flees fleeing evacuated "
                           "evacuation evacuees evacuee homeless"),
    **_family("arrested", "arrested arrest arrests detained detention detentions detain"),
}

# Verbs (lemmas) that tell one event in different words: "named police chief" / "hired", "fell
# nine stories" / "slipped 25 feet". A date, a time or a distance is of the event its clause
# tells, so two outlets' verbs for it must be read as one (frames read lemmas through this).
EVENT_VERB: dict[str, str] = {
    **_family("fall", "fall drop slip plunge tumble plummet"),
    **_family("appoint", "appoint name hire install swear nominate"),
    **_family("kill", "kill die slay perish"),
    **_family("injure", "injure wound hurt"),
    **_family("arrest", "arrest detain apprehend"),
    **_family("oust", "oust overthrow depose topple"),
    **_family("begin", "begin start launch commence"),
    **_family("end", "end finish conclude"),
    **_family("marry", "marry wed"),
    **_family("resign", "resign quit"),
    **_family("charge", "charge indict"),
    **_family("publish", "publish print"),
    **_family("disappear", "disappear vanish"),
}

_IRREGULAR = {"people": "person", "men": "man", "women": "woman", "children": "child",
              "personnel": "personnel", "police": "police", "data": "data", "news": "news",
              "series": "series", "species": "species", "feet": "foot", "lives": "life",
              "troops": "troops", "forces": "force", "staff": "staff", "crises": "crisis",
              "analyses": "analysis", "teeth": "tooth", "mice": "mouse", "geese": "goose",
              "aircraft": "aircraft", "sheep": "sheep", "fish": "fish", "cattle": "cattle",
              "wolves": "wolf", "knives": "knife", "wives": "wife", "thieves": "thief",
              "halves": "half", "shelves": "shelf", "loaves": "loaf", "leaves": "leaf"}
_PLURAL_WORDS = frozenset(_IRREGULAR) - {"news", "data", "series"} | {"police", "staff", "crew",
                                                                    "dozens", "people"}
# nouns in -us whose plural is -uses; other -uses words are -use plurals ('causes', 'abuses')
_NOUNS_IN_US = frozenset({"bus", "status", "virus", "census", "campus", "bonus", "surplus",
                          "focus", "consensus", "circus", "chorus", "genius", "sinus", "fetus",
                          "foetus", "octopus", "caucus", "prospectus", "syllabus", "apparatus",
                          "hiatus", "nexus", "cactus", "walrus", "minus", "onus", "omnibus"})
_NOT_PLURAL = _NOUNS_IN_US | frozenset({
    "is", "was", "has", "as", "its", "his", "this", "us", "plus", "thus", "yes", "gas", "news",
    "series", "crisis", "basis", "analysis", "less", "across", "always", "perhaps", "whereas",
    "lens"})
_VOWELS = frozenset("aeiouy")
# nouns in -oe with a vowel before it, which the rule for -oes plurals ('echoes') would cut
_NOUNS_IN_OE = frozenset({"canoe", "oboe", "aloe", "tiptoe", "mistletoe", "felloe"})


# Not inflect's singular_noun: it also cuts words that are already singular ('bus' -> 'bu',
# 'gas' -> 'ga', 'virus' -> 'viru', 'data' -> 'datum') and possessives, and counted nouns
# reach here singular as often as plural.
def singular(word: str) -> str:
    """A plain English singular, good enough for counted nouns ('lorries' -> 'lorry')."""
    w = word.lower().replace("’", "'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("men") and len(w) > 4:
        return w[:-3] + "man"  # servicemen, fishermen
    if w.endswith("'s") or w.endswith("'"):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zzes")) or w[:-2] in _NOUNS_IN_US:
        return w[:-2]
    if w.endswith("oes") and _VOWELS & set(w[:-3]) and not (
            w[:-1] in _NOUNS_IN_OE or w.endswith("shoes")):
        return w[:-2]  # 'echoes'; not 'toes', 'foes' (no vowel before -oes)
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3 and (
            w not in _NOT_PLURAL):
        return w[:-1]
    return w


def is_plural(word: str) -> bool:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        return is_plural(w[:-2])  # a possessive is plural as its owner is: 'children's'
    if w in _PLURAL_WORDS or (w.endswith("men") and len(w) > 4):
        return True
    return len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is")) and (
        w not in _NOT_PLURAL)
