"""Dates and anchored durations as the time span of a claim, resolved against publication.

"since October 2024", "over the past three weeks", "last week", "on Tuesday", "in September":
each becomes an inclusive [start, end] date range (docs/semantics.md). These expressions are
also masked from figure parsing, so "three weeks" or "2024" never become figures.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from text_to_num import text2num

from reconcile.extract.cover import Cover

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
MONTHS = _MONTHS  # month names and abbreviations, lower case -> month number
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_COUNT = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" \
         r"fifteen|twenty|thirty|several|few)"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|hours?)"
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_PATTERNS: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = [
    ("between", re.compile(rf"\b(?:between|from)\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?"
                           rf"(?:\s+(?P<month1>{_MONTH_NAMES})\.?)?\s*(?:and|to|-|–)\s*{_DAY}\s+"
                           rf"{_MONTH}(?:,?\s+{_YEAR})?\b", re.I), _MONTH_STEMS),
    ("between", re.compile(rf"\b(?P<day1>[0-3]?\d)\s*(?:-|–)\s*{_DAY}\s+{_MONTH}"
                           rf"(?:,?\s+{_YEAR})?\b", re.I), _MONTH_STEMS),
    ("since", re.compile(rf"\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:{_DAY}\s+)?{_MONTH}"
                         rf"(?:,?\s+{_YEAR})?", re.I), ("since",)),
    ("since", re.compile(rf"\bsince\s+(?:(?:early|late|mid-?)\s*)?{_YEAR}", re.I), ("since",)),
    ("past", re.compile(rf"\b(?:(?:(?:over|in|during|for|within|throughout)\s+)?the\s+"
                        rf"(?:past|last|previous)|(?:over|in|during|for|within|throughout)\s+"
                        rf"(?:past|last|previous)|past)\s+{_COUNT}\s+{_UNIT}\b", re.I),
     ("past", "last", "previous")),
    # one unit without a count: "over the past week"; not "the last week of March"
    ("past", re.compile(r"\b(?:(?:over|in|during|for|within|throughout)\s+)?the\s+past\s+"
                        r"(?P<unit>day|week|month|year)\b(?!\s+of\b)", re.I), ("past",)),
    ("relative", re.compile(r"\b(?P<rel>last|this|next)\s+(?P<what>week|month|year|weekend)\b",
                            re.I), ("last", "this", "next")),
    ("day", re.compile(r"\b(?P<what>yesterday|today)\b", re.I), ("day",)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|"
                           r"friday|saturday|sunday)\b", re.I), ("day",)),
    ("date", re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I), _MONTH_STEMS),
    ("date", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:troops|people|soldiers))",
                        re.I), _MONTH_STEMS),
    ("month", re.compile(rf"\b(?:in|during|by|until|from|early|late|mid-?|since|of|last)?\s*"
                         rf"{_MONTH}(?:\s+{_YEAR})?\b", re.I), _MONTH_STEMS),
    ("year", re.compile(rf"\b(?:in|during|by|until|from|since|of|early|late|mid-?)\s+{_YEAR}\b"
                        rf"(?!,\d|\d)", re.I), ("19", "20")),
]

# "the third this year", "the second time this week": the time qualifies the ordinal
# "the second time", "the 3rd": what _ORDINAL_BEFORE can match, spaces included
_ORDINAL_CHARS = 60
_ORDINAL_BEFORE = re.compile(
    r"\b(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))(?:\s+time)?\s+$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Span:
    raw: str
    start_char: int
    end_char: int
    start: date | None
    end: date | None


def find_time_spans(text: str, published: date | None) -> list[Span]:
    """Every time expression in `text`, first match wins where they overlap."""
    found: list[Span] = []
    taken = Cover(len(text))
    low = text.lower()
    for kind, pattern, needles in _PATTERNS:
        if not any(n in low for n in needles):
            continue  # a pattern runs only when a word it needs is in the text
        for m in pattern.finditer(text):
            if kind == "month" and not _real_month(m, text):
                continue
            if kind in {"relative", "day"} and _ORDINAL_BEFORE.search(
                    text, max(0, m.start() - _ORDINAL_CHARS), m.start()):
                taken.add(*m.span())  # masked from figures, but not the claim's time
                continue
            s, e = m.span()
            while s < e and text[s].isspace():
                s += 1
            if taken.overlaps(s, e):
                continue
            groups = {k: v or "" for k, v in m.groupdict().items()}
            start, end = _resolve(kind, groups, published)
            found.append(Span(text[s:e], s, e, start, end))
            taken.add(s, e)
    found.sort(key=lambda sp: sp.start_char)
    return found


def claim_span(spans: list[Span]) -> Span | None:
    """The span a claim as a whole is about: the first resolvable one, else the first."""
    for sp in spans:
        if sp.start is not None:
            return sp
    return spans[0] if spans else None


def _real_month(m: re.Match[str], text: str) -> bool:
    word = m.group("month").lower()
    # "may" and "march" are also ordinary words; short forms need a capital letter.
    raw = text[m.start("month") : m.end("month")]
    if word in {"may", "march", "mar", "jan", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
                "feb", "apr", "sept"} and not raw[0].isupper():
        return False
    return not (word == "may" and not m.group("year") and not re.match(
        r"\b(?:in|during|by|until|from|since|early|late|mid-?)\s", m.group(0).strip(), re.I))


def _count(raw: str) -> int:
    raw = raw.lower()
    if raw.isdigit():
        return int(raw)
    if raw in {"a", "an", "one"}:
        return 1
    if raw == "few":
        return 3
    if raw == "several":
        return 5
    return int(text2num(raw, "en"))


def _resolve(kind: str, g: dict[str, str], pub: date | None
             ) -> tuple[date | None, date | None]:
    if kind == "between":
        return _between(g, pub)
    if kind == "since":
        year = int(g["year"]) if g.get("year") else (pub.year if pub else None)
        if year is None:
            return None, None
        month = _MONTHS[g["month"].lower()] if g.get("month") else 1
        day = int(g["day"]) if g.get("day") else 1
        start = _safe(year, month, day)
        if not g.get("year") and pub is not None and start is not None and start > pub:
            start = _safe(year - 1, month, day)  # no year: the last such day before publication
        return start, pub
    if pub is None:
        if kind in {"date", "month"} and g.get("year"):
            return _absolute(g)
        if kind == "year":
            y = int(g["year"])
            return date(y, 1, 1), date(y, 12, 31)
        return None, None
    if kind == "past":
        n = _count(g["n"]) if g.get("n") else 1
        unit = g["unit"].lower().rstrip("s")
        days = {"hour": max(1, -(-n // 24)), "day": n, "week": 7 * n, "month": 30 * n,
                "year": 365 * n}[unit]  # hours: the days they reach into, at least one
        return pub - timedelta(days=days), pub
    if kind == "relative":
        return _relative(g["rel"].lower(), g["what"].lower(), pub)
    if kind == "day":
        what = g["what"].lower()
        d = pub - timedelta(days=1) if what == "yesterday" else pub
        return d, d
    if kind == "weekday":
        back = (pub.weekday() - _WEEKDAYS[g["weekday"].lower()]) % 7
        d = pub - timedelta(days=back)
        return d, d
    if kind in {"date", "month"}:
        if g.get("year"):
            return _absolute(g)
        month = _MONTHS[g["month"].lower()]
        year = pub.year if month <= pub.month else pub.year - 1
        return _absolute({**g, "year": str(year)})
    y = int(g["year"])
    return date(y, 1, 1), date(y, 12, 31)


def _between(g: dict[str, str], pub: date | None) -> tuple[date | None, date | None]:
    """'between 1 and 5 March': both days in the month written last unless the first has its own."""
    _, last = _resolve("date", g, pub)
    if last is None:
        return None, None
    month1 = _MONTHS[g["month1"].lower()] if g.get("month1") else last.month
    year1 = last.year if month1 <= last.month else last.year - 1
    return _safe(year1, month1, int(g["day1"] or 1)), last


def _absolute(g: dict[str, str]) -> tuple[date | None, date | None]:
    year = int(g["year"] or 0)
    month = _MONTHS[(g["month"] or "").lower()]
    if g.get("day"):
        d = _safe(year, month, int(g["day"] or 1))
        return d, d
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _relative(rel: str, what: str, pub: date) -> tuple[date, date]:
    if what in {"week", "weekend"}:
        monday = pub - timedelta(days=pub.weekday())
        if rel == "last":
            return monday - timedelta(days=7), monday - timedelta(days=1)
        if rel == "next":
            return monday + timedelta(days=7), monday + timedelta(days=13)
        return monday, pub
    if what == "month":
        if rel == "last":
            first = pub.replace(day=1)
            prev_end = first - timedelta(days=1)
            return prev_end.replace(day=1), prev_end
        if rel == "next":
            nxt = (pub.replace(day=28) + timedelta(days=4)).replace(day=1)
            return nxt, nxt.replace(day=calendar.monthrange(nxt.year, nxt.month)[1])
        return pub.replace(day=1), pub
    year = pub.year - 1 if rel == "last" else pub.year + 1 if rel == "next" else pub.year
    if rel == "this":
        return date(year, 1, 1), pub
    return date(year, 1, 1), date(year, 12, 31)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
