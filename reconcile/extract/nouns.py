"""The counted noun of a figure: the noun phrase it counts, or the thing it is a value of.

"11,000 North Korean troops" -> troops; "61 of the 74 drones" -> drone; "$4.5bn in aid" -> aid;
"a transfer fee of 4.5bn won" -> fee; "Annual inflation slowed to 3.2%" -> inflation. Events and
the canonical families are decided in measures.py; the rules are in docs/semantics.md.
"""

from __future__ import annotations

import re
from typing import Protocol

from reconcile.extract.atoms import Written
from reconcile.extract.words import (
    EVENT_OF,
    PAST_TENSE,
    Token,
    is_plural,
    singular,
    tokens_of,
    wordset,
)


class FigureLike(Written, Protocol):
    """What the measure rules read of a figure (numbers.Quantity and domain.Figure have it)."""

    @property
    def raw(self) -> str: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def hedge(self) -> str | None: ...


_PERSON_NOUNS = wordset(
    "people persons civilians residents children adults women men villagers migrants workers "
    "passengers victims protesters demonstrators inhabitants others individuals patients"
)

_VALUE_OF = wordset("of worth totalling totaling at topping valued by to")

_SHARE_OF = wordset("number total share proportion percentage majority half quarter third rest "
                    "bulk tally count figure")

_CHANGE_NOUNS = wordset("rise increase jump fall drop cut gain decline hike decrease "
                        "surge slump reduction")

_CHANGE = re.compile(
    r"\b(?:rose|rise|rises|risen|rising|fell|fall|falls|fallen|falling|increased|decreased|"
    r"climbed|climbs|climb|jumped|jumps|jump|dropped|drops|drop|grew|grows|grow|slowed|slows|"
    r"slid|slumped|surged|soared|plunged|widened|widens|narrowed|narrows|reached|reaches|reach|"
    r"hit|hits|stood|stands|was|is|were|are|totalled|totaled|revised|cut|kept|held|holds|up|"
    r"down|edged|eased|accelerated|accounts?\s+for|amounted|amounts|remained|remains|came)\b",
    re.I)

_PARTICIPLES = wordset(
    "hidden taken given shown known driven stolen broken written chosen seen held left sent "
    "kept lost found built made paid sold brought caught shot struck put set cut spent thrown "
    "flown grown drawn fallen risen gone done begun born worn torn laid led met fed cast needed "
    "remaining"
)

_ADVERBS = wordset(
    "worldwide overnight nationwide abroad already alone each apiece daily annually now still "
    "only just even nearly almost currently reportedly later then again too so far less "
    "together altogether instead mostly mainly"
)

_STOP = wordset(
    "to of in on at for from by with into over after before during while since as than per "
    "and or but that which who whom whose when where was were is are have has had be been "
    "being will would could can may might should must did does do said says a an the this "
    "these those it its they their he she his her we our you your not also last next each "
    "every within across through among between against about around near under up down "
    "off out so if because though although without beyond despite toward towards via like "
    "unlike inside outside amid amongst along behind below above beneath beside besides "
    "throughout upon onto past plus including there"
) | _ADVERBS

_TIME_WORDS = wordset("year years month months week weeks day days time date period season")

_MONEY_PREP = wordset("in on of")

_ING_NOUNS = wordset(
    "funding spending housing training shipping shelling fighting financing lending borrowing "
    "building buildings clothing bedding polling testing screening warning ceiling bombing "
    "bombings killing killings meeting ruling offering savings earnings holdings findings "
    "proceedings belongings dealings landing landings sightings"
)

_VERB_EVENTS = wordset("dead missing hurt die dies flee flees")

_FORECAST = wordset("forecast forecasts estimate estimates target targets outlook projection goal")

_NOT_MEASURES = wordset("top bottom part side front back end middle kind sort type north south "
                        "east west away long wide high deep tall old")

_MASS = wordset("personnel staff police cattle livestock crew aid people infantry food fuel water "
                "grain steel cocaine heroin ammunition equipment capital funding debt revenue")

_NOUN_ENDINGS = ("fee", "profit", "cost", "budget", "toll", "turnout", "deficit", "rate",
                 "price", "fine", "loss", "margin", "growth", "inflation", "spending", "revenue",
                 "altitude", "depth", "height", "level", "value", "debt", "income", "output")

_VERB_HEDGE = re.compile(r"(?:exceeding|in excess of|upwards of|topping|totalling|totaling)\b",
                         re.I)

_AUXILIARIES = wordset("have has had is are was were will would could may might can should been")

TROOP_NOUNS = wordset(
    "troops troop soldiers soldier forces force mercenaries mercenary servicemen serviceman "
    "personnel fighters fighter marines marine paratroopers paratrooper infantry "
    "servicemembers servicemember reservists reservist"
)

_COMPOUND = re.compile(r"-(?P<w>[a-z]+)\b")


def noun_after(after: list[Token], f: FigureLike, s: str, limit: int
                ) -> tuple[str | None, list[Token], str | None]:
    """(counted noun phrase, the tokens after it, an event word inside it)."""
    compound = _COMPOUND.match(s, f.end)
    if compound and compound.group("w") not in {"strong", "odd", "plus"}:
        return singular(compound.group("w")), [t for t in after if t.start >= f.end + len(
            compound.group(0))], None  # "the 55,000-seat stadium"
    i = 0
    if len(after) > 1 and after[0].low == "worth" and after[1].low == "of":
        after = after[1:]  # "$60,000 worth of debentures"
    partitive = bool(after) and after[0].low == "of"
    if after and after[0].low == "per" and len(after) > 1 and after[1].is_word and f.unit:
        return singular(after[1].low), after[2:], None  # "12 hours per shift"
    money_in = bool(after) and len(after) > 1 and after[0].low in {"in", "on"} and bool(
        f.unit and f.unit.isupper()) and after[1].is_word and (
        after[1].text[0].islower() or after[1].text.isupper()) and after[1].low not in _STOP
    if partitive or money_in:
        i = 1
        while i < len(after) and (after[i].low in {"the", "its", "their", "our", "his", "her",
                                                  "all", "those", "these", "a", "an", "us"}
                                  or after[i].low.endswith(("'s", "s'")) or after[i].is_number):
            i += 1
        if i < len(after) and after[i].low in {"them", "whom", "which", "those"}:
            nxt = after[i + 1] if i + 1 < len(after) else None
            if nxt is not None and nxt.low in EVENT_OF:
                return None, after[i + 1 :], None
            if nxt is not None and is_plural(nxt.low) and nxt.low not in _STOP:
                return singular(nxt.low), after[i + 2 :], None  # "12 of them children"
            return None, after[i + 1 :], None
    else:
        after = [t for t in after if t.start < limit]
    words: list[Token] = []
    while i < len(after) and len(words) < 5:
        t = after[i]
        if t.low in _STOP or not t.is_word or t.low in _PARTICIPLES or t.low in PAST_TENSE or (
                t.low in _NOT_MEASURES and t.text[0].islower()):
            break
        if words and ((t.low.endswith("ing") and t.low not in _ING_NOUNS) or (
                t.low in EVENT_OF and (t.low in _VERB_EVENTS or t.low.endswith(("ed", "ing"))))
                or (t.low.endswith("ed") and t.low not in {"armoured", "armored"})):
            break  # "40 lorries carrying aid", "300 protesters detained"
        if t.text[0].isupper() and not words and t.low not in TROOP_NOUNS and i + 1 < len(
                after) and after[i + 1].is_word and after[i + 1].low not in _STOP:
            i += 1
            continue  # "11,000 North Korean troops": nationality before the noun
        words.append(t)
        i += 1
        if t.low in TROOP_NOUNS or t.low in _PERSON_NOUNS:
            break
    words = [w for w in words if w.low not in {"more", "other", "additional", "extra", "new",
                                               "further", "others"}]
    if not words:
        return None, after[i:], None
    count = f.unit is None and (f.value != 1 or f.hedge is not None)
    plural = [k for k, w in enumerate(words) if is_plural(w.low)]
    if (count or f.unit in {"%", "pp"}) and plural and plural[-1] < len(words) - 1:
        i -= len(words) - 1 - plural[-1]
        words = words[: plural[-1] + 1]  # "85% of members back walkout"
    head = words[-1]
    if head.low.endswith("ed") and len(words) == 1:
        return None, after[i - 1 :], EVENT_OF.get(head.low)  # "the 50 tonnes needed"
    if count and not is_plural(head.low) and head.low not in _MASS:
        return None, after, None  # "seventeen die", "Hundreds of thousands rally": verbs
    if f.unit in {"%", "pp"} and head.low in _CHANGE_NOUNS and not partitive:
        return _after_change_noun(after[i:])  # "a 14 per cent jump in food prices"
    mod_event = next((EVENT_OF[w.low] for w in words[:-1] if w.low in EVENT_OF and (
        w.low.endswith("ed") or w.low in {"dead", "missing", "homeless"})), None)
    mods = [w.low for w in words[:-1] if not w.low.endswith(("ed", "ing")) and
            not w.text[0].isupper() and w.low not in EVENT_OF]
    return " ".join([*mods, singular(head.low)]), after[i:], mod_event

def _after_change_noun(rest: list[Token]) -> tuple[str | None, list[Token], str | None]:
    if len(rest) > 1 and rest[0].low == "in":
        words = [t for t in rest[1:4] if t.is_word and t.low not in _STOP]
        plural = [w for w in words if is_plural(w.low)]
        if plural:
            return singular(plural[0].low), rest, None
    return None, rest, None

def noun_before(before: list[Token], f: FigureLike) -> str | None:
    """'a transfer fee of 4.5bn won' -> fee; 'kept its key rate at 16%' -> rate."""
    if not before:
        return None
    last = before[-1]
    k = len(before) - 2
    if last.low in _VALUE_OF and k >= 0 and before[k].text == "," and last.low == "worth":
        k -= 1  # "the new package, worth US$1.2bn"
    if last.low in _VALUE_OF and k >= 1 and before[k].is_number and before[k - 1].low == "for":
        k -= 2  # "raised its inflation forecast for 2024 to 4.5 per cent"
    if last.low in _VALUE_OF and k >= 0:
        noun = before[k]
        if noun.low in _FORECAST and k > 0 and before[k - 1].is_word and (
                before[k - 1].low not in _STOP):
            noun = before[k - 1]  # the thing forecast
        elif noun.low in _FORECAST and k > 2 and before[k + 1].low == "for":
            pass
        if noun.low in _CHANGE_NOUNS and k > 0 and before[k - 1].is_word and (
                before[k - 1].low not in _STOP):
            noun = before[k - 1]  # "a pay rise of 8-10 per cent"
        if noun.is_word and noun.low not in _STOP | _TIME_WORDS | _NOT_MEASURES and not (
                _CHANGE.fullmatch(noun.low)) and not noun.low.endswith("ed") and (
                is_plural(noun.low) or f.unit is not None or noun.low in _SHARE_OF
                or noun.low.endswith(_NOUN_ENDINGS)):
            if last.low == "at" and (the := _the_x_of(before)):
                return the  # "estimated the cost of rebuilding ... at $524bn"
            if noun.low in {"fined", "fine", "fines"}:
                return "fine"
            return singular(noun.low)
    if f.unit and f.unit.isupper() and any(t.low in {"fined", "fine", "fines"}
                                           for t in before[-3:]):
        return "fine"  # "fined the company 5 million roubles"
    if last.is_word and last.low not in _STOP and f.unit and f.unit.isupper() and (
            is_plural(last.low) or last.low.endswith(_NOUN_ENDINGS)) and not _CHANGE.fullmatch(
            last.low) and _VERB_HEDGE.match(f.raw):
        return singular(last.low)  # "losses exceeding $50bn" (the hedge is in the figure)
    return None

def _the_x_of(before: list[Token]) -> str | None:
    for k in range(len(before) - 2, max(-1, len(before) - 9), -1):
        if before[k].low == "of" and k > 1 and before[k - 2].low == "the" and before[
                k - 1].low.endswith(_NOUN_ENDINGS):
            return singular(before[k - 1].low)
    return None

# How far back from a figure the clause whose subject changed is read, in characters: the
# clause starts at the comma, "and", "that" or "said" before it, and a sentence listing
# thousands of figures must not cost each figure a reading of all the text before it.
CLAUSE_CHARS = 400


def subject_of_change(s: str, f: FigureLike) -> str | None:
    """'Annual inflation slowed to 3.2%' -> inflation; 'The number of visitors climbed above'."""
    if f.unit is None and not f.hedge and f.value >= 1800:
        return None
    lo = max(0, f.start - CLAUSE_CHARS)
    clause = s[lo : f.start]
    cut = max(clause.rfind(","), clause.rfind(";"), clause.rfind(" that "),
              clause.rfind(" said "), clause.rfind(" and "), clause.rfind(":"))
    if cut < 0 and lo > 0:
        return None  # a subject further back than any clause of news text
    clause = clause[cut + 1 :] if cut >= 0 else clause
    changes = list(_CHANGE.finditer(clause))
    if not changes:
        return None
    m = changes[-1]
    between = clause[m.end() :].split()
    if len(between) > 3 or any(w.lower() not in {"to", "by", "at", "from", "above", "below",
                                                 "up", "down", "could", "reach", "now", "still",
                                                 "0", "just", "only", "already"}
                               for w in between):
        return None  # "were stationed about 30 km": the figure is not what changed
    first = _CHANGE.search(clause)
    subject = [t for t in tokens_of(clause[: first.start() if first else m.start()])
               if t.is_word]
    words = [t.low for t in subject]
    for k, w in enumerate(words):
        if k and w in _AUXILIARIES:
            words = words[:k]  # "Prices have gone up 40%"
            break
    if len(words) > 2 and words[1] == "of" and words[0] in _SHARE_OF | {"the"}:
        words = words[2:]
    elif "of" in words[1:]:
        k = words.index("of", 1)
        share = words[k - 1] in _SHARE_OF
        words = words[k + 1 :] if share or f.unit in {"tonne", "kg", "barrel", "litre"} else (
            words[:k])
    for stop in ("in", "on", "to", "at", "for", "from", "with", "by"):
        if stop in words[1:]:
            words = words[: words.index(stop, 1)]
    words = [w for w in words if w not in _STOP and w not in {"could", "may", "might", "will"}]
    if not words or words[-1].endswith("'s"):
        return None
    head = words[-1]
    return singular(head) if head.isalpha() or "-" in head else None
