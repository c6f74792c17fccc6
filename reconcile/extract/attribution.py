"""Who a claim is credited to, and which other outlets it cites.

One pass over the attribution cues of a sentence: "citing X", "according to X", "X said/told/
estimated...", "said X", a headline's "X: ..." or "... – X", "X put the number at". The first
cue that names a source gives the claim's source; every cue that names an outlet gives a
citation instead ("as first reported by BILD", "told Reuters", "Yonhap reported"), so an
outlet never competes with the source (docs/semantics.md, "Sources").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reconcile.extract.names import (
    INSTITUTIONS,
    ORG_WORDS,
    clean_source,
    is_capitalised,
    kind_of,
    looks_like_name,
    role_of,
    source_key,
    strip_titles,
    strip_titles_flag,
)
from reconcile.extract.words import PAST_TENSE, phrases, wordset

__all__ = ["Attribution", "CitedOutlet", "Credit", "attribute", "first_person", "make_credit"]

SPEECH_VERBS = (
    "said|says|say|told|tells|stated|added|adds|noted|explained|explains|estimated|estimates|"
    "estimate|claimed|warned|warns|warn|reported|reports|confirmed|confirms|confirm|announced|"
    "announces|insisted|insists|argued|argues|wrote|writes|believes|acknowledged|admitted|"
    "stressed|emphasised|emphasized|observed|indicated|suggested|mentioned|revealed|disclosed|"
    "predicted|predicts|predict|cautioned|alleged|alleges|allege|asserted|maintained|"
    "concluded|calculated|projected|pledged|pledges|pledge|vowed|vows|promised|promises|"
    "declined to comment|put it|tweeted|believe"
)
_VERB = re.compile(rf"\b(?P<v>{SPEECH_VERBS})\b")
# verbs that also start an inverted attribution: '..., said X', '"...," says X'
_INVERTING = frozenset({"said", "says", "say", "added", "adds", "explained", "explains", "wrote",
                        "writes", "noted", "warned", "warns", "reported", "reports", "insisted",
                        "stressed", "continued", "asked", "confirmed", "confirms"})
_AUDIENCE_VERBS = frozenset({"told", "tells"})
_PASSIVE_OR_NOUN = re.compile(
    r"(?:\b(?:was|were|is|are|been|be|being|an|a|the|this|that|these|those|its|their|his|her|"
    r"our|of|by|in|to)|[\d%])\s+$", re.IGNORECASE)
_AUX = re.compile(r"(?:\s+(?:has|have|had|also|later|previously|earlier|again|then|further|"
                  r"first|would|will|did|does|not|never|yet|now|still|already|\w+ly))+\s*$",
                  re.IGNORECASE)
_OUTLET_NAMES = phrases(
    "bild|reuters|ap|associated press|afp|agence france-presse|cnn|bbc|yonhap|tass|"
    "ria novosti|interfax|bloomberg|al jazeera|kyiv independent|ukrainska pravda|nhk|kyodo|"
    "xinhua|der spiegel|spiegel|le monde|politico|axios|npr|fox news|nbc|cbs|abc|sky news|"
    "financial times|economist|newsweek|meduza|novaya gazeta|kcna|new york times|"
    "washington post|wall street journal|guardian|telegraph|independent|times|ft|wsj|dpa|"
    "ansa|efe|pap|ukrinform|unian|rbc|kommersant|vedomosti|izvestia|haaretz|le figaro|"
    "el pais|nikkei|asahi|yomiuri|south china morning post|cbc|abc news|cbs news|nbc news|"
    "the hill|usa today|la times|los angeles times|daily mail|the sun|the mirror|"
    "the irish times|rte|dw|deutsche welle|france 24|euronews|rfe/rl|radio free europe|"
    "voice of america|voa|sky|itv|channel 4|al arabiya|anadolu|tass news agency"
)
_OUTLET_WORD = re.compile(
    r"\b(?:Times|Post|News|Gazette|Herald|Journal|Tribune|Telegraph|Daily|Press|Ledger|"
    r"Chronicle|Observer|Wire|Courier|Dispatch|Mirror|Express|Bulletin|Sentinel|Inquirer|"
    r"Examiner|Insider|Magazine|Pravda|Izvestia|Broadcasting|Television|TV|Radio)\b"
)
_CITATION = re.compile(
    r"\b(?:as\s+)?(?:first\s+|earlier\s+|previously\s+|originally\s+)?(?:reported|mentioned|"
    r"revealed|noted|published|broadcast|quoted)\s+(?:first\s+|earlier\s+)?by\s+(?P<a>[^,.;:]+)"
    r"|\b(?:in\s+an\s+interview\s+with|speaking\s+to|interviewed\s+by|writing\s+in|"
    r"in\s+remarks\s+to|in\s+comments\s+to)\s+(?P<b>[^,.;:]+)"
)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+(?P<x>(?:U\.[SKN]\.|E\.U\.|(?:Gen|Col|Lt|Dr|Sgt|"
                        r"Maj|Capt|Prof|Mr|Mrs|Ms)\.|[A-Z]\.|[^.;:\"“”,()]|,\s+(?=[A-Z]"
                        r"[\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:[,.;]|$))"
                        # a list: "South Korean, Ukrainian and US intelligence"
                        r"|,\s+(?=[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?,?\s+and\s))+)")
_CITING = re.compile(r"\b[Cc]iting\s+(?P<x>(?:U\.[SKN]\.|[A-Z]\.|[^,.;:\"“”()])+)")
_PUT_AT = re.compile(r"\s+put\s+(?:the|its|their)\s+(?:number|toll|figure|total|death toll|cost|"
                     r"losses|damage)\b")
_QUOTE = re.compile(r"[\"“”]|''|``|(?<![\w])['‘](?=\w)|(?<=[\w.,!?])['’](?![\w])")
_CLAUSE_BREAK = re.compile(r",(?!\d{3})|[;:()\"“”]|''|``|\s[–—-]\s|\s[–—]|^")
_NP_STOP = wordset(
    "that after when while as because since if and but or where so then than though although "
    "whereas until before once which who whom whose what how why is was were are be been "
    "being has have had will would could can may might should must did does do not also it he "
    "she they we i you there here"
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_RELATIVE = re.compile(r"^\s*(?:who|which|whose|where|when|whom)\b", re.IGNORECASE)
_DESCRIPTOR = re.compile(r"(?:^|\band\s+)\s*(?:a|an|the|its|his|her|their)\s+[a-z]",
                         re.IGNORECASE)
_HEADLINE_LABELS = wordset(
    "exclusive breaking live analysis explainer factbox timeline opinion update watch video "
    "editorial comment review interview obituary profile tennis football soccer cricket golf "
    "rugby markets weather storm hurricane cyclone typhoon quake earthquake election "
    "elections sport sports business politics world pictures photos graphic fact check final "
    "count in pictures q&a verdict"
)
# capitals and institutions that speak for a government in a headline ("Seoul: ..."); countries
# are left out, since "Kenya: seventeen die in bus crash" names a topic, not a source
_METONYMS = frozenset(
    ["kyiv", "kiev", "seoul", "moscow", "washington", "beijing", "tehran", "pyongyang",
     "tokyo", "london", "paris", "berlin", "brussels", "jerusalem", "ankara", "warsaw",
     "minsk", "damascus", "riyadh", "cairo", "new delhi", "taipei", "pentagon", "kremlin",
     "white house", "downing street", "elysee", "whitehall"]
)


@dataclass(frozen=True, slots=True)
class Credit:
    name: str
    key: str
    kind: str  # "person", "organisation", or "pronoun" (to be resolved by the caller)
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CitedOutlet:
    """An outlet a sentence cites, offsets within the sentence (a claim's Citation once placed
    in the article)."""

    outlet: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Attribution:
    source: Credit | None
    citations: tuple[CitedOutlet, ...]


def is_outlet(name: str, known: frozenset[str] = frozenset()) -> bool:
    clean = name.strip().replace("’", "'")
    low = re.sub(r"^the\s+", "", clean.lower())
    if {low, clean.lower()} & (known | _OUTLET_NAMES):
        return True
    return bool(_OUTLET_WORD.search(clean)) and looks_like_name(clean) and not any(
        w.lower() in ORG_WORDS - {"times", "news", "post", "press"} for w in clean.split())


def make_credit(name: str, start: int, end: int, role: str | None = None) -> Credit:
    clean = strip_titles(name)
    return Credit(clean, source_key(clean), kind_of(clean, role), start, end)


def attribute(sentence: str, outlets: frozenset[str] = frozenset()) -> Attribution:
    """The source and the cited outlets of one sentence (offsets within the sentence)."""
    quotes = _quoted_spans(sentence)
    found: list[tuple[int, Credit | CitedOutlet]] = []
    for m in _CITATION.finditer(sentence):
        g = "a" if m.group("a") else "b"
        _add(found, sentence, m.start(g), m.group(g), outlets, cite_only=True)
    for pattern, rank in ((_CITING, 0), (_ACCORDING, 1)):
        for m in pattern.finditer(sentence):
            if not _inside(m.start(), quotes):
                _add(found, sentence, m.start("x"), m.group("x"), outlets, rank=rank)
    for m in _VERB.finditer(sentence):
        if _inside(m.start(), quotes) or _PASSIVE_OR_NOUN.search(sentence, 0, m.start()):
            continue
        _speech(found, sentence, m, outlets, quotes)
    for m in _PUT_AT.finditer(sentence):
        _subject(found, sentence, m.start(), outlets, rank=2, quotes=quotes)
    _headline(found, sentence, outlets)
    credits = sorted((item for item in found if isinstance(item[1], Credit)),
                     key=lambda item: item[0])
    cites: dict[str, CitedOutlet] = {}
    for _, item in found:
        if isinstance(item, CitedOutlet):
            cites.setdefault(item.outlet.lower(), item)
    source = credits[0][1] if credits else None
    return Attribution(source if isinstance(source, Credit) else None,
                       tuple(sorted(cites.values(), key=lambda c: c.start)))


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _quoted_spans(s: str) -> list[tuple[int, int]]:
    """Spans of quoted speech (three words or more) whose verbs are not the attribution."""
    marks = [m for m in _QUOTE.finditer(s)]
    spans = []
    i = 0
    while i + 1 < len(marks):
        a, b = marks[i], marks[i + 1]
        if len(s[a.end() : b.start()].split()) >= 3:
            spans.append((a.end(), b.start()))
        i += 2
    if len(marks) % 2 == 1 and marks[-1].start() > len(s) // 2 and marks[0].start() == 0:
        spans.append((0, marks[-1].start()))  # a quote closed in this sentence, opened before
    return spans


def _add(found: list[tuple[int, Credit | CitedOutlet]], sentence: str, at: int, phrase: str,
         outlets: frozenset[str], rank: int = 3, cite_only: bool = False,
         role: str | None = None) -> None:
    raw = phrase.strip()
    at += len(phrase) - len(phrase.lstrip())
    if not raw:
        return
    name, described = clean_source(raw)
    if not name or name.lower() in _PRONOUNS:
        return
    offset = raw.find(name.split()[0]) if name.split() else 0
    start = at + max(offset, 0)
    if is_outlet(name, outlets) or is_outlet(raw, outlets):
        found.append((100, CitedOutlet(_strip_the(name), start, start + len(name))))
        return
    if cite_only or not _looks_like_source(name):
        return
    credit = make_credit(name, start, start + len(name), described or role)
    found.append((rank, credit))


def _strip_the(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(), flags=re.I)


def _looks_like_source(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 9 or any(any(c.isdigit() for c in w) and w[-2:] not in {
            "st", "nd", "rd", "th"} for w in words):
        return False
    if words[0] in _NP_STOP or words[-1].lower() in {"of", "for", "and", "the", "to"}:
        return False
    return is_capitalised(words[0]) or len(words) <= 5


_AUDIENCE = re.compile(r"\s+(?:the\s+)?(?P<o>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")
_OPENS_INVERSION = re.compile(r"(?:[,\"”’]|''|^)\s*$")


def _speech(found: list[tuple[int, Credit | CitedOutlet]], s: str, m: re.Match[str],
            outlets: frozenset[str], quotes: list[tuple[int, int]]) -> None:
    verb = m.group("v")
    if verb in _AUDIENCE_VERBS:  # "told Reuters", "told BILD": a citation
        obj = _AUDIENCE.match(s, m.end())
        outlet = obj.group("o").rstrip(".") if obj else ""
        if obj and is_outlet(outlet, outlets):
            o_start = obj.start("o")
            found.append((100, CitedOutlet(_strip_the(outlet), o_start, o_start + len(outlet))))
    before = s[: m.start()]
    rank = 3 if verb.startswith(("pledge", "vow", "promise")) else 2
    if verb in _INVERTING and (_OPENS_INVERSION.search(before) or _ends_headline(s, m)):
        after = _AFTER_VERB.match(s, m.end())
        phrase = _inverted_subject(after.group("x")) if after else ""
        if after and _is_noun_phrase(after.group("x")):
            _add(found, s, after.start("x"), phrase, outlets, rank=rank)
            return
    _subject(found, s, m.start(), outlets, rank=rank, quotes=quotes)


_ABBREV = r"(?:[A-Z]\.|(?:Gen|Col|Lt|Sgt|Capt|Maj|Dr|Mr|Mrs|Ms|Prof|Adm|Brig|Cpl|Pte|Rev|St|Sen|" \
          r"Rep|Gov|Cmdr|U\.S|U\.K|U\.N|E\.U)\.)"
_AFTER_VERB = re.compile(rf"\s*(?P<x>(?:{_ABBREV}|[^,.;:\"“”!?()])+)")
_TIME_WORDS = wordset("monday tuesday wednesday thursday friday saturday sunday yesterday today "
                      "tonight earlier later recently previously")


def _is_noun_phrase(phrase: str) -> bool:
    """Whether the words after an inverting verb name a speaker ('said resident Marek Novak')
    rather than start the reported clause ('said nine villages had been recaptured')."""
    words = phrase.split()
    limit = 12 if words and words[0][0].isupper() else 8  # "Col. X of the Y Special Forces"
    if not words or len(words) > limit or words[0].lower() in _PRONOUNS | _TIME_WORDS:
        return False
    return not any(any(c.isdigit() for c in w) or w in _NP_STOP for w in words)


def _ends_headline(s: str, m: re.Match[str]) -> bool:
    rest = s[m.end():].strip(" .")
    return bool(rest) and len(rest.split()) <= 4 and not rest[0].islower() and "," not in rest


def _inverted_subject(x: str) -> str:
    """'resident Marek Novak' from 'resident Marek Novak in Kherson'."""
    return re.split(r"\s+(?:in|on|at|after|before|when|who|as|during|yesterday|today|"
                    r"on\s+\w+day)\b", x, maxsplit=1)[0]


def _subject(found: list[tuple[int, Credit | CitedOutlet]], s: str, verb_at: int,
             outlets: frozenset[str], rank: int, quotes: Sequence[tuple[int, int]] = ()
             ) -> None:
    """The noun phrase that says: the clause before the verb, appositions and ages skipped."""
    left = s[:verb_at]
    aux = _AUX.search(left)
    if aux:
        left = left[: aux.start()]
    bounds = [m.end() for m in _CLAUSE_BREAK.finditer(left)]
    chunks = []
    for i, b in enumerate(bounds):
        end = bounds[i + 1] - 1 if i + 1 < len(bounds) else len(left)
        chunks.append((b, left[b:end]))
    chunks = [c for c in chunks if c[1].strip() or c is chunks[-1]]
    if not chunks:
        return
    pick = len(chunks) - 1
    role = None
    if not chunks[pick][1].strip():
        pick -= 1
        while pick >= 0 and (_RELATIVE.match(chunks[pick][1])
                             or chunks[pick][1].strip().isdigit()):
            relative = chunks[pick][1].split()[0].lower() if chunks[pick][1].split() else ""
            role = {"who": "person", "which": "organisation"}.get(relative, role)
            pick -= 1
        if pick < 0:
            return
        text = chunks[pick][1].strip()
        if _DESCRIPTOR.match(text) and pick > 0 and looks_like_name(chunks[pick - 1][1].strip()):
            role = _descriptor_role(text) or role
            pick -= 1  # "Jae-won Seo, an analyst at the Asan Institute, told"
        elif pick > 0 and _DESCRIPTOR.search(chunks[pick - 1][1]):
            role = _descriptor_role(chunks[pick - 1][1]) or role  # "the operator, Chemora, said"
    at, text = chunks[pick]
    if _inside(at + len(text) - len(text.lstrip()), quotes):
        return  # the words before the verb are the quote itself, not who said it
    if text.strip().lower() in {"and", "but", "and also", "but also"}:
        subject = subject_of(s)  # "The Commission proposed ... and said": the first subject
        if subject is not None:
            found.append((rank, subject))
        return
    np_start = _noun_phrase_start(text)
    phrase = text[np_start:]
    words = phrase.split()
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        found.append((rank, Credit(words[0].lower(), words[0].lower(), "pronoun", -1, -1)))
        return
    _add(found, s, at + np_start, phrase, outlets, rank=rank, role=role)


_WORD = re.compile(r"[^\s]+")


def _descriptor_role(text: str) -> str | None:
    """'an analyst at the Asan Institute' -> person; "the plant's operator" -> organisation."""
    words = re.split(r"\s+(?:at|of|for|in|with|from|who|which)\s", " " + text.strip(), maxsplit=1)
    head = words[0].split()
    return role_of(head[-1]) if head else None


def _noun_phrase_start(text: str) -> int:
    """Where the noun phrase that ends `text` starts (stops at verbs, conjunctions, numbers)."""
    tokens = list(_WORD.finditer(text))
    start = len(text)
    for k in range(len(tokens) - 1, -1, -1):
        tok = tokens[k]
        w = tok.group(0)
        lw = w.lower().strip("'’")
        if lw == "and" and 0 < k < len(tokens) - 1 and tokens[k - 1].group(0)[0].isupper() and (
                tokens[k + 1].group(0)[0].isupper()):
            continue  # "the National Search and Rescue Agency"
        if lw in _NP_STOP and not (lw in _PRONOUNS and tok is tokens[-1]):
            break
        if any(c.isdigit() for c in w) and not lw.endswith(("st", "nd", "rd", "th")):
            break
        start = tok.start()
        if lw in _PRONOUNS:
            break
    return start


_HEADLINE_TAIL = re.compile(
    r"(?::|\s[–—-])\s+(?P<x>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\.?$")


def _headline(found: list[tuple[int, Credit | CitedOutlet]], s: str, outlets: frozenset[str]
              ) -> None:
    """'UN: tens of thousands displaced', '... since October 2024: Kyiv', '... – MoD'."""
    head = re.match(r"^(?P<x>[^:\"“”,.]{1,40}):\s+(?P<rest>\S)", s)
    if head:
        x = head.group("x").strip()
        low = x.lower()
        if is_outlet(x, outlets):
            at = head.start("x")
            found.append((100, CitedOutlet(_strip_the(x), at, at + len(x))))
        elif low not in _HEADLINE_LABELS and not any(c.isdigit() for c in x) and (
                low in _METONYMS or any(w.isupper() and len(w) > 1 for w in x.split())
                or any(w.lower() in ORG_WORDS for w in x.split())
                or (looks_like_name(x) and head.group("rest")[0].isupper())):
            _add(found, s, 0, x, outlets, rank=4)
    tail = _HEADLINE_TAIL.search(s)
    if tail:
        _add(found, s, tail.start("x"), tail.group("x"), outlets, rank=4)


_NAME_RUN = re.compile(
    r"(?:[A-Z][\w'’.-]*|(?:de|van|von|der|al|bin|la|le|du|da|del|di)(?=\s+[A-Z]))"
    r"(?:\s+(?:[A-Z][\w'’.-]*|(?:de|van|von|der|al|bin|la|le|du|da|del|di)(?=\s+[A-Z])))*"
)


_SENTENCE_OPENERS = frozenset(
    ["But", "And", "However", "Still", "Meanwhile", "So", "Yet", "The", "A", "An", "In", "On",
     "At", "As", "If", "When", "While", "After", "Before", "Since", "Although", "Though",
     "Asked", "According", "Speaking", "Then", "Now", "Later", "Earlier"]
)


def first_person(sentence: str) -> Credit | None:
    """The first person named in a sentence ('the health minister, Dr Kwame Mensah, was ...')."""
    for m in _NAME_RUN.finditer(sentence):
        run = m.group(0).rstrip(".'’")
        first = run.split()[0]
        if first in _SENTENCE_OPENERS and len(run.split()) > 1:
            run = run[len(first) :].lstrip()  # "But Spohr also argued" names Spohr
        name, titled = strip_titles_flag(run)
        words = name.split()
        if m.start() == 0 and len(run.split()) == 1:
            continue
        if len(words) >= 2 or titled:
            credit = make_credit(name, m.start(), m.end(), "person" if titled else None)
            if credit.kind == "person":
                return credit
    return None


def subject_of(sentence: str) -> Credit | None:
    """The organisation a sentence starts with, for 'it said' and a quote after it:
    'The airline carried ...' -> airline; "Norvale Logistics' shares fell" -> Norvale Logistics."""
    words: list[str] = []
    for m in _WORD.finditer(sentence):
        w = m.group(0)
        low = w.lower().strip(",;:")
        if low in _NP_STOP or low in PAST_TENSE or any(c.isdigit() for c in w) or (
                words and w[0].islower() and low.endswith("ed")):
            break
        words.append(w.rstrip(",;:"))
        if w[-1] in ",;:" or len(words) > 6:
            break
    if not words or len(words) > 6:
        return None
    for i, w in enumerate(words[:-1]):
        if w.endswith(("'s", "'", "’s", "’")) and words[-1].lower() not in ORG_WORDS:
            words = words[: i + 1]  # the owner, not the shares
            words[-1] = re.sub(r"(?:'s?|’s?)$", "", words[-1])
            break
    name, _ = clean_source(" ".join(words))
    if not name or not _looks_like_source(name) or name.lower() in _PRONOUNS:
        return None
    named = len(name.split()) > 1 and all(w[0].isupper() for w in name.split())
    if not named and not any(w.lower() in ORG_WORDS for w in name.split()) and (
            name.lower() not in INSTITUTIONS):
        return None  # "Turnout was 95 percent, it said": 'it' is not the turnout
    return Credit(name, source_key(name), "organisation", -1, -1)  # "it said"
