"""Figures in text: numbers with their hedges, scales, currencies and units, as intervals.

The semantics (which hedge means which interval, what is not a figure) are documented in
docs/semantics.md; this module is the one place that implements them. It is pure: text in,
`Quantity` objects out, offsets relative to the text it was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from text_to_num import text2num

INF = None  # an unbounded end is None, as in the JSON the API serves


@dataclass(frozen=True, slots=True)
class Quantity:
    raw: str
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False
    unit: str | None = None
    hedge: str | None = None
    precision: float = 1.0


# --- hedges ----------------------------------------------------------------------------------

_HEDGES: dict[str, tuple[str, ...]] = {
    "around": (
        "approximately", "an estimated", "estimated", "around", "about", "roughly",
        "some", "circa", "approx.", "c.", "an approximate",
    ),
    "nearly": ("nearly", "almost", "close to", "just under", "just shy of", "just below"),
    "just over": ("just over", "slightly more than", "a little over", "a little more than",
                  "just above"),
    "more than": ("more than", "over", "above", "exceeding", "in excess of", "upwards of",
                  "north of", "greater than", "beyond"),
    "at least": ("at least", "no fewer than", "no less than", "a minimum of", "not less than",
                 "not fewer than"),
    "up to": ("up to", "as many as", "at most", "no more than", "a maximum of", "not more than",
              "as much as", "as high as"),
    "fewer than": ("fewer than", "less than", "under", "below", "lower than"),
}
_HEDGE_OF = {phrase: name for name, phrases in _HEDGES.items() for phrase in phrases}
_HEDGE_BEFORE = re.compile(
    r"(?:^|(?<=[\s(\"“']))(?P<h>"
    + "|".join(re.escape(p) for p in sorted(_HEDGE_OF, key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
_HEDGE_AFTER = re.compile(r"^(?:\s+or\s+(?P<w>more|so|fewer|less)\b|(?P<p>-?plus\b|\+))",
                          re.IGNORECASE)
_POSTFIX_HEDGE = {"more": "at least", "plus": "at least", "+": "at least", "-plus": "at least",
                  "so": "around", "fewer": "up to", "less": "up to"}


def apply_hedge(hedge: str | None, v: float) -> tuple[float | None, float | None, bool, bool]:
    """The interval (low, high, low_open, high_open) a hedge makes of the value v."""
    if hedge is None:
        return v, v, False, False
    if hedge == "around":
        return _r(v * 0.95), _r(v * 1.05), False, False
    if hedge == "nearly":
        return _r(v * 0.9), v, False, True
    if hedge == "just over":
        return v, _r(v * 1.1), True, False
    if hedge == "more than":
        return v, INF, True, False
    if hedge == "at least":
        return v, INF, False, False
    if hedge == "up to":
        return 0.0, v, False, False
    if hedge == "fewer than":
        return 0.0, v, False, True
    raise ValueError(f"unknown hedge {hedge!r}")


def _r(x: float) -> float:
    # 11000 * 1.05 is 11550.000000000002 in binary floating point; figures are read by people.
    return round(x, 9)


# --- vague amounts ---------------------------------------------------------------------------

VAGUE: dict[str, tuple[float, float, bool]] = {
    # wording: (low, high, high_open); see docs/semantics.md
    "tens of thousands": (20_000, 100_000, True),
    "hundreds of thousands": (200_000, 1_000_000, True),
    "a couple of": (2, 3, False),
    "a couple": (2, 3, False),
    "a few": (2, 5, False),
    "a handful of": (2, 6, False),
    "a handful": (2, 6, False),
    "several": (3, 10, False),
    "dozens": (24, 144, True),
    "scores": (40, 200, True),
    "hundreds": (200, 1000, True),
    "thousands": (2000, 1_000_000, True),
    "millions": (2_000_000, 1_000_000_000, True),
    "billions": (2_000_000_000, 1_000_000_000_000, True),
}
_VAGUE_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(k) for k in sorted(VAGUE, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

# --- scales, currencies, units ---------------------------------------------------------------

_SCALE = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}
_CURRENCY_SYMBOL = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB",
                    "₴": "UAH", "₩": "KRW", "usd": "USD", "eur": "EUR", "gbp": "GBP"}
_CURRENCY_BEFORE = re.compile(r"(?P<c>US\$|\$|€|£|¥|₽|₴|₩|\b(?:USD|EUR|GBP)\s?)$")
_CURRENCY_WORD = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP",
    "sterling": "GBP", "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB",
    "hryvnias": "UAH", "hryvnia": "UAH", "hryvnas": "UAH", "won": "KRW", "yen": "JPY",
    "yuan": "CNY",
}
_UNIT_WORD = {
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "mile", "mile": "mile", "kg": "kg", "kilograms": "kg", "kilogram": "kg",
    "tonnes": "tonne", "tonne": "tonne", "tons": "tonne", "ton": "tonne",
    "metres": "metre", "meters": "metre", "metre": "metre", "meter": "metre",
    "hours": "hour", "hour": "hour", "minutes": "minute", "minute": "minute",
    "seconds": "second", "second": "second", "days": "day", "day": "day", "weeks": "week",
    "week": "week", "months": "month", "month": "month", "years": "year", "year": "year",
    "inches": "inch", "inch": "inch", "feet": "foot", "foot": "foot", "pounds": "pound",
    "barrels": "barrel", "litres": "litre", "liters": "litre", "acres": "acre",
    "hectares": "hectare", "km2": "km2", "sq km": "km2", "square kilometres": "km2",
    "square miles": "sq mile", "mph": "mph", "km/h": "km/h", "degrees": "degree",
}
_SUFFIX_RE = re.compile(
    r"^(?P<sp>[\s\u00a0]?)(?:"
    r"(?P<pct>%|per\s?cent\b|percent\b)|(?P<pp>percentage points?\b)"
    r"|(?P<cur>" + "|".join(sorted(_CURRENCY_WORD, key=len, reverse=True)) + r")\b"
    r"|(?P<unit>" + "|".join(re.escape(u) for u in sorted(_UNIT_WORD, key=len, reverse=True))
    + r")(?![\w/])"
    r")",
    re.IGNORECASE,
)

# --- atoms: one number as written --------------------------------------------------------------

_DIGITS = re.compile(
    r"(?<![\w.,/:])(?P<n>\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])"
    r"|\d+(?!,\d{3}))(?P<dec>\.\d+)?(?![.,]?\d)"
    r"(?:(?P<scsp>[\s\u00a0]?)(?P<scale>thousand|million|billion|trillion|mln|bn|mn|trn|tn|k|m|b)"
    r"(?![\w]))?"
)
_UNITS_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")
_NUMBER_WORD = set(_UNITS_WORDS) | set(_TENS_WORDS) | set(_SCALE_WORDS)
_WORD_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
_LABEL_NOUNS = {
    "no", "no.", "nos", "number", "article", "articles", "page", "pages", "resolution", "route",
    "highway", "interstate", "section", "chapter", "paragraph", "clause", "flight", "room",
    "line", "platform", "gate", "level", "category", "grade", "phase", "season", "episode",
    "volume", "vol", "version", "amendment", "decree", "item", "rule", "psalm", "apollo",
    "covid", "channel", "unit", "brigade", "division", "regiment", "battalion", "corps",
    "district", "ward", "block", "building", "floor", "lane", "road", "street", "avenue",
    "terminal", "stage", "round", "day", "game", "match", "week", "year", "pt", "p", "tel",
    "phone", "code", "zone", "g", "group", "squad", "team", "bus", "train", "ms", "mh",
}
_PHONE = re.compile(
    r"(?<![\w])(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]\d{2,4}[.-]\d{2,5}(?:[.-]\d{2,5})?(?![\w])"
    r"|\+\d{1,3}(?:[\s-]\d{2,5}){2,}(?![\w])"
)
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s?(?:[ap]\.?m\.?|h|hrs)?(?![\d])|\b\d{1,2}\s?(?:[ap]\.m\.|[ap]m\b)",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\b\d{1,3}-(?:year|month|week)s?-old\b|\baged\s+\d{1,3}\b|\bage\s+(?:of\s+)?\d{1,3}\b"
    r"|\b\d{1,3}\s+years?\s+old\b",
    re.IGNORECASE,
)
_CHANGE_VERB = re.compile(
    r"\b(?:rose|risen|rising|rises|fell|fallen|falling|falls|increased|increasing|decreased|"
    r"climbed|climbing|dropped|dropping|grew|grown|growing|jumped|declined|soared|slid|surged|"
    r"plunged|went|gone|edged|cut|raised|revised|shrank|slumped|doubled|tripled|moved|changed|"
    r"up|down|reduced|lowered|boosted|expanded|narrowed|widened)\b[^.;]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    value: float
    precision: float
    scaled: bool  # a scale word or suffix was written (million, bn, k...)
    vague: tuple[float, float, bool] | None = None
    word: bool = False


def _digit_atoms(text: str, masked: list[tuple[int, int]]) -> list[_Atom]:
    atoms = []
    for m in _DIGITS.finditer(text):
        if _inside(m.start(), masked):
            continue
        digits = re.sub(r"[,\s\u00a0\u202f]", "", m.group("n"))
        dec = m.group("dec") or ""
        value = float(digits + dec)
        precision = 10.0 ** -(len(dec) - 1) if dec else 1.0
        scale_word = (m.group("scale") or "").lower()
        end = m.end()
        if scale_word:
            # "300m" with no currency and no space may be metres; the caller decides later.
            value *= _SCALE[scale_word]
            precision *= _SCALE[scale_word]
        after = text[end : end + 3]
        if re.match(r"(?:st|nd|rd|th|s)\b|[a-z]", after, re.IGNORECASE) and not scale_word:
            if not _SUFFIX_RE.match(text[end:]) or re.match(r"(?:st|nd|rd|th|s)\b", after):
                continue  # ordinals (21st), decades (1990s), codes (5G)
        atoms.append(_Atom(m.start(), end, value, precision, bool(scale_word)))
    return atoms


def _word_atoms(text: str, masked: list[tuple[int, int]]) -> list[_Atom]:
    """Runs of number words: 'eleven thousand', 'a dozen', 'two and a half million'."""
    tokens = [(m.group(0), m.start(), m.end()) for m in _WORD_TOKEN.finditer(text)]
    atoms: list[_Atom] = []
    i = 0
    while i < len(tokens):
        run_end = _number_word_run(tokens, i)
        if run_end == i:
            i += 1
            continue
        words = [t[0].lower() for t in tokens[i:run_end]]
        start, end = tokens[i][1], tokens[run_end - 1][2]
        if words[0] in _SCALE_WORDS:
            i = run_end  # "million" alone belongs to a digit before it ("5 million")
            continue
        value = _words_value(words)
        if value is not None and not _inside(start, masked):
            scaled = any(w in _SCALE_WORDS[1:] or w == "dozen" for w in words)
            precision = _words_precision(words)
            atoms.append(_Atom(start, end, value, precision, scaled, word=True))
        i = run_end
    return atoms


def _number_word_run(tokens: list[tuple[str, int, int]], i: int) -> int:
    j = i
    while j < len(tokens):
        word = tokens[j][0].lower()
        parts = word.split("-")
        if all(p in _NUMBER_WORD for p in parts) or word == "dozen":
            j += 1
            continue
        nxt = tokens[j + 1][0].lower() if j + 1 < len(tokens) else ""
        if word == "a" and (nxt in _SCALE_WORDS or nxt in {"dozen", "half"}) and (
                j == i or _prev_is(tokens, j, {"half", "and"})):
            j += 1
            continue
        if word == "half" and ((j == i and nxt == "a") or (
                _prev_is(tokens, j, {"a"}) and nxt in _SCALE_WORDS)):
            j += 1
            continue
        if word == "and" and j > i and (nxt in _NUMBER_WORD or nxt.split("-")[0] in _NUMBER_WORD
                                        or nxt == "a"):
            j += 1
            continue
        break
    # a trailing "and" or "a" belongs to the sentence, not the number
    while j > i and tokens[j - 1][0].lower() in {"and", "a", "half"}:
        j -= 1
    return j


def _prev_is(tokens: list[tuple[str, int, int]], j: int, words: set[str]) -> bool:
    return j > 0 and tokens[j - 1][0].lower() in words


def _words_value(words: list[str]) -> float | None:
    if words == ["dozen"]:
        return None  # "dozen" alone is never a figure; "a dozen" is
    if words[0] == "half" and len(words) == 3:  # half a million
        return 0.5 * _SCALE[words[2]] if words[2] in _SCALE else 50.0 if words[2] == "hundred" \
            else 6.0
    if ("and" in words and words[-2:-1] == ["half"]) or ("a" in words and "half" in words):
        # two and a half million
        k = words.index("and")
        whole = _words_value(words[:k])
        scale = words[-1]
        mult = _SCALE.get(scale, 100.0 if scale == "hundred" else 12.0 if scale == "dozen" else 1)
        return None if whole is None else (whole + 0.5) * mult
    if words[0] == "a":
        words = ["one", *words[1:]]
    dozen = 1.0
    if words[-1] == "dozen":
        dozen, words = 12.0, words[:-1]
        if not words:
            return 12.0
    try:
        return float(text2num(" ".join(words), "en")) * dozen
    except ValueError:
        return None


def _words_precision(words: list[str]) -> float:
    # "eleven thousand" is written to the thousand; "eleven" to the unit.
    for scale, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6),
                        ("thousand", 1e3), ("hundred", 1e2)):
        if words and words[-1] == scale:
            return size
    return 1.0


def _vague_atoms(text: str, masked: list[tuple[int, int]]) -> list[_Atom]:
    atoms = []
    for m in _VAGUE_RE.finditer(text):
        word = m.group(0).lower()
        if _inside(m.start(), masked):
            continue
        if word == "scores" and not text[m.end():].lstrip().lower().startswith("of"):
            continue  # football scores
        low, high, open_ = VAGUE[word]
        atoms.append(_Atom(m.start(), m.end(), low, 1.0, False, vague=(low, high, open_)))
    return atoms


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- the parser --------------------------------------------------------------------------------


def non_figure_spans(text: str) -> list[tuple[int, int]]:
    """Spans that look numeric but are not figures: phone numbers, times of day, ages."""
    spans = [m.span() for m in _PHONE.finditer(text)]
    spans += [m.span() for m in _TIME_OF_DAY.finditer(text)]
    spans += [m.span() for m in _AGE.finditer(text)]
    return spans


def parse_quantities(text: str, masked: list[tuple[int, int]] = ()) -> list[Quantity]:  # type: ignore[assignment]
    """Every figure in `text`, in order. `masked` spans (time expressions) are skipped."""
    masked = list(masked) + non_figure_spans(text)
    atoms = _digit_atoms(text, masked) + _word_atoms(text, masked)
    taken = [(a.start, a.end) for a in atoms]
    atoms += [a for a in _vague_atoms(text, masked)
              if not any(_overlaps((a.start, a.end), t) for t in taken)]
    atoms.sort(key=lambda a: a.start)
    atoms = [a for a in atoms if not _is_non_figure(text, a)]

    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        rng = _range_between(text, a, b) if b else None
        if rng is not None and b is not None:
            out.append(_make_range(text, a, b, rng))
            i += 2
            continue
        q = _make_single(text, a)
        if q is not None:
            out.append(q)
        i += 1
    return out


def _is_non_figure(text: str, a: _Atom) -> bool:
    raw = text[a.start : a.end]
    before = text[max(0, a.start - 24) : a.start]
    after = text[a.end : a.end + 24]
    prev_word = re.search(r"([A-Za-z.]+)\W{0,2}$", before)
    prev = prev_word.group(1).lower().rstrip(".") if prev_word else ""
    next_word = re.match(r"\W{0,2}([A-Za-z]+)", after)
    nxt = next_word.group(1).lower() if next_word else ""
    if a.vague is None and not a.word:
        plain_int = re.fullmatch(r"\d+", raw) is not None
        if plain_int and 1800 <= a.value <= 2100 and not _has_money_or_unit(text, a):
            plural_noun_next = re.match(r"\s[a-z]+s\b", after) and nxt not in {
                "was", "is", "has", "as", "its", "his", "this", "does", "saw", "sees"}
            if not plural_noun_next or prev in _MONTHS:
                return True  # a year
        if plain_int and a.value <= 31 and (prev in _MONTHS or nxt in _MONTHS):
            return True  # a day of a month
        if prev in _LABEL_NOUNS and not _has_money_or_unit(text, a) and plain_int:
            # "Article 5", "Route 66", "No. 1" -- but "in day 3" too; a label, not a count.
            if not re.search(r"\b(?:the|some|about|around)\s+\w+\W{0,2}$", before, re.I) or (
                prev in {"no", "number", "article", "page", "resolution", "route"}
            ):
                return True
        if before.endswith("-") and re.search(r"[A-Za-z]-$", before):
            return True  # Covid-19, F-16, Su-25
        if after.startswith("/") or before.endswith("/"):
            return True  # 24/7, 9/11, fractions of dates
        if re.match(r"-(?:year|month|week)s?-old", after):
            return True
    if a.word:
        words = raw.lower().split()
        if words == ["one"] and (
            nxt in {"of", "another", "day", "way", "side", "thing", "time", "who", "that",
                    "which", "point", "hand", "by", "another's", "or"}
            or prev in {"no", "any", "every", "the", "this", "that", "each", "which", "anyone",
                        "someone", "only", "a", "like", "just", "as"}
        ):
            return True
        if words in (["one"], ["a", "dozen"]) and nxt in {"another"}:
            return True
    return False


def _has_money_or_unit(text: str, a: _Atom) -> bool:
    return bool(_CURRENCY_BEFORE.search(text[max(0, a.start - 4) : a.start])) or bool(
        _SUFFIX_RE.match(text[a.end :])
    )


def _range_between(text: str, a: _Atom, b: _Atom) -> str | None:
    """How a and b form one range ('between', 'to', 'dash'), or None when they are two figures."""
    if a.vague or b.vague:
        return None
    gap = text[a.end : b.start]
    # "between 10,000 and 12,000"; currency or units may repeat: "$10m and $12m"
    if re.fullmatch(r"\s*(?:%|per\s?cent|percent)?\s+and\s+(?:US\$|\$|€|£)?", gap, re.I) and \
            re.search(r"\bbetween\s+(?:US\$|\$|€|£)?$", text[max(0, a.start - 12) : a.start], re.I):
        return "between"
    if re.fullmatch(r"\s*(?:%|per\s?cent|percent)?\s*(?:-|–|—)\s*(?:US\$|\$|€|£)?", gap, re.I):
        return "dash" if b.value >= a.value or b.scaled else None
    if re.fullmatch(r"\s*(?:%|per\s?cent|percent)?\s+to\s+(?:US\$|\$|€|£)?", gap, re.I):
        lead = text[max(0, a.start - 80) : a.start]
        if re.search(r"\bfrom\s+(?:US\$|\$|€|£)?$", lead, re.I) and _CHANGE_VERB.search(
            lead[: lead.lower().rfind("from")]
        ):
            return None  # "rose from 3 to 5": two figures, a change
        if _CHANGE_VERB.search(lead[-40:]) and not re.search(r"\bfrom\s+\W?$", lead):
            return None
        return "to"
    return None


def _affixes(text: str, start: int, end: int) -> tuple[str | None, str | None, int, int]:
    """(currency or unit, hedge, new_start, new_end) from what is written around [start, end)."""
    unit = None
    cur = _CURRENCY_BEFORE.search(text[max(0, start - 4) : start])
    if cur:
        unit = _CURRENCY_SYMBOL[cur.group("c").strip().lower()]
        start -= len(cur.group(0))
    suffix = _SUFFIX_RE.match(text[end:])
    if suffix:
        if suffix.group("pct"):
            unit = "%"
        elif suffix.group("pp"):
            unit = "pp"
        elif suffix.group("cur") and unit is None:
            unit = _CURRENCY_WORD[suffix.group("cur").lower()]
        elif suffix.group("unit") and unit is None:
            unit = _UNIT_WORD[suffix.group("unit").lower()]
        if unit in {"%", "pp"} or (suffix.group("cur") and unit) or suffix.group("unit"):
            end += suffix.end()
    hedge = None
    h = _HEDGE_BEFORE.search(text[max(0, start - 40) : start])
    if h:
        hedge = _HEDGE_OF[h.group("h").lower()]
        start -= len(text[max(0, start - 40) : start]) - h.start("h")
    post = _HEDGE_AFTER.match(text[end:])
    if post and hedge is None:
        word = (post.group("w") or post.group("p")).lower()
        hedge = _POSTFIX_HEDGE[word]
        end += post.end()
    return unit, hedge, start, end


def _make_single(text: str, a: _Atom) -> Quantity | None:
    unit, hedge, start, end = _affixes(text, a.start, a.end)
    if a.vague is not None:
        low, high, high_open = a.vague
        if hedge in {"more than", "at least", "up to", "fewer than"}:
            return _make_hedged_vague(text, a, start, end, hedge)
        return Quantity(text[start:end], start, end, low, low, high, False, high_open, unit,
                        "vague", 1.0)
    value = a.value
    raw_atom = text[a.start : a.end]
    if a.scaled and re.search(r"\dm$", raw_atom) and unit is None:
        # "400m" without a currency is a distance in metres, not 400 million
        value, unit = a.value / 1e6, "metre"
        return _single(text, start, end, value, unit, hedge, a.precision / 1e6)
    return _single(text, start, end, value, unit, hedge, a.precision)


def _single(text: str, start: int, end: int, value: float, unit: str | None, hedge: str | None,
            precision: float) -> Quantity:
    low, high, low_open, high_open = apply_hedge(hedge, value)
    return Quantity(text[start:end], start, end, value, low, high, low_open, high_open, unit,
                    hedge, precision)


def _make_hedged_vague(text: str, a: _Atom, start: int, end: int, hedge: str) -> Quantity:
    low, high, _ = a.vague or (0.0, 0.0, False)
    if hedge in {"more than", "at least"}:
        return Quantity(text[start:end], start, end, low, low, INF, False, False, None, hedge)
    return Quantity(text[start:end], start, end, high, 0.0, high, False, True, None, hedge)


def _make_range(text: str, a: _Atom, b: _Atom, kind: str) -> Quantity:
    lo_unit, hedge, start, _ = _affixes(text, a.start, a.end)
    hi_unit, _, _, end = _affixes(text, b.start, b.end)
    if kind == "between":
        start = text.lower().rfind("between", 0, start + 1)
    unit = hi_unit or lo_unit
    low, high = a.value, b.value
    if b.scaled and not a.scaled and a.value < b.value / 1e3 * 1000 and a.value * (
        b.value / _unscaled(b, text)
    ) <= b.value:
        low = a.value * (b.value / _unscaled(b, text))  # "10 to 12 million"
    if low > high:
        low, high = high, low
    value = (low + high) / 2
    return Quantity(text[start:end], start, end, value, low, high, False, False, unit, "range",
                    max(a.precision, b.precision))


def _unscaled(atom: _Atom, text: str) -> float:
    m = re.match(r"[\d,.\s\u00a0\u202f]+", text[atom.start : atom.end])
    if atom.word or not m:
        return atom.value
    digits = re.sub(r"[^\d.]", "", m.group(0))
    try:
        base = float(digits)
    except ValueError:
        return atom.value
    return base or atom.value


def with_offset(q: Quantity, offset: int) -> Quantity:
    """The same quantity with its offsets shifted (sentence → article coordinates)."""
    return replace(q, start=q.start + offset, end=q.end + offset)
