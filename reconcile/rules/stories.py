"""Which story an article belongs to, when the post does not say: pure decisions.

An event is identified by what its reports open with. An article's *lead* is its title and
the opening of its text (about what the model reads, 256 tokens), embedded with the service's
model, plus the names and the figures written there, and its time. A new article joins the
story of the stored article whose lead scores highest against its own, when that score reaches
the threshold and the two are no further apart in time than the window; else it starts a
story. The score is the cosine of the two leads, raised by the names and figures they share:
two reports of one event name the same people and places and repeat its figures, while two
events of one kind (two storms, two trials) read alike but name others.

The weights and the threshold were chosen on the real-news dev stories (bench/stories.py,
bench/RESULTS.md): leads of one story there score at least about 0.6 by cosine alone, and
leads of two stories at most 0.55; shared names separate the two sides further.

A lead of a sentence or two is weaker evidence than one of a few paragraphs: two one-line
reports of two fires or two bombings read as alike as two reports of one ("the blaze burned
14,000 acres", "the fire has consumed 56,000 acres"), and there is too little text for the
cosine to tell them apart. So, as an editor would, a short lead joins a story by its wording
alone only when the two read nearly the same (`short_threshold`); otherwise it must share a
name or a figure with it, and what it shares counts against what so short a text can share
(one name of its two is much; one of forty would be little). And two leads that each give
figures but share none report two events, unless they name enough in common for the figures
to be one event's updates (a toll that rose): for a long lead any shared name, for a short
one two, since a lone shared name is often only the city where two events happened.

A score or a tally ("a 2-1 win", "a 5-4 ruling") is one figure of its event: two reports
of one match give the same score, so two that differ are two matches, but sharing a common
one (many matches end 2-1) says nothing of which event it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from reconcile.extract.atoms import Atom, digit_atoms, word_atoms
from reconcile.extract.names import TITLES
from reconcile.extract.numbers import is_tally
from reconcile.extract.sentences import split_sentences
from reconcile.extract.words import wordset

# The model reads 256 word pieces, about 1,000-1,500 characters of news prose; cutting there
# keeps a 200,000-character article from being tokenised whole to be truncated.
LEAD_CHARS = 1500
NEIGHBOURS = 16  # stored leads looked at: the nearest, through the HNSW index
MAX_NAMES = 40
MAX_FIGURES = 40
SHARED_NAMES_FULL = 6  # names shared for the whole name bonus
SHARED_FIGURES_FULL = 3
# Under this many words (title and opening) a lead is a sentence or two: see the docstring.
SHORT_WORDS = 60
# Names two leads must share for figures that disagree to be one event's updates: one shared
# name is often only the place ("Baghdad") where two events happened.
PLACE_AND_MORE = 2

# Capitalised words that name nothing in particular: sentence openers, days, months, titles.
_COMMON = wordset(
    "a an and as at but by for from he her his i if in into it its my no not of on or our she so "
    "that the their them then there these they this those to up us we what when where which "
    "while who why with you your after before about over under than also just all any some more "
    "most monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow "
    "january february march april may june july august september october november december jan "
    "feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr st mt gov sen rep gen col lt sgt "
    "said says according photo image video getty ap reuters afp cnn news breaking read more sign "
    "get click share advertisement"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]")
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_SLUG_SKIP = wordset("a an and the of to in on at for by with as is are was were be")
SLUG_WORDS = 6
SLUG_CHARS = 48
TITLE_CHARS = 140


@dataclass(frozen=True, slots=True)
class Lead:
    """What identifies the event an article reports, but for its vector (embed `text`)."""

    text: str
    names: frozenset[str]
    figures: frozenset[str]
    at: datetime

    @property
    def short(self) -> bool:
        """A sentence or two: too little text for its wording alone to place it."""
        return len(self.text.split()) < SHORT_WORDS


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A stored article's lead near a new one: its story and how alike the two leads read."""

    story: str
    similarity: float  # cosine of the two leads' vectors
    names: frozenset[str]
    figures: frozenset[str]
    at: datetime


@dataclass(frozen=True, slots=True)
class Rule:
    """When a lead joins a neighbour's story (RECONCILE_STORY_* settings)."""

    threshold: float = 0.65
    window: timedelta = timedelta(days=7)
    name_weight: float = 0.2
    figure_weight: float = 0.1
    short_threshold: float = 0.8  # cosine a short lead needs when it shares no name or figure


def lead_of(title: str | None, text: str, at: datetime) -> Lead:
    """The lead of an article: title and opening, with the names and figures written there."""
    opening = text[:LEAD_CHARS]
    body = f"{title.strip()}.\n{opening}" if title and title.strip() else opening
    return Lead(body, names_in(body), figures_in(body), at)


def names_in(text: str) -> frozenset[str]:
    """Capitalised words that are not a sentence's first, lower-cased: the people, places and
    bodies a text names ("Occupy", "Philadelphia", "nutter"), and acronyms ("lapd").

    A headline in title case ("Economy Adds 250,000 Jobs In October") capitalises every word,
    so there capitalisation names nothing: of its words only those the text's other sentences
    capitalise too are names. Two monthly reports' headlines share every word but their
    figures, and are two events."""
    sentences = [[m.group(0) for m in _WORD.finditer(s.text)] for s in split_sentences(text)]
    titled = [_title_case(words) for words in sentences]
    named_elsewhere = {_key(w) for words, t in zip(sentences, titled, strict=True) if not t
                       for w in words[1:] if w[0].isupper()}
    found: list[str] = []
    for words, title_case in zip(sentences, titled, strict=True):
        for word in words[1:]:
            key = _key(word)
            if (word[0].isupper() and len(key) >= 3 and key not in _COMMON and key not in TITLES
                    and key not in found and (not title_case or key in named_elsewhere)):
                found.append(key)
    return frozenset(found[:MAX_NAMES])


def _key(word: str) -> str:
    key = word.lower()
    return key[:-2] if key.endswith(("'s", "’s")) else key


# Words a title-case headline leaves in lower case. Four content words or more, every one
# capitalised, make one; a sentence of names has a verb in lower case ("Lopez met Khan").
_MINOR = wordset("a an and as at but by for from in into nor of on or per the to vs via with")
TITLE_CASE_WORDS = 4


def _title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _MINOR]
    return len(content) >= TITLE_CASE_WORDS and all(w[0].isupper() for w in content)


def figures_in(text: str) -> frozenset[str]:
    """The numbers a text gives, in digits or in words, as digits ("12,000" -> "12000",
    "Sixteen" -> "16", "1.2 million" -> "1200000"); single digits say little, but two joined
    by a dash ("a 2-1 win", "a 5-4 ruling") are a score or a tally, which names its event as
    surely as a toll does: one figure, "2-1"."""
    found: list[str] = []
    atoms = sorted(digit_atoms(text) + word_atoms(text), key=lambda a: a.start)
    for atom in atoms:
        value = round(atom.value, 6)  # 4.35 * 1e6 is 4349999.999999999 in floats
        figure = str(int(value)) if value == int(value) else str(value)
        if len(figure.replace(".", "")) >= 2 and figure not in found:
            found.append(figure)
    for a, b in pairwise(atoms):
        if (tally := _tally(text, a, b)) and tally not in found:
            found.append(tally)
    return frozenset(found[:MAX_FIGURES])


def _tally(text: str, a: Atom, b: Atom) -> str | None:
    """'2-1' for a score or a tally written in digits."""
    if a.word or b.word or a.scaled or b.scaled or not is_tally(text, a, b):
        return None
    return f"{int(a.value)}-{int(b.value)}"


def _telling(figures: frozenset[str]) -> frozenset[str]:
    """The figures that say which event a lead reports when two leads share them: not its
    tallies, since many matches end 2-1 and many votes 5-4 (two tallies that differ still say
    two events: `contradicts` reads them all)."""
    return frozenset(f for f in figures if "-" not in f)


def score(lead: Lead, other: Neighbour, rule: Rule) -> float:
    """How surely two leads report one event: cosine, plus what shared names and figures add."""
    # What full agreement is: a short lead names few things, and sharing those is all it can;
    # but a lone name is often only a place, so a short lead needs two for the whole bonus.
    full_names = SHARED_NAMES_FULL
    full_figures = SHARED_FIGURES_FULL
    mine, theirs = _telling(lead.figures), _telling(other.figures)
    if lead.short:
        full_names = max(PLACE_AND_MORE, min(full_names, len(lead.names), len(other.names)))
        full_figures = max(1, min(full_figures, len(mine), len(theirs)))
    names = min(len(lead.names & other.names), full_names) / full_names
    figures = min(len(mine & theirs), full_figures) / full_figures
    return other.similarity + rule.name_weight * names + rule.figure_weight * figures


def contradicts(lead: Lead, other: Neighbour) -> bool:
    """Whether two leads' figures say two events: each gives figures, they share none, and
    they name too little in common for one event's updated figures (a long lead: nothing; a
    short one: at most one name, which is often only the place two events happened in)."""
    if not lead.figures or not other.figures or lead.figures & other.figures:
        return False
    return len(lead.names & other.names) < (PLACE_AND_MORE if lead.short else 1)


def too_thin(lead: Lead, other: Neighbour, rule: Rule) -> bool:
    """Whether a short lead has too little in common with another to join it: neither a name
    nor a figure, and wording not near enough to stand alone."""
    return (lead.short and not lead.names & other.names
            and not _telling(lead.figures) & _telling(other.figures)
            and other.similarity < rule.short_threshold)


def choose(lead: Lead, neighbours: Sequence[Neighbour], rule: Rule) -> str | None:
    """The story a lead joins: that of its best-scoring neighbour within the time window, when
    the score reaches the threshold and neither `contradicts` nor is `too_thin` for the lead;
    None: the article starts a story of its own."""
    best: tuple[float, str] | None = None
    for other in neighbours:
        if (abs(other.at - lead.at) > rule.window or contradicts(lead, other)
                or too_thin(lead, other, rule)):
            continue
        s = score(lead, other, rule)
        # ties go to the nearer neighbour, which comes first
        if s >= rule.threshold and (best is None or s > best[0]):
            best = (s, other.story)
    return best[1] if best else None


def title_of(title: str | None, text: str) -> str:
    """A story's title: the first article's headline, else its first sentence, shortened."""
    if title and title.strip():
        head = title.strip()
    else:
        sentences = split_sentences(text[:LEAD_CHARS])
        head = sentences[0].text if sentences else text.strip()
    head = " ".join(head.split())
    if len(head) <= TITLE_CHARS:
        return head
    return head[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def slug(headline: str) -> str:
    """A readable id from a headline: its first few words, ASCII, joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", headline).encode("ascii", "ignore").decode()
    words = [w for w in _SLUG_WORD.findall(ascii_text.lower().replace(",", ""))
             if w not in _SLUG_SKIP]
    out = ""
    for word in words[:SLUG_WORDS]:
        if out and len(out) + 1 + len(word) > SLUG_CHARS:
            break
        out = f"{out}-{word}" if out else word[:SLUG_CHARS]
    return out or "story"


def story_ids(headline: str, digest: str) -> Iterator[str]:
    """Ids to try for a new story, in order: the slug, then with a suffix while taken (-2 ...
    -9, then part of the article's content hash, which no other article shares)."""
    base = slug(headline)
    yield base
    for n in range(2, 10):
        yield f"{base}-{n}"
    yield f"{base}-{digest[:8]}"
    yield f"{base}-{digest[:16]}"
    yield f"{base}-{digest}"
