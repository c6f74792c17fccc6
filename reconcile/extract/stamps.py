"""Dates, times of day and ages as figures.

They are figures a fact-checker compares like any count ("ousted on March 22" vs "on March
21", "at about 11:15 p.m." vs "around 10:40 p.m.", "the 73-year-old" vs "the 72-year-old"), but
numbers.py leaves them out of the counts (a year is not "2,014 of something"), so they are read
here, each in a unit of its own:

- `date`: a calendar day, month or year, as day numbers (proleptic ordinals), the interval
  covering every day the text allows ("in 2014" is the whole year);
- `monthday`: a day or month written without a year ("on April 14"), as the day number of that
  date in a leap year, so it compares with other yearless dates only;
- `clock`: a time of day in minutes after midnight; "about"/"around" widens it by ten minutes;
- `age`: a person's age in years.

Pure: text in, `Quantity` objects out (offsets relative to the sentence given).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from reconcile.extract.cover import Cover
from reconcile.extract.nonfigures import AGE_APPOSITION
from reconcile.extract.numbers import Quantity
from reconcile.extract.timespans import MONTHS, Span

# a leap year, so that February 29 has a day number
YEARLESS = 2000
CLOCK_HEDGE_MINUTES = 10.0

_YEAR = re.compile(r"(?<![\d,.$£€])(?P<year>(?:1[89]|20)\d{2})(?![\d,])")
_MONTH_WORD = re.compile(r"[A-Za-z]+")
_DAY = re.compile(r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b")
_CLOCK = re.compile(
    r"\b(?P<hedge>(?:at\s+)?(?:about|around|approximately|roughly|some|shortly\s+before|"
    r"shortly\s+after|just\s+before|just\s+after)\s+)?"
    r"(?P<h>[01]?\d)(?:[:.](?P<m>[0-5]\d))?\s?(?P<ampm>[ap])\.?\s?m\b\.?", re.I)
_CLOCK_24 = re.compile(r"\b(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)\s?(?:GMT|UTC|local\s+time|"
                       r"h\b|hrs\b)", re.I)
_AGE_HYPHEN = re.compile(r"\b(?P<age>\d{1,3})-years?-old\b", re.I)
_AGE_WORDS = re.compile(r"\b(?:aged|age)\s+(?P<age>\d{1,3})\b(?!\s*(?:-|–|to|and)\s*\d)"
                        r"|\b(?P<age2>\d{1,3})\s+years?\s+old\b", re.I)
MAX_AGE = 120


def find_stamps(text: str, spans: list[Span]) -> list[Quantity]:
    """The dates (from the time expressions already found), times of day and ages of `text`."""
    out = [q for sp in spans if (q := _date(text, sp)) is not None]
    if ":" in text or "m" in text or "M" in text:
        out += _clocks(text)
    if "old" in text or "age" in text or ", " in text:
        out += _ages(text, [(q.start, q.end) for q in out])
    out.sort(key=lambda q: q.start)
    return out


def _date(text: str, sp: Span) -> Quantity | None:
    """A written calendar date, month or year; relative ones ("last week", "on Tuesday") are the
    claim's time span but not a figure: their day depends on when the article appeared."""
    raw = sp.raw
    low_raw = raw.lower()
    if low_raw.startswith(("between", "from", "past", "over", "in the", "during the", "for the",
                           "within", "throughout", "last", "this", "next")):
        return None
    year_m = _YEAR.search(raw)
    month = next((MONTHS[w.lower()] for w in _MONTH_WORD.findall(raw)
                  if w.lower() in MONTHS and w[0].isupper()), None)
    day = None
    if month is not None:
        without_year = _YEAR.sub(" ", raw)
        day_m = _DAY.search(without_year)
        day = int(day_m.group("day")) if day_m else None
        if day is not None and not 1 <= day <= 31:
            day = None
    if year_m is None and month is None:
        return None
    year = int(year_m.group("year")) if year_m else None
    unit = "date" if year is not None else "monthday"
    y = year if year is not None else YEARLESS
    try:
        if month is None:
            first, last = date(y, 1, 1), date(y, 12, 31)
        elif day is None:
            first = date(y, month, 1)
            last = date(y, month, calendar.monthrange(y, month)[1])
        else:
            first = last = date(y, month, day)
    except ValueError:
        return None
    # "has used the name since 2002" dates when that began: the figure is 2002 itself
    since = low_raw.startswith("since")
    lo, hi = first.toordinal(), last.toordinal()
    return Quantity(
        raw=raw, start=sp.start_char, end=sp.end_char, value=(lo + hi) / 2,
        low=float(lo), high=float(hi), unit=unit, hedge="since" if since else None,
        precision=float(hi - lo + 1))


def _clocks(text: str) -> list[Quantity]:
    out = []
    for m in _CLOCK.finditer(text):
        h = int(m.group("h"))
        if not 1 <= h <= 12:
            continue
        minutes = (h % 12 + (12 if m.group("ampm").lower() == "p" else 0)) * 60 + int(
            m.group("m") or 0)
        out.append(_clock(text, m, float(minutes), m.group("hedge")))
    twelve = Cover(len(text), [(q.start, q.end) for q in out])
    for m in _CLOCK_24.finditer(text):
        if m.start() in twelve:
            continue
        out.append(_clock(text, m, float(int(m.group("h")) * 60 + int(m.group("m"))), None))
    return out


def _clock(text: str, m: re.Match[str], minutes: float, hedge: str | None) -> Quantity:
    """A time of day; a hedge widens it by the slack, "before"/"after" one way only."""
    start = m.start("h") if hedge is None else m.start()
    raw = text[start:m.end()].strip()
    slack = CLOCK_HEDGE_MINUTES if hedge is not None else 0.0
    words = (hedge or "").lower()
    low = minutes if "after" in words else minutes - slack
    high = minutes if "before" in words else minutes + slack
    return Quantity(raw=raw, start=start, end=start + len(raw), value=minutes,
                    low=low, high=high, unit="clock", hedge="around" if slack else None,
                    precision=1.0)


def _ages(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    found: list[tuple[int, int, int]] = []
    for pattern, group in ((_AGE_HYPHEN, "age"), (AGE_APPOSITION, "age")):
        for m in pattern.finditer(text):
            found.append((m.start(group), m.end(group), int(m.group(group))))
    for m in _AGE_WORDS.finditer(text):
        g = "age" if m.group("age") else "age2"
        found.append((m.start(g), m.end(g), int(m.group(g))))
    out = []
    covered = Cover(len(text), taken)
    for start, end, years in sorted(found):
        if years > MAX_AGE or covered.overlaps(start, end):
            continue
        covered.add(start, end)
        out.append(Quantity(raw=text[start:end], start=start, end=end, value=float(years),
                            low=float(years), high=float(years), unit="age"))
    return out
