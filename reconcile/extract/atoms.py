"""Numbers as written, before any hedge or unit: digits, number words and vague amounts.

An `Atom` is one number in the text with its value and the precision it was written with
(docs/semantics.md, "Rounding"). Deciding whether it is a figure at all, and what interval it
makes, happens in numbers.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from text_to_num import text2num

from reconcile.extract.hedges import VAGUE
from reconcile.extract.units import SCALE, SUFFIX
from reconcile.extract.words import wordset


class Written(Protocol):
    """A number as written: where it is and what it is (an Atom, a Figure, a Quantity)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def value(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Atom:
    start: int
    end: int
    value: float
    precision: float
    scale: float = 1.0  # the scale word or letter written with it (million, bn, k...), else 1
    vague: tuple[float, float, bool] | None = None  # (low, high, high_open) of a vague amount
    word: bool = False  # written in words
    scale_letter: str = ""  # "m", "bn", "k"... as written, to tell "400m" (metres) apart

    @property
    def scaled(self) -> bool:
        return self.scale != 1.0

    @property
    def base(self) -> float:
        return self.value / self.scale


_SEP = "[ \u00a0\u202f\u2009]"
DIGITS = re.compile(
    r"(?<![\w.,/:])(?P<n>\d{1,3}(?:,\d{3})+(?!\d)"
    # "11 000", but not "3 100-meter sprints" (two numbers in tokenised text)
    r"|\d{1,3}(?:" + _SEP + r"\d{3})+(?![\d,])(?!\s?-\s?[A-Za-z])|\d+)"
    r"(?P<dec>\.\d+)?(?![.,]?\d)"
    r"(?:(?P<word>[\s\u00a0]?(?i:hundred|thousand|million|billion|trillion|lakh|crore))"
    r"|(?P<abbr>[\s\u00a0]?(?i:mln|mio|bn|mn|trn|tn))|(?P<letter>[kmbKMB]))?(?![\w])"
)
_AFTER_DIGITS = re.compile(r"(?:st|nd|rd|th|s)\b|[A-Za-z]")
_ORDINAL_END = re.compile(r"(?:st|nd|rd|th|s)\b")


def digit_atoms(text: str) -> list[Atom]:
    """'11,000', '11 000', '4.5', '$4.5bn' (the number part), '12k', '1.5 million'."""
    atoms = []
    for m in DIGITS.finditer(text):
        digits = m.group("n")
        if len(digits) > 3 and not digits.isdigit():
            digits = re.sub(r"[^\d]", "", digits)
        dec = m.group("dec") or ""
        value = float(digits + dec)
        precision = 10.0 ** -(len(dec) - 1) if dec else 1.0
        scale_raw = (m.group("word") or m.group("abbr") or m.group("letter") or "").strip()
        scale = SCALE[scale_raw.lower()] if scale_raw else 1.0
        # ordinals (21st), decades (1990s), codes (5G); units such as "12km" are kept
        if not scale_raw and _AFTER_DIGITS.match(text, m.end()) and (
                _ORDINAL_END.match(text, m.end()) or not SUFFIX.match(text, m.end())):
            continue
        atoms.append(Atom(m.start(), m.end(), value * scale, precision * scale, scale,
                          scale_letter=scale_raw.lower() if m.group("letter") else ""))
    return atoms


_UNITS_WORDS = wordset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS_WORDS = wordset("twenty thirty forty fifty sixty seventy eighty ninety")
SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")
NUMBER_WORD = _UNITS_WORDS | _TENS_WORDS | frozenset(SCALE_WORDS)
_WORD_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_SIZE = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3, "hundred": 1e2}


def word_atoms(text: str) -> list[Atom]:
    """Runs of number words: 'eleven thousand', 'a dozen', 'two and a half million'."""
    low = text.lower()
    if not any(w in low for w in _NUMBER_STEMS):
        return []
    tokens = [(m.group(0), m.start(), m.end()) for m in _WORD_TOKEN.finditer(text)]
    lowered = [t[0].lower() for t in tokens]
    atoms: list[Atom] = []
    i = 0
    while i < len(tokens):
        if lowered[i] not in _STARTERS and lowered[i].split("-")[0] not in NUMBER_WORD:
            i += 1
            continue
        run_end = _run(lowered, i)
        if run_end == i:
            i += 1
            continue
        words = lowered[i:run_end]
        start, end = tokens[i][1], tokens[run_end - 1][2]
        if words[0] in SCALE_WORDS:
            i = run_end  # "million" alone belongs to a digit before it ("5 million")
            continue
        value = _words_value(words)
        if value is not None:
            size = next((_SIZE[w] for w in reversed(words) if w in _SIZE), 1.0)
            atoms.append(Atom(start, end, value, size if words[-1] in _SIZE else 1.0,
                              scale=size, word=True))
        i = run_end
    return atoms


_STARTERS = frozenset({"a", "half", "dozen"})
# substrings one of which every number word contains: a cheap test before tokenising
_NUMBER_STEMS = ("zero", "one", "two", "thr", "thir", "fort", "four", "fiv", "six", "seven",
                 "eigh", "nine", "ten", "eleven", "twel", "twen", "fift", "hundred", "thousand",
                 "illion", "dozen", "half")


def _run(words: list[str], i: int) -> int:
    """Where the run of number words that starts at `i` ends."""
    j = i
    n = len(words)
    while j < n:
        word = words[j]
        nxt = words[j + 1] if j + 1 < n else ""
        prev = words[j - 1] if j > i else ""
        number = word == "dozen" or all(p in NUMBER_WORD for p in word.split("-"))
        # "a million", "two and a half million", "half a million", "a dozen"
        article = word == "a" and nxt in {*SCALE_WORDS, "dozen", "half"} and (
            j == i or prev in {"half", "and"})
        half = word == "half" and ((j == i and nxt == "a") or (prev == "a" and nxt in SCALE_WORDS))
        joint = word == "and" and j > i and (nxt.split("-")[0] in NUMBER_WORD or nxt == "a")
        if not (number or article or half or joint):
            break
        j += 1
    # a trailing "and", "a" or "half" belongs to the sentence, not the number
    while j > i and words[j - 1] in {"and", "a", "half"}:
        j -= 1
    return j


def _words_value(words: list[str]) -> float | None:
    if words == ["dozen"]:
        return None  # "dozen" alone is never a figure; "a dozen" is
    if words[0] == "half" and len(words) == 3:  # half a million
        return 0.5 * _SIZE.get(words[2], 12.0)
    if "half" in words and "and" in words:  # two and a half million
        k = words.index("and")
        whole = _words_value(words[:k])
        mult = _SIZE.get(words[-1], 12.0 if words[-1] == "dozen" else 1.0)
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


_VAGUE_RE = re.compile(
    r"\b(?P<v>" + "|".join(re.escape(k) for k in sorted(VAGUE, key=len, reverse=True))
    + r")\b(?:\s+of\b)?(?:\s+(?P<s>hundred|thousand|million|billion)\b)?",
    re.IGNORECASE,
)


def vague_atoms(text: str) -> list[Atom]:
    """'dozens', 'hundreds of thousands', 'several', 'a few hundred' as atoms."""
    atoms = []
    for m in _VAGUE_RE.finditer(text):
        word = m.group("v").lower()
        if word == "scores" and not re.match(r"\s+of\b", text[m.end("v") :]):
            continue  # football scores
        low, high, open_ = VAGUE[word]
        end = m.end("v")
        if m.group("s") and word in {"a few", "several", "a couple", "a handful"}:
            size = _SIZE[m.group("s").lower()]  # "several hundred": [300, 1000]
            low, high, open_ = low * size, high * size, word == "several"
            end = m.end("s")
        atoms.append(Atom(m.start(), end, float(low), 1.0,
                          vague=(float(low), float(high), open_)))
    return atoms


_ARTICLE_UNIT = re.compile(
    r"\b(?P<a>an?)\s+(?=(?:year|month|week|day|hour|minute|decade|mile|kilometre|metre|tonne)\b)",
    re.IGNORECASE,
)


def article_atoms(text: str) -> list[Atom]:
    """'a year' or 'an hour' as the number one; numbers.py keeps them only after a hedge."""
    return [Atom(m.start(), m.end("a"), 1.0, 1.0, word=True)
            for m in _ARTICLE_UNIT.finditer(text)]
