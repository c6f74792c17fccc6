"""A posted article, page or URL made into the ArticleIn that ingest takes.

Text is taken as it is. A page (its HTML, or fetched from its URL) gives the text, and the
title, publication time and outlet where the post leaves them out: what the post says wins.
The URL the post gives is the one stored (a repost of it is a duplicate), not where its
redirects led.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from reconcile.errors import InvalidInput
from reconcile.models import ArticleIn, ArticlePost
from reconcile.web.fetch import HTML_TYPES, Fetcher
from reconcile.web.page import Page, extract_page

MAX_OUTLET = 200
MAX_TITLE = 1000


def to_article(post: ArticlePost, fetcher: Fetcher) -> ArticleIn:
    """The article a post describes, its page fetched when it gives only a URL."""
    given = post.model_dump(exclude_unset=True, exclude={"html"})
    if post.text is not None and post.html is not None:
        raise InvalidInput("give text or html, not both", errors=[
            {"field": "html", "message": "give text or html, not both"}])
    url = str(post.url) if post.url else None
    if post.html is not None:
        given = with_page(given, extract_page(post.html, url))
    elif post.text is None:
        if url is None:
            raise InvalidInput("give the article's text, its page's html, or its url",
                               errors=[{"field": "text", "message": "required without html or "
                                                                    "url"}])
        given = with_page(given, fetch_page(fetcher, url))
    return article_in(given)


def fetch_page(fetcher: Fetcher, url: str) -> Page:
    fetched = fetcher.get(url, HTML_TYPES)
    return extract_page(fetched.body, fetched.url, field="url")


def with_page(given: dict[str, Any], page: Page) -> dict[str, Any]:
    """`given` with the page's text, and its metadata where `given` has none."""
    out = {**given, "text": page.text}
    if not out.get("title") and page.title:
        out["title"] = page.title[:MAX_TITLE]
    if not out.get("published_at") and page.published_at:
        out["published_at"] = page.published_at
    if not out.get("outlet"):
        if not page.site_name:
            raise InvalidInput("the page names no site: give the outlet", errors=[
                {"field": "outlet", "message": "required: the page names no site"}])
        out["outlet"] = page.site_name[:MAX_OUTLET]
    return out


def article_in(fields: dict[str, Any]) -> ArticleIn:
    """ArticleIn from fields, its validation errors a 422 naming each field."""
    try:
        return ArticleIn.model_validate(fields)
    except ValidationError as exc:
        errors = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
                  for e in exc.errors()]
        raise InvalidInput("; ".join(f"{e['field']}: {e['message']}" for e in errors),
                           errors=errors) from exc
