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

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_COUNT = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" \
         r"fifteen|twenty|thirty|several|few)"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|hours?)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("since", re.compile(rf"\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:{_DAY}\s+)?{_MONTH}"
                         rf"(?:,?\s+{_YEAR})?", re.I)),
    ("since", re.compile(rf"\bsince\s+(?:(?:early|late|mid-?)\s*)?{_YEAR}", re.I)),
    ("past", re.compile(rf"\b(?:(?:over|in|during|for|within|throughout)\s+)?(?:the\s+)?"
                        rf"(?:past|last|previous)\s+{_COUNT}\s+{_UNIT}\b", re.I)),
    ("relative", re.compile(r"\b(?P<rel>last|this|next)\s+(?P<what>week|month|year|weekend)\b",
                            re.I)),
    ("day", re.compile(r"\b(?P<what>yesterday|today|tonight)\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|"
                           r"friday|saturday|sunday)\b", re.I)),
    ("date", re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)),
    ("date", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:troops|people|soldiers))",
                        re.I)),
    ("month", re.compile(rf"\b(?:in|during|by|until|from|early|late|mid-?|since|of|last)?\s*"
                         rf"{_MONTH}(?:\s+{_YEAR})?\b", re.I)),
    ("year", re.compile(rf"\b(?:in|during|by|until|from|since|of|early|late|mid-?)\s+{_YEAR}\b"
                        rf"(?![,\d])", re.I)),
]


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
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if kind == "month" and not _real_month(m, text):
                continue
            s, e = m.span()
            while s < e and text[s].isspace():
                s += 1
            if any(s < b and a < e for a, b in taken):
                continue
            start, end = _resolve(kind, m, published)
            found.append(Span(text[s:e], s, e, start, end))
            taken.append((s, e))
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


def _resolve(kind: str, m: re.Match[str], pub: date | None) -> tuple[date | None, date | None]:
    g = m.groupdict()
    if kind == "since":
        year = int(g["year"]) if g.get("year") else (pub.year if pub else None)
        if year is None:
            return None, None
        month = _MONTHS[g["month"].lower()] if g.get("month") else 1
        day = int(g["day"]) if g.get("day") else 1
        return _safe(year, month, day), pub
    if pub is None:
        if kind in {"date", "month"} and g.get("year"):
            return _absolute(g)
        if kind == "year":
            y = int(g["year"])
            return date(y, 1, 1), date(y, 12, 31)
        return None, None
    if kind == "past":
        n = _count(g["n"])
        unit = g["unit"].lower().rstrip("s")
        days = {"hour": 1, "day": n, "week": 7 * n, "month": 30 * n, "year": 365 * n}[unit]
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


def _absolute(g: dict[str, str | None]) -> tuple[date | None, date | None]:
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
