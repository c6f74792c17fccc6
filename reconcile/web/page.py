"""A web page's article: main text, title, publication time and site name (trafilatura).

trafilatura keeps the article's paragraphs and drops what surrounds them on a news page
(navigation, cookie banners, "most read" and related links, comments, footers, scripts).
Precision is favoured over recall: a menu line that slipped in would become a claim, and a
paragraph lost costs less than a false conflict.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from reconcile.errors import NoArticleText

log = logging.getLogger(__name__)

# htmldate reads the time of day too when the page gives one (article:published_time, JSON-LD).
# Only from markup: its extensive search guesses a date from the text ("since October 2024"
# became 2024-01-01), and relative dates in the text resolve against this one.
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_MIN_WORDS = 5


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published_at: datetime | None
    site_name: str | None


def extract_page(html: str | bytes, url: str | None = None, *, field: str = "html") -> Page:
    """The article on a page; NoArticleText (naming `field`) when it holds none."""
    try:
        found = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True,
                                    "outputformat": _DATE_FORMAT})
    except (ValueError, TypeError) as exc:  # markup lxml cannot read at all
        log.info("page not parsed", extra={"action": "extract", "detail": str(exc)})
        found = None
    doc: dict[str, Any] = found.as_dict() if isinstance(found, Document) else found or {}
    title = _clean(doc.get("title"))
    lines = [line.strip() for line in (doc.get("text") or "").splitlines() if line.strip()]
    # The headline is the article's title, not a sentence of its body.
    if lines and title and lines[0] == title:
        lines = lines[1:]
    body = "\n".join(lines)
    if sum(1 for word in body.split() if any(ch.isalpha() for ch in word)) < _MIN_WORDS:
        raise NoArticleText(field=field)
    return Page(text=body, title=title, published_at=_when(doc.get("date")),
                site_name=_clean(doc.get("sitename")) or _host(url))


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        stamp = datetime.strptime(value, _DATE_FORMAT)
    except ValueError:
        try:
            stamp = datetime.fromisoformat(value)
        except ValueError:
            return None
    # A page that gives a day without a zone: read it as UTC, as the database would.
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None
