"""Names of sources: cleaning a noun phrase into a name, telling people from organisations,
and deciding when two written names are the same source.

"Col. A. Petrov" = "Colonel Ana Petrov" = "Petrov"; "military intelligence spokesman Andriy Yusko"
is "Andriy Yusko"; "a spokesman for Ukraine's defence ministry" is "Ukraine's defence ministry".
Rules in docs/semantics.md ("Sources").
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from reconcile.extract.words import wordset

TITLES = wordset(
    "colonel col lieutenant lt general gen major maj captain capt sergeant sgt private pte "
    "corporal cpl admiral adm commander cmdr brigadier brig marshal field dr doctor prof "
    "professor mr mrs ms miss mx sir dame lord lady president pres vice prime minister deputy "
    "secretary spokesman spokeswoman spokesperson senator sen governor gov mayor chief "
    "ambassador director commissioner judge justice rev reverend father sheikh king queen "
    "prince princess chancellor representative rep officer lt.-col lieutenant-colonel "
    "lieutenant-general major-general analyst researcher economist prosecutor attorney "
    "inspector superintendent constable detective chairman chairwoman chair ceo cfo coach "
    "manager captain pope cardinal bishop archbishop imam rabbi emir crown speaker mp mep "
    "councillor alderman sheriff warden resident witness official farmer trader organiser "
    "organizer campaigner activist expert head boss founder executive leader envoy"
)
# words that make a name an organisation or a group, never a person
ORG_WORDS = wordset(
    "officials sources authorities ministry military army government police agency officers "
    "intelligence analysts experts data figures estimates services forces command staff "
    "office council department commission service institute institution foundation "
    "organisation organization group observers monitors report statement media investigators "
    "prosecutors diplomats lawmakers researchers association union company corporation bank "
    "court committee party administration authority board centre center university college "
    "school hospital fund programme program agency's navy guard brigade embassy league "
    "charity network coalition alliance federation bureau inc ltd plc group's organisers "
    "organizers regulator operator utility airline club team press times news post ministry's "
    "force corps secretariat parliament congress senate assembly cabinet kremlin pentagon un "
    "nato who eu imf opec unicef unhcr unesco isw cbi ons watch cross crescent international "
    "borders logistics holdings systems technologies energy airlines airways motors industries "
    "partners insurance pharma pharmaceuticals labs laboratories foods mining resources "
    "solutions railways airport"
)
# descriptors of a body: "operator Fraport", "media regulator Roskomnadzor"
ORG_ROLES = wordset(
    "operator regulator company firm maker carrier lender retailer insurer manufacturer "
    "producer developer watchdog broadcaster provider supplier group giant conglomerate "
    "startup exporter importer miner refiner utility charity ngo organisation organization "
    "agency ministry militia movement party club"
)
# singular role nouns: "a senior official" is a person, "officials" a group
PERSON_ROLES = wordset(
    "official spokesman spokeswoman spokesperson witness resident source commander analyst "
    "diplomat officer doctor nurse soldier survivor defector farmer trader expert minister "
    "governor mayor driver pilot engineer teacher student mother father relative "
    "neighbour neighbor paramedic medic volunteer worker employee executive aide adviser "
    "advisor insider negotiator lawyer investigator prosecutor judge economist researcher "
    "scientist colonel general captain sergeant lieutenant man woman"
)
_CONNECTORS = frozenset({"of", "for", "to", "and", "the", "on", "de", "van", "von", "der", "al",
                         "bin", "la", "le", "du", "da", "del", "di"})
PARTICLES = frozenset({"de", "van", "von", "der", "den", "al", "bin", "la", "le", "du", "da",
                       "del", "di", "dos", "ibn", "el", "ter", "ten"})
_PLACE_WORDS = wordset(
    "north south east west northern southern eastern western central new united saudi hong "
    "kong sri costa el san los las korea korean russia russian ukraine ukrainian america "
    "american china chinese britain british german germany france french israel israeli iran "
    "iranian syria syrian turkey turkish japan japanese india indian europe european africa "
    "african asia asian western u.s. u.k. us uk"
)
# places and institutions that speak for a government: "Kyiv said", "the Pentagon said"
INSTITUTIONS = frozenset(
    ["kyiv", "kiev", "seoul", "moscow", "washington", "beijing", "tehran", "pyongyang", "tokyo",
     "london", "paris", "berlin", "brussels", "jerusalem", "ankara", "warsaw", "minsk",
     "damascus", "riyadh", "cairo", "new delhi", "taipei", "pentagon", "kremlin",
     "white house", "downing street", "elysee", "whitehall", "ukraine", "russia", "china",
     "israel", "iran", "germany", "france", "britain", "japan", "india", "turkey", "poland",
     "syria", "egypt", "qatar", "hamas", "hezbollah", "nato", "congress", "parliament",
     "interpol", "europol", "frontex", "greenpeace", "amnesty", "oxfam", "unicef", "unhcr"]
)
_COUNTS = frozenset({"two", "three", "four", "five", "several", "some", "many", "a few",
                     "other", "both", "all"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "our", "his", "her", "this", "that",
                          "these", "those"})
_DOCUMENT_WORDS = re.compile(
    r"^(?:.*\s)?(?:[Dd]ata|figures|estimates?|reports?|statement|information|analysis|results?|"
    r"research|survey|study|poll|count|tally|calculations?|records?|assessment|numbers|"
    r"statistics|projections?|forecasts?|review|audit|investigation|census|"
    r"spokes(?:man|woman|person)|representatives?)\s+(?:\w+\s+)?(?:by|from|for|of)\s+(?P<who>.+)$"
)
_TRAILING_DOCUMENT = re.compile(
    r"\s+(?:figures|data|estimates|statistics|numbers|count|tally|report|reports|reporting|"
    r"analysis|records|calculations|survey|poll)$")
_TRAILING_PP = re.compile(r"\s+(?:at|on|in)\s+(?:\d|the\s+weekend|the\s+time)\S*.*$", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")


def is_capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (word[0].isdigit() and word[-2:] in
                                                  {"st", "nd", "rd", "th"}))


def clean_source(phrase: str) -> tuple[str, str | None]:
    """(name, role): the name in a phrase that credits a statement, and what the words before
    it say it is ('person', 'organisation' or None).

    'a spokeswoman for Riverside General Hospital' -> 'Riverside General Hospital';
    'military intelligence spokesman Andriy Yusko' -> ('Andriy Yusko', 'person');
    "Russia's media regulator Roskomnadzor" -> ('Roskomnadzor', 'organisation').
    """
    s = phrase.strip(" ,;:'\"“”‘’`").replace("’", "'")
    s = _TRAILING_PP.sub("", s)
    if m := _DOCUMENT_WORDS.match(s):
        s = m.group("who")
    owner = _TRAILING_DOCUMENT.sub("", s)
    if owner != s and not all(w.lower() in _PLACE_WORDS for w in owner.split()):
        s = owner  # "Home Office figures" -> Home Office; "South Korean data" stays
    if ", " in s and not _LIST.search(s):
        s = _appositive(s)  # but "South Korean, Ukrainian and US intelligence" is one list
    words = s.split()
    while len(words) > 1 and (words[0].lower() in _DETERMINERS or words[0].lower() in _COUNTS):
        words = words[1:]
    role: str | None = None
    # a trailing proper name after lower-case descriptors: "police spokesman Karl Jensen"
    k = len(words)
    while k > 0 and (is_capitalised(words[k - 1]) or (
            words[k - 1].lower() in _CONNECTORS and k < len(words))):
        k -= 1
    while k < len(words) and not is_capitalised(words[k]):
        k += 1  # a run cannot start with a connector
    if 0 < k < len(words) and not words[k - 1].endswith(("'s", "'")) and (
            words[k - 1].lower() not in {"of", "for", "to", "and", "the", "in", "at"}):
        role = role_of(words[k - 1])
        words = words[k:]
    name, titled = strip_titles_flag(" ".join(words))
    return name, "person" if titled else role


def role_of(word: str) -> str | None:
    """What a descriptor before a name makes it: 'spokesman' a person, 'operator' a body."""
    low = word.lower().rstrip(".,")
    if low in TITLES or low in PERSON_ROLES:
        return "person"
    if low in ORG_WORDS or low in ORG_ROLES:
        return "organisation"
    return None


_LIST = re.compile(r",\s+[^,]+?,?\s+(?:and|or)\s+\S")


def _appositive(s: str) -> str:
    """'AFAD, Turkey's disaster agency' -> 'AFAD'; 'a witness, Amira Saleh' -> 'Amira Saleh'."""
    head, _, tail = s.partition(", ")
    tail = tail.split(", ")[0]
    if looks_like_name(tail) and not looks_like_name(head):
        return tail
    return head


def looks_like_name(s: str) -> bool:
    words = s.split()
    return 0 < len(words) <= 6 and is_capitalised(words[0]) and all(
        is_capitalised(w) or w.lower() in PARTICLES | {"of", "for", "to", "and", "the"}
        for w in words)


def strip_titles(name: str) -> str:
    """'Colonel Ana Petrov' -> 'Ana Petrov'; 'Finance Minister Olek Brandt' -> 'Olek Brandt'."""
    return strip_titles_flag(name)[0]


# Not nameparser's HumanName: it reads the office in 'Finance Minister Olek Brandt' as a first
# and middle name, and takes 'Prime Minister' off 'Prime Minister Office', a body.
def strip_titles_flag(name: str) -> tuple[str, bool]:
    name = name.strip(" ,")
    words = (name if re.search(r"(?:\b[A-Z]\.)+$", name) else name.rstrip(".")).split()
    # "Colonel Ana Petrov of Ukraine's special operations forces" -> the person
    for sep in ("of", "at", "from", "with"):
        if sep in words[1:]:
            head = words[: words.index(sep)]
            if head and looks_like_name(" ".join(head)) and not _has_org_word(head):
                words = head
                break
    last_title = -1
    for i, w in enumerate(words[:-1]):
        if w.lower().rstrip(".,") in TITLES:
            last_title = i
    rest = words[last_title + 1 :]
    if last_title >= 0 and rest and is_capitalised(rest[0]) and not _has_org_word(rest):
        return " ".join(rest).strip(" ,."), True
    return " ".join(words).strip(" ,"), False


def _has_org_word(words: list[str]) -> bool:
    return any(w.lower().strip(".,'") in ORG_WORDS for w in words)


def is_acronym(word: str) -> bool:
    """'UN', 'MoD', 'U.S.', 'UNHCR', but not 'McDonald' or 'A.'"""
    upper = sum(c.isupper() for c in word)
    return (upper > 1 and 2 * upper >= len(word.replace(".", ""))) or bool(
        re.fullmatch(r"(?:[A-Z]\.){2,}", word))


def kind_of(name: str, role: str | None = None) -> str:
    """'person' or 'organisation' for a cleaned source name.

    A singular role ('a senior official') is a person; a group, an institution, a place, an
    acronym or a possessive is an organisation; two to four capitalised words are a person; one
    capitalised word is a person (a surname, as news copy repeats it) unless it is a known
    place or institution ('Kyiv', 'Pentagon') or a plural noun ('Rebels', 'Forecasters').
    `role` is what the words around the name said it was ('operator Fraport').
    """
    words = name.split()
    if not words:
        return "organisation"
    if role is not None and all(is_capitalised(w) or w.lower() in PARTICLES for w in words):
        return role
    if words[-1].lower() in PERSON_ROLES:
        return "person"
    if _has_org_word(words):
        return "organisation"
    if all(is_capitalised(w) or w.lower() in PARTICLES for w in words):
        if any(is_acronym(w) for w in words) or (
                any(w.endswith(("'s", "'")) for w in words)):
            return "organisation"  # acronyms and possessives: "MoD", "Ukraine's air force"
        if all(w.lower().strip(".") in _PLACE_WORDS for w in words) or (
                name.lower() in INSTITUTIONS) or (len(words) == 1 and _GROUP_PLURAL.search(name)):
            return "organisation"
        return "person" if len(words) <= 4 else "organisation"
    return "organisation"


_GROUP_PLURAL = re.compile(r"(?:ers|ors|ists|ians|ants|ents|els|ives|ees|esses)$")


def source_key(name: str) -> str:
    """A normalised key: lower case, titles, a leading 'the' and punctuation dropped."""
    clean = strip_titles(name).replace("’", "'").lower()
    clean = re.sub(r"^the\s+", "", clean)
    return " ".join(re.sub(r"[^\w\s'-]", "", clean).split())


def same_source(a: str, b: str) -> bool:
    """'Col. A. Petrov' = 'Colonel Ana Petrov' = 'Petrov'; 'Petrov' != 'Spohr';
    'defence ministry' != 'health ministry'; 'NIS' = 'National Intelligence Service'."""
    ka, kb = source_key(a), source_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    wa, wb = ka.split(), kb.split()
    if _person_like(strip_titles(a)) and _person_like(strip_titles(b)):
        if fuzz.ratio(wa[-1], wb[-1]) < 88:
            return False
        first_a, first_b = wa[:-1], wb[:-1]
        return not first_a or not first_b or first_a[0][0] == first_b[0][0]
    if _acronym(a) == kb.replace(" ", "") or _acronym(b) == ka.replace(" ", ""):
        return True
    small, big = sorted((set(wa), set(wb)), key=len)
    if len(small) >= 2 and small <= big:
        return True  # "defence ministry" and "Ukraine's defence ministry"
    return fuzz.ratio(ka, kb) >= 92


def _person_like(name: str) -> bool:
    words = name.split()
    return 0 < len(words) <= 4 and kind_of(name) == "person"


def _acronym(name: str) -> str:
    words = [w for w in strip_titles(name).split() if w.lower() not in {"of", "for", "the", "and"}]
    return "".join(w[0] for w in words if w[:1].isupper()).lower() if len(words) > 1 else ""
