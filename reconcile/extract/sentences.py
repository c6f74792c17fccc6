"""Sentence splitting with character offsets, careful about the abbreviations news text uses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reconcile.extract.words import wordset

# A period after one of these does not end a sentence ("Col. A. Petrov", "the U.S. army").
_ABBREVIATIONS = wordset(
    "mr mrs ms dr prof col lt gen maj capt sgt cpl pte adm cmdr brig rev st sen rep gov pres "
    "jr sr approx est inc ltd co corp dept univ mt ft jan feb mar apr jun jul "
    "aug sep sept oct nov dec vs etc al e.g i.e u.s u.k u.n e.u a.m p.m"
)
# these abbreviate only before a number ("No. 5", "Vol. 2"); before a word they are words
_NUMBER_ABBREVIATIONS = wordset("no nos vol fig")
# a sentence ends at . ! ? and the closing quotes or brackets after it, before a capital or a
# digit (an opening quote may come first: '" We', "`` We" and "'' We" in tokenised text)
_BOUNDARY = re.compile(
    r"[.!?…]+[\"'”’)\]]*(?=\s+(?:[\"'“‘(\[]|``\s?|''\s?)?[A-Z0-9])|\n\s*\n|\n(?=\S)")
_QUOTE_MARK = re.compile(r"``|''|[\"“”]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.?$")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` with their offsets; `text[s.start:s.end] == s.text` always holds."""
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group(0).startswith(".") and not _ends_sentence(text, m.start()):
            continue
        if end < start:
            continue
        if text.startswith(" ''", end) and len(_QUOTE_MARK.findall(text, start, end)) % 2:
            end += 3  # "... he said . '' Next": the tokenised closing quote ends this one
        _add(text, start, end, out)
        start = end
    _add(text, start, len(text), out)
    return out


def _ends_sentence(text: str, dot: int) -> bool:
    word = _WORD_BEFORE.search(text[max(0, dot - 20) : dot])
    if not word:
        return True
    token = word.group(1).lower().rstrip(".")
    if token in _NUMBER_ABBREVIATIONS:
        return not re.match(r"\.\s*\d", text[dot : dot + 8])
    if token in _ABBREVIATIONS:
        return False
    # a single capital initial: "A. Petrov", "John F. Kennedy"
    return not (len(token) == 1 and word.group(1).isupper())


def _add(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    out.append(Sentence(stripped, s, s + len(stripped)))
