"""Who a claim is credited to, and which other outlets it cites.

"according to X", "X said", "said X", "citing X", a quote and its speaker: the credited source.
"as first reported by BILD", "told BILD", "The New York Times reported": a citation of another
outlet, which never competes with the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

_TITLES = frozenset(
    ["colonel", "col", "lieutenant", "lt", "general", "gen", "major", "maj", "captain", "capt", "sergeant", "sgt", "admiral", "adm", "commander", "cmdr", "brigadier", "brig", "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "president", "pres", "prime", "minister", "deputy", "foreign", "defence", "defense", "interior", "secretary", "spokesman", "spokeswoman", "spokesperson", "senator", "sen", "governor", "gov", "mayor", "chief", "ambassador", "director", "commissioner", "judge", "rev", "father", "sheikh", "king", "queen", "prince", "chancellor", "representative", "rep", "officer", "lt.-col", "lieutenant-colonel", "analyst", "researcher"]
)
SPEECH_VERBS = (
    "said|says|say|told|tells|stated|states|added|adds|noted|notes|explained|explains|"
    "estimated|estimates|claimed|claims|warned|warns|reported|reports|confirmed|confirms|"
    "announced|announces|insisted|insists|argued|argues|wrote|writes|believes|believe|"
    "acknowledged|admitted|stressed|emphasised|emphasized|observed|indicated|indicate|"
    "suggested|suggest|suggests|mentioned|put it|described|describe|describes|"
    "assessed|assess|assesses|revealed|disclosed|predicted|cautioned|caution|cautions|"
    "recorded|registered"
)
_KNOWN_OUTLETS = (
    r"BILD|Bild|Reuters|AP|Associated Press|AFP|Agence France-Presse|CNN|BBC|Yonhap|TASS|"
    r"RIA Novosti|Interfax|Bloomberg|Al Jazeera|Kyiv Independent|Ukrainska Pravda|NHK|"
    r"Kyodo|Xinhua|Der Spiegel|Spiegel|Le Monde|Politico|Axios|NPR|Fox News|NBC|CBS|ABC|"
    r"Sky News|Financial Times|The Economist|Newsweek|Meduza|Novaya Gazeta|KCNA|"
    r"(?:the\s+)?(?:New York Times|Washington Post|Wall Street Journal|Guardian|Times|Telegraph|"
    r"Independent)"
)
_OUTLET_WORD = re.compile(
    r"\b(?:Times|Post|News|Gazette|Herald|Journal|Tribune|Telegraph|Daily|Agency|Press|Ledger|"
    r"Chronicle|Observer|Wire|Courier|Review|Dispatch|Standard|Mirror|Express|Monitor|Today|"
    r"Bulletin|Sentinel|Register|Inquirer|Examiner|Insider|Magazine)\b"
)
_NAME = r"(?:[A-Z][\w'’.-]*|of|the|for|and|de|van|von|al-|bin)"
_NAME_PHRASE = rf"[A-Z][\w'’.-]*(?:\s+{_NAME})*"
_CITATION = re.compile(
    rf"\b(?:as\s+)?(?:first\s+|earlier\s+|previously\s+|originally\s+)?(?:reported|mentioned|"
    rf"revealed|noted|published)\s+(?:first\s+|earlier\s+)?by\s+(?P<c1>{_NAME_PHRASE})"
    rf"|\b(?:reports?|according\s+to)\s+(?P<c2>{_KNOWN_OUTLETS})\b"
    rf"|\b(?:told|in\s+an\s+interview\s+with|speaking\s+to|interviewed\s+by|writing\s+in)\s+"
    rf"(?:the\s+)?(?:German\s+daily\s+|newspaper\s+|broadcaster\s+)?(?P<c3>{_NAME_PHRASE})"
    rf"|(?P<c4>(?:The\s+)?{_NAME_PHRASE})\s+(?:had\s+)?(?:earlier\s+|first\s+|previously\s+)?"
    rf"(?:reported|was\s+the\s+first\s+to\s+report|first\s+reported|has\s+reported)"
)
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?:data\s+from\s+|figures\s+from\s+|estimates\s+(?:from|by)\s+|"
    r"a\s+(?:report|statement)\s+(?:from|by)\s+|reports\s+from\s+|information\s+from\s+)?"
    r"(?P<src>(?:U\.S\.|U\.K\.|U\.N\.|E\.U\.|[^.;:\"“”,]|,\s+(?=[A-Z]))+?)"
    r"(?=\s*(?:,(?!\s+[A-Z])|[;:\"“”]|\.\s|\.?$)|\s+(?:who|which|that)\b)"
)
_CITING = re.compile(r"\bciting\s+(?P<src>[^,.;:\"“”]+)")
_SUBJECT_VERB = re.compile(
    rf"(?P<src>[^;:\"“”]+?)\s*,?\s+(?:(?:has|have|had)\s+)?"
    rf"(?:also\s+|later\s+|previously\s+|earlier\s+)?(?:{SPEECH_VERBS})\b"
)
_APPOSITIVE = re.compile(
    rf"(?:^|[.:]\s+)(?P<src>{_NAME_PHRASE}),\s+(?:a|an|the)\s[^\"“]+?,\s+(?:(?:has|have|had)\s+)?"
    rf"(?:{SPEECH_VERBS})\b"
)
_VERB_SUBJECT = re.compile(
    rf"[,\"”’]\s*(?:{SPEECH_VERBS})\s+(?P<src>{_NAME_PHRASE}(?:,\s+a\s+[^,.\"]+)?)"
)
_GROUP_WORDS = frozenset(
    ["officials", "sources", "authorities", "ministry", "military", "army", "government", "police", "agency", "officers", "intelligence", "analysts", "experts", "spokesman", "spokeswoman", "spokesperson", "data", "figures", "estimates", "services", "forces", "command", "staff", "office", "council", "department", "commission", "service", "institute", "foundation", "organisation", "organization", "group", "observers", "monitors", "report", "statement", "media", "investigators", "prosecutors", "diplomats", "lawmakers", "researchers"]
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "the officer", "the colonel"})


@dataclass(frozen=True, slots=True)
class Credit:
    name: str
    key: str
    kind: str  # "person" or "organisation"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Citation:
    outlet: str
    start: int
    end: int


def is_outlet(name: str, known: frozenset[str] = frozenset()) -> bool:
    clean = name.strip()
    if clean.lower().removeprefix("the ").strip() in known:
        return True
    return bool(re.fullmatch(rf"(?:the\s+)?(?:{_KNOWN_OUTLETS})", clean, re.I)) or bool(
        _OUTLET_WORD.search(clean)
    )


def find_citations(sentence: str, outlets: frozenset[str] = frozenset()) -> list[Citation]:
    out = []
    for m in _CITATION.finditer(sentence):
        for group in ("c1", "c2", "c3", "c4"):
            if m.group(group):
                name = _trim(m.group(group))
                start = m.start(group) + m.group(group).find(name)
                if is_outlet(name, outlets):
                    out.append(Citation(_strip_the(name), start, start + len(name)))
    return out


def find_source(sentence: str, outlets: frozenset[str] = frozenset()) -> Credit | None:
    """The source a sentence credits its statement to, or None."""
    cites = find_citations(sentence, outlets)
    cited = {(c.start, c.end) for c in cites}
    candidates: list[tuple[int, int, str]] = []
    for pattern in (_ACCORDING, _CITING, _APPOSITIVE, _VERB_SUBJECT, _SUBJECT_VERB):
        for m in pattern.finditer(sentence):
            raw = m.group("src")
            name = _trim(raw)
            if pattern is _SUBJECT_VERB:
                name = _subject_before_verb(raw)
            if not name or name.lower() in _PRONOUNS:
                continue
            start = m.start("src") + raw.rfind(name) if pattern is _SUBJECT_VERB else \
                m.start("src") + raw.find(name)
            if any(a <= start < b for a, b in cited) or is_outlet(name, outlets):
                continue
            if pattern is _SUBJECT_VERB and not _looks_like_source(name):
                continue
            candidates.append((start, start + len(name), name))
        if candidates:
            break
    if not candidates:
        return None
    start, end, name = candidates[0]
    return make_credit(name, start, end)


def make_credit(name: str, start: int, end: int) -> Credit:
    clean = strip_titles(name)
    kind = "person" if _looks_like_person(clean) else "organisation"
    return Credit(clean, source_key(clean), kind, start, end)


def pronoun_speaker(sentence: str) -> bool:
    """True when the sentence credits its statement to a pronoun ('he said')."""
    return bool(re.search(rf"\b(?:he|she|they|the officer|the colonel)\s+(?:{SPEECH_VERBS})\b",
                          sentence, re.I))


def _trim(raw: str) -> str:
    s = raw.strip(" ,;:'\"“”’")
    s = re.sub(r"\s+(?:who|which|that|in an interview|in a statement)\b.*$", "", s)
    s = re.sub(r",\s+(?:a|an|the)\s+.*$", "", s)  # "Spohr, a director at ..." -> "Spohr"
    return s.strip()


def _strip_the(name: str) -> str:
    return re.sub(r"^the\s+", "", name, flags=re.I).strip()


_SUBJECT_LOWER = _GROUP_WORDS | frozenset(
    ["of", "the", "for", "and", "military", "state", "local", "senior", "western", "intelligence", "defence", "defense", "foreign", "government", "health", "security", "border", "news", "special", "from", "operations", "u.s.", "s"]
)


def _subject_before_verb(raw: str) -> str:
    """The name-like words right before a speech verb: '..., Ukrainian military sources'."""
    tokens = re.findall(r"[\w'’.-]+|,", raw)
    kept: list[str] = []
    for tok in reversed(tokens):
        if tok == ",":
            # "South Korea, Ukraine and the U.S." is one list; "..., Spohr" is not
            if kept and kept[-1][0].isupper() and any(k.lower() == "and" for k in kept):
                kept.append(tok)
                continue
            break
        if tok[0].isupper() or tok.lower() in _SUBJECT_LOWER:
            kept.append(tok)
            continue
        break
    words = list(reversed(kept))
    while words and words[0].lower() in {"of", "the", "for", "and", ",", "from", "as", "s"}:
        words = words[1:]
    if words and words[0] in {"As", "But", "And", "So", "Yet", "Still", "However", "Then"}:
        words = words[1:]
    return " ".join(words).replace(" ,", ",")


def _looks_like_source(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 12:
        return False
    if words[0][0].isupper() and len(words) <= 8:
        return True
    return any(w.lower().strip(",") in _GROUP_WORDS for w in words[-3:])


def _looks_like_person(name: str) -> bool:
    words = [w for w in name.replace(",", " ").split() if w]
    if not words or len(words) > 4:
        return False
    if any(w.lower() in _GROUP_WORDS or w.lower() in {"of", "the", "for"} for w in words):
        return False
    return all(w[0].isupper() for w in words)


def strip_titles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    # "Oleksandr Kondratenko of the Ukrainian Special Operations Forces" -> the person
    if len(words) > 2 and words[0][0].isupper() and "of" in words:
        head = words[: words.index("of")]
        if head and all(w[0].isupper() for w in head) and len(head) <= 3:
            words = head
    return " ".join(words).strip(" ,.")


def source_key(name: str) -> str:
    """A normalised key: lower case, titles and punctuation dropped."""
    clean = strip_titles(name)
    return re.sub(r"[^\w\s-]", "", clean.lower()).strip()


def same_source(a: str, b: str) -> bool:
    """'Col. A. Petrov' = 'Colonel Ana Petrov' = 'Petrov'; 'Petrov' != 'Spohr'."""
    ka, kb = source_key(a).split(), source_key(b).split()
    if not ka or not kb:
        return False
    if " ".join(ka) == " ".join(kb):
        return True
    if fuzz.ratio(ka[-1], kb[-1]) < 88:
        return fuzz.token_set_ratio(" ".join(ka), " ".join(kb)) >= 95 and min(len(ka),
                                                                              len(kb)) > 1
    first_a, first_b = ka[:-1], kb[:-1]
    if not first_a or not first_b:
        return True  # a bare surname matches any full name with it
    return first_a[0][0] == first_b[0][0]
