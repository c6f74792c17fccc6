"""A page and its JSON twin read their parameters once (dashboard/twins.py): the same query
shows the same rows on both, and a value one refuses the other refuses with the same status
and the same fields named."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from litestar.testing import TestClient

from reconcile.dashboard import paths
from reconcile.dashboard.filters import MAX_PAGE, MAX_SEARCH
from reconcile.startup import Service
from tests.browser.harness import CRAFTED_STORY, EVIL_OUTLET, Crafted, craft_story
from tests.integration.test_dashboard_pages import rows_in_order, text_of

Client = TestClient  # type: ignore[type-arg]


@pytest.fixture
def crafted(service: Service) -> Crafted:
    return craft_story(service.db)


def twin(client: Client, url: str) -> Any:
    return client.get(paths.as_json(url))


@pytest.mark.parametrize("query", [
    "", "kind=numeric", "kind=attribution", "kind=", "status=open", "status=resolved",
    "status=+", "outlet=Beta+Post", f"outlet={EVIL_OUTLET}", "q=withdrawal", "q=100%25",
    f"story={CRAFTED_STORY}", "story=elsewhere", "page=1", "page=2",
    "kind=numeric&status=open&q=troops",
])
def test_the_queue_and_its_twin_show_the_same_rows_for_a_filter(
    client: Client, crafted: Crafted, query: str
) -> None:
    url = f"/?{query}" if query else "/"
    page = client.get(url)
    data = twin(client, url)
    assert page.status_code == data.status_code == 200, (page.text[:500], data.text[:500])
    assert rows_in_order(page.text) == [row["id"] for row in data.json()["rows"]]
    assert f'href="{html.escape(data.json()["json_url"])}"' in page.text


@pytest.mark.parametrize("query", ["", "q=troops", "q=nothing+like+it", "page=2"])
def test_the_stories_page_and_its_twin_show_the_same_rows(
    client: Client, crafted: Crafted, query: str
) -> None:
    url = "/stories" + (f"?{query}" if query else "")
    page = client.get(url)
    data = twin(client, url)
    assert page.status_code == data.status_code == 200
    ids = [row["story"]["id"] for row in data.json()["rows"]]
    shown = re.findall(r'<tr id="story-\d+">', page.text)
    assert len(shown) == len(ids)
    for story in ids:
        assert html.escape(story) in page.text


# A value Litestar's validation refuses (a bound, a type) is a 400 on a page and a 422 on the
# API, as api/problems.problem_of decides for every page and endpoint; the fields named are the
# same. A missing parameter names no field, so it is a 400 on both.
LITESTAR = (400, 422)


@pytest.mark.parametrize(("url", "statuses", "fields"), [
    ("/?kind=bogus", (422, 422), {"kind"}),
    ("/?status=maybe", (422, 422), {"status"}),
    (f"/?q={'x' * (MAX_SEARCH + 1)}", (422, 422), {"q"}),
    ("/?page=0", LITESTAR, {"page"}),
    (f"/?page={MAX_PAGE + 1}", LITESTAR, {"page"}),
    ("/?page=second", LITESTAR, {"page"}),
    ("/stories?page=0", LITESTAR, {"page"}),
    (f"/stories?q={'x' * (MAX_SEARCH + 1)}", (422, 422), {"q"}),
    ("/outlet", (400, 400), set()),
    ("/source", (400, 400), set()),
    ("/outlet?name=Nobody", (404, 404), set()),
    ("/conflicts/0", LITESTAR, {"conflict_id"}),
    ("/conflicts/4242", (404, 404), set()),
    ("/clusters/4242", (404, 404), set()),
    ("/articles/0", LITESTAR, {"article_id"}),
])
def test_a_page_and_its_twin_refuse_the_same_values_alike(
    client: Client, url: str, statuses: tuple[int, int], fields: set[str]
) -> None:
    page = client.get(url)
    data = twin(client, url)
    assert (page.status_code, data.status_code) == statuses
    assert page.headers["content-type"].startswith("text/html")
    assert data.headers["content-type"] == "application/problem+json"
    problem = data.json()
    assert {e["field"] for e in problem["errors"]} == fields
    shown = text_of(page.text)
    for error in problem["errors"]:
        assert error["field"] in shown and error["message"] in shown
    if statuses[0] == statuses[1]:
        assert problem["title"] in shown
