"""The Stories page: stories newest activity first, each with its counts and the links that
open its conflicts, articles and clusters; and the story menu the other pages filter by.

Pure: store rows in, the screen out (read.stories reads them).
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil

from pydantic import BaseModel

from reconcile.dashboard import paths
from reconcile.dashboard.filters import PAGE_SIZE, StoryFilter
from reconcile.models import StoryOut
from reconcile.store.reviews import StoryChoice


class StoryRow(BaseModel):
    story: StoryOut
    """As GET /api/stories lists it (without its audit trail)."""
    conflicts_url: str
    """The queue filtered to the story."""
    open_url: str
    """The queue filtered to the story's open conflicts."""
    articles_url: str
    clusters_url: str
    """The story's clusters (GET /api/clusters?story=...)."""
    api_url: str


class StoriesScreen(BaseModel):
    filter: StoryFilter
    rows: list[StoryRow]
    total: int
    page: int
    pages: int
    prev_url: str | None
    next_url: str | None
    url: str
    json_url: str


def story_row(story: StoryOut) -> StoryRow:
    return StoryRow(
        story=story, conflicts_url=paths.queue(story=story.id),
        open_url=paths.queue(story=story.id, status="open"),
        articles_url=paths.articles(story=story.id), clusters_url=paths.api_clusters(story.id),
        api_url=paths.api_story(story.id),
    )


def stories_screen(f: StoryFilter, stories: Sequence[StoryOut], total: int) -> StoriesScreen:
    pages = max(ceil(total / PAGE_SIZE), 1)
    url = paths.STORIES + f.query(page=f.page)
    return StoriesScreen(
        filter=f, rows=[story_row(s) for s in stories], total=total, page=f.page, pages=pages,
        prev_url=paths.STORIES + f.query(page=f.page - 1) if f.page > 1 else None,
        next_url=paths.STORIES + f.query(page=f.page + 1) if f.page < pages else None,
        url=url, json_url=paths.as_json(url),
    )


def with_current(choices: Sequence[StoryChoice], current: str | None) -> list[StoryChoice]:
    """The story menu, holding the story a page is filtered by even when the menu's first
    stories leave it out (or it has no row of its own)."""
    out = list(choices)
    if current and all(c.id != current for c in out):
        out.insert(0, StoryChoice(id=current, title=None))
    return out
