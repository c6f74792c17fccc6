"""Every dashboard URL in one place, so pages, their JSON twins and templates agree.

Each page P has a JSON twin at /api/review + P serving exactly the data the page renders.
Outlet names and source keys are free text (they may hold '/'), so they travel in the query
string, never in the path.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

JSON_PREFIX = "/api/review"
QUEUE = "/"
SIGN_IN = "/signin"
SIGN_OUT = "/signout"
BULK = "/review/bulk"
ARTICLES = "/articles"
OUTLETS = "/outlets"
SOURCES = "/sources"
STORIES = "/stories"


def as_json(page: str) -> str:
    """The JSON twin of a page URL ('/' is the queue: /api/review/queue)."""
    path, _, query = page.partition("?")
    path = "/queue" if path == QUEUE else path
    return f"{JSON_PREFIX}{path}" + (f"?{query}" if query else "")


def conflict(conflict_id: int) -> str:
    return f"/conflicts/{conflict_id}"


def review(conflict_id: int) -> str:
    return f"/conflicts/{conflict_id}/review"


def cluster(cluster_id: int) -> str:
    return f"/clusters/{cluster_id}"


def article(article_id: int) -> str:
    return f"/articles/{article_id}"


def claim_in_article(article_id: int, claim_id: int) -> str:
    return f"/articles/{article_id}#claim-{claim_id}"


def articles(**filters: str) -> str:
    pairs = [(k, v) for k, v in filters.items() if v]
    return ARTICLES + ("?" + urlencode(pairs) if pairs else "")


def outlet(name: str) -> str:
    return "/outlet?" + urlencode({"name": name})


def source(key: str) -> str:
    return "/source?" + urlencode({"key": key})


def queue(**filters: str) -> str:
    pairs = [(k, v) for k, v in filters.items() if v]
    return QUEUE + ("?" + urlencode(pairs) if pairs else "")


def api_clusters(story: str) -> str:
    return "/api/clusters?" + urlencode({"story": story})


def api_story(story: str) -> str:
    return "/api/stories/" + quote(story, safe="")


def api_conflict(conflict_id: int) -> str:
    return f"/api/conflicts/{conflict_id}"


def api_cluster(cluster_id: int) -> str:
    return f"/api/clusters/{cluster_id}"


def api_article(article_id: int) -> str:
    return f"/api/articles/{article_id}"


def safe_next(target: str | None, default: str = QUEUE) -> str:
    """A local path to return to after sign-in or an action; anything else goes to `default`.

    Refuses absolute URLs, scheme-relative '//host' and backslash tricks ('/\\\\host') that
    browsers read as another origin.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    return target
